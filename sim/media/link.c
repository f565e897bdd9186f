/* sim/media/link.c: the point-to-point link (contract in link.h).
 *
 * Per direction: a drop-tail FIFO feeds one transmitter. A frame takes
 * len*8/rate to serialize; when it ends, the impairment models draw its
 * fate, and each copy that survives travels as its own "flight" event to
 * the far port. Call order: medium_output -> link_output -> tx_start ->
 * (event) tx_end -> draw_fate -> launch -> (event) arrive -> port->input.
 * It does not look inside frames, except to count the escapes of octet
 * stuffing; the flag and the FCS take time (hdlc.h) but are not carried.
 * Read: RFC 1661/1662 (the framing the ports build); Gilbert (1960) and
 * Elliott (1963) for the two-state burst loss model. */
#include "link.h"
#include "hdlc.h"
#include "pool.h"
#include "record.h"

#include <errno.h>
#include <math.h>

#define TX_TIME_MAX (SIM_TIME_MAX / 4)  /* clamp: ~73 years */

struct flight {
  struct flight *prev, *next; /* in the direction's in-flight list */
  struct dir *d;              /* the direction carrying it */
  struct pbuf *p;             /* the frame (owned) */
  sched_event_id ev;          /* its arrival at the far port */
  sim_time_t t_tx, t_tx_end;  /* its transmission (for results) */
  uint32_t len;               /* p->len: arrive need not touch p */
  bool corrupt;               /* carries a flipped bit */
  bool copy;                  /* the duplicate */
};

/* A frame waiting in a direction's queue, with its length, so that the
 * transmitter never reads the (by then cold) pbuf header. */
struct qent {
  struct pbuf *p;
  uint32_t len;
};

struct dir {
  struct link *l;             /* back pointer */
  struct sim *sim;            /* l->sim, one load nearer */
  const char *tag;            /* "ab" or "ba" */
  char *place;                /* "<name>.<tag>", for traces */
  struct medium_port *to;     /* the far port */
  struct link_params par;     /* for frames that start from now on */
  struct link_params txpar;   /* those of the frame in service */
  bool txpar_stale;           /* par changed since txpar was copied */
  bool txplain;               /* txpar sets no impairment: no draws */
  struct rng_chance c_loss, c_dup, c_reorder, c_corrupt;
                              /* txpar's loss, dup, reorder, corrupt */
  uint32_t tt_wire;           /* tx_time cache: the last wire length ... */
  sim_time_t tt_ns;           /* ... and its time at par.rate_bps */
  struct link_stats st;       /* counters */
  struct rng loss;            /* "link/<name>/<tag>/loss" */
  struct rng dup;             /* ".../dup" */
  struct rng reorder;         /* ".../reorder" */
  struct rng corrupt;         /* ".../corrupt" (decision, then bit) */
  bool ge_bad;                /* Gilbert-Elliott state: true = bad */
  struct qent *q;             /* frames waiting (not in service): a ring
                                 of qcap entries, st.queue_len of them
                                 from q[qfirst] */
  uint32_t qcap;              /* 0 or a power of 2 */
  uint32_t qfirst;            /* index of the oldest */
  uint64_t qbytes;            /* their bytes */
  struct pbuf *tx;            /* frame in service, or NULL when idle */
  uint32_t tx_len;            /* its length */
  sim_time_t tx_t;            /* when it started */
  sched_event_id tx_ev;       /* its end of transmission (while tx) */
  struct flight *flights;     /* frames propagating */
};

struct end {
  struct medium_port port;    /* must be first: ports cast back to ends */
  struct link *l;             /* back pointer */
  struct dir *d;              /* the direction it sends on (dir[idx]) */
  int idx;                    /* 0 or 1 */
};

struct link {
  struct sim *sim;            /* the run */
  char *name;                 /* "wan0" */
  bool up;                    /* false after link_down() */
  struct capture *cap;        /* capture, or NULL (not owned) */
  struct end end[2];          /* the two ports */
  struct dir dir[2];          /* 0: end 0 -> 1 ("ab"), 1: end 1 -> 0 */
  struct pool flights;        /* free struct flight, both directions */
};

/* What the impairment models decided for one frame. */
struct fate {
  bool lost;                  /* drop it */
  bool dup;                   /* deliver a second copy */
  bool held;                  /* add reorder_delay */
  bool corrupt;               /* flip bit `bit` */
  uint64_t bit;               /* 0 = MSB of the first byte */
};

