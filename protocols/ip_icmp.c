/* protocols/ip_icmp.c: ICMP's state-bearing half: sending errors about
 * datagrams (icmp_error), answering echo requests, and passing the errors
 * that arrive to the transport concerned through its pr_ctlinput. The
 * wire format is icmp.c. Replies and errors take as source the address
 * the offending datagram was sent to when it is ours, else the address of
 * the interface it arrived on (4.4BSD icmp_reflect), so traceroute sees
 * each gateway's near side. Read RFC 792, RFC 1122 section 3.2.2, 4.4BSD
 * netinet/ip_icmp.c. */
#include "host.h"
#include "icmp.h"
#include "ip_var.h"
#include "in_proto.h"
#include "netif.h"
#include "pbuf.h"
#include "protosw.h"
#include "raw_ip.h"
#include "wire.h"

#include <string.h>

/* Whether an ICMP type reports an error (never answered with an error). */
static bool is_error_type(int type)
{
  return type == ICMP_UNREACH || type == ICMP_SOURCEQUENCH ||
         type == ICMP_TIMXCEED || type == 5 /* redirect */ ||
         type == 12 /* parameter problem */;
}

/* Whether a may be answered: not a broadcast, multicast or zero. */
static bool unicast(const struct host *h, in_addr32 a)
{
  if (in_is_any(a) || in_is_limited_broadcast(a) || in_classd(a) ||
      in_classe(a))
    return false;
  for (guint i = 0; i < h->ifs->len; i++)
    if (in_ifbroadcast(g_ptr_array_index(h->ifs, i), a))
      return false;
  return true;
}

/* The source for a message answering a datagram sent to dst that arrived
 * on ifp. */
static in_addr32 reflect_src(const struct host *h, in_addr32 dst,
                             const struct netif *ifp)
{
  if (in_ifaddr_find(h, dst))
    return dst;
  if (ifp && ifp->in.set)
    return ifp->in.addr;
  return 0;                   /* ip_output picks the outgoing interface's */
}

/* Sends an ICMP message: header *ic and data[0..n), to dst from src. */
static void send_icmp(struct host *h, const struct icmp_hdr *ic,
                      const uint8_t *data, size_t n, in_addr32 src,
                      in_addr32 dst)
{
  struct pbuf *p = pbuf_new((uint32_t)(ICMP_HDR_LEN + n));
  uint8_t *d = pbuf_writable(p);
  memcpy(d + ICMP_HDR_LEN, data, n);
  icmp_emit(ic, d, ICMP_HDR_LEN + n);
  if (ic->type < G_N_ELEMENTS(h->inet->icmpstat.outhist))
    h->inet->icmpstat.outhist[ic->type]++;
  struct ip_out o = { .src = src, .dst = dst, .proto = IP_PROTO_ICMP };
  ip_output(h, p, &o, 0);
}

/* Decodes the fields icmp_error needs from a datagram's first bytes (it
 * may be a 64-byte copy of a longer one, as ip_forward keeps). */
static bool quote_header(const uint8_t *d, size_t n, struct ip_hdr *ip)
{
  if (n < IP_HDR_MIN || (d[0] >> 4) != 4 || (size_t)(d[0] & 15) * 4 > n ||
      (d[0] & 15) < 5)
    return false;
  ip->hlen = (uint8_t)((d[0] & 15) * 4);
  ip->len = wire_get16(d + 2);
  ip->off = (uint16_t)((wire_get16(d + 6) & IP_OFFMASK) * 8);
  ip->proto = d[9];
  ip->src = wire_get32(d + 12);
  ip->dst = wire_get32(d + 16);
  return true;
}

