/* sim/engine/trace.c: the text trace (format in trace.h). A file trace goes
 * through a large stdio buffer; write errors are remembered and reported
 * once at close, so a full disk is an error, not silent truncation. */
#include "trace.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct trace {
  FILE *f;                    /* file trace, or NULL for memory */
  GString *mem;               /* memory trace, or NULL for file */
  char *path;                 /* for error messages */
  int err;                    /* first errno seen while writing, or 0 */
};

struct trace *trace_open(const char *path, GError **err)
{
  FILE *f = fopen(path, "w");
  if (!f) {
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
                "cannot write trace %s: %s", path, g_strerror(errno));
    return NULL;
  }
  setvbuf(f, NULL, _IOFBF, 1 << 16);
  struct trace *tr = g_new0(struct trace, 1);
  tr->f = f;
  tr->path = g_strdup(path);
  return tr;
}

struct trace *trace_new_memory(void)
{
  struct trace *tr = g_new0(struct trace, 1);
  tr->mem = g_string_new(NULL);
  tr->path = g_strdup("(memory)");
  return tr;
}

const char *trace_text(const struct trace *tr)
{
  return tr->mem ? tr->mem->str : NULL;
}

void trace_line(struct trace *tr, sim_time_t t, const char *place,
                const char *fmt, ...)
{
  g_return_if_fail(t >= 0);
  char head[64];
  int64_t s = t / 1000000000, ns = t % 1000000000;
  snprintf(head, sizeof head, "%" PRId64 ".%09" PRId64 " ", s, ns);
  va_list ap;
  va_start(ap, fmt);
  if (tr->mem) {
    g_string_append_printf(tr->mem, "%s%s ", head, place);
    g_string_append_vprintf(tr->mem, fmt, ap);
    g_string_append_c(tr->mem, '\n');
  } else if (fprintf(tr->f, "%s%s ", head, place) < 0 ||
             vfprintf(tr->f, fmt, ap) < 0 || fputc('\n', tr->f) == EOF) {
    if (!tr->err)
      tr->err = errno ? errno : EIO;
  }
  va_end(ap);
}

bool trace_close(struct trace *tr, GError **err)
{
  if (!tr)
    return true;
  int e = tr->err;
  if (tr->f && fclose(tr->f) != 0 && !e)
    e = errno ? errno : EIO;
  if (tr->mem)
    g_string_free(tr->mem, TRUE);
  if (e)
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e),
                "error writing trace %s: %s", tr->path, g_strerror(e));
  g_free(tr->path);
  g_free(tr);
  return e == 0;
}
