/* protocols/tests/test_arp.c: the ARP wire format (protocols/arp.h,
 * RFC 826). The exact bytes of one request and one reply written out by
 * hand from RFC 826's packet format; emit->parse round trips, with and
 * without Ethernet padding; each parse error (short, hrd, pro, hln, pln,
 * op) and their order; arp_request()/arp_reply(). Then a pcap of a
 * broadcast request and its reply: with $TSHARK and $PCAP_CHECK set,
 * scripts/pcap-check must pass it and tshark must decode the opcodes and
 * addresses we wrote. */
#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "arp.h"
#include "capture.h"

#define A(a, b, c, d) ((in_addr32)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static const uint8_t monet_mac[ETHER_ADDR_LEN] = {
  0x08, 0x00, 0x20, 0x01, 0x02, 0x03 };
static const uint8_t degas_mac[ETHER_ADDR_LEN] = {
  0x08, 0x00, 0x20, 0x0a, 0x0b, 0x0c };
static const in_addr32 monet_ip = A(128, 32, 1, 1);
static const in_addr32 degas_ip = A(128, 32, 1, 2);

/* monet asks who has 128.32.1.2; RFC 826 field by field. */
static const uint8_t request_bytes[ARP_PKT_LEN] = {
  0x00, 0x01,                               /* ar$hrd: Ethernet */
  0x08, 0x00,                               /* ar$pro: IP */
  0x06,                                     /* ar$hln */
  0x04,                                     /* ar$pln */
  0x00, 0x01,                               /* ar$op: REQUEST */
  0x08, 0x00, 0x20, 0x01, 0x02, 0x03,       /* ar$sha: monet */
  0x80, 0x20, 0x01, 0x01,                   /* ar$spa: 128.32.1.1 */
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00,       /* ar$tha: unknown */
  0x80, 0x20, 0x01, 0x02,                   /* ar$tpa: 128.32.1.2 */
};

/* degas answers: 128.32.1.2 is at 08:00:20:0a:0b:0c. */
static const uint8_t reply_bytes[ARP_PKT_LEN] = {
  0x00, 0x01, 0x08, 0x00, 0x06, 0x04,
  0x00, 0x02,                               /* ar$op: REPLY */
  0x08, 0x00, 0x20, 0x0a, 0x0b, 0x0c,       /* ar$sha: degas */
  0x80, 0x20, 0x01, 0x02,                   /* ar$spa: 128.32.1.2 */
  0x08, 0x00, 0x20, 0x01, 0x02, 0x03,       /* ar$tha: monet */
  0x80, 0x20, 0x01, 0x01,                   /* ar$tpa: 128.32.1.1 */
};

static void make_request(struct arp_pkt *a)
{
  arp_request(a, monet_mac, monet_ip, degas_ip);
}

static void make_reply(struct arp_pkt *a)
{
  struct arp_pkt req;
  make_request(&req);
  arp_reply(a, &req, degas_mac);
}

static void assert_pkt_eq(const struct arp_pkt *x, const struct arp_pkt *y)
{
  g_assert_cmpuint(x->op, ==, y->op);
  g_assert_cmpmem(x->sha, ETHER_ADDR_LEN, y->sha, ETHER_ADDR_LEN);
  g_assert_cmphex(x->spa, ==, y->spa);
  g_assert_cmpmem(x->tha, ETHER_ADDR_LEN, y->tha, ETHER_ADDR_LEN);
  g_assert_cmphex(x->tpa, ==, y->tpa);
}

static void test_request_bytes(void)
{
  struct arp_pkt a;
  uint8_t buf[ARP_PKT_LEN + 1];
  buf[ARP_PKT_LEN] = 0x5a;
  make_request(&a);
  g_assert_cmpuint(arp_emit(&a, buf), ==, ARP_PKT_LEN);
  g_assert_cmpmem(buf, ARP_PKT_LEN, request_bytes, ARP_PKT_LEN);
  g_assert_cmphex(buf[ARP_PKT_LEN], ==, 0x5a);      /* nothing beyond */
}

static void test_reply_bytes(void)
{
  struct arp_pkt a;
  uint8_t buf[ARP_PKT_LEN];
  make_reply(&a);
  g_assert_cmpuint(a.op, ==, ARP_OP_REPLY);
  g_assert_cmphex(a.spa, ==, degas_ip);
  g_assert_cmphex(a.tpa, ==, monet_ip);
  g_assert_cmpuint(arp_emit(&a, buf), ==, ARP_PKT_LEN);
  g_assert_cmpmem(buf, ARP_PKT_LEN, reply_bytes, ARP_PKT_LEN);
}

