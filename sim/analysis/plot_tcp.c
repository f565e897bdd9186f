/* sim/analysis/plot_tcp.c: the plots of one TCP connection, from one end's rows
 * of tcp.csv (docs/results.md): the time-sequence graph (tseq, tcptrace
 * style), cwnd and ssthresh (cwnd), RTT samples with srtt and the RTO
 * (rtt). Each: load tcp.csv -> pick the connection (plot_pick_conn) ->
 * write <kind>.dat as named blocks ("# data", ...) that the template
 * picks with `index "name"` -> plot_draw. Sequence numbers stay relative
 * to the ISS, as tcp.csv has them. Read Shepard, "TCP Packet Trace
 * Analysis" (MIT/LCS/TR-494), for what a time-sequence graph shows. */
#include "plot_data.h"

#include <math.h>
#include <string.h>

/* 4.4BSD starts cwnd and ssthresh at TCP_MAXWIN << TCP_MAX_WINSHIFT
 * (1073725440): "no limit yet". Values this big are drawn as gaps. */
#define UNSET_WINDOW 1e9

/* The named blocks of one .dat file, in a fixed order. */
struct blocks {
  const char *const *names;   /* block names, NULL-ended */
  GString *b[8];              /* their rows */
};

static void blocks_init(struct blocks *bl, const char *const *names)
{
  bl->names = names;
  for (int i = 0; names[i]; i++)
    bl->b[i] = g_string_new(NULL);
}

/* Appends one row of n numbers to block i. */
static void row(struct blocks *bl, int i, int n, const double *v)
{
  for (int k = 0; k < n; k++) {
    if (k)
      g_string_append_c(bl->b[i], ' ');
    plot_append_num(bl->b[i], v[k]);
  }
  g_string_append_c(bl->b[i], '\n');
}

/* "data rexmit": the names of the blocks that have rows, for the
 * template's `for [s in "..."]` (an empty list draws nothing). */
static char *present(const struct blocks *bl, int i)
{
  return g_strdup(bl->b[i]->len ? bl->names[i] : "");
}

/* The whole file; frees the blocks. */
static GString *blocks_join(struct blocks *bl)
{
  GString *out = g_string_new(NULL);
  for (int i = 0; bl->names[i]; i++) {
    g_string_append_printf(out, "%s# %s\n", i ? "\n\n" : "", bl->names[i]);
    g_string_append(out, bl->b[i]->len ? bl->b[i]->str : "NaN NaN NaN\n");
    g_string_free(bl->b[i], TRUE);
  }
  return out;
}

/* What the connection kinds share: the table and the chosen end. */
struct conn_view {
  struct results_table *t;   /* tcp.csv */
  const char *conn;           /* the conn drawn */
  const char *host;           /* the end whose rows are drawn */
};

static bool view_open(const struct plot_opts *o, struct conn_view *v,
                      GError **err)
{
  v->t = plot_load_tcp(o, err);
  if (!v->t)
    return false;
  v->conn = plot_pick_conn(o, v->t, &v->host, err);
  if (!v->conn)
    results_table_free(v->t);
  return v->conn != NULL;
}

/* Whether row r belongs to the view (its end, its conn, the window). */
static bool mine(const struct plot_opts *o, const struct conn_view *v,
                 guint r)
{
  return strcmp(results_str(v->t, r, RESULTS_TCP_CONN), v->conn) == 0 &&
         strcmp(results_str(v->t, r, RESULTS_TCP_HOST), v->host) == 0 &&
         plot_in_window(o, results_num(v->t, r, RESULTS_TCP_T));
}

static bool is(const struct conn_view *v, guint r, const char *event)
{
  return strcmp(results_str(v->t, r, RESULTS_TCP_EVENT), event) == 0;
}

/* Writes <kind>.dat and draws it with TITLE, DATA, XRANGE and extra. */
static bool finish(const struct plot_opts *o, const char *kind,
                   const char *what, const struct conn_view *v,
                   GString *dat, const struct plot_var *extra, GError **err)
{
  char *file = g_strdup_printf("%s.dat", kind);
  char *title = g_strdup_printf("%s: %s, %s (at %s)", o->scenario, what,
                                v->conn, v->host);
  char *xr = plot_xrange(o);
  struct plot_var vars[12] = {
    { "TITLE", title }, { "DATA", file }, { "XRANGE", xr },
  };
  for (int i = 0; extra && extra[i].name && i < 8; i++)
    vars[3 + i] = extra[i];
  bool ok = plot_write_file(o, file, dat, err) &&
            plot_draw(o, kind, vars, 0, 0, err);
  g_free(file), g_free(title), g_free(xr);
  return ok;
}

/* tseq rows for one send row: a bar seq..seq+len, or a SYN/FIN mark. */
static void tseq_send(struct blocks *bl, const struct results_table *t, guint r,
                      double x)
{
  double seq = results_num(t, r, RESULTS_TCP_SEQ);
  double len = results_num(t, r, RESULTS_TCP_LEN);
  const char *flags = results_str(t, r, RESULTS_TCP_FLAGS);
  bool rexmit = strcmp(results_str(t, r, RESULTS_TCP_DETAIL), "rexmit") == 0;
  if (len > 0)
    row(bl, rexmit ? 1 : 0, 3, (double[]){ x, seq, seq + len });
  if (strchr(flags, 'S') || strchr(flags, 'F'))
    row(bl, 4, 2, (double[]){ x, seq });
}

