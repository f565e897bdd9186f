/* shim/shim_sock.c: the socket calls of the primer, interposed: socket,
 * bind, listen, accept, connect, send/recv and their relatives, read,
 * write, close, shutdown, the names and the options (readv, writev,
 * sendmsg, recvmsg: shim_msg.c). Each becomes one
 * request (chan.h); the simulator answers when the simulated call
 * completes, so a blocking call blocks in simulated time. Descriptors
 * 0..2 are the real standard ones and go to the real kernel (unless a
 * dup2 made them the simulated host's, shim_std.c). */
#define _GNU_SOURCE
#include "shim.h"
#include "shim_abi.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define X SHIM_EXPORT

static int sock_op(uint32_t op, int fd, const struct chan_addr *a)
{
  struct chan_req req = { .op = op, .a = { fd } };
  struct chan_rep rep;
  return (int)shim_call(&req, a, a ? sizeof *a : 0, &rep, NULL, 0);
}

X int socket(int domain, int type, int protocol)
{
  int nb = type & SOCK_NONBLOCK;
  type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
  int dom = domain == AF_INET ? CHAN_AF_INET
          : domain == AF_UNIX ? CHAN_AF_UNIX : -1;
  if (dom < 0) {
    errno = EAFNOSUPPORT;
    return -1;
  }
  int fd = (int)shim_simple(CHAN_SOCKET, dom, type, protocol, 0, 0);
  if (fd >= 0 && nb)
    shim_simple(CHAN_FCNTL_NB, fd, 1, 0, 0, 0);
  return fd;
}

X int bind(int fd, const struct sockaddr *sa, socklen_t len)
{
  struct chan_addr a;
  if (shim_addr_in(sa, len, &a) < 0)
    return -1;
  return sock_op(CHAN_BIND, fd, &a);
}

X int connect(int fd, const struct sockaddr *sa, socklen_t len)
{
  struct chan_addr a;
  if (shim_addr_in(sa, len, &a) < 0)
    return -1;
  return sock_op(CHAN_CONNECT, fd, &a);
}

X int listen(int fd, int backlog)
{
  return (int)shim_simple(CHAN_LISTEN, fd, backlog, 0, 0, 0);
}

/* accept, getsockname, getpeername: an address comes back. */
static int addr_call(uint32_t op, int fd, struct sockaddr *sa,
                     socklen_t *len)
{
  struct chan_req req = { .op = op, .a = { fd } };
  struct chan_rep rep;
  struct chan_addr a = { 0 };
  int r = (int)shim_call(&req, NULL, 0, &rep, &a, sizeof a);
  if (r >= 0 && sa && len)
    shim_addr_out(&a, sa, len);
  return r;
}

X int accept(int fd, struct sockaddr *sa, socklen_t *len)
{
  return addr_call(CHAN_ACCEPT, fd, sa, len);
}

X int accept4(int fd, struct sockaddr *sa, socklen_t *len, int flags)
{
  int s = addr_call(CHAN_ACCEPT, fd, sa, len);
  if (s >= 0 && (flags & SOCK_NONBLOCK))
    shim_simple(CHAN_FCNTL_NB, s, 1, 0, 0, 0);
  return s;
}

X int getsockname(int fd, struct sockaddr *sa, socklen_t *len)
{
  return addr_call(CHAN_GETSOCKNAME, fd, sa, len);
}

X int getpeername(int fd, struct sockaddr *sa, socklen_t *len)
{
  return addr_call(CHAN_GETPEERNAME, fd, sa, len);
}

/* One piece of a send: at most CHAN_MAX bytes. */
static ssize_t send_piece(int fd, const void *buf, size_t len, int flags,
                          const struct chan_addr *to)
{
  char data[sizeof *to + CHAN_MAX];
  size_t alen = to ? sizeof *to : 0;
  if (to)
    memcpy(data, to, alen);
  memcpy(data + alen, buf, len);
  struct chan_req req = { .op = CHAN_SENDTO,
                          .a = { fd, shim_msg_flags(flags), to != NULL } };
  struct chan_rep rep;
  return shim_call(&req, data, alen + len, &rep, NULL, 0);
}

/* send, sendto, write: pieces of CHAN_MAX until all is taken (or an
 * error after some was: the count). A datagram goes whole or not. */
