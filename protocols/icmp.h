/* protocols/icmp.h: the ICMP message on the wire (RFC 792), apart from any
 * state: icmp_parse() checks the checksum over the whole message and
 * decodes the 8-byte header, icmp_emit() encodes it with a real checksum.
 * Types and codes carry 4.4BSD's names (netinet/ip_icmp.h), defined here
 * so that header is never needed. Not here: answering echoes, reflecting
 * errors with the quoted IP header (icmp_error), or passing them up to
 * the transports (pr_ctlinput). Path MTU discovery's next-hop MTU in
 * "fragmentation needed" is RFC 1191 section 4. */
#ifndef IPCSIM_ICMP_H
#define IPCSIM_ICMP_H

#include <stddef.h>
#include <stdint.h>

#define ICMP_HDR_LEN 8                  /* type, code, checksum, 4 bytes */

#define ICMP_ECHOREPLY          0       /* echo reply */
#define ICMP_UNREACH            3       /* destination unreachable: */
#define ICMP_UNREACH_NET        0       /*   network */
#define ICMP_UNREACH_HOST       1       /*   host */
#define ICMP_UNREACH_PROTOCOL   2       /*   protocol */
#define ICMP_UNREACH_PORT       3       /*   port */
#define ICMP_UNREACH_NEEDFRAG   4       /*   needs fragmenting, DF set */
#define ICMP_UNREACH_SRCFAIL    5       /*   source route failed */
#define ICMP_UNREACH_NET_UNKNOWN  6     /*   network unknown */
#define ICMP_UNREACH_HOST_UNKNOWN 7     /*   host unknown */
#define ICMP_UNREACH_ISOLATED     8     /*   source host isolated */
#define ICMP_UNREACH_NET_PROHIB   9     /*   network prohibited */
#define ICMP_UNREACH_HOST_PROHIB 10     /*   host prohibited */
#define ICMP_UNREACH_TOSNET      11     /*   network unreachable for TOS */
#define ICMP_UNREACH_TOSHOST     12     /*   host unreachable for TOS */
#define ICMP_SOURCEQUENCH       4       /* source quench */
#define ICMP_REDIRECT           5       /* redirect (codes 0..3) */
#define ICMP_ECHO               8       /* echo request */
#define ICMP_TIMXCEED          11       /* time exceeded: */
#define ICMP_TIMXCEED_INTRANS   0       /*   TTL reached 0 in transit */
#define ICMP_TIMXCEED_REASS     1       /*   reassembly timed out */
#define ICMP_PARAMPROB         12       /* parameter problem (codes 0, 1) */

/* Reasons icmp_parse() rejects a message, as negative values. */
#define ICMP_ERR_SHORT  (-1)            /* fewer than ICMP_HDR_LEN bytes */
#define ICMP_ERR_CKSUM  (-2)            /* checksum over the message wrong */

struct icmp_hdr {
  uint8_t type;                         /* ICMP_ECHO, ICMP_UNREACH, ... */
  uint8_t code;                         /* ICMP_UNREACH_*, ICMP_TIMXCEED_*,
                                           else 0 */
  uint16_t sum;                         /* checksum as read (parse only) */
  union {
    struct {
      uint16_t id;                      /* identifier (ping: its pid) */
      uint16_t seq;                     /* sequence number */
    } echo;                             /* ICMP_ECHO, ICMP_ECHOREPLY */
    struct {
      uint16_t unused;                  /* 0 on send */
      uint16_t mtu;                     /* next-hop MTU; 0 from routers
                                           older than RFC 1191 */
    } frag;                             /* ICMP_UNREACH_NEEDFRAG */
  } u;                                  /* bytes 4..7, two 16-bit words;
                                           0 ("unused") for other types */
};

/* Decodes the message at buf, len bytes: the 8-byte header and len - 8
 * bytes of data (the caller passes exactly the IP payload). Verifies the
 * checksum over all len bytes. Decodes bytes 4..7 as two words whatever
 * the type, so u.echo and u.frag read the same words. Returns
 * ICMP_HDR_LEN, or an ICMP_ERR_* value (then *h is unspecified). Any
 * type and code is accepted: judging them is icmp_input's job. */
int icmp_parse(const uint8_t *buf, size_t len, struct icmp_hdr *h);

/* Encodes h at buf, a message of len bytes (len >= ICMP_HDR_LEN) whose
 * data is already at buf + ICMP_HDR_LEN, and stores the checksum over
 * all len bytes; h->sum is ignored. Returns ICMP_HDR_LEN. */
size_t icmp_emit(const struct icmp_hdr *h, uint8_t *buf, size_t len);

/* A short name for an ICMP_ERR_* value ("bad checksum"), for traces. */
const char *icmp_strerror(int err);

#endif
