/* hosts/sleepq.h: a host's sleep queues: wait channel -> the sleepers on
 * it, oldest first (proc.c's tsleep and wakeup). An open-addressing table
 * keyed by the channel's address; each sleeper is an intrusive link
 * (struct sleepq_link, in struct proc), so a sleep or a wakeup costs a
 * probe and a few stores, and allocates nothing once warm.
 *
 * A channel whose last sleeper left keeps its slot, empty ("warm"): a
 * socket buffer sleeps and wakes thousands of times, and this way neither
 * pays for a slot's removal or re-creation, and a wakeup that finds
 * nobody is a hit on an empty slot. Warm slots go when the table is
 * rebuilt (it then holds only channels with sleepers), which happens
 * when new channels fill it to half. A warm slot's address is never
 * dereferenced, so the object behind it may be gone. */
#ifndef IPCSIM_SLEEPQ_H
#define IPCSIM_SLEEPQ_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* One sleeper's place in its channel's queue (embedded in the sleeper). */
struct sleepq_link {
  struct sleepq_link *next;   /* younger sleeper, or NULL */
  struct sleepq_link *prev;   /* older sleeper, or NULL */
};

struct sleepq_slot {
  const void *chan;           /* NULL: a free slot */
  struct sleepq_link *head;   /* oldest sleeper; NULL: warm, nobody */
  struct sleepq_link *tail;   /* youngest sleeper */
};

struct sleepq {
  struct sleepq_slot *slot;   /* 1 << bits slots, or NULL before the first */
  uint32_t bits;              /* log2 of the slot count */
  uint32_t used;              /* channels with sleepers */
  uint32_t filled;            /* slots with a channel (used + warm) */
};

/* An empty table (no allocation until the first add). */
void sleepq_init(struct sleepq *sq);

/* Frees the slots (the sleepers are the caller's). */
void sleepq_free(struct sleepq *sq);

/* Appends l (the youngest) to chan's sleepers. chan is not NULL. */
void sleepq_insert(struct sleepq *sq, const void *chan,
                   struct sleepq_link *l);

/* Takes l, which sleeps on chan, off its queue. */
void sleepq_unlink(struct sleepq *sq, const void *chan,
                   struct sleepq_link *l);

/* Takes every sleeper off chan: the oldest, linked to the others in
 * order through next (the last's is NULL), or NULL when nobody sleeps
 * on chan. */
struct sleepq_link *sleepq_take(struct sleepq *sq, const void *chan);

/* The oldest sleeper on chan, left in place, or NULL. */
struct sleepq_link *sleepq_peek(const struct sleepq *sq, const void *chan);

#endif
