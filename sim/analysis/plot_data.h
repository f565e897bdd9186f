/* sim/analysis/plot_data.h: what the plot kinds share (internal to plot_*.c).
 * Each kind reads the results files of one run (docs/results.md) with
 * plot_read_known (plot.h), filters them into <kind>.dat in the same
 * directory, and draws scripts/<kind>.gp through plot_render (plot.h).
 * The command line and the default set live in sim/cli/plot_cmd.c; the
 * ladder in plot_ladder*.c. Times are seconds (doubles) here. */
#ifndef IPCSIM_PLOT_DATA_H
#define IPCSIM_PLOT_DATA_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include "plot.h"

/* What the user asked for. */
struct plot_opts {
  const char *dir;            /* the results directory: data in, plots out */
  const char *scenario;       /* for titles: the directory's base name */
  char **hosts;               /* --hosts (ladder), NULL-ended, or NULL */
  const char *conn;           /* --conn: a tcp.csv conn, or NULL */
  double from;                /* --from in s (0 when not given) */
  double to;                  /* --to in s; negative: to the end */
  enum plot_format format;    /* png, svg or dumb */
  FILE *echo;                 /* dumb drawings are copied here, or NULL */
};

/* One plot kind: draws it from o->dir. False with *err otherwise;
 * PLOT_ERROR_EMPTY when the run has nothing of that kind. */
typedef bool (*plot_kind_fn)(const struct plot_opts *o, GError **err);

bool plot_throughput(const struct plot_opts *o, GError **err);
bool plot_tseq(const struct plot_opts *o, GError **err);
bool plot_cwnd(const struct plot_opts *o, GError **err);
bool plot_rtt(const struct plot_opts *o, GError **err);
bool plot_queue(const struct plot_opts *o, GError **err);
bool plot_ladder(const struct plot_opts *o, GError **err);

/* Whether t (s) is inside the --from/--to window. */
bool plot_in_window(const struct plot_opts *o, double t);

/* "[from:to]" for the x axis, "[*:*]" when no window. Newly allocated. */
char *plot_xrange(const struct plot_opts *o);

/* Writes text to <o->dir>/<file>. False with *err (PLOT_ERROR_IO). */
bool plot_write_file(const struct plot_opts *o, const char *file,
                     const GString *text, GError **err);

/* Appends v in the .dat files' number format ("%.9g", NaN as "NaN"). */
void plot_append_num(GString *s, double v);

/* Renders scripts/<kind>.gp as <o->dir>/<kind>.<ext> with vars (NULL-
 * ended) and the size (0: default). */
bool plot_draw(const struct plot_opts *o, const char *kind,
               const struct plot_var *vars, int width, int height,
               GError **err);

/* The connection to draw: o->conn when given (PLOT_ERROR_NOT_FOUND when
 * tcp.csv has no such conn, listing those it has), else the first that
 * sent data, else the first. Sets *host to the host of that end. Both
 * point into tcp; NULL with PLOT_ERROR_EMPTY when tcp.csv has no rows. */
const char *plot_pick_conn(const struct plot_opts *o,
                           const struct results_table *tcp,
                           const char **host, GError **err);

/* Loads tcp.csv with the columns the connection plots use. */
struct results_table *plot_load_tcp(const struct plot_opts *o, GError **err);

#endif
