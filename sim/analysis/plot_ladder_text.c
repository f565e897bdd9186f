/* sim/analysis/plot_ladder_text.c: the ladder diagram as plain text, for the dumb
 * format (a classroom with only a terminal): gnuplot's dumb terminal
 * cannot draw thin sloped bands legibly, so we draw our own. One line per
 * frame at its send time: an arrow from the sender's column to the
 * receiver's with the packets.csv label inside, then the arrival time.
 * A dropped frame stops half-way at an X, with its cause. Long idle gaps
 * (ladder_gaps) get a line saying how long. Slopes and thicknesses are
 * not shown: the times are. */
#include "plot_ladder.h"

#include <math.h>
#include <string.h>

#define TIME_W 12             /* width of the time field */

/* The distance between two adjacent columns: room for the labels. */
static int col_gap(const struct ladder *l)
{
  size_t w = 0;
  for (guint i = 0; i < l->frames->len; i++) {
    const struct lframe *f = &g_array_index(l->frames, struct lframe, i);
    w = MAX(w, strlen(f->label) / (size_t)MAX(1, ABS(f->to - f->from)));
  }
  return CLAMP((int)w + 7, 18, 46);
}

/* A blank canvas line with the host lines drawn with c. */
static GString *canvas(int n, int gap, char c)
{
  GString *s = g_string_new(NULL);
  for (int i = 0; i < (n - 1) * gap + 1; i++)
    g_string_append_c(s, i % gap == 0 ? c : ' ');
  return s;
}

/* Draws frame f's arrow on line s. */
static void arrow(GString *s, const struct lframe *f, int gap)
{
  int a = f->from * gap, b = f->to * gap, dir = b > a ? 1 : -1;
  bool dropped = ladder_dropped(f) && isnan(f->r1);
  int end = dropped ? a + (b - a) / 2 : b - dir;
  for (int x = a + dir; x != end; x += dir)
    s->str[x] = '-';
  s->str[end] = dropped ? 'X' : dir > 0 ? '>' : '<';
  int lo = MIN(a, end), room = ABS(end - a) - 4;
  int len = MIN((int)strlen(f->label), room);
  int start = lo + 2 + (room - len) / 2;
  for (int i = 0; i < len; i++)
    s->str[start + i] = f->label[i];
}

static void header(GString *out, const struct plot_opts *o,
                   const struct ladder *l, int gap)
{
  char *hosts = g_strjoinv(", ", l->hosts);
  g_string_append_printf(out, "%s: ladder diagram, %s\n(time in %s at the "
                         "first bit sent; after the arrow: last bit "
                         "received, or why the frame was dropped)\n\n",
                         o->scenario, hosts, l->unit_name);
  g_free(hosts);
  GString *names = g_string_new(NULL);
  for (int i = 0; i < l->n; i++) {
    while ((int)names->len < i * gap)
      g_string_append_c(names, ' ');
    size_t room = i + 1 < l->n ? (size_t)gap - 1 : 40;
    g_string_append_len(names, l->hosts[i],
                        (gssize)MIN(strlen(l->hosts[i]), room));
  }
  g_string_append_printf(out, "%*s  %s\n", TIME_W, "time", names->str);
  g_string_free(names, TRUE);
}

static void gap_line(GString *out, const struct ladder *l, int gap,
                     double idle)
{
  GString *c = canvas(l->n, gap, ':');
  g_string_append_printf(out, "%*s  %s   (%.6g %s idle)\n", TIME_W, "", c->str,
                         idle * l->unit, l->unit_name);
  g_string_free(c, TRUE);
}

GString *ladder_text(const struct plot_opts *o, const struct ladder *l)
{
  int gap = col_gap(l);
  double keep, busy = -INFINITY;
  GArray *gaps = ladder_gaps(l, &keep);
  GString *out = g_string_new(NULL);
  header(out, o, l, gap);
  for (guint i = 0, g = 0; i < l->frames->len; i++) {
    const struct lframe *f = &g_array_index(l->frames, struct lframe, i);
    if (g < gaps->len && f->t0 >= g_array_index(gaps, double, g + 1))
      gap_line(out, l, gap, f->t0 - busy), g += 2;
    busy = MAX(busy, ladder_end(f));
    if (!f->labelled)
      continue;
    GString *s = canvas(l->n, gap, '|');
    arrow(s, f, gap);
    g_string_append_printf(out, "%*.3f  %s  ", TIME_W, f->t0 * l->unit,
                           s->str);
    if (ladder_dropped(f))
      g_string_append_printf(out, "X %s\n", ladder_cause(f->fate));
    else
      g_string_append_printf(out, "%.3f\n", f->r1 * l->unit);
    g_string_free(s, TRUE);
  }
  g_array_free(gaps, TRUE);
  return out;
}
