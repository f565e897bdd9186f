/* sim/analysis/view_json.c: a finished run's rows as JSON for the page
 * (view.h). Each results file becomes {"n": rows, "cols": {name: col}}
 * where a column is {"num": [...]} when every field is a number (empty
 * fields are null), {"dict": [...], "idx": [...]} when it repeats a few
 * strings (medium, host, fate), {"same": v} when every field is v (the
 * protocol columns of a run without IP: all empty, v null), else
 * {"str": [...]}; time columns are {"dns": [...]}, nanoseconds, each
 * the difference from the one before. Column-wise arrays
 * keep 100,000 frames a few megabytes that the page turns into typed
 * arrays. Failed calls get their --explain paragraph (explain.h). Text
 * is escaped so that no "</script>" can end the page's script early. */
#include "view.h"
#include "explain.h"
#include "results_read.h"

#include <string.h>

/* Appends s as a JSON string; '<', '>' and '&' as \u escapes. */
static void put_str(GString *o, const char *s)
{
  g_string_append_c(o, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      g_string_append_c(o, '\\'), g_string_append_c(o, (char)*p);
    else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
      g_string_append_printf(o, "\\u%04x", *p);
    else
      g_string_append_c(o, (char)*p);
  }
  g_string_append_c(o, '"');
}

/* True when s is a number as JSON writes one (so it can be copied). */
static bool json_number(const char *s)
{
  const char *p = s;
  if (*p == '-')
    p++;
  if (*p == '0')
    p++;
  else if (g_ascii_isdigit(*p))
    while (g_ascii_isdigit(*p))
      p++;
  else
    return false;
  if (*p == '.') {
    if (!g_ascii_isdigit(*++p))
      return false;
    while (g_ascii_isdigit(*p))
      p++;
  }
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '+' || *p == '-')
      p++;
    if (!g_ascii_isdigit(*p))
      return false;
    while (g_ascii_isdigit(*p))
      p++;
  }
  return *p == '\0';
}

/* Whether every field of column c is a number or empty. */
static bool numeric(const struct results_table *t, int c)
{
  for (guint r = 0; r < t->rows->len; r++) {
    const char *v = results_str(t, r, c);
    if (*v && !json_number(v))
      return false;
  }
  return true;
}

/* Whether every field of column c is empty or a time as the results
 * write one: seconds with 9 decimals ("12.000057600"). */
static bool times_col(const struct results_table *t, int c)
{
  for (guint r = 0; r < t->rows->len; r++) {
    const char *v = results_str(t, r, c), *dot = strchr(v, '.');
    if (*v && (!dot || strlen(dot) != 10 || !g_ascii_isdigit(*v)))
      return false;
  }
  return true;
}

/* A time column as whole nanoseconds, each the difference from the one
 * before it (empty fields are null and are skipped): {"dns": [...]}.
 * Frames' times are close to each other, so this is half as long. */
static void put_time_col(GString *o, const struct results_table *t, int c)
{
  int64_t prev = 0;
  g_string_append(o, "{\"dns\":[");
  for (guint r = 0; r < t->rows->len; r++) {
    int64_t ns = results_ns(t, r, c);
    g_string_append(o, r ? "," : "");
    if (ns < 0) {
      g_string_append(o, "null");
      continue;
    }
    g_string_append_printf(o, "%" G_GINT64_FORMAT, ns - prev);
    prev = ns;
  }
  g_string_append(o, "]}");
}

static void put_num_col(GString *o, const struct results_table *t, int c)
{
  g_string_append(o, "{\"num\":[");
  for (guint r = 0; r < t->rows->len; r++) {
    const char *v = results_str(t, r, c);
    g_string_append(o, r ? "," : "");
    g_string_append(o, *v ? v : "null");
  }
  g_string_append(o, "]}");
}

