/* protocols/udp_usrreq.c: UDP (RFC 768) for sockets: the protosw entry,
 * output with a real checksum, and input demultiplexed to the control
 * block that matches best (a broadcast goes to every matching one). A
 * datagram for a port nobody has gets ICMP port unreachable (never for a
 * broadcast); that error comes back through udp_ctlinput and is recorded
 * on connected sockets only, so their next call fails with ECONNREFUSED.
 * Broadcasting needs SO_BROADCAST and, as in 4.2BSD, root. Record
 * boundaries are the socket buffer's (PR_ATOMIC | PR_ADDR). Call order:
 * sosend -> udp_send -> ip_output; ip_input -> udp_input ->
 * sbappendaddr -> sorwakeup. Read RFC 768, RFC 1122 section 4.1, 4.4BSD
 * netinet/udp_usrreq.c. */
#include "host.h"
#include "icmp.h"
#include "in_pcb.h"
#include "ip_var.h"
#include "netif.h"
#include "pbuf.h"
#include "socketvar.h"
#include "udp.h"
#include "udp_var.h"

#include <errno.h>

#define UDP_SENDSPACE 9216              /* 4.4BSD udp_sendspace */
#define UDP_RECVSPACE (40 * (1024 + 16)) /* 4.4BSD udp_recvspace */

static struct inpcb *sotoinpcb(const struct socket *so)
{
  return so->so_pcb;
}

static int udp_attach(struct socket *so, int proto)
{
  (void)proto;
  if (so->so_pcb)
    return -EISCONN;
  int err = soreserve(so, UDP_SENDSPACE, UDP_RECVSPACE);
  if (err)
    return err;
  so->so_pcb = in_pcballoc(&so->so_host->inet->udb, so->so_host, so);
  return 0;
}

static void udp_detach(struct socket *so)
{
  in_pcbdetach(sotoinpcb(so));
  so->so_pcb = NULL;
}

static int udp_bind(struct socket *so, const struct so_addr *nam)
{
  return in_pcbbind(sotoinpcb(so), nam, so->so_options & SO_REUSEADDR,
                    so->so_state & SS_PRIV);
}

static int udp_connect(struct socket *so, const struct so_addr *nam)
{
  struct inpcb *inp = sotoinpcb(so);
  if (inp->faddr != IN_ADDR_ANY)
    return -EISCONN;
  int err = in_pcbconnect(inp, nam);
  if (!err)
    soisconnected(so);
  return err;
}

static int udp_disconnect(struct socket *so)
{
  struct inpcb *inp = sotoinpcb(so);
  if (inp->faddr == IN_ADDR_ANY)
    return -ENOTCONN;
  in_pcbdisconnect(inp);
  inp->laddr = IN_ADDR_ANY;
  so->so_state &= ~SS_ISCONNECTED;
  return 0;
}

static int udp_shutdown(struct socket *so)
{
  socantsendmore(so);
  return 0;
}

/* ip_output flags from the socket's options and the call's flags. */
static int out_flags(const struct socket *so, int flags)
{
  int f = 0;
  if ((so->so_options & SO_DONTROUTE) || (flags & MSG_DONTROUTE))
    f |= IP_ROUTETOIF;
  if ((so->so_options & SO_BROADCAST) && (so->so_state & SS_PRIV))
    f |= IP_ALLOWBROADCAST;
  return f;
}

/* Adds the header to m and hands it to IP, from inp's addresses. */
static int udp_output(struct socket *so, struct inpcb *inp, struct pbuf *m,
                      int flags)
{
  struct host *h = so->so_host;
  if (m->len + UDP_HDR_LEN + IP_HDR_MIN > IP_MAXPACKET) {
    pbuf_free(m);
    return -EMSGSIZE;
  }
  struct udp_hdr uh = { .sport = inp->lport, .dport = inp->fport,
                        .len = (uint16_t)(m->len + UDP_HDR_LEN) };
  in_addr32 src = inp->laddr;
  if (src == IN_ADDR_ANY) {   /* bound to the wildcard: the route's */
    struct netif *ifp;
    in_addr32 hop;
    if (ip_route(h, inp->faddr, out_flags(so, flags), &ifp, &hop) == 0)
      src = ifp->in.addr;
  }
  udp_emit(&uh, src, inp->faddr, pbuf_push(m, UDP_HDR_LEN), true);
  m->csum_good = true;
  h->inet->udpstat.opackets++;
  struct ip_out o = { .src = src, .dst = inp->faddr, .proto = IP_PROTO_UDP,
                      .ttl = inp->ttl, .tos = inp->tos };
  return ip_output(h, m, &o, out_flags(so, flags));
}

static int udp_send(struct socket *so, int flags, struct pbuf *m,
                    const struct so_addr *nam)
{
  struct inpcb *inp = sotoinpcb(so);
  if (!nam) {
    if (inp->faddr == IN_ADDR_ANY) {
      pbuf_free(m);
      return -ENOTCONN;
    }
    return udp_output(so, inp, m, flags);
  }
  if (inp->faddr != IN_ADDR_ANY) {
    pbuf_free(m);
    return -EISCONN;
  }
  in_addr32 laddr = inp->laddr;   /* a temporary connect, as 4.4BSD */
  int err = in_pcbconnect(inp, nam);
  if (err) {
    pbuf_free(m);
    return err;
  }
  err = udp_output(so, inp, m, flags);
  in_pcbdisconnect(inp);
  inp->laddr = laddr;
  return err;
}

