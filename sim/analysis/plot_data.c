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

struct ptab *plot_load_tcp(const struct plot_opts *o, GError **err)
{
  static const char *const need[] = {
    "t", "host", "conn", "event", "detail", "flags", "seq", "len", "ack",
    "win", "cwnd", "ssthresh", "snd_wnd", "srtt_ms", "rto_ms", "rtt_ms",
    NULL,
  };
  return ptab_load(o->dir, "tcp.csv", need, err);
}

/* "a, b, c" of the distinct values of column c (at most 6). */
static char *list_values(const struct ptab *t, int c)
{
  GPtrArray *seen = g_ptr_array_new();
  for (guint r = 0; r < t->rows->len && seen->len < 6; r++) {
    const char *v = ptab_str(t, r, c);
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

const char *plot_pick_conn(const struct plot_opts *o, const struct ptab *tcp,
                           const char **host, GError **err)
{
  int cc = ptab_col(tcp, "conn"), ch = ptab_col(tcp, "host");
  int ce = ptab_col(tcp, "event"), cl = ptab_col(tcp, "len");
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
    bool send = strcmp(ptab_str(tcp, r, ce), "send") == 0;
    if (send && first_send == G_MAXUINT)
      first_send = r;
    if (o->conn)
      found = strcmp(ptab_str(tcp, r, cc), o->conn) == 0;
    else
      found = send && ptab_num(tcp, r, cl) > 0;
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
  *host = ptab_str(tcp, pick, ch);
  return ptab_str(tcp, pick, cc);
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

/* The blocks of a series file: rows "t y" (column cy) per series, the
 * series named by name_of (which may format into buf, 128 bytes), in
 * order of first appearance; rows outside the window left out. */
static GString *series_blocks(const struct plot_opts *o,
                              const struct ptab *t, GPtrArray *names,
                              const char *(*name_of)(const struct ptab *,
                                                     guint, char *),
                              int cy, guint *nseries)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func(free_gstring);
  int ct = ptab_col(t, "t");
  char buf[128];
  for (guint r = 0; r < t->rows->len; r++) {
    double x = ptab_num(t, r, ct);
    if (!plot_in_window(o, x))
      continue;
    guint i = series_index(names, name_of(t, r, buf));
    if (i == blocks->len)
      g_ptr_array_add(blocks, g_string_new(NULL));
    plot_append_num(blocks->pdata[i], x);
    g_string_append_c(blocks->pdata[i], ' ');
    plot_append_num(blocks->pdata[i], ptab_num(t, r, cy));
    g_string_append_c(blocks->pdata[i], '\n');
  }
  *nseries = blocks->len;
  GString *out = join_blocks(names, blocks);
  g_ptr_array_free(blocks, TRUE);
  return out;
}

static const char *conn_name(const struct ptab *t, guint r, char *buf)
{
  (void)buf;
  return ptab_str(t, r, ptab_col(t, "conn"));
}

/* "wan0 port a" for a link direction, "lan0 at monet" on a segment. */
static const char *queue_name(const struct ptab *t, guint r, char *buf)
{
  const char *port = ptab_str(t, r, ptab_col(t, "port"));
  bool link = strcmp(port, "a") == 0 || strcmp(port, "b") == 0;
  g_snprintf(buf, 128, "%s %s %s", ptab_str(t, r, ptab_col(t, "medium")),
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

/* One line per name (namefn) of column col of file: throughput, queue. */
static bool plot_named(const struct plot_opts *o, const char *file,
                       const char *const *need, const char *col,
                       const char *(*namefn)(const struct ptab *, guint,
                                             char *),
                       const char *kind, const char *what, GError **err)
{
  struct ptab *t = ptab_load(o->dir, file, need, err);
  if (!t)
    return false;
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  guint n = 0;
  GString *dat = series_blocks(o, t, names, namefn, ptab_col(t, col), &n);
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
  ptab_free(t);
  return ok;
}

bool plot_throughput(const struct plot_opts *o, GError **err)
{
  static const char *const need[] = { "t", "conn", "mbps", NULL };
  return plot_named(o, "throughput.csv", need, "mbps", conn_name,
                    "throughput", "throughput per TCP flow", err);
}

bool plot_queue(const struct plot_opts *o, GError **err)
{
  static const char *const need[] = { "t", "medium", "port", "qlen", NULL };
  return plot_named(o, "queues.csv", need, "qlen", queue_name, "queue",
                    "transmit queue lengths", err);
}
