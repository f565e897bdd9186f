/* protocols/tcp_subr.c: the life of a TCP control block: creation with
 * 4.4BSD's defaults, the deterministic ISS, the MSS choice (tcp_mss),
 * dropping and closing, segments sent without a connection (tcp_respond:
 * RSTs, keepalive probes), ICMP notifications (tcp_ctlinput/tcp_notify)
 * and the state-change trace. Not here: what a connection sends
 * (tcp_output.c) or receives (tcp_input.c). Read 4.4BSD-Lite
 * netinet/tcp_subr.c, tcp_input.c (tcp_mss) and RFC 1122 4.2.3.9. */
#include "host.h"
#include "in_pcb.h"
#include "ip_var.h"
#include "netif.h"
#include "pbuf.h"
#include "proc.h"
#include "socketvar.h"
#include "tcp_var.h"

#include <errno.h>

#define MCLBYTES 2048               /* 4.4BSD mbuf cluster */
#define TCP_HDRS (IP_HDR_MIN + TCP_HDR_LEN) /* sizeof(struct tcpiphdr) */

struct socket *tcp_socket(const struct tcpcb *tp)
{
  return tp->inp->owner;
}

struct tcpcb *tcp_newtcpcb(struct host *h, struct inpcb *inp)
{
  struct tcpcb *tp = g_new0(struct tcpcb, 1);
  tp->inp = inp;
  tp->host = h;
  tp->profile = (enum tcp_profile)h->inet->tcp_profile;
  tp->state = TCPS_CLOSED;
  tp->t_maxseg = TCP_MSS;
  tp->t_srtt = TCPTV_SRTTBASE;
  tp->t_rttvar = TCPTV_SRTTDFLT << 2;
  tp->t_rttmin = TCPTV_MIN;
  tp->t_rxtcur = TCPT_RANGESET(((TCPTV_SRTTBASE >> 2) +
                                (TCPTV_SRTTDFLT << 2)) >> 1,
                               TCPTV_MIN, TCPTV_REXMTMAX);
  tp->snd_cwnd = tp->snd_ssthresh = (uint32_t)TCP_MAXWIN << TCP_MAX_WINSHIFT;
  tp->t_rtt_tick = -1;
  tp->t_idle_tick = 0;
  tcp_opt_init(tp);
  if (tcp_timing(tp)->rtt42)
    tcp42_init(tp);
  inp->ppcb = tp;
  return tp;
}

tcp_seq tcp_iss(struct tcpcb *tp)
{
  struct host *h = tp->host;
  struct rng r;
  sim_rng_stream(h->sim, &r, "tcp/%s/iss", h->name);
  uint32_t base = (uint32_t)rng_u64(&r);
  int64_t ticks = tcp_slowtick(h, sim_now(h->sim));
  tcp_seq iss = base + h->inet->tcp_iss +
                (uint32_t)ticks * (TCP_ISSINCR / PR_SLOWHZ);
  h->inet->tcp_iss += TCP_ISSINCR / 2;
  return iss;
}

/* 4.4BSD in_localaddr (subnetsarelocal): a is on the network of one of
 * h's interfaces, taking the network's classful mask (or the interface's
 * mask when that is shorter). */
static bool localaddr(const struct host *h, in_addr32 a)
{
  for (guint i = 0; i < h->ifs->len; i++) {
    const struct netif *ifp = g_ptr_array_index(h->ifs, i);
    if (!ifp->in.set)
      continue;
    int len = in_class_len(ifp->in.addr);
    in_addr32 mask = len < 0 ? ifp->in.mask : in_netmask(len) & ifp->in.mask;
    if ((a & mask) == (ifp->in.addr & mask))
      return true;
  }
  return false;
}

/* Makes a socket buffer of so a whole number of segments, at most
 * sb_max (tcp_mss). */
