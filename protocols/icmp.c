/* protocols/icmp.c: ICMP header parse and emit (see icmp.h; RFC 792).
 * The checksum covers the header and all the data (RFC 792, "Checksum"),
 * so emit runs after the data is in place. Keeps no state. */
#include "icmp.h"
#include "wire.h"
#include "in_cksum.h"

#include <glib.h>

int icmp_parse(const uint8_t *buf, size_t len, struct icmp_hdr *h)
{
  if (len < ICMP_HDR_LEN)
    return ICMP_ERR_SHORT;
  if (in_cksum(buf, len) != 0)
    return ICMP_ERR_CKSUM;
  h->type = buf[0];
  h->code = buf[1];
  h->sum = wire_get16(buf + 2);
  h->u.echo.id = wire_get16(buf + 4);
  h->u.echo.seq = wire_get16(buf + 6);
  return ICMP_HDR_LEN;
}

size_t icmp_emit(const struct icmp_hdr *h, uint8_t *buf, size_t len)
{
  g_return_val_if_fail(len >= ICMP_HDR_LEN, 0);
  buf[0] = h->type;
  buf[1] = h->code;
  wire_put16(buf + 2, 0);
  wire_put16(buf + 4, h->u.echo.id);
  wire_put16(buf + 6, h->u.echo.seq);
  wire_put16(buf + 2, in_cksum(buf, len));
  return ICMP_HDR_LEN;
}

const char *icmp_strerror(int err)
{
  switch (err) {
  case ICMP_ERR_SHORT: return "too short";
  case ICMP_ERR_CKSUM: return "bad checksum";
  default: return "ok";
  }
}
