/* sim/engine/sched.c: the event queue and clock (contract in sched.h).
 *
 * A hierarchical timing wheel over the integer nanosecond time: 8 levels of
 * 256 buckets, one per 8-bit digit of the time. An event sits at the level
 * of the highest digit where its time differs from `base` (the wheel's
 * position, <= now); level-0 buckets hold exactly one time each. Buckets are
 * FIFO doubly linked lists through a pool, so ties run in scheduling order
 * and cancel unlinks in O(1). When level 0 is empty the wheel moves to the
 * earliest time in the first bucket of the lowest non-empty level (to the
 * bucket's start for level 1, whose events all land in level 0 anyway), and
 * that bucket is spread over the levels below ("cascade"): an event moves
 * at most 7 times, O(1) amortized, whatever the mix of delays, and the
 * earliest reaches level 0 in one step (W1, a sparse queue: 15.2 M -> 9.3
 * M instructions in cascades). The hot path: a pop asks first whether
 * level 0 is empty (in a sparse queue it mostly is: W2, 86% of pops),
 * then looks at the level-0 bucket of base itself (events at the clock's
 * time: ties, the usual case of a busy queue) and searches the bitmaps
 * only when it is empty; a schedule tests for level 0 first.
 * Not a calendar queue: no bucket width to tune, no resize. See Varghese &
 * Lauck, "Hashed and hierarchical timing wheels" (SOSP 1987).
 *
 * Why this structure, measured with scripts/bench/sched (hold: 100k pending,
 * Exp(100 ns) increments; mixed: 90% 1-100 us, 10% 1-7200 s, 19% of the
 * scheduled events cancelled), gcc 12 -O3 on the 2-core AMD EPYC VM.
 * Instructions per event from callgrind (noise-free; hold: marginal over
 * 1M -> 2M events, mixed: whole 2M phase), ns per event median of 3:
 *                               hold instr   hold ns   mixed instr  mixed ns
 *   4-ary heap, 16-byte keys       877        159         1269        130
 *   same + hole at the root        868        196          910         93
 *   timing wheel, first version    250         30          522         87
 * The heap kept (time, seq << 28 | slot) in one unsigned __int128, payload
 * in a side pool, lazy cancel and a rebuild when cancelled > live; its cost
 * is ~8 levels of unpredictable compares and cache misses at 100k entries.
 * The wheel does O(1) work per event: 5x faster on hold, and no worse on
 * the mix, where 2-hour timers cascade down 5 levels and cache misses on
 * the 100k far events dominate.
 *
 * The hot path above, 2026-12-03 (gcc 12.2, release build with LTO and -g,
 * same VM): hold instructions per event, marginal 1M -> 2M events of
 * `valgrind --tool=callgrind --toggle-collect=hold bench-sched --events N`,
 * split by source file with callgrind_annotate (queue: this file; draw:
 * rng.h, rng.c or rng_zig.c and libm; bench: hold_event's own lines):
 *                               queue   Exp draw   bench   hold   mixed
 *   before (commit 4fbb277)     139.0     78.8     12.0   229.8   422.1
 *   now, --draw log (rng_exp)    91.3     78.8     11.0   182.1
 *   now, rng_exp_zig (default)   91.3     33.1     11.0   135.4   390.4
 * rng_exp's draw is xoshiro (24), log() (49.8) and its own 5; the
 * ziggurat's is mostly xoshiro (19.8). Wall clock on a loaded machine
 * (load 11-15, interleaved, 3 runs): hold 331-581 -> 113-172 ns per event.
 * W1 (scripts/bench/bulk.lua --time 10, 73,100 events): this file's
 * instructions 20.18 M -> 18.98 M, output identical.
 * A pop that finds level 0 empty and a single event in the first bucket
 * of the lowest level takes it from there, without a cascade to level 0
 * (W1: this file 17.4 -> 12.0 M instructions, W2 29.3 -> 21.9 M; hold
 * 135.4 -> 135.1 per event). sched_at calls nothing on its hot path (a
 * time before now and a full pool are handled out of line), so it saves
 * no registers: W1 2.96 -> 2.34 M instructions, hold 135.1 -> 130.1.
 * The first non-empty bucket of the lowest level is found with two bit
 * scans, through a word of "which bitmap words are not zero", not a
 * loop over levels and words: W1 111.09 -> 109.45 M instructions, W2
 * 195.82 -> 192.81 M; hold 130.1 -> 132.1 (its level-0 words fill up).
 * sched_next_time is O(bucket) when level 0 is empty; run and step do
 * not use it.
 * Asking whether level 0 is empty before looking at base's bucket (W2
 * 2 s, 124,001 events: 145.07 -> 144.04 M instructions; l_run, where
 * the pop is inlined, 13.66 -> 12.83 M).
 * A bucket's head and tail share a line, and each event entry is one
 * aligned line (at 48 bytes every other entry straddled two): scale 1000
 * hosts --time 3, cachegrind, this file's D1 misses 318.5k -> 240.2k
 * (all D1 misses 4.83 -> 4.70 M), instructions 352.3 -> 350.1 M.
 * Tried and not kept: prefetching, before running an event, the likely
 * next one's entry and first argument (the head of the first non-empty
 * bucket) costs 16 instructions per event (W2 2 s 144.01 -> 145.99 M)
 * and showed no CPU gain in interleaved pairs at 10,000 hosts; putting
 * the hot scalars of struct sched in its first line (line-aligned) gave
 * W2 10 s 835.6 -> 834.8 M and no fewer misses at 1,000 hosts. */
