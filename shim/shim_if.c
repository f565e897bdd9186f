/* shim/shim_if.c: the interface ioctls (SIOCGIFCONF, SIOCGIFFLAGS,
 * SIOCGIFADDR, SIOCGIFNETMASK, SIOCGIFBRDADDR, SIOCGIFDSTADDR), which the
 * simulated host answers (hosts/if_ioctl.c). Linux's struct ifreq is 40
 * bytes (4.4BSD's 32) and its SIOCGIFCONF lists only the interfaces'
 * internet addresses, one fixed-size entry each, while 4.4BSD's lists a
 * link-level entry before each: the shim asks the host for its whole
 * list and keeps the AF_INET entries, copying whole ones while they fit
 * in ifc_len (none with a null buffer: then ifc_len says how many bytes
 * all would need, as Linux does). Flags: 4.4BSD's IFF_SIMPLEX (0x800)
 * has no Linux meaning (there it would read as IFF_SLAVE) and is
 * dropped; the others up to IFF_NOARP have the same bits. */
#define _GNU_SOURCE
#include "shim.h"
#include "shim_if.h"

#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

static int ifconf(int fd, struct ifconf *ifc)
{
  struct chan_ifreq got[64];
  struct chan_req r = { .op = CHAN_IFCONF, .a = { fd, INT32_MAX } };
  struct chan_rep rep;
  int n = (int)shim_call(&r, NULL, 0, &rep, got, sizeof got);
  if (n < 0)
    return -1;
  if (n > 64)
    n = 64;
  int used = 0;
  for (int i = 0; i < n; i++) {
    if (got[i].family != CHAN_AF_INET)
      continue;
    if (ifc->ifc_buf) {
      if (ifc->ifc_len - used < (int)sizeof(struct ifreq))
        break;
      struct ifreq *e = (struct ifreq *)(void *)(ifc->ifc_buf + used);
      memset(e, 0, sizeof *e);
      memcpy(e->ifr_name, got[i].name, IFNAMSIZ - 1);
      struct sockaddr_in *sin = (struct sockaddr_in *)(void *)&e->ifr_addr;
      sin->sin_family = AF_INET;
      sin->sin_addr.s_addr = htonl(got[i].addr);
    }
    used += (int)sizeof(struct ifreq);
  }
  ifc->ifc_len = used;
  return 0;
}

static int ifreq(int fd, unsigned long req, struct ifreq *ifr)
{
  uint32_t bsd = req == SIOCGIFFLAGS ? CHAN_SIOCGIFFLAGS
               : req == SIOCGIFADDR ? CHAN_SIOCGIFADDR
               : req == SIOCGIFNETMASK ? CHAN_SIOCGIFNETMASK
               : req == SIOCGIFBRDADDR ? CHAN_SIOCGIFBRDADDR
               : CHAN_SIOCGIFDSTADDR;
  char name[CHAN_IFNAMSIZ] = { 0 };
  memcpy(name, ifr->ifr_name, IFNAMSIZ - 1);
  struct chan_req r = { .op = CHAN_IFIOCTL, .a = { fd, bsd } };
  struct chan_rep rep;
  if (shim_call(&r, name, sizeof name, &rep, NULL, 0) < 0)
    return -1;
  if (req == SIOCGIFFLAGS) {
    ifr->ifr_flags = (short)(rep.b[0] & 0xff);
    return 0;
  }
  struct sockaddr_in sin = { .sin_family = AF_INET,
                             .sin_addr = { htonl((uint32_t)rep.b[0]) } };
  memcpy(&ifr->ifr_addr, &sin, sizeof sin);
  return 0;
}

bool shim_if_request(unsigned long req)
{
  return req == SIOCGIFCONF || req == SIOCGIFFLAGS || req == SIOCGIFADDR ||
         req == SIOCGIFNETMASK || req == SIOCGIFBRDADDR ||
         req == SIOCGIFDSTADDR;
}

int shim_if_ioctl(int fd, unsigned long req, void *arg)
{
  if (req == SIOCGIFCONF)
    return ifconf(fd, arg);
  return ifreq(fd, req, arg);
}
