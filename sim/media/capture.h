/* sim/media/capture.h: pcap writer. Any link or segment can write one.
 *
 * The format is classic pcap with nanosecond timestamps (magic 0xa1b23c4d),
 * so simulated times are exact in Wireshark/tshark. Segments use
 * LINKTYPE_ETHERNET; point-to-point links LINKTYPE_PPP (frames start with
 * ff 03 and a 2-byte protocol, RFC 1662 HDLC-like framing). Frames are
 * written in the order given, which is time order when called from events.
 * Write errors are remembered and reported by cap_close(). */
#ifndef IPCSIM_CAPTURE_H
#define IPCSIM_CAPTURE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "sim_time.h"

#define CAP_LINKTYPE_ETHERNET 1
#define CAP_LINKTYPE_PPP      9

#define CAP_SNAPLEN 65535

struct cap;

/* Creates path (truncated) and writes the file header. NULL and *err set
 * on failure. */
struct cap *cap_open(const char *path, uint32_t linktype, GError **err);

/* Appends one frame seen at time t. len is the frame's length on the wire;
 * at most CAP_SNAPLEN bytes of it are stored. Borrows bytes. */
void cap_write(struct cap *c, sim_time_t t, const uint8_t *bytes,
               uint32_t len);

/* Frames written so far. */
uint64_t cap_frames(const struct cap *c);

/* Flushes and frees. Returns false and sets *err if any write failed.
 * NULL is ok. */
bool cap_close(struct cap *c, GError **err);

#endif
