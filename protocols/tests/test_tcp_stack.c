/* protocols/tests/test_tcp_stack.c: TCP over real media, driven through
 * the socket layer (socreate, soconnect, sosend, soreceive, ...) with the
 * scheduler stepped by hand: the handshake, data both ways checked by
 * hash, FIN and TIME_WAIT's 2*MSL, RST to a closed port, SYN
 * retransmission and the 75 s establishment limit, retransmission on a
 * lossy link, the delayed ACK on the 200 ms grid, Reno's fast
 * retransmit at the third duplicate ACK, and the listen backlog dropping
 * SYNs silently. Times are asserted to the nanosecond where the media
 * fix them, else to the 500 ms tick grid.
 *
 * The network and the helpers are in tcp_fixture.h. */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "bus.h"
#include "host.h"
#include "ip_var.h"
#include "link.h"
#include "netif.h"
#include "pbuf.h"
#include "route_auto.h"
#include "socketvar.h"
#include "tcp_var.h"

#include "tcp_fixture.h"

/* ---- tests ------------------------------------------------------------ */


/* An accepted socket keeps the buffer sizes set on the listener
 * (sonewconn copies them, and 4.4BSD's tcp_attach reserves only when
 * none are set); tcp_mss then rounds them up to whole segments. The
 * client offers the peer a window of its own 8 KB default, rounded. */
static void test_accept_inherits_buffers(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tsock(&n, n.b);
  g_assert_cmpint(sosetopt(ls, SOL_SOCKET, SO_RCVBUF, 32768, 0), ==, 0);
  g_assert_cmpint(sosetopt(ls, SOL_SOCKET, SO_SNDBUF, 20000, 0), ==, 0);
  struct so_addr sa = { .family = AF_INET, .port = 9000 };
  g_assert_cmpint(sobind(ls, &sa), ==, 0);
  g_assert_cmpint(solisten(ls, 5), ==, 0);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  g_assert_cmpuint(srv->so_rcv.hiwat, ==, 23 * 1460);
  g_assert_cmpuint(srv->so_snd.hiwat, ==, 14 * 1460);
  g_assert_cmpuint(cli->so_rcv.hiwat, ==, 6 * 1460);
  g_assert_cmpuint(tp_of(cli)->snd_wnd, ==, 23 * 1460);
  net_free(&n);
}

static void test_handshake(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.b, 9000, 5);
  run_until(&n, SIM_S);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  g_assert_cmpint(tp_of(cli)->state, ==, TCPS_ESTABLISHED);
  g_assert_cmpint(tp_of(srv)->state, ==, TCPS_ESTABLISHED);
  /* On the same network: MSS from the Ethernet MTU, both ways. */
  g_assert_cmpint(tp_of(cli)->t_maxseg, ==, 1460);
  g_assert_cmpint(tp_of(srv)->t_maxseg, ==, 1460);
  g_assert_cmpuint(n.a->inet->tcpstat.connects, ==, 1);
  g_assert_cmpuint(n.b->inet->tcpstat.accepts, ==, 1);
  g_assert_cmpuint(n.b->inet->tcpstat.connects, ==, 1);
  /* A second connection, ARP cached: SYN (60 bytes with the MSS,
   * window scale and timestamp options), SYN-ACK (the same) after one
   * gap, and the ACK: established at the client after 2 frames, at the
   * server after 3. */
  run_until(&n, 2 * SIM_S);
  struct socket *c2 = tconnect(&n, n.a, "128.32.0.2", 9000);
  sim_time_t t0 = now(&n);
  g_assert_cmpint(connect_wait(&n, c2, 3 * SIM_S), ==, 0);
  g_assert_cmpint(now(&n) - t0, ==, 2 * (ether_tx(60) + 500) + 9600);
  g_assert_cmpuint(tp_of(c2)->snd_una, ==, tp_of(c2)->iss + 1);
  net_free(&n);
}

