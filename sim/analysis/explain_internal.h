/* sim/analysis/explain_internal.h: the rows explain.c reasons over, typed, and
 * the look-ups over them that explain_run.c provides. Shared by explain.c and
 * explain_run.c only. Times are nanoseconds, -1 for an empty field;
 * strings point into the loaded tables and live as long as the run. */
#ifndef IPCSIM_EXPLAIN_INTERNAL_H
#define IPCSIM_EXPLAIN_INTERNAL_H

#include "explain.h"

#include <stdint.h>

/* One packets.csv row: a frame on one hop. */
struct explain_pkt {
  int64_t t_tx, t_rx_end;     /* start of transmission, end of arrival */
  const char *medium, *from, *to, *fate; /* as in the file */
  bool ip, arp;               /* ethertype ip / arp */
  const char *src, *dst, *proto; /* ip_src, ip_dst, ip_proto */
  long id;                    /* ip_id, -1 none */
  long sport, dport;          /* ports, -1 none */
  const char *flags;          /* tcp_flags, "" none */
  int64_t seq, ack, len;      /* TCP numbers (absolute), -1 none */
  int icmp_type, icmp_code;   /* -1 none */
  const char *arp_op, *arp_target, *label; /* ARP columns, the label */
};

/* One tcp.csv row. */
struct explain_tcp {
  int64_t t;                  /* time */
  const char *host, *conn, *event, *detail, *flags, *state; /* columns */
  int64_t seq, len;           /* relative, -1 none */
  int shift;                  /* t_rxtshift */
};

/* One calls.csv row. */
struct explain_call_row {
  int64_t t;                  /* time */
  const char *host, *proc, *call, *err, *local, *remote; /* columns */
  int pid, fd;                /* process id, descriptor (-1 none) */
};

/* One events.csv row (host and link down/up, interface addresses). */
struct explain_event {
  int64_t t;                  /* time */
  const char *kind, *name, *detail; /* host-down, host-up, link-down,
                                       link-up, addr; the name; detail */
};

struct explain_run {
  GPtrArray *tables;          /* struct results_table *, kept for the
                                 strings */
  GArray *pkts;               /* struct explain_pkt, ordered by t_tx */
  GArray *tcp;                /* struct explain_tcp, file order */
  GArray *calls;              /* struct explain_call_row, file order */
  GArray *events; /* struct explain_event, file order (may be empty) */
  GHashTable *names;          /* address string -> host name */
  GHashTable *dgrams;         /* "src/id/proto" -> GPtrArray of hops */
  GHashTable *forwarders;     /* host names seen forwarding (gateways) */
};

/* The hops of pkt's datagram, in t_tx order (never NULL for an IP row). */
GPtrArray *explain_run_hops(const struct explain_run *r,
                            const struct explain_pkt *p);

/* The host name of an address, or the address itself. */
const char *explain_run_name(const struct explain_run *r, const char *addr);

/* True when host forwarded datagrams of others in this run. */
bool explain_run_is_gateway(const struct explain_run *r, const char *host);

/* The last event of `kind` for `name` at or before t, or NULL. */
const struct explain_event *explain_run_last_event(const struct explain_run *r,
                                   const char *kind, const char *name,
                                   int64_t t);

/* Appends t (ns) as seconds with 3 decimals ("75.000"). */
void explain_run_put_time(GString *s, int64_t t);

#endif
