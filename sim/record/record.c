/* sim/record/record.c: the per-run recorder (contract in record.h; the files in
 * docs/results.md). Rows of packets.csv, queues.csv and calls.csv are
 * streamed to buffered files as they come; tcp.csv goes through a memory
 * buffer so that a received segment's row can be placed before the rows
 * its processing caused (record_tcp_mark). What summary.txt and the
 * derived series need is kept as counters and time buckets: per medium,
 * per connection end, per host. Buckets are a power of ten of ns wide,
 * grown tenfold when a series would pass MAX_BUCKETS, so any interval the
 * contract picks at the end is a whole number of them. It does not decode
 * frames (the decoder does) nor explain calls (the explain hook does). */
#include "record.h"
#include "sim.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#define MAX_BUCKETS 20000     /* per series, before buckets grow 10x */
#define FIRST_WIDTH ((sim_time_t)1000000)   /* 1 ms */
#define TCP_FLUSH (1u << 20)  /* bytes of tcp.csv kept before writing */
#define IO_BUF (1u << 20)     /* stdio buffer of each streamed file */

/* Bytes per time bucket (throughput, collisions). */
struct series {
  GArray *b;                  /* guint64 per bucket of rec->width ns */
};

/* A link or segment. */
struct medstat {
  char *name;                 /* "wan0" */
  enum medium_kind kind;      /* link or Ethernet */
  uint64_t fates[REC_FATE_N]; /* frames by fate */
  char *dir_from[2];          /* link: the two senders seen, by first use */
  sim_time_t busy[2];         /* link: transmit time per sender; segment:
                                 busy[0] is the cable's */
  uint64_t collisions;        /* collisions detected */
  struct series coll;         /* collisions per bucket */
};

/* One end of a TCP connection, for one life of its address pair. */
struct conn_end {
  char *host;                 /* host name */
  char *id;                   /* "laddr:lport-faddr:fport" */
  bool closed;                /* reached CLOSED: a new life starts anew */
  bool printed;               /* summary: already shown */
  uint64_t sent_new;          /* new data bytes sent */
  uint64_t delivered;         /* data bytes taken in order */
  uint64_t rexmit;            /* retransmitted segments */
  uint64_t timeouts;          /* retransmit timer expiries */
  uint64_t nrtt;              /* RTT samples */
  double rtt_min, rtt_max, rtt_sum; /* ms */
  sim_time_t t_first;         /* first event (listendrop rows aside) */
  uint64_t listendrops;       /* listendrop rows (full listen queue) */
  bool live;                  /* an event other than listendrop seen */
  sim_time_t t_last_data;     /* last in-order data taken */
  char *drop;                 /* errno name of a drop, or NULL */
  struct series thr;          /* delivered bytes per bucket */
};

/* One direction of a TCP flow, seen in packets (for relative labels). */
struct flow {
  uint32_t src, dst;          /* addresses */
  uint16_t sport, dport;      /* ports */
  uint32_t base;              /* the ISN: seq of its SYN, else first seq */
};

static guint flow_hash(gconstpointer p)
{
  const struct flow *f = p;
  return f->src * 31u + f->dst * 17u + (guint)(f->sport << 16 | f->dport);
}

static gboolean flow_equal(gconstpointer a, gconstpointer b)
{
  const struct flow *x = a, *y = b;
  return x->src == y->src && x->dst == y->dst && x->sport == y->sport &&
         x->dport == y->dport;
}

/* A failed call, kept for the summary. */
struct call_row {
  sim_time_t t;               /* when */
  struct record_call c;       /* the row (strings owned) */
};

struct recorder {
  struct sim *sim;            /* the run (clock) */
  char *dir;                  /* output directory */
  FILE *packets, *tcp, *queues, *calls; /* streamed files */
  FILE *events;               /* events.csv (host/link down, up; addr) */
  GString *tcpbuf;            /* tcp.csv rows not yet written */
  int marks;                  /* record_tcp_mark()s not yet used */
  GString *line;              /* scratch row */
  record_decoder decode;      /* protocol columns, or NULL */
  record_explain_fn explain;  /* explanation hook, or NULL */
  sim_time_t width;           /* bucket width, a power of ten of ns */
  GPtrArray *media;           /* struct medstat *, by first frame */
  GHashTable *media_by_name;  /* name -> struct medstat * */
  GPtrArray *ends;            /* struct conn_end *, by first event */
  GHashTable *ends_by_key;    /* "host id" -> latest struct conn_end * */
  GPtrArray *calls_kept;      /* struct call_row * */
  GHashTable *isn;            /* struct flow -> its first seq (labels) */
  GHashTable *socks;          /* socket pointer -> struct conn_end * */
  bool io_error;              /* a write failed */
};

