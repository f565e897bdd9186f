/* protocols/tests/test_tcp_42.c: the "4.2bsd" profile's timers
 * (tcp_rtt42.c), against schedules worked out by hand from the 4.2BSD
 * release's tcp_timer.h/tcp_timer.c: SYN retransmissions at 2 srtt then
 * srtt times {1.0, 1.2, 1.4, 1.7, 2, 3, 5, 8, 16, 32}, each held to
 * [1 s, 30 s] and truncated to 500 ms ticks, cut off by the 45 s
 * connection-establishment limit; the same backoff when a link is cut,
 * ending after 10 retransmissions; keepalive every 45 s, dropped at 6
 * minutes idle; srtt smoothed 0.9/0.1 with no Karn rule. Uses the
 * shared network of tcp_fixture.h. */
#include <errno.h>
#include <glib.h>
#include <math.h>

#include "host.h"
#include "ip_var.h"
#include "link.h"
#include "socket.h"
#include "socketvar.h"
#include "tcp_var.h"

#include "tcp_fixture.h"

/* The intervals, in ticks, after the first timeout of a connection
 * whose srtt truncates to at most 1 tick (held up to TCPTV_MIN). */
static const int backoff_ticks[10] = { 2, 2, 2, 3, 4, 6, 10, 16, 32, 60 };

/* A SYN to a powered-off host: sent at 0, then after 4 ticks (2 srtt,
 * srtt 1 s), then at the backoff intervals; the KEEP timer ends it at
 * 45 s with ETIMEDOUT, before the 11th SYN (due at 70.5 s). */
static void test_syn_timeout(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_42BSD);
  sim_time_t t[16];
  int err;
  int k = syn_to_dead_b(&n, 100 * SIM_S, t, 16, &err);
  g_assert_cmpint(err, ==, -ETIMEDOUT);
  g_assert_cmpint(k, ==, 11);
  sim_time_t expect = 10 * SIM_S;
  g_assert_cmpint(t[0], ==, expect);
  expect += 4 * TCP_SLOWTICK;
  for (int i = 1; i < k; i++) {
    g_assert_cmpint(t[i], ==, expect);
    expect += backoff_ticks[i - 1] * TCP_SLOWTICK;
  }
  g_assert_cmpint(t[10], ==, 50500 * SIM_MS);
  g_assert_cmpint(now(&n), ==, 55 * SIM_S);
  g_assert_cmpuint(n.a->inet->tcpstat.keepdrops, ==, 1);
  g_assert_cmpuint(n.a->inet->tcpstat.rexmttimeo, ==, 10);
  net_free(&n);
}

/* srtt starts at 1 s (2 ticks) and moves a tenth of the way to each
 * sample: after a transfer over the wan (round trips well under a tick,
 * samples of 1 or 2 ticks) it lies between 1 and 2 ticks, below its
 * start, and t_rxtcur is 2 srtt truncated, held to [2, 60]. */
static void test_srtt(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_42BSD);
  struct socket *ls = tlisten(&n, n.c, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "10.0.0.2", ls, 9000, &cli, &srv);
  struct tcpcb *tp = tp_of(cli);
  struct xfer x;
  xfer_init(&x, cli, srv, 50000, 3);
  g_assert_true(xfer_run(&n, &x, 1, now(&n) + 60 * SIM_S));
  assert_intact(&x);
  uint64_t samples = n.a->inet->tcpstat.rttupdated;
  g_assert_cmpuint(samples, >=, 5);
  /* All samples were 1 tick or more: srtt >= 1 + 0.9^samples. */
  g_assert_cmpfloat(tp->t_srtt42, >=, 1.0 + pow(0.9, (double)samples) - 1e-9);
  g_assert_cmpfloat(tp->t_srtt42, <, 2.0);
  g_assert_cmpint(tp->t_rxtcur, ==,
                  TCPT_RANGESET((int)(2.0 * tp->t_srtt42), 2, 60));
  xfer_free(&x);
  net_free(&n);
}

