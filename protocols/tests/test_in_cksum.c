/* protocols/tests/test_in_cksum.c: the Internet checksum against known
 * answers, odd lengths, alignment, pieces and the pseudo-header. */
#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "in_cksum.h"

/* RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2. */
static void test_rfc1071(void)
{
  const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
  g_assert_cmphex(in_cksum_add(0, b, sizeof b), ==, 0xddf2);
  g_assert_cmphex(in_cksum(b, sizeof b), ==, 0x220d);
}

/* A real IPv4 header (192.168.0.1 -> 192.168.0.199, UDP, len 115) with
 * its checksum 0xb861 in place verifies to 0. */
static void test_ipv4_header(void)
{
  const uint8_t h[] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00,
                        0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01,
                        0xc0, 0xa8, 0x00, 0xc7 };
  g_assert_cmphex(in_cksum(h, sizeof h), ==, 0);
  uint8_t z[sizeof h];
  memcpy(z, h, sizeof h);
  z[10] = z[11] = 0;
  g_assert_cmphex(in_cksum(z, sizeof z), ==, 0xb861);
}

/* An odd byte counts as the high half of a word padded with zero. */
static void test_odd_length(void)
{
  const uint8_t a[] = { 0x12, 0x34, 0x56 };
  const uint8_t b[] = { 0x12, 0x34, 0x56, 0x00 };
  g_assert_cmphex(in_cksum(a, 3), ==, in_cksum(b, 4));
  g_assert_cmphex(in_cksum(a, 0), ==, 0xffff);
}

/* Any alignment gives the same sum; pieces add up to the whole. */
static void test_alignment_and_pieces(void)
{
  uint8_t buf[1030];
  for (guint i = 0; i < sizeof buf; i++)
    buf[i] = (uint8_t)(i * 7 + 3);
  uint16_t whole = in_cksum(buf + 1, 1000);
  uint8_t *copy = g_malloc(1003);
  memcpy(copy + 3, buf + 1, 1000);
  g_assert_cmphex(in_cksum(copy + 3, 1000), ==, whole);
  g_free(copy);
  uint32_t s = in_cksum_add(0, buf + 1, 400);
  s = in_cksum_add(s, buf + 401, 600);
  g_assert_cmphex(in_cksum_finish(s), ==, whole);
}

/* Large all-ones input must not overflow the running sum. */
static void test_no_overflow(void)
{
  size_t n = 1 << 20;
  uint8_t *ff = g_malloc(n);
  memset(ff, 0xff, n);
  g_assert_cmphex(in_cksum_add(0, ff, n), ==, 0xffff);
  g_assert_cmphex(in_cksum(ff, n), ==, 0);
  g_free(ff);
}

/* The plain RFC 1071 loop: big-endian 16-bit words, one at a time. */
static uint32_t ref_sum(const uint8_t *p, size_t n)
{
  uint64_t acc = 0;
  for (size_t i = 0; i + 1 < n; i += 2)
    acc += (uint32_t)p[i] << 8 | p[i + 1];
  if (n & 1)
    acc += (uint32_t)p[n - 1] << 8;
  while (acc >> 16)
    acc = (acc & 0xffff) + (acc >> 16);
  return (uint32_t)acc;
}

/* Random buffers of every length up to 1600 at every start offset mod 8,
 * and carry-heavy ones (bytes near 0xff): the same sum as ref_sum. */
static void test_against_reference(void)
{
  GRand *r = g_rand_new_with_seed(1071);
  uint8_t buf[1608];
  for (size_t n = 0; n <= 1600; n++) {
    size_t off = n % 8;
    bool heavy = n % 3 == 0;
    for (size_t i = 0; i < n; i++)
      buf[off + i] = heavy ? (uint8_t)(0xf0 | g_rand_int_range(r, 0, 16))
                           : (uint8_t)g_rand_int_range(r, 0, 256);
    g_assert_cmphex(in_cksum_add(0, buf + off, n), ==,
                    ref_sum(buf + off, n));
  }
  g_rand_free(r);
}

/* Buffers longer than the 64 KB chunks the vector sum works in, random
 * and carry-heavy: the same sum as ref_sum. */
static void test_long_against_reference(void)
{
  GRand *r = g_rand_new_with_seed(1624);
  size_t n = 300001;
  uint8_t *buf = g_malloc(n + 1);
  for (int heavy = 0; heavy < 2; heavy++) {
    for (size_t i = 0; i <= n; i++)
      buf[i] = heavy ? (uint8_t)(0xf8 | g_rand_int_range(r, 0, 8))
                     : (uint8_t)g_rand_int_range(r, 0, 256);
    g_assert_cmphex(in_cksum_add(0, buf, n), ==, ref_sum(buf, n));
    g_assert_cmphex(in_cksum_add(0, buf + 1, n), ==, ref_sum(buf + 1, n));
  }
  g_free(buf);
  g_rand_free(r);
}

