/* sim/media/tests/test_bus.c: the shared Ethernet bus (sim/media/bus.c).
 * Exact times where the model fixes them (frame time, propagation, IFG,
 * jam, collision detection, 16 attempts), statistical bounds under load,
 * address filtering, pcap output and seed determinism; a crowded segment
 * whose unicast frames cost events per frame, not per frame and station. Times follow IEEE
 * 802.3 clause 4 at 10 Mb/s: bit time 100 ns, slot 51.2 us, IFG 9.6 us. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "bus.h"

#define ETHERTYPE_TEST 0x88b5     /* IEEE local experimental ethertype */
#define US(x) ((sim_time_t)((x) * 1000.0 + 0.5))

/* ---- fixtures ---- */

struct rx_log {
  struct sim *sim;            /* for timestamps */
  uint64_t n;                 /* frames received */
  uint64_t bytes;             /* their lengths */
  sim_time_t last_t;          /* time of the last one */
  uint32_t last_len;          /* its length */
  GPtrArray *keep;            /* received pbufs, when not NULL */
};

static void rx_input(void *upper, struct pbuf *p)
{
  struct rx_log *r = upper;
  r->n++;
  r->bytes += p->len;
  r->last_t = sim_now(r->sim);
  r->last_len = p->len;
  if (r->keep)
    g_ptr_array_add(r->keep, p);
  else
    pbuf_free(p);
}

static void mac_of(uint8_t mac[ETHER_ADDR_LEN], int i)
{
  const uint8_t m[ETHER_ADDR_LEN] = { 0x02, 0, 0, 0, 0, (uint8_t)i };
  memcpy(mac, m, ETHER_ADDR_LEN);
}

static const uint8_t bcast[ETHER_ADDR_LEN] = { 0xff, 0xff, 0xff,
                                               0xff, 0xff, 0xff };

/* A DIX frame of len bytes (>= 14) from station src to dst. */
static struct pbuf *frame(const uint8_t dst[ETHER_ADDR_LEN], int src,
                          uint32_t len)
{
  struct pbuf *p = pbuf_new(len);
  uint8_t *d = pbuf_data(p);
  memcpy(d, dst, ETHER_ADDR_LEN);
  mac_of(d + ETHER_ADDR_LEN, src);
  d[12] = ETHERTYPE_TEST >> 8;
  d[13] = ETHERTYPE_TEST & 0xff;
  for (uint32_t i = ETHER_HDR_LEN; i < len; i++)
    d[i] = (uint8_t)i;
  return p;
}

static struct pbuf *frame_to(int dst, int src, uint32_t len)
{
  uint8_t m[ETHER_ADDR_LEN];
  mac_of(m, dst);
  return frame(m, src, len);
}

struct lan {
  struct sim *sim;            /* the run */
  struct bus *bus;            /* the bus */
  struct medium_port *port[32];   /* station i is port[i], MAC ...:i+1 */
  struct rx_log rx[32];       /* what each station got */
  int n;                      /* stations */
};

static void lan_init(struct lan *b, uint64_t seed, const struct bus_params *p,
                     const double *pos, int n)
{
  memset(b, 0, sizeof *b);
  b->sim = sim_new(seed);
  b->bus = bus_new(b->sim, "lan0", p);
  b->n = n;
  for (int i = 0; i < n; i++) {
    uint8_t mac[ETHER_ADDR_LEN];
    mac_of(mac, i + 1);
    b->port[i] = bus_attach(b->bus, pos[i], mac);
    b->rx[i].sim = b->sim;
    b->port[i]->input = rx_input;
    b->port[i]->upper = &b->rx[i];
  }
}

static void lan_clear(struct lan *b)
{
  bus_free(b->bus);
  for (int i = 0; i < b->n; i++)
    if (b->rx[i].keep)
      g_ptr_array_free(b->rx[i].keep, TRUE);
  if (b->sim->trace)
    trace_close(b->sim->trace, NULL);
  sim_free(b->sim);
}

/* Station i sends a frame of len bytes to station j (1-based MACs). */
static int lan_send(struct lan *b, int i, int j, uint32_t len)
{
  return medium_output(b->port[i], frame_to(j + 1, i + 1, len));
}

static void run_until(struct lan *b, sim_time_t t)
{
  sched_run(b->sim->sched, t, 0);
}

static void run_all(struct lan *b)
{
  sched_run(b->sim->sched, SIM_TIME_MAX, 0);
}

static void trace_on(struct lan *b)
{
  b->sim->trace = trace_new_memory();
}

static const char *trace_of(struct lan *b)
{
  return trace_text(b->sim->trace);
}

/* True if the trace holds a line containing `line`. */
static bool has_line(struct lan *b, const char *line)
{
  return strstr(trace_of(b), line) != NULL;
}

static guint count_substr(const char *text, const char *needle)
{
  guint n = 0;
  for (const char *q = text; (q = strstr(q, needle)) != NULL; q++)
    n++;
  return n;
}

/* ---- timing ---- */

