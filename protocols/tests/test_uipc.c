/* protocols/tests/test_uipc.c: AF_UNIX sockets (protocols/uipc_usrreq.c)
 * through the socket layer's C calls, no Lua and no processes: a stream
 * connection made with listen/connect/accept, data both ways, flow
 * control, EOF and EPIPE; names in the file system (EADDRINUSE until
 * unlink, ENOENT, ENOTSOCK, ECONNREFUSED, EPROTOTYPE); datagrams with
 * their sender's name; socketpair. Every result is an exact errno or byte
 * count. Read: 4.4BSD kern/uipc_usrreq.c. */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "in_proto.h"
#include "fs.h"
#include "host.h"
#include "proc.h"
#include "socketvar.h"
#include "syscalls.h"

struct rig {
  struct sim *sim;            /* the run */
  struct host *h;             /* the host; its fs has /tmp */
};

static void rig_init(struct rig *r)
{
  r->sim = sim_new(1);
  r->h = host_new(r->sim, "h", in_proto_domains);
  g_assert_cmpint(fs_mkdirs(r->h->fs, "/tmp", 0), ==, 0);
}

static void rig_free(struct rig *r)
{
  host_free(r->h);
  sim_free(r->sim);
}

static struct socket *sock(struct rig *r, int type)
{
  struct socket *so = NULL;
  g_assert_cmpint(socreate(r->h, true, AF_UNIX, type, 0, &so), ==, 0);
  return so;
}

static struct so_addr un(const char *path)
{
  struct so_addr a = { .family = AF_UNIX };
  g_strlcpy(a.path, path, sizeof a.path);
  return a;
}

/* Sends s whole (to `path` when not NULL). */
static long send_s(struct socket *so, const char *path, const char *s)
{
  const void *wchan;
  struct so_addr a = un(path ? path : "");
  return sosend(so, path ? &a : NULL, s, strlen(s), 0, &wchan);
}

/* Receives up to n bytes; returns them as a new string (or NULL and sets
 * *err for an error). from may be NULL. */
static char *recv_s(struct socket *so, size_t n, struct so_addr *from,
                    long *err)
{
  char *buf = g_malloc0(n + 1);
  int flags;
  const void *wchan;
  long got = soreceive(so, buf, n, 0, from, &flags, &wchan);
  *err = got < 0 ? got : 0;
  if (got < 0)
    g_clear_pointer(&buf, g_free);
  return buf;
}

static void assert_recv(struct socket *so, size_t n, const char *want)
{
  long err;
  char *got = recv_s(so, n, NULL, &err);
  g_assert_cmpint(err, ==, 0);
  g_assert_cmpstr(got, ==, want);
  g_free(got);
}

/* A listening server at path, a connected client, the accepted socket. */
static void connect_pair(struct rig *r, const char *path, struct socket **l,
                         struct socket **c, struct socket **a)
{
  struct so_addr sa = un(path);
  const void *wchan;
  *l = sock(r, SOCK_STREAM);
  g_assert_cmpint(sobind(*l, &sa), ==, 0);
  g_assert_cmpint(solisten(*l, 5), ==, 0);
  *c = sock(r, SOCK_STREAM);
  g_assert_cmpint(soconnect(*c, &sa), ==, 0);
  g_assert_cmpint(soconnect_wait(*c, &wchan), ==, 0);  /* done at once */
  g_assert_true((*c)->so_state & SS_ISCONNECTED);
  struct so_addr peer;
  g_assert_cmpint(soaccept(*l, a, &peer, &wchan), ==, 0);
  g_assert_cmpint(peer.family, ==, AF_UNIX);
  g_assert_cmpstr(peer.path, ==, "");                  /* unnamed client */
}

