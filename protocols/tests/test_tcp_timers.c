/* protocols/tests/test_tcp_timers.c: TCP's long timers through the socket
 * layer, with the scheduler stepped by hand: the persist timer's
 * zero-window probes at the backed-off intervals (5 s .. 60 s), keepalive
 * with a live peer, a vanished one (ETIMEDOUT) and a rebooted one (RST,
 * ECONNRESET), and the full retransmit backoff after a link is cut for
 * good, to ETIMEDOUT after the 12th. Times are asserted on the 500 ms
 * tick grid. Read 4.4BSD-Lite netinet/tcp_timer.c and tcp_output.c
 * (tcp_setpersist).
 *
 * The network and the helpers are in tcp_fixture.h. */
#include <errno.h>
#include <glib.h>

#include "host.h"
#include "ip_var.h"
#include "link.h"
#include "socketvar.h"
#include "tcp_var.h"

#include "tcp_fixture.h"

/* 4.4BSD tcp_setpersist's interval for backoff shift k, in ticks. */
static int persist_ticks(const struct tcpcb *tp, int k)
{
  static const int backoff[] = { 1, 2, 4, 8, 16, 32, 64 };
  int t = ((tp->t_srtt >> 2) + tp->t_rttvar) >> 1;
  return CLAMP(t * backoff[MIN(k, 6)], TCPTV_PERSMIN, TCPTV_PERSMAX);
}

/* The reader stops: the window closes, zero-window probes go out at the
 * backed-off persist intervals (5 s .. 60 s), and when it reads again
 * the window reopens and every byte arrives. */
static void test_persist(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.b, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  struct xfer x;
  xfer_init(&x, cli, srv, 40000, 7);
  struct tcpstat *st = &n.a->inet->tcpstat;
  struct tcpcb *tp = tp_of(cli);
  sim_time_t t_arm = -1;
  for (;;) {
    long r = wr(cli, x.data + x.sent, x.len - x.sent, 0);
    if (r > 0)
      x.sent += (size_t)r;
    /* Six segments of 1448 (timestamps take 12 of 1460) leave 72 bytes
     * of offered window the receiver cannot take back: the first persist
     * expiry sends them, then the window is shut and persist starts. */
    if (t_arm < 0 && tp->snd_wnd == 0 &&
        tcp_timer_isset(tp, TCPT_PERSIST))
      t_arm = now(&n);
    if (t_arm >= 0 && x.sent >= 8760 + 6 * 1448)
      break;
    g_assert_true(sched_step(n.sim->sched));
    g_assert_cmpint(now(&n), <, 10 * SIM_S);
  }
  g_assert_cmpuint(tp->snd_wnd, ==, 0);
  g_assert_cmpuint(st->sndprobe, ==, 0);
  g_assert_cmpuint(srv->so_rcv.cc, ==, 8760);

  sim_time_t t[12];
  int k = 0;
  uint64_t last = st->sndprobe;
  while (k < 12) {
    g_assert_true(sched_step(n.sim->sched));
    if (st->sndprobe != last)
      t[k++] = now(&n);
    last = st->sndprobe;
  }
  sim_time_t expect = (t_arm / TCP_SLOWTICK + persist_ticks(tp, 0)) *
                      TCP_SLOWTICK;
  g_assert_cmpint(persist_ticks(tp, 0), ==, TCPTV_PERSMIN);
  for (int i = 0; i < 12; i++) {
    g_assert_cmpint(t[i], ==, expect);
    expect += persist_ticks(tp, i + 1) * TCP_SLOWTICK;
  }
  g_assert_cmpint(t[11] - t[10], ==, 60 * SIM_S);
  g_assert_cmpuint(st->rexmttimeo, ==, 0);
  run_until(&n, now(&n) + 10 * SIM_MS);    /* the last one arrives */
  g_assert_cmpuint(n.b->inet->tcpstat.rcvwinprobe, ==, 12);
  /* Read again: the window reopens and the rest flows. */
  g_assert_true(xfer_run(&n, &x, 1, now(&n) + 10 * SIM_S));
  assert_intact(&x);
  g_assert_false(tcp_timer_isset(tp, TCPT_PERSIST));
  xfer_free(&x);
  net_free(&n);
}