#include "sched.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define LEVELS 8                     /* 8 digits of 8 bits cover int64 */
#define DIGIT 8                      /* bits per level */
#define BUCKETS 256                  /* buckets per level */
#define NIL UINT32_MAX                /* no event (list end, empty bucket) */

struct ev {
  sim_time_t when;             /* absolute time */
  uint32_t next;               /* next in bucket, or in the free list */
  uint32_t prev;               /* previous in bucket; not kept for a head */
  sched_event_fn fn;           /* action, while pending */
  void *a;                     /* first word for fn */
  void *b;                     /* second word for fn */
  uint32_t gen;                /* handle generation, odd (never 0): += 2
                                  when the event ends, so a handle
                                  matches only while it is pending */
  uint32_t bucket;             /* level * BUCKETS + index, while pending */
} __attribute__((aligned(64)));  /* one cache line each (48 bytes would
                                    straddle two lines every other entry) */

/* A bucket's first and last event: one line holds both, which the
 * append to an empty bucket and the pop that empties one touch. */
struct bucket {
  uint32_t head;               /* first event, NIL when empty */
  uint32_t tail;               /* last event, NIL when empty */
};

struct sched {
  struct ev *ev;               /* event pool, indexed by handle slot */
  uint32_t nev;                /* pool entries ever handed out */
  uint32_t cap_ev;             /* pool entries allocated */
  uint32_t free_head;          /* first free pool entry, NIL when none */
  uint32_t words;              /* bit W set when bits[W] is not 0 */
  uint64_t bits[LEVELS * BUCKETS / 64]; /* non-empty buckets, 4 per level */
  struct bucket q[LEVELS * BUCKETS];   /* the buckets */
  sim_time_t base;             /* wheel position, <= now, <= every event */
  sim_time_t now;              /* the clock */
  uint64_t inserted;           /* events scheduled since creation */
  uint64_t cancelled;          /* ... and cancelled: pending is inserted
                                  - executed - cancelled */
  uint64_t executed;           /* events run since creation */
  uint64_t moved;              /* `executed` when the clock last moved */
  bool stop;                   /* sched_stop(): the running sched_run ends */
  bool running;                /* inside an action (no nested run) */
};

G_STATIC_ASSERT(LEVELS * BUCKETS / 64 == 32);    /* words has a bit each */
#define LEVEL0_WORDS 0xfu            /* words' bits of level 0 */

/* The first non-empty bucket (level * BUCKETS + index) of the lowest
 * non-empty level; the wheel is not empty. Two bit scans, no loop. */
static inline unsigned first_bucket(const struct sched *s)
{
  unsigned w = (unsigned)__builtin_ctz(s->words);
  return w * 64 + (unsigned)__builtin_ctzll(s->bits[w]);
}

/* The bucket (level * BUCKETS + index) of time t seen from base: the
 * level is the highest digit where t differs from base, the index t's
 * digit there. Most events land in level 0 (tested first). */
