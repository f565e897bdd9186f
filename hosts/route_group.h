/* hosts/route_group.h: a group of automatic routes that hosts share
 * (route.c's rt_set_group): what protocols/route_auto.c computes once for
 * all the hosts of a network that get the same routes. An entry names
 * its interface by position in the host's interface list, so one group
 * serves many hosts. Built with rt_group_add, then sealed (sorted into
 * lookup order: longer prefixes first, then the order added) when first
 * given to a table; reference counted. */
#ifndef IPCSIM_ROUTE_GROUP_H
#define IPCSIM_ROUTE_GROUP_H

#include <glib.h>
#include "in.h"
#include "route_map.h"

struct rtgent {
  in_addr32 dst;              /* network number (masked) */
  int len;                    /* prefix length 0..32 */
  in_addr32 gateway;          /* next hop when RTF_GATEWAY, else 0 */
  guint ifindex;              /* the interface: h->ifs[ifindex] */
  int flags;                  /* RTF_AUTO, RTF_GATEWAY, RTF_HOST */
};

struct rtgroup;

/* An empty group with one reference. */
struct rtgroup *rt_group_new(void);

/* Takes a reference; returns g. */
struct rtgroup *rt_group_ref(struct rtgroup *g);

/* Drops a reference (g may be NULL); frees g at the last. */
void rt_group_unref(struct rtgroup *g);

/* Adds dst/len via gateway (0: directly) on interface ifindex, before
 * sealing. Returns 0, or -EEXIST when dst/len is already in g. */
int rt_group_add(struct rtgroup *g, in_addr32 dst, int len,
                 in_addr32 gateway, guint ifindex);

/* Sorts g into lookup order; no more adds. Idempotent. */
void rt_group_seal(struct rtgroup *g);

/* Number of entries, and entry i in lookup order (sealed). */
guint rt_group_count(const struct rtgroup *g);
const struct rtgent *rt_group_entry(const struct rtgroup *g, guint i);

/* The position of dst/len (dst masked) in g, or -1. */
int rt_group_find(const struct rtgroup *g, in_addr32 dst, int len);

/* The position of the longest prefix in g (sealed) matching a, or -1;
 * *len set to its length (left alone when none). */
int rt_group_match(const struct rtgroup *g, in_addr32 a, int *len);

#endif
