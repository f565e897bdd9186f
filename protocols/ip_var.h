/* protocols/ip_var.h: a host's internet state: its routing table, the IP
 * and ICMP counters, the reassembly queues and the datagram id, plus the
 * entry points of ip_input.c, ip_output.c, ip_frag.c and ip_icmp.c.
 * Call order, output: transport -> ip_output -> (ip_fragment) ->
 * in_ifoutput (if_inet.c: ARP or PPP framing) -> netif_output. Input:
 * netif_input -> the IP input in_ifinput gave (if_inet.c) -> ip_input ->
 * (ip_reass) -> pr_input, or ip_forward on a gateway, or icmp_input. Read RFC 791,
 * RFC 1122 section 3.2, RFC 1812 section 5 (forwarding) and 4.4BSD
 * netinet/ip_input.c. */
#ifndef IPCSIM_IP_VAR_H
#define IPCSIM_IP_VAR_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "in.h"
#include "in_pcb.h"
#include "ip.h"
#include "sim_time.h"

struct host;
struct netif;
struct pbuf;
struct rtable;

/* IP counters, named as 4.4BSD's struct ipstat. */
struct ipstat {
  uint64_t total;             /* datagrams received */
  uint64_t badsum;            /* header checksum wrong */
  uint64_t tooshort;          /* shorter than their total length */
  uint64_t toosmall;          /* shorter than a header */
  uint64_t badhlen;           /* header length bad */
  uint64_t badlen;            /* total length < header length */
  uint64_t badvers;           /* version not 4 */
  uint64_t fragments;         /* fragments received */
  uint64_t fragdropped;       /* fragments dropped (duplicates, no memory) */
  uint64_t fragtimeout;       /* fragments dropped by the reassembly timer */
  uint64_t reassembled;       /* datagrams reassembled */
  uint64_t delivered;         /* handed to a transport */
  uint64_t noproto;           /* for an unknown protocol */
  uint64_t forward;           /* forwarded */
  uint64_t cantforward;       /* not for us and we do not forward */
  uint64_t notforus;          /* not for us, forwarding off (subset) */
  uint64_t localout;          /* sent by this host */
  uint64_t noroute;           /* no route at output */
  uint64_t odropped;          /* refused by the interface queue (ENOBUFS) */
  uint64_t fragmented;        /* datagrams fragmented on output */
  uint64_t ofragments;        /* fragments sent */
  uint64_t cantfrag;          /* too big with DF set */
};

/* ICMP counters (4.4BSD struct icmpstat, simplified). */
struct icmpstat {
  uint64_t error;             /* icmp_error() calls */
  uint64_t oldicmp;           /* no error sent: the packet was ICMP error */
  uint64_t badcode;           /* error with a code 4.4BSD does not know */
  uint64_t badlen;            /* error quoting too little of a datagram */
  uint64_t tooshort;          /* too short received */
  uint64_t checksum;          /* bad checksum received */
  uint64_t reflect;           /* replies sent (echo) */
  uint64_t outhist[19];       /* sent, by type */
  uint64_t inhist[19];        /* received, by type */
};

/* UDP counters (4.4BSD struct udpstat). */
struct udpstat {
  uint64_t ipackets;          /* datagrams received */
  uint64_t hdrops;            /* shorter than a header */
  uint64_t badsum;            /* checksum wrong */
  uint64_t badlen;            /* length field wrong */
  uint64_t noport;            /* unicast to a port nobody has */
  uint64_t noportbcast;       /* broadcast to a port nobody has */
  uint64_t fullsock;          /* dropped: receive buffer full */
  uint64_t opackets;          /* datagrams sent */
};

