/* protocols/ip.c: IPv4 header parse and emit (see ip.h; RFC 791 3.1).
 * Checks are ordered as a receiving 4.4BSD ip_input makes them: length,
 * version, header length, checksum, total length. */
#include "ip.h"
#include "wire.h"
#include "in_cksum.h"

#include <glib.h>
#include <string.h>

/* Big-endian 32-bit words at any alignment, as wire.h's, but loaded and
 * stored whole (memcpy and a byte swap), which the compiler does not
 * always make of wire.h's byte-wise forms. */
static inline uint32_t get32(const uint8_t *p)
{
  uint32_t v;
  memcpy(&v, p, 4);
  return g_ntohl(v);
}

static inline void put32(uint8_t *p, uint32_t v)
{
  v = g_htonl(v);
  memcpy(p, &v, 4);
}

/* The ones' complement sum of the header's n bytes (n a multiple of 4),
 * folded to 16 bits: big-endian 32-bit words added in 64 bits (2^16 is 1
 * modulo 2^16 - 1), the same value in_cksum_add folds to. */
static uint32_t hdr_sum(const uint8_t *buf, unsigned n, uint64_t acc)
{
  for (unsigned i = 0; i < n; i += 4)
    acc += get32(buf + i);
  acc = (acc & 0xffffffffu) + (acc >> 32);
  acc = (acc & 0xffff) + (acc >> 16);
  acc = (acc & 0xffff) + (acc >> 16);
  return (uint32_t)((acc & 0xffff) + (acc >> 16));
}

/* ipv4_parse, summing the header unless its checksum is known right. The
 * fixed header is read as five 32-bit words. */
static int parse(const uint8_t *buf, size_t len, struct ip_hdr *h,
                 bool sum)
{
  if (len < IP_HDR_MIN)
    return IP_ERR_SHORT;
  uint32_t w0 = get32(buf);
  if (w0 >> 28 != 4)
    return IP_ERR_VERSION;
  unsigned hlen = w0 >> 22 & 0x3c;
  h->hlen = (uint8_t)hlen;
  if (hlen < IP_HDR_MIN || hlen > len)
    return IP_ERR_HLEN;
  if (sum && hdr_sum(buf, hlen, 0) != 0xffff)
    return IP_ERR_CKSUM;
  uint16_t tlen = (uint16_t)w0;
  h->len = tlen;
  if (tlen < hlen)
    return IP_ERR_LEN;
  if (tlen > len)
    return IP_ERR_TRUNC;
  uint32_t w1 = get32(buf + 4), w2 = get32(buf + 8);
  h->tos = (uint8_t)(w0 >> 16);
  h->id = (uint16_t)(w1 >> 16);
  h->flags = (uint16_t)(w1 & (IP_DF | IP_MF));
  h->off = (uint16_t)((w1 & IP_OFFMASK) * 8);
  h->ttl = (uint8_t)(w2 >> 24);
  h->proto = (uint8_t)(w2 >> 16);
  h->sum = (uint16_t)w2;
  h->src = get32(buf + 12);
  h->dst = get32(buf + 16);
  h->opts = hlen > IP_HDR_MIN ? buf + IP_HDR_MIN : NULL;
  return (int)hlen;
}

int ipv4_parse(const uint8_t *buf, size_t len, struct ip_hdr *h)
{
  return parse(buf, len, h, true);
}

int ipv4_parse_known(const uint8_t *buf, size_t len, struct ip_hdr *h,
                     bool sum_known)
{
  return parse(buf, len, h, !sum_known);
}

size_t ipv4_emit_any(const struct ip_hdr *h, uint8_t *buf)
{
  g_return_val_if_fail(h->hlen >= IP_HDR_MIN && h->hlen <= IP_HDR_MAX &&
                       h->hlen % 4 == 0 && h->off % 8 == 0, 0);
  uint32_t w0 = (uint32_t)(0x40 | h->hlen / 4) << 24 |
                (uint32_t)h->tos << 16 | h->len;
  uint32_t w1 = (uint32_t)h->id << 16 |
                (uint32_t)((h->flags & (IP_DF | IP_MF)) | h->off / 8);
  uint32_t w2 = (uint32_t)h->ttl << 24 | (uint32_t)h->proto << 16;
  unsigned olen = h->hlen - IP_HDR_MIN;
  uint64_t fixed = (uint64_t)w0 + w1 + w2 + h->src + h->dst;
  uint32_t sum = hdr_sum(h->opts, olen, fixed);
  if (olen)
    memmove(buf + IP_HDR_MIN, h->opts, olen);
  put32(buf, w0);
  put32(buf + 4, w1);
  put32(buf + 8, w2 | (uint16_t)~sum);
  put32(buf + 12, h->src);
  put32(buf + 16, h->dst);
  return h->hlen;
}

const char *ipv4_strerror(int err)
{
  switch (err) {
  case IP_ERR_SHORT: return "too short";
  case IP_ERR_VERSION: return "bad version";
  case IP_ERR_HLEN: return "bad header length";
  case IP_ERR_LEN: return "bad total length";
  case IP_ERR_CKSUM: return "bad checksum";
  case IP_ERR_TRUNC: return "shorter than its total length";
  default: return "ok";
  }
}