static void test_single_frame_timing(void)
{
  struct bus_params p;
  bus_params_default(&p);
  struct lan b;
  lan_init(&b, 1, &p, (double[]){ 0, 200 }, 2);
  trace_on(&b);
  g_assert_cmpint(lan_send(&b, 0, 1, 60), ==, 0);
  run_all(&b);
  /* (8 + 64) bytes * 8 bits * 100 ns = 57.6 us, then 200 m = 1 us. */
  g_assert_cmpuint(b.rx[1].n, ==, 1);
  g_assert_cmpint(b.rx[1].last_t, ==, US(58.6));
  g_assert_cmpuint(b.rx[1].last_len, ==, 60);
  g_assert_cmpuint(b.rx[0].n, ==, 0);
  const struct bus_stats *s = bus_stats(b.bus);
  g_assert_cmpuint(s->tx_frames, ==, 1);
  g_assert_cmpuint(s->tx_bytes, ==, 60);
  g_assert_cmpuint(s->rx_frames, ==, 1);
  g_assert_cmpint(s->busy_time, ==, US(57.6));
  g_assert_cmpuint(s->collisions + s->deferrals, ==, 0);
  g_assert_cmpuint(bus_port_stats(b.port[0])->tx_frames, ==, 1);
  g_assert_cmpuint(bus_port_stats(b.port[1])->rx_frames, ==, 1);
  g_assert_true(has_line(&b, "0.000000000 lan0 tx-start src=02:00:00:00:00:01"
                             " len=64 attempt=1\n"));
  g_assert_true(has_line(&b, "0.000057600 lan0 tx-end src=02:00:00:00:00:01"
                             " len=64\n"));
  g_assert_true(has_line(&b, "0.000058600 lan0 deliver dst=02:00:00:00:00:02"
                             " src=02:00:00:00:00:01 len=64\n"));
  g_assert_cmpuint(sched_pending(b.sim->sched), ==, 0);
  lan_clear(&b);
}

static void test_max_frame_timing(void)
{
  struct bus_params p;
  bus_params_default(&p);
  struct lan b;
  lan_init(&b, 1, &p, (double[]){ 0, 500 }, 2);
  g_assert_cmpint(lan_send(&b, 0, 1, 1514), ==, 0);
  run_all(&b);
  /* (8 + 1518) * 8 * 100 ns = 1220.8 us, + 2.5 us. */
  g_assert_cmpint(b.rx[1].last_t, ==, US(1223.3));
  g_assert_cmpint(bus_stats(b.bus)->busy_time, ==, US(1220.8));
  lan_clear(&b);
}

/* A station attached without a known position is moved before sending. */
static void test_set_position(void)
{
  struct bus_params p;
  bus_params_default(&p);
  struct lan b;
  lan_init(&b, 1, &p, (double[]){ 0, 0 }, 2);
  bus_set_position(b.port[1], 300);
  lan_send(&b, 0, 1, 60);
  run_all(&b);
  g_assert_cmpint(b.rx[1].last_t, ==, US(57.6 + 1.5));
  lan_clear(&b);
}

static void test_padding_and_size(void)
{
  struct bus_params p;
  bus_params_default(&p);
  struct lan b;
  lan_init(&b, 1, &p, (double[]){ 0, 100 }, 2);
  b.rx[1].keep = g_ptr_array_new_with_free_func((GDestroyNotify)pbuf_free);
  g_assert_cmpint(lan_send(&b, 0, 1, 20), ==, 0);
  g_assert_cmpint(lan_send(&b, 0, 1, 1515), ==, -EMSGSIZE);
  run_all(&b);
  g_assert_cmpuint(b.rx[1].keep->len, ==, 1);
  struct pbuf *got = b.rx[1].keep->pdata[0];
  g_assert_cmpuint(got->len, ==, 60);
  const uint8_t *d = pbuf_data(got);
  for (uint32_t i = ETHER_HDR_LEN; i < 20; i++)
    g_assert_cmpuint(d[i], ==, i);
  for (uint32_t i = 20; i < 60; i++)
    g_assert_cmpuint(d[i], ==, 0);
  g_assert_cmpint(b.rx[1].last_t, ==, US(57.6 + 0.5));
  const struct bus_stats *s = bus_stats(b.bus);
  g_assert_cmpuint(s->drops[BUS_DROP_SIZE], ==, 1);
  g_assert_cmpuint(bus_port_stats(b.port[0])->drops[BUS_DROP_SIZE], ==, 1);
  g_assert_cmpuint(s->tx_frames, ==, 1);
  g_assert_cmpuint(s->tx_bytes, ==, 60);
  lan_clear(&b);
}

static void test_queue_drop_tail(void)
{
  struct bus_params p;
  bus_params_default(&p);
  p.queue_pkts = 2;
  struct lan b;
  lan_init(&b, 1, &p, (double[]){ 0, 100 }, 2);
  /* The first goes on the cable at once, two wait, the fourth is dropped. */
  for (int i = 0; i < 3; i++)
    g_assert_cmpint(lan_send(&b, 0, 1, 100), ==, 0);
  g_assert_cmpint(lan_send(&b, 0, 1, 100), ==, -ENOBUFS);
  run_all(&b);
  g_assert_cmpuint(b.rx[1].n, ==, 3);
  g_assert_cmpuint(bus_stats(b.bus)->drops[BUS_DROP_QUEUE], ==, 1);
  /* Back to back: each starts an IFG after the previous one's end. Frame
   * time (8 + 104) * 8 * 100 ns = 89.6 us, 100 m = 0.5 us. */
  g_assert_cmpint(b.rx[1].last_t, ==, US(3 * 89.6 + 2 * 9.6 + 0.5));
  g_assert_cmpuint(bus_stats(b.bus)->deferrals, ==, 0);
  lan_clear(&b);
}

/* B gets its frame at t_b while A (200 m away) sends a 60-byte frame from
 * 0 to 57.6 us, whose signal is at B from 1 us to 58.6 us. */
