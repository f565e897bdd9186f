/* protocols/tests/tcp_fixture.h: the network and the socket-level helpers
 * the TCP tests share (test_tcp_stack.c, test_tcp_42.c, test_tcp_fuzz.c,
 * and test_tcp_{urgent,icmp,timers,impair,openclose,profiles}.c):
 * four hosts on two Ethernets and a link, the scheduler stepped by hand,
 * sockets made and driven through the socket layer (socreate, soconnect,
 * sosend, soreceive), and bulk transfers checked by SHA-256. Static
 * functions in a header, as pcap_check.h: each test binary includes it
 * once.
 *
 * Topology:
 *   a 128.32.0.1 --lan (10 Mb/s, a at 0 m, b at 100 m)-- b 128.32.0.2
 *   a 10.0.0.1/8 --wan (1 Mb/s, 10 ms)-- c 10.0.0.2/8 (a gateway)
 *   c 128.33.0.1 --lan2 (10 Mb/s)-- d 128.33.0.2 */
#ifndef IPCSIM_TCP_FIXTURE_H
#define IPCSIM_TCP_FIXTURE_H

/* Each test binary uses a different subset of these helpers. */
#pragma GCC diagnostic ignored "-Wunused-function"

#include <errno.h>
#include <string.h>
#include <glib.h>

#include "bus.h"
#include "in_proto.h"
#include "host.h"
#include "ip_var.h"
#include "link.h"
#include "netif.h"
#include "pbuf.h"
#include "route_auto.h"
#include "socketvar.h"
#include "tcp_var.h"

struct net {
  struct sim *sim;
  struct bus *lan;
  struct link *wan;
  struct bus *lan2;            /* behind gateway c */
  struct host *a, *b, *c, *d;
  GPtrArray *hosts;
  GPtrArray *socks;           /* sockets the test holds (closed at end) */
};

static in_addr32 A(const char *s)
{
  in_addr32 a;
  g_assert_true(in_parse_addr(s, &a, NULL));
  return a;
}

static void attach_bus(struct host *h, struct bus *s, double pos,
                       int macn, const char *addr)
{
  uint8_t mac[ETHER_ADDR_LEN] = { 2, 0, 0, 0, 0, (uint8_t)macn };
  struct netif *ifp = netif_attach(h, bus_attach(s, pos, mac), "en0", mac);
  g_assert_cmpint(in_ifaddr_set(ifp, A(addr), 16), ==, 0);
}

static void attach_link(struct host *h, struct link *l, int end,
                        const char *addr)
{
  struct netif *ifp = netif_attach(h, link_port(l, end), "ppp0", NULL);
  g_assert_cmpint(in_ifaddr_set(ifp, A(addr), 8), ==, 0);
}

static void net_init(struct net *n, int profile)
{
  struct bus_params sp;
  struct link_params lp;
  memset(n, 0, sizeof *n);
  n->sim = sim_new(1);
  bus_params_default(&sp);
  n->lan = bus_new(n->sim, "lan", &sp);
  link_params_default(&lp);
  lp.rate_bps = 1e6;
  lp.delay = 10 * SIM_MS;
  lp.queue_pkts = 100;
  n->wan = link_new(n->sim, "wan", &lp);
  n->a = host_new(n->sim, "a", in_proto_domains);
  n->b = host_new(n->sim, "b", in_proto_domains);
  n->c = host_new(n->sim, "c", in_proto_domains);
  n->d = host_new(n->sim, "d", in_proto_domains);
  n->lan2 = bus_new(n->sim, "lan2", &sp);
  attach_bus(n->a, n->lan, 0, 1, "128.32.0.1");
  attach_bus(n->b, n->lan, 100, 2, "128.32.0.2");
  attach_link(n->a, n->wan, 0, "10.0.0.1");
  attach_link(n->c, n->wan, 1, "10.0.0.2");
  attach_bus(n->c, n->lan2, 0, 3, "128.33.0.1");
  attach_bus(n->d, n->lan2, 100, 4, "128.33.0.2");
  n->c->inet->forwarding = true;
  n->hosts = g_ptr_array_new();
  n->socks = g_ptr_array_new();
  struct host *all[] = { n->a, n->b, n->c, n->d };
  for (int i = 0; i < 4; i++) {
    all[i]->inet->tcp_profile = profile;
    g_ptr_array_add(n->hosts, all[i]);
  }
  route_auto_compute(n->hosts);
}

