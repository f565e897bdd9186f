/* sim/analysis/plot_ladder_draw.c: the ladder diagram drawn by gnuplot (png, svg):
 * the frames of ladder_build -> ladder.dat, named blocks that
 * scripts/ladder.gp draws: "hosts" (the vertical lines), one block of
 * polygons per frame category, "labels" (rotated along each band),
 * "drops" (crosses), "ticks" (the time axis), "gaps" (shortened idle
 * times). The y axis is "visual" time: true within busy stretches, with
 * each long idle gap shortened (ladder_gaps), so ticks are written out.
 * Label angles need the plot's size in pixels: the margins are fixed
 * here and passed to the template. */
#include "plot_ladder.h"

#include <math.h>
#include <string.h>

#define LMARGIN 0.11          /* plot area, in fractions of the page */
#define RMARGIN 0.72
#define TOP_PX 72.0           /* above the plot: the title and host names */
#define BMARGIN 0.03
#define XPAD 0.35             /* x range: columns 0..n-1, padded */
#define LABEL_LIFT 7.0        /* labels sit this many pixels above a band */
#define LABEL_LIFT_DROP 18.0  /* and clear of the cross of one that ends
                                 half-way */
#define LABEL_GAP 12.0        /* and at least this far below the last label
                                 between the same two columns */

static const char *const cat_names[LC_N] = {
  "data", "rexmit", "ack", "ctl", "arp", "icmp", "udp", "other",
};

/* The drawing's geometry: page size and the time mapping. */
struct geo {
  int width, height;          /* page, pixels */
  double top;                 /* the plot's top, fraction of the page */
  double xlo, xhi;            /* x range */
  double ylo, yhi;            /* visual time range (in the unit) */
  GArray *gaps;               /* (start, end) pairs, s */
  double keep;                /* visual length of a gap, s */
  double unit;                /* 1000 or 1 */
};

GArray *ladder_gaps(const struct ladder *l, double *keep)
{
  GArray *g = g_array_new(FALSE, FALSE, sizeof(double));
  double hop = 0, busy = -INFINITY;
  for (guint i = 0; i < l->frames->len; i++) {
    const struct lframe *f = &g_array_index(l->frames, struct lframe, i);
    hop = MAX(hop, ladder_end(f) - f->t0);
  }
  *keep = 1.5 * hop;
  for (guint i = 0; i < l->frames->len && hop > 0; i++) {
    const struct lframe *f = &g_array_index(l->frames, struct lframe, i);
    if (i > 0 && f->t0 - busy > 3 * hop) {
      g_array_append_val(g, busy);
      g_array_append_val(g, f->t0);
    }
    busy = MAX(busy, ladder_end(f));
  }
  return g;
}

/* Visual time (in the unit) of true time t (s). */
static double vmap(const struct geo *g, double t)
{
  double v = t;
  for (guint i = 0; i + 1 < g->gaps->len; i += 2) {
    double a = g_array_index(g->gaps, double, i);
    double b = g_array_index(g->gaps, double, i + 1);
    if (t >= b)
      v -= (b - a) - g->keep;
    else if (t > a)
      v -= (t - a) * (1 - g->keep / (b - a));
  }
  return v * g->unit;
}

static void geo_init(struct geo *g, const struct ladder *l)
{
  guint n = l->frames->len;
  g->width = CLAMP(260 * l->n + 300, 900, 1600);
  g->height = CLAMP(200 + 26 * (int)n, 560, 2400);
  g->top = 1 - TOP_PX / g->height;
  g->xlo = -XPAD, g->xhi = l->n - 1 + XPAD;
  g->unit = l->unit;
  g->gaps = ladder_gaps(l, &g->keep);
  double lo = INFINITY, hi = -INFINITY;
  for (guint i = 0; i < n; i++) {
    const struct lframe *f = &g_array_index(l->frames, struct lframe, i);
    lo = MIN(lo, f->t0), hi = MAX(hi, ladder_end(f));
  }
  g->ylo = vmap(g, lo), g->yhi = vmap(g, hi);
  double pad = MAX((g->yhi - g->ylo) * 0.02, 1e-6 * g->unit);
  g->ylo -= pad, g->yhi += pad;
}

