/* protocols/tcp_cc.c: congestion control for each TCP profile (tcp_var.h
 * enum tcp_profile): "4.2bsd" none at all; "tahoe" slow start, congestion
 * avoidance and fast retransmit, cwnd back to one segment on a loss;
 * "4.4bsd" (Reno) adds fast recovery, exactly as 4.4BSD-Lite's
 * tcp_input.c and tcp_timer.c do it (with the maxseg/8 term RFC 2581
 * calls incorrect); "newreno" follows RFC 5681 and RFC 6582 as FreeBSD's
 * cc_newreno.c does: byte counting, FlightSize/2, an initial window of 2
 * to 4 segments, partial ACKs, full-ACK deflation. docs/lua-api.md has
 * the table of every rule and its source. Not here: RTT and RTO
 * (tcp_timer.c). Called from tcp_input (ACKs), tcp_output (idle restart)
 * and tcp_timer (timeouts). */
#include "host.h"
#include "ip_var.h"
#include "tcp_var.h"

static uint32_t smss(const struct tcpcb *tp)
{
  return (uint32_t)tp->t_maxseg;
}

static bool has_recovery(const struct tcpcb *tp)
{
  return tp->profile == TCP_PROFILE_RENO ||
         tp->profile == TCP_PROFILE_NEWRENO;
}

static bool is_newreno(const struct tcpcb *tp)
{
  return tp->profile == TCP_PROFILE_NEWRENO;
}

/* 4.4BSD-Lite: half of min(wnd, cwnd), in whole segments, at least two */
static uint32_t half_window(const struct tcpcb *tp)
{
  uint32_t win = MIN(tp->snd_wnd, tp->snd_cwnd) / 2 / smss(tp);
  if (win < 2)
    win = 2;
  return win * smss(tp);
}

/* RFC 5681 3.1 equation (4): max(FlightSize / 2, 2 * SMSS) */
static uint32_t half_flight(const struct tcpcb *tp)
{
  uint32_t flight = tp->snd_max - tp->snd_una;
  return MAX(flight / 2, 2 * smss(tp));
}

uint32_t tcp_cc_initial_window(const struct tcpcb *tp)
{
  if (!is_newreno(tp))
    return smss(tp);
  return MIN(4 * smss(tp), MAX(2 * smss(tp), 4380u));
}

void tcp_cc_established(struct tcpcb *tp)
{
  if (!is_newreno(tp))
    return;                     /* tcp_mss set one segment */
  /* RFC 5681 3.1: one segment if the SYN or SYN-ACK was retransmitted */
  tp->snd_cwnd = tp->rexmt_timeouts ? smss(tp) : tcp_cc_initial_window(tp);
  tp->t_bytes_acked = 0;
}

void tcp_cc_after_idle(struct tcpcb *tp)
{
  if (tp->profile == TCP_PROFILE_42BSD)
    return;
  if (is_newreno(tp))           /* RFC 5681 4.1: min(IW, cwnd) */
    tp->snd_cwnd = MIN(tp->snd_cwnd, tcp_cc_initial_window(tp));
  else
    tp->snd_cwnd = smss(tp);    /* 4.4BSD-Lite tcp_output */
}

/* 4.4BSD-Lite: maxseg per ACK below ssthresh, else maxseg*maxseg/cwnd +
 * maxseg/8 */
static uint32_t lite_incr(const struct tcpcb *tp)
{
  uint32_t incr = smss(tp);
  if (tp->snd_cwnd > tp->snd_ssthresh)
    incr = incr * incr / tp->snd_cwnd + incr / 8;
  return incr;
}

/* RFC 5681 3.1: min(acked, SMSS) per ACK in slow start (equation 2);
 * in congestion avoidance SMSS each time the bytes acked reach cwnd
 * (byte counting, RFC 5681's RECOMMENDED way; FreeBSD's default,
 * net.inet.tcp.rfc3465=1). */
static uint32_t rfc5681_incr(struct tcpcb *tp, uint32_t acked)
{
  if (tp->snd_cwnd <= tp->snd_ssthresh) {
    tp->t_bytes_acked = 0;
    return MIN(acked, smss(tp));
  }
  tp->t_bytes_acked += acked;
  if (tp->t_bytes_acked < tp->snd_cwnd)
    return 0;
  tp->t_bytes_acked -= tp->snd_cwnd;
  return smss(tp);
}

void tcp_cc_ack(struct tcpcb *tp, uint32_t acked)
{
  if (tp->profile == TCP_PROFILE_42BSD || tp->t_partialack ||
      tp->t_recovered)
    return;
  uint32_t incr = is_newreno(tp) ? rfc5681_incr(tp, acked) : lite_incr(tp);
  tp->snd_cwnd = MIN(tp->snd_cwnd + incr, (uint32_t)TCP_MAXWIN << tp->snd_scale);
}

