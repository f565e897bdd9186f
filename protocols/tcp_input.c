/* protocols/tcp_input.c: a TCP segment arrives (pr_input), as 4.4BSD-Lite's
 * tcp_input split into steps: parse and checksum; find the pcb; LISTEN
 * (a new socket per SYN, sonewconn), SYN_SENT, then the synchronized
 * states: trim to the window, RST, SYN, ACK (the send side), window
 * update, URG, data (in order to so_rcv, else the reassembly queue) and
 * FIN. Each step returns a verdict; the end of tcp_input acts on it
 * (4.4BSD's drop, dropafterack, dropwithreset). Header prediction
 * (predict: 4.4BSD's test, counted in tcps_predack and tcps_preddat)
 * skips the trimming and the RST/SYN/ACK checks for a pure ACK of new
 * data or the next in-order data, which those steps leave alone; the
 * effects are the slow path's, so predicting changes no result. Not
 * here: what is sent back (tcp_output), congestion control (tcp_cc.c).
 * Call order: ip_input -> tcp_input -> input_listen / input_synsent /
 * input_sync -> predict or sync_checks -> process_ack -> tcp_cc_* ->
 * step6 -> tcp_reass -> sbappend. Read RFC 793
 * 3.9 (pages 65-76), RFC 1122 4.2.2 and 4.4BSD-Lite netinet/tcp_input.c. */
#include "host.h"
#include "in_pcb.h"
#include "ip.h"
#include "ip_var.h"
#include "netif.h"
#include "pbuf.h"
#include "socketvar.h"
#include "tcp_var.h"
#include "wire.h"

#include <errno.h>
#include <string.h>

/* 4.4BSD tcp_fsm.h: TCPS_HAVERCVDFIN is only TIME_WAIT and beyond there
 * (CLOSE_WAIT, CLOSING and LAST_ACK are below it), kept as it was. */
#define HAVERCVDSYN(s) ((s) >= TCPS_SYN_RECEIVED)
#define HAVERCVDFIN(s) ((s) >= TCPS_TIME_WAIT)

/* What to do with the segment after a step (4.4BSD's labels). */
enum verdict {
  V_CONTINUE,                 /* go on to the next step */
  V_DONE,                     /* handled; output was done if owed */
  V_DROP,                     /* free the segment, nothing sent */
  V_DROPAFTERACK,             /* free it and send an ACK */
  V_DROPWITHRESET,            /* free it and answer with RST */
  V_RESTART,                  /* a SYN ended a TIME_WAIT: look up again */
};

/* The segment being processed, with the fields BSD adjusts in place. */
struct seg {
  struct host *h;             /* receiving host */
  struct tcp_hdr th;          /* the header as received */
  struct tcp_opts opts;       /* its options */
  struct tcp_ts ts;           /* its timestamp, if acted on */
  in_addr32 src, dst;         /* IP addresses */
  struct netif *ifp;          /* where it came in, NULL if unknown (for
                                 seg_bcast and seg_bad_src) */
  struct pbuf *m;             /* the data (a view), NULL once consumed */
  tcp_seq seq;                /* first sequence number (ti_seq) */
  uint32_t len;               /* data length (ti_len) */
  uint16_t urp;               /* urgent offset (ti_urp) */
  uint8_t flags;              /* TH_* (tiflags) */
  uint32_t tiwin;             /* window offered */
  struct tcpcb *tp;           /* the connection, NULL when gone */
  struct socket *so;          /* its socket */
  bool dropsocket;            /* so is a temporary one from sonewconn */
  bool needoutput;            /* call tcp_output at the end */
  tcp_seq iss;                /* ISS to use (TIME_WAIT reuse), 0 none */
};

/* Whether s was sent to a broadcast or multicast address. Asked only
 * when answering or accepting (rarely), so not worked out per segment. */
static bool seg_bcast(const struct seg *s)
{
  return in_is_multicast(s->dst) || in_is_limited_broadcast(s->dst) ||
         (s->ifp && in_ifbroadcast(s->ifp, s->dst));
}

/* Whether s came from such an address, or from 0.0.0.0: no one to
 * answer (RFC 1122 3.2.1.3). */
static bool seg_bad_src(const struct seg *s)
{
  return in_is_multicast(s->src) || in_is_limited_broadcast(s->src) ||
         s->src == IN_ADDR_ANY || (s->ifp && in_ifbroadcast(s->ifp, s->src));
}

/* ---- the data ---------------------------------------------------------- */

/* Drops n bytes from the front of the segment's data (m_adj(m, n)). */
static void trim_front(struct seg *s, uint32_t n)
{
  if (s->m)
    pbuf_pull(s->m, MIN(n, s->m->len));
}

/* Keeps the first n bytes of the data (m_adj(m, -(len - n))). */
static void trim_back(struct seg *s, uint32_t n)
{
  if (s->m && s->m->len > n)
    pbuf_trim(s->m, n);
}

