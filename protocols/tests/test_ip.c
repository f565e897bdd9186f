/* protocols/tests/test_ip.c: IPv4 header parse and emit: round trips,
 * every rejection, every single-bit corruption, and tshark reading the
 * frames back (via $PCAP_CHECK) with a bad checksum caught. */
#include <errno.h>
#include <glib.h>
#include <string.h>

#include "capture.h"
#include "in_cksum.h"
#include "ip.h"
#include "pcap_check.h"

static struct ip_hdr sample(void)
{
  struct ip_hdr h = {
    .hlen = 20, .tos = 0x10, .len = 48, .id = 0x1234, .flags = IP_DF,
    .off = 0, .ttl = IP_TTL_DEFAULT, .proto = 253,   /* RFC 3692 testing */
    .src = 0x80200101, .dst = 0x80200102,            /* 128.32.1.1, .2 */
  };
  return h;
}

static void test_round_trip(void)
{
  uint8_t buf[64] = { 0 };
  struct ip_hdr h = sample(), p;
  g_assert_cmpuint(ipv4_emit(&h, buf), ==, 20);
  g_assert_cmpint(ipv4_parse(buf, 48, &p), ==, 20);
  g_assert_cmpuint(p.tos, ==, h.tos);
  g_assert_cmpuint(p.len, ==, 48);
  g_assert_cmpuint(p.id, ==, 0x1234);
  g_assert_cmpuint(p.flags, ==, IP_DF);
  g_assert_cmpuint(p.ttl, ==, 30);
  g_assert_cmpuint(p.proto, ==, 253);
  g_assert_cmphex(p.src, ==, 0x80200101);
  g_assert_cmphex(p.dst, ==, 0x80200102);
  g_assert_null(p.opts);
  g_assert_cmphex(buf[0], ==, 0x45);
  g_assert_cmphex(buf[6], ==, 0x40);                 /* DF */
}

static void test_fragment_and_options(void)
{
  const uint8_t opts[4] = { 0x01, 0x01, 0x01, 0x00 };  /* NOP NOP NOP EOL */
  uint8_t buf[64] = { 0 };
  struct ip_hdr h = sample(), p;
  h.hlen = 24, h.opts = opts, h.flags = IP_MF, h.off = 1480;
  g_assert_cmpuint(ipv4_emit(&h, buf), ==, 24);
  g_assert_cmpint(ipv4_parse(buf, 48, &p), ==, 24);
  g_assert_cmpuint(p.flags, ==, IP_MF);
  g_assert_cmpuint(p.off, ==, 1480);
  g_assert_cmpmem(p.opts, 4, opts, 4);
  g_assert_cmphex(buf[6] << 8 | buf[7], ==, IP_MF | 185);
}

static void test_rejects(void)
{
  uint8_t buf[64] = { 0 }, bad[64];
  struct ip_hdr h = sample(), p;
  ipv4_emit(&h, buf);
  g_assert_cmpint(ipv4_parse(buf, 19, &p), ==, IP_ERR_SHORT);
  memcpy(bad, buf, sizeof bad);
  bad[0] = 0x65;                                     /* version 6 */
  g_assert_cmpint(ipv4_parse(bad, 48, &p), ==, IP_ERR_VERSION);
  h.hlen = 24;
  uint8_t opts[4] = { 0 };
  h.opts = opts;
  ipv4_emit(&h, bad);
  g_assert_cmpint(ipv4_parse(bad, 22, &p), ==, IP_ERR_HLEN);
  memcpy(bad, buf, sizeof bad);
  bad[0] = 0x44;                                     /* hlen 16 */
  g_assert_cmpint(ipv4_parse(bad, 48, &p), ==, IP_ERR_HLEN);
  g_assert_cmpint(ipv4_parse(buf, 40, &p), ==, IP_ERR_TRUNC); /* len 48 */
  h = sample();
  h.len = 12;                                        /* below the header */
  ipv4_emit(&h, bad);
  g_assert_cmpint(ipv4_parse(bad, 48, &p), ==, IP_ERR_LEN);
  g_assert_cmpstr(ipv4_strerror(IP_ERR_CKSUM), ==, "bad checksum");
}

/* Flipping any one bit of the header is caught (by the checksum, or an
 * earlier check for the version and length bits). */
static void test_every_bit(void)
{
  uint8_t buf[64] = { 0 };
  struct ip_hdr h = sample(), p;
  ipv4_emit(&h, buf);
  for (int bit = 0; bit < 20 * 8; bit++) {
    uint8_t c[64];
    memcpy(c, buf, sizeof c);
    c[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
    g_assert_cmpint(ipv4_parse(c, 48, &p), <, 0);
  }
}

/* Ethernet frames carrying h and a payload; corrupt: wrong IP checksum. */
static void write_frame(struct capture *c, sim_time_t t, bool corrupt)
{
  uint8_t f[14 + 48] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00 };
  struct ip_hdr h = sample();
  ipv4_emit(&h, f + 14);
  for (int i = 34; i < (int)sizeof f; i++)
    f[i] = (uint8_t)i;
  if (corrupt)
    f[14 + 11] ^= 0x01;
  capture_write(c, t, f, sizeof f);
}

static void fill(struct capture *c, bool bad)
{
  write_frame(c, 1000, bad);
  if (!bad)
    write_frame(c, 2000, false);
}

static void test_tshark(void)
{
  pcap_check_good_bad(fill);
}

/* ipv4_emit sums the fixed header from its fields: the checksum it
 * stores is the one in_cksum gives over the bytes, for random headers
 * with and without options (the emitted header verifies to 0). */
static void test_emit_checksum(void)
{
  GRand *r = g_rand_new_with_seed(16);
  for (int n = 0; n < 20000; n++) {
    uint8_t opts[40], buf[IP_HDR_MAX];
    for (guint i = 0; i < sizeof opts; i++)
      opts[i] = (uint8_t)g_rand_int(r);
    struct ip_hdr h = {
      .hlen = (uint8_t)(IP_HDR_MIN + 4 * g_rand_int_range(r, 0, 11)),
      .tos = (uint8_t)g_rand_int(r), .len = (uint16_t)g_rand_int(r),
      .id = (uint16_t)g_rand_int(r),
      .flags = (uint16_t)(g_rand_int(r) & (IP_DF | IP_MF)),
      .off = (uint16_t)(8 * g_rand_int_range(r, 0, IP_OFFMASK + 1)),
      .ttl = (uint8_t)g_rand_int(r), .proto = (uint8_t)g_rand_int(r),
      .src = g_rand_int(r), .dst = g_rand_int(r), .opts = opts,
    };
    if (n % 7 == 0)                     /* all ones where they can be */
      h.tos = h.ttl = h.proto = 0xff, h.len = h.id = 0xffff,
      h.src = h.dst = 0xffffffffu;
    g_assert_cmpuint(ipv4_emit(&h, buf), ==, h.hlen);
    g_assert_cmphex(in_cksum(buf, h.hlen), ==, 0);
    uint16_t stored = (uint16_t)(buf[10] << 8 | buf[11]);
    buf[10] = buf[11] = 0;
    g_assert_cmphex(in_cksum(buf, h.hlen), ==, stored);
  }
  g_rand_free(r);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/ip/round-trip", test_round_trip);
  g_test_add_func("/ip/fragment-and-options", test_fragment_and_options);
  g_test_add_func("/ip/rejects", test_rejects);
  g_test_add_func("/ip/every-bit", test_every_bit);
  g_test_add_func("/ip/tshark", test_tshark);
  g_test_add_func("/ip/emit-checksum", test_emit_checksum);
  return g_test_run();
}
