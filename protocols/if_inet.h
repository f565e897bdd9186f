/* protocols/if_inet.h: IP and ARP over an interface's medium: framing
 * IP datagrams for Ethernet (with ARP) or for point-to-point links (PPP
 * protocol 0x0021), and dispatching arriving IP and ARP frames upward.
 * The medium knows nothing of IP; this is where the two meet. Read RFC
 * 894 (IP over Ethernet), RFC 1661/1332 (PPP), 4.4BSD net/if_ethersubr.c. */
#ifndef IPCSIM_IF_INET_H
#define IPCSIM_IF_INET_H

#include <stdbool.h>
#include <stdint.h>
#include "in.h"
#include "medium.h"

struct netif;
struct pbuf;

#define PPP_PROTO_IP 0x0021         /* PPP: Internet Protocol */

/* Input of an IP or ARP frame arrived on ifp (p still has its link
 * header; takes p). */
typedef void (*in_frame_input_fn)(struct netif *ifp, int type,
                                  struct pbuf *p);

/* The input for frames of this link type/protocol on framing kind: IP
 * (Ethernet, PPP) or ARP (Ethernet); NULL for any other. */
in_frame_input_fn in_ifinput(enum medium_kind kind, int type);

/* Sends IP datagram p (starting at its IP header) on ifp to next hop
 * next_hop: broadcast frames for broadcast addresses (and a copy looped
 * back to this host, as a simplex Ethernet does), ARP otherwise. Takes p
 * in every outcome. Returns 0 (sent, or held for ARP), or -ENOBUFS,
 * -EHOSTDOWN, -EHOSTUNREACH, -EMSGSIZE. */
int in_ifoutput(struct netif *ifp, struct pbuf *p, in_addr32 next_hop,
                bool via_gw);

/* Adds an Ethernet header (src: ifp's address) and hands the frame to
 * the medium. Takes p. Returns 0 or the medium's negative errno. */
int ether_send(struct netif *ifp, struct pbuf *p,
               const uint8_t dst[ETHER_ADDR_LEN], uint16_t type);

#endif
