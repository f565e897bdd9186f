/* protocols/tcp_options.c: RFC 1323 (window scale, timestamps, RTTM and
 * PAWS) as 4.4BSD-Lite does it, for the "4.4bsd" and "newreno" profiles:
 * what each SYN asks for, tcp_dooptions' effect on the control block, the
 * scales once established, PAWS and ts_recent, the RTT from an echoed
 * timestamp, and the options tcp_output puts on a segment. Not here: the
 * wire format (tcp.c parses and emits the options), the estimator
 * (tcp_xmit_timer in tcp_timer.c). Call order: tcp_input -> tcp_dooptions
 * -> tcp_paws_drop -> tcp_ts_update -> tcp_ts_rtt; tcp_output ->
 * tcp_opt_output. Read RFC 1323 and 4.4BSD-Lite netinet/tcp_input.c
 * (tcp_dooptions), tcp_output.c, tcp_subr.c, tcp_usrreq.c and tcp_var.h. */
#include "host.h"
#include "ip_var.h"
#include "socketvar.h"
#include "tcp_var.h"

/* Timestamps compare modulo 2^32 (4.4BSD TSTMP_LT). */
static bool tstmp_lt(uint32_t a, uint32_t b)
{
  return (int32_t)(a - b) < 0;
}

bool tcp_rfc1323(const struct tcpcb *tp)
{
  return tp->profile == TCP_PROFILE_RENO ||
         tp->profile == TCP_PROFILE_NEWRENO;
}

void tcp_opt_init(struct tcpcb *tp)
{
  if (tcp_rfc1323(tp))
    tp->flags |= TF_REQ_SCALE | TF_REQ_TSTMP;
}

void tcp_request_scale(struct tcpcb *tp)
{
  uint32_t hiwat = tcp_socket(tp)->so_rcv.hiwat;
  tp->request_r_scale = 0;
  while (tp->request_r_scale < TCP_MAX_WINSHIFT &&
         ((uint32_t)TCP_MAXWIN << tp->request_r_scale) < hiwat)
    tp->request_r_scale++;
}

/* Both ends asked for timestamps (our SYN had one, the peer's too). */
static bool ts_agreed(const struct tcpcb *tp)
{
  return (tp->flags & (TF_REQ_TSTMP | TF_RCVD_TSTMP | TF_NOOPT)) ==
         (TF_REQ_TSTMP | TF_RCVD_TSTMP);
}

void tcp_dooptions(struct tcpcb *tp, const struct tcp_opts *o,
                   uint8_t flags, struct tcp_ts *ts)
{
  bool syn = (flags & TH_SYN) != 0;
  if (!syn) {                 /* nearly every segment: only a timestamp
                                 counts, once both ends agreed */
    if (o->has_ts && tcp_rfc1323(tp) && ts_agreed(tp))
      *ts = (struct tcp_ts){ .present = true, .val = o->ts_val,
                             .ecr = o->ts_ecr };
    else
      *ts = (struct tcp_ts){ 0 };
    return;
  }
  *ts = (struct tcp_ts){ 0 };
  if (o->has_mss && syn)
    (void)tcp_mss(tp, o->mss);
  if (!tcp_rfc1323(tp))
    return;
  if (o->has_wscale && syn) {
    tp->flags |= TF_RCVD_SCALE;
    tp->requested_s_scale = MIN(o->wscale, TCP_MAX_WINSHIFT);
  }
  if (!o->has_ts)
    return;
  if (syn) {
    tp->flags |= TF_RCVD_TSTMP;
    tp->ts_recent = o->ts_val;
    tp->ts_recent_age = tcp_now(tp);
  }
  if (syn || ts_agreed(tp))
    *ts = (struct tcp_ts){ .present = true, .val = o->ts_val,
                           .ecr = o->ts_ecr };
}

void tcp_opt_established(struct tcpcb *tp)
{
  if ((tp->flags & (TF_RCVD_SCALE | TF_REQ_SCALE)) ==
      (TF_RCVD_SCALE | TF_REQ_SCALE)) {
    tp->snd_scale = tp->requested_s_scale;
    tp->rcv_scale = tp->request_r_scale;
  }
}

uint32_t tcp_rcvd_window(const struct tcpcb *tp, uint16_t win, uint8_t flags)
{
  return (flags & TH_SYN) ? win : (uint32_t)win << tp->snd_scale;
}

bool tcp_paws_drop(struct tcpcb *tp, const struct tcp_ts *ts, uint8_t flags)
{
  if (!ts->present || (flags & TH_RST) || tp->ts_recent == 0 ||
      !tstmp_lt(ts->val, tp->ts_recent))
    return false;
  if ((int32_t)(tcp_now(tp) - tp->ts_recent_age) > TCP_PAWS_IDLE) {
    tp->ts_recent = 0;        /* too old to judge by; age kept */
    return false;
  }
  tp->host->inet->tcpstat.pawsdrop++;
  return true;
}

void tcp_ts_update(struct tcpcb *tp, const struct tcp_ts *ts, tcp_seq seq,
                   uint32_t len)
{
  if (ts->present && SEQ_LEQ(seq, tp->last_ack_sent) &&
      SEQ_LT(tp->last_ack_sent, seq + len)) {
    tp->ts_recent_age = tcp_now(tp);
    tp->ts_recent = ts->val;
  }
}

int tcp_ts_rtt(const struct tcpcb *tp, const struct tcp_ts *ts)
{
  if (!ts->present)
    return 0;
  return (int)(tcp_now(tp) - ts->ecr) + 1;
}

void tcp_opt_output(struct tcpcb *tp, uint8_t flags, int mss,
                    struct tcp_opts *o)
{
  *o = (struct tcp_opts){ 0 };
  if (tp->flags & TF_NOOPT)
    return;
  if (flags & TH_SYN) {
    o->has_mss = true;
    o->mss = (uint16_t)mss;
    if ((tp->flags & TF_REQ_SCALE) &&
        (!(flags & TH_ACK) || (tp->flags & TF_RCVD_SCALE))) {
      o->has_wscale = true;
      o->wscale = tp->request_r_scale;
    }
  }
  if ((tp->flags & TF_REQ_TSTMP) && !(flags & TH_RST) &&
      ((flags & (TH_SYN | TH_ACK)) == TH_SYN ||
       (tp->flags & TF_RCVD_TSTMP))) {
    o->has_ts = true;
    o->ts_val = tcp_now(tp);
    o->ts_ecr = tp->ts_recent;
  }
}

long tcp_maxwin(const struct tcpcb *tp)
{
  return (long)TCP_MAXWIN << tp->rcv_scale;
}
