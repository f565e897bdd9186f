/* sim/cli/sweep.h: `ipcsim sweep`: a scenario run over a grid of --param
 * values and seeds, in parallel worker processes (the ipcsim program
 * itself, one `ipcsim run` per grid point and seed), then runs.csv,
 * summary.csv (mean and 95% confidence interval per point, from
 * sim/analysis/sweep_stats.h) and the sweep plot (plot.h). The runs
 * report through report{} (lsim_report.c). */
#ifndef IPCSIM_SWEEP_H
#define IPCSIM_SWEEP_H

#include <stdbool.h>

/* `ipcsim sweep FILE ...` with argv as main got it (argv[1] is "sweep").
 * Returns the exit status: 0 every run succeeded and every file was
 * written, 1 a run failed or an output could not be written (the other
 * runs still complete), 2 bad usage (a message names the value). */
int sweep_main(int argc, char **argv);

/* Checks --param strings: NAME=VALUE with NAME letters, digits and _ (not
 * a digit first), no NAME twice; with list, VALUE is V1,V2,... of
 * non-empty values. Otherwise prints a usage error naming the bad string
 * on stderr and returns false. */
bool sweep_check_params(char **params, bool list);

#endif
