/* shim/shim_chan.c: the shim's end of the channel (chan.h): the
 * constructor that says hello and waits for the simulator to let the
 * program run, the request/reply round trip, descriptor passing for
 * fork, and the loud refusal of uncovered calls. Raw system calls only
 * (shim_sys): the libc names are the interposed ones. */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static int chan = -1;                 /* CHAN_FD once checked */

long shim_sys(long nr, long a, long b, long c, long d, long e, long f)
{
  return syscall(nr, a, b, c, d, e, f);
}

static void die(const char *msg)
{
  shim_sys(SYS_write, 2, (long)msg, (long)strlen(msg), 0, 0, 0);
  shim_sys(SYS_exit_group, 127, 0, 0, 0, 0, 0);
  __builtin_unreachable();
}

/* Writes all of buf; dies if the simulator is gone. */
static void put(const void *buf, size_t len)
{
  const char *p = buf;
  while (len > 0) {
    long n = shim_sys(SYS_write, chan, (long)p, (long)len, 0, 0, 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      die("ipcsim shim: the simulator went away\n");
    p += n;
    len -= (size_t)n;
  }
}

/* Reads exactly len bytes; dies on end of file. */
static void get(void *buf, size_t len)
{
  char *p = buf;
  while (len > 0) {
    long n = shim_sys(SYS_read, chan, (long)p, (long)len, 0, 0, 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      die("ipcsim shim: the simulator went away\n");
    p += n;
    len -= (size_t)n;
  }
}

static void send_req(struct chan_req *req, const void *data, size_t len)
{
  char buf[sizeof *req + 512];
  req->len = (uint32_t)len;
  if (len <= 512) {                   /* one write for small requests */
    memcpy(buf, req, sizeof *req);
    if (len)
      memcpy(buf + sizeof *req, data, len);
    put(buf, sizeof *req + len);
    return;
  }
  put(req, sizeof *req);
  put(data, len);
}

/* The reply's payload: cap bytes to out, the rest read and dropped. */
static void get_payload(const struct chan_rep *rep, void *out, size_t cap)
{
  size_t n = rep->len < cap ? rep->len : cap;
  if (n)
    get(out, n);
  char sink[256];
  for (size_t left = rep->len - n; left > 0;) {
    size_t k = left < sizeof sink ? left : sizeof sink;
    get(sink, k);
    left -= k;
  }
}

int64_t shim_call(struct chan_req *req, const void *data, size_t len,
                  struct chan_rep *rep, void *out, size_t cap)
{
  int err;
  do {
    send_req(req, data, len);
    get(rep, sizeof *rep);
    get_payload(rep, out, cap);
    err = rep->err;
    if (rep->sigs)
      shim_deliver(rep->sigs);
  } while (rep->ret == CHAN_RESTART);
  if (rep->ret == -1)
    errno = err;
  return rep->ret;
}

int64_t shim_simple(uint32_t op, int64_t a0, int64_t a1, int64_t a2,
                    int64_t a3, int64_t a4)
{
  struct chan_req req = { .op = op, .a = { a0, a1, a2, a3, a4 } };
  struct chan_rep rep;
  return shim_call(&req, NULL, 0, &rep, NULL, 0);
}

int64_t shim_call_fds(struct chan_req *req, struct chan_rep *rep,
                      int *fds, int n)
{
  send_req(req, NULL, 0);
  char cbuf[CMSG_SPACE(sizeof(int) * 3)];
  struct iovec iov = { rep, sizeof *rep };
  struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
                      .msg_control = cbuf, .msg_controllen = sizeof cbuf };
  long r = shim_sys(SYS_recvmsg, chan, (long)&m, MSG_WAITALL, 0, 0, 0);
  if (r != (long)sizeof *rep)
    die("ipcsim shim: bad reply to fork\n");
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  if (rep->ret >= 0) {
    if (!c || c->cmsg_type != SCM_RIGHTS)
      die("ipcsim shim: fork reply without descriptors\n");
    memcpy(fds, CMSG_DATA(c), sizeof(int) * (size_t)n);
  }
  get_payload(rep, NULL, 0);
  if (rep->ret == -1)
    errno = rep->err;
  return rep->ret;
}

/* The first message of a process, and of each program it execs: its
 * real pid and its name (argv[0]'s last part). */
static void hello(void)
{
  extern char *program_invocation_short_name;
  const char *name = program_invocation_short_name;
  struct chan_req req = { .op = CHAN_HELLO,
                          .a = { shim_sys(SYS_getpid, 0, 0, 0, 0, 0, 0) } };
  struct chan_rep rep;
  shim_call(&req, name, strlen(name) + 1, &rep, NULL, 0);
}

int shim_fork_child(int fds[3])
{
  shim_sys(SYS_dup3, fds[0], CHAN_FD, 0, 0, 0, 0);
  shim_sys(SYS_dup3, fds[1], 1, 0, 0, 0, 0);
  shim_sys(SYS_dup3, fds[2], 2, 0, 0, 0, 0);
  for (int i = 0; i < 3; i++)
    shim_sys(SYS_close, fds[i], 0, 0, 0, 0, 0);
  hello();
  return 0;
}

_Noreturn void shim_uncovered(const char *name)
{
  struct chan_req req = { .op = CHAN_UNCOVERED };
  send_req(&req, name, strlen(name) + 1);
  struct chan_rep rep;
  get(&rep, sizeof rep);               /* the simulator ends us first */
  die("ipcsim shim: uncovered call\n");
  __builtin_unreachable();
}

__attribute__((constructor)) static void shim_init(void)
{
  const char *s = getenv(CHAN_FD_ENV);
  if (!s || atoi(s) != CHAN_FD)
    die("ipcsim shim: not started by ipcsim (no " CHAN_FD_ENV ")\n");
  chan = CHAN_FD;
  setvbuf(stdout, NULL, _IOLBF, 0);   /* as on a terminal: each line shows
                                         at the simulated time it is
                                         printed, not all at exit */
  hello();
}
