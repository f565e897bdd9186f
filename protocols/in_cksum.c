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

/* a + m in 32-bit lanes, added into a's register: GCC 12 otherwise adds
 * a into m's and copies it back, an extra instruction per 16 bytes. */
static inline __m128i accumulate(__m128i a, __m128i m)
{
#if defined(__GNUC__)
  __asm__("paddd %1, %0" : "+x"(a) : "x"(m));
  return a;
#else
  return _mm_add_epi32(a, m);
#endif
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
      a = accumulate(a, pairs(p + at));
      b = accumulate(b, pairs(p + at + 16));
      c = accumulate(c, pairs(p + at + 32));
      d = accumulate(d, pairs(p + at + 48));
    }
    for (; at < end; at += 16)
      a = accumulate(a, pairs(p + at));
    a = _mm_add_epi32(_mm_add_epi32(a, b), _mm_add_epi32(c, d));
    total += unbias(a, words);
  }
  return total;
}
/* pairs(), storing the 16 bytes it loads at d as well. */
static inline __m128i copy_pairs(uint8_t *d, const uint8_t *p)
{
  const __m128i bias = _mm_set1_epi16((short)0x8000);
  const __m128i ones = _mm_set1_epi16(1);
  __m128i x = _mm_loadu_si128((const void *)p);
  _mm_storeu_si128((void *)d, x);
  return _mm_madd_epi16(_mm_xor_si128(x, bias), ones);
}

/* As sum_sse2, copying p[0..n) to d on the way: each 16 bytes are
 * loaded once, stored and summed. */
static uint64_t copy_sum_sse2(uint8_t *d, const uint8_t *p, size_t n)
{
  uint64_t total = 0;
  for (size_t at = 0; at < n;) {
    size_t words = MIN(n - at, (size_t)65536) / 2, end = at + words * 2;
    __m128i a = _mm_setzero_si128(), b = a, c = a, e = a;
    for (; at + 64 <= end; at += 64) {
      a = accumulate(a, copy_pairs(d + at, p + at));
      b = accumulate(b, copy_pairs(d + at + 16, p + at + 16));
      c = accumulate(c, copy_pairs(d + at + 32, p + at + 32));
      e = accumulate(e, copy_pairs(d + at + 48, p + at + 48));
    }
    for (; at < end; at += 16)
      a = accumulate(a, copy_pairs(d + at, p + at));
    a = _mm_add_epi32(_mm_add_epi32(a, b), _mm_add_epi32(c, e));
    total += unbias(a, words);
  }
  return total;
}
#endif

#if defined(__SSE2__) && defined(__GNUC__) && defined(__x86_64__)
#define IN_CKSUM_AVX2 1
#include <immintrin.h>

/* Whether to use AVX2: -1 not asked yet; else the CPU's answer, unless
 * a test turned it off (in_cksum_use_avx2). */
static int avx2_known = -1;

static bool have_avx2(void)
{
  if (avx2_known < 0)
    avx2_known = __builtin_cpu_supports("avx2") ? 1 : 0;
  return avx2_known;
}

/* accumulate() for 32-byte vectors. */
__attribute__((target("avx2")))
static inline __m256i accumulate256(__m256i a, __m256i m)
{
  __asm__("vpaddd %1, %0, %0" : "+x"(a) : "x"(m));
  return a;
}

/* As copy_sum_sse2 32 bytes at a time, n a multiple of 32: the same
 * sum (exact integers), half the instructions. Only called when the CPU
 * has AVX2. */
__attribute__((target("avx2")))
static uint64_t copy_sum_avx2(uint8_t *d, const uint8_t *p, size_t n)
{
  const __m256i bias = _mm256_set1_epi16((short)0x8000);
  const __m256i ones = _mm256_set1_epi16(1);
  uint64_t total = 0;
  for (size_t at = 0; at < n;) {
    size_t words = MIN(n - at, (size_t)65536) / 2, end = at + words * 2;
    __m256i a = _mm256_setzero_si256(), b = a;
    for (; at + 64 <= end; at += 64) {
      __m256i x = _mm256_loadu_si256((const void *)(p + at));
      __m256i y = _mm256_loadu_si256((const void *)(p + at + 32));
      _mm256_storeu_si256((void *)(d + at), x);
      _mm256_storeu_si256((void *)(d + at + 32), y);
      a = accumulate256(a, _mm256_madd_epi16(_mm256_xor_si256(x, bias),
                                             ones));
      b = accumulate256(b, _mm256_madd_epi16(_mm256_xor_si256(y, bias),
                                             ones));
    }
    for (; at < end; at += 32) {
      __m256i x = _mm256_loadu_si256((const void *)(p + at));
      _mm256_storeu_si256((void *)(d + at), x);
      a = accumulate256(a, _mm256_madd_epi16(_mm256_xor_si256(x, bias),
                                             ones));
    }
    a = _mm256_add_epi32(a, b);
    __m128i h = _mm_add_epi32(_mm256_castsi256_si128(a),
                              _mm256_extracti128_si256(a, 1));
    total += unbias(h, words);
  }
  return total;
}

/* As sum_sse2 32 bytes at a time, 128 a round, n a multiple of 32: the
 * same sum, about half the instructions. Only called when the CPU has
 * AVX2. */
