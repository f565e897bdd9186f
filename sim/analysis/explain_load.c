/* sim/analysis/explain_load.c: reads a run's CSV files (docs/results.md) into the
 * typed rows of explain_internal.h, by column name so that added columns
 * do not matter, and indexes them: datagrams by (ip_src, ip_id, proto)
 * across hops, addresses to host names, gateways. It explains nothing:
 * explain.c does. A missing column reads as an empty field. */
#include "explain_internal.h"
#include "csv.h"

#include <stdlib.h>
#include <string.h>

/* A file's header, to find a column's index by name. */
struct head {
  char **names;               /* the header's fields */
};

static const char *field(const struct head *h, char **row, const char *name)
{
  for (guint i = 0; h->names[i]; i++)
    if (strcmp(h->names[i], name) == 0) {
      for (guint j = 0; j <= i; j++)
        if (!row[j])
          return "";
      return row[i];
    }
  return "";
}

/* Seconds with up to 9 decimals to ns; -1 for an empty field. */
static int64_t parse_ns(const char *s)
{
  if (!*s)
    return -1;
  const char *dot = strchr(s, '.');
  int64_t ns = g_ascii_strtoll(s, NULL, 10) * 1000000000;
  if (dot) {
    int64_t frac = 0, scale = 100000000;
    for (const char *p = dot + 1; *p >= '0' && *p <= '9' && scale; p++)
      frac += (*p - '0') * scale, scale /= 10;
    ns += frac;
  }
  return ns;
}

static int64_t parse_int(const char *s)
{
  return *s ? g_ascii_strtoll(s, NULL, 10) : -1;
}

/* Reads dir/name line by line, calling add for each row. */
static bool load_file(struct explain_run *r, const char *dir,
                      const char *name, bool required,
                      void (*add)(struct explain_run *, const struct head *,
                                  char **), GError **err)
{
  char *path = g_build_filename(dir, name, NULL), *text = NULL;
  bool ok = g_file_get_contents(path, &text, NULL, required ? err : NULL);
  g_free(path);
  if (!ok)
    return !required;
  char **lines = g_strsplit(text, "\n", -1);
  g_free(text);
  struct head h = { NULL };
  for (guint i = 0; lines[i]; i++) {
    if (!*lines[i])
      continue;
    char **row = csv_split(lines[i]);
    if (!row)
      continue;
    g_ptr_array_add(r->lines, row);
    if (!h.names)
      h.names = row;
    else
      add(r, &h, row);
  }
  g_strfreev(lines);
  return true;
}

static void add_pkt(struct explain_run *r, const struct head *h, char **row)
{
#define F(n) field(h, row, n)
  const char *eth = F("ethertype");
  struct xpkt p = {
    .t_tx = parse_ns(F("t_tx")), .t_rx_end = parse_ns(F("t_rx_end")),
    .medium = F("medium"), .from = F("from"), .to = F("to"),
    .fate = F("fate"), .ip = strcmp(eth, "ip") == 0,
    .arp = strcmp(eth, "arp") == 0, .src = F("ip_src"), .dst = F("ip_dst"),
    .proto = F("ip_proto"), .id = parse_int(F("ip_id")),
    .sport = parse_int(F("sport")), .dport = parse_int(F("dport")),
    .flags = F("tcp_flags"), .seq = parse_int(F("seq")),
    .ack = parse_int(F("ack")), .len = parse_int(F("len")),
    .icmp_type = (int)parse_int(F("icmp_type")),
    .icmp_code = (int)parse_int(F("icmp_code")), .arp_op = F("arp_op"),
    .arp_target = F("arp_target"), .label = F("label"),
  };
  g_array_append_val(r->pkts, p);
}

static void add_tcp(struct explain_run *r, const struct head *h, char **row)
{
  struct xtcp e = {
    .t = parse_ns(F("t")), .host = F("host"), .conn = F("conn"),
    .event = F("event"), .detail = F("detail"), .flags = F("flags"),
    .state = F("state"), .seq = parse_int(F("seq")),
    .len = parse_int(F("len")), .shift = (int)parse_int(F("shift")),
  };
  g_array_append_val(r->tcp, e);
}

