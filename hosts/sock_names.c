/* hosts/sock_names.c: a descriptor's socket addresses as text, for the
 * record of a failed call (calls.csv): "addr:port" (or an AF_UNIX path)
 * from the pcb through getsockname and getpeername, else from the
 * socket's last recorded TCP event, since a connection that has ended
 * has no pcb left. Used by the Lua glue (sim/lua/lsim_results.c) and by
 * real programs' calls (sim/exec/exec_record.c). */
#include "syscalls.h"
#include "host.h"
#include "in.h"
#include "proc.h"
#include "record.h"
#include "socketvar.h"

#include <string.h>

static char *addr_str(const struct so_addr *a)
{
  if (a->family == AF_UNIX)
    return a->path[0] ? g_strdup(a->path) : NULL;
  if (a->family != AF_INET)
    return NULL;
  char b[IN_ADDR_STRLEN];
  return g_strdup_printf("%s:%u", in_format(a->addr, b), a->port);
}

void sys_sock_names(struct proc *p, int fd, char **local, char **remote)
{
  struct so_addr a;
  struct socket *so;
  if (fd < 0 || sys_getsock(p, fd, &so) != 0)
    return;
  if (sys_getsockname(p, fd, &a) == 0)
    *local = addr_str(&a);
  if (sys_getpeername(p, fd, &a) == 0)
    *remote = addr_str(&a);
  const char *id = (*local && *remote) ? NULL
                   : record_sock_conn(p->host->sim->rec, so);
  const char *dash = id ? strchr(id, '-') : NULL;
  if (dash && (!*local || g_str_has_prefix(*local, "0.0.0.0:"))) {
    g_free(*local);
    *local = g_strndup(id, (gsize)(dash - id));
  }
  if (dash && !*remote)
    *remote = g_strdup(dash + 1);
}
