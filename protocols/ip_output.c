/* protocols/ip_output.c: sending IP datagrams: the header, the route,
 * the source address, broadcast rules, datagrams to ourselves, and
 * fragmentation when the interface's MTU is smaller (ip_frag.c). Errors
 * are returned to the caller (the transport, or ip_forward, which turns
 * them into ICMP). Call order: udp_output / rip_output / icmp ->
 * ip_output -> ip_output_hdr -> in_ifoutput (if_inet.c). Read RFC 791
 * section 3.2, RFC 1122 section 3.3, 4.4BSD netinet/ip_output.c. */
#include "host.h"
#include "if_inet.h"
#include "ip_var.h"
#include "netif.h"
#include "pbuf.h"
#include "route.h"
#include "wire.h"

#include <errno.h>

/* The first Ethernet interface with an address: where a limited
 * broadcast goes (4.4BSD sends it on the primary interface). */
static struct netif *primary_broadcast_if(const struct host *h)
{
  for (guint i = 0; i < h->ifs->len; i++) {
    struct netif *ifp = g_ptr_array_index(h->ifs, i);
    if (ifp->in.set && ifp->port->kind == MEDIUM_ETHERNET)
      return ifp;
  }
  return NULL;
}

/* The interface whose network holds dst (SO_DONTROUTE), or NULL. */
static struct netif *connected_if(const struct host *h, in_addr32 dst)
{
  for (guint i = 0; i < h->ifs->len; i++) {
    struct netif *ifp = g_ptr_array_index(h->ifs, i);
    if (ifp->in.set && (dst & ifp->in.mask) == (ifp->in.addr & ifp->in.mask))
      return ifp;
  }
  return NULL;
}

/* No route: 4.4BSD-Lite2's ip_output gives EHOSTUNREACH when rtalloc
 * finds nothing, and ENETUNREACH only for IP_ROUTETOIF (SO_DONTROUTE,
 * MSG_DONTROUTE) when dst is on no directly connected network. */
/* A reject or blackhole route, as 4.4BSD's looutput treats a route to
 * lo0 with those flags: reject is EHOSTUNREACH for a host route and
 * ENETUNREACH for a network route; blackhole discards, no error. */
static int noif_route(const struct rtentry *rt)
{
  if (rt->flags & RTF_BLACKHOLE)
    return IP_ROUTE_BLACKHOLE;
  return (rt->flags & RTF_HOST) ? -EHOSTUNREACH : -ENETUNREACH;
}

/* ip_route for a limited broadcast or IP_ROUTETOIF, apart so the common
 * case stays small. */
static G_GNUC_NO_INLINE int route_special(struct host *h, in_addr32 dst,
                                          struct netif **ifp)
{
  if (in_is_limited_broadcast(dst)) {
    *ifp = primary_broadcast_if(h);
    return *ifp ? 0 : -EHOSTUNREACH;
  }
  *ifp = connected_if(h, dst);                  /* IP_ROUTETOIF */
  return *ifp ? 0 : -ENETUNREACH;
}

int ip_route(struct host *h, in_addr32 dst, int flags, struct netif **ifp,
             in_addr32 *next_hop)
{
  *next_hop = dst;
  if (G_UNLIKELY(in_is_limited_broadcast(dst) || (flags & IP_ROUTETOIF)))
    return route_special(h, dst, ifp);
  const struct rtentry *rt = rt_lookup(h->inet->rt, dst);
  if (G_UNLIKELY(!rt)) {
    *ifp = NULL;
    return -EHOSTUNREACH;
  }
  *ifp = rt->ifp;
  if (G_UNLIKELY(rt->flags & (RTF_REJECT | RTF_BLACKHOLE)))
    return noif_route(rt);
  if (rt->flags & RTF_GATEWAY)
    *next_hop = rt->gateway;
  return *ifp ? 0 : -EHOSTUNREACH;
}

struct frag_ctx {
  struct netif *ifp;          /* where the fragments go */
  in_addr32 next_hop;         /* to whom */
  bool via_gw;                /* the route's next hop is a gateway */
};

static int frag_out(void *ctx, struct pbuf *frag)
{
  struct frag_ctx *c = ctx;
  return in_ifoutput(c->ifp, frag, c->next_hop, c->via_gw);
}

/* ip_fragment for send_on, apart so send_on stays small. */
static G_GNUC_NO_INLINE int fragment(struct host *h, struct pbuf *p,
                                     uint32_t mtu, struct frag_ctx *c)
{
  return ip_fragment(h, p, mtu, frag_out, c);
}

/* Sends the finished datagram p (header written; df: it has Don't
 * Fragment) on c->ifp. */
static int send_on(struct host *h, struct pbuf *p, bool df,
                   struct frag_ctx *c)
{
  struct ipstat *st = &h->inet->ipstat;
  uint32_t mtu = c->ifp->port->mtu;
  int err;
  if (p->len <= mtu)
    err = in_ifoutput(c->ifp, p, c->next_hop, c->via_gw);
  else if (df) {
    st->cantfrag++;
    pbuf_free(p);
    return -EMSGSIZE;
  } else
    err = fragment(h, p, mtu, c);
  st->odropped += err == -ENOBUFS;
  return err;
}

/* Writes ip's header into p (its checksum computed). The datagram's
 * checksums stay known right (csum_good) when they were before and the
 * pseudo-header the transport summed is unchanged: `good` is false when
 * the source address was only just chosen. */
