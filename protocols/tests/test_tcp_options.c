/* protocols/tests/test_tcp_options.c: RFC 1323 as 4.4BSD-Lite does it
 * (protocols/tcp_options.c): tcp_dooptions on good and malformed option
 * lists, negotiation only when both SYNs ask, none in the 4.2bsd and
 * tahoe profiles or with TCP_NOOPT, scaled windows, PAWS (and its 24-day
 * rule), RTT from echoed timestamps. Driven through the fixture's
 * network (tcp_fixture.h). */
#include <glib.h>
#include <errno.h>
#include <string.h>
#include "host.h"
#include "in_cksum.h"
#include "ip.h"
#include "ip_var.h"
#include "link.h"
#include "socketvar.h"
#include "tcp_var.h"
#include "tcp_fixture.h"

/* A connected a -> b pair; bufs > 0 sets both receive buffers (on the
 * listener before listen, so the accepted socket inherits it). */
static void pair(struct net *n, int profile, int buf, bool noopt,
                 struct socket **cli, struct socket **srv)
{
  net_init(n, profile);
  n->a->sb_max = n->b->sb_max = 2 << 20;
  struct socket *ls = tsock(n, n->b);
  struct socket *c = tsock(n, n->a);
  for (int i = 0; buf > 0 && i < 2; i++)
    g_assert_cmpint(sosetopt(i ? c : ls, SOL_SOCKET, SO_RCVBUF, buf, 0), ==,
                    0);
  if (noopt) {
    int one = 1;
    g_assert_cmpint(c->so_proto->pr_ctloutput(c, true, IPPROTO_TCP,
                                              TCP_NOOPT, &one), ==, 0);
  }
  struct so_addr sa = { .family = AF_INET, .port = 9000 };
  struct so_addr to = { .family = AF_INET, .addr = A("128.32.0.2"),
                        .port = 9000 };
  g_assert_cmpint(sobind(ls, &sa), ==, 0);
  g_assert_cmpint(solisten(ls, 5), ==, 0);
  g_assert_cmpint(soconnect(c, &to), ==, 0);
  g_assert_cmpint(connect_wait(n, c, now(n) + 10 * SIM_S), ==, 0);
  *cli = c;
  *srv = accept_wait(n, ls, now(n) + 10 * SIM_S);
  g_assert_nonnull(*srv);
}

#define BOTH_TS (TF_REQ_TSTMP | TF_RCVD_TSTMP)
#define BOTH_SCALE (TF_REQ_SCALE | TF_RCVD_SCALE)

/* 4.4bsd with 1 MB buffers: shift 5 asked and granted both ways (65535
 * << 4 is under 1 MB), timestamps on, the window offered in bytes. */
static void test_negotiated(void)
{
  struct net n;
  struct socket *cli, *srv;
  pair(&n, TCP_PROFILE_RENO, 1 << 20, false, &cli, &srv);
  struct tcpcb *c = tp_of(cli), *s = tp_of(srv);
  g_assert_cmpint(c->request_r_scale, ==, 5);
  g_assert_cmpint(s->request_r_scale, ==, 5);
  g_assert_cmpint(c->snd_scale, ==, 5);
  g_assert_cmpint(c->rcv_scale, ==, 5);
  g_assert_cmpint(s->snd_scale, ==, 5);
  g_assert_cmpint(c->flags & BOTH_TS, ==, BOTH_TS);
  g_assert_cmpint(s->flags & BOTH_SCALE, ==, BOTH_SCALE);
  run_until(&n, now(&n) + SIM_S);
  g_assert_cmpuint(c->snd_wnd, >, 1000000);   /* srv's buffer, scaled */
  net_free(&n);
}

/* Default 8 KB buffers: scaling is agreed with shift 0; newreno too. */
static void test_small_buffers(void)
{
  struct net n;
  struct socket *cli, *srv;
  pair(&n, TCP_PROFILE_NEWRENO, 0, false, &cli, &srv);
  g_assert_cmpint(tp_of(cli)->flags & BOTH_SCALE, ==, BOTH_SCALE);
  g_assert_cmpint(tp_of(cli)->snd_scale, ==, 0);
  g_assert_cmpint(tp_of(srv)->flags & BOTH_TS, ==, BOTH_TS);
  net_free(&n);
}

/* 4.2bsd and tahoe predate RFC 1323: no option but the MSS, no scaling
 * even with 1 MB buffers, windows at most 65535. */
