/* sim/media/link.h: a point-to-point link between two ports (ends 0 and 1).
 *
 * Each direction (0: end 0 -> end 1, 1: end 1 -> end 0) has its own
 * settings: rate, propagation delay, MTU, a drop-tail queue (limit in
 * packets and/or bytes), Bernoulli or Gilbert-Elliott loss, duplication,
 * reordering (a fraction held back by an extra delay) and corruption (bit
 * flips a checksum will catch). A frame of len bytes (ff 03 proto[2]
 * payload) takes hdlc_wire_len * 8 / rate to transmit (len + the 2-byte
 * FCS + 1 flag, + the escapes if stuffing; hdlc.h), then `delay` to
 * propagate. down()/up() at any time. Every drop is counted by
 * cause. Frames are PPP in HDLC-like framing (framing.h); the link does not
 * look inside them. Random draws come from streams named
 * "link/<name>/<dir>/<model>" (dir "ab" or "ba"; model loss, dup, reorder,
 * corrupt). The model in detail is below. */
#ifndef IPCSIM_LINK_H
#define IPCSIM_LINK_H

#include <stdbool.h>
#include <stdint.h>
#include "capture.h"
#include "medium.h"
#include "sim.h"

struct link;

/* The model, per direction: a frame that finds the transmitter idle starts
 * at once, otherwise it waits in the queue. When its transmission ends,
 * each model draws for it (whether or not it is lost; a probability of 0
 * or 1 makes no draw), so enabling one model never changes which
 * frames another picks. Gilbert-Elliott: first the state moves (good->bad
 * with ge_p, bad->good with ge_r), then the loss draw uses the new state.
 * A surviving frame arrives after `delay` (+ reorder_delay if held back).
 * A duplicate is a second delivery of the same bytes at the same time,
 * right after the first. Corruption flips one bit (uniform over the frame)
 * in a private copy of the first delivery only; the duplicate is clean.
 * Queue limits count only waiting frames, not the one in service; with a
 * byte limit, a frame is dropped if the waiting bytes plus its own would
 * exceed it.
 * Trace lines (place "<name>.ab"/"<name>.ba"): enqueue len= qlen=,
 * tx-start len=, drop cause=queue|loss|down|mtu|noport len=, reorder, dup,
 * corrupt bit= (0 = the first byte's most significant bit), deliver len=;
 * and "<name> down" / "<name> up". */

struct link_params {
  double rate_bps;            /* bits per second, > 0 */
  sim_time_t delay;           /* propagation delay, >= 0 */
  uint32_t mtu;               /* largest payload (frame minus P2P_HDR_LEN) */
  uint32_t queue_pkts;        /* drop-tail limit in frames, 0 = none */
  uint64_t queue_bytes;       /* drop-tail limit in bytes, 0 = none */
  double loss;                /* Bernoulli loss probability [0,1] */
  /* Gilbert-Elliott: two states; used instead of `loss` when ge_on. */
  bool ge_on;                 /* use the Gilbert-Elliott model */
  double ge_p;                /* P(good -> bad) per frame */
  double ge_r;                /* P(bad -> good) per frame */
  double ge_loss_good;        /* loss probability in the good state */
  double ge_loss_bad;         /* loss probability in the bad state */
  double dup;                 /* probability a frame is delivered twice */
  double reorder;             /* probability a frame is held back */
  sim_time_t reorder_delay;   /* extra delay for held-back frames */
  double corrupt;             /* probability a frame gets one bit flipped */
  bool stuffing;              /* RFC 1662 4.2 octet stuffing: each 0x7e and
                                 0x7d of a frame and its FCS takes one more
                                 byte (off: a synchronous line) */
};

/* Defaults: 10 Mb/s, 0 delay, MTU 1500, 50-frame queue (IFQ_MAXLEN), no
 * impairments. */
void link_params_default(struct link_params *p);

enum link_drop {
  LINK_DROP_QUEUE,            /* queue full at enqueue */
  LINK_DROP_LOSS,             /* the loss model */
  LINK_DROP_DOWN,             /* sent while down, or in flight/queued at down() */
  LINK_DROP_MTU,              /* longer than mtu + P2P_HDR_LEN */
  LINK_DROP_NOPORT,           /* nobody attached at the far end */
  LINK_DROP_N
};

struct link_stats {
  uint64_t tx_frames, tx_bytes;     /* frames that began transmission */
  uint64_t rx_frames, rx_bytes;     /* frames delivered to the far port */
  uint64_t dup_frames;              /* extra copies made by duplication */
  uint64_t reordered;               /* frames held back */
  uint64_t corrupted;               /* frames with a flipped bit */
  uint64_t drops[LINK_DROP_N];      /* by cause */
  uint32_t queue_len;               /* frames waiting now (not in service) */
  uint32_t queue_max;               /* largest queue_len seen */
};

/* A new link, up, with the same parameters both ways. The name is copied
 * and used in traces and stream names. */
struct link *link_new(struct sim *sim, const char *name,
                      const struct link_params *params);

/* Frees the link and any frames queued or in flight on it, cancelling
 * their events. Call it before sim_free() of its sim. NULL is ok. */
void link_free(struct link *l);

/* The port of end 0 or 1. Owned by the link. */
struct medium_port *link_port(struct link *l, int end);

/* Direction dir's parameters now (0: end 0 -> 1, 1: end 1 -> 0). */
const struct link_params *link_get_params(const struct link *l, int dir);

/* Replaces direction dir's parameters from now on. They apply to frames
 * that start transmission afterwards, including those already queued; the
 * frame in service and those propagating keep the parameters they started
 * with (rate, delay and impairments). New queue limits and MTU apply to
 * later sends; frames already queued stay. The Gilbert-Elliott state
 * persists. */
void link_set_params(struct link *l, int dir, const struct link_params *p);

/* Takes the link down: queued and in-flight frames are dropped (DOWN),
 * and later sends are dropped until link_up(). Idempotent. */
void link_down(struct link *l);
void link_up(struct link *l);
bool link_is_up(const struct link *l);

/* Counters of direction dir. */
const struct link_stats *link_stats(const struct link *l, int dir);

/* Starts writing every frame to c as it begins transmission (either
 * direction, LINKTYPE_PPP). The link does not own c. NULL stops. */
void link_set_capture(struct link *l, struct capture *c);

const char *link_name(const struct link *l);

#endif
