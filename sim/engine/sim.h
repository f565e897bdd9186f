/* sim/engine/sim.h: one simulation run, the context every component is handed.
 * It owns the clock and event queue, the run seed (for named random
 * streams) and the optional text trace. There is no global simulation:
 * two struct sim can run side by side in one process (tests do). */
#ifndef IPCSIM_SIM_H
#define IPCSIM_SIM_H

#include <glib.h>
#include "pbuf.h"
#include "rng.h"
#include "sched.h"
#include "sim_time.h"
#include "trace.h"

struct sim {
  struct sched *sched;         /* clock and event queue */
  uint64_t seed;               /* run seed; streams derive from it */
  struct trace *trace;         /* text trace, NULL when off (not owned) */
  struct recorder *rec;        /* results recorder (record.h), NULL when
                                  off (not owned) */
  struct pbuf_pool *pbufs;     /* the packet path's pbufs (pbuf_alloc);
                                  closed by sim_free */
};

/* A new simulation at time 0 with the given seed and no trace. */
struct sim *sim_new(uint64_t seed);

/* Frees the simulation and its pending events. */
void sim_free(struct sim *sim);

static inline sim_time_t sim_now(const struct sim *sim)
{
  return sched_now(sim->sched);
}

/* Seeds r as the stream named by the printf-style format, e.g.
 * sim_rng_stream(sim, &l->rng, "link/%s/ab/loss", name). */
void sim_rng_stream(struct sim *sim, struct rng *r, const char *fmt, ...)
  G_GNUC_PRINTF(3, 4);

/* One trace line at the current time, if tracing is on. `place` names
 * where it happened ("lan0", "monet.en0", "wan0.ab"). */
#define SIM_TRACE(sim, place, ...)                                        \
  do {                                                                    \
    if (G_UNLIKELY((sim)->trace != NULL))                                 \
      trace_line((sim)->trace, sim_now(sim), (place), __VA_ARGS__);       \
  } while (0)

/* Whether results are being recorded: guard record_*() calls with it,
 * one branch when off. */
#define SIM_RECORDING(sim) G_UNLIKELY((sim)->rec != NULL)

#endif
