/* sim/cli/watchdog.h: stops ipcsim when the runtime makes no progress for
 * a given wall time: Lua code that --max-instructions cannot reach (an
 * endless loop in a __gc finalizer, a pattern that backtracks without
 * end). A thread reads the heartbeat the runtime beats (lsim_options);
 * wall time never reaches the simulation. */
#ifndef IPCSIM_WATCHDOG_H
#define IPCSIM_WATCHDOG_H

#include <glib.h>

struct watchdog;

/* Starts watching *beat: when it stays the same for `seconds` of wall
 * time, the watchdog says so on stderr and ends the process with status
 * 1 (the run's files are then incomplete). seconds 0: NULL, no watch. */
struct watchdog *watchdog_start(volatile gint *beat, unsigned seconds);

/* Stops and frees the watchdog. NULL is fine. */
void watchdog_stop(struct watchdog *wd);

#endif
