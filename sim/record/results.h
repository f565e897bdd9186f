/* sim/record/results.h: the names of every results file and of every
 * column, in one place (docs/results.md is the contract). The recorder
 * writes its header lines from these tables (results_put_header), and
 * the reader (results_read.h) finds columns by them, so a writer and a
 * reader cannot disagree on a name. Files whose columns depend on the
 * scenario (report.csv, a sweep's runs.csv and summary.csv) get the
 * names of their fixed columns. No I/O and no parsing here. */
#ifndef IPCSIM_RESULTS_H
#define IPCSIM_RESULTS_H

#include <glib.h>
#include <stdbool.h>

/* Files with fixed columns: the streamed ones, then the derived ones. */
enum results_file_id {
  RESULTS_PACKETS,            /* packets.csv: one row per frame per hop */
  RESULTS_TCP,                /* tcp.csv: one row per TCP event */
  RESULTS_QUEUES,             /* queues.csv: transmit queue lengths */
  RESULTS_CALLS,              /* calls.csv: failed socket calls */
  RESULTS_EVENTS,             /* events.csv: changes of the world */
  RESULTS_THROUGHPUT,         /* throughput.csv: bytes per interval */
  RESULTS_COLLISIONS,         /* collisions.csv: collisions per interval */
  RESULTS_TOPOLOGY,           /* topology.csv: media, hosts, interfaces */
  RESULTS_OUTPUT,             /* output.csv: what processes printed */
  RESULTS_FILE_N
};

/* A file with fixed columns: its name and its header, in order. */
struct results_schema {
  const char *file;           /* "packets.csv" */
  const char *const *cols;    /* column names, in file order */
  int ncol;                   /* how many */
};

/* packets.csv's columns, in file order. */
enum results_packets_col {
  RESULTS_PKT_T_TX, RESULTS_PKT_T_TX_END, RESULTS_PKT_T_RX,
  RESULTS_PKT_T_RX_END, RESULTS_PKT_MEDIUM, RESULTS_PKT_FROM,
  RESULTS_PKT_TO, RESULTS_PKT_BYTES, RESULTS_PKT_FATE,
  RESULTS_PKT_ETHERTYPE, RESULTS_PKT_IP_SRC, RESULTS_PKT_IP_DST,
  RESULTS_PKT_IP_ID, RESULTS_PKT_IP_PROTO, RESULTS_PKT_FRAG,
  RESULTS_PKT_SPORT, RESULTS_PKT_DPORT, RESULTS_PKT_TCP_FLAGS,
  RESULTS_PKT_SEQ, RESULTS_PKT_ACK, RESULTS_PKT_LEN, RESULTS_PKT_WIN,
  RESULTS_PKT_ICMP_TYPE, RESULTS_PKT_ICMP_CODE, RESULTS_PKT_ARP_OP,
  RESULTS_PKT_ARP_TARGET, RESULTS_PKT_LABEL,
  RESULTS_PKT_N
};

/* tcp.csv's columns, in file order. */
enum results_tcp_col {
  RESULTS_TCP_T, RESULTS_TCP_HOST, RESULTS_TCP_CONN, RESULTS_TCP_EVENT,
  RESULTS_TCP_DETAIL, RESULTS_TCP_FLAGS, RESULTS_TCP_SEQ, RESULTS_TCP_LEN,
  RESULTS_TCP_ACK, RESULTS_TCP_WIN, RESULTS_TCP_STATE,
  RESULTS_TCP_SND_UNA, RESULTS_TCP_SND_NXT, RESULTS_TCP_SND_MAX,
  RESULTS_TCP_CWND, RESULTS_TCP_SSTHRESH, RESULTS_TCP_SND_WND,
  RESULTS_TCP_SRTT_MS, RESULTS_TCP_RTTVAR_MS, RESULTS_TCP_RTO_MS,
  RESULTS_TCP_RTT_MS, RESULTS_TCP_SHIFT,
  RESULTS_TCP_N
};

