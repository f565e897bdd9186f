/* sim/media/capture.h: pcap writer. Any link or bus can write one.
 *
 * The format is classic pcap with nanosecond timestamps (magic 0xa1b23c4d),
 * so simulated times are exact in Wireshark/tshark. Ethernet buses use
 * LINKTYPE_ETHERNET; point-to-point links LINKTYPE_PPP (frames start with
 * ff 03 and a 2-byte protocol, RFC 1662 HDLC-like framing). Frames are
 * written in the order given, which is time order when called from events.
 * Write errors are remembered and reported by capture_close(). */
#ifndef IPCSIM_CAPTURE_H
#define IPCSIM_CAPTURE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "sim_time.h"

#define CAPTURE_LINKTYPE_ETHERNET 1
#define CAPTURE_LINKTYPE_PPP      9

#define CAPTURE_SNAPLEN 65535

struct capture;

/* Creates path (truncated) and writes the file header. NULL and *err set
 * on failure. */
struct capture *capture_open(const char *path, uint32_t linktype, GError **err);

/* Appends one frame seen at time t. len is the frame's length on the wire;
 * at most CAPTURE_SNAPLEN bytes of it are stored. Borrows bytes. */
void capture_write(struct capture *c, sim_time_t t, const uint8_t *bytes,
                   uint32_t len);

/* Frames written so far. */
uint64_t capture_frames(const struct capture *c);

/* Flushes and frees. Returns false and sets *err if any write failed.
 * NULL is ok. */
bool capture_close(struct capture *c, GError **err);

#endif
