/* protocols/udp.c: UDP header parse and emit (see udp.h; RFC 768). The
 * checksum covers the IPv4 pseudo-header, the header and the data, so
 * emit runs after the data is in place. Keeps no state. */
#include "udp.h"
#include "wire.h"
#include "in_cksum.h"
#include "ip.h"

#include <glib.h>

/* The checksum over the pseudo-header and the ulen bytes at buf. */
static uint16_t cksum(const uint8_t *buf, uint16_t ulen, uint32_t src,
                      uint32_t dst)
{
  uint32_t sum = in_cksum_pseudo(0, src, dst, IP_PROTO_UDP, ulen);
  return in_cksum_finish(in_cksum_add(sum, buf, ulen));
}

int udp_parse(const uint8_t *buf, size_t len, uint32_t src, uint32_t dst,
              struct udp_hdr *h)
{
  return udp_parse_known(buf, len, src, dst, h, false);
}

int udp_parse_known(const uint8_t *buf, size_t len, uint32_t src,
                    uint32_t dst, struct udp_hdr *h, bool sum_known)
{
  if (len < UDP_HDR_LEN)
    return UDP_ERR_SHORT;
  h->len = wire_get16(buf + 4);
  if (h->len < UDP_HDR_LEN || h->len > len)
    return UDP_ERR_LEN;
  h->sum = wire_get16(buf + 6);
  if (h->sum != 0 && !sum_known && cksum(buf, h->len, src, dst) != 0)
    return UDP_ERR_CKSUM;
  h->sport = wire_get16(buf);
  h->dport = wire_get16(buf + 2);
  return UDP_HDR_LEN;
}

size_t udp_emit(const struct udp_hdr *h, uint32_t src, uint32_t dst,
                uint8_t *buf, bool with_cksum)
{
  g_return_val_if_fail(h->len >= UDP_HDR_LEN, 0);
  wire_put16(buf, h->sport);
  wire_put16(buf + 2, h->dport);
  wire_put16(buf + 4, h->len);
  wire_put16(buf + 6, 0);
  if (with_cksum) {
    uint16_t sum = cksum(buf, h->len, src, dst);
    wire_put16(buf + 6, sum == 0 ? 0xffff : sum);
  }
  return UDP_HDR_LEN;
}

const char *udp_strerror(int err)
{
  switch (err) {
  case UDP_ERR_SHORT: return "too short";
  case UDP_ERR_LEN: return "bad length";
  case UDP_ERR_CKSUM: return "bad checksum";
  default: return "ok";
  }
}
