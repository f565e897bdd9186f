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
         type == ICMP_TIMXCEED || type == ICMP_REDIRECT ||
         type == ICMP_PARAMPROB;
}

/* Whether an ICMP type is a query or a reply (4.4BSD ICMP_INFOTYPE):
 * echo, router advertisement and solicitation, timestamp, information
 * and address mask. Any other type, unknown ones too, is taken for an
 * error and never answered with an error. */
static bool is_info_type(int type)
{
  return type == ICMP_ECHOREPLY || type == ICMP_ECHO ||
         (type >= 9 && type <= 10) || (type >= 13 && type <= 18);
}

/* Whether a may be answered: not a broadcast, multicast, class E, nor on
 * network 0 (4.4BSD icmp_reflect's in_canforward test; the loopback
 * network may be answered). */
static bool unicast(const struct host *h, in_addr32 a)
{
  if ((a >> 24) == 0 || in_is_limited_broadcast(a) || in_classd(a) ||
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
  if (ip.proto == IP_PROTO_ICMP && ip.len >= ip.hlen + ICMP_HDR_LEN &&
      p->len >= (uint32_t)ip.hlen + ICMP_HDR_LEN &&
      !is_info_type(d[ip.hlen])) {
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

/* The pr_ctlinput command for an unreachable's code, or -1 for a code
 * 4.4BSD's icmp_input does not know (13 and up). */
static int unreach_cmd(int code)
{
  switch (code) {
  case ICMP_UNREACH_NET: case ICMP_UNREACH_NET_UNKNOWN:
  case ICMP_UNREACH_NET_PROHIB: case ICMP_UNREACH_TOSNET:
    return PRC_UNREACH_NET;
  case ICMP_UNREACH_HOST: case ICMP_UNREACH_HOST_UNKNOWN:
  case ICMP_UNREACH_ISOLATED: case ICMP_UNREACH_HOST_PROHIB:
  case ICMP_UNREACH_TOSHOST:
    return PRC_UNREACH_HOST;
  case ICMP_UNREACH_PROTOCOL: return PRC_UNREACH_PROTOCOL;
  case ICMP_UNREACH_PORT: return PRC_UNREACH_PORT;
  case ICMP_UNREACH_NEEDFRAG: return PRC_MSGSIZE;
  case ICMP_UNREACH_SRCFAIL: return PRC_UNREACH_SRCFAIL;
  default: return -1;
  }
}

/* The pr_ctlinput command for an arriving error, or -1 for a bad code. */
static int ctl_cmd(int type, int code)
{
  switch (type) {
  case ICMP_UNREACH: return unreach_cmd(code);
  case ICMP_TIMXCEED:
    return code == 0 ? PRC_TIMXCEED_INTRANS
           : code == 1 ? PRC_TIMXCEED_REASS : -1;
  case ICMP_PARAMPROB: return code <= 1 ? PRC_PARAMPROB : -1;
  case ICMP_SOURCEQUENCH: return code == 0 ? PRC_QUENCH : -1;
  default: return -1;
  }
}

/* Whether an error's quote q[0..n) holds a whole header and 8 bytes
 * beyond it (4.4BSD ICMP_ADVLENMIN, ICMP_ADVLEN). */
static bool quote_ok(const uint8_t *q, size_t n)
{
  return n >= IP_HDR_MIN + 8 && (q[0] & 15) >= 5 &&
         (size_t)(q[0] & 15) * 4 + 8 <= n;
}

/* Tells the transport of the quoted datagram q[0..n) about cmd. */
static void notify(struct host *h, int cmd, uint32_t mtu, const uint8_t *q)
{
  size_t hl = (size_t)(q[0] & 15) * 4;
  struct prc_info info = {
    .src = wire_get32(q + 12), .dst = wire_get32(q + 16),
    .proto = q[9], .mtu = mtu,
  };
  if (info.proto == IP_PROTO_UDP || info.proto == IP_PROTO_TCP) {
    info.sport = wire_get16(q + hl);
    info.dport = wire_get16(q + hl + 2);
  }
  const struct protosw *pr = pf_findinput(info.proto);
  if (pr && pr->pr_ctlinput)
    pr->pr_ctlinput(h, (enum prc_cmd)cmd, &info);
}

/* An error arrived (4.4BSD icmp_input's cases for unreachable, time
 * exceeded, parameter problem, source quench, redirect): a code out of
 * range is counted and goes to raw sockets only; a quote too short is
 * counted and dropped (false); else the transport hears (redirects have
 * no effect: routes here are static). */
static bool advise(struct host *h, const struct icmp_hdr *ic,
                   const uint8_t *q, size_t n)
{
  struct icmpstat *st = &h->inet->icmpstat;
  bool redirect = ic->type == ICMP_REDIRECT;
  int cmd = redirect ? (ic->code <= 3 ? PRC_NCMDS : -1)
                     : ctl_cmd(ic->type, ic->code);
  if (cmd < 0) {
    st->badcode++;
    return true;
  }
  if (!quote_ok(q, n)) {
    st->badlen++;
    return false;
  }
  if (!redirect)
    notify(h, cmd, ic->u.frag.mtu, q);
  return true;
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
  else if (is_error_type(ic.type) &&
           !advise(h, &ic, d + ICMP_HDR_LEN, n - ICMP_HDR_LEN)) {
    pbuf_free(p);
    return;
  }
  rip_input(h, p, hlen, ifp);
}
