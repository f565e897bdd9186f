/* sim/media/bus.c: a shared 10 Mb/s Ethernet bus running 1-persistent
 * CSMA/CD (contract in bus.h). Event driven: each station has one state
 * timer and at most one pending collision detection, and an idle bus
 * schedules nothing. It moves whole frames; it does not model bits,
 * preamble-only fragments, runts, the FCS bytes (only their time) or SQE.
 * Call order: medium_output -> port_output -> next_frame -> sense ->
 * start_tx -> (on_detect -> on_jam_end -> on_backoff_end -> sense) |
 * on_tx_end -> on_deliver -> port->input. Read IEEE 802.3 clause 4
 * (4.1.2.1 and 4.2.3.2: deference, collision handling, backoff). */
#include "bus.h"
#include "record.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The model.
 * - Carrier: transmission k's signal is at station s (any station's; its
 *   own at distance 0) while start_k + d(k,s) <= t < end_k + d(k,s), d =
 *   distance / prop_speed. A collision cuts end_k short to detection + jam.
 *   s senses that carrier (defers to it) only from start_k + d(k,s) +
 *   sense_delay on: a transceiver needs a few bit times to see a signal
 *   begin. A station that starts sending inside that window collides with
 *   it at once (collision detection is not delayed); the carrier's end is
 *   sensed without delay.
 * - Deference: a station with a frame transmits at once if its carrier has
 *   been off for an IFG. If the carrier is on, it defers (one deferral)
 *   until the carrier drops, re-planning whenever end times change; then,
 *   like one waiting out a recent carrier, it waits the rest of the IFG.
 * - Our IFG rule: once a station is in its IFG it transmits at the end of
 *   it whatever it hears (802.3 ignores carrier only in the last third).
 * - Collision: a transmitter detects one at the first instant another
 *   signal is present at its position while it sends (at once if it started
 *   into one), sends jam_bits, and backs off r slots, r uniform in
 *   [0, 2^min(n, backoff_limit) - 1] after its n-th attempt; after
 *   max_attempts attempts the frame is dropped. Then it senses again.
 * - Success: a transmission that ran to its end. Station r gets it at
 *   end + d if no other signal (its own included) overlapped it at r, so a
 *   garbled frame is never delivered, even on an over-long cable.
 * - Capture is written at the end of a good frame, stamped with its start;
 *   good frames never overlap on a cable within the slot-time length.
 * - Deliveries: a frame's end schedules a delivery event only at stations
 *   that could take it (its addressees, found by a hash of the MACs, and
 *   promiscuous stations), in attach order, so a unicast frame costs the
 *   same on a segment of 2 or 200 stations. Broadcasts, and every frame
 *   while tracing (a station's "garbled" line) or when recording a frame
 *   addressed to nobody (its row is written at the last station's
 *   delivery), still go to every station. */

#define ETHER_MIN_NOFCS (ETHER_MIN_LEN - ETHER_FCS_LEN)   /* 60 */
#define ETHER_MAX_NOFCS (ETHER_MAX_LEN - ETHER_FCS_LEN)   /* 1514 */
#define PREAMBLE_LEN 8                                    /* preamble + SFD */
#define MAC_STR_LEN 18                          /* "aa:bb:cc:dd:ee:ff" */

enum st_state {
  ST_IDLE,                    /* nothing to send */
  ST_DEFER,                   /* waiting for the carrier to drop */
  ST_IFG,                     /* waiting out the inter-frame gap */
  ST_TX,                      /* sending the frame */
  ST_JAM,                     /* collided: sending the jam */
  ST_BACKOFF,                 /* waiting r slots after a collision */
};

struct station;

struct tx {
  /* first, in one cache line (txs are 64-byte aligned): what carrier
   * sense and collision checks read of every recent transmission */
  GList link;                 /* in bus->txs (data: this) */
  sim_time_t start;           /* first bit on the cable at src */
  sim_time_t end;             /* last bit (frame or jam) at src; final
                                 once done */
  double src_pos;             /* src->pos, so a walk of txs reads no
                                 station */
  sim_time_t reach;           /* >= the end of this tx and of every tx
                                 before it in bus->txs: walks from the
                                 tail stop where nothing earlier can
                                 matter (FOR_EACH_LIVE_TX) */
  struct station *src;        /* who sent it */
  struct tx *free_next;       /* next in bus->free_txs, when free */
  uint32_t wire_len;          /* bytes on the wire with FCS, no preamble */
  bool collided;              /* src detected a collision */
  bool done;                  /* src has stopped sending */
  struct pbuf *frame;         /* the frame, held while deliveries are pending */
  GArray *deliveries;         /* sched_event_id of each scheduled delivery */
  uint32_t pending;           /* deliveries not yet run */
  struct station *dst;        /* the unicast receiver, NULL if none/bcast */
};

struct station {
  struct medium_port port;    /* first member: ports cast back to stations */
  struct bus *bus;            /* the bus it is on */
  guint idx;                  /* its place in bus->stations (attach order) */
  uint64_t mac_key;           /* mac as a number: its by_mac key */
  struct station *mac_next;   /* next station with the same MAC, by idx */
  double pos;                 /* metres from the cable's end 0 */
  uint8_t mac[ETHER_ADDR_LEN];/* its address */
  char mac_str[MAC_STR_LEN];  /* the same, as text for traces */
  bool promisc;               /* accept every frame */
  enum st_state state;        /* see enum st_state */
  struct pbuf *frame;         /* frame being attempted, NULL when idle */
  struct pbuf *qhead, *qtail; /* frames waiting behind it (FIFO) */
  uint32_t qlen;              /* frames in qhead..qtail */
  uint64_t qbytes;            /* their bytes (for results) */
  sim_time_t first_tx;        /* start of `frame`'s first attempt */
  uint32_t qlimit;            /* most frames that may wait; 0 = no limit */
  uint32_t attempts;          /* transmissions of `frame` so far */
  uint32_t backoff_r;         /* slots drawn at the last collision */
  struct tx *cur;             /* transmission in progress (TX, JAM) */
  sched_event_id timer;       /* the state timer, 0 when none */
  sim_time_t timer_at;        /* when it fires */
  sched_event_id detect;      /* pending collision detection, 0 when none */
  sim_time_t detect_at;       /* its time, SIM_TIME_MAX when none */
  struct rng rng;             /* backoff draws */
  struct bus_stats stats;     /* this station's counters */
};

/* A set of a bus's stations, a bit per attach index: O(1) to change,
 * visited in attach order (the order their events are scheduled in). */
struct station_set {
  uint64_t *bits;             /* bit i of word i / 64: station i */
  guint words;                /* room for 64 * words stations */
};

#define FOR_EACH_IN_SET(bus, set, st) \
  for (guint w_ = 0; w_ < (set)->words; w_++) \
    for (uint64_t b_ = (set)->bits[w_]; b_ != 0; b_ &= b_ - 1) \
      for (struct station *st = (bus)->stations->pdata[ \
               w_ * 64 + (guint)__builtin_ctzll(b_)]; st; st = NULL)

struct bus {
  struct sim *sim;            /* clock, queue, seed, trace */
  char *name;                 /* "lan0": traces, stream names */
  struct bus_params p;        /* parameters */
  struct bus_stats stats;     /* totals */
  struct capture *cap;        /* capture, NULL when off (not owned) */
  GPtrArray *stations;        /* struct station *, in attach order */
  GHashTable *by_mac;         /* &mac_key -> first station with that MAC */
  GPtrArray *promisc;         /* promiscuous stations, in attach order */
  bool eager;                 /* deliver every frame to every station */
  struct tx *free_txs;        /* finished txs kept for reuse (with their
                                 deliveries arrays) */
  struct station_set deferring; /* stations in ST_DEFER */
  struct station_set sending;   /* stations in ST_TX */
  GQueue txs;                 /* struct tx *, in start order, recent ones */
  sim_time_t jam_time;        /* jam_bits at rate_bps */
  sim_time_t horizon;         /* how long a finished tx stays in txs */
  sim_time_t max_prop;        /* >= prop between any two stations */
};

struct interval {
  sim_time_t a, b;            /* signal present during [a, b) */
};

static int port_output(struct medium_port *port, struct pbuf *p);

static void port_set_queue(struct medium_port *port, uint32_t pkts);
static const struct medium_ops bus_ops = {
  .output = port_output, .set_queue = port_set_queue,
};

static void sense(struct station *st);
static void next_frame(struct station *st);

/* ---- parameters, time and geometry ---- */

void bus_params_default(struct bus_params *p)
{
  *p = (struct bus_params){
    .rate_bps = 10e6, .length_m = 500.0, .prop_speed = 2e8,
    .slot = 51200, .ifg = 9600, .sense_delay = 500, .jam_bits = 32,
    .max_attempts = 16, .backoff_limit = 10, .queue_pkts = 50,
  };
}

static sim_time_t bits_time(const struct bus *s, double bits)
{
  return (sim_time_t)llround(bits * 1e9 / s->p.rate_bps);
}

/* Time on the cable of a frame of len bytes (without FCS). */
static sim_time_t frame_time(const struct bus *s, uint32_t len)
{
  uint32_t wire = MAX(len + ETHER_FCS_LEN, ETHER_MIN_LEN) + PREAMBLE_LEN;
  return bits_time(s, 8.0 * wire);
}

/* llround(x) for x >= 0, inline: halves away from zero, exactly (x -
 * floor(x) is exact), without the libm call that carrier sense and
 * collision checks make per transmission and station. */
static sim_time_t round_pos(double x)
{
  double f = floor(x);
  return (sim_time_t)f + (x - f >= 0.5);
}

static sim_time_t prop_m(const struct bus *s, double metres)
{
  return round_pos(fabs(metres) / s->p.prop_speed * 1e9);
}

static sim_time_t prop(const struct station *x, const struct station *y)
{
  return prop_m(x->bus, x->pos - y->pos);
}

/* When transmission k's signal is present at station st. */
static struct interval signal_at(const struct tx *k, const struct station *st)
{
  sim_time_t d = prop_m(st->bus, k->src_pos - st->pos);  /* prop(src, st) */
  return (struct interval){ k->start + d, k->end + d };
}

/* The txs whose signal may still be somewhere on the cable after time t
 * (end + prop > t), and some earlier ones: from the newest back to the
 * first whose reach says nothing at or before it ends after t - max_prop.
 * Only for walks whose result does not depend on the order. */
#define FOR_EACH_LIVE_TX(bus, l, t) \
  for (GList *l = (bus)->txs.tail; \
       l != NULL && ((struct tx *)l->data)->reach > (t) - (bus)->max_prop; \
       l = l->prev)

/* ---- carrier sense ---- */

/* When station st senses transmission k's carrier: from sense_delay after
 * its signal arrives until the signal ends. */
static struct interval sensed_at(const struct tx *k, const struct station *st)
{
  struct interval i = signal_at(k, st);
  i.a += st->bus->p.sense_delay;
  return i;
}

/* carrier_drop the long way: each pass walks the txs. */
static sim_time_t carrier_drop_walk(const struct station *st, sim_time_t now)
{
  sim_time_t d = now;
  bool moved = true;
  while (moved) {
    moved = false;
    FOR_EACH_LIVE_TX(st->bus, l, now) {
      struct interval i = sensed_at(l->data, st);
      if (i.a <= d && d < i.b) {
        d = i.b;
        moved = true;
      }
    }
  }
  return d;
}

/* Carrier sense in one walk: false if st senses a carrier now; else true,
 * with *quiet the last time the carrier at st dropped, but no earlier
 * than now - ifg (a long-idle cable). */
static bool carrier_idle(const struct station *st, sim_time_t now,
                         sim_time_t *quiet)
{
  sim_time_t q = now - st->bus->p.ifg;
  sim_time_t sd = st->bus->p.sense_delay;
  FOR_EACH_LIVE_TX(st->bus, l, q) {
    struct interval i = signal_at(l->data, st);
    if (i.b <= now)
      q = MAX(q, i.b);
    else if (i.a + sd <= now)
      return false;           /* sensed: now in [a + sense_delay, b) */
  }
  *quiet = q;
  return true;
}

/* The first d >= now in none of the n intervals in. */
static sim_time_t first_gap(const struct interval *in, guint n, sim_time_t d)
{
  bool moved = true;
  while (moved) {
    moved = false;
    for (guint j = 0; j < n; j++) {
      if (in[j].a <= d && d < in[j].b) {
        d = in[j].b;
        moved = true;
      }
    }
  }
  return d;
}

/* When the carrier now present at st drops, as far as is known: the end of
 * the union of the sensed intervals that covers now. The intervals that
 * reach past now are taken once (up to a stack's worth), then scanned. */
static sim_time_t carrier_drop(const struct station *st, sim_time_t now)
{
  struct interval in[32];
  guint n = 0;
  FOR_EACH_LIVE_TX(st->bus, l, now) {
    struct interval i = sensed_at(l->data, st);
    if (i.b <= now)
      continue;
    if (n == G_N_ELEMENTS(in))
      return carrier_drop_walk(st, now);
    in[n++] = i;
  }
  return first_gap(in, n, now);
}

/* ---- states ---- */

static void set_add(struct station_set *x, const struct station *st)
{
  x->bits[st->idx / 64] |= (uint64_t)1 << (st->idx % 64);
}

static void set_remove(struct station_set *x, const struct station *st)
{
  x->bits[st->idx / 64] &= ~((uint64_t)1 << (st->idx % 64));
}

/* Makes room in x for station idx. */
static void set_grow(struct station_set *x, guint idx)
{
  guint need = idx / 64 + 1;
  if (need <= x->words)
    return;
  x->bits = g_renew(uint64_t, x->bits, need);
  memset(x->bits + x->words, 0, (need - x->words) * sizeof(uint64_t));
  x->words = need;
}

/* Moves st to state `to`, keeping the bus's lists of deferring and of
 * sending stations (so a new transmission visits those, not every
 * station on the segment). */
static void set_state(struct station *st, enum st_state to)
{
  struct bus *s = st->bus;
  if (st->state == to)
    return;
  if (st->state == ST_DEFER)
    set_remove(&s->deferring, st);
  else if (st->state == ST_TX)
    set_remove(&s->sending, st);
  if (to == ST_DEFER)
    set_add(&s->deferring, st);
  else if (to == ST_TX)
    set_add(&s->sending, st);
  st->state = to;
}

/* ---- timers ---- */

static void set_timer(struct station *st, sim_time_t when, sched_event_fn fn)
{
  struct sched *q = st->bus->sim->sched;
  sched_cancel(q, st->timer);
  st->timer = sched_at(q, when, fn, st, NULL);
  st->timer_at = when;
}

static void clear_detect(struct station *st)
{
  sched_cancel(st->bus->sim->sched, st->detect);
  st->detect = 0;
  st->detect_at = SIM_TIME_MAX;
}

/* ---- results (record.h) ---- */

static const char *station_name(const struct station *st)
{
  return st->port.upper_host ? st->port.upper_host : st->mac_str;
}

/* One packets.csv row for a frame sent by src. */
static void record(const struct station *src, const struct pbuf *p,
                   uint32_t wire_len, const char *to, enum record_fate fate,
                   const sim_time_t t[4])
{
  struct bus *s = src->bus;
  struct record_frame f = {
    .t_tx = t[0], .t_tx_end = t[1], .t_rx = t[2], .t_rx_end = t[3],
    .medium = s->name, .from = src->port.upper_host, .to = to,
    .kind = MEDIUM_ETHERNET, .bytes = pbuf_data(p), .len = p->len,
    .wire_len = wire_len, .fate = fate,
  };
  record_frame(s->sim->rec, &f);
}

/* A frame that never made it onto the cable whole. */
static void record_refused(const struct station *st, const struct pbuf *p,
                           enum record_fate fate, sim_time_t t_tx,
                           sim_time_t t_tx_end)
{
  if (!SIM_RECORDING(st->bus->sim))
    return;
  const sim_time_t t[4] = { t_tx, t_tx_end, -1, -1 };
  record(st, p, MAX(p->len, ETHER_MIN_NOFCS) + ETHER_FCS_LEN, NULL, fate, t);
}

/* The row of k, a frame sent whole, as received by r (NULL: nobody). */
static void record_sent(const struct tx *k, const struct station *r,
                        const char *to, enum record_fate fate)
{
  sim_time_t d = r ? prop(k->src, r) : 0;
  const sim_time_t t[4] = { k->start, k->end, r ? k->start + d : -1,
                            r ? k->end + d : -1 };
  record(k->src, k->frame, k->wire_len, to, fate, t);
}

static void record_q(const struct station *st)
{
  if (SIM_RECORDING(st->bus->sim))
    record_queue(st->bus->sim->rec, st->bus->name, station_name(st),
                 st->qlen, st->qbytes);
}

static void count_drop(struct station *st, enum bus_drop cause)
{
  st->stats.drops[cause]++;
  st->bus->stats.drops[cause]++;
}

/* ---- deferring ---- */

static void on_defer_end(void *a, void *b)
{
  struct station *st = a;
  st->timer = 0;
  sense(st);
}

/* (Re)plans st's wake-up for the moment its carrier drops. */
static void plan_defer(struct station *st)
{
  sim_time_t when = carrier_drop(st, sim_now(st->bus->sim));
  if (st->timer != 0 && st->timer_at == when)
    return;
  set_timer(st, when, on_defer_end);
}

/* Carrier end times changed: every deferring station re-plans. */
static void replan_deferrers(struct bus *s)
{
  FOR_EACH_IN_SET(s, &s->deferring, st)
    plan_defer(st);
}

static void enter_defer(struct station *st)
{
  set_state(st, ST_DEFER);
  st->stats.deferrals++;
  st->bus->stats.deferrals++;
  SIM_TRACE(st->bus->sim, st->bus->name, "defer src=%s", st->mac_str);
  plan_defer(st);
}

/* ---- starting a transmission ---- */

static void on_tx_end(void *a, void *b);
static void on_detect(void *a, void *b);

static void set_detect(struct station *st, sim_time_t when)
{
  clear_detect(st);
  st->detect = sched_at(st->bus->sim->sched, when, on_detect, st, NULL);
  st->detect_at = when;
}

/* The first instant another signal is present at st while it sends. */
static void plan_own_detection(struct station *st, sim_time_t now)
{
  sim_time_t best = SIM_TIME_MAX;
  FOR_EACH_LIVE_TX(st->bus, l, now) {
    if (l->data == st->cur)
      continue;
    struct interval i = signal_at(l->data, st);
    sim_time_t t = MAX(now, i.a);
    if (i.b > now && t < st->cur->end && t < best)
      best = t;
  }
  if (best != SIM_TIME_MAX)
    set_detect(st, best);
}

/* st's leading edge reaches the other transmitters. */
static void warn_transmitters(struct station *st, sim_time_t now)
{
  struct bus *s = st->bus;
  FOR_EACH_IN_SET(s, &s->sending, o) {
    if (o == st)
      continue;
    sim_time_t t = now + prop(st, o);
    if (t < o->cur->end && t < o->detect_at)
      set_detect(o, t);
  }
}

static void tx_free(struct bus *s, struct tx *k)
{
  for (guint i = 0; k->deliveries && i < k->deliveries->len; i++)
    sched_cancel(s->sim->sched, g_array_index(k->deliveries,
                                              sched_event_id, i));
  if (k->deliveries)
    g_array_set_size(k->deliveries, 0);
  pbuf_free(k->frame);
  k->frame = NULL;
  k->free_next = s->free_txs;
  s->free_txs = k;
}

/* A new cleared tx on a cache line of its own. */
static struct tx *tx_alloc(void)
{
  void *k = NULL;
  if (posix_memalign(&k, 64, sizeof(struct tx)) != 0)
    g_error("bus: out of memory");
  return memset(k, 0, sizeof(struct tx));
}

/* A cleared tx, reused when one is free (no malloc per frame). */
static struct tx *tx_new(struct bus *s)
{
  struct tx *k = s->free_txs;
  if (!k)
    return tx_alloc();
  s->free_txs = k->free_next;
  GArray *d = k->deliveries;
  *k = (struct tx){ .deliveries = d };
  return k;
}

/* k's end moved: later reaches (k's own included) cover it again. */
static void raise_reach(struct tx *k)
{
  for (GList *l = &k->link; l != NULL; l = l->next) {
    struct tx *x = l->data;
    if (x->reach >= k->end)
      break;                  /* reaches never fall along the list */
    x->reach = k->end;
  }
}

/* Forgets old transmissions nobody can hear or check against any more. */
static void purge_txs(struct bus *s, sim_time_t now)
{
  struct tx *k;
  while ((k = g_queue_peek_head(&s->txs)) != NULL && k->done &&
         k->pending == 0 && k->end + s->horizon < now)
    tx_free(s, g_queue_pop_head_link(&s->txs)->data);
}

static void start_tx(struct station *st)
{
  struct bus *s = st->bus;
  sim_time_t now = sim_now(s->sim);
  struct tx *k = tx_new(s);
  k->link.data = k;
  k->src = st;
  k->src_pos = st->pos;
  k->start = now;
  k->end = now + frame_time(s, st->frame->len);
  k->wire_len = st->frame->len + ETHER_FCS_LEN;
  purge_txs(s, now);
  GList *last = s->txs.tail;
  k->reach = last ? MAX(k->end, ((struct tx *)last->data)->reach) : k->end;
  g_queue_push_tail_link(&s->txs, &k->link);
  st->cur = k;
  set_state(st, ST_TX);
  if (st->attempts++ == 0)
    st->first_tx = now;
  set_timer(st, k->end, on_tx_end);
  SIM_TRACE(s->sim, s->name, "tx-start src=%s len=%u attempt=%u",
            st->mac_str, k->wire_len, st->attempts);
  plan_own_detection(st, now);
  warn_transmitters(st, now);
  replan_deferrers(s);
}

static void on_ifg_end(void *a, void *b)
{
  struct station *st = a;
  st->timer = 0;
  start_tx(st);
}

/* Carrier sense with a frame to send (1-persistent). */
static void sense(struct station *st)
{
  sim_time_t now = sim_now(st->bus->sim);
  sim_time_t quiet;
  if (!carrier_idle(st, now, &quiet)) {
    enter_defer(st);
    return;
  }
  if (now - quiet >= st->bus->p.ifg) {
    start_tx(st);
    return;
  }
  set_state(st, ST_IFG);
  set_timer(st, quiet + st->bus->p.ifg, on_ifg_end);
}

/* ---- collisions ---- */

static void on_backoff_end(void *a, void *b)
{
  struct station *st = a;
  st->timer = 0;
  sense(st);
}

static void drop_excessive(struct station *st)
{
  SIM_TRACE(st->bus->sim, st->bus->name,
            "drop cause=collisions src=%s attempts=%u", st->mac_str,
            st->attempts);
  count_drop(st, BUS_DROP_COLLISIONS);
  record_refused(st, st->frame, REC_COLLISION, st->first_tx,
                 sim_now(st->bus->sim));
  pbuf_free(st->frame);
  st->frame = NULL;
  next_frame(st);
}

static void on_jam_end(void *a, void *b)
{
  struct station *st = a;
  struct bus *s = st->bus;
  st->timer = 0;
  st->cur->done = true;
  st->cur = NULL;
  if (st->attempts >= s->p.max_attempts) {
    drop_excessive(st);
    return;
  }
  set_state(st, ST_BACKOFF);
  set_timer(st, sim_now(s->sim) + (sim_time_t)st->backoff_r * s->p.slot,
            on_backoff_end);
}

/* r uniform in [0, 2^min(attempts, backoff_limit) - 1]. */
static uint32_t draw_backoff(struct station *st)
{
  uint32_t k = MIN(st->attempts, st->bus->p.backoff_limit);
  k = MIN(k, 31u);
  return (uint32_t)rng_below(&st->rng, (uint64_t)1 << k);
}

static void on_detect(void *a, void *b)
{
  struct station *st = a;
  struct bus *s = st->bus;
  sim_time_t now = sim_now(s->sim);
  st->detect = 0;
  st->detect_at = SIM_TIME_MAX;
  st->cur->collided = true;
  st->cur->end = now + s->jam_time;
  raise_reach(st->cur);
  set_state(st, ST_JAM);
  st->stats.collisions++;
  s->stats.collisions++;
  if (SIM_RECORDING(s->sim))
    record_collision(s->sim->rec, s->name);
  bool last = st->attempts >= s->p.max_attempts;
  st->backoff_r = last ? 0 : draw_backoff(st);
  SIM_TRACE(s->sim, s->name, "collision src=%s attempt=%u backoff=%u",
            st->mac_str, st->attempts, st->backoff_r);
  set_timer(st, st->cur->end, on_jam_end);
  replan_deferrers(s);
}

/* ---- success and delivery ---- */

static void on_deliver(void *a, void *b);

static bool accepts(const struct station *r, const struct pbuf *p)
{
  const uint8_t *dst = pbuf_data(p);
  return r->promisc || (dst[0] & 1) ||
         memcmp(dst, r->mac, ETHER_ADDR_LEN) == 0;
}

/* True if another signal overlapped k's frame at r (r's own included). */
static bool garbled_at(const struct tx *k, const struct station *r)
{
  struct interval f = signal_at(k, r);
  FOR_EACH_LIVE_TX(r->bus, l, k->start) {
    if (l->data == k)
      continue;
    struct interval i = signal_at(l->data, r);
    if (i.a < f.b && i.b > f.a)
      return true;
  }
  return false;
}

/* The station a unicast frame is addressed to, or NULL. */
static struct station *by_mac(const struct bus *s, const uint8_t *mac);

static struct station *unicast_dst(struct bus *s, const struct pbuf *p)
{
  const uint8_t *dst = pbuf_data(p);
  if (dst[0] & 1)
    return NULL;
  return by_mac(s, dst);
}

/* A frame's destination MAC as a number (by_mac's keys). */
static uint64_t mac_key(const uint8_t *mac)
{
  uint64_t x = 0;
  for (int i = 0; i < ETHER_ADDR_LEN; i++)
    x = x << 8 | mac[i];
  return x;
}

/* The first station (by attach order) whose MAC is mac, or NULL. */
static struct station *by_mac(const struct bus *s, const uint8_t *mac)
{
  uint64_t key = mac_key(mac);
  return g_hash_table_lookup(s->by_mac, &key);
}

/* Schedules k's delivery at r (not its sender). */
static void deliver_at(struct bus *s, struct tx *k, struct station *r)
{
  if (r == k->src)
    return;
  sched_event_id id = sched_at(s->sim->sched, k->end + prop(k->src, r),
                               on_deliver, k, r);
  g_array_append_val(k->deliveries, id);
  k->pending++;
}

/* Whether k needs a delivery event at every station (see the model). */
static bool deliver_everywhere(const struct bus *s, const struct tx *k,
                               const struct station *m)
{
  return s->eager || s->sim->trace != NULL ||
         (pbuf_data(k->frame)[0] & 1) || (!m && SIM_RECORDING(s->sim));
}

static void schedule_deliveries(struct bus *s, struct tx *k)
{
  if (!k->deliveries)
    k->deliveries = g_array_new(FALSE, FALSE, sizeof(sched_event_id));
  struct station *m = by_mac(s, pbuf_data(k->frame));
  if (deliver_everywhere(s, k, m)) {
    for (guint i = 0; i < s->stations->len; i++)
      deliver_at(s, k, s->stations->pdata[i]);
    return;
  }
  /* the addressees and the promiscuous stations, merged in attach order */
  guint j = 0, np = s->promisc->len;
  while (m || j < np) {
    struct station *q = j < np ? s->promisc->pdata[j] : NULL;
    if (q && (!m || q->idx <= m->idx)) {
      if (m == q)
        m = m->mac_next;
      j++;
      deliver_at(s, k, q);
    } else {
      deliver_at(s, k, m);
      m = m->mac_next;
    }
  }
}

static void count_success(struct station *st, const struct tx *k)
{
  struct bus_stats *c[2] = { &st->stats, &st->bus->stats };
  for (int i = 0; i < 2; i++) {
    c[i]->tx_frames++;
    c[i]->tx_bytes += k->frame->len;
  }
  st->bus->stats.busy_time += k->end - k->start;
  st->stats.busy_time += k->end - k->start;
}

static void on_tx_end(void *a, void *b)
{
  struct station *st = a;
  struct bus *s = st->bus;
  struct tx *k = st->cur;
  st->timer = 0;
  clear_detect(st);
  k->done = true;
  k->frame = st->frame;
  st->frame = NULL;
  st->cur = NULL;
  count_success(st, k);
  if (s->cap)
    capture_write(s->cap, k->start, pbuf_data(k->frame), k->frame->len);
  SIM_TRACE(s->sim, s->name, "tx-end src=%s len=%u", st->mac_str,
            k->wire_len);
  schedule_deliveries(s, k);
  if (SIM_RECORDING(s->sim)) {
    k->dst = unicast_dst(s, k->frame);
    if (s->stations->len == 1)          /* nobody else on the cable */
      record_sent(k, NULL, NULL, REC_DELIVERED);
  }
  next_frame(st);
}

static void hand_up(struct station *r, const struct tx *k, struct pbuf *v)
{
  struct bus *s = r->bus;
  if (r->port.input == NULL) {
    pbuf_free(v);
    return;
  }
  struct bus_stats *c[2] = { &r->stats, &s->stats };
  for (int i = 0; i < 2; i++) {
    c[i]->rx_frames++;
    c[i]->rx_bytes += v->len;
  }
  SIM_TRACE(s->sim, s->name, "deliver dst=%s src=%s len=%u", r->mac_str,
            k->src->mac_str, k->wire_len);
  r->port.input(r->port.upper, v);
}

/* The row of k at its delivery to r (taken: whether r gets it): at its
 * addressee for unicast, at the last delivery for broadcast or a frame
 * nobody is addressed by. */
static void record_delivery(const struct tx *k, const struct station *r,
                            bool taken)
{
  if (k->dst == r) {
    bool off = r->port.upper_off && *r->port.upper_off;
    record_sent(k, r, station_name(r), !taken ? REC_COLLISION
                                       : off ? REC_DOWN : REC_DELIVERED);
  } else if (k->pending == 1 && !k->dst) {
    bool bcast = pbuf_data(k->frame)[0] & 1;
    record_sent(k, bcast ? r : NULL, bcast ? "*" : NULL, REC_DELIVERED);
  }
}

static void on_deliver(void *a, void *b)
{
  struct tx *k = a;
  struct station *r = b;
  struct pbuf *v = NULL;
  if (garbled_at(k, r))
    SIM_TRACE(r->bus->sim, r->bus->name, "garbled dst=%s src=%s",
              r->mac_str, k->src->mac_str);
  else if (accepts(r, k->frame))
    v = pbuf_share(k->frame);
  if (SIM_RECORDING(r->bus->sim))
    record_delivery(k, r, v != NULL);
  if (--k->pending == 0) {
    pbuf_free(k->frame);
    k->frame = NULL;
  }
  if (v)
    hand_up(r, k, v);   /* last: the callee may send and purge k */
}

/* ---- the transmit queue ---- */

/* Takes the next waiting frame, if any, and starts on it. */
static void next_frame(struct station *st)
{
  struct pbuf *p = st->qhead;
  if (p == NULL) {
    set_state(st, ST_IDLE);
    return;
  }
  st->qhead = p->next;
  if (st->qhead == NULL)
    st->qtail = NULL;
  p->next = NULL;
  st->qlen--;
  st->qbytes -= p->len;
  record_q(st);
  st->frame = p;
  st->attempts = 0;
  sense(st);
}

static void enqueue(struct station *st, struct pbuf *p)
{
  p->next = NULL;
  p->stamp = sim_now(st->bus->sim);
  if (st->qtail)
    st->qtail->next = p;
  else
    st->qhead = p;
  st->qtail = p;
  st->qlen++;
  st->qbytes += p->len;
  record_q(st);
}

static int reject(struct station *st, struct pbuf *p, enum bus_drop cause,
                  int err)
{
  sim_time_t now = sim_now(st->bus->sim);
  record_refused(st, p, cause == BUS_DROP_SIZE ? REC_MTU : REC_QUEUE, now,
                 -1);
  SIM_TRACE(st->bus->sim, st->bus->name, "drop cause=%s src=%s len=%u",
            cause == BUS_DROP_SIZE ? "size" : "queue", st->mac_str, p->len);
  count_drop(st, cause);
  pbuf_free(p);
  return err;
}

static int port_output(struct medium_port *port, struct pbuf *p)
{
  struct station *st = (struct station *)port;
  g_return_val_if_fail(p != NULL, -EINVAL);
  if (p->len > ETHER_MAX_NOFCS)
    return reject(st, p, BUS_DROP_SIZE, -EMSGSIZE);
  uint32_t limit = st->qlimit;
  if (limit != 0 && st->qlen >= limit)
    return reject(st, p, BUS_DROP_QUEUE, -ENOBUFS);
  if (p->len < ETHER_MIN_NOFCS)
    pbuf_put(p, ETHER_MIN_NOFCS - p->len);
  enqueue(st, p);
  if (st->state == ST_IDLE)
    next_frame(st);
  return 0;
}

static void port_set_queue(struct medium_port *port, uint32_t pkts)
{
  ((struct station *)port)->qlimit = pkts;
}

/* ---- life cycle and accessors ---- */

struct bus *bus_new(struct sim *sim, const char *name,
                    const struct bus_params *params)
{
  g_return_val_if_fail(sim && name && params, NULL);
  g_return_val_if_fail(params->rate_bps > 0 && params->length_m > 0, NULL);
  g_return_val_if_fail(params->prop_speed > 0, NULL);
  struct bus *s = g_new0(struct bus, 1);
  s->sim = sim;
  s->name = g_strdup(name);
  s->p = *params;
  s->stations = g_ptr_array_new();
  s->by_mac = g_hash_table_new(g_int64_hash, g_int64_equal);
  s->promisc = g_ptr_array_new();
  g_queue_init(&s->txs);
  s->jam_time = bits_time(s, params->jam_bits);
  s->horizon = frame_time(s, ETHER_MAX_NOFCS) + s->jam_time +
               2 * prop_m(s, params->length_m) + params->ifg;
  s->max_prop = prop_m(s, params->length_m) + 1;
  return s;
}

static void station_free(struct station *st)
{
  struct sched *q = st->bus->sim->sched;
  sched_cancel(q, st->timer);
  sched_cancel(q, st->detect);
  pbuf_free(st->frame);
  while (st->qhead) {
    struct pbuf *p = st->qhead;
    st->qhead = p->next;
    pbuf_free(p);
  }
  g_free(st);
}

void bus_free(struct bus *s)
{
  if (!s)
    return;
  struct tx *k;
  GList *l;
  while ((l = g_queue_pop_head_link(&s->txs)) != NULL)
    tx_free(s, l->data);
  while ((k = s->free_txs) != NULL) {
    s->free_txs = k->free_next;
    if (k->deliveries)
      g_array_free(k->deliveries, TRUE);
    free(k);                  /* posix_memalign'd */
  }
  for (guint i = 0; i < s->stations->len; i++)
    station_free(s->stations->pdata[i]);
  g_ptr_array_free(s->stations, TRUE);
  g_hash_table_destroy(s->by_mac);
  g_ptr_array_free(s->promisc, TRUE);
  g_free(s->deferring.bits);
  g_free(s->sending.bits);
  g_free(s->name);
  g_free(s);
}

/* Adds st (the last attached) to the MAC index. */
static void index_mac(struct bus *s, struct station *st)
{
  st->mac_key = mac_key(st->mac);
  struct station *m = g_hash_table_lookup(s->by_mac, &st->mac_key);
  if (!m) {
    g_hash_table_insert(s->by_mac, &st->mac_key, st);
    return;
  }
  while (m->mac_next)
    m = m->mac_next;
  m->mac_next = st;
}

struct medium_port *bus_attach(struct bus *s, double position_m,
                               const uint8_t mac[ETHER_ADDR_LEN])
{
  g_return_val_if_fail(s && mac, NULL);
  g_return_val_if_fail(position_m >= 0 && position_m <= s->p.length_m, NULL);
  struct station *st = g_new0(struct station, 1);
  st->port = (struct medium_port){
    .ops = &bus_ops, .kind = MEDIUM_ETHERNET, .mtu = ETHER_MTU,
    .medium_name = s->name,
  };
  st->bus = s;
  st->pos = position_m;
  st->qlimit = s->p.queue_pkts;
  memcpy(st->mac, mac, ETHER_ADDR_LEN);
  g_snprintf(st->mac_str, sizeof st->mac_str,
             "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
             mac[3], mac[4], mac[5]);
  st->detect_at = SIM_TIME_MAX;
  sim_rng_stream(s->sim, &st->rng, "seg/%s/%s", s->name, st->mac_str);
  st->idx = s->stations->len;
  g_ptr_array_add(s->stations, st);
  set_grow(&s->deferring, st->idx);
  set_grow(&s->sending, st->idx);
  index_mac(s, st);
  return &st->port;
}

void bus_set_eager_delivery(struct bus *s, bool on)
{
  g_return_if_fail(s != NULL);
  s->eager = on;
}

void bus_set_promisc(struct medium_port *port, bool on)
{
  g_return_if_fail(port && port->ops == &bus_ops);
  struct station *st = (struct station *)port;
  if (st->promisc == on)
    return;
  st->promisc = on;
  GPtrArray *pr = st->bus->promisc;
  if (!on) {
    g_ptr_array_remove(pr, st);
    return;
  }
  guint i = 0;
  while (i < pr->len && ((struct station *)pr->pdata[i])->idx < st->idx)
    i++;
  g_ptr_array_insert(pr, (gint)i, st);
}

const struct bus_stats *bus_stats(const struct bus *s)
{
  return &s->stats;
}

const struct bus_stats *bus_port_stats(const struct medium_port *port)
{
  g_return_val_if_fail(port && port->ops == &bus_ops, NULL);
  return &((const struct station *)port)->stats;
}

void bus_set_capture(struct bus *s, struct capture *c)
{
  s->cap = c;
}

const struct bus_params *bus_get_params(const struct bus *s)
{
  return &s->p;
}

const char *bus_name(const struct bus *s)
{
  return s->name;
}

double bus_port_position(const struct medium_port *port)
{
  g_return_val_if_fail(port && port->ops == &bus_ops, 0);
  return ((const struct station *)port)->pos;
}

void bus_set_position(struct medium_port *port, double position_m)
{
  g_return_if_fail(port && port->ops == &bus_ops);
  struct station *st = (struct station *)port;
  g_return_if_fail(position_m >= 0 && position_m <= st->bus->p.length_m);
  g_return_if_fail(st->state == ST_IDLE && !st->frame && !st->cur);
  st->pos = position_m;
}