static void test_old_profiles(void)
{
  int profiles[] = { TCP_PROFILE_42BSD, TCP_PROFILE_TAHOE };
  for (int i = 0; i < 2; i++) {
    struct net n;
    struct socket *cli, *srv;
    pair(&n, profiles[i], 1 << 20, false, &cli, &srv);
    g_assert_cmpint(tp_of(cli)->flags & (BOTH_TS | BOTH_SCALE), ==, 0);
    g_assert_cmpint(tp_of(srv)->flags & (BOTH_TS | BOTH_SCALE), ==, 0);
    g_assert_cmpint(tp_of(cli)->t_maxseg, ==, 1460);
    run_until(&n, now(&n) + SIM_S);
    g_assert_cmpuint(tp_of(cli)->snd_wnd, ==, TCP_MAXWIN);
    net_free(&n);
  }
}

/* TCP_NOOPT on the client: its SYN has no options, so the server's
 * SYN-ACK asks for nothing either (only both SYNs asking agree). */
static void test_noopt(void)
{
  struct net n;
  struct socket *cli, *srv;
  pair(&n, TCP_PROFILE_RENO, 1 << 20, true, &cli, &srv);
  struct tcpcb *c = tp_of(cli), *s = tp_of(srv);
  g_assert_cmpint(s->flags & (TF_RCVD_TSTMP | TF_RCVD_SCALE), ==, 0);
  g_assert_cmpint(c->flags & (TF_RCVD_TSTMP | TF_RCVD_SCALE), ==, 0);
  g_assert_cmpint(s->snd_scale, ==, 0);
  g_assert_cmpint(s->rcv_scale, ==, 0);
  int v = 0;
  g_assert_cmpint(cli->so_proto->pr_ctloutput(cli, false, IPPROTO_TCP,
                                              TCP_NOOPT, &v), ==, 0);
  g_assert_cmpint(v, ==, 1);
  run_until(&n, now(&n) + SIM_S);
  g_assert_cmpuint(c->snd_wnd, ==, TCP_MAXWIN);
  net_free(&n);
}

/* tcp_dooptions on the options tcp_parse leaves: a shift of 15 is taken
 * as 14, window scale outside a SYN is ignored, and a malformed option
 * (length 0, 1, truncated, past the header) ends the walk, so a window
 * scale after it does not count. */
static void test_dooptions(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *so = tsock(&n, n.a);
  struct tcpcb *tp = tp_of(so);
  struct tcp_ts ts;
  struct tcp_opts o = { .has_wscale = true, .wscale = 14,
                        .has_ts = true, .ts_val = 77, .ts_ecr = 0 };
  tcp_dooptions(tp, &o, TH_SYN, &ts);
  g_assert_cmpint(tp->requested_s_scale, ==, 14);
  g_assert_cmpint(tp->flags & TF_RCVD_SCALE, !=, 0);
  g_assert_true(ts.present);
  g_assert_cmpuint(tp->ts_recent, ==, 77);
  /* the wire: shift 15 capped; the bad option lists */
  static const uint8_t bad[][8] = {
    { 3, 3, 15, 0, 0, 0, 0, 0 },            /* shift 15 -> 14, fine */
    { 8, 0, 1, 3, 3, 7, 0, 0 },             /* length 0 */
    { 8, 1, 1, 3, 3, 7, 0, 0 },             /* length 1 */
    { 1, 1, 1, 1, 1, 1, 1, 3 },             /* kind with no length byte */
    { 1, 1, 1, 1, 1, 8, 10, 0 },            /* timestamp past the header */
  };
  for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
    uint8_t seg[28];
    struct tcp_hdr h = { .sport = 1, .dport = 2, .flags = TH_SYN };
    memset(seg, 0, sizeof seg);
    tcp_emit(&h, NULL, 1, 2, seg, sizeof seg);
    seg[12] = 7 << 4;                       /* 28 bytes of header */
    memcpy(seg + 20, bad[i], 8);
    seg[16] = seg[17] = 0;
    uint16_t sum = in_cksum_finish(in_cksum_add(
        in_cksum_pseudo(0, 1, 2, IP_PROTO_TCP, sizeof seg), seg, sizeof seg));
    seg[16] = (uint8_t)(sum >> 8), seg[17] = (uint8_t)sum;
    struct tcp_hdr th;
    int r = tcp_parse(seg, sizeof seg, 1, 2, &th, &o);
    g_assert_cmpint(r, ==, i == 0 ? 28 : TCP_ERR_OPT);
    g_assert_cmpint(o.has_wscale, ==, i == 0);
    g_assert_false(o.has_ts);
    if (i == 0)
      g_assert_cmpint(o.wscale, ==, TCP_MAX_WINSHIFT);
  }
  /* not in a SYN: no scale, and no timestamp before both agreed */
  struct tcpcb *t2 = tp_of(tsock(&n, n.a));
  o = (struct tcp_opts){ .has_wscale = true, .wscale = 3, .has_ts = true,
                         .ts_val = 5 };
  tcp_dooptions(t2, &o, TH_ACK, &ts);
  g_assert_cmpint(t2->flags & (TF_RCVD_SCALE | TF_RCVD_TSTMP), ==, 0);
  g_assert_false(ts.present);
  net_free(&n);
}

