/* hosts/if_ioctl.h: the interface ioctls a program uses to learn the
 * host's network configuration (4.4BSD primer section 5.5): SIOCGIFCONF
 * lists the interfaces, SIOCGIFFLAGS reads an interface's IFF_ flags, and
 * SIOCGIFADDR, SIOCGIFNETMASK, SIOCGIFBRDADDR and SIOCGIFDSTADDR its
 * internet addresses. Read only: nothing here configures an interface.
 * Every host also has the loopback interface lo0 (127.0.0.1/8), which is
 * not a struct netif (the loopback path is protocols' to_self). Call
 * order: sys_ifconf / sys_ifioctl -> ifunit -> the flags or in_control's
 * reads. Read 4.4BSD net/if.c (ifioctl, ifconf), netinet/in.c
 * (in_control), net/if.h and sys/sockio.h. */
#ifndef IPCSIM_IF_IOCTL_H
#define IPCSIM_IF_IOCTL_H

#include <glib.h>
#include <stdbool.h>
#include "in.h"

struct host;
struct proc;
struct netif;

#define IFNAMSIZ   16           /* net/if.h: names are shorter than this */
#define IFREQ_SIZE 32           /* sizeof (struct ifreq): name + sockaddr */
#define AF_LINK    18           /* sys/socket.h: a link-level address */
#define LOOPBACK_IFNAME "lo0"   /* the loopback interface of every host */

/* net/if.h interface flags (those a simulated interface can have). */
#define IFF_UP          0x1     /* configured: has an address */
#define IFF_BROADCAST   0x2     /* broadcast address valid */
#define IFF_DEBUG       0x4     /* (never set here) */
#define IFF_LOOPBACK    0x8     /* the loopback interface */
#define IFF_POINTOPOINT 0x10    /* a point-to-point link */
#define IFF_NOTRAILERS  0x20    /* no trailer encapsulation */
#define IFF_RUNNING     0x40    /* resources allocated */
#define IFF_NOARP       0x80    /* (never set here) */
#define IFF_SIMPLEX     0x800   /* cannot hear its own transmissions */

/* sys/sockio.h requests, as _IOWR('i', n, type) encodes them. */
#define SIOCGIFFLAGS   0xc0206911u  /* _IOWR('i', 17, struct ifreq) */
#define SIOCGIFADDR    0xc0206921u  /* _IOWR('i', 33, struct ifreq) */
#define SIOCGIFDSTADDR 0xc0206922u  /* _IOWR('i', 34, struct ifreq) */
#define SIOCGIFBRDADDR 0xc0206923u  /* _IOWR('i', 35, struct ifreq) */
#define SIOCGIFCONF    0xc0086924u  /* _IOWR('i', 36, struct ifconf) */
#define SIOCGIFNETMASK 0xc0206925u  /* _IOWR('i', 37, struct ifreq) */

/* The group letter of an ioctl request ('i' for the interface ones). */
#define IOCGROUP(cmd) ((int)(((cmd) >> 8) & 0xff))

/* One struct ifreq: a name and what the request read. */
struct if_req {
  char name[IFNAMSIZ];          /* "en0", NUL-terminated */
  int family;                   /* of addr: AF_INET, or AF_LINK (SIOCGIFCONF
                                   only), or AF_UNSPEC */
  in_addr32 addr;               /* AF_INET: the address asked for */
  const struct netif *ifp;      /* AF_LINK: its interface (NULL for lo0) */
  int flags;                    /* SIOCGIFFLAGS: IFF_* */
};

/* SIOCGIFCONF on fd: the host's interfaces in attach order, then lo0,
 * each as an AF_LINK entry followed by its AF_INET address if it has one
 * (4.4BSD's ifaddr list). *len is the buffer's size in bytes on entry
 * (ifc_len) and the bytes used on return; entries are IFREQ_SIZE bytes
 * and, as in 4.4BSD, one is copied only while more than IFREQ_SIZE bytes
 * are left. Writes at most max entries to out (IFCONF_MAX(h) always
 * suffice). The count, or -EBADF, or -ENOTTY when fd is not a socket. */
int sys_ifconf(struct proc *p, int fd, int *len, struct if_req *out,
               int max);

/* The most entries SIOCGIFCONF can give on h: two per interface, lo0's. */
#define IFCONF_MAX(h) (2 * ((int)(h)->ifs->len + 1))

/* Any other 'i' request on fd, with ifr->name naming the interface: fills
 * ifr (flags, or family AF_INET and addr). world is every host (struct
 * host *), where SIOCGIFDSTADDR finds the link's other end. Errors:
 * -EBADF, -ENOTTY (not a socket), -ENXIO (no such interface),
 * -EOPNOTSUPP (an address request on a socket not of the internet domain),
 * -EADDRNOTAVAIL (the interface has no internet address), -EINVAL
 * (SIOCGIFBRDADDR off a broadcast interface, SIOCGIFDSTADDR off a
 * point-to-point one, or a request that is not simulated). */
int sys_ifioctl(struct proc *p, int fd, unsigned long cmd,
                struct if_req *ifr, const GPtrArray *world);

/* The IFF_ flags of an interface (NULL: lo0). */
int if_flags(const struct netif *ifp);

#endif