/* tseq rows for one recv row carrying an ACK: the ack and ack + win. */
static void tseq_recv(struct blocks *bl, const struct results_table *t, guint r,
                      double x)
{
  const char *flags = results_str(t, r, RESULTS_TCP_FLAGS);
  if (!strchr(flags, 'A') && strcmp(flags, ".") != 0)
    return;
  double ack = results_num(t, r, RESULTS_TCP_ACK);
  double win = results_num(t, r, RESULTS_TCP_WIN);
  row(bl, 2, 2, (double[]){ x, ack });
  row(bl, 3, 2, (double[]){ x, ack + win });
}

bool plot_tseq(const struct plot_opts *o, GError **err)
{
  static const char *const names[] = { "data", "rexmit", "ack", "win",
                                       "synfin", NULL };
  struct conn_view v;
  if (!view_open(o, &v, err))
    return false;
  struct blocks bl;
  blocks_init(&bl, names);
  for (guint r = 0; r < v.t->rows->len; r++) {
    if (!mine(o, &v, r))
      continue;
    double x = results_num(v.t, r, RESULTS_TCP_T);
    if (is(&v, r, "send"))
      tseq_send(&bl, v.t, r, x);
    else if (is(&v, r, "recv"))
      tseq_recv(&bl, v.t, r, x);
  }
  char *has[] = { present(&bl, 0), present(&bl, 1), present(&bl, 2),
                  present(&bl, 4) };
  const struct plot_var extra[] = {
    { "HAS_DATA", has[0] }, { "HAS_REXMIT", has[1] }, { "HAS_ACK", has[2] },
    { "HAS_SYNFIN", has[3] }, { NULL, NULL },
  };
  bool any = *has[0] || *has[1] || *has[2] || *has[3];
  GString *dat = blocks_join(&bl);
  bool ok = any && finish(o, "tseq", "time-sequence graph", &v, dat, extra,
                          err);
  if (!any)
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_EMPTY,
                "this end of %s sent no segment and received no ACK",
                v.conn);
  for (int i = 0; i < 4; i++)
    g_free(has[i]);
  g_string_free(dat, TRUE);
  results_table_free(v.t);
  return ok;
}

/* A window in bytes, or NaN while 4.4BSD has not set it yet. */
static double window(const struct results_table *t, guint r, int col)
{
  double w = results_num(t, r, col);
  return w >= UNSET_WINDOW ? NAN : w;
}

bool plot_cwnd(const struct plot_opts *o, GError **err)
{
  static const char *const names[] = { "cwnd", NULL };
  struct conn_view v;
  if (!view_open(o, &v, err))
    return false;
  struct blocks bl;
  blocks_init(&bl, names);
  for (guint r = 0; r < v.t->rows->len; r++)
    if (mine(o, &v, r))
      row(&bl, 0, 4, (double[]){ results_num(v.t, r, RESULTS_TCP_T),
                                 window(v.t, r, RESULTS_TCP_CWND),
                                 window(v.t, r, RESULTS_TCP_SSTHRESH),
                                 window(v.t, r, RESULTS_TCP_SND_WND) });
  GString *dat = blocks_join(&bl);
  bool ok = finish(o, "cwnd", "congestion window", &v, dat, NULL, err);
  g_string_free(dat, TRUE);
  results_table_free(v.t);
  return ok;
}

/* srtt_ms, NaN while it is 0 (no estimate yet). */
static double srtt(const struct results_table *t, guint r)
{
  double s = results_num(t, r, RESULTS_TCP_SRTT_MS);
  return s > 0 ? s : NAN;
}

bool plot_rtt(const struct plot_opts *o, GError **err)
{
  static const char *const names[] = { "samples", "est", NULL };
  struct conn_view v;
  if (!view_open(o, &v, err))
    return false;
  struct blocks bl;
  blocks_init(&bl, names);
  int crtt = RESULTS_TCP_RTT_MS, crto = RESULTS_TCP_RTO_MS;
  for (guint r = 0; r < v.t->rows->len; r++) {
    if (!mine(o, &v, r))
      continue;
    double x = results_num(v.t, r, RESULTS_TCP_T);
    if (is(&v, r, "rtt"))
      row(&bl, 0, 2, (double[]){ x, results_num(v.t, r, crtt) });
    row(&bl, 1, 3, (double[]){ x, srtt(v.t, r), results_num(v.t, r, crto) });
  }
  char *has = present(&bl, 0);
  const struct plot_var extra[] = { { "HAS_SAMPLES", has }, { NULL, NULL } };
  GString *dat = blocks_join(&bl);
  bool ok = finish(o, "rtt", "RTT and RTO", &v, dat, extra, err);
  g_free(has);
  g_string_free(dat, TRUE);
  results_table_free(v.t);
  return ok;
}
