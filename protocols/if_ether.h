/* protocols/if_ether.h: the DIX Ethernet header on the wire (Ethernet
 * V2.0 / IEEE 802.3 section 3.2 with a type field), apart from any state:
 * ether_parse() decodes, ether_emit() encodes, plus tests and printing
 * of 48-bit addresses. The type is in host order. Sizes (ETHER_ADDR_LEN,
 * ETHER_HDR_LEN, ...) come from sim/engine/framing.h. Not here: padding to the
 * minimum frame, the FCS and timing (sim/media/bus.c), and dispatch on the
 * type (hosts/netif.c). ARP's packet is in arp.h. */
#ifndef IPCSIM_IF_ETHER_H
#define IPCSIM_IF_ETHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "medium.h"
#include "rawlink.h"

#define ETHER_TYPE_IP    0x0800     /* IPv4, RFC 894 */
#define ETHER_TYPE_ARP   0x0806     /* ARP, RFC 826 */
#define ETHER_TYPE_RAW   RAWLINK_ETHERTYPE  /* raw test frames, 0x88b5 */
#define ETHER_TYPE_MIN   0x0600     /* smaller values are 802.3 lengths */
#define ETHER_ADDR_STRLEN 18        /* "08:00:20:01:02:03" and its NUL */

/* Reasons ether_parse() rejects a header, as negative values. */
#define ETHER_ERR_SHORT  (-1)       /* fewer than ETHER_HDR_LEN bytes */
#define ETHER_ERR_8023   (-2)       /* type < 0x0600: an IEEE 802.3 length
                                       field, not a DIX type */

struct ether_hdr {
  uint8_t dst[ETHER_ADDR_LEN];      /* destination address */
  uint8_t src[ETHER_ADDR_LEN];      /* source address */
  uint16_t type;                    /* ETHER_TYPE_*, host order */
};

/* ff:ff:ff:ff:ff:ff. */
extern const uint8_t ether_broadcast_addr[ETHER_ADDR_LEN];

/* Decodes the header at buf (len bytes available). Returns ETHER_HDR_LEN,
 * or an ETHER_ERR_* value: for ETHER_ERR_8023 *h is still filled in
 * (type holds the length), for ETHER_ERR_SHORT it is untouched. */
int ether_parse(const uint8_t *buf, size_t len, struct ether_hdr *h);

/* Encodes h at buf (room for ETHER_HDR_LEN bytes). Returns ETHER_HDR_LEN. */
size_t ether_emit(const struct ether_hdr *h, uint8_t *buf);

/* A short name for an ETHER_ERR_* value ("short header"), for traces. */
const char *ether_strerror(int err);

/* Whether a is the broadcast address ff:ff:ff:ff:ff:ff. */
bool ether_is_broadcast(const uint8_t a[ETHER_ADDR_LEN]);

/* Whether a is a group address (the I/G bit, the low bit of the first
 * byte, is set). The broadcast address is one too. */
bool ether_is_multicast(const uint8_t a[ETHER_ADDR_LEN]);

/* Writes a as "08:00:20:01:02:03" (lower-case hex) into buf; returns buf. */
char *ether_format(const uint8_t a[ETHER_ADDR_LEN],
                   char buf[ETHER_ADDR_STRLEN]);

#endif
