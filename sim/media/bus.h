/* sim/media/bus.h: a classic half-duplex Ethernet bus (10BASE5 style).
 *
 * Stations attach at positions along the cable; a signal travels at
 * prop_speed, so station i hears station j |x_i - x_j| / prop_speed later.
 * Each station runs 1-persistent CSMA/CD: it defers while it hears a
 * carrier (which it hears sense_delay after the signal reaches it), waits
 * the inter-frame gap, and transmits. Transmissions that
 * overlap at a transmitter within the propagation time collide: each
 * transmitter that detects it sends a 32-bit jam, stops, and backs off
 * r * slot, r uniform in [0, 2^min(n,10) - 1] after the n-th collision;
 * after 16 attempts the frame is dropped (excessive collisions). A frame
 * occupies (8 preamble + max(len + 4 FCS, 64)) * 8 bits of time. Receivers
 * that heard it whole get it if it is addressed to them (unicast match,
 * broadcast/multicast, or promiscuous). Frames are DIX Ethernet without FCS
 * (medium.h); short frames are padded to 60 bytes. Backoff draws come from
 * streams named "seg/<name>/<mac>". See IEEE 802.3 clause 4; the model's
 * details and simplifications are at the top of bus.c. */
#ifndef IPCSIM_BUS_H
#define IPCSIM_BUS_H

#include <stdbool.h>
#include <stdint.h>
#include "capture.h"
#include "medium.h"
#include "sim.h"

/* Trace lines (place = the bus's name; MACs as aa:bb:cc:dd:ee:ff, len
 * on the wire with the FCS):
 *   tx-start src= len= attempt=     collision src= attempt= backoff=
 *   tx-end src= len=                defer src=
 *   deliver dst= src= len=          drop cause=collisions|size|queue src=
 *   garbled dst= src=  (a good frame overlapped by another signal at that
 *                       receiver, so not delivered: over-long cables only) */

struct bus;

struct bus_params {
  double rate_bps;            /* 10e6 */
  double length_m;            /* cable length, > 0; stations sit in [0, length] */
  double prop_speed;          /* metres per second, 2e8 */
  sim_time_t slot;            /* 51.2 us (512 bit times at 10 Mb/s) */
  sim_time_t ifg;             /* 9.6 us */
  sim_time_t sense_delay;     /* carrier sense lags a signal's arrival by
                                 this much: 0.5 us (5 bit times, the 10BASE5
                                 MAU's receive start-up delay, IEEE 802.3
                                 clause 8); a station that starts within it
                                 transmits, and collides */
  uint32_t jam_bits;          /* 32 */
  uint32_t max_attempts;      /* 16 */
  uint32_t backoff_limit;     /* 10: k = min(n, backoff_limit) */
  uint32_t queue_pkts;        /* frames that may wait behind the one being
                                 sent, per station; 50; 0 = no limit */
};

/* Classic 10 Mb/s Ethernet with a 500 m cable. */
void bus_params_default(struct bus_params *p);

enum bus_drop {
  BUS_DROP_QUEUE,             /* station queue full */
  BUS_DROP_COLLISIONS,        /* 16 attempts failed (excessive collisions) */
  BUS_DROP_SIZE,              /* longer than 1514 bytes without FCS */
  BUS_DROP_N
};

struct bus_stats {
  uint64_t tx_frames, tx_bytes;     /* frames sent without collision (bytes
                                       as in the pbuf: no FCS, padded) */
  uint64_t rx_frames, rx_bytes;     /* frames handed to a station's input */
  uint64_t collisions;              /* collision events seen by transmitters */
  uint64_t deferrals;               /* transmissions that had to wait for carrier */
  uint64_t drops[BUS_DROP_N];       /* by cause */
  sim_time_t busy_time;             /* time a successful frame occupied the cable */
};

/* A new bus. The name is copied. */
struct bus *bus_new(struct sim *sim, const char *name,
                    const struct bus_params *params);

/* Frees the bus, its stations and their queued frames. */
void bus_free(struct bus *s);

/* Attaches a station at position_m (0 <= position_m <= length_m) with the
 * given MAC address (copied). Returns its port, owned by the bus. */
struct medium_port *bus_attach(struct bus *s, double position_m,
                               const uint8_t mac[ETHER_ADDR_LEN]);

/* Moves an idle station (nothing sent yet) to position_m. Used to place
 * stations whose position was not given once all have attached. */
void bus_set_position(struct medium_port *port, double position_m);

/* A station's position on its cable, in metres from end 0. */
double bus_port_position(const struct medium_port *port);

/* Receive every frame regardless of destination. Set it before frames
 * are on their way to the station: a frame already sent is delivered
 * only where it could be accepted when it ended. */
void bus_set_promisc(struct medium_port *port, bool on);

/* Tests: schedule a delivery event at every station for every frame, as
 * the bus does anyway for broadcasts and while tracing (where stations a
 * frame is not for still log "garbled"). Off by default: a unicast frame
 * gets events only at the stations with its address and promiscuous
 * ones. Either way the same frames arrive at the same times. */
void bus_set_eager_delivery(struct bus *s, bool on);

/* Totals over the bus, and the same counters for one station (its
 * tx_*, collisions, deferrals and drops are its own; rx_* what it got). */
const struct bus_stats *bus_stats(const struct bus *s);
const struct bus_stats *bus_port_stats(const struct medium_port *port);

/* Writes every frame sent without collision (LINKTYPE_ETHERNET), stamped
 * when its first bit went on the cable. Not owned. NULL stops. */
void bus_set_capture(struct bus *s, struct capture *c);

const struct bus_params *bus_get_params(const struct bus *s);
const char *bus_name(const struct bus *s);

#endif