static void net_free(struct net *n)
{
  for (guint i = 0; i < n->socks->len; i++)
    soclose(g_ptr_array_index(n->socks, i));
  g_ptr_array_free(n->socks, TRUE);
  for (guint i = 0; i < n->hosts->len; i++)
    host_free(g_ptr_array_index(n->hosts, i));
  g_ptr_array_free(n->hosts, TRUE);
  bus_free(n->lan);
  bus_free(n->lan2);
  link_free(n->wan);
  sim_free(n->sim);
}

static sim_time_t now(struct net *n)
{
  return sim_now(n->sim);
}

static void run_until(struct net *n, sim_time_t t)
{
  sched_run(n->sim->sched, t, 0);
}

/* A TCP socket on h, held by the test. */
static struct socket *tsock(struct net *n, struct host *h)
{
  struct socket *so;
  g_assert_cmpint(socreate(h, true, AF_INET, SOCK_STREAM, 0, &so), ==, 0);
  g_ptr_array_add(n->socks, so);
  return so;
}

/* Closes a socket the test holds. */
static void tclose(struct net *n, struct socket *so)
{
  g_assert_true(g_ptr_array_remove(n->socks, so));
  soclose(so);
}

static struct socket *tlisten(struct net *n, struct host *h, uint16_t port,
                              int backlog)
{
  struct socket *so = tsock(n, h);
  struct so_addr sa = { .family = AF_INET, .port = port };
  g_assert_cmpint(sobind(so, &sa), ==, 0);
  g_assert_cmpint(solisten(so, backlog), ==, 0);
  return so;
}

static struct socket *tconnect(struct net *n, struct host *h,
                               const char *addr, uint16_t port)
{
  struct socket *so = tsock(n, h);
  struct so_addr sa = { .family = AF_INET, .addr = A(addr), .port = port };
  g_assert_cmpint(soconnect(so, &sa), ==, 0);
  return so;
}

static struct tcpcb *tp_of(struct socket *so)
{
  return so->so_pcb;
}

/* soreceive on so into buf: bytes read, 0 at EOF, or -errno. */
static long rd(struct socket *so, void *buf, size_t len, int flags)
{
  const void *wchan;
  int of;
  return soreceive(so, buf, len, flags, NULL, &of, &wchan);
}

/* sosend of buf on so: bytes taken, or -errno. */
static long wr(struct socket *so, const void *buf, size_t len, int flags)
{
  const void *wchan;
  return sosend(so, NULL, buf, len, flags, &wchan);
}

/* The wan's parameters as net_init sets them (1 Mb/s, 10 ms, 100 frames). */
static void wan_params(struct link_params *lp)
{
  link_params_default(lp);
  lp->rate_bps = 1e6;
  lp->delay = 10 * SIM_MS;
  lp->queue_pkts = 100;
}

/* The wan direction a -> c loses everything when lossy. */
static void a_loss(struct net *n, double loss)
{
  struct link_params lp;
  wan_params(&lp);
  lp.loss = loss;
  link_set_params(n->wan, 0, &lp);
}

/* Steps until so's connect completes (or fails); returns its result. */
static int connect_wait(struct net *n, struct socket *so, sim_time_t limit)
{
  const void *wchan;
  int r;
  while ((r = soconnect_wait(so, &wchan)) == -EWOULDBLOCK) {
    if (sched_next_time(n->sim->sched) > limit ||
        !sched_step(n->sim->sched))
      return -EWOULDBLOCK;
  }
  return r;
}