/* TCP counters (4.4BSD struct tcpstat, the ones the stack keeps). */
struct tcpstat {
  uint64_t connattempt;       /* connections initiated */
  uint64_t accepts;           /* connections accepted */
  uint64_t connects;          /* connections established */
  uint64_t drops;             /* connections dropped */
  uint64_t conndrops;         /* embryonic connections dropped */
  uint64_t closed;            /* connections closed */
  uint64_t segstimed;         /* segments timed for RTT */
  uint64_t rttupdated;        /* RTT samples taken */
  uint64_t delack;            /* delayed ACKs sent */
  uint64_t timeoutdrop;       /* dropped by the retransmit timer */
  uint64_t rexmttimeo;        /* retransmit timeouts */
  uint64_t persisttimeo;      /* persist timeouts */
  uint64_t keeptimeo;         /* keepalive timeouts */
  uint64_t keepprobe;         /* keepalive probes sent */
  uint64_t keepdrops;         /* dropped by keepalive */
  uint64_t sndtotal;          /* segments sent */
  uint64_t sndpack;           /* data segments sent */
  uint64_t sndbyte;           /* data bytes sent */
  uint64_t sndrexmitpack;     /* data segments retransmitted */
  uint64_t sndrexmitbyte;     /* data bytes retransmitted */
  uint64_t sndacks;           /* ACK-only segments sent */
  uint64_t sndprobe;          /* window probes sent */
  uint64_t sndurg;            /* segments with URG only */
  uint64_t sndwinup;          /* window updates sent */
  uint64_t sndctrl;           /* SYN, FIN, RST sent */
  uint64_t rcvtotal;          /* segments received */
  uint64_t rcvpack;           /* in-sequence data segments */
  uint64_t rcvbyte;           /* in-sequence data bytes */
  uint64_t rcvbadsum;         /* bad checksum */
  uint64_t rcvbadoff;         /* bad data offset */
  uint64_t rcvshort;          /* too short */
  uint64_t rcvduppack;        /* duplicate-only segments */
  uint64_t rcvdupbyte;        /* duplicate bytes */
  uint64_t rcvpartduppack;    /* segments partly duplicate */
  uint64_t rcvoopack;         /* out-of-order segments */
  uint64_t rcvoobyte;         /* out-of-order bytes */
  uint64_t rcvpackafterwin;   /* segments beyond the window */
  uint64_t rcvafterclose;     /* segments after the socket closed */
  uint64_t rcvwinprobe;       /* window probes received */
  uint64_t rcvdupack;         /* duplicate ACKs */
  uint64_t rcvacktoomuch;     /* ACKs for unsent data */
  uint64_t rcvackpack;        /* ACKs that acked new data */
  uint64_t rcvackbyte;        /* bytes acked by them */
  uint64_t rcvwinupd;         /* window updates received */
  uint64_t listendrop;        /* SYNs dropped: listen queue full */
  uint64_t pawsdrop;          /* segments dropped by PAWS (RFC 1323) */
  uint64_t predack;           /* header prediction: pure ACKs */
  uint64_t preddat;           /* header prediction: in-order data */
};

/* A host's internet state (4.4BSD keeps these in globals of the kernel;
 * here each host has its own). */
struct inet {
  struct host *host;          /* owner */
  struct rtable *rt;          /* routing table (owned) */
  bool forwarding;            /* a gateway: forward datagrams not for us */
  uint16_t ip_id;             /* next datagram id */
  uint8_t ttl;                /* default TTL (IP_TTL_DEFAULT) */
  GQueue ipq;                 /* struct ipq *: datagrams being reassembled,
                                 oldest first (ip_frag.c) */
  GHashTable *ipq_index;      /* their keys -> struct ipq *, or NULL */
  struct ipstat ipstat;       /* counters */
  struct icmpstat icmpstat;   /* counters */
  struct udpstat udpstat;     /* counters */
  uint64_t rip_noproto;       /* raw: datagrams no raw socket took */
  in_addr32 *ours;            /* what ip_input takes as for us besides
                                 the limited broadcast, 0 and lo0's net:
                                 every interface address, and on an
                                 Ethernet its two broadcast forms
                                 (in_ifaddr_set appends them) */
  uint32_t n_ours;            /* their count */
  GQueue loq;                 /* struct in_loop *: datagrams to ourselves */
  uint64_t lo_ev;             /* event draining loq, or 0 */
  struct inpcbhead udb;       /* UDP control blocks */
  struct inpcbhead ripcb;     /* raw IP control blocks */
  struct inpcbhead tcb;       /* TCP control blocks */
  int tcp_profile;            /* enum tcp_profile (tcp_var.h) */
  uint32_t tcp_iss;           /* next initial send sequence (tcp_iss) */
  struct tcpstat tcpstat;     /* TCP counters */
  bool tcp_nopredict;         /* tests: no header prediction (every
                                 segment takes the slow path) */
};

/* ip_output flags. */
#define IP_FORWARDING      0x1  /* a forwarded datagram: header is built */
#define IP_ROUTETOIF       0x2  /* SO_DONTROUTE: only directly connected */
#define IP_ALLOWBROADCAST  0x4  /* SO_BROADCAST was set */
#define IP_RAWOUTPUT       0x8  /* the header is the caller's (IP_HDRINCL) */

/* What a transport hands ip_output besides the data. */
struct ip_out {
  in_addr32 src;              /* 0: the outgoing interface's address */
  in_addr32 dst;              /* destination */
  uint8_t proto;              /* IP_PROTO_* */
  uint8_t ttl;                /* 0: the host's default */
  uint8_t tos;                /* type of service */
  bool df;                    /* set Don't Fragment */
};

/* Creates h's internet state (h->inet) with an empty routing table. */
void in_host_init(struct host *h);

/* Frees h's internet state (queues, timers, table). */
void in_host_free(struct host *h);

/* Queues datagram p (starting at its IP header) for input on this host,
 * as if it arrived on ifp (NULL: the loopback), at the current time but
 * after the running event: the loopback interface. Takes p. */
void in_loop_input(struct host *h, struct netif *ifp, struct pbuf *p);

/* Forgets what a crash loses: every TCP control block (tcp_host_free;
 * sockets still held are told), ARP caches (and held packets),
 * reassembly queues, datagrams looping back. Counters and routes stay. */
void in_host_reset(struct host *h);

/* Gives ifp the address addr/len: sets its netmask and broadcast address
 * and adds the connected route. ifp must belong to a host with inet
 * state. Returns 0 or -EEXIST (the interface has an address already). */
int in_ifaddr_set(struct netif *ifp, in_addr32 addr, int len);