static void round_buffer(struct socket *so, struct sockbuf *sb, int mss)
{
  uint32_t size = (sb->hiwat + (uint32_t)mss - 1) / (uint32_t)mss *
                  (uint32_t)mss;
  (void)sbreserve(sb, MIN(size, so->so_host->sb_max), so);
}

int tcp_mss(struct tcpcb *tp, int offer)
{
  struct netif *ifp;
  in_addr32 hop;
  struct socket *so = tcp_socket(tp);
  if (tp->inp->faddr == IN_ADDR_ANY ||
      ip_route(tp->host, tp->inp->faddr, 0, &ifp, &hop) != 0)
    return TCP_MSS;
  int mss = (int)ifp->port->mtu - TCP_HDRS;
  if (mss > MCLBYTES)
    mss &= ~(MCLBYTES - 1);
  if (!localaddr(tp->host, tp->inp->faddr))
    mss = MIN(mss, TCP_MSS);
  if (offer)
    mss = MIN(mss, offer);
  mss = MAX(mss, 32);
  if (mss < tp->t_maxseg || offer != 0) {
    if (so->so_snd.hiwat < (uint32_t)mss)
      mss = (int)so->so_snd.hiwat;
    else
      round_buffer(so, &so->so_snd, mss);
    tp->t_maxseg = mss;
    if (so->so_rcv.hiwat > (uint32_t)mss)
      round_buffer(so, &so->so_rcv, mss);
  }
  if (tp->profile != TCP_PROFILE_42BSD)   /* 4.2BSD had no cwnd */
    tp->snd_cwnd = (uint32_t)mss;
  return mss;
}

void tcp_set_state(struct tcpcb *tp, int state)
{
  struct sim *sim = tp->host->sim;
  if (G_UNLIKELY(sim->trace != NULL)) {
    char l[IN_ADDR_STRLEN], f[IN_ADDR_STRLEN];
    SIM_TRACE(sim, tp->host->name, "tcp-state %s->%s local=%s:%u "
              "remote=%s:%u", tcp_state_name(tp->state),
              tcp_state_name(state), in_format(tp->inp->laddr, l),
              tp->inp->lport, in_format(tp->inp->faddr, f),
              tp->inp->fport);
  }
  tp->state = state;
  if (SIM_RECORDING(sim))
    tcp_rec_event(tp, "state", tcp_state_name(state));
}

/* Frees the reassembly queue. */
static void reass_free(struct tcpcb *tp)
{
  for (GList *l = tp->reass; l; l = l->next) {
    struct tcp_qent *q = l->data;
    pbuf_free(q->data);
    g_free(q);
  }
  g_list_free(tp->reass);
  tp->reass = NULL;
}

struct tcpcb *tcp_close(struct tcpcb *tp)
{
  struct socket *so = tcp_socket(tp);
  struct inpcb *inp = tp->inp;
  tcp_canceltimers(tp);
  reass_free(tp);
  if (tp->state != TCPS_CLOSED)
    tcp_set_state(tp, TCPS_CLOSED);
  tp->host->inet->tcpstat.closed++;
  inp->ppcb = NULL;
  g_free(tp);
  soisdisconnected(so);
  in_pcbdetach(inp);
  so->so_pcb = NULL;
  sofree(so);
  return NULL;
}

struct tcpcb *tcp_drop(struct tcpcb *tp, int err)
{
  struct tcpstat *st = &tp->host->inet->tcpstat;
  if (SIM_RECORDING(tp->host->sim))
    tcp_rec_drop(tp, err == -ETIMEDOUT && tp->t_softerror ? tp->t_softerror
                                                          : err);
  if (tp->state >= TCPS_SYN_RECEIVED) {
    tcp_set_state(tp, TCPS_CLOSED);
    (void)tcp_output(tp);
    st->drops++;
  } else
    st->conndrops++;
  if (err == -ETIMEDOUT && tp->t_softerror)
    err = tp->t_softerror;
  tcp_socket(tp)->so_error = err;
  return tcp_close(tp);
}

