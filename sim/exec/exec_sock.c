/* sim/exec/exec_sock.c: a real program's descriptor and socket requests
 * made by its simulated process: hosts/syscalls.h's calls, the same ones
 * Lua's socket glue makes (sim/lua/lsim_sock.c), with the same loops
 * for the calls that block: sleep on the channel the call gave, try
 * again when woken. Addresses arrive as struct chan_addr (host order,
 * 4.4BSD families); errors go back as negative errnos. */
#include "exec_internal.h"
#include "fdtab.h"
#include "host.h"
#include "proc.h"
#include "sig.h"
#include "socketvar.h"
#include "syscalls.h"

#include <errno.h>
#include <string.h>

#define A(i) ((int)x->req.a[i])

static void addr_in(const struct chan_addr *c, struct so_addr *a)
{
  memset(a, 0, sizeof *a);
  a->family = c->family;
  a->addr = c->addr;
  a->port = (uint16_t)c->port;
  memcpy(a->path, c->path, sizeof a->path);
  a->path[sizeof a->path - 1] = 0;
}

static void addr_out(struct xproc *x, const struct so_addr *a)
{
  struct chan_addr c;
  memset(&c, 0, sizeof c);
  c.family = a->family;
  c.addr = a->addr;
  c.port = a->port;
  memcpy(c.path, a->path, sizeof c.path);
  g_byte_array_append(x->out_data, (const guint8 *)&c, sizeof c);
}

/* The request's payload as an address, or false (EINVAL). */
static bool payload_addr(struct xproc *x, struct so_addr *a)
{
  if (x->data->len < sizeof(struct chan_addr))
    return false;
  addr_in((const struct chan_addr *)(void *)x->data->data, a);
  return true;
}

int exec_sock_socket(struct xproc *x)
{
  return exec_reply(x, sys_socket(x->p, A(0), A(1), A(2)));
}

int exec_sock_bind(struct xproc *x)
{
  struct so_addr a;
  if (!payload_addr(x, &a))
    return exec_reply(x, -EINVAL);
  return exec_reply(x, sys_bind(x->p, A(0), &a));
}

int exec_sock_listen(struct xproc *x)
{
  return exec_reply(x, sys_listen(x->p, A(0), A(1)));
}

int exec_sock_accept(struct xproc *x)
{
  struct so_addr a;
  const void *wchan = NULL;
  memset(&a, 0, sizeof a);
  int r = sys_accept(x->p, A(0), &a, &wchan);
  if (r == -EWOULDBLOCK && wchan)
    return exec_sleep(x, wchan, 0);
  if (r >= 0)
    addr_out(x, &a);
  return exec_reply(x, r);
}

int exec_sock_connect(struct xproc *x)
{
  if (!x->woken) {
    struct so_addr a;
    if (!payload_addr(x, &a))
      return exec_reply(x, -EINVAL);
    int err = sys_connect(x->p, A(0), &a);
    if (err)
      return exec_reply(x, err);
  }
  const void *wchan = NULL;
  int err = sys_connect_wait(x->p, A(0), &wchan);
  if (err == -EWOULDBLOCK)
    return exec_sleep(x, wchan, 0);
  return exec_reply(x, err);
}

/* write(), send(), sendto(), sendmsg(): all of it, sleeping while the
 * socket's buffer is full (x->done counts what went). Access rights rt
 * (may be NULL) go with the first bytes: once some went, none again. */
static int send_loop(struct xproc *x, const guint8 *buf, size_t len,
                     int flags, const struct so_addr *to, bool plain,
                     const struct sys_rights *rt)
{
  const void *wchan = NULL;
  size_t done = (size_t)x->done;
  long n = plain ? sys_write(x->p, A(0), buf + done, len - done, &wchan)
                 : sys_sendmsg(x->p, A(0), buf + done, len - done, flags,
                               to, done ? NULL : rt, &wchan);
  if (n >= 0)
    x->done = (int64_t)(done += (size_t)n);
  if (wchan && done < len && (n > 0 || n == -EWOULDBLOCK))
    return exec_sleep_fd(x, A(0), wchan);
  if (n < 0 && !(n == -EWOULDBLOCK && done > 0))
    return exec_reply(x, n);
  return exec_reply(x, (int64_t)done);
}

int exec_sock_write(struct xproc *x)
{
  return send_loop(x, x->data->data, x->data->len, 0, NULL, true, NULL);
}

/* The a[3] descriptors after the address in sendto's payload (sendmsg's
 * SCM_RIGHTS), into rt; *skip moves past them. False: EINVAL. */
static bool payload_rights(struct xproc *x, size_t *skip,
                           struct sys_rights *rt)
{
  int64_t n = x->req.a[3];
  if (n < 0 || n > SYS_RIGHTS_MAX ||
      x->data->len < *skip + (size_t)n * sizeof(int32_t))
    return false;
  rt->n = (unsigned)n;
  for (int64_t i = 0; i < n; i++) {
    int32_t fd;
    memcpy(&fd, x->data->data + *skip + i * sizeof fd, sizeof fd);
    rt->fds[i] = fd;
  }
  *skip += (size_t)n * sizeof(int32_t);
  return true;
}

