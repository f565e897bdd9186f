/* protocols/tcp_output.c: deciding what a connection sends now and
 * sending it, as 4.4BSD-Lite's tcp_output: how much data the windows
 * allow (plan), whether it is worth a segment (Nagle, sender silly
 * window avoidance, window updates, ACKs owed, SYN/FIN/RST by state),
 * then the segment itself (the MSS option on a SYN, data copied from
 * so_snd, the urgent pointer), the sequence and timer bookkeeping, and
 * ip_output. Not here: segments without a connection (tcp_respond in
 * tcp_subr.c), timers' expiry (tcp_timer.c). Call order: tcp_usrreq /
 * tcp_input / tcp_timer -> tcp_output -> plan -> worth_sending ->
 * send_segment -> ip_output. Read RFC 793 3.7, RFC 1122 4.2.3.4 (Nagle),
 * 4.2.3.3-4 (SWS) and 4.4BSD-Lite netinet/tcp_output.c. */
#include "host.h"
#include "in_cksum.h"
#include "in_pcb.h"
#include "ip_var.h"
#include "pbuf.h"
#include "socketvar.h"
#include "tcp_var.h"

#include <errno.h>

/* Flags sent in each state (4.4BSD tcp_fsm.h tcp_outflags). */
static const uint8_t tcp_outflags[TCP_NSTATES] = {
  TH_RST | TH_ACK, 0, TH_SYN, TH_SYN | TH_ACK, TH_ACK, TH_ACK,
  TH_FIN | TH_ACK, TH_FIN | TH_ACK, TH_FIN | TH_ACK, TH_ACK, TH_ACK,
};

/* What one pass of tcp_output would send. */
struct plan {
  long off;                   /* bytes of so_snd before snd_nxt */
  long len;                   /* data bytes to send */
  long win;                   /* receive window to offer (sbspace) */
  uint8_t flags;              /* TH_* */
  bool sendalot;              /* more to send after this segment */
};

/* How much data to send, and which flags (the first part of 4.4BSD's
 * tcp_output). */
static void plan(struct tcpcb *tp, struct socket *so, struct plan *pl)
{
  long cc = so->so_snd.cc;
  pl->sendalot = false;
  pl->off = (long)(tp->snd_nxt - tp->snd_una);
  long win = MIN(tp->snd_wnd, tp->snd_cwnd);
  pl->flags = tcp_outflags[tp->state];
  if (tp->t_force) {
    if (win == 0) {
      if (pl->off < cc)       /* the probe is data, not the FIN */
        pl->flags &= ~TH_FIN;
      win = 1;
    } else {
      tcp_timer_set(tp, TCPT_PERSIST, 0);
      tp->t_rxtshift = 0;
    }
  }
  pl->len = MIN(cc, win) - pl->off;
  if (pl->len < 0) {
    /* FIN sent and not acked, or the window shrank after we sent. */
    pl->len = 0;
    if (win == 0) {
      tcp_timer_set(tp, TCPT_REXMT, 0);
      tp->snd_nxt = tp->snd_una;
    }
  }
  if (pl->len > tp->t_maxseg) {
    pl->len = tp->t_maxseg;
    pl->sendalot = true;
  }
  if (SEQ_LT(tp->snd_nxt + (tcp_seq)pl->len, tp->snd_una + (tcp_seq)cc))
    pl->flags &= ~TH_FIN;
  pl->win = MAX(sbspace(&so->so_rcv), 0);
}

/* Sender silly window avoidance and Nagle: is this much data worth a
 * segment? */
static bool data_worth_it(const struct tcpcb *tp, const struct socket *so,
                          const struct plan *pl, bool idle)
{
  if (pl->len == tp->t_maxseg)
    return true;
  if ((idle || (tp->flags & TF_NODELAY)) &&
      pl->len + pl->off >= (long)so->so_snd.cc)
    return true;
  if (tp->t_force)
    return true;
  if (pl->len >= (long)(tp->max_sndwnd / 2))
    return true;
  return SEQ_LT(tp->snd_nxt, tp->snd_max);
}

