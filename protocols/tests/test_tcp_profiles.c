/* protocols/tests/test_tcp_profiles.c: what the TCP profiles change, and
 * the MSS: Tahoe's fast retransmit without fast recovery, NewReno's
 * partial ACK repairing a second loss where Reno needs the timer,
 * 4.2bsd's missing congestion control (a full first burst, cwnd untouched
 * by a timeout), 4.4BSD tcp_mss (MTU - 40 on a connected network, 512
 * through a gateway), and where newreno's RFC 5681/6582 rules part from
 * 4.4BSD-Lite's (congestion avoidance, initial window, ssthresh, full and
 * partial ACKs, duplicates below recover). Read 4.4BSD-Lite
 * netinet/tcp_input.c (tcp_mss, the duplicate-ACK code),
 * protocols/tcp_cc.c, RFC 5681 and RFC 6582.
 *
 * The network and the helpers are in tcp_fixture.h. */
#include <glib.h>

#include "host.h"
#include "ip_var.h"
#include "link.h"
#include "socketvar.h"
#include "tcp_var.h"

#include "tcp_fixture.h"

/* Pumps x until a has sent `count` more data segments (new or not). */
static void pump_sends(struct net *n, struct xfer *x, int count)
{
  struct tcpstat *st = &n->a->inet->tcpstat;
  uint64_t target = st->sndpack + (uint64_t)count;
  while (st->sndpack < target) {
    xfer_pump(x);
    g_assert_true(sched_step(n->sim->sched));
  }
}

/* Loses the k1-th and k2-th frames (from 0) that a starts sending on
 * the wan from now: the loss is drawn with the parameters in force when
 * a frame starts transmission, and each event starts at most one. */
static void drop_frames(struct net *n, struct xfer *x, uint64_t k1,
                        uint64_t k2)
{
  const struct link_stats *ls = link_stats(n->wan, 0);
  uint64_t base = ls->tx_frames;
  while (ls->tx_frames <= base + k2) {
    uint64_t k = ls->tx_frames - base;
    a_loss(n, (k == k1 || k == k2) ? 1.0 : 0.0);
    xfer_pump(x);
    g_assert_true(sched_step(n->sim->sched));
  }
  a_loss(n, 0.0);
}

/* Opens a -> c with a transfer of len and sends 20 KB through first;
 * buf > 0 sets both ends' buffers (a window of more segments). */
static struct tcpcb *warm(struct net *n, struct xfer *x, size_t len, int buf)
{
  struct socket *ls = tsock(n, n->c);
  struct so_addr sa = { .family = AF_INET, .port = 9000 };
  struct so_addr to = { .family = AF_INET, .addr = A("10.0.0.2"),
                        .port = 9000 };
  struct socket *cli = tsock(n, n->a), *srv;
  for (int i = 0; buf > 0 && i < 2; i++) {
    struct socket *so = i ? cli : ls;
    g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_SNDBUF, buf, 0), ==, 0);
    g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_RCVBUF, buf, 0), ==, 0);
  }
  g_assert_cmpint(sobind(ls, &sa), ==, 0);
  g_assert_cmpint(solisten(ls, 5), ==, 0);
  g_assert_cmpint(soconnect(cli, &to), ==, 0);
  g_assert_cmpint(connect_wait(n, cli, now(n) + 10 * SIM_S), ==, 0);
  g_assert_nonnull(srv = accept_wait(n, ls, now(n) + 10 * SIM_S));
  xfer_init(x, cli, srv, len, 21);
  while (x->rcvd < 20000) {
    xfer_pump(x);
    g_assert_true(sched_step(n->sim->sched));
  }
  return tp_of(cli);
}

/* Tahoe: the third duplicate ACK retransmits with cwnd one segment and
 * no fast recovery (no inflation by the duplicates). */
