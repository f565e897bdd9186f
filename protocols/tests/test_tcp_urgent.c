/* protocols/tests/test_tcp_urgent.c: TCP urgent data through the socket
 * layer, with the scheduler stepped by hand (primer 5.1, Figure 5): the
 * reader stops at the mark and SIOCATMARK says so exactly there, MSG_OOB
 * takes the byte once (EINVAL before and after, EWOULDBLOCK while the
 * urgent pointer is ahead of its byte), SO_OOBINLINE leaves it in the
 * stream, and SIGURG reaches the socket's owner or its process group.
 * Read 4.4BSD-Lite netinet/tcp_input.c (tcp_pulloutofband) and
 * tcp_usrreq.c (PRU_RCVOOB), kern/uipc_socket.c (sohasoutofband).
 *
 * The network and the helpers are in tcp_fixture.h. */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "host.h"
#include "proc.h"
#include "sig.h"
#include "socket.h"
#include "socketvar.h"
#include "tcp_var.h"

#include "tcp_fixture.h"

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
   * tcp_mss): 6 * 1460 at b, window closed. Six segments of 1448 (the
   * timestamps take 12 of 1460) leave 72 bytes of offered window, which
   * the persist timer forces out; the 72 bytes that frees at a are
   * below the send low-water mark (2048), so 6 * 1448 wait there. */
  g_assert_cmpuint(queued, ==, 8760 + 6 * 1448);
  g_assert_cmpuint(srv->so_rcv.cc, ==, 8760);
  g_assert_cmpuint(tp_of(cli)->snd_wnd, ==, 0);
  g_assert_cmpuint(p->sig.pending & BSD_SIGBIT(BSD_SIGURG), ==, 0);
  g_assert_cmpint(wr(cli, "X", 1, MSG_OOB), ==, 1);
  run_until(&n, now(&n) + 100 * SIM_MS);
  g_assert_cmpuint(p->sig.pending & BSD_SIGBIT(BSD_SIGURG), !=, 0);
  g_assert_cmpuint(srv->so_oobmark, ==, queued);
  char c;
  g_assert_cmpint(rd(srv, &c, 1, MSG_OOB), ==, -EWOULDBLOCK);
  /* Read up to the mark: the byte arrives on the way. */
  static uint8_t buf[20000];
  size_t got = 0;
  while (got < queued) {
    long r = rd(srv, buf, sizeof buf, 0);
    if (r > 0) {
      got += (size_t)r;
      g_assert_cmpint(atmark(srv), ==, got == queued);
    } else {
      g_assert_cmpint(r, ==, -EWOULDBLOCK);
      g_assert_true(sched_step(n.sim->sched));
    }
  }
  g_assert_cmpuint(got, ==, queued);
  run_until(&n, now(&n) + SIM_S);
  g_assert_cmpint(rd(srv, &c, 1, MSG_OOB), ==, 1);
  g_assert_cmpint(c, ==, 'X');
  g_assert_cmpint(rd(srv, buf, sizeof buf, 0), ==, -EWOULDBLOCK);
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
  g_test_add_func("/tcp/more/sigurg-group", test_sigurg_group);
  return g_test_run();
}
