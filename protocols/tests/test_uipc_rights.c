/* protocols/tests/test_uipc_rights.c: access rights (SCM_RIGHTS) over
 * AF_UNIX sockets through the descriptor calls (sys_sendmsg,
 * sys_recvmsg), two processes of one host, no Lua: a pipe's write end
 * passed and used by the receiver (the same open file), a stream read
 * stopping where rights begin, MSG_PEEK leaving them queued, a short
 * room (MSG_CTRUNC, the rest closed), rights closed with the receiving
 * socket, datagrams, and the errors (EINVAL on UDP, EBADF). Whether a
 * write end is still open shows in the pipe: EOF only once it is not. */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "in_proto.h"
#include "host.h"
#include "proc.h"
#include "socketvar.h"
#include "syscalls.h"

struct rig {
  struct sim *sim;
  struct host *h;
  struct proc *p, *q;         /* sender, receiver (p's child) */
  int sv[2];                  /* p's socketpair: p sends on 0, q reads 1 */
  int pr, pw;                 /* p's pipe: read end, write end */
};

static void no_run(struct proc *p, void *ctx)
{
}

/* p with a socketpair of type (0, 1) and a pipe (2, 3); q its child with
 * only the socketpair's end 1 left (0, 2, 3 closed: free for rights). */
static void rig_init(struct rig *r, int type)
{
  r->sim = sim_new(1);
  r->h = host_new(r->sim, "h", in_proto_domains);
  r->p = proc_new(r->h, "p", no_run, NULL);
  int pf[2];
  g_assert_cmpint(sys_socketpair(r->p, AF_UNIX, type, 0, r->sv), ==, 0);
  g_assert_cmpint(sys_pipe(r->p, pf), ==, 0);
  r->pr = pf[0], r->pw = pf[1];
  r->q = proc_fork(r->p, no_run, NULL);
  for (int fd = 0; fd < 4; fd++)
    if (fd != 1)
      g_assert_cmpint(sys_close(r->q, fd), ==, 0);
}

static void rig_free(struct rig *r)
{
  proc_exit(r->q);
  proc_exit(r->p);
  host_free(r->h);
  sim_free(r->sim);
}

static long send_fds(struct rig *r, const char *s, const int *fds,
                     unsigned n)
{
  struct sys_rights rt = { .n = n };
  if (n)
    memcpy(rt.fds, fds, n * sizeof *fds);
  const void *wchan;
  return sys_sendmsg(r->p, r->sv[0], s, strlen(s), 0, NULL, &rt, &wchan);
}

/* q's recvmsg of up to 16 bytes into buf with room for room descriptors
 * (room < 0: a plain recv), the descriptors to rt. */
static long recv_fds(struct rig *r, char *buf, int flags, int room,
                     struct sys_rights *rt, int *oflags)
{
  const void *wchan;
  memset(buf, 0, 17);
  rt->room = room < 0 ? 0 : (unsigned)room;
  return sys_recvmsg(r->q, r->sv[1], buf, 16, flags, NULL, oflags,
                     room < 0 ? NULL : rt, &wchan);
}

/* Whether the pipe's write end is closed everywhere: p reads EOF. */
static bool pipe_closed(struct rig *r)
{
  char c;
  const void *wchan;
  return sys_read(r->p, r->pr, &c, 1, &wchan) == 0;
}

static void test_stream_pass(void)
{
  struct rig r;
  rig_init(&r, SOCK_STREAM);
  char buf[17];
  struct sys_rights rt;
  int of;
  const void *wchan;
  g_assert_cmpint(send_fds(&r, "x", NULL, 0), ==, 1);
  g_assert_cmpint(send_fds(&r, "ab", &r.pw, 1), ==, 2);
  g_assert_cmpint(send_fds(&r, "c", NULL, 0), ==, 1);  /* joins "ab" */
  g_assert_cmpint(sys_close(r.p, r.pw), ==, 0);        /* in flight now */
  g_assert_false(pipe_closed(&r));
  g_assert_cmpint(recv_fds(&r, buf, 0, 4, &rt, &of), ==, 1);
  g_assert_cmpstr(buf, ==, "x");                       /* stops at rights */
  g_assert_cmpuint(rt.n, ==, 0);
  g_assert_cmpint(recv_fds(&r, buf, MSG_PEEK, 4, &rt, &of), ==, 3);
  g_assert_cmpuint(rt.n, ==, 0);                       /* left queued */
  g_assert_cmpint(recv_fds(&r, buf, 0, 4, &rt, &of), ==, 3);
  g_assert_cmpstr(buf, ==, "abc");
  g_assert_cmpuint(rt.n, ==, 1);
  g_assert_cmpint(rt.fds[0], ==, 0);                   /* lowest free */
  g_assert_cmpint(of & MSG_CTRUNC, ==, 0);
  g_assert_cmpint(sys_write(r.q, 0, "hi", 2, &wchan), ==, 2);
  g_assert_cmpint(sys_read(r.p, r.pr, buf, 16, &wchan), ==, 2);
  g_assert_cmpint(sys_close(r.q, 0), ==, 0);
  g_assert_true(pipe_closed(&r));
  rig_free(&r);
}

