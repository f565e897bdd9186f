/* protocols/if_inet.c: IP and ARP framing on an interface (see
 * if_inet.h). Ethernet frames carry type 0x0800 (IP) or 0x0806 (ARP)
 * after a DIX header; links carry PPP frames ff 03 00 21 (IP). Every
 * arriving frame is checked (length, header) and bad ones are counted in
 * the interface's rx_badframe and dropped. */
#include "if_inet.h"
#include "arp.h"
#include "host.h"
#include "if_ether.h"
#include "ip_var.h"
#include "netif.h"
#include "pbuf.h"

#include <errno.h>
#include <string.h>

/* Drops the link header (hdr bytes) of a frame for IP or ARP; false
 * (p dropped and counted) when ifp has no address: IP is not configured
 * here. */
static bool frame_in(struct netif *ifp, struct pbuf *p, uint32_t hdr)
{
  pbuf_pull(p, hdr);
  if (ifp->in.set)
    return true;
  ifp->stats.rx_unknown++;
  pbuf_free(p);
  return false;
}

/* frame_in's refusal, apart so that the inputs below tail-call. */
static G_GNUC_NO_INLINE void unconfigured(struct netif *ifp, struct pbuf *p)
{
  ifp->stats.rx_unknown++;
  pbuf_free(p);
}

/* The PPP header is there (netif_input read it): pulled without pbuf_pull's
 * check. */
static void ppp_ip_input(struct netif *ifp, int type, struct pbuf *p)
{
  (void)type;
  if (G_UNLIKELY(!ifp->in.set)) {
    unconfigured(ifp, p);
    return;
  }
  p->data += P2P_HDR_LEN;
  p->len -= P2P_HDR_LEN;
  ip_input(ifp->host, ifp, p);
}

static void ether_ip_input(struct netif *ifp, int type, struct pbuf *p)
{
  (void)type;
  if (frame_in(ifp, p, ETHER_HDR_LEN))
    ip_input(ifp->host, ifp, p);
}

static void ether_arp_input(struct netif *ifp, int type, struct pbuf *p)
{
  (void)type;
  if (frame_in(ifp, p, ETHER_HDR_LEN))
    arp_input(ifp, p);
}

in_frame_input_fn in_ifinput(enum medium_kind kind, int type)
{
  if (kind != MEDIUM_ETHERNET)
    return type == PPP_PROTO_IP ? ppp_ip_input : NULL;
  if (type == ETHER_TYPE_IP)
    return ether_ip_input;
  return type == ETHER_TYPE_ARP ? ether_arp_input : NULL;
}

int ether_send(struct netif *ifp, struct pbuf *p,
               const uint8_t dst[ETHER_ADDR_LEN], uint16_t type)
{
  struct ether_hdr eh;
  memcpy(eh.dst, dst, ETHER_ADDR_LEN);
  memcpy(eh.src, ifp->mac, ETHER_ADDR_LEN);
  eh.type = type;
  ether_emit(&eh, pbuf_push(p, ETHER_HDR_LEN));
  return netif_output(ifp, p);
}

static int ppp_send(struct netif *ifp, struct pbuf *p)
{
  static const uint8_t hdr[P2P_HDR_LEN] = {
    0xff, 0x03, PPP_PROTO_IP >> 8, PPP_PROTO_IP & 0xff,
  };
  memcpy(pbuf_push(p, P2P_HDR_LEN), hdr, P2P_HDR_LEN);
  return netif_output(ifp, p);
}

/* in_ifoutput on an Ethernet: broadcast, or the next hop's address from
 * ARP (apart, so the point-to-point case stays small). */
static G_GNUC_NO_INLINE int ether_output(struct netif *ifp, struct pbuf *p,
                                         in_addr32 next_hop, bool via_gw)
{
  if (in_ifbroadcast(ifp, next_hop)) {
    in_loop_input(ifp->host, ifp, pbuf_share(p));
    return ether_send(ifp, p, ether_broadcast_addr, ETHER_TYPE_IP);
  }
  uint8_t mac[ETHER_ADDR_LEN];
  int r = arp_resolve(ifp, next_hop, via_gw, p, mac);
  if (r == 1)
    return ether_send(ifp, p, mac, ETHER_TYPE_IP);
  if (r < 0)
    pbuf_free(p);
  return r;
}

int in_ifoutput(struct netif *ifp, struct pbuf *p, in_addr32 next_hop,
                bool via_gw)
{
  if (p->len > ifp->port->mtu) {
    pbuf_free(p);
    return -EMSGSIZE;
  }
  if (ifp->port->kind == MEDIUM_P2P)
    return ppp_send(ifp, p);
  return ether_output(ifp, p, next_hop, via_gw);
}
