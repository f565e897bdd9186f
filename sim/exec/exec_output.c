/* sim/exec/exec_output.c: a real program's standard output and error
 * (one pipe, so their lines keep the program's order), read without
 * blocking whenever the simulator waits for the program or the program
 * sleeps, and printed a line at a time through the runtime's output hook
 * (time, host:program, the line), as print() prints a Lua process's. */
#include "exec_internal.h"

#include <string.h>
#include <unistd.h>

static void emit_lines(struct xproc *x, int k, bool all)
{
  GString *s = x->line[k];
  char *nl;
  while ((nl = memchr(s->str, '\n', s->len)) != NULL) {
    *nl = 0;
    x->w->output(x->w->ctx, x->p, s->str);
    g_string_erase(s, 0, nl - s->str + 1);
  }
  if (all && s->len) {
    x->w->output(x->w->ctx, x->p, s->str);
    g_string_truncate(s, 0);
  }
}

/* Reads what the program wrote on stdout (k 0) or stderr (k 1). */
static void drain(struct xproc *x, int k)
{
  char buf[4096];
  ssize_t n;
  if (x->out[k] < 0)
    return;
  while ((n = read(x->out[k], buf, sizeof buf)) > 0)
    g_string_append_len(x->line[k], buf, n);
  emit_lines(x, k, false);
}

static void drain_all(struct xproc *x, bool flush)
{
  for (int k = 0; k < 2; k++) {
    drain(x, k);
    if (flush)
      emit_lines(x, k, true);
  }
}

void exec_flush_output(struct xproc *x)
{
  drain_all(x, true);
}

void exec_drain(struct xproc *x)
{
  drain_all(x, false);
}