static void test_tahoe_fast_retransmit(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_TAHOE);
  struct xfer x;
  struct tcpcb *tp = warm(&n, &x, 60000, 0);
  struct tcpstat *st = &n.a->inet->tcpstat;
  a_loss(&n, 1.0);
  pump_sends(&n, &x, 1);
  a_loss(&n, 0.0);
  uint32_t cwnd = tp->snd_cwnd;
  uint32_t wnd = MIN(tp->snd_wnd, cwnd);
  while (st->sndrexmitpack == 0) {
    xfer_pump(&x);
    g_assert_true(sched_step(n.sim->sched));
  }
  g_assert_cmpint(tp->t_dupacks, ==, 3);
  g_assert_cmpuint(tp->snd_cwnd, ==, 1460);
  g_assert_cmpuint(tp->snd_ssthresh, ==, MAX(wnd / 2 / 1460, 2) * 1460);
  /* Later duplicates do not inflate it: one segment until the
   * retransmission is acknowledged. */
  tcp_seq una = tp->snd_una;
  while (tp->snd_una == una) {
    g_assert_cmpuint(tp->snd_cwnd, ==, 1460);
    xfer_pump(&x);
    g_assert_true(sched_step(n.sim->sched));
  }
  g_assert_true(xfer_run(&n, &x, 1, now(&n) + 100 * SIM_S));
  assert_intact(&x);
  g_assert_cmpuint(st->rexmttimeo, ==, 0);
  xfer_free(&x);
  net_free(&n);
}

/* Two segments lost in one window: NewReno's partial ACK retransmits
 * the second at once, without a timeout; Reno needs the timer. *rexmits
 * is in bytes: each retransmission with cwnd at one segment sends
 * t_maxseg bytes, which timestamps split into 1448 and a 12-byte runt
 * (4.4BSD-Lite's tcp_output takes the option room from t_maxseg and
 * sends the rest as it is retransmitting). */
static void two_losses(int profile, uint64_t *timeouts, uint64_t *rexmits)
{
  struct net n;
  net_init(&n, profile);
  struct xfer x;
  warm(&n, &x, 80000, 32768);
  struct tcpstat *st = &n.a->inet->tcpstat;
  drop_frames(&n, &x, 0, 2);
  g_assert_true(xfer_run(&n, &x, 1, now(&n) + 100 * SIM_S));
  assert_intact(&x);
  *timeouts = st->rexmttimeo;
  *rexmits = st->sndrexmitbyte;
  xfer_free(&x);
  net_free(&n);
}

static void test_newreno_partial_ack(void)
{
  uint64_t to, rx;
  two_losses(TCP_PROFILE_NEWRENO, &to, &rx);
  g_assert_cmpuint(to, ==, 0);
  g_assert_cmpuint(rx, ==, 2 * 1460);
  two_losses(TCP_PROFILE_RENO, &to, &rx);
  g_assert_cmpuint(to, ==, 1);
}

/* 4.2bsd: no congestion control: the first burst fills the peer's
 * window (6 segments of 1460 into 8760) where Reno sends one, and a
 * timeout leaves cwnd alone. */
static int first_burst(int profile, uint32_t *cwnd_after)
{
  struct net n;
  net_init(&n, profile);
  struct socket *ls = tlisten(&n, n.c, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "10.0.0.2", ls, 9000, &cli, &srv);
  run_until(&n, now(&n) + SIM_S);
  struct tcpstat *st = &n.a->inet->tcpstat;
  uint64_t before = st->sndpack;
  static uint8_t data[20000];
  g_assert_cmpint(wr(cli, data, sizeof data, 0), ==, 8760);
  int burst = (int)(st->sndpack - before);
  /* Now lose everything for a while: one timeout. */
  a_loss(&n, 1.0);
  while (st->rexmttimeo == 0)
    g_assert_true(sched_step(n.sim->sched));
  *cwnd_after = tp_of(cli)->snd_cwnd;
  net_free(&n);
  return burst;
}