static sim_time_t deferral_start(sim_time_t t_b, uint64_t *deferrals)
{
  struct bus_params p;
  bus_params_default(&p);
  struct lan b;
  lan_init(&b, 1, &p, (double[]){ 0, 200 }, 2);
  lan_send(&b, 0, 1, 60);
  run_until(&b, t_b);
  lan_send(&b, 1, 0, 60);
  run_all(&b);
  g_assert_cmpuint(b.rx[0].n, ==, 1);
  g_assert_cmpuint(b.rx[1].n, ==, 1);
  g_assert_cmpuint(bus_stats(b.bus)->collisions, ==, 0);
  *deferrals = bus_port_stats(b.port[1])->deferrals;
  g_assert_cmpuint(bus_stats(b.bus)->deferrals, ==, *deferrals);
  sim_time_t start = b.rx[0].last_t - US(57.6) - US(1);
  lan_clear(&b);
  return start;
}

static void test_deferral(void)
{
  uint64_t n;
  /* Carrier present at B: wait for it to drop (58.6), then the IFG. */
  g_assert_cmpint(deferral_start(US(10), &n), ==, US(58.6 + 9.6));
  g_assert_cmpuint(n, ==, 1);
  /* A's signal has not reached B yet (it does at 1 us): B sends at once
   * and the two collide, so this case is covered in the collision tests.
   * Carrier gone but less than an IFG ago: wait out the IFG, no deferral. */
  g_assert_cmpint(deferral_start(US(60), &n), ==, US(58.6 + 9.6));
  g_assert_cmpuint(n, ==, 0);
  /* Quiet for longer than an IFG: immediately. */
  g_assert_cmpint(deferral_start(US(70), &n), ==, US(70));
  g_assert_cmpuint(n, ==, 0);
}

/* ---- collisions ---- */

/* defined below */
static sim_time_t line_time(const char *text, const char *what,
                            const char *who, guint nth);

/* C (250 m) defers on A's frame; A and B (500 m) then collide, cutting A's
 * frame short: C must re-plan and go as soon as the jams have passed it.
 * A and B start at 0 and detect at 2.5 us; both jams end at 5.7 us and
 * pass C (1.25 us away) at 6.95 us; C then waits the IFG. */
static void test_deferral_replan(void)
{
  struct bus_params p;
  bus_params_default(&p);
  struct lan b;
  lan_init(&b, 1, &p, (double[]){ 0, 500, 250 }, 3);
  trace_on(&b);
  lan_send(&b, 0, 1, 60);
  lan_send(&b, 1, 0, 60);
  run_until(&b, US(2));                 /* A's signal is at C since 1.25 */
  lan_send(&b, 2, 0, 60);
  run_all(&b);
  const char *t = trace_of(&b);
  g_assert_cmpint(line_time(t, "defer", "src=02:00:00:00:00:03", 0), ==,
                  US(2));
  g_assert_cmpint(line_time(t, "tx-start", "src=02:00:00:00:00:03", 0), ==,
                  US(6.95 + 9.6));
  g_assert_cmpuint(bus_stats(b.bus)->tx_frames, ==, 3);
  lan_clear(&b);
}

/* Carrier sense lags the signal by sense_delay (0.5 us by default). A
 * (0 m) starts at 0; its signal reaches B (500 m) at 2.5 us. B, given a
 * frame at time `at`, transmits if A's carrier is not yet sensed there and
 * collides at once; A hears B 2.5 us after B started. Returns B's first
 * tx-start, and sets *collided. */
static sim_time_t sense_case(sim_time_t sense_delay, sim_time_t at,
                             bool *collided)
{
  struct bus_params p;
  bus_params_default(&p);
  p.sense_delay = sense_delay;
  struct lan b;
  lan_init(&b, 1, &p, (double[]){ 0, 500 }, 2);
  trace_on(&b);
  lan_send(&b, 0, 1, 60);
  run_until(&b, at);
  lan_send(&b, 1, 0, 60);
  run_all(&b);
  const char *t = trace_of(&b);
  const char *A = "src=02:00:00:00:00:01", *B = "src=02:00:00:00:00:02";
  sim_time_t tb = line_time(t, "tx-start", B, 0);
  *collided = line_time(t, "collision", B, 0) >= 0;
  if (*collided) {
    g_assert_cmpint(line_time(t, "collision", B, 0), ==, at);
    g_assert_cmpint(line_time(t, "collision", A, 0), ==, at + US(2.5));
  }
  g_assert_cmpuint(b.rx[0].n, ==, 1);
  g_assert_cmpuint(b.rx[1].n, ==, 1);
  lan_clear(&b);
  return tb;
}

static void test_sense_delay(void)
{
  struct bus_params p;
  bus_params_default(&p);
  g_assert_cmpint(p.sense_delay, ==, US(0.5));
  bool col;
  /* At the very instant A's signal arrives, and 0.4 us into it: B sends. */
  g_assert_cmpint(sense_case(US(0.5), US(2.5), &col), ==, US(2.5));
  g_assert_true(col);
  g_assert_cmpint(sense_case(US(0.5), US(2.9), &col), ==, US(2.9));
  g_assert_true(col);
  /* From 0.5 us on, B senses it and defers: it sends after A's frame ends
   * at B (57.6 + 2.5 us) and the IFG. */
  g_assert_cmpint(sense_case(US(0.5), US(3.0), &col), ==,
                  US(57.6 + 2.5 + 9.6));
  g_assert_false(col);
  /* With no delay (the model before), the arrival instant is deferred to. */
  g_assert_cmpint(sense_case(0, US(2.5), &col), ==, US(57.6 + 2.5 + 9.6));
  g_assert_false(col);
}

/* The time (ns) of the first trace line with both needles, or -1. */
static sim_time_t line_time(const char *text, const char *what,
                            const char *who, guint nth)
{
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (!strstr(lines[i], what) || !strstr(lines[i], who))
      continue;
    if (nth-- > 0)
      continue;
    long s = 0, ns = 0;
    g_assert_cmpint(sscanf(lines[i], "%ld.%ld", &s, &ns), ==, 2);
    return (sim_time_t)s * SIM_S + ns;
  }
  return -1;
}