static void test_data_both_ways(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.b, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  struct xfer x[2];
  xfer_init(&x[0], cli, srv, 100000, 1);
  xfer_init(&x[1], srv, cli, 50000, 2);
  g_assert_true(xfer_run(&n, x, 2, 60 * SIM_S));
  assert_intact(&x[0]);
  assert_intact(&x[1]);
  g_assert_cmpuint(n.a->inet->tcpstat.sndrexmitpack, ==, 0);
  run_until(&n, now(&n) + SIM_S);   /* the last delayed ACKs */
  g_assert_cmpuint(tp_of(cli)->bytes_acked, ==, 100000);
  g_assert_cmpuint(tp_of(srv)->bytes_acked, ==, 50000);
  xfer_free(&x[0]);
  xfer_free(&x[1]);
  net_free(&n);
}

static void test_close_time_wait(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.b, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  tclose(&n, ls);
  struct tcpcb *ctp = tp_of(cli);
  /* a closes first: FIN_WAIT_1, then FIN_WAIT_2 when acked. */
  tclose(&n, cli);
  g_assert_cmpint(ctp->state, ==, TCPS_FIN_WAIT_1);
  run_until(&n, now(&n) + 100 * SIM_MS);
  g_assert_cmpint(ctp->state, ==, TCPS_FIN_WAIT_2);
  g_assert_cmpint(tp_of(srv)->state, ==, TCPS_CLOSE_WAIT);
  char buf[8];
  const void *wchan;
  int of;
  g_assert_cmpint(soreceive(srv, buf, sizeof buf, 0, NULL, &of, &wchan),
                  ==, 0);
  /* b closes: LAST_ACK, a enters TIME_WAIT on its FIN. */
  tclose(&n, srv);
  while (ctp->state != TCPS_TIME_WAIT)
    g_assert_true(sched_step(n.sim->sched));
  sim_time_t t_tw = now(&n);
  g_assert_cmpint(wait_no_tcb(&n, n.b, t_tw + SIM_S), >, 0);  /* LAST_ACK */
  /* 2 * MSL = 120 ticks from the next 500 ms boundary. */
  sim_time_t expect = (t_tw / TCP_SLOWTICK + 2 * TCPTV_MSL) * TCP_SLOWTICK;
  g_assert_cmpint(wait_no_tcb(&n, n.a, 200 * SIM_S), ==, expect);
  g_assert_cmpint(expect - t_tw, >, 59500 * SIM_MS);
  g_assert_cmpint(expect - t_tw, <=, 60 * SIM_S);
  net_free(&n);
}

static void test_refused(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *s1 = tconnect(&n, n.a, "128.32.0.2", 7777);
  g_assert_cmpint(connect_wait(&n, s1, SIM_S), ==, -ECONNREFUSED);
  run_until(&n, SIM_S);
  /* ARP cached: SYN out (60 bytes with its options), RST back after one
   * gap: one round trip. */
  struct socket *s2 = tconnect(&n, n.a, "128.32.0.2", 7777);
  sim_time_t t0 = now(&n);
  g_assert_cmpint(connect_wait(&n, s2, 2 * SIM_S), ==, -ECONNREFUSED);
  g_assert_cmpint(now(&n) - t0, ==, ether_tx(60) + 500 + 9600 +
                                    ether_tx(40) + 500);
  g_assert_null(s2->so_pcb);
  g_assert_cmpuint(n.a->inet->tcpstat.conndrops, ==, 2);
  net_free(&n);
}

