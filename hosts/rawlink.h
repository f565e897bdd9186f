/* hosts/rawlink.h: raw test frames, for showing the media working with
 * no protocol above them (beside IP). On Ethernet they are DIX frames of
 * the IEEE local experimental type 0x88b5; on point-to-point links they
 * are PPP LCP Echo-Requests (RFC 1661 section 5.8), which any pcap
 * reader decodes. The payload starts with a 32-bit sequence number.
 * Received frames wait in the interface's raw queue for a reader (netif.h
 * rawq). */
#ifndef IPCSIM_RAWLINK_H
#define IPCSIM_RAWLINK_H

#include <stdbool.h>
#include <stdint.h>
#include "medium.h"

struct netif;

#define RAWLINK_ETHERTYPE 0x88b5    /* IEEE 802 local experimental 1 */
#define RAWLINK_PPP_LCP   0xc021    /* PPP Link Control Protocol */
#define RAWLINK_MIN_DATA  4         /* the sequence number */
#define RAWLINK_MAX_DATA  65535     /* media refuse more than their MTU anyway */

/* A received raw frame, as a reader sees it. */
struct rawlink_frame {
  uint8_t src[ETHER_ADDR_LEN];      /* Ethernet only, else zero */
  uint8_t dst[ETHER_ADDR_LEN];      /* Ethernet only, else zero */
  uint32_t seq;                     /* first 4 data bytes */
  uint32_t data_len;                /* bytes after the link (and LCP) header;
                                       Ethernet pads short frames, so >= 46 */
  uint32_t frame_len;               /* whole frame as received */
};

/* Sends a raw frame of data_len bytes (RAWLINK_MIN_DATA..RAWLINK_MAX_DATA)
 * to dst (Ethernet; may be NULL on links) with sequence number seq.
 * Returns 0, -EINVAL for a bad size, or the medium's negative errno. */
int rawlink_send(struct netif *ifp, const uint8_t *dst, uint32_t data_len,
                 uint32_t seq);

/* Whether frames of this link type/protocol number are raw test frames. */
bool rawlink_accepts(enum medium_kind kind, int type);

/* Queues an arrived raw frame for readers and wakes them. Takes p. */
void rawlink_input(struct netif *ifp, struct pbuf *p);

/* Takes the oldest queued frame into *f. False if none is queued. */
bool rawlink_recv(struct netif *ifp, struct rawlink_frame *f);

#endif