static void test_stream_echo(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *l, *c, *a;
  connect_pair(&r, "/tmp/echo", &l, &c, &a);
  g_assert_cmpint(send_s(c, NULL, "hello"), ==, 5);
  g_assert_true(soreadable(a));
  assert_recv(a, 100, "hello");
  g_assert_cmpint(send_s(a, NULL, "HELLO"), ==, 5);
  assert_recv(c, 3, "HEL");
  assert_recv(c, 3, "LO");
  struct so_addr n;
  g_assert_cmpint(sogetsockname(a, &n), ==, 0);
  g_assert_cmpstr(n.path, ==, "/tmp/echo");        /* the listener's name */
  g_assert_cmpint(sogetpeername(c, &n), ==, 0);
  g_assert_cmpstr(n.path, ==, "/tmp/echo");
  g_assert_cmpint(sogetpeername(l, &n), ==, -ENOTCONN);
  const void *wchan;
  char buf[4];
  int flags;
  g_assert_cmpint(soreceive(c, buf, 4, 0, NULL, &flags, &wchan), ==,
                  -EWOULDBLOCK);
  g_assert_true(wchan == &c->so_rcv);
  soclose(c);
  soclose(a);
  soclose(l);
  rig_free(&r);
}

static void test_stream_eof_epipe(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *l, *c, *a;
  connect_pair(&r, "/tmp/s", &l, &c, &a);
  g_assert_cmpint(send_s(c, NULL, "last words"), ==, 10);
  g_assert_cmpint(soclose(c), ==, 0);
  assert_recv(a, 100, "last words");                 /* queued data first */
  assert_recv(a, 100, "");                           /* then EOF */
  g_assert_cmpint(send_s(a, NULL, "anyone?"), ==, -EPIPE);
  soclose(a);
  soclose(l);
  /* shutdown(SHUT_WR) gives the peer EOF but keeps the other direction */
  connect_pair(&r, "/tmp/s2", &l, &c, &a);
  g_assert_cmpint(soshutdown(c, SHUT_WR), ==, 0);
  assert_recv(a, 10, "");
  g_assert_cmpint(send_s(c, NULL, "x"), ==, -EPIPE);
  g_assert_cmpint(send_s(a, NULL, "still"), ==, 5);
  assert_recv(c, 10, "still");
  soclose(c);
  soclose(a);
  soclose(l);
  rig_free(&r);
}

static void test_stream_flow_control(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *l, *c, *a;
  connect_pair(&r, "/tmp/f", &l, &c, &a);
  char data[6000];
  memset(data, 'x', sizeof data);
  const void *wchan;
  /* 4096 bytes fit (PIPSIZ), then the writer must wait */
  g_assert_cmpint(sosend(c, NULL, data, 6000, 0, &wchan), ==, 4096);
  g_assert_true(wchan == &c->so_snd);
  g_assert_cmpuint(a->so_rcv.cc, ==, 4096);
  g_assert_cmpuint(c->so_snd.hiwat, ==, 0);
  g_assert_false(sowriteable(c));
  char buf[4096];
  int flags;
  g_assert_cmpint(soreceive(a, buf, 1000, 0, NULL, &flags, &wchan), ==,
                  1000);
  g_assert_cmpuint(c->so_snd.hiwat, ==, 1000);        /* space is back */
  /* 1000 free is under the low-water mark (2048): still wait */
  g_assert_cmpint(sosend(c, NULL, data, 1904, 0, &wchan), ==,
                  -EWOULDBLOCK);
  g_assert_cmpint(soreceive(a, buf, 2000, 0, NULL, &flags, &wchan), ==,
                  2000);
  g_assert_cmpint(sosend(c, NULL, data, 1904, 0, &wchan), ==, 1904);
  g_assert_cmpuint(a->so_rcv.cc, ==, 1096 + 1904);
  soclose(c);
  soclose(a);
  soclose(l);
  rig_free(&r);
}

