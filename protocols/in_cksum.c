/* protocols/in_cksum.c: the Internet checksum (see in_cksum.h). The bulk
 * of a buffer is summed 32 bits at a time in host order into a 64-bit
 * accumulator (loaded with memcpy: no pointer is cast), then folded and
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

/* The ones' complement sum of the whole 32-bit words of p[0..n), as
 * big-endian 16-bit words, folded to 16 bits. */
static uint32_t sum_words(const uint8_t *p, size_t n)
{
  uint64_t acc = 0;
  for (size_t i = 0; i + 4 <= n; i += 4) {
    uint32_t w;
    memcpy(&w, p + i, sizeof w);
    acc += w;
  }
  uint32_t s = fold(acc);
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  s = GUINT16_SWAP_LE_BE((uint16_t)s);
#endif
  return s;
}

uint32_t in_cksum_add(uint32_t sum, const void *buf, size_t len)
{
  const uint8_t *p = buf;
  size_t i = len & ~(size_t)3;
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
