/* sim/analysis/explain.c: the chain of causes of a failed socket call
 * (explain.h). Finds the call's TCP connection in tcp.csv (its drop row says
 * which errno TCP chose and when), the segments it sent and their fates in
 * packets.csv (explain_path.c), and the answer or silence of the other
 * end, then ends with the timer or the segment that ended it. For UDP and
 * routing errors it reads the ICMP and ARP rows instead. Each sentence is
 * built from rows; when a cause is not recorded it says so ("no answer").
 * Read 4.4BSD tcp_timer.c (KEEP_INIT, MAXRXTSHIFT), tcp_input.c
 * (dropwithreset), if_ether.c (arpresolve), in_pcb.c (in_pcbnotify). */
#include "explain_path.h"
#include "record.h"

#include <stdio.h>
#include <string.h>

/* One call being explained. */
struct ctx {
  const struct explain_run *r; /* the run */
  const struct explain_call_row *c; /* the call */
  GString *s;                  /* the paragraph */
  char laddr[48], faddr[48];   /* its connection's addresses */
  long lport, fport;           /* and ports (-1 unknown) */
  char conn[112];              /* tcp.csv's conn id, "" when none */
};

static bool is(const char *a, const char *b)
{
  return strcmp(a, b) == 0;
}

static void put_t(GString *s, int64_t t)
{
  explain_run_put_time(s, t);
  g_string_append(s, " s");
}

/* Splits "a.b.c.d:port" into addr and port; false for an empty field. */
static bool split_ep(const char *ep, char *addr, size_t n, long *port)
{
  const char *colon = strrchr(ep, ':');
  if (!colon || colon == ep)
    return false;
  g_strlcpy(addr, ep, MIN(n, (size_t)(colon - ep) + 1));
  *port = strtol(colon + 1, NULL, 10);
  return true;
}

static void put_ep(struct ctx *x, const char *addr, long port)
{
  const char *n =
      is(addr, "0.0.0.0") ? x->c->host : explain_run_name(x->r, addr);
  g_string_append_printf(x->s, "%s:%ld", n, port);
}

/* "connect() monet:1024 -> degas:513 failed with ETIMEDOUT at 75.000 s." */
static void put_opening(struct ctx *x)
{
  g_string_append_printf(x->s, "%s() ", x->c->call);
  if (x->lport >= 0)
    put_ep(x, x->laddr, x->lport);
  else
    g_string_append_printf(x->s, "on %s", x->c->host);
  if (*x->faddr) {
    g_string_append(x->s, " -> ");
    put_ep(x, x->faddr, x->fport);
  }
  g_string_append_printf(x->s, " failed with %s at ", x->c->err);
  put_t(x->s, x->c->t);
  g_string_append(x->s, ".");
}

/* ---- tcp.csv ---------------------------------------------------------- */

static const struct explain_tcp *tcp_row(struct ctx *x, guint i)
{
  return &g_array_index(x->r->tcp, struct explain_tcp, i);
}

static bool mine(struct ctx *x, const struct explain_tcp *e)
{
  return is(e->host, x->c->host) && is(e->conn, x->conn);
}

/* The connection's last drop row at or before the call, or -1. */
static int find_drop(struct ctx *x)
{
  int found = -1;
  if (!*x->conn)
    return -1;
  for (guint i = 0; i < x->r->tcp->len; i++) {
    const struct explain_tcp *e = tcp_row(x, i);
    if (e->t <= x->c->t && mine(x, e) && is(e->event, "drop"))
      found = (int)i;
  }
  return found;
}

/* The tcp.csv rows of the connection up to `end` (an index) with this
 * event whose flags contain `flag` (NULL: any). */
static GPtrArray *rows_of(struct ctx *x, int end, const char *event,
                          const char *flag)
{
  GPtrArray *a = g_ptr_array_new();
  for (int i = 0; i <= end; i++) {
    const struct explain_tcp *e = tcp_row(x, (guint)i);
    if (mine(x, e) && is(e->event, event) &&
        (!flag || strstr(e->flags, flag)))
      g_ptr_array_add(a, (gpointer)e);
  }
  return a;
}

