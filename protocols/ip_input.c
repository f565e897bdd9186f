/* protocols/ip_input.c: receiving IP datagrams: header checks (each
 * failure counted as 4.4BSD's ipstat counts it), removal of link padding,
 * "is it for us" (any of our addresses or their broadcast forms, weak
 * host model as 4.4BSD), reassembly, and the hand-off to the protocol.
 * Datagrams not for us are forwarded when the host is a gateway
 * (ip_forward: never to net 0, 127, class D or E, nor as a broadcast;
 * TTL, ICMP time exceeded and unreachable, source quench on a full queue)
 * and dropped otherwise. The usual datagram (20-byte header, checksums
 * known right) is read as words in ip_input; any other is parsed whole
 * (input_parsed); both then take the same steps.
 * Read RFC 1122 section 3.2.1, RFC 1812 section 5.2-5.3, 4.4BSD
 * netinet/ip_input.c (ipintr, ip_forward). */
#include "host.h"
#include "icmp.h"
#include "ip_var.h"
#include "in_proto.h"
#include "netif.h"
#include "pbuf.h"
#include "protosw.h"
#include "raw_ip.h"

#include <errno.h>
#include <string.h>

/* Counts a bad header by its kind. */
static void count_bad(struct ipstat *st, int err)
{
  switch (err) {
  case IP_ERR_SHORT: st->toosmall++; break;
  case IP_ERR_VERSION: st->badvers++; break;
  case IP_ERR_HLEN: st->badhlen++; break;
  case IP_ERR_CKSUM: st->badsum++; break;
  case IP_ERR_LEN: st->badlen++; break;
  default: st->tooshort++; break;
  }
}

/* Whether dst is ours: an address of any interface, a broadcast form of
 * any interface (4.4BSD without DIRECTED_BROADCAST: a gateway takes a
 * broadcast for a net beyond it as its own and does not pass it on), or
 * the loopback network for what came through the loopback (ifp NULL:
 * 4.4BSD's lo0, which ip_output's to_self stands for). The interfaces'
 * forms are listed in h->inet->ours (in_ifaddr_set). */
static bool for_us(const struct host *h, const struct netif *ifp,
                   in_addr32 dst)
{
  if (in_is_limited_broadcast(dst) || in_is_any(dst))
    return true;
  if (!ifp && in_is_loopback(dst))
    return true;
  const struct inet *in = h->inet;
  for (uint32_t i = 0; i < in->n_ours; i++)
    if (in->ours[i] == dst)
      return true;
  return false;
}

/* The big-endian 32-bit word at d (any alignment), loaded whole. */
static inline uint32_t load32(const uint8_t *d)
{
  uint32_t v;
  memcpy(&v, d, 4);
  return g_ntohl(v);
}

/* Whether a datagram to dst may be forwarded at all (4.4BSD
 * in_canforward): not class D or E, not network 0 or 127. */
static bool can_forward(in_addr32 dst)
{
  if (in_classd(dst) || in_classe(dst))
    return false;
  return (dst >> 24) != 0 && (dst >> 24) != 127;
}

/* The ICMP error for a failed forward (4.4BSD ip_forward's switch). */
static void forward_error(struct host *h, const struct pbuf *copy,
                          struct netif *ifp, int err, uint32_t mtu)
{
  if (err == -EMSGSIZE)
    icmp_error(h, copy, ifp, ICMP_UNREACH, ICMP_UNREACH_NEEDFRAG, mtu);
  else if (err == -ENOBUFS)
    icmp_error(h, copy, ifp, ICMP_SOURCEQUENCH, 0, 0);
  else
    icmp_error(h, copy, ifp, ICMP_UNREACH, ICMP_UNREACH_HOST, 0);
}

/* Copies the first MIN(len, 64) bytes of d to quote and returns how
 * many: for 32 bytes or more, with fixed-size copies the compiler does
 * inline (two overlapping halves below 64), not a call to memcpy. */
static uint32_t take_quote(uint8_t quote[64], const uint8_t *d, uint32_t len)
{
  if (len >= 64) {
    memcpy(quote, d, 64);
    return 64;
  }
  if (len >= 32) {
    memcpy(quote, d, 32);
    memcpy(quote + len - 32, d + len - 32, 32);
  } else
    memcpy(quote, d, len);
  return len;
}

/* ip_forward's failure: counted, and the ICMP error quoting the start
 * of the datagram as it arrived. */
static G_GNUC_NO_INLINE void forward_failed(struct host *h,
                                            struct netif *ifp,
                                            struct netif *out, int err,
                                            const uint8_t *quote,
                                            uint32_t qlen)
{
  h->inet->ipstat.cantforward++;
  struct pbuf *copy = pbuf_from(quote, qlen);
  forward_error(h, copy, ifp, err, out->port->mtu);
  pbuf_free(copy);
}

