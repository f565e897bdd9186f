/* sim/engine/tests/test_sched.c: the event queue (sim/engine/sched.h).
 * Exact orders and clocks for the contract's cases: time order, FIFO ties,
 * cancel (pending, stale, zero, from inside an action, within ties), run's
 * clock rules and limits, same-time counts, clamping of past times. Then a differential test against a
 * linear-scan reference over ~100k random schedule/cancel/step/run
 * operations, comparing the exact execution order. Speed is not tested
 * here: see scripts/bench/sched. */
#include <glib.h>
#include <string.h>

#include "rng.h"
#include "sched.h"

/* A log of (tag, time) pairs written by the actions below. */
struct log {
  struct sched *s;             /* the queue under test */
  GArray *tags;                /* int tags in run order */
  GArray *times;               /* sim_time_t clock at each run */
};

static void log_init(struct log *l)
{
  l->s = sched_new();
  l->tags = g_array_new(FALSE, FALSE, sizeof(int));
  l->times = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
}

static void log_clear(struct log *l)
{
  sched_free(l->s);
  g_array_free(l->tags, TRUE);
  g_array_free(l->times, TRUE);
}

static void record(void *a, void *b)
{
  struct log *l = a;
  int tag = GPOINTER_TO_INT(b);
  sim_time_t now = sched_now(l->s);
  g_array_append_val(l->tags, tag);
  g_array_append_val(l->times, now);
}

static sched_event_id at(struct log *l, sim_time_t t, int tag)
{
  return sched_at(l->s, t, record, l, GINT_TO_POINTER(tag));
}

static int tag_at(struct log *l, guint i)
{
  return g_array_index(l->tags, int, i);
}

static sim_time_t time_at(struct log *l, guint i)
{
  return g_array_index(l->times, sim_time_t, i);
}

static void test_idle(void)
{
  struct sched *s = sched_new();
  g_assert_cmpint(sched_now(s), ==, 0);
  g_assert_cmpuint(sched_pending(s), ==, 0);
  g_assert_cmpint(sched_next_time(s), ==, SIM_TIME_MAX);
  g_assert_false(sched_step(s));
  g_assert_cmpuint(sched_run(s, SIM_TIME_MAX, 0), ==, 0);
  g_assert_cmpint(sched_now(s), ==, 0);
  g_assert_cmpuint(sched_executed(s), ==, 0);
  sched_free(s);
  sched_free(NULL);
}

static void test_order_time(void)
{
  struct log l;
  log_init(&l);
  static const sim_time_t when[] = { 30, 10, 20, 5, 1000000000000, 0 };
  for (guint i = 0; i < G_N_ELEMENTS(when); i++)
    at(&l, when[i], (int)i);
  g_assert_cmpuint(sched_pending(l.s), ==, 6);
  g_assert_cmpint(sched_next_time(l.s), ==, 0);
  static const int order[] = { 5, 3, 1, 2, 0, 4 };
  for (guint i = 0; i < G_N_ELEMENTS(order); i++) {
    g_assert_true(sched_step(l.s));
    g_assert_cmpint(tag_at(&l, i), ==, order[i]);
    g_assert_cmpint(time_at(&l, i), ==, when[order[i]]);
    g_assert_cmpint(sched_now(l.s), ==, when[order[i]]);
  }
  g_assert_false(sched_step(l.s));
  g_assert_cmpint(sched_now(l.s), ==, 1000000000000);
  g_assert_cmpuint(sched_executed(l.s), ==, 6);
  log_clear(&l);
}

static void test_order_fifo_ties(void)
{
  struct log l;
  log_init(&l);
  /* 300 events over 3 times, scheduled interleaved: each time's events must
   * run in the order they were scheduled. */
  for (int i = 0; i < 300; i++)
    at(&l, 100 * (2 - i % 3), i);
  sched_run(l.s, SIM_TIME_MAX, 0);
  g_assert_cmpuint(l.tags->len, ==, 300);
  for (guint i = 0; i < 300; i++) {
    int expect = (int)(3 * (i % 100) + 2 - i / 100);
    g_assert_cmpint(tag_at(&l, i), ==, expect);
  }
  log_clear(&l);
}

