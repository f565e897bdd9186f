/* sim/record/tests/test_record.c: the results recorder (sim/record/record.h) driven by
 * hand: a 1 Mb/s link with 1 ms of delay and a one-frame queue carries
 * three 125-byte frames (128 on the wire: RFC 1662's FCS and a flag)
 * sent at time 0 (one delivered, one lost to the loss model, one refused by the full queue), and the exact rows of
 * packets.csv and queues.csv are checked; then tcp.csv's marks, calls.csv,
 * the derived series and summary.txt. A fake decoder fills the protocol
 * columns, so no IP is involved. */
#include <errno.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "link.h"
#include "record.h"
#include "results_read.h"

static void sink_input(void *upper, struct pbuf *p)
{
  (*(int *)upper)++;
  pbuf_free(p);
}

/* Labels every frame "frame <first payload byte>"; ethertype 0x0800. */
static void fake_decoder(enum medium_kind kind, const uint8_t *bytes,
                         uint32_t len, struct record_pkt *out)
{
  out->ethertype = 0x0800;
  out->ip = true;
  out->ip_src = 0x80200101, out->ip_dst = 0x80200102;
  out->ip_id = bytes[4], out->ip_proto = 17;
  out->ports = true, out->sport = 1024, out->dport = 7;
  g_snprintf(out->label, sizeof out->label, "frame %u", bytes[4]);
}

static char *read_file(const char *dir, const char *name)
{
  char *path = g_build_filename(dir, name, NULL), *text = NULL;
  g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
  g_free(path);
  return text;
}

static struct pbuf *frame(uint8_t id)
{
  struct pbuf *p = pbuf_new(125);
  uint8_t *b = pbuf_writable(p);
  memset(b, 0, 125);
  b[0] = 0xff, b[1] = 0x03, b[2] = 0x00, b[3] = 0x21, b[4] = id;
  return p;
}

struct rig {
  char *dir;                  /* temporary results directory */
  struct sim *sim;            /* the run */
  struct link *l;             /* wan0: monet (end 0) - degas (end 1) */
  int got[2];                 /* frames each end received */
};

static void rig_init(struct rig *r)
{
  r->dir = g_dir_make_tmp("test_record_XXXXXX", NULL);
  g_assert_nonnull(r->dir);
  r->sim = sim_new(1);
  GError *err = NULL;
  r->sim->rec = record_open(r->sim, r->dir, &err);
  g_assert_no_error(err);
  record_set_decoder(r->sim->rec, fake_decoder);
  struct link_params par;
  link_params_default(&par);
  par.rate_bps = 1e6;
  par.delay = 1000000;
  par.queue_pkts = 1;
  r->l = link_new(r->sim, "wan0", &par);
  static const char *const hosts[] = { "monet", "degas" };
  for (int i = 0; i < 2; i++) {
    struct medium_port *port = link_port(r->l, i);
    port->input = sink_input;
    port->upper = &r->got[i];
    port->upper_host = hosts[i];
  }
}

static void rig_close(struct rig *r)
{
  GError *err = NULL;
  g_assert_true(record_close(r->sim->rec, &err));
  r->sim->rec = NULL;
  link_free(r->l);
  sim_free(r->sim);
}

static void rig_free(struct rig *r)
{
  const char *names[] = { "packets.csv", "tcp.csv", "queues.csv",
    "calls.csv", "events.csv", "throughput.csv", "collisions.csv",
    "summary.txt" };
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
    char *p = g_build_filename(r->dir, names[i], NULL);
    g_unlink(p);
    g_free(p);
  }
  g_rmdir(r->dir);
  g_free(r->dir);
}

/* Frame 1 goes at once; 2 waits; 3 finds the queue full. Then the loss
 * model is set to 1 for frames that start later: frame 2. */
static void send_three(struct rig *r)
{
  struct medium_port *a = link_port(r->l, 0);
  g_assert_cmpint(medium_output(a, frame(1)), ==, 0);
  g_assert_cmpint(medium_output(a, frame(2)), ==, 0);
  g_assert_cmpint(medium_output(a, frame(3)), ==, -ENOBUFS);
  struct link_params par = *link_get_params(r->l, 0);
  par.loss = 1.0;
  link_set_params(r->l, 0, &par);
  sched_run(r->sim->sched, SIM_TIME_MAX, 0);
  g_assert_cmpint(r->got[1], ==, 1);
}

#define PACKETS_HEADER                                                     \
  "t_tx,t_tx_end,t_rx,t_rx_end,medium,from,to,bytes,fate,ethertype,"       \
  "ip_src,ip_dst,ip_id,ip_proto,frag,sport,dport,tcp_flags,seq,ack,len,"   \
  "win,icmp_type,icmp_code,arp_op,arp_target,label\n"

