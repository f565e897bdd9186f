/* shim/chan_wait.h: the channel's handshake (chan.h), the same on both
 * sides. The writer of a message bumps its sequence number and makes
 * the FUTEX_WAKE system call only when the reader has said it sleeps;
 * the reader first spins on the number for up to chan_shm.spin_ns
 * (a pause instruction between looks), and only then says it sleeps
 * and calls FUTEX_WAIT. Both steps are sequentially consistent (the
 * writer: bump, then read the flag; the reader: set the flag, then
 * read the number), so a wakeup is never lost. Only how long a side
 * waits depends on timing; what is exchanged, and in what order, never
 * does. Plain C, no GLib: the shim includes it too. */
#ifndef IPCSIM_CHAN_WAIT_H
#define IPCSIM_CHAN_WAIT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* A monotonic clock for the spin's bound (the shim passes libc's, past
 * its own clock_gettime, which reads simulated time). */
typedef int (*chan_clock_fn)(clockid_t, struct timespec *);

/* Publishes a message: bumps *seq. True when the reader sleeps (the
 * caller must FUTEX_WAKE it). */
static inline bool chan_post(uint32_t *seq, const uint32_t *sleeps)
{
  __atomic_add_fetch(seq, 1, __ATOMIC_SEQ_CST);
  return __atomic_load_n(sleeps, __ATOMIC_SEQ_CST) != 0;
}

static inline int64_t chan_ns(chan_clock_fn now)
{
  struct timespec t;
  now(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* One waiting side's memory of its spins (its own, not shared): after
 * k spins in a row that ran out, the next 2^k - 1 waits (at most 255)
 * sleep at once, so a side whose peer is not running (a loaded machine,
 * a peer that computes or sleeps in simulated time) stops burning its
 * CPU; one spin that works resets it. */
struct chan_spinner {
  uint32_t misses;            /* spins in a row that ran out */
  uint32_t skip;              /* waits left that sleep without spinning */
};

/* Spins until *seq is no longer old, for at most spin_ns. True when it
 * moved. */
static inline bool chan_spin(const uint32_t *seq, uint32_t old,
                             int64_t spin_ns, chan_clock_fn now,
                             struct chan_spinner *sp)
{
  if (spin_ns <= 0 || !now)
    return false;
  if (sp->skip) {
    sp->skip--;
    return false;
  }
  int64_t end = chan_ns(now) + spin_ns;
  do {
    for (int i = 0; i < 32; i++) {
      if (__atomic_load_n(seq, __ATOMIC_ACQUIRE) != old) {
        sp->misses = 0;
        return true;
      }
      __builtin_ia32_pause();
    }
  } while (chan_ns(now) < end);
  if (sp->misses < 8)
    sp->misses++;
  sp->skip = (1u << sp->misses) - 1;
  return false;
}

/* Before FUTEX_WAIT on *seq: says the reader sleeps. False (and the
 * flag cleared) when *seq moved meanwhile: do not sleep. */
static inline bool chan_sleep_begin(const uint32_t *seq, uint32_t old,
                                    uint32_t *sleeps)
{
  __atomic_store_n(sleeps, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(seq, __ATOMIC_SEQ_CST) == old)
    return true;
  __atomic_store_n(sleeps, 0, __ATOMIC_RELAXED);
  return false;
}

/* After FUTEX_WAIT, woken or not. */
static inline void chan_sleep_end(uint32_t *sleeps)
{
  __atomic_store_n(sleeps, 0, __ATOMIC_RELAXED);
}

#endif