/* Emits, parses back (bare and inside a padded 46-byte payload). */
static void test_round_trip(void)
{
  struct arp_pkt pkts[4];
  make_request(&pkts[0]);
  make_reply(&pkts[1]);
  arp_request(&pkts[2], degas_mac, A(10, 0, 0, 1), A(10, 255, 255, 254));
  arp_request(&pkts[3], monet_mac, monet_ip, monet_ip);   /* gratuitous */
  for (size_t i = 0; i < G_N_ELEMENTS(pkts); i++) {
    uint8_t payload[46];
    memset(payload, 0, sizeof payload);
    arp_emit(&pkts[i], payload);
    static const size_t lens[] = { ARP_PKT_LEN, sizeof payload };
    for (size_t k = 0; k < G_N_ELEMENTS(lens); k++) {
      struct arp_pkt back;
      memset(&back, 0xaa, sizeof back);
      g_assert_cmpint(arp_parse(payload, lens[k], &back), ==, ARP_PKT_LEN);
      assert_pkt_eq(&back, &pkts[i]);
    }
  }
}

static void test_parse_short(void)
{
  for (size_t len = 0; len < ARP_PKT_LEN; len++) {
    struct arp_pkt back = { .op = 77 };
    g_assert_cmpint(arp_parse(request_bytes, len, &back), ==, ARP_ERR_SHORT);
    g_assert_cmpuint(back.op, ==, 77);          /* untouched */
  }
  struct arp_pkt back;
  g_assert_cmpint(arp_parse(NULL, 0, &back), ==, ARP_ERR_SHORT);
}

/* One byte changed in the request, and the error it must give. */
struct corruption {
  size_t off;                 /* byte to change */
  uint8_t value;              /* its new value */
  int want;                   /* ARP_ERR_* */
};

static void test_parse_fields(void)
{
  static const struct corruption t[] = {
    { 1, 0x06, ARP_ERR_HRD },   /* IEEE 802 networks */
    { 0, 0x01, ARP_ERR_HRD },   /* 0x0101 */
    { 2, 0x86, ARP_ERR_PRO },   /* 0x8600 */
    { 3, 0x06, ARP_ERR_PRO },   /* 0x0806: ARP is no protocol to resolve */
    { 4, 0x08, ARP_ERR_HLN },
    { 4, 0x00, ARP_ERR_HLN },
    { 5, 0x10, ARP_ERR_PLN },   /* IPv6-sized */
    { 5, 0x00, ARP_ERR_PLN },
    { 7, 0x00, ARP_ERR_OP },
    { 7, 0x03, ARP_ERR_OP },    /* RARP request (RFC 903) */
    { 7, 0x08, ARP_ERR_OP },    /* InARP request (RFC 2390) */
    { 6, 0x01, ARP_ERR_OP },    /* 0x0101 */
  };
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
    uint8_t buf[ARP_PKT_LEN];
    memcpy(buf, request_bytes, sizeof buf);
    buf[t[i].off] = t[i].value;
    struct arp_pkt back = { .op = 77 };
    g_assert_cmpint(arp_parse(buf, sizeof buf, &back), ==, t[i].want);
    g_assert_cmpuint(back.op, ==, 77);
  }
}

/* Wrong in several ways: the first field in packet order is reported. */
static void test_parse_order(void)
{
  uint8_t buf[ARP_PKT_LEN];
  memcpy(buf, request_bytes, sizeof buf);
  struct arp_pkt back;
  buf[7] = 9;
  g_assert_cmpint(arp_parse(buf, sizeof buf, &back), ==, ARP_ERR_OP);
  buf[5] = 16;
  g_assert_cmpint(arp_parse(buf, sizeof buf, &back), ==, ARP_ERR_PLN);
  buf[4] = 8;
  g_assert_cmpint(arp_parse(buf, sizeof buf, &back), ==, ARP_ERR_HLN);
  buf[2] = 0x86;
  g_assert_cmpint(arp_parse(buf, sizeof buf, &back), ==, ARP_ERR_PRO);
  buf[1] = 6;
  g_assert_cmpint(arp_parse(buf, sizeof buf, &back), ==, ARP_ERR_HRD);
  g_assert_cmpint(arp_parse(buf, sizeof buf - 1, &back), ==, ARP_ERR_SHORT);
}

static void test_strerror(void)
{
  static const int errs[] = { ARP_ERR_SHORT, ARP_ERR_HRD, ARP_ERR_PRO,
                              ARP_ERR_HLN, ARP_ERR_PLN, ARP_ERR_OP };
  for (size_t i = 0; i < G_N_ELEMENTS(errs); i++) {
    g_assert_cmpint(errs[i], ==, -(int)(i + 1));  /* distinct, negative */
    g_assert_cmpstr(arp_strerror(errs[i]), !=, "ok");
    for (size_t j = 0; j < i; j++)
      g_assert_cmpstr(arp_strerror(errs[i]), !=, arp_strerror(errs[j]));
  }
  g_assert_cmpstr(arp_strerror(ARP_ERR_OP), ==, "bad opcode");
  g_assert_cmpstr(arp_strerror(ARP_PKT_LEN), ==, "ok");
}