static void test_42bsd_no_cc(void)
{
  uint32_t cwnd;
  g_assert_cmpint(first_burst(TCP_PROFILE_42BSD, &cwnd), ==, 6);
  g_assert_cmpuint(cwnd, ==, (uint32_t)TCP_MAXWIN << TCP_MAX_WINSHIFT);
  g_assert_cmpint(first_burst(TCP_PROFILE_RENO, &cwnd), ==, 1);
  g_assert_cmpuint(cwnd, ==, 1460);
}

/* 4.4BSD tcp_mss: MTU - 40 to a directly connected network, 512 through
 * a gateway; 5120 bytes to d go as eleven segments, ten of 500 (the
 * timestamp option takes 12 bytes of each 512) and one of 120. */
static void test_mss_offnet(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.d, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.33.0.2", ls, 9000, &cli, &srv);
  g_assert_cmpint(tp_of(cli)->t_maxseg, ==, 512);
  g_assert_cmpint(tp_of(srv)->t_maxseg, ==, 512);
  struct socket *ls2 = tlisten(&n, n.c, 9001, 5);
  struct socket *c2, *s2;
  tpair(&n, n.a, "10.0.0.2", ls2, 9001, &c2, &s2);
  g_assert_cmpint(tp_of(c2)->t_maxseg, ==, 1460);
  struct xfer x;
  xfer_init(&x, cli, srv, 5120, 22);
  uint64_t before = n.a->inet->tcpstat.sndpack;
  g_assert_true(xfer_run(&n, &x, 1, now(&n) + 10 * SIM_S));
  assert_intact(&x);
  g_assert_cmpuint(n.a->inet->tcpstat.sndpack - before, ==, 11);
  xfer_free(&x);
  net_free(&n);
}

/* ---- newreno against 4.4BSD-Lite (RFC 5681, RFC 6582) ----------------- */

/* An idle connection a -> c of the profile; its sender's tcpcb. */
static struct tcpcb *idle_conn(struct net *n, int profile)
{
  net_init(n, profile);
  struct socket *ls = tlisten(n, n->c, 9000, 5);
  struct socket *cli, *srv;
  tpair(n, n->a, "10.0.0.2", ls, 9000, &cli, &srv);
  run_until(n, now(n) + SIM_S);
  return tp_of(cli);
}

/* cwnd after one round trip in congestion avoidance from 40 segments,
 * with delayed ACKs: 20 ACKs of 2 segments each. */
static uint32_t ca_round(int profile, uint32_t *after19)
{
  struct net n;
  struct tcpcb *tp = idle_conn(&n, profile);
  tp->snd_cwnd = 40 * 1460;
  tp->snd_ssthresh = 2 * 1460;
  for (int i = 0; i < 20; i++) {
    if (i == 19)
      *after19 = tp->snd_cwnd;
    tcp_cc_ack(tp, 2 * 1460);
  }
  uint32_t cwnd = tp->snd_cwnd;
  net_free(&n);
  return cwnd;
}

/* 4.4bsd adds maxseg*maxseg/cwnd + maxseg/8 per ACK: 4336 bytes (almost
 * 3 segments) in this round trip. newreno counts bytes (RFC 5681 3.1):
 * nothing until a cwnd of bytes is acked, then exactly one SMSS. */
static void test_ca_increment(void)
{
  uint32_t at19;
  g_assert_cmpuint(ca_round(TCP_PROFILE_RENO, &at19), ==, 58400 + 4336);
  g_assert_cmpuint(ca_round(TCP_PROFILE_NEWRENO, &at19), ==, 58400 + 1460);
  g_assert_cmpuint(at19, ==, 58400);
}

/* RFC 6582 3.2 step 3: the full ACK deflates cwnd to min(ssthresh,
 * max(FlightSize, SMSS) + SMSS): 2 segments with nothing outstanding,
 * where 4.4BSD-Lite (Reno) goes to ssthresh. */
