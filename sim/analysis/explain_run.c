/* sim/analysis/explain_run.c: reads a run's CSV files (docs/results.md)
 * with the results reader (sim/record/results_read.h) into the typed rows
 * of explain_internal.h, and indexes them: datagrams by (ip_src, ip_id,
 * proto) across hops, addresses to host names, gateways. It explains
 * nothing: explain.c does. A missing column reads as an empty field. */
#include "explain_internal.h"
#include "results_read.h"

#include <string.h>

/* Reads file id of dir with the one reader, leniently (a malformed row
 * is skipped, a missing column reads as empty), keeps its table for the
 * strings and calls add for each row. */
static bool load_file(struct explain_run *r, const char *dir,
                      enum results_file_id id, bool required,
                      void (*add)(struct explain_run *,
                                  const struct results_table *, guint),
                      GError **err)
{
  struct results_table *t = results_read_known(dir, id, NULL,
                                               RESULTS_LENIENT,
                                               required ? err : NULL);
  if (!t)
    return !required;
  g_ptr_array_add(r->tables, t);
  for (guint i = 0; i < t->rows->len; i++)
    add(r, t, i);
  return true;
}

#define S(col) results_str(t, i, col)
#define NS(col) results_ns(t, i, col)
#define INT(col) results_int(t, i, col)

static void add_pkt(struct explain_run *r, const struct results_table *t,
                    guint i)
{
  const char *eth = S(RESULTS_PKT_ETHERTYPE);
  struct explain_pkt p = {
    .t_tx = NS(RESULTS_PKT_T_TX), .t_rx_end = NS(RESULTS_PKT_T_RX_END),
    .medium = S(RESULTS_PKT_MEDIUM), .from = S(RESULTS_PKT_FROM),
    .to = S(RESULTS_PKT_TO), .fate = S(RESULTS_PKT_FATE),
    .ip = strcmp(eth, "ip") == 0, .arp = strcmp(eth, "arp") == 0,
    .src = S(RESULTS_PKT_IP_SRC), .dst = S(RESULTS_PKT_IP_DST),
    .proto = S(RESULTS_PKT_IP_PROTO), .id = INT(RESULTS_PKT_IP_ID),
    .sport = INT(RESULTS_PKT_SPORT), .dport = INT(RESULTS_PKT_DPORT),
    .flags = S(RESULTS_PKT_TCP_FLAGS), .seq = INT(RESULTS_PKT_SEQ),
    .ack = INT(RESULTS_PKT_ACK), .len = INT(RESULTS_PKT_LEN),
    .icmp_type = (int)INT(RESULTS_PKT_ICMP_TYPE),
    .icmp_code = (int)INT(RESULTS_PKT_ICMP_CODE),
    .arp_op = S(RESULTS_PKT_ARP_OP), .arp_target = S(RESULTS_PKT_ARP_TARGET),
    .label = S(RESULTS_PKT_LABEL),
  };
  g_array_append_val(r->pkts, p);
}

static void add_tcp(struct explain_run *r, const struct results_table *t,
                    guint i)
{
  struct explain_tcp e = {
    .t = NS(RESULTS_TCP_T), .host = S(RESULTS_TCP_HOST),
    .conn = S(RESULTS_TCP_CONN), .event = S(RESULTS_TCP_EVENT),
    .detail = S(RESULTS_TCP_DETAIL), .flags = S(RESULTS_TCP_FLAGS),
    .state = S(RESULTS_TCP_STATE), .seq = INT(RESULTS_TCP_SEQ),
    .len = INT(RESULTS_TCP_LEN), .shift = (int)INT(RESULTS_TCP_SHIFT),
  };
  g_array_append_val(r->tcp, e);
}

static void add_call(struct explain_run *r, const struct results_table *t,
                     guint i)
{
  struct explain_call_row c = {
    .t = NS(RESULTS_CALL_T), .host = S(RESULTS_CALL_HOST),
    .proc = S(RESULTS_CALL_PROC), .call = S(RESULTS_CALL_CALL),
    .err = S(RESULTS_CALL_ERRNO), .local = S(RESULTS_CALL_LOCAL),
    .remote = S(RESULTS_CALL_REMOTE), .pid = (int)INT(RESULTS_CALL_PID),
    .fd = (int)INT(RESULTS_CALL_FD),
  };
  g_array_append_val(r->calls, c);
}

static void add_event(struct explain_run *r, const struct results_table *t,
                      guint i)
{
  struct explain_event e = {
    .t = NS(RESULTS_EVENT_T), .kind = S(RESULTS_EVENT_KIND),
    .name = S(RESULTS_EVENT_NAME), .detail = S(RESULTS_EVENT_DETAIL),
  };
  g_array_append_val(r->events, e);
}

#undef S
#undef NS
#undef INT

static int by_t_tx(const void *a, const void *b)
{
  const struct explain_pkt *x = a, *y = b;
  return (x->t_tx > y->t_tx) - (x->t_tx < y->t_tx);
}

static char *dgram_key(const struct explain_pkt *p)
{
  return g_strdup_printf("%s/%ld/%s", p->src, p->id, p->proto);
}