/* queues.csv's columns. */
enum results_queues_col {
  RESULTS_QUEUE_T, RESULTS_QUEUE_MEDIUM, RESULTS_QUEUE_PORT,
  RESULTS_QUEUE_QLEN, RESULTS_QUEUE_QBYTES,
  RESULTS_QUEUE_N
};

/* calls.csv's columns. */
enum results_calls_col {
  RESULTS_CALL_T, RESULTS_CALL_HOST, RESULTS_CALL_PID, RESULTS_CALL_PROC,
  RESULTS_CALL_CALL, RESULTS_CALL_ERRNO, RESULTS_CALL_ERRNO_NUM,
  RESULTS_CALL_FD, RESULTS_CALL_LOCAL, RESULTS_CALL_REMOTE,
  RESULTS_CALL_N
};

/* events.csv's columns. */
enum results_events_col {
  RESULTS_EVENT_T, RESULTS_EVENT_KIND, RESULTS_EVENT_NAME,
  RESULTS_EVENT_DETAIL,
  RESULTS_EVENT_N
};

/* throughput.csv's columns. */
enum results_throughput_col {
  RESULTS_THR_T, RESULTS_THR_CONN, RESULTS_THR_BYTES, RESULTS_THR_MBPS,
  RESULTS_THR_N
};

/* collisions.csv's columns. */
enum results_collisions_col {
  RESULTS_COLL_T, RESULTS_COLL_MEDIUM, RESULTS_COLL_COLLISIONS,
  RESULTS_COLL_N
};

/* topology.csv's columns. */
enum results_topology_col {
  RESULTS_TOPO_KIND, RESULTS_TOPO_NAME, RESULTS_TOPO_MEDIUM,
  RESULTS_TOPO_ADDR, RESULTS_TOPO_RATE, RESULTS_TOPO_DELAY,
  RESULTS_TOPO_LENGTH, RESULTS_TOPO_POS,
  RESULTS_TOPO_N
};

/* output.csv's columns. */
enum results_output_col {
  RESULTS_OUT_T, RESULTS_OUT_WHO, RESULTS_OUT_TEXT,
  RESULTS_OUT_N
};

/* The schemas, indexed by enum results_file_id. */
extern const struct results_schema results_schemas[RESULTS_FILE_N];

/* The name of file id ("packets.csv"). */
#define RESULTS_FILE(id) (results_schemas[(id)].file)

/* Files without fixed columns. */
#define RESULTS_SUMMARY_TXT "summary.txt"   /* the readable summary */
#define RESULTS_REPORT_CSV "report.csv"     /* seed, params, report{} */
#define RESULTS_STDOUT_DIR "stdout"         /* <host>.<pid>.<name>: what a
                                               process wrote on 1 and 2 */
#define RESULTS_SWEEP_RUNS_DIR "runs"       /* a sweep's <out>/runs/<i>/ */
#define RESULTS_SWEEP_RUNS_CSV "runs.csv"   /* run, params, seed, values */
#define RESULTS_SWEEP_SUMMARY_CSV "summary.csv" /* params, n, stats */
#define RESULTS_SWEEP_DAT "sweep.dat"       /* the sweep plot's data */

/* report.csv: "seed", then one column per param, then one per value. */
#define RESULTS_REPORT_SEED "seed"
/* runs.csv: "run", the params, "seed", the values. */
#define RESULTS_RUNS_RUN "run"
#define RESULTS_RUNS_SEED "seed"
/* summary.csv: the params, "n", then <value>_mean and <value>_ci95. */
#define RESULTS_SUMMARY_N "n"
#define RESULTS_SUMMARY_MEAN "_mean"
#define RESULTS_SUMMARY_CI95 "_ci95"

/* Appends schema id's header line ("t,medium,port,qlen,qbytes\n"). */
void results_put_header(GString *out, enum results_file_id id);

/* Whether a run writes a results file named `file` ("packets.csv",
 * "summary.txt", "report.csv", ...): a scenario's own files must not
 * take these names. */
bool results_is_run_file(const char *file);

#endif