/* Steps until the listener has a connection and accepts it. */
static struct socket *accept_wait(struct net *n, struct socket *ls,
                                  sim_time_t limit)
{
  const void *wchan;
  struct socket *so;
  struct so_addr nam;
  while (soaccept(ls, &so, &nam, &wchan) == -EWOULDBLOCK) {
    if (sched_next_time(n->sim->sched) > limit ||
        !sched_step(n->sim->sched))
      return NULL;
  }
  g_ptr_array_add(n->socks, so);
  return so;
}

/* A connected pair: client on h to the listener at addr:port. */
static void tpair(struct net *n, struct host *h, const char *addr,
                  struct socket *ls, uint16_t port, struct socket **cli,
                  struct socket **srv)
{
  *cli = tconnect(n, h, addr, port);
  g_assert_cmpint(connect_wait(n, *cli, now(n) + 10 * SIM_S), ==, 0);
  *srv = accept_wait(n, ls, now(n) + 10 * SIM_S);
  g_assert_nonnull(*srv);
}

/* ---- bulk transfer ---------------------------------------------------- */

struct xfer {
  struct socket *from, *to;   /* sending and receiving sockets */
  const uint8_t *data;        /* what to send */
  size_t len, sent, rcvd;     /* total, taken by sosend, read */
  uint8_t *out;               /* what was read */
  bool eof;                   /* the reader saw end of file */
};

static void xfer_init(struct xfer *x, struct socket *from, struct socket *to,
                      size_t len, uint32_t seed)
{
  memset(x, 0, sizeof *x);
  x->from = from;
  x->to = to;
  x->len = len;
  uint8_t *d = g_malloc(len);
  for (size_t i = 0; i < len; i++) {
    seed = seed * 1103515245u + 12345u;
    d[i] = (uint8_t)(seed >> 16);
  }
  x->data = d;
  x->out = g_malloc0(len + 1);
}

static void xfer_free(struct xfer *x)
{
  g_free((void *)x->data);
  g_free(x->out);
}

/* Sends what fits, reads what is there. */
static void xfer_pump(struct xfer *x)
{
  const void *wchan;
  int oflags;
  if (x->sent < x->len) {
    long r = sosend(x->from, NULL, x->data + x->sent, x->len - x->sent, 0,
                    &wchan);
    if (r > 0)
      x->sent += (size_t)r;
  }
  for (;;) {
    long r = soreceive(x->to, x->out + x->rcvd, x->len + 1 - x->rcvd, 0,
                       NULL, &oflags, &wchan);
    if (r == 0)
      x->eof = true;
    if (r <= 0)
      break;
    x->rcvd += (size_t)r;
  }
}

/* Runs transfers until all are read or limit; returns true if done. */
static bool xfer_run(struct net *n, struct xfer *xs, int nx, sim_time_t limit)
{
  for (;;) {
    bool done = true;
    for (int i = 0; i < nx; i++) {
      xfer_pump(&xs[i]);
      done = done && xs[i].rcvd >= xs[i].len;
    }
    if (done)
      return true;
    if (sched_next_time(n->sim->sched) > limit ||
        !sched_step(n->sim->sched))
      return false;
  }
}

static void assert_intact(const struct xfer *x)
{
  g_assert_cmpuint(x->rcvd, ==, x->len);
  char *h1 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, x->data, x->len);
  char *h2 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, x->out, x->rcvd);
  g_assert_cmpstr(h1, ==, h2);
  g_free(h1);
  g_free(h2);
}

/* One Ethernet frame carrying an IP datagram of ip_len bytes, with its
 * preamble, on 10 Mb/s. */
static inline sim_time_t ether_tx(uint32_t ip_len)
{
  return (sim_time_t)MAX(ip_len + 14 + 4, 64u) * 800 + 64 * 100;
}

