/* sim/exec/exec_record.c: a real program's failed calls into calls.csv,
 * as Lua's are (sim/lua/lsim_results.c): the host, pid, program, the C
 * call, the errno's 4.4BSD name and number, and the socket's addresses,
 * so --explain tells the same story for both. */
#include "exec_internal.h"
#include "bsderr.h"
#include "host.h"
#include "proc.h"
#include "record.h"
#include "socketvar.h"
#include "syscalls.h"

#include <string.h>

static char *addr_str(const struct so_addr *a)
{
  if (a->family != AF_INET)
    return NULL;
  char b[IN_ADDR_STRLEN];
  return g_strdup_printf("%s:%u", in_format(a->addr, b), a->port);
}

/* The socket's addresses: from its pcb, else from its last TCP event. */
static void sock_addrs(struct proc *p, int fd, char **local, char **remote)
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

void exec_record_error(struct xproc *x, const struct xop *op, int err)
{
  struct proc *p = x->p;
  if (!SIM_RECORDING(p->host->sim))
    return;
  const struct bsderr *e = bsderr_lookup(err);
  int fd = op->takes_fd ? (int)x->req.a[0] : -1;
  char *local = NULL, *remote = NULL;
  sock_addrs(p, fd, &local, &remote);
  struct record_call c = {
    .host = p->host->name, .pid = p->pid, .proc = p->name,
    .call = op->name, .err_name = e ? e->name : "EUNKNOWN",
    .err_num = e ? e->bsd : -err, .fd = fd, .local = local,
    .remote = remote,
  };
  record_call_error(p->host->sim->rec, &c);
  g_free(local);
  g_free(remote);
}
