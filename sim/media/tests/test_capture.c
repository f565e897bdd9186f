/* sim/media/tests/test_capture.c: the pcap writer (sim/media/capture.h).
 * Writes hand-built frames (Ethernet DIX with the local experimental
 * ethertype 0x88b5; PPP with an LCP Echo-Request, RFC 1661 section 5.8),
 * parses the files back here (header, then each record's times, lengths
 * and bytes), and, when $TSHARK names tshark, has tshark dissect them:
 * exact nanosecond times, the expected protocols, nothing malformed and no
 * expert errors. A deliberately broken PPP file proves that check fires.
 * With $PCAP_CHECK also runs scripts/pcap-check on the same files. */
#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "capture.h"

struct rec {
  sim_time_t t;               /* when the frame was seen */
  uint8_t bytes[128];         /* the frame */
  uint32_t len;               /* its length */
};

static char *tmpdir;          /* this run's scratch directory */

static void eth_frame(struct rec *r, sim_time_t t, uint8_t seq)
{
  static const uint8_t hdr[14] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff,     /* broadcast */
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,     /* locally administered */
    0x88, 0xb5,                             /* local experimental 1 */
  };
  r->t = t;
  memcpy(r->bytes, hdr, sizeof hdr);
  for (int i = 0; i < 46; i++)              /* minimum payload */
    r->bytes[14 + i] = (uint8_t)(seq + i);
  r->len = 60;
}

/* ff 03 c0 21, then LCP code 9 (Echo-Request), id, length, magic, data. */
static void lcp_echo(struct rec *r, sim_time_t t, uint8_t id)
{
  static const uint8_t frame[] = {
    0xff, 0x03, 0xc0, 0x21,
    0x09, 0x00, 0x00, 0x0c,                 /* code, id, length 12 */
    0x12, 0x34, 0x56, 0x78,                 /* magic number */
    'p', 'i', 'n', 'g',                     /* data */
  };
  r->t = t;
  memcpy(r->bytes, frame, sizeof frame);
  r->bytes[5] = id;
  r->len = sizeof frame;
}

static void raw_frame(struct rec *r, sim_time_t t, const void *b, uint32_t n)
{
  r->t = t;
  memcpy(r->bytes, b, n);
  r->len = n;
}

static char *write_file(const char *name, uint32_t linktype,
                        const struct rec *recs, size_t n)
{
  GError *err = NULL;
  char *path = g_build_filename(tmpdir, name, NULL);
  struct capture *c = capture_open(path, linktype, &err);
  g_assert_no_error(err);
  for (size_t i = 0; i < n; i++)
    capture_write(c, recs[i].t, recs[i].bytes, recs[i].len);
  g_assert_cmpuint(capture_frames(c), ==, n);
  g_assert_true(capture_close(c, &err));
  g_assert_no_error(err);
  return path;
}