static const char *const fate_names[REC_FATE_N] = {
  "delivered", "lost", "corrupted", "queue", "down", "collision", "mtu",
};

const char *record_fate_name(enum record_fate f)
{
  return (unsigned)f < REC_FATE_N ? fate_names[f] : "?";
}

/* ---- formatting ---- */

static void put_time(GString *s, sim_time_t t)
{
  if (t < 0)
    return;
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%lld.%09lld", (long long)(t / 1000000000),
                   (long long)(t % 1000000000));
  g_string_append_len(s, buf, n);
}

static void put_u(GString *s, uint64_t v)
{
  char buf[24];
  int i = sizeof buf;
  do {
    buf[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  g_string_append_len(s, buf + i, (gssize)sizeof buf - i);
}

static void put_addr(GString *s, uint32_t a)
{
  for (int i = 3; i >= 0; i--) {
    put_u(s, a >> (8 * i) & 0xff);
    if (i)
      g_string_append_c(s, '.');
  }
}

/* A text field: commas and newlines become ';' and ' '. */
static void put_str(GString *s, const char *v)
{
  if (!v)
    return;
  for (; *v; v++)
    g_string_append_c(s, *v == ',' ? ';' : *v == '\n' ? ' ' : *v);
}

static void put_ms(GString *s, double ms)
{
  if (ms < 0)
    return;
  g_string_append_printf(s, "%.3f", ms);
}

#define SEP(s) g_string_append_c((s), ',')

/* tcpdump's letters: S F R P U, then A; a bare ACK is ".". */
static void put_flags(GString *s, uint8_t f)
{
  static const struct { uint8_t bit; char c; } l[] = {
    { 0x02, 'S' }, { 0x01, 'F' }, { 0x04, 'R' }, { 0x08, 'P' },
    { 0x20, 'U' }, { 0x10, 'A' },
  };
  if (f == 0x10) {
    g_string_append_c(s, '.');
    return;
  }
  for (size_t i = 0; i < G_N_ELEMENTS(l); i++)
    if (f & l[i].bit)
      g_string_append_c(s, l[i].c);
}

static void write_line(struct recorder *rec, FILE *f)
{
  if (fwrite(rec->line->str, 1, rec->line->len, f) != rec->line->len)
    rec->io_error = true;
}

/* ---- time buckets ---- */

static void series_init(struct series *sr)
{
  sr->b = g_array_new(FALSE, TRUE, sizeof(guint64));
}

static void series_free(struct series *sr)
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

static void series_add(struct recorder *rec, struct series *sr, sim_time_t t,
                       uint64_t v)
{
  while (t / rec->width >= MAX_BUCKETS)
    grow_all(rec);
  guint i = (guint)(t / rec->width);
  if (i >= sr->b->len)
    g_array_set_size(sr->b, i + 1);
  g_array_index(sr->b, guint64, i) += v;
}

/* ---- life cycle ---- */

static FILE *open_csv(const char *dir, const char *name, const char *header,
                      GError **err)
{
  char *path = g_build_filename(dir, name, NULL);
  FILE *f = fopen(path, "w");
  if (!f)
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno),
                "cannot create %s: %s", path, g_strerror(errno));
  else {
    setvbuf(f, NULL, _IOFBF, IO_BUF);
    fputs(header, f);
  }
  g_free(path);
  return f;
}

#define PACKETS_HEADER                                                     \
  "t_tx,t_tx_end,t_rx,t_rx_end,medium,from,to,bytes,fate,ethertype,"       \
  "ip_src,ip_dst,ip_id,ip_proto,frag,sport,dport,tcp_flags,seq,ack,len,"   \
  "win,icmp_type,icmp_code,arp_op,arp_target,label\n"
#define TCP_HEADER                                                         \
  "t,host,conn,event,detail,flags,seq,len,ack,win,state,snd_una,snd_nxt,"  \
  "snd_max,cwnd,ssthresh,snd_wnd,srtt_ms,rttvar_ms,rto_ms,rtt_ms,shift\n"
#define QUEUES_HEADER "t,medium,port,qlen,qbytes\n"
#define CALLS_HEADER \
  "t,host,pid,proc,call,errno,errno_num,fd,local,remote\n"
