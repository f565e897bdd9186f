/* protocols/tests/test_tcp_more.c: TCP features beyond test_tcp_stack's
 * basics, through the socket layer with the scheduler stepped by hand:
 * urgent data (primer 5.1, Figure 5: the mark, SIOCATMARK, MSG_OOB's
 * EINVAL/EWOULDBLOCK, SO_OOBINLINE, SIGURG), ICMP errors and source
 * quench (4.4BSD tcp_notify, tcp_quench), the persist timer, keepalive,
 * bulk integrity under impairment, the full retransmit backoff, opening
 * and closing (simultaneous open, SO_LINGER, half-close, TIME_WAIT),
 * the profiles and the MSS, and the state trace. Read 4.4BSD-Lite netinet/tcp_input.c, tcp_timer.c,
 * tcp_subr.c, tcp_output.c. It does not test the Lua API (sim/lua/tests/lua).
 *
 * The network and the helpers are in tcp_fixture.h. */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "host.h"
#include "icmp.h"
#include "ip_var.h"
#include "link.h"
#include "netif.h"
#include "pbuf.h"
#include "proc.h"
#include "route_auto.h"
#include "bus.h"
#include "sig.h"
#include "socket.h"
#include "socketvar.h"
#include "tcp_var.h"

#include "tcp_fixture.h"

/* ---- tests ------------------------------------------------------------ */

static long rd(struct socket *so, void *buf, size_t len, int flags)
{
  const void *wchan;
  int of;
  return soreceive(so, buf, len, flags, NULL, &of, &wchan);
}

static long wr(struct socket *so, const void *buf, size_t len, int flags)
{
  const void *wchan;
  return sosend(so, NULL, buf, len, flags, &wchan);
}

static int atmark(struct socket *so)
{
  int v = -1;
  g_assert_cmpint(soioctl(so, SIOCATMARK, &v), ==, 0);
  return v;
}

/* A process that sleeps forever, catching SIGURG: the socket's owner. */
static int never;
static void sleeper(struct proc *p, void *ctx)
{
  (void)ctx;
  proc_tsleep(p, &never, 0);
}

static struct proc *owner(struct net *n, struct host *h, struct socket *so)
{
  struct proc *p = proc_new(h, "owner", sleeper, NULL);
  g_assert_cmpint(sig_setdisp(p, BSD_SIGURG, SIG_DISP_CATCH), ==,
                  SIG_DISP_DFL);
  int pgid = p->pid;
  g_assert_cmpint(soioctl(so, SIOCSPGRP, &pgid), ==, 0);
  run_until(n, now(n) + 1);
  return p;
}

/* Primer Figure 5: "abc", urgent "X", "def". The reader stops at the
 * mark, SIOCATMARK says so exactly there, MSG_OOB takes X once. */
static void test_oob_mark(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.b, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  struct proc *p = owner(&n, n.b, srv);
  char buf[64] = { 0 };
  /* No urgent data yet: EINVAL (4.4BSD PRU_RCVOOB's first test). */
  g_assert_cmpint(rd(srv, buf, 1, MSG_OOB), ==, -EINVAL);
  g_assert_cmpint(wr(cli, "abc", 3, 0), ==, 3);
  g_assert_cmpint(wr(cli, "X", 1, MSG_OOB), ==, 1);
  g_assert_cmpint(wr(cli, "def", 3, 0), ==, 3);
  run_until(&n, now(&n) + SIM_S);
  g_assert_cmpuint(p->sig.pending & BSD_SIGBIT(BSD_SIGURG), !=, 0);
  g_assert_cmpuint(srv->so_oobmark, ==, 3);
  g_assert_cmpint(atmark(srv), ==, 0);
  g_assert_cmpint(rd(srv, buf, sizeof buf, 0), ==, 3);
  g_assert_cmpmem(buf, 3, "abc", 3);
  g_assert_cmpint(atmark(srv), ==, 1);
  g_assert_cmpint(rd(srv, buf, 1, MSG_OOB | MSG_PEEK), ==, 1);
  g_assert_cmpint(buf[0], ==, 'X');
  buf[0] = 0;
  g_assert_cmpint(rd(srv, buf, 1, MSG_OOB), ==, 1);
  g_assert_cmpint(buf[0], ==, 'X');
  /* Read already: EINVAL (TCPOOB_HADDATA), still at the mark. */
  g_assert_cmpint(rd(srv, buf, 1, MSG_OOB), ==, -EINVAL);
  g_assert_cmpint(atmark(srv), ==, 1);
  g_assert_cmpint(rd(srv, buf, sizeof buf, 0), ==, 3);
  g_assert_cmpmem(buf, 3, "def", 3);
  g_assert_cmpint(atmark(srv), ==, 0);
  g_assert_cmpint(rd(srv, buf, 1, MSG_OOB), ==, -EINVAL);
  net_free(&n);
}