/* Groups the IP rows by datagram; names addresses by their first hop's
 * sender; marks hosts that send hops after the first as gateways. */
static void index_rows(struct explain_run *r)
{
  for (guint i = 0; i < r->pkts->len; i++) {
    struct explain_pkt *p = &g_array_index(r->pkts, struct explain_pkt, i);
    if (!p->ip || !*p->src)
      continue;
    char *key = dgram_key(p);
    GPtrArray *hops = g_hash_table_lookup(r->dgrams, key);
    if (!hops) {
      hops = g_ptr_array_new();
      g_hash_table_insert(r->dgrams, key, hops);
      if (!g_hash_table_contains(r->names, p->src))
        g_hash_table_insert(r->names, g_strdup(p->src), g_strdup(p->from));
    } else {
      g_free(key);
      if (strcmp(p->from, ((struct explain_pkt *)hops->pdata[0])->from) != 0)
        g_hash_table_add(r->forwarders, (char *)p->from);
    }
    g_ptr_array_add(hops, p);
  }
}

/* tcp.csv's host and local address, and events.csv's addr rows
 * ("addr", host, "a.b.c.d/len"), name addresses too. */
static void name_hosts(struct explain_run *r)
{
  for (guint i = 0; i < r->tcp->len; i++) {
    struct explain_tcp *e = &g_array_index(r->tcp, struct explain_tcp, i);
    char *addr = g_strndup(e->conn, strcspn(e->conn, ":"));
    if (*addr && !g_hash_table_contains(r->names, addr))
      g_hash_table_insert(r->names, g_strdup(addr), g_strdup(e->host));
    g_free(addr);
  }
  for (guint i = 0; i < r->events->len; i++) {
    struct explain_event *e =
        &g_array_index(r->events, struct explain_event, i);
    if (strcmp(e->kind, "addr") != 0)
      continue;
    char *addr = g_strndup(e->detail, strcspn(e->detail, "/"));
    if (!g_hash_table_contains(r->names, addr))
      g_hash_table_insert(r->names, g_strdup(addr), g_strdup(e->name));
    g_free(addr);
  }
}

struct explain_run *explain_load(const char *dir, GError **err)
{
  struct explain_run *r = g_new0(struct explain_run, 1);
  r->tables = g_ptr_array_new_with_free_func(
      (GDestroyNotify)results_table_free);
  r->pkts = g_array_new(FALSE, FALSE, sizeof(struct explain_pkt));
  r->tcp = g_array_new(FALSE, FALSE, sizeof(struct explain_tcp));
  r->calls = g_array_new(FALSE, FALSE, sizeof(struct explain_call_row));
  r->events = g_array_new(FALSE, FALSE, sizeof(struct explain_event));
  r->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  r->dgrams = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify)g_ptr_array_unref);
  r->forwarders = g_hash_table_new(g_str_hash, g_str_equal);
  if (!load_file(r, dir, RESULTS_CALLS, true, add_call, err) ||
      !load_file(r, dir, RESULTS_TCP, true, add_tcp, err) ||
      !load_file(r, dir, RESULTS_PACKETS, true, add_pkt, err) ||
      !load_file(r, dir, RESULTS_EVENTS, false, add_event, err)) {
    explain_free(r);
    return NULL;
  }
  /* Stable: rows are written when their fate is known, not in t_tx order. */
  g_array_sort(r->pkts, by_t_tx);
  name_hosts(r);
  index_rows(r);
  return r;
}

void explain_free(struct explain_run *r)
{
  if (!r)
    return;
  g_hash_table_destroy(r->forwarders);
  g_hash_table_destroy(r->dgrams);
  g_hash_table_destroy(r->names);
  g_array_free(r->pkts, TRUE);
  g_array_free(r->tcp, TRUE);
  g_array_free(r->calls, TRUE);
  g_array_free(r->events, TRUE);
  g_ptr_array_free(r->tables, TRUE);
  g_free(r);
}

GPtrArray *explain_run_hops(const struct explain_run *r,
                            const struct explain_pkt *p)
{
  char *key = dgram_key(p);
  GPtrArray *hops = g_hash_table_lookup(r->dgrams, key);
  g_free(key);
  g_assert(hops);
  return hops;
}

const char *explain_run_name(const struct explain_run *r, const char *addr)
{
  const char *n = g_hash_table_lookup(r->names, addr);
  return n && *n ? n : addr;
}

bool explain_run_is_gateway(const struct explain_run *r, const char *host)
{
  return g_hash_table_contains(r->forwarders, host);
}

const struct explain_event *explain_run_last_event(const struct explain_run *r,
                                   const char *kind, const char *name,
                                   int64_t t)
{
  const struct explain_event *last = NULL;
  for (guint i = 0; i < r->events->len; i++) {
    const struct explain_event *e =
        &g_array_index(r->events, struct explain_event, i);
    if (e->t <= t && strcmp(e->kind, kind) == 0 &&
        strcmp(e->name, name) == 0)
      last = e;
  }
  return last;
}

void explain_run_put_time(GString *s, int64_t t)
{
  int64_t ms = (t + 500000) / 1000000;
  g_string_append_printf(s, "%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT,
                         ms / 1000, ms % 1000);
}
