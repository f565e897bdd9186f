/* protocols/raw_ip.c: raw IP sockets (SOCK_RAW, root only: EACCES
 * otherwise, as 4.4BSD's rip_usrreq). Input: every ICMP message, and
 * every datagram of a protocol the host has no entry for, is offered to
 * each raw socket whose protocol (0: all), bound address and connected
 * address match; each gets a copy that starts at the IP header, as BSD's
 * ping reads it. Output: the data is the payload of a datagram of the
 * socket's protocol, or, with IP_HDRINCL, the whole datagram with its
 * header (the id and checksum are filled in). ping and traceroute
 * (scenarios/lib/) are built on this. Read 4.4BSD netinet/raw_ip.c. */
#include "host.h"
#include "in_pcb.h"
#include "ip_var.h"
#include "netif.h"
#include "pbuf.h"
#include "raw_ip.h"
#include "socketvar.h"

#include <errno.h>

#define RIP_SPACE 8192        /* 4.4BSD rip_sendspace, rip_recvspace */

/* Raw sockets keep IP_HDRINCL in the control block's spare field. */
struct ripcb {
  struct inpcb *inp;          /* addresses and protocol */
  bool hdrincl;               /* IP_HDRINCL: the caller writes headers */
};

static struct ripcb *sotorip(const struct socket *so)
{
  return so->so_pcb;
}

bool rip_input(struct host *h, struct pbuf *p, int hlen, struct netif *ifp)
{
  (void)hlen;
  (void)ifp;
  struct ip_hdr ip;
  ipv4_parse(pbuf_data(p), p->len, &ip);
  bool any = false;
  for (GList *l = h->inet->ripcb.list; l; l = l->next) {
    struct inpcb *inp = l->data;
    if ((inp->proto && inp->proto != ip.proto) ||
        (inp->laddr && inp->laddr != ip.dst) ||
        (inp->faddr && inp->faddr != ip.src))
      continue;
    struct socket *so = inp->owner;
    struct so_addr from = { .family = AF_INET, .addr = ip.src };
    struct pbuf *m = pbuf_share(p);
    if (sbappendaddr(&so->so_rcv, &from, m)) {
      sorwakeup(so);
      any = true;
    } else
      pbuf_free(m);
  }
  pbuf_free(p);
  return any;
}

static int rip_attach(struct socket *so, int proto)
{
  if (!(so->so_state & SS_PRIV))
    return -EACCES;
  if (proto < 0 || proto > 255)
    return -EPROTONOSUPPORT;
  int err = soreserve(so, RIP_SPACE, RIP_SPACE);
  if (err)
    return err;
  struct ripcb *rp = g_new0(struct ripcb, 1);
  rp->inp = in_pcballoc(&so->so_host->inet->ripcb, so->so_host, so);
  rp->inp->proto = (uint8_t)proto;
  so->so_pcb = rp;
  return 0;
}

static void rip_detach(struct socket *so)
{
  struct ripcb *rp = sotorip(so);
  in_pcbdetach(rp->inp);
  g_free(rp);
  so->so_pcb = NULL;
}

static int rip_bind(struct socket *so, const struct so_addr *nam)
{
  struct inpcb *inp = sotorip(so)->inp;
  if (nam->family != AF_INET)
    return -EAFNOSUPPORT;
  if (nam->addr != IN_ADDR_ANY && !in_ifaddr_local(so->so_host, nam->addr))
    return -EADDRNOTAVAIL;
  inp->laddr = nam->addr;
  return 0;
}

static int rip_connect(struct socket *so, const struct so_addr *nam)
{
  if (nam->family != AF_INET)
    return -EAFNOSUPPORT;
  sotorip(so)->inp->faddr = nam->addr;
  soisconnected(so);
  return 0;
}

static int rip_disconnect(struct socket *so)
{
  if (!(so->so_state & SS_ISCONNECTED))
    return -ENOTCONN;
  sotorip(so)->inp->faddr = IN_ADDR_ANY;
  so->so_state &= ~SS_ISCONNECTED;
  return 0;
}

static int rip_shutdown(struct socket *so)
{
  socantsendmore(so);
  return 0;
}

