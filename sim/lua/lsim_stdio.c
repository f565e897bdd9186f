/* sim/lua/lsim_stdio.c: where a process's standard output goes when it
 * has no terminal (hosts/cons.h): write(1, ...) and write(2, ...) are
 * printed as they are, without print()'s time and name (so they can be
 * diffed against the primer's figures), unless --quiet, and kept per
 * process in <out>/stdout/<host>.<pid>.<name> when the run records. A
 * forked child writes its own file. */
#include "lsim_internal.h"
#include "host.h"
#include "proc.h"
#include "results.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void close_file(gpointer f)
{
  if (f)
    fclose(f);
}

/* The open file of p's output, made on its first write; NULL when not
 * recording or when it cannot be made (said once on stderr). */
static FILE *proc_file(struct lsim *rt, struct proc *p)
{
  if (!rt->opt.record || !rt->opt.out_dir)
    return NULL;
  if (!rt->stdio)
    rt->stdio = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      close_file);
  char *key = g_strdup_printf("%s.%d.%s", p->host->name, p->pid, p->name);
  FILE *f = g_hash_table_lookup(rt->stdio, key);
  if (f || g_hash_table_contains(rt->stdio, key)) {
    g_free(key);
    return f;
  }
  char *dir = g_build_filename(rt->opt.out_dir, RESULTS_STDOUT_DIR, NULL);
  char *path = g_build_filename(dir, key, NULL);
  if (g_mkdir_with_parents(dir, 0755) == 0)
    f = fopen(path, "wb");
  if (!f) {
    lsim_progress_clear(rt);
    fprintf(stderr, "ipcsim: cannot write %s: %s\n", path, g_strerror(errno));
  }
  g_hash_table_insert(rt->stdio, key, f);   /* NULL: do not try again */
  g_free(path);
  g_free(dir);
  return f;
}

static void stdio_out(void *ctx, struct proc *p, const char *buf, size_t len)
{
  struct lsim *rt = ctx;
  if (!rt->opt.quiet) {
    lsim_progress_clear(rt);
    fwrite(buf, 1, len, stdout);
  }
  FILE *f = proc_file(rt, p);
  if (f)
    fwrite(buf, 1, len, f);
}

void lsim_stdio_hook(struct lsim *rt, struct host *h)
{
  struct cons_hook hook = { stdio_out, rt };
  cons_set_hook(h, &hook);
}

void lsim_stdio_close(struct lsim *rt)
{
  if (rt->stdio)
    g_hash_table_destroy(rt->stdio);   /* fclose each */
  rt->stdio = NULL;
}
