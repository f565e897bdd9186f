/* protocols/udp.h: the UDP header on the wire (RFC 768), apart from any
 * state: udp_parse() checks the length and the checksum over the IPv4
 * pseudo-header, header and data; udp_emit() encodes with a real checksum.
 * Fields are in host order. Not here: demultiplexing to sockets, port
 * unreachables (udp_usrreq.c), or the IP header itself (ip.h). Read RFC
 * 768 and RFC 1122 section 4.1.3.4 (checksums). */
#ifndef IPCSIM_UDP_H
#define IPCSIM_UDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UDP_HDR_LEN 8                   /* ports, length, checksum */

/* Reasons udp_parse() rejects a datagram, as negative values. */
#define UDP_ERR_SHORT  (-1)             /* fewer than UDP_HDR_LEN bytes */
#define UDP_ERR_LEN    (-2)             /* length < 8 or beyond the bytes */
#define UDP_ERR_CKSUM  (-3)             /* checksum present and wrong */

struct udp_hdr {
  uint16_t sport;                       /* source port, 0 if none */
  uint16_t dport;                       /* destination port */
  uint16_t len;                         /* header + data, in bytes */
  uint16_t sum;                         /* checksum as read (parse only);
                                           0 = none was sent */
};

/* Decodes the datagram at buf, len bytes (the IP payload), sent from src
 * to dst (host order; they enter the pseudo-header). The UDP length may
 * be less than len: bytes past it are padding and not checksummed, as in
 * 4.4BSD udp_input. A checksum of 0 means none and is not checked (RFC
 * 768). Returns UDP_HDR_LEN, the data being buf + 8 .. buf + h->len; or
 * a UDP_ERR_* value (then *h is unspecified). */
int udp_parse(const uint8_t *buf, size_t len, uint32_t src, uint32_t dst,
              struct udp_hdr *h);

/* As udp_parse; when sum_known (the pbuf's csum_good) the checksum is
 * known right and not summed again. */
int udp_parse_known(const uint8_t *buf, size_t len, uint32_t src,
                    uint32_t dst, struct udp_hdr *h, bool sum_known);

/* Encodes h at buf, a datagram of h->len bytes (>= UDP_HDR_LEN) whose data
 * is already at buf + UDP_HDR_LEN; h->sum is ignored. If with_cksum,
 * stores the checksum over the pseudo-header (src, dst, 17, h->len),
 * header and data, sent as 0xffff when it computes to 0 (RFC 768); else
 * stores 0, "none" (4.4BSD's udpcksum = 0). Returns UDP_HDR_LEN. */
size_t udp_emit(const struct udp_hdr *h, uint32_t src, uint32_t dst,
                uint8_t *buf, bool with_cksum);

/* A short name for a UDP_ERR_* value ("bad checksum"), for traces. */
const char *udp_strerror(int err);

#endif
