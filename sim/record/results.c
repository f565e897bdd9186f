/* sim/record/results.c: the column tables of results.h, each name placed
 * at its enum value so that the two cannot drift apart, and the header
 * line made from them. It writes no file and reads none. */
#include "results.h"
#include "csv.h"

#include <string.h>

static const char *const packets_cols[RESULTS_PKT_N] = {
  [RESULTS_PKT_T_TX] = "t_tx", [RESULTS_PKT_T_TX_END] = "t_tx_end",
  [RESULTS_PKT_T_RX] = "t_rx", [RESULTS_PKT_T_RX_END] = "t_rx_end",
  [RESULTS_PKT_MEDIUM] = "medium", [RESULTS_PKT_FROM] = "from",
  [RESULTS_PKT_TO] = "to", [RESULTS_PKT_BYTES] = "bytes",
  [RESULTS_PKT_FATE] = "fate", [RESULTS_PKT_ETHERTYPE] = "ethertype",
  [RESULTS_PKT_IP_SRC] = "ip_src", [RESULTS_PKT_IP_DST] = "ip_dst",
  [RESULTS_PKT_IP_ID] = "ip_id", [RESULTS_PKT_IP_PROTO] = "ip_proto",
  [RESULTS_PKT_FRAG] = "frag", [RESULTS_PKT_SPORT] = "sport",
  [RESULTS_PKT_DPORT] = "dport", [RESULTS_PKT_TCP_FLAGS] = "tcp_flags",
  [RESULTS_PKT_SEQ] = "seq", [RESULTS_PKT_ACK] = "ack",
  [RESULTS_PKT_LEN] = "len", [RESULTS_PKT_WIN] = "win",
  [RESULTS_PKT_ICMP_TYPE] = "icmp_type", [RESULTS_PKT_ICMP_CODE] = "icmp_code",
  [RESULTS_PKT_ARP_OP] = "arp_op", [RESULTS_PKT_ARP_TARGET] = "arp_target",
  [RESULTS_PKT_LABEL] = "label",
};

static const char *const tcp_cols[RESULTS_TCP_N] = {
  [RESULTS_TCP_T] = "t", [RESULTS_TCP_HOST] = "host",
  [RESULTS_TCP_CONN] = "conn", [RESULTS_TCP_EVENT] = "event",
  [RESULTS_TCP_DETAIL] = "detail", [RESULTS_TCP_FLAGS] = "flags",
  [RESULTS_TCP_SEQ] = "seq", [RESULTS_TCP_LEN] = "len",
  [RESULTS_TCP_ACK] = "ack", [RESULTS_TCP_WIN] = "win",
  [RESULTS_TCP_STATE] = "state", [RESULTS_TCP_SND_UNA] = "snd_una",
  [RESULTS_TCP_SND_NXT] = "snd_nxt", [RESULTS_TCP_SND_MAX] = "snd_max",
  [RESULTS_TCP_CWND] = "cwnd", [RESULTS_TCP_SSTHRESH] = "ssthresh",
  [RESULTS_TCP_SND_WND] = "snd_wnd", [RESULTS_TCP_SRTT_MS] = "srtt_ms",
  [RESULTS_TCP_RTTVAR_MS] = "rttvar_ms", [RESULTS_TCP_RTO_MS] = "rto_ms",
  [RESULTS_TCP_RTT_MS] = "rtt_ms", [RESULTS_TCP_SHIFT] = "shift",
};

static const char *const queues_cols[RESULTS_QUEUE_N] = {
  [RESULTS_QUEUE_T] = "t", [RESULTS_QUEUE_MEDIUM] = "medium",
  [RESULTS_QUEUE_PORT] = "port", [RESULTS_QUEUE_QLEN] = "qlen",
  [RESULTS_QUEUE_QBYTES] = "qbytes",
};

