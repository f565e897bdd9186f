/* sim/cli/progress.c: the terminal progress bar (see progress.h). */
#include "progress.h"

#include <glib.h>

#define BAR_WIDTH 30

struct progress {
  FILE *f;                    /* the terminal */
  int64_t start_us;           /* wall clock at creation */
  int64_t last_us;            /* wall clock at the last draw */
  uint64_t last_events;       /* events at the last draw */
  double rate;                /* events per wall second, smoothed */
  bool shown;                 /* a bar is on the screen */
};

struct progress *progress_new(FILE *f)
{
  struct progress *pr = g_new0(struct progress, 1);
  pr->f = f;
  pr->start_us = pr->last_us = g_get_monotonic_time();
  return pr;
}

static void draw(struct progress *pr, sim_time_t now, sim_time_t stop,
                 int64_t elapsed_us)
{
  char bar[BAR_WIDTH + 1];
  int fill = stop == SIM_TIME_MAX || stop <= 0
               ? 0 : (int)((double)now / (double)stop * BAR_WIDTH);
  for (int i = 0; i < BAR_WIDTH; i++)
    bar[i] = i < fill ? '#' : '.';
  bar[BAR_WIDTH] = '\0';
  int secs = (int)(elapsed_us / 1000000);
  fprintf(pr->f, "\r\033[K[%s] %.3f s", bar, sim_time_to_s(now));
  if (stop != SIM_TIME_MAX)
    fprintf(pr->f, " / %.3f s", sim_time_to_s(stop));
  fprintf(pr->f, "  %.2f M events/s  %d:%02d elapsed", pr->rate / 1e6,
          secs / 60, secs % 60);
  fflush(pr->f);
  pr->shown = true;
}

void progress_update(struct progress *pr, sim_time_t now, sim_time_t stop,
                     uint64_t events)
{
  int64_t t = g_get_monotonic_time();
  if (t - pr->last_us < 100000)
    return;
  double inst = (double)(events - pr->last_events) * 1e6 /
                (double)(t - pr->last_us);
  pr->rate = pr->rate > 0 ? 0.7 * pr->rate + 0.3 * inst : inst;
  pr->last_us = t;
  pr->last_events = events;
  draw(pr, now, stop, t - pr->start_us);
}

void progress_clear(struct progress *pr)
{
  if (!pr->shown)
    return;
  fputs("\r\033[K", pr->f);
  fflush(pr->f);
  pr->shown = false;
}

void progress_free(struct progress *pr)
{
  if (!pr)
    return;
  progress_clear(pr);
  g_free(pr);
}