static inline unsigned bucket_of(sim_time_t base, sim_time_t t)
{
  uint64_t x = (uint64_t)(t ^ base);
  if (G_LIKELY(x < BUCKETS))
    return (unsigned)t & (BUCKETS - 1);
  unsigned lv = (63 - (unsigned)__builtin_clzll(x)) / DIGIT;
  return lv * BUCKETS +
         ((unsigned)((uint64_t)t >> (lv * DIGIT)) & (BUCKETS - 1));
}

/* Appends event i, due at t, to the tail of its bucket. */
static inline void bucket_append(struct sched *s, uint32_t i,
                                 sim_time_t t)
{
  unsigned b = bucket_of(s->base, t);
  struct ev *e = &s->ev[i];
  e->bucket = b;
  e->next = NIL;
  uint32_t t0 = s->q[b].tail;
  e->prev = t0;
  s->q[b].tail = i;
  if (G_UNLIKELY(t0 == NIL)) {
    s->q[b].head = i;
    s->bits[b / 64] |= UINT64_C(1) << (b % 64);
    s->words |= 1u << (b / 64);
  } else {
    s->ev[t0].next = i;
  }
}

/* Clears the bitmap bits of bucket b, just emptied. */
static inline void bucket_emptied(struct sched *s, unsigned b)
{
  s->bits[b / 64] &= ~(UINT64_C(1) << (b % 64));
  if (!s->bits[b / 64])
    s->words &= ~(1u << (b / 64));
}

/* Takes event i out of its bucket (cancel). */
static void unlink_ev(struct sched *s, uint32_t i)
{
  struct ev *e = &s->ev[i];
  unsigned b = e->bucket;
  uint32_t next = e->next, prev = e->prev;
  bool head = s->q[b].head == i;       /* then prev is stale */
  if (head)
    s->q[b].head = next;
  else
    s->ev[prev].next = next;
  if (next == NIL)
    s->q[b].tail = head ? NIL : prev;
  else
    s->ev[next].prev = prev;         /* stale if next is the new head */
  if (s->q[b].head == NIL)
    bucket_emptied(s, b);
}

/* The earliest time bucket (lv, idx) can hold, seen from base. */
static inline sim_time_t bucket_start(sim_time_t base, unsigned lv,
                                      unsigned idx)
{
  unsigned shift = lv * DIGIT;
  uint64_t hi = lv + 1 < LEVELS ? (uint64_t)base >> (shift + DIGIT)
                                  << (shift + DIGIT) : 0;
  return (sim_time_t)(hi | (uint64_t)idx << shift);
}

/* Spreads bucket b over the lower levels, in order (base just moved to
 * its start). The lower levels are empty, so FIFO order is kept. */
static void cascade(struct sched *s, unsigned b)
{
  uint32_t i = s->q[b].head;
  s->q[b].head = s->q[b].tail = NIL;
  bucket_emptied(s, b);
  while (i != NIL) {
    uint32_t next = s->ev[i].next;
    if (next != NIL)
      __builtin_prefetch(&s->ev[next]);
    bucket_append(s, i, s->ev[i].when);
    i = next;
  }
}

/* The earliest time in bucket b (not empty). */
static sim_time_t bucket_min(const struct sched *s, unsigned b)
{
  sim_time_t min = SIM_TIME_MAX;
  for (uint32_t i = s->q[b].head; i != NIL; i = s->ev[i].next)
    if (s->ev[i].when < min)
      min = s->ev[i].when;
  return min;
}

/* Moves the wheel until level 0 holds the earliest event, never past
 * limit. False when empty or when the earliest is after limit. The wheel
 * goes straight to the earliest time of the first bucket of the lowest
 * level: that event lands in level 0 and the others of the bucket below
 * it, in one cascade rather than one per level (a sparse queue, whose
 * next event is often alone and far, cascaded up to 7 times). */
static bool settle(struct sched *s, sim_time_t limit)
{
  if (s->words & LEVEL0_WORDS)
    return true;
  if (!s->words)
    return false;
  unsigned b = first_bucket(s);
  unsigned lv = b / BUCKETS, idx = b % BUCKETS;
  /* A level-1 bucket lands in level 0 from its start as well, without
   * the scan for its minimum. */
  sim_time_t min = lv == 1 ? bucket_start(s->base, 1, idx)
                           : bucket_min(s, b);
  if (min > limit)
    return false;
  s->base = min;
  cascade(s, b);
  return true;
}

/* Puts a new entry on the (empty) free list, growing the pool when it
 * is full. */