/* The backoff drawn at the first collision of station `who`. */
static unsigned backoff_of(const char *text, const char *who)
{
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    const char *r = strstr(lines[i], "backoff=");
    unsigned v = 0;
    if (strstr(lines[i], " collision ") && strstr(lines[i], who) && r &&
        sscanf(r, "backoff=%u", &v) == 1)
      return v;
  }
  g_assert_not_reached();
}

/* When a station with backoff r retransmits if the other one stays away:
 * r = 0 ends the backoff at 5.7 us under the other's jam (at A until
 * 8.2 us), so it defers to 8.2 + 9.6; r >= 1 finds the cable quiet. */
static sim_time_t retry_alone(unsigned r)
{
  return r == 0 ? US(17.8) : US(5.7) + r * US(51.2);
}

static void test_collision_two(void)
{
  struct bus_params p;
  bus_params_default(&p);
  struct lan b;
  lan_init(&b, 3, &p, (double[]){ 0, 500 }, 2);
  trace_on(&b);
  lan_send(&b, 0, 1, 60);
  lan_send(&b, 1, 0, 60);
  run_all(&b);
  const char *t = trace_of(&b);
  const char *A = "src=02:00:00:00:00:01", *B = "src=02:00:00:00:00:02";
  /* Each hears the other 2.5 us after the start and jams for 3.2 us. */
  g_assert_cmpint(line_time(t, "collision", A, 0), ==, US(2.5));
  g_assert_cmpint(line_time(t, "collision", B, 0), ==, US(2.5));
  g_assert_true(has_line(&b, "0.000002500 lan0 collision src=02:00:00:00:00:01"
                             " attempt=1 backoff="));
  unsigned ra = backoff_of(t, A), rb = backoff_of(t, B);
  g_test_message("backoffs after the first collision: A %u, B %u", ra, rb);
  g_assert_cmpuint(ra, <=, 1);
  g_assert_cmpuint(rb, <=, 1);
  sim_time_t ta = line_time(t, "tx-start", A, 1);
  sim_time_t tb = line_time(t, "tx-start", B, 1);
  if (ra == rb) {
    /* Same slot: they collide again 2.5 us after restarting together. */
    g_assert_cmpint(ta, ==, retry_alone(ra));
    g_assert_cmpint(tb, ==, ta);
    g_assert_cmpint(line_time(t, "collision", A, 1), ==, ta + US(2.5));
  } else {
    /* The winner sends alone; the loser defers to the end of the winner's
     * frame at its end of the cable (57.6 + 2.5) and the IFG. */
    sim_time_t win = retry_alone(MIN(ra, rb));
    g_assert_cmpint(MIN(ta, tb), ==, win);
    g_assert_cmpint(MAX(ta, tb), ==, win + US(57.6 + 2.5 + 9.6));
  }
  g_assert_cmpuint(b.rx[0].n, ==, 1);
  g_assert_cmpuint(b.rx[1].n, ==, 1);
  const struct bus_stats *s = bus_stats(b.bus);
  g_assert_cmpuint(s->tx_frames, ==, 2);
  g_assert_cmpuint(s->collisions, >=, 2);
  g_assert_cmpuint(bus_port_stats(b.port[0])->collisions, >=, 1);
  g_assert_cmpuint(bus_port_stats(b.port[0])->collisions, ==,
                   bus_port_stats(b.port[1])->collisions);
  g_assert_cmpuint(s->collisions, ==, count_substr(t, " collision "));
  /* Collided attempts are not busy time: only the two good frames. */
  g_assert_cmpint(s->busy_time, ==, 2 * US(57.6));
  lan_clear(&b);
}

/* A later starter hears the earlier one's signal: B at 300 m starts at
 * 1 us, before A's signal (sent at 0) reaches it at 1.5 us. B detects at
 * 1.5 us, A at 1 + 1.5 = 2.5 us. */
static void test_collision_staggered(void)
{
  struct bus_params p;
  bus_params_default(&p);
  struct lan b;
  lan_init(&b, 1, &p, (double[]){ 0, 300 }, 2);
  trace_on(&b);
  lan_send(&b, 0, 1, 60);
  run_until(&b, US(1));
  lan_send(&b, 1, 0, 60);
  run_all(&b);
  const char *t = trace_of(&b);
  g_assert_cmpint(line_time(t, "collision", "src=02:00:00:00:00:02", 0), ==,
                  US(1.5));
  g_assert_cmpint(line_time(t, "collision", "src=02:00:00:00:00:01", 0), ==,
                  US(2.5));
  g_assert_cmpint(line_time(t, "tx-end", "", 0), >, 0);
  g_assert_cmpuint(b.rx[0].n + b.rx[1].n, ==, 2);
  lan_clear(&b);
}