/* SO_OOBINLINE: the byte stays in the stream at the mark; MSG_OOB is
 * EINVAL. */
static void test_oob_inline(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.b, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  g_assert_cmpint(sosetopt(srv, SOL_SOCKET, SO_OOBINLINE, 1, 0), ==, 0);
  char buf[64] = { 0 };
  g_assert_cmpint(wr(cli, "abc", 3, 0), ==, 3);
  g_assert_cmpint(wr(cli, "X", 1, MSG_OOB), ==, 1);
  g_assert_cmpint(wr(cli, "def", 3, 0), ==, 3);
  run_until(&n, now(&n) + SIM_S);
  g_assert_cmpint(rd(srv, buf, 1, MSG_OOB), ==, -EINVAL);
  g_assert_cmpint(rd(srv, buf, sizeof buf, 0), ==, 3);
  g_assert_cmpint(atmark(srv), ==, 1);
  g_assert_cmpint(rd(srv, buf, 1, MSG_OOB), ==, -EINVAL);
  g_assert_cmpint(rd(srv, buf, sizeof buf, 0), ==, 4);
  g_assert_cmpmem(buf, 4, "Xdef", 4);
  g_assert_cmpint(atmark(srv), ==, 0);
  net_free(&n);
}

/* The urgent pointer arrives before its byte (the receiver's window is
 * closed; the forced byte is the next queued one): the mark is known,
 * SIGURG posted, MSG_OOB says EWOULDBLOCK until the byte comes. */
static void test_oob_before_byte(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.b, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  struct proc *p = owner(&n, n.b, srv);
  static uint8_t junk[20000];
  memset(junk, 'j', sizeof junk);
  size_t queued = 0;
  for (int i = 0; i < 100; i++) {
    long r = wr(cli, junk, sizeof junk, 0);
    if (r > 0)
      queued += (size_t)r;
    run_until(&n, now(&n) + 100 * SIM_MS);
  }
  /* Both buffers hold 8 KB rounded up to whole segments (4.4BSD
   * tcp_mss): 6 * 1460 at b, as much waiting at a, window closed. */
  g_assert_cmpuint(queued, ==, 2 * 8760);
  g_assert_cmpuint(srv->so_rcv.cc, ==, 8760);
  g_assert_cmpuint(tp_of(cli)->snd_wnd, ==, 0);
  g_assert_cmpuint(p->sig.pending & BSD_SIGBIT(BSD_SIGURG), ==, 0);
  g_assert_cmpint(wr(cli, "X", 1, MSG_OOB), ==, 1);
  run_until(&n, now(&n) + 100 * SIM_MS);
  g_assert_cmpuint(p->sig.pending & BSD_SIGBIT(BSD_SIGURG), !=, 0);
  g_assert_cmpuint(srv->so_oobmark, ==, 2 * 8760);
  char c;
  g_assert_cmpint(rd(srv, &c, 1, MSG_OOB), ==, -EWOULDBLOCK);
  /* Read up to the mark: the byte arrives on the way. */
  static uint8_t buf[20000];
  size_t got = 0;
  while (got < 2 * 8760) {
    long r = rd(srv, buf, sizeof buf, 0);
    if (r > 0) {
      got += (size_t)r;
      g_assert_cmpint(atmark(srv), ==, got == 2 * 8760);
    } else {
      g_assert_cmpint(r, ==, -EWOULDBLOCK);
      g_assert_true(sched_step(n.sim->sched));
    }
  }
  g_assert_cmpuint(got, ==, 2 * 8760);
  run_until(&n, now(&n) + SIM_S);
  g_assert_cmpint(rd(srv, &c, 1, MSG_OOB), ==, 1);
  g_assert_cmpint(c, ==, 'X');
  g_assert_cmpint(rd(srv, buf, sizeof buf, 0), ==, -EWOULDBLOCK);
  net_free(&n);
}