#define EVENTS_HEADER "t,kind,name,detail\n"

static void close_file(struct recorder *rec, FILE **f)
{
  if (*f && fclose(*f) != 0)
    rec->io_error = true;
  *f = NULL;
}

static void medstat_free(gpointer p)
{
  struct medstat *m = p;
  g_free(m->name);
  g_free(m->dir_from[0]);
  g_free(m->dir_from[1]);
  series_free(&m->coll);
  g_free(m);
}

static void end_free(gpointer p)
{
  struct conn_end *e = p;
  g_free(e->host);
  g_free(e->id);
  g_free(e->drop);
  series_free(&e->thr);
  g_free(e);
}

static void call_free(gpointer p)
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

static void free_all(struct recorder *rec)
{
  close_file(rec, &rec->packets);
  close_file(rec, &rec->tcp);
  close_file(rec, &rec->queues);
  close_file(rec, &rec->calls);
  close_file(rec, &rec->events);
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
  rec->media = g_ptr_array_new_with_free_func(medstat_free);
  rec->media_by_name = g_hash_table_new(g_str_hash, g_str_equal);
  rec->ends = g_ptr_array_new_with_free_func(end_free);
  rec->ends_by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           NULL);
  rec->calls_kept = g_ptr_array_new_with_free_func(call_free);
  rec->isn = g_hash_table_new_full(flow_hash, flow_equal, g_free, NULL);
  rec->socks = g_hash_table_new(g_direct_hash, g_direct_equal);
  if ((rec->packets = open_csv(dir, "packets.csv", PACKETS_HEADER, err)) &&
      (rec->tcp = open_csv(dir, "tcp.csv", TCP_HEADER, err)) &&
      (rec->queues = open_csv(dir, "queues.csv", QUEUES_HEADER, err)) &&
      (rec->calls = open_csv(dir, "calls.csv", CALLS_HEADER, err)) &&
      (rec->events = open_csv(dir, "events.csv", EVENTS_HEADER, err)))
    return rec;
  free_all(rec);
  return NULL;
}

void record_set_decoder(struct recorder *rec, record_decoder fn)
{
  g_return_if_fail(rec != NULL);
  rec->decode = fn;
}

void record_set_explain(struct recorder *rec, record_explain_fn fn)
{
  g_return_if_fail(rec != NULL);
  rec->explain = fn;
}

/* ---- packets.csv ---- */

static struct medstat *medium(struct recorder *rec, const char *name,
                              enum medium_kind kind)
{
  struct medstat *m = g_hash_table_lookup(rec->media_by_name, name);
  if (m)
    return m;
  m = g_new0(struct medstat, 1);
  m->name = g_strdup(name);
  m->kind = kind;
  series_init(&m->coll);
  g_ptr_array_add(rec->media, m);
  g_hash_table_insert(rec->media_by_name, m->name, m);
  return m;
}

/* Transmit time of a frame that went out, by sender on links. */
static void count_busy(struct medstat *m, const struct record_frame *f)
{
  if (f->t_tx_end < 0 || f->copy)
    return;
  int i = 0;
  if (m->kind == MEDIUM_P2P && f->from) {
    if (!m->dir_from[0])
      m->dir_from[0] = g_strdup(f->from);
    else if (strcmp(m->dir_from[0], f->from) != 0) {
      i = 1;
      if (!m->dir_from[1])
        m->dir_from[1] = g_strdup(f->from);
    }
  }
  m->busy[i] += f->t_tx_end - f->t_tx;
}

static void put_ip(GString *s, const struct record_pkt *k)
{
  static const char *const frags[] = { "", "first", "middle", "last" };
  if (k->ip) {
    put_addr(s, k->ip_src), SEP(s);
    put_addr(s, k->ip_dst), SEP(s);
    put_u(s, k->ip_id), SEP(s);
    if (k->ip_proto == 6) g_string_append(s, "tcp");
    else if (k->ip_proto == 17) g_string_append(s, "udp");
    else if (k->ip_proto == 1) g_string_append(s, "icmp");
    else put_u(s, k->ip_proto);
    SEP(s);
    g_string_append(s, frags[k->frag & 3]), SEP(s);
  } else
    g_string_append(s, ",,,,,");
  if (k->ports) {
    put_u(s, k->sport), SEP(s);
    put_u(s, k->dport), SEP(s);
  } else
    g_string_append(s, ",,");
}