/* The wan is cut mid-transfer: timeouts at the backoff intervals, and
 * the drop at the 11th expiry, 68.5 s after the first timeout, where
 * 4.4BSD takes 9 minutes. */
static void test_link_cut(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_42BSD);
  struct xfer x;
  struct socket *cli = wan_xfer(&n, &x, 100000, 15, 30000);
  link_down(n.wan);
  struct tcpcb *tp = tp_of(cli);
  g_assert_cmpint((int)tp->t_srtt42, <=, 1);
  struct tcpstat *st = &n.a->inet->tcpstat;
  sim_time_t t[10];
  g_assert_cmpint(rexmt_times(&n, n.a, cli, t, 10), ==, 10);
  g_assert_cmpuint(st->timeoutdrop, ==, 1);
  sim_time_t expect = t[0];
  for (int i = 1; i <= 10; i++) {
    expect += backoff_ticks[i - 1] * TCP_SLOWTICK;
    g_assert_cmpint(i < 10 ? t[i] : now(&n), ==, expect);
  }
  g_assert_cmpint(now(&n) - t[0], ==, 68500 * SIM_MS);
  char c;
  const void *wchan;
  int of;
  g_assert_cmpint(soreceive(cli, &c, 1, 0, NULL, &of, &wchan), ==,
                  -ETIMEDOUT);
  xfer_free(&x);
  net_free(&n);
}

/* The backoff multiplies srtt, not the RTO (2 srtt): with srtt at 5
 * ticks (2.5 s, as a long path would give) the intervals after the
 * first retransmission are 5 x {1, 1.2, 1.4, 1.7, 2, 3, 5, 8, 16, 32}
 * ticks, each truncated and held to 30 s: 5, 6, 7, 8, 10, 15, 25, 40, 60
 * and 60 ticks, the drop 118 s after the first timeout. (4.2BSD's
 * tcp_timers: TCPT_RANGESET(tp->t_timer[TCPT_REXMT], tcp_beta *
 * t_srtt...) for the first, then t_srtt * tcp_backoff[t_rxtshift].) */
static void test_srtt_backoff(void)
{
  static const int ticks[10] = { 5, 6, 7, 8, 10, 15, 25, 40, 60, 60 };
  struct net n;
  net_init(&n, TCP_PROFILE_42BSD);
  struct xfer x;
  struct socket *cli = wan_xfer(&n, &x, 100000, 15, 30000);
  struct tcpcb *tp = tp_of(cli);
  tp->t_srtt42 = 5.0;
  link_down(n.wan);
  sim_time_t t[10];
  g_assert_cmpint(rexmt_times(&n, n.a, cli, t, 10), ==, 10);
  g_assert_cmpuint(n.a->inet->tcpstat.timeoutdrop, ==, 1);
  sim_time_t expect = t[0];
  for (int i = 1; i <= 10; i++) {
    expect += ticks[i - 1] * TCP_SLOWTICK;
    g_assert_cmpint(i < 10 ? t[i] : now(&n), ==, expect);
  }
  g_assert_cmpint(now(&n) - t[0], ==, 118 * SIM_S);
  xfer_free(&x);
  net_free(&n);
}

/* An ACK of new data after timeouts, with more still outstanding, puts
 * the backoff back to zero and the timer back to 2 srtt (4.2's ACK
 * path; 4.4BSD waits for a valid RTT sample). */
