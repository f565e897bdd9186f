/* protocols/tcp_cc.c: congestion control for each TCP profile (tcp_var.h
 * enum tcp_profile): "4.2bsd" none at all; "tahoe" slow start, congestion
 * avoidance and fast retransmit, cwnd back to one segment on a loss;
 * "4.4bsd" (Reno) adds fast recovery, exactly as 4.4BSD-Lite's
 * tcp_input.c and tcp_timer.c do it; "newreno" adds RFC 6582's partial
 * ACKs. Not here: RTT and RTO (tcp_timer.c). Called from tcp_input
 * (ACKs) and tcp_timer (timeouts). Read RFC 5681, RFC 6582, Jacobson's
 * "Congestion Avoidance and Control" and 4.4BSD-Lite netinet/tcp_input.c
 * ("ack processing"). */
#include "host.h"
#include "ip_var.h"
#include "tcp_var.h"

/* half the window, in whole segments, at least two: the new ssthresh */
static uint32_t half_window(const struct tcpcb *tp)
{
  uint32_t win = MIN(tp->snd_wnd, tp->snd_cwnd) / 2 / (uint32_t)tp->t_maxseg;
  if (win < 2)
    win = 2;
  return win * (uint32_t)tp->t_maxseg;
}

static bool has_recovery(const struct tcpcb *tp)
{
  return tp->profile == TCP_PROFILE_RENO ||
         tp->profile == TCP_PROFILE_NEWRENO;
}

void tcp_cc_ack(struct tcpcb *tp, uint32_t acked)
{
  (void)acked;
  if (tp->profile == TCP_PROFILE_42BSD || tp->t_partialack)
    return;
  uint32_t cw = tp->snd_cwnd;
  uint32_t incr = (uint32_t)tp->t_maxseg;
  if (cw > tp->snd_ssthresh)
    incr = incr * incr / cw + incr / 8;
  tp->snd_cwnd = MIN(cw + incr, (uint32_t)TCP_MAXWIN << tp->snd_scale);
}

/* The third duplicate ACK: retransmit the segment at snd_una alone. */
static void fast_retransmit(struct tcpcb *tp)
{
  tcp_seq onxt = tp->snd_nxt;
  tp->snd_ssthresh = half_window(tp);
  tcp_timer_set(tp, TCPT_REXMT, 0);
  tp->t_rtt_tick = -1;
  tp->snd_nxt = tp->snd_una;
  tp->snd_cwnd = (uint32_t)tp->t_maxseg;
  if (tp->profile == TCP_PROFILE_NEWRENO)
    tp->snd_recover = tp->snd_max;
  (void)tcp_output(tp);
  if (has_recovery(tp))
    tp->snd_cwnd = tp->snd_ssthresh +
                   (uint32_t)tp->t_maxseg * (uint32_t)tp->t_dupacks;
  if (SEQ_GT(onxt, tp->snd_nxt))
    tp->snd_nxt = onxt;
}

bool tcp_cc_dupack(struct tcpcb *tp)
{
  if (tp->profile == TCP_PROFILE_42BSD) {
    tp->t_dupacks++;
    return false;
  }
  if (++tp->t_dupacks == TCP_REXMTTHRESH) {
    /* NewReno: dup ACKs for data sent before the last recovery began
     * do not start another (RFC 6582 step 2). */
    if (tp->profile == TCP_PROFILE_NEWRENO &&
        SEQ_LT(tp->snd_una, tp->snd_recover)) {
      return false;
    }
    fast_retransmit(tp);
    return true;
  }
  if (tp->t_dupacks > TCP_REXMTTHRESH && has_recovery(tp)) {
    tp->snd_cwnd += (uint32_t)tp->t_maxseg;   /* inflate */
    (void)tcp_output(tp);
    return true;
  }
  return false;
}

void tcp_cc_timeout(struct tcpcb *tp)
{
  if (tp->profile == TCP_PROFILE_42BSD)
    return;
  uint32_t ss = half_window(tp);
  tp->snd_cwnd = (uint32_t)tp->t_maxseg;
  tp->snd_ssthresh = ss;
  if (tp->profile == TCP_PROFILE_NEWRENO)
    tp->snd_recover = tp->snd_max;
}

void tcp_cc_recovery_ack(struct tcpcb *tp, tcp_seq ack)
{
  tp->t_partialack = false;
  if (tp->profile == TCP_PROFILE_NEWRENO &&
      tp->t_dupacks >= TCP_REXMTTHRESH && SEQ_LT(ack, tp->snd_recover)) {
    tp->t_partialack = true;    /* recovery goes on */
    return;
  }
  if (has_recovery(tp) && tp->t_dupacks > TCP_REXMTTHRESH &&
      tp->snd_cwnd > tp->snd_ssthresh)
    tp->snd_cwnd = tp->snd_ssthresh;
  if (tp->profile == TCP_PROFILE_NEWRENO &&
      tp->t_dupacks >= TCP_REXMTTHRESH)
    tp->snd_cwnd = MIN(tp->snd_cwnd, tp->snd_ssthresh);
  tp->t_dupacks = 0;
}

void tcp_cc_partial_rexmt(struct tcpcb *tp, uint32_t acked)
{
  if (!tp->t_partialack)
    return;
  tp->t_partialack = false;
  uint32_t cwnd = tp->snd_cwnd;
  tcp_seq onxt = tp->snd_nxt;
  tp->snd_nxt = tp->snd_una;
  tp->snd_cwnd = (uint32_t)tp->t_maxseg;
  (void)tcp_output(tp);
  if (SEQ_GT(onxt, tp->snd_nxt))
    tp->snd_nxt = onxt;
  cwnd = cwnd > acked ? cwnd - acked : 0;
  tp->snd_cwnd = MAX(cwnd + (uint32_t)tp->t_maxseg, (uint32_t)tp->t_maxseg);
}
