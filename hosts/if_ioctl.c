/* hosts/if_ioctl.c: SIOCGIFCONF and the interface reads (if_ioctl.h), as
 * 4.4BSD's ifioctl and ifconf (net/if.c) and the reading half of
 * in_control (netinet/in.c). The checks come in their order: the
 * descriptor, ifconf before any name, the name (ENXIO), the flags, then
 * the protocol's part (EOPNOTSUPP off the internet domain, EADDRNOTAVAIL
 * without an address, EINVAL for the wrong kind of interface). */
#include <errno.h>
#include <string.h>
#include "fdtab.h"
#include "file.h"
#include "host.h"
#include "if_ioctl.h"
#include "netif.h"
#include "proc.h"
#include "protosw.h"
#include "socket.h"
#include "socketvar.h"

int if_flags(const struct netif *ifp)
{
  if (!ifp)
    return IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
  int f = ifp->port->kind == MEDIUM_ETHERNET
              ? IFF_BROADCAST | IFF_NOTRAILERS | IFF_SIMPLEX
              : IFF_POINTOPOINT;
  return ifp->in.set ? f | IFF_UP | IFF_RUNNING : f;   /* in_ifinit: up */
}

/* The socket at fd, or NULL with *err (-EBADF, or -ENOTTY for a file, as
 * 4.4BSD's vn_ioctl answers requests it does not know). */
static struct socket *getsock(struct proc *p, int fd, int *err)
{
  struct file *fp = fdtab_get(p->fd, fd);
  *err = !fp ? -EBADF : fp->type != FILE_SOCKET ? -ENOTTY : 0;
  return *err ? NULL : fp->data;
}

/* Where SIOCGIFCONF's entries go. */
struct ifconf_out {
  struct if_req *req;         /* the entries */
  int n, max;                 /* written, room */
  int space;                  /* bytes left of ifc_len */
};

/* Adds one entry if more than IFREQ_SIZE bytes are left. */
static bool put(struct ifconf_out *o, const char *name, int family,
                in_addr32 addr, const struct netif *ifp)
{
  if (o->space <= IFREQ_SIZE || o->n >= o->max)
    return false;
  struct if_req *r = &o->req[o->n++];
  *r = (struct if_req){ .family = family, .addr = addr, .ifp = ifp };
  g_strlcpy(r->name, name, sizeof r->name);
  o->space -= IFREQ_SIZE;
  return true;
}

/* One interface's entries (ifp NULL: lo0). */
static void put_if(struct ifconf_out *o, const struct netif *ifp)
{
  const char *name = ifp ? ifp->name : LOOPBACK_IFNAME;
  if (!put(o, name, AF_LINK, 0, ifp))
    return;
  if (!ifp)
    put(o, name, AF_INET, IN_ADDR_LOOPBACK, NULL);
  else if (ifp->in.set)
    put(o, name, AF_INET, ifp->in.addr, ifp);
}

int sys_ifconf(struct proc *p, int fd, int *len, struct if_req *out,
               int max)
{
  int err;
  if (!getsock(p, fd, &err))
    return err;
  struct host *h = p->host;
  struct ifconf_out o = { .req = out, .max = max, .space = *len };
  for (guint i = 0; i < h->ifs->len; i++)
    put_if(&o, g_ptr_array_index(h->ifs, i));
  put_if(&o, NULL);
  *len -= o.space;            /* 0 when it started at or below 0 */
  return o.n;
}

/* ifunit: the interface called name; *lo set for lo0. */
static const struct netif *ifunit(const struct host *h, const char *name,
                                  bool *lo)
{
  *lo = strcmp(name, LOOPBACK_IFNAME) == 0;
  return *lo ? NULL : host_find_if(h, name);
}

/* The other end of a point-to-point interface: the first other interface
 * of world on the same medium (the two ends share
 * their medium's name string), or NULL. */
static const struct netif *peer_of(const struct netif *ifp,
                                   const GPtrArray *world)
{
  for (guint i = 0; world && i < world->len; i++) {
    const struct host *h = g_ptr_array_index(world, i);
    for (guint j = 0; j < h->ifs->len; j++) {
      const struct netif *o = g_ptr_array_index(h->ifs, j);
      if (o != ifp && ifp->port->medium_name &&
          o->port->medium_name == ifp->port->medium_name)
        return o;
    }
  }
  return NULL;
}

/* in_control's reads for the interface (NULL: lo0). */
static int in_control(unsigned long cmd, const struct netif *ifp,
                      struct if_req *ifr, const GPtrArray *world)
{
  if (ifp && !ifp->in.set)
    return -EADDRNOTAVAIL;
  int flags = if_flags(ifp);
  ifr->family = AF_INET;
  switch (cmd) {
  case SIOCGIFADDR:
    ifr->addr = ifp ? ifp->in.addr : IN_ADDR_LOOPBACK;
    return 0;
  case SIOCGIFNETMASK:
    ifr->addr = ifp ? ifp->in.mask : in_netmask(8);
    return 0;
  case SIOCGIFBRDADDR:
    if (!(flags & IFF_BROADCAST))
      return -EINVAL;
    ifr->addr = ifp->in.bcast;
    return 0;
  case SIOCGIFDSTADDR: {
    if (!(flags & IFF_POINTOPOINT))
      return -EINVAL;
    const struct netif *o = peer_of(ifp, world);
    ifr->addr = o && o->in.set ? o->in.addr : 0;
    return 0;
  }
  default:
    ifr->family = AF_UNSPEC;
    return -EINVAL;             /* the driver's answer to the unknown */
  }
}

int sys_ifioctl(struct proc *p, int fd, unsigned long cmd,
                struct if_req *ifr, const GPtrArray *world)
{
  int err;
  struct socket *so = getsock(p, fd, &err);
  if (!so)
    return err;
  bool lo;
  ifr->name[IFNAMSIZ - 1] = '\0';
  const struct netif *ifp = ifunit(p->host, ifr->name, &lo);
  if (!ifp && !lo)
    return -ENXIO;
  if (cmd == SIOCGIFFLAGS) {
    ifr->flags = if_flags(ifp);
    return 0;
  }
  if (so->so_proto->pr_domain != AF_INET)
    return -EOPNOTSUPP;         /* uipc_usrreq's PRU_CONTROL */
  return in_control(cmd, ifp, ifr, world);
}
