/* shim/shim_abi.h: the Linux ABI against the simulated host's: socket
 * addresses, option levels and names, message flags (shim_abi.c). */
#ifndef IPCSIM_SHIM_ABI_H
#define IPCSIM_SHIM_ABI_H

#include <sys/socket.h>
#include "chan.h"

/* A Linux sockaddr (AF_INET or AF_UNIX) as a chan_addr. -1 with errno
 * EAFNOSUPPORT or EINVAL when it cannot be. */
int shim_addr_in(const struct sockaddr *sa, socklen_t len,
                 struct chan_addr *out);

/* A chan_addr into a Linux sockaddr of at most *len bytes (truncated as
 * the kernel does); *len becomes its full size. sa may be NULL. */
void shim_addr_out(const struct chan_addr *a, struct sockaddr *sa,
                   socklen_t *len);

/* Linux send/recv flags as BSD ones (MSG_NOSIGNAL as CHAN_MSG_NOSIGNAL). */
int shim_msg_flags(int flags);

/* A Linux (level, name) as BSD's; 0, or -1 (ENOPROTOOPT) when the
 * simulated host has no such option. */
int shim_sockopt(int level, int name, int *blevel, int *bname);

#endif
