/* protocols/tcp.h: the TCP segment on the wire (RFC 793 3.1), apart from
 * any state: tcp_parse() checks the checksum over the IPv4 pseudo-header,
 * the data offset and the option list, and decodes the header and the
 * options 4.4BSD acts on; tcp_emit() encodes a header and its options with
 * a real checksum. Fields are in host order. Not here: connections,
 * sequence arithmetic and timer constants (tcp_seq.h), the IP header
 * (ip.h). Read RFC 793 3.1, RFC 1323 (window scale, timestamps and its
 * appendix A layout), and 4.4BSD-Lite netinet/tcp.h and tcp_dooptions()
 * in tcp_input.c. */
#ifndef IPCSIM_TCP_H
#define IPCSIM_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TCP_HDR_LEN 20                  /* header without options */
#define TCP_HDR_MAX 60                  /* data offset is 4 bits of words */

/* th_flags bits, 4.4BSD's names and values (tcp.h). */
#define TH_FIN  0x01                    /* no more data from sender */
#define TH_SYN  0x02                    /* synchronize sequence numbers */
#define TH_RST  0x04                    /* reset the connection */
#define TH_PUSH 0x08                    /* push */
#define TH_ACK  0x10                    /* acknowledgment field valid */
#define TH_URG  0x20                    /* urgent pointer valid */

/* Option kinds and lengths (4.4BSD tcp.h; RFC 793, 1323, 2018). */
#define TCPOPT_EOL             0        /* end of option list */
#define TCPOPT_NOP             1        /* no operation (padding) */
#define TCPOPT_MAXSEG          2        /* maximum segment size */
#define TCPOLEN_MAXSEG         4
#define TCPOPT_WINDOW          3        /* window scale shift */
#define TCPOLEN_WINDOW         3
#define TCPOPT_SACK_PERMITTED  4        /* RFC 2018; 4.4BSD ignores it */
#define TCPOLEN_SACK_PERMITTED 2
#define TCPOPT_TIMESTAMP       8        /* RFC 1323 timestamps */
#define TCPOLEN_TIMESTAMP      10
#define TCP_MAX_WINSHIFT       14       /* largest window shift (tcp.h) */

/* Room tcp_flags_str() needs: "FIN,SYN,RST,PUSH,ACK,URG,0xc0" and NUL. */
#define TCP_FLAGS_STRLEN 32

/* Reasons tcp_parse() rejects a segment, as negative values. */
#define TCP_ERR_SHORT (-1)              /* fewer than TCP_HDR_LEN bytes */
#define TCP_ERR_OFF   (-2)              /* data offset < 20 or beyond len */
#define TCP_ERR_CKSUM (-3)              /* checksum wrong */
#define TCP_ERR_OPT   (-4)              /* option list malformed */

struct tcp_hdr {
  uint16_t sport;                       /* source port */
  uint16_t dport;                       /* destination port */
  uint32_t seq;                         /* sequence number */
  uint32_t ack;                         /* acknowledgment number */
  uint8_t off;                          /* header length in bytes (data
                                           offset * 4), 20..60; parse
                                           only: emit derives it */
  uint8_t flags;                        /* TH_* bits, the whole byte */
  uint16_t win;                         /* window, unscaled as sent */
  uint16_t sum;                         /* checksum as read (parse only) */
  uint16_t urp;                         /* urgent pointer */
};

/* The options 4.4BSD's tcp_dooptions acts on, plus SACK-permitted. */
struct tcp_opts {
  bool has_mss;                         /* MSS option present (SYN only) */
  uint16_t mss;                         /* its maximum segment size */
  bool has_wscale;                      /* window scale present (SYN only) */
  uint8_t wscale;                       /* its shift, <= TCP_MAX_WINSHIFT */
  bool has_ts;                          /* timestamp option present */
  uint32_t ts_val;                      /* TSval: sender's clock */
  uint32_t ts_ecr;                      /* TSecr: echoed TSval */
  bool sack_permitted;                  /* SACK-permitted seen in a SYN
                                           (parse only; never emitted) */
};