/* ---- packets.csv ------------------------------------------------------ */

/* The first hop of a TCP segment of ours sent in [t, until) with these
 * flags, or NULL (never sent: ARP). */
static const struct explain_pkt *sent_segment(struct ctx *x, int64_t t,
                                       int64_t until, const char *flags)
{
  for (guint i = 0; i < x->r->pkts->len; i++) {
    const struct explain_pkt *p =
        &g_array_index(x->r->pkts, struct explain_pkt, i);
    if (p->t_tx < t || p->t_tx >= until || !p->ip || !is(p->proto, "tcp"))
      continue;
    if (is(p->src, x->laddr) && p->sport == x->lport &&
        p->dport == x->fport && is(p->flags, flags) &&
        is(p->from, x->c->host))
      return p;
  }
  return NULL;
}

/* The first hop of the peer's first TCP segment to us sent at or after t
 * (before `until`) whose flags contain `flag`. */
static const struct explain_pkt *peer_segment(struct ctx *x, int64_t t,
                                       int64_t until, const char *flag)
{
  for (guint i = 0; i < x->r->pkts->len; i++) {
    const struct explain_pkt *p =
        &g_array_index(x->r->pkts, struct explain_pkt, i);
    if (p->t_tx < t || p->t_tx >= until || !p->ip || !is(p->proto, "tcp"))
      continue;
    if (is(p->src, x->faddr) && p->sport == x->fport &&
        p->dport == x->lport && strstr(p->flags, flag) &&
        explain_run_hops(x->r, p)->pdata[0] == p)
      return p;
  }
  return NULL;
}

/* The last hop delivered to us of a peer segment with `flag` that arrived
 * at or before t. */
static const struct explain_pkt *received(struct ctx *x, int64_t t,
                                          const char *flag)
{
  const struct explain_pkt *found = NULL;
  for (guint i = 0; i < x->r->pkts->len; i++) {
    const struct explain_pkt *p =
        &g_array_index(x->r->pkts, struct explain_pkt, i);
    if (p->ip && is(p->proto, "tcp") && is(p->src, x->faddr) &&
        p->sport == x->fport && p->dport == x->lport &&
        strstr(p->flags, flag) && is(p->to, x->c->host) &&
        is(p->fate, "delivered") && p->t_rx_end >= 0 && p->t_rx_end <= t)
      found = p;
  }
  return found;
}

/* ---- connection establishment ----------------------------------------- */

/* The server's listendrop row for our SYN that arrived at `arrived`: its
 * full listen queue dropped it (tcp.csv, conn seen from the server). */
static const struct explain_tcp *listen_drop(struct ctx *x, const char *server,
                                      int64_t arrived, int64_t until)
{
  char *conn = g_strdup_printf("%s:%ld-%s:%ld", x->faddr, x->fport,
                               x->laddr, x->lport);
  const struct explain_tcp *found = NULL;
  for (guint i = 0; i < x->r->tcp->len && !found; i++) {
    const struct explain_tcp *e = tcp_row(x, i);
    if (e->t >= arrived && e->t < until && is(e->event, "listendrop") &&
        is(e->host, server) && is(e->conn, conn))
      found = e;
  }
  g_free(conn);
  return found;
}

/* "(8 of 8)" from a listendrop row's detail "8/8". */
static void put_queue_count(GString *s, const char *detail)
{
  const char *slash = strchr(detail, '/');
  if (slash)
    g_string_append_printf(s, " (%.*s of %s)", (int)(slash - detail),
                           detail, slash + 1);
}

static void put_pkt_fate_counts(struct ctx *x, GPtrArray *pkts);

/* The server's retransmissions of its SYN-ACK sa before `until`, and
 * their fates: "; degas retransmitted it at 36.000 s: 1 was lost ...". */
