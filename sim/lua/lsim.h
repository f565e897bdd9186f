/* sim/lua/lsim.h: the Lua scenario runtime, as the CLI sees it. It loads a
 * scenario file into a sandboxed Lua 5.4 state, gives it the topology
 * constructors, processes and run{}, and reports errors as
 * "file:line: message". The simulator below never sees Lua. */
#ifndef IPCSIM_LSIM_H
#define IPCSIM_LSIM_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "sim_time.h"

/* What a long run shows on a terminal, supplied by the caller (the CLI's
 * progress bar, sim/cli/progress.h): update() after each batch of events,
 * clear() before the runtime prints on stderr. */
struct lsim_progress {
  void (*update)(void *ud, sim_time_t now, sim_time_t stop,
                 uint64_t events);  /* redraw if it is time to */
  void (*clear)(void *ud);          /* erase it; the next update redraws */
  void *ud;                         /* their first argument */
};

struct lsim_options {
  uint64_t seed;              /* run seed (default 1) */
  bool stop_set;              /* --stop given: replaces run{stop=} */
  sim_time_t stop;            /* its value */
  const char *out_dir;        /* where pcaps and the trace go */
  bool pcap;                  /* write <out>/<medium>.pcap for every medium */
  bool trace;                 /* write <out>/trace.txt */
  bool record;                /* write the results (docs/results.md) */
  bool unsafe;                /* no sandbox */
  bool quiet;                 /* processes' standard output is not
                                 printed (it is still kept per process) */
  const struct lsim_progress *progress; /* a progress display, or NULL;
                                 it must outlive the runtime */
  volatile gint *heartbeat;   /* or NULL: incremented (atomically) at each
                                 batch of events and slice of Lua
                                 instructions, for a watchdog thread; Lua
                                 the count hook cannot reach (a __gc loop,
                                 a pattern match) leaves it still */
  uint64_t max_events;        /* stop with an error after this many, 0 = no limit */
  uint64_t max_same_time;     /* events in a row without simulated time
                                 moving: a livelock, stopped with an error
                                 naming what ran; 0 = no limit */
  uint64_t max_instructions;  /* per uninterrupted slice of Lua, 0 = no limit */
  uint64_t max_memory;        /* bytes of Lua heap, 0 = no limit */
  char **args;                /* scenario arguments (after --), for `arg` */
  int nargs;                  /* how many */
  char **params;              /* --param "name=value" strings, for param() */
  int nparams;                /* how many */
};

struct lsim;

/* A new runtime with its own simulation. opt is copied (not its strings:
 * they must outlive the runtime). */
struct lsim *lsim_new(const struct lsim_options *opt);

/* Runs the scenario file. Returns 0 on success, 1 after printing a
 * "file:line: message" error on stderr. */
int lsim_run_file(struct lsim *rt, const char *path);

/* Events run so far and the simulated time now. */
void lsim_counts(const struct lsim *rt, uint64_t *events, sim_time_t *now);

/* Asks every running simulation to stop at the end of the current batch
 * of events (or Lua slice), as after an error "interrupted by SIG<sig>":
 * the results are then written whole. Async-signal-safe: the CLI calls
 * it from its SIGINT and SIGTERM handlers. */
void lsim_interrupt(int sig);

/* The signal lsim_interrupt() was called with, or 0. */
int lsim_interrupted(void);

/* Closes capture and trace files, frees everything. Returns false (after
 * printing why) if an output file could not be written completely. */
bool lsim_free(struct lsim *rt);

/* After the run: warns on stderr about each --param the scenario never
 * asked for with param(); then, if the run succeeded and the scenario
 * called report{}, writes <out>/report.csv (header, one row: seed, the
 * --param values in their order, the reported values) and, unless quiet,
 * prints the values on stderr. False (after printing why) if report.csv
 * cannot be written. (lsim_report.c) */
bool lsim_report_finish(struct lsim *rt, bool succeeded, bool quiet);

/* After the run: closes the files of the scenario's series{} and, if the
 * run succeeded, draws each plot{} into <out>/<name>.png (scripts/xy.gp).
 * False (after printing why) if a file could not be written or a plot
 * not drawn. (lsim_series.c) */
bool lsim_series_finish(struct lsim *rt, bool succeeded);

#endif
