/* sim/analysis/plot_data.c: the helpers every plot kind shares (plot_data.h), and
 * the two kinds that are not about one connection: throughput per flow
 * (throughput.csv) and transmit queue lengths (queues.csv). Each: load
 * the CSV -> filter to the window -> write <kind>.dat (one block per
 * series, two blank lines apart, first line its title) -> plot_draw.
 * The connection kinds are in plot_tcp.c, the ladder in plot_ladder*.c. */
#include "plot_data.h"

#include <math.h>
#include <string.h>

bool plot_in_window(const struct plot_opts *o, double t)
{
  return t >= o->from && (o->to < 0 || t <= o->to);
}

char *plot_xrange(const struct plot_opts *o)
{
  GString *s = g_string_new("[");
  if (o->from > 0)
    plot_append_num(s, o->from);
  else
    g_string_append_c(s, '*');
  g_string_append_c(s, ':');
  if (o->to >= 0)
    plot_append_num(s, o->to);
  else
    g_string_append_c(s, '*');
  g_string_append_c(s, ']');
  return g_string_free(s, FALSE);
}

void plot_append_num(GString *s, double v)
{
  if (isnan(v))
    g_string_append(s, "NaN");
  else
    g_string_append_printf(s, "%.9g", v);
}

bool plot_write_file(const struct plot_opts *o, const char *file,
                     const GString *text, GError **err)
{
  char *path = g_build_filename(o->dir, file, NULL);
  GError *e = NULL;
  bool ok = g_file_set_contents(path, text->str, (gssize)text->len, &e);
  if (!ok) {
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_IO, "cannot write %s: %s", path,
                e->message);
    g_error_free(e);
  }
  g_free(path);
  return ok;
}

bool plot_draw(const struct plot_opts *o, const char *kind,
               const struct plot_var *vars, int width, int height,
               GError **err)
{
  struct plot_spec spec = { .kind = kind, .name = kind, .dir = o->dir,
                            .format = o->format, .vars = vars,
                            .echo = o->echo, .width = width,
                            .height = height };
  return plot_render(&spec, err);
}

/* A RESULTS_ERROR or G_FILE_ERROR of the reader as a PLOT_ERROR, with
 * the message the plots have always given. */
static struct results_table *plot_error(struct results_table *t,
                                        const char *dir, const char *file,
                                        GError *e, GError **err)
{
  if (t)
    return t;
  if (e->domain == RESULTS_ERROR)
    g_propagate_error(err, g_error_new_literal(PLOT_ERROR, PLOT_ERROR_DATA,
                                               e->message));
  else {
    bool none = g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    char *path = g_build_filename(dir, file, NULL);
    g_set_error(err, PLOT_ERROR, none ? PLOT_ERROR_EMPTY : PLOT_ERROR_DATA,
                "cannot read %s: %s", path, e->message);
    g_free(path);
  }
  g_error_free(e);
  return NULL;
}

struct results_table *plot_read(const char *dir, const char *file,
                                GError **err)
{
  GError *e = NULL;
  struct results_table *t = results_read(dir, file, RESULTS_STRICT, &e);
  return plot_error(t, dir, file, e, err);
}

struct results_table *plot_read_known(const char *dir,
                                      enum results_file_id id,
                                      const int need[], GError **err)
{
  GError *e = NULL;
  struct results_table *t = results_read_known(dir, id, need, RESULTS_STRICT,
                                               &e);
  return plot_error(t, dir, RESULTS_FILE(id), e, err);
}

struct results_table *plot_load_tcp(const struct plot_opts *o, GError **err)
{
  static const int need[] = {
    RESULTS_TCP_T, RESULTS_TCP_HOST, RESULTS_TCP_CONN, RESULTS_TCP_EVENT,
    RESULTS_TCP_DETAIL, RESULTS_TCP_FLAGS, RESULTS_TCP_SEQ, RESULTS_TCP_LEN,
    RESULTS_TCP_ACK, RESULTS_TCP_WIN, RESULTS_TCP_CWND, RESULTS_TCP_SSTHRESH,
    RESULTS_TCP_SND_WND, RESULTS_TCP_SRTT_MS, RESULTS_TCP_RTO_MS,
    RESULTS_TCP_RTT_MS, -1,
  };
  return plot_read_known(o->dir, RESULTS_TCP, need, err);
}