/* Appends data (takes it) unless the socket takes no more. */
static void append(struct socket *so, struct pbuf *m)
{
  if (!m || m->len == 0 || (so->so_state & SS_CANTRCVMORE))
    pbuf_free(m);
  else
    sbappend(&so->so_rcv, m);
}

/* Delivers what the queue holds from rcv_nxt on (4.4BSD tcp_reass's
 * "present"). Returns TH_FIN if a FIN was reached. */
static int reass_present(struct tcpcb *tp)
{
  struct socket *so = tcp_socket(tp);
  if (!HAVERCVDSYN(tp->state) || !tp->reass)
    return 0;
  struct tcp_qent *q = tp->reass->data;
  if (q->seq != tp->rcv_nxt || (tp->state == TCPS_SYN_RECEIVED && q->len))
    return 0;
  int fin = 0;
  do {
    tp->rcv_nxt += q->len;
    tp->bytes_rcvd += q->len;
    fin = q->fin ? TH_FIN : 0;
    tp->reass = g_list_delete_link(tp->reass, tp->reass);
    append(so, q->data);
    g_free(q);
    q = tp->reass ? tp->reass->data : NULL;
  } while (q && q->seq == tp->rcv_nxt);
  sorwakeup(so);
  return fin;
}

/* Trims the queue entries the new segment [seq, seq+len) covers. */
static GList *reass_cut_after(struct tcpcb *tp, GList *l, tcp_seq end)
{
  while (l) {
    struct tcp_qent *q = l->data;
    int32_t i = (int32_t)(end - q->seq);
    if (i <= 0)
      break;
    if ((uint32_t)i < q->len) {
      q->seq += (uint32_t)i;
      q->len -= (uint32_t)i;
      pbuf_pull(q->data, MIN((uint32_t)i, q->data->len));
      break;
    }
    GList *next = l->next;
    pbuf_free(q->data);
    g_free(q);
    tp->reass = g_list_delete_link(tp->reass, l);
    l = next;
  }
  return l;
}

/* 4.4BSD tcp_reass: queues s (NULL: only present what is in order).
 * Returns TH_FIN when the FIN is now in order. */
static int tcp_reass(struct tcpcb *tp, struct seg *s)
{
  struct tcpstat *st = &tp->host->inet->tcpstat;
  if (!s)
    return reass_present(tp);
  GList *l = tp->reass, *prev = NULL;
  for (; l && !SEQ_GT(((struct tcp_qent *)l->data)->seq, s->seq); l = l->next)
    prev = l;
  if (prev) {                 /* what the one before already holds */
    struct tcp_qent *q = prev->data;
    int32_t i = (int32_t)(q->seq + q->len - s->seq);
    if (i > 0) {
      if ((uint32_t)i >= s->len) {
        st->rcvduppack++;
        st->rcvdupbyte += s->len;
        pbuf_free(s->m);
        s->m = NULL;
        return 0;
      }
      trim_front(s, (uint32_t)i);
      s->len -= (uint32_t)i;
      s->seq += (uint32_t)i;
    }
  }
  st->rcvoopack++;
  st->rcvoobyte += s->len;
  l = reass_cut_after(tp, l, s->seq + s->len);
  struct tcp_qent *n = g_new(struct tcp_qent, 1);
  *n = (struct tcp_qent){ .seq = s->seq, .len = s->len,
                          .fin = (s->flags & TH_FIN) != 0,
                          .data = s->m ? s->m : pbuf_new(0) };
  s->m = NULL;
  tp->reass = g_list_insert_before(tp->reass, l, n);
  return reass_present(tp);
}

/* ---- options, LISTEN and SYN_SENT ---------------------------------- */

/* tcp_dooptions (tcp_options.c): MSS, window scale, timestamp. */
static void do_options(struct tcpcb *tp, struct seg *s)
{
  tcp_dooptions(tp, &s->opts, s->flags, &s->ts);
}

/* Sequence variables of a new connection (tcp_sendseqinit and
 * tcp_rcvseqinit). */
static void sendseqinit(struct tcpcb *tp)
{
  tp->snd_una = tp->snd_nxt = tp->snd_max = tp->snd_up = tp->iss;
  tp->snd_recover = tp->iss;
}

static void rcvseqinit(struct tcpcb *tp)
{
  tp->rcv_adv = tp->rcv_nxt = tp->irs + 1;
}

/* Advances seq past the SYN and trims what the window cannot take
 * (4.4BSD's trimthenstep6). */
static void trim_then_step6(struct tcpcb *tp, struct seg *s)
{
  s->seq++;
  if (s->len > tp->rcv_wnd) {
    trim_back(s, tp->rcv_wnd);
    s->len = tp->rcv_wnd;
    s->flags &= ~TH_FIN;
    tp->host->inet->tcpstat.rcvpackafterwin++;
  }
  tp->snd_wl1 = s->seq - 1;
  tp->rcv_up = s->seq;
}

