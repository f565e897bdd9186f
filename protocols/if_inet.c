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

bool in_ifaccepts(enum medium_kind kind, int type)
{
  if (kind == MEDIUM_ETHERNET)
    return type == ETHER_TYPE_IP || type == ETHER_TYPE_ARP;
  return type == PPP_PROTO_IP;
}

void in_ifinput(struct netif *ifp, int type, struct pbuf *p)
{
  uint32_t hdr = ifp->port->kind == MEDIUM_ETHERNET ? ETHER_HDR_LEN
                                                    : P2P_HDR_LEN;
  pbuf_pull(p, hdr);
  if (!ifp->in.set) {         /* no address: IP is not configured here */
    ifp->stats.rx_unknown++;
    pbuf_free(p);
    return;
  }
  if (type == ETHER_TYPE_ARP)
    arp_input(ifp, p);
  else
    ip_input(ifp->host, ifp, p);
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
  uint8_t *d = pbuf_push(p, P2P_HDR_LEN);
  d[0] = 0xff;
  d[1] = 0x03;
  d[2] = PPP_PROTO_IP >> 8;
  d[3] = PPP_PROTO_IP & 0xff;
  return netif_output(ifp, p);
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
