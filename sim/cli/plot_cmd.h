/* sim/cli/plot_cmd.h: `ipcsim plot KIND RESULTS_DIR [options]`, which draws
 * the plots of a finished run again from its CSV files, and the default
 * set that `ipcsim run --plot` draws at the end of a run. The kinds are
 * in plot_data.c, plot_tcp.c and plot_ladder*.c; docs/results.md says
 * what each draws. */
#ifndef IPCSIM_PLOT_CMD_H
#define IPCSIM_PLOT_CMD_H

#include <stdbool.h>
#include <stdio.h>
#include "plot.h"

/* The plot subcommand: argv[1] is "plot". Returns the exit status: 0,
 * 1 (missing directory or file, no such host or connection, nothing to
 * draw, gnuplot failed) or 2 (bad usage), after a message on stderr
 * naming the value at fault. Dumb drawings go to stdout. */
int plot_cmd_main(int argc, char **argv);

/* Draws every default plot that the run in dir has data for (no TCP: no
 * tseq, cwnd or rtt), in format f; dumb drawings are copied to echo
 * (may be NULL). Kinds without data are skipped silently. False (after
 * printing why on stderr) if a plot that had data could not be drawn. */
bool plot_cmd_defaults(const char *dir, enum plot_format f, FILE *echo);

#endif