/* SO_KEEPALIVE with a live peer: one probe after 2 h idle, answered, the
 * next 2 h after the answer. With the peer gone: probes every 75 s, then
 * the connection drops with ETIMEDOUT once idle 2 h + 10 min. */
static void test_keepalive(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.b, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  g_assert_cmpint(sosetopt(cli, SOL_SOCKET, SO_KEEPALIVE, 1, 0), ==, 0);
  struct tcpcb *tp = tp_of(cli);
  sim_time_t t0 = (tcp_slowtick(n.a, now(&n)) + 1) * TCP_SLOWTICK;
  int64_t idle0 = tp->t_idle_tick;
  sim_time_t t[16];
  int k = keep_times(&n, n.a, cli, t0 + 4 * 3600 * SIM_S + SIM_S, t, 16);
  g_assert_cmpint(k, ==, 2);
  g_assert_cmpint(t[0], ==, t0 - TCP_SLOWTICK + 7200 * SIM_S);
  g_assert_cmpint(t[1], ==, t[0] + 7200 * SIM_S);
  g_assert_cmpint(tp->t_idle_tick, >, idle0);
  /* Now the peer goes away. */
  host_down(n.b);
  sim_time_t tl = t[1];
  k = keep_times(&n, n.a, cli, tl + 3 * 3600 * SIM_S, t, 16);
  /* The answer to the probe at tl was the last segment. KEEP fires 2 h
   * after it, then every 75 s; BSD's t_idle counts one tick behind the
   * timer (tcp_slowtimo bumps it after the timers), so the drop test
   * idle >= 2 h + 8 * 75 s first holds at the tenth expiry: nine
   * probes, ETIMEDOUT at 2 h + 9 * 75 s. */
  g_assert_cmpint(k, ==, 9);
  for (int i = 0; i < k; i++)
    g_assert_cmpint(t[i], ==, tl + 7200 * SIM_S + i * 75 * SIM_S);
  g_assert_cmpint(now(&n), ==, tl + 7200 * SIM_S + 9 * 75 * SIM_S);
  g_assert_cmpuint(n.a->inet->tcpstat.keepdrops, ==, 1);
  g_assert_null(cli->so_pcb);
  char c;
  g_assert_cmpint(rd(cli, &c, 1, 0), ==, -ETIMEDOUT);
  net_free(&n);
}

/* The wan is cut for good mid-transfer: retransmissions at 4.4BSD's
 * schedule (RTO from srtt/rttvar at the cut, doubled by tcp_backoff,
 * clamped to [t_rttmin, 64 s], srtt zeroed past shift 3), then after
 * the 12th the connection drops and read says ETIMEDOUT. */
static void test_backoff_etimedout(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct xfer x;
  struct socket *cli = wan_xfer(&n, &x, 100000, 15, 30000);
  link_down(n.wan);
  struct tcpcb *tp = tp_of(cli);
  struct tcpstat *st = &n.a->inet->tcpstat;
  g_assert_true(tcp_timer_isset(tp, TCPT_REXMT));
  int srtt = tp->t_srtt, rttvar = tp->t_rttvar, rttmin = tp->t_rttmin;
  int rxtcur = tp->t_rxtcur;
  sim_time_t t[12];
  sim_time_t t_cut = now(&n);
  g_assert_cmpint(rexmt_times(&n, n.a, cli, t, 12), ==, 12);
  g_assert_cmpuint(st->timeoutdrop, ==, 1);
  /* Each timeout at a tick boundary; then intervals by the formula. */
  g_assert_cmpint(t[0] % TCP_SLOWTICK, ==, 0);
  g_assert_cmpint(t[0] - t_cut, <=, rxtcur * TCP_SLOWTICK);
  sim_time_t expect = t[0];
  for (int shift = 1; shift <= 12; shift++) {
    int rto = TCPT_RANGESET(TCP_REXMTVAL(srtt, rttvar) * tcp_backoff[shift],
                            rttmin, TCPTV_REXMTMAX);
    if (shift > TCP_MAXRXTSHIFT / 4) {
      rttvar += srtt >> TCP_RTT_SHIFT;
      srtt = 0;
    }
    expect += rto * TCP_SLOWTICK;
    if (shift < 12)
      g_assert_cmpint(t[shift], ==, expect);
    else
      g_assert_cmpint(now(&n), ==, expect);
  }
  g_assert_cmpint(t[11] - t[10], ==, 64 * SIM_S);
  char c;
  g_assert_cmpint(rd(cli, &c, 1, 0), ==, -ETIMEDOUT);
  xfer_free(&x);
  net_free(&n);
}