/* Decodes the segment at buf, len bytes: the whole IP payload (TCP has no
 * length field, so len is the segment length, pseudo-header included),
 * sent from src to dst (host order). Checks in 4.4BSD tcp_input's order:
 * at least 20 bytes, the checksum over pseudo-header, header and data,
 * then 20 <= data offset <= len, then the option list. Returns the header
 * length h->off (the data is buf + h->off .. buf + len), or a TCP_ERR_*
 * value: on TCP_ERR_OPT *h is decoded and *o holds the options before the
 * bad one (4.4BSD's tcp_dooptions has acted on those when it stops); on
 * the others both are unspecified.
 *
 * Options, as tcp_dooptions reads them: EOL ends the list (bytes after it
 * are ignored); NOP is one byte; any other kind has a length byte
 * counting kind and length. MSS and window scale count only in a SYN; a
 * shift above 14 is taken as 14; timestamps count in any segment;
 * SACK-permitted is noted in a SYN. A known kind with the wrong length,
 * or an unknown kind, is skipped by its length. A later copy of an option
 * replaces an earlier one. Where 4.4BSD is careless this is careful, as
 * later BSDs and Linux are: a kind with no room for its length byte, a
 * length below 2, or a length running past the header is TCP_ERR_OPT
 * (4.4BSD stops at a length of 0, and reads past the header for a length
 * too long); either way the walk stops there and what came before
 * counts. len must be at most 65535. */
int tcp_parse(const uint8_t *buf, size_t len, uint32_t src, uint32_t dst,
              struct tcp_hdr *h, struct tcp_opts *o);

/* As tcp_parse; when sum_known (the pbuf's csum_good) the checksum is
 * known right and not summed again. */
int tcp_parse_known(const uint8_t *buf, size_t len, uint32_t src,
                    uint32_t dst, struct tcp_hdr *h, struct tcp_opts *o,
                    bool sum_known);

/* Encodes h and the options o (NULL: none) at buf, a segment of seglen
 * bytes (>= the header length, <= 65535) whose data is already in place
 * after the header; h->off and h->sum are ignored. Options go out as
 * 4.4BSD tcp_output lays them, each already a multiple of 4 bytes, so no
 * EOL padding is needed: MSS (kind, length, value); NOP and window scale;
 * NOP, NOP and timestamps (RFC 1323 appendix A). sack_permitted is not
 * sent, as 4.4BSD never sends it. Stores the checksum over the
 * pseudo-header (src, dst, 6, seglen), header and data. Returns the
 * header length, 20 + tcp_opts_len(o). */
size_t tcp_emit(const struct tcp_hdr *h, const struct tcp_opts *o,
                uint32_t src, uint32_t dst, uint8_t *buf, size_t seglen);

/* As tcp_emit, with the data's ones' complement sum (in_cksum_add(0,
 * data, seglen - header length)) already known, as when it was summed
 * while being copied into place: only the header is summed here. */
size_t tcp_emit_sum(const struct tcp_hdr *h, const struct tcp_opts *o,
                    uint32_t src, uint32_t dst, uint8_t *buf, size_t seglen,
                    uint32_t data_sum);

/* Bytes of options tcp_emit() writes for o (NULL: 0): 0..20, a multiple
 * of 4. */
size_t tcp_opts_len(const struct tcp_opts *o);

/* Writes flags into buf (TCP_FLAGS_STRLEN bytes) by their TH_* names, in
 * bit order joined by commas ("SYN,ACK", "FIN,PUSH,ACK"), bits
 * above TH_URG as one hex value ("SYN,0xc0"), and "none" for 0. Returns
 * buf. For traces and ladder labels. */
const char *tcp_flags_str(uint8_t flags, char *buf);

/* A short name for a TCP_ERR_* value ("bad checksum"), for traces. */
const char *tcp_strerror(int err);

#endif
