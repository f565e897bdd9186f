/* sim/media/capture.c: pcap files with nanosecond timestamps (see capture.h).
 * Written in the host's byte order, as libpcap does; readers detect it
 * from the magic number. */
#include "capture.h"

#include <errno.h>
#include <stdio.h>

#define PCAP_MAGIC_NS 0xa1b23c4du

struct capture {
  FILE *f;                    /* the open file */
  char *path;                 /* for error messages */
  uint64_t frames;            /* records written */
  int err;                    /* first errno seen while writing, or 0 */
};

struct file_header {
  uint32_t magic;             /* PCAP_MAGIC_NS */
  uint16_t major, minor;      /* 2.4 */
  int32_t thiszone;           /* 0: times are UTC (here: run start) */
  uint32_t sigfigs;           /* 0 */
  uint32_t snaplen;           /* CAPTURE_SNAPLEN */
  uint32_t linktype;          /* CAPTURE_LINKTYPE_* */
};

struct record_header {
  uint32_t sec;               /* seconds since run start */
  uint32_t nsec;              /* nanoseconds */
  uint32_t caplen;            /* bytes stored */
  uint32_t len;               /* bytes on the wire */
};

static void put(struct capture *c, const void *p, size_t n)
{
  if (n && fwrite(p, 1, n, c->f) != n && !c->err)
    c->err = errno ? errno : EIO;
}

struct capture *capture_open(const char *path, uint32_t linktype, GError **err)
{
  FILE *f = fopen(path, "wb");
  if (!f) {
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
                "cannot write capture %s: %s", path, g_strerror(errno));
    return NULL;
  }
  setvbuf(f, NULL, _IOFBF, 1 << 16);
  struct capture *c = g_new0(struct capture, 1);
  c->f = f;
  c->path = g_strdup(path);
  struct file_header h = { PCAP_MAGIC_NS, 2, 4, 0, 0, CAPTURE_SNAPLEN,
                           linktype };
  put(c, &h, sizeof h);
  return c;
}

void capture_write(struct capture *c, sim_time_t t, const uint8_t *bytes,
                   uint32_t len)
{
  g_return_if_fail(t >= 0);
  uint32_t caplen = len < CAPTURE_SNAPLEN ? len : CAPTURE_SNAPLEN;
  struct record_header r = {
    (uint32_t)(t / 1000000000), (uint32_t)(t % 1000000000), caplen, len,
  };
  put(c, &r, sizeof r);
  put(c, bytes, caplen);
  c->frames++;
}

uint64_t capture_frames(const struct capture *c)
{
  return c->frames;
}

bool capture_close(struct capture *c, GError **err)
{
  if (!c)
    return true;
  int e = c->err;
  if (fclose(c->f) != 0 && !e)
    e = errno ? errno : EIO;
  if (e)
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e),
                "error writing capture %s: %s", c->path, g_strerror(e));
  g_free(c->path);
  g_free(c);
  return e == 0;
}
