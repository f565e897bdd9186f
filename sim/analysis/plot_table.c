/* sim/analysis/plot_table.c: reading a results CSV for the plots (plot_table.h).
 * ptab_load: read the file -> split the header -> check the needed
 * columns -> split each row and check its width. Whole files in memory:
 * results of a teaching run are small, and a plot reads each file once. */
#include "plot_table.h"
#include "csv.h"
#include "plot.h"

#include <math.h>
#include <string.h>

static void free_row(gpointer p)
{
  g_strfreev(p);
}

void ptab_free(struct ptab *t)
{
  if (!t)
    return;
  g_free(t->path);
  g_strfreev(t->head);
  if (t->rows)
    g_ptr_array_free(t->rows, TRUE);
  g_free(t);
}

int ptab_col(const struct ptab *t, const char *name)
{
  for (int i = 0; i < t->ncol; i++)
    if (strcmp(t->head[i], name) == 0)
      return i;
  return -1;
}

const char *ptab_str(const struct ptab *t, guint r, int c)
{
  g_return_val_if_fail(r < t->rows->len, "");
  if (c < 0 || c >= t->ncol)
    return "";
  return ((char **)g_ptr_array_index(t->rows, r))[c];
}

double ptab_num(const struct ptab *t, guint r, int c)
{
  double v;
  return csv_parse_number(ptab_str(t, r, c), &v) ? v : NAN;
}

/* Checks every needed column is in the header. */
static bool check_need(const struct ptab *t, const char *const need[],
                       GError **err)
{
  for (int i = 0; need && need[i]; i++)
    if (ptab_col(t, need[i]) < 0) {
      g_set_error(err, PLOT_ERROR, PLOT_ERROR_DATA,
                  "%s has no column '%s' (docs/results.md)", t->path,
                  need[i]);
      return false;
    }
  return true;
}

/* Splits the lines after the header into rows. */
static bool split_rows(struct ptab *t, char **lines, GError **err)
{
  for (int i = 1; lines[i]; i++) {
    if (lines[i][0] == '\0')
      continue;
    char **f = csv_split(g_strchomp(lines[i]));
    if (!f || (int)g_strv_length(f) != t->ncol) {
      g_set_error(err, PLOT_ERROR, PLOT_ERROR_DATA,
                  "%s:%d: %u fields, the header has %d", t->path, i + 1,
                  f ? g_strv_length(f) : 0, t->ncol);
      g_strfreev(f);
      return false;
    }
    g_ptr_array_add(t->rows, f);
  }
  return true;
}

struct ptab *ptab_load(const char *dir, const char *file,
                       const char *const need[], GError **err)
{
  struct ptab *t = g_new0(struct ptab, 1);
  t->path = g_build_filename(dir, file, NULL);
  t->rows = g_ptr_array_new_with_free_func(free_row);
  char *text = NULL;
  GError *e = NULL;
  if (!g_file_get_contents(t->path, &text, NULL, &e)) {
    bool none = g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_set_error(err, PLOT_ERROR, none ? PLOT_ERROR_EMPTY : PLOT_ERROR_DATA,
                "cannot read %s: %s", t->path, e->message);
    g_error_free(e);
    ptab_free(t);
    return NULL;
  }
  char **lines = g_strsplit(text, "\n", -1);
  g_free(text);
  t->head = lines[0] ? csv_split(g_strchomp(lines[0])) : NULL;
  bool ok = t->head != NULL && t->head[0] != NULL;
  if (!ok)
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_DATA,
                "%s has no header line", t->path);
  t->ncol = ok ? (int)g_strv_length(t->head) : 0;
  ok = ok && check_need(t, need, err) && split_rows(t, lines, err);
  g_strfreev(lines);
  if (!ok)
    ptab_free(t), t = NULL;
  return t;
}
