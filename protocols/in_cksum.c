/* protocols/in_cksum.c: the Internet checksum (see in_cksum.h). The bulk
 * of a buffer is summed 64 bits at a time in host order with end-around
 * carry (loaded with memcpy: no pointer is cast), then folded and
 * byte-swapped on little-endian hosts, which gives the same ones'
 * complement sum as big-endian 16-bit words (RFC 1071, section 2(B)). */
#include "in_cksum.h"

#include <glib.h>
#include <string.h>

static uint32_t fold(uint64_t sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (uint32_t)sum;
}

/* a + w with the carry out added back in (end-around carry). */
static inline uint64_t add_carry(uint64_t a, uint64_t w)
{
  a += w;
  return a + (a < w);
}

/* The 64-bit word at p, in host order. */
static inline uint64_t word(const uint8_t *p)
{
  uint64_t w;
  memcpy(&w, p, sizeof w);
  return w;
}

#ifdef __SSE2__
#include <emmintrin.h>

/* x's 16-bit words biased to signed ones (x ^ 0x8000 is x - 32768) and
 * added in pairs into 32-bit lanes (pmaddwd). */
static inline __m128i pairs(const uint8_t *p)
{
  const __m128i bias = _mm_set1_epi16((short)0x8000);
  const __m128i ones = _mm_set1_epi16(1);
  __m128i x = _mm_loadu_si128((const void *)p);
  return _mm_madd_epi16(_mm_xor_si128(x, bias), ones);
}

/* The sum of the 32-bit lanes of a, with the bias of `words` words
 * added back. */
static uint64_t unbias(__m128i a, size_t words)
{
  int32_t lane[4];
  _mm_storeu_si128((void *)lane, a);
  return (uint64_t)((int64_t)lane[0] + lane[1] + lane[2] + lane[3] +
                    (int64_t)32768 * (int64_t)words);
}

/* The plain sum of the host-order 16-bit words of p[0..n), n a multiple
 * of 16, 64 bytes a round. Chunks of 64 KB keep the lanes from
 * overflowing. */
static uint64_t sum_sse2(const uint8_t *p, size_t n)
{
  uint64_t total = 0;
  for (size_t at = 0; at < n;) {
    size_t words = MIN(n - at, (size_t)65536) / 2, end = at + words * 2;
    __m128i a = _mm_setzero_si128(), b = a, c = a, d = a;
    for (; at + 64 <= end; at += 64) {
      a = _mm_add_epi32(pairs(p + at), a);
      b = _mm_add_epi32(pairs(p + at + 16), b);
      c = _mm_add_epi32(pairs(p + at + 32), c);
      d = _mm_add_epi32(pairs(p + at + 48), d);
    }
    for (; at < end; at += 16)
      a = _mm_add_epi32(a, pairs(p + at));
    a = _mm_add_epi32(_mm_add_epi32(a, b), _mm_add_epi32(c, d));
    total += unbias(a, words);
  }
  return total;
}
#endif

/* The ones' complement sum of the whole 64-bit words of p[0..n), as
 * big-endian 16-bit words, folded to 16 bits. Summing host-order 64-bit
 * words with end-around carry is summing their 16-bit words (2^16 is 1
 * modulo 2^16 - 1, which divides 2^64 - 1); with SSE2 the bulk is summed
 * 16 bytes at a time. */
static uint32_t sum_words(const uint8_t *p, size_t n)
{
  uint64_t acc = 0;
  size_t i = 0;
#ifdef __SSE2__
  if (n >= 64) {              /* not worth it for a header */
    i = n & ~(size_t)15;
    acc = sum_sse2(p, i);
  }
#endif
  for (; i + 8 <= n; i += 8)
    acc = add_carry(acc, word(p + i));
  uint32_t s = fold((acc & 0xffffffffu) + (acc >> 32));
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  s = GUINT16_SWAP_LE_BE((uint16_t)s);
#endif
  return s;
}

uint32_t in_cksum_add(uint32_t sum, const void *buf, size_t len)
{
  const uint8_t *p = buf;
  size_t i = len & ~(size_t)7;
  uint64_t acc = (uint64_t)sum + sum_words(p, i);
  for (; i + 1 < len; i += 2)
    acc += (uint32_t)p[i] << 8 | p[i + 1];
  if (i < len)
    acc += (uint32_t)p[i] << 8;           /* pad the odd byte with zero */
  return fold(acc);
}

uint32_t in_cksum_pseudo(uint32_t sum, uint32_t src, uint32_t dst,
                         uint8_t proto, uint16_t len)
{
  sum += (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff);
  sum += proto;
  sum += len;
  return fold(sum);
}

uint16_t in_cksum_finish(uint32_t sum)
{
  return (uint16_t)~fold(sum);
}

uint16_t in_cksum(const void *buf, size_t len)
{
  return in_cksum_finish(in_cksum_add(0, buf, len));
}
