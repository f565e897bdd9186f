/* sim/exec/exec.h: real programs as processes of simulated hosts.
 * exec_start() runs a compiled executable as a real Linux child with
 * the shim (shim/) preloaded; the child's libc calls come over a private
 * channel (shim/chan.h) and are made by its simulated process, through
 * the same hosts/ calls and the same sleep/wakeup a Lua process uses.
 * Exactly one real program runs at a time: the simulator reads the next
 * request only of the process it is running, and simulated time stands
 * still meanwhile, so a run is as deterministic as the program is.
 * Nothing here knows Lua: the runtime passes hooks for the program's
 * output and for a failure that must stop the run.
 * Calls: exec_start -> (event) exec_resume -> exec_next -> exec_call_*
 * -> sys_* ; a call that would block sleeps on its channel, and the
 * wakeup resumes the loop. */
#ifndef IPCSIM_EXEC_H
#define IPCSIM_EXEC_H

#include <glib.h>
#include <stdbool.h>
#include "sim_time.h"

struct host;
struct proc;
struct netdb;

/* What the runtime gives every exec'd process (borrowed; outlives them). */
struct exec_world {
  const struct netdb *db;     /* the host and service databases */
  /* One line of a program's standard output or error (no newline). */
  void (*output)(void *ctx, struct proc *p, const char *line);
  /* Something that must stop the run (an uncovered call, a program that
   * stopped answering); msg names the program. */
  void (*fail)(void *ctx, struct proc *p, const char *msg);
  void *ctx;                  /* for the two above */
  char *shim;                 /* the shim's path (owned) */
  GPtrArray *live;            /* struct xproc * still running */
  GPtrArray *all;             /* every struct xproc (owned) */
  bool stopped;               /* fail() was called: run nothing more */
  const GPtrArray *hosts;     /* every host (struct host *; borrowed):
                                 SIOCGIFDSTADDR finds a link's far end */
  int64_t spin_ns;            /* each channel's spin before it sleeps
                                 ($IPCSIM_SPIN_NS; chan_wait.h) */
};

/* What to run. */
struct exec_opts {
  const char *path;           /* the executable */
  char *const *argv;          /* its arguments, argv[0] first, NULL ended */
  double limit;               /* wall seconds it may compute between two
                                 calls before the run stops (0: 10 s) */
  bool netns;                 /* run it in a private network namespace
                                 when the machine allows (unshare) */
  int uid;                    /* the simulated uid (0: root) */
  const char *input;          /* its standard input (NULL: empty) */
  sim_time_t epoch;           /* what its clocks (time, gettimeofday)
                                 read at simulated time 0 */
};

/* A new world: the shim found at shim (NULL: the one built with ipcsim;
 * $IPCSIM_SHIM overrides both). */
struct exec_world *exec_world_new(const struct netdb *db, const char *shim);

/* Ends every real program still running (SIGKILL, reaped) and frees w. */
void exec_world_free(struct exec_world *w);

/* Kills the real program of every simulated process that ended without
 * it (its host went down: host_down exits every process). w may be
 * NULL. */
void exec_world_reap(struct exec_world *w);

/* Starts o->path on h as a new simulated process, runnable now. Returns
 * it, or NULL with *err set: a missing or non-executable path, a static
 * binary (the shim could not be preloaded into it), no shim. */
struct proc *exec_start(struct exec_world *w, struct host *h,
                        const struct exec_opts *o, GError **err);

/* Why exec_start refused, as "ENOENT: ..." messages: a program that is
 * not dynamically linked. True when path is dynamic (has PT_INTERP). */
bool exec_is_dynamic(const char *path, GError **err);

#endif