/* A SYN for a listener: the new socket's pcb takes the addresses and
 * the connection goes to SYN_RECEIVED. */
static enum verdict input_listen(struct tcpcb *tp, struct seg *s)
{
  if (s->flags & TH_RST)
    return V_DROP;
  if (s->flags & TH_ACK)
    return V_DROPWITHRESET;
  /* RFC 1122 4.2.3.10: a SYN to a broadcast or multicast address is
   * dropped (4.4BSD's M_BCAST test); one from such a source too, as
   * later BSDs do, since the SYN-ACK would go to everyone or no one. */
  if (!(s->flags & TH_SYN) || seg_bcast(s) || seg_bad_src(s))
    return V_DROP;
  struct inpcb *inp = tp->inp;
  in_addr32 laddr = inp->laddr;
  if (inp->laddr == IN_ADDR_ANY)
    inp->laddr = s->dst;
  struct so_addr nam = { .family = AF_INET, .addr = s->src,
                         .port = s->th.sport };
  if (in_pcbconnect(inp, &nam) != 0) {
    inp->laddr = laddr;
    return V_DROP;
  }
  do_options(tp, s);
  tp->iss = s->iss ? s->iss : tcp_iss(tp);
  tp->irs = s->seq;
  sendseqinit(tp);
  rcvseqinit(tp);
  tp->flags |= TF_ACKNOW;
  tcp_set_state(tp, TCPS_SYN_RECEIVED);
  tcp_timer_set(tp, TCPT_KEEP, tcp_timing(tp)->keep_init);
  s->dropsocket = false;
  tp->host->inet->tcpstat.accepts++;
  trim_then_step6(tp, s);
  return V_CONTINUE;
}

/* Our SYN is out: a SYN-ACK establishes, a bare SYN is a simultaneous
 * open, RST with ACK refuses. */
static enum verdict input_synsent(struct tcpcb *tp, struct seg *s)
{
  uint8_t f = s->flags;
  if ((f & TH_ACK) && (SEQ_LEQ(s->th.ack, tp->iss) ||
                       SEQ_GT(s->th.ack, tp->snd_max)))
    return V_DROPWITHRESET;
  if (f & TH_RST) {
    if (f & TH_ACK) {
      s->tp = tcp_drop(tp, -ECONNREFUSED);
    }
    return V_DROP;
  }
  if (!(f & TH_SYN))
    return V_DROP;
  if (f & TH_ACK) {
    tp->snd_una = s->th.ack;
    if (SEQ_LT(tp->snd_nxt, tp->snd_una))
      tp->snd_nxt = tp->snd_una;
  }
  tcp_timer_set(tp, TCPT_REXMT, 0);
  tp->irs = s->seq;
  rcvseqinit(tp);
  tp->flags |= TF_ACKNOW;
  if ((f & TH_ACK) && SEQ_GT(tp->snd_una, tp->iss)) {
    tp->host->inet->tcpstat.connects++;
    tcp_set_state(tp, TCPS_ESTABLISHED);
    soisconnected(s->so);
    tcp_opt_established(tp);
    tcp_cc_established(tp);
    (void)tcp_reass(tp, NULL);
    int rtt = tcp_rtt_ticks(tp);
    if (rtt)
      tcp_xmit_timer(tp, rtt);
  } else
    tcp_set_state(tp, TCPS_SYN_RECEIVED);
  trim_then_step6(tp, s);
  return V_CONTINUE;
}

/* ---- synchronized states: trimming, RST, SYN -------------------------- */

/* Drops what is before rcv_nxt (duplicates). */
static enum verdict trim_old(struct tcpcb *tp, struct seg *s)
{
  struct tcpstat *st = &tp->host->inet->tcpstat;
  int32_t todrop = (int32_t)(tp->rcv_nxt - s->seq);
  if (todrop <= 0)
    return V_CONTINUE;
  if (s->flags & TH_SYN) {
    s->flags &= ~TH_SYN;
    s->seq++;
    if (s->urp > 1)
      s->urp--;
    else
      s->flags &= ~TH_URG;
    todrop--;
  }
  if ((uint32_t)todrop >= s->len) {
    st->rcvduppack++;
    st->rcvdupbyte += s->len;
    /* Only a FIN one left of the window: ACK it (no FIN wars). */
    if ((s->flags & TH_FIN) && (uint32_t)todrop == s->len + 1) {
      todrop = (int32_t)s->len;
      s->flags &= ~TH_FIN;
      tp->flags |= TF_ACKNOW;
    } else if (todrop != 0 || !(s->flags & TH_ACK))
      return V_DROPAFTERACK;
  } else {
    st->rcvpartduppack++;
  }
  trim_front(s, (uint32_t)todrop);
  s->seq += (uint32_t)todrop;
  s->len -= (uint32_t)todrop;
  if (s->urp > todrop)
    s->urp = (uint16_t)(s->urp - todrop);
  else {
    s->flags &= ~TH_URG;
    s->urp = 0;
  }
  return V_CONTINUE;
}