static void put_pkt(GString *s, const struct record_pkt *k)
{
  if (k->ethertype == 0x0800) g_string_append(s, "ip");
  else if (k->ethertype == 0x0806) g_string_append(s, "arp");
  else if (k->ethertype >= 0) put_u(s, (uint64_t)k->ethertype);
  SEP(s);
  put_ip(s, k);
  if (k->tcp) {
    put_flags(s, k->tcp_flags), SEP(s);
    put_u(s, k->seq), SEP(s);
    put_u(s, k->ack), SEP(s);
    put_u(s, k->len), SEP(s);
    put_u(s, k->win), SEP(s);
  } else
    g_string_append(s, ",,,,,");
  if (k->icmp) {
    put_u(s, k->icmp_type), SEP(s);
    put_u(s, k->icmp_code), SEP(s);
  } else
    g_string_append(s, ",,");
  if (k->arp) {
    g_string_append(s, k->arp_op == 1 ? "request" : k->arp_op == 2 ? "reply"
                                                                   : "?");
    SEP(s);
    put_addr(s, k->arp_target), SEP(s);
  } else
    g_string_append(s, ",,");
  put_str(s, k->label);
  g_string_append_c(s, '\n');
}

/* The ISN of the flow direction of k: its SYN's seq (a SYN restarts it),
 * else the first seq seen. */
static uint32_t flow_base(struct recorder *rec, const struct record_pkt *k,
                          bool reverse, bool *known)
{
  struct flow key = { reverse ? k->ip_dst : k->ip_src,
                      reverse ? k->ip_src : k->ip_dst,
                      reverse ? k->dport : k->sport,
                      reverse ? k->sport : k->dport, 0 };
  struct flow *f = g_hash_table_lookup(rec->isn, &key);
  *known = f != NULL || !reverse;
  if (reverse)
    return f ? f->base : 0;
  if (!f) {
    f = g_memdup2(&key, sizeof key);
    f->base = k->seq;
    g_hash_table_add(rec->isn, f);
  } else if (k->tcp_flags & 0x02)
    f->base = k->seq;
  return f->base;
}

/* "SYN+ACK 0:0(0) ack 1 win 4096", numbers relative as tcpdump's. */
static void tcp_label(struct recorder *rec, struct record_pkt *k)
{
  static const struct { uint8_t bit; const char *w; } l[] = {
    { 0x02, "SYN" }, { 0x01, "FIN" }, { 0x04, "RST" }, { 0x08, "PSH" },
    { 0x20, "URG" }, { 0x10, "ACK" },
  };
  GString *s = g_string_new(NULL);
  for (size_t i = 0; i < G_N_ELEMENTS(l); i++)
    if (k->tcp_flags & l[i].bit)
      g_string_append_printf(s, "%s%s", s->len ? "+" : "", l[i].w);
  bool known;
  uint32_t seq = k->seq - flow_base(rec, k, false, &known);
  uint32_t abase = flow_base(rec, k, true, &known);
  if (k->len || (k->tcp_flags & 0x07))
    g_string_append_printf(s, " %u:%u(%u)", seq, seq + k->len, k->len);
  if (k->tcp_flags & 0x10)
    g_string_append_printf(s, " ack %u", known ? k->ack - abase : k->ack);
  g_string_append_printf(s, " win %u", k->win);
  g_strlcpy(k->label, s->str, sizeof k->label);
  g_string_free(s, TRUE);
}

void record_frame(struct recorder *rec, const struct record_frame *f)
{
  g_return_if_fail(rec != NULL && f != NULL && f->medium != NULL);
  struct medstat *m = medium(rec, f->medium, f->kind);
  m->fates[f->fate < REC_FATE_N ? f->fate : REC_LOST]++;
  count_busy(m, f);
  GString *s = rec->line;
  g_string_truncate(s, 0);
  put_time(s, f->t_tx), SEP(s);
  put_time(s, f->t_tx_end), SEP(s);
  put_time(s, f->t_rx), SEP(s);
  put_time(s, f->t_rx_end), SEP(s);
  put_str(s, f->medium), SEP(s);
  put_str(s, f->from), SEP(s);
  put_str(s, f->to), SEP(s);
  put_u(s, f->wire_len), SEP(s);
  g_string_append(s, record_fate_name(f->fate)), SEP(s);
  struct record_pkt k = { .ethertype = -1 };
  if (rec->decode && f->bytes)
    rec->decode(f->kind, f->bytes, f->len, &k);
  if (k.tcp && !k.label[0])
    tcp_label(rec, &k);
  put_pkt(s, &k);
  write_line(rec, rec->packets);
}

