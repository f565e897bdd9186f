/* sim/media/tests/test_link.c: the point-to-point link (sim/media/link.h).
 *
 * Each test builds a struct sim with a fixed seed and a link whose two ports
 * feed recording sinks (arrival time, length, frame id, bytes). Timing and
 * counters are asserted exactly; the random models statistically, with
 * bounds of about 4 standard deviations (stable for the fixed seed, yet a
 * wrong model falls far outside). Frames are PPP LCP Echo-Requests
 * (RFC 1661 section 5.8) so the capture test's pcap is well-formed. */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "hdlc.h"
#include "link.h"

#ifndef SEED
#define SEED 20240601u          /* -DSEED=N to try the bounds */
#endif

/* What RFC 1662 framing adds on the wire without stuffing: the FCS and
 * one flag. Timing tests send W-byte frames, 1000 bytes on the wire. */
#define FRAMING (HDLC_FCS_LEN + HDLC_FLAG_LEN)
#define W (1000 - FRAMING)

struct rec {
  sim_time_t t;               /* arrival time */
  uint64_t id;                /* the frame's pbuf id (send order) */
  uint32_t len;               /* its length */
  uint8_t *bytes;             /* a copy of its bytes (owned) */
};

struct sink {
  struct sim *sim;            /* for the time */
  GArray *recs;               /* struct rec, in arrival order */
};

struct rig {
  struct sim *sim;            /* the run */
  struct link *l;             /* the link under test */
  struct sink sink[2];        /* sink[i] listens at end i */
  uint64_t next_id;           /* id of the next frame sent */
};

/* ---- helpers ---- */

static void sink_input(void *upper, struct pbuf *p)
{
  struct sink *s = upper;
  struct rec r = { sim_now(s->sim), p->id, p->len, g_malloc(p->len + 1) };
  memcpy(r.bytes, pbuf_data(p), p->len);
  g_array_append_val(s->recs, r);
  pbuf_free(p);
}

static void rec_clear(gpointer data)
{
  g_free(((struct rec *)data)->bytes);
}

static struct rec *rec_at(struct rig *r, int end, guint i)
{
  g_assert_cmpuint(i, <, r->sink[end].recs->len);
  return &g_array_index(r->sink[end].recs, struct rec, i);
}

static guint nrecs(struct rig *r, int end)
{
  return r->sink[end].recs->len;
}

static void rig_init(struct rig *r, uint64_t seed, const struct link_params *par)
{
  memset(r, 0, sizeof *r);
  r->sim = sim_new(seed);
  r->l = link_new(r->sim, "t0", par);
  for (int i = 0; i < 2; i++) {
    r->sink[i].sim = r->sim;
    r->sink[i].recs = g_array_new(FALSE, TRUE, sizeof(struct rec));
    g_array_set_clear_func(r->sink[i].recs, rec_clear);
    struct medium_port *port = link_port(r->l, i);
    port->input = sink_input;
    port->upper = &r->sink[i];
  }
}

static void rig_clear(struct rig *r)
{
  link_free(r->l);
  sim_free(r->sim);
  for (int i = 0; i < 2; i++)
    g_array_unref(r->sink[i].recs);
}

/* A PPP frame holding an LCP Echo-Request of `len` bytes in all (>= 12):
 * ff 03 c0 21, code 9, identifier, length, magic number, data. */
static struct pbuf *echo_frame(uint64_t id, uint32_t len)
{
  g_assert_cmpuint(len, >=, 12);
  struct pbuf *p = pbuf_new(len);
  uint8_t *b = pbuf_data(p);
  uint32_t lcp = len - P2P_HDR_LEN;
  const uint8_t head[12] = { 0xff, 0x03, 0xc0, 0x21, 9, (uint8_t)id,
                             (uint8_t)(lcp >> 8), (uint8_t)lcp,
                             0x5a, 0x17, 0xc0, 0xde };
  memcpy(b, head, sizeof head);
  for (uint32_t i = 12; i < len; i++)
    b[i] = (uint8_t)(id * 7 + i);
  p->id = id;
  return p;
}

static int send_len(struct rig *r, int end, uint32_t len)
{
  return medium_output(link_port(r->l, end), echo_frame(r->next_id++, len));
}

static void run_all(struct rig *r)
{
  sched_run(r->sim->sched, SIM_TIME_MAX, 0);
}

static void run_until(struct rig *r, sim_time_t t)
{
  sched_run(r->sim->sched, t, 0);
}

static struct link_params params_plain(double rate, sim_time_t delay)
{
  struct link_params p;
  link_params_default(&p);
  p.rate_bps = rate;
  p.delay = delay;
  p.queue_pkts = 0;
  return p;
}

/* Sends n frames of len bytes from end 0, in batches that fit the queue,
 * running the simulation dry after each batch. */
static void send_many(struct rig *r, uint32_t n, uint32_t len)
{
  for (uint32_t i = 0; i < n; i++) {
    g_assert_cmpint(send_len(r, 0, len), ==, 0);
    if (i % 1000 == 999)
      run_all(r);
  }
  run_all(r);
}

/* For each frame id sent from end 0, how many copies reached end 1. */
static GArray *delivered_set(struct rig *r, uint32_t n)
{
  GArray *got = g_array_new(FALSE, TRUE, sizeof(uint8_t));
  g_array_set_size(got, n);
  for (guint i = 0; i < nrecs(r, 1); i++)
    g_array_index(got, uint8_t, rec_at(r, 1, i)->id)++;
  return got;
}

/* Number of ids whose fate differs between a and b: lost in one and not
 * the other (`lost`), or duplicated in one and not the other, among those
 * delivered by both (`dup`). */
static uint32_t fate_diff(const GArray *a, const GArray *b, bool dup)
{
  g_assert_cmpuint(a->len, ==, b->len);
  uint32_t n = 0;
  for (guint i = 0; i < a->len; i++) {
    uint8_t x = g_array_index(a, uint8_t, i), y = g_array_index(b, uint8_t, i);
    if (!dup)
      n += (x == 0) != (y == 0);
    else if (x && y)
      n += (x == 2) != (y == 2);
  }
  return n;
}

