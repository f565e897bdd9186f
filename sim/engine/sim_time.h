/* sim/engine/sim_time.h: simulated time. Time is int64_t nanoseconds since the start
 * of the run, never a wall clock. Anything that needs "now" is handed a
 * struct sim (sim.h) or a scheduler (sched.h); nothing reads a global clock. */
#ifndef IPCSIM_SIM_TIME_H
#define IPCSIM_SIM_TIME_H

#include <stdint.h>

typedef int64_t sim_time_t;            /* nanoseconds */

#define SIM_NS  ((sim_time_t)1)
#define SIM_US  ((sim_time_t)1000)
#define SIM_MS  ((sim_time_t)1000000)
#define SIM_S   ((sim_time_t)1000000000)
#define SIM_TIME_MAX INT64_MAX         /* "never" */

/* Seconds as a double, for printing and for Lua. */
static inline double sim_time_to_s(sim_time_t t) { return (double)t / 1e9; }

#endif
