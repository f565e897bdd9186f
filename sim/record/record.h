/* sim/record/record.h: the per-run recorder of results (docs/results.md is the
 * contract): packets.csv, tcp.csv, queues.csv and calls.csv as rows come
 * in, then throughput.csv, collisions.csv and summary.txt at the end.
 * It hangs off struct sim (sim->rec) like the trace; components call the
 * typed entry points below through the SIM_RECORDING() check, one branch
 * when recording is off. It knows nothing of IP: the protocol columns of a
 * frame come from a decoder the protocols register (record_set_decoder),
 * and the explanation of a failed call from a hook (record_set_explain).
 * It does not draw plots or explain anything itself. File and column
 * names are in results.h; record_internal.h says which file does what. */
#ifndef IPCSIM_RECORD_H
#define IPCSIM_RECORD_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "framing.h"
#include "sim_time.h"

struct sim;
struct recorder;

/* What became of a frame (packets.csv `fate`). */
enum record_fate {
  REC_DELIVERED,              /* it reached the receiver whole */
  REC_LOST,                   /* the link's loss model */
  REC_CORRUPTED,              /* delivered with a flipped bit */
  REC_QUEUE,                  /* the transmit queue was full */
  REC_DOWN,                   /* link down, or receiving host down */
  REC_COLLISION,              /* 16 attempts, or garbled on the cable */
  REC_MTU,                    /* longer than the medium allows */
  REC_FATE_N
};

/* One frame on one hop, as a medium reports it. Times are -1 when they
 * do not apply (the frame never got that far). */
struct record_frame {
  sim_time_t t_tx;            /* transmission starts (or is refused) */
  sim_time_t t_tx_end;        /* last bit leaves the sender */
  sim_time_t t_rx;            /* first bit reaches the receiver */
  sim_time_t t_rx_end;        /* last bit reaches the receiver */
  const char *medium;         /* "lan0", "wan0" */
  const char *from;           /* sending host, NULL when unknown */
  const char *to;             /* receiving host, "*" broadcast, NULL none */
  enum medium_kind kind;      /* framing of bytes */
  const uint8_t *bytes;       /* the frame as carried (link header on) */
  uint32_t len;               /* bytes in `bytes` */
  uint32_t wire_len;          /* the `bytes` column: length on the wire */
  enum record_fate fate;      /* what became of it */
  bool copy;                  /* a link's duplicate of a frame already
                                 reported: adds no transmit time */
};

/* The protocol columns of a frame, filled by the decoder. Flags say
 * which groups apply; the others print as empty fields. */
struct record_pkt {
  int ethertype;              /* 0x0800, 0x0806, ...; -1 unknown */
  bool ip;                    /* the ip_* columns apply */
  uint32_t ip_src, ip_dst;    /* addresses, host order */
  uint16_t ip_id;             /* identification */
  uint8_t ip_proto;           /* protocol number */
  uint8_t frag;               /* 0 whole, 1 first, 2 middle, 3 last */
  bool ports;                 /* sport/dport apply (TCP, UDP) */
  uint16_t sport, dport;      /* ports */
  bool tcp;                   /* the TCP columns apply */
  uint8_t tcp_flags;          /* TH_* bits */
  uint32_t seq, ack, len;     /* absolute numbers, data length */
  uint16_t win;               /* window */
  bool icmp;                  /* icmp_type/code apply */
  uint8_t icmp_type, icmp_code; /* numbers */
  bool arp;                   /* arp_op/arp_target apply */
  uint16_t arp_op;            /* 1 request, 2 reply */
  uint32_t arp_target;        /* the address asked about, host order */
  char label[96];             /* "SYN 0:0(0) win 4096" */
};

/* Fills *out (zeroed by the caller, ethertype -1) from a frame's bytes. */
typedef void (*record_decoder)(enum medium_kind kind, const uint8_t *bytes,
                               uint32_t len, struct record_pkt *out);

/* One TCP event (tcp.csv), built by TCP. Sequence numbers are already
 * relative (see docs/results.md); strings are not kept. */
struct record_tcp {
  const char *host;           /* host name */
  uint32_t laddr, faddr;      /* addresses, host order */
  uint16_t lport, fport;      /* ports */
  const char *event;          /* send, recv, timer, state, rtt, drop */
  const char *detail;         /* see the contract, NULL for empty */
  bool seg;                   /* flags..win apply (send, recv) */
  uint8_t flags;              /* TH_* bits of the segment */
  uint32_t seq, len, ack, win; /* the segment */
  const char *state;          /* state after the event */
  uint32_t snd_una, snd_nxt, snd_max; /* relative to the ISS */
  uint32_t cwnd, ssthresh, snd_wnd;   /* bytes */
  double srtt_ms, rttvar_ms, rto_ms;  /* the estimator */
  double rtt_ms;              /* rtt events: the sample; < 0 otherwise */
  int shift;                  /* t_rxtshift */
  bool rexmit;                /* send: a retransmission (for summary) */
  bool timeout;               /* timer rexmt expiry (for summary) */
  uint64_t delivered;         /* recv: data bytes taken in order */
  uint64_t sent_new;          /* send: new data bytes */
  const void *sock;           /* the socket (record_sock_conn), or NULL */
};

