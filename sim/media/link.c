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
  bool corrupt;               /* carries a flipped bit */
  bool copy;                  /* the duplicate */
};

struct dir {
  struct link *l;             /* back pointer */
  const char *tag;            /* "ab" or "ba" */
  char *place;                /* "<name>.<tag>", for traces */
  struct medium_port *to;     /* the far port */
  struct link_params par;     /* for frames that start from now on */
  struct link_params txpar;   /* those of the frame in service */
  bool txpar_stale;           /* par changed since txpar was copied */
  bool txplain;               /* txpar sets no impairment: no draws */
  uint32_t tt_wire;           /* tx_time cache: the last wire length ... */
  sim_time_t tt_ns;           /* ... and its time at par.rate_bps */
  struct link_stats st;       /* counters */
  struct rng loss;            /* "link/<name>/<tag>/loss" */
  struct rng dup;             /* ".../dup" */
  struct rng reorder;         /* ".../reorder" */
  struct rng corrupt;         /* ".../corrupt" (decision, then bit) */
  bool ge_bad;                /* Gilbert-Elliott state: true = bad */
  struct pbuf *qhead, *qtail; /* frames waiting (not in service) */
  uint64_t qbytes;            /* their bytes */
  struct pbuf *tx;            /* frame in service, or NULL when idle */
  sim_time_t tx_t;            /* when it started */
  sched_event_id tx_ev;       /* its end of transmission */
  struct flight *flights;     /* frames propagating */
};

struct end {
  struct medium_port port;    /* must be first: ports cast back to ends */
  struct link *l;             /* back pointer */
  int idx;                    /* 0 or 1; also the direction it sends on */
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
  if (SIM_RECORDING(d->l->sim))
    record(d, p, drop_fate(why), t, copy);
  d->st.drops[why]++;
  SIM_TRACE(d->l->sim, d->place, "drop cause=%s len=%u", drop_name(why),
            p->len);
  pbuf_free(p);
}

/* Drops p, refused now before transmission. */
static void drop(struct dir *d, struct pbuf *p, enum link_drop why)
{
  sim_time_t now = sim_now(d->l->sim);
  drop_at(d, p, why, (struct times){ now, -1, -1, -1 }, false);
}

static void record_q(struct dir *d)
{
  if (SIM_RECORDING(d->l->sim))
    record_queue(d->l->sim->rec, d->l->name, d == &d->l->dir[0] ? "a" : "b",
                 d->st.queue_len, d->qbytes);
}

/* ---- the queue ---- */

static void enqueue(struct dir *d, struct pbuf *p)
{
  p->next = NULL;
  if (d->qtail)
    d->qtail->next = p;
  else
    d->qhead = p;
  d->qtail = p;
  d->qbytes += p->len;
  if (++d->st.queue_len > d->st.queue_max)
    d->st.queue_max = d->st.queue_len;
  SIM_TRACE(d->l->sim, d->place, "enqueue len=%u qlen=%u", p->len,
            d->st.queue_len);
  record_q(d);
}

static struct pbuf *dequeue(struct dir *d)
{
  struct pbuf *p = d->qhead;
  if (!p)
    return NULL;
  d->qhead = p->next;
  if (!d->qhead)
    d->qtail = NULL;
  p->next = NULL;
  d->qbytes -= p->len;
  d->st.queue_len--;
  record_q(d);
  return p;
}

/* True if p would take the queue past a limit (the frame in service does
 * not count). Byte limit: the queued bytes with p must not exceed it. */