static void put_synack_rexmits(struct ctx *x, const char *server,
                               const struct explain_pkt *sa, int64_t until)
{
  GPtrArray *again = g_ptr_array_new();
  for (const struct explain_pkt *p = sa;
       (p = peer_segment(x, p->t_tx + 1, until, "S")) != NULL;)
    g_ptr_array_add(again, (gpointer)p);
  if (again->len) {
    g_string_append_printf(x->s, "; %s retransmitted it at ", server);
    explain_path_put_times(x->s, again);
    g_string_append(x->s, ":");
    put_pkt_fate_counts(x, again);
  }
  g_ptr_array_free(again, TRUE);
}

/* What the server did with a SYN it got at `arrived`, until `until`. */
static void put_answer(struct ctx *x, const char *server, int64_t arrived,
                       int64_t until)
{
  const struct explain_pkt *sa = peer_segment(x, arrived, until, "S");
  const struct explain_pkt *rst = peer_segment(x, arrived, until, "R");
  const struct explain_tcp *ld;
  if (sa) {
    g_string_append_printf(x->s, "; %s answered with a SYN-ACK at ", server);
    put_t(x->s, sa->t_tx);
    g_string_append(x->s, ", which ");
    explain_path_put_fate(x->r, x->s, sa, false, NULL);
    put_synack_rexmits(x, server, sa, until);
  } else if (rst) {
    g_string_append_printf(x->s, "; %s answered with a RST at ", server);
    put_t(x->s, rst->t_tx);
  } else if ((ld = listen_drop(x, server, arrived, until))) {
    g_string_append(x->s, ", whose listen queue was full");
    put_queue_count(x->s, ld->detail);
    g_string_append(x->s, ": it dropped the SYN without an answer");
  } else {
    g_string_append_printf(x->s, ", which sent no answer");
    explain_path_put_host_down(x->r, x->s, server, arrived);
  }
}

/* Why a segment sent at t never reached a medium: ARP. */
static void put_unsent(struct ctx *x, int64_t t, int64_t until)
{
  GPtrArray *arp =
      explain_path_arp_series(x->r, x->c->host, NULL, t, until - 1);
  g_string_append_printf(x->s, " never left %s", x->c->host);
  if (arp->len) {
    g_string_append(x->s, ": ");
    explain_path_put_arp_failure(x->r, x->s, arp);
  }
  g_ptr_array_free(arp, TRUE);
}

/* One sentence per SYN we sent: its fate, and the answer to it. */
static void put_syn_fates(struct ctx *x, GPtrArray *syns, int64_t end)
{
  for (guint i = 0; i < syns->len; i++) {
    const struct explain_tcp *e = syns->pdata[i];
    int64_t next = i + 1 < syns->len
                       ? ((const struct explain_tcp *)syns->pdata[i + 1])->t
                       : end + 1;
    const struct explain_pkt *p = sent_segment(x, e->t, next, e->flags);
    g_string_append(x->s, " The SYN sent at ");
    put_t(x->s, e->t);
    if (p)
      g_string_append_c(x->s, ' ');
    int64_t arrived;
    if (!p)
      put_unsent(x, e->t, next);
    else if (explain_path_put_fate(x->r, x->s, p, false, &arrived))
      put_answer(x, explain_path_last_hop(x->r, p)->to, arrived, next);
    g_string_append(x->s, ".");
  }
}

/* "0.000, 6.000 and 30.000 s" for tcp.csv rows. */
static void put_row_times(GString *s, GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++) {
    g_string_append(s, i == 0 ? "" : i + 1 == rows->len ? " and " : ", ");
    explain_run_put_time(s, ((const struct explain_tcp *)rows->pdata[i])->t);
  }
  g_string_append(s, " s");
}

/* A duration in s: "75" for whole seconds, else 3 decimals. */
static void put_span(GString *s, int64_t ns)
{
  if (ns % 1000000000 == 0)
    g_string_append_printf(s, "%" G_GINT64_FORMAT, ns / 1000000000);
  else
    explain_run_put_time(s, ns);
}

/* The timer row that fired right before the drop. */
static const struct explain_tcp *drop_timer(struct ctx *x, int drop)
{
  for (int i = drop - 1; i >= 0; i--) {
    const struct explain_tcp *e = tcp_row(x, (guint)i);
    if (mine(x, e) && is(e->event, "timer"))
      return e->t == tcp_row(x, (guint)drop)->t ? e : NULL;
  }
  return NULL;
}

