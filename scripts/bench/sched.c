/* scripts/bench/sched.c: event-queue benchmark (bench-sched).
 *
 * The classic hold model: preload P events at now + Exp(100 ns); each event
 * run schedules one more at now + Exp(100 ns), drawn with rng_exp_zig
 * (--draw log: rng_exp, -mean log(1 - u), the inversion ns-3's
 * ExponentialRandomVariable uses) and rounded to the nanosecond; stop
 * after N have run. Also
 * a mixed workload like the simulator's (90% of delays 1-100 us, 10% 1-7200
 * s, one event in five cancelled before it runs) and the cost of the draws
 * alone (rng_exp's and rng_exp_zig's). Printed in the order draws, mixed,
 * hold; the last line is
 * `events_per_s N` for the hold model. Only the bench reads the wall clock
 * (g_get_monotonic_time). Not a test: figures on a shared machine are
 * noisy; compare ratios within one run, or count instructions (callgrind). */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "sched.h"

#define HOLD_MEAN_NS 100.0

struct bench {
  struct sched *s;             /* the queue */
  struct rng r;                /* delays */
  sched_event_id doomed;       /* the timer the next event cancels */
  uint64_t scheduled;          /* events scheduled */
  uint64_t cancels_tried;      /* doomed events cancelled ... */
  uint64_t cancels_ok;         /* ... and of those, still pending */
};

static void hold_event(void *a, void *b)
{
  struct bench *bn = a;
  double d = rng_exp_zig(&bn->r, HOLD_MEAN_NS);
  sched_after(bn->s, (sim_time_t)(d + 0.5), hold_event, bn, NULL);
}

/* The same with rng_exp's draw (--draw log). */
static void hold_event_log(void *a, void *b)
{
  struct bench *bn = a;
  double d = rng_exp(&bn->r, HOLD_MEAN_NS);
  sched_after(bn->s, (sim_time_t)(d + 0.5), hold_event_log, bn, NULL);
}

/* A delay of the mixed workload: 90% uniform in 1-100 us, 10% in 1-7200 s.
 * scale stretches the short ones (timers that are usually cancelled). */
static sim_time_t mixed_delay(struct rng *r, sim_time_t scale)
{
  if (rng_below(r, 10) != 0)
    return scale * (1000 + (sim_time_t)rng_below(r, 99000));
  return SIM_S + (sim_time_t)rng_below(r, (uint64_t)7199 * SIM_S);
}

static void doomed_event(void *a, void *b)
{
  (void)a;
}

/* Each mixed event cancels the timer the previous one armed (if any: it is
 * then 1-100 ms or 1-7200 s away, so still pending), schedules its
 * successor and, one time in four, arms a new timer: one scheduled event
 * in five is cancelled before it runs. */
static void mixed_event(void *a, void *b)
{
  struct bench *bn = a;
  if (bn->doomed) {
    bn->cancels_tried++;
    bn->cancels_ok += sched_cancel(bn->s, bn->doomed);
    bn->doomed = 0;
  }
  sched_after(bn->s, mixed_delay(&bn->r, 1), mixed_event, bn, NULL);
  bn->scheduled++;
  if (rng_below(&bn->r, 4) != 0)
    return;
  bn->doomed = sched_after(bn->s, mixed_delay(&bn->r, 1000),
                           doomed_event, bn, NULL);
  bn->scheduled++;
}

static double run_phase(struct bench *bn, uint64_t events)
{
  gint64 t0 = g_get_monotonic_time();
  uint64_t ran = sched_run(bn->s, SIM_TIME_MAX, events);
  gint64 t1 = g_get_monotonic_time();
  g_assert(ran == events);
  return (double)(t1 - t0) / 1e6;
}

/* Not inlined, so callgrind --toggle-collect=hold counts one phase. */
G_GNUC_NO_INLINE
static double hold(uint64_t seed, uint64_t preload, uint64_t events,
                   bool log_draw)
{
  struct bench bn = { .s = sched_new() };
  rng_init(&bn.r, seed, "bench/hold");
  for (uint64_t i = 0; i < preload; i++) {
    double d = log_draw ? rng_exp(&bn.r, HOLD_MEAN_NS)
                        : rng_exp_zig(&bn.r, HOLD_MEAN_NS);
    sched_after(bn.s, (sim_time_t)(d + 0.5),
                log_draw ? hold_event_log : hold_event, &bn, NULL);
  }
  double secs = run_phase(&bn, events);
  printf("hold: %" G_GUINT64_FORMAT " events, preload %" G_GUINT64_FORMAT
         ", draw %s, %.3f s, %.1f ns/event, clock %.6f s\n", events,
         preload, log_draw ? "log" : "zig", secs,
         secs * 1e9 / (double)events, sim_time_to_s(sched_now(bn.s)));
  sched_free(bn.s);
  return (double)events / secs;
}

