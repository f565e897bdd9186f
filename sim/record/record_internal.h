/* sim/record/record_internal.h: what the recorder's files share, and
 * nothing else may use: struct recorder, the per-medium and
 * per-connection accounting, the time buckets and the field formatting.
 * Who does what: record.c (open, close), record_fields.c (fields),
 * record_frames.c (packets.csv, queues.csv, per-medium counts),
 * record_tcp.c (tcp.csv, per-connection counts), record_calls.c
 * (calls.csv, events.csv), record_series.c (time buckets,
 * throughput.csv, collisions.csv), record_summary.c (summary.txt). */
#ifndef IPCSIM_RECORD_INTERNAL_H
#define IPCSIM_RECORD_INTERNAL_H

#include "record.h"
#include "results.h"

#include <stdio.h>

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
  FILE *topology;             /* topology.csv (media, hosts, interfaces) */
  FILE *output;               /* output.csv (what processes printed) */
  GString *tcpbuf;            /* tcp.csv rows not yet written */
  int marks;                  /* record_tcp_mark()s not yet used */
  GString *line;              /* scratch row */
  record_decoder decode;      /* protocol columns, or NULL */
  const struct record_explainer *explain; /* explanation hook, or NULL */
  char *ending;               /* how the run ended, or NULL */
  void *explain_run;          /* what its open() gave, while the summary
                                 is written */
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

/* ---- fields (record_fields.c): each appends one field's text ---- */

#define REC_SEP(s) g_string_append_c((s), ',')
#define REC_TH_ACK 0x10             /* the TCP header's ACK flag bit */

/* Seconds with 9 decimals; nothing when t < 0 (does not apply). */
void record_put_time(GString *s, sim_time_t t);

/* A decimal number. */
void record_put_u(GString *s, uint64_t v);

/* A dotted quad of a host-order address. */
void record_put_addr(GString *s, uint32_t a);

/* A text field, quoted as RFC 4180 wants; nothing for NULL. */
void record_put_str(GString *s, const char *v);

/* Milliseconds with 3 decimals; nothing when ms < 0. */
void record_put_ms(GString *s, double ms);

/* TCP flags as tcpdump's letters (S F R P U, then A; a bare ACK "."). */
void record_put_flags(GString *s, uint8_t f);

/* Writes rec->line to f; a failed write sets rec->io_error. */
void record_write_line(struct recorder *rec, FILE *f);

/* Writes s as <rec->dir>/<name> at once. False and *err on failure. */
bool record_write_file(struct recorder *rec, const char *name, GString *s,
                       GError **err);

/* ---- time buckets (record_series.c) ---- */

/* An empty series; free it with record_series_free. */
void record_series_init(struct series *sr);
void record_series_free(struct series *sr);

/* Adds v at time t to sr; first widens every bucket of the recorder
 * tenfold while t would pass MAX_BUCKETS of them. */
void record_series_add(struct recorder *rec, struct series *sr, sim_time_t t,
                       uint64_t v);

/* The contract's interval for a span of run ns (docs/results.md). */
sim_time_t record_interval_of(sim_time_t run);

/* throughput.csv and collisions.csv at the end of a run of `run` ns;
 * iv is the collisions interval. False and *err when a write failed. */
bool record_write_throughput(struct recorder *rec, sim_time_t run,
                             GError **err);
bool record_write_collisions(struct recorder *rec, sim_time_t run,
                             sim_time_t iv, GError **err);

/* ---- accounting (record_frames.c, record_tcp.c, record_calls.c) ---- */

/* Destroy notifies of the recorder's tables. */
void record_medstat_free(gpointer p);
void record_end_free(gpointer p);
void record_call_free(gpointer p);

/* Hash and equality of struct flow (rec->isn). */
guint record_flow_hash(gconstpointer p);
gboolean record_flow_equal(gconstpointer a, gconstpointer b);

/* Writes tcp.csv's buffered rows when no mark is open and the buffer is
 * full, or force. */
void record_tcp_flush(struct recorder *rec, bool force);

/* ---- summary.txt (record_summary.c) ---- */

/* Writes summary.txt for a run of `run` ns. False and *err on failure. */
bool record_write_summary(struct recorder *rec, sim_time_t run,
                          GError **err);

#endif