static const char *drop_name(enum link_drop why)
{
  switch (why) {
  case LINK_DROP_QUEUE: return "queue";
  case LINK_DROP_LOSS: return "loss";
  case LINK_DROP_DOWN: return "down";
  case LINK_DROP_MTU: return "mtu";
  case LINK_DROP_NOPORT: return "noport";
  default: return "?";
  }
}

void link_params_default(struct link_params *p)
{
  *p = (struct link_params){
    .rate_bps = 10e6, .delay = 0, .mtu = 1500, .queue_pkts = 50,
  };
}

static bool prob_ok(double x)
{
  return x >= 0.0 && x <= 1.0;
}

static bool params_ok(const struct link_params *p)
{
  return p->rate_bps > 0 && isfinite(p->rate_bps) && p->delay >= 0 &&
         p->reorder_delay >= 0 && prob_ok(p->loss) && prob_ok(p->ge_p) &&
         prob_ok(p->ge_r) && prob_ok(p->ge_loss_good) &&
         prob_ok(p->ge_loss_bad) && prob_ok(p->dup) && prob_ok(p->reorder) &&
         prob_ok(p->corrupt);
}

/* len*8/rate seconds in ns, rounded to nearest (halves up). Exact integer
 * arithmetic for whole-number rates; IEEE double otherwise. */
static sim_time_t tx_time(uint32_t len, double rate)
{
  uint64_t bits = (uint64_t)len * 8;
#ifdef __SIZEOF_INT128__
  if (rate == floor(rate) && rate < 0x1p63) {
    unsigned __int128 r = (uint64_t)rate;
    unsigned __int128 q = ((unsigned __int128)bits * 1000000000u + r / 2) / r;
    return q > TX_TIME_MAX ? TX_TIME_MAX : (sim_time_t)q;
  }
#endif
  double ns = (double)bits * 1e9 / rate;
  return ns >= (double)TX_TIME_MAX ? TX_TIME_MAX : (sim_time_t)llround(ns);
}

/* Times of a frame, for results; -1 where they do not apply. */
struct times {
  sim_time_t tx, tx_end, rx, rx_end;
};

/* One packets.csv row for p on direction d. */
static void record(struct dir *d, const struct pbuf *p, enum record_fate fate,
                   struct times t, bool copy)
{
  struct link *l = d->l;
  const struct medium_port *from = &l->end[d == &l->dir[0] ? 0 : 1].port;
  struct record_frame f = {
    .t_tx = t.tx, .t_tx_end = t.tx_end, .t_rx = t.rx, .t_rx_end = t.rx_end,
    .medium = l->name, .from = from->upper_host, .to = d->to->upper_host,
    .kind = MEDIUM_P2P, .bytes = pbuf_data(p), .len = p->len,
    .wire_len = hdlc_wire_len(pbuf_data(p), p->len, d->par.stuffing),
    .fate = fate, .copy = copy,
  };
  record_frame(l->sim->rec, &f);
}

static enum record_fate drop_fate(enum link_drop why)
{
  switch (why) {
  case LINK_DROP_QUEUE: return REC_QUEUE;
  case LINK_DROP_LOSS: return REC_LOST;
  case LINK_DROP_MTU: return REC_MTU;
  default: return REC_DOWN;
  }
}

/* Drops p (counted, traced, recorded with times t). */
static void drop_at(struct dir *d, struct pbuf *p, enum link_drop why,
                    struct times t, bool copy)
{
  if (SIM_RECORDING(d->sim))
    record(d, p, drop_fate(why), t, copy);
  d->st.drops[why]++;
  SIM_TRACE(d->sim, d->place, "drop cause=%s len=%u", drop_name(why),
            p->len);
  pbuf_free(p);
}

/* Drops p, refused now before transmission. */
static void drop(struct dir *d, struct pbuf *p, enum link_drop why)
{
  sim_time_t now = sim_now(d->sim);
  drop_at(d, p, why, (struct times){ now, -1, -1, -1 }, false);
}

static void record_q(struct dir *d)
{
  if (SIM_RECORDING(d->sim))
    record_queue(d->sim->rec, d->l->name, d == &d->l->dir[0] ? "a" : "b",
                 d->st.queue_len, d->qbytes);
}

/* ---- the queue ---- */

