/* sim/analysis/view_pack.c: the run's data as the page carries it
 * (view.h): the JSON header and the binary columns of view_json.c as
 *   header length (4 bytes, little-endian) | header | zeros to a multiple
 *   of 4 | columns
 * deflated (raw deflate, RFC 1951, by zlib) and in
 * base64, which the page inflates with the browser's own
 * DecompressionStream. A 100,000-frame run's page is then a fifth of the
 * size of its rows as JSON, and the browser's HTML parser, which reads
 * every byte of it, is done that much sooner. */
#include "view.h"

#include <limits.h>
#include <string.h>
#include <zlib.h>

/* bytes deflated, or NULL and *err. zlib itself, with the parameters
 * GLib's GZlibCompressor used for its raw format (level 6, window 2^15,
 * memLevel 8, default strategy) and Z_FINISH, so the bytes are the same;
 * GIO and the libraries it pulls in are then not loaded at start-up. */
static GByteArray *deflate_bytes(const guint8 *in, gsize len, GError **err)
{
  z_stream z = { 0 };
  if (deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    g_set_error(err, VIEW_ERROR, VIEW_ERROR_DEFLATE, "deflate: %s",
                z.msg ? z.msg : "cannot start");
    return NULL;
  }
  GByteArray *out = g_byte_array_new();
  z.next_in = (Bytef *)in;
  int r;
  do {
    guint8 buf[65536];
    gsize chunk = MIN(len - (gsize)((const guint8 *)z.next_in - in),
                      (gsize)UINT_MAX);
    z.avail_in = (uInt)chunk;
    z.next_out = buf;
    z.avail_out = sizeof buf;
    r = deflate(&z, Z_FINISH);
    if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR) {
      g_set_error(err, VIEW_ERROR, VIEW_ERROR_DEFLATE, "deflate: %s",
                  z.msg ? z.msg : "failed");
      g_byte_array_free(out, TRUE);
      out = NULL;
      break;
    }
    g_byte_array_append(out, buf, (guint)(sizeof buf - z.avail_out));
  } while (r != Z_STREAM_END);
  deflateEnd(&z);
  return out;
}

GString *view_data(const char *dir, GError **err)
{
  GByteArray *blob = g_byte_array_new();
  GString *head = view_json(dir, blob, err);
  if (!head) {
    g_byte_array_free(blob, TRUE);
    return NULL;
  }
  static const guint8 zero[4];
  guint32 n = (guint32)head->len;
  guint8 len[4] = { n & 0xff, n >> 8 & 0xff, n >> 16 & 0xff, n >> 24 };
  GByteArray *all = g_byte_array_sized_new(4 + n + 4 + blob->len);
  g_byte_array_append(all, len, 4);
  g_byte_array_append(all, (const guint8 *)head->str, n);
  g_byte_array_append(all, zero, (4 - all->len % 4) % 4);
  g_byte_array_append(all, blob->data, blob->len);
  g_string_free(head, TRUE);
  g_byte_array_free(blob, TRUE);
  GByteArray *z = deflate_bytes(all->data, all->len, err);
  g_byte_array_free(all, TRUE);
  if (!z)
    return NULL;
  char *b64 = g_base64_encode(z->data, z->len);
  g_byte_array_free(z, TRUE);
  GString *o = g_string_new(b64);
  g_free(b64);
  return o;
}