static void test_syn_timeout(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  sim_time_t t[8];
  int err;
  int k = syn_to_dead_b(&n, 100 * SIM_S, t, 8, &err);
  /* srtt 0, rttvar 24 ticks: the first RTO is 12 ticks (6 s), then
   * TCP_REXMTVAL (24) times the backoff: 48 ticks, 96 ticks; the
   * 75 s establishment timer ends it first. */
  g_assert_cmpint(err, ==, -ETIMEDOUT);
  g_assert_cmpint(k, ==, 3);
  g_assert_cmpint(t[0], ==, 10 * SIM_S);
  g_assert_cmpint(t[1], ==, 16 * SIM_S);
  g_assert_cmpint(t[2], ==, 40 * SIM_S);
  g_assert_cmpint(now(&n), ==, 85 * SIM_S);
  g_assert_cmpuint(n.a->inet->tcpstat.keepdrops, ==, 1);
  g_assert_cmpuint(n.a->inet->tcpstat.rexmttimeo, ==, 2);
  net_free(&n);
}

static void test_loss_recovery(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.c, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "10.0.0.2", ls, 9000, &cli, &srv);
  /* Directly connected (net 10): MSS from the link's MTU. */
  g_assert_cmpint(tp_of(cli)->t_maxseg, ==, 1460);
  struct link_params lp;
  link_params_default(&lp);
  lp.rate_bps = 1e6;
  lp.delay = 10 * SIM_MS;
  lp.queue_pkts = 100;
  lp.loss = 0.1;
  link_set_params(n.wan, 0, &lp);
  link_set_params(n.wan, 1, &lp);
  struct xfer x[2];
  xfer_init(&x[0], cli, srv, 200000, 3);
  xfer_init(&x[1], srv, cli, 20000, 4);
  g_assert_true(xfer_run(&n, x, 2, 600 * SIM_S));
  assert_intact(&x[0]);
  assert_intact(&x[1]);
  g_assert_cmpuint(n.a->inet->tcpstat.sndrexmitpack, >, 0);
  g_assert_cmpuint(n.c->inet->tcpstat.sndrexmitpack, >, 0);
  xfer_free(&x[0]);
  xfer_free(&x[1]);
  net_free(&n);
}

/* The time the first segment that is only an ACK leaves b. */
static void test_delayed_ack(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.b, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  run_until(&n, 1030 * SIM_MS);
  const void *wchan;
  g_assert_cmpint(sosend(cli, NULL, "0123456789", 10, 0, &wchan), ==, 10);
  struct tcpcb *ctp = tp_of(cli);
  tcp_seq una = ctp->snd_una;
  while (ctp->snd_una == una)
    g_assert_true(sched_step(n.sim->sched));
  /* The data reaches b within 1.2 s; b's ACK waits for the 200 ms
   * boundary at 1.2 s, then one 52-byte frame (40 and the timestamp
   * option). */
  g_assert_cmpint(now(&n), ==, 1200 * SIM_MS + ether_tx(52) + 500);
  g_assert_cmpuint(n.b->inet->tcpstat.delack, ==, 1);
  g_assert_cmpuint(ctp->snd_una, ==, una + 10);
  net_free(&n);
}

/* A drop filter: the link loses everything a sends for a while. */
static void set_loss(struct net *n, double loss)
{
  struct link_params lp;
  link_params_default(&lp);
  lp.rate_bps = 1e6;
  lp.delay = 10 * SIM_MS;
  lp.queue_pkts = 100;
  lp.loss = loss;
  link_set_params(n->wan, 0, &lp);
}

