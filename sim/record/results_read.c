/* sim/record/results_read.c: reading a results CSV (results_read.h).
 * results_read: read the file -> parse the header record -> parse each
 * row record (RFC 4180: quoted fields may span lines) -> check its width.
 * results_read_known then maps the schema's columns to the header's and
 * puts every row in schema order. Numbers are parsed only on request
 * (results_num, results_ns, results_int); nothing is interpreted. */
#include "results_read.h"
#include "csv.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK(results-error-quark, results_error)

/* A position in the text being parsed. */
struct cursor {
  const char *p;              /* next character */
  int line;                   /* its line, from 1 */
};

static bool at_line_end(const char *p)
{
  return *p == '\n' || (p[0] == '\r' && p[1] == '\n');
}

/* Steps over a line end at c (LF or CRLF). */
static void skip_line_end(struct cursor *c)
{
  c->p += *c->p == '\r' ? 2 : 1;
  c->line++;
}

/* The rest of a quoted field, after its opening quote, into f; "" is a
 * quote. False when the closing quote is missing. */
static bool quoted(struct cursor *c, GString *f)
{
  for (;; c->p++) {
    if (*c->p == '\0')
      return false;
    if (*c->p == '"' && c->p[1] != '"') {
      c->p++;
      return true;
    }
    if (*c->p == '"')
      c->p++;
    else if (*c->p == '\n')
      c->line++;
    g_string_append_c(f, *c->p);
  }
}

/* One field: quoted, then (leniently) any text up to the next comma. */
static char *field(struct cursor *c, bool *ok)
{
  GString *f = g_string_new(NULL);
  if (*c->p == '"') {
    c->p++;
    *ok = quoted(c, f);
  }
  while (*ok && *c->p && *c->p != ',' && !at_line_end(c->p))
    g_string_append_c(f, *c->p++);
  return g_string_free(f, FALSE);
}

/* The record at c (not at the end of the text) as a NULL-ended vector,
 * c then past its line end. NULL when a quote is not closed (c is then
 * at the end of the text). */
static char **record(struct cursor *c)
{
  GPtrArray *fields = g_ptr_array_new();
  bool ok = true;
  for (;;) {
    g_ptr_array_add(fields, field(c, &ok));
    if (!ok || *c->p != ',')
      break;
    c->p++;
  }
  g_ptr_array_add(fields, NULL);
  char **v = (char **)g_ptr_array_free(fields, FALSE);
  if (!ok) {
    g_strfreev(v);
    c->p += strlen(c->p);
    return NULL;
  }
  if (*c->p)
    skip_line_end(c);
  return v;
}

/* Skips blank lines; false at the end of the text. */
static bool next_record(struct cursor *c)
{
  while (at_line_end(c->p))
    skip_line_end(c);
  return *c->p != '\0';
}

void results_table_free(struct results_table *t)
{
  if (!t)
    return;
  g_free(t->path);
  g_strfreev(t->head);
  if (t->rows)
    g_ptr_array_free(t->rows, TRUE);
  g_free(t);
}

/* Parses the rows after the header, checking their width when strict. */
static bool parse_rows(struct results_table *t, struct cursor *c,
                       enum results_flags flags, GError **err)
{
  while (next_record(c)) {
    int line = c->line;
    char **f = record(c);
    if (flags & RESULTS_LENIENT) {
      if (f)
        g_ptr_array_add(t->rows, f);
      continue;
    }
    if (!f || (int)g_strv_length(f) != t->ncol) {
      if (f)
        g_set_error(err, RESULTS_ERROR, RESULTS_ERROR_DATA,
                    "%s:%d: %u fields, the header has %d", t->path, line,
                    g_strv_length(f), t->ncol);
      else
        g_set_error(err, RESULTS_ERROR, RESULTS_ERROR_DATA,
                    "%s:%d: a quoted field is not closed", t->path, line);
      g_strfreev(f);
      return false;
    }
    g_ptr_array_add(t->rows, f);
  }
  return true;
}

/* Reads the file and its header into a new table; c is left after the
 * header. NULL and *err otherwise (text freed). */
