/* hosts/route.h: a host's IPv4 routing table. Entries are (network,
 * prefix length) -> (interface, next hop), looked up by longest-prefix
 * match; among equal prefixes the one added first wins, so lookups are
 * deterministic. Three kinds, as in 4.4BSD's table: connected routes (one
 * per interface address, added when the address is set), static routes a
 * scenario adds (route()), and automatic routes the topology computes at
 * run start (protocols/route_auto.c, from run{}), which can be cleared
 * and recomputed apart from the others; hosts that get the same automatic
 * routes share them as one group (route_group.h). A default route is
 * 0.0.0.0/0. Lookups are hashed per prefix length (route_map.h).
 * Not here: what to do with the packet (protocols/ip_output.c). Read:
 * RFC 1812 section 5.2.4.3 (longest match), 4.4BSD net/route.h. */
#ifndef IPCSIM_ROUTE_H
#define IPCSIM_ROUTE_H

#include <glib.h>
#include <stdbool.h>
#include "in.h"

struct netif;

#define RTF_GATEWAY 0x02      /* next hop is a gateway, not the destination */
#define RTF_HOST    0x04      /* a /32 host route */
#define RTF_REJECT  0x08      /* unreachable on purpose (no ifp, no gateway) */
#define RTF_BLACKHOLE 0x1000  /* discard silently (no ifp, no gateway) */
#define RTF_STATIC  0x800     /* added by the scenario (route()) */
#define RTF_AUTO    0x10000   /* computed from the topology at run start */
#define RTF_CONNECTED 0x20000 /* the network of an interface address */

struct rtentry {
  in_addr32 dst;              /* network number (dst & mask) */
  int len;                    /* prefix length 0..32 */
  in_addr32 mask;             /* in_netmask(len) */
  in_addr32 gateway;          /* next hop when RTF_GATEWAY, else 0 */
  struct netif *ifp;          /* interface to send on */
  int flags;                  /* RTF_* */
  uint64_t use;               /* lookups that chose this entry */
};

struct rtable;
struct rtgroup;

/* An empty table. */
struct rtable *rt_new(void);

/* Frees the table and its entries. */
void rt_free(struct rtable *t);

/* Adds dst/len via ifp (gateway 0: directly connected, else the next hop,
 * which gets RTF_GATEWAY). dst is masked to len. flags are RTF_STATIC,
 * RTF_AUTO or RTF_CONNECTED (RTF_HOST is set for len 32), with
 * RTF_REJECT or RTF_BLACKHOLE for a route with no interface (ifp NULL,
 * gateway 0; ip_output decides what it means). Returns 0, or
 * -EEXIST when an entry with the same dst/len and kind exists. */
int rt_add(struct rtable *t, in_addr32 dst, int len, in_addr32 gateway,
           struct netif *ifp, int flags);

/* Deletes the entry dst/len of the given kind (RTF_STATIC...). Returns 0
 * or -ESRCH (4.4BSD's "not in table"). */
int rt_delete(struct rtable *t, in_addr32 dst, int len, int kind);

/* Deletes every entry with all of `flags` set (e.g. RTF_AUTO). */
void rt_delete_all(struct rtable *t, int flags);

/* The entry for dst by longest-prefix match, or NULL (no route). Among
 * entries with the same prefix, connected ones come first, then static,
 * then automatic, then by insertion order. Counts the use. A shared
 * entry is returned in a buffer of t, valid until the next call on t. */
struct rtentry *rt_lookup(struct rtable *t, in_addr32 dst);

/* Gives t the automatic routes of group g (sealing it; a reference is
 * taken), on the interfaces ifs (struct netif *, the host's list, which
 * must outlive t's use of g), in place of the group it had; NULL: none.
 * The group's entries rank after t's own automatic entries of the same
 * prefix, and rt_delete_all(t, RTF_AUTO) drops them. */
void rt_set_group(struct rtable *t, struct rtgroup *g, const GPtrArray *ifs);

/* Number of entries, and entry i in lookup order (for listing; a shared
 * entry is returned in a buffer of t, valid until the next call on t). */
guint rt_count(const struct rtable *t);
const struct rtentry *rt_entry(const struct rtable *t, guint i);

/* Writes one line describing e ("10.0.0.0/8 via 10.1.1.1 en1 static")
 * into buf of size n. */
void rt_format(const struct rtentry *e, char *buf, size_t n);

#endif