static void test_link_frames(void)
{
  struct rig r = { 0 };
  rig_init(&r);
  send_three(&r);
  rig_close(&r);
  char *pk = read_file(r.dir, "packets.csv");
  g_assert_cmpstr(pk, ==, PACKETS_HEADER
    "0.000000000,,,,wan0,monet,degas,128,queue,ip,128.32.1.1,128.32.1.2,3,"
      "udp,,1024,7,,,,,,,,,,frame 3\n"
    "0.000000000,0.001024000,0.001000000,0.002024000,wan0,monet,degas,128,"
      "delivered,ip,128.32.1.1,128.32.1.2,1,udp,,1024,7,,,,,,,,,,frame 1\n"
    "0.001024000,0.002048000,,,wan0,monet,degas,128,lost,ip,128.32.1.1,"
      "128.32.1.2,2,udp,,1024,7,,,,,,,,,,frame 2\n");
  char *q = read_file(r.dir, "queues.csv");
  g_assert_cmpstr(q, ==, "t,medium,port,qlen,qbytes\n"
                         "0.000000000,wan0,a,1,125\n"
                         "0.001024000,wan0,a,0,0\n");
  char *sum = read_file(r.dir, "summary.txt");
  g_assert_nonnull(strstr(sum, "  wan0 (link): 3 frames, 1 delivered, 0 "
                               "corrupted\n    utilisation: from monet "
                               "100.00%\n    drops: lost 1, queue 1\n"));
  g_free(pk), g_free(q), g_free(sum);
  rig_free(&r);
}

/* The receiving host is powered off: fate down, times as delivered. */
static void test_host_down(void)
{
  struct rig r = { 0 };
  rig_init(&r);
  bool off = true;
  link_port(r.l, 1)->upper_off = &off;
  g_assert_cmpint(medium_output(link_port(r.l, 0), frame(9)), ==, 0);
  sched_run(r.sim->sched, SIM_TIME_MAX, 0);
  rig_close(&r);
  char *pk = read_file(r.dir, "packets.csv");
  g_assert_nonnull(strstr(pk, "\n0.000000000,0.001024000,0.001000000,"
                              "0.002024000,wan0,monet,degas,128,down,"));
  g_free(pk);
  rig_free(&r);
}

static struct record_tcp tcp_row(const char *event, uint32_t seq)
{
  return (struct record_tcp){
    .host = "monet", .laddr = 0x80200101, .faddr = 0x80200102,
    .lport = 1024, .fport = 513, .event = event, .seg = true,
    .flags = 0x18, .seq = seq, .len = 100, .ack = 1, .win = 4096,
    .state = "ESTABLISHED", .snd_una = 1, .snd_nxt = 101, .snd_max = 101,
    .cwnd = 512, .ssthresh = 65535, .snd_wnd = 4096, .srtt_ms = 500,
    .rttvar_ms = 250, .rto_ms = 1500, .rtt_ms = -1, .shift = 0,
  };
}

/* A socket's last connection is remembered by address until a new
 * socket is made at that address (the old one was freed, perhaps after
 * its last row: a segment that closed the connection). */
static void test_sock_conn(void)
{
  struct rig r = { 0 };
  rig_init(&r);
  struct recorder *rec = r.sim->rec;
  int sock;                                   /* stands for a socket */
  struct record_tcp row = tcp_row("recv", 1);
  row.sock = &sock;
  record_tcp(rec, &row);
  g_assert_cmpstr(record_sock_conn(rec, &sock), ==,
                  "128.32.1.1:1024-128.32.1.2:513");
  record_sock_new(rec, &sock);
  g_assert_null(record_sock_conn(rec, &sock));
  rig_close(&r);
  rig_free(&r);
}

/* A recv row put at its mark comes before the send it caused; the
 * delivered bytes make throughput.csv. */