G_GNUC_NO_INLINE
static void mixed(uint64_t seed, uint64_t preload, uint64_t events)
{
  struct bench bn = { .s = sched_new() };
  rng_init(&bn.r, seed, "bench/mixed");
  for (uint64_t i = 0; i < preload; i++)
    sched_after(bn.s, mixed_delay(&bn.r, 1), mixed_event, &bn, NULL);
  bn.scheduled = preload;
  double secs = run_phase(&bn, events);
  printf("mixed: %" G_GUINT64_FORMAT " events, %.3f s, %.1f ns/event, "
         "%.2f M events/s, %" G_GUINT64_FORMAT " cancelled (%.1f%% of "
         "scheduled), %zu pending, clock %.1f s\n", events, secs,
         secs * 1e9 / (double)events, (double)events / secs / 1e6,
         bn.cancels_ok,
         100.0 * (double)bn.cancels_ok / (double)bn.scheduled,
         sched_pending(bn.s), sim_time_to_s(sched_now(bn.s)));
  sched_free(bn.s);
}

/* The cost of Exp(100 ns) draws alone, to compare with the queue: draw
 * is rng_exp or rng_exp_zig (the hold model's), name what to print. Not
 * inlined, so callgrind --toggle-collect=draw_cost counts both. */
G_GNUC_NO_INLINE
static void draw_cost(uint64_t seed, uint64_t events,
                      double (*draw)(struct rng *, double), const char *name)
{
  struct rng r;
  rng_init(&r, seed, "bench/hold");
  sim_time_t sum = 0;
  gint64 t0 = g_get_monotonic_time();
  for (uint64_t i = 0; i < events; i++)
    sum += (sim_time_t)(draw(&r, HOLD_MEAN_NS) + 0.5);
  gint64 t1 = g_get_monotonic_time();
  printf("draws: %.1f ns per Exp(100 ns) draw alone (%s), mean %.2f ns\n",
         (double)(t1 - t0) * 1e3 / (double)events, name,
         (double)sum / (double)events);
}

int main(int argc, char **argv)
{
  gint64 events = 10000000, preload = 100000, seed = 1;
  char *draw = NULL;
  GOptionEntry entries[] = {
    { "events", 0, 0, G_OPTION_ARG_INT64, &events, "events to run", "N" },
    { "preload", 0, 0, G_OPTION_ARG_INT64, &preload, "events preloaded", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "run seed", "N" },
    { "draw", 0, 0, G_OPTION_ARG_STRING, &draw,
      "the hold model's Exp draw: zig (default) or log", "zig|log" },
    { NULL }
  };
  GOptionContext *ctx = g_option_context_new("- event queue benchmark");
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *err = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
    fprintf(stderr, "bench-sched: %s\n", err->message);
    return 2;
  }
  g_option_context_free(ctx);
  if (events <= 0 || preload <= 0) {
    fprintf(stderr, "bench-sched: --events and --preload must be > 0\n");
    return 2;
  }
  if (draw && strcmp(draw, "zig") != 0 && strcmp(draw, "log") != 0) {
    fprintf(stderr, "bench-sched: --draw is zig or log\n");
    return 2;
  }
  bool log_draw = draw && strcmp(draw, "log") == 0;
  g_free(draw);
  draw_cost((uint64_t)seed, (uint64_t)events, rng_exp, "rng_exp: log");
  draw_cost((uint64_t)seed, (uint64_t)events, rng_exp_zig,
            "rng_exp_zig: ziggurat");
  mixed((uint64_t)seed, (uint64_t)preload, (uint64_t)events);
  double rate = hold((uint64_t)seed, (uint64_t)preload, (uint64_t)events,
                     log_draw);
  printf("events_per_s %.0f\n", rate);
  return 0;
}