/* Drops what is beyond the window. */
static enum verdict trim_new(struct tcpcb *tp, struct seg *s)
{
  struct tcpstat *st = &tp->host->inet->tcpstat;
  int32_t todrop = (int32_t)((s->seq + s->len) - (tp->rcv_nxt + tp->rcv_wnd));
  if (todrop <= 0)
    return V_CONTINUE;
  st->rcvpackafterwin++;
  if ((uint32_t)todrop >= s->len) {
    /* A new SYN in TIME_WAIT above the old sequence: start over. */
    if ((s->flags & TH_SYN) && tp->state == TCPS_TIME_WAIT &&
        SEQ_GT(s->seq, tp->rcv_nxt)) {
      s->iss = tp->rcv_nxt + TCP_ISSINCR;
      s->tp = tcp_close(tp);
      return V_RESTART;
    }
    if (tp->rcv_wnd == 0 && s->seq == tp->rcv_nxt) {
      tp->flags |= TF_ACKNOW;
      st->rcvwinprobe++;
    } else
      return V_DROPAFTERACK;
  }
  trim_back(s, s->len - (uint32_t)todrop);
  s->len -= (uint32_t)todrop;
  s->flags &= ~(TH_PUSH | TH_FIN);
  return V_CONTINUE;
}

/* An RST in the window closes the connection, with an error by state. */
static enum verdict input_rst(struct tcpcb *tp, struct seg *s)
{
  switch (tp->state) {
  case TCPS_SYN_RECEIVED:
    s->so->so_error = -ECONNREFUSED;
    break;
  case TCPS_ESTABLISHED: case TCPS_FIN_WAIT_1: case TCPS_FIN_WAIT_2:
  case TCPS_CLOSE_WAIT:
    s->so->so_error = -ECONNRESET;
    break;
  default:                    /* CLOSING, LAST_ACK, TIME_WAIT */
    s->tp = tcp_close(tp);
    return V_DROP;
  }
  if (SIM_RECORDING(tp->host->sim))
    tcp_rec_drop(tp, s->so->so_error);
  tcp_set_state(tp, TCPS_CLOSED);
  tp->host->inet->tcpstat.drops++;
  s->tp = tcp_close(tp);
  return V_DROP;
}

/* Trimming, data after close, RST, SYN, and the ACK bit's presence
 * (PAWS was checked). */
static enum verdict sync_checks(struct tcpcb *tp, struct seg *s)
{
  enum verdict v = trim_old(tp, s);
  if (v != V_CONTINUE)
    return v;
  if ((s->so->so_state & SS_NOFDREF) && tp->state > TCPS_CLOSE_WAIT &&
      s->len) {
    s->tp = tcp_close(tp);
    s->h->inet->tcpstat.rcvafterclose++;
    return V_DROPWITHRESET;
  }
  v = trim_new(tp, s);
  if (v != V_CONTINUE)
    return v;
  tcp_ts_update(tp, &s->ts, s->seq,
                s->len + ((s->flags & (TH_SYN | TH_FIN)) ? 1 : 0));
  if (s->flags & TH_RST)
    return input_rst(tp, s);
  if (s->flags & TH_SYN) {
    s->tp = tcp_drop(tp, -ECONNRESET);
    return V_DROPWITHRESET;
  }
  if (!(s->flags & TH_ACK))
    return V_DROP;
  return V_CONTINUE;
}

/* ---- the ACK ----------------------------------------------------------- */

/* A duplicate (or old) ACK. */
static enum verdict old_ack(struct tcpcb *tp, struct seg *s)
{
  if (s->len == 0 && s->tiwin == tp->snd_wnd) {
    tp->host->inet->tcpstat.rcvdupack++;
    if (!tcp_timer_isset(tp, TCPT_REXMT) || s->th.ack != tp->snd_una)
      tp->t_dupacks = 0;
    else if (tcp_cc_dupack(tp))
      return V_DROP;
  } else
    tp->t_dupacks = 0;
  return V_CONTINUE;
}

