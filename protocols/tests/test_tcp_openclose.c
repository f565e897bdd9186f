/* protocols/tests/test_tcp_openclose.c: how TCP connections open and
 * close, through the socket layer with the scheduler stepped by hand:
 * simultaneous open (RFC 793 figure 8), close() with SO_LINGER and data
 * queued (the wait) or a time of 0 (RST, ECONNRESET at the peer),
 * shutdown(SHUT_WR) and the half-closed end still reading, TIME_WAIT
 * acknowledging a retransmitted FIN without restarting 2 * MSL, and the
 * trace of every state change, and a crash that loses connections
 * without a word. Read 4.4BSD-Lite netinet/tcp_input.c,
 * tcp_usrreq.c, kern/uipc_socket.c (soclose).
 *
 * The network and the helpers are in tcp_fixture.h. */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "host.h"
#include "ip_var.h"
#include "link.h"
#include "socket.h"
#include "proc.h"
#include "socketvar.h"
#include "syscalls.h"
#include "tcp_var.h"

#include "tcp_fixture.h"

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

/* ---- a crash ---- */

static void idle_resume(struct proc *p, void *ctx)
{
  (void)p;
  (void)ctx;
}

/* b's process listens on port; a connects twice; b accepts the first.
 * Returns the process (its descriptors hold both of b's sockets). */
static struct proc *crash_setup(struct net *n, uint16_t port)
{
  struct proc *p = proc_new(n->b, "srv", idle_resume, NULL);
  int fd = sys_socket(p, AF_INET, SOCK_STREAM, 0);
  struct so_addr sa = { .family = AF_INET, .port = port };
  g_assert_cmpint(sys_bind(p, fd, &sa), ==, 0);
  g_assert_cmpint(sys_listen(p, fd, 5), ==, 0);
  for (int i = 0; i < 2; i++) {
    struct socket *c = tconnect(n, n->a, "128.32.0.2", port);
    g_assert_cmpint(connect_wait(n, c, now(n) + 10 * SIM_S), ==, 0);
  }
  const void *wchan;
  struct so_addr nam;
  g_assert_cmpint(sys_accept(p, fd, &nam, &wchan), >, fd);
  return p;
}

/* A crash (host_down) loses b's connections as a powered-off machine
 * would: nothing is sent, and the trace shows each connection going from
 * where it was straight to CLOSED, never through FIN_WAIT_1 (closing the
 * descriptors of the dead processes must not run PRU_DISCONNECT). */
static void test_crash_silent(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct trace *tr = trace_new_memory();
  n.sim->trace = tr;
  crash_setup(&n, 9000);
  run_until(&n, now(&n) + SIM_S);
  uint64_t sent = n.b->inet->tcpstat.sndtotal;
  host_down(n.b);
  run_until(&n, now(&n) + SIM_S);
  g_assert_cmpuint(n.b->inet->tcpstat.sndtotal, ==, sent);
  const char *t = trace_text(tr);
  g_assert_null(strstr(t, "FIN_WAIT_1"));
  const char *first = strstr(t, "b tcp-state ESTABLISHED->CLOSED");
  g_assert_nonnull(first);
  g_assert_nonnull(strstr(first + 1, "b tcp-state ESTABLISHED->CLOSED"));
  g_assert_nonnull(strstr(t, "b tcp-state LISTEN->CLOSED"));
  n.sim->trace = NULL;
  net_free(&n);
  g_assert_true(trace_close(tr, NULL));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tcp/more/simultaneous-open", test_simultaneous_open);
  g_test_add_func("/tcp/more/linger-pending", test_linger_pending);
  g_test_add_func("/tcp/more/linger-zero", test_linger_zero);
  g_test_add_func("/tcp/more/half-close", test_half_close);
  g_test_add_func("/tcp/more/state-trace", test_state_trace);
  g_test_add_func("/tcp/more/time-wait-refin", test_time_wait_refin);
  g_test_add_func("/tcp/more/crash-silent", test_crash_silent);
  return g_test_run();
}
