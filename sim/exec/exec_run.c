/* sim/exec/exec_run.c: running a real program's simulated process. The
 * process's resume function (called from an event, like a Lua
 * process's) finishes the request that slept, if any, then reads the
 * program's next requests from the shared page (a spin, then FUTEX_WAIT
 * on its sequence number: chan_wait.h) and answers them, until one must sleep or the
 * program ends. While it waits for a request it also drains the
 * program's output and watches the clock: a program that sends nothing
 * for `limit` wall seconds stops the run. End of file on the socket
 * means the real process is gone (exec_end.c).
 * Call order: event -> resume -> next_request -> exec_op()->fn ->
 * exec_reply | exec_sleep. */
#include "chan_wait.h"
#include "exec_internal.h"
#include "host.h"
#include "proc.h"
#include "sig.h"

#include <errno.h>
#include <linux/futex.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- requests ---- */

static void fail(struct xproc *x, const char *msg)
{
  exec_flush_output(x);
  x->w->stopped = true;
  x->w->fail(x->w->ctx, x->p, msg);
  exec_kill(x);
  proc_exit_status(x->p, BSD_W_EXITCODE(0, BSD_SIGKILL));
}

/* Whether the program is gone: end of file (or an error) on the socket,
 * which it never writes to. */
static bool chan_closed(struct xproc *x)
{
  struct pollfd f = { x->chan, POLLIN, 0 };
  char c;
  if (poll(&f, 1, 0) <= 0)
    return false;
  return recv(x->chan, &c, 1, MSG_DONTWAIT) <= 0;
}

static double wall(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Waits for the program's next request on the shared page: a spin of
 * spin_ns, then FUTEX_WAIT in slices of 10 ms, between which the output is drained (a full pipe
 * would stop the program) and the socket checked for its end. True when
 * a request is there; false when the program ended (finished) or
 * overran the limit (the run is stopped). */
static bool wait_request(struct xproc *x)
{
  double start = 0;
  for (;;) {
    uint32_t seq = __atomic_load_n(&x->shm->req_seq, __ATOMIC_ACQUIRE);
    if (seq != x->seen_req) {
      x->seen_req = seq;
      return true;
    }
    if (chan_spin(&x->shm->req_seq, seq, x->shm->spin_ns, clock_gettime,
                  &x->spinner) ||
        !chan_sleep_begin(&x->shm->req_seq, seq, &x->shm->req_sleeps))
      continue;
    struct timespec slice = { 0, 10000000 };
    long r = syscall(SYS_futex, &x->shm->req_seq, FUTEX_WAIT, seq, &slice,
                     NULL, 0);
    chan_sleep_end(&x->shm->req_sleeps);
    if (r == 0 || errno != ETIMEDOUT)
      continue;
    exec_drain(x);
    if (chan_closed(x)) {
      exec_finish(x);
      return false;
    }
    /* Loading the program (before its hello) is not computing: on a
     * loaded machine it may take longer than a tight limit. */
    double limit = x->started ? x->limit : MAX(x->limit, EXEC_START_LIMIT);
    if (start == 0)
      start = wall();
    else if (wall() - start > limit) {
      char *m = g_strdup_printf("%s (pid %d on %s) did not return to the "
                                "simulator within %.3g s of wall time "
                                "(computing, or blocked in a call the shim "
                                "does not see); raise limit= to allow more",
                                x->prog, x->p->pid, x->p->host->name,
                                limit);
      fail(x, m);
      g_free(m);
      return false;
    }
  }
}

/* The next request, copied out of the page into x->req and x->data; or
 * false when the program ended (finished) or was stopped. */
static bool next_request(struct xproc *x)
{
  if (!wait_request(x))
    return false;
  memcpy(&x->req, x->shm->req, sizeof x->req);
  size_t len = MIN(x->req.len, CHAN_AREA - sizeof x->req);
  g_byte_array_set_size(x->data, 0);
  g_byte_array_append(x->data, x->shm->req + sizeof x->req, (guint)len);
  return true;
}

/* fork's descriptors, on the socket, before the reply is seen. */
static void send_fds(struct xproc *x)
{
  char byte = 0, cbuf[CMSG_SPACE(sizeof(int) * 4)];
  struct iovec iov = { &byte, 1 };
  struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
                      .msg_control = cbuf, .msg_controllen = sizeof cbuf };
  memset(cbuf, 0, sizeof cbuf);
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int) * 4);
  memcpy(CMSG_DATA(c), x->pass_fds, sizeof(int) * 4);
  if (sendmsg(x->chan, &m, MSG_NOSIGNAL) != 1)
    g_warning("exec: fork's descriptors could not be sent");
  for (int i = 0; i < 4; i++) {
    close(x->pass_fds[i]);
    x->pass_fds[i] = -1;
  }
}

