/* protocols/tcp_timer.c: TCP's four timers (retransmit, persist, keep,
 * 2MSL), the delayed ACK and the RTT estimator, as 4.4BSD-Lite's
 * tcp_timer.c and tcp_xmit_timer, but as events: a timer armed for n slow
 * ticks is one event at the n-th 500 ms boundary after now, which is when
 * BSD's polled countdown would reach zero (tcp_var.h says why). Not here:
 * what is sent (tcp_output.c), closing (tcp_subr.c). The boundaries are
 * the host's own clock, phased from its boot (host_clock_origin): 4.4BSD's
 * domaininit starts pfslowtimo and pffasttimo at boot, so two hosts'
 * ticks coincide only if they booted in phase. Call order: event ->
 * timer_fire -> rexmt/persist/keep/twomsl -> tcp_output / tcp_drop /
 * tcp_close. Read 4.4BSD-Lite netinet/tcp_timer.c, Jacobson's
 * "Congestion Avoidance and Control" and RFC 1122 4.2.3. */
#include "host.h"
#include "in_pcb.h"
#include "ip_var.h"
#include "socketvar.h"
#include "tcp_var.h"

#include <errno.h>

static const char *const timer_names[TCPT_NTIMERS] = {
  "rexmt", "persist", "keep", "2msl"
};

static sim_time_t now_of(const struct tcpcb *tp)
{
  return sim_now(tp->host->sim);
}

/* host_clock_origin(h, period), without its division for a host that
 * booted at time 0 (the usual case), whose origin is 0. Asked for at
 * nearly every segment (timestamps, idle time, timers). */
static inline sim_time_t origin(const struct host *h, sim_time_t period)
{
  return h->boot == 0 ? 0 : host_clock_origin(h, period);
}

int64_t tcp_slowtick(const struct host *h, sim_time_t t)
{
  return (t - origin(h, TCP_SLOWTICK)) / TCP_SLOWTICK;
}

sim_time_t tcp_slowtick_time(const struct host *h, int64_t tick)
{
  return origin(h, TCP_SLOWTICK) + tick * TCP_SLOWTICK;
}

/* The index of the first slow boundary at or after now. Events at a
 * boundary run before BSD's end-of-tick increments (of t_idle, t_rtt),
 * so a boundary counts as passed for whatever started at it. */
static int64_t tick_ceil(const struct tcpcb *tp)
{
  sim_time_t since = now_of(tp) - origin(tp->host, TCP_SLOWTICK);
  return (since + TCP_SLOWTICK - 1) / TCP_SLOWTICK;
}

static void timer_fire(void *a, void *b);

void tcp_timer_set(struct tcpcb *tp, int which, int ticks)
{
  g_assert(which >= 0 && which < TCPT_NTIMERS);
  struct sim *sim = tp->host->sim;
  if (tp->t_ev[which])
    sched_cancel(sim->sched, tp->t_ev[which]);
  tp->t_ev[which] = 0;
  tp->t_timer[which] = ticks > 0 ? ticks : 0;
  if (which == TCPT_KEEP)
    tp->t_keep_touched = false;
  if (ticks <= 0)
    return;
  sim_time_t when = tcp_slowtick_time(tp->host,
                                      tcp_slowtick(tp->host, sim_now(sim)) +
                                      ticks);
  tp->t_ev[which] = sched_at(sim->sched, when, timer_fire, tp,
                             GINT_TO_POINTER(which));
}

bool tcp_timer_isset(const struct tcpcb *tp, int which)
{
  return tp->t_ev[which] != 0;
}

void tcp_canceltimers(struct tcpcb *tp)
{
  for (int i = 0; i < TCPT_NTIMERS; i++)
    tcp_timer_set(tp, i, 0);
  if (tp->delack_ev)
    sched_cancel(tp->host->sim->sched, tp->delack_ev);
  tp->delack_ev = 0;
}

void tcp_timer_touch(struct tcpcb *tp)
{
  tp->t_idle_tick = tick_ceil(tp);
  tp->t_keepcnt = 0;
  if (tcp_timer_isset(tp, TCPT_KEEP))
    tp->t_keep_touched = true;
  else
    tcp_timer_set(tp, TCPT_KEEP, tcp_timing(tp)->keep_idle);
}

int tcp_idle_ticks(const struct tcpcb *tp)
{
  return (int)(tick_ceil(tp) - tp->t_idle_tick);
}

/* ---- delayed ACK (4.4BSD tcp_fasttimo) ------------------------------- */