/* Rights with no data: recvmsg returns 0 with them; a plain read closes
 * them and waits on. A short room: MSG_CTRUNC, the rest closed. */
static void test_stream_empty_ctrunc(void)
{
  struct rig r;
  rig_init(&r, SOCK_STREAM);
  char buf[17];
  struct sys_rights rt;
  int of, three[3] = { r.pw, r.pw, r.pr };
  g_assert_cmpint(send_fds(&r, "", &r.pw, 1), ==, 0);
  g_assert_cmpint(recv_fds(&r, buf, 0, 1, &rt, &of), ==, 0);
  g_assert_cmpuint(rt.n, ==, 1);
  g_assert_cmpint(sys_close(r.q, rt.fds[0]), ==, 0);
  g_assert_cmpint(send_fds(&r, "", &r.pw, 1), ==, 0);
  g_assert_cmpint(recv_fds(&r, buf, 0, -1, &rt, &of), ==, -EWOULDBLOCK);
  g_assert_cmpint(send_fds(&r, "de", three, 3), ==, 2);
  g_assert_cmpint(sys_close(r.p, r.pw), ==, 0);
  g_assert_cmpint(recv_fds(&r, buf, 0, 1, &rt, &of), ==, 2);
  g_assert_cmpuint(rt.n, ==, 1);
  g_assert_cmpint(of & MSG_CTRUNC, ==, MSG_CTRUNC);
  g_assert_false(pipe_closed(&r));                     /* q's 0 holds it */
  g_assert_cmpint(sys_close(r.q, rt.fds[0]), ==, 0);
  g_assert_true(pipe_closed(&r));
  rig_free(&r);
}

/* Closing the receiving socket with rights queued closes them. */
static void test_close_disposes(void)
{
  struct rig r;
  rig_init(&r, SOCK_STREAM);
  g_assert_cmpint(send_fds(&r, "z", &r.pw, 1), ==, 1);
  g_assert_cmpint(sys_close(r.p, r.pw), ==, 0);
  g_assert_cmpint(sys_close(r.p, r.sv[1]), ==, 0);
  g_assert_false(pipe_closed(&r));
  g_assert_cmpint(sys_close(r.q, r.sv[1]), ==, 0);    /* the last one */
  g_assert_true(pipe_closed(&r));
  rig_free(&r);
}

static void test_dgram(void)
{
  struct rig r;
  rig_init(&r, SOCK_DGRAM);
  char buf[17];
  struct sys_rights rt;
  int of, two[2] = { r.pw, r.pr };
  g_assert_cmpint(send_fds(&r, "", &r.pw, 1), ==, 0);  /* empty datagram */
  g_assert_cmpint(send_fds(&r, "dg", two, 2), ==, 2);
  g_assert_cmpint(sys_close(r.p, r.pw), ==, 0);
  g_assert_cmpint(recv_fds(&r, buf, 0, 0, &rt, &of), ==, 0);
  g_assert_cmpint(of & MSG_CTRUNC, ==, MSG_CTRUNC);    /* no room: closed */
  g_assert_cmpint(recv_fds(&r, buf, 0, 2, &rt, &of), ==, 2);
  g_assert_cmpstr(buf, ==, "dg");
  g_assert_cmpuint(rt.n, ==, 2);
  g_assert_cmpint(rt.fds[0], ==, 0);
  g_assert_cmpint(rt.fds[1], ==, 2);
  g_assert_cmpint(of, ==, 0);
  g_assert_cmpint(sys_close(r.q, 0), ==, 0);
  g_assert_true(pipe_closed(&r));
  rig_free(&r);
}

static void test_errors(void)
{
  struct rig r;
  rig_init(&r, SOCK_STREAM);
  int bad = 9;
  g_assert_cmpint(send_fds(&r, "a", &bad, 1), ==, -EBADF);
  struct sys_rights rt = { .n = 1, .fds = { r.pw } };
  const void *wchan;
  int u = sys_socket(r.p, AF_INET, SOCK_DGRAM, 0);
  g_assert_cmpint(u, >=, 0);
  struct so_addr to = { .family = AF_INET, .addr = 0x7f000001, .port = 9 };
  g_assert_cmpint(sys_sendmsg(r.p, u, "a", 1, 0, &to, &rt, &wchan), ==,
                  -EINVAL);
  rt.n = SYS_RIGHTS_MAX + 1;
  g_assert_cmpint(sys_sendmsg(r.p, r.sv[0], "a", 1, 0, NULL, &rt, &wchan),
                  ==, -EINVAL);
  g_assert_cmpint(sys_close(r.p, r.pw), ==, 0);
  g_assert_true(pipe_closed(&r));                      /* nothing held */
  rig_free(&r);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/uipc-rights/stream-pass", test_stream_pass);
  g_test_add_func("/uipc-rights/stream-empty-ctrunc",
                  test_stream_empty_ctrunc);
  g_test_add_func("/uipc-rights/close-disposes", test_close_disposes);
  g_test_add_func("/uipc-rights/dgram", test_dgram);
  g_test_add_func("/uipc-rights/errors", test_errors);
  return g_test_run();
}