/* ---- timing ---- */

static void test_timing(void)
{
  struct link_params par = params_plain(1e6, 10 * SIM_MS);
  struct rig r;
  rig_init(&r, SEED, &par);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint(send_len(&r, 0, W), ==, 0);
  g_assert_cmpuint(link_stats(r.l, 0)->queue_len, ==, 2);
  run_all(&r);
  g_assert_cmpuint(nrecs(&r, 1), ==, 3);
  g_assert_cmpuint(nrecs(&r, 0), ==, 0);
  const sim_time_t want[3] = { 18 * SIM_MS, 26 * SIM_MS, 34 * SIM_MS };
  for (guint i = 0; i < 3; i++) {
    g_assert_cmpint(rec_at(&r, 1, i)->t, ==, want[i]);
    g_assert_cmpuint(rec_at(&r, 1, i)->id, ==, i);
    g_assert_cmpuint(rec_at(&r, 1, i)->len, ==, W);
  }
  const struct link_stats *st = link_stats(r.l, 0);
  g_assert_cmpuint(st->tx_frames, ==, 3);
  g_assert_cmpuint(st->tx_bytes, ==, 3 * W);
  g_assert_cmpuint(st->rx_frames, ==, 3);
  g_assert_cmpuint(st->rx_bytes, ==, 3 * W);
  g_assert_cmpuint(st->queue_len, ==, 0);
  g_assert_cmpuint(st->queue_max, ==, 2);
  rig_clear(&r);
}

/* One frame of len bytes on the wire at rate, no delay: its arrival
 * time. */
static sim_time_t one_frame_time(double rate, uint32_t len)
{
  len -= FRAMING;
  struct link_params par = params_plain(rate, 0);
  par.mtu = 70000;
  struct rig r;
  rig_init(&r, SEED, &par);
  g_assert_cmpint(send_len(&r, 0, len), ==, 0);
  run_all(&r);
  g_assert_cmpuint(nrecs(&r, 1), ==, 1);
  sim_time_t t = rec_at(&r, 1, 0)->t;
  rig_clear(&r);
  return t;
}

static void test_timing_rounding(void)
{
  /* Lengths on the wire (frames of 12 and 13 bytes, + FCS and flag). */
  /* 120 bits at 3 Mb/s = 40000 ns */
  g_assert_cmpint(one_frame_time(3e6, 15), ==, 40000);
  /* 128 bits at 3 Mb/s = 42666.67 ns -> 42667 (nearest) */
  g_assert_cmpint(one_frame_time(3e6, 16), ==, 42667);
  /* 120 bits at 80 Gb/s = 1.5 ns -> 2 (halves up) */
  g_assert_cmpint(one_frame_time(80e9, 15), ==, 2);
  /* big: 65535 bytes at 1 b/s = 524280 s, exact */
  g_assert_cmpint(one_frame_time(1.0, 65535), ==, 524280 * SIM_S);
  /* non-integral rate: 120 bits at 1.5 b/s = 80 s */
  g_assert_cmpint(one_frame_time(1.5, 15), ==, 80 * SIM_S);
  /* 128 bits at 2.5 Mb/s = 51200 ns */
  g_assert_cmpint(one_frame_time(2.5e6, 16), ==, 51200);
}

/* RFC 1662 framing: the FCS-16 (the CRC-16/X.25 check value of
 * "123456789" is 0x906e; appended least significant byte first, the
 * frame's FCS then leaves the good residue, ~0xf0b8), and octet stuffing:
 * each 0x7e and 0x7d of the frame and of its FCS costs one byte more. */
static void test_fcs_stuffing(void)
{
  g_assert_cmphex(hdlc_fcs16((const uint8_t *)"123456789", 9), ==, 0x906e);
  uint8_t buf[14] = { 0xff, 0x03, 0xc0, 0x21, 1, 2, 3, 4, 5, 6, 7, 8 };
  uint16_t fcs = hdlc_fcs16(buf, 12);
  buf[12] = fcs & 0xff;
  buf[13] = fcs >> 8;
  g_assert_cmphex(hdlc_fcs16(buf, 14), ==, (uint16_t)~0xf0b8);
  /* A frame whose FCS holds a 0x7e: one escape, none in the data. */
  buf[11] = 0;
  while (((fcs = hdlc_fcs16(buf, 12)) & 0xff) != HDLC_FLAG &&
         fcs >> 8 != HDLC_FLAG)
    buf[11]++;
  g_assert_cmpuint(hdlc_wire_len(buf, 12, false), ==, 15);
  g_assert_cmpuint(hdlc_wire_len(buf, 12, true), ==,
                   15 + ((fcs & 0xff) == HDLC_FLAG) + (fcs >> 8 == HDLC_FLAG));
}

/* Exact times at 1 Mb/s (8 us a byte) of a 100-byte frame holding ten
 * 0x7e and five 0x7d: 103 bytes on the wire without stuffing, 118 plus
 * the FCS's escapes with it. */
static void test_stuffing_timing(void)
{
  for (int stuff = 0; stuff < 2; stuff++) {
    struct link_params par = params_plain(1e6, 0);
    par.stuffing = stuff;
    struct rig r;
    rig_init(&r, SEED, &par);
    struct pbuf *p = echo_frame(r.next_id++, 100);
    uint8_t *b = pbuf_data(p);
    for (int i = 12; i < 100; i++)
      b[i] = 0x55;
    memset(b + 20, HDLC_FLAG, 10);
    memset(b + 40, HDLC_ESCAPE, 5);
    uint16_t fcs = hdlc_fcs16(b, 100);
    int fe = (fcs & 0xff) == 0x7e || (fcs & 0xff) == 0x7d;
    fe += fcs >> 8 == 0x7e || fcs >> 8 == 0x7d;
    g_assert_cmpint(medium_output(link_port(r.l, 0), p), ==, 0);
    run_all(&r);
    g_assert_cmpuint(nrecs(&r, 1), ==, 1);
    sim_time_t want = stuff ? (118 + fe) * 8 * SIM_US : 103 * 8 * SIM_US;
    g_assert_cmpint(rec_at(&r, 1, 0)->t, ==, want);
    g_assert_cmpuint(rec_at(&r, 1, 0)->len, ==, 100);
    rig_clear(&r);
  }
}