static void test_excessive_collisions(void)
{
  struct bus_params p;
  bus_params_default(&p);
  p.backoff_limit = 0;            /* r is always 0 */
  struct lan b;
  lan_init(&b, 1, &p, (double[]){ 0, 500 }, 2);
  trace_on(&b);
  lan_send(&b, 0, 1, 60);
  lan_send(&b, 0, 1, 60);
  lan_send(&b, 1, 0, 60);
  run_all(&b);
  const char *t = trace_of(&b);
  /* Every round: detect at +2.5, jam to +5.7, the other's jam is heard
   * until +8.2, IFG: the next round starts 17.8 us later. */
  for (guint n = 0; n < 16; n++) {
    sim_time_t r = n * US(17.8);
    g_assert_cmpint(line_time(t, "tx-start", "src=02:00:00:00:00:01", n), ==,
                    r);
    g_assert_cmpint(line_time(t, "collision", "src=02:00:00:00:00:02", n), ==,
                    r + US(2.5));
  }
  g_assert_true(has_line(&b, "attempt=16"));
  g_assert_false(has_line(&b, "attempt=17"));
  g_assert_cmpint(line_time(t, "drop cause=collisions", "", 0), ==,
                  15 * US(17.8) + US(5.7));
  for (int i = 0; i < 2; i++) {
    const struct bus_stats *s = bus_port_stats(b.port[i]);
    g_assert_cmpuint(s->drops[BUS_DROP_COLLISIONS], ==, 1);
    g_assert_cmpuint(s->collisions, ==, 16);
  }
  /* A's second frame then goes alone (after deferring to B's jam). */
  g_assert_cmpuint(b.rx[1].n, ==, 1);
  g_assert_cmpint(b.rx[1].last_t, ==, 16 * US(17.8) + US(57.6 + 2.5));
  g_assert_cmpuint(b.rx[0].n, ==, 0);
  g_assert_cmpuint(bus_stats(b.bus)->drops[BUS_DROP_COLLISIONS], ==, 2);
  g_assert_cmpuint(bus_stats(b.bus)->tx_frames, ==, 1);
  lan_clear(&b);
}

/* Truncated binary exponential backoff: after the n-th collision r is
 * uniform in [0, 2^min(n, 10) - 1]. Twenty saturated stations collide often
 * enough to check the range for every n seen and the mean for n = 1..3. */
static void test_backoff_distribution(void)
{
  struct bus_params p;
  bus_params_default(&p);
  p.queue_pkts = 0;
  double pos[20];
  for (int i = 0; i < 20; i++)
    pos[i] = 25.0 * i;
  struct lan b;
  lan_init(&b, 3, &p, pos, 20);
  trace_on(&b);
  for (int k = 0; k < 100; k++)
    for (int i = 0; i < 20; i++)
      lan_send(&b, i, (i + 1) % 20, 200);
  run_all(&b);
  g_auto(GStrv) lines = g_strsplit(trace_of(&b), "\n", -1);
  double sum[4] = { 0 };
  guint n[4] = { 0 }, seen[4][8] = { { 0 } };
  for (guint i = 0; lines[i]; i++) {
    const char *c = strstr(lines[i], " collision ");
    unsigned a, r;
    if (!c || sscanf(strstr(c, "attempt="), "attempt=%u backoff=%u", &a,
                     &r) != 2)
      continue;
    g_assert_cmpuint(a, >=, 1);
    g_assert_cmpuint(a, <=, 16);
    g_assert_cmpuint(r, <, 1u << MIN(a, 10));
    if (a <= 3) {
      sum[a] += r;
      n[a]++;
      seen[a][r]++;
    }
  }
  for (guint a = 1; a <= 3; a++) {
    double m = 1 << a, mean = sum[a] / n[a], want = (m - 1) / 2.0;
    double se = sqrt((m * m - 1) / 12.0 / n[a]);   /* uniform's sd / sqrt n */
    g_test_message("attempt %u: %u collisions, mean backoff %.3f (want %.1f)",
                   a, n[a], mean, want);
    g_assert_cmpuint(n[a], >=, 40);
    g_assert_cmpfloat(fabs(mean - want), <, 5 * se);
    for (guint r = 0; r < (1u << a); r++)
      g_assert_cmpuint(seen[a][r], >, 0);
  }
  g_assert_cmpuint(bus_stats(b.bus)->tx_frames +
                   bus_stats(b.bus)->drops[BUS_DROP_COLLISIONS], ==, 2000);
  lan_clear(&b);
}

/* ---- delivery ---- */

static void test_delivery_filter(void)
{
  struct bus_params p;
  bus_params_default(&p);
  struct lan b;
  lan_init(&b, 1, &p, (double[]){ 0, 100, 200, 300 }, 4);
  for (int i = 0; i < 4; i++)
    b.rx[i].keep = g_ptr_array_new_with_free_func((GDestroyNotify)pbuf_free);
  bus_set_promisc(b.port[3], true);
  lan_send(&b, 0, 1, 60);                                     /* unicast to B */
  medium_output(b.port[0], frame(bcast, 1, 100));         /* broadcast */
  const uint8_t mcast[ETHER_ADDR_LEN] = { 0x01, 0, 0x5e, 0, 0, 1 };
  medium_output(b.port[0], frame(mcast, 1, 80));          /* multicast */
  run_all(&b);
  g_assert_cmpuint(b.rx[0].n, ==, 0);                     /* not to self */
  g_assert_cmpuint(b.rx[1].n, ==, 3);
  g_assert_cmpuint(b.rx[2].n, ==, 2);
  g_assert_cmpuint(b.rx[3].n, ==, 3);                     /* promiscuous */
  g_assert_cmpuint(bus_stats(b.bus)->rx_frames, ==, 8);
  g_assert_cmpuint(bus_port_stats(b.port[2])->rx_bytes, ==, 100 + 80);
  /* The broadcast views share bytes but not offsets. */
  struct pbuf *vb = b.rx[1].keep->pdata[1], *vc = b.rx[2].keep->pdata[0];
  struct pbuf *vd = b.rx[3].keep->pdata[1];
  g_assert_true(vb->blk == vc->blk && vc->blk == vd->blk);
  g_assert_true(vb != vc && vc != vd);
  pbuf_pull(vb, ETHER_HDR_LEN);
  g_assert_cmpuint(vb->len, ==, 100 - ETHER_HDR_LEN);
  g_assert_cmpuint(vc->len, ==, 100);
  g_assert_cmpmem(pbuf_data(vc), ETHER_ADDR_LEN, bcast, ETHER_ADDR_LEN);
  pbuf_writable(vd)[0] = 0x42;          /* copy on write: C unaffected */
  g_assert_cmpuint(pbuf_data(vc)[0], ==, 0xff);
  g_assert_cmpuint(pbuf_data(vb)[0], ==, ETHER_HDR_LEN);
  lan_clear(&b);
}