/* Our FIN is acked: the closing states move on. */
static enum verdict fin_acked(struct tcpcb *tp, struct seg *s)
{
  switch (tp->state) {
  case TCPS_FIN_WAIT_1:
    /* 4.4BSD times FIN_WAIT_2 out when the socket cannot receive. */
    if (s->so->so_state & SS_CANTRCVMORE) {
      soisdisconnected(s->so);
      if (tcp_timing(tp)->fw2_timeout)
        tcp_timer_set(tp, TCPT_2MSL, tcp_timing(tp)->maxidle);
    }
    tcp_set_state(tp, TCPS_FIN_WAIT_2);
    break;
  case TCPS_CLOSING:
    tcp_set_state(tp, TCPS_TIME_WAIT);
    tcp_canceltimers(tp);
    tcp_timer_set(tp, TCPT_2MSL, 2 * TCPTV_MSL);
    soisdisconnected(s->so);
    break;
  case TCPS_LAST_ACK:
    s->tp = tcp_close(tp);
    return V_DROP;
  default:
    break;
  }
  return V_CONTINUE;
}

/* Frees acked data from so_snd; true when our FIN was acked too. */
static bool drop_acked(struct tcpcb *tp, struct socket *so, uint32_t acked)
{
  uint32_t cc = so->so_snd.cc;
  bool finacked = acked > cc;
  uint32_t n = finacked ? cc : acked;
  sbdrop(&so->so_snd, n);
  tp->snd_wnd -= MIN(n, tp->snd_wnd);
  tp->bytes_acked += n;
  sowwakeup(so);
  return finacked;
}

/* New data acknowledged: RTT, timers, cwnd, so_snd, state. */
static enum verdict new_ack(struct tcpcb *tp, struct seg *s)
{
  struct tcpstat *st = &tp->host->inet->tcpstat;
  tcp_seq ack = s->th.ack;
  tcp_cc_recovery_ack(tp, ack);
  if (SEQ_GT(ack, tp->snd_max)) {
    st->rcvacktoomuch++;
    return V_DROPAFTERACK;
  }
  uint32_t acked = ack - tp->snd_una;
  st->rcvackpack++;
  st->rcvackbyte += acked;
  int rtt = tcp_rtt_ticks(tp);
  if (s->ts.present)          /* RTTM: every ACK with a timestamp */
    tcp_xmit_timer(tp, tcp_ts_rtt(tp, &s->ts));
  else if (rtt && SEQ_GT(ack, tp->t_rtseq))
    tcp_xmit_timer(tp, rtt);
  if (ack == tp->snd_max) {
    tcp_timer_set(tp, TCPT_REXMT, 0);
    s->needoutput = true;
  } else if (!tcp_timer_isset(tp, TCPT_PERSIST) &&
             !tcp_cc_keep_rexmt(tp)) {
    if (tcp_timing(tp)->rtt42)
      tcp42_new_ack(tp);
    tcp_timer_set(tp, TCPT_REXMT, tp->t_rxtcur);
  }
  tcp_cc_ack(tp, acked);
  bool finacked = drop_acked(tp, s->so, acked);
  tp->snd_una = ack;
  if (SEQ_LT(tp->snd_nxt, tp->snd_una))
    tp->snd_nxt = tp->snd_una;
  tcp_cc_partial_rexmt(tp, acked);
  if (tp->state == TCPS_TIME_WAIT) {
    tcp_timer_set(tp, TCPT_2MSL, 2 * TCPTV_MSL);
    return V_DROPAFTERACK;
  }
  return finacked ? fin_acked(tp, s) : V_CONTINUE;
}

/* ACK processing in the synchronized states. */
static enum verdict process_ack(struct tcpcb *tp, struct seg *s)
{
  if (tp->state == TCPS_SYN_RECEIVED) {
    if (SEQ_GT(tp->snd_una, s->th.ack) || SEQ_GT(s->th.ack, tp->snd_max))
      return V_DROPWITHRESET;
    tp->host->inet->tcpstat.connects++;
    tcp_set_state(tp, TCPS_ESTABLISHED);
    soisconnected(s->so);
    tcp_opt_established(tp);
    tcp_cc_established(tp);
    (void)tcp_reass(tp, NULL);
    tp->snd_wl1 = s->seq - 1;
  }
  if (SEQ_LEQ(s->th.ack, tp->snd_una))
    return old_ack(tp, s);
  return new_ack(tp, s);
}

/* ---- header prediction ----------------------------------------------- */

/* 4.4BSD's test for both fast paths: ESTABLISHED, only ACK among SYN,
 * FIN, RST, URG and ACK, the next expected sequence number, the same
 * non-zero window, nothing being retransmitted; here also all of the
 * data within the window (so trim_new would keep it all). PAWS passed. */
static bool predictable(const struct tcpcb *tp, const struct seg *s)
{
  return tp->state == TCPS_ESTABLISHED &&
         (s->flags & (TH_SYN | TH_FIN | TH_RST | TH_URG | TH_ACK)) ==
             TH_ACK &&
         s->seq == tp->rcv_nxt && s->tiwin != 0 &&
         s->tiwin == tp->snd_wnd && tp->snd_nxt == tp->snd_max &&
         s->len <= tp->rcv_wnd;
}

/* A pure ACK of new data, not beyond what was sent, with the congestion
 * window not below the send window (4.4BSD: not in slow start). */
