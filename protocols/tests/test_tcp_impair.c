/* protocols/tests/test_tcp_impair.c: bulk transfers that must arrive
 * intact (SHA-256) over an impaired link: 200 KB across the wan with 30%
 * loss, with duplication and reordering, with corruption (caught by the
 * checksum), and with the link down for 30 s mid-transfer; each test also
 * checks the counters that show the impairment happened and TCP repaired
 * it (retransmissions, duplicates, out-of-order segments, bad sums).
 * Header prediction: bulk transfers, clean and lossy, take the fast paths
 * and end exactly as with every segment on the slow path.
 *
 * The network and the helpers are in tcp_fixture.h. */
#include <glib.h>

#include "host.h"
#include "ip_var.h"
#include "link.h"
#include "socketvar.h"
#include "tcp_var.h"

#include "tcp_fixture.h"

/* Both directions of the wan with lp (1 Mb/s, 10 ms, 100 frames). */
static void wan_set(struct net *n, const struct link_params *lp)
{
  link_set_params(n->wan, 0, lp);
  link_set_params(n->wan, 1, lp);
}

/* 200 KB a -> c over the wan impaired by lp: the data direction only
 * when one_way, else both. */
static void bulk(struct net *n, const struct link_params *lp, bool one_way,
                 sim_time_t limit, uint32_t seed)
{
  struct socket *ls = tlisten(n, n->c, 9000, 5);
  struct socket *cli, *srv;
  tpair(n, n->a, "10.0.0.2", ls, 9000, &cli, &srv);
  if (one_way)
    link_set_params(n->wan, 0, lp);
  else
    wan_set(n, lp);
  struct xfer x;
  xfer_init(&x, cli, srv, 200000, seed);
  g_assert_true(xfer_run(n, &x, 1, limit));
  assert_intact(&x);
  xfer_free(&x);
}

static void test_bulk_loss(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct link_params lp;
  wan_params(&lp);
  lp.loss = 0.3;
  bulk(&n, &lp, true, 3600 * SIM_S, 11);
  g_assert_cmpuint(n.a->inet->tcpstat.rexmttimeo, >, 0);
  g_assert_cmpuint(n.a->inet->tcpstat.sndrexmitpack, >, 0);
  net_free(&n);
}

static void test_bulk_dup_reorder(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct link_params lp;
  wan_params(&lp);
  lp.dup = 0.1;
  lp.reorder = 0.1;
  lp.reorder_delay = 30 * SIM_MS;
  bulk(&n, &lp, false, 600 * SIM_S, 12);
  g_assert_cmpuint(n.c->inet->tcpstat.rcvduppack, >, 0);
  g_assert_cmpuint(n.c->inet->tcpstat.rcvoopack, >, 0);
  net_free(&n);
}

static void test_bulk_corrupt(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct link_params lp;
  wan_params(&lp);
  lp.corrupt = 0.05;
  bulk(&n, &lp, false, 600 * SIM_S, 13);
  g_assert_cmpuint(n.c->inet->tcpstat.rcvbadsum, >, 0);
  g_assert_cmpuint(n.a->inet->tcpstat.sndrexmitpack, >, 0);
  net_free(&n);
}

/* The wan goes down for 30 s mid-transfer, then up: retransmissions
 * back off, and the transfer completes. */
static void test_bulk_link_down(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct xfer x;
  (void)wan_xfer(&n, &x, 200000, 14, 50000);
  link_down(n.wan);
  sim_time_t t_down = now(&n);
  while (now(&n) < t_down + 30 * SIM_S) {
    xfer_pump(&x);
    g_assert_true(sched_step(n.sim->sched));
  }
  uint64_t rcvd = x.rcvd;
  g_assert_cmpuint(n.a->inet->tcpstat.rexmttimeo, >=, 3);
  link_up(n.wan);
  g_assert_true(xfer_run(&n, &x, 1, now(&n) + 600 * SIM_S));
  assert_intact(&x);
  g_assert_cmpuint(x.rcvd, >, rcvd);
  xfer_free(&x);
  net_free(&n);
}

/* What one bulk transfer left behind, for comparing two runs. */
struct outcome {
  struct tcpstat a, c;        /* sender's and receiver's counters */
  sim_time_t end;             /* when the transfer completed */
  uint64_t events;            /* events run */
};

/* 200 KB a -> c over the wan with `loss` on the data direction, header
 * prediction on or off on both hosts. */
static void predict_run(bool predict, double loss, struct outcome *o)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  n.a->inet->tcp_nopredict = n.c->inet->tcp_nopredict = !predict;
  struct link_params lp;
  wan_params(&lp);
  lp.loss = loss;
  bulk(&n, &lp, true, 3600 * SIM_S, 15);
  o->a = n.a->inet->tcpstat;
  o->c = n.c->inet->tcpstat;
  o->end = now(&n);
  o->events = sched_executed(n.sim->sched);
  net_free(&n);
}

/* The fast paths are taken (counters > 0) and change nothing: with them
 * off, the same counters (but the two), the same end time, the same
 * number of events. */
static void test_predict(void)
{
  static const double loss[] = { 0, 0.05 };
  for (size_t i = 0; i < G_N_ELEMENTS(loss); i++) {
    struct outcome on, off;
    predict_run(true, loss[i], &on);
    predict_run(false, loss[i], &off);
    g_assert_cmpuint(on.a.predack, >, 20);
    g_assert_cmpuint(on.c.preddat, >, 100);
    g_assert_cmpuint(off.a.predack + off.c.preddat, ==, 0);
    if (loss[i] > 0)
      g_assert_cmpuint(on.a.sndrexmitpack, >, 0);
    on.a.predack = on.a.preddat = on.c.predack = on.c.preddat = 0;
    g_assert_cmpmem(&on.a, sizeof on.a, &off.a, sizeof off.a);
    g_assert_cmpmem(&on.c, sizeof on.c, &off.c, sizeof off.c);
    g_assert_cmpint(on.end, ==, off.end);
    g_assert_cmpuint(on.events, ==, off.events);
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tcp/more/bulk-loss", test_bulk_loss);
  g_test_add_func("/tcp/more/bulk-dup-reorder", test_bulk_dup_reorder);
  g_test_add_func("/tcp/more/bulk-corrupt", test_bulk_corrupt);
  g_test_add_func("/tcp/more/header-prediction", test_predict);
  g_test_add_func("/tcp/more/bulk-link-down", test_bulk_link_down);
  return g_test_run();
}