static uint32_t full_ack_cwnd(int profile)
{
  struct net n;
  struct tcpcb *tp = idle_conn(&n, profile);
  g_assert_true(tp->snd_una == tp->snd_max);
  tp->t_dupacks = 4;
  tp->snd_recover = tp->snd_max;
  tp->snd_ssthresh = 8 * 1460;
  tp->snd_cwnd = 12 * 1460;
  tcp_cc_recovery_ack(tp, tp->snd_max);
  g_assert_cmpint(tp->t_dupacks, ==, 0);
  g_assert_false(tp->t_partialack);
  uint32_t cwnd = tp->snd_cwnd;
  net_free(&n);
  return cwnd;
}

static void test_newreno_full_ack(void)
{
  g_assert_cmpuint(full_ack_cwnd(TCP_PROFILE_NEWRENO), ==, 2 * 1460);
  g_assert_cmpuint(full_ack_cwnd(TCP_PROFILE_RENO), ==, 8 * 1460);
}

/* RFC 6582 3.2 step 4: a partial ACK deflates cwnd by the bytes acked
 * and adds SMSS back only when at least SMSS was acked. */
static void test_newreno_partial_deflation(void)
{
  struct net n;
  struct tcpcb *tp = idle_conn(&n, TCP_PROFILE_NEWRENO);
  tp->snd_cwnd = 10 * 1460;
  tp->t_partialack = true;
  tcp_cc_partial_rexmt(tp, 500);
  g_assert_cmpuint(tp->snd_cwnd, ==, 10 * 1460 - 500);
  g_assert_false(tp->t_partialack);
  tp->t_partialack = true;
  tcp_cc_partial_rexmt(tp, 2 * 1460);
  g_assert_cmpuint(tp->snd_cwnd, ==, 10 * 1460 - 500 - 2 * 1460 + 1460);
  net_free(&n);
}

/* RFC 6582 3.2 step 2: duplicates of an ACK below recover (data sent
 * before a timeout) start no fast retransmit and leave ssthresh alone;
 * the count starts over (as FreeBSD's tcp_input), so none inflates cwnd. */
static void test_newreno_dupacks_below_recover(void)
{
  struct net n;
  struct tcpcb *tp = idle_conn(&n, TCP_PROFILE_NEWRENO);
  struct tcpstat *st = &n.a->inet->tcpstat;
  tp->snd_recover = tp->snd_una + 1000;
  tp->snd_cwnd = 4 * 1460;
  tp->snd_ssthresh = 6 * 1460;
  uint64_t rexmits = st->sndrexmitpack;
  for (int i = 0; i < 5; i++)
    g_assert_false(tcp_cc_dupack(tp));
  g_assert_cmpint(tp->t_dupacks, ==, 2);
  g_assert_cmpuint(tp->snd_cwnd, ==, 4 * 1460);
  g_assert_cmpuint(tp->snd_ssthresh, ==, 6 * 1460);
  g_assert_cmpuint(st->sndrexmitpack, ==, rexmits);
  net_free(&n);
}

/* Fast retransmit: newreno's ssthresh is max(FlightSize/2, 2*SMSS) (RFC
 * 5681 equation 4), in bytes; 4.4BSD-Lite's is half of min(wnd, cwnd) in
 * whole segments. */
static void fast_rexmt_ssthresh(int profile, uint32_t *flight,
                                uint32_t *ssthresh)
{
  struct net n;
  net_init(&n, profile);
  struct xfer x;
  struct tcpcb *tp = warm(&n, &x, 80000, 32768);
  struct tcpstat *st = &n.a->inet->tcpstat;
  drop_frames(&n, &x, 0, 0);
  tcp_seq una = tp->snd_una, max = tp->snd_max;
  while (st->sndrexmitpack == 0) {
    una = tp->snd_una;
    max = tp->snd_max;
    xfer_pump(&x);
    g_assert_true(sched_step(n.sim->sched));
  }
  *flight = max - una;
  *ssthresh = tp->snd_ssthresh;
  g_assert_cmpuint(tp->snd_cwnd, ==, *ssthresh + 3 * 1460);
  g_assert_true(xfer_run(&n, &x, 1, now(&n) + 100 * SIM_S));
  assert_intact(&x);
  xfer_free(&x);
  net_free(&n);
}