static bool predict_ack(const struct tcpcb *tp, const struct seg *s)
{
  return s->len == 0 && SEQ_GT(s->th.ack, tp->snd_una) &&
         SEQ_LEQ(s->th.ack, tp->snd_max) && tp->snd_cwnd >= tp->snd_wnd;
}

/* In-order data acking nothing new, nothing queued for reassembly, and
 * room for all of it in so_rcv. */
static bool predict_data(const struct tcpcb *tp, const struct seg *s)
{
  return s->len > 0 && s->th.ack == tp->snd_una && !tp->reass &&
         (long)s->len <= sbspace(&s->so->so_rcv);
}

/* Header prediction: true when a fast path took the segment, *v then
 * its verdict (step 6 follows). What each does is what the slow path
 * does for such a segment: trim_old, trim_new and the flag checks leave
 * it alone, a pure ACK goes to new_ack and data through old_ack's reset
 * of t_dupacks. */
static bool predict(struct tcpcb *tp, struct seg *s, enum verdict *v)
{
  if (tp->host->inet->tcp_nopredict || !predictable(tp, s))
    return false;
  struct tcpstat *st = &tp->host->inet->tcpstat;
  if (predict_ack(tp, s)) {
    st->predack++;
    tcp_ts_update(tp, &s->ts, s->seq, 0);
    *v = new_ack(tp, s);
    return true;
  }
  if (!predict_data(tp, s))
    return false;
  st->preddat++;
  tcp_ts_update(tp, &s->ts, s->seq, s->len);
  tp->t_dupacks = 0;
  *v = V_CONTINUE;
  return true;
}

/* The synchronized states: PAWS, then a fast path or the checks and the
 * ACK. */
static enum verdict input_sync(struct tcpcb *tp, struct seg *s)
{
  if (tcp_paws_drop(tp, &s->ts, s->flags)) {
    tp->host->inet->tcpstat.rcvduppack++;
    tp->host->inet->tcpstat.rcvdupbyte += s->len;
    return V_DROPAFTERACK;
  }
  enum verdict v;
  if (predict(tp, s, &v))
    return v;
  v = sync_checks(tp, s);
  if (v == V_CONTINUE)
    v = process_ack(tp, s);
  return v;
}

/* ---- step 6: window, URG, data, FIN ----------------------------------- */

static void window_update(struct tcpcb *tp, struct seg *s)
{
  if (!(s->flags & TH_ACK))
    return;
  if (!(SEQ_LT(tp->snd_wl1, s->seq) ||
        (tp->snd_wl1 == s->seq &&
         (SEQ_LT(tp->snd_wl2, s->th.ack) ||
          (tp->snd_wl2 == s->th.ack && s->tiwin > tp->snd_wnd)))))
    return;
  if (s->len == 0 && tp->snd_wl2 == s->th.ack && s->tiwin > tp->snd_wnd)
    tp->host->inet->tcpstat.rcvwinupd++;
  tp->snd_wnd = s->tiwin;
  tp->snd_wl1 = s->seq;
  tp->snd_wl2 = s->th.ack;
  if (tp->snd_wnd > tp->max_sndwnd)
    tp->max_sndwnd = tp->snd_wnd;
  s->needoutput = true;
}

/* Takes the urgent byte out of the data (4.4BSD tcp_pulloutofband). The
 * sequence length stays: the byte still counts for sequencing. */
static void pull_oob(struct tcpcb *tp, struct seg *s)
{
  uint32_t cnt = (uint32_t)s->urp - 1;
  if (!s->m || cnt >= s->m->len)
    return;
  uint8_t *d = pbuf_writable(s->m);
  tp->t_iobc = d[cnt];
  tp->t_oobflags |= TCPOOB_HAVEDATA;
  memmove(d + cnt, d + cnt + 1, s->m->len - cnt - 1);
  pbuf_trim(s->m, s->m->len - 1);
}

/* Urgent data: the mark in the stream, SIGURG, the byte set aside. */
static void process_urg(struct tcpcb *tp, struct seg *s)
{
  struct socket *so = s->so;
  if (!(s->flags & TH_URG) || !s->urp || HAVERCVDFIN(tp->state)) {
    if (SEQ_GT(tp->rcv_nxt, tp->rcv_up))
      tp->rcv_up = tp->rcv_nxt;
    return;
  }
  if ((uint32_t)s->urp + so->so_rcv.cc > tp->host->sb_max) {
    s->urp = 0;
    s->flags &= ~TH_URG;
    return;
  }
  if (SEQ_GT(s->seq + s->urp, tp->rcv_up)) {
    tp->rcv_up = s->seq + s->urp;
    so->so_oobmark = so->so_rcv.cc + (tp->rcv_up - tp->rcv_nxt) - 1;
    if (so->so_oobmark == 0)
      so->so_state |= SS_RCVATMARK;
    sohasoutofband(so);
    tp->t_oobflags &= ~(TCPOOB_HAVEDATA | TCPOOB_HADDATA);
  }
  if (s->urp <= s->len && !(so->so_options & SO_OOBINLINE))
    pull_oob(tp, s);
}

