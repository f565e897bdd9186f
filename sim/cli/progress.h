/* sim/cli/progress.h: the progress bar a long run draws on a terminal:
 * simulated time against the stop time, events per second and elapsed
 * wall time. It is the one place that reads the wall clock, and what it
 * reads never reaches the simulation. */
#ifndef IPCSIM_PROGRESS_H
#define IPCSIM_PROGRESS_H

#include <stdint.h>
#include <stdio.h>
#include "sim_time.h"

struct progress;

/* A bar drawn on f (a terminal). */
struct progress *progress_new(FILE *f);

/* Redraws if at least 100 ms of wall time passed since the last draw.
 * stop may be SIM_TIME_MAX (no bar, only time and rate). Cheap otherwise. */
void progress_update(struct progress *pr, sim_time_t now, sim_time_t stop,
                     uint64_t events);

/* Erases the bar (before other output); the next update redraws it. */
void progress_clear(struct progress *pr);

/* Erases and frees. */
void progress_free(struct progress *pr);

#endif