/* A soft error took ETIMEDOUT's place: the ICMP that set it. */
static void put_soft_error(struct ctx *x, int64_t from, int64_t t)
{
  const struct explain_pkt *last = NULL;
  guint n = 0;
  for (guint i = 0; i < x->r->pkts->len; i++) {
    const struct explain_pkt *p =
        &g_array_index(x->r->pkts, struct explain_pkt, i);
    if (p->ip && is(p->proto, "icmp") && p->icmp_type == 3 &&
        is(p->to, x->c->host) && is(p->dst, x->laddr) &&
        is(p->fate, "delivered") && p->t_rx_end >= from &&
        p->t_rx_end <= t)
      last = p, n++;
  }
  g_string_append_printf(x->s, " TCP reported the connection's soft "
                         "error instead of ETIMEDOUT: %s", x->c->err);
  if (last) {
    g_string_append_printf(x->s, ", from the %s received at ",
                           explain_path_icmp_name(last));
    put_t(x->s, last->t_rx_end);
    g_string_append_printf(x->s, " (%u received)", n);
  }
  g_string_append(x->s, ".");
}

static void explain_syn_sent(struct ctx *x, int drop)
{
  const struct explain_tcp *d = tcp_row(x, (guint)drop);
  GPtrArray *syns = rows_of(x, drop, "send", "S");
  if (syns->len) {
    const struct explain_tcp *s0 = syns->pdata[0];
    g_string_append_printf(x->s, " %s sent at ",
                           syns->len > 1 ? "SYNs were" : "One SYN was");
    put_row_times(x->s, syns);
    g_string_append(x->s, ".");
    put_syn_fates(x, syns, d->t);
    const struct explain_tcp *tm = drop_timer(x, drop);
    if (tm && is(tm->detail, "keep")) {
      g_string_append(x->s, " The connection-establishment timer expired "
                      "at ");
      put_t(x->s, d->t);
      g_string_append(x->s, ", ");
      put_span(x->s, d->t - s0->t);
      g_string_append(x->s, " s after the first SYN.");
    } else if (tm && is(tm->detail, "rexmt"))
      g_string_append_printf(x->s, " The retransmission timer expired "
                             "after %d retransmissions.", tm->shift);
    if (!is(x->c->err, "ETIMEDOUT") && tm)
      put_soft_error(x, s0->t, d->t);
  }
  g_ptr_array_free(syns, TRUE);
}

/* ---- refused and reset ------------------------------------------------ */

/* The last of our segments delivered to host `peer` before t. */
static const struct explain_pkt *trigger(struct ctx *x, const char *peer,
                                         int64_t t)
{
  const struct explain_pkt *found = NULL;
  for (guint i = 0; i < x->r->pkts->len; i++) {
    const struct explain_pkt *p =
        &g_array_index(x->r->pkts, struct explain_pkt, i);
    if (p->ip && is(p->proto, "tcp") && is(p->src, x->laddr) &&
        p->sport == x->lport && p->dport == x->fport && is(p->to, peer) &&
        is(p->fate, "delivered") && p->t_rx_end <= t)
      found = p;
  }
  return found;
}

/* "The SYN sent at T reached degas at T;" for the trigger of a RST. */
static void put_trigger(struct ctx *x, const struct explain_pkt *rst1,
                        const char *peer)
{
  const struct explain_pkt *tr = trigger(x, peer, rst1->t_tx);
  if (!tr)
    return;
  const struct explain_pkt *first = explain_run_hops(x->r, tr)->pdata[0];
  if (is(first->flags, "S"))
    g_string_append(x->s, " The SYN sent at ");
  else
    g_string_append_printf(x->s, " The segment %s sent at ", first->label);
  put_t(x->s, first->t_tx);
  g_string_append_printf(x->s, " reached %s at ", peer);
  put_t(x->s, tr->t_rx_end);
  g_string_append(x->s, ";");
}