static void test_direction(void)
{
  struct link_params ab = params_plain(1e6, 10 * SIM_MS);
  struct link_params ba = params_plain(2e6, 3 * SIM_MS);
  struct rig r;
  rig_init(&r, SEED, &ab);
  link_set_params(r.l, 1, &ba);
  g_assert_cmpfloat(link_get_params(r.l, 0)->rate_bps, ==, 1e6);
  g_assert_cmpfloat(link_get_params(r.l, 1)->rate_bps, ==, 2e6);
  for (int i = 0; i < 2; i++) {
    g_assert_cmpint(send_len(&r, 0, W), ==, 0);
    g_assert_cmpint(send_len(&r, 1, W), ==, 0);
  }
  run_all(&r);
  g_assert_cmpuint(nrecs(&r, 1), ==, 2);
  g_assert_cmpuint(nrecs(&r, 0), ==, 2);
  g_assert_cmpint(rec_at(&r, 1, 0)->t, ==, 18 * SIM_MS);
  g_assert_cmpint(rec_at(&r, 1, 1)->t, ==, 26 * SIM_MS);
  g_assert_cmpint(rec_at(&r, 0, 0)->t, ==, 7 * SIM_MS);
  g_assert_cmpint(rec_at(&r, 0, 1)->t, ==, 11 * SIM_MS);
  g_assert_cmpuint(link_stats(r.l, 0)->rx_frames, ==, 2);
  g_assert_cmpuint(link_stats(r.l, 1)->rx_frames, ==, 2);
  rig_clear(&r);
}

/* ---- queue and MTU ---- */

static void test_queue_pkts(void)
{
  struct link_params par = params_plain(1e6, 0);
  par.queue_pkts = 3;
  struct rig r;
  rig_init(&r, SEED, &par);
  for (int i = 0; i < 10; i++)
    g_assert_cmpint(send_len(&r, 0, 100), ==, i < 4 ? 0 : -ENOBUFS);
  const struct link_stats *st = link_stats(r.l, 0);
  g_assert_cmpuint(st->drops[LINK_DROP_QUEUE], ==, 6);
  g_assert_cmpuint(st->queue_len, ==, 3);
  g_assert_cmpuint(st->queue_max, ==, 3);
  g_assert_cmpuint(st->tx_frames, ==, 1);
  run_all(&r);
  g_assert_cmpuint(nrecs(&r, 1), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint(rec_at(&r, 1, i)->id, ==, i);
  g_assert_cmpint(send_len(&r, 0, 100), ==, 0);
  run_all(&r);
  g_assert_cmpuint(nrecs(&r, 1), ==, 5);
  g_assert_cmpuint(st->drops[LINK_DROP_QUEUE], ==, 6);
  g_assert_cmpuint(link_stats(r.l, 1)->drops[LINK_DROP_QUEUE], ==, 0);
  rig_clear(&r);
}

static void test_queue_bytes(void)
{
  struct link_params par = params_plain(1e6, 0);
  par.queue_bytes = 2500;
  struct rig r;
  rig_init(&r, SEED, &par);
  /* 1 in service + 2 waiting (2000 bytes); a third would make 3000 */
  for (int i = 0; i < 5; i++)
    g_assert_cmpint(send_len(&r, 0, 1000), ==, i < 3 ? 0 : -ENOBUFS);
  g_assert_cmpint(send_len(&r, 0, 501), ==, -ENOBUFS);
  g_assert_cmpint(send_len(&r, 0, 500), ==, 0);     /* exactly 2500 */
  g_assert_cmpint(send_len(&r, 0, 12), ==, -ENOBUFS);
  const struct link_stats *st = link_stats(r.l, 0);
  g_assert_cmpuint(st->drops[LINK_DROP_QUEUE], ==, 4);
  g_assert_cmpuint(st->queue_len, ==, 3);
  run_all(&r);
  g_assert_cmpuint(nrecs(&r, 1), ==, 4);
  g_assert_cmpuint(st->rx_bytes, ==, 3500);
  rig_clear(&r);
}

static void test_mtu(void)
{
  struct link_params par = params_plain(1e6, 0);
  par.mtu = 100;
  struct rig r;
  rig_init(&r, SEED, &par);
  g_assert_cmpuint(link_port(r.l, 0)->mtu, ==, 100);
  g_assert_cmpint(link_port(r.l, 0)->kind, ==, MEDIUM_P2P);
  g_assert_cmpint(send_len(&r, 0, 104), ==, 0);
  g_assert_cmpint(send_len(&r, 0, 105), ==, -EMSGSIZE);
  g_assert_cmpint(send_len(&r, 0, 2000), ==, -EMSGSIZE);
  const struct link_stats *st = link_stats(r.l, 0);
  g_assert_cmpuint(st->drops[LINK_DROP_MTU], ==, 2);
  g_assert_cmpuint(st->tx_frames, ==, 1);
  par.mtu = 2000;
  link_set_params(r.l, 0, &par);
  g_assert_cmpuint(link_port(r.l, 0)->mtu, ==, 2000);
  g_assert_cmpuint(link_port(r.l, 1)->mtu, ==, 100);
  g_assert_cmpint(send_len(&r, 0, 2004), ==, 0);
  g_assert_cmpint(send_len(&r, 1, 105), ==, -EMSGSIZE);
  run_all(&r);
  g_assert_cmpuint(nrecs(&r, 1), ==, 2);
  rig_clear(&r);
}

/* A frame sent at `t` from end 0 by an event (test_burst). */
struct timed_send {
  struct rig *r;
  uint32_t len;
};

static void send_event(void *a, void *b)
{
  (void)b;
  struct timed_send *s = a;
  g_assert_cmpint(send_len(s->r, 0, s->len), ==, 0);
}

/* Back-to-back frames on an idle link, then frames sent while one is in
 * service with nothing queued (idle transmitter's free time kept as a
 * number), while one waits, and exactly at the end of a transmission:
 * the times are those of the plain FIFO model, and a plain frame costs one
 * event (its arrival), two when another waits behind it. */
static void test_burst(void)
{
  struct link_params par = params_plain(1e6, 10 * SIM_MS);
  struct rig r;
  rig_init(&r, SEED, &par);
  struct timed_send s = { &r, W };
  const sim_time_t at[] = { 4 * SIM_MS, 12 * SIM_MS, 40 * SIM_MS,
                            48 * SIM_MS, 80 * SIM_MS };
  for (guint i = 0; i < G_N_ELEMENTS(at); i++)
    sched_at(r.sim->sched, at[i], send_event, &s, NULL);
  send_len(&r, 0, W);             /* 0: 0-8 ms, arrives at 18 */
  run_all(&r);
  /* 1 at 4 (waits), 2 at 12 (waits behind 1), 3 at 40 (idle), 4 at 48,
   * exactly when 3 ends (scheduled before 3 began: 3 is still in service),
   * 5 at 80 (idle). */
  const sim_time_t want[] = { 18 * SIM_MS, 26 * SIM_MS, 34 * SIM_MS,
                              58 * SIM_MS, 66 * SIM_MS, 98 * SIM_MS };
  g_assert_cmpuint(nrecs(&r, 1), ==, G_N_ELEMENTS(want));
  for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
    g_assert_cmpuint(rec_at(&r, 1, i)->id, ==, i);
    g_assert_cmpint(rec_at(&r, 1, i)->t, ==, want[i]);
  }
  g_assert_cmpuint(link_stats(r.l, 0)->queue_max, ==, 1);
  rig_clear(&r);
}

