/* protocols/tests/test_icmp.c: ICMP header parse and emit (icmp.h): the
 * RFC 792 numbers, a checksum worked by hand, round trips for echo,
 * "fragmentation needed" and time exceeded, odd lengths and unaligned
 * buffers, each rejection, every single-bit corruption, and tshark
 * reading the frames back (via $PCAP_CHECK) with a bad checksum caught. */
#include <glib.h>
#include <string.h>

#include "capture.h"
#include "icmp.h"
#include "pcap_check.h"
#include "ip.h"

#define SRC 0x0a000001u                   /* 10.0.0.1 */
#define DST 0x0a000002u                   /* 10.0.0.2 */

static void test_constants(void)
{
  g_assert_cmpuint(ICMP_ECHOREPLY, ==, 0);
  g_assert_cmpuint(ICMP_UNREACH, ==, 3);
  g_assert_cmpuint(ICMP_UNREACH_NET, ==, 0);
  g_assert_cmpuint(ICMP_UNREACH_HOST, ==, 1);
  g_assert_cmpuint(ICMP_UNREACH_PROTOCOL, ==, 2);
  g_assert_cmpuint(ICMP_UNREACH_PORT, ==, 3);
  g_assert_cmpuint(ICMP_UNREACH_NEEDFRAG, ==, 4);
  g_assert_cmpuint(ICMP_UNREACH_SRCFAIL, ==, 5);
  g_assert_cmpuint(ICMP_SOURCEQUENCH, ==, 4);
  g_assert_cmpuint(ICMP_ECHO, ==, 8);
  g_assert_cmpuint(ICMP_TIMXCEED, ==, 11);
  g_assert_cmpuint(ICMP_TIMXCEED_INTRANS, ==, 0);
  g_assert_cmpuint(ICMP_TIMXCEED_REASS, ==, 1);
}

/* Echo request, id 1, seq 1: words 0x0800 + 0x0001 + 0x0001 = 0x0802,
 * checksum ~0x0802 = 0xf7fd. One data byte 'a' adds 0x6100 (the odd byte
 * is the high half): 0x6902, checksum 0x96fd. */
static void test_known_answer(void)
{
  uint8_t b[9] = { 0, 0, 0, 0, 0, 0, 0, 0, 'a' };
  struct icmp_hdr h = { .type = ICMP_ECHO, .u.echo = { 1, 1 } };
  g_assert_cmpuint(icmp_emit(&h, b, 8), ==, ICMP_HDR_LEN);
  const uint8_t want[8] = { 0x08, 0x00, 0xf7, 0xfd, 0x00, 0x01, 0x00, 0x01 };
  g_assert_cmpmem(b, 8, want, 8);
  icmp_emit(&h, b, 9);
  g_assert_cmphex(b[2] << 8 | b[3], ==, 0x96fd);
}

static void test_echo_round_trip(void)
{
  uint8_t b[8 + 56];
  for (int i = 8; i < (int)sizeof b; i++)
    b[i] = (uint8_t)i;
  struct icmp_hdr h = { .type = ICMP_ECHO, .u.echo = { 0x4d2, 7 } }, p;
  icmp_emit(&h, b, sizeof b);
  g_assert_cmpint(icmp_parse(b, sizeof b, &p), ==, ICMP_HDR_LEN);
  g_assert_cmpuint(p.type, ==, ICMP_ECHO);
  g_assert_cmpuint(p.code, ==, 0);
  g_assert_cmphex(p.sum, ==, b[2] << 8 | b[3]);
  g_assert_cmpuint(p.u.echo.id, ==, 0x4d2);
  g_assert_cmpuint(p.u.echo.seq, ==, 7);
  g_assert_cmpuint(b[8], ==, 8);                     /* data untouched */
}