/* Data x, visual y to pixels (y up), in the plot area. */
static void to_px(const struct geo *g, double x, double y, double *px,
                  double *py)
{
  *px = (x - g->xlo) / (g->xhi - g->xlo) * (RMARGIN - LMARGIN) * g->width;
  *py = -(y - g->ylo) / (g->yhi - g->ylo) * (g->top - BMARGIN) * g->height;
}

static void put_xy(GString *s, double x, double y)
{
  plot_append_num(s, x);
  g_string_append_c(s, ' ');
  plot_append_num(s, y);
}

/* A quoted label for a data file: no " inside. */
static void put_text(GString *s, const char *text)
{
  g_string_append(s, " \"");
  for (; *text; text++)
    g_string_append_c(s, *text == '"' ? '\'' : *text);
  g_string_append(s, "\"\n");
}

/* The band's x at its end (half-way for a dropped frame). */
static double end_x(const struct lframe *f)
{
  return ladder_dropped(f) && isnan(f->r1) ? (f->from + f->to) / 2.0
                                           : f->to;
}

/* Never sent at all: refused by the queue, or too big. */
static bool never_sent(const struct lframe *f)
{
  return !strcmp(f->fate, "queue") || !strcmp(f->fate, "mtu");
}

/* The polygon (closed) of frame f. */
static void put_band(GString *s, const struct geo *g, const struct lframe *f)
{
  double xe = end_x(f), half = isnan(f->r1) ? f->prop / 2 : 0;
  double e0 = isnan(f->r0) ? f->t0 + half : f->r0;
  double e1 = isnan(f->r1) ? f->t1 + half : f->r1;
  double pts[5][2] = {
    { f->from, f->t0 }, { f->from, f->t1 }, { xe, e1 }, { xe, e0 },
    { f->from, f->t0 },
  };
  for (int i = 0; i < 5; i++) {
    put_xy(s, pts[i][0], vmap(g, pts[i][1]));
    g_string_append_c(s, '\n');
  }
  g_string_append_c(s, '\n');
}

/* The label: centred on the band, lifted LABEL_LIFT pixels above it and
 * turned along it; pushed down the page when it would overlap the last
 * one between the same columns (last[slot]: its pixel y, y up). A frame
 * that ends half-way is labelled as if it crossed the whole hop, so that
 * its label stays between the columns, above the cross (LABEL_LIFT_DROP)
 * and its cause. */
static void put_label(GString *s, const struct geo *g, const struct lframe *f,
                      double *last)
{
  double xa = f->from, ya = vmap(g, (f->t0 + f->t1) / 2);
  double mid_end = isnan(f->r1) ? f->t0 + f->prop + (f->t1 - f->t0) / 2
                                : (f->r0 + f->r1) / 2;
  double xb = f->to, yb = vmap(g, mid_end);
  double pa[2], pb[2];
  to_px(g, xa, ya, &pa[0], &pa[1]);
  to_px(g, xb, yb, &pb[0], &pb[1]);
  double dx = pb[0] - pa[0], dy = pb[1] - pa[1];
  if (dx < 0)
    dx = -dx, dy = -dy;
  double len = hypot(dx, dy), ux = dx / len, uy = dy / len;
  double lift = isnan(f->r1) ? LABEL_LIFT_DROP : LABEL_LIFT;
  double lift_x = -uy * lift, lift_y = ux * lift;
  double x = (xa + xb) / 2 + lift_x / ((RMARGIN - LMARGIN) * g->width) *
             (g->xhi - g->xlo);
  double hpx = (g->top - BMARGIN) * g->height;
  double py = (pa[1] + pb[1]) / 2 + lift_y;
  int slot = MIN(f->from, f->to);
  if (!isnan(last[slot]) && py > last[slot] - LABEL_GAP)
    py = last[slot] - LABEL_GAP;
  last[slot] = py;
  double y = g->ylo - py / hpx * (g->yhi - g->ylo);
  put_xy(s, x, y);
  g_string_append_printf(s, " %.1f", atan2(dy, dx) * 180 / G_PI);
  put_text(s, f->label);
}