static void test_bind_until_unlink(void)
{
  struct rig r;
  rig_init(&r);
  struct so_addr sa = un("/tmp/name");
  struct socket *s1 = sock(&r, SOCK_STREAM), *s2 = sock(&r, SOCK_STREAM);
  g_assert_cmpint(sobind(s1, &sa), ==, 0);
  g_assert_cmpint(sobind(s1, &sa), ==, -EINVAL);      /* already bound */
  g_assert_cmpint(sobind(s2, &sa), ==, -EADDRINUSE);
  soclose(s1);
  g_assert_cmpint(sobind(s2, &sa), ==, -EADDRINUSE);  /* the name stays */
  struct socket *c = sock(&r, SOCK_STREAM);
  g_assert_cmpint(soconnect(c, &sa), ==, -ECONNREFUSED);
  g_assert_cmpint(fs_unlink(r.h->fs, "/tmp/name"), ==, 0);
  g_assert_cmpint(soconnect(c, &sa), ==, -ENOENT);
  g_assert_cmpint(sobind(s2, &sa), ==, 0);
  struct so_addr rel = un("tmp/rel");                 /* from "/" */
  struct socket *s3 = sock(&r, SOCK_DGRAM);
  g_assert_cmpint(sobind(s3, &rel), ==, 0);
  struct fs_node *n;
  g_assert_cmpint(fs_lookup(r.h->fs, "/tmp/rel", &n), ==, 0);
  fs_node_unref(n);
  struct so_addr empty = un("");
  g_assert_cmpint(sobind(s3, &empty), ==, -EINVAL);   /* s3 is bound */
  g_assert_cmpint(soconnect(c, &empty), ==, -ENOENT);
  struct so_addr nodir = un("/nodir/x");
  struct socket *s4 = sock(&r, SOCK_DGRAM);
  g_assert_cmpint(sobind(s4, &nodir), ==, -ENOENT);
  g_assert_cmpint(sobind(s4, &empty), ==, -ENOENT);
  soclose(s2);
  soclose(s3);
  soclose(s4);
  soclose(c);
  rig_free(&r);
}

static void test_connect_errors(void)
{
  struct rig r;
  rig_init(&r);
  g_assert_cmpint(fs_create(r.h->fs, "/tmp/file", FS_REG, 0644, 0, NULL),
                  ==, 0);
  struct socket *c = sock(&r, SOCK_STREAM);
  struct so_addr a = un("/tmp/none");
  g_assert_cmpint(soconnect(c, &a), ==, -ENOENT);
  a = un("/tmp/file");
  g_assert_cmpint(soconnect(c, &a), ==, -ENOTSOCK);
  struct socket *d = sock(&r, SOCK_DGRAM), *s = sock(&r, SOCK_STREAM);
  a = un("/tmp/dgram");
  g_assert_cmpint(sobind(d, &a), ==, 0);
  g_assert_cmpint(soconnect(c, &a), ==, -EPROTOTYPE);
  a = un("/tmp/quiet");
  g_assert_cmpint(sobind(s, &a), ==, 0);
  g_assert_cmpint(soconnect(c, &a), ==, -ECONNREFUSED);   /* no listen */
  struct socket *u = sock(&r, SOCK_STREAM);
  g_assert_cmpint(solisten(u, 5), ==, -EINVAL);           /* unbound */
  /* backlog 0 holds one (3 * 0 / 2 = 0), the second is refused */
  g_assert_cmpint(solisten(s, 0), ==, 0);
  g_assert_cmpint(soconnect(c, &a), ==, 0);
  struct socket *c2 = sock(&r, SOCK_STREAM);
  g_assert_cmpint(soconnect(c2, &a), ==, -ECONNREFUSED);
  g_assert_cmpint(soconnect(c, &a), ==, -EISCONN);
  g_assert_cmpint(soconnect(s, &a), ==, -EOPNOTSUPP);     /* a listener */
  struct so_addr in = { .family = AF_INET };
  g_assert_cmpint(soconnect(c2, &in), ==, -EAFNOSUPPORT);
  g_assert_cmpint(sobind(c2, &in), ==, -EAFNOSUPPORT);
  soclose(s);               /* aborts the unaccepted connection: c sees EOF */
  g_assert_false(c->so_state & SS_ISCONNECTED);
  assert_recv(c, 10, "");
  g_assert_cmpint(send_s(c, NULL, "x"), ==, -EPIPE);
  soclose(c);
  soclose(c2);
  soclose(d);
  soclose(u);
  rig_free(&r);
}

