/* sim/cli/sweep_internal.h: what sweep.c (options, grid, workers) and
 * sweep_out.c (reading the runs' report.csv, runs.csv, summary.csv, the
 * plot) share. Not for use elsewhere. Grid order: the first --param
 * varies slowest, the seed fastest; run i is grid point i / nseeds with
 * seed number i % nseeds, and writes <out>/runs/<i>/. */
#ifndef IPCSIM_SWEEP_INTERNAL_H
#define IPCSIM_SWEEP_INTERNAL_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "plot.h"

struct sweep_param {
  char *name;                 /* as in param(name) */
  char **values;              /* its values, in the order given */
  unsigned n;                 /* how many */
};

/* What one run reported (its report.csv after seed and params). */
struct sweep_run {
  bool failed;                /* the worker failed (already reported) */
  bool ok;                    /* its report.csv was read and matched */
  char **names;               /* reported names, NULL-ended */
  double *vals;               /* their values */
};

struct sweep {
  const char *file;           /* the scenario, as given */
  char *out;                  /* output directory */
  GPtrArray *params;          /* struct sweep_param * (owned) */
  GArray *seeds;              /* uint64_t, in the order given */
  unsigned jobs;              /* workers at once */
  const char *x, *y;          /* plot axes: a param, a reported name */
  const char *xlabel, *ylabel;/* axis labels, or NULL for the names */
  enum plot_format format;    /* of the plot */
  char **args;                /* scenario arguments (after --) */
  int nargs;                  /* how many */
  char *self;                 /* the ipcsim program, for the workers */
  GPtrArray *run_opts;        /* char *: options every run gets
                                 (--no-record, --stop, ...) (owned) */
  unsigned npoints;           /* grid points */
  unsigned nruns;             /* npoints * seeds */
  struct sweep_run *runs;     /* nruns results */
  bool slurm;                 /* --slurm: run through sbatch */
  bool throttle;              /* --jobs was given: at most that many
                                 array tasks at once under --slurm */
  char **slurm_args;          /* --slurm-args, split (owned), or NULL */
};

/* The value of parameter k at grid point p. */
const char *sweep_value(const struct sweep *sw, unsigned p, unsigned k);

/* <out>/runs/<i>, newly allocated. */
char *sweep_run_dir(const struct sweep *sw, unsigned i);

/* The command line of run i, quoted for a shell; newly allocated. */
char *sweep_run_command(const struct sweep *sw, unsigned i);

/* Says on stderr that run i failed with wait status st: how, its command
 * and the end of its stderr.txt. */
void sweep_report_failure(const struct sweep *sw, unsigned i, int st);

/* Progress on a terminal (tty): runs done of all, failures. */
void sweep_progress(const struct sweep *sw, unsigned done, unsigned failed,
                    bool tty);

/* --slurm: runs every run as tasks of one Slurm job array and waits for
 * it. Returns how many runs failed (each reported) and marks them in
 * sw->runs. (sweep_slurm.c) */
unsigned sweep_slurm(struct sweep *sw);

/* Reads every run's report.csv into sw->runs. Returns how many runs have
 * none or a bad one, after saying why for each on stderr. (sweep_out.c) */
unsigned sweep_collect(struct sweep *sw);

/* Writes runs.csv, summary.csv, sweep.dat and the plot into sw->out.
 * Returns 0, 1 (a file or the plot failed) or 2 (--x or --y names
 * nothing the sweep has). (sweep_out.c) */
int sweep_write(struct sweep *sw);

#endif