/* The cross where a dropped frame ended, and its cause. */
static void put_drop(GString *s, const struct geo *g, const struct lframe *f)
{
  int dir = f->to > f->from ? 1 : -1;
  double x, t;
  if (never_sent(f))
    x = f->from + 0.12 * dir, t = f->t0;
  else if (isnan(f->r1))
    x = end_x(f), t = f->t0 + f->prop / 2 + (f->t1 - f->t0) / 2;
  else
    x = f->to - 0.04 * dir, t = (f->r0 + f->r1) / 2;
  put_xy(s, x, vmap(g, t));
  put_text(s, ladder_cause(f->fate));
}

/* Nice tick step (1, 2 or 5 times a power of ten) for about n ticks. */
static double tick_step(double span, int n)
{
  double raw = span / n, p = pow(10, floor(log10(raw)));
  return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
}

/* Ticks at multiples of step in the busy stretch [a, b] (s). */
static void put_ticks(GString *s, const struct geo *g, double a, double b,
                      double step)
{
  double lo = ceil(a * g->unit / step - 1e-9);
  double hi = floor(b * g->unit / step + 1e-9);
  if (lo > hi) {                    /* no round value: name its start */
    g_string_append(s, "0 ");
    plot_append_num(s, vmap(g, a));
    g_string_append_printf(s, " \"%.6g\"\n", a * g->unit);
  }
  for (double k = lo; k <= hi; k++) {
    double v = k * step + 0.0;         /* no "-0" */
    g_string_append(s, "0 ");
    plot_append_num(s, vmap(g, v / g->unit));
    g_string_append_printf(s, " \"%.6g\"\n", fabs(v) < 1e-12 ? 0 : v);
  }
}

/* The "ticks" and "gaps" blocks. */
static void put_axis(GString *ticks, GString *gaps, const struct geo *g,
                     const struct ladder *l)
{
  double step = tick_step(g->yhi - g->ylo, 12);
  double a = -INFINITY;
  for (guint i = 0; i <= g->gaps->len; i += 2) {
    double b = i < g->gaps->len ? g_array_index(g->gaps, double, i)
                                : INFINITY;
    double lo = MAX(a, g->ylo / g->unit), hi = MIN(b, g->yhi / g->unit);
    if (i == 0)
      lo = g->ylo / g->unit;     /* before any gap, visual = true time */
    put_ticks(ticks, g, lo, hi, step);
    if (i < g->gaps->len) {
      a = g_array_index(g->gaps, double, i + 1);
      put_xy(gaps, (l->n - 1) / 2.0, vmap(g, (b + a) / 2));
      char *t = g_strdup_printf("(%.6g %s with nothing on the wire: shortened)",
                                (a - b) * g->unit, l->unit_name);
      put_text(gaps, t);
      g_free(t);
    }
  }
}

/* ladder.dat and the list of categories present. */
static GString *ladder_dat(const struct ladder *l, const struct geo *g,
                           GString *cats, bool *drops)
{
  GString *band[LC_N], *lab = g_string_new(NULL), *drop = g_string_new(NULL);
  GString *ticks = g_string_new(NULL), *gaps = g_string_new(NULL);
  for (int c = 0; c < LC_N; c++)
    band[c] = g_string_new(NULL);
  double *last = g_new(double, l->n);
  for (int i = 0; i < l->n; i++)
    last[i] = NAN;
  for (guint i = 0; i < l->frames->len; i++) {
    const struct lframe *f = &g_array_index(l->frames, struct lframe, i);
    if (!never_sent(f))
      put_band(band[f->cat], g, f);
    if (f->labelled && !never_sent(f))
      put_label(lab, g, f, last);
    if (f->labelled && ladder_dropped(f))
      put_drop(drop, g, f);
  }
  g_free(last);
  put_axis(ticks, gaps, g, l);
  GString *out = g_string_new("# hosts\n");
  for (int i = 0; i < l->n; i++) {
    g_string_append_printf(out, "%d ", i);
    put_xy(out, g->ylo, g->yhi - g->ylo);
    put_text(out, l->hosts[i]);
  }
  for (int c = 0; c < LC_N; c++) {
    if (band[c]->len)
      g_string_append_printf(out, "\n\n# %s\n%s", cat_names[c], band[c]->str),
      g_string_append_printf(cats, "%s%s", cats->len ? " " : "", cat_names[c]);
    g_string_free(band[c], TRUE);
  }
  *drops = drop->len > 0;
  const char *names[] = { "labels", "drops", "ticks", "gaps" };
  GString *blocks[] = { lab, drop, ticks, gaps };
  for (int i = 0; i < 4; i++) {
    if (blocks[i]->len == 0) {        /* an empty text at a real point: */
      put_xy(blocks[i], 0, g->ylo);   /* gnuplot crashes on NaN labels */
      g_string_append(blocks[i], i == 0 ? " 0 \"\"\n" : " \"\"\n");
    }
    g_string_append_printf(out, "\n\n# %s\n%s", names[i], blocks[i]->str);
    g_string_free(blocks[i], TRUE);
  }
  return out;
}

