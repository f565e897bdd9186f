/* sim/analysis/view_json.c: a finished run's rows for the page (view.h):
 * a JSON header, and a blob of binary columns that view_pack.c packs with
 * it. Each results file becomes {"n": rows, "cols": {name: col}} where a
 * column is
 *   {"t": [off, len]}    times: varints (below) at blob[off..off+len], each
 *                        the nanoseconds from the row's previous time
 *                        column when both are set, else from this
 *                        column's last set value;
 *   {"int": [off, len]}  integers (that print back as they were written);
 *   {"dict": [...], "idx": [off, width]}  a few strings repeated (medium,
 *                        host, fate): each row's index, 1, 2 or 4 bytes;
 *   {"same": v}          every field v (the protocol columns of a run
 *                        without IP: all empty, v null);
 *   {"num": [...]}, {"str": [...]}  other numbers and strings, as JSON.
 * Packets are in t_tx order (file order where equal), as the page wants.
 * A varint is a zigzagged integer plus one (0 is an empty field), 7 bits
 * a byte, low bits first. Times close to each other and a frame's four
 * times close to one another make a 100,000-frame run a megabyte or so
 * once deflated. Failed calls get their --explain paragraph (explain.h).
 * Text is escaped so that no "</script>" can end the page's script. */
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

/* Appends v zigzagged, plus one, as a varint (set: false for empty). */
static void put_varint(GByteArray *blob, bool set, int64_t v)
{
  uint64_t z = set ? ((uint64_t)v << 1 ^ (uint64_t)(v >> 63)) + 1 : 0;
  while (z >= 0x80) {
    guint8 b = (guint8)(z & 0x7f) | 0x80;
    g_byte_array_append(blob, &b, 1);
    z >>= 7;
  }
  guint8 b = (guint8)z;
  g_byte_array_append(blob, &b, 1);
}

/* A time column, each field from the same row's time in column `base`
 * when both are set (a frame's t_tx_end from its t_tx), else from the
 * last set field of this column: {"t": [off, len]}. */
static void put_time_col(GString *o, GByteArray *blob,
                         const struct results_table *t, int c, int base)
{
  guint off = blob->len;
  int64_t prev = 0;
  for (guint r = 0; r < t->rows->len; r++) {
    int64_t ns = results_ns(t, r, c);
    int64_t b = base >= 0 ? results_ns(t, r, base) : -1;
    put_varint(blob, ns >= 0, ns - (b >= 0 ? b : prev));
    if (ns >= 0)
      prev = ns;
  }
  g_string_append_printf(o, "{\"t\":[%u,%u]}", off, blob->len - off);
}

/* Whether every field of column c is empty or an integer that prints
 * back the same (so the page can show it as it was written). */
static bool integers(const struct results_table *t, int c)
{
  for (guint r = 0; r < t->rows->len; r++) {
    const char *v = results_str(t, r, c);
    char *end, back[32];
    if (!*v)
      continue;
    gint64 x = g_ascii_strtoll(v, &end, 10);
    if (*end || x > (G_GINT64_CONSTANT(1) << 53)
        || x < -(G_GINT64_CONSTANT(1) << 53))
      return false;
    g_snprintf(back, sizeof back, "%" G_GINT64_FORMAT, x);
    if (strcmp(back, v) != 0)
      return false;
  }
  return true;
}

