/* shim/shim_fd.c: descriptor calls beside the socket ones: dup, dup2,
 * dup3 (a dup2 onto 0..2 makes that one the simulated host's,
 * shim_std.c), fcntl (O_NONBLOCK, F_DUPFD, the close-on-exec flag), ioctl
 * (FIONBIO, FIONREAD, SIOCATMARK, the interface reads of shim_if.c),
 * select and poll (simulated descriptors only, scanned and slept on by
 * the simulator; the real standard descriptors polled at once, without
 * sleeping). poll answers POLLNVAL for a descriptor that is not open
 * (select: EBADF). The simulated table has 64 descriptors (4.4BSD's
 * OPEN_MAX): none at 64 or above is ever open, so poll answers POLLNVAL
 * for one too,
 * and select, which cuts nfds to the table's size as 4.4BSD does, never
 * reports one ready. */
#define _GNU_SOURCE
#undef _FILE_OFFSET_BITS   /* fcntl and fcntl64 are two symbols here */
#include "shim.h"
#include "shim_if.h"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define X SHIM_EXPORT

X int dup(int fd)
{
  if (shim_is_std(fd))
    shim_uncovered("dup of a standard descriptor");
  return (int)shim_simple(CHAN_DUP, fd, 0, 0, 0, 0);
}

X int dup2(int fd, int fd2)
{
  if (shim_is_std(fd))
    shim_uncovered("dup2 from a standard descriptor");
  int r = (int)shim_simple(CHAN_DUP2, fd, fd2, 0, 0, 0);
  if (r >= 0 && fd2 >= 0 && fd2 <= 2)
    shim_std_take(1u << fd2);
  return r;
}

X int dup3(int fd, int fd2, int flags)
{
  (void)flags;
  return dup2(fd, fd2);
}

static int fcntl_sim(int fd, int cmd, long arg)
{
  switch (cmd) {
  case F_GETFL: {
    int64_t nb = shim_simple(CHAN_FCNTL_NB, fd, -1, 0, 0, 0);
    return nb < 0 ? -1 : O_RDWR | (nb ? O_NONBLOCK : 0);
  }
  case F_SETFL:
    return (int)shim_simple(CHAN_FCNTL_NB, fd, (arg & O_NONBLOCK) != 0,
                            0, 0, 0);
  case F_GETFD:
  case F_SETFD:                       /* no exec of the simulated table */
    return (int)(shim_simple(CHAN_FCNTL_NB, fd, -1, 0, 0, 0) < 0 ? -1 : 0);
  case F_DUPFD:
  case F_DUPFD_CLOEXEC:
    if (arg > fd)
      shim_uncovered("fcntl F_DUPFD above a free descriptor");
    return dup(fd);
  default:
    shim_uncovered("fcntl (that command)");
  }
}

X int fcntl(int fd, int cmd, ...)
{
  va_list ap;
  va_start(ap, cmd);
  long arg = va_arg(ap, long);
  va_end(ap);
  if (shim_is_std(fd))
    return (int)shim_sys(SYS_fcntl, fd, cmd, arg, 0, 0, 0);
  return fcntl_sim(fd, cmd, arg);
}

X int fcntl64(int fd, int cmd, ...)
{
  va_list ap;
  va_start(ap, cmd);
  long arg = va_arg(ap, long);
  va_end(ap);
  if (shim_is_std(fd))
    return (int)shim_sys(SYS_fcntl, fd, cmd, arg, 0, 0, 0);
  return fcntl_sim(fd, cmd, arg);
}

X int ioctl(int fd, unsigned long req, ...)
{
  va_list ap;
  va_start(ap, req);
  int *argp = va_arg(ap, int *);
  va_end(ap);
  if (shim_is_std(fd))
    return (int)shim_sys(SYS_ioctl, fd, (long)req, (long)argp, 0, 0, 0);
  if (shim_if_request(req))
    return shim_if_ioctl(fd, req, argp);
  uint32_t bsd = req == FIONBIO ? CHAN_FIONBIO
               : req == FIONREAD ? CHAN_FIONREAD
               : req == SIOCATMARK ? CHAN_SIOCATMARK
               : req == SIOCSPGRP ? CHAN_SIOCSPGRP
               : req == SIOCGPGRP ? CHAN_SIOCGPGRP : 0;
  if (!bsd)
    shim_uncovered("ioctl (that request)");
  bool in = req == FIONBIO || req == SIOCSPGRP;
  struct chan_req r = { .op = CHAN_IOCTL, .a = { fd, bsd, in ? *argp : 0 } };
  struct chan_rep rep;
  if (shim_call(&r, NULL, 0, &rep, NULL, 0) < 0)
    return -1;
  if (!in)
    *argp = (int)rep.b[0];
  return 0;
}

/* The simulator's select over bits[3] (the simulated descriptors);
 * timeout_ns -1 waits for ever. Returns the count, bits replaced by the
 * ready ones. *polled (poll: every descriptor asked about; select: 0)
 * becomes those not open, which poll reports as POLLNVAL. */