static void emit_hdr(struct pbuf *p, const struct ip_hdr *ip, bool good)
{
  ipv4_emit(ip, pbuf_writable(p));
  p->csum_good = good;
}

/* Delivers p to this host when ip->dst is one of its addresses or the
 * loopback network. True if it did (p taken). */
static bool to_self(struct host *h, struct pbuf *p, struct ip_hdr *ip)
{
  struct netif *self = in_ifaddr_find(h, ip->dst);
  if (!self && !in_is_loopback(ip->dst))
    return false;
  bool good = p->csum_good && ip->src;
  if (!ip->src)
    ip->src = self ? ip->dst : IN_ADDR_LOOPBACK;
  emit_hdr(p, ip, good);
  in_loop_input(h, self, p);
  return true;
}

int ip_output_hdr(struct host *h, struct pbuf *p, struct ip_hdr *ip,
                  int flags)
{
  if (!(flags & IP_FORWARDING) && to_self(h, p, ip))
    return 0;
  struct netif *ifp;
  in_addr32 next_hop;
  int err = ip_route(h, ip->dst, flags, &ifp, &next_hop);
  if (err) {
    h->inet->ipstat.noroute += err < 0;
    pbuf_free(p);
    return err < 0 ? err : 0;             /* IP_ROUTE_BLACKHOLE: gone */
  }
  return ip_output_routed(h, p, ip, flags, ifp, next_hop);
}

int ip_output_routed(struct host *h, struct pbuf *p, struct ip_hdr *ip,
                     int flags, struct netif *ifp, in_addr32 next_hop)
{
  int err;
  struct frag_ctx c = { .ifp = ifp, .next_hop = next_hop };
  c.via_gw = c.next_hop != ip->dst;
  bool good = p->csum_good && ip->src;
  if (!ip->src)
    ip->src = c.ifp->in.addr;
  emit_hdr(p, ip, good);
  if (in_ifbroadcast(c.ifp, ip->dst) || in_is_limited_broadcast(ip->dst)) {
    err = !(flags & IP_ALLOWBROADCAST) ? -EACCES
          : p->len > c.ifp->port->mtu ? -EMSGSIZE : 0;
    if (err) {
      pbuf_free(p);
      return err;
    }
  }
  return send_on(h, p, ip->flags & IP_DF, &c);
}

/* Rewrites the TTL of the header at d to ttl, updating its checksum for
 * the change of that one 16-bit word (TTL, protocol) as RFC 1624 eqn. 3
 * does: HC' = ~(~HC + ~m + m'). For a header whose checksum was right
 * this gives the very bytes a full recomputation does (a sum of nonzero
 * words folds to one value in 1..0xffff either way). */
static void set_ttl(uint8_t *d, uint8_t ttl)
{
  uint32_t m = wire_get16(d + 8);
  uint32_t m2 = (uint32_t)ttl << 8 | d[9];
  uint32_t s = (uint16_t)~wire_get16(d + 10) + (uint16_t)~m + m2;
  s = (s & 0xffff) + (s >> 16);
  s = (s & 0xffff) + (s >> 16);
  d[8] = ttl;
  wire_put16(d + 10, (uint16_t)~s);
}

/* ip_output_forward when the header must be written again from its
 * parse: no source address, the reserved flag bit, or a broadcast. */
static G_GNUC_NO_INLINE int forward_rebuilt(struct host *h, struct pbuf *p,
                                            struct netif *ifp,
                                            in_addr32 next_hop)
{
  struct ip_hdr ip;
  ipv4_parse_known(pbuf_data(p), p->len, &ip, true);
  ip.ttl--;
  return ip_output_routed(h, p, &ip, IP_FORWARDING, ifp, next_hop);
}

int ip_output_forward(struct host *h, struct pbuf *p, struct netif *ifp,
                      in_addr32 next_hop)
{
  const uint8_t *d = pbuf_data(p);
  in_addr32 dst = wire_get32(d + 16);
  if (G_UNLIKELY(!wire_get32(d + 12) || (d[6] & 0x80) ||
                 in_ifbroadcast(ifp, dst) || in_is_limited_broadcast(dst)))
    return forward_rebuilt(h, p, ifp, next_hop);
  bool good = p->csum_good;
  uint8_t *w = pbuf_writable(p);
  set_ttl(w, (uint8_t)(w[8] - 1));
  p->csum_good = good;
  struct frag_ctx c = { .ifp = ifp, .next_hop = next_hop,
                        .via_gw = next_hop != dst };
  return send_on(h, p, w[6] & (IP_DF >> 8), &c);
}

int ip_output(struct host *h, struct pbuf *p, const struct ip_out *o,
              int flags)
{
  struct inet *in = h->inet;
  if (p->len + IP_HDR_MIN > IP_MAXPACKET) {
    pbuf_free(p);
    return -EMSGSIZE;
  }
  struct ip_hdr ip = {
    .hlen = IP_HDR_MIN, .tos = o->tos,
    .len = (uint16_t)(p->len + IP_HDR_MIN), .id = in->ip_id++,
    .flags = o->df ? IP_DF : 0, .ttl = o->ttl ? o->ttl : in->ttl,
    .proto = o->proto, .src = o->src, .dst = o->dst,
  };
  pbuf_push(p, IP_HDR_MIN);
  in->ipstat.localout++;
  return ip_output_hdr(h, p, &ip, flags);
}
