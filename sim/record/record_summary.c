/* sim/record/record_summary.c: summary.txt, from the counts kept during
 * the run: TCP connections (both ends paired by their mirrored ids) ->
 * links and segments (frames, utilisation, drops) -> failed socket calls
 * per host (each explained errno on its own line, with the explain
 * hook's paragraph; the others counted). It reads no CSV file. */
#include "record_internal.h"
#include "sim.h"

#include <string.h>

/* ---- summary.txt ---- */

/* "a:1-b:2" -> "b:2-a:1" */
static char *mirror_id(const char *id)
{
  const char *dash = strchr(id, '-');
  if (!dash)
    return g_strdup(id);
  return g_strdup_printf("%s-%.*s", dash + 1, (int)(dash - id), id);
}

static struct conn_end *find_peer(struct recorder *rec, guint from,
                                  const struct conn_end *c)
{
  char *m = mirror_id(c->id);
  struct conn_end *p = NULL;
  for (guint i = from; i < rec->ends->len && !p; i++) {
    struct conn_end *o = rec->ends->pdata[i];
    if (!o->printed && o != c && strcmp(o->id, m) == 0)
      p = o;
  }
  g_free(m);
  return p;
}

static void put_way(GString *s, const struct conn_end *tx,
                    const struct conn_end *rx)
{
  g_string_append_printf(s, "    %s -> %s: ", tx ? tx->host : "?",
                         rx ? rx->host : "?");
  if (!rx) {
    g_string_append_printf(s, "%" G_GUINT64_FORMAT " bytes sent (receiver "
                           "not recorded)\n", tx->sent_new);
    return;
  }
  sim_time_t span = rx->t_last_data - rx->t_first;
  g_string_append_printf(s, "%" G_GUINT64_FORMAT " bytes", rx->delivered);
  if (rx->delivered && span > 0)
    g_string_append_printf(s, ", goodput %.3f kb/s",
                           (double)rx->delivered * 8 / sim_time_to_s(span) /
                           1e3);
  g_string_append_c(s, '\n');
}

static void put_end_stats(GString *s, const struct conn_end *c)
{
  if (!c)
    return;
  g_string_append_printf(s, "    %s: %" G_GUINT64_FORMAT " retransmitted "
                         "segments, %" G_GUINT64_FORMAT " timeouts, ",
                         c->host, c->rexmit, c->timeouts);
  if (c->nrtt)
    g_string_append_printf(s, "RTT as TCP timed it (500 ms ticks) "
                           "min/avg/max %.3f/%.3f/%.3f ms (%"
                           G_GUINT64_FORMAT " samples)", c->rtt_min,
                           c->rtt_sum / (double)c->nrtt, c->rtt_max, c->nrtt);
  else
    g_string_append(s, "no RTT samples");
  if (c->drop)
    g_string_append_printf(s, ", dropped with %s", c->drop);
  if (c->listendrops)
    g_string_append_printf(s, ", %" G_GUINT64_FORMAT " segments dropped "
                           "for a full listen queue", c->listendrops);
  g_string_append_c(s, '\n');
}

static void summary_tcp(struct recorder *rec, GString *s)
{
  g_string_append(s, "TCP connections\n");
  bool any = false;
  for (guint i = 0; i < rec->ends->len; i++) {
    struct conn_end *c = rec->ends->pdata[i];
    if (c->printed || g_str_has_suffix(c->id, "-0.0.0.0:0"))
      continue;
    struct conn_end *p = find_peer(rec, i + 1, c);
    c->printed = true;
    if (p)
      p->printed = true;
    any = true;
    const char *dash = strchr(c->id, '-');
    g_string_append_printf(s, "  %.*s (%s) <-> %s (%s)\n",
                           (int)(dash - c->id), c->id, c->host, dash + 1,
                           p ? p->host : "not recorded");
    put_way(s, c, p);
    if (p)
      put_way(s, p, c);
    put_end_stats(s, c);
    put_end_stats(s, p);
  }
  if (!any)
    g_string_append(s, "  none\n");
}

static void put_drops(GString *s, const struct medstat *m)
{
  bool any = false;
  for (int f = REC_LOST; f < REC_FATE_N; f++) {
    if (f == REC_CORRUPTED || !m->fates[f])
      continue;
    g_string_append_printf(s, "%s %s %" G_GUINT64_FORMAT, any ? "," : "",
                           record_fate_name(f), m->fates[f]);
    any = true;
  }
  if (!any)
    g_string_append(s, " none");
}

static void summary_media(struct recorder *rec, GString *s, sim_time_t run)
{
  g_string_append(s, "\nLinks and segments\n");
  if (!rec->media->len)
    g_string_append(s, "  none\n");
  double r = run > 0 ? (double)run : 1;
  for (guint i = 0; i < rec->media->len; i++) {
    struct medstat *m = rec->media->pdata[i];
    uint64_t n = 0;
    for (int f = 0; f < REC_FATE_N; f++)
      n += m->fates[f];
    g_string_append_printf(s, "  %s (%s): %" G_GUINT64_FORMAT " frames, "
                           "%" G_GUINT64_FORMAT " delivered, %"
                           G_GUINT64_FORMAT " corrupted\n", m->name,
                           m->kind == MEDIUM_P2P ? "link" : "ethernet", n,
                           m->fates[REC_DELIVERED], m->fates[REC_CORRUPTED]);
    if (m->kind == MEDIUM_P2P) {
      g_string_append(s, "    utilisation:");
      for (int d = 0; d < 2 && m->dir_from[d]; d++)
        g_string_append_printf(s, "%s from %s %.2f%%", d ? "," : "",
                               m->dir_from[d], 100.0 * m->busy[d] / r);
      g_string_append_c(s, '\n');
    } else
      g_string_append_printf(s, "    utilisation: %.2f%%, collisions %"
                             G_GUINT64_FORMAT "\n", 100.0 * m->busy[0] / r,
                             m->collisions);
    g_string_append(s, "    drops:");
    put_drops(s, m);
    g_string_append_c(s, '\n');
  }
}