static void test_fast_retransmit(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.c, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "10.0.0.2", ls, 9000, &cli, &srv);
  struct xfer x;
  xfer_init(&x, cli, srv, 60000, 5);
  /* Open the window first: 20 KB through. */
  while (x.rcvd < 20000) {
    xfer_pump(&x);
    g_assert_true(sched_step(n.sim->sched));
  }
  struct tcpstat *st = &n.a->inet->tcpstat;
  g_assert_cmpuint(st->sndrexmitpack, ==, 0);
  /* Lose exactly the next data segment a sends. */
  uint64_t before = st->sndpack;
  set_loss(&n, 1.0);
  while (st->sndpack == before) {
    xfer_pump(&x);
    g_assert_true(sched_step(n.sim->sched));
  }
  set_loss(&n, 0.0);
  uint64_t dups = st->rcvdupack;
  while (st->sndrexmitpack == 0) {
    xfer_pump(&x);
    g_assert_true(sched_step(n.sim->sched));
  }
  /* Retransmitted at the third duplicate ACK, no timeout. */
  g_assert_cmpuint(st->rcvdupack - dups, ==, 3);
  g_assert_cmpuint(st->rexmttimeo, ==, 0);
  struct tcpcb *tp = tp_of(cli);
  g_assert_cmpuint(tp->snd_cwnd, ==, tp->snd_ssthresh + 3 * 1460);
  g_assert_true(xfer_run(&n, &x, 1, 100 * SIM_S));
  assert_intact(&x);
  g_assert_cmpuint(st->rexmttimeo, ==, 0);
  /* One segment's worth (cwnd one t_maxseg), which the timestamp
   * option splits into 1448 bytes and a 12-byte runt (4.4BSD-Lite). */
  g_assert_cmpuint(st->sndrexmitpack, ==, 2);
  g_assert_cmpuint(st->sndrexmitbyte, ==, 1460);
  xfer_free(&x);
  net_free(&n);
}

static void test_backlog_overflow(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  /* backlog 1: queues may hold 1 + 1 (3 * 1 / 2 = 1, "more than"). */
  struct socket *ls = tlisten(&n, n.b, 9000, 1);
  /* ARP first: it holds only one datagram while it asks (4.4BSD). */
  struct socket *s0 = tconnect(&n, n.a, "128.32.0.2", 7777);
  g_assert_cmpint(connect_wait(&n, s0, SIM_S), ==, -ECONNREFUSED);
  run_until(&n, SIM_S);
  struct socket *c[3];
  for (int i = 0; i < 3; i++)
    c[i] = tconnect(&n, n.a, "128.32.0.2", 9000);
  run_until(&n, 2 * SIM_S);
  g_assert_cmpint(ls->so_qlen, ==, 2);
  g_assert_cmpint(ls->so_q0len, ==, 0);
  g_assert_cmpint(tp_of(c[0])->state, ==, TCPS_ESTABLISHED);
  g_assert_cmpint(tp_of(c[1])->state, ==, TCPS_ESTABLISHED);
  /* The third SYN was dropped silently: no RST, still trying. */
  g_assert_cmpint(tp_of(c[2])->state, ==, TCPS_SYN_SENT);
  g_assert_cmpuint(n.b->inet->tcpstat.listendrop, ==, 1);
  g_assert_cmpuint(n.a->inet->tcpstat.conndrops, ==, 1);   /* s0 */
  /* Accepting one makes room: the SYN retransmitted 12 ticks after the
   * first (sent at 1 s) gets in at 7 s. */
  g_assert_nonnull(accept_wait(&n, ls, 3 * SIM_S));
  g_assert_cmpint(connect_wait(&n, c[2], 10 * SIM_S), ==, 0);
  g_assert_cmpint(now(&n), ==, 7 * SIM_S + 2 * (ether_tx(60) + 500) + 9600);
  net_free(&n);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tcp/stack/handshake", test_handshake);
  g_test_add_func("/tcp/stack/data-both-ways", test_data_both_ways);
  g_test_add_func("/tcp/stack/close-time-wait", test_close_time_wait);
  g_test_add_func("/tcp/stack/refused", test_refused);
  g_test_add_func("/tcp/stack/syn-timeout", test_syn_timeout);
  g_test_add_func("/tcp/stack/loss-recovery", test_loss_recovery);
  g_test_add_func("/tcp/stack/delayed-ack", test_delayed_ack);
  g_test_add_func("/tcp/stack/fast-retransmit", test_fast_retransmit);
  g_test_add_func("/tcp/stack/backlog-overflow", test_backlog_overflow);
  g_test_add_func("/tcp/stack/accept-inherits-buffers",
                  test_accept_inherits_buffers);
  return g_test_run();
}
