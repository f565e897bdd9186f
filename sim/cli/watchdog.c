/* sim/cli/watchdog.c: the watchdog thread (watchdog.h). It wakes every
 * second (or when stopped), compares the heartbeat with what it saw, and
 * gives up on a run whose heartbeat stood still for the whole limit. */
#include "watchdog.h"

#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

struct watchdog {
  volatile gint *beat;        /* the runtime's heartbeat */
  gint64 limit_us;            /* stall allowed, microseconds */
  GThread *thread;            /* the watching thread */
  GMutex lock;                /* guards stop */
  GCond cond;                 /* signalled by watchdog_stop */
  bool stop;                  /* the run is over */
};

/* Says why and ends the process: the main thread is stuck in Lua. */
static void give_up(const struct watchdog *wd)
{
  fprintf(stderr, "ipcsim: no progress for %lld s of wall time: Lua code "
          "that --max-instructions cannot stop (an endless loop in a __gc "
          "finalizer, a string pattern that backtracks without end?); "
          "stopped (--max-stall). The run's files are incomplete.\n",
          (long long)(wd->limit_us / G_USEC_PER_SEC));
  fflush(stderr);
  _exit(1);
}

static gpointer watch(gpointer data)
{
  struct watchdog *wd = data;
  gint seen = g_atomic_int_get(wd->beat);
  gint64 since = g_get_monotonic_time();
  g_mutex_lock(&wd->lock);
  while (!wd->stop) {
    gint64 now = g_get_monotonic_time();
    g_cond_wait_until(&wd->cond, &wd->lock, now + G_USEC_PER_SEC);
    gint beat = g_atomic_int_get(wd->beat);
    now = g_get_monotonic_time();
    if (beat != seen)
      seen = beat, since = now;
    else if (!wd->stop && now - since >= wd->limit_us)
      give_up(wd);
  }
  g_mutex_unlock(&wd->lock);
  return NULL;
}

struct watchdog *watchdog_start(volatile gint *beat, unsigned seconds)
{
  if (seconds == 0)
    return NULL;
  struct watchdog *wd = g_new0(struct watchdog, 1);
  wd->beat = beat;
  wd->limit_us = (gint64)seconds * G_USEC_PER_SEC;
  g_mutex_init(&wd->lock);
  g_cond_init(&wd->cond);
  wd->thread = g_thread_new("watchdog", watch, wd);
  return wd;
}

void watchdog_stop(struct watchdog *wd)
{
  if (!wd)
    return;
  g_mutex_lock(&wd->lock);
  wd->stop = true;
  g_cond_signal(&wd->cond);
  g_mutex_unlock(&wd->lock);
  g_thread_join(wd->thread);
  g_mutex_clear(&wd->lock);
  g_cond_clear(&wd->cond);
  g_free(wd);
}