/* RFC 1191: the MTU is the low word of bytes 4..7, the high one unused. */
static void test_needfrag_and_timxceed(void)
{
  uint8_t b[8 + 28] = { 0 };
  struct icmp_hdr h = { .type = ICMP_UNREACH, .code = ICMP_UNREACH_NEEDFRAG,
                        .u.frag = { 0, 1006 } }, p;
  icmp_emit(&h, b, sizeof b);
  g_assert_cmphex(b[4] << 24 | b[5] << 16 | b[6] << 8 | b[7], ==, 1006);
  g_assert_cmpint(icmp_parse(b, sizeof b, &p), ==, ICMP_HDR_LEN);
  g_assert_cmpuint(p.code, ==, ICMP_UNREACH_NEEDFRAG);
  g_assert_cmpuint(p.u.frag.mtu, ==, 1006);
  g_assert_cmpuint(p.u.frag.unused, ==, 0);
  h = (struct icmp_hdr){ .type = ICMP_TIMXCEED, .code = ICMP_TIMXCEED_REASS };
  icmp_emit(&h, b, sizeof b);
  g_assert_cmpint(icmp_parse(b, sizeof b, &p), ==, ICMP_HDR_LEN);
  g_assert_cmpuint(p.type, ==, ICMP_TIMXCEED);
  g_assert_cmpuint(p.code, ==, ICMP_TIMXCEED_REASS);
  g_assert_cmphex(b[4] | b[5] | b[6] | b[7], ==, 0);
}

/* Odd lengths at every alignment give the same bytes and parse back. */
static void test_odd_unaligned(void)
{
  uint8_t ref[8 + 33], buf[8 + 33 + 3];
  struct icmp_hdr h = { .type = ICMP_ECHOREPLY, .u.echo = { 9, 0xffff } }, p;
  for (int i = 8; i < (int)sizeof ref; i++)
    ref[i] = (uint8_t)(0xa5 ^ i);
  icmp_emit(&h, ref, sizeof ref);
  for (int a = 0; a < 4; a++) {
    memcpy(buf + a, ref, sizeof ref);
    memset(buf + a, 0, ICMP_HDR_LEN);
    icmp_emit(&h, buf + a, sizeof ref);
    g_assert_cmpmem(buf + a, sizeof ref, ref, sizeof ref);
    g_assert_cmpint(icmp_parse(buf + a, sizeof ref, &p), ==, ICMP_HDR_LEN);
    g_assert_cmpuint(p.u.echo.seq, ==, 0xffff);
  }
}

static void test_rejects(void)
{
  uint8_t b[8 + 4] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4 };
  struct icmp_hdr h = { .type = ICMP_ECHO }, p;
  icmp_emit(&h, b, sizeof b);
  for (size_t n = 0; n < ICMP_HDR_LEN; n++)
    g_assert_cmpint(icmp_parse(b, n, &p), ==, ICMP_ERR_SHORT);
  g_assert_cmpint(icmp_parse(b, sizeof b - 1, &p), ==, ICMP_ERR_CKSUM);
  b[11] ^= 0x40;
  g_assert_cmpint(icmp_parse(b, sizeof b, &p), ==, ICMP_ERR_CKSUM);
  g_assert_cmpstr(icmp_strerror(ICMP_ERR_CKSUM), ==, "bad checksum");
  g_assert_cmpstr(icmp_strerror(ICMP_ERR_SHORT), ==, "too short");
}