void icmp_error(struct host *h, const struct pbuf *p, struct netif *ifp,
                int type, int code, uint32_t mtu)
{
  struct icmpstat *st = &h->inet->icmpstat;
  struct ip_hdr ip;
  const uint8_t *d = pbuf_data(p);
  if (!quote_header(d, p->len, &ip))
    return;
  st->error++;
  if (ip.off != 0 || !unicast(h, ip.dst) || !unicast(h, ip.src))
    return;
  if (ip.proto == IP_PROTO_ICMP && ip.len > ip.hlen && p->len > ip.hlen &&
      is_error_type(d[ip.hlen])) {
    st->oldicmp++;
    return;
  }
  struct icmp_hdr ic = { .type = (uint8_t)type, .code = (uint8_t)code };
  if (type == ICMP_UNREACH && code == ICMP_UNREACH_NEEDFRAG)
    ic.u.frag.mtu = (uint16_t)MIN(mtu, 0xffffu);
  size_t quote = MIN(MIN((size_t)ip.len, (size_t)ip.hlen + 8), p->len);
  SIM_TRACE(h->sim, h->name, "icmp-error type=%d code=%d", type, code);
  send_icmp(h, &ic, d, quote, reflect_src(h, ip.dst, ifp), ip.src);
}

/* The pr_ctlinput command for an arriving error, or -1. */
static int ctl_cmd(int type, int code)
{
  static const int unreach[] = {
    PRC_UNREACH_NET, PRC_UNREACH_HOST, PRC_UNREACH_PROTOCOL,
    PRC_UNREACH_PORT, PRC_MSGSIZE, PRC_UNREACH_SRCFAIL,
  };
  if (type == ICMP_UNREACH)
    return code < (int)G_N_ELEMENTS(unreach) ? unreach[code]
                                             : PRC_UNREACH_NET;
  if (type == ICMP_TIMXCEED)
    return code == 0 ? PRC_TIMXCEED_INTRANS : PRC_TIMXCEED_REASS;
  if (type == ICMP_SOURCEQUENCH)
    return PRC_QUENCH;
  return -1;
}

/* An error arrived: tell the transport of the quoted datagram. */
static void notify(struct host *h, const struct icmp_hdr *ic,
                   const uint8_t *q, size_t n)
{
  struct ip_hdr ip;
  int cmd = ctl_cmd(ic->type, ic->code);
  if (cmd < 0 || n < IP_HDR_MIN || (q[0] >> 4) != 4 ||
      (size_t)(q[0] & 15) * 4 + 8 > n) {
    h->inet->icmpstat.badcode++;
    return;
  }
  ip.hlen = (uint8_t)((q[0] & 15) * 4);   /* the quote is cut: no checks */
  ip.proto = q[9];
  struct prc_info info = {
    .src = wire_get32(q + 12), .dst = wire_get32(q + 16),
    .proto = ip.proto, .mtu = ic->u.frag.mtu,
  };
  if (ip.proto == IP_PROTO_UDP || ip.proto == IP_PROTO_TCP) {
    info.sport = wire_get16(q + ip.hlen);
    info.dport = wire_get16(q + ip.hlen + 2);
  }
  const struct protosw *pr = pf_findinput(ip.proto);
  if (pr && pr->pr_ctlinput)
    pr->pr_ctlinput(h, (enum prc_cmd)cmd, &info);
}

static void echo_reply(struct host *h, struct icmp_hdr *ic,
                       const uint8_t *data, size_t n, const struct ip_hdr *ip,
                       struct netif *ifp)
{
  ic->type = ICMP_ECHOREPLY;
  h->inet->icmpstat.reflect++;
  send_icmp(h, ic, data, n, reflect_src(h, ip->dst, ifp), ip->src);
}

void icmp_input(struct host *h, struct pbuf *p, int hlen, struct netif *ifp)
{
  struct icmpstat *st = &h->inet->icmpstat;
  struct ip_hdr ip;
  ipv4_parse(pbuf_data(p), p->len, &ip);
  const uint8_t *d = pbuf_data(p) + hlen;
  size_t n = p->len - (uint32_t)hlen;
  struct icmp_hdr ic;
  int r = icmp_parse(d, n, &ic);
  if (r < 0) {
    if (r == ICMP_ERR_SHORT)
      st->tooshort++;
    else
      st->checksum++;
    pbuf_free(p);
    return;
  }
  if (ic.type < G_N_ELEMENTS(st->inhist))
    st->inhist[ic.type]++;
  if (ic.type == ICMP_ECHO && unicast(h, ip.src))
    echo_reply(h, &ic, d + ICMP_HDR_LEN, n - ICMP_HDR_LEN, &ip, ifp);
  else if (is_error_type(ic.type))
    notify(h, &ic, d + ICMP_HDR_LEN, n - ICMP_HDR_LEN);
  rip_input(h, p, hlen, ifp);
}