/* ---- ICMP ------------------------------------------------------------- */

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

/* ---- persist ---------------------------------------------------------- */

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
    if (t_arm < 0 && tcp_timer_isset(tp, TCPT_PERSIST))
      t_arm = now(&n);
    if (t_arm >= 0 && x.sent == 2 * 8760)
      break;
    g_assert_true(sched_step(n.sim->sched));
    g_assert_cmpint(now(&n), <, 5 * SIM_S);
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

/* ---- keepalive -------------------------------------------------------- */

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
  sim_time_t t0 = (tcp_slowtick(now(&n)) + 1) * TCP_SLOWTICK;
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

/* ---- integrity under impairment -------------------------------------- */

/* Both directions of the wan with lp (1 Mb/s, 10 ms, 100 frames). */
static void wan_set(struct net *n, const struct link_params *lp)
{
  link_set_params(n->wan, 0, lp);
  link_set_params(n->wan, 1, lp);
}

static void wan_params(struct link_params *lp)
{
  link_params_default(lp);
  lp->rate_bps = 1e6;
  lp->delay = 10 * SIM_MS;
  lp->queue_pkts = 100;
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

/* ---- the full backoff ------------------------------------------------- */

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

/* ---- opening and closing ---------------------------------------------- */

static struct socket *tbound(struct net *n, struct host *h, uint16_t port)
{
  struct socket *so = tsock(n, h);
  struct so_addr sa = { .family = AF_INET, .port = port };
  g_assert_cmpint(sobind(so, &sa), ==, 0);
  return so;
}

/* Both ends connect at once; the SYNs cross on the wan: SYN_SENT ->
 * SYN_RECEIVED -> ESTABLISHED on both (RFC 793 figure 8). */
static void test_simultaneous_open(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  /* ARP is not used on the wan; routes are. */
  struct socket *sa = tbound(&n, n.a, 5000);
  struct socket *sc = tbound(&n, n.c, 6000);
  struct so_addr to_c = { .family = AF_INET, .addr = A("10.0.0.2"),
                          .port = 6000 };
  struct so_addr to_a = { .family = AF_INET, .addr = A("10.0.0.1"),
                          .port = 5000 };
  g_assert_cmpint(soconnect(sa, &to_c), ==, 0);
  g_assert_cmpint(soconnect(sc, &to_a), ==, 0);
  run_until(&n, now(&n) + 15 * SIM_MS);
  g_assert_cmpint(tp_of(sa)->state, ==, TCPS_SYN_RECEIVED);
  g_assert_cmpint(tp_of(sc)->state, ==, TCPS_SYN_RECEIVED);
  g_assert_cmpint(connect_wait(&n, sa, now(&n) + SIM_S), ==, 0);
  g_assert_cmpint(connect_wait(&n, sc, now(&n) + SIM_S), ==, 0);
  g_assert_cmpint(tp_of(sa)->state, ==, TCPS_ESTABLISHED);
  g_assert_cmpint(tp_of(sc)->state, ==, TCPS_ESTABLISHED);
  g_assert_cmpuint(n.a->inet->tcpstat.rexmttimeo, ==, 0);
  g_assert_cmpint(wr(sa, "ping", 4, 0), ==, 4);
  run_until(&n, now(&n) + SIM_S);
  char buf[8];
  g_assert_cmpint(rd(sc, buf, sizeof buf, 0), ==, 4);
  g_assert_cmpmem(buf, 4, "ping", 4);
  net_free(&n);
}

/* close() with SO_LINGER 10 s and data still queued: the wait lasts
 * until the data and the FIN are acknowledged (FIN_WAIT_2,
 * disconnected); the reader then has every byte, then EOF. */
static void test_linger_pending(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.c, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "10.0.0.2", ls, 9000, &cli, &srv);
  static uint8_t data[6000];
  memset(data, 'd', sizeof data);
  g_assert_cmpint(wr(cli, data, sizeof data, 0), ==, 6000);
  g_assert_cmpint(sosetopt(cli, SOL_SOCKET, SO_LINGER, 10, 1), ==, 0);
  struct tcpcb *tp = tp_of(cli);
  const void *wchan;
  g_assert_cmpint(soclose_linger(cli, &wchan), ==, -EWOULDBLOCK);
  g_assert_true(wchan == &cli->so_timeo);
  g_assert_cmpint(tp->state, ==, TCPS_FIN_WAIT_1);
  g_assert_cmpuint(cli->so_snd.cc, >, 0);
  while (soclose_linger(cli, &wchan) == -EWOULDBLOCK)
    g_assert_true(sched_step(n.sim->sched));
  g_assert_cmpint(tp->state, ==, TCPS_FIN_WAIT_2);
  g_assert_cmpuint(cli->so_snd.cc, ==, 0);
  g_assert_cmpuint(srv->so_rcv.cc, ==, 6000);
  g_assert_true(srv->so_state & SS_CANTRCVMORE);
  tclose(&n, cli);
  static uint8_t buf[8000];
  g_assert_cmpint(rd(srv, buf, sizeof buf, 0), ==, 6000);
  g_assert_cmpint(rd(srv, buf, sizeof buf, 0), ==, 0);
  net_free(&n);
}