static void delack_fire(void *a, void *b)
{
  (void)b;
  struct tcpcb *tp = a;
  tp->delack_ev = 0;
  if (!(tp->flags & TF_DELACK))
    return;
  tp->flags &= ~TF_DELACK;
  tp->flags |= TF_ACKNOW;
  if (SIM_RECORDING(tp->host->sim))
    tcp_rec_event(tp, "timer", "delack");
  tp->host->inet->tcpstat.delack++;
  (void)tcp_output(tp);
}

void tcp_delack(struct tcpcb *tp)
{
  tp->flags |= TF_DELACK;
  if (tp->delack_ev)
    return;
  struct sim *sim = tp->host->sim;
  sim_time_t o = origin(tp->host, TCP_FASTTICK);
  sim_time_t when = o + ((sim_now(sim) - o) / TCP_FASTTICK + 1) * TCP_FASTTICK;
  tp->delack_ev = sched_at(sim->sched, when, delack_fire, tp, NULL);
}

/* ---- round-trip time ------------------------------------------------- */

uint32_t tcp_now(const struct tcpcb *tp)
{
  return (uint32_t)tick_ceil(tp);
}

void tcp_rtt_start(struct tcpcb *tp, tcp_seq seq)
{
  tp->t_rtt_tick = tick_ceil(tp);
  tp->t_rtseq = seq;
}

int tcp_rtt_ticks(const struct tcpcb *tp)
{
  if (tp->t_rtt_tick < 0)
    return 0;
  return 1 + (int)(tick_ceil(tp) - tp->t_rtt_tick);
}

void tcp_xmit_timer(struct tcpcb *tp, int rtt)
{
  if (tcp_timing(tp)->rtt42) {
    tcp42_xmit_timer(tp, rtt);
    if (SIM_RECORDING(tp->host->sim))
      tcp_rec_rtt(tp, rtt);
    return;
  }
  tp->host->inet->tcpstat.rttupdated++;
  if (tp->t_srtt != 0) {
    /* srtt += (rtt - 1 - srtt/8): gain 1/8, scaled by 8. */
    int delta = rtt - 1 - (tp->t_srtt >> TCP_RTT_SHIFT);
    if ((tp->t_srtt += delta) <= 0)
      tp->t_srtt = 1;
    /* rttvar += (|delta| - rttvar/4): gain 1/4, scaled by 4. */
    if (delta < 0)
      delta = -delta;
    delta -= tp->t_rttvar >> TCP_RTTVAR_SHIFT;
    if ((tp->t_rttvar += delta) <= 0)
      tp->t_rttvar = 1;
  } else {
    /* The first sample: srtt = rtt, rttvar = rtt / 2. */
    tp->t_srtt = rtt << TCP_RTT_SHIFT;
    tp->t_rttvar = rtt << (TCP_RTTVAR_SHIFT - 1);
  }
  tp->t_rtt_tick = -1;
  tp->t_rxtshift = 0;
  tp->t_rxtcur = TCPT_RANGESET(TCP_REXMTVAL(tp->t_srtt, tp->t_rttvar),
                               tp->t_rttmin, TCPTV_REXMTMAX);
  tp->t_softerror = 0;
  if (SIM_RECORDING(tp->host->sim))
    tcp_rec_rtt(tp, rtt);
}

/* ---- the four timers (4.4BSD tcp_timers) ----------------------------- */

static void trace_timer(struct tcpcb *tp, int which)
{
  struct sim *sim = tp->host->sim;
  if (G_LIKELY(sim->trace == NULL))
    return;
  const struct inpcb *inp = tp->inp;
  char l[IN_ADDR_STRLEN], f[IN_ADDR_STRLEN];
  in_format(inp->laddr, l);
  in_format(inp->faddr, f);
  SIM_TRACE(sim, tp->host->name,
            "tcp-timer %s shift=%d rto=%d state=%s local=%s:%u "
            "remote=%s:%u", timer_names[which], tp->t_rxtshift,
            tp->t_rxtcur, tcp_state_name(tp->state), l, inp->lport, f,
            inp->fport);
}

/* 4.4BSD's backoff: the RTO times tcp_backoff[shift]; after a few, the
 * estimate is bogus: keep the current RTO in rttvar and take the next
 * sample as srtt. Karn: timing stops. */
static void backoff44(struct tcpcb *tp)
{
  int rto = TCP_REXMTVAL(tp->t_srtt, tp->t_rttvar) *
            tcp_backoff[tp->t_rxtshift];
  tp->t_rxtcur = TCPT_RANGESET(rto, tp->t_rttmin, TCPTV_REXMTMAX);
  tcp_timer_set(tp, TCPT_REXMT, tp->t_rxtcur);
  if (tp->t_rxtshift > TCP_MAXRXTSHIFT / 4) {
    tp->t_rttvar += tp->t_srtt >> TCP_RTT_SHIFT;
    tp->t_srtt = 0;
  }
  tp->t_rtt_tick = -1;
}