/* tx_start keeps the last frame size's time and its copy of the params
 * until link_set_params: a new rate applies to the next frame of the same
 * size, and impairments set while a plain frame is in service apply to the
 * queued one only (and back). */
static void test_params_change(void)
{
  struct link_params par = params_plain(1e6, 10 * SIM_MS);
  struct rig r;
  rig_init(&r, SEED, &par);
  send_len(&r, 0, W);             /* 0: 8 ms at 1 Mb/s, plain */
  par.rate_bps = 2e6;
  par.reorder = 1.0;
  par.reorder_delay = 20 * SIM_MS;
  link_set_params(r.l, 0, &par);
  send_len(&r, 0, W);             /* 1: 4 ms at 2 Mb/s, held back */
  run_until(&r, 9 * SIM_MS);
  par.rate_bps = 1e6;
  par.reorder = 0.0;
  link_set_params(r.l, 0, &par);
  send_len(&r, 0, W);             /* 2: queued, 8 ms at 1 Mb/s, plain */
  run_all(&r);
  g_assert_cmpuint(nrecs(&r, 1), ==, 3);
  const uint64_t id[3] = { 0, 2, 1 };
  const sim_time_t want[3] = { 18 * SIM_MS, 30 * SIM_MS, 42 * SIM_MS };
  for (guint i = 0; i < 3; i++) {
    g_assert_cmpuint(rec_at(&r, 1, i)->id, ==, id[i]);
    g_assert_cmpint(rec_at(&r, 1, i)->t, ==, want[i]);
  }
  g_assert_cmpuint(link_stats(r.l, 0)->reordered, ==, 1);
  rig_clear(&r);
}

static void test_noport(void)
{
  struct link_params par = params_plain(1e6, SIM_MS);
  struct rig r;
  rig_init(&r, SEED, &par);
  link_port(r.l, 1)->input = NULL;
  g_assert_cmpint(send_len(&r, 0, 100), ==, 0);
  g_assert_cmpint(send_len(&r, 1, 100), ==, 0);
  run_all(&r);
  g_assert_cmpuint(link_stats(r.l, 0)->drops[LINK_DROP_NOPORT], ==, 1);
  g_assert_cmpuint(link_stats(r.l, 0)->rx_frames, ==, 0);
  g_assert_cmpuint(link_stats(r.l, 1)->rx_frames, ==, 1);
  rig_clear(&r);
}

/* ---- loss ---- */

static void test_loss_bernoulli(void)
{
  const uint32_t n = 100000;
  struct link_params par = params_plain(1e9, SIM_US);
  par.loss = 0.1;
  struct rig r;
  rig_init(&r, SEED, &par);
  send_many(&r, n, 12);
  const struct link_stats *st = link_stats(r.l, 0);
  uint64_t lost = st->drops[LINK_DROP_LOSS];
  g_test_message("bernoulli 0.1: %" G_GUINT64_FORMAT " of %u lost", lost, n);
  /* mean 10000, sd 95: +-400 is 4.2 sd */
  g_assert_cmpuint(lost, >=, 9600);
  g_assert_cmpuint(lost, <=, 10400);
  g_assert_cmpuint(st->tx_frames, ==, n);
  g_assert_cmpuint(st->rx_frames + lost, ==, n);
  g_assert_cmpuint(nrecs(&r, 1), ==, st->rx_frames);
  rig_clear(&r);
}

/* Runs n frames through a Gilbert-Elliott link; returns the loss count and
 * sets *bursts to the number of runs of consecutive losses. */
static uint64_t ge_run(const struct link_params *par, uint32_t n,
                       uint64_t *bursts)
{
  struct rig r;
  rig_init(&r, SEED, par);
  send_many(&r, n, 12);
  GArray *got = delivered_set(&r, n);
  uint64_t lost = 0;
  *bursts = 0;
  for (uint32_t i = 0; i < n; i++) {
    bool gone = !g_array_index(got, uint8_t, i);
    lost += gone;
    if (gone && (i == 0 || g_array_index(got, uint8_t, i - 1)))
      (*bursts)++;
  }
  g_assert_cmpuint(lost, ==, link_stats(r.l, 0)->drops[LINK_DROP_LOSS]);
  g_array_unref(got);
  rig_clear(&r);
  return lost;
}

/* Sends one frame from end 0 and runs dry; true if it arrived. */
static bool one_through(struct rig *r)
{
  guint before = nrecs(r, 1);
  send_len(r, 0, 12);
  run_all(r);
  return nrecs(r, 1) > before;
}

