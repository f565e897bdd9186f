/* sim/media/medium.h: the seam between an interface (hosts/netif) and what
 * carries its frames (a point-to-point link or an Ethernet bus).
 *
 * A medium hands each attached interface a struct medium_port. Downward,
 * the interface calls medium_output() with a whole frame (it builds the
 * link header itself: Ethernet DIX, or PPP HDLC-like framing on links).
 * Upward, the medium calls port->input() for every frame that arrives for
 * that port. Media move bytes; they know nothing of IP. Tests plug in a
 * fake medium that fills in its own ops. */
#ifndef IPCSIM_MEDIUM_H
#define IPCSIM_MEDIUM_H

#include <stdbool.h>
#include <stdint.h>
#include "framing.h"
#include "pbuf.h"

struct medium_port;

struct medium_ops {
  /* Queues frame p for transmission from port. Takes p. Returns 0 when the
   * frame was accepted (it may still be lost later), or -ENOBUFS when the
   * port's queue was full, or -EMSGSIZE when p is longer than the medium
   * allows; in both error cases p is freed and the drop is counted. */
  int (*output)(struct medium_port *port, struct pbuf *p);
  /* Sets how many frames may wait behind the one being sent from port
   * (a drop-tail limit; 0 = none). Frames already waiting stay. */
  void (*set_queue)(struct medium_port *port, uint32_t pkts);
};

struct medium_port {
  const struct medium_ops *ops;   /* set by the medium */
  enum medium_kind kind;          /* set by the medium: framing to use */
  uint32_t mtu;                   /* set by the medium: largest payload */
  const char *medium_name;        /* set by the medium: "lan0", for traces */
  /* Set by the attacher (the interface). Called for each frame that
   * arrives for this port; the callee owns p. NULL: frames are dropped. */
  void (*input)(void *upper, struct pbuf *p);
  void *upper;                    /* first argument of input */
  const char *upper_name;         /* "monet.en0", for traces; may be NULL */
  const char *upper_host;         /* its host, "monet", for results
                                     (record.h); may be NULL */
  const bool *upper_off;          /* true while the attacher is powered
                                     off and drops what arrives (results
                                     record fate "down"); may be NULL */
};

static inline int medium_output(struct medium_port *port, struct pbuf *p)
{
  return port->ops->output(port, p);
}

#endif