static void test_dgram(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *srv = sock(&r, SOCK_DGRAM), *cli = sock(&r, SOCK_DGRAM);
  struct so_addr sa = un("/tmp/srv"), ca = un("/tmp/cli");
  g_assert_cmpint(sobind(srv, &sa), ==, 0);
  g_assert_cmpint(send_s(cli, "/tmp/srv", "anon"), ==, 4);
  g_assert_cmpint(sobind(cli, &ca), ==, 0);
  g_assert_cmpint(send_s(cli, "/tmp/srv", "named"), ==, 5);
  g_assert_cmpuint(srv->so_rcv.cc, ==, 4 + 16 + 5 + 10);
  struct so_addr from;
  long err;
  char *got = recv_s(srv, 100, &from, &err);
  g_assert_cmpstr(got, ==, "anon");
  g_assert_cmpint(from.family, ==, AF_UNIX);
  g_assert_cmpstr(from.path, ==, "");
  g_free(got);
  got = recv_s(srv, 100, &from, &err);
  g_assert_cmpstr(got, ==, "named");
  g_assert_cmpstr(from.path, ==, "/tmp/cli");
  g_free(got);
  g_assert_cmpint(send_s(cli, NULL, "x"), ==, -EDESTADDRREQ);
  g_assert_cmpint(send_s(cli, "/tmp/none", "x"), ==, -ENOENT);
  g_assert_false(cli->so_state & SS_ISCONNECTED);    /* sendto undid it */
  char big[2049] = { 0 };
  const void *wchan;
  g_assert_cmpint(sosend(cli, &sa, big, 2049, 0, &wchan), ==, -EMSGSIZE);
  /* the receiver's 4096 bytes fill: ENOBUFS, not a wait */
  g_assert_cmpint(sosend(cli, &sa, big, 2048, 0, &wchan), ==, 2048);
  g_assert_cmpint(sosend(cli, &sa, big, 2048, 0, &wchan), ==, -ENOBUFS);
  g_assert_cmpint(srv->so_rcv.cc, ==, 2048 + 10);
  /* connected: send without a name; sendto with one is EISCONN */
  g_assert_cmpint(soconnect(cli, &sa), ==, 0);
  g_assert_cmpint(send_s(cli, "/tmp/srv", "x"), ==, -EISCONN);
  struct so_addr peer;
  g_assert_cmpint(sogetpeername(cli, &peer), ==, 0);
  g_assert_cmpstr(peer.path, ==, "/tmp/srv");
  soclose(srv);                        /* the sender hears ECONNRESET */
  g_assert_cmpint(cli->so_error, ==, -ECONNRESET);
  g_assert_cmpint(send_s(cli, NULL, "x"), ==, -ECONNRESET);
  soclose(cli);
  rig_free(&r);
}

static void test_socketpair(void)
{
  struct rig r;
  rig_init(&r);
  int types[] = { SOCK_STREAM, SOCK_DGRAM };
  for (int i = 0; i < 2; i++) {
    struct socket *a = sock(&r, types[i]), *b = sock(&r, types[i]);
    g_assert_cmpint(soconnect2(a, b), ==, 0);
    g_assert_true(a->so_state & SS_ISCONNECTED);
    g_assert_true(b->so_state & SS_ISCONNECTED);
    g_assert_cmpint(send_s(a, NULL, "ping"), ==, 4);
    assert_recv(b, 10, "ping");
    g_assert_cmpint(send_s(b, NULL, "pong"), ==, 4);
    assert_recv(a, 10, "pong");
    soclose(a);
    soclose(b);
  }
  struct socket *s = sock(&r, SOCK_STREAM), *d = sock(&r, SOCK_DGRAM);
  g_assert_cmpint(soconnect2(s, d), ==, -EPROTOTYPE);
  soclose(s);
  soclose(d);
  rig_free(&r);
}

static void no_run(struct proc *p, void *ctx)
{
}