/* Exact: with p = r = 1 the state flips every frame; the transition comes
 * first, so frame 0 (good -> bad) is lost, frame 1 (bad -> good) is not.
 * The state persists across link_set_params(). */
static void test_loss_ge_order(void)
{
  struct link_params par = params_plain(1e6, SIM_MS);
  par.ge_on = true;
  par.ge_p = par.ge_r = 1.0;
  par.ge_loss_bad = 1.0;
  struct rig r;
  rig_init(&r, SEED, &par);
  for (int i = 0; i < 6; i++)
    g_assert_cmpint(one_through(&r), ==, i % 2 == 1);
  g_assert_false(one_through(&r));  /* now bad */
  par.ge_p = par.ge_r = 0.0;        /* stay where we are */
  link_set_params(r.l, 0, &par);
  for (int i = 0; i < 3; i++)
    g_assert_false(one_through(&r));
  par.ge_r = 1.0;
  link_set_params(r.l, 0, &par);
  g_assert_true(one_through(&r));
  g_assert_true(one_through(&r));    /* p = 0: stays good */
  g_assert_cmpuint(link_stats(r.l, 0)->drops[LINK_DROP_LOSS], ==, 7);
  rig_clear(&r);
}

static void test_loss_ge(void)
{
  const uint32_t n = 100000;
  struct link_params par = params_plain(1e9, SIM_US);
  par.ge_on = true;
  par.loss = 0.9;             /* ignored when ge_on */
  par.ge_p = 0.01;
  par.ge_r = 0.25;
  par.ge_loss_bad = 1.0;
  par.ge_loss_good = 0.0;
  uint64_t bursts;
  uint64_t lost = ge_run(&par, n, &bursts);
  double rate = (double)lost / n, mean_burst = (double)lost / bursts;
  g_test_message("GE p=0.01 r=0.25: loss %.4f (want %.4f), burst %.3f "
                 "(want 4)", rate, 0.01 / 0.26, mean_burst);
  /* stationary 0.03846; about 960 bursts, sd of the total ~165 frames */
  g_assert_cmpfloat(fabs(rate - 0.01 / 0.26), <, 0.006);
  /* sd of the mean burst length ~0.11 */
  g_assert_cmpfloat(fabs(mean_burst - 4.0), <, 0.45);

  par.ge_p = 0.05;
  par.ge_r = 0.5;
  par.ge_loss_bad = 0.5;
  par.ge_loss_good = 0.01;
  lost = ge_run(&par, n, &bursts);
  double want = 0.05 / 0.55 * 0.5 + 0.5 / 0.55 * 0.01;
  rate = (double)lost / n;
  g_test_message("GE mixed: loss %.4f (want %.4f)", rate, want);
  g_assert_cmpfloat(fabs(rate - want), <, 0.004);
}

/* ---- dup, reorder, corrupt ---- */

static void test_dup(void)
{
  struct link_params par = params_plain(1e6, 10 * SIM_MS);
  par.dup = 1.0;
  struct rig r;
  rig_init(&r, SEED, &par);
  for (int i = 0; i < 3; i++)
    send_len(&r, 0, W);
  run_all(&r);
  g_assert_cmpuint(nrecs(&r, 1), ==, 6);
  for (guint i = 0; i < 6; i++) {
    g_assert_cmpuint(rec_at(&r, 1, i)->id, ==, i / 2);
    g_assert_cmpint(rec_at(&r, 1, i)->t, ==, (18 + 8 * (i / 2)) * SIM_MS);
  }
  g_assert_cmpmem(rec_at(&r, 1, 0)->bytes, W, rec_at(&r, 1, 1)->bytes, W);
  const struct link_stats *st = link_stats(r.l, 0);
  g_assert_cmpuint(st->dup_frames, ==, 3);
  g_assert_cmpuint(st->rx_frames, ==, 6);
  g_assert_cmpuint(st->tx_frames, ==, 3);
  rig_clear(&r);

  par = params_plain(1e9, 0);
  par.dup = 0.25;
  rig_init(&r, SEED, &par);
  send_many(&r, 20000, 12);
  /* mean 5000, sd 61 */
  g_assert_cmpuint(link_stats(r.l, 0)->dup_frames, >=, 4750);
  g_assert_cmpuint(link_stats(r.l, 0)->dup_frames, <=, 5250);
  g_assert_cmpuint(nrecs(&r, 1), ==, 20000 + link_stats(r.l, 0)->dup_frames);
  rig_clear(&r);
}

static void test_reorder(void)
{
  struct link_params par = params_plain(1e6, 10 * SIM_MS);
  par.reorder = 1.0;
  par.reorder_delay = 20 * SIM_MS;
  struct rig r;
  rig_init(&r, SEED, &par);
  send_len(&r, 0, W);             /* starts now, with reorder = 1 */
  par.reorder = 0.0;
  link_set_params(r.l, 0, &par);
  send_len(&r, 0, W);             /* queued: starts with reorder = 0 */
  run_all(&r);
  g_assert_cmpuint(nrecs(&r, 1), ==, 2);
  g_assert_cmpuint(rec_at(&r, 1, 0)->id, ==, 1);
  g_assert_cmpint(rec_at(&r, 1, 0)->t, ==, 26 * SIM_MS);
  g_assert_cmpuint(rec_at(&r, 1, 1)->id, ==, 0);
  g_assert_cmpint(rec_at(&r, 1, 1)->t, ==, 38 * SIM_MS);
  g_assert_cmpuint(link_stats(r.l, 0)->reordered, ==, 1);
  rig_clear(&r);

  par = params_plain(1e9, 0);
  par.reorder = 0.1;
  par.reorder_delay = SIM_MS;
  rig_init(&r, SEED, &par);
  send_many(&r, 20000, 12);
  /* mean 2000, sd 42 */
  g_assert_cmpuint(link_stats(r.l, 0)->reordered, >=, 1830);
  g_assert_cmpuint(link_stats(r.l, 0)->reordered, <=, 2170);
  g_assert_cmpuint(nrecs(&r, 1), ==, 20000);
  rig_clear(&r);
}