/* SO_LINGER with time 0: close() drops the connection with RST, queued
 * data discarded; the peer's read says ECONNRESET. */
static void test_linger_zero(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.c, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "10.0.0.2", ls, 9000, &cli, &srv);
  static uint8_t data[6000];
  memset(data, 'd', sizeof data);
  g_assert_cmpint(wr(cli, data, sizeof data, 0), ==, 6000);
  g_assert_cmpint(sosetopt(cli, SOL_SOCKET, SO_LINGER, 0, 1), ==, 0);
  const void *wchan;
  g_assert_cmpint(soclose_linger(cli, &wchan), ==, 0);
  uint64_t drops = n.a->inet->tcpstat.drops;
  tclose(&n, cli);
  g_assert_cmpuint(n.a->inet->tcpstat.drops, ==, drops + 1);
  g_assert_null(n.a->inet->tcb.list);
  run_until(&n, now(&n) + SIM_S);
  g_assert_null(srv->so_pcb);
  static uint8_t buf[8000];
  long r;
  while ((r = rd(srv, buf, sizeof buf, 0)) > 0)
    g_assert_cmpint(r, <, 6000);
  g_assert_cmpint(r, ==, -ECONNRESET);
  net_free(&n);
}

/* shutdown(SHUT_WR): the peer reads EOF, and can still send; the
 * half-closed end reads it. */
static void test_half_close(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.c, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "10.0.0.2", ls, 9000, &cli, &srv);
  g_assert_cmpint(wr(cli, "last", 4, 0), ==, 4);
  g_assert_cmpint(soshutdown(cli, SHUT_WR), ==, 0);
  g_assert_cmpint(wr(cli, "more", 4, 0), ==, -EPIPE);
  run_until(&n, now(&n) + SIM_S);
  g_assert_cmpint(tp_of(cli)->state, ==, TCPS_FIN_WAIT_2);
  g_assert_cmpint(tp_of(srv)->state, ==, TCPS_CLOSE_WAIT);
  char buf[16];
  g_assert_cmpint(rd(srv, buf, sizeof buf, 0), ==, 4);
  g_assert_cmpint(rd(srv, buf, sizeof buf, 0), ==, 0);
  g_assert_cmpint(wr(srv, "reply", 5, 0), ==, 5);
  run_until(&n, now(&n) + SIM_S);
  g_assert_cmpint(rd(cli, buf, sizeof buf, 0), ==, 5);
  g_assert_cmpmem(buf, 5, "reply", 5);
  tclose(&n, srv);
  run_until(&n, now(&n) + SIM_S);
  g_assert_cmpint(tp_of(cli)->state, ==, TCPS_TIME_WAIT);
  g_assert_cmpint(rd(cli, buf, sizeof buf, 0), ==, 0);
  net_free(&n);
}