static void test_newreno_ssthresh(void)
{
  uint32_t flight, ss;
  fast_rexmt_ssthresh(TCP_PROFILE_NEWRENO, &flight, &ss);
  g_assert_cmpuint(ss, ==, MAX(flight / 2, 2 * 1460));
  g_assert_cmpuint(ss % 1460, !=, 0);
  fast_rexmt_ssthresh(TCP_PROFILE_RENO, &flight, &ss);
  g_assert_cmpuint(ss % 1460, ==, 0);
}

/* RFC 5681 3.1: newreno starts with min(4*SMSS, max(2*SMSS, 4380)), 3
 * segments of 1460 (a first burst of 3), but with one segment when its
 * SYN was retransmitted; 4.4BSD-Lite with one. */
static uint32_t initial_cwnd(int profile, bool lose_syn)
{
  struct net n;
  net_init(&n, profile);
  struct socket *ls = tlisten(&n, n.c, 9000, 5);
  const struct link_stats *wl = link_stats(n.wan, 0);
  a_loss(&n, lose_syn ? 1.0 : 0.0);   /* drawn as the SYN starts */
  struct socket *cli = tconnect(&n, n.a, "10.0.0.2", 9000);
  while (wl->tx_frames == 0)
    g_assert_true(sched_step(n.sim->sched));
  a_loss(&n, 0.0);
  g_assert_cmpint(connect_wait(&n, cli, now(&n) + 30 * SIM_S), ==, 0);
  g_assert_nonnull(accept_wait(&n, ls, now(&n) + 10 * SIM_S));
  g_assert_cmpuint(tp_of(cli)->rexmt_timeouts, ==, (uint64_t)(lose_syn ? 1 : 0));
  uint32_t cwnd = tp_of(cli)->snd_cwnd;
  net_free(&n);
  return cwnd;
}

static void test_newreno_initial_window(void)
{
  uint32_t cwnd;
  g_assert_cmpuint(initial_cwnd(TCP_PROFILE_NEWRENO, false), ==, 4380);
  g_assert_cmpuint(initial_cwnd(TCP_PROFILE_NEWRENO, true), ==, 1460);
  g_assert_cmpuint(initial_cwnd(TCP_PROFILE_RENO, false), ==, 1460);
  g_assert_cmpint(first_burst(TCP_PROFILE_NEWRENO, &cwnd), ==, 3);
  g_assert_cmpuint(cwnd, ==, 1460);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tcp/more/tahoe-fast-retransmit",
                  test_tahoe_fast_retransmit);
  g_test_add_func("/tcp/more/newreno-partial-ack", test_newreno_partial_ack);
  g_test_add_func("/tcp/more/42bsd-no-cc", test_42bsd_no_cc);
  g_test_add_func("/tcp/more/mss-offnet", test_mss_offnet);
  g_test_add_func("/tcp/more/ca-increment", test_ca_increment);
  g_test_add_func("/tcp/more/newreno-full-ack", test_newreno_full_ack);
  g_test_add_func("/tcp/more/newreno-partial-deflation",
                  test_newreno_partial_deflation);
  g_test_add_func("/tcp/more/newreno-dupacks-below-recover",
                  test_newreno_dupacks_below_recover);
  g_test_add_func("/tcp/more/newreno-ssthresh", test_newreno_ssthresh);
  g_test_add_func("/tcp/more/newreno-initial-window",
                  test_newreno_initial_window);
  return g_test_run();
}