static int bits_differing(const uint8_t *a, const uint8_t *b, uint32_t len)
{
  int n = 0;
  for (uint32_t i = 0; i < len; i++)
    n += __builtin_popcount(a[i] ^ b[i]);
  return n;
}

/* RFC 1071 Internet checksum of bytes (the sum, before complementing). */
static uint16_t inet_sum(const uint8_t *b, uint32_t len)
{
  uint32_t s = 0;
  for (uint32_t i = 0; i + 1 < len; i += 2)
    s += (uint32_t)b[i] << 8 | b[i + 1];
  if (len & 1)
    s += (uint32_t)b[len - 1] << 8;
  while (s >> 16)
    s = (s & 0xffff) + (s >> 16);
  return (uint16_t)s;
}

static void test_corrupt(void)
{
  const uint32_t n = 400, len = 100;
  struct link_params par = params_plain(1e6, SIM_MS);
  par.corrupt = 1.0;
  struct rig r;
  rig_init(&r, SEED, &par);
  struct pbuf *kept[400];
  for (uint32_t i = 0; i < n; i++) {
    struct pbuf *p = echo_frame(r.next_id++, len);
    kept[i] = pbuf_share(p);          /* the sender's view must not change */
    g_assert_cmpint(medium_output(link_port(r.l, 0), p), ==, 0);
  }
  run_all(&r);
  g_assert_cmpuint(nrecs(&r, 1), ==, n);
  g_assert_cmpuint(link_stats(r.l, 0)->corrupted, ==, n);
  bool hit[100] = { false };
  guint bytes_hit = 0;
  for (uint32_t i = 0; i < n; i++) {
    struct rec *rc = rec_at(&r, 1, i);
    struct pbuf *orig = echo_frame(i, len);
    g_assert_cmpmem(pbuf_data(kept[i]), len, pbuf_data(orig), len);
    g_assert_cmpint(bits_differing(rc->bytes, pbuf_data(orig), len), ==, 1);
    g_assert_cmpuint(inet_sum(rc->bytes, len), !=,
                     inet_sum(pbuf_data(orig), len));
    for (uint32_t j = 0; j < len; j++)
      if (rc->bytes[j] != pbuf_data(orig)[j] && !hit[j]) {
        hit[j] = true;
        bytes_hit++;
      }
    pbuf_free(orig);
    pbuf_free(kept[i]);
  }
  /* 400 uniform flips over 100 bytes miss a given byte w.p. 1.8% */
  g_assert_cmpuint(bytes_hit, >=, 90);
  rig_clear(&r);
}

/* corrupt + dup: the first copy carries the flip, the duplicate is clean */
static void test_corrupt_dup(void)
{
  struct link_params par = params_plain(1e6, SIM_MS);
  par.corrupt = 1.0;
  par.dup = 1.0;
  struct rig r;
  rig_init(&r, SEED, &par);
  send_len(&r, 0, 64);
  run_all(&r);
  g_assert_cmpuint(nrecs(&r, 1), ==, 2);
  struct pbuf *orig = echo_frame(0, 64);
  g_assert_cmpint(bits_differing(rec_at(&r, 1, 0)->bytes, pbuf_data(orig), 64),
                  ==, 1);
  g_assert_cmpmem(rec_at(&r, 1, 1)->bytes, 64, pbuf_data(orig), 64);
  pbuf_free(orig);
  rig_clear(&r);
}

/* ---- stream independence ---- */

static GArray *lost_pattern(const struct link_params *par, uint32_t n,
                            uint64_t seed, uint64_t *dups)
{
  struct rig r;
  rig_init(&r, seed, par);
  send_many(&r, n, 12);
  GArray *got = delivered_set(&r, n);
  *dups = link_stats(r.l, 0)->dup_frames;
  rig_clear(&r);
  return got;
}

static void test_streams_independent(void)
{
  const uint32_t n = 5000;
  struct link_params par = params_plain(1e9, SIM_US);
  par.loss = 0.2;
  uint64_t dups;
  GArray *loss = lost_pattern(&par, n, SEED, &dups);
  g_assert_cmpuint(dups, ==, 0);
  par.dup = 0.3;
  par.reorder = 0.2;
  par.reorder_delay = 10 * SIM_US;
  par.corrupt = 0.1;
  GArray *all = lost_pattern(&par, n, SEED, &dups);
  g_assert_cmpuint(dups, >, 1000);
  g_assert_cmpuint(fate_diff(loss, all, false), ==, 0);
  /* and loss does not move dup's choices, among frames both delivered */
  par.loss = 0.0;
  GArray *nolos = lost_pattern(&par, n, SEED, &dups);
  g_assert_cmpuint(fate_diff(nolos, all, true), ==, 0);
  /* the same for GE loss, whose state lives in the loss stream */
  par.ge_on = true;
  par.ge_p = 0.02;
  par.ge_r = 0.3;
  par.ge_loss_bad = 0.8;
  GArray *ge_all = lost_pattern(&par, n, SEED, &dups);
  par.dup = par.reorder = par.corrupt = 0.0;
  GArray *ge = lost_pattern(&par, n, SEED, &dups);
  g_assert_cmpuint(fate_diff(ge, ge_all, false), ==, 0);
  g_assert_cmpuint(fate_diff(ge, loss, false), >, 0);
  g_array_unref(loss);
  g_array_unref(all);
  g_array_unref(nolos);
  g_array_unref(ge_all);
  g_array_unref(ge);
}

/* A probability of 0 makes no draw: 1000 frames at loss 0 leave the loss
 * stream where it was, so the next 1000 at 0.1 lose the same frames as a
 * fresh run at 0.1. */
static void test_zero_no_draw(void)
{
  const uint32_t n = 1000;
  struct link_params par = params_plain(1e9, SIM_US);
  par.loss = 0.1;
  uint64_t dups;
  GArray *fresh = lost_pattern(&par, n, SEED, &dups);
  struct rig r;
  par.loss = 0.0;
  rig_init(&r, SEED, &par);
  send_many(&r, n, 12);
  g_assert_cmpuint(nrecs(&r, 1), ==, n);
  par.loss = 0.1;
  link_set_params(r.l, 0, &par);
  send_many(&r, n, 12);
  GArray *got = delivered_set(&r, 2 * n);
  g_assert_cmpmem(got->data + n, n, fresh->data, n);
  g_array_unref(got);
  g_array_unref(fresh);
  rig_clear(&r);
}