/* in_cksum_copy: every length up to 1600 from every source and
 * destination offset mod 16 (odd ones too), random and carry-heavy: the
 * bytes arrive intact, nothing around them is written, and the sum is
 * in_cksum_add's (with a running sum carried in). */
static void copy_against_add(void)
{
  GRand *r = g_rand_new_with_seed(1141);
  uint8_t src[1640], dst[1640];
  for (size_t n = 0; n <= 1600; n++) {
    size_t so = n % 16, doff = (n * 7 + 3) % 16;
    bool heavy = n % 3 == 0;
    for (size_t i = 0; i < sizeof src; i++)
      src[i] = heavy ? (uint8_t)(0xf0 | g_rand_int_range(r, 0, 16))
                     : (uint8_t)g_rand_int(r);
    memset(dst, 0xa5, sizeof dst);
    uint32_t carry = g_rand_int_range(r, 0, 0x10000);
    g_assert_cmphex(in_cksum_copy(carry, dst + doff, src + so, n), ==,
                    in_cksum_add(carry, src + so, n));
    g_assert_cmpmem(dst + doff, n, src + so, n);
    for (size_t i = 0; i < doff; i++)
      g_assert_cmphex(dst[i], ==, 0xa5);
    for (size_t i = doff + n; i < sizeof dst; i++)
      g_assert_cmphex(dst[i], ==, 0xa5);
  }
  g_rand_free(r);
}

/* in_cksum_acc_copy over a message cut into random pieces (odd lengths,
 * so pieces start at odd offsets; empty ones; as a socket buffer's
 * chained pbufs cut a segment) gives the checksum of the whole, and the
 * pieces land one after the other. */
static void acc_pieces(void)
{
  GRand *r = g_rand_new_with_seed(793);
  uint8_t msg[3000], out[3000];
  for (int round = 0; round < 3000; round++) {
    size_t n = (size_t)g_rand_int_range(r, 0, (int)sizeof msg + 1);
    bool heavy = round % 4 == 0;
    for (size_t i = 0; i < n; i++)
      msg[i] = heavy ? (uint8_t)(0xfe | g_rand_int_range(r, 0, 2))
                     : (uint8_t)g_rand_int(r);
    struct in_cksum_acc a = { 0 };
    int most = round % 2 ? 40 : 2100;
    for (size_t at = 0; at < n;) {
      size_t k = (size_t)g_rand_int_range(r, 0, most);
      k = MIN(k, n - at);
      in_cksum_acc_copy(&a, out + at, msg + at, k);
      at += k;
    }
    g_assert_cmpuint(a.at, ==, n);
    g_assert_cmpmem(out, n, msg, n);
    g_assert_cmphex(a.sum, ==, in_cksum_add(0, msg, n));
    g_assert_cmphex(a.sum, ==, ref_sum(msg, n));
  }
  g_rand_free(r);
}

/* Both copy tests on this CPU's best path, then on SSE2 alone (the
 * path of a CPU without AVX2). */
static void test_copy_against_add(void)
{
  copy_against_add();
  in_cksum_use_avx2(false);
  copy_against_add();
  in_cksum_use_avx2(true);
}

static void test_acc_pieces(void)
{
  acc_pieces();
  in_cksum_use_avx2(false);
  acc_pieces();
  in_cksum_use_avx2(true);
}

/* The pseudo-header adds src, dst, protocol and length as 16-bit words. */
static void test_pseudo(void)
{
  uint8_t words[] = { 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
                      0x00, 0x11, 0x00, 0x1c };
  uint32_t a = in_cksum_pseudo(0, 0xc0a80001, 0xc0a800c7, 17, 28);
  g_assert_cmphex(a, ==, in_cksum_add(0, words, sizeof words));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/in_cksum/rfc1071", test_rfc1071);
  g_test_add_func("/in_cksum/against-reference", test_against_reference);
  g_test_add_func("/in_cksum/long-against-reference",
                  test_long_against_reference);
  g_test_add_func("/in_cksum/ipv4-header", test_ipv4_header);
  g_test_add_func("/in_cksum/odd-length", test_odd_length);
  g_test_add_func("/in_cksum/alignment-and-pieces", test_alignment_and_pieces);
  g_test_add_func("/in_cksum/no-overflow", test_no_overflow);
  g_test_add_func("/in_cksum/pseudo-header", test_pseudo);
  g_test_add_func("/in_cksum/copy-against-add", test_copy_against_add);
  g_test_add_func("/in_cksum/acc-pieces", test_acc_pieces);
  return g_test_run();
}