/* The first time the tcb list of h is empty, stepping until limit. */
static sim_time_t wait_no_tcb(struct net *n, struct host *h, sim_time_t limit)
{
  while (h->inet->tcb.list) {
    if (sched_next_time(n->sim->sched) > limit ||
        !sched_step(n->sim->sched))
      return -1;
  }
  return now(n);
}

/* Opens a -> c (port 9000) across the wan, starts a transfer of len
 * bytes with pattern seed in x, and steps until `until` bytes have
 * arrived. Returns a's socket. */
static struct socket *wan_xfer(struct net *n, struct xfer *x, size_t len,
                               uint32_t seed, size_t until)
{
  struct socket *ls = tlisten(n, n->c, 9000, 5);
  struct socket *cli, *srv;
  tpair(n, n->a, "10.0.0.2", ls, 9000, &cli, &srv);
  xfer_init(x, cli, srv, len, seed);
  while (x->rcvd < until) {
    xfer_pump(x);
    g_assert_true(sched_step(n->sim->sched));
  }
  return cli;
}

/* Records the times h sends a segment (tcpstat.sndtotal moves) while
 * so connects, until limit; *err is the outcome of the connect. */
static int send_times(struct net *n, struct host *h, struct socket *so,
                      uint64_t last, sim_time_t limit, sim_time_t *t,
                      int max, int *err)
{
  int k = 0;
  const void *wchan;
  for (;;) {
    if (h->inet->tcpstat.sndtotal != last && k < max)
      t[k++] = now(n);
    last = h->inet->tcpstat.sndtotal;
    if ((*err = soconnect_wait(so, &wchan)) != -EWOULDBLOCK)
      return k;
    if (sched_next_time(n->sim->sched) > limit ||
        !sched_step(n->sim->sched))
      return k;
  }
}

/* Learns b's address (a refused connect), powers b off, waits until
 * 10 s, then connects a to b again and records the times a sends (its
 * SYNs) as send_times does, until limit. */
static int syn_to_dead_b(struct net *n, sim_time_t limit, sim_time_t *t,
                         int max, int *err)
{
  struct socket *s1 = tconnect(n, n->a, "128.32.0.2", 7777);
  g_assert_cmpint(connect_wait(n, s1, SIM_S), ==, -ECONNREFUSED);
  host_down(n->b);
  run_until(n, 10 * SIM_S);
  uint64_t sent = n->a->inet->tcpstat.sndtotal;
  struct socket *so = tconnect(n, n->a, "128.32.0.2", 7777);
  return send_times(n, n->a, so, sent, limit, t, max, err);
}

/* Steps until so's connection is gone, recording the times h's
 * retransmit timer expires (tcpstat.rexmttimeo moves); more than max
 * fails the test. */
static int rexmt_times(struct net *n, struct host *h, struct socket *so,
                       sim_time_t *t, int max)
{
  const struct tcpstat *st = &h->inet->tcpstat;
  uint64_t last = st->rexmttimeo;
  int k = 0;
  while (so->so_pcb) {
    g_assert_true(sched_step(n->sim->sched));
    if (st->rexmttimeo != last) {
      g_assert_cmpint(k, <, max);
      t[k++] = now(n);
    }
    last = st->rexmttimeo;
  }
  return k;
}

/* Records the times h sends a keepalive probe until so's connection is
 * gone or limit. */
static int keep_times(struct net *n, struct host *h, struct socket *so,
                      sim_time_t limit, sim_time_t *t, int max)
{
  int k = 0;
  uint64_t last = h->inet->tcpstat.keepprobe;
  while (so->so_pcb && sched_next_time(n->sim->sched) <= limit &&
         sched_step(n->sim->sched)) {
    if (h->inet->tcpstat.keepprobe != last && k < max)
      t[k++] = now(n);
    last = h->inet->tcpstat.keepprobe;
  }
  return k;
}

#endif