/* Doubles the ring (16 entries at first), the oldest frame moving to 0. */
static G_GNUC_NO_INLINE void q_grow(struct dir *d)
{
  uint32_t cap = d->qcap ? 2 * d->qcap : 16;
  g_assert(cap > d->qcap);
  struct qent *q = g_new(struct qent, cap);
  for (uint32_t i = 0; i < d->st.queue_len; i++)
    q[i] = d->q[(d->qfirst + i) & (d->qcap - 1)];
  g_free(d->q);
  d->q = q;
  d->qcap = cap;
  d->qfirst = 0;
}

static void enqueue(struct dir *d, struct pbuf *p, uint32_t len)
{
  if (d->st.queue_len == d->qcap)
    q_grow(d);
  struct qent *e = &d->q[(d->qfirst + d->st.queue_len) & (d->qcap - 1)];
  e->p = p;
  e->len = len;
  d->qbytes += len;
  if (++d->st.queue_len > d->st.queue_max)
    d->st.queue_max = d->st.queue_len;
  SIM_TRACE(d->sim, d->place, "enqueue len=%u qlen=%u", len,
            d->st.queue_len);
  record_q(d);
}

/* The oldest waiting frame (its length in *len), or NULL. */
static struct pbuf *dequeue(struct dir *d, uint32_t *len)
{
  if (!d->st.queue_len)
    return NULL;
  struct qent *e = &d->q[d->qfirst];
  d->qfirst = (d->qfirst + 1) & (d->qcap - 1);
  d->st.queue_len--;
  d->qbytes -= e->len;
  *len = e->len;
  record_q(d);
  return e->p;
}

/* True if a frame of len bytes would take the queue past a limit (the
 * frame in service does not count). Byte limit: the queued bytes with it
 * must not exceed it. */
static bool queue_full(const struct dir *d, uint32_t len)
{
  const struct link_params *par = &d->par;
  if (par->queue_pkts && d->st.queue_len >= par->queue_pkts)
    return true;
  return par->queue_bytes && d->qbytes + len > par->queue_bytes;
}

/* ---- transmission ---- */

static void tx_end(void *a, void *b);

/* True when par sets no impairment: every model's probability is 0, so
 * draw_fate makes no draw and decides nothing. */
static bool plain(const struct link_params *par)
{
  return !par->ge_on && par->loss == 0 && par->dup == 0 &&
         par->reorder == 0 && par->corrupt == 0;
}

/* The time `wire` bytes take at par's rate. A flow's frames have a few
 * sizes, so the last one is kept (link_set_params forgets it). */
static sim_time_t tx_time_of(struct dir *d, uint32_t wire)
{
  if (wire != d->tt_wire) {
    d->tt_ns = tx_time(wire, d->par.rate_bps);
    d->tt_wire = wire;
  }
  return d->tt_ns;
}

/* Sets txpar to *par, with what is made of it. */
static void txpar_set(struct dir *d, const struct link_params *par)
{
  d->txpar = *par;
  d->txplain = plain(par);
  rng_chance_set(&d->c_loss, par->loss);
  rng_chance_set(&d->c_dup, par->dup);
  rng_chance_set(&d->c_reorder, par->reorder);
  rng_chance_set(&d->c_corrupt, par->corrupt);
}

/* Copies par to txpar, changed since the last frame started. */
static G_GNUC_NO_INLINE void txpar_refresh(struct dir *d)
{
  txpar_set(d, &d->par);
  d->txpar_stale = false;
}

/* tx_start's rare work, which reads the frame's bytes: the capture, the
 * trace line and octet stuffing. Returns the frame's wire length. */
static G_GNUC_NO_INLINE uint32_t tx_start_rare(struct dir *d,
                                               struct pbuf *p,
                                               uint32_t len)
{
  struct link *l = d->l;
  if (l->cap)
    capture_write(l->cap, sim_now(l->sim), pbuf_data(p), len);
  SIM_TRACE(l->sim, d->place, "tx-start len=%u", len);
  return d->par.stuffing ? hdlc_wire_len(pbuf_data(p), len, true)
                         : len + HDLC_FCS_LEN + HDLC_FLAG_LEN;
}

/* Starts sending p (len bytes). The usual case touches neither p nor
 * anything but d and the event queue. */
static void tx_start(struct dir *d, struct pbuf *p, uint32_t len)
{
  struct link *l = d->l;
  struct sim *sim = d->sim;
  d->tx = p;
  d->tx_len = len;
  d->tx_t = sim_now(sim);
  if (G_UNLIKELY(d->txpar_stale))  /* else txpar already equals par */
    txpar_refresh(d);
  d->st.tx_frames++;
  d->st.tx_bytes += len;
  uint32_t wire = len + HDLC_FCS_LEN + HDLC_FLAG_LEN;
  if (G_UNLIKELY(l->cap || sim->trace || d->par.stuffing))
    wire = tx_start_rare(d, p, len);
  d->tx_ev = sched_after(sim->sched, tx_time_of(d, wire), tx_end, d, NULL);
}

