/* protocols/tcp_rtt42.c: the "4.2bsd" profile's retransmission timing, as
 * the 4.2BSD release (1983) had it, before Jacobson and Karn: a smoothed
 * RTT srtt = 0.9 srtt + 0.1 rtt (a float, in slow ticks, starting at
 * 1 s), an RTO of 2 srtt, a gentle backoff table {1.0, 1.2, 1.4, 1.7, 2,
 * 3, 5, 8, 16, 32} on srtt, every value held to [1 s, 30 s], the drop
 * after 10 retransmissions, and no Karn rule (an ACK of a retransmitted
 * segment still gives a sample). Its keep timer is 45 s for connection
 * establishment and between probes, an idle connection is dropped at
 * 6 min, and FIN_WAIT_2 never times out (tcp_timing). Not here: the 4.4BSD estimator (tcp_timer.c).
 * Facts from 4.2BSD's netinet/tcp_timer.h 6.1, tcp_timer.c 6.1,
 * tcp_input.c 6.1 and tcp_output.c 6.1 (83/07/29). */
#include "host.h"
#include "ip_var.h"
#include "tcp_var.h"

#define ALPHA42 0.9                    /* TCP_ALPHA: srtt smoothing */
#define BETA42  2.0                    /* TCP_BETA: RTO = BETA42 * srtt */
#define SRTTBASE42 (1 * PR_SLOWHZ)     /* TCPTV_SRTTBASE: 1 s */
#define MAX42  (30 * PR_SLOWHZ)        /* TCPTV_MAX: 30 s */
#define MAXRXTSHIFT42 10               /* TCP_MAXRXTSHIFT */
#define KEEP42 (45 * PR_SLOWHZ)        /* TCPTV_KEEP: 45 s */
#define MAXIDLE42 (8 * KEEP42)         /* TCPTV_MAXIDLE: 6 min */

static const double backoff42[MAXRXTSHIFT42] = {
  1.0, 1.2, 1.4, 1.7, 2.0, 3.0, 5.0, 8.0, 16.0, 32.0
};

static const struct tcp_timing timing44 = {
  .keep_init = TCPTV_KEEP_INIT,
  .keep_idle = TCPTV_KEEP_IDLE,
  .keep_intvl = TCPTV_KEEPINTVL,
  .maxidle = TCP_MAXIDLE,
  .maxrxtshift = TCP_MAXRXTSHIFT,
  .fw2_timeout = true,
  .rtt42 = false,
};

static const struct tcp_timing timing42 = {
  .keep_init = KEEP42,
  .keep_idle = KEEP42,
  .keep_intvl = KEEP42,
  .maxidle = MAXIDLE42 - KEEP42,      /* 4.2 drops at t_idle >= MAXIDLE */
  .maxrxtshift = MAXRXTSHIFT42,
  .fw2_timeout = false,
  .rtt42 = true,
};

const struct tcp_timing *tcp_timing(const struct tcpcb *tp)
{
  return tp->profile == TCP_PROFILE_42BSD ? &timing42 : &timing44;
}

/* TCPT_RANGESET to [TCPTV_MIN, 30 s], of a value truncated to ticks as
 * 4.2's int timers truncated the float products. */
static int range42(double v)
{
  return TCPT_RANGESET((int)v, TCPTV_MIN, MAX42);
}

void tcp42_init(struct tcpcb *tp)
{
  tp->t_srtt42 = SRTTBASE42;
  tp->t_rxtcur = range42(BETA42 * tp->t_srtt42);
}

void tcp42_xmit_timer(struct tcpcb *tp, int rtt)
{
  tp->host->inet->tcpstat.rttupdated++;
  tp->t_srtt42 = ALPHA42 * tp->t_srtt42 + (1 - ALPHA42) * rtt;
  tp->t_rtt_tick = -1;
  tp->t_rxtcur = range42(BETA42 * tp->t_srtt42);
}

void tcp42_new_ack(struct tcpcb *tp)
{
  tp->t_rxtcur = range42(BETA42 * tp->t_srtt42);
  tp->t_rxtshift = 0;
}

int tcp42_backoff(const struct tcpcb *tp)
{
  g_assert(tp->t_rxtshift >= 1 && tp->t_rxtshift <= MAXRXTSHIFT42);
  int base = range42(tp->t_srtt42);
  return range42(base * backoff42[tp->t_rxtshift - 1]);
}

int tcp42_persist(struct tcpcb *tp)
{
  int t = TCPT_RANGESET((int)(BETA42 * tp->t_srtt42) << tp->t_rxtshift,
                        TCPTV_PERSMIN, MAX42);
  if (++tp->t_rxtshift >= MAXRXTSHIFT42)
    tp->t_rxtshift = 0;
  return t;
}