/* An over-long cable (20 km: 100 us end to end, more than a 57.6 us
 * frame) lets A and C both finish without hearing each other; B in the
 * middle hears the two overlap and must get neither. */
static void test_delivery_garbled(void)
{
  struct bus_params p;
  bus_params_default(&p);
  p.length_m = 20000;
  struct lan b;
  lan_init(&b, 1, &p, (double[]){ 0, 10000, 20000 }, 3);
  trace_on(&b);
  medium_output(b.port[0], frame(bcast, 1, 60));    /* 0 .. 57.6 us */
  run_until(&b, US(10));
  medium_output(b.port[2], frame(bcast, 3, 60));    /* 10 .. 67.6 us */
  run_all(&b);
  /* At B: A's frame 50 .. 107.6, C's 60 .. 117.6. */
  const struct bus_stats *s = bus_stats(b.bus);
  g_assert_cmpuint(s->tx_frames, ==, 2);
  g_assert_cmpuint(s->collisions, ==, 0);
  g_assert_cmpuint(b.rx[1].n, ==, 0);
  g_assert_cmpuint(b.rx[0].n, ==, 1);
  g_assert_cmpint(b.rx[0].last_t, ==, US(67.6 + 100));
  g_assert_cmpuint(b.rx[2].n, ==, 1);
  g_assert_cmpint(b.rx[2].last_t, ==, US(57.6 + 100));
  g_assert_true(has_line(&b, "0.000107600 lan0 garbled dst=02:00:00:00:00:02"
                             " src=02:00:00:00:00:01\n"));
  lan_clear(&b);
}

/* ---- load ---- */

struct gen {
  struct lan *b;              /* the bus */
  int i;                      /* sending station */
  struct rng rng;             /* arrivals */
  double mean_ns;             /* mean interarrival */
  sim_time_t stop;            /* last arrival time */
  uint64_t offered;           /* frames generated */
};

static void gen_fire(void *a, void *unused)
{
  struct gen *g = a;
  int dst = (g->i + 1) % g->b->n;
  lan_send(g->b, g->i, dst, 1514);
  g->offered++;
  sim_time_t next = sim_now(g->b->sim) +
                    (sim_time_t)rng_exp(&g->rng, g->mean_ns) + 1;
  if (next <= g->stop)
    sched_at(g->b->sim->sched, next, gen_fire, g, NULL);
}

struct load_result {
  double efficiency;          /* busy_time / elapsed */
  double coll_per_frame;      /* collisions / tx_frames */
  double delivered;           /* received / offered */
  uint64_t frames;            /* tx_frames */
};

/* N stations evenly on 500 m, Poisson arrivals of 1514-byte frames at a
 * total load `load` (1.0 = one max-size frame per frame time + IFG). */
static struct load_result run_load(int n, double load, sim_time_t dur)
{
  struct bus_params p;
  bus_params_default(&p);
  double pos[32] = { 0 };
  for (int i = 0; i < n; i++)
    pos[i] = 500.0 * i / (n - 1);
  struct lan b;
  lan_init(&b, 7, &p, pos, n);
  struct gen g[32];
  double per_frame = 1220800.0 + 9600.0;
  for (int i = 0; i < n; i++) {
    g[i] = (struct gen){ &b, i, { { 0 } }, per_frame * n / load, dur, 0 };
    sim_rng_stream(b.sim, &g[i].rng, "test/arrivals/%d", i);
    sched_at(b.sim->sched, (sim_time_t)rng_exp(&g[i].rng, g[i].mean_ns),
             gen_fire, &g[i], NULL);
  }
  run_until(&b, dur);
  const struct bus_stats *s = bus_stats(b.bus);
  uint64_t offered = 0;
  for (int i = 0; i < n; i++)
    offered += g[i].offered;
  struct load_result r = {
    (double)s->busy_time / (double)dur,
    (double)s->collisions / (double)s->tx_frames,
    (double)s->rx_frames / (double)offered, s->tx_frames,
  };
  /* Unicast: every good frame reaches one station, but the last may still
   * be on its way when the run stops. */
  g_assert_cmpuint(s->rx_frames, <=, s->tx_frames);
  g_assert_cmpuint(s->rx_frames + 1, >=, s->tx_frames);
  lan_clear(&b);
  return r;
}

static void test_load_efficiency(void)
{
  const int ns[] = { 2, 5, 10, 20 };
  double prev = -1;
  for (guint k = 0; k < G_N_ELEMENTS(ns); k++) {
    struct load_result r = run_load(ns[k], 1.5, 2 * SIM_S);
    g_test_message("N=%d load 1.5: efficiency %.4f, collisions/frame %.3f,"
                   " frames %" G_GUINT64_FORMAT, ns[k], r.efficiency,
                   r.coll_per_frame, r.frames);
    /* 500 m is 2.5 us against a 1230 us frame: the cable stays busy. */
    g_assert_cmpfloat(r.efficiency, >, 0.90);
    g_assert_cmpfloat(r.efficiency, <=, 1.0);
    g_assert_cmpfloat(r.coll_per_frame, >, prev);
    prev = r.coll_per_frame;
  }
  g_assert_cmpfloat(prev, >, 1.0);
  struct load_result light = run_load(10, 0.1, 5 * SIM_S);
  g_test_message("N=10 load 0.1: efficiency %.4f, collisions/frame %.4f,"
                 " delivered/offered %.4f, frames %" G_GUINT64_FORMAT,
                 light.efficiency, light.coll_per_frame, light.delivered,
                 light.frames);
  g_assert_cmpfloat(light.delivered, >, 0.99);
  g_assert_cmpfloat(light.coll_per_frame, <, 0.05);
  g_assert_cmpfloat(light.efficiency, >, 0.07);
  g_assert_cmpfloat(light.efficiency, <, 0.13);
}