/* ---- down / up ---- */

static void test_down_up(void)
{
  struct link_params par = params_plain(1e6, 10 * SIM_MS);
  struct rig r;
  rig_init(&r, SEED, &par);
  for (int i = 0; i < 5; i++)
    send_len(&r, 0, W);
  send_len(&r, 1, W);             /* ba: 0-8 ms, arrives at 18 */
  run_until(&r, 20 * SIM_MS);
  /* ab: #0 arrived at 18; #1 propagating (arrives 26); #2 in service
   * (16-24); #3 and #4 queued */
  g_assert_cmpuint(nrecs(&r, 1), ==, 1);
  g_assert_cmpuint(nrecs(&r, 0), ==, 1);
  link_down(r.l);
  link_down(r.l);                    /* idempotent */
  g_assert_false(link_is_up(r.l));
  const struct link_stats *st = link_stats(r.l, 0);
  g_assert_cmpuint(st->drops[LINK_DROP_DOWN], ==, 4);
  g_assert_cmpuint(st->queue_len, ==, 0);
  g_assert_cmpuint(link_stats(r.l, 1)->drops[LINK_DROP_DOWN], ==, 0);
  g_assert_cmpuint(sched_pending(r.sim->sched), ==, 0);
  g_assert_cmpint(send_len(&r, 0, W), ==, 0);  /* lost silently */
  g_assert_cmpint(send_len(&r, 1, W), ==, 0);
  g_assert_cmpuint(st->drops[LINK_DROP_DOWN], ==, 5);
  g_assert_cmpuint(link_stats(r.l, 1)->drops[LINK_DROP_DOWN], ==, 1);
  run_until(&r, 100 * SIM_MS);
  g_assert_cmpuint(nrecs(&r, 1), ==, 1);
  link_up(r.l);
  g_assert_true(link_is_up(r.l));
  g_assert_cmpint(send_len(&r, 0, W), ==, 0);
  run_all(&r);
  g_assert_cmpuint(nrecs(&r, 1), ==, 2);
  g_assert_cmpint(rec_at(&r, 1, 1)->t, ==, 118 * SIM_MS);
  g_assert_cmpuint(st->tx_frames, ==, 4);
  g_assert_cmpuint(st->rx_frames, ==, 2);
  rig_clear(&r);
}

/* link_free with frames queued, in service and propagating both ways
 * (ASan checks for leaks), and the sim's queue left empty. */
static void test_free_busy(void)
{
  struct link_params par = params_plain(1e6, 10 * SIM_MS);
  par.dup = 0.5;
  struct rig r;
  rig_init(&r, SEED, &par);
  for (int i = 0; i < 6; i++) {
    send_len(&r, 0, 1000);
    send_len(&r, 1, 1000);
  }
  run_until(&r, 20 * SIM_MS);
  link_free(r.l);
  r.l = NULL;
  g_assert_cmpuint(sched_pending(r.sim->sched), ==, 0);
  rig_clear(&r);
}

/* ---- capture ---- */

/* Runs $PCAP_CHECK (scripts/pcap-check, set by meson) on path, if tshark
 * is there: it exits non-zero on any malformed frame. */
static void pcap_check(const char *path)
{
  const char *script = g_getenv("PCAP_CHECK");
  if (!g_getenv("TSHARK") || !script) {
    g_test_message("TSHARK or PCAP_CHECK not set: pcap-check skipped");
    return;
  }
  char *argv[] = { (char *)script, (char *)path, NULL };
  int status = 0;
  GError *err = NULL;
  g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                             NULL, NULL, &status, &err));
  g_assert_no_error(err);
  g_assert_true(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77)
    g_test_message("pcap-check skipped itself (no tshark)");
  else
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
}

