/* protocols/ip.c: IPv4 header parse and emit (see ip.h; RFC 791 3.1).
 * Checks are ordered as a receiving 4.4BSD ip_input makes them: length,
 * version, header length, checksum, total length. */
#include "ip.h"
#include "wire.h"
#include "in_cksum.h"

#include <glib.h>
#include <string.h>

/* ipv4_parse, summing the header unless its checksum is known right. */
static int parse(const uint8_t *buf, size_t len, struct ip_hdr *h,
                 bool sum)
{
  if (len < IP_HDR_MIN)
    return IP_ERR_SHORT;
  if (buf[0] >> 4 != 4)
    return IP_ERR_VERSION;
  h->hlen = (uint8_t)((buf[0] & 0x0f) * 4);
  if (h->hlen < IP_HDR_MIN || h->hlen > len)
    return IP_ERR_HLEN;
  if (sum && in_cksum(buf, h->hlen) != 0)
    return IP_ERR_CKSUM;
  h->len = wire_get16(buf + 2);
  if (h->len < h->hlen)
    return IP_ERR_LEN;
  if (h->len > len)
    return IP_ERR_TRUNC;
  h->tos = buf[1];
  h->id = wire_get16(buf + 4);
  h->flags = wire_get16(buf + 6) & (IP_DF | IP_MF);
  h->off = (uint16_t)((wire_get16(buf + 6) & IP_OFFMASK) * 8);
  h->ttl = buf[8];
  h->proto = buf[9];
  h->sum = wire_get16(buf + 10);
  h->src = wire_get32(buf + 12);
  h->dst = wire_get32(buf + 16);
  h->opts = h->hlen > IP_HDR_MIN ? buf + IP_HDR_MIN : NULL;
  return h->hlen;
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

/* The ones' complement sum of the header's fixed 20 bytes, from the
 * fields (checksum field zero): ten 16-bit words, no pass over the bytes. */
static uint32_t fixed_sum(const struct ip_hdr *h)
{
  uint32_t sum = (uint32_t)(0x40 | h->hlen / 4) << 8 | h->tos;
  sum += h->len;
  sum += h->id;
  sum += (uint32_t)((h->flags & (IP_DF | IP_MF)) | h->off / 8);
  sum += (uint32_t)h->ttl << 8 | h->proto;
  sum += (h->src >> 16) + (h->src & 0xffff);
  sum += (h->dst >> 16) + (h->dst & 0xffff);
  return sum;
}

size_t ipv4_emit(const struct ip_hdr *h, uint8_t *buf)
{
  g_return_val_if_fail(h->hlen >= IP_HDR_MIN && h->hlen <= IP_HDR_MAX &&
                       h->hlen % 4 == 0 && h->off % 8 == 0, 0);
  buf[0] = (uint8_t)(0x40 | h->hlen / 4);
  buf[1] = h->tos;
  wire_put16(buf + 2, h->len);
  wire_put16(buf + 4, h->id);
  wire_put16(buf + 6, (uint16_t)((h->flags & (IP_DF | IP_MF)) | h->off / 8));
  buf[8] = h->ttl;
  buf[9] = h->proto;
  wire_put32(buf + 12, h->src);
  wire_put32(buf + 16, h->dst);
  uint32_t sum = fixed_sum(h);
  if (h->hlen > IP_HDR_MIN) {
    memmove(buf + IP_HDR_MIN, h->opts, h->hlen - IP_HDR_MIN);
    sum = in_cksum_add(sum, buf + IP_HDR_MIN, h->hlen - IP_HDR_MIN);
  }
  wire_put16(buf + 10, in_cksum_finish(sum));
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
