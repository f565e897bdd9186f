/* protocols/ip.h: the IPv4 header on the wire (RFC 791), apart from any
 * state: ipv4_parse() checks and decodes, ipv4_emit() encodes with a real
 * checksum. Fields are in host order. Routing, fragmentation and
 * reassembly (ip_input.c, ip_output.c) build on this. Nothing here knows
 * interfaces or sockets. */
#ifndef IPCSIM_IP_H
#define IPCSIM_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define IP_HDR_MIN   20       /* header without options */
#define IP_HDR_MAX   60       /* header length field is in 32-bit words */
#define IP_MAXPACKET 65535    /* total length is 16 bits */
#define IP_DF        0x4000   /* don't fragment */
#define IP_MF        0x2000   /* more fragments */
#define IP_OFFMASK   0x1fff   /* fragment offset, in 8-byte units */
#define IP_TTL_DEFAULT 30     /* 4.4BSD ip_defttl (MAXTTL 255) */

#define IP_PROTO_ICMP 1
#define IP_PROTO_TCP  6
#define IP_PROTO_UDP  17

/* Reasons ipv4_parse() rejects a header, as negative values. */
#define IP_ERR_SHORT    (-1)  /* fewer than 20 bytes */
#define IP_ERR_VERSION  (-2)  /* version is not 4 */
#define IP_ERR_HLEN     (-3)  /* header length < 20 or beyond the bytes */
#define IP_ERR_LEN      (-4)  /* total length < header length */
#define IP_ERR_CKSUM    (-5)  /* header checksum wrong */
#define IP_ERR_TRUNC    (-6)  /* fewer bytes than the total length */

struct ip_hdr {
  uint8_t hlen;               /* header length in bytes, 20..60 */
  uint8_t tos;                /* type of service */
  uint16_t len;               /* total length: header + data */
  uint16_t id;                /* identification */
  uint16_t flags;             /* IP_DF, IP_MF */
  uint16_t off;               /* fragment offset in bytes (multiple of 8) */
  uint8_t ttl;                /* time to live */
  uint8_t proto;              /* IP_PROTO_* */
  uint16_t sum;               /* checksum as read (parse only) */
  uint32_t src;               /* source address */
  uint32_t dst;               /* destination address */
  const uint8_t *opts;        /* options (hlen - 20 bytes), or NULL */
};

/* Decodes the header at buf (len bytes available). Returns the header
 * length, or an IP_ERR_* value. h->opts points into buf. */
int ipv4_parse(const uint8_t *buf, size_t len, struct ip_hdr *h);

/* As ipv4_parse; when sum_known (the pbuf's csum_good) the checksum is
 * known right and not summed again. */
int ipv4_parse_known(const uint8_t *buf, size_t len, struct ip_hdr *h,
                     bool sum_known);

/* ipv4_emit for any header (options, and the checks of h). */
size_t ipv4_emit_any(const struct ip_hdr *h, uint8_t *buf);

/* Stores v big-endian at p (any alignment) as one word. */
static inline void ipv4_put32(uint8_t *p, uint32_t v)
{
  v = __builtin_bswap32(v);
  memcpy(p, &v, 4);
}

/* Encodes h at buf (room for h->hlen bytes; hlen 20 + options, a multiple
 * of 4), computing the checksum; h->sum is ignored. Returns h->hlen. The
 * usual header, 20 bytes, is written inline; any other by ipv4_emit_any
 * (the same bytes either way). */
static inline size_t ipv4_emit(const struct ip_hdr *h, uint8_t *buf)
{
  if (h->hlen != IP_HDR_MIN || (h->off & 7))
    return ipv4_emit_any(h, buf);
  uint32_t w0 = (uint32_t)(0x40 | IP_HDR_MIN / 4) << 24 |
                (uint32_t)h->tos << 16 | h->len;
  uint32_t w1 = (uint32_t)h->id << 16 |
                (uint32_t)((h->flags & (IP_DF | IP_MF)) | h->off / 8);
  uint32_t w2 = (uint32_t)h->ttl << 24 | (uint32_t)h->proto << 16;
  uint64_t acc = (uint64_t)w0 + w1 + w2 + h->src + h->dst;
  acc = (acc & 0xffffffffu) + (acc >> 32);
  acc = (acc & 0xffff) + (acc >> 16);
  acc = (acc & 0xffff) + (acc >> 16);
  uint32_t sum = (uint32_t)((acc & 0xffff) + (acc >> 16));
  ipv4_put32(buf, w0);
  ipv4_put32(buf + 4, w1);
  ipv4_put32(buf + 8, w2 | (uint16_t)~sum);
  ipv4_put32(buf + 12, h->src);
  ipv4_put32(buf + 16, h->dst);
  return IP_HDR_MIN;
}

/* A short name for an IP_ERR_* value ("bad checksum"), for traces. */
const char *ipv4_strerror(int err);

#endif