__attribute__((target("avx2")))
static uint64_t sum_avx2(const uint8_t *p, size_t n)
{
  const __m256i bias = _mm256_set1_epi16((short)0x8000);
  const __m256i ones = _mm256_set1_epi16(1);
  uint64_t total = 0;
  for (size_t at = 0; at < n;) {
    size_t words = MIN(n - at, (size_t)65536) / 2, end = at + words * 2;
    __m256i a = _mm256_setzero_si256(), b = a, c = a, e = a;
    for (; at + 128 <= end; at += 128) {
#define SUM32(acc, off)                                                   \
      acc = accumulate256(acc, _mm256_madd_epi16(_mm256_xor_si256(       \
          _mm256_loadu_si256((const void *)(p + at + (off))), bias), ones))
      SUM32(a, 0);
      SUM32(b, 32);
      SUM32(c, 64);
      SUM32(e, 96);
    }
    for (; at < end; at += 32)
      SUM32(a, 0);
#undef SUM32
    a = _mm256_add_epi32(_mm256_add_epi32(a, b), _mm256_add_epi32(c, e));
    __m128i h = _mm_add_epi32(_mm256_castsi256_si128(a),
                              _mm256_extracti128_si256(a, 1));
    total += unbias(h, words);
  }
  return total;
}
#endif

/* A 64-bit sum of host-order 16-bit words folded to 16 bits and put in
 * network order (the value a big-endian machine would have summed). */
static uint32_t host_to_net_sum(uint64_t acc)
{
  uint32_t s = fold((acc & 0xffffffffu) + (acc >> 32));
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  s = GUINT16_SWAP_LE_BE((uint16_t)s);
#endif
  return s;
}

/* The ones' complement sum of the whole 64-bit words of p[0..n), as
 * big-endian 16-bit words, folded to 16 bits. Summing host-order 64-bit
 * words with end-around carry is summing their 16-bit words (2^16 is 1
 * modulo 2^16 - 1, which divides 2^64 - 1); the bulk is summed 32 bytes
 * at a time with AVX2, else 16 with SSE2. */
static uint32_t sum_words(const uint8_t *p, size_t n)
{
  uint64_t acc = 0;
  size_t i = 0;
#ifdef IN_CKSUM_AVX2
  if (n >= 128 && have_avx2()) {
    i = n & ~(size_t)31;
    acc = sum_avx2(p, i);
  } else
#endif
#ifdef __SSE2__
  if (n >= 64) {              /* not worth it for a header */
    i = n & ~(size_t)15;
    acc = sum_sse2(p, i);
  }
#endif
  for (; i + 8 <= n; i += 8)
    acc = add_carry(acc, word(p + i));
  return host_to_net_sum(acc);
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

/* Copies the last n < 16 bytes p[0..n) to d, adding them to the host-order
 * sum acc (p at an even offset of the message): 8, 4, 2 bytes as host
 * words, an odd last byte as the first byte of a zero-padded word. */
static uint64_t copy_tail(uint8_t *d, const uint8_t *p, size_t n,
                          uint64_t acc)
{
  if (n & 8) {
    uint64_t w;
    memcpy(&w, p, 8), memcpy(d, &w, 8);
    acc = add_carry(acc, w);
    p += 8, d += 8;
  }
  if (n & 4) {
    uint32_t w;
    memcpy(&w, p, 4), memcpy(d, &w, 4);
    acc = add_carry(acc, w);
    p += 4, d += 4;
  }
  if (n & 2) {
    uint16_t w;
    memcpy(&w, p, 2), memcpy(d, &w, 2);
    acc = add_carry(acc, w);
    p += 2, d += 2;
  }
  if (n & 1) {
    *d = *p;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
    acc = add_carry(acc, *p);
#else
    acc = add_carry(acc, (uint64_t)*p << 8);
#endif
  }
  return acc;
}

bool in_cksum_use_avx2(bool on)
{
#ifdef IN_CKSUM_AVX2
  avx2_known = on && __builtin_cpu_supports("avx2") ? 1 : 0;
  return avx2_known;
#else
  (void)on;
  return false;
#endif
}

uint32_t in_cksum_copy(uint32_t sum, void *dst, const void *src,
                       size_t len)
{
  uint8_t *d = dst;
  const uint8_t *p = src;
  uint64_t acc = 0;
  size_t i = 0;               /* the bulk: copied and summed in one pass */
#ifdef IN_CKSUM_AVX2
  if (len >= 64 && have_avx2()) {
    i = len & ~(size_t)31;
    acc = copy_sum_avx2(d, p, i);
  }
#endif
#ifdef __SSE2__
  size_t n16 = (len - i) & ~(size_t)15;
  if (n16) {
    acc = add_carry(acc, copy_sum_sse2(d + i, p + i, n16));
    i += n16;
  }
#endif
  for (; i + 16 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8), memcpy(d + i, &w, 8);
    acc = add_carry(acc, w);
  }
  acc = copy_tail(d + i, p + i, len - i, acc);
  return fold((uint64_t)sum + host_to_net_sum(acc));
}

void in_cksum_acc_copy(struct in_cksum_acc *a, void *dst, const void *src,
                       size_t len)
{
  uint32_t s = in_cksum_copy(0, dst, src, len);
  if (a->at & 1)              /* its words straddle ours: bytes swapped */
    s = (s >> 8 | s << 8) & 0xffff;
  a->sum = fold((uint64_t)a->sum + s);
  a->at += len;
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
