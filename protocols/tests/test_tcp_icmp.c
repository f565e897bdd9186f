/* protocols/tests/test_tcp_icmp.c: ICMP errors and source quench as TCP
 * takes them (4.4BSD tcp_ctlinput, tcp_notify, tcp_quench): a connect
 * through a gateway to a missing host keeps host unreachable as a soft
 * error and fails with it at the 75 s establishment limit; tcp_notify by
 * state (ignored, soft, hard after backoff; quench sets cwnd to one
 * segment); and a gateway whose queue overflows quenching the sender end
 * to end. Read 4.4BSD-Lite netinet/tcp_subr.c and ip_icmp.c.
 *
 * The network and the helpers are in tcp_fixture.h. */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "host.h"
#include "icmp.h"
#include "ip_var.h"
#include "link.h"
#include "socketvar.h"
#include "tcp_var.h"

#include "tcp_fixture.h"

/* Makes c's ARP give up on 128.33.0.99 (five requests, one a second,
 * then rejected for 20 s) with UDP datagrams from a. */
static void arp_reject_missing(struct net *n)
{
  struct socket *u;
  g_assert_cmpint(socreate(n->a, true, AF_INET, SOCK_DGRAM, 0, &u), ==, 0);
  g_ptr_array_add(n->socks, u);
  struct so_addr sa = { .family = AF_INET, .addr = A("128.33.0.99"),
                        .port = 9 };
  const void *wchan;
  for (int i = 0; i < 6; i++) {
    run_until(n, now(n) + SIM_S);
    g_assert_cmpint(sosend(u, &sa, "x", 1, 0, &wchan), ==, 1);
  }
  run_until(n, now(n) + 100 * SIM_MS);
}

/* A connect through gateway c to a missing host: c answers the SYNs with
 * host unreachable, recorded as a soft error; the 75 s establishment
 * timer then fails the connect with it instead of ETIMEDOUT (4.4BSD
 * tcp_drop). The SYN backoff (6 s, 24 s) never reaches t_rxtshift > 3
 * within 75 s, so tcp_notify's early give-up cannot happen here. */
static void test_icmp_connect_unreach(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  arp_reject_missing(&n);
  uint64_t unreach = n.a->inet->icmpstat.inhist[ICMP_UNREACH];
  sim_time_t t0 = now(&n);
  struct socket *so = tconnect(&n, n.a, "128.33.0.99", 9000);
  run_until(&n, t0 + SIM_S);
  g_assert_cmpuint(n.a->inet->icmpstat.inhist[ICMP_UNREACH], ==,
                   unreach + 1);
  g_assert_cmpint(tp_of(so)->t_softerror, ==, -EHOSTUNREACH);
  g_assert_cmpint(so->so_error, ==, 0);
  g_assert_cmpint(connect_wait(&n, so, t0 + 100 * SIM_S), ==,
                  -EHOSTUNREACH);
  sim_time_t t_end = (t0 / TCP_SLOWTICK + TCPTV_KEEP_INIT) * TCP_SLOWTICK;
  g_assert_cmpint(now(&n), ==, t_end);
  g_assert_cmpuint(n.a->inet->tcpstat.keepdrops, ==, 1);
  net_free(&n);
}

/* tcp_notify by state: connecting with t_rxtshift > 3 and a soft error
 * already, a second error goes to so_error (connect fails at once);
 * established, unreachables are ignored and others are soft errors;
 * source quench sets cwnd to one segment. Off-net (through c) the MSS is
 * 512. */
static void test_icmp_notify(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.d, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.33.0.2", ls, 9000, &cli, &srv);
  struct tcpcb *tp = tp_of(cli);
  g_assert_cmpint(tp->t_maxseg, ==, TCP_MSS);
  g_assert_cmpint(tp_of(srv)->t_maxseg, ==, TCP_MSS);
  struct prc_info info = { .src = A("10.0.0.1"), .dst = A("128.33.0.2"),
                           .sport = tp->inp->lport, .dport = 9000,
                           .proto = IP_PROTO_TCP };
  tcp_ctlinput(n.a, PRC_UNREACH_HOST, &info);
  tcp_ctlinput(n.a, PRC_UNREACH_NET, &info);
  g_assert_cmpint(tp->t_softerror, ==, 0);
  g_assert_cmpint(cli->so_error, ==, 0);
  tcp_ctlinput(n.a, PRC_UNREACH_PORT, &info);
  g_assert_cmpint(tp->t_softerror, ==, -ECONNREFUSED);
  g_assert_cmpint(cli->so_error, ==, 0);
  tp->snd_cwnd = 10 * 512;
  tcp_ctlinput(n.a, PRC_QUENCH, &info);
  g_assert_cmpuint(tp->snd_cwnd, ==, 512);
  /* A connection being established: soft, then hard after backoff. */
  struct socket *s2 = tconnect(&n, n.a, "128.33.0.99", 9000);
  struct tcpcb *tp2 = tp_of(s2);
  info.dst = A("128.33.0.99");
  info.sport = tp2->inp->lport;
  tcp_ctlinput(n.a, PRC_UNREACH_HOST, &info);
  g_assert_cmpint(tp2->t_softerror, ==, -EHOSTUNREACH);
  g_assert_cmpint(s2->so_error, ==, 0);
  tp2->t_rxtshift = 3;
  tcp_ctlinput(n.a, PRC_UNREACH_HOST, &info);
  g_assert_cmpint(s2->so_error, ==, 0);
  tp2->t_rxtshift = 4;
  tcp_ctlinput(n.a, PRC_UNREACH_NET, &info);
  /* (4.4BSD inetctlerrmap: a net unreachable is EHOSTUNREACH too) */
  g_assert_cmpint(s2->so_error, ==, -EHOSTUNREACH);
  g_assert_cmpint(connect_wait(&n, s2, now(&n)), ==, -EHOSTUNREACH);
  net_free(&n);
}

/* A gateway whose output queue overflows sends source quench; the
 * sender's TCP shrinks cwnd to one segment and the data all arrives. */
static void test_quench_end_to_end(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct link_params lp;
  wan_params(&lp);
  lp.queue_pkts = 2;
  link_set_params(n.wan, 1, &lp);     /* c -> a */
  struct socket *ls = tlisten(&n, n.a, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.d, "10.0.0.1", ls, 9000, &cli, &srv);
  struct tcpcb *tp = tp_of(cli);
  struct xfer x;
  xfer_init(&x, cli, srv, 50000, 23);
  uint64_t q = n.d->inet->icmpstat.inhist[ICMP_SOURCEQUENCH];
  while (n.d->inet->icmpstat.inhist[ICMP_SOURCEQUENCH] == q) {
    xfer_pump(&x);
    g_assert_true(sched_step(n.sim->sched));
    g_assert_cmpint(now(&n), <, 60 * SIM_S);
  }
  g_assert_cmpuint(tp->snd_cwnd, ==, 512);  /* off-net MSS, one segment */
  g_assert_cmpuint(n.c->inet->icmpstat.outhist[ICMP_SOURCEQUENCH], >, 0);
  g_assert_true(xfer_run(&n, &x, 1, now(&n) + 600 * SIM_S));
  assert_intact(&x);
  xfer_free(&x);
  net_free(&n);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tcp/more/icmp-connect-unreach",
                  test_icmp_connect_unreach);
  g_test_add_func("/tcp/more/icmp-notify", test_icmp_notify);
  g_test_add_func("/tcp/more/quench-end-to-end", test_quench_end_to_end);
  return g_test_run();
}