static void add_call(struct explain_run *r, const struct head *h, char **row)
{
  struct xcall c = {
    .t = parse_ns(F("t")), .host = F("host"), .proc = F("proc"),
    .call = F("call"), .err = F("errno"), .local = F("local"),
    .remote = F("remote"), .pid = (int)parse_int(F("pid")),
    .fd = (int)parse_int(F("fd")),
  };
  g_array_append_val(r->calls, c);
}

static void add_event(struct explain_run *r, const struct head *h,
                      char **row)
{
  struct xevent e = { .t = parse_ns(F("t")), .kind = F("kind"),
                      .name = F("name"), .detail = F("detail") };
  g_array_append_val(r->events, e);
#undef F
}

static int by_t_tx(const void *a, const void *b)
{
  const struct xpkt *x = a, *y = b;
  return (x->t_tx > y->t_tx) - (x->t_tx < y->t_tx);
}

static char *dgram_key(const struct xpkt *p)
{
  return g_strdup_printf("%s/%ld/%s", p->src, p->id, p->proto);
}

/* Groups the IP rows by datagram; names addresses by their first hop's
 * sender; marks hosts that send hops after the first as gateways. */
static void index_rows(struct explain_run *r)
{
  for (guint i = 0; i < r->pkts->len; i++) {
    struct xpkt *p = &g_array_index(r->pkts, struct xpkt, i);
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
      if (strcmp(p->from, ((struct xpkt *)hops->pdata[0])->from) != 0)
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
    struct xtcp *e = &g_array_index(r->tcp, struct xtcp, i);
    char *addr = g_strndup(e->conn, strcspn(e->conn, ":"));
    if (*addr && !g_hash_table_contains(r->names, addr))
      g_hash_table_insert(r->names, g_strdup(addr), g_strdup(e->host));
    g_free(addr);
  }
  for (guint i = 0; i < r->events->len; i++) {
    struct xevent *e = &g_array_index(r->events, struct xevent, i);
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
  r->lines = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
  r->pkts = g_array_new(FALSE, FALSE, sizeof(struct xpkt));
  r->tcp = g_array_new(FALSE, FALSE, sizeof(struct xtcp));
  r->calls = g_array_new(FALSE, FALSE, sizeof(struct xcall));
  r->events = g_array_new(FALSE, FALSE, sizeof(struct xevent));
  r->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  r->dgrams = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify)g_ptr_array_unref);
  r->forwarders = g_hash_table_new(g_str_hash, g_str_equal);
  if (!load_file(r, dir, "calls.csv", true, add_call, err) ||
      !load_file(r, dir, "tcp.csv", true, add_tcp, err) ||
      !load_file(r, dir, "packets.csv", true, add_pkt, err) ||
      !load_file(r, dir, "events.csv", false, add_event, err)) {
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
  g_ptr_array_free(r->lines, TRUE);
  g_free(r);
}

GPtrArray *xr_hops(const struct explain_run *r, const struct xpkt *p)
{
  char *key = dgram_key(p);
  GPtrArray *hops = g_hash_table_lookup(r->dgrams, key);
  g_free(key);
  g_assert(hops);
  return hops;
}

const char *xr_name(const struct explain_run *r, const char *addr)
{
  const char *n = g_hash_table_lookup(r->names, addr);
  return n && *n ? n : addr;
}

bool xr_is_gateway(const struct explain_run *r, const char *host)
{
  return g_hash_table_contains(r->forwarders, host);
}

const struct xevent *xr_last_event(const struct explain_run *r,
                                   const char *kind, const char *name,
                                   int64_t t)
{
  const struct xevent *last = NULL;
  for (guint i = 0; i < r->events->len; i++) {
    const struct xevent *e = &g_array_index(r->events, struct xevent, i);
    if (e->t <= t && strcmp(e->kind, kind) == 0 &&
        strcmp(e->name, name) == 0)
      last = e;
  }
  return last;
}

void xr_put_time(GString *s, int64_t t)
{
  int64_t ms = (t + 500000) / 1000000;
  g_string_append_printf(s, "%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT,
                         ms / 1000, ms % 1000);
}