static int udp_sockaddr(struct socket *so, struct so_addr *nam)
{
  in_setsockaddr(sotoinpcb(so), nam);
  return 0;
}

static int udp_peeraddr(struct socket *so, struct so_addr *nam)
{
  in_setpeeraddr(sotoinpcb(so), nam);
  return 0;
}

/* Queues data m for so, from src:sport. Takes m. */
static void deliver(struct host *h, struct socket *so, struct pbuf *m,
                    in_addr32 src, uint16_t sport)
{
  struct so_addr from = { .family = AF_INET, .addr = src, .port = sport };
  if (!sbappendaddr(&so->so_rcv, &from, m)) {
    h->inet->udpstat.fullsock++;
    pbuf_free(m);
    return;
  }
  sorwakeup(so);
}

/* Whether inp wants a broadcast datagram src:sport -> dst:dport. */
static bool wants(const struct inpcb *inp, in_addr32 src, uint16_t sport,
                  in_addr32 dst, uint16_t dport)
{
  return inp->lport == dport &&
         (inp->laddr == IN_ADDR_ANY || inp->laddr == dst) &&
         (inp->faddr == IN_ADDR_ANY ||
          (inp->faddr == src && inp->fport == sport));
}

/* A broadcast: a copy to every matching socket. True if any took it. */
static bool deliver_all(struct host *h, struct pbuf *m, in_addr32 src,
                        uint16_t sport, in_addr32 dst, uint16_t dport)
{
  bool any = false;
  for (GList *l = h->inet->udb.list; l; l = l->next) {
    struct inpcb *inp = l->data;
    if (wants(inp, src, sport, dst, dport)) {
      deliver(h, inp->owner, pbuf_share(m), src, sport);
      any = true;
    }
  }
  return any;
}

static bool is_bcast(const struct host *h, const struct netif *ifp,
                     in_addr32 dst)
{
  return in_is_limited_broadcast(dst) || in_is_any(dst) ||
         in_classd(dst) || (ifp && in_ifbroadcast(ifp, dst));
}

static void udp_input(struct host *h, struct pbuf *p, int hlen,
                      struct netif *ifp)
{
  struct udpstat *st = &h->inet->udpstat;
  struct ip_hdr ip;
  struct udp_hdr uh;
  ipv4_parse_known(pbuf_data(p), p->len, &ip, p->csum_good);
  st->ipackets++;
  int r = udp_parse_known(pbuf_data(p) + hlen, p->len - (uint32_t)hlen,
                          ip.src, ip.dst, &uh, p->csum_good);
  if (r < 0) {
    if (r == UDP_ERR_SHORT) st->hdrops++;
    else if (r == UDP_ERR_LEN) st->badlen++;
    else st->badsum++;
    pbuf_free(p);
    return;
  }
  struct pbuf *m = pbuf_share(p);
  pbuf_pull(m, (uint32_t)hlen + UDP_HDR_LEN);
  pbuf_trim(m, uh.len - UDP_HDR_LEN);
  if (is_bcast(h, ifp, ip.dst)) {
    if (!deliver_all(h, m, ip.src, uh.sport, ip.dst, uh.dport))
      st->noportbcast++;
  } else {
    struct inpcb *inp = in_pcblookup(&h->inet->udb, ip.src, uh.sport,
                                     ip.dst, uh.dport, INPLOOKUP_WILDCARD);
    if (inp)
      deliver(h, inp->owner, pbuf_share(m), ip.src, uh.sport);
    else {
      st->noport++;
      icmp_error(h, p, ifp, ICMP_UNREACH, ICMP_UNREACH_PORT, 0);
    }
  }
  pbuf_free(m);
  pbuf_free(p);
}

static void udp_notify(struct inpcb *inp, int err)
{
  struct socket *so = inp->owner;
  so->so_error = err;
  sorwakeup(so);
  sowwakeup(so);
}

static void udp_ctlinput(struct host *h, enum prc_cmd cmd,
                         const struct prc_info *info)
{
  in_pcbnotify(&h->inet->udb, cmd, info, udp_notify);
}

static int udp_ctloutput(struct socket *so, bool set, int level,
                         int optname, int *val)
{
  return in_pcbctloutput(sotoinpcb(so), set, level, optname, val);
}

const struct protosw udp_protosw = {
  .pr_type = SOCK_DGRAM,
  .pr_domain = AF_INET,
  .pr_protocol = IPPROTO_UDP,
  .pr_flags = PR_ATOMIC | PR_ADDR,
  .pr_name = "udp",
  .pr_attach = udp_attach,
  .pr_detach = udp_detach,
  .pr_bind = udp_bind,
  .pr_connect = udp_connect,
  .pr_disconnect = udp_disconnect,
  .pr_shutdown = udp_shutdown,
  .pr_send = udp_send,
  .pr_sockaddr = udp_sockaddr,
  .pr_peeraddr = udp_peeraddr,
  .pr_ctloutput = udp_ctloutput,
  .pr_input = udp_input,
  .pr_ctlinput = udp_ctlinput,
};