static uint32_t u32_at(const uint8_t *p)
{
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

static uint16_t u16_at(const uint8_t *p)
{
  uint16_t v;
  memcpy(&v, p, 2);
  return v;
}

/* Parses path and checks it holds exactly recs[0..n), each stored whole. */
static void check_file(const char *path, uint32_t linktype,
                       const struct rec *recs, size_t n)
{
  char *text;
  gsize size;
  g_assert_true(g_file_get_contents(path, &text, &size, NULL));
  const uint8_t *p = (const uint8_t *)text, *end = p + size;
  g_assert_cmpuint(size, >=, 24);
  g_assert_cmphex(u32_at(p), ==, 0xa1b23c4d);     /* ns resolution */
  g_assert_cmpuint(u16_at(p + 4), ==, 2);
  g_assert_cmpuint(u16_at(p + 6), ==, 4);
  g_assert_cmpuint(u32_at(p + 8), ==, 0);          /* thiszone */
  g_assert_cmpuint(u32_at(p + 12), ==, 0);         /* sigfigs */
  g_assert_cmpuint(u32_at(p + 16), ==, 65535);
  g_assert_cmpuint(u32_at(p + 20), ==, linktype);
  p += 24;
  for (size_t i = 0; i < n; i++) {
    g_assert_cmpuint(end - p, >=, 16 + recs[i].len);
    g_assert_cmpuint(u32_at(p), ==, recs[i].t / 1000000000);
    g_assert_cmpuint(u32_at(p + 4), ==, recs[i].t % 1000000000);
    g_assert_cmpuint(u32_at(p + 8), ==, recs[i].len);
    g_assert_cmpuint(u32_at(p + 12), ==, recs[i].len);
    g_assert_cmpmem(p + 16, recs[i].len, recs[i].bytes, recs[i].len);
    p += 16 + recs[i].len;
  }
  g_assert_true(p == end);
  g_free(text);
}

static void eth_recs(struct rec r[3])
{
  eth_frame(&r[0], 51200, 0);
  eth_frame(&r[1], 1500000001, 1);
  eth_frame(&r[2], 75000000000, 2);
}

static void ppp_recs(struct rec r[2])
{
  lcp_echo(&r[0], 1000, 1);
  lcp_echo(&r[1], 3999999999, 2);
}

static void test_ethernet_records(void)
{
  struct rec r[3];
  eth_recs(r);
  char *path = write_file("eth.pcap", CAPTURE_LINKTYPE_ETHERNET, r, 3);
  check_file(path, CAPTURE_LINKTYPE_ETHERNET, r, 3);
  g_free(path);
}

static void test_ppp_records(void)
{
  struct rec r[2];
  ppp_recs(r);
  char *path = write_file("ppp.pcap", CAPTURE_LINKTYPE_PPP, r, 2);
  check_file(path, CAPTURE_LINKTYPE_PPP, r, 2);
  g_free(path);
}

/* A frame longer than the snap length keeps its wire length in `len`. */
static void test_snaplen(void)
{
  uint32_t len = CAPTURE_SNAPLEN + 1000;
  uint8_t *big = g_malloc0(len);
  char *path = g_build_filename(tmpdir, "big.pcap", NULL);
  struct capture *c = capture_open(path, CAPTURE_LINKTYPE_ETHERNET, NULL);
  capture_write(c, 7, big, len);
  g_assert_true(capture_close(c, NULL));
  char *text;
  gsize size;
  g_assert_true(g_file_get_contents(path, &text, &size, NULL));
  g_assert_cmpuint(size, ==, 24 + 16 + CAPTURE_SNAPLEN);
  g_assert_cmpuint(u32_at((uint8_t *)text + 24 + 4), ==, 7);
  g_assert_cmpuint(u32_at((uint8_t *)text + 24 + 8), ==, CAPTURE_SNAPLEN);
  g_assert_cmpuint(u32_at((uint8_t *)text + 24 + 12), ==, len);
  g_free(text);
  g_free(path);
  g_free(big);
}

static void test_open_error(void)
{
  GError *err = NULL;
  g_assert_null(capture_open("/nonexistent-ipcsim/x.pcap", 1, &err));
  g_assert_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull(strstr(err->message, "/nonexistent-ipcsim/x.pcap"));
  g_error_free(err);
  g_assert_true(capture_close(NULL, NULL));
}

static void test_write_error(void)
{
  if (!g_file_test("/dev/full", G_FILE_TEST_EXISTS)) {
    g_test_skip("no /dev/full");
    return;
  }
  static const int counts[] = { 1, 2000 };   /* 2000 frames > the buffer */
  for (size_t k = 0; k < G_N_ELEMENTS(counts); k++) {
    GError *err = NULL;
    struct capture *c = capture_open("/dev/full", CAPTURE_LINKTYPE_ETHERNET,
                                     &err);
    g_assert_no_error(err);
    struct rec r;
    eth_frame(&r, 0, 0);
    for (int i = 0; i < counts[k]; i++)
      capture_write(c, i, r.bytes, r.len);
    g_assert_false(capture_close(c, &err));
    g_assert_error(err, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
    g_error_free(err);
  }
}

/* $TSHARK if it names an executable, else NULL (and the test skips). */
static const char *tshark(void)
{
  const char *t = g_getenv("TSHARK");
  if (!t || !*t || !g_file_test(t, G_FILE_TEST_IS_EXECUTABLE)) {
    g_test_skip("TSHARK not set");
    return NULL;
  }
  return t;
}

/* tshark's view of path, one tab-separated line per frame: time, frame
 * and capture lengths, protocols, malformed mark, expert severities.
 * Checksum checks on so a bad checksum is an expert error too. */
static char **dissect(const char *tshark_path, const char *path)
{
  const char *argv[] = {
    tshark_path, "-n", "-r", path,
    "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
    "-o", "tcp.check_checksum:TRUE",
    "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
    "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.cap_len",
    "-e", "frame.protocols", "-e", "_ws.malformed",
    "-e", "_ws.expert.severity", NULL,
  };
  char *out = NULL;
  int status;
  GError *err = NULL;
  /* tshark warns on stderr when run as root: ignored. */
  g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL,
                             G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                             NULL, &status, &err));
  g_assert_no_error(err);
  g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  size_t len = strlen(out);                /* keep trailing empty fields */
  if (len && out[len - 1] == '\n')
    out[len - 1] = '\0';
  char **lines = g_strsplit(out, "\n", -1);
  g_free(out);
  return lines;
}