/* Whether to send a segment now; when not, maybe enter persist. */
static bool worth_sending(struct tcpcb *tp, struct socket *so,
                          const struct plan *pl, bool idle)
{
  if (pl->len && data_worth_it(tp, so, pl, idle))
    return true;
  if (pl->win > 0) {          /* a window update of 2 segments or half */
    long adv = MIN(pl->win, tcp_maxwin(tp)) -
               (long)(tp->rcv_adv - tp->rcv_nxt);
    if (adv >= 2L * tp->t_maxseg || 2 * adv >= (long)so->so_rcv.hiwat)
      return true;
  }
  if ((tp->flags & TF_ACKNOW) || (pl->flags & (TH_SYN | TH_RST)))
    return true;
  if (SEQ_GT(tp->snd_up, tp->snd_una))
    return true;
  if ((pl->flags & TH_FIN) &&
      (!(tp->flags & TF_SENTFIN) || tp->snd_nxt == tp->snd_una))
    return true;
  if (so->so_snd.cc && !tcp_timer_isset(tp, TCPT_REXMT) &&
      !tcp_timer_isset(tp, TCPT_PERSIST)) {
    tp->t_rxtshift = 0;
    tcp_setpersist(tp);
  }
  return false;
}

/* Counts the segment in tcpstat (4.4BSD's choice of counter). */
static void count_segment(struct tcpcb *tp, const struct plan *pl)
{
  struct tcpstat *st = &tp->host->inet->tcpstat;
  if (pl->len) {
    if (tp->t_force && pl->len == 1)
      st->sndprobe++;
    else if (SEQ_LT(tp->snd_nxt, tp->snd_max)) {
      st->sndrexmitpack++;
      st->sndrexmitbyte += (uint64_t)pl->len;
      tp->rexmt_segs++;
    } else {
      st->sndpack++;
      st->sndbyte += (uint64_t)pl->len;
    }
  } else if (tp->flags & TF_ACKNOW)
    st->sndacks++;
  else if (pl->flags & (TH_SYN | TH_FIN | TH_RST))
    st->sndctrl++;
  else if (SEQ_GT(tp->snd_up, tp->snd_una))
    st->sndurg++;
  else
    st->sndwinup++;
}

/* The window to advertise: no silly small windows, never shrinking what
 * was advertised. */
static long offered_window(const struct tcpcb *tp, const struct socket *so,
                           long win)
{
  if (win < (long)(so->so_rcv.hiwat / 4) && win < tp->t_maxseg)
    win = 0;
  if (win > tcp_maxwin(tp))
    win = tcp_maxwin(tp);
  if (win < (long)(tp->rcv_adv - tp->rcv_nxt))
    win = (long)(tp->rcv_adv - tp->rcv_nxt);
  return win;
}

/* Advances snd_nxt/snd_max over what was sent, starts RTT timing and the
 * retransmit timer (not for a persist probe). */
static void advance(struct tcpcb *tp, const struct plan *pl)
{
  if (tp->t_force && tcp_timer_isset(tp, TCPT_PERSIST)) {
    if (SEQ_GT(tp->snd_nxt + (tcp_seq)pl->len, tp->snd_max))
      tp->snd_max = tp->snd_nxt + (tcp_seq)pl->len;
    return;
  }
  tcp_seq start = tp->snd_nxt;
  if (pl->flags & TH_SYN)
    tp->snd_nxt++;
  if (pl->flags & TH_FIN) {
    tp->snd_nxt++;
    tp->flags |= TF_SENTFIN;
  }
  tp->snd_nxt += (tcp_seq)pl->len;
  if (SEQ_GT(tp->snd_nxt, tp->snd_max)) {
    tp->snd_max = tp->snd_nxt;
    if (tp->t_rtt_tick < 0) {
      tcp_rtt_start(tp, start);
      tp->host->inet->tcpstat.segstimed++;
    }
  }
  if (!tcp_timer_isset(tp, TCPT_REXMT) && tp->snd_nxt != tp->snd_una) {
    tcp_timer_set(tp, TCPT_REXMT, tp->t_rxtcur);
    if (tcp_timer_isset(tp, TCPT_PERSIST)) {
      tcp_timer_set(tp, TCPT_PERSIST, 0);
      tp->t_rxtshift = 0;
    }
  }
}

/* ip_output's error as 4.4BSD's tcp_output takes it. */
static int output_error(struct tcpcb *tp, int err)
{
  if (err == -ENOBUFS) {      /* local congestion: as a source quench */
    if (tp->profile != TCP_PROFILE_42BSD)
      tp->snd_cwnd = (uint32_t)tp->t_maxseg;
    return 0;
  }
  if ((err == -EHOSTUNREACH || err == -ENETDOWN) &&
      tp->state >= TCPS_SYN_RECEIVED) {
    tp->t_softerror = err;
    return 0;
  }
  return err;
}