/* Data and FIN into the stream (4.4BSD's TCP_REASS macro). */
static void process_data(struct tcpcb *tp, struct seg *s)
{
  struct tcpstat *st = &tp->host->inet->tcpstat;
  if (!(s->len || (s->flags & TH_FIN)) || HAVERCVDFIN(tp->state)) {
    s->flags &= ~TH_FIN;
    return;
  }
  if (s->seq == tp->rcv_nxt && !tp->reass &&
      tp->state == TCPS_ESTABLISHED) {
    tcp_delack(tp);
    tp->rcv_nxt += s->len;
    tp->bytes_rcvd += s->len;
    st->rcvpack++;
    st->rcvbyte += s->len;
    append(s->so, s->m);
    s->m = NULL;
    sorwakeup(s->so);
  } else {
    int fin = tcp_reass(tp, s);
    s->flags = (uint8_t)((s->flags & ~TH_FIN) | fin);
    tp->flags |= TF_ACKNOW;
  }
}

/* The peer's FIN: EOF for the reader, and the state moves. */
static void process_fin(struct tcpcb *tp, struct seg *s)
{
  if (!(s->flags & TH_FIN))
    return;
  if (!HAVERCVDFIN(tp->state)) {
    socantrcvmore(s->so);
    tp->flags |= TF_ACKNOW;
    tp->rcv_nxt++;
  }
  switch (tp->state) {
  case TCPS_SYN_RECEIVED: case TCPS_ESTABLISHED:
    tcp_set_state(tp, TCPS_CLOSE_WAIT);
    break;
  case TCPS_FIN_WAIT_1:
    tcp_set_state(tp, TCPS_CLOSING);
    break;
  case TCPS_FIN_WAIT_2:
    tcp_set_state(tp, TCPS_TIME_WAIT);
    tcp_canceltimers(tp);
    tcp_timer_set(tp, TCPT_2MSL, 2 * TCPTV_MSL);
    soisdisconnected(s->so);
    break;
  case TCPS_TIME_WAIT:
    tcp_timer_set(tp, TCPT_2MSL, 2 * TCPTV_MSL);
    break;
  default:
    break;
  }
}

static enum verdict step6(struct tcpcb *tp, struct seg *s)
{
  window_update(tp, s);
  process_urg(tp, s);
  process_data(tp, s);
  process_fin(tp, s);
  if (s->needoutput || (tp->flags & TF_ACKNOW))
    (void)tcp_output(tp);
  return V_DONE;
}

/* ---- the whole segment ------------------------------------------------- */

/* A listener: a temporary socket for the connection (sonewconn), which
 * the segment then belongs to. V_DROP when the queue is full. */
static enum verdict new_socket(struct seg *s)
{
  struct socket *head = s->so;
  int queued = head->so_qlen + head->so_q0len;
  struct socket *so = sonewconn(head, 0);
  if (!so) {
    s->h->inet->tcpstat.listendrop++;
    int most = 3 * head->so_qlimit / 2 + 1;   /* sonewconn's fudge */
    if (queued >= most && SIM_RECORDING(s->h->sim))
      tcp_rec_listendrop(s->tp, s->dst, s->src, &s->th, s->len, queued,
                         most);
    return V_DROP;
  }
  s->so = so;
  s->dropsocket = true;
  s->tp = so->so_pcb;
  s->tp->inp->laddr = s->dst;
  s->tp->inp->lport = s->th.dport;
  s->tp->state = TCPS_LISTEN;
  /* TCP_NOOPT on the listener holds for what it accepts (as later BSDs;
   * 4.4BSD-Lite had no way to set it). */
  s->tp->flags |= ((struct tcpcb *)head->so_pcb)->flags & TF_NOOPT;
  tcp_request_scale(s->tp);
  return V_CONTINUE;
}

static enum verdict dispatch(struct tcpcb *tp, struct seg *s);

