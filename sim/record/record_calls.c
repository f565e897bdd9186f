/* sim/record/record_calls.c: calls.csv (a socket call failed; the row is
 * also kept for summary.txt), events.csv (host and link down/up,
 * interface addresses), topology.csv (the network, once, when the run
 * starts) and output.csv (what processes print). Rows are streamed as they come; nothing here is
 * counted or explained. */
#include "record_internal.h"
#include "sim.h"
void record_call_free(gpointer p)
{
  struct call_row *r = p;
  g_free((char *)r->c.host);
  g_free((char *)r->c.proc);
  g_free((char *)r->c.call);
  g_free((char *)r->c.err_name);
  g_free((char *)r->c.local);
  g_free((char *)r->c.remote);
  g_free(r);
}

/* ---- calls.csv ---- */

void record_call_error(struct recorder *rec, const struct record_call *c)
{
  g_return_if_fail(rec != NULL && c != NULL);
  sim_time_t now = sim_now(rec->sim);
  GString *s = rec->line;
  g_string_truncate(s, 0);
  record_put_time(s, now), REC_SEP(s);
  record_put_str(s, c->host), REC_SEP(s);
  g_string_append_printf(s, "%d,", c->pid);
  record_put_str(s, c->proc), REC_SEP(s);
  record_put_str(s, c->call), REC_SEP(s);
  record_put_str(s, c->err_name), REC_SEP(s);
  g_string_append_printf(s, "%d,", c->err_num);
  if (c->fd >= 0)
    g_string_append_printf(s, "%d", c->fd);
  REC_SEP(s);
  record_put_str(s, c->local), REC_SEP(s);
  record_put_str(s, c->remote);
  g_string_append_c(s, '\n');
  record_write_line(rec, rec->calls);
  struct call_row *r = g_new0(struct call_row, 1);
  r->t = now;
  r->c = (struct record_call){
    .host = g_strdup(c->host), .pid = c->pid, .proc = g_strdup(c->proc),
    .call = g_strdup(c->call), .err_name = g_strdup(c->err_name),
    .err_num = c->err_num, .fd = c->fd, .local = g_strdup(c->local),
    .remote = g_strdup(c->remote),
  };
  g_ptr_array_add(rec->calls_kept, r);
}

void record_event(struct recorder *rec, const char *kind, const char *name,
                  const char *detail)
{
  GString *s = rec->line;
  g_string_truncate(s, 0);
  record_put_time(s, sim_now(rec->sim)), REC_SEP(s);
  record_put_str(s, kind), REC_SEP(s);
  record_put_str(s, name), REC_SEP(s);
  record_put_str(s, detail);
  g_string_append_c(s, '\n');
  record_write_line(rec, rec->events);
}


/* ---- topology.csv, output.csv ---- */

static void put_num(GString *s, double v)
{
  if (v >= 0)
    g_string_append_printf(s, "%.17g", v);
}

void record_topology(struct recorder *rec, const struct record_topo *row)
{
  g_return_if_fail(rec != NULL && row != NULL);
  GString *s = rec->line;
  g_string_truncate(s, 0);
  record_put_str(s, row->kind), REC_SEP(s);
  record_put_str(s, row->name), REC_SEP(s);
  record_put_str(s, row->medium), REC_SEP(s);
  record_put_str(s, row->addr), REC_SEP(s);
  put_num(s, row->rate_bps), REC_SEP(s);
  record_put_time(s, row->delay), REC_SEP(s);
  put_num(s, row->length_m), REC_SEP(s);
  record_put_str(s, row->pos);
  g_string_append_c(s, '\n');
  record_write_line(rec, rec->topology);
}

void record_output(struct recorder *rec, const char *who, const char *text)
{
  g_return_if_fail(rec != NULL);
  GString *s = rec->line;
  g_string_truncate(s, 0);
  record_put_time(s, sim_now(rec->sim)), REC_SEP(s);
  record_put_str(s, who), REC_SEP(s);
  record_put_str(s, text);
  g_string_append_c(s, '\n');
  record_write_line(rec, rec->output);
}
