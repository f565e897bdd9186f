/* sim/cli/sweep_out.c: a sweep's results. sweep_collect reads each run's
 * <out>/runs/<i>/report.csv (seed, params, reported values; written by
 * lsim_report.c) and checks it belongs to the grid; sweep_write writes
 * runs.csv (one row per run, grid order), summary.csv (per grid point:
 * n, mean and 95% CI half-width of each value) and sweep.dat, and draws
 * scripts/sweep.gp through plot.h. Everything comes out in grid order,
 * whichever worker finished first, so the bytes depend on the grid and
 * seeds alone. The statistics are sim/analysis/sweep_stats.c's; the
 * reader of report.csv is sim/record/results_read.c. */
#include "sweep.h"
#include "sweep_internal.h"
#include "csv.h"
#include "results_read.h"
#include "sweep_stats.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Checks report.csv's header and row against run i's grid point; on
 * success fills r. The reason otherwise. */
static const char *read_row(const struct sweep *sw, unsigned i, char **head,
                            char **row, struct sweep_run *r)
{
  guint k = sw->params->len, n = g_strv_length(head);
  char seed[24];
  snprintf(seed, sizeof seed, "%" G_GUINT64_FORMAT,
           g_array_index(sw->seeds, uint64_t, i % sw->seeds->len));
  if (g_strv_length(row) != n || n < 1 + k ||
      strcmp(head[0], RESULTS_REPORT_SEED) ||
      strcmp(row[0], seed))
    return "its seed or columns do not match the grid (stale, or from "
           "another sweep?)";
  for (guint j = 0; j < k; j++)
    if (strcmp(head[1 + j], ((struct sweep_param *)
                 g_ptr_array_index(sw->params, j))->name) ||
        strcmp(row[1 + j], sweep_value(sw, i / sw->seeds->len, j)))
      return "its params do not match the grid (stale, or from another "
             "sweep?)";
  r->vals = g_new(double, n - 1 - k);
  for (guint j = 1 + k; j < n; j++)
    if (!csv_parse_number(row[j], &r->vals[j - 1 - k]))
      return "a reported value is not a number";
  r->names = g_strdupv(head + 1 + k);
  r->ok = true;
  return NULL;
}

/* Reads run i's report.csv (its first row); false after saying why. */
static bool collect_one(struct sweep *sw, unsigned i)
{
  char *dir = sweep_run_dir(sw, i);
  char *path = g_build_filename(dir, RESULTS_REPORT_CSV, NULL);
  GError *err = NULL;
  struct results_table *t = results_read(dir, RESULTS_REPORT_CSV,
                                         RESULTS_LENIENT, &err);
  const char *why = "missing (did the run call report{}?)";
  if (t && t->rows->len)
    why = read_row(sw, i, t->head, t->rows->pdata[0], &sw->runs[i]);
  else if (t || err->domain == RESULTS_ERROR)
    why = "not CSV";
  if (why)
    fprintf(stderr, "ipcsim sweep: run %u: %s: %s\n", i, path, why);
  g_clear_error(&err);
  results_table_free(t);
  g_free(path), g_free(dir);
  return why == NULL;
}

unsigned sweep_collect(struct sweep *sw)
{
  unsigned bad = 0;
  for (unsigned i = 0; i < sw->nruns; i++)
    if (sw->runs[i].failed || !collect_one(sw, i))
      bad++;
  return bad;
}

/* Every reported name, in order of first appearance in grid order. */
static GPtrArray *value_names(const struct sweep *sw)
{
  GPtrArray *names = g_ptr_array_new();
  for (unsigned i = 0; i < sw->nruns; i++)
    for (char **n = sw->runs[i].names; n && *n; n++)
      if (!g_ptr_array_find_with_equal_func(names, *n, g_str_equal, NULL))
        g_ptr_array_add(names, *n);
  return names;
}

/* Run r's value called name, if it reported one. */
static bool run_value(const struct sweep_run *r, const char *name, double *v)
{
  for (guint j = 0; r->ok && r->names[j]; j++)
    if (strcmp(r->names[j], name) == 0) {
      *v = r->vals[j];
      return true;
    }
  return false;
}

/* Statistics of value name over grid point p's runs; *n 0: none. */
static void point_stats(const struct sweep *sw, unsigned p, const char *name,
                        unsigned *n, double *mean, double *ci)
{
  unsigned ns = sw->seeds->len;
  double *v = g_new(double, ns);
  *n = 0;
  for (unsigned s = 0; s < ns; s++)
    if (run_value(&sw->runs[p * ns + s], name, &v[*n]))
      (*n)++;
  *mean = *ci = NAN;
  if (*n > 0)
    sweep_stats_mean_ci(v, *n, mean, ci);
  g_free(v);
}

/* Appends "," and v, or "," alone when v is NAN. */
static void append_cell(GString *s, double v)
{
  g_string_append_c(s, ',');
  if (!isnan(v))
    csv_append_number(s, v);
}

