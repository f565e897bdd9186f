/* protocols/tests/test_tcp_profiles.c: what the TCP profiles change, and
 * the MSS: Tahoe's fast retransmit without fast recovery, NewReno's
 * partial ACK repairing a second loss where Reno needs the timer,
 * 4.2bsd's missing congestion control (a full first burst, cwnd untouched
 * by a timeout), and 4.4BSD tcp_mss (MTU - 40 on a connected network,
 * 512 through a gateway). Read 4.4BSD-Lite netinet/tcp_input.c
 * (tcp_mss, the duplicate-ACK code), protocols/tcp_cc.c and RFC 6582.
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

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tcp/more/tahoe-fast-retransmit",
                  test_tahoe_fast_retransmit);
  g_test_add_func("/tcp/more/newreno-partial-ack", test_newreno_partial_ack);
  g_test_add_func("/tcp/more/42bsd-no-cc", test_42bsd_no_cc);
  g_test_add_func("/tcp/more/mss-offnet", test_mss_offnet);
  return g_test_run();
}
