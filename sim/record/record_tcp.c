/* sim/record/record_tcp.c: tcp.csv and the per-connection accounting.
 * Rows go through a memory buffer so that a received segment's row can
 * be placed before the rows its processing caused (record_tcp_mark ->
 * record_tcp_at). Each event is counted for its connection end (one per
 * life of an address pair, per host): bytes, retransmissions, timeouts,
 * RTT samples, drops, and the delivered bytes per time bucket. The
 * summary and throughput.csv read those counts at the end. */
#include "record_internal.h"
#include "sim.h"

#include <string.h>
void record_end_free(gpointer p)
{
  struct conn_end *e = p;
  g_free(e->host);
  g_free(e->id);
  g_free(e->drop);
  record_series_free(&e->thr);
  g_free(e);
}

/* ---- tcp.csv ---- */

static void put_conn_id(GString *s, const struct record_tcp *e)
{
  record_put_addr(s, e->laddr), g_string_append_c(s, ':');
  record_put_u(s, e->lport);
  g_string_append_c(s, '-');
  record_put_addr(s, e->faddr), g_string_append_c(s, ':');
  record_put_u(s, e->fport);
}

/* The end this event belongs to: a new one for a new life (a state
 * change out of CLOSED after the last life closed). */
static struct conn_end *conn_end(struct recorder *rec,
                                 const struct record_tcp *e)
{
  GString *k = g_string_new(e->host);
  g_string_append_c(k, ' ');
  put_conn_id(k, e);
  struct conn_end *c = g_hash_table_lookup(rec->ends_by_key, k->str);
  bool reopen = c && c->closed && strcmp(e->event, "state") == 0 &&
                strcmp(e->state, "CLOSED") != 0;
  if (c && !reopen) {
    g_string_free(k, TRUE);
    return c;
  }
  c = g_new0(struct conn_end, 1);
  c->host = g_strdup(e->host);
  c->id = g_strdup(k->str + strlen(e->host) + 1);
  c->t_first = sim_now(rec->sim);
  c->rtt_min = G_MAXDOUBLE;
  record_series_init(&c->thr);
  g_ptr_array_add(rec->ends, c);
  g_hash_table_replace(rec->ends_by_key, g_string_free(k, FALSE), c);
  return c;
}

static void account(struct recorder *rec, struct conn_end *c,
                    const struct record_tcp *e)
{
  sim_time_t now = sim_now(rec->sim);
  if (strcmp(e->event, "listendrop") == 0) {
    c->listendrops++;
    return;
  }
  if (!c->live)
    c->t_first = now, c->live = true;
  if (e->sock && e->faddr)
    g_hash_table_insert(rec->socks, (gpointer)e->sock, c);
  c->sent_new += e->sent_new;
  c->rexmit += e->rexmit;
  c->timeouts += e->timeout;
  if (e->delivered) {
    c->delivered += e->delivered;
    c->t_last_data = now;
    record_series_add(rec, &c->thr, now, e->delivered);
  }
  if (e->rtt_ms >= 0 && strcmp(e->event, "rtt") == 0) {
    c->nrtt++;
    c->rtt_sum += e->rtt_ms;
    c->rtt_min = MIN(c->rtt_min, e->rtt_ms);
    c->rtt_max = MAX(c->rtt_max, e->rtt_ms);
  }
  if (strcmp(e->event, "drop") == 0 && e->detail) {
    g_free(c->drop);
    c->drop = g_strdup(e->detail);
  }
  if (e->state && strcmp(e->state, "CLOSED") == 0)
    c->closed = true;
}

static void put_tcp_row(GString *s, sim_time_t t, const struct record_tcp *e)
{
  record_put_time(s, t), REC_SEP(s);
  record_put_str(s, e->host), REC_SEP(s);
  put_conn_id(s, e), REC_SEP(s);
  record_put_str(s, e->event), REC_SEP(s);
  record_put_str(s, e->detail), REC_SEP(s);
  if (e->seg) {
    record_put_flags(s, e->flags), REC_SEP(s);
    record_put_u(s, e->seq), REC_SEP(s);
    record_put_u(s, e->len), REC_SEP(s);
    if (e->flags & REC_TH_ACK)          /* else the field means nothing */
      record_put_u(s, e->ack);
    REC_SEP(s);
    record_put_u(s, e->win), REC_SEP(s);
  } else
    g_string_append(s, ",,,,,");
  record_put_str(s, e->state), REC_SEP(s);
  record_put_u(s, e->snd_una), REC_SEP(s);
  record_put_u(s, e->snd_nxt), REC_SEP(s);
  record_put_u(s, e->snd_max), REC_SEP(s);
  record_put_u(s, e->cwnd), REC_SEP(s);
  record_put_u(s, e->ssthresh), REC_SEP(s);
  record_put_u(s, e->snd_wnd), REC_SEP(s);
  record_put_ms(s, e->srtt_ms), REC_SEP(s);
  record_put_ms(s, e->rttvar_ms), REC_SEP(s);
  record_put_ms(s, e->rto_ms), REC_SEP(s);
  record_put_ms(s, e->rtt_ms), REC_SEP(s);
  g_string_append_printf(s, "%d\n", e->shift);
}

void record_tcp_flush(struct recorder *rec, bool force)
{
  if (rec->marks > 0 || (!force && rec->tcpbuf->len < TCP_FLUSH))
    return;
  if (fwrite(rec->tcpbuf->str, 1, rec->tcpbuf->len, rec->tcp) !=
      rec->tcpbuf->len)
    rec->io_error = true;
  g_string_truncate(rec->tcpbuf, 0);
}

size_t record_tcp_mark(struct recorder *rec)
{
  g_return_val_if_fail(rec != NULL, 0);
  rec->marks++;
  return rec->tcpbuf->len;
}

void record_tcp_at(struct recorder *rec, size_t mark,
                   const struct record_tcp *e)
{
  g_return_if_fail(rec != NULL && e != NULL && rec->marks > 0);
  g_return_if_fail(mark <= rec->tcpbuf->len);
  account(rec, conn_end(rec, e), e);
  g_string_truncate(rec->line, 0);
  put_tcp_row(rec->line, sim_now(rec->sim), e);
  g_string_insert_len(rec->tcpbuf, (gssize)mark, rec->line->str,
                      (gssize)rec->line->len);
  rec->marks--;
  record_tcp_flush(rec, false);
}

void record_tcp(struct recorder *rec, const struct record_tcp *e)
{
  g_return_if_fail(rec != NULL && e != NULL);
  account(rec, conn_end(rec, e), e);
  put_tcp_row(rec->tcpbuf, sim_now(rec->sim), e);
  record_tcp_flush(rec, false);
}

void record_sock_new(struct recorder *rec, const void *sock)
{
  g_return_if_fail(rec != NULL);
  g_hash_table_remove(rec->socks, sock);
}

const char *record_sock_conn(struct recorder *rec, const void *sock)
{
  g_return_val_if_fail(rec != NULL, NULL);
  struct conn_end *c = g_hash_table_lookup(rec->socks, sock);
  return c ? c->id : NULL;
}