/* True if tshark flags the line's frame: malformed or an expert Error
 * (severity 0x00800000; bad checksums, bogus headers, exceptions). */
static gboolean flagged(char **cols)
{
  return cols[4][0] != '\0' || strstr(cols[5], "8388608") != NULL;
}

/* tshark sees exactly recs: times to the ns, lengths, protocols, no
 * malformed frame and no expert item at all. */
static void check_with_tshark(const char *path, const struct rec *recs,
                              size_t n, const char *protocols)
{
  const char *ts = tshark();
  if (!ts)
    return;
  char **lines = dissect(ts, path);
  g_assert_cmpuint(g_strv_length(lines), ==, n);
  for (size_t i = 0; i < n; i++) {
    char **cols = g_strsplit(lines[i], "\t", -1);
    g_assert_cmpuint(g_strv_length(cols), ==, 6);
    char *when = g_strdup_printf("%d.%09d", (int)(recs[i].t / 1000000000),
                                 (int)(recs[i].t % 1000000000));
    g_assert_cmpstr(cols[0], ==, when);
    g_assert_cmpuint(g_ascii_strtoull(cols[1], NULL, 10), ==, recs[i].len);
    g_assert_cmpuint(g_ascii_strtoull(cols[2], NULL, 10), ==, recs[i].len);
    g_assert_cmpstr(cols[3], ==, protocols);
    g_assert_false(flagged(cols));
    g_assert_cmpstr(cols[5], ==, "");
    g_free(when);
    g_strfreev(cols);
  }
  g_strfreev(lines);
}

static void test_tshark_ethernet(void)
{
  struct rec r[3];
  eth_recs(r);
  char *path = write_file("eth-tshark.pcap", CAPTURE_LINKTYPE_ETHERNET, r, 3);
  check_with_tshark(path, r, 3, "eth:ethertype:data");
  g_free(path);
}

static void test_tshark_ppp(void)
{
  struct rec r[2];
  ppp_recs(r);
  char *path = write_file("ppp-tshark.pcap", CAPTURE_LINKTYPE_PPP, r, 2);
  check_with_tshark(path, r, 2, "ppp:lcp");
  g_free(path);
}

/* Frames 2..4 are broken: IPv4 (0x0021) with garbage, an IPv4 header with
 * a bad checksum, and an LCP packet cut short. */
static void bad_ppp_recs(struct rec r[4])
{
  static const uint8_t garbage[] = {
    0xff, 0x03, 0x00, 0x21, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01 };
  static const uint8_t badsum[] = {
    0xff, 0x03, 0x00, 0x21,
    0x45, 0x00, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x40, 0xfd,
    0x12, 0x34,                             /* wrong header checksum */
    10, 0, 0, 1, 10, 0, 0, 2 };
  static const uint8_t cut[] = { 0xff, 0x03, 0xc0, 0x21, 0x09, 0x01, 0x00 };
  lcp_echo(&r[0], 1000, 1);
  raw_frame(&r[1], 2000, garbage, sizeof garbage);
  raw_frame(&r[2], 3000, badsum, sizeof badsum);
  raw_frame(&r[3], 4000, cut, sizeof cut);
}