/* "a, b, c" of the distinct values of column c (at most 6). */
static char *list_values(const struct results_table *t, int c)
{
  GPtrArray *seen = g_ptr_array_new();
  for (guint r = 0; r < t->rows->len && seen->len < 6; r++) {
    const char *v = results_str(t, r, c);
    bool dup = false;
    for (guint i = 0; i < seen->len && !dup; i++)
      dup = strcmp(seen->pdata[i], v) == 0;
    if (!dup)
      g_ptr_array_add(seen, (gpointer)v);
  }
  g_ptr_array_add(seen, NULL);
  char *s = g_strjoinv(", ", (char **)seen->pdata);
  g_ptr_array_free(seen, TRUE);
  return s;
}

const char *plot_pick_conn(const struct plot_opts *o,
                           const struct results_table *tcp,
                           const char **host, GError **err)
{
  const int cc = RESULTS_TCP_CONN, ch = RESULTS_TCP_HOST;
  const int ce = RESULTS_TCP_EVENT, cl = RESULTS_TCP_LEN;
  if (tcp->rows->len == 0) {
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_EMPTY,
                "no TCP connection in %s", tcp->path);
    return NULL;
  }
  /* By default: the first end that sent data; failing that, the first
   * that sent anything (an active open that never got through). */
  guint pick = 0, first_send = G_MAXUINT;
  bool found = false;
  for (guint r = 0; r < tcp->rows->len && !found; r++) {
    bool send = strcmp(results_str(tcp, r, ce), "send") == 0;
    if (send && first_send == G_MAXUINT)
      first_send = r;
    if (o->conn)
      found = strcmp(results_str(tcp, r, cc), o->conn) == 0;
    else
      found = send && results_num(tcp, r, cl) > 0;
    pick = found ? r : pick;
  }
  if (!found && !o->conn && first_send != G_MAXUINT)
    pick = first_send;
  if (o->conn && !found) {
    char *list = list_values(tcp, cc);
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_NOT_FOUND,
                "--conn: no connection '%s' in %s (it has: %s)", o->conn,
                tcp->path, list);
    g_free(list);
    return NULL;
  }
  *host = results_str(tcp, pick, ch);
  return results_str(tcp, pick, cc);
}

/* Index of name in names (appending it when new). */
static guint series_index(GPtrArray *names, const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (strcmp(names->pdata[i], name) == 0)
      return i;
  g_ptr_array_add(names, g_strdup(name));
  return names->len - 1;
}

/* Joins the per-series blocks into one .dat text. */
static GString *join_blocks(GPtrArray *names, GPtrArray *blocks)
{
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < blocks->len; i++) {
    GString *b = blocks->pdata[i];
    g_string_append_printf(out, "%s\"%s\" t y\n%s", i ? "\n\n" : "",
                           (char *)names->pdata[i], b->str);
  }
  return out;
}

static void free_gstring(gpointer p)
{
  g_string_free(p, TRUE);
}

/* A series' name for row r (which may be formatted into buf, 128 bytes). */
typedef const char *(*series_name_fn)(const struct results_table *t, guint r,
                                      char *buf);

/* The blocks of a series file: rows "t y" (columns ct, cy) per series,
 * the series named by name_of, in order of first appearance; rows
 * outside the window left out. */