/* ---- queues.csv and collisions ---- */

void record_queue(struct recorder *rec, const char *medium_name,
                  const char *port, uint32_t qlen, uint64_t qbytes)
{
  g_return_if_fail(rec != NULL);
  GString *s = rec->line;
  g_string_truncate(s, 0);
  put_time(s, sim_now(rec->sim)), SEP(s);
  put_str(s, medium_name), SEP(s);
  put_str(s, port), SEP(s);
  put_u(s, qlen), SEP(s);
  put_u(s, qbytes);
  g_string_append_c(s, '\n');
  write_line(rec, rec->queues);
}

void record_collision(struct recorder *rec, const char *medium_name)
{
  g_return_if_fail(rec != NULL);
  struct medstat *m = medium(rec, medium_name, MEDIUM_ETHERNET);
  m->collisions++;
  series_add(rec, &m->coll, sim_now(rec->sim), 1);
}

/* ---- tcp.csv ---- */

static void put_conn_id(GString *s, const struct record_tcp *e)
{
  put_addr(s, e->laddr), g_string_append_c(s, ':'), put_u(s, e->lport);
  g_string_append_c(s, '-');
  put_addr(s, e->faddr), g_string_append_c(s, ':'), put_u(s, e->fport);
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
  series_init(&c->thr);
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
    series_add(rec, &c->thr, now, e->delivered);
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
  put_time(s, t), SEP(s);
  put_str(s, e->host), SEP(s);
  put_conn_id(s, e), SEP(s);
  put_str(s, e->event), SEP(s);
  put_str(s, e->detail), SEP(s);
  if (e->seg) {
    put_flags(s, e->flags), SEP(s);
    put_u(s, e->seq), SEP(s);
    put_u(s, e->len), SEP(s);
    put_u(s, e->ack), SEP(s);
    put_u(s, e->win), SEP(s);
  } else
    g_string_append(s, ",,,,,");
  put_str(s, e->state), SEP(s);
  put_u(s, e->snd_una), SEP(s);
  put_u(s, e->snd_nxt), SEP(s);
  put_u(s, e->snd_max), SEP(s);
  put_u(s, e->cwnd), SEP(s);
  put_u(s, e->ssthresh), SEP(s);
  put_u(s, e->snd_wnd), SEP(s);
  put_ms(s, e->srtt_ms), SEP(s);
  put_ms(s, e->rttvar_ms), SEP(s);
  put_ms(s, e->rto_ms), SEP(s);
  put_ms(s, e->rtt_ms), SEP(s);
  g_string_append_printf(s, "%d\n", e->shift);
}

static void tcp_flush(struct recorder *rec, bool force)
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
  tcp_flush(rec, false);
}

void record_tcp(struct recorder *rec, const struct record_tcp *e)
{
  g_return_if_fail(rec != NULL && e != NULL);
  account(rec, conn_end(rec, e), e);
  put_tcp_row(rec->tcpbuf, sim_now(rec->sim), e);
  tcp_flush(rec, false);
}

const char *record_sock_conn(struct recorder *rec, const void *sock)
{
  g_return_val_if_fail(rec != NULL, NULL);
  struct conn_end *c = g_hash_table_lookup(rec->socks, sock);
  return c ? c->id : NULL;
}

/* ---- calls.csv ---- */