static void test_ack_resets_backoff(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_42BSD);
  struct xfer x;
  struct socket *cli = wan_xfer(&n, &x, 100000, 15, 30000);
  link_down(n.wan);
  struct tcpcb *tp = tp_of(cli);
  struct tcpstat *st = &n.a->inet->tcpstat;
  while (tp->t_rtt_tick < 0)
    g_assert_true(sched_step(n.sim->sched));
  double srtt = tp->t_srtt42;
  uint64_t samples = st->rttupdated;
  while (tp->t_rxtshift < 3)
    g_assert_true(sched_step(n.sim->sched));
  link_up(n.wan);
  tcp_seq una = tp->snd_una;
  while (tp->snd_una == una)
    g_assert_true(sched_step(n.sim->sched));
  g_assert_true(tp->snd_una != tp->snd_max);
  g_assert_cmpint(tp->t_rxtshift, ==, 0);
  g_assert_cmpint(tp->t_rxtcur, ==,
                  TCPT_RANGESET((int)(2.0 * tp->t_srtt42), 2, 60));
  g_assert_cmpint(tp->t_timer[TCPT_REXMT], ==, tp->t_rxtcur);
  /* No Karn rule: the segment timed before the cut was retransmitted,
   * and its ACK is still a sample, spanning the outage: at least the 6
   * ticks of the first three timeouts. */
  while (st->rttupdated == samples)
    g_assert_true(sched_step(n.sim->sched));
  g_assert_cmpfloat(tp->t_srtt42, >=, 0.9 * srtt + 0.1 * 6 - 1e-9);
  g_assert_true(xfer_run(&n, &x, 1, now(&n) + 120 * SIM_S));
  assert_intact(&x);
  xfer_free(&x);
  net_free(&n);
}

/* 4.2BSD never timed FIN_WAIT_2 out: a closes, c never does, and a's
 * connection is still there an hour later (4.4BSD drops it after about
 * 11 minutes). */
static void test_fin_wait_2(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_42BSD);
  struct socket *ls = tlisten(&n, n.c, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "10.0.0.2", ls, 9000, &cli, &srv);
  struct tcpcb *tp = tp_of(cli);
  tclose(&n, cli);
  run_until(&n, now(&n) + 3600 * SIM_S);
  g_assert_cmpint(tp->state, ==, TCPS_FIN_WAIT_2);
  g_assert_nonnull(n.a->inet->tcb.list);
  net_free(&n);
}

/* SO_KEEPALIVE, the peer gone: the KEEP timer fires every 45 s after
 * the last segment; 4.2 drops once t_idle >= 6 min, and t_idle counts
 * one tick behind the timer, so probes go at 45 s .. 360 s (eight) and
 * the drop comes at 405 s. */
static void test_keepalive(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_42BSD);
  struct socket *ls = tlisten(&n, n.b, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  g_assert_cmpint(sosetopt(cli, SOL_SOCKET, SO_KEEPALIVE, 1, 0), ==, 0);
  run_until(&n, now(&n) + SIM_S);
  host_down(n.b);
  struct tcpcb *tp = tp_of(cli);
  sim_time_t last_seg = (tp->t_idle_tick - 1) * TCP_SLOWTICK;
  sim_time_t t[16];
  int k = keep_times(&n, n.a, cli, now(&n) + 3600 * SIM_S, t, 16);
  g_assert_cmpint(k, ==, 8);
  for (int i = 0; i < k; i++)
    g_assert_cmpint(t[i], ==, last_seg + (i + 1) * 45 * SIM_S);
  g_assert_cmpint(now(&n), ==, last_seg + 405 * SIM_S);
  g_assert_cmpuint(n.a->inet->tcpstat.keepdrops, ==, 1);
  net_free(&n);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tcp/42/syn-timeout", test_syn_timeout);
  g_test_add_func("/tcp/42/srtt", test_srtt);
  g_test_add_func("/tcp/42/link-cut", test_link_cut);
  g_test_add_func("/tcp/42/srtt-backoff", test_srtt_backoff);
  g_test_add_func("/tcp/42/ack-resets-backoff", test_ack_resets_backoff);
  g_test_add_func("/tcp/42/fin-wait-2", test_fin_wait_2);
  g_test_add_func("/tcp/42/keepalive", test_keepalive);
  return g_test_run();
}
