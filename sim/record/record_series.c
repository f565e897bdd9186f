/* sim/record/record_series.c: time buckets and the derived series.
 * Buckets are a power of ten of ns wide, grown tenfold when a series
 * would pass MAX_BUCKETS, so any interval the contract picks at the end
 * is a whole number of them. At the end: the interval (1/100 of the span,
 * rounded up to 1, 2 or 5 times a power of ten) -> sums of buckets ->
 * throughput.csv (per connection end) and collisions.csv (per segment).
 * What is counted into the buckets is decided by record_tcp.c and
 * record_frames.c. */
#include "record_internal.h"

/* ---- time buckets ---- */

void record_series_init(struct series *sr)
{
  sr->b = g_array_new(FALSE, TRUE, sizeof(guint64));
}

void record_series_free(struct series *sr)
{
  g_array_free(sr->b, TRUE);
}

/* Merges every ten buckets into one. */
static void series_grow(struct series *sr)
{
  guint n = (sr->b->len + 9) / 10;
  for (guint i = 0; i < n; i++) {
    guint64 sum = 0;
    for (guint j = i * 10; j < i * 10 + 10 && j < sr->b->len; j++)
      sum += g_array_index(sr->b, guint64, j);
    g_array_index(sr->b, guint64, i) = sum;
  }
  g_array_set_size(sr->b, n);
}

static void grow_all(struct recorder *rec)
{
  rec->width *= 10;
  for (guint i = 0; i < rec->media->len; i++)
    series_grow(&((struct medstat *)rec->media->pdata[i])->coll);
  for (guint i = 0; i < rec->ends->len; i++)
    series_grow(&((struct conn_end *)rec->ends->pdata[i])->thr);
}

void record_series_add(struct recorder *rec, struct series *sr, sim_time_t t,
                       uint64_t v)
{
  while (t / rec->width >= MAX_BUCKETS)
    grow_all(rec);
  guint i = (guint)(t / rec->width);
  if (i >= sr->b->len)
    g_array_set_size(sr->b, i + 1);
  g_array_index(sr->b, guint64, i) += v;
}

/* ---- the end of the run: derived series ---- */

/* The contract's interval: the smallest 1, 2 or 5 times a power of ten
 * (ns) not below run/100, and at least 1 ms. */
sim_time_t record_interval_of(sim_time_t run)
{
  sim_time_t want = MAX(run / 100 + (run % 100 != 0), FIRST_WIDTH);
  for (sim_time_t p = FIRST_WIDTH; ; p *= 10) {
    static const int mul[] = { 1, 2, 5 };
    for (int i = 0; i < 3; i++)
      if (p * mul[i] >= want)
        return p * mul[i];
  }
}

/* The sum of the buckets of sr that fall in interval i of width iv. */
static uint64_t interval_sum(const struct recorder *rec,
                             const struct series *sr, sim_time_t iv, guint i)
{
  guint per = (guint)(iv / rec->width);
  uint64_t sum = 0;
  for (guint j = i * per; j < (i + 1) * per && j < sr->b->len; j++)
    sum += g_array_index(sr->b, guint64, j);
  return sum;
}

static guint n_intervals(sim_time_t run, sim_time_t iv)
{
  return (guint)MAX((run + iv - 1) / iv, 1);
}

/* The end of the last bucket in which any connection delivered data, or
 * run when none did: throughput.csv covers [0, that). */
static sim_time_t data_span(const struct recorder *rec, sim_time_t run)
{
  guint last = 0;
  for (guint k = 0; k < rec->ends->len; k++) {
    const struct conn_end *c = rec->ends->pdata[k];
    for (guint j = c->thr.b->len; j > last; j--)
      if (g_array_index(c->thr.b, guint64, j - 1)) {
        last = j;
        break;
      }
  }
  return last ? MIN((sim_time_t)last * rec->width, run) : run;
}

bool record_write_throughput(struct recorder *rec, sim_time_t run,
                             GError **err)
{
  run = data_span(rec, run);
  sim_time_t iv = record_interval_of(run);
  GString *s = g_string_new(NULL);
  results_put_header(s, RESULTS_THROUGHPUT);
  for (guint k = 0; k < rec->ends->len; k++) {
    struct conn_end *c = rec->ends->pdata[k];
    if (!c->delivered)
      continue;
    for (guint i = 0; i < n_intervals(run, iv); i++) {
      uint64_t b = interval_sum(rec, &c->thr, iv, i);
      record_put_time(s, (sim_time_t)(i + 1) * iv), REC_SEP(s);
      record_put_str(s, c->id), REC_SEP(s);
      record_put_u(s, b), REC_SEP(s);
      g_string_append_printf(s, "%.6f\n", (double)b * 8 * 1e3 / (double)iv);
    }
  }
  bool ok = record_write_file(rec, RESULTS_FILE(RESULTS_THROUGHPUT), s, err);
  g_string_free(s, TRUE);
  return ok;
}

bool record_write_collisions(struct recorder *rec, sim_time_t run,
                             sim_time_t iv, GError **err)
{
  GString *s = g_string_new(NULL);
  results_put_header(s, RESULTS_COLLISIONS);
  for (guint k = 0; k < rec->media->len; k++) {
    struct medstat *m = rec->media->pdata[k];
    if (m->kind != MEDIUM_ETHERNET)
      continue;
    for (guint i = 0; i < n_intervals(run, iv); i++) {
      record_put_time(s, (sim_time_t)(i + 1) * iv), REC_SEP(s);
      record_put_str(s, m->name), REC_SEP(s);
      record_put_u(s, interval_sum(rec, &m->coll, iv, i));
      g_string_append_c(s, '\n');
    }
  }
  bool ok = record_write_file(rec, RESULTS_FILE(RESULTS_COLLISIONS), s, err);
  g_string_free(s, TRUE);
  return ok;
}