static const char *const calls_cols[RESULTS_CALL_N] = {
  [RESULTS_CALL_T] = "t", [RESULTS_CALL_HOST] = "host",
  [RESULTS_CALL_PID] = "pid", [RESULTS_CALL_PROC] = "proc",
  [RESULTS_CALL_CALL] = "call", [RESULTS_CALL_ERRNO] = "errno",
  [RESULTS_CALL_ERRNO_NUM] = "errno_num", [RESULTS_CALL_FD] = "fd",
  [RESULTS_CALL_LOCAL] = "local", [RESULTS_CALL_REMOTE] = "remote",
};

static const char *const events_cols[RESULTS_EVENT_N] = {
  [RESULTS_EVENT_T] = "t", [RESULTS_EVENT_KIND] = "kind",
  [RESULTS_EVENT_NAME] = "name", [RESULTS_EVENT_DETAIL] = "detail",
};

static const char *const throughput_cols[RESULTS_THR_N] = {
  [RESULTS_THR_T] = "t", [RESULTS_THR_CONN] = "conn",
  [RESULTS_THR_BYTES] = "bytes", [RESULTS_THR_MBPS] = "mbps",
};

static const char *const collisions_cols[RESULTS_COLL_N] = {
  [RESULTS_COLL_T] = "t", [RESULTS_COLL_MEDIUM] = "medium",
  [RESULTS_COLL_COLLISIONS] = "collisions",
};

static const char *const topology_cols[RESULTS_TOPO_N] = {
  [RESULTS_TOPO_KIND] = "kind", [RESULTS_TOPO_NAME] = "name",
  [RESULTS_TOPO_MEDIUM] = "medium", [RESULTS_TOPO_ADDR] = "addr",
  [RESULTS_TOPO_RATE] = "rate_bps", [RESULTS_TOPO_DELAY] = "delay",
  [RESULTS_TOPO_LENGTH] = "length_m", [RESULTS_TOPO_POS] = "pos",
};

static const char *const output_cols[RESULTS_OUT_N] = {
  [RESULTS_OUT_T] = "t", [RESULTS_OUT_WHO] = "who",
  [RESULTS_OUT_TEXT] = "text",
};

const struct results_schema results_schemas[RESULTS_FILE_N] = {
  [RESULTS_PACKETS] = { "packets.csv", packets_cols, RESULTS_PKT_N },
  [RESULTS_TCP] = { "tcp.csv", tcp_cols, RESULTS_TCP_N },
  [RESULTS_QUEUES] = { "queues.csv", queues_cols, RESULTS_QUEUE_N },
  [RESULTS_CALLS] = { "calls.csv", calls_cols, RESULTS_CALL_N },
  [RESULTS_EVENTS] = { "events.csv", events_cols, RESULTS_EVENT_N },
  [RESULTS_THROUGHPUT] = { "throughput.csv", throughput_cols, RESULTS_THR_N },
  [RESULTS_COLLISIONS] = { "collisions.csv", collisions_cols,
                           RESULTS_COLL_N },
  [RESULTS_TOPOLOGY] = { "topology.csv", topology_cols, RESULTS_TOPO_N },
  [RESULTS_OUTPUT] = { "output.csv", output_cols, RESULTS_OUT_N },
};

void results_put_header(GString *out, enum results_file_id id)
{
  g_return_if_fail((unsigned)id < RESULTS_FILE_N);
  const struct results_schema *s = &results_schemas[id];
  for (int i = 0; i < s->ncol; i++) {
    if (i)
      g_string_append_c(out, ',');
    csv_append_field(out, s->cols[i]);
  }
  g_string_append_c(out, '\n');
}

bool results_is_run_file(const char *file)
{
  for (int i = 0; i < RESULTS_FILE_N; i++)
    if (strcmp(file, results_schemas[i].file) == 0)
      return true;
  return strcmp(file, RESULTS_SUMMARY_TXT) == 0 ||
         strcmp(file, RESULTS_REPORT_CSV) == 0;
}
