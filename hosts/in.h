/* hosts/in.h: IPv4 addresses, apart from any state: parsing
 * "a.b.c.d" and "a.b.c.d/len", formatting, and the arithmetic of classes,
 * netmasks and broadcast addresses. Addresses are in_addr32, host order.
 * Not here: interface address lists and routing (they use these helpers),
 * name lookup (hosts/netdb). Does not include <netinet/in.h>; names are
 * chosen not to clash with it. Read RFC 791 section 3.2 (classes),
 * RFC 950 (subnets, masks), RFC 919/922 (broadcasts) and 4.4BSD
 * netinet/in.c (in_broadcast) for the broadcast forms recognised. */
#ifndef IPCSIM_IN_H
#define IPCSIM_IN_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef uint32_t in_addr32;         /* IPv4 address, host order */

#define IN_ADDR_ANY        0x00000000u  /* wildcard; INADDR_ANY */
#define IN_ADDR_BROADCAST  0xffffffffu  /* limited broadcast */
#define IN_ADDR_LOOPBACK   0x7f000001u  /* 127.0.0.1 */
#define IN_ADDR_STRLEN     16       /* "255.255.255.255" and its NUL */
#define IN_CIDR_STRLEN     19       /* "255.255.255.255/32" and its NUL */

/* Classes of RFC 791 (A, B, C) and RFC 1112 (D, multicast; E, reserved
 * for experiments, which includes 255.255.255.255). Exactly one holds. */
static inline bool in_classa(in_addr32 a) { return (a >> 31) == 0; }
static inline bool in_classb(in_addr32 a) { return (a >> 30) == 2; }
static inline bool in_classc(in_addr32 a) { return (a >> 29) == 6; }
static inline bool in_classd(in_addr32 a) { return (a >> 28) == 14; }
static inline bool in_classe(in_addr32 a) { return (a >> 28) == 15; }

/* Parses exactly "a.b.c.d": four decimal parts 0..255, no sign, no
 * spaces, nothing after. A part may not have a leading zero ("010"):
 * 4.4BSD's inet_addr reads that as octal, so we refuse rather than guess.
 * On success stores *addr and returns true; else sets *err
 * (G_OPTION_ERROR_BAD_VALUE, "bad address '<s>': why") and returns false. */
bool in_parse_addr(const char *s, in_addr32 *addr, GError **err);

/* Parses "a.b.c.d/len" (len 0..32, decimal, no leading zero) or
 * "a.b.c.d", for which len is the classful default of 4.2BSD: 8 for
 * class A, 16 for B, 24 for C; classes D and E have none (an error).
 * Any address is accepted with an explicit len. Stores *addr and *len.
 * Errors as in_parse_addr(). */
bool in_parse_cidr(const char *s, in_addr32 *addr, int *len, GError **err);

/* in_parse_cidr(), then checks the result can be an interface's address:
 * not class D or E, not on network 0, and, when len <= 30, a host part
 * neither all zeros nor all ones (those are broadcast addresses). 127/8
 * is allowed (the loopback interface). Errors as in_parse_addr(). */
bool in_parse_ifaddr(const char *s, in_addr32 *addr, int *len,
                     GError **err);

/* Writes "a.b.c.d" into buf and returns buf. */
char *in_format(in_addr32 a, char buf[IN_ADDR_STRLEN]);

/* Writes "a.b.c.d/len" into buf and returns buf. len is 0..32. */
char *in_format_cidr(in_addr32 a, int len, char buf[IN_CIDR_STRLEN]);

/* The netmask of a prefix length 0..32 (0 -> 0, 24 -> 255.255.255.0). */
in_addr32 in_netmask(int len);

/* The prefix length of a contiguous netmask, or -1 if mask has a one
 * after a zero (as 255.0.255.0). */
int in_mask_len(in_addr32 mask);

/* The classful default prefix length of a (8, 16, 24), or -1 for classes
 * D and E. */
int in_class_len(in_addr32 a);

/* The network number: a & mask. */
in_addr32 in_network(in_addr32 a, in_addr32 mask);

/* The directed broadcast address of a's network: net | ~mask. */
in_addr32 in_broadcast(in_addr32 a, in_addr32 mask);

/* The 4.2BSD-style broadcast address of a's network, host part all
 * zeros: net | 0, the same value as in_network(). */
in_addr32 in_zero_broadcast(in_addr32 a, in_addr32 mask);

/* Whether dst is a broadcast address for an interface with address a and
 * netmask mask: the limited broadcast, IN_ADDR_ANY (4.4BSD counts it),
 * or, when the mask leaves a host part of two bits or more (len <= 30),
 * the directed broadcast or the all-zeros form of a's network. */
bool in_is_broadcast(in_addr32 dst, in_addr32 a, in_addr32 mask);

/* Whether a is the limited broadcast 255.255.255.255. */
static inline bool in_is_limited_broadcast(in_addr32 a)
{
  return a == IN_ADDR_BROADCAST;
}

/* Whether a is IN_ADDR_ANY (0.0.0.0). */
static inline bool in_is_any(in_addr32 a) { return a == IN_ADDR_ANY; }

/* Whether a is on the loopback network 127/8. */
static inline bool in_is_loopback(in_addr32 a) { return (a >> 24) == 127; }

/* Whether a is a multicast (class D) address. */
static inline bool in_is_multicast(in_addr32 a) { return in_classd(a); }

#endif
