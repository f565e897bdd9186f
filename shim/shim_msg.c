/* shim/shim_msg.c: the gathering and scattering calls, interposed:
 * writev, readv, sendmsg and recvmsg, each through one buffer of at most
 * CHAN_MAX bytes. sendmsg's and recvmsg's control data are Linux cmsghdrs
 * (CMSG_* of <sys/socket.h>): SCM_RIGHTS goes to the simulator as the
 * descriptor numbers after the address of a CHAN_SENDTO request and comes
 * back after the address of CHAN_RECVFROM's reply (chan.h); any other
 * control message (SCM_CREDENTIALS, ...) stops the run. */
#define _GNU_SOURCE
#include "shim.h"
#include "shim_abi.h"

#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#define X SHIM_EXPORT

static size_t iov_total(const struct iovec *iov, int n)
{
  size_t t = 0;
  for (int i = 0; i < n; i++)
    t += iov[i].iov_len;
  return t;
}

static void iov_scatter(const struct iovec *iov, int n, const char *buf,
                        size_t len)
{
  for (int i = 0; i < n && len > 0; i++) {
    size_t k = iov[i].iov_len < len ? iov[i].iov_len : len;
    memcpy(iov[i].iov_base, buf, k);
    buf += k;
    len -= k;
  }
}

/* len bytes of iov from offset skip into buf. */
static char *iov_gather(const struct iovec *iov, int n, size_t skip,
                        char *buf, size_t len)
{
  char *p = buf;
  for (int i = 0; i < n && len > 0; i++) {
    size_t l = iov[i].iov_len, s = skip < l ? skip : l;
    size_t k = l - s < len ? l - s : len;
    skip -= s;
    memcpy(p, (const char *)iov[i].iov_base + s, k);
    p += k;
    len -= k;
  }
  return buf;
}

X ssize_t writev(int fd, const struct iovec *iov, int n)
{
  size_t len = iov_total(iov, n);
  if (len > CHAN_MAX)
    len = CHAN_MAX;                   /* a short write, as allowed */
  char buf[CHAN_MAX];
  return write(fd, iov_gather(iov, n, 0, buf, len), len);
}

X ssize_t readv(int fd, const struct iovec *iov, int n)
{
  char buf[CHAN_MAX];
  size_t len = iov_total(iov, n);
  ssize_t r = read(fd, buf, len > CHAN_MAX ? CHAN_MAX : len);
  if (r > 0)
    iov_scatter(iov, n, buf, (size_t)r);
  return r;
}

/* The descriptors of m's SCM_RIGHTS messages into fds; any other control
 * message stops the run. Their count, or -1 (EINVAL: a bad length, more
 * than CHAN_RIGHTS_MAX, or a real standard descriptor). */
static int cmsg_rights(const struct msghdr *m, int32_t *fds)
{
  int n = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c;
       c = CMSG_NXTHDR((struct msghdr *)m, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS)
      shim_uncovered("sendmsg with SCM_CREDENTIALS (only SCM_RIGHTS "
                     "control data is passed)");
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
      shim_uncovered("sendmsg with control data other than SCM_RIGHTS");
    size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    if (c->cmsg_len < CMSG_LEN(0) || n + k > CHAN_RIGHTS_MAX)
      return errno = EINVAL, -1;
    for (size_t i = 0; i < k; i++) {
      int fd;
      memcpy(&fd, CMSG_DATA(c) + i * sizeof fd, sizeof fd);
      if (shim_is_std(fd))
        shim_uncovered("sendmsg passing a real standard descriptor "
                       "(0, 1 or 2) with SCM_RIGHTS");
      fds[n++] = fd;
    }
  }
  return n;
}

/* One request: the first len bytes of m's data with nfds descriptors. */
static ssize_t send_rights(int fd, const struct msghdr *m, size_t len,
                           int flags, const int32_t *fds, int nfds)
{
  struct chan_addr to;
  if (m->msg_name && shim_addr_in(m->msg_name, m->msg_namelen, &to) < 0)
    return -1;
  char data[sizeof to + CHAN_MAX];
  size_t alen = m->msg_name ? sizeof to : 0;
  size_t flen = (size_t)nfds * sizeof *fds;
  memcpy(data, &to, alen);
  memcpy(data + alen, fds, flen);
  iov_gather(m->msg_iov, (int)m->msg_iovlen, 0, data + alen + flen, len);
  struct chan_req req = { .op = CHAN_SENDTO,
                          .a = { fd, shim_msg_flags(flags), alen != 0,
                                 nfds } };
  struct chan_rep rep;
  return shim_call(&req, data, alen + flen + len, &rep, NULL, 0);
}

X ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
  size_t len = iov_total(m->msg_iov, (int)m->msg_iovlen);
  char buf[CHAN_MAX];
  if (!m->msg_controllen) {
    if (len > CHAN_MAX)
      return errno = EMSGSIZE, -1;
    iov_gather(m->msg_iov, (int)m->msg_iovlen, 0, buf, len);
    return sendto(fd, buf, len, flags, m->msg_name, m->msg_namelen);
  }
  int32_t fds[CHAN_RIGHTS_MAX];
  int nfds = cmsg_rights(m, fds);
  if (nfds < 0)
    return -1;
  size_t first = CHAN_MAX - (size_t)nfds * sizeof *fds;
  if (len <= first)
    return send_rights(fd, m, len, flags, fds, nfds);
  /* A long stream send: the rights with the first piece, then the rest
   * (a datagram this long is EMSGSIZE anyway). */
  ssize_t r = send_rights(fd, m, first, flags, fds, nfds);
  if (r < (ssize_t)first)
    return r;
  size_t rest = len - first > CHAN_MAX ? CHAN_MAX : len - first;
  iov_gather(m->msg_iov, (int)m->msg_iovlen, first, buf, rest);
  ssize_t r2 = send(fd, buf, rest, flags);
  return r2 < 0 ? r : r + r2;
}

/* Linux msg_flags from the BSD ones of recvfrom's reply. */
static int linux_rflags(int64_t b)
{
  return ((b & CHAN_MSG_TRUNC) ? MSG_TRUNC : 0) |
         ((b & CHAN_MSG_CTRUNC) ? MSG_CTRUNC : 0);
}

/* The n descriptors received into m's control buffer as one SCM_RIGHTS
 * message (the simulator passed only as many as fit); those landing on
 * 0..2 are the simulated host's from now on. */
static void cmsg_out(struct msghdr *m, const int32_t *fds, int n)
{
  size_t cap = m->msg_controllen;
  struct cmsghdr *c = n ? CMSG_FIRSTHDR(m) : NULL;
  m->msg_controllen = 0;
  if (!c)
    return;
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(n * sizeof(int));
  unsigned char *d = CMSG_DATA(c);
  memcpy(d, fds, n * sizeof *fds);          /* int32_t is Linux's int */
  for (int i = 0; i < n; i++)
    if (fds[i] >= 0 && fds[i] <= 2)
      shim_std_take(1u << fds[i]);
  size_t space = CMSG_SPACE(n * sizeof(int));
  m->msg_controllen = space < cap ? space : cap;
}

X ssize_t recvmsg(int fd, struct msghdr *m, int flags)
{
  size_t len = iov_total(m->msg_iov, (int)m->msg_iovlen);
  size_t room = m->msg_control && m->msg_controllen > CMSG_LEN(0)
              ? (m->msg_controllen - CMSG_LEN(0)) / sizeof(int) : 0;
  if (room > CHAN_RIGHTS_MAX)
    room = CHAN_RIGHTS_MAX;
  if (len > CHAN_MAX - room * sizeof(int32_t))
    len = CHAN_MAX - room * sizeof(int32_t);
  char data[sizeof(struct chan_addr) + CHAN_MAX];
  struct chan_req req = { .op = CHAN_RECVFROM,
                          .a = { fd, (int64_t)len, shim_msg_flags(flags),
                                 (int64_t)room } };
  struct chan_rep rep;
  ssize_t r = shim_call(&req, NULL, 0, &rep, data, sizeof data);
  if (r < 0)
    return -1;
  int n = (int)rep.b[1];
  const char *p = data + sizeof(struct chan_addr);
  int32_t fds[CHAN_RIGHTS_MAX];
  memcpy(fds, p, (size_t)n * sizeof *fds);
  iov_scatter(m->msg_iov, (int)m->msg_iovlen, p + n * sizeof *fds,
              (size_t)r);
  socklen_t nl = m->msg_namelen;
  if (m->msg_name)
    shim_addr_out((const struct chan_addr *)(void *)data, m->msg_name, &nl);
  m->msg_namelen = m->msg_name ? nl : 0;
  cmsg_out(m, fds, n);
  m->msg_flags = linux_rflags(rep.b[0]);
  return r;
}
