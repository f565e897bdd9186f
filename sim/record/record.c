/* sim/record/record.c: the recorder's life cycle (contract in record.h;
 * the files in docs/results.md): record_open creates the directory and
 * the streamed files with their header lines; record_close flushes them,
 * then writes the derived files (record_series.c) and summary.txt
 * (record_summary.c), and frees everything. The rows themselves are
 * written by record_frames.c, record_tcp.c and record_calls.c. It does
 * not decode frames (the decoder does) nor explain calls (the hook does). */
#include "record_internal.h"
#include "sim.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

static const char *const fate_names[REC_FATE_N] = {
  "delivered", "lost", "corrupted", "queue", "down", "collision", "mtu",
};

const char *record_fate_name(enum record_fate f)
{
  return (unsigned)f < REC_FATE_N ? fate_names[f] : "?";
}

/* ---- life cycle ---- */

/* Creates <dir>/<file of id> and writes its header line. */
static FILE *open_csv(const char *dir, enum results_file_id id, GError **err)
{
  char *path = g_build_filename(dir, RESULTS_FILE(id), NULL);
  FILE *f = fopen(path, "w");
  if (!f)
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
                "cannot create %s: %s", path, g_strerror(errno));
  else {
    setvbuf(f, NULL, _IOFBF, IO_BUF);
    GString *head = g_string_new(NULL);
    results_put_header(head, id);
    fputs(head->str, f);
    g_string_free(head, TRUE);
  }
  g_free(path);
  return f;
}

static void close_file(struct recorder *rec, FILE **f)
{
  if (*f && fclose(*f) != 0)
    rec->io_error = true;
  *f = NULL;
}

static void free_all(struct recorder *rec)
{
  close_file(rec, &rec->packets);
  close_file(rec, &rec->tcp);
  close_file(rec, &rec->queues);
  close_file(rec, &rec->calls);
  close_file(rec, &rec->events);
  close_file(rec, &rec->topology);
  close_file(rec, &rec->output);
  g_free(rec->ending);
  g_string_free(rec->tcpbuf, TRUE);
  g_string_free(rec->line, TRUE);
  g_hash_table_destroy(rec->media_by_name);
  g_ptr_array_free(rec->media, TRUE);
  g_hash_table_destroy(rec->ends_by_key);
  g_ptr_array_free(rec->ends, TRUE);
  g_ptr_array_free(rec->calls_kept, TRUE);
  g_hash_table_destroy(rec->isn);
  g_hash_table_destroy(rec->socks);
  g_free(rec->dir);
  g_free(rec);
}

struct recorder *record_open(struct sim *sim, const char *dir, GError **err)
{
  g_return_val_if_fail(sim != NULL && dir != NULL, NULL);
  if (g_mkdir_with_parents(dir, 0777) != 0) {
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
                "cannot create %s: %s", dir, g_strerror(errno));
    return NULL;
  }
  struct recorder *rec = g_new0(struct recorder, 1);
  rec->sim = sim;
  rec->dir = g_strdup(dir);
  rec->tcpbuf = g_string_sized_new(TCP_FLUSH + 4096);
  rec->line = g_string_sized_new(256);
  rec->width = FIRST_WIDTH;
  rec->media = g_ptr_array_new_with_free_func(record_medstat_free);
  rec->media_by_name = g_hash_table_new(g_str_hash, g_str_equal);
  rec->ends = g_ptr_array_new_with_free_func(record_end_free);
  rec->ends_by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           NULL);
  rec->calls_kept = g_ptr_array_new_with_free_func(record_call_free);
  rec->isn = g_hash_table_new_full(record_flow_hash, record_flow_equal,
                                   g_free, NULL);
  rec->socks = g_hash_table_new(g_direct_hash, g_direct_equal);
  if ((rec->packets = open_csv(dir, RESULTS_PACKETS, err)) &&
      (rec->tcp = open_csv(dir, RESULTS_TCP, err)) &&
      (rec->queues = open_csv(dir, RESULTS_QUEUES, err)) &&
      (rec->calls = open_csv(dir, RESULTS_CALLS, err)) &&
      (rec->events = open_csv(dir, RESULTS_EVENTS, err)) &&
      (rec->topology = open_csv(dir, RESULTS_TOPOLOGY, err)) &&
      (rec->output = open_csv(dir, RESULTS_OUTPUT, err)))
    return rec;
  free_all(rec);
  return NULL;
}

void record_set_decoder(struct recorder *rec, record_decoder fn)
{
  g_return_if_fail(rec != NULL);
  rec->decode = fn;
}

void record_set_ending(struct recorder *rec, const char *how)
{
  g_return_if_fail(rec != NULL);
  g_free(rec->ending);
  rec->ending = g_strdup(how);
}

void record_set_explain(struct recorder *rec,
                        const struct record_explainer *ops)
{
  g_return_if_fail(rec != NULL);
  rec->explain = ops;
}

static bool flush_streams(struct recorder *rec)
{
  record_tcp_flush(rec, true);
  FILE *f[] = { rec->packets, rec->tcp, rec->queues, rec->calls,
                rec->events, rec->topology, rec->output };
  for (size_t i = 0; i < G_N_ELEMENTS(f); i++)
    if (fflush(f[i]) != 0)
      rec->io_error = true;
  return !rec->io_error;
}

bool record_close(struct recorder *rec, GError **err)
{
  if (!rec)
    return true;
  g_warn_if_fail(rec->marks == 0);
  rec->marks = 0;
  sim_time_t run = sim_now(rec->sim);
  sim_time_t iv = record_interval_of(run);
  bool ok = flush_streams(rec);
  if (!ok)
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_IO,
                "writing the results in %s failed", rec->dir);
  ok = ok && record_write_throughput(rec, run, err) &&
       record_write_collisions(rec, run, iv, err) &&
       record_write_summary(rec, run, err);
  FILE **f[] = { &rec->packets, &rec->tcp, &rec->queues, &rec->calls,
                 &rec->events, &rec->topology, &rec->output };
  for (size_t i = 0; i < G_N_ELEMENTS(f); i++)
    close_file(rec, f[i]);
  if (ok && rec->io_error) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_IO,
                "closing the results in %s failed", rec->dir);
    ok = false;
  }
  free_all(rec);
  return ok;
}

