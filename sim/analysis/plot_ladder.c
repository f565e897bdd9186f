/* sim/analysis/plot_ladder.c: the ladder diagram (time-space diagram) of a run:
 * hosts as vertical lines, time down the page, each frame a band from
 * (sender, t_tx..t_tx_end) to (receiver, t_rx..t_rx_end): its slope is
 * the propagation delay, its thickness the transmission time. Dropped
 * frames end half-way with a cross and the cause. Idle gaps longer than
 * three hops are drawn shortened (the time tics stay true).
 * events.csv (optional) gives each host's addresses and down times, so
 * that an ARP request reaches the column of the host it asks for.
 * ladder_build: packets.csv -> sort by t_tx -> pick columns (path of the
 * first TCP connection) -> frames. Then plot_ladder (plot_ladder_draw.c):
 * frames -> ladder.dat (named blocks) -> scripts/ladder.gp, or
 * ladder_text (plot_ladder_text.c) for dumb. */
#include "plot_ladder.h"

#include <math.h>
#include <string.h>

static const int pk_need[] = {
  RESULTS_PKT_T_TX, RESULTS_PKT_T_TX_END, RESULTS_PKT_T_RX,
  RESULTS_PKT_T_RX_END, RESULTS_PKT_MEDIUM, RESULTS_PKT_FROM,
  RESULTS_PKT_TO, RESULTS_PKT_FATE, RESULTS_PKT_ETHERTYPE,
  RESULTS_PKT_IP_SRC, RESULTS_PKT_IP_DST, RESULTS_PKT_IP_ID,
  RESULTS_PKT_IP_PROTO, RESULTS_PKT_SPORT, RESULTS_PKT_DPORT,
  RESULTS_PKT_TCP_FLAGS, RESULTS_PKT_SEQ, RESULTS_PKT_LEN, RESULTS_PKT_LABEL,
  -1,
};

/* Short names of packets.csv's columns (a table in schema order). */
struct pcols {
  int t_tx, t_tx_end, t_rx, t_rx_end, medium, from, to, fate, ether; /* hop */
  int src, dst, id, proto, sport, dport, flags, seq, len, label; /* IP, TCP */
  int arp_target;             /* optional: empty in older files */
};

static void pcols_init(struct pcols *c)
{
  int *out = &c->t_tx;
  for (int i = 0; pk_need[i] >= 0; i++)
    out[i] = pk_need[i];
  c->arp_target = RESULTS_PKT_ARP_TARGET;
}

#define S(r, col) results_str(pk, (r), c->col)
#define N(r, col) results_num(pk, (r), c->col)

void ladder_clear(struct ladder *l)
{
  g_strfreev(l->hosts);
  if (l->frames)
    g_array_free(l->frames, TRUE);
  results_table_free(l->pk);
  results_table_free(l->ev);
  memset(l, 0, sizeof *l);
}

bool ladder_dropped(const struct lframe *f)
{
  return strcmp(f->fate, "delivered") != 0;
}

double ladder_end(const struct lframe *f)
{
  if (!isnan(f->r1))
    return f->r1;
  return f->t1 + f->prop / 2;
}