/* ---- capture ---- */

/* Runs $PCAP_CHECK (scripts/pcap-check, set by meson) on path when
 * $TSHARK is set: it exits non-zero on any malformed frame, 77 when it
 * skips itself. */
static void run_pcap_check(const char *path)
{
  const char *script = g_getenv("PCAP_CHECK");
  const char *tshark = g_getenv("TSHARK");
  if (!tshark || !*tshark || !script ||
      !g_file_test(script, G_FILE_TEST_IS_EXECUTABLE)) {
    g_test_message("TSHARK or PCAP_CHECK not set: pcap-check skipped");
    return;
  }
  char *argv[] = { (char *)script, (char *)path, NULL };
  char *out = NULL, *err = NULL;
  int status = 0;
  GError *e = NULL;
  g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                             &out, &err, &status, &e));
  g_assert_no_error(e);
  g_test_message("pcap-check: %s%s", out, err);
  g_assert_true(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77)
    g_test_message("pcap-check skipped itself (no tshark)");
  else
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
  g_free(out);
  g_free(err);
}

/* Record i's timestamp (ns) in a nanosecond pcap, read back raw. */
static sim_time_t pcap_stamp(const uint8_t *d, gsize len, guint i)
{
  gsize off = 24;
  for (;;) {
    g_assert_cmpuint(off + 16, <=, len);
    uint32_t h[4];
    memcpy(h, d + off, sizeof h);
    if (i-- == 0)
      return (sim_time_t)h[0] * SIM_S + h[1];
    off += 16 + h[2];
  }
}

static void test_capture(void)
{
  struct bus_params p;
  bus_params_default(&p);
  struct lan b;
  lan_init(&b, 5, &p, (double[]){ 0, 250, 500 }, 3);
  GError *e = NULL;
  char *dir = g_dir_make_tmp("test_bus-XXXXXX", &e);
  g_assert_no_error(e);
  char *path = g_build_filename(dir, "lan0.pcap", NULL);
  struct capture *c = capture_open(path, CAPTURE_LINKTYPE_ETHERNET, &e);
  g_assert_no_error(e);
  bus_set_capture(b.bus, c);
  lan_send(&b, 0, 1, 60);                   /* these three collide */
  lan_send(&b, 1, 2, 200);
  medium_output(b.port[2], frame(bcast, 3, 1514));
  lan_send(&b, 0, 2, 20);
  run_all(&b);
  const struct bus_stats *s = bus_stats(b.bus);
  g_assert_cmpuint(s->tx_frames, ==, 4);
  g_assert_cmpuint(s->collisions, >, 0);
  g_assert_cmpuint(capture_frames(c), ==, s->tx_frames);
  g_assert_true(capture_close(c, &e));
  g_assert_no_error(e);
  gchar *bytes;
  gsize len;
  g_assert_true(g_file_get_contents(path, &bytes, &len, &e));
  g_assert_cmpuint(len, ==, 24 + 4 * 16 + s->tx_bytes);
  for (guint i = 1; i < 4; i++)   /* starts, in order, a frame apart */
    g_assert_cmpint(pcap_stamp((uint8_t *)bytes, len, i), >=,
                    pcap_stamp((uint8_t *)bytes, len, i - 1) + US(57.6));
  g_free(bytes);
  run_pcap_check(path);
  g_remove(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
  lan_clear(&b);
}

/* ---- determinism ---- */

static char *colliding_trace(uint64_t seed)
{
  struct bus_params p;
  bus_params_default(&p);
  struct lan b;
  lan_init(&b, seed, &p, (double[]){ 0, 100, 200, 300, 400, 500 }, 6);
  trace_on(&b);
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < 6; i++)
      lan_send(&b, i, (i + 1) % 6, 64 + 100 * k);
  run_all(&b);
  g_assert_cmpuint(bus_stats(b.bus)->tx_frames, ==, 18);
  char *t = g_strdup(trace_of(&b));
  lan_clear(&b);
  return t;
}

static void test_determinism(void)
{
  char *a = colliding_trace(11), *a2 = colliding_trace(11);
  char *c = colliding_trace(12);
  g_assert_cmpstr(a, ==, a2);
  g_assert_cmpstr(a, !=, c);
  g_assert_cmpuint(count_substr(a, " collision "), >, 0);
  /* Same first collision (no randomness yet), different backoffs after. */
  g_assert_cmpint(line_time(a, "collision", "", 0), ==,
                  line_time(c, "collision", "", 0));
  g_free(a);
  g_free(a2);
  g_free(c);
}

/* ---- many stations ---- */

#define CROWD 120             /* stations on the crowded segment */
#define CROWD_SENDERS 8       /* of them sending */

struct crowd {
  struct sim *sim;            /* the run */
  struct bus *bus;            /* the segment */
  struct medium_port *port[CROWD];
  struct rx_log rx[CROWD];    /* what each station got */
  struct rng rng[CROWD_SENDERS];  /* each sender's arrivals */
  int next[CROWD_SENDERS];    /* each sender's next destination */
  uint64_t bcasts;            /* broadcast frames offered */
};

static void crowd_fire(void *a, void *b);

/* Sender i (0-based, i < CROWD_SENDERS) sends a unicast frame to the
 * next station of its round, a broadcast one time in 10, and comes back
 * after Exp(3 ms): a load near 2, with collisions and deferrals. */
