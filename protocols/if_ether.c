/* protocols/if_ether.c: the DIX Ethernet header and 48-bit addresses
 * (if_ether.h). Bytes on the wire are big-endian: dst, src, then the
 * 2-byte type. Keeps no state. */
#include "if_ether.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

const uint8_t ether_broadcast_addr[ETHER_ADDR_LEN] = {
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

int ether_parse(const uint8_t *buf, size_t len, struct ether_hdr *h)
{
  g_return_val_if_fail(h && (buf || len == 0), ETHER_ERR_SHORT);
  if (len < ETHER_HDR_LEN)
    return ETHER_ERR_SHORT;
  memcpy(h->dst, buf, ETHER_ADDR_LEN);
  memcpy(h->src, buf + ETHER_ADDR_LEN, ETHER_ADDR_LEN);
  h->type = (uint16_t)(buf[12] << 8 | buf[13]);
  if (h->type < ETHER_TYPE_MIN)
    return ETHER_ERR_8023;
  return ETHER_HDR_LEN;
}

size_t ether_emit(const struct ether_hdr *h, uint8_t *buf)
{
  g_return_val_if_fail(h && buf, 0);
  memcpy(buf, h->dst, ETHER_ADDR_LEN);
  memcpy(buf + ETHER_ADDR_LEN, h->src, ETHER_ADDR_LEN);
  buf[12] = (uint8_t)(h->type >> 8);
  buf[13] = (uint8_t)h->type;
  return ETHER_HDR_LEN;
}

const char *ether_strerror(int err)
{
  switch (err) {
  case ETHER_ERR_SHORT: return "short header";
  case ETHER_ERR_8023:  return "802.3 length, not a type";
  default:              return "ok";
  }
}

bool ether_is_broadcast(const uint8_t a[ETHER_ADDR_LEN])
{
  return memcmp(a, ether_broadcast_addr, ETHER_ADDR_LEN) == 0;
}

bool ether_is_multicast(const uint8_t a[ETHER_ADDR_LEN])
{
  return (a[0] & 1) != 0;
}

char *ether_format(const uint8_t a[ETHER_ADDR_LEN],
                   char buf[ETHER_ADDR_STRLEN])
{
  snprintf(buf, ETHER_ADDR_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
           a[0], a[1], a[2], a[3], a[4], a[5]);
  return buf;
}
