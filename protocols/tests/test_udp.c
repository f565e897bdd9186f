/* protocols/tests/test_udp.c: UDP header parse and emit (udp.h): a
 * checksum worked by hand over the pseudo-header, round trips with odd
 * lengths and unaligned buffers, padding past the UDP length, checksum 0
 * as "none" and the 0 -> 0xffff rule, each rejection, every single-bit
 * corruption, and tshark reading the frames back (via $PCAP_CHECK) with
 * a bad checksum caught. */
#include <glib.h>
#include <string.h>

#include "capture.h"
#include "ip.h"
#include "udp.h"
#include "pcap_check.h"

#define SRC 0x0a000001u                   /* 10.0.0.1 */
#define DST 0x0a000002u                   /* 10.0.0.2 */

/* 10.0.0.1:1024 -> 10.0.0.2:9, data "hi", length 10.
 * Pseudo-header: 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 0x0011 + 0x000a
 *   = 0x141e; header: 0x0400 + 0x0009 + 0x000a = 0x0413; data: 0x6869.
 * Sum 0x141e + 0x0413 + 0x6869 = 0x809a, checksum ~0x809a = 0x7f65. */
static void test_known_answer(void)
{
  uint8_t b[10] = { [8] = 'h', [9] = 'i' };
  struct udp_hdr h = { .sport = 1024, .dport = 9, .len = 10 };
  g_assert_cmpuint(udp_emit(&h, SRC, DST, b, true), ==, UDP_HDR_LEN);
  const uint8_t want[8] = { 0x04, 0x00, 0x00, 0x09, 0x00, 0x0a, 0x7f, 0x65 };
  g_assert_cmpmem(b, 8, want, 8);
}

/* Odd lengths at every alignment give the same bytes and parse back. */
static void test_round_trip(void)
{
  uint8_t ref[8 + 37], buf[sizeof ref + 3];
  for (int i = 8; i < (int)sizeof ref; i++)
    ref[i] = (uint8_t)(i * 11);
  struct udp_hdr h = { .sport = 53, .dport = 40000, .len = sizeof ref }, p;
  udp_emit(&h, SRC, DST, ref, true);
  for (int a = 0; a < 4; a++) {
    memcpy(buf + a, ref, sizeof ref);
    memset(buf + a, 0, UDP_HDR_LEN);
    udp_emit(&h, SRC, DST, buf + a, true);
    g_assert_cmpmem(buf + a, sizeof ref, ref, sizeof ref);
    g_assert_cmpint(udp_parse(buf + a, sizeof ref, SRC, DST, &p), ==,
                    UDP_HDR_LEN);
    g_assert_cmpuint(p.sport, ==, 53);
    g_assert_cmpuint(p.dport, ==, 40000);
    g_assert_cmpuint(p.len, ==, sizeof ref);
    g_assert_cmphex(p.sum, ==, ref[6] << 8 | ref[7]);
  }
}

/* Bytes past the UDP length (Ethernet padding) are ignored, unchecked. */
static void test_padding(void)
{
  uint8_t b[8 + 2 + 16] = { [8] = 'h', [9] = 'i' };
  struct udp_hdr h = { .sport = 1024, .dport = 9, .len = 10 }, p;
  udp_emit(&h, SRC, DST, b, true);
  memset(b + 10, 0xee, 16);
  g_assert_cmpint(udp_parse(b, sizeof b, SRC, DST, &p), ==, UDP_HDR_LEN);
  g_assert_cmpuint(p.len, ==, 10);
}

/* A stored 0 means no checksum: any data passes. */
static void test_no_checksum(void)
{
  uint8_t b[8 + 5] = { [8] = 1, 2, 3, 4, 5 };
  struct udp_hdr h = { .sport = 7, .dport = 7, .len = sizeof b }, p;
  udp_emit(&h, SRC, DST, b, false);
  g_assert_cmphex(b[6] << 8 | b[7], ==, 0);
  b[12] ^= 0xff;
  g_assert_cmpint(udp_parse(b, sizeof b, SRC, DST, &p), ==, UDP_HDR_LEN);
  g_assert_cmphex(p.sum, ==, 0);
  g_assert_cmpint(udp_parse(b, sizeof b, 0, 0, &p), ==, UDP_HDR_LEN);
}

/* Data that makes the checksum compute to 0 is sent as 0xffff, which
 * verifies. The data's last word w is set to the checksum computed with
 * w = 0: adding c to a sum whose complement is c gives 0xffff. */
static void test_zero_sent_as_ffff(void)
{
  uint8_t b[8 + 4] = { [8] = 0x12, 0x34 };
  struct udp_hdr h = { .sport = 1, .dport = 2, .len = sizeof b }, p;
  udp_emit(&h, SRC, DST, b, true);
  b[10] = b[6], b[11] = b[7];
  udp_emit(&h, SRC, DST, b, true);
  g_assert_cmphex(b[6] << 8 | b[7], ==, 0xffff);
  g_assert_cmpint(udp_parse(b, sizeof b, SRC, DST, &p), ==, UDP_HDR_LEN);
  g_assert_cmphex(p.sum, ==, 0xffff);
}