static void crowd_fire(void *a, void *b)
{
  struct crowd *c = a;
  int i = GPOINTER_TO_INT(b);
  struct rng *r = &c->rng[i];
  uint8_t dst[ETHER_ADDR_LEN];
  int to = c->next[i] = (c->next[i] + 7) % CROWD;
  if (rng_below(r, 10) == 0) {
    memcpy(dst, bcast, ETHER_ADDR_LEN);
    c->bcasts++;
  } else
    mac_of(dst, to == i ? CROWD : to + 1);   /* MAC 120: nobody's */
  medium_output(c->port[i], frame(dst, i + 1, 64 + (uint32_t)rng_below(r, 1400)));
  sim_time_t next = sim_now(c->sim) + (sim_time_t)rng_exp(r, 3e6) + 1;
  if (next < SIM_S)
    sched_at(c->sim->sched, next, crowd_fire, c, b);
}

/* The crowd for 1 s, deliveries eager or not; promiscuous station 50. */
static void crowd_run(struct crowd *c, bool eager)
{
  memset(c, 0, sizeof *c);
  struct bus_params p;
  bus_params_default(&p);
  p.queue_pkts = 1000;
  c->sim = sim_new(3);
  c->bus = bus_new(c->sim, "crowd", &p);
  bus_set_eager_delivery(c->bus, eager);
  for (int i = 0; i < CROWD; i++) {
    uint8_t mac[ETHER_ADDR_LEN];
    mac_of(mac, i + 1);
    c->port[i] = bus_attach(c->bus, 500.0 * i / (CROWD - 1), mac);
    c->rx[i].sim = c->sim;
    c->port[i]->input = rx_input;
    c->port[i]->upper = &c->rx[i];
  }
  bus_set_promisc(c->port[50], true);
  for (int i = 0; i < CROWD_SENDERS; i++) {
    sim_rng_stream(c->sim, &c->rng[i], "test/crowd/%d", i);
    sched_at(c->sim->sched, 1 + i * 1000, crowd_fire, c, GINT_TO_POINTER(i));
  }
  sched_run(c->sim->sched, 2 * SIM_S, 0);
}

static void crowd_free(struct crowd *c)
{
  bus_free(c->bus);
  sim_free(c->sim);
}

/* 120 stations: the same frames arrive at the same times, with the same
 * collisions and deferrals, whether every station gets an event for
 * every frame or only the ones a frame is for; and the second way runs
 * a few events per frame, not one per station. */
static void test_crowd_events(void)
{
  struct crowd lazy, eager;
  crowd_run(&lazy, false);
  crowd_run(&eager, true);
  const struct bus_stats *a = bus_stats(lazy.bus), *b = bus_stats(eager.bus);
  g_assert_cmpuint(a->tx_frames, >, 1000);
  g_assert_cmpuint(a->collisions, >, 10);
  g_assert_cmpuint(a->deferrals, >, 100);
  g_assert_cmpmem(a, sizeof *a, b, sizeof *b);
  for (int i = 0; i < CROWD; i++) {
    g_assert_cmpuint(lazy.rx[i].n, ==, eager.rx[i].n);
    g_assert_cmpuint(lazy.rx[i].bytes, ==, eager.rx[i].bytes);
    g_assert_cmpint(lazy.rx[i].last_t, ==, eager.rx[i].last_t);
  }
  g_assert_cmpuint(lazy.rx[50].n, >, lazy.rx[51].n);   /* promiscuous */
  uint64_t ev_lazy = sched_executed(lazy.sim->sched);
  uint64_t ev_eager = sched_executed(eager.sim->sched);
  g_test_message("%" G_GUINT64_FORMAT " frames (%" G_GUINT64_FORMAT
                 " broadcast): %" G_GUINT64_FORMAT " events (eager %"
                 G_GUINT64_FORMAT ")", a->tx_frames, lazy.bcasts, ev_lazy,
                 ev_eager);
  /* eager: an event per station and frame; lazy: that for broadcasts
   * only, and a handful per unicast frame (timers, one delivery, the
   * promiscuous one) */
  g_assert_cmpuint(ev_eager, >, 100 * a->tx_frames);
  g_assert_cmpuint(ev_lazy, <, 10 * a->tx_frames + CROWD * lazy.bcasts);
  crowd_free(&lazy);
  crowd_free(&eager);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/bus/single-frame/timing", test_single_frame_timing);
  g_test_add_func("/bus/single-frame/max-size", test_max_frame_timing);
  g_test_add_func("/bus/single-frame/set-position", test_set_position);
  g_test_add_func("/bus/padding-and-size", test_padding_and_size);
  g_test_add_func("/bus/queue/drop-tail", test_queue_drop_tail);
  g_test_add_func("/bus/deferral", test_deferral);
  g_test_add_func("/bus/deferral/replan-on-collision",
                  test_deferral_replan);
  g_test_add_func("/bus/collision/two-stations", test_collision_two);
  g_test_add_func("/bus/collision/staggered", test_collision_staggered);
  g_test_add_func("/bus/collision/sense-delay", test_sense_delay);
  g_test_add_func("/bus/excessive-collisions", test_excessive_collisions);
  g_test_add_func("/bus/collision/backoff-distribution",
                  test_backoff_distribution);
  g_test_add_func("/bus/delivery/unicast-broadcast-promisc",
                  test_delivery_filter);
  g_test_add_func("/bus/delivery/garbled", test_delivery_garbled);
  g_test_add_func("/bus/load/efficiency", test_load_efficiency);
  g_test_add_func("/bus/capture", test_capture);
  g_test_add_func("/bus/determinism", test_determinism);
  g_test_add_func("/bus/delivery/crowd-events", test_crowd_events);
  return g_test_run();
}