/* ---- profiles --------------------------------------------------------- */

/* The wan direction a -> c loses everything when lossy. */
static void a_loss(struct net *n, double loss)
{
  struct link_params lp;
  wan_params(&lp);
  lp.loss = loss;
  link_set_params(n->wan, 0, &lp);
}

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
 * the second at once, without a timeout; Reno needs the timer. */
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
  *rexmits = st->sndrexmitpack;
  xfer_free(&x);
  net_free(&n);
}

static void test_newreno_partial_ack(void)
{
  uint64_t to, rx;
  two_losses(TCP_PROFILE_NEWRENO, &to, &rx);
  g_assert_cmpuint(to, ==, 0);
  g_assert_cmpuint(rx, ==, 2);
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
 * a gateway; 5120 bytes to d go as ten segments. */
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
  g_assert_cmpuint(n.a->inet->tcpstat.sndpack - before, ==, 10);
  xfer_free(&x);
  net_free(&n);
}

/* Every state change is traced, the user's too (connect, close). */
static void test_state_trace(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct trace *tr = trace_new_memory();
  n.sim->trace = tr;
  struct socket *ls = tlisten(&n, n.c, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "10.0.0.2", ls, 9000, &cli, &srv);
  tclose(&n, cli);
  run_until(&n, now(&n) + SIM_S);
  tclose(&n, srv);
  run_until(&n, now(&n) + SIM_S);
  const char *t = trace_text(tr);
  const char *want[] = {
    "c tcp-state CLOSED->LISTEN local=0.0.0.0:9000",
    "a tcp-state CLOSED->SYN_SENT local=10.0.0.1:1024",
    "a tcp-state SYN_SENT->ESTABLISHED",
    "a tcp-state ESTABLISHED->FIN_WAIT_1",
    "c tcp-state ESTABLISHED->CLOSE_WAIT",
    "a tcp-state FIN_WAIT_1->FIN_WAIT_2",
    "c tcp-state CLOSE_WAIT->LAST_ACK",
    "a tcp-state FIN_WAIT_2->TIME_WAIT",
    "c tcp-state LAST_ACK->CLOSED",
  };
  const char *at = t;
  for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
    const char *p = strstr(at, want[i]);
    if (!p)
      g_error("trace lacks \"%s\" after offset %td:\n%s", want[i], at - t, t);
    at = p;
  }
  n.sim->trace = NULL;
  net_free(&n);
  g_assert_true(trace_close(tr, NULL));
}

/* ---- more edges ------------------------------------------------------- */

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
  sim_time_t t0 = (tcp_slowtick(now(&n)) + 1) * TCP_SLOWTICK;
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

/* TIME_WAIT: the final ACK is lost, the peer retransmits its FIN; it is
 * acknowledged again (the peer closes), but 2 * MSL does not start over:
 * 4.4BSD-Lite trims the old FIN away (todrop == len + 1) and takes the
 * ACK as a duplicate, never reaching the TIME_WAIT restart. */