/* The reply into the page; the program is woken. */
static void send_reply(struct xproc *x)
{
  size_t len = MIN(x->out_data->len, CHAN_AREA - sizeof x->rep);
  x->rep.len = (uint32_t)len;
  if (x->pass_fds[0] >= 0)
    send_fds(x);
  memcpy(x->shm->rep, &x->rep, sizeof x->rep);
  if (len)
    memcpy(x->shm->rep + sizeof x->rep, x->out_data->data, len);
  if (chan_post(&x->shm->rep_seq, &x->shm->rep_sleeps))
    syscall(SYS_futex, &x->shm->rep_seq, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* The caught signals due now, as a BSD_SIGBIT set; false when one
 * killed the process (which has then exited). */
static bool signals(struct xproc *x, int64_t *set)
{
  int sig;
  uint32_t restore;
  *set = 0;
  while ((sig = sig_issig(x->p)) != 0) {
    if (!sig_postsig(x->p, sig, &restore)) {
      exec_kill(x);
      return false;
    }
    sig_setmask(x->p, restore);
    *set |= BSD_SIGBIT(sig);
  }
  return true;
}

int exec_reply(struct xproc *x, int64_t r)
{
  const struct xop *op = exec_op(x->req.op);
  x->pending = false;
  x->rep.ret = r < 0 ? -1 : r;
  x->rep.err = r < 0 ? (int32_t)-r : 0;
  x->rep.len = x->out_data->len;
  if (r < 0 && op && (op->takes_fd || x->req.op == CHAN_SOCKET))
    exec_record_error(x, op, (int)r);
  if (x->nosigpipe && !x->had_sigpipe)
    x->p->sig.pending &= ~BSD_SIGBIT(BSD_SIGPIPE);
  x->nosigpipe = false;
  if (!signals(x, &x->rep.sigs))
    return XGONE;
  send_reply(x);
  return XDONE;
}

int exec_sleep(struct xproc *x, const void *wchan, sim_time_t timeout)
{
  x->pending = true;
  proc_tsleep_intr(x->p, wchan, timeout);
  exec_drain(x);
  return XBLOCK;
}

bool exec_timed_out(const struct xproc *x)
{
  return x->p->wake == PROC_WAKE_TIMEOUT;
}

int exec_refuse(struct xproc *x, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *m = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  fail(x, m);
  g_free(m);
  return XGONE;
}

/* A sleep ended by a signal: EINTR, or a restart (the shim makes the
 * call again after the handlers ran) when the handler has SA_RESTART. */
static int interrupted(struct xproc *x, const struct xop *op)
{
  int sig = sig_issig(x->p);
  bool restart = op->restart && sig && sig_restarts(x->p, sig) &&
                 x->done == 0;
  if (x->req.op == CHAN_CONNECT)
    exec_sock_connect_intr(x);
  g_byte_array_set_size(x->out_data, 0);
  if (x->req.op == CHAN_SLEEP)
    return op->fn(x);                   /* the time left */
  if (x->done > 0)
    return exec_reply(x, x->done);      /* a partial send: its count */
  if (!restart)
    return exec_reply(x, -EINTR);
  x->pending = false;
  x->rep.ret = CHAN_RESTART;
  x->rep.err = 0;
  x->rep.len = 0;
  if (!signals(x, &x->rep.sigs))
    return XGONE;
  send_reply(x);
  return XDONE;
}

/* Runs the request in hand (again, after a sleep, when woken). */
static int handle(struct xproc *x, bool woken)
{
  const struct xop *op = exec_op(x->req.op);
  if (!op)
    return exec_refuse(x, "%s sent request %u, which this simulator does "
                       "not know (a shim from another build?)", x->prog,
                       x->req.op);
  x->woken = woken;
  if (!woken) {
    x->done = 0;
    memset(&x->rep, 0, sizeof x->rep);
  }
  g_byte_array_set_size(x->out_data, 0);
  if (woken && x->p->wake == PROC_WAKE_SIGNAL)
    return interrupted(x, op);
  return op->fn(x);
}

static void resume(struct proc *p, void *ctx)
{
  struct xproc *x = ctx;
  if (x->dead || x->w->stopped)
    return;
  int sig = sig_fatal(p);
  uint32_t restore;
  if (sig) {
    sig_postsig(p, sig, &restore);
    exec_kill(x);
    return;
  }
  if (x->pending && handle(x, true) != XDONE)
    return;
  while (next_request(x))
    if (handle(x, false) != XDONE)
      return;
}

proc_resume_fn exec_resume_fn(void)
{
  return resume;
}