/* Flipping any one bit of header or data is caught by the checksum. */
static void test_every_bit(void)
{
  uint8_t b[8 + 21];
  for (int i = 8; i < (int)sizeof b; i++)
    b[i] = (uint8_t)(i * 37);
  struct icmp_hdr h = { .type = ICMP_ECHO, .u.echo = { 0x1234, 3 } }, p;
  icmp_emit(&h, b, sizeof b);
  for (size_t bit = 0; bit < sizeof b * 8; bit++) {
    uint8_t c[sizeof b];
    memcpy(c, b, sizeof c);
    c[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
    g_assert_cmpint(icmp_parse(c, sizeof c, &p), ==, ICMP_ERR_CKSUM);
  }
}

/* An Ethernet frame with an IPv4 header carrying the n-byte ICMP message
 * msg from src to dst; 10.0.0.x has MAC 02:00:00:00:00:0x. Returns the
 * frame length. */
static size_t ether_ip(uint8_t *f, uint32_t src, uint32_t dst,
                       const uint8_t *msg, size_t n)
{
  const uint8_t eh[14] = { 2, 0, 0, 0, 0, (uint8_t)dst,
                           2, 0, 0, 0, 0, (uint8_t)src, 0x08, 0x00 };
  struct ip_hdr ih = { .hlen = 20, .len = (uint16_t)(20 + n), .id = 1,
                       .ttl = 64, .proto = IP_PROTO_ICMP, .src = src,
                       .dst = dst };
  memcpy(f, eh, sizeof eh);
  ipv4_emit(&ih, f + 14);
  memcpy(f + 34, msg, n);
  return 34 + n;
}

/* An echo (request or reply) with 56 bytes of data, as ping sends. */
static void write_echo(struct capture *c, sim_time_t t, uint8_t type,
                       bool corrupt)
{
  uint8_t m[8 + 56], f[34 + sizeof m];
  for (int i = 8; i < (int)sizeof m; i++)
    m[i] = (uint8_t)i;
  struct icmp_hdr h = { .type = type, .u.echo = { 0x4d2, 1 } };
  icmp_emit(&h, m, sizeof m);
  if (corrupt)
    m[3] ^= 0x01;
  bool reply = type == ICMP_ECHOREPLY;
  size_t n = ether_ip(f, reply ? DST : SRC, reply ? SRC : DST, m, sizeof m);
  capture_write(c, t, f, (uint32_t)n);
}

/* "Fragmentation needed", MTU 1006, quoting an IP header and the first 8
 * bytes (a UDP header) of the datagram that was too big. */
static void write_needfrag(struct capture *c, sim_time_t t)
{
  uint8_t m[8 + 28] = { 0 }, f[34 + sizeof m];
  struct ip_hdr q = { .hlen = 20, .len = 1500, .id = 2, .flags = IP_DF,
                      .ttl = 63, .proto = IP_PROTO_UDP, .src = DST,
                      .dst = SRC };
  ipv4_emit(&q, m + 8);
  const uint8_t uh[8] = { 0x04, 0x00, 0x00, 0x09, 0x05, 0xc8, 0, 0 };
  memcpy(m + 28, uh, sizeof uh);                     /* len 1480, no sum */
  struct icmp_hdr h = { .type = ICMP_UNREACH, .code = ICMP_UNREACH_NEEDFRAG,
                        .u.frag = { 0, 1006 } };
  icmp_emit(&h, m, sizeof m);
  capture_write(c, t, f, (uint32_t)ether_ip(f, SRC, DST, m, sizeof m));
}

static void fill(struct capture *c, bool bad)
{
  write_echo(c, 1000, ICMP_ECHO, bad);
  if (bad)
    return;
  write_echo(c, 2000, ICMP_ECHOREPLY, false);
  write_needfrag(c, 3000);
}

static void test_tshark(void)
{
  pcap_check_good_bad(fill);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/icmp/constants", test_constants);
  g_test_add_func("/icmp/known-answer", test_known_answer);
  g_test_add_func("/icmp/echo-round-trip", test_echo_round_trip);
  g_test_add_func("/icmp/needfrag-and-timxceed", test_needfrag_and_timxceed);
  g_test_add_func("/icmp/odd-unaligned", test_odd_unaligned);
  g_test_add_func("/icmp/rejects", test_rejects);
  g_test_add_func("/icmp/every-bit", test_every_bit);
  g_test_add_func("/icmp/tshark", test_tshark);
  return g_test_run();
}