/* Gilbert-Elliott: first the state moves (good -> bad with ge_p, bad ->
 * good with ge_r), then the frame is lost with the new state's loss
 * probability. All draws come from the loss stream. */
static bool draw_loss(struct dir *d, const struct link_params *par)
{
  if (!par->ge_on)
    return rng_chance(&d->loss, &d->c_loss);
  if (d->ge_bad)
    d->ge_bad = !rng_bernoulli(&d->loss, par->ge_r);
  else
    d->ge_bad = rng_bernoulli(&d->loss, par->ge_p);
  return rng_bernoulli(&d->loss,
                       d->ge_bad ? par->ge_loss_bad : par->ge_loss_good);
}

/* Every model draws for every frame that ends transmission, lost or not,
 * so one model's settings never shift which frames another one picks. */
static struct fate draw_fate(struct dir *d, uint32_t len)
{
  const struct link_params *par = &d->txpar;
  struct fate f = { 0 };
  if (d->txplain)
    return f;
  f.lost = draw_loss(d, par);
  f.dup = rng_chance(&d->dup, &d->c_dup);
  f.held = rng_chance(&d->reorder, &d->c_reorder);
  f.corrupt = rng_chance(&d->corrupt, &d->c_corrupt) && len > 0;
  if (f.corrupt)
    f.bit = rng_below(&d->corrupt, (uint64_t)len * 8);
  return f;
}

static void arrive(void *a, void *b);

/* Sends p (len bytes) on its way to the far port, to arrive at time t. */
static void launch(struct dir *d, struct pbuf *p, uint32_t len, sim_time_t t,
                   bool corrupt, bool copy)
{
  struct flight *f = pool_get(&d->l->flights);
  f->prev = NULL;
  f->next = d->flights;
  f->d = d;
  f->p = p;
  f->t_tx = d->tx_t;
  f->t_tx_end = sim_now(d->sim);
  f->len = len;
  f->corrupt = corrupt;
  f->copy = copy;
  if (d->flights)
    d->flights->prev = f;
  d->flights = f;
  f->ev = sched_at(d->sim->sched, t, arrive, f, NULL);
}

static void flip_bit(struct dir *d, struct pbuf *p, uint64_t bit)
{
  uint8_t *bytes = pbuf_writable(p);
  bytes[bit / 8] ^= (uint8_t)(0x80u >> (bit % 8));
  d->st.corrupted++;
  SIM_TRACE(d->sim, d->place, "corrupt bit=%" G_GUINT64_FORMAT, bit);
}

/* Applies f to p (len bytes), which just finished transmission. The
 * duplicate is shared before corruption, so only the first copy carries
 * the flip. */
static void apply_fate(struct dir *d, struct pbuf *p, uint32_t len,
                       const struct fate *f)
{
  struct sim *sim = d->sim;
  if (f->lost) {
    drop_at(d, p, LINK_DROP_LOSS,
            (struct times){ d->tx_t, sim_now(sim), -1, -1 }, false);
    return;
  }
  sim_time_t t = sim_now(sim) + d->txpar.delay;
  if (f->held) {
    t += d->txpar.reorder_delay;
    d->st.reordered++;
    SIM_TRACE(sim, d->place, "reorder");
  }
  struct pbuf *copy = NULL;
  if (f->dup) {
    copy = pbuf_share(p);
    d->st.dup_frames++;
    SIM_TRACE(sim, d->place, "dup");
  }
  if (f->corrupt)
    flip_bit(d, p, f->bit);
  launch(d, p, len, t, f->corrupt, false);
  if (copy)
    launch(d, copy, len, t, false, true);
}

/* The impairment models' part of tx_end, when txpar sets any. */
static G_GNUC_NO_INLINE void impair(struct dir *d, struct pbuf *p,
                                    uint32_t len)
{
  struct fate f = draw_fate(d, len);
  apply_fate(d, p, len, &f);
}