/* Why peer had no connection: it crashed and came back, per events.csv. */
static void put_reboot(struct ctx *x, const char *peer, int64_t t)
{
  const struct explain_event *d =
      explain_run_last_event(x->r, "host-down", peer, t);
  const struct explain_event *u =
      explain_run_last_event(x->r, "host-up", peer, t);
  if (!d || !u || u->t < d->t)
    return;
  g_string_append_printf(x->s, " %s had gone down at ", peer);
  put_t(x->s, d->t);
  g_string_append(x->s, " and come up again at ");
  put_t(x->s, u->t);
  g_string_append(x->s, ", losing every connection;");
}

static void explain_rst(struct ctx *x, int drop, bool refused)
{
  const struct explain_tcp *d = tcp_row(x, (guint)drop);
  const struct explain_pkt *rst = received(x, d->t, "R");
  if (!rst) {
    g_string_append(x->s, " A RST was received (not in packets.csv).");
    return;
  }
  const struct explain_pkt *rst1 = explain_run_hops(x->r, rst)->pdata[0];
  const char *peer = explain_run_name(x->r, rst1->src);
  put_trigger(x, rst1, peer);
  if (!refused)
    put_reboot(x, peer, rst1->t_tx);
  if (refused)
    g_string_append_printf(x->s, " %s had no socket listening on port %ld",
                           peer, x->fport);
  else
    g_string_append_printf(x->s, " %s had no connection for it", peer);
  g_string_append(x->s, " and answered with a RST at ");
  put_t(x->s, rst1->t_tx);
  g_string_append_printf(x->s, ", which reached %s at ", x->c->host);
  put_t(x->s, rst->t_rx_end);
  g_string_append(x->s, refused ? "; TCP dropped the connection attempt."
                                : "; TCP dropped the connection.");
}

/* ---- timeouts of a synchronized connection ---------------------------- */

/* Counts equal brief fates of first hops (NULL: never left our host):
 * "all 12 were dropped because ...". */
static void put_pkt_fate_counts(struct ctx *x, GPtrArray *pkts)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
  GArray *counts = g_array_new(FALSE, TRUE, sizeof(guint));
  for (guint i = 0; i < pkts->len; i++) {
    const struct explain_pkt *p = pkts->pdata[i];
    GString *f = g_string_new(NULL);
    if (p)
      explain_path_put_fate(x->r, f, p, true, NULL);
    else
      g_string_append_printf(f, "never left %s", x->c->host);
    guint k = 0;
    while (k < texts->len && !is(texts->pdata[k], f->str))
      k++;
    if (k == texts->len)
      g_ptr_array_add(texts, g_string_free(f, FALSE)),
          g_array_set_size(counts, k + 1);
    else
      g_string_free(f, TRUE);
    g_array_index(counts, guint, k)++;
  }
  for (guint k = 0; k < texts->len; k++) {
    guint n = g_array_index(counts, guint, k);
    const char *f = texts->pdata[k];
    bool was = g_str_has_prefix(f, "was ");
    g_string_append(x->s, k ? "; " : " ");
    if (n == 2 && n == pkts->len)
      g_string_append(x->s, "both ");
    else
      g_string_append_printf(x->s, "%s%u ", n == pkts->len && n > 1 ?
                             "all " : "", n);
    g_string_append_printf(x->s, "%s%s", was ? (n > 1 ? "were " : "was ")
                           : "", was ? f + 4 : f);
  }
  g_array_free(counts, TRUE);
  g_ptr_array_free(texts, TRUE);
}

/* The same for tcp.csv send rows: each one's first hop. */
static void put_fate_counts(struct ctx *x, GPtrArray *sends, int64_t end)
{
  GPtrArray *pkts = g_ptr_array_new();
  for (guint i = 0; i < sends->len; i++) {
    const struct explain_tcp *e = sends->pdata[i];
    int64_t next = i + 1 < sends->len
                       ? ((const struct explain_tcp *)sends->pdata[i + 1])->t
                       : end + 1;
    g_ptr_array_add(pkts, (gpointer)sent_segment(x, e->t, next, e->flags));
  }
  put_pkt_fate_counts(x, pkts);
  g_string_append(x->s, ".");
  g_ptr_array_free(pkts, TRUE);
}