const char *ladder_cause(const char *fate)
{
  static const char *const w[][2] = {
    { "lost", "lost (loss model)" }, { "queue", "queue full" },
    { "down", "link or host down" }, { "collision", "16 collisions" },
    { "corrupted", "corrupted: bad checksum" }, { "mtu", "too big (MTU)" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(w); i++)
    if (strcmp(fate, w[i][0]) == 0)
      return w[i][1];
  return fate;
}

/* Row order by t_tx (stable: file order breaks ties). */
static GArray *sorted_rows(const struct results_table *pk, int ct)
{
  GArray *idx = g_array_sized_new(FALSE, FALSE, sizeof(guint),
                                  pk->rows->len);
  for (guint r = 0; r < pk->rows->len; r++)
    g_array_append_val(idx, r);
  for (guint i = 1; i < idx->len; i++) {       /* insertion: mostly sorted */
    guint r = g_array_index(idx, guint, i), j = i;
    double t = results_num(pk, r, ct);
    for (; j > 0 && results_num(pk, g_array_index(idx, guint, j - 1), ct) > t;
         j--)
      g_array_index(idx, guint, j) = g_array_index(idx, guint, j - 1);
    g_array_index(idx, guint, j) = r;
  }
  return idx;
}

/* Whether row r belongs to the flow "src sport dst dport" in either
 * direction (ports empty for ICMP). */
static bool in_flow(const struct results_table *pk, const struct pcols *c,
                    guint r, char **fl)
{
  bool fwd = !strcmp(S(r, src), fl[0]) && !strcmp(S(r, sport), fl[1]) &&
             !strcmp(S(r, dst), fl[2]) && !strcmp(S(r, dport), fl[3]);
  bool rev = !strcmp(S(r, src), fl[2]) && !strcmp(S(r, sport), fl[3]) &&
             !strcmp(S(r, dst), fl[0]) && !strcmp(S(r, dport), fl[1]);
  return fwd || rev;
}

/* The hosts one datagram (rows sharing ip_src and ip_id) crossed, from
 * its sender on; reversed when it went the other way of the flow. */
static GPtrArray *datagram_path(const struct results_table *pk,
                                const struct pcols *c, const GArray *idx,
                                guint r0, char **fl)
{
  GPtrArray *p = g_ptr_array_new();
  g_ptr_array_add(p, (gpointer)S(r0, from));
  for (guint i = 0; i < idx->len; i++) {
    guint r = g_array_index(idx, guint, i);
    if (!strcmp(S(r, src), S(r0, src)) && !strcmp(S(r, id), S(r0, id)) &&
        strcmp(S(r, to), "*") != 0)
      g_ptr_array_add(p, (gpointer)S(r, to));
  }
  if (strcmp(S(r0, src), fl[0]) != 0)
    for (guint i = 0; i < p->len / 2; i++) {
      gpointer t = p->pdata[i];
      p->pdata[i] = p->pdata[p->len - 1 - i];
      p->pdata[p->len - 1 - i] = t;
    }
  return p;
}

/* The flow to follow: o->conn ("laddr:lport-faddr:fport"), else that of
 * the first TCP frame, else of the first IP frame. NULL if none. */
static char **pick_flow(const struct plot_opts *o,
                        const struct results_table *pk,
                        const struct pcols *c, const GArray *idx)
{
  if (o->conn) {
    char **f = g_strsplit_set(o->conn, ":-", 4);
    if (g_strv_length(f) == 4)
      return f;
    g_strfreev(f);
    return NULL;
  }
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < idx->len; i++) {
      guint r = g_array_index(idx, guint, i);
      if (pass == 0 ? strcmp(S(r, proto), "tcp") == 0
                    : strcmp(S(r, ether), "ip") == 0) {
        char *v[] = { (char *)S(r, src), (char *)S(r, sport),
                      (char *)S(r, dst), (char *)S(r, dport), NULL };
        return g_strdupv(v);
      }
    }
  return NULL;
}

/* Columns from the flow: the longest path one of its datagrams took. */
static char **flow_hosts(const struct results_table *pk, const struct pcols *c,
                         const GArray *idx, char **fl)
{
  GPtrArray *best = NULL;
  for (guint i = 0; i < idx->len; i++) {
    guint r = g_array_index(idx, guint, i);
    if (!in_flow(pk, c, r, fl) || (best && best->len > 8))
      continue;
    GPtrArray *p = datagram_path(pk, c, idx, r, fl);
    if (!best || p->len > best->len)
      (best ? g_ptr_array_free(best, TRUE) : (void)0), best = p;
    else
      g_ptr_array_free(p, TRUE);
  }
  if (!best)
    return NULL;
  g_ptr_array_add(best, NULL);
  char **hosts = g_strdupv((char **)best->pdata);
  g_ptr_array_free(best, TRUE);
  return hosts;
}

/* Whether host appears as a sender or receiver in packets.csv. */
/* Whether events.csv has an addr row for host h (with address addr when
 * addr is not NULL). */