static ssize_t do_send(int fd, const void *buf, size_t len, int flags,
                       const struct chan_addr *to)
{
  size_t done = 0;
  do {
    size_t n = len - done > CHAN_MAX ? CHAN_MAX : len - done;
    ssize_t r = send_piece(fd, (const char *)buf + done, n, flags, to);
    if (r < 0)
      return done ? (ssize_t)done : -1;
    done += (size_t)r;
    if ((size_t)r < n)
      break;
  } while (done < len);
  return (ssize_t)done;
}

X ssize_t send(int fd, const void *buf, size_t len, int flags)
{
  return do_send(fd, buf, len, flags, NULL);
}

X ssize_t sendto(int fd, const void *buf, size_t len, int flags,
                 const struct sockaddr *sa, socklen_t salen)
{
  struct chan_addr a;
  if (sa && shim_addr_in(sa, salen, &a) < 0)
    return -1;
  return do_send(fd, buf, len, flags, sa ? &a : NULL);
}

X ssize_t write(int fd, const void *buf, size_t len)
{
  if (shim_is_std(fd))
    return shim_sys(SYS_write, fd, (long)buf, (long)len, 0, 0, 0);
  struct chan_req req = { .op = CHAN_WRITE, .a = { fd } };
  struct chan_rep rep;
  size_t done = 0;
  do {
    size_t n = len - done > CHAN_MAX ? CHAN_MAX : len - done;
    ssize_t r = shim_call(&req, (const char *)buf + done, n, &rep, NULL, 0);
    if (r < 0)
      return done ? (ssize_t)done : -1;
    done += (size_t)r;
    if ((size_t)r < n)
      break;
  } while (done < len);
  return (ssize_t)done;
}

/* recvfrom, recv, read on a socket: the data and who sent it. */
static ssize_t do_recv(int fd, void *buf, size_t len, int flags,
                       struct sockaddr *sa, socklen_t *salen)
{
  char data[sizeof(struct chan_addr) + CHAN_MAX];
  size_t n = len > CHAN_MAX ? CHAN_MAX : len;
  struct chan_req req = { .op = CHAN_RECVFROM,
                          .a = { fd, (int64_t)n, shim_msg_flags(flags),
                                 -1 } };
  struct chan_rep rep;
  ssize_t r = shim_call(&req, NULL, 0, &rep, data, sizeof data);
  if (r < 0)
    return -1;
  memcpy(buf, data + sizeof(struct chan_addr), (size_t)r);
  if (sa && salen)
    shim_addr_out((const struct chan_addr *)(void *)data, sa, salen);
  return r;
}

X ssize_t recv(int fd, void *buf, size_t len, int flags)
{
  return do_recv(fd, buf, len, flags, NULL, NULL);
}

X ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
                   struct sockaddr *sa, socklen_t *salen)
{
  return do_recv(fd, buf, len, flags, sa, salen);
}

X ssize_t read(int fd, void *buf, size_t len)
{
  if (shim_is_std(fd))
    return shim_sys(SYS_read, fd, (long)buf, (long)len, 0, 0, 0);
  size_t n = len > CHAN_MAX ? CHAN_MAX : len;
  struct chan_req req = { .op = CHAN_READ, .a = { fd, (int64_t)n } };
  struct chan_rep rep;
  return shim_call(&req, NULL, 0, &rep, buf, n);
}

/* Closing a real standard descriptor frees its slot in the simulated
 * table too, and the number is the simulated host's from then on, so
 * the next descriptor made there can be it ("close(0); dup(s)"). */
X int close(int fd)
{
  if (!shim_is_std(fd))
    return (int)shim_simple(CHAN_CLOSE, fd, 0, 0, 0, 0);
  int r = (int)shim_sys(SYS_close, fd, 0, 0, 0, 0, 0);
  if (r == 0) {
    shim_simple(CHAN_CLOSE, fd, 0, 0, 0, 0);
    shim_std_take(1u << fd);
  }
  return r;
}

X int shutdown(int fd, int how)
{
  return (int)shim_simple(CHAN_SHUTDOWN, fd, how, 0, 0, 0);
}