/* pipe() as 4.4BSD builds it, through the descriptor calls. */
static void test_pipe(void)
{
  struct rig r;
  rig_init(&r);
  struct proc *p = proc_new(r.h, "p", no_run, NULL);
  int fds[2];
  char buf[8] = { 0 };
  const void *wchan;
  g_assert_cmpint(sys_pipe(p, fds), ==, 0);
  g_assert_cmpint(fds[0], ==, 0);
  g_assert_cmpint(fds[1], ==, 1);
  g_assert_cmpint(sys_write(p, fds[1], "abc", 3, &wchan), ==, 3);
  g_assert_cmpint(sys_read(p, fds[1], buf, 8, &wchan), ==, -EBADF);
  g_assert_cmpint(sys_write(p, fds[0], "x", 1, &wchan), ==, -EBADF);
  g_assert_cmpint(sys_read(p, fds[0], buf, 8, &wchan), ==, 3);
  g_assert_cmpstr(buf, ==, "abc");
  g_assert_cmpint(sys_read(p, fds[0], buf, 8, &wchan), ==, -EWOULDBLOCK);
  g_assert_nonnull(wchan);
  g_assert_cmpint(sys_close(p, fds[1]), ==, 0);
  g_assert_cmpint(sys_read(p, fds[0], buf, 8, &wchan), ==, 0);    /* EOF */
  g_assert_cmpint(sys_pipe(p, fds), ==, 0);
  g_assert_cmpint(fds[0], ==, 1);                 /* the lowest free */
  g_assert_cmpint(sys_close(p, fds[0]), ==, 0);
  g_assert_cmpint(sys_write(p, fds[1], "x", 1, &wchan), ==, -EPIPE);
  struct socket *so;
  g_assert_cmpint(sys_getsock(p, 7, &so), ==, -EBADF);
  proc_exit(p);                                   /* closes the rest */
  g_assert_null(p->fd);
  rig_free(&r);
}

/* ---- socreate over the real domains (protocols/in_proto.c) ---- */

static void test_socreate_errors(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *so = NULL;
  g_assert_cmpint(socreate(r.h, true, AF_UNIX, SOCK_STREAM, 0, &so), ==, 0);
  g_assert_true(so->so_state & SS_PRIV);
  g_assert_cmpint(so->so_type, ==, SOCK_STREAM);
  soclose(so);
  g_assert_cmpint(socreate(r.h, false, AF_UNIX, SOCK_DGRAM, 0, &so), ==, 0);
  g_assert_false(so->so_state & SS_PRIV);
  soclose(so);
  /* 4.4BSD-Lite: every miss is EPROTONOSUPPORT */
  g_assert_cmpint(socreate(r.h, true, 99, SOCK_STREAM, 0, &so), ==,
                  -EPROTONOSUPPORT);
  g_assert_cmpint(socreate(r.h, true, AF_UNIX, SOCK_RAW, 0, &so), ==,
                  -EPROTONOSUPPORT);
  g_assert_cmpint(socreate(r.h, true, AF_UNIX, 42, 0, &so), ==,
                  -EPROTONOSUPPORT);
  g_assert_cmpint(socreate(r.h, true, AF_UNIX, SOCK_STREAM, IPPROTO_TCP,
                           &so), ==, -EPROTONOSUPPORT);
  g_assert_cmpint(socreate(r.h, true, AF_UNSPEC, SOCK_DGRAM, 0, &so), ==,
                  -EPROTONOSUPPORT);
  rig_free(&r);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/uipc/socreate/errors", test_socreate_errors);
  g_test_add_func("/uipc/stream/echo", test_stream_echo);
  g_test_add_func("/uipc/stream/eof-epipe", test_stream_eof_epipe);
  g_test_add_func("/uipc/stream/flow-control", test_stream_flow_control);
  g_test_add_func("/uipc/bind/eaddrinuse-until-unlink",
                  test_bind_until_unlink);
  g_test_add_func("/uipc/connect/errors", test_connect_errors);
  g_test_add_func("/uipc/dgram", test_dgram);
  g_test_add_func("/uipc/socketpair", test_socketpair);
  g_test_add_func("/uipc/pipe", test_pipe);
  return g_test_run();
}