int exec_sock_sendto(struct xproc *x)
{
  struct so_addr to;
  struct sys_rights rt;
  size_t skip = 0;
  if (A(2)) {
    if (!payload_addr(x, &to))
      return exec_reply(x, -EINVAL);
    skip = sizeof(struct chan_addr);
  }
  if (x->data->len < skip || !payload_rights(x, &skip, &rt))
    return exec_reply(x, -EINVAL);
  if ((A(1) & CHAN_MSG_NOSIGNAL) && !x->woken) {
    /* EPIPE without the SIGPIPE sendit posts, unless one was pending
     * already (exec_reply takes it back). */
    x->nosigpipe = true;
    x->had_sigpipe = (x->p->sig.pending & BSD_SIGBIT(BSD_SIGPIPE)) != 0;
  }
  return send_loop(x, x->data->data + skip, x->data->len - skip,
                   A(1) & ~CHAN_MSG_NOSIGNAL, A(2) ? &to : NULL, false,
                   rt.n ? &rt : NULL);
}

/* The descriptors received, as int32s after the address (recvmsg). */
static void rights_out(struct xproc *x, const struct sys_rights *rt)
{
  for (unsigned i = 0; i < rt->n; i++) {
    int32_t fd = rt->fds[i];
    g_byte_array_append(x->out_data, (const guint8 *)&fd, sizeof fd);
  }
}

/* read(), recvfrom() and recvmsg(): what is there, sleeping while
 * nothing is. recvfrom's a[3] is recvmsg's room for descriptors (-1: a
 * plain receive); the reply's b[0] has MSG_TRUNC and MSG_CTRUNC, b[1]
 * the descriptors received. */
static int recv_once(struct xproc *x, bool plain)
{
  int64_t room = plain ? -1 : MIN(x->req.a[3], SYS_RIGHTS_MAX);
  size_t len = (size_t)MIN(MAX(x->req.a[1], 0), CHAN_MAX);
  if (room > 0)
    len = MIN(len, CHAN_MAX - (size_t)room * sizeof(int32_t));
  guint8 *buf = g_malloc(len + 1);
  struct so_addr from;
  struct sys_rights rt = { .room = room > 0 ? (unsigned)room : 0 };
  int oflags = 0;
  memset(&from, 0, sizeof from);
  const void *wchan = NULL;
  long n = plain ? sys_read(x->p, A(0), buf, len, &wchan)
                 : sys_recvmsg(x->p, A(0), buf, len, A(2), &from, &oflags,
                               room >= 0 ? &rt : NULL, &wchan);
  if (n == -EWOULDBLOCK && wchan) {
    g_free(buf);
    return exec_sleep_fd(x, A(0), wchan);
  }
  if (!plain) {
    addr_out(x, &from);
    rights_out(x, &rt);
    x->rep.b[0] = oflags;
    x->rep.b[1] = rt.n;
  }
  if (n > 0)
    g_byte_array_append(x->out_data, buf, (guint)n);
  g_free(buf);
  return exec_reply(x, n);
}

int exec_sock_read(struct xproc *x)
{
  return recv_once(x, true);
}

int exec_sock_recvfrom(struct xproc *x)
{
  return recv_once(x, false);
}

int exec_sock_close(struct xproc *x)
{
  if (!x->woken) {
    const void *wchan = NULL;
    int linger = 0;
    int r = sys_close_linger(x->p, A(0), &wchan, &linger);
    if (r == -EWOULDBLOCK && wchan)
      return exec_sleep(x, wchan, (sim_time_t)linger * SIM_S);
    if (r < 0)
      return exec_reply(x, r);
  }
  return exec_reply(x, sys_close(x->p, A(0)));
}

int exec_sock_shutdown(struct xproc *x)
{
  return exec_reply(x, sys_shutdown(x->p, A(0), A(1)));
}

int exec_sock_getsockname(struct xproc *x)
{
  struct so_addr a;
  memset(&a, 0, sizeof a);
  int r = sys_getsockname(x->p, A(0), &a);
  if (r == 0)
    addr_out(x, &a);
  return exec_reply(x, r);
}

int exec_sock_getpeername(struct xproc *x)
{
  struct so_addr a;
  memset(&a, 0, sizeof a);
  int r = sys_getpeername(x->p, A(0), &a);
  if (r == 0)
    addr_out(x, &a);
  return exec_reply(x, r);
}

int exec_sock_setsockopt(struct xproc *x)
{
  return exec_reply(x, sys_setsockopt(x->p, A(0), A(1), A(2), A(3), A(4)));
}

int exec_sock_getsockopt(struct xproc *x)
{
  int val = 0, onoff = 0;
  int r = sys_getsockopt(x->p, A(0), A(1), A(2), &val, &onoff);
  if (A(1) == SOL_SOCKET && A(2) == SO_ERROR && val < 0) {
    /* The result of a non-blocking connect (nc's way): calls.csv gets
     * it as the connect that failed, so --explain tells its story. */
    exec_record_error(x, exec_op(CHAN_CONNECT), val);
    val = -val;                         /* a Linux errno, as the C sees */
  }
  x->rep.b[0] = val;
  x->rep.b[1] = onoff;
  return exec_reply(x, r);
}