/* A dictionary column when it has few distinct values, else strings. */
static void put_str_col(GString *o, const struct results_table *t, int c)
{
  GHashTable *ix = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *dict = g_ptr_array_new();
  guint n = t->rows->len;
  for (guint r = 0; r < n && dict->len <= 1000; r++) {
    const char *v = results_str(t, r, c);
    if (!g_hash_table_contains(ix, v)) {
      g_hash_table_insert(ix, (gpointer)v, GUINT_TO_POINTER(dict->len));
      g_ptr_array_add(dict, (gpointer)v);
    }
  }
  bool use_dict = dict->len <= 1000 && dict->len * 4 <= n + 16;
  g_string_append(o, use_dict ? "{\"dict\":[" : "{\"str\":[");
  for (guint i = 0; use_dict && i < dict->len; i++) {
    g_string_append(o, i ? "," : "");
    put_str(o, g_ptr_array_index(dict, i));
  }
  if (use_dict)
    g_string_append(o, "],\"idx\":[");
  for (guint r = 0; r < n; r++) {
    const char *v = results_str(t, r, c);
    g_string_append(o, r ? "," : "");
    if (use_dict)
      g_string_append_printf(o, "%u",
                             GPOINTER_TO_UINT(g_hash_table_lookup(ix, v)));
    else
      put_str(o, v);
  }
  g_string_append(o, "]}");
  g_ptr_array_free(dict, TRUE);
  g_hash_table_destroy(ix);
}

/* Whether every field of column c is the same (true for no rows). */
static bool constant(const struct results_table *t, int c)
{
  for (guint r = 1; r < t->rows->len; r++)
    if (strcmp(results_str(t, r, c), results_str(t, 0, c)) != 0)
      return false;
  return true;
}

static void put_same_col(GString *o, const struct results_table *t, int c)
{
  const char *v = t->rows->len ? results_str(t, 0, c) : "";
  g_string_append(o, "{\"same\":");
  if (!*v)
    g_string_append(o, "null");
  else if (json_number(v))
    g_string_append(o, v);
  else
    put_str(o, v);
  g_string_append_c(o, '}');
}

static void put_table(GString *o, const struct results_table *t)
{
  g_string_append_printf(o, "{\"n\":%u,\"cols\":{", t->rows->len);
  for (int c = 0; c < t->ncol; c++) {
    g_string_append(o, c ? "," : "");
    put_str(o, t->head[c]);
    g_string_append_c(o, ':');
    if (t->rows->len > 1 && constant(t, c))
      put_same_col(o, t, c);
    else if (times_col(t, c))
      put_time_col(o, t, c);
    else if (numeric(t, c))
      put_num_col(o, t, c);
    else
      put_str_col(o, t, c);
  }
  g_string_append(o, "}}");
}

/* "name": the table of file id, or null when the run did not write it
 * (older runs lack topology.csv and output.csv). */
static bool put_file(GString *o, const char *dir, enum results_file_id id,
                     GError **err)
{
  GError *e = NULL;
  struct results_table *t = results_read_known(dir, id, NULL,
                                               RESULTS_STRICT, &e);
  char *key = g_strndup(RESULTS_FILE(id), strcspn(RESULTS_FILE(id), "."));
  g_string_append_printf(o, ",\"%s\":", key);
  g_free(key);
  if (!t && g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
    g_string_append(o, "null");
    g_error_free(e);
    return true;
  }
  if (!t) {
    g_propagate_error(err, e);
    return false;
  }
  put_table(o, t);
  results_table_free(t);
  return true;
}

/* "explain": one paragraph (or null) per calls.csv row. */
static bool put_explain(GString *o, const char *dir, GError **err)
{
  struct explain_run *run = explain_load(dir, err);
  if (!run)
    return false;
  g_string_append(o, ",\"explain\":[");
  for (guint i = 0; i < explain_ncalls(run); i++) {
    char *text = explain_call(run, i);
    g_string_append(o, i ? "," : "");
    if (text)
      put_str(o, text);
    else
      g_string_append(o, "null");
    g_free(text);
  }
  g_string_append_c(o, ']');
  explain_free(run);
  return true;
}

GString *view_json(const char *dir, GError **err)
{
  GString *o = g_string_new("{\"scenario\":");
  char *base = g_path_get_basename(dir);
  put_str(o, base);
  g_free(base);
  bool ok = true;
  for (int id = 0; ok && id < RESULTS_FILE_N; id++)
    ok = put_file(o, dir, (enum results_file_id)id, err);
  ok = ok && put_explain(o, dir, err);
  g_string_append_c(o, '}');
  if (!ok) {
    g_string_free(o, TRUE);
    return NULL;
  }
  return o;
}