X int setsockopt(int fd, int level, int name, const void *val,
                 socklen_t len)
{
  int bl, bn;
  int64_t v = 0, onoff = 0;
  if (shim_sockopt(level, name, &bl, &bn) < 0)
    return -1;
  if (level == SOL_SOCKET && name == SO_LINGER && len >= sizeof(struct linger)) {
    const struct linger *l = val;
    onoff = l->l_onoff;
    v = l->l_linger;
  } else if (level == SOL_SOCKET && (name == SO_RCVTIMEO || name == SO_SNDTIMEO)
             && len >= sizeof(struct timeval)) {
    const struct timeval *tv = val;
    v = tv->tv_sec;
    onoff = tv->tv_usec;
  } else if (len >= sizeof(int)) {
    v = *(const int *)val;
    onoff = v != 0;
  } else {
    errno = EINVAL;
    return -1;
  }
  return (int)shim_simple(CHAN_SETSOCKOPT, fd, bl, bn, v, onoff);
}

X int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
  int bl, bn;
  if (shim_sockopt(level, name, &bl, &bn) < 0)
    return -1;
  struct chan_req req = { .op = CHAN_GETSOCKOPT, .a = { fd, bl, bn } };
  struct chan_rep rep;
  if (shim_call(&req, NULL, 0, &rep, NULL, 0) < 0)
    return -1;
  if (level == SOL_SOCKET && name == SO_LINGER && *len >= sizeof(struct linger)) {
    struct linger l = { (int)rep.b[1], (int)rep.b[0] };
    memcpy(val, &l, sizeof l);
    *len = sizeof l;
  } else if (level == SOL_SOCKET && (name == SO_RCVTIMEO || name == SO_SNDTIMEO)
             && *len >= sizeof(struct timeval)) {
    struct timeval tv = { rep.b[0], rep.b[1] };
    memcpy(val, &tv, sizeof tv);
    *len = sizeof tv;
  } else if (*len >= sizeof(int)) {
    int v = (int)rep.b[0];
    if (level == SOL_SOCKET && name == SO_TYPE)
      v = v;                          /* 1, 2, 3 on both */
    memcpy(val, &v, sizeof v);
    *len = sizeof v;
  } else {
    errno = EINVAL;
    return -1;
  }
  return 0;
}

X int socketpair(int domain, int type, int protocol, int sv[2])
{
  struct chan_req req = { .op = CHAN_SOCKETPAIR,
                          .a = { domain == AF_UNIX ? CHAN_AF_UNIX : -1,
                                 type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC),
                                 protocol } };
  struct chan_rep rep;
  if (shim_call(&req, NULL, 0, &rep, NULL, 0) < 0)
    return -1;
  sv[0] = (int)rep.b[0];
  sv[1] = (int)rep.b[1];
  return 0;
}

X int pipe(int fds[2])
{
  struct chan_req req = { .op = CHAN_PIPE };
  struct chan_rep rep;
  if (shim_call(&req, NULL, 0, &rep, NULL, 0) < 0)
    return -1;
  fds[0] = (int)rep.b[0];
  fds[1] = (int)rep.b[1];
  return 0;
}

X int pipe2(int fds[2], int flags)
{
  (void)flags;
  return pipe(fds);
}

/* The _FORTIFY_SOURCE forms (Debian builds its packages with them):
 * the same calls, after the C library's own bounds check. */
ssize_t __read_chk(int fd, void *buf, size_t len, size_t buflen);
ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen, int flags);
ssize_t __recvfrom_chk(int fd, void *buf, size_t len, size_t buflen,
                       int flags, struct sockaddr *sa, socklen_t *salen);

X ssize_t __read_chk(int fd, void *buf, size_t len, size_t buflen)
{
  if (len > buflen)
    shim_uncovered("__read_chk (a buffer overflow the C library stops)");
  return read(fd, buf, len);
}

X ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen, int flags)
{
  if (len > buflen)
    shim_uncovered("__recv_chk (a buffer overflow the C library stops)");
  return recv(fd, buf, len, flags);
}

X ssize_t __recvfrom_chk(int fd, void *buf, size_t len, size_t buflen,
                         int flags, struct sockaddr *sa, socklen_t *salen)
{
  if (len > buflen)
    shim_uncovered("__recvfrom_chk (a buffer overflow the C library stops)");
  return recvfrom(fd, buf, len, flags, sa, salen);
}
