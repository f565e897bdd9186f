/* protocols/arp.h: the Address Resolution Protocol (RFC 826) for IPv4 over
 * Ethernet. Today only the wire format, apart from any state: arp_parse()
 * checks and decodes a packet, arp_emit() encodes one, and arp_request()
 * / arp_reply() fill in the two packets a host sends. The cache and its
 * timers (4.4BSD netinet/if_ether.c: arpresolve, in_arpinput) will come
 * later, in arp.c too. Addresses: Ethernet as 6 bytes, IPv4 as in_addr32
 * in host order. Read RFC 826 ("Packet format" and "Packet Reception"). */
#ifndef IPCSIM_ARP_H
#define IPCSIM_ARP_H

#include <stddef.h>
#include <stdint.h>
#include "if_ether.h"
#include "in.h"

#define ARP_PKT_LEN      28         /* Ethernet/IPv4 packet, no padding */
#define ARP_HRD_ETHER    1          /* ar$hrd: 10 Mb/s Ethernet */
#define ARP_PRO_IP       ETHER_TYPE_IP  /* ar$pro: IPv4 */
#define ARP_HLN_ETHER    ETHER_ADDR_LEN /* ar$hln */
#define ARP_PLN_IP       4          /* ar$pln */
#define ARP_OP_REQUEST   1          /* ar$op: who has tpa? */
#define ARP_OP_REPLY     2          /* ar$op: spa is at sha */

/* Reasons arp_parse() rejects a packet, as negative values. Checked in
 * this order, so a packet wrong in two ways reports the first. */
#define ARP_ERR_SHORT    (-1)       /* fewer than ARP_PKT_LEN bytes */
#define ARP_ERR_HRD      (-2)       /* hardware type is not Ethernet (1) */
#define ARP_ERR_PRO      (-3)       /* protocol type is not IPv4 (0x0800) */
#define ARP_ERR_HLN      (-4)       /* hardware address length is not 6 */
#define ARP_ERR_PLN      (-5)       /* protocol address length is not 4 */
#define ARP_ERR_OP       (-6)       /* opcode is neither request nor reply */

/* An Ethernet/IPv4 ARP packet. The fixed fields (hrd, pro, hln, pln) are
 * not stored: arp_parse() checks them and arp_emit() writes them. */
struct arp_pkt {
  uint16_t op;                      /* ARP_OP_REQUEST or ARP_OP_REPLY */
  uint8_t sha[ETHER_ADDR_LEN];      /* sender hardware address */
  in_addr32 spa;                    /* sender protocol address */
  uint8_t tha[ETHER_ADDR_LEN];      /* target hardware address (zero in a
                                       request) */
  in_addr32 tpa;                    /* target protocol address */
};

/* Decodes the packet at buf (len bytes available; bytes after the first
 * ARP_PKT_LEN, such as Ethernet padding, are ignored). Returns
 * ARP_PKT_LEN, or an ARP_ERR_* value (then *a is untouched). */
int arp_parse(const uint8_t *buf, size_t len, struct arp_pkt *a);

/* Encodes a at buf (room for ARP_PKT_LEN bytes) with the Ethernet/IPv4
 * fixed fields. a->op must be ARP_OP_REQUEST or ARP_OP_REPLY. Returns
 * ARP_PKT_LEN. */
size_t arp_emit(const struct arp_pkt *a, uint8_t *buf);

/* A short name for an ARP_ERR_* value ("bad opcode"), for traces. */
const char *arp_strerror(int err);

/* Fills *a with a request from (sha, spa) asking for tpa; tha is zero.
 * It is sent to the Ethernet broadcast address. */
void arp_request(struct arp_pkt *a, const uint8_t sha[ETHER_ADDR_LEN],
                 in_addr32 spa, in_addr32 tpa);

/* Fills *a with the reply to request req from the host whose address
 * req->tpa is, at hardware address mac: sender (mac, req->tpa), target
 * (req->sha, req->spa). It is sent to req->sha. a and req may not be the
 * same object. */
void arp_reply(struct arp_pkt *a, const struct arp_pkt *req,
               const uint8_t mac[ETHER_ADDR_LEN]);

#endif