/* A socket call that failed (calls.csv). */
struct record_call {
  const char *host;           /* host name */
  int pid;                    /* process id */
  const char *proc;           /* process name */
  const char *call;           /* "connect" */
  const char *err_name;       /* "ETIMEDOUT" */
  int err_num;                /* 4.4BSD number */
  int fd;                     /* descriptor, -1 none */
  const char *local;          /* "a.b.c.d:port" or NULL */
  const char *remote;         /* same */
};

/* The hook that explains failed calls for summary.txt (and --explain).
 * open() reads the run's flushed CSV files in dir once (NULL: nothing to
 * explain with); explain() gives a newly allocated text for one call (one
 * paragraph, no trailing newline) or NULL for none; close() frees what
 * open() returned. One open per summary, however many calls fail. */
struct record_explainer {
  void *(*open)(const char *dir);
  char *(*explain)(void *run, const struct record_call *call);
  void (*close)(void *run);
};

/* Opens a recorder writing into dir (created if missing). NULL and *err
 * set on failure. It is not attached: set sim->rec. */
struct recorder *record_open(struct sim *sim, const char *dir, GError **err);

/* Sets the frame decoder (NULL: protocol columns stay empty). */
void record_set_decoder(struct recorder *rec, record_decoder fn);

/* How the run ended ("with nothing left to happen", "with an error at
 * 2.5 s: ...", "interrupted by SIGINT at 3 s"), for summary.txt's second
 * line. Copied; the last call wins. */
void record_set_ending(struct recorder *rec, const char *how);

/* Sets the explanation hook (NULL: none; the default). ops must outlive
 * the recorder. */
void record_set_explain(struct recorder *rec,
                        const struct record_explainer *ops);

/* A frame's fate is known: one packets.csv row. */
void record_frame(struct recorder *rec, const struct record_frame *f);

/* A transmit queue changed: one queues.csv row at the current time.
 * port: "a"/"b" for a link direction, the station's name on a segment. */
void record_queue(struct recorder *rec, const char *medium, const char *port,
                  uint32_t qlen, uint64_t qbytes);

/* A transmitter on segment `medium` detected a collision now. */
void record_collision(struct recorder *rec, const char *medium);

/* Starts a TCP event whose row must come before the rows its processing
 * causes (a received segment): returns a mark for record_tcp_at. Every
 * mark must be used exactly once, innermost first. */
size_t record_tcp_mark(struct recorder *rec);

/* One tcp.csv row at the current time: appended (record_tcp) or put at a
 * mark (record_tcp_at). */
void record_tcp(struct recorder *rec, const struct record_tcp *e);
void record_tcp_at(struct recorder *rec, size_t mark,
                   const struct record_tcp *e);

/* The id ("laddr:lport-faddr:fport") of the last TCP event recorded
 * for socket sock, or NULL: the addresses of a socket whose connection
 * was dropped (its pcb is gone). A later socket at the same address
 * replaces it at its first event. Owned by the recorder. */
const char *record_sock_conn(struct recorder *rec, const void *sock);

/* Socket sock was just created: forget what was recorded for an earlier
 * socket at the same address (freed, perhaps after its last event was
 * recorded), so the new one does not show its addresses. */
void record_sock_new(struct recorder *rec, const void *sock);

/* A socket call failed: one calls.csv row at the current time. */
void record_call_error(struct recorder *rec, const struct record_call *c);

/* A change of the world (events.csv) at the current time: kind
 * "host-down", "host-up", "link-down", "link-up", or "addr" (name a host,
 * detail its interface address "a.b.c.d/len"). */
void record_event(struct recorder *rec, const char *kind, const char *name,
                  const char *detail);

/* One row of topology.csv (docs/results.md): kind "ethernet" or "link"
 * (name, rate_bps, delay: a link's propagation a to b, a cable's end to
 * end; length_m for a cable), "host" or "gateway" (name), "iface" (name
 * the host, medium, addr "a.b.c.d/len" or NULL, pos: metres along the
 * cable, or "a"/"b" for a link's end). Unused numbers are < 0. */
struct record_topo {
  const char *kind;           /* "ethernet", "link", "host", ... */
  const char *name;           /* medium or host name */
  const char *medium;         /* iface: its medium, else NULL */
  const char *addr;           /* iface: its address, or NULL */
  double rate_bps;            /* media: bits per second, else < 0 */
  sim_time_t delay;           /* media: propagation delay, else < 0 */
  double length_m;            /* ethernet: cable length, else < 0 */
  const char *pos;            /* iface: position, or NULL */
};

/* Writes one topology.csv row (the time is not part of it). */
void record_topology(struct recorder *rec, const struct record_topo *row);

/* A process printed `text` (one line, no newline): one output.csv row at
 * the current time; who is "host:proc[pid]" as print() labels it, or
 * NULL for the scenario itself. */
void record_output(struct recorder *rec, const char *who, const char *text);

/* Writes the derived files and summary.txt, closes everything and frees
 * the recorder. Returns false and sets *err if a write failed. NULL ok. */
bool record_close(struct recorder *rec, GError **err);

/* The name of a fate ("delivered", ...). */
const char *record_fate_name(enum record_fate f);

#endif