/* The interface of h whose address is a, or NULL. */
struct netif *in_ifaddr_find(const struct host *h, in_addr32 a);

/* Whether a is one of h's own addresses: an interface's, or lo0's
 * 127.0.0.1 (what bind accepts; 4.4BSD's ifa_ifwithaddr). */
bool in_ifaddr_local(const struct host *h, in_addr32 a);

/* Whether a is a broadcast address on ifp (in_is_broadcast with ifp's
 * address and mask; false when ifp has no address or is a link). */
bool in_ifbroadcast(const struct netif *ifp, in_addr32 a);

/* Sends p (the transport header and data, with headroom) as one IP
 * datagram or its fragments. Takes p. flags are IP_*. Returns 0 or a
 * negative errno: -EHOSTUNREACH (no route, as 4.4BSD-Lite2; -ENETUNREACH
 * with IP_ROUTETOIF off every connected net), -EHOSTUNREACH / -EHOSTDOWN
 * (ARP gave up; UNREACH when the route goes through a gateway), -EACCES
 * (broadcast without IP_ALLOWBROADCAST), -EMSGSIZE (too big and DF, or
 * broadcast too big), -ENOBUFS (interface queue full), -EADDRNOTAVAIL
 * (src is not ours). */
int ip_output(struct host *h, struct pbuf *p, const struct ip_out *o,
              int flags);

/* ip_output for a datagram whose header is already decoded in *ip (and
 * present at the front of p): forwarding and raw output. The header is
 * written again from *ip (ip->src 0 is filled in), with a new checksum.
 * Same returns as ip_output. */
int ip_output_hdr(struct host *h, struct pbuf *p, struct ip_hdr *ip,
                  int flags);

/* ip_output_hdr once the route is known (ip_route gave 0, ifp and
 * next_hop): ip_forward, which has looked it up already. */
int ip_output_routed(struct host *h, struct pbuf *p, struct ip_hdr *ip,
                     int flags, struct netif *ifp, in_addr32 next_hop);

/* ip_output_routed(..., IP_FORWARDING, ...) for ip_forward, for the
 * datagram at the front of p as it arrived (header checked, checksum
 * right), its TTL (above 1) to be lowered by one: the same bytes go out,
 * the TTL and checksum updated in place where a rebuild would change
 * nothing else (a source address, no reserved flag bit, no broadcast). */
int ip_output_forward(struct host *h, struct pbuf *p, struct netif *ifp,
                      in_addr32 next_hop);

#define IP_ROUTE_BLACKHOLE 1  /* ip_route: a blackhole route (no ifp) */

/* The interface and next hop ip_output would use for dst, as a route
 * lookup does: 0; IP_ROUTE_BLACKHOLE (*ifp NULL) for an RTF_BLACKHOLE
 * route; for an RTF_REJECT route -EHOSTUNREACH (host) or -ENETUNREACH
 * (network), as 4.4BSD's looutput; or -EHOSTUNREACH (no route; 4.4BSD-Lite2 ip_output).
 * With IP_ROUTETOIF only directly connected networks count, and none is
 * -ENETUNREACH. For in_pcbconnect's source choice. */
int ip_route(struct host *h, in_addr32 dst, int flags, struct netif **ifp,
             in_addr32 *next_hop);

/* A datagram arrived at h on ifp (NULL: the loopback); p starts at the IP
 * header and may carry link padding after the datagram. Takes p. Bad
 * headers are counted (ipstat) and dropped; datagrams for us are
 * reassembled and handed to their protocol (ICMP protocol unreachable
 * when there is none); others are forwarded on a gateway, else dropped. */
void ip_input(struct host *h, struct netif *ifp, struct pbuf *p);

/* Fragments: splits p (a whole datagram with its header) for mtu and
 * sends each piece with out(). Used by ip_output. Takes p. */
int ip_fragment(struct host *h, struct pbuf *p, uint32_t mtu,
                int (*out)(void *ctx, struct pbuf *frag), void *ctx);

/* Reassembly: takes fragment p (header hlen) and returns the whole
 * datagram when this fragment completes one (with a rebuilt header), or
 * NULL (kept, or dropped and counted). */
struct pbuf *ip_reass(struct host *h, struct pbuf *p, const struct ip_hdr *ip);

/* Frees h's reassembly queues (at host free or reboot). */
void ip_reass_flush(struct host *h);

/* Reassembly timeout: 4.4BSD's IPFRAGTTL, 60 slow ticks of 500 ms. */
#define IP_FRAG_TIMEOUT (30 * SIM_S)

/* ICMP. Sends an error of type/code about datagram p (borrowed; starts at
 * its IP header) that arrived on ifp (NULL if it was ours), following RFC
 * 1122 3.2.2: never about an ICMP error, a non-first fragment or a
 * broadcast. mtu is the next-hop MTU for NEEDFRAG. */
void icmp_error(struct host *h, const struct pbuf *p, struct netif *ifp,
                int type, int code, uint32_t mtu);

/* An ICMP message arrived (pr_input of ICMP). */
void icmp_input(struct host *h, struct pbuf *p, int hlen, struct netif *ifp);

#endif