static void tx_end(void *a, void *b)
{
  (void)b;
  struct dir *d = a;
  struct pbuf *p = d->tx;
  uint32_t len = d->tx_len;
  d->tx = NULL;
  if (G_LIKELY(d->txplain))
    launch(d, p, len, sim_now(d->sim) + d->txpar.delay, false, false);
  else
    impair(d, p, len);
  struct pbuf *next = dequeue(d, &len);
  if (next)
    tx_start(d, next, len);
}

/* ---- delivery ---- */

static void unlink_flight(struct flight *f)
{
  struct dir *d = f->d;
  if (f->prev)
    f->prev->next = f->next;
  else
    d->flights = f->next;
  if (f->next)
    f->next->prev = f->prev;
}

/* arrive when recording or when nobody is attached at the far end. */
static G_GNUC_NO_INLINE void arrive_rare(struct flight *f)
{
  struct dir *d = f->d;
  struct pbuf *p = f->p;
  uint32_t len = f->len;
  sim_time_t now = sim_now(d->sim);
  struct times t = { f->t_tx, f->t_tx_end, now - (f->t_tx_end - f->t_tx),
                     now };
  bool corrupt = f->corrupt, copy = f->copy;
  unlink_flight(f);
  pool_put(&d->l->flights, f);
  struct medium_port *to = d->to;
  if (!to->input) {
    drop_at(d, p, LINK_DROP_NOPORT, t, copy);
    return;
  }
  if (SIM_RECORDING(d->sim)) {
    bool off = to->upper_off && *to->upper_off;
    record(d, p, off ? REC_DOWN : corrupt ? REC_CORRUPTED : REC_DELIVERED,
           t, copy);
  }
  d->st.rx_frames++;
  d->st.rx_bytes += len;
  SIM_TRACE(d->sim, d->place, "deliver len=%u", len);
  to->input(to->upper, p);
}

/* The flight is gone before input() runs, so input may send, take the
 * link down or free it. The usual case reads only the flight and d, not
 * the frame (its header is cold by now; W2 spent 57% of arrive's time on
 * p->len). */
static void arrive(void *a, void *b)
{
  (void)b;
  struct flight *f = a;
  struct dir *d = f->d;
  struct medium_port *to = d->to;
  if (G_UNLIKELY(!to->input) || SIM_RECORDING(d->sim)) {
    arrive_rare(f);
    return;
  }
  struct pbuf *p = f->p;
  uint32_t len = f->len;
  unlink_flight(f);
  pool_put(&d->l->flights, f);
  d->st.rx_frames++;
  d->st.rx_bytes += len;
  SIM_TRACE(d->sim, d->place, "deliver len=%u", len);
  to->input(to->upper, p);
}

/* ---- output (the port's op) ---- */

static int link_output(struct medium_port *port, struct pbuf *p)
{
  struct end *e = (struct end *)port;
  struct dir *d = e->d;
  g_return_val_if_fail(p != NULL, -EINVAL);
  uint32_t len = p->len;
  if (G_UNLIKELY(len > (uint64_t)d->par.mtu + P2P_HDR_LEN)) {
    drop(d, p, LINK_DROP_MTU);
    return -EMSGSIZE;
  }
  if (G_UNLIKELY(!e->l->up)) {
    drop(d, p, LINK_DROP_DOWN);
    return 0;
  }
  if (!d->tx) {
    tx_start(d, p, len);
    return 0;
  }
  if (queue_full(d, len)) {
    drop(d, p, LINK_DROP_QUEUE);
    return -ENOBUFS;
  }
  enqueue(d, p, len);
  return 0;
}

static void link_set_queue(struct medium_port *port, uint32_t pkts)
{
  struct end *e = (struct end *)port;
  e->l->dir[e->idx].par.queue_pkts = pkts;
}

static const struct medium_ops link_ops = {
  .output = link_output, .set_queue = link_set_queue,
};

/* ---- life cycle ---- */

static void dir_init(struct link *l, int i, const struct link_params *par)
{
  struct dir *d = &l->dir[i];
  d->l = l;
  d->sim = l->sim;
  d->tag = i == 0 ? "ab" : "ba";
  d->place = g_strdup_printf("%s.%s", l->name, d->tag);
  d->to = &l->end[1 - i].port;
  d->par = *par;
  txpar_set(d, par);
  sim_rng_stream(l->sim, &d->loss, "link/%s/%s/loss", l->name, d->tag);
  sim_rng_stream(l->sim, &d->dup, "link/%s/%s/dup", l->name, d->tag);
  sim_rng_stream(l->sim, &d->reorder, "link/%s/%s/reorder", l->name, d->tag);
  sim_rng_stream(l->sim, &d->corrupt, "link/%s/%s/corrupt", l->name, d->tag);
}