static bool explained(const char *e)
{
  static const char *const names[] = { "ETIMEDOUT", "ECONNREFUSED",
    "ECONNRESET", "EHOSTUNREACH", "EHOSTDOWN", "ENETUNREACH" };
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
    if (e && strcmp(e, names[i]) == 0)
      return true;
  return false;
}

static void put_call(struct recorder *rec, GString *s,
                     const struct call_row *r)
{
  const struct record_call *c = &r->c;
  g_string_append(s, "    ");
  record_put_time(s, r->t);
  g_string_append_printf(s, " pid %d %s: %s(", c->pid, c->proc, c->call);
  if (c->fd >= 0)
    g_string_append_printf(s, "fd %d", c->fd);
  g_string_append_printf(s, ") failed with %s (%d)", c->err_name,
                         c->err_num);
  if (c->local || c->remote)
    g_string_append_printf(s, ", %s -> %s", c->local ? c->local : "?",
                           c->remote ? c->remote : "?");
  g_string_append_c(s, '\n');
  if (!rec->explain_run)
    return;
  char *text = rec->explain->explain(rec->explain_run, c);
  if (text)
    g_string_append_printf(s, "      %s\n", text);
  g_free(text);
}

/* Other failures of host h, one line per call and errno with a count. */
static void put_call_counts(struct recorder *rec, GString *s, const char *h)
{
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           NULL);
  for (guint i = 0; i < rec->calls_kept->len; i++) {
    struct call_row *r = rec->calls_kept->pdata[i];
    if (strcmp(r->c.host, h) != 0 || explained(r->c.err_name))
      continue;
    char *k = g_strdup_printf("%s %s", r->c.call, r->c.err_name);
    if (g_hash_table_contains(seen, k)) {
      g_free(k);
      continue;
    }
    guint n = 0;
    sim_time_t last = r->t;
    for (guint j = i; j < rec->calls_kept->len; j++) {
      struct call_row *o = rec->calls_kept->pdata[j];
      if (strcmp(o->c.host, h) == 0 && strcmp(o->c.call, r->c.call) == 0 &&
          strcmp(o->c.err_name, r->c.err_name) == 0)
        n++, last = o->t;
    }
    g_string_append_printf(s, "    %s failed with %s (%d) %u times, from ",
                           r->c.call, r->c.err_name, r->c.err_num, n);
    record_put_time(s, r->t);
    g_string_append(s, " to ");
    record_put_time(s, last);
    g_string_append(s, " s\n");
    g_hash_table_add(seen, k);
  }
  g_hash_table_destroy(seen);
}

/* Per host: each failure with an explained errno on its own line (and
 * its explanation), the others counted. */
static void summary_calls(struct recorder *rec, GString *s)
{
  g_string_append(s, "\nFailed socket calls\n");
  if (!rec->calls_kept->len)
    g_string_append(s, "  none\n");
  if (rec->explain && rec->calls_kept->len)      /* read the run once */
    rec->explain_run = rec->explain->open(rec->dir);
  GPtrArray *hosts = g_ptr_array_new();
  for (guint i = 0; i < rec->calls_kept->len; i++) {
    const char *h = ((struct call_row *)rec->calls_kept->pdata[i])->c.host;
    if (!g_ptr_array_find_with_equal_func(hosts, h, g_str_equal, NULL))
      g_ptr_array_add(hosts, (gpointer)h);
  }
  for (guint k = 0; k < hosts->len; k++) {
    g_string_append_printf(s, "  %s\n", (char *)hosts->pdata[k]);
    for (guint i = 0; i < rec->calls_kept->len; i++) {
      struct call_row *r = rec->calls_kept->pdata[i];
      if (strcmp(r->c.host, hosts->pdata[k]) == 0 &&
          explained(r->c.err_name))
        put_call(rec, s, r);
    }
    put_call_counts(rec, s, hosts->pdata[k]);
  }
  g_ptr_array_free(hosts, TRUE);
  if (rec->explain_run)
    rec->explain->close(g_steal_pointer(&rec->explain_run));
}

bool record_write_summary(struct recorder *rec, sim_time_t run, GError **err)
{
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "Run of %.9f s simulated (seed %" G_GUINT64_FORMAT
                         ")\n", sim_time_to_s(run), rec->sim->seed);
  if (rec->ending)
    g_string_append_printf(s, "It ended %s.\n", rec->ending);
  g_string_append_c(s, '\n');
  summary_tcp(rec, s);
  summary_media(rec, s, run);
  summary_calls(rec, s);
  bool ok = record_write_file(rec, RESULTS_SUMMARY_TXT, s, err);
  g_string_free(s, TRUE);
  return ok;
}