/* The check above would catch a broken frame: all three are flagged. */
static void test_tshark_detects_malformed(void)
{
  const char *ts = tshark();
  if (!ts)
    return;
  struct rec r[4];
  bad_ppp_recs(r);
  char *path = write_file("bad.pcap", CAPTURE_LINKTYPE_PPP, r, 4);
  char **lines = dissect(ts, path);
  g_assert_cmpuint(g_strv_length(lines), ==, 4);
  for (int i = 0; i < 4; i++) {
    char **cols = g_strsplit(lines[i], "\t", -1);
    g_assert_cmpuint(g_strv_length(cols), ==, 6);
    g_assert_cmpint(flagged(cols), ==, i > 0);
    g_strfreev(cols);
  }
  g_strfreev(lines);
  g_free(path);
}

/* Runs $PCAP_CHECK on path; returns its exit status, stores its stdout. */
static int pcap_check(const char *script, const char *path, char **out)
{
  const char *argv[] = { script, path, NULL };
  int status;
  GError *err = NULL;
  g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL,
                             G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, out,
                             NULL, &status, &err));
  g_assert_no_error(err);
  g_assert_true(WIFEXITED(status));
  return WEXITSTATUS(status);
}

/* scripts/pcap-check passes the good files and names each bad frame. */
static void test_pcap_check_script(void)
{
  const char *script = g_getenv("PCAP_CHECK");
  if (!tshark())
    return;
  if (!script) {
    g_test_skip("PCAP_CHECK not set");
    return;
  }
  struct rec e[3], p[2], b[4];
  eth_recs(e);
  ppp_recs(p);
  bad_ppp_recs(b);
  char *good1 = write_file("eth-check.pcap", CAPTURE_LINKTYPE_ETHERNET, e, 3);
  char *good2 = write_file("ppp-check.pcap", CAPTURE_LINKTYPE_PPP, p, 2);
  char *bad = write_file("bad-check.pcap", CAPTURE_LINKTYPE_PPP, b, 4);
  char *out;
  g_assert_cmpint(pcap_check(script, good1, &out), ==, 0);
  g_assert_cmpstr(out, ==, "");
  g_free(out);
  g_assert_cmpint(pcap_check(script, good2, &out), ==, 0);
  g_free(out);
  g_assert_cmpint(pcap_check(script, bad, &out), ==, 1);
  for (int i = 2; i <= 4; i++) {
    char *want = g_strdup_printf("%s: frame %d: ", bad, i);
    g_assert_nonnull(strstr(out, want));
    g_free(want);
  }
  g_assert_null(strstr(out, "frame 1:"));
  g_free(out);
  g_free(good1);
  g_free(good2);
  g_free(bad);
}

/* Removes the scratch directory and what the tests left in it. */
static void remove_tmpdir(void)
{
  GDir *d = g_dir_open(tmpdir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    char *path = g_build_filename(tmpdir, name, NULL);
    g_unlink(path);
    g_free(path);
  }
  if (d)
    g_dir_close(d);
  g_rmdir(tmpdir);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp("ipcsim-capture-XXXXXX", NULL);
  g_assert_nonnull(tmpdir);
  g_test_add_func("/capture/ethernet/records", test_ethernet_records);
  g_test_add_func("/capture/ppp/records", test_ppp_records);
  g_test_add_func("/capture/snaplen", test_snaplen);
  g_test_add_func("/capture/open-error", test_open_error);
  g_test_add_func("/capture/write-error", test_write_error);
  g_test_add_func("/capture/tshark/ethernet", test_tshark_ethernet);
  g_test_add_func("/capture/tshark/ppp", test_tshark_ppp);
  g_test_add_func("/capture/tshark/detects-malformed",
                  test_tshark_detects_malformed);
  g_test_add_func("/capture/tshark/pcap-check", test_pcap_check_script);
  int rc = g_test_run();
  remove_tmpdir();
  g_free(tmpdir);
  return rc;
}