static void end_init(struct link *l, int i)
{
  struct end *e = &l->end[i];
  e->l = l;
  e->d = &l->dir[i];
  e->idx = i;
  e->port.ops = &link_ops;
  e->port.kind = MEDIUM_P2P;
  e->port.mtu = l->dir[i].par.mtu;
  e->port.medium_name = l->name;
}

struct link *link_new(struct sim *sim, const char *name,
                      const struct link_params *params)
{
  g_return_val_if_fail(sim != NULL && name != NULL, NULL);
  g_return_val_if_fail(params != NULL && params_ok(params), NULL);
  struct link *l = g_new0(struct link, 1);
  l->sim = sim;
  l->name = g_strdup(name);
  l->up = true;
  pool_init(&l->flights, sizeof(struct flight));
  for (int i = 0; i < 2; i++)
    dir_init(l, i, params);
  for (int i = 0; i < 2; i++)
    end_init(l, i);
  return l;
}

/* Frees p; counted as a DOWN drop (times t) when `count`, silently
 * otherwise. */
static void discard(struct dir *d, struct pbuf *p, bool count,
                    struct times t, bool copy)
{
  if (count)
    drop_at(d, p, LINK_DROP_DOWN, t, copy);
  else
    pbuf_free(p);
}

/* Empties direction d: the queue, the frame in service and the flights,
 * cancelling their events. */
static void flush(struct dir *d, bool count)
{
  struct sched *s = d->sim->sched;
  sim_time_t now = sim_now(d->sim);
  struct pbuf *p;
  uint32_t len;
  while ((p = dequeue(d, &len)) != NULL)
    discard(d, p, count, (struct times){ now, -1, -1, -1 }, false);
  if (d->tx) {
    sched_cancel(s, d->tx_ev);
    discard(d, d->tx, count, (struct times){ d->tx_t, -1, -1, -1 }, false);
    d->tx = NULL;
  }
  while (d->flights) {
    struct flight *f = d->flights;
    unlink_flight(f);
    sched_cancel(s, f->ev);
    discard(d, f->p, count, (struct times){ f->t_tx, f->t_tx_end, -1, -1 },
            f->copy);
    pool_put(&d->l->flights, f);
  }
}

void link_free(struct link *l)
{
  if (!l)
    return;
  for (int i = 0; i < 2; i++) {
    flush(&l->dir[i], false);
    g_free(l->dir[i].q);
    g_free(l->dir[i].place);
  }
  pool_drain(&l->flights);
  g_free(l->name);
  g_free(l);
}

struct medium_port *link_port(struct link *l, int end)
{
  g_return_val_if_fail(l != NULL && (end == 0 || end == 1), NULL);
  return &l->end[end].port;
}

const struct link_params *link_get_params(const struct link *l, int dir)
{
  g_return_val_if_fail(l != NULL && (dir == 0 || dir == 1), NULL);
  return &l->dir[dir].par;
}

void link_set_params(struct link *l, int dir, const struct link_params *p)
{
  g_return_if_fail(l != NULL && (dir == 0 || dir == 1));
  g_return_if_fail(p != NULL && params_ok(p));
  l->dir[dir].par = *p;
  l->dir[dir].txpar_stale = true;
  l->dir[dir].tt_wire = 0;
  l->end[dir].port.mtu = p->mtu;
}

void link_down(struct link *l)
{
  g_return_if_fail(l != NULL);
  if (!l->up)
    return;
  l->up = false;
  SIM_TRACE(l->sim, l->name, "down");
  for (int i = 0; i < 2; i++)
    flush(&l->dir[i], true);
}

void link_up(struct link *l)
{
  g_return_if_fail(l != NULL);
  if (l->up)
    return;
  l->up = true;
  SIM_TRACE(l->sim, l->name, "up");
}

bool link_is_up(const struct link *l)
{
  g_return_val_if_fail(l != NULL, false);
  return l->up;
}

const struct link_stats *link_stats(const struct link *l, int dir)
{
  g_return_val_if_fail(l != NULL && (dir == 0 || dir == 1), NULL);
  return &l->dir[dir].st;
}

void link_set_capture(struct link *l, struct capture *c)
{
  g_return_if_fail(l != NULL);
  l->cap = c;
}

const char *link_name(const struct link *l)
{
  g_return_val_if_fail(l != NULL, NULL);
  return l->name;
}
