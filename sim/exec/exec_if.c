/* sim/exec/exec_if.c: a real program's interface ioctls (SIOCGIFCONF,
 * SIOCGIFFLAGS, SIOCGIFADDR, SIOCGIFNETMASK, SIOCGIFBRDADDR,
 * SIOCGIFDSTADDR), answered by the simulated host's if_ioctl.c as a Lua
 * process's are. The shim translates Linux's struct ifreq and struct
 * ifconf into these requests and back (shim/shim_if.c). */
#include "exec_internal.h"
#include "host.h"
#include "if_ioctl.h"
#include "proc.h"
#include "socket.h"

#include <errno.h>
#include <string.h>

int exec_sock_ifconf(struct xproc *x)
{
  int len = (int)MIN(MAX(x->req.a[1], INT32_MIN), INT32_MAX);
  int max = IFCONF_MAX(x->p->host);
  struct if_req *got = g_new0(struct if_req, (gsize)max);
  int n = sys_ifconf(x->p, (int)x->req.a[0], &len, got, max);
  for (int i = 0; i < n; i++) {
    struct chan_ifreq e = { .family = got[i].family == AF_LINK
                                          ? CHAN_AF_LINK : CHAN_AF_INET,
                            .addr = got[i].addr };
    g_strlcpy(e.name, got[i].name, sizeof e.name);
    g_byte_array_append(x->out_data, (const guint8 *)&e, sizeof e);
  }
  g_free(got);
  x->rep.b[0] = len;
  return exec_reply(x, n);
}

int exec_sock_ifioctl(struct xproc *x)
{
  struct if_req r = { .family = AF_UNSPEC };
  size_t n = MIN(x->data->len, sizeof r.name - 1);
  memcpy(r.name, x->data->data, n);
  int err = sys_ifioctl(x->p, (int)x->req.a[0],
                        (unsigned long)(uint32_t)x->req.a[1], &r,
                        x->w->hosts);
  if (err)
    return exec_reply(x, err);
  x->rep.b[0] = (uint32_t)x->req.a[1] == SIOCGIFFLAGS ? r.flags
                                                      : (int64_t)r.addr;
  x->rep.b[1] = r.family == AF_INET ? CHAN_AF_INET : 0;
  return exec_reply(x, 0);
}
