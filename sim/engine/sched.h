/* sim/engine/sched.h: the event queue and the clock of one simulation.
 *
 * Events are ordered by (time, insertion sequence): two events at the same
 * time run in the order they were scheduled (FIFO). Time never goes back:
 * scheduling before now is a programmer error. Cancelling is O(1) and safe
 * with a stale handle (an event that already ran or was already cancelled).
 * The queue knows nothing of what events mean; see sched.c for the structure
 * and why it was chosen (measured with scripts/bench/sched). */
#ifndef IPCSIM_SCHED_H
#define IPCSIM_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sim_time.h"

struct sched;

/* An event's action. a and b are the two words given when scheduling. */
typedef void (*sched_event_fn)(void *a, void *b);

/* A handle to a scheduled event, for cancelling. 0 is never a valid handle. */
typedef uint64_t sched_event_id;

/* New empty queue, clock at 0. Never returns NULL. */
struct sched *sched_new(void);

/* Frees the queue and any events still pending (their actions never run). */
void sched_free(struct sched *s);

/* Current simulated time: the time of the event being run, or of the last
 * one run, or 0 before the first. */
sim_time_t sched_now(const struct sched *s);

/* Schedules fn(a, b) at absolute time `when` (>= now, else g_critical and
 * clamped to now). Returns the handle. */
sched_event_id sched_at(struct sched *s, sim_time_t when,
                        sched_event_fn fn, void *a, void *b);

/* Schedules fn(a, b) at now + delay (delay >= 0). */
sched_event_id sched_after(struct sched *s, sim_time_t delay,
                           sched_event_fn fn, void *a, void *b);

/* Cancels a pending event. Returns true if it was pending (and now will
 * never run), false for 0, a stale or an already cancelled handle. */
bool sched_cancel(struct sched *s, sched_event_id id);

/* Number of pending (not cancelled) events. */
size_t sched_pending(const struct sched *s);

/* Time of the earliest pending event, or SIM_TIME_MAX when none. */
sim_time_t sched_next_time(struct sched *s);

/* Runs the earliest pending event, advancing the clock to its time.
 * Returns false (and does nothing) when no event is pending. */
bool sched_step(struct sched *s);

/* Runs events in order while the next one is at or before `until` and fewer
 * than max_events (0 = no limit) have run in this call. If the queue runs
 * dry or the next event is after `until`, the clock is advanced to `until`
 * (unless until is SIM_TIME_MAX). Returns the number of events run. */
uint64_t sched_run(struct sched *s, sim_time_t until,
                   uint64_t max_events);

/* Called from an event: the sched_run running it returns after it, the
 * clock left at its time (a run that died stays at the time it died). */
void sched_stop(struct sched *s);

/* Total events run since creation. */
uint64_t sched_executed(const struct sched *s);

/* Events run at the current time since the clock last moved: a count
 * that only grows while simulated time stands still (a livelock). */
uint64_t sched_same_time(const struct sched *s);

#endif