/* Forwards p, whose header (at its front, checked) is for dst, not us. */
static void ip_forward(struct host *h, struct netif *ifp, struct pbuf *p,
                       in_addr32 dst)
{
  struct ipstat *st = &h->inet->ipstat;
  if (!can_forward(dst)) {
    st->cantforward++;
    pbuf_free(p);
    return;
  }
  if (pbuf_data(p)[8] <= 1) {                   /* the TTL */
    icmp_error(h, p, ifp, ICMP_TIMXCEED, ICMP_TIMXCEED_INTRANS, 0);
    pbuf_free(p);
    return;
  }
  struct netif *out;
  in_addr32 hop;
  int rerr = ip_route(h, dst, 0, &out, &hop);
  if (rerr != 0) {
    /* 4.4BSD-Lite2 ip_forward: no route, or a reject route (looutput's
     * error), is host unreachable; a blackhole answers nothing */
    if (rerr < 0)
      icmp_error(h, p, ifp, ICMP_UNREACH, ICMP_UNREACH_HOST, 0);
    pbuf_free(p);
    return;
  }
  uint8_t quote[64];            /* 4.4BSD's mcopy, kept for an error */
  uint32_t qlen = take_quote(quote, pbuf_data(p), p->len);
  int err = ip_output_forward(h, p, out, hop);
  if (!err) {
    st->forward++;
    return;
  }
  forward_failed(h, ifp, out, err, quote, qlen);
}

/* Hands a whole datagram for us to its protocol (proto, header hlen
 * bytes). */
static void deliver(struct host *h, struct netif *ifp, struct pbuf *p,
                    uint8_t proto, uint8_t hlen)
{
  struct ipstat *st = &h->inet->ipstat;
  if (proto == IP_PROTO_ICMP) {
    st->delivered++;
    icmp_input(h, p, hlen, ifp);
    return;
  }
  const struct protosw *pr = pf_findinput(proto);
  if (pr && pr->pr_input) {
    st->delivered++;
    pr->pr_input(h, p, hlen, ifp);
    return;
  }
  /* As 4.4BSD, raw sockets get what no protocol claims; unlike
   * 4.4BSD-Lite (but as RFC 1122 asks) the sender hears if none did. */
  if (rip_input(h, pbuf_share(p), hlen, ifp))
    st->delivered++;
  else {
    st->noproto++;
    icmp_error(h, p, ifp, ICMP_UNREACH, ICMP_UNREACH_PROTOCOL, 0);
  }
  pbuf_free(p);
}

/* A checked datagram (trimmed to its length) not for us: forwarded on a
 * gateway, else dropped. */
static void not_ours(struct host *h, struct netif *ifp, struct pbuf *p,
                     in_addr32 dst)
{
  if (h->inet->forwarding) {
    ip_forward(h, ifp, p, dst);
    return;
  }
  struct ipstat *st = &h->inet->ipstat;
  st->cantforward++;
  st->notforus++;
  pbuf_free(p);
}

/* A fragment for us (header *ip): reassembled, and the whole datagram
 * delivered when this one completes it. */
static void fragment_in(struct host *h, struct netif *ifp, struct pbuf *p,
                        struct ip_hdr *ip)
{
  h->inet->ipstat.fragments++;
  p = ip_reass(h, p, ip);
  if (!p)
    return;
  ipv4_parse(pbuf_data(p), p->len, ip);
  deliver(h, ifp, p, ip->proto, ip->hlen);
}

/* ip_input for every datagram but the usual one (a bad header, options,
 * a checksum not known right, a fragment): the header parsed and checked
 * whole, then handled as the usual one is. */
static G_GNUC_NO_INLINE void input_parsed(struct host *h, struct netif *ifp,
                                          struct pbuf *p)
{
  struct ipstat *st = &h->inet->ipstat;
  struct ip_hdr ip;
  int r = ipv4_parse_known(pbuf_data(p), p->len, &ip, p->csum_good);
  if (r < 0) {
    count_bad(st, r);
    SIM_TRACE(h->sim, h->name, "ip-drop why=%s", ipv4_strerror(r));
    pbuf_free(p);
    return;
  }
  pbuf_trim(p, ip.len);       /* Ethernet padding */
  if (!for_us(h, ifp, ip.dst))
    not_ours(h, ifp, p, ip.dst);
  else if (ip.off || (ip.flags & IP_MF))
    fragment_in(h, ifp, p, &ip);
  else
    deliver(h, ifp, p, ip.proto, ip.hlen);
}

/* The usual datagram has a 20-byte header (version and length byte
 * 0x45), its total length at least that and within the bytes, and
 * checksums known right: everything ipv4_parse checks holds, and it is
 * read as words here, only the fields used. */
void ip_input(struct host *h, struct netif *ifp, struct pbuf *p)
{
  h->inet->ipstat.total++;
  const uint8_t *d = pbuf_data(p);
  uint32_t w0 = p->len >= IP_HDR_MIN ? load32(d) : 0;
  uint32_t tlen = w0 & 0xffff;
  if (G_UNLIKELY(w0 >> 24 != 0x45 || tlen < IP_HDR_MIN || tlen > p->len ||
                 !p->csum_good)) {
    input_parsed(h, ifp, p);
    return;
  }
  pbuf_trim(p, tlen);         /* Ethernet padding */
  in_addr32 dst = load32(d + 16);
  if (!for_us(h, ifp, dst))
    not_ours(h, ifp, p, dst);
  else if (G_UNLIKELY(load32(d + 4) & (IP_MF | IP_OFFMASK))) {
    struct ip_hdr ip;
    ipv4_parse_known(d, p->len, &ip, true);
    fragment_in(h, ifp, p, &ip);
  } else
    deliver(h, ifp, p, d[9], IP_HDR_MIN);
}