static bool has_addr(const struct results_table *ev, const char *h,
                     const char *addr)
{
  if (!ev)
    return false;
  const int kind = RESULTS_EVENT_KIND, name = RESULTS_EVENT_NAME;
  const int detail = RESULTS_EVENT_DETAIL;
  for (guint r = 0; r < ev->rows->len; r++) {
    const char *d = results_str(ev, r, detail);
    size_t n = strcspn(d, "/");
    if (!strcmp(results_str(ev, r, kind), "addr") &&
        !strcmp(results_str(ev, r, name), h) &&
        (!addr || (strlen(addr) == n && !strncmp(d, addr, n))))
      return true;
  }
  return false;
}

/* Whether host h was down at time t (its last host-down or host-up row
 * at or before t is a host-down). */
static bool down_at(const struct results_table *ev, const char *h, double t)
{
  if (!ev)
    return false;
  const int tc = RESULTS_EVENT_T, kind = RESULTS_EVENT_KIND;
  const int name = RESULTS_EVENT_NAME;
  bool down = false;
  for (guint r = 0; r < ev->rows->len && results_num(ev, r, tc) <= t; r++)
    if (!strcmp(results_str(ev, r, name), h)) {
      const char *k = results_str(ev, r, kind);
      down = !strcmp(k, "host-down") ? true
           : !strcmp(k, "host-up") ? false : down;
    }
  return down;
}

static bool known_host(const struct ladder *l, const struct pcols *c,
                       const char *h)
{
  const struct results_table *pk = l->pk;
  for (guint r = 0; r < pk->rows->len; r++)
    if (!strcmp(S(r, from), h) || !strcmp(S(r, to), h))
      return true;
  return has_addr(l->ev, h, NULL);
}

/* "a, b, c": up to 8 hosts of the run, for messages. */
static char *host_list(const struct results_table *pk, const struct pcols *c)
{
  GPtrArray *seen = g_ptr_array_new();
  for (guint r = 0; r < pk->rows->len && seen->len < 8; r++) {
    const char *h = S(r, from);
    bool dup = false;
    for (guint i = 0; i < seen->len && !dup; i++)
      dup = !strcmp(seen->pdata[i], h);
    if (!dup)
      g_ptr_array_add(seen, (gpointer)h);
  }
  g_ptr_array_add(seen, NULL);
  char *s = g_strjoinv(", ", (char **)seen->pdata);
  g_ptr_array_free(seen, TRUE);
  return s;
}

static bool pick_columns(const struct plot_opts *o, struct ladder *l,
                         const struct pcols *c, const GArray *idx,
                         GError **err)
{
  const struct results_table *pk = l->pk;
  for (int i = 0; o->hosts && o->hosts[i]; i++)
    if (!known_host(l, c, o->hosts[i])) {
      char *list = host_list(pk, c);
      g_set_error(err, PLOT_ERROR, PLOT_ERROR_NOT_FOUND,
                  "--hosts: no host '%s' sent or received a frame in %s "
                  "(hosts: %s)", o->hosts[i], pk->path, list);
      g_free(list);
      return false;
    }
  char **fl = o->hosts ? NULL : pick_flow(o, pk, c, idx);
  l->hosts = o->hosts ? g_strdupv(o->hosts)
                      : fl ? flow_hosts(pk, c, idx, fl) : NULL;
  g_strfreev(fl);
  if (!l->hosts || g_strv_length(l->hosts) < 2) {
    g_set_error(err, PLOT_ERROR, o->conn ? PLOT_ERROR_NOT_FOUND
                                         : PLOT_ERROR_EMPTY,
                o->conn ? "--conn: no frame of connection '%s' in %s"
                        : "%s%s: no IP datagram to follow (give --hosts)",
                o->conn ? o->conn : "", pk->path);
    return false;
  }
  l->n = (int)g_strv_length(l->hosts);
  return true;
}

static int column(const struct ladder *l, const char *h)
{
  for (int i = 0; i < l->n; i++)
    if (!strcmp(l->hosts[i], h))
      return i;
  return -1;
}