/* Builds and sends a bare segment from (laddr, lport) to (faddr, fport). */
static void respond(struct host *h, in_addr32 laddr, uint16_t lport,
                    in_addr32 faddr, uint16_t fport, tcp_seq seq,
                    tcp_seq ack, uint8_t flags, uint16_t win)
{
  struct pbuf *p = pbuf_alloc(h->sim->pbufs, TCP_HDR_LEN);
  struct tcp_hdr th = { .sport = lport, .dport = fport, .seq = seq,
                        .ack = ack, .flags = flags, .win = win };
  tcp_emit(&th, NULL, laddr, faddr, pbuf_writable(p), TCP_HDR_LEN);
  p->csum_good = true;
  struct ip_out o = { .src = laddr, .dst = faddr, .proto = IP_PROTO_TCP };
  h->inet->tcpstat.sndtotal++;
  (void)ip_output(h, p, &o, 0);
}

void tcp_respond(struct host *h, in_addr32 src, uint16_t sport,
                 in_addr32 dst, uint16_t dport, tcp_seq seq, tcp_seq ack,
                 uint8_t flags)
{
  respond(h, dst, dport, src, sport, seq, ack, flags, 0);
}

void tcp_respond_tp(struct tcpcb *tp, tcp_seq seq, tcp_seq ack,
                    uint8_t flags)
{
  long win = sbspace(&tcp_socket(tp)->so_rcv);
  win = CLAMP(win, 0, tcp_maxwin(tp));
  const struct inpcb *inp = tp->inp;
  respond(tp->host, inp->laddr, inp->lport, inp->faddr, inp->fport, seq,
          ack, flags, (uint16_t)(win >> tp->rcv_scale));
}

/* 4.4BSD tcp_notify: an ICMP error for an existing connection. Host and
 * network unreachables are ignored once established; while connecting
 * they are soft errors, until a second one after several retransmits
 * (t_rxtshift > 3) is handed to the socket. */
static void tcp_notify(struct inpcb *inp, int err)
{
  struct tcpcb *tp = intotcpcb(inp);
  if (!tp)
    return;
  struct socket *so = inp->owner;
  if (tp->state == TCPS_ESTABLISHED &&
      (err == -EHOSTUNREACH || err == -ENETUNREACH || err == -EHOSTDOWN))
    return;
  if (tp->state < TCPS_ESTABLISHED && tp->t_rxtshift > 3 && tp->t_softerror)
    so->so_error = err;
  else
    tp->t_softerror = err;
  proc_wakeup(tp->host, &so->so_timeo);
  sorwakeup(so);
  sowwakeup(so);
}

/* Source quench: back to one segment (4.4BSD tcp_quench; the 4.2bsd
 * profile ignores it, as 4.2BSD, which had no congestion window, did). */
static void quench_all(struct host *h, const struct prc_info *info)
{
  for (GList *l = h->inet->tcb.list; l; l = l->next) {
    struct inpcb *inp = l->data;
    struct tcpcb *tp = intotcpcb(inp);
    if (tp && tp->profile != TCP_PROFILE_42BSD && inp->faddr == info->dst &&
        (!info->dport || inp->fport == info->dport))
      tp->snd_cwnd = (uint32_t)tp->t_maxseg;  /* 4.3BSD on: 4.2 ignored it */
  }
}

void tcp_ctlinput(struct host *h, enum prc_cmd cmd,
                  const struct prc_info *info)
{
  if (cmd == PRC_QUENCH)
    quench_all(h, info);
  else
    in_pcbnotify(&h->inet->tcb, cmd, info, tcp_notify);
}

void tcp_host_free(struct host *h)
{
  if (!h->inet)
    return;
  GList *l = h->inet->tcb.list;
  while (l) {
    struct inpcb *inp = l->data;
    l = l->next;
    struct tcpcb *tp = intotcpcb(inp);
    if (tp)
      tcp_close(tp);
  }
}