/* Appends grid point p's param values, comma separated. */
static void append_point(GString *s, const struct sweep *sw, unsigned p)
{
  for (guint k = 0; k < sw->params->len; k++) {
    if (k)
      g_string_append_c(s, ',');
    csv_append_field(s, sweep_value(sw, p, k));
  }
}

static void append_param_names(GString *s, const struct sweep *sw)
{
  for (guint k = 0; k < sw->params->len; k++)
    g_string_append_printf(s, "%s%s", k ? "," : "",
      ((struct sweep_param *)g_ptr_array_index(sw->params, k))->name);
}

/* runs.csv: run,<params>,seed,<values>. */
static char *runs_csv(const struct sweep *sw, GPtrArray *names)
{
  GString *s = g_string_new(RESULTS_RUNS_RUN ",");
  append_param_names(s, sw);
  g_string_append(s, "," RESULTS_RUNS_SEED);
  for (guint j = 0; j < names->len; j++)
    g_string_append_printf(s, ",%s", (char *)g_ptr_array_index(names, j));
  g_string_append_c(s, '\n');
  for (unsigned i = 0; i < sw->nruns; i++) {
    g_string_append_printf(s, "%u,", i);
    append_point(s, sw, i / sw->seeds->len);
    g_string_append_printf(s, ",%" G_GUINT64_FORMAT,
      g_array_index(sw->seeds, uint64_t, i % sw->seeds->len));
    for (guint j = 0; j < names->len; j++) {
      double v = NAN;
      run_value(&sw->runs[i], g_ptr_array_index(names, j), &v);
      append_cell(s, v);
    }
    g_string_append_c(s, '\n');
  }
  return g_string_free(s, FALSE);
}

/* summary.csv: <params>,n,<v>_mean,<v>_ci95,... per grid point. */
static char *summary_csv(const struct sweep *sw, GPtrArray *names)
{
  GString *s = g_string_new(NULL);
  append_param_names(s, sw);
  g_string_append(s, "," RESULTS_SUMMARY_N);
  for (guint j = 0; j < names->len; j++)
    g_string_append_printf(s, ",%s" RESULTS_SUMMARY_MEAN ",%s"
                           RESULTS_SUMMARY_CI95,
      (char *)g_ptr_array_index(names, j), (char *)g_ptr_array_index(names, j));
  g_string_append_c(s, '\n');
  for (unsigned p = 0; p < sw->npoints; p++) {
    unsigned ok = 0, n;
    for (unsigned k = 0; k < sw->seeds->len; k++)
      ok += sw->runs[p * sw->seeds->len + k].ok;
    append_point(s, sw, p);
    g_string_append_printf(s, ",%u", ok);
    for (guint j = 0; j < names->len; j++) {
      double mean, ci;
      point_stats(sw, p, g_ptr_array_index(names, j), &n, &mean, &ci);
      append_cell(s, mean), append_cell(s, ci);
    }
    g_string_append_c(s, '\n');
  }
  return g_string_free(s, FALSE);
}

/* Writes <out>/name; false after saying why. */
static bool write_out(const struct sweep *sw, const char *name, char *text)
{
  char *path = g_build_filename(sw->out, name, NULL);
  GError *err = NULL;
  bool ok = g_file_set_contents(path, text, -1, &err);
  if (!ok) {
    fprintf(stderr, "ipcsim sweep: %s\n", err->message);
    g_error_free(err);
  }
  g_free(path);
  g_free(text);
  return ok;
}

static struct sweep_param *param(const struct sweep *sw, guint k)
{
  return g_ptr_array_index(sw->params, k);
}

/* Which line of the plot point p belongs to: its index among the
 * combinations of the params other than xi, in grid order. */
static unsigned series_of(const struct sweep *sw, unsigned p, guint xi)
{
  unsigned id = 0, stride = 1, rest = p;
  for (guint k = sw->params->len; k-- > 0;) {
    unsigned digit = rest % param(sw, k)->n;
    rest /= param(sw, k)->n;
    if (k != xi)
      id += digit * stride, stride *= param(sw, k)->n;
  }
  return id;
}

/* A line's title: "rate=1Mbps, proto=udp" (the other params at p), or
 * the y name when x is the only param. Quotes become apostrophes. */
static char *series_title(const struct sweep *sw, unsigned p, guint xi)
{
  GString *s = g_string_new(NULL);
  for (guint k = 0; k < sw->params->len; k++)
    if (k != xi)
      g_string_append_printf(s, "%s%s=%s", s->len ? ", " : "",
                             param(sw, k)->name, sweep_value(sw, p, k));
  if (s->len == 0)
    g_string_append(s, sw->y);
  g_strdelimit(s->str, "\"", '\'');
  return g_string_free(s, FALSE);
}

/* Whether every value of param k reads as a number. */
static bool numeric(const struct sweep *sw, guint k)
{
  double v;
  for (unsigned j = 0; j < param(sw, k)->n; j++)
    if (!csv_parse_number(param(sw, k)->values[j], &v))
      return false;
  return true;
}

/* sweep.dat: one block per line of the plot, each a header then
 * "x mean ci95" rows; a point without runs has mean NaN, one run ci 0. */