/* PAWS: an older timestamp is dropped (and acked); a ts_recent idle over
 * 24 days is forgotten instead; RST and timestamp-less segments pass. */
static void test_paws(void)
{
  struct net n;
  struct socket *cli, *srv;
  pair(&n, TCP_PROFILE_RENO, 0, false, &cli, &srv);
  run_until(&n, 2 * SIM_S);
  g_assert_cmpint(wr(cli, "hello", 5, 0), ==, 5);
  run_until(&n, now(&n) + SIM_S);
  struct tcpcb *s = tp_of(srv);
  struct tcp_ts old = { .present = true, .val = s->ts_recent - 1 };
  struct tcp_ts none = { 0 };
  g_assert_cmpuint(s->ts_recent, !=, 0);
  g_assert_true(tcp_paws_drop(s, &old, TH_ACK));
  g_assert_cmpuint(n.b->inet->tcpstat.pawsdrop, ==, 1);
  g_assert_false(tcp_paws_drop(s, &old, TH_RST | TH_ACK));
  g_assert_false(tcp_paws_drop(s, &none, TH_ACK));
  s->ts_recent_age = tcp_now(s) - TCP_PAWS_IDLE - 1;
  g_assert_false(tcp_paws_drop(s, &old, TH_ACK));
  g_assert_cmpuint(s->ts_recent, ==, 0);
  net_free(&n);
}

/* A PAWS drop on the wire: an old duplicate (its timestamp rewound) is
 * not delivered, and the receiver answers with an ACK. */
static void test_paws_segment(void)
{
  struct net n;
  struct socket *cli, *srv;
  pair(&n, TCP_PROFILE_RENO, 0, false, &cli, &srv);
  run_until(&n, 2 * SIM_S);
  g_assert_cmpint(wr(cli, "hello", 5, 0), ==, 5);
  run_until(&n, now(&n) + SIM_S);
  struct tcpcb *c = tp_of(cli), *s = tp_of(srv);
  uint64_t acks = n.b->inet->tcpstat.sndacks;
  /* the client's clock goes back: its next segment looks old */
  s->ts_recent += 1000;
  g_assert_cmpint(wr(cli, "world", 5, 0), ==, 5);
  run_until(&n, now(&n) + 100 * SIM_MS);
  g_assert_cmpuint(n.b->inet->tcpstat.pawsdrop, >=, 1);
  g_assert_cmpuint(n.b->inet->tcpstat.sndacks, >, acks);
  g_assert_cmpuint(srv->so_rcv.cc, ==, 5);      /* only "hello" */
  (void)c;
  net_free(&n);
}

/* RTTM: every ACK of new data with an echoed timestamp is an RTT
 * sample, more than the one-at-a-time timing without timestamps
 * (TCP_NOOPT) gives. */
static void test_rtt_from_timestamps(void)
{
  uint64_t samples[2];
  for (int i = 0; i < 2; i++) {
    struct net n;
    struct socket *cli, *srv;
    pair(&n, TCP_PROFILE_RENO, 0, i == 1, &cli, &srv);
    struct xfer x;
    xfer_init(&x, cli, srv, 200000, 3);
    uint64_t before = n.a->inet->tcpstat.rttupdated;
    g_assert_true(xfer_run(&n, &x, 1, now(&n) + 30 * SIM_S));
    assert_intact(&x);
    samples[i] = n.a->inet->tcpstat.rttupdated - before;
    xfer_free(&x);
    net_free(&n);
  }
  g_assert_cmpuint(samples[0], >, samples[1] + samples[1] / 2);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tcp/options/negotiated", test_negotiated);
  g_test_add_func("/tcp/options/small-buffers", test_small_buffers);
  g_test_add_func("/tcp/options/old-profiles", test_old_profiles);
  g_test_add_func("/tcp/options/noopt", test_noopt);
  g_test_add_func("/tcp/options/dooptions", test_dooptions);
  g_test_add_func("/tcp/options/paws", test_paws);
  g_test_add_func("/tcp/options/paws-segment", test_paws_segment);
  g_test_add_func("/tcp/options/rtt-timestamps", test_rtt_from_timestamps);
  return g_test_run();
}
