/* protocols/in_cksum.c: the Internet checksum (see in_cksum.h). Bytes are
 * read one at a time, so no pointer is ever cast to uint16_t *. The sum
 * is folded as it goes, so a 32-bit accumulator never overflows. */
#include "in_cksum.h"

static uint32_t fold(uint32_t sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

uint32_t in_cksum_add(uint32_t sum, const void *buf, size_t len)
{
  const uint8_t *p = buf;
  size_t i = 0;
  for (; i + 1 < len; i += 2) {
    sum += (uint32_t)p[i] << 8 | p[i + 1];
    if (sum & 0x80000000u)
      sum = fold(sum);
  }
  if (i < len)
    sum += (uint32_t)p[i] << 8;           /* pad the odd byte with zero */
  return fold(sum);
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