/* Sends m, a whole datagram written by the caller (IP_HDRINCL). */
static int send_hdrincl(struct socket *so, struct pbuf *m, int flags)
{
  struct ip_hdr ip;
  const uint8_t *d = pbuf_data(m);
  if (m->len < IP_HDR_MIN || (d[0] & 15) < 5 ||
      (uint32_t)(d[0] & 15) * 4 > m->len) {
    pbuf_free(m);
    return -EINVAL;
  }
  ip.hlen = (uint8_t)((d[0] & 15) * 4);
  ip.tos = d[1];
  ip.len = (uint16_t)m->len;
  ip.id = (uint16_t)(d[4] << 8 | d[5]);
  ip.flags = (uint16_t)((d[6] << 8) & (IP_DF | IP_MF));
  ip.off = (uint16_t)(((d[6] << 8 | d[7]) & IP_OFFMASK) * 8);
  ip.ttl = d[8];
  ip.proto = d[9];
  ip.src = (in_addr32)d[12] << 24 | d[13] << 16 | d[14] << 8 | d[15];
  ip.dst = (in_addr32)d[16] << 24 | d[17] << 16 | d[18] << 8 | d[19];
  ip.opts = ip.hlen > IP_HDR_MIN ? d + IP_HDR_MIN : NULL;
  if (!ip.id)
    ip.id = so->so_host->inet->ip_id++;
  return ip_output_hdr(so->so_host, m, &ip, flags);
}

static int rip_send(struct socket *so, int flags, struct pbuf *m,
                    const struct so_addr *nam)
{
  struct ripcb *rp = sotorip(so);
  struct inpcb *inp = rp->inp;
  int f = ((so->so_options & SO_DONTROUTE) || (flags & MSG_DONTROUTE)
           ? IP_ROUTETOIF : 0) |
          (so->so_options & SO_BROADCAST ? IP_ALLOWBROADCAST : 0);
  in_addr32 dst = inp->faddr;
  if (nam && (so->so_state & SS_ISCONNECTED)) {
    pbuf_free(m);
    return -EISCONN;
  }
  if (!nam && !(so->so_state & SS_ISCONNECTED)) {
    pbuf_free(m);
    return -ENOTCONN;
  }
  if (nam)
    dst = nam->addr;
  if (rp->hdrincl)
    return send_hdrincl(so, m, f | IP_RAWOUTPUT);
  struct ip_out o = { .src = inp->laddr, .dst = dst, .proto = inp->proto,
                      .ttl = inp->ttl, .tos = inp->tos };
  return ip_output(so->so_host, m, &o, f);
}

static int rip_sockaddr(struct socket *so, struct so_addr *nam)
{
  in_setsockaddr(sotorip(so)->inp, nam);
  return 0;
}

static int rip_peeraddr(struct socket *so, struct so_addr *nam)
{
  in_setpeeraddr(sotorip(so)->inp, nam);
  return 0;
}

static int rip_ctloutput(struct socket *so, bool set, int level,
                         int optname, int *val)
{
  if (level == IPPROTO_IP && optname != IP_HDRINCL)
    return in_pcbctloutput(sotorip(so)->inp, set, level, optname, val);
  if (level != IPPROTO_IP)
    return -ENOPROTOOPT;
  if (set)
    sotorip(so)->hdrincl = *val != 0;
  else
    *val = sotorip(so)->hdrincl;
  return 0;
}

const struct protosw rip_protosw = {
  .pr_type = SOCK_RAW,
  .pr_domain = AF_INET,
  .pr_protocol = 0,
  .pr_flags = PR_ATOMIC | PR_ADDR,
  .pr_name = "raw",
  .pr_attach = rip_attach,
  .pr_detach = rip_detach,
  .pr_bind = rip_bind,
  .pr_connect = rip_connect,
  .pr_disconnect = rip_disconnect,
  .pr_shutdown = rip_shutdown,
  .pr_send = rip_send,
  .pr_sockaddr = rip_sockaddr,
  .pr_peeraddr = rip_peeraddr,
  .pr_ctloutput = rip_ctloutput,
};
