/* protocols/arp.h: the Address Resolution Protocol (RFC 826) for IPv4 over
 * Ethernet. The wire format, apart from any state (arp.c): arp_parse()
 * checks and decodes a packet, arp_emit() encodes one, and arp_request()
 * / arp_reply() fill in the two packets a host sends. The per-interface
 * cache (arp_cache.c) behaves as 4.4BSD's netinet/if_ether.c: resolved
 * entries live 20 minutes; while a request is outstanding one packet is
 * held (a newer one replaces it); requests are driven by output and sent
 * at most once per second of simulated time; after 5 unanswered requests
 * the entry is rejected for 20 s, during which sends fail with EHOSTDOWN
 * (EHOSTUNREACH when the route went through a gateway). Addresses:
 * Ethernet as 6 bytes, IPv4 as in_addr32 in host order. Read RFC 826
 * ("Packet format" and "Packet Reception"), 4.4BSD arpresolve and
 * in_arpinput. */
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

/* 4.4BSD's timers and limits (if_ether.c). */
#define ARP_KEEP_S     (20 * 60)    /* arpt_keep: a resolved entry's life */
#define ARP_DOWN_S     20           /* arpt_down: rejection after no answer */
#define ARP_MAXTRIES   5            /* arp_maxtries: requests before that */

struct netif;
struct pbuf;
struct arptab;

/* Resolves next hop dst on Ethernet interface ifp for packet p (an IP
 * datagram; via_gw says whether the route goes through a gateway).
 * Returns 1 with mac filled when known (p untouched, still the caller's);
 * 0 when p was taken: held until a reply comes, with a request sent if
 * none went out this second; or a negative errno when the entry is
 * rejected (-EHOSTDOWN, or -EHOSTUNREACH via a gateway; p untouched). */
int arp_resolve(struct netif *ifp, in_addr32 dst, bool via_gw,
                struct pbuf *p, uint8_t mac[ETHER_ADDR_LEN]);

/* An ARP packet (after the Ethernet header) arrived on ifp. Takes p.
 * Answers requests for ifp's address, learns the sender when the request
 * is for us or the sender is already cached, and sends a held packet once
 * its address is known. Malformed packets are counted and dropped. */
void arp_input(struct netif *ifp, struct pbuf *p);

/* What the cache holds for dst on ifp, for tests and listings: 1
 * resolved (mac filled), 0 pending or rejected, -1 no entry. */
int arp_lookup(const struct netif *ifp, in_addr32 dst,
               uint8_t mac[ETHER_ADDR_LEN]);

/* Frees an interface's cache and any held packets. NULL is fine. */
void arp_table_free(struct arptab *t);

#endif
