/* sim/analysis/view_pack.c: the run's data as the page carries it
 * (view.h): the JSON header and the binary columns of view_json.c as
 *   header length (4 bytes, little-endian) | header | zeros to a multiple
 *   of 4 | columns
 * deflated (raw deflate, RFC 1951, by GLib's GZlibCompressor) and in
 * base64, which the page inflates with the browser's own
 * DecompressionStream. A 100,000-frame run's page is then a fifth of the
 * size of its rows as JSON, and the browser's HTML parser, which reads
 * every byte of it, is done that much sooner. */
#include "view.h"

#include <gio/gio.h>
#include <string.h>

/* bytes deflated, or NULL and *err. */
static GByteArray *deflate_bytes(const guint8 *in, gsize len, GError **err)
{
  GConverter *z = G_CONVERTER(g_zlib_compressor_new(
    G_ZLIB_COMPRESSOR_FORMAT_RAW, 6));
  GByteArray *out = g_byte_array_new();
  gsize done = 0;
  GConverterResult r;
  do {
    guint8 buf[65536];
    gsize nin = 0, nout = 0;
    r = g_converter_convert(z, in + done, len - done, buf, sizeof buf,
                            G_CONVERTER_INPUT_AT_END, &nin, &nout, err);
    if (r == G_CONVERTER_ERROR) {
      g_byte_array_free(out, TRUE);
      out = NULL;
      break;
    }
    done += nin;
    g_byte_array_append(out, buf, (guint)nout);
  } while (r != G_CONVERTER_FINISHED);
  g_object_unref(z);
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