static void ev_grow(struct sched *s)
{
  if (s->nev == s->cap_ev) {
    if (s->cap_ev >= UINT32_MAX / 2)
      g_error("sched: too many events pending");
    uint32_t cap = s->cap_ev ? 2 * s->cap_ev : 64;
    void *p;
    if (posix_memalign(&p, 64, (size_t)cap * sizeof(struct ev)) != 0)
      g_error("sched: out of memory for %u events", cap);
    if (s->nev)
      memcpy(p, s->ev, (size_t)s->nev * sizeof(struct ev));
    free(s->ev);                 /* posix_memalign'd */
    s->ev = p;
    s->cap_ev = cap;
  }
  s->ev[s->nev].gen = 1;
  s->ev[s->nev].next = NIL;
  s->free_head = s->nev++;
}

/* Ends an event: stale handles stop matching, its entry is reusable. */
static void ev_retire(struct sched *s, uint32_t i)
{
  struct ev *e = &s->ev[i];
  e->gen += 2;
  e->next = s->free_head;
  s->free_head = i;
}

struct sched *sched_new(void)
{
  struct sched *s = g_new0(struct sched, 1);
  s->free_head = NIL;
  memset(s->q, 0xff, sizeof s->q);
  return s;
}

void sched_free(struct sched *s)
{
  if (!s)
    return;
  free(s->ev);                   /* posix_memalign'd */
  g_free(s);
}

sim_time_t sched_now(const struct sched *s)
{
  return s->now;
}

/* Schedules fn(a, b) at when (>= now) in a free entry (there is one). */
static inline sched_event_id insert(struct sched *s, sim_time_t when,
                                    sched_event_fn fn, void *a, void *b)
{
  uint32_t i = s->free_head;
  struct ev *e = &s->ev[i];
  s->free_head = e->next;
  e->when = when;
  e->fn = fn;
  e->a = a;
  e->b = b;
  bucket_append(s, i, when);
  s->inserted++;
  return (uint64_t)e->gen << 32 | i;
}

/* sched_at's rare cases, out of line so that its hot path calls nothing
 * and saves no registers: a time before now (a programmer error: run at
 * now), and a full pool. */
static G_GNUC_NO_INLINE sched_event_id insert_slow(struct sched *s,
                                                   sim_time_t when,
                                                   sched_event_fn fn,
                                                   void *a, void *b)
{
  if (when < s->now) {
    g_critical("sched: event at %" G_GINT64_FORMAT " ns is before now (%"
               G_GINT64_FORMAT " ns); run at now", when, s->now);
    when = s->now;
  }
  if (s->free_head == NIL)
    ev_grow(s);
  return insert(s, when, fn, a, b);
}

sched_event_id sched_at(struct sched *s, sim_time_t when,
                        sched_event_fn fn, void *a, void *b)
{
  g_return_val_if_fail(fn != NULL, 0);
  if (G_UNLIKELY(when < s->now || s->free_head == NIL))
    return insert_slow(s, when, fn, a, b);
  return insert(s, when, fn, a, b);
}

sched_event_id sched_after(struct sched *s, sim_time_t delay,
                           sched_event_fn fn, void *a, void *b)
{
  sim_time_t when;             /* now >= 0: only delay > 0 overflows */
  if (__builtin_add_overflow(s->now, delay, &when))
    when = SIM_TIME_MAX;
  return sched_at(s, when, fn, a, b);
}

bool sched_cancel(struct sched *s, sched_event_id id)
{
  uint32_t i = (uint32_t)id;
  uint32_t gen = (uint32_t)(id >> 32);
  if (i >= s->nev || gen == 0)
    return false;
  struct ev *e = &s->ev[i];
  if (e->gen != gen)
    return false;
  unlink_ev(s, i);
  ev_retire(s, i);
  s->cancelled++;
  return true;
}

size_t sched_pending(const struct sched *s)
{
  return s->inserted - s->executed - s->cancelled;
}

/* Does not move the wheel (base must stay <= now): when level 0 is empty
 * it scans the first bucket of the lowest level for its minimum. */
sim_time_t sched_next_time(struct sched *s)
{
  if (!s->words)
    return SIM_TIME_MAX;
  unsigned b = first_bucket(s);
  unsigned lv = b / BUCKETS, idx = b % BUCKETS;
  if (lv == 0)
    return bucket_start(s->base, 0, idx);
  sim_time_t min = SIM_TIME_MAX;
  for (uint32_t i = s->q[lv * BUCKETS + idx].head; i != NIL; i = s->ev[i].next)
    if (s->ev[i].when < min)
      min = s->ev[i].when;
  return min;
}