static void test_cancel_pending(void)
{
  struct log l;
  log_init(&l);
  at(&l, 10, 1);
  sched_event_id b = at(&l, 20, 2);
  at(&l, 30, 3);
  g_assert_cmpuint(b, !=, 0);
  g_assert_true(sched_cancel(l.s, b));
  g_assert_cmpuint(sched_pending(l.s), ==, 2);
  g_assert_false(sched_cancel(l.s, b));
  g_assert_cmpuint(sched_pending(l.s), ==, 2);
  g_assert_cmpuint(sched_run(l.s, SIM_TIME_MAX, 0), ==, 2);
  g_assert_cmpuint(l.tags->len, ==, 2);
  g_assert_cmpint(tag_at(&l, 0), ==, 1);
  g_assert_cmpint(tag_at(&l, 1), ==, 3);
  /* Cancelling the earliest: next_time skips it. */
  sched_event_id d = at(&l, 40, 4);
  at(&l, 50, 5);
  g_assert_true(sched_cancel(l.s, d));
  g_assert_cmpint(sched_next_time(l.s), ==, 50);
  log_clear(&l);
}

static void test_cancel_stale_and_zero(void)
{
  struct log l;
  log_init(&l);
  g_assert_false(sched_cancel(l.s, 0));
  g_assert_false(sched_cancel(l.s, G_MAXUINT64));
  g_assert_false(sched_cancel(l.s, 1));
  sched_event_id a = at(&l, 10, 1);
  g_assert_true(sched_step(l.s));
  g_assert_false(sched_cancel(l.s, a));         /* already ran */
  /* The next event reuses a's storage; a's handle must not reach it. */
  sched_event_id b = at(&l, 20, 2);
  g_assert_cmpuint(a, !=, b);
  g_assert_false(sched_cancel(l.s, a));
  g_assert_cmpuint(sched_pending(l.s), ==, 1);
  g_assert_true(sched_cancel(l.s, b));
  sched_event_id c = at(&l, 30, 3);
  g_assert_false(sched_cancel(l.s, b));         /* cancelled, then reused */
  g_assert_false(sched_cancel(l.s, a));
  g_assert_cmpuint(sched_run(l.s, SIM_TIME_MAX, 0), ==, 1);
  g_assert_cmpint(tag_at(&l, 1), ==, 3);
  g_assert_false(sched_cancel(l.s, c));
  log_clear(&l);
}

/* Actions for the in-event test: tag 1 cancels 3 and itself, and schedules
 * 4 at now, which must run after 2 (scheduled before it, same time). */
struct inner {
  struct log l;                /* the log and queue */
  sched_event_id self;         /* tag 1's handle */
  sched_event_id victim;       /* tag 3's handle */
  bool self_cancel;            /* what cancelling itself returned */
  bool victim_cancel;          /* what cancelling 3 returned */
};

static void inner_action(void *a, void *b)
{
  struct inner *in = a;
  record(&in->l, b);
  in->self_cancel = sched_cancel(in->l.s, in->self);
  in->victim_cancel = sched_cancel(in->l.s, in->victim);
  g_assert_false(sched_step(in->l.s));         /* refused: nested */
  at(&in->l, sched_now(in->l.s), 4);
}