static void test_request_reply_fields(void)
{
  struct arp_pkt req, rep;
  memset(&req, 0xaa, sizeof req);
  make_request(&req);
  static const uint8_t zero[ETHER_ADDR_LEN] = { 0 };
  g_assert_cmpuint(req.op, ==, ARP_OP_REQUEST);
  g_assert_cmpmem(req.sha, ETHER_ADDR_LEN, monet_mac, ETHER_ADDR_LEN);
  g_assert_cmpmem(req.tha, ETHER_ADDR_LEN, zero, ETHER_ADDR_LEN);
  g_assert_cmphex(req.spa, ==, monet_ip);
  g_assert_cmphex(req.tpa, ==, degas_ip);
  memset(&rep, 0xaa, sizeof rep);
  arp_reply(&rep, &req, degas_mac);
  g_assert_cmpuint(rep.op, ==, ARP_OP_REPLY);
  g_assert_cmpmem(rep.sha, ETHER_ADDR_LEN, degas_mac, ETHER_ADDR_LEN);
  g_assert_cmpmem(rep.tha, ETHER_ADDR_LEN, monet_mac, ETHER_ADDR_LEN);
  g_assert_cmphex(rep.spa, ==, degas_ip);
  g_assert_cmphex(rep.tpa, ==, monet_ip);
}

/* A 60-byte frame (minimum, no FCS) from src to dst carrying a. */
static void arp_frame(uint8_t frame[60], const uint8_t *dst,
                      const uint8_t *src, const struct arp_pkt *a)
{
  struct ether_hdr h = { .type = ETHER_TYPE_ARP };
  memcpy(h.dst, dst, ETHER_ADDR_LEN);
  memcpy(h.src, src, ETHER_ADDR_LEN);
  memset(frame, 0, 60);
  arp_emit(a, frame + ether_emit(&h, frame));
}

/* Writes the request (broadcast) and the reply (to monet) into path. */
static void write_pcap(const char *path)
{
  struct arp_pkt req, rep;
  uint8_t f1[60], f2[60];
  make_request(&req);
  make_reply(&rep);
  arp_frame(f1, ether_broadcast_addr, monet_mac, &req);
  arp_frame(f2, monet_mac, degas_mac, &rep);
  GError *err = NULL;
  struct capture *c = capture_open(path, CAPTURE_LINKTYPE_ETHERNET, &err);
  g_assert_no_error(err);
  capture_write(c, 1000, f1, sizeof f1);
  capture_write(c, 58600, f2, sizeof f2); /* after 57.6 us on the wire */
  g_assert_true(capture_close(c, &err));
  g_assert_no_error(err);
}

/* Runs argv; returns its exit status and its stdout in *out. */
static int run(const char **argv, char **out)
{
  int status;
  GError *err = NULL;
  g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL,
                             G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, out,
                             NULL, &status, &err));
  g_assert_no_error(err);
  g_assert_true(WIFEXITED(status));
  return WEXITSTATUS(status);
}

/* tshark decodes exactly what we wrote. */
static void check_decoded(const char *tshark, const char *path)
{
  const char *argv[] = {
    tshark, "-n", "-r", path, "-T", "fields", "-e", "arp.opcode",
    "-e", "arp.src.proto_ipv4", "-e", "arp.dst.proto_ipv4",
    "-e", "eth.dst", "-e", "arp.src.hw_mac", "-e", "arp.dst.hw_mac", NULL,
  };
  char *out;
  g_assert_cmpint(run(argv, &out), ==, 0);
  g_assert_cmpstr(out, ==,
    "1\t128.32.1.1\t128.32.1.2\tff:ff:ff:ff:ff:ff\t08:00:20:01:02:03\t"
    "00:00:00:00:00:00\n"
    "2\t128.32.1.2\t128.32.1.1\t08:00:20:01:02:03\t08:00:20:0a:0b:0c\t"
    "08:00:20:01:02:03\n");
  g_free(out);
}

static void test_pcap_tshark(void)
{
  const char *tshark = g_getenv("TSHARK");
  const char *check = g_getenv("PCAP_CHECK");
  if (!tshark || !*tshark || !check || !*check) {
    g_test_skip("TSHARK or PCAP_CHECK not set");
    return;
  }
  char *dir = g_dir_make_tmp("test_arp-XXXXXX", NULL);
  g_assert_nonnull(dir);
  char *path = g_build_filename(dir, "arp.pcap", NULL);
  write_pcap(path);
  const char *argv[] = { check, path, NULL };
  char *out;
  int rc = run(argv, &out);
  g_assert_cmpstr(out, ==, "");
  g_free(out);
  if (rc == 77)
    g_test_skip("pcap-check skipped (no tshark)");
  else {
    g_assert_cmpint(rc, ==, 0);
    check_decoded(tshark, path);
  }
  g_unlink(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/arp/emit/request-bytes", test_request_bytes);
  g_test_add_func("/arp/emit/reply-bytes", test_reply_bytes);
  g_test_add_func("/arp/round-trip", test_round_trip);
  g_test_add_func("/arp/parse/short", test_parse_short);
  g_test_add_func("/arp/parse/bad-fields", test_parse_fields);
  g_test_add_func("/arp/parse/error-order", test_parse_order);
  g_test_add_func("/arp/strerror", test_strerror);
  g_test_add_func("/arp/request-reply", test_request_reply_fields);
  g_test_add_func("/arp/pcap/tshark", test_pcap_tshark);
  return g_test_run();
}
