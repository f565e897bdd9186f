/* shim/shim_abi.c: translating the Linux ABI (what the program was
 * compiled against) to the simulated host's 4.4BSD values and back.
 * sockaddr_in is the same layout on both sides (network byte order);
 * the constants differ: SOL_SOCKET is 1 on Linux and 0xffff on BSD,
 * SO_REUSEADDR 2 and 4, MSG_WAITALL 0x100 and 0x40, and so on. */
#define _GNU_SOURCE
#include "shim_abi.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <string.h>
#include <sys/un.h>

int shim_addr_in(const struct sockaddr *sa, socklen_t len,
                 struct chan_addr *out)
{
  memset(out, 0, sizeof *out);
  if (!sa || len < sizeof(sa_family_t)) {
    errno = EINVAL;
    return -1;
  }
  if (sa->sa_family == AF_INET) {
    if (len < sizeof(struct sockaddr_in)) {
      errno = EINVAL;
      return -1;
    }
    const struct sockaddr_in *in = (const void *)sa;
    out->family = CHAN_AF_INET;
    out->addr = ntohl(in->sin_addr.s_addr);
    out->port = ntohs(in->sin_port);
    return 0;
  }
  if (sa->sa_family == AF_UNIX) {
    const struct sockaddr_un *un = (const void *)sa;
    size_t n = len - offsetof(struct sockaddr_un, sun_path);
    if (n >= sizeof out->path)
      n = sizeof out->path - 1;
    out->family = CHAN_AF_UNIX;
    memcpy(out->path, un->sun_path, n);
    return 0;
  }
  if (sa->sa_family == AF_UNSPEC) {
    out->family = CHAN_AF_UNSPEC;
    return 0;
  }
  errno = EAFNOSUPPORT;
  return -1;
}

void shim_addr_out(const struct chan_addr *a, struct sockaddr *sa,
                   socklen_t *len)
{
  struct sockaddr_storage ss;
  socklen_t full;
  memset(&ss, 0, sizeof ss);
  if (a->family == CHAN_AF_UNIX) {
    struct sockaddr_un *un = (void *)&ss;
    un->sun_family = AF_UNIX;
    strncpy(un->sun_path, a->path, sizeof un->sun_path - 1);
    full = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
                       strlen(un->sun_path) + 1);
  } else {
    struct sockaddr_in *in = (void *)&ss;
    in->sin_family = a->family == CHAN_AF_INET ? AF_INET : AF_UNSPEC;
    in->sin_addr.s_addr = htonl(a->addr);
    in->sin_port = htons((uint16_t)a->port);
    full = sizeof *in;
  }
  if (sa && len)
    memcpy(sa, &ss, *len < full ? *len : full);
  if (len)
    *len = full;
}

int shim_msg_flags(int flags)
{
  int b = 0;
  if (flags & MSG_OOB) b |= CHAN_MSG_OOB;
  if (flags & MSG_PEEK) b |= CHAN_MSG_PEEK;
  if (flags & MSG_DONTROUTE) b |= CHAN_MSG_DONTROUTE;
  if (flags & MSG_WAITALL) b |= CHAN_MSG_WAITALL;
  if (flags & MSG_DONTWAIT) b |= CHAN_MSG_DONTWAIT;
  if (flags & MSG_NOSIGNAL) b |= CHAN_MSG_NOSIGNAL;
  return b;
}

/* Linux SO_* -> BSD SO_*, 0 when the host has none. */
static int so_name(int name)
{
  switch (name) {
  case SO_DEBUG: return 0x0001;
  case SO_ACCEPTCONN: return 0x0002;
  case SO_REUSEADDR: return 0x0004;
  case SO_KEEPALIVE: return 0x0008;
  case SO_DONTROUTE: return 0x0010;
  case SO_BROADCAST: return 0x0020;
  case SO_LINGER: return 0x0080;
  case SO_OOBINLINE: return 0x0100;
  case SO_SNDBUF: return 0x1001;
  case SO_RCVBUF: return 0x1002;
  case SO_SNDLOWAT: return 0x1003;
  case SO_RCVLOWAT: return 0x1004;
  case SO_SNDTIMEO: return 0x1005;
  case SO_RCVTIMEO: return 0x1006;
  case SO_ERROR: return 0x1007;
  case SO_TYPE: return 0x1008;
  default: return 0;
  }
}

/* Linux IP_* -> BSD IP_*. */
static int ip_name(int name)
{
  switch (name) {
  case IP_OPTIONS: return 1;
  case IP_HDRINCL: return 2;
  case IP_TOS: return 3;
  case IP_TTL: return 4;
  default: return 0;
  }
}

int shim_sockopt(int level, int name, int *blevel, int *bname)
{
  *blevel = level;
  *bname = 0;
  if (level == SOL_SOCKET) {
    *blevel = CHAN_SOL_SOCKET;
    *bname = so_name(name);
  } else if (level == IPPROTO_IP) {
    *bname = ip_name(name);
  } else if (level == IPPROTO_TCP) {
    if (name == TCP_NODELAY || name == TCP_MAXSEG)
      *bname = name;              /* 1 and 2 on both */
  }
  if (*bname == 0) {
    errno = ENOPROTOOPT;
    return -1;
  }
  return 0;
}