void record_call_error(struct recorder *rec, const struct record_call *c)
{
  g_return_if_fail(rec != NULL && c != NULL);
  sim_time_t now = sim_now(rec->sim);
  GString *s = rec->line;
  g_string_truncate(s, 0);
  put_time(s, now), SEP(s);
  put_str(s, c->host), SEP(s);
  g_string_append_printf(s, "%d,", c->pid);
  put_str(s, c->proc), SEP(s);
  put_str(s, c->call), SEP(s);
  put_str(s, c->err_name), SEP(s);
  g_string_append_printf(s, "%d,", c->err_num);
  if (c->fd >= 0)
    g_string_append_printf(s, "%d", c->fd);
  SEP(s);
  put_str(s, c->local), SEP(s);
  put_str(s, c->remote);
  g_string_append_c(s, '\n');
  write_line(rec, rec->calls);
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

/* ---- the end of the run: derived series ---- */

/* The contract's interval: the smallest 1, 2 or 5 times a power of ten
 * (ns) not below run/100, and at least 1 ms. */
static sim_time_t interval_of(sim_time_t run)
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

static bool write_file(struct recorder *rec, const char *name, GString *s,
                       GError **err)
{
  char *path = g_build_filename(rec->dir, name, NULL);
  bool ok = g_file_set_contents(path, s->str, (gssize)s->len, err);
  g_free(path);
  return ok;
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

static bool write_throughput(struct recorder *rec, sim_time_t run,
                             GError **err)
{
  run = data_span(rec, run);
  sim_time_t iv = interval_of(run);
  GString *s = g_string_new("t,conn,bytes,mbps\n");
  for (guint k = 0; k < rec->ends->len; k++) {
    struct conn_end *c = rec->ends->pdata[k];
    if (!c->delivered)
      continue;
    for (guint i = 0; i < n_intervals(run, iv); i++) {
      uint64_t b = interval_sum(rec, &c->thr, iv, i);
      put_time(s, (sim_time_t)(i + 1) * iv), SEP(s);
      put_str(s, c->id), SEP(s);
      put_u(s, b), SEP(s);
      g_string_append_printf(s, "%.6f\n", (double)b * 8 * 1e3 / (double)iv);
    }
  }
  bool ok = write_file(rec, "throughput.csv", s, err);
  g_string_free(s, TRUE);
  return ok;
}

static bool write_collisions(struct recorder *rec, sim_time_t run,
                             sim_time_t iv, GError **err)
{
  GString *s = g_string_new("t,medium,collisions\n");
  for (guint k = 0; k < rec->media->len; k++) {
    struct medstat *m = rec->media->pdata[k];
    if (m->kind != MEDIUM_ETHERNET)
      continue;
    for (guint i = 0; i < n_intervals(run, iv); i++) {
      put_time(s, (sim_time_t)(i + 1) * iv), SEP(s);
      put_str(s, m->name), SEP(s);
      put_u(s, interval_sum(rec, &m->coll, iv, i));
      g_string_append_c(s, '\n');
    }
  }
  bool ok = write_file(rec, "collisions.csv", s, err);
  g_string_free(s, TRUE);
  return ok;
}

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
                           fate_names[f], m->fates[f]);
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
  put_time(s, r->t);
  g_string_append_printf(s, " pid %d %s: %s(", c->pid, c->proc, c->call);
  if (c->fd >= 0)
    g_string_append_printf(s, "fd %d", c->fd);
  g_string_append_printf(s, ") failed with %s (%d)", c->err_name,
                         c->err_num);
  if (c->local || c->remote)
    g_string_append_printf(s, ", %s -> %s", c->local ? c->local : "?",
                           c->remote ? c->remote : "?");
  g_string_append_c(s, '\n');
  if (!rec->explain)
    return;
  char *text = rec->explain(rec->dir, c);   /* the --explain hook */
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
    put_time(s, r->t);
    g_string_append(s, " to ");
    put_time(s, last);
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
}

static bool write_summary(struct recorder *rec, sim_time_t run, GError **err)
{
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "Run of %.9f s simulated (seed %" G_GUINT64_FORMAT
                         ")\n\n", sim_time_to_s(run), rec->sim->seed);
  summary_tcp(rec, s);
  summary_media(rec, s, run);
  summary_calls(rec, s);
  bool ok = write_file(rec, "summary.txt", s, err);
  g_string_free(s, TRUE);
  return ok;
}

static bool flush_streams(struct recorder *rec)
{
  tcp_flush(rec, true);
  FILE *f[] = { rec->packets, rec->tcp, rec->queues, rec->calls,
                rec->events };
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
  sim_time_t iv = interval_of(run);
  bool ok = flush_streams(rec);
  if (!ok)
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_IO,
                "writing the results in %s failed", rec->dir);
  ok = ok && write_throughput(rec, run, err) &&
       write_collisions(rec, run, iv, err) && write_summary(rec, run, err);
  FILE **f[] = { &rec->packets, &rec->tcp, &rec->queues, &rec->calls,
                 &rec->events };
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

void record_event(struct recorder *rec, const char *kind, const char *name,
                  const char *detail)
{
  g_string_truncate(rec->line, 0);
  put_time(rec->line, sim_now(rec->sim));
  g_string_append_printf(rec->line, ",%s,%s,%s\n", kind, name,
                         detail ? detail : "");
  write_line(rec, rec->events);
}
