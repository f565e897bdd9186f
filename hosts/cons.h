/* hosts/cons.h: a process's standard descriptors when no terminal is
 * given: 0 reads end of file (as /dev/null), 1 and 2 write to the
 * process's output, which the host hands to its owner's hook (the Lua
 * runtime prints it unprefixed and keeps it per process). The writer, not
 * the file, names the output: a forked child that writes on an inherited
 * descriptor 1 writes under its own pid and name. Nothing here knows Lua. */
#ifndef IPCSIM_CONS_H
#define IPCSIM_CONS_H

#include <stddef.h>
#include "file.h"

struct host;
struct proc;

/* Where a host's processes' standard output goes: out(ctx, p, buf, len)
 * for every write on descriptor 1 or 2 (or a dup of them). */
struct cons_hook {
  void (*out)(void *ctx, struct proc *p, const char *buf, size_t len);
  void *ctx;                  /* its first argument */
};

/* Sets the hook of h (copied; NULL: output is discarded). */
void cons_set_hook(struct host *h, const struct cons_hook *hook);

/* Installs descriptors 0 (end of file, read only), 1 and 2 (the output,
 * write only) in p's table, which must be empty. */
void cons_stdio(struct proc *p);

/* Whether fp is the output file of cons_stdio; cons_write writes on it
 * as p (sys_write calls it instead of the file's write). */
bool cons_is_output(const struct file *fp);
long cons_write(struct proc *p, const void *buf, size_t len);

#endif