static struct results_table *open_table(const char *dir, const char *file,
                                        enum results_flags flags,
                                        char **text, struct cursor *c,
                                        GError **err)
{
  char *path = g_build_filename(dir, file, NULL);
  if (!g_file_get_contents(path, text, NULL, err)) {
    g_free(path);
    return NULL;
  }
  struct results_table *t = g_new0(struct results_table, 1);
  t->path = path;
  t->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
  *c = (struct cursor){ *text, 1 };
  t->head = next_record(c) ? record(c) : NULL;
  if (!t->head && (flags & RESULTS_LENIENT))
    t->head = g_new0(char *, 1);
  if (!t->head) {
    g_set_error(err, RESULTS_ERROR, RESULTS_ERROR_DATA,
                "%s has no header line", t->path);
    results_table_free(t);
    g_free(*text);
    return NULL;
  }
  t->ncol = (int)g_strv_length(t->head);
  return t;
}

struct results_table *results_read(const char *dir, const char *file,
                                   enum results_flags flags, GError **err)
{
  char *text = NULL;
  struct cursor c;
  struct results_table *t = open_table(dir, file, flags, &text, &c, err);
  if (t && !parse_rows(t, &c, flags, err))
    results_table_free(t), t = NULL;
  g_free(text);
  return t;
}

/* Checks every needed column of schema s is in t's header. */
static bool check_need(const struct results_table *t,
                       const struct results_schema *s, const int need[],
                       GError **err)
{
  for (int i = 0; need && need[i] >= 0; i++)
    if (results_col(t, s->cols[need[i]]) < 0) {
      g_set_error(err, RESULTS_ERROR, RESULTS_ERROR_DATA,
                  "%s has no column '%s' (docs/results.md)", t->path,
                  s->cols[need[i]]);
      return false;
    }
  return true;
}

/* Puts every row of t (and its head) in the column order of s. */
static void to_schema(struct results_table *t, const struct results_schema *s)
{
  int *from = g_new(int, s->ncol);
  for (int k = 0; k < s->ncol; k++)
    from[k] = results_col(t, s->cols[k]);
  for (guint r = 0; r < t->rows->len; r++) {
    char **v = g_new0(char *, s->ncol + 1);
    for (int k = 0; k < s->ncol; k++)
      v[k] = g_strdup(results_str(t, r, from[k]));
    g_strfreev(t->rows->pdata[r]);
    t->rows->pdata[r] = v;
  }
  g_strfreev(t->head);
  t->head = g_strdupv((char **)s->cols);
  t->ncol = s->ncol;
  g_free(from);
}

struct results_table *results_read_known(const char *dir,
                                         enum results_file_id id,
                                         const int need[],
                                         enum results_flags flags,
                                         GError **err)
{
  g_return_val_if_fail((unsigned)id < RESULTS_FILE_N, NULL);
  const struct results_schema *s = &results_schemas[id];
  char *text = NULL;
  struct cursor c;
  struct results_table *t = open_table(dir, s->file, flags, &text, &c, err);
  if (t && !(check_need(t, s, need, err) && parse_rows(t, &c, flags, err)))
    results_table_free(t), t = NULL;
  g_free(text);
  if (t)
    to_schema(t, s);
  return t;
}

int results_col(const struct results_table *t, const char *name)
{
  for (int i = 0; i < t->ncol; i++)
    if (strcmp(t->head[i], name) == 0)
      return i;
  return -1;
}

const char *results_str(const struct results_table *t, guint r, int c)
{
  g_return_val_if_fail(r < t->rows->len, "");
  char **row = g_ptr_array_index(t->rows, r);
  for (int i = 0; i <= c; i++)
    if (!row[i])
      return "";
  return c < 0 ? "" : row[c];
}

double results_num(const struct results_table *t, guint r, int c)
{
  double v;
  return csv_parse_number(results_str(t, r, c), &v) ? v : NAN;
}

int64_t results_ns(const struct results_table *t, guint r, int c)
{
  const char *s = results_str(t, r, c);
  if (!*s)
    return -1;
  const char *dot = strchr(s, '.');
  int64_t ns = g_ascii_strtoll(s, NULL, 10) * 1000000000;
  if (dot) {
    int64_t frac = 0, scale = 100000000;
    for (const char *p = dot + 1; *p >= '0' && *p <= '9' && scale; p++)
      frac += (*p - '0') * scale, scale /= 10;
    ns += frac;
  }
  return ns;
}

int64_t results_int(const struct results_table *t, guint r, int c)
{
  const char *s = results_str(t, r, c);
  return *s ? g_ascii_strtoll(s, NULL, 10) : -1;
}