static GString *series_blocks(const struct plot_opts *o,
                              const struct results_table *t,
                              GPtrArray *names, series_name_fn name_of,
                              int ct, int cy, guint *nseries)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func(free_gstring);
  char buf[128];
  for (guint r = 0; r < t->rows->len; r++) {
    double x = results_num(t, r, ct);
    if (!plot_in_window(o, x))
      continue;
    guint i = series_index(names, name_of(t, r, buf));
    if (i == blocks->len)
      g_ptr_array_add(blocks, g_string_new(NULL));
    plot_append_num(blocks->pdata[i], x);
    g_string_append_c(blocks->pdata[i], ' ');
    plot_append_num(blocks->pdata[i], results_num(t, r, cy));
    g_string_append_c(blocks->pdata[i], '\n');
  }
  *nseries = blocks->len;
  GString *out = join_blocks(names, blocks);
  g_ptr_array_free(blocks, TRUE);
  return out;
}

static const char *conn_name(const struct results_table *t, guint r,
                             char *buf)
{
  (void)buf;
  return results_str(t, r, RESULTS_THR_CONN);
}

/* "wan0 port a" for a link direction, "lan0 at monet" on a segment. */
static const char *queue_name(const struct results_table *t, guint r,
                              char *buf)
{
  const char *port = results_str(t, r, RESULTS_QUEUE_PORT);
  bool link = strcmp(port, "a") == 0 || strcmp(port, "b") == 0;
  g_snprintf(buf, 128, "%s %s %s", results_str(t, r, RESULTS_QUEUE_MEDIUM),
             link ? "port" : "at", port);
  return buf;
}

/* Renders a kind made of series blocks with the common variables. */
static bool draw_series(const struct plot_opts *o, const char *kind,
                        const char *title, GString *dat, guint n,
                        GError **err)
{
  char *file = g_strdup_printf("%s.dat", kind);
  char *ns = g_strdup_printf("%u", n);
  char *xr = plot_xrange(o);
  const struct plot_var vars[] = {
    { "TITLE", title }, { "DATA", file }, { "NSERIES", ns },
    { "XRANGE", xr }, { NULL, NULL },
  };
  bool ok = plot_write_file(o, file, dat, err) &&
            plot_draw(o, kind, vars, 0, 0, err);
  g_free(file), g_free(ns), g_free(xr);
  return ok;
}

/* One line per name (namefn) of column col against ct of file id:
 * throughput, queue. */
static bool plot_named(const struct plot_opts *o, enum results_file_id id,
                       const int *need, int ct, int col,
                       series_name_fn namefn, const char *kind,
                       const char *what, GError **err)
{
  struct results_table *t = plot_read_known(o->dir, id, need, err);
  if (!t)
    return false;
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  guint n = 0;
  GString *dat = series_blocks(o, t, names, namefn, ct, col, &n);
  bool ok = n > 0;
  if (!ok)
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_EMPTY,
                "no %s rows in %s%s", kind, t->path,
                o->from > 0 || o->to >= 0 ? " in the --from/--to window" : "");
  char *title = g_strdup_printf("%s: %s", o->scenario, what);
  ok = ok && draw_series(o, kind, title, dat, n, err);
  g_free(title);
  g_string_free(dat, TRUE);
  g_ptr_array_free(names, TRUE);
  results_table_free(t);
  return ok;
}

bool plot_throughput(const struct plot_opts *o, GError **err)
{
  static const int need[] = {
    RESULTS_THR_T, RESULTS_THR_CONN, RESULTS_THR_MBPS, -1,
  };
  return plot_named(o, RESULTS_THROUGHPUT, need, RESULTS_THR_T,
                    RESULTS_THR_MBPS, conn_name,
                    "throughput", "throughput per TCP flow", err);
}

bool plot_queue(const struct plot_opts *o, GError **err)
{
  static const int need[] = {
    RESULTS_QUEUE_T, RESULTS_QUEUE_MEDIUM, RESULTS_QUEUE_PORT,
    RESULTS_QUEUE_QLEN, -1,
  };
  return plot_named(o, RESULTS_QUEUES, need, RESULTS_QUEUE_T,
                    RESULTS_QUEUE_QLEN, queue_name, "queue",
                    "transmit queue lengths", err);
}
