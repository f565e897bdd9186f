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

void exec_record_error(struct xproc *x, const struct xop *op, int err)
{
  struct proc *p = x->p;
  if (!SIM_RECORDING(p->host->sim))
    return;
  const struct bsderr *e = bsderr_lookup(err);
  int fd = op->takes_fd ? (int)x->req.a[0] : -1;
  char *local = NULL, *remote = NULL;
  sys_sock_names(p, fd, &local, &remote);
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