static void test_tcp_rows(void)
{
  struct rig r = { 0 };
  rig_init(&r);
  struct recorder *rec = r.sim->rec;
  sched_run(r.sim->sched, 5000000, 0);       /* now = 5 ms */
  size_t mark = record_tcp_mark(rec);
  struct record_tcp send = tcp_row("send", 1);
  record_tcp(rec, &send);
  struct record_tcp recv = tcp_row("recv", 7);
  recv.delivered = 100;
  record_tcp_at(rec, mark, &recv);
  struct record_call c = { .host = "monet", .pid = 3, .proc = "rlogin",
    .call = "connect", .err_name = "ECONNREFUSED", .err_num = 61, .fd = 4,
    .local = "128.32.1.1:1024", .remote = "128.32.1.2:513" };
  record_call_error(rec, &c);
  sched_run(r.sim->sched, 100000000, 0);     /* run of 100 ms */
  rig_close(&r);
  char *t = read_file(r.dir, "tcp.csv");
  const char *rows = strchr(t, '\n') + 1;
  g_assert_cmpstr(rows, ==,
    "0.005000000,monet,128.32.1.1:1024-128.32.1.2:513,recv,,PA,7,100,1,4096,"
      "ESTABLISHED,1,101,101,512,65535,4096,500.000,250.000,1500.000,,0\n"
    "0.005000000,monet,128.32.1.1:1024-128.32.1.2:513,send,,PA,1,100,1,4096,"
      "ESTABLISHED,1,101,101,512,65535,4096,500.000,250.000,1500.000,,0\n");
  char *calls = read_file(r.dir, "calls.csv");
  g_assert_cmpstr(calls, ==, "t,host,pid,proc,call,errno,errno_num,fd,"
                  "local,remote\n0.005000000,monet,3,rlogin,connect,"
                  "ECONNREFUSED,61,4,128.32.1.1:1024,128.32.1.2:513\n");
  char *thr = read_file(r.dir, "throughput.csv");   /* 1 ms intervals */
  g_assert_nonnull(strstr(thr, "t,conn,bytes,mbps\n0.001000000,128.32.1.1:"
                               "1024-128.32.1.2:513,0,0.000000\n"));
  g_assert_nonnull(strstr(thr, "\n0.006000000,128.32.1.1:1024-128.32.1.2:"
                               "513,100,0.800000\n"));
  /* Rows stop at the last data: header, 6 rows, "". */
  char **lines = g_strsplit(thr, "\n", -1);
  g_assert_cmpuint(g_strv_length(lines), ==, 8);
  g_strfreev(lines);
  char *sum = read_file(r.dir, "summary.txt");
  g_assert_nonnull(strstr(sum, "Failed socket calls\n  monet\n    "
                               "0.005000000 pid 3 rlogin: connect(fd 4) "
                               "failed with ECONNREFUSED (61), "
                               "128.32.1.1:1024 -> 128.32.1.2:513\n"));
  g_free(t), g_free(calls), g_free(thr), g_free(sum);
  rig_free(&r);
}

/* A text field holding a comma or a quote is quoted (RFC 4180), and the
 * results reader gives it back whole. */
static void test_quoted_fields(void)
{
  struct rig r = { 0 };
  rig_init(&r);
  record_event(r.sim->rec, "addr", "a,b", "say \"x\"");
  rig_close(&r);
  char *ev = read_file(r.dir, "events.csv");
  g_assert_cmpstr(ev, ==, "t,kind,name,detail\n"
                  "0.000000000,addr,\"a,b\",\"say \"\"x\"\"\"\n");
  GError *err = NULL;
  struct results_table *t = results_read_known(r.dir, RESULTS_EVENTS, NULL,
                                               RESULTS_STRICT, &err);
  g_assert_no_error(err);
  g_assert_cmpstr(results_str(t, 0, RESULTS_EVENT_NAME), ==, "a,b");
  g_assert_cmpstr(results_str(t, 0, RESULTS_EVENT_DETAIL), ==, "say \"x\"");
  results_table_free(t);
  g_free(ev);
  rig_free(&r);
}

/* A fake explainer that counts what it is asked. */
struct fake_expl {
  int opens, explains, closes;  /* calls of each */
};

static struct fake_expl expl_counts;

static void *fake_open(const char *dir)
{
  expl_counts.opens++;
  return &expl_counts;
}

static char *fake_explain(void *run, const struct record_call *c)
{
  ((struct fake_expl *)run)->explains++;
  return g_strdup_printf("because %s", c->err_name);
}

static void fake_close(void *run)
{
  ((struct fake_expl *)run)->closes++;
}

static const struct record_explainer fake_explainer = {
  fake_open, fake_explain, fake_close,
};

/* 2,000 explained failures: the run is read once for summary.txt (it
 * was read once per call: 29 s for 2,000 sendto's), each call explained. */
static void test_explain_once(void)
{
  struct rig r = { 0 };
  rig_init(&r);
  memset(&expl_counts, 0, sizeof expl_counts);
  record_set_explain(r.sim->rec, &fake_explainer);
  struct record_call c = { .host = "monet", .pid = 1, .proc = "p",
    .call = "sendto", .err_name = "ENETUNREACH", .err_num = 51, .fd = 3 };
  for (int i = 0; i < 2000; i++)
    record_call_error(r.sim->rec, &c);
  rig_close(&r);
  g_assert_cmpint(expl_counts.opens, ==, 1);
  g_assert_cmpint(expl_counts.explains, ==, 2000);
  g_assert_cmpint(expl_counts.closes, ==, 1);
  char *sum = read_file(r.dir, "summary.txt");
  g_assert_nonnull(strstr(sum, "      because ENETUNREACH\n"));
  g_free(sum);
  rig_free(&r);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/record/link/frames-and-queue", test_link_frames);
  g_test_add_func("/record/link/host-down", test_host_down);
  g_test_add_func("/record/tcp/mark-calls-throughput", test_tcp_rows);
  g_test_add_func("/record/tcp/sock-conn-new", test_sock_conn);
  g_test_add_func("/record/quoted-fields", test_quoted_fields);
  g_test_add_func("/record/summary/explain-once", test_explain_once);
  return g_test_run();
}