/* What category() remembers: per TCP flow ("src:sport>dst:dport"), the
 * end of the furthest segment sent (seq + len, SYN and FIN counting one);
 * per datagram (flow, ip_id, seq, len), the category it was given, so
 * the same datagram on a later hop keeps it. */
struct seen {
  GHashTable *flow_end;             /* flow -> uint32_t * */
  GHashTable *dgram;                /* key -> category + 1 */
};

/* The category of row r (rows in time order). A TCP segment carrying data,
 * SYN or FIN is a retransmission when it starts before the furthest end
 * its flow has reached: the same segment sent again, or a part of one
 * (4.4BSD resends what fits t_maxseg less the options, then a runt). */
static enum lcat category(const struct results_table *pk, const struct pcols *c,
                          guint r, struct seen *seen)
{
  const char *proto = S(r, proto), *flags = S(r, flags);
  if (!strcmp(S(r, ether), "arp"))
    return LC_ARP;
  if (!strcmp(proto, "icmp"))
    return LC_ICMP;
  if (!strcmp(proto, "udp"))
    return LC_UDP;
  if (strcmp(proto, "tcp") != 0)
    return LC_OTHER;
  bool ctl = strpbrk(flags, "SFR") != NULL, data = N(r, len) > 0;
  enum lcat plain = data ? LC_DATA : ctl ? LC_CTL : LC_ACK;
  if (!data && !strpbrk(flags, "SF"))
    return plain;
  char *flow = g_strdup_printf("%s:%s>%s:%s", S(r, src), S(r, sport),
                               S(r, dst), S(r, dport));
  char *dg = g_strdup_printf("%s %s %s %s", flow, S(r, id), S(r, seq),
                             S(r, len));
  gpointer known = g_hash_table_lookup(seen->dgram, dg);
  if (known) {
    g_free(flow), g_free(dg);
    return (enum lcat)(GPOINTER_TO_INT(known) - 1);
  }
  uint32_t seq = (uint32_t)N(r, seq);
  uint32_t end = seq + (uint32_t)N(r, len) + (strchr(flags, 'S') ? 1 : 0) +
                 (strchr(flags, 'F') ? 1 : 0);
  uint32_t *far = g_hash_table_lookup(seen->flow_end, flow);
  enum lcat cat = far && (int32_t)(seq - *far) < 0 ? LC_REXMIT : plain;
  if (!far) {
    far = g_new(uint32_t, 1);
    *far = end;
    g_hash_table_insert(seen->flow_end, flow, far);
  } else {
    if ((int32_t)(end - *far) > 0)
      *far = end;
    g_free(flow);
  }
  g_hash_table_insert(seen->dgram, dg, GINT_TO_POINTER((int)cat + 1));
  return cat;
}

/* Propagation per hop "medium from to", from frames that arrived. */
static GHashTable *hop_props(const struct results_table *pk,
                             const struct pcols *c)
{
  GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        g_free);
  for (guint r = 0; r < pk->rows->len; r++) {
    double p = N(r, t_rx) - N(r, t_tx);
    if (isnan(p))
      continue;
    char *k = g_strdup_printf("%s %s %s", S(r, medium), S(r, from), S(r, to));
    char *k2 = g_strdup_printf("%s %s %s", S(r, medium), S(r, to), S(r, from));
    g_hash_table_insert(h, k, g_memdup2(&p, sizeof p));
    g_hash_table_insert(h, k2, g_memdup2(&p, sizeof p));
  }
  return h;
}

/* Whether broadcast row b reaches host h: h sends or receives on b's
 * medium, or b is an ARP request for one of h's addresses. */
static bool reaches(const struct ladder *l, const struct pcols *c, guint b,
                    const char *h)
{
  const struct results_table *pk = l->pk;
  const char *m = S(b, medium);
  if (!strcmp(S(b, ether), "arp") && *S(b, arp_target) &&
      has_addr(l->ev, h, S(b, arp_target)))
    return true;
  for (guint r = 0; r < pk->rows->len; r++)
    if (!strcmp(S(r, medium), m) &&
        (!strcmp(S(r, from), h) || !strcmp(S(r, to), h)))
      return true;
  return false;
}