static void put_int_col(GString *o, GByteArray *blob,
                        const struct results_table *t, int c)
{
  guint off = blob->len;
  for (guint r = 0; r < t->rows->len; r++) {
    const char *v = results_str(t, r, c);
    put_varint(blob, *v != '\0', *v ? g_ascii_strtoll(v, NULL, 10) : 0);
  }
  g_string_append_printf(o, "{\"int\":[%u,%u]}", off, blob->len - off);
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

/* Each row's index in the dictionary, `width` bytes little-endian, at
 * an offset a multiple of 4 (the page reads it as a typed array). */
static void put_indexes(GString *o, GByteArray *blob, GHashTable *ix,
                        const struct results_table *t, int c, guint width)
{
  static const guint8 zero[4];
  g_byte_array_append(blob, zero, (4 - blob->len % 4) % 4);
  guint off = blob->len;
  for (guint r = 0; r < t->rows->len; r++) {
    guint i = GPOINTER_TO_UINT(g_hash_table_lookup(ix, results_str(t, r, c)));
    guint8 b[4] = { i & 0xff, i >> 8 & 0xff, i >> 16 & 0xff, i >> 24 };
    g_byte_array_append(blob, b, width);
  }
  g_string_append_printf(o, "],\"idx\":[%u,%u]}", off, width);
}

/* A dictionary column when it has few distinct values, else strings. */
static void put_str_col(GString *o, GByteArray *blob,
                        const struct results_table *t, int c)
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
    put_indexes(o, blob, ix, t, c, dict->len <= 256 ? 1 : 2);
  for (guint r = 0; !use_dict && r < n; r++) {
    g_string_append(o, r ? "," : "");
    put_str(o, results_str(t, r, c));
  }
  if (!use_dict)
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

static void put_table(GString *o, GByteArray *blob,
                      const struct results_table *t)
{
  int last_time = -1;
  g_string_append_printf(o, "{\"n\":%u,\"cols\":{", t->rows->len);
  for (int c = 0; c < t->ncol; c++) {
    g_string_append(o, c ? "," : "");
    put_str(o, t->head[c]);
    g_string_append_c(o, ':');
    if (t->rows->len > 1 && constant(t, c))
      put_same_col(o, t, c);
    else if (times_col(t, c)) {
      put_time_col(o, blob, t, c, last_time);
      last_time = c;
    } else if (numeric(t, c) && integers(t, c))
      put_int_col(o, blob, t, c);
    else if (numeric(t, c))
      put_num_col(o, t, c);
    else
      put_str_col(o, blob, t, c);
  }
  g_string_append(o, "}}");
}

struct by_time {
  int64_t ns;
  guint row;
};

static int by_time_cmp(const void *a, const void *b)
{
  const struct by_time *x = a, *y = b;
  if (x->ns != y->ns)
    return x->ns < y->ns ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

/* Puts t's rows in the order of column c, a time (rows in file order
 * where equal): the page then need not sort packets by t_tx. */
static void sort_rows(struct results_table *t, int c)
{
  guint n = t->rows->len;
  struct by_time *k = g_new(struct by_time, n);
  gpointer *old = g_memdup2(t->rows->pdata, n * sizeof *old);
  for (guint r = 0; r < n; r++)
    k[r] = (struct by_time){ results_ns(t, r, c), r };
  qsort(k, n, sizeof *k, by_time_cmp);
  for (guint r = 0; r < n; r++)
    t->rows->pdata[r] = old[k[r].row];
  g_free(old);
  g_free(k);
}

/* "name": the table of file id, or null when the run did not write it
 * (older runs lack topology.csv and output.csv). */
static bool put_file(GString *o, GByteArray *blob, const char *dir,
                     enum results_file_id id, GError **err)
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
  if (id == RESULTS_PACKETS && results_col(t, "t_tx") >= 0)
    sort_rows(t, results_col(t, "t_tx"));
  put_table(o, blob, t);
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

GString *view_json(const char *dir, GByteArray *blob, GError **err)
{
  GString *o = g_string_new("{\"scenario\":");
  char *base = g_path_get_basename(dir);
  put_str(o, base);
  g_free(base);
  bool ok = true;
  for (int id = 0; ok && id < RESULTS_FILE_N; id++)
    ok = put_file(o, blob, dir, (enum results_file_id)id, err);
  ok = ok && put_explain(o, dir, err);
  g_string_append_c(o, '}');
  if (!ok) {
    g_string_free(o, TRUE);
    return NULL;
  }
  return o;
}