/* The rows since the connection last heard from its peer. */
static GPtrArray *since_heard(struct ctx *x, int drop, const char *event,
                              const char *detail, int64_t *heard)
{
  GPtrArray *a = g_ptr_array_new();
  *heard = -1;
  for (int i = 0; i <= drop; i++) {
    const struct explain_tcp *e = tcp_row(x, (guint)i);
    if (!mine(x, e))
      continue;
    if (is(e->event, "recv"))
      *heard = e->t, g_ptr_array_set_size(a, 0);
    else if (is(e->event, event) && (!detail || is(e->detail, detail)))
      g_ptr_array_add(a, (gpointer)e);
  }
  return a;
}

static void put_gaps(GString *s, GPtrArray *rows, int64_t end)
{
  for (guint i = 1; i <= rows->len; i++) {
    int64_t a = ((const struct explain_tcp *)rows->pdata[i - 1])->t;
    int64_t b =
        i < rows->len ? ((const struct explain_tcp *)rows->pdata[i])->t : end;
    g_string_append(s, i == 1 ? "" : ", ");
    put_span(s, b - a);
  }
  g_string_append(s, " s");
}

static void explain_rexmt(struct ctx *x, int drop, const struct explain_tcp *tm)
{
  const struct explain_tcp *d = tcp_row(x, (guint)drop);
  int64_t heard;
  GPtrArray *rx = since_heard(x, drop, "send", "rexmit", &heard);
  if (heard >= 0) {
    g_string_append_printf(x->s, " %s last heard from %s at ", x->c->host,
                           explain_run_name(x->r, x->faddr));
    put_t(x->s, heard);
    g_string_append(x->s, ".");
  }
  if (rx->len) {
    g_string_append_printf(x->s, " It retransmitted at ");
    put_row_times(x->s, rx);
    g_string_append(x->s, ", the timeout backing off (");
    put_gaps(x->s, rx, d->t);
    g_string_append(x->s, "):");
    put_fate_counts(x, rx, d->t);
  }
  g_string_append_printf(x->s, " The retransmission timer expired again "
                         "at ");
  put_t(x->s, d->t);
  g_string_append_printf(x->s, " and TCP dropped the connection after %d "
                         "retransmissions.", tm->shift);
  g_ptr_array_free(rx, TRUE);
}

static void explain_keep(struct ctx *x, int drop)
{
  const struct explain_tcp *d = tcp_row(x, (guint)drop);
  int64_t heard;
  GPtrArray *probes = since_heard(x, drop, "send", "keepalive", &heard);
  g_string_append_printf(x->s, " %s last heard from %s at ", x->c->host,
                         explain_run_name(x->r, x->faddr));
  put_t(x->s, heard >= 0 ? heard : 0);
  g_string_append(x->s, ".");
  if (probes->len) {
    g_string_append(x->s, " The keepalive timer sent probes at ");
    put_row_times(x->s, probes);
    g_string_append(x->s, ":");
    put_fate_counts(x, probes, d->t);
  }
  g_string_append(x->s, " None was answered, and the keepalive timer "
                  "dropped the connection at ");
  put_t(x->s, d->t);
  g_string_append(x->s, ".");
  g_ptr_array_free(probes, TRUE);
}

static void explain_tcp(struct ctx *x, int drop)
{
  const struct explain_tcp *d = tcp_row(x, (guint)drop);
  const struct explain_tcp *tm = drop_timer(x, drop);
  if (is(d->detail, "ECONNREFUSED") || is(d->detail, "ECONNRESET"))
    explain_rst(x, drop, is(d->detail, "ECONNREFUSED"));
  else if (is(d->state, "SYN_SENT"))
    explain_syn_sent(x, drop);
  else if (tm && is(tm->detail, "rexmt"))
    explain_rexmt(x, drop, tm);
  else if (tm && is(tm->detail, "keep"))
    explain_keep(x, drop);
  if (d->t < x->c->t) {
    g_string_append(x->s, " The socket kept the error until this call.");
  }
}