/* Takes the head of bucket b out (FIFO pop). */
static inline uint32_t bucket_pop(struct sched *s, unsigned b)
{
  uint32_t i = s->q[b].head;
  uint32_t next = s->ev[i].next;
  s->q[b].head = next;
  if (G_UNLIKELY(next == NIL)) {
    s->q[b].tail = NIL;
    bucket_emptied(s, b);
  } else {
    __builtin_prefetch(&s->ev[next]);
  }
  return i;
}

/* The earliest event of level 0 (not empty), at or before until, taken
 * out (its time in *t, base moved there), or NIL. */
static inline uint32_t earliest_level0(struct sched *s, sim_time_t until,
                                       sim_time_t *t)
{
  unsigned idx = first_bucket(s);      /* in level 0 */
  *t = bucket_start(s->base, 0, idx);
  if (*t > until)
    return NIL;
  s->base = *t;
  return bucket_pop(s, idx);
}

/* The earliest event, at or before until, taken out of the wheel (its
 * time in *t, base moved there), or NIL; level 0 is empty. When the
 * first bucket of the lowest level holds one event (a sparse queue, the
 * usual case: W1 cascades 1.28 events per cascade), that event is taken
 * straight from there: the wheel moves to its time, which the other
 * buckets' levels stay right for, as for a cascade (see settle). */
static uint32_t earliest_above(struct sched *s, sim_time_t until,
                               sim_time_t *t)
{
  if (!s->words)
    return NIL;
  unsigned b = first_bucket(s);
  uint32_t i = s->q[b].head;
  if (i == s->q[b].tail) {
    if (s->ev[i].when > until)
      return NIL;
    *t = s->base = s->ev[i].when;
    s->q[b].head = s->q[b].tail = NIL;
    bucket_emptied(s, b);
    return i;
  }
  if (!settle(s, until))
    return NIL;
  return earliest_level0(s, until, t);
}

/* Runs the earliest event if it is at or before until. Whether level 0
 * is empty is asked first: in a sparse queue it mostly is (W2: 86% of
 * the events). Events at base (ties at the clock's time, the usual case
 * of a busy queue) are found without a search: level-0 bucket base %
 * BUCKETS holds them. */
static inline bool step_until(struct sched *s, sim_time_t until)
{
  sim_time_t t = s->base;
  unsigned idx = (unsigned)t & (BUCKETS - 1);
  uint32_t i;
  if (s->words & LEVEL0_WORDS) {
    if (G_LIKELY(s->q[idx].head != NIL && t <= until))
      i = bucket_pop(s, idx);
    else if ((i = earliest_level0(s, until, &t)) == NIL)
      return false;
  } else if ((i = earliest_above(s, until, &t)) == NIL) {
    return false;
  }
  struct ev *e = &s->ev[i];
  sched_event_fn fn = e->fn;
  void *a = e->a, *b = e->b;
  ev_retire(s, i);
  if (t != s->now) {
    s->now = t;
    s->moved = s->executed;
  }
  s->executed++;
  fn(a, b);
  return true;
}

bool sched_step(struct sched *s)
{
  g_return_val_if_fail(!s->running, false);
  s->running = true;
  bool ran = step_until(s, SIM_TIME_MAX);
  s->running = false;
  return ran;
}

uint64_t sched_run(struct sched *s, sim_time_t until,
                   uint64_t max_events)
{
  g_return_val_if_fail(!s->running, 0);
  uint64_t most = max_events ? max_events : UINT64_MAX;
  uint64_t left = most;        /* events this call may still run */
  s->stop = false;
  s->running = true;
  for (; left && !s->stop; left--) {
    if (!step_until(s, until)) {
      if (until != SIM_TIME_MAX && until > s->now) {
        s->now = until;
        s->moved = s->executed;
      }
      break;
    }
  }
  s->running = false;
  return most - left;
}

uint64_t sched_executed(const struct sched *s)
{
  return s->executed;
}

void sched_stop(struct sched *s)
{
  s->stop = true;
}

uint64_t sched_same_time(const struct sched *s)
{
  return s->executed - s->moved;
}