static bool queue_full(const struct dir *d, const struct pbuf *p)
{
  const struct link_params *par = &d->par;
  if (par->queue_pkts && d->st.queue_len >= par->queue_pkts)
    return true;
  return par->queue_bytes && d->qbytes + p->len > par->queue_bytes;
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

static void tx_start(struct dir *d, struct pbuf *p)
{
  struct link *l = d->l;
  sim_time_t now = sim_now(l->sim);
  d->tx = p;
  d->tx_t = now;
  if (d->txpar_stale) {       /* else txpar already equals par */
    d->txpar = d->par;
    d->txplain = plain(&d->par);
    d->txpar_stale = false;
  }
  d->st.tx_frames++;
  d->st.tx_bytes += p->len;
  if (l->cap)
    capture_write(l->cap, now, pbuf_data(p), p->len);
  SIM_TRACE(l->sim, d->place, "tx-start len=%u", p->len);
  uint32_t wire = d->par.stuffing
                  ? hdlc_wire_len(pbuf_data(p), p->len, true)
                  : p->len + HDLC_FCS_LEN + HDLC_FLAG_LEN;
  d->tx_ev = sched_after(l->sim->sched, tx_time_of(d, wire), tx_end, d,
                         NULL);
}

/* Gilbert-Elliott: first the state moves (good -> bad with ge_p, bad ->
 * good with ge_r), then the frame is lost with the new state's loss
 * probability. All draws come from the loss stream. */
static bool draw_loss(struct dir *d, const struct link_params *par)
{
  if (!par->ge_on)
    return rng_bernoulli(&d->loss, par->loss);
  if (d->ge_bad)
    d->ge_bad = !rng_bernoulli(&d->loss, par->ge_r);
  else
    d->ge_bad = rng_bernoulli(&d->loss, par->ge_p);
  return rng_bernoulli(&d->loss,
                       d->ge_bad ? par->ge_loss_bad : par->ge_loss_good);
}

/* Every model draws for every frame that ends transmission, lost or not,
 * so one model's settings never shift which frames another one picks. */
static struct fate draw_fate(struct dir *d, const struct pbuf *p)
{
  const struct link_params *par = &d->txpar;
  struct fate f = { 0 };
  if (d->txplain)
    return f;
  f.lost = draw_loss(d, par);
  f.dup = rng_bernoulli(&d->dup, par->dup);
  f.held = rng_bernoulli(&d->reorder, par->reorder);
  f.corrupt = rng_bernoulli(&d->corrupt, par->corrupt) && p->len > 0;
  if (f.corrupt)
    f.bit = rng_below(&d->corrupt, (uint64_t)p->len * 8);
  return f;
}

static void arrive(void *a, void *b);

/* Sends p on its way to the far port, to arrive at time t. */
static void launch(struct dir *d, struct pbuf *p, sim_time_t t, bool corrupt,
                   bool copy)
{
  struct flight *f = pool_get(&d->l->flights);
  f->prev = NULL;
  f->next = d->flights;
  f->d = d;
  f->p = p;
  f->t_tx = d->tx_t;
  f->t_tx_end = sim_now(d->l->sim);
  f->corrupt = corrupt;
  f->copy = copy;
  if (d->flights)
    d->flights->prev = f;
  d->flights = f;
  f->ev = sched_at(d->l->sim->sched, t, arrive, f, NULL);
}

static void flip_bit(struct dir *d, struct pbuf *p, uint64_t bit)
{
  uint8_t *bytes = pbuf_writable(p);
  bytes[bit / 8] ^= (uint8_t)(0x80u >> (bit % 8));
  d->st.corrupted++;
  SIM_TRACE(d->l->sim, d->place, "corrupt bit=%" G_GUINT64_FORMAT, bit);
}

/* Applies f to p, which just finished transmission. The duplicate is
 * shared before corruption, so only the first copy carries the flip. */
static void apply_fate(struct dir *d, struct pbuf *p, const struct fate *f)
{
  struct sim *sim = d->l->sim;
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
  launch(d, p, t, f->corrupt, false);
  if (copy)
    launch(d, copy, t, false, true);
}

static void tx_end(void *a, void *b)
{
  struct dir *d = a;
  struct pbuf *p = d->tx;
  d->tx = NULL;
  d->tx_ev = 0;
  struct fate f = draw_fate(d, p);
  apply_fate(d, p, &f);
  struct pbuf *next = dequeue(d);
  if (next)
    tx_start(d, next);
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

/* The flight is gone before input() runs, so input may send, take the
 * link down or free it. */
static void arrive(void *a, void *b)
{
  struct flight *f = a;
  struct dir *d = f->d;
  struct pbuf *p = f->p;
  sim_time_t now = sim_now(d->l->sim);
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
  if (SIM_RECORDING(d->l->sim)) {
    bool off = to->upper_off && *to->upper_off;
    record(d, p, off ? REC_DOWN : corrupt ? REC_CORRUPTED : REC_DELIVERED,
           t, copy);
  }
  d->st.rx_frames++;
  d->st.rx_bytes += p->len;
  SIM_TRACE(d->l->sim, d->place, "deliver len=%u", p->len);
  to->input(to->upper, p);
}

/* ---- output (the port's op) ---- */

static int link_output(struct medium_port *port, struct pbuf *p)
{
  struct end *e = (struct end *)port;
  struct dir *d = &e->l->dir[e->idx];
  g_return_val_if_fail(p != NULL, -EINVAL);
  if (p->len > (uint64_t)d->par.mtu + P2P_HDR_LEN) {
    drop(d, p, LINK_DROP_MTU);
    return -EMSGSIZE;
  }
  if (!e->l->up) {
    drop(d, p, LINK_DROP_DOWN);
    return 0;
  }
  if (!d->tx) {
    tx_start(d, p);
    return 0;
  }
  if (queue_full(d, p)) {
    drop(d, p, LINK_DROP_QUEUE);
    return -ENOBUFS;
  }
  enqueue(d, p);
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
  d->tag = i == 0 ? "ab" : "ba";
  d->place = g_strdup_printf("%s.%s", l->name, d->tag);
  d->to = &l->end[1 - i].port;
  d->par = *par;
  d->txpar = *par;
  d->txplain = plain(par);
  sim_rng_stream(l->sim, &d->loss, "link/%s/%s/loss", l->name, d->tag);
  sim_rng_stream(l->sim, &d->dup, "link/%s/%s/dup", l->name, d->tag);
  sim_rng_stream(l->sim, &d->reorder, "link/%s/%s/reorder", l->name, d->tag);
  sim_rng_stream(l->sim, &d->corrupt, "link/%s/%s/corrupt", l->name, d->tag);
}

static void end_init(struct link *l, int i)
{
  struct end *e = &l->end[i];
  e->l = l;
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
  struct sched *s = d->l->sim->sched;
  sim_time_t now = sim_now(d->l->sim);
  struct pbuf *p;
  while ((p = dequeue(d)) != NULL)
    discard(d, p, count, (struct times){ now, -1, -1, -1 }, false);
  if (d->tx) {
    sched_cancel(s, d->tx_ev);
    discard(d, d->tx, count, (struct times){ d->tx_t, -1, -1, -1 }, false);
    d->tx = NULL;
    d->tx_ev = 0;
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