/* ---- without TCP: ICMP and ARP ---------------------------------------- */

/* The last ICMP unreachable delivered to us at or before the call. */
static const struct explain_pkt *last_icmp(struct ctx *x, int code)
{
  const struct explain_pkt *found = NULL;
  for (guint i = 0; i < x->r->pkts->len; i++) {
    const struct explain_pkt *p =
        &g_array_index(x->r->pkts, struct explain_pkt, i);
    if (p->ip && is(p->proto, "icmp") && p->icmp_type == 3 &&
        (code < 0 || p->icmp_code == code) && is(p->to, x->c->host) &&
        is(p->fate, "delivered") && p->t_rx_end <= x->c->t)
      found = p;
  }
  return found;
}

/* Our last datagram to faddr that reached `at` before t. */
static const struct explain_pkt *dgram_to(struct ctx *x, const char *at,
                                          int64_t t)
{
  const struct explain_pkt *found = NULL;
  for (guint i = 0; i < x->r->pkts->len; i++) {
    const struct explain_pkt *p =
        &g_array_index(x->r->pkts, struct explain_pkt, i);
    if (p->ip && is(p->src, x->laddr) && is(p->dst, x->faddr) &&
        is(p->to, at) && p->t_rx_end >= 0 && p->t_rx_end <= t &&
        (x->fport < 0 || p->dport == x->fport))
      found = p;
  }
  return found;
}

static void explain_icmp(struct ctx *x, const struct explain_pkt *icmp)
{
  const struct explain_pkt *i1 = explain_run_hops(x->r, icmp)->pdata[0];
  const char *from = i1->from;
  const struct explain_pkt *dg = dgram_to(x, from, i1->t_tx);
  bool told = false;
  if (dg) {
    const struct explain_pkt *first = explain_run_hops(x->r, dg)->pdata[0];
    g_string_append(x->s, " The datagram sent at ");
    put_t(x->s, first->t_tx);
    g_string_append(x->s, " ");
    told = !explain_path_put_fate(x->r, x->s, first, false, NULL);
    g_string_append(x->s, ".");
  }
  if (told)
    g_string_append(x->s, " The ICMP");
  else {
    g_string_append_printf(x->s, " %s sent %s at ", from,
                           explain_path_icmp_name(icmp));
    put_t(x->s, i1->t_tx);
    g_string_append(x->s, ", which");
  }
  g_string_append_printf(x->s, " reached %s at ", x->c->host);
  put_t(x->s, icmp->t_rx_end);
  g_string_append(x->s, "; the error was kept on the connected socket "
                  "and this call returned it.");
}

static void explain_local_arp(struct ctx *x)
{
  GPtrArray *arp = explain_path_arp_series(x->r, x->c->host,
                                 is(x->c->err, "EHOSTDOWN") && *x->faddr ?
                                 x->faddr : NULL, 0, x->c->t);
  if (!arp->len) {
    if (is(x->c->err, "ENETUNREACH"))
      g_string_append_printf(x->s, " %s has no directly connected network "
                             "for the destination (SO_DONTROUTE or "
                             "MSG_DONTROUTE): nothing was sent.", x->c->host);
    else if (is(x->c->err, "EHOSTUNREACH"))
      g_string_append_printf(x->s, " No ICMP error or unanswered ARP "
                             "request was recorded for it: %s has no route "
                             "to the destination (4.4BSD-Lite2's ip_output "
                             "then returns EHOSTUNREACH).", x->c->host);
    else
      g_string_append(x->s, " No ICMP error or unanswered ARP request "
                      "was recorded for it.");
    g_ptr_array_free(arp, TRUE);
    return;
  }
  g_string_append(x->s, " ");
  explain_path_put_arp_failure(x->r, x->s, arp);
  g_string_append_printf(x->s, "; after %u unanswered requests ARP "
                         "rejected the address", arp->len);
  if (is(x->c->err, "EHOSTUNREACH"))
    g_string_append(x->s, ", which is the gateway of the route used, so "
                    "the error is EHOSTUNREACH.");
  else
    g_string_append(x->s, ", so sends to it fail with EHOSTDOWN.");
  g_ptr_array_free(arp, TRUE);
}

