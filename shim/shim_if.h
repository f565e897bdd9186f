/* shim/shim_if.h: the interface ioctls (shim_if.c), for ioctl() in
 * shim_fd.c. */
#ifndef IPCSIM_SHIM_IF_H
#define IPCSIM_SHIM_IF_H

#include <stdbool.h>

/* Whether req (Linux's) is one of the interface reads shim_if_ioctl
 * makes. */
bool shim_if_request(unsigned long req);

/* One of them on simulated descriptor fd; arg a struct ifconf or ifreq. */
int shim_if_ioctl(int fd, unsigned long req, void *arg);

#endif