static void test_cancel_from_within_event(void)
{
  struct inner in = { 0 };
  log_init(&in.l);
  in.self = sched_at(in.l.s, 100, inner_action, &in, GINT_TO_POINTER(1));
  at(&in.l, 100, 2);
  in.victim = at(&in.l, 100, 3);
  at(&in.l, 101, 5);
  /* sched_step from inside an action is refused with a critical. */
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*running*");
  g_assert_cmpuint(sched_run(in.l.s, SIM_TIME_MAX, 0), ==, 4);
  g_test_assert_expected_messages();
  g_assert_false(in.self_cancel);
  g_assert_true(in.victim_cancel);
  static const int order[] = { 1, 2, 4, 5 };
  g_assert_cmpuint(in.l.tags->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint(tag_at(&in.l, i), ==, order[i]);
  g_assert_cmpint(time_at(&in.l, 2), ==, 100);
  log_clear(&in.l);
}

static void test_run_until_advances_clock(void)
{
  struct log l;
  log_init(&l);
  at(&l, 10, 1);
  at(&l, 100, 2);
  at(&l, 200, 3);
  g_assert_cmpuint(sched_run(l.s, 150, 0), ==, 2);
  g_assert_cmpint(sched_now(l.s), ==, 150);       /* next is later */
  g_assert_cmpuint(sched_run(l.s, 200, 0), ==, 1);
  g_assert_cmpint(sched_now(l.s), ==, 200);       /* ran exactly at until */
  g_assert_cmpuint(sched_run(l.s, 5000, 0), ==, 0);
  g_assert_cmpint(sched_now(l.s), ==, 5000);      /* queue dry */
  g_assert_cmpuint(sched_run(l.s, 4000, 0), ==, 0);
  g_assert_cmpint(sched_now(l.s), ==, 5000);      /* never goes back */
  at(&l, 6000, 4);
  g_assert_cmpuint(sched_run(l.s, SIM_TIME_MAX, 0), ==, 1);
  g_assert_cmpint(sched_now(l.s), ==, 6000);      /* not moved to MAX */
  /* A relative time counts from the advanced clock. */
  sched_run(l.s, 7000, 0);
  sched_after(l.s, 5, record, &l, GINT_TO_POINTER(5));
  g_assert_cmpint(sched_next_time(l.s), ==, 7005);
  log_clear(&l);
}

static void test_run_max_events(void)
{
  struct log l;
  log_init(&l);
  for (int i = 0; i < 5; i++)
    at(&l, 10 * (i + 1), i);
  g_assert_cmpuint(sched_run(l.s, SIM_TIME_MAX, 3), ==, 3);
  g_assert_cmpint(sched_now(l.s), ==, 30);
  g_assert_cmpuint(sched_pending(l.s), ==, 2);
  /* Stopped by the limit, the clock stays at the last event. */
  g_assert_cmpuint(sched_run(l.s, 1000, 1), ==, 1);
  g_assert_cmpint(sched_now(l.s), ==, 40);
  g_assert_cmpuint(sched_run(l.s, 1000, 7), ==, 1);
  g_assert_cmpint(sched_now(l.s), ==, 1000);
  g_assert_cmpuint(sched_executed(l.s), ==, 5);
  log_clear(&l);
}

static void test_past_is_clamped(void)
{
  struct log l;
  log_init(&l);
  at(&l, 100, 1);
  sched_step(l.s);
  at(&l, 100, 2);
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*before now*");
  at(&l, 50, 3);
  g_test_assert_expected_messages();
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*before now*");
  sched_after(l.s, -7, record, &l, GINT_TO_POINTER(4));
  g_test_assert_expected_messages();
  g_assert_cmpuint(sched_run(l.s, SIM_TIME_MAX, 0), ==, 3);
  for (guint i = 1; i < 4; i++) {
    g_assert_cmpint(tag_at(&l, i), ==, (int)i + 1);
    g_assert_cmpint(time_at(&l, i), ==, 100);
  }
  log_clear(&l);
}

static void test_after_saturates(void)
{
  struct log l;
  log_init(&l);
  at(&l, 5 * SIM_S, 1);
  sched_step(l.s);
  sched_after(l.s, SIM_TIME_MAX, record, &l, GINT_TO_POINTER(2));
  g_assert_cmpint(sched_next_time(l.s), ==, SIM_TIME_MAX);
  g_assert_cmpuint(sched_pending(l.s), ==, 1);
  g_assert_cmpuint(sched_run(l.s, SIM_TIME_MAX - 1, 0), ==, 0);
  g_assert_cmpuint(sched_run(l.s, SIM_TIME_MAX, 0), ==, 1);
  g_assert_cmpint(sched_now(l.s), ==, SIM_TIME_MAX);
  log_clear(&l);
}

/* sched_same_time counts the events run since the clock last moved; a
 * run that advances the clock to its end starts it again at 0. */
static void test_same_time(void)
{
  struct log l;
  log_init(&l);
  static const sim_time_t when[] = { 10, 10, 10, 20, 20 };
  static const uint64_t same[] = { 1, 2, 3, 1, 2 };
  for (guint i = 0; i < G_N_ELEMENTS(when); i++)
    at(&l, when[i], (int)i);
  g_assert_cmpuint(sched_same_time(l.s), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS(when); i++) {
    g_assert_true(sched_step(l.s));
    g_assert_cmpuint(sched_same_time(l.s), ==, same[i]);
  }
  sched_run(l.s, 100, 0);
  g_assert_cmpuint(sched_same_time(l.s), ==, 0);
  at(&l, 100, 9);
  sched_run(l.s, 100, 0);
  g_assert_cmpuint(sched_same_time(l.s), ==, 1);
  log_clear(&l);
}

/* Cancelling the first, last and middle events of one time's list, and
 * one that became first, leaves the others in scheduling order; a list
 * emptied by cancels takes new events again. */
static void test_cancel_within_ties(void)
{
  struct log l;
  log_init(&l);
  sched_event_id id[8];
  for (int i = 0; i < 6; i++)
    id[i] = at(&l, 7, i);
  g_assert_true(sched_cancel(l.s, id[0]));
  g_assert_true(sched_cancel(l.s, id[5]));
  g_assert_true(sched_cancel(l.s, id[2]));
  id[6] = at(&l, 7, 6);
  g_assert_true(sched_cancel(l.s, id[1]));
  g_assert_cmpuint(sched_run(l.s, SIM_TIME_MAX, 0), ==, 3);
  static const int order[] = { 3, 4, 6 };
  for (guint i = 0; i < G_N_ELEMENTS(order); i++)
    g_assert_cmpint(tag_at(&l, i), ==, order[i]);
  id[0] = at(&l, 9, 10);
  id[1] = at(&l, 9, 11);
  g_assert_true(sched_cancel(l.s, id[1]));
  g_assert_true(sched_cancel(l.s, id[0]));
  g_assert_cmpint(sched_next_time(l.s), ==, SIM_TIME_MAX);
  at(&l, 9, 12);
  at(&l, 9, 13);
  g_assert_cmpuint(sched_run(l.s, SIM_TIME_MAX, 0), ==, 2);
  g_assert_cmpint(tag_at(&l, 3), ==, 12);
  g_assert_cmpint(tag_at(&l, 4), ==, 13);
  log_clear(&l);
}

/* A run that ends between the start of a far bucket and its first event
 * (300 ns, seen from 0, is in the bucket of 256-511 ns): events scheduled
 * then at the clock, and later ones, still run in time order. */
static void test_run_until_inside_bucket(void)
{
  struct log l;
  log_init(&l);
  at(&l, 300, 1);
  at(&l, 70000, 2);
  g_assert_cmpuint(sched_run(l.s, 280, 0), ==, 0);
  g_assert_cmpint(sched_now(l.s), ==, 280);
  at(&l, 280, 3);
  at(&l, 290, 4);
  g_assert_cmpuint(sched_run(l.s, 65600, 0), ==, 3);
  at(&l, 65600, 5);
  at(&l, 69999, 6);
  g_assert_cmpuint(sched_run(l.s, SIM_TIME_MAX, 0), ==, 3);
  static const int order[] = { 3, 4, 1, 5, 6, 2 };
  for (guint i = 0; i < G_N_ELEMENTS(order); i++)
    g_assert_cmpint(tag_at(&l, i), ==, order[i]);
  log_clear(&l);
}

/* Many far-future timers cancelled (keepalives reset on every segment):
 * pending stays exact and the survivors run in order. */
static void test_cancel_many(void)
{
  struct log l;
  log_init(&l);
  GArray *ids = g_array_new(FALSE, FALSE, sizeof(sched_event_id));
  for (int i = 0; i < 20000; i++) {
    sched_event_id id = at(&l, 7200 * SIM_S + (i % 50), i);
    g_array_append_val(ids, id);
  }
  for (guint i = 0; i < ids->len; i++)
    if (i % 10 != 0)
      g_assert_true(sched_cancel(l.s, g_array_index(ids, sched_event_id, i)));
  g_assert_cmpuint(sched_pending(l.s), ==, 2000);
  for (guint i = 0; i < ids->len; i++) { /* stale except i % 20 == 10 */
    sched_event_id id = g_array_index(ids, sched_event_id, i);
    if (i % 20 != 0)
      g_assert_cmpint(sched_cancel(l.s, id), ==, i % 20 == 10);
  }
  g_assert_cmpuint(sched_pending(l.s), ==, 1000);
  g_assert_cmpuint(sched_run(l.s, SIM_TIME_MAX, 0), ==, 1000);
  /* Survivors are tags 20m; tag 20m is at 7200 s + (20m % 50), so offsets
   * 0, 10, 20, 30, 40 ns get m % 5 = 0, 3, 1, 4, 2, 200 each, in m order. */
  static const guint residue[] = { 0, 3, 1, 4, 2 };
  for (guint p = 0; p < 1000; p++) {
    guint g = p / 200, m = 5 * (p % 200) + residue[g];
    g_assert_cmpint(time_at(&l, p), ==, 7200 * SIM_S + 10 * (sim_time_t)g);
    g_assert_cmpint(tag_at(&l, p), ==, (int)(20 * m));
  }
  g_array_free(ids, TRUE);
  log_clear(&l);
}

/* The differential test: the queue against a linear-scan reference. Tags
 * number events in scheduling order on both sides. When an event runs, its
 * tag decides what it does inside its action, identically on both sides:
 * tag % 5 == 0 schedules a child at now + tag % 7, tag % 3 == 0 cancels
 * the event tagged tag / 2 and logs the result as CANCEL_LOG + ok. */
#define DIFF_OPS 100000
#define CANCEL_LOG 1000000000

struct ref_ev {
  sim_time_t when;             /* absolute time */
  int tag;                     /* scheduling order, also FIFO rank */
};

struct diff {
  struct sched *s;             /* the queue under test */
  GArray *ids;                 /* sched_event_id per tag */
  GArray *log;                 /* ints logged by the queue's actions */
  GArray *ref;                 /* struct ref_ev pending in the reference */
  GArray *ref_log;             /* ints logged by the reference */
  sim_time_t ref_now;          /* the reference's clock */
  int ref_tags;                /* tags given out by the reference */
};

static void diff_action(void *a, void *b);

static void real_at(struct diff *d, sim_time_t when)
{
  sched_event_id id = sched_at(d->s, when, diff_action, d,
                               GINT_TO_POINTER((int)d->ids->len));
  g_array_append_val(d->ids, id);
}

static void diff_action(void *a, void *b)
{
  struct diff *d = a;
  int tag = GPOINTER_TO_INT(b);
  g_array_append_val(d->log, tag);
  if (tag % 5 == 0)
    real_at(d, sched_now(d->s) + tag % 7);
  if (tag % 3 == 0) {
    int ok = sched_cancel(d->s, g_array_index(d->ids, sched_event_id,
                                              tag / 2));
    int entry = CANCEL_LOG + ok;
    g_array_append_val(d->log, entry);
  }
}

static void ref_at(struct diff *d, sim_time_t when)
{
  struct ref_ev e = { when, d->ref_tags++ };
  g_array_append_val(d->ref, e);
}

static bool ref_cancel(struct diff *d, int tag)
{
  for (guint i = 0; i < d->ref->len; i++)
    if (g_array_index(d->ref, struct ref_ev, i).tag == tag) {
      g_array_remove_index_fast(d->ref, i);
      return true;
    }
  return false;
}

/* Index of the earliest pending event (time, then tag), -1 when none. */
static int ref_min(struct diff *d)
{
  int best = -1;
  for (guint i = 0; i < d->ref->len; i++) {
    struct ref_ev *e = &g_array_index(d->ref, struct ref_ev, i);
    struct ref_ev *m = best < 0 ? NULL
                                : &g_array_index(d->ref, struct ref_ev, best);
    if (!m || e->when < m->when || (e->when == m->when && e->tag < m->tag))
      best = (int)i;
  }
  return best;
}

static sim_time_t ref_next_time(struct diff *d)
{
  int m = ref_min(d);
  return m < 0 ? SIM_TIME_MAX : g_array_index(d->ref, struct ref_ev, m).when;
}

static void ref_step(struct diff *d)
{
  int m = ref_min(d);
  struct ref_ev e = g_array_index(d->ref, struct ref_ev, m);
  g_array_remove_index_fast(d->ref, (guint)m);
  d->ref_now = e.when;
  g_array_append_val(d->ref_log, e.tag);
  if (e.tag % 5 == 0)
    ref_at(d, d->ref_now + e.tag % 7);
  if (e.tag % 3 == 0) {
    int entry = CANCEL_LOG + ref_cancel(d, e.tag / 2);
    g_array_append_val(d->ref_log, entry);
  }
}

static uint64_t ref_run(struct diff *d, sim_time_t until, uint64_t max)
{
  uint64_t ran = 0;
  while (max == 0 || ran < max) {
    if (d->ref->len == 0 || ref_next_time(d) > until) {
      if (until != SIM_TIME_MAX && until > d->ref_now)
        d->ref_now = until;
      break;
    }
    ref_step(d);
    ran++;
  }
  return ran;
}

/* A delay: mostly tiny (ties), some up to 1 ms, a few up to 2 hours. */
static sim_time_t diff_delay(struct rng *r)
{
  uint64_t k = rng_below(r, 100);
  if (k < 50)
    return (sim_time_t)rng_below(r, 4);
  if (k < 85)
    return (sim_time_t)rng_below(r, 1000);
  if (k < 97)
    return (sim_time_t)rng_below(r, SIM_MS);
  return (sim_time_t)rng_below(r, (uint64_t)7200 * SIM_S);
}

/* Operation op: blocks of 10000 alternate between growing the queue (60%
 * schedules) and draining it (25%). */
static void diff_op(struct diff *d, struct rng *r, int op)
{
  uint64_t k = rng_below(r, 100);
  uint64_t sched_pct = (op / 10000) % 2 == 0 ? 60 : 25;
  if (k < sched_pct) {
    sim_time_t when = sched_now(d->s) + diff_delay(r);
    real_at(d, when);
    ref_at(d, when);
  } else if (k < sched_pct + 15 && d->ids->len > 0) {
    guint n = d->ids->len, back = MIN(n, 8);   /* half recent, half any */
    int tag = (int)(rng_below(r, 2) ? n - 1 - rng_below(r, back)
                                          : rng_below(r, n));
    bool ok = sched_cancel(d->s, g_array_index(d->ids, sched_event_id, tag));
    g_assert_cmpint(ok, ==, ref_cancel(d, tag));
  } else if (k < sched_pct + 32) {
    bool ran = sched_step(d->s);
    g_assert_cmpint(ran, ==, d->ref->len > 0);
    if (ran)
      ref_step(d);
  } else {
    sim_time_t until = sched_now(d->s) + (sim_time_t)rng_below(r, 3000);
    uint64_t max = rng_below(r, 4);
    g_assert_cmpuint(sched_run(d->s, until, max), ==,
                     ref_run(d, until, max));
  }
}

static void diff_check(struct diff *d)
{
  g_assert_cmpint(sched_now(d->s), ==, d->ref_now);
  g_assert_cmpuint(sched_pending(d->s), ==, d->ref->len);
  g_assert_cmpuint(d->log->len, ==, d->ref_log->len);
  if (d->log->len > 0)
    g_assert_cmpint(g_array_index(d->log, int, d->log->len - 1), ==,
                    g_array_index(d->ref_log, int, d->log->len - 1));
}

static void test_differential(void)
{
  struct diff d = {
    .s = sched_new(),
    .ids = g_array_new(FALSE, FALSE, sizeof(sched_event_id)),
    .log = g_array_new(FALSE, FALSE, sizeof(int)),
    .ref = g_array_new(FALSE, FALSE, sizeof(struct ref_ev)),
    .ref_log = g_array_new(FALSE, FALSE, sizeof(int)),
  };
  struct rng r;
  rng_init(&r, 1, "test/sched/differential");
  size_t most = 0;
  for (int op = 0; op < DIFF_OPS; op++) {
    diff_op(&d, &r, op);
    diff_check(&d);
    if (op % 64 == 0)
      g_assert_cmpint(sched_next_time(d.s), ==, ref_next_time(&d));
    most = MAX(most, d.ref->len);
  }
  g_assert_cmpuint(sched_run(d.s, SIM_TIME_MAX, 0), ==,
                   ref_run(&d, SIM_TIME_MAX, 0));
  diff_check(&d);
  g_assert_cmpint(memcmp(d.log->data, d.ref_log->data,
                         d.log->len * sizeof(int)), ==, 0);
  /* The mix must have exercised what it is meant to. */
  g_assert_cmpuint(d.log->len, >, 40000);
  g_assert_cmpuint(most, >, 500);
  g_test_message("%u entries logged, at most %zu pending", d.log->len, most);
  sched_free(d.s);
  g_array_free(d.ids, TRUE);
  g_array_free(d.log, TRUE);
  g_array_free(d.ref, TRUE);
  g_array_free(d.ref_log, TRUE);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/sched/idle", test_idle);
  g_test_add_func("/sched/order/time", test_order_time);
  g_test_add_func("/sched/order/fifo-ties", test_order_fifo_ties);
  g_test_add_func("/sched/cancel/pending", test_cancel_pending);
  g_test_add_func("/sched/cancel/stale-and-zero", test_cancel_stale_and_zero);
  g_test_add_func("/sched/cancel/from-within-event",
                  test_cancel_from_within_event);
  g_test_add_func("/sched/cancel/many", test_cancel_many);
  g_test_add_func("/sched/cancel/within-ties", test_cancel_within_ties);
  g_test_add_func("/sched/same-time", test_same_time);
  g_test_add_func("/sched/run/until-inside-bucket",
                  test_run_until_inside_bucket);
  g_test_add_func("/sched/run/until-advances-clock",
                  test_run_until_advances_clock);
  g_test_add_func("/sched/run/max-events", test_run_max_events);
  g_test_add_func("/sched/past-is-clamped", test_past_is_clamped);
  g_test_add_func("/sched/after/saturates", test_after_saturates);
  g_test_add_func("/sched/differential", test_differential);
  return g_test_run();
}