/* Retransmit timeout: back off, retransmit from snd_una, slow start. */
static void rexmt(struct tcpcb *tp)
{
  struct tcpstat *st = &tp->host->inet->tcpstat;
  const struct tcp_timing *tm = tcp_timing(tp);
  if (++tp->t_rxtshift > tm->maxrxtshift) {
    tp->t_rxtshift = tm->maxrxtshift;
    st->timeoutdrop++;
    tcp_drop(tp, tp->t_softerror ? tp->t_softerror : -ETIMEDOUT);
    return;
  }
  st->rexmttimeo++;
  tp->rexmt_timeouts++;
  if (tm->rtt42) {
    /* 4.2BSD: no Karn rule, timing goes on */
    tcp_timer_set(tp, TCPT_REXMT, tcp42_backoff(tp));
  } else
    backoff44(tp);
  tp->snd_nxt = tp->snd_una;
  tcp_cc_timeout(tp);
  tp->t_dupacks = 0;
  (void)tcp_output(tp);
}

/* Persist timeout: force one byte into the closed window. */
static void persist(struct tcpcb *tp)
{
  tp->host->inet->tcpstat.persisttimeo++;
  tcp_setpersist(tp);
  tp->t_force = true;
  (void)tcp_output(tp);
  tp->t_force = false;
}

/* Keep timeout: connection establishment took too long, or keepalive. */
static void keep(struct tcpcb *tp)
{
  struct tcpstat *st = &tp->host->inet->tcpstat;
  const struct tcp_timing *tm = tcp_timing(tp);
  st->keeptimeo++;
  if (tp->state < TCPS_ESTABLISHED)
    goto dropit;
  if ((tcp_socket(tp)->so_options & SO_KEEPALIVE) &&
      tp->state <= TCPS_CLOSE_WAIT) {
    if (tcp_idle_ticks(tp) >= tm->keep_idle + tm->maxidle)
      goto dropit;
    /* An ACK of snd_una - 1, outside the peer's window: it must answer
     * (ACK, or RST if it lost the connection). */
    st->keepprobe++;
    tp->t_keepcnt++;
    if (SIM_RECORDING(tp->host->sim))
      tcp_rec_keepalive(tp, tp->snd_una - 1, tp->rcv_nxt);
    tcp_respond_tp(tp, tp->snd_una - 1, tp->rcv_nxt, TH_ACK);
    tcp_timer_set(tp, TCPT_KEEP, tm->keep_intvl);
  } else
    tcp_timer_set(tp, TCPT_KEEP, tm->keep_idle);
  return;
dropit:
  st->keepdrops++;
  tcp_drop(tp, -ETIMEDOUT);
}

/* 2MSL: TIME_WAIT is over, or FIN_WAIT_2 has idled too long. */
static void twomsl(struct tcpcb *tp)
{
  const struct tcp_timing *tm = tcp_timing(tp);
  if (tp->state != TCPS_TIME_WAIT && tcp_idle_ticks(tp) <= tm->maxidle)
    tcp_timer_set(tp, TCPT_2MSL, tm->keep_intvl);
  else
    tcp_close(tp);
}

/* KEEP expired, but segments arrived since it was armed: BSD would have
 * reset the countdown at the last one. Re-arm from then. Returns true if
 * it did. */
static bool keep_rearm(struct tcpcb *tp)
{
  if (!tp->t_keep_touched)
    return false;
  int64_t fire = tp->t_idle_tick - 1 + tcp_timing(tp)->keep_idle;
  int64_t now = tcp_slowtick(tp->host, now_of(tp));
  if (fire <= now)
    return false;
  tcp_timer_set(tp, TCPT_KEEP, (int)(fire - now));
  return true;
}

static void timer_fire(void *a, void *b)
{
  struct tcpcb *tp = a;
  int which = GPOINTER_TO_INT(b);
  tp->t_ev[which] = 0;
  tp->t_timer[which] = 0;
  if (which == TCPT_KEEP && keep_rearm(tp))
    return;
  trace_timer(tp, which);
  if (SIM_RECORDING(tp->host->sim))
    tcp_rec_event(tp, "timer", timer_names[which]);
  switch (which) {
  case TCPT_REXMT: rexmt(tp); break;
  case TCPT_PERSIST: persist(tp); break;
  case TCPT_KEEP: keep(tp); break;
  case TCPT_2MSL: twomsl(tp); break;
  default: g_assert_not_reached();
  }
}
