/* hosts/sleepq.h: a host's sleep queues: wait channel -> the processes
 * sleeping on it, oldest first (proc.c's tsleep and wakeup). An
 * open-addressing table keyed by the channel's address, so a sleep or a
 * wakeup (most of which find nobody) costs a few instructions and no
 * allocation once warm, instead of a GHashTable's.
 *
 * Rules: a queue returned by sleepq_find or sleepq_add stays valid only
 * until the next sleepq_add or sleepq_remove (the table moves its slots).
 * An empty queue must be removed (sleepq_remove) before the next add. */
#ifndef IPCSIM_SLEEPQ_H
#define IPCSIM_SLEEPQ_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

struct sleepq_slot {
  const void *chan;           /* NULL: a free slot */
  GQueue q;                   /* its sleepers, linked through proc.slink */
};

struct sleepq {
  struct sleepq_slot *slot;   /* 1 << bits slots, or NULL before the first */
  uint32_t bits;              /* log2 of the slot count */
  uint32_t used;              /* channels with sleepers */
};

/* An empty table (no allocation until the first add). */
void sleepq_init(struct sleepq *sq);

/* Frees the slots (the sleepers are the caller's). */
void sleepq_free(struct sleepq *sq);

/* The queue of chan, or NULL when nobody sleeps on it. */
GQueue *sleepq_find(const struct sleepq *sq, const void *chan);

/* The queue of chan, new and empty if nobody slept on it. */
GQueue *sleepq_add(struct sleepq *sq, const void *chan);

/* Forgets chan's queue; its sleepers, if any, are the caller's. */
void sleepq_remove(struct sleepq *sq, const void *chan);

/* As sleepq_find then sleepq_remove, with one probe: false when nobody
 * sleeps on chan, else true with its queue (by value) in *q. */
bool sleepq_take(struct sleepq *sq, const void *chan, GQueue *q);

#endif