/* select(): scan; sleep on so_selwait until the deadline; a timeout
 * answers 0 without a rescan, as 4.4BSD. */
int exec_sock_select(struct xproc *x)
{
  uint64_t bits[3] = { 0, 0, 0 };
  if (x->data->len != sizeof bits)
    return exec_reply(x, -EINVAL);
  sim_time_t now = sim_now(x->p->host->sim);
  if (!x->woken)
    x->deadline = x->req.a[1] < 0 ? -1 : now + x->req.a[1];
  else if (exec_timed_out(x))
    return x->rep.b[0] = 0, g_byte_array_append(x->out_data, (const guint8 *)bits,
                               sizeof bits), exec_reply(x, 0);
  memcpy(bits, x->data->data, sizeof bits);
  uint64_t nval = 0, polled = (uint64_t)x->req.a[2];
  for (int fd = 0; fd < 64; fd++)
    if ((polled >> fd & 1) && !fdtab_get(x->p->fd, fd))
      nval |= 1ull << fd;             /* poll: POLLNVAL, not EBADF */
  for (int k = 0; k < 3; k++)
    bits[k] &= ~nval;
  x->rep.b[0] = (int64_t)nval;
  int n = sys_select(x->p, A(0), bits);
  if (n == 0 && !nval && !(x->deadline >= 0 && x->deadline <= now))
    return exec_sleep(x, &so_selwait,
                      x->deadline < 0 ? 0 : x->deadline - now);
  if (n >= 0)
    g_byte_array_append(x->out_data, (const guint8 *)bits, sizeof bits);
  return exec_reply(x, n);
}

int exec_sock_dup(struct xproc *x)
{
  return exec_reply(x, sys_dup(x->p, A(0)));
}

int exec_sock_dup2(struct xproc *x)
{
  return exec_reply(x, sys_dup2(x->p, A(0), A(1)));
}

int exec_sock_ioctl(struct xproc *x)
{
  int arg = A(2);
  int r = sys_ioctl(x->p, A(0), (unsigned long)(uint32_t)x->req.a[1], &arg);
  x->rep.b[0] = arg;
  return exec_reply(x, r);
}

/* O_NONBLOCK: a[1] -1 reads it (1 or 0), 0 clears, 1 sets (FIONBIO). */
int exec_sock_fcntl_nb(struct xproc *x)
{
  struct file *fp = fdtab_get(x->p->fd, A(0));
  if (!fp)
    return exec_reply(x, -EBADF);
  if (A(1) < 0)
    return exec_reply(x, (fp->flags & FILE_NONBLOCK) != 0);
  int on = A(1);
  return exec_reply(x, sys_ioctl(x->p, A(0), FIONBIO, &on));
}

int exec_sock_pipe(struct xproc *x)
{
  int fds[2];
  int r = sys_pipe(x->p, fds);
  x->rep.b[0] = fds[0];
  x->rep.b[1] = fds[1];
  return exec_reply(x, r);
}

int exec_sock_socketpair(struct xproc *x)
{
  int sv[2];
  int r = sys_socketpair(x->p, A(0), A(1), A(2), sv);
  x->rep.b[0] = sv[0];
  x->rep.b[1] = sv[1];
  return exec_reply(x, r);
}

void exec_sock_connect_intr(struct xproc *x)
{
  sys_connect_intr(x->p, A(0));
}

int exec_sleep_fd(struct xproc *x, int fd, const void *wchan)
{
  struct socket *so;
  sim_time_t t = sys_getsock(x->p, fd, &so) == 0 ? so_sleep_timeo(so, wchan)
                                                 : 0;
  return exec_sleep(x, wchan, t);
}

/* open(): a[0] 4.4BSD flags, a[1] mode; the path is the payload. */
int exec_sock_open(struct xproc *x)
{
  g_byte_array_append(x->data, (const guint8 *)"", 1);
  return exec_reply(x, sys_open(x->p, (const char *)x->data->data, A(0),
                                (uint32_t)A(1)));
}

/* The names in a directory, each NUL-ended, for opendir. */
int exec_sock_listdir(struct xproc *x)
{
  g_byte_array_append(x->data, (const guint8 *)"", 1);
  char **names = NULL;
  int r = sys_listdir(x->p, (const char *)x->data->data, &names);
  for (int i = 0; r == 0 && names && names[i]; i++)
    if (x->out_data->len + strlen(names[i]) + 1 <= CHAN_MAX)
      g_byte_array_append(x->out_data, (const guint8 *)names[i],
                          (guint)strlen(names[i]) + 1);
  g_strfreev(names);
  return exec_reply(x, r);
}

int exec_sock_mkdir(struct xproc *x)
{
  g_byte_array_append(x->data, (const guint8 *)"", 1);
  return exec_reply(x, sys_mkdir(x->p, (const char *)x->data->data,
                                 (uint32_t)A(0)));
}