static char *sweep_dat(const struct sweep *sw, guint xi, unsigned *nseries)
{
  *nseries = sw->npoints / param(sw, xi)->n;
  GString **blocks = g_new0(GString *, *nseries);
  for (unsigned p = 0; p < sw->npoints; p++) {
    unsigned id = series_of(sw, p, xi), n;
    if (!blocks[id]) {
      char *t = series_title(sw, p, xi);
      blocks[id] = g_string_new(NULL);
      g_string_append_printf(blocks[id], "\"%s\" x mean ci95\n", t);
      g_free(t);
    }
    double mean, ci;
    point_stats(sw, p, sw->y, &n, &mean, &ci);
    const char *x = sweep_value(sw, p, xi);
    g_string_append_printf(blocks[id], numeric(sw, xi) ? "%s " : "\"%s\" ", x);
    if (n == 0)
      g_string_append(blocks[id], "NaN 0");
    else
      csv_append_number(blocks[id], mean), g_string_append_c(blocks[id], ' '),
      csv_append_number(blocks[id], n < 2 ? 0 : ci);
    g_string_append_c(blocks[id], '\n');
  }
  GString *all = g_string_new(NULL);
  for (unsigned id = 0; id < *nseries; id++) {
    g_string_append_printf(all, "%s%s", id ? "\n\n" : "", blocks[id]->str);
    g_string_free(blocks[id], TRUE);
  }
  g_free(blocks);
  return g_string_free(all, FALSE);
}

/* Draws sweep.dat with scripts/sweep.gp. */
static bool draw(const struct sweep *sw, guint xi, unsigned nseries)
{
  char *base = g_path_get_basename(sw->file);
  char *title = g_strdup_printf("%s: %s against %s (mean of %u seed%s%s)",
    base, sw->y, sw->x, sw->seeds->len, sw->seeds->len > 1 ? "s" : "",
    sw->seeds->len > 1 ? ", 95% confidence interval" : "");
  char *ns = g_strdup_printf("%u", nseries);
  struct plot_var vars[] = {
    { "TITLE", title }, { "XLABEL", sw->xlabel ? sw->xlabel : sw->x },
    { "YLABEL", sw->ylabel ? sw->ylabel : sw->y }, { "DATA", RESULTS_SWEEP_DAT },
    { "NSERIES", ns }, { "USING", numeric(sw, xi) ? "1:2:3" : "0:2:3:xtic(1)" },
    { NULL, NULL },
  };
  struct plot_spec spec = { .kind = "sweep", .name = "sweep", .dir = sw->out,
                            .format = sw->format, .vars = vars,
                            .echo = stdout };
  GError *err = NULL;
  bool ok = plot_render(&spec, &err);
  if (!ok) {
    fprintf(stderr, "ipcsim sweep: %s\n", err->message);
    g_error_free(err);
  }
  g_free(ns), g_free(title), g_free(base);
  return ok;
}

/* --y: a reported name (default: the first). 2 after a usage error. */
static int pick_y(struct sweep *sw, GPtrArray *names)
{
  if (!sw->y && names->len)
    sw->y = g_ptr_array_index(names, 0);
  if (sw->y && g_ptr_array_find_with_equal_func(names, sw->y, g_str_equal,
                                                NULL))
    return 0;
  if (!sw->y) {
    fprintf(stderr, "ipcsim sweep: no run reported anything: no plot\n");
    return 1;
  }
  GString *list = g_string_new(NULL);
  for (guint j = 0; j < names->len; j++)
    g_string_append_printf(list, "%s%s", j ? ", " : "",
                           (char *)g_ptr_array_index(names, j));
  fprintf(stderr, "ipcsim sweep: --y '%s': not a value the runs reported "
          "(they reported: %s)\n", sw->y, list->len ? list->str : "nothing");
  g_string_free(list, TRUE);
  return 2;
}

int sweep_write(struct sweep *sw)
{
  GPtrArray *names = value_names(sw);
  int st = 0;
  if (g_mkdir_with_parents(sw->out, 0755) != 0)
    fprintf(stderr, "ipcsim sweep: cannot create %s: %s\n", sw->out,
            g_strerror(errno));
  if (g_mkdir_with_parents(sw->out, 0755) != 0 ||
      !write_out(sw, RESULTS_SWEEP_RUNS_CSV, runs_csv(sw, names)) ||
      !write_out(sw, RESULTS_SWEEP_SUMMARY_CSV, summary_csv(sw, names)))
    st = 1;
  int y = st ? 0 : pick_y(sw, names);
  guint xi = 0;
  while (strcmp(param(sw, xi)->name, sw->x) != 0)
    xi++;
  unsigned nseries = 0;
  if (st == 0 && y == 0 &&
      (!write_out(sw, RESULTS_SWEEP_DAT, sweep_dat(sw, xi, &nseries)) ||
       !draw(sw, xi, nseries)))
    st = 1;
  g_ptr_array_free(names, TRUE);
  return st ? st : y;
}