static int sim_select(int nfds, uint64_t bits[3], int64_t timeout_ns,
                      uint64_t *polled)
{
  struct chan_req r = { .op = CHAN_SELECT,
                        .a = { nfds, timeout_ns, (int64_t)*polled } };
  struct chan_rep rep;
  int n = (int)shim_call(&r, bits, sizeof(uint64_t) * 3, &rep, bits,
                         sizeof(uint64_t) * 3);
  *polled = n < 0 ? 0 : (uint64_t)rep.b[0];
  return n;
}

/* The real standard descriptors' readiness now (no waiting). */
static int std_ready(struct pollfd *p, nfds_t n)
{
  struct pollfd q[3];
  int map[3], k = 0;
  for (nfds_t i = 0; i < n; i++)
    if (shim_is_std(p[i].fd) && k < 3) {
      q[k] = p[i];
      map[k++] = (int)i;
    }
  if (!k)
    return 0;
  int r = (int)shim_sys(SYS_poll, (long)q, k, 0, 0, 0, 0);
  for (int j = 0; r > 0 && j < k; j++)
    p[map[j]].revents = q[j].revents;
  return r > 0 ? r : 0;
}

X int poll(struct pollfd *p, nfds_t n, int timeout_ms)
{
  uint64_t bits[3] = { 0, 0, 0 }, polled = 0;
  int nfds = 0;
  for (nfds_t i = 0; i < n; i++) {
    p[i].revents = 0;
    int fd = p[i].fd;
    if (fd < 0 || shim_is_std(fd))
      continue;
    if (fd >= 64) {
      p[i].revents = POLLNVAL;        /* never open on the host */
      continue;
    }
    polled |= 1ull << fd;
    if (p[i].events & (POLLIN | POLLRDNORM)) bits[0] |= 1ull << fd;
    if (p[i].events & (POLLOUT | POLLWRNORM)) bits[1] |= 1ull << fd;
    if (p[i].events & POLLPRI) bits[2] |= 1ull << fd;
    nfds = fd + 1 > nfds ? fd + 1 : nfds;
  }
  int ready = std_ready(p, n);
  for (nfds_t i = 0; i < n; i++)
    ready += p[i].fd >= 64;
  int64_t t = ready || timeout_ms == 0 ? 0
            : timeout_ms < 0 ? -1 : (int64_t)timeout_ms * 1000000;
  if (sim_select(nfds, bits, t, &polled) < 0)
    return -1;
  for (nfds_t i = 0; i < n; i++) {
    int fd = p[i].fd;
    if (fd < 0 || fd >= 64 || shim_is_std(fd))
      continue;
    if (polled >> fd & 1)
      p[i].revents = POLLNVAL;
    if (bits[0] >> fd & 1) p[i].revents |= p[i].events & (POLLIN | POLLRDNORM);
    if (bits[1] >> fd & 1) p[i].revents |= p[i].events & (POLLOUT | POLLWRNORM);
    if (bits[2] >> fd & 1) p[i].revents |= POLLPRI;
  }
  int count = 0;
  for (nfds_t i = 0; i < n; i++)
    count += p[i].revents != 0;
  return count;
}

int __poll_chk(struct pollfd *p, nfds_t n, int timeout_ms, size_t len);

X int __poll_chk(struct pollfd *p, nfds_t n, int timeout_ms, size_t len)
{
  (void)len;
  return poll(p, n, timeout_ms);
}

static void set_to_bits(int nfds, fd_set *s, uint64_t *b)
{
  *b = 0;
  for (int fd = 0; s && fd < nfds && fd < 64; fd++)
    if (!shim_is_std(fd) && FD_ISSET(fd, s))
      *b |= 1ull << fd;
}

/* The ready bits back; those of 64 and above (never open) cleared. */
static void bits_to_set(int nfds, fd_set *s, uint64_t b)
{
  for (int fd = 0; s && fd < nfds && fd < FD_SETSIZE; fd++) {
    if (shim_is_std(fd))
      continue;
    if (fd < 64 && (b >> fd & 1))
      FD_SET(fd, s);
    else
      FD_CLR(fd, s);
  }
}

X int select(int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
  for (int fd = 0; fd < 3 && fd < nfds; fd++)
    if (shim_is_std(fd) && ((r && FD_ISSET(fd, r)) ||
                            (w && FD_ISSET(fd, w)) || (e && FD_ISSET(fd, e))))
      shim_uncovered("select on a standard descriptor");
  int all = nfds > FD_SETSIZE ? FD_SETSIZE : nfds;
  if (nfds > 64)
    nfds = 64;
  uint64_t bits[3];
  set_to_bits(nfds, r, &bits[0]);
  set_to_bits(nfds, w, &bits[1]);
  set_to_bits(nfds, e, &bits[2]);
  int64_t t = tv ? (int64_t)tv->tv_sec * 1000000000 + tv->tv_usec * 1000
                 : -1;
  uint64_t none = 0;
  int n = sim_select(nfds, bits, t, &none);
  if (n < 0)
    return -1;
  bits_to_set(all, r, bits[0]);
  bits_to_set(all, w, bits[1]);
  bits_to_set(all, e, bits[2]);
  return n;
}