/* The third duplicate ACK: retransmit the segment at snd_una alone. */
static void fast_retransmit(struct tcpcb *tp)
{
  tcp_seq onxt = tp->snd_nxt;
  tp->snd_ssthresh = is_newreno(tp) ? half_flight(tp) : half_window(tp);
  tcp_timer_set(tp, TCPT_REXMT, 0);
  tp->t_rtt_tick = -1;
  tp->snd_nxt = tp->snd_una;
  tp->snd_cwnd = smss(tp);
  if (is_newreno(tp)) {
    tp->snd_recover = tp->snd_max;    /* RFC 6582 3.2 step 2 */
    tp->t_bytes_acked = 0;
    tp->t_partials = 0;
  }
  (void)tcp_output(tp);
  if (has_recovery(tp))
    tp->snd_cwnd = tp->snd_ssthresh + smss(tp) * (uint32_t)tp->t_dupacks;
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
    /* NewReno: duplicates that do not cover recover start no recovery,
     * leave ssthresh alone (RFC 6582 3.2 step 2) and are not counted on
     * (FreeBSD tcp_input sets t_dupacks to 0), so none inflates cwnd. */
    if (is_newreno(tp) && SEQ_LT(tp->snd_una, tp->snd_recover)) {
      tp->t_dupacks = 0;
      return false;
    }
    fast_retransmit(tp);
    return true;
  }
  if (tp->t_dupacks > TCP_REXMTTHRESH && has_recovery(tp)) {
    tp->snd_cwnd += smss(tp);   /* inflate */
    (void)tcp_output(tp);
    return true;
  }
  return false;
}

void tcp_cc_timeout(struct tcpcb *tp)
{
  if (tp->profile == TCP_PROFILE_42BSD)
    return;
  if (!is_newreno(tp))
    tp->snd_ssthresh = half_window(tp);
  else {
    /* RFC 5681 3.1: halve only at the first timeout of a segment (as
     * FreeBSD's newreno_cong_signal, CC_RTO, at t_rxtshift 1); RFC 6582
     * 3.2 step 5: recover = the highest sequence sent. */
    if (tp->t_rxtshift <= 1)
      tp->snd_ssthresh = half_flight(tp);
    tp->snd_recover = tp->snd_max;
    tp->t_bytes_acked = 0;
  }
  tp->snd_cwnd = smss(tp);
}

/* RFC 6582 3.2 step 3, option (1), as FreeBSD's newreno_post_recovery:
 * cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS), FlightSize being
 * what the full ACK leaves outstanding. */
static void full_ack(struct tcpcb *tp, tcp_seq ack)
{
  uint32_t flight = tp->snd_max - ack;
  tp->snd_cwnd = MIN(tp->snd_ssthresh, MAX(flight, smss(tp)) + smss(tp));
  tp->t_bytes_acked = 0;
  tp->t_recovered = true;
}

void tcp_cc_recovery_ack(struct tcpcb *tp, tcp_seq ack)
{
  tp->t_partialack = false;
  tp->t_recovered = false;
  if (is_newreno(tp) && tp->t_dupacks >= TCP_REXMTTHRESH) {
    if (SEQ_LT(ack, tp->snd_recover)) {
      tp->t_partialack = true;  /* recovery goes on */
      return;
    }
    full_ack(tp, ack);
  } else if (has_recovery(tp) && tp->t_dupacks > TCP_REXMTTHRESH &&
             tp->snd_cwnd > tp->snd_ssthresh)
    tp->snd_cwnd = tp->snd_ssthresh;    /* 4.4BSD-Lite */
  tp->t_dupacks = 0;
}

bool tcp_cc_keep_rexmt(struct tcpcb *tp)
{
  /* RFC 6582 3.2 step 4 (the Impatient variant): only the first partial
   * ACK of a recovery restarts the retransmit timer. */
  if (!tp->t_partialack)
    return false;
  return tp->t_partials++ > 0 && tcp_timer_isset(tp, TCPT_REXMT);
}

void tcp_cc_partial_rexmt(struct tcpcb *tp, uint32_t acked)
{
  if (!tp->t_partialack)
    return;
  tp->t_partialack = false;
  uint32_t cwnd = tp->snd_cwnd;
  tcp_seq onxt = tp->snd_nxt;
  tp->snd_nxt = tp->snd_una;
  tp->snd_cwnd = smss(tp);
  (void)tcp_output(tp);
  if (SEQ_GT(onxt, tp->snd_nxt))
    tp->snd_nxt = onxt;
  /* RFC 6582 3.2 step 4: deflate by the data acked, add back SMSS if
   * that was at least SMSS, send new data if cwnd allows. */
  cwnd = cwnd > acked ? cwnd - acked : 0;
  if (acked >= smss(tp))
    cwnd += smss(tp);
  tp->snd_cwnd = MAX(cwnd, smss(tp));
  (void)tcp_output(tp);
}