/* Adds the frames of row r: one, or one per column for a broadcast. */
static void add_frames(struct ladder *l, const struct pcols *c, guint r,
                       enum lcat cat, GHashTable *props)
{
  const struct results_table *pk = l->pk;
  int fi = column(l, S(r, from));
  bool bcast = !strcmp(S(r, to), "*");
  struct lframe f = {
    .t0 = N(r, t_tx), .t1 = N(r, t_tx_end), .r0 = N(r, t_rx),
    .r1 = N(r, t_rx_end), .from = fi, .cat = cat, .labelled = true,
    .label = S(r, label), .fate = S(r, fate),
  };
  if (isnan(f.t1))
    f.t1 = f.t0;
  for (int ti = 0; ti < l->n; ti++) {
    bool hit = bcast ? ti != fi && reaches(l, c, r, l->hosts[ti])
                     : !strcmp(l->hosts[ti], S(r, to));
    if (!hit)
      continue;
    f.to = ti;
    char *k = g_strdup_printf("%s %s %s", S(r, medium), S(r, from),
                              l->hosts[ti]);
    double *p = g_hash_table_lookup(props, k);
    g_free(k);
    f.prop = !isnan(f.r0) ? f.r0 - f.t0 : p ? *p : 0;
    struct lframe g = f;
    if (bcast && down_at(l->ev, l->hosts[ti], f.t0))
      g.r0 = g.r1 = NAN, g.fate = "down";
    g_array_append_val(l->frames, g);
    f.labelled = false;
  }
}

static void pick_frames(const struct plot_opts *o, struct ladder *l,
                        const struct pcols *c, const GArray *idx)
{
  const struct results_table *pk = l->pk;
  struct seen seen = {
    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
  };
  GHashTable *props = hop_props(pk, c);
  for (guint i = 0; i < idx->len; i++) {
    guint r = g_array_index(idx, guint, i);
    enum lcat cat = category(pk, c, r, &seen);
    if (column(l, S(r, from)) >= 0 && plot_in_window(o, N(r, t_tx)))
      add_frames(l, c, r, cat, props);
  }
  g_hash_table_destroy(props);
  g_hash_table_destroy(seen.flow_end);
  g_hash_table_destroy(seen.dgram);
}

/* Times in ms unless the frames span 10 s or more. */
static void pick_unit(struct ladder *l)
{
  double lo = INFINITY, hi = -INFINITY;
  for (guint i = 0; i < l->frames->len; i++) {
    const struct lframe *f = &g_array_index(l->frames, struct lframe, i);
    lo = MIN(lo, f->t0), hi = MAX(hi, ladder_end(f));
  }
  bool ms = hi - lo < 10;
  l->unit = ms ? 1000 : 1;
  l->unit_name = ms ? "ms" : "s";
}

bool ladder_build(const struct plot_opts *o, struct ladder *l, GError **err)
{
  memset(l, 0, sizeof *l);
  l->pk = plot_read_known(o->dir, RESULTS_PACKETS, pk_need, err);
  if (!l->pk)
    return false;
  static const int ev_need[] = {
    RESULTS_EVENT_T, RESULTS_EVENT_KIND, RESULTS_EVENT_NAME,
    RESULTS_EVENT_DETAIL, -1,
  };
  l->ev = plot_read_known(o->dir, RESULTS_EVENTS, ev_need, NULL);
  struct pcols c;
  pcols_init(&c);
  GArray *idx = sorted_rows(l->pk, c.t_tx);
  bool ok = pick_columns(o, l, &c, idx, err);
  l->frames = g_array_new(FALSE, FALSE, sizeof(struct lframe));
  if (ok)
    pick_frames(o, l, &c, idx);
  g_array_free(idx, TRUE);
  if (ok && l->frames->len == 0) {
    char *hosts = g_strjoinv(",", l->hosts);
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_EMPTY,
                "no frame between the hosts %s%s in %s", hosts,
                o->from > 0 || o->to >= 0 ? " in the --from/--to window" : "",
                l->pk->path);
    g_free(hosts);
    ok = false;
  }
  if (ok)
    pick_unit(l);
  else
    ladder_clear(l);
  return ok;
}