static void test_time_wait_refin(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.c, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "10.0.0.2", ls, 9000, &cli, &srv);
  tclose(&n, ls);
  struct tcpcb *tp = tp_of(cli);
  tclose(&n, cli);
  run_until(&n, now(&n) + SIM_S);
  g_assert_cmpint(tp->state, ==, TCPS_FIN_WAIT_2);
  tclose(&n, srv);
  /* a's next frame, the ACK of c's FIN, is lost. */
  const struct link_stats *st = link_stats(n.wan, 0);
  uint64_t base = st->tx_frames;
  a_loss(&n, 1.0);
  while (st->tx_frames == base)
    g_assert_true(sched_step(n.sim->sched));
  a_loss(&n, 0.0);
  g_assert_cmpint(tp->state, ==, TCPS_TIME_WAIT);
  sim_time_t t_tw = now(&n);
  uint64_t rcvd = n.a->inet->tcpstat.rcvtotal;
  while (n.a->inet->tcpstat.rcvtotal == rcvd)
    g_assert_true(sched_step(n.sim->sched));
  sim_time_t t_refin = now(&n);
  g_assert_cmpint(tp->state, ==, TCPS_TIME_WAIT);
  g_assert_cmpint(t_refin - t_tw, >, SIM_S);
  g_assert_cmpint(wait_no_tcb(&n, n.c, t_refin + SIM_S), >, 0);
  sim_time_t expect = (t_tw / TCP_SLOWTICK + 2 * TCPTV_MSL) * TCP_SLOWTICK;
  g_assert_cmpint(wait_no_tcb(&n, n.a, t_refin + 200 * SIM_S), ==, expect);
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

/* SIGURG to a process group: SIOCSPGRP with a negative pgid reaches
 * every member. */
static void test_sigurg_group(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.b, 9000, 5);
  struct socket *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 9000, &cli, &srv);
  struct proc *p1 = owner(&n, n.b, srv);
  struct proc *p2 = owner(&n, n.b, srv);
  g_assert_cmpint(proc_setpgid(p2, p2->pid, p1->pid), ==, 0);
  int pg = -p1->pid;
  g_assert_cmpint(soioctl(srv, SIOCSPGRP, &pg), ==, 0);
  g_assert_cmpint(wr(cli, "!", 1, MSG_OOB), ==, 1);
  run_until(&n, now(&n) + SIM_S);
  g_assert_cmpuint(p1->sig.pending & BSD_SIGBIT(BSD_SIGURG), !=, 0);
  g_assert_cmpuint(p2->sig.pending & BSD_SIGBIT(BSD_SIGURG), !=, 0);
  net_free(&n);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tcp/more/oob-mark", test_oob_mark);
  g_test_add_func("/tcp/more/oob-inline", test_oob_inline);
  g_test_add_func("/tcp/more/oob-before-byte", test_oob_before_byte);
  g_test_add_func("/tcp/more/icmp-connect-unreach",
                  test_icmp_connect_unreach);
  g_test_add_func("/tcp/more/icmp-notify", test_icmp_notify);
  g_test_add_func("/tcp/more/persist", test_persist);
  g_test_add_func("/tcp/more/keepalive", test_keepalive);
  g_test_add_func("/tcp/more/bulk-loss", test_bulk_loss);
  g_test_add_func("/tcp/more/bulk-dup-reorder", test_bulk_dup_reorder);
  g_test_add_func("/tcp/more/bulk-corrupt", test_bulk_corrupt);
  g_test_add_func("/tcp/more/bulk-link-down", test_bulk_link_down);
  g_test_add_func("/tcp/more/backoff-etimedout", test_backoff_etimedout);
  g_test_add_func("/tcp/more/simultaneous-open", test_simultaneous_open);
  g_test_add_func("/tcp/more/linger-pending", test_linger_pending);
  g_test_add_func("/tcp/more/linger-zero", test_linger_zero);
  g_test_add_func("/tcp/more/half-close", test_half_close);
  g_test_add_func("/tcp/more/tahoe-fast-retransmit",
                  test_tahoe_fast_retransmit);
  g_test_add_func("/tcp/more/newreno-partial-ack", test_newreno_partial_ack);
  g_test_add_func("/tcp/more/42bsd-no-cc", test_42bsd_no_cc);
  g_test_add_func("/tcp/more/mss-offnet", test_mss_offnet);
  g_test_add_func("/tcp/more/state-trace", test_state_trace);
  g_test_add_func("/tcp/more/keepalive-reset", test_keepalive_reset);
  g_test_add_func("/tcp/more/time-wait-refin", test_time_wait_refin);
  g_test_add_func("/tcp/more/quench-end-to-end", test_quench_end_to_end);
  g_test_add_func("/tcp/more/sigurg-group", test_sigurg_group);
  return g_test_run();
}