/* Says so on stderr when the window holds too many frames to read. */
static void warn_crowded(const struct plot_opts *o, const struct ladder *l)
{
  guint n = 0, cut = 0;
  for (guint i = 0; i < l->frames->len; i++)
    if (g_array_index(l->frames, struct lframe, i).labelled && ++n ==
        LADDER_READABLE)
      cut = i;
  if (n <= LADDER_READABLE)
    return;
  const struct lframe *f = &g_array_index(l->frames, struct lframe, cut);
  fprintf(stderr, "ipcsim plot ladder: %u frames in the window, too many to "
          "read (about %d is the limit); the first %d end at %.9g s: try "
          "--to %.9g (and --from for later ones)\n", n, LADDER_READABLE,
          LADDER_READABLE, f->t0, f->t0);
  (void)o;
}

static bool draw(const struct plot_opts *o, const struct ladder *l,
                 GError **err)
{
  struct geo g;
  geo_init(&g, l);
  GString *cats = g_string_new(NULL);
  bool drops = false;
  GString *dat = ladder_dat(l, &g, cats, &drops);
  char *hosts = g_strjoinv(", ", l->hosts);
  char *title = g_strdup_printf("%s: ladder diagram, %s", o->scenario, hosts);
  char *ylabel = g_strdup_printf("time (%s), running down the page%s",
                                 l->unit_name, g.gaps->len ?
                                 "; long idle gaps shortened" : "");
  char nums[5][G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(nums[4], sizeof nums[4], "%.4f", g.top);
  g_ascii_formatd(nums[0], sizeof nums[0], "%.9g", g.xlo);
  g_ascii_formatd(nums[1], sizeof nums[1], "%.9g", g.xhi);
  g_ascii_formatd(nums[2], sizeof nums[2], "%.9g", g.ylo);
  g_ascii_formatd(nums[3], sizeof nums[3], "%.9g", g.yhi);
  const struct plot_var vars[] = {
    { "TITLE", title }, { "DATA", "ladder.dat" }, { "YLABEL", ylabel },
    { "CATS", cats->str }, { "HAS_DROPS", drops ? "drops" : "" },
    { "XLO", nums[0] }, { "XHI", nums[1] }, { "YLO", nums[2] },
    { "YHI", nums[3] }, { "TMARGIN", nums[4] }, { NULL, NULL },
  };
  bool ok = plot_write_file(o, "ladder.dat", dat, err) &&
            plot_draw(o, "ladder", vars, g.width, g.height, err);
  g_free(title), g_free(ylabel), g_free(hosts);
  g_string_free(dat, TRUE), g_string_free(cats, TRUE);
  g_array_free(g.gaps, TRUE);
  return ok;
}

bool plot_ladder(const struct plot_opts *o, GError **err)
{
  struct ladder l;
  if (!ladder_build(o, &l, err))
    return false;
  warn_crowded(o, &l);
  bool ok = true;
  if (o->format == PLOT_DUMB) {
    GString *text = ladder_text(o, &l);
    ok = plot_write_file(o, "ladder.txt", text, err);
    if (ok && o->echo)
      fputs(text->str, o->echo), fflush(o->echo);
    g_string_free(text, TRUE);
  } else {
    ok = draw(o, &l, err);
  }
  ladder_clear(&l);
  return ok;
}