/* The segment: header th with opts, and pl->len bytes of so_snd from
 * pl->off, copied (sbcopy: one memcpy per piece of so_snd) and then
 * summed in one pass over the copy, which is contiguous and in cache.
 * Summing each piece while copying it cost more: sosend leaves many
 * 100-byte pieces, and each paid the sum's set-up (W2 CPU time about 5%
 * less this way). Every byte is written, so the pbuf is not zeroed
 * first. */
static struct pbuf *build_segment(struct tcpcb *tp, struct socket *so,
                                  const struct plan *pl,
                                  const struct tcp_hdr *th,
                                  const struct tcp_opts *opts)
{
  size_t hlen = TCP_HDR_LEN + tcp_opts_len(opts);
  struct pbuf *p = pbuf_alloc_raw(tp->host->sim->pbufs,
                                  (uint32_t)(hlen + (size_t)pl->len));
  uint8_t *buf = pbuf_data(p);          /* new: private, writable */
  uint32_t sum = 0;
  if (pl->len) {
    sbcopy(&so->so_snd, (uint32_t)pl->off, (uint32_t)pl->len, buf + hlen);
    sum = in_cksum_add(0, buf + hlen, (size_t)pl->len);
  }
  tcp_emit_sum(th, opts, tp->inp->laddr, tp->inp->faddr, buf, p->len, sum);
  p->csum_good = true;        /* ip_output keeps it (pbuf.h) */
  return p;
}

/* Builds the segment the plan says and hands it to IP. */
static int send_segment(struct tcpcb *tp, struct socket *so, struct plan *pl)
{
  struct tcp_opts opts;
  int mss = 0;
  if (pl->flags & TH_SYN) {
    tp->snd_nxt = tp->iss;
    tp->snd_recover = tp->iss;
    if (!(tp->flags & TF_NOOPT))
      mss = tcp_mss(tp, 0);
  }
  tcp_opt_output(tp, pl->flags, mss, &opts);
  long optlen = (long)tcp_opts_len(&opts);
  if (pl->len > tp->t_maxseg - optlen) {
    /* The options take room from the data (4.4BSD-Lite); the FIN waits
     * for the rest (as 4.4BSD-Lite2). */
    pl->len = tp->t_maxseg - optlen;
    pl->sendalot = true;
    pl->flags &= ~TH_FIN;
  }
  count_segment(tp, pl);
  if (pl->len && pl->off + pl->len == (long)so->so_snd.cc)
    pl->flags |= TH_PUSH;
  if ((pl->flags & TH_FIN) && (tp->flags & TF_SENTFIN) &&
      tp->snd_nxt == tp->snd_max)
    tp->snd_nxt--;            /* resending the FIN: same sequence */
  struct tcp_hdr th = { .sport = tp->inp->lport, .dport = tp->inp->fport,
                        .ack = tp->rcv_nxt, .flags = pl->flags };
  th.seq = (pl->len || (pl->flags & (TH_SYN | TH_FIN)) ||
            tcp_timer_isset(tp, TCPT_PERSIST)) ? tp->snd_nxt : tp->snd_max;
  pl->win = offered_window(tp, so, pl->win);
  th.win = (uint16_t)(pl->win >> tp->rcv_scale);
  if (SEQ_GT(tp->snd_up, tp->snd_nxt)) {
    th.urp = (uint16_t)MIN(tp->snd_up - tp->snd_nxt, 0xffffu);
    th.flags |= TH_URG;
  } else
    tp->snd_up = tp->snd_una;   /* drag it along */
  struct pbuf *p = build_segment(tp, so, pl, &th, &opts);
  tcp_seq snd_max = tp->snd_max;
  advance(tp, pl);
  if (SIM_RECORDING(tp->host->sim))
    tcp_rec_send(tp, &th, (uint32_t)pl->len, snd_max);
  struct ip_out o = { .src = tp->inp->laddr, .dst = tp->inp->faddr,
                      .proto = IP_PROTO_TCP, .ttl = tp->inp->ttl,
                      .tos = tp->inp->tos };
  int err = ip_output(tp->host, p,  &o,
                      (so->so_options & SO_DONTROUTE) ? IP_ROUTETOIF : 0);
  if (err)
    return output_error(tp, err);
  tp->host->inet->tcpstat.sndtotal++;
  if (pl->win > 0 && SEQ_GT(tp->rcv_nxt + (tcp_seq)pl->win, tp->rcv_adv))
    tp->rcv_adv = tp->rcv_nxt + (tcp_seq)pl->win;
  tp->last_ack_sent = tp->rcv_nxt;
  tp->flags &= ~(TF_ACKNOW | TF_DELACK);
  return 0;
}

