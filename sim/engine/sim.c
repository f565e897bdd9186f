/* sim/engine/sim.c: creating and freeing a run's context (sim.h). */
#include "sim.h"

#include <stdarg.h>

struct sim *sim_new(uint64_t seed)
{
  struct sim *sim = g_new0(struct sim, 1);
  sim->sched = sched_new();
  sim->seed = seed;
  sim->pbufs = pbuf_pool_new();
  return sim;
}

void sim_free(struct sim *sim)
{
  if (!sim)
    return;
  sched_free(sim->sched);
  pbuf_pool_close(sim->pbufs);
  g_free(sim);
}

void sim_rng_stream(struct sim *sim, struct rng *r, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *name = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  rng_init(r, sim->seed, name);
  g_free(name);
}
