/* sim/engine/framing.h: the two framings a frame can have on the wire,
 * Ethernet DIX and PPP's HDLC-like framing (RFC 1662), and their sizes.
 * Only constants: the media carry frames of these kinds (sim/media/),
 * the recorder decodes them for the results (sim/record/), and the
 * protocols build and parse them (protocols/if_ether.c, ...). It sits in
 * the engine because all three use it and none may include the others'
 * headers in that direction. */
#ifndef IPCSIM_FRAMING_H
#define IPCSIM_FRAMING_H

enum medium_kind {
  MEDIUM_ETHERNET,            /* frames: dst[6] src[6] type[2] payload */
  MEDIUM_P2P,                 /* frames: ff 03 proto[2] payload (RFC 1662) */
};

#define ETHER_ADDR_LEN   6
#define ETHER_HDR_LEN    14   /* dst, src, type */
#define ETHER_MIN_LEN    64   /* on the wire, with the 4-byte FCS */
#define ETHER_MAX_LEN    1518 /* on the wire, with the 4-byte FCS */
#define ETHER_FCS_LEN    4    /* counted in timing, not carried in pbufs */
#define ETHER_MTU        1500 /* largest payload */
#define P2P_HDR_LEN      4    /* ff 03 and the PPP protocol number */

#endif