/* The peer rebooted: the first keepalive probe is answered with RST and
 * the connection drops with ECONNRESET, one round trip after 2 h. */
static void test_keepalive_reset(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.b, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  g_assert_cmpint(sosetopt(cli, SOL_SOCKET, SO_KEEPALIVE, 1, 0), ==, 0);
  sim_time_t t0 = (tcp_slowtick(n.a, now(&n)) + 1) * TCP_SLOWTICK;
  host_down(n.b);
  host_up(n.b);
  g_assert_null(n.b->inet->tcb.list);
  sim_time_t t[2];
  int k = keep_times(&n, n.a, cli, t0 + 3 * 3600 * SIM_S, t, 2);
  g_assert_cmpint(k, ==, 1);
  g_assert_cmpint(t[0], ==, t0 - TCP_SLOWTICK + 7200 * SIM_S);
  g_assert_null(cli->so_pcb);
  /* Probe out, ARP (b forgot a) both ways, RST back. */
  g_assert_cmpint(now(&n) - t[0], <, 10 * SIM_MS);
  char c;
  g_assert_cmpint(rd(cli, &c, 1, 0), ==, -ECONNRESET);
  net_free(&n);
}

/* A host's ticks are phased from its boot (host_clock_origin): with a
 * booted at 300 ms, its delayed ACK goes at a 200 ms tick of its own
 * (300 ms + k * 200 ms) and its keepalive at a 500 ms one (300 ms + k *
 * 500 ms); b, booted at 0, ticks at multiples. A reboot (host_up)
 * restarts the clock then. */
static void test_boot_phase(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  n.a->boot = 300 * SIM_MS;
  struct socket *ls = tlisten(&n, n.b, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  run_until(&n, now(&n) + 1234 * SIM_MS);
  uint64_t d0 = n.a->inet->tcpstat.delack;
  g_assert_cmpint(wr(srv, "x", 1, 0), ==, 1);
  while (n.a->inet->tcpstat.delack == d0)
    g_assert_true(sched_step(n.sim->sched));
  g_assert_cmpint((now(&n) - 300 * SIM_MS) % TCP_FASTTICK, ==, 0);
  g_assert_cmpint(sosetopt(cli, SOL_SOCKET, SO_KEEPALIVE, 1, 0), ==, 0);
  sim_time_t t[1];
  g_assert_cmpint(keep_times(&n, n.a, cli, now(&n) + 3 * 3600 * SIM_S, t, 1),
                  ==, 1);
  g_assert_cmpint(t[0] % TCP_SLOWTICK, ==, 300 * SIM_MS);
  g_assert_cmpint(host_clock_origin(n.b, TCP_SLOWTICK), ==, 0);
  host_down(n.b);
  run_until(&n, now(&n) + 777 * SIM_MS);
  host_up(n.b);
  g_assert_cmpint(n.b->boot, ==, now(&n));
  g_assert_cmpint((now(&n) - host_clock_origin(n.b, TCP_SLOWTICK)) %
                  TCP_SLOWTICK, ==, 0);
  net_free(&n);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tcp/more/persist", test_persist);
  g_test_add_func("/tcp/more/keepalive", test_keepalive);
  g_test_add_func("/tcp/more/backoff-etimedout", test_backoff_etimedout);
  g_test_add_func("/tcp/more/keepalive-reset", test_keepalive_reset);
  g_test_add_func("/tcp/more/boot-phase", test_boot_phase);
  return g_test_run();
}