static void explain_ip(struct ctx *x)
{
  const char *e = x->c->err;
  const struct explain_pkt *icmp = NULL;
  if (is(e, "ECONNREFUSED"))
    icmp = last_icmp(x, 3);
  else if (*x->faddr && (is(e, "EHOSTUNREACH") || is(e, "ENETUNREACH")))
    icmp = last_icmp(x, is(e, "ENETUNREACH") ? 0 : 1);
  if (icmp && is(icmp->dst, x->laddr))
    explain_icmp(x, icmp);
  else if (is(e, "ECONNREFUSED"))
    g_string_append(x->s, " No ICMP port unreachable was recorded.");
  else
    explain_local_arp(x);
}

/* ---- the entry points ------------------------------------------------- */

bool explain_covers(const char *e)
{
  static const char *const names[] = { "ETIMEDOUT", "ECONNREFUSED",
    "ECONNRESET", "EHOSTUNREACH", "EHOSTDOWN", "ENETUNREACH" };
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
    if (e && is(e, names[i]))
      return true;
  return false;
}

guint explain_ncalls(const struct explain_run *r)
{
  return r->calls->len;
}

static void set_conn(struct ctx *x)
{
  x->lport = x->fport = -1;
  split_ep(x->c->local, x->laddr, sizeof x->laddr, &x->lport);
  split_ep(x->c->remote, x->faddr, sizeof x->faddr, &x->fport);
  if (x->lport >= 0 && x->fport >= 0)
    g_snprintf(x->conn, sizeof x->conn, "%s-%s", x->c->local, x->c->remote);
}

char *explain_call(const struct explain_run *r, guint i)
{
  g_return_val_if_fail(i < r->calls->len, NULL);
  struct ctx x = {.r = r,
                  .c = &g_array_index(r->calls, struct explain_call_row, i)};
  if (!explain_covers(x.c->err))
    return NULL;
  x.s = g_string_new(NULL);
  set_conn(&x);
  put_opening(&x);
  int drop = find_drop(&x);
  if (drop >= 0)
    explain_tcp(&x, drop);
  else
    explain_ip(&x);
  return g_string_free(x.s, FALSE);
}

static bool same(const char *field, const char *v)
{
  return is(field, v ? v : "");
}

int explain_find_call(const struct explain_run *r, const char *host, int pid,
                      const char *call, const char *err_name, int fd,
                      const char *local, const char *remote)
{
  for (guint i = 0; i < r->calls->len; i++) {
    const struct explain_call_row *c =
        &g_array_index(r->calls, struct explain_call_row, i);
    if (same(c->host, host) && c->pid == pid && same(c->call, call) &&
        same(c->err, err_name) && c->fd == fd && same(c->local, local) &&
        same(c->remote, remote))
      return (int)i;
  }
  return -1;
}

char *explain_dir(const char *dir, GError **err)
{
  struct explain_run *r = explain_load(dir, err);
  if (!r)
    return NULL;
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < r->calls->len; i++) {
    char *text = explain_call(r, i);
    if (!text)
      continue;
    const struct explain_call_row *c =
        &g_array_index(r->calls, struct explain_call_row, i);
    g_string_append_printf(s, "%s%s pid %d %s: %s() failed with %s at ",
                           s->len ? "\n" : "", c->host, c->pid, c->proc,
                           c->call, c->err);
    put_t(s, c->t);
    g_string_append_printf(s, "\n%s\n", text);
    g_free(text);
  }
  explain_free(r);
  return g_string_free(s, FALSE);
}

static void *hook_open(const char *dir)
{
  return explain_load(dir, NULL);
}

static char *hook_explain(void *run, const struct record_call *c)
{
  int i = explain_find_call(run, c->host, c->pid, c->call, c->err_name,
                            c->fd, c->local, c->remote);
  return i >= 0 ? explain_call(run, (guint)i) : NULL;
}

static void hook_close(void *run)
{
  explain_free(run);
}

const struct record_explainer explain_recorder = {
  hook_open, hook_explain, hook_close,
};