static void test_rejects(void)
{
  uint8_t b[8 + 4] = { [8] = 'd', 'a', 't', 'a' }, c[sizeof b];
  struct udp_hdr h = { .sport = 1024, .dport = 9, .len = sizeof b }, p;
  udp_emit(&h, SRC, DST, b, true);
  for (size_t n = 0; n < UDP_HDR_LEN; n++)
    g_assert_cmpint(udp_parse(b, n, SRC, DST, &p), ==, UDP_ERR_SHORT);
  g_assert_cmpint(udp_parse(b, sizeof b - 1, SRC, DST, &p), ==, UDP_ERR_LEN);
  memcpy(c, b, sizeof c);
  c[5] = 7;                                          /* length 7 < 8 */
  g_assert_cmpint(udp_parse(c, sizeof c, SRC, DST, &p), ==, UDP_ERR_LEN);
  g_assert_cmpint(udp_parse(b, sizeof b, SRC, DST + 1, &p), ==,
                  UDP_ERR_CKSUM);                    /* pseudo-header */
  memcpy(c, b, sizeof c);
  c[11] ^= 0x01;
  g_assert_cmpint(udp_parse(c, sizeof c, SRC, DST, &p), ==, UDP_ERR_CKSUM);
  g_assert_cmpstr(udp_strerror(UDP_ERR_SHORT), ==, "too short");
  g_assert_cmpstr(udp_strerror(UDP_ERR_LEN), ==, "bad length");
  g_assert_cmpstr(udp_strerror(UDP_ERR_CKSUM), ==, "bad checksum");
}

/* Flipping any one bit of header or data is caught: by the checksum, or
 * the length check. (A checksum with one bit set would flip to 0, "none";
 * the precondition rules that out.) */
static void test_every_bit(void)
{
  uint8_t b[8 + 21];
  for (int i = 8; i < (int)sizeof b; i++)
    b[i] = (uint8_t)(i * 37);
  struct udp_hdr h = { .sport = 520, .dport = 520, .len = sizeof b }, p;
  udp_emit(&h, SRC, DST, b, true);
  g_assert_cmpint(__builtin_popcount(b[6] << 8 | b[7]), >, 1);
  for (size_t bit = 0; bit < sizeof b * 8; bit++) {
    uint8_t c[sizeof b];
    memcpy(c, b, sizeof c);
    c[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
    g_assert_cmpint(udp_parse(c, sizeof c, SRC, DST, &p), <, 0);
  }
}

/* An Ethernet frame, 02:..:01 -> 02:..:02, 10.0.0.1:1024 -> 10.0.0.2:9
 * (discard), carrying n bytes of data; csum: UDP checksum on; corrupt:
 * the stored UDP checksum off by one. Returns the frame length. */
static size_t udp_frame(uint8_t *f, size_t n, bool csum, bool corrupt)
{
  const uint8_t eh[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00 };
  struct ip_hdr ih = { .hlen = 20, .len = (uint16_t)(28 + n), .id = 1,
                       .ttl = 64, .proto = IP_PROTO_UDP, .src = SRC,
                       .dst = DST };
  struct udp_hdr uh = { .sport = 1024, .dport = 9, .len = (uint16_t)(8 + n) };
  memcpy(f, eh, sizeof eh);
  ipv4_emit(&ih, f + 14);
  for (size_t i = 0; i < n; i++)
    f[42 + i] = (uint8_t)('a' + i % 26);
  udp_emit(&uh, SRC, DST, f + 34, csum);
  if (corrupt)
    f[34 + 7] ^= 0x01;
  return 42 + n;
}

static void fill(struct capture *c, bool bad)
{
  uint8_t f[42 + 100];
  if (bad) {
    capture_write(c, 1000, f, (uint32_t)udp_frame(f, 33, true, true));
    return;
  }
  capture_write(c, 1000, f, (uint32_t)udp_frame(f, 100, true, false));
  capture_write(c, 2000, f, (uint32_t)udp_frame(f, 33, true, false));
  capture_write(c, 3000, f, (uint32_t)udp_frame(f, 18, false, false));
}

static void test_tshark(void)
{
  pcap_check_good_bad(fill);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/udp/known-answer", test_known_answer);
  g_test_add_func("/udp/round-trip", test_round_trip);
  g_test_add_func("/udp/padding", test_padding);
  g_test_add_func("/udp/no-checksum", test_no_checksum);
  g_test_add_func("/udp/zero-sent-as-ffff", test_zero_sent_as_ffff);
  g_test_add_func("/udp/rejects", test_rejects);
  g_test_add_func("/udp/every-bit", test_every_bit);
  g_test_add_func("/udp/tshark", test_tshark);
  return g_test_run();
}