static void test_capture(void)
{
  GError *err = NULL;
  char *dir = g_dir_make_tmp("test_link-XXXXXX", &err);
  g_assert_no_error(err);
  char *path = g_build_filename(dir, "link.pcap", NULL);
  struct capture *c = capture_open(path, CAPTURE_LINKTYPE_PPP, &err);
  g_assert_no_error(err);
  struct link_params par = params_plain(1e6, SIM_MS);
  par.loss = 0.2;
  struct rig r;
  rig_init(&r, SEED, &par);
  link_set_capture(r.l, c);
  for (int i = 0; i < 20; i++) {
    send_len(&r, i % 2, 12 + 40 * i);
  }
  run_all(&r);
  uint64_t tx = link_stats(r.l, 0)->tx_frames + link_stats(r.l, 1)->tx_frames;
  g_assert_cmpuint(tx, ==, 20);
  g_assert_cmpuint(capture_frames(c), ==, 20);
  link_set_capture(r.l, NULL);
  send_len(&r, 0, 12);
  run_all(&r);
  g_assert_cmpuint(capture_frames(c), ==, 20);
  g_assert_true(capture_close(c, &err));
  g_assert_no_error(err);
  rig_clear(&r);

  char *data;
  gsize size;
  g_assert_true(g_file_get_contents(path, &data, &size, &err));
  /* 24-byte file header, 16-byte record header, then ff 03 c0 21 09 00 */
  g_assert_cmpuint(size, >=, 24 + 16 + 12);
  const uint8_t want[] = { 0xff, 0x03, 0xc0, 0x21, 0x09, 0x00, 0x00, 0x08 };
  g_assert_cmpmem(data + 40, sizeof want, want, sizeof want);
  g_free(data);

  pcap_check(path);
  g_unlink(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
}

/* ---- trace and determinism ---- */

static void test_trace(void)
{
  struct link_params par = params_plain(1e6, SIM_MS);
  par.queue_pkts = 1;
  struct rig r;
  rig_init(&r, SEED, &par);
  struct trace *tr = trace_new_memory();
  r.sim->trace = tr;
  send_len(&r, 0, 100);
  send_len(&r, 0, 100);
  send_len(&r, 0, 100);
  send_len(&r, 1, 2000);
  run_all(&r);
  link_port(r.l, 0)->input = NULL;
  send_len(&r, 1, 12);
  run_all(&r);
  link_down(r.l);
  send_len(&r, 0, 12);
  link_up(r.l);
  const char *want =
    "0.000000000 t0.ab tx-start len=100\n"
    "0.000000000 t0.ab enqueue len=100 qlen=1\n"
    "0.000000000 t0.ab drop cause=queue len=100\n"
    "0.000000000 t0.ba drop cause=mtu len=2000\n"
    "0.000824000 t0.ab tx-start len=100\n"      /* 103 bytes: 824 us */
    "0.001824000 t0.ab deliver len=100\n"
    "0.002648000 t0.ab deliver len=100\n"
    "0.002648000 t0.ba tx-start len=12\n"
    "0.003768000 t0.ba drop cause=noport len=12\n"  /* 15 bytes: 120 us */
    "0.003768000 t0 down\n"
    "0.003768000 t0.ab drop cause=down len=12\n"
    "0.003768000 t0 up\n";
  g_assert_cmpstr(trace_text(tr), ==, want);
  r.sim->trace = NULL;
  trace_close(tr, NULL);
  rig_clear(&r);
}

/* A busy two-way run with every model on; returns the trace text and
 * appends "end id time len" per delivery to *log. */
static char *busy_run(uint64_t seed, GString *log)
{
  struct link_params par = params_plain(2e6, 5 * SIM_MS);
  par.queue_pkts = 8;
  par.ge_on = true;
  par.ge_p = 0.05;
  par.ge_r = 0.3;
  par.ge_loss_bad = 0.7;
  par.ge_loss_good = 0.01;
  par.dup = 0.05;
  par.reorder = 0.1;
  par.reorder_delay = 3 * SIM_MS;
  par.corrupt = 0.05;
  struct rig r;
  rig_init(&r, seed, &par);
  struct trace *tr = trace_new_memory();
  r.sim->trace = tr;
  for (int i = 0; i < 3000; i++) {
    send_len(&r, i % 3 == 0, 12 + (i * 37) % 500);
    run_until(&r, sim_now(r.sim) + 300 * SIM_US);
  }
  run_all(&r);
  for (int e = 0; e < 2; e++)
    for (guint i = 0; i < nrecs(&r, e); i++) {
      struct rec *rc = rec_at(&r, e, i);
      g_string_append_printf(log, "%d %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT
                             " %u %02x%02x\n", e, rc->id, rc->t, rc->len,
                             rc->bytes[rc->len - 2], rc->bytes[rc->len - 1]);
    }
  char *text = g_strdup(trace_text(tr));
  r.sim->trace = NULL;
  trace_close(tr, NULL);
  rig_clear(&r);
  return text;
}

static void test_determinism(void)
{
  GString *log1 = g_string_new(NULL), *log2 = g_string_new(NULL);
  GString *log3 = g_string_new(NULL);
  char *t1 = busy_run(SEED, log1);
  char *t2 = busy_run(SEED, log2);
  char *t3 = busy_run(SEED + 1, log3);
  g_assert_cmpuint(log1->len, >, 1000);
  g_assert_cmpstr(log1->str, ==, log2->str);
  g_assert_cmpstr(t1, ==, t2);
  g_assert_cmpstr(log1->str, !=, log3->str);
  g_assert_cmpstr(t1, !=, t3);
  g_assert_nonnull(strstr(t1, " dup\n"));
  g_assert_nonnull(strstr(t1, " reorder\n"));
  g_assert_nonnull(strstr(t1, " corrupt bit="));
  g_assert_nonnull(strstr(t1, " drop cause=loss"));
  g_assert_nonnull(strstr(t1, " drop cause=queue"));
  g_free(t1);
  g_free(t2);
  g_free(t3);
  g_string_free(log1, TRUE);
  g_string_free(log2, TRUE);
  g_string_free(log3, TRUE);

  /* and a different seed drops different frames */
  struct link_params par = params_plain(1e9, SIM_US);
  par.loss = 0.1;
  uint64_t dups;
  GArray *a = lost_pattern(&par, 2000, SEED, &dups);
  GArray *b = lost_pattern(&par, 2000, SEED + 1, &dups);
  g_assert_true(memcmp(a->data, b->data, 2000) != 0);
  g_array_unref(a);
  g_array_unref(b);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/link/timing/serialization-and-delay", test_timing);
  g_test_add_func("/link/timing/rounding", test_timing_rounding);
  g_test_add_func("/link/framing/fcs-stuffing", test_fcs_stuffing);
  g_test_add_func("/link/framing/stuffing-timing", test_stuffing_timing);
  g_test_add_func("/link/direction/independent-params", test_direction);
  g_test_add_func("/link/queue/drop-tail-packets", test_queue_pkts);
  g_test_add_func("/link/queue/drop-tail-bytes", test_queue_bytes);
  g_test_add_func("/link/mtu", test_mtu);
  g_test_add_func("/link/timing/burst", test_burst);
  g_test_add_func("/link/params-change", test_params_change);
  g_test_add_func("/link/noport", test_noport);
  g_test_add_func("/link/loss/bernoulli", test_loss_bernoulli);
  g_test_add_func("/link/loss/gilbert-elliott", test_loss_ge);
  g_test_add_func("/link/loss/gilbert-elliott-order", test_loss_ge_order);
  g_test_add_func("/link/loss/zero-makes-no-draw", test_zero_no_draw);
  g_test_add_func("/link/dup", test_dup);
  g_test_add_func("/link/reorder", test_reorder);
  g_test_add_func("/link/corrupt", test_corrupt);
  g_test_add_func("/link/corrupt/dup-is-clean", test_corrupt_dup);
  g_test_add_func("/link/streams-independent", test_streams_independent);
  g_test_add_func("/link/down-up", test_down_up);
  g_test_add_func("/link/free-busy", test_free_busy);
  g_test_add_func("/link/capture", test_capture);
  g_test_add_func("/link/trace", test_trace);
  g_test_add_func("/link/determinism", test_determinism);
  return g_test_run();
}