/* True when 4.4BSD's tcp_output, called now (after its idle check),
 * would send nothing and change nothing: the common no-op calls (a
 * sosend piece into a full window, a read that frees too little for a
 * window update, an ACK with nothing new to send) in fewer instructions
 * than plan and worth_sending. It restates their "no" for a
 * synchronized state sending only ACK (no SYN, FIN or RST), with no
 * t_force (plan's side effects), no ACK owed, no urgent data, data only
 * when Nagle holds it back (less than a segment, not idle, not
 * TF_NODELAY, below max_sndwnd / 2, nothing being resent), no window
 * update due, and no persist timer for worth_sending to start. When it
 * says false, plan and worth_sending decide as before; debug builds
 * check each true against them (nothing_to_send_checked). */
static inline bool nothing_to_send(const struct tcpcb *tp,
                                   const struct socket *so, bool idle)
{
  if (tp->t_force || (tp->flags & TF_ACKNOW) ||
      tcp_outflags[tp->state] != TH_ACK || SEQ_GT(tp->snd_up, tp->snd_una))
    return false;
  long cc = so->so_snd.cc;
  if (cc && !tcp_timer_isset(tp, TCPT_REXMT) &&
      !tcp_timer_isset(tp, TCPT_PERSIST))
    return false;
  long win = MIN(tp->snd_wnd, tp->snd_cwnd);
  long len = MIN(cc, win) - (long)(tp->snd_nxt - tp->snd_una);
  if (len < 0 && win == 0)
    return false;
  if (len > 0 && (len >= tp->t_maxseg || idle || (tp->flags & TF_NODELAY) ||
                  len >= (long)(tp->max_sndwnd / 2) ||
                  tp->snd_nxt != tp->snd_max))
    return false;
  long rwin = sbspace(&so->so_rcv);
  if (rwin > 0) {
    long adv = MIN(rwin, tcp_maxwin(tp)) - (long)(tp->rcv_adv - tp->rcv_nxt);
    if (adv >= 2L * tp->t_maxseg || 2 * adv >= (long)so->so_rcv.hiwat)
      return false;
  }
  return true;
}

#ifndef NDEBUG
/* nothing_to_send, checked against plan and worth_sending, which under
 * its conditions change nothing. */
static bool nothing_to_send_checked(struct tcpcb *tp, struct socket *so,
                                    bool idle)
{
  if (!nothing_to_send(tp, so, idle))
    return false;
  struct plan pl;
  plan(tp, so, &pl);
  g_assert(!worth_sending(tp, so, &pl, idle));
  return true;
}
#define nothing_to_send nothing_to_send_checked
#endif

/* The rest of tcp_output: plan, decide, send, while there is more. */
__attribute__((noinline))
static int output_loop(struct tcpcb *tp, struct socket *so, bool idle)
{
  struct plan pl;
  do {
    plan(tp, so, &pl);
    if (!worth_sending(tp, so, &pl, idle))
      return 0;
    int err = send_segment(tp, so, &pl);
    if (err)
      return err;
  } while (pl.sendalot);
  return 0;
}

int tcp_output(struct tcpcb *tp)
{
  struct socket *so = tcp_socket(tp);
  bool idle = tp->snd_max == tp->snd_una;
  if (idle && tcp_idle_ticks(tp) >= tp->t_rxtcur)
    tcp_cc_after_idle(tp);                  /* restart slow start */
  if (nothing_to_send(tp, so, idle))
    return 0;
  return output_loop(tp, so, idle);
}

void tcp_setpersist(struct tcpcb *tp)
{
  g_return_if_fail(!tcp_timer_isset(tp, TCPT_REXMT));
  if (tcp_timing(tp)->rtt42) {
    tcp_timer_set(tp, TCPT_PERSIST, tcp42_persist(tp));
    return;
  }
  int t = ((tp->t_srtt >> 2) + tp->t_rttvar) >> 1;
  tcp_timer_set(tp, TCPT_PERSIST,
                TCPT_RANGESET(t * tcp_backoff[tp->t_rxtshift],
                              TCPTV_PERSMIN, TCPTV_PERSMAX));
  if (tp->t_rxtshift < TCP_MAXRXTSHIFT)
    tp->t_rxtshift++;
}