/* Finds the connection and runs the steps for its state. */
static enum verdict process(struct seg *s)
{
  struct inpcb *inp = in_pcblookup(&s->h->inet->tcb, s->src, s->th.sport,
                                   s->dst, s->th.dport, INPLOOKUP_WILDCARD);
  s->tp = intotcpcb(inp);
  if (!s->tp)
    return V_DROPWITHRESET;
  if (s->tp->state == TCPS_CLOSED)
    return V_DROP;
  s->so = tcp_socket(s->tp);
  if ((s->so->so_options & SO_ACCEPTCONN) && new_socket(s) != V_CONTINUE)
    return V_DROP;
  struct tcpcb *tp = s->tp;
  tcp_timer_touch(tp);
  if (tp->state != TCPS_LISTEN)
    do_options(tp, s);
  s->tiwin = tcp_rcvd_window(tp, s->th.win, s->flags);
  long win = MAX(sbspace(&s->so->so_rcv), 0);
  tp->rcv_wnd = (uint32_t)MAX(win, (long)(int32_t)(tp->rcv_adv - tp->rcv_nxt));
  if (!SIM_RECORDING(s->h->sim))
    return dispatch(tp, s);
  struct tcp_rec_recv rr;
  tcp_rec_recv_begin(tp, &s->th, s->len, &rr);
  enum verdict v = dispatch(tp, s);
  tcp_rec_recv_end(&rr, s->tp);
  return v;
}

/* Runs the steps for tp's state. */
static enum verdict dispatch(struct tcpcb *tp, struct seg *s)
{
  enum verdict v;
  if (tp->state == TCPS_LISTEN)
    v = input_listen(tp, s);
  else if (tp->state == TCPS_SYN_SENT)
    v = input_synsent(tp, s);
  else
    v = input_sync(tp, s);
  if (v != V_CONTINUE)
    return v;
  return step6(tp, s);
}

/* Answers the segment with RST (4.4BSD dropwithreset): never to an RST,
 * a broadcast, or a broadcast source; the RST is acceptable to the
 * sender. */
static void reset(struct seg *s)
{
  if ((s->flags & TH_RST) || seg_bcast(s) || seg_bad_src(s))
    return;
  if (s->flags & TH_ACK)
    tcp_respond(s->h, s->src, s->th.sport, s->dst, s->th.dport, s->th.ack,
                0, TH_RST);
  else
    tcp_respond(s->h, s->src, s->th.sport, s->dst, s->th.dport, 0,
                s->seq + s->len + ((s->flags & TH_SYN) ? 1 : 0),
                TH_RST | TH_ACK);
}

/* Acts on the final verdict. */
static void finish(struct seg *s, enum verdict v)
{
  if (v == V_DROPAFTERACK && !(s->flags & TH_RST) && s->tp) {
    s->tp->flags |= TF_ACKNOW;
    (void)tcp_output(s->tp);
  } else if (v == V_DROPWITHRESET)
    reset(s);
  if (s->dropsocket && s->tp)
    tcp_close(s->tp);         /* the temporary socket goes (soabort) */
  pbuf_free(s->m);
  s->m = NULL;
}

/* Parses the segment into s, taking p (s->m becomes it, pulled to the
 * data); false (counted) when it is bad, p left to the caller. The IP
 * header was checked by ip_input, which hands on exactly ip_len bytes
 * (pr_input): its addresses and length are read, not parsed again. */
static bool parse(struct host *h, struct pbuf *p, int hlen,
                  struct netif *ifp, struct seg *s)
{
  struct tcpstat *st = &h->inet->tcpstat;
  const uint8_t *d = pbuf_data(p);
  uint32_t iplen = p->len >= IP_HDR_MIN ? wire_get16(d + 2) : 0;
  if (p->len < IP_HDR_MIN || iplen > p->len || iplen < (uint32_t)hlen) {
    st->rcvshort++;
    return false;
  }
  in_addr32 src = wire_get32(d + 12), dst = wire_get32(d + 16);
  size_t seglen = iplen - (size_t)hlen;
  int r = tcp_parse_known(d + hlen, seglen, src, dst,
                          &s->th, &s->opts, p->csum_good);
  if (r == TCP_ERR_SHORT || r == TCP_ERR_OFF || r == TCP_ERR_CKSUM) {
    if (r == TCP_ERR_SHORT) st->rcvshort++;
    else if (r == TCP_ERR_OFF) st->rcvbadoff++;
    else st->rcvbadsum++;
    return false;
  }
  /* TCP_ERR_OPT: s->opts holds what came before the bad option, which
   * 4.4BSD's tcp_dooptions has acted on when it stops. */
  s->h = h;
  s->src = src;
  s->dst = dst;
  s->ifp = ifp;
  s->m = p;
  pbuf_pull(s->m, (uint32_t)hlen + s->th.off);
  pbuf_trim(s->m, (uint32_t)(seglen - s->th.off));
  s->seq = s->th.seq;
  s->len = (uint32_t)(seglen - s->th.off);
  s->urp = s->th.urp;
  s->flags = s->th.flags;
  return true;
}

void tcp_input(struct host *h, struct pbuf *p, int hlen, struct netif *ifp)
{
  struct seg s = { 0 };
  h->inet->tcpstat.rcvtotal++;
  if (!parse(h, p, hlen, ifp, &s)) {
    pbuf_free(p);
    return;
  }
  enum verdict v;
  while ((v = process(&s)) == V_RESTART) {
    s.dropsocket = false;
    s.needoutput = false;
  }
  finish(&s, v);
}
