/* hosts/route_map.h: the longest-prefix structure behind the routing
 * table (route.c): one hash per prefix length in use, network number ->
 * value, and a bit mask of the lengths in use, so a lookup probes at most
 * the lengths present, longest first, and never scans the entries. Many
 * stacks do it so; 4.4BSD used a radix tree. Not here: the entries, their
 * kinds and order (route.c). */
#ifndef IPCSIM_ROUTE_MAP_H
#define IPCSIM_ROUTE_MAP_H

#include <glib.h>
#include <stdint.h>
#include "in.h"

struct rtmap {
  GHashTable *by_len[33];     /* dst -> value per prefix length, or NULL */
  uint64_t lens;              /* bit len set when by_len[len] is not empty */
};

/* Empties m (the values are not freed). */
void rtmap_clear(struct rtmap *m);

/* The value at dst/len (dst already masked), or NULL. */
void *rtmap_get(const struct rtmap *m, in_addr32 dst, int len);

/* Sets the value at dst/len (dst already masked); NULL removes it. */
void rtmap_put(struct rtmap *m, in_addr32 dst, int len, void *v);

/* The value of the longest prefix of m that matches a, looking only at
 * lengths <= max_len, or NULL; *len set to its length. */
void *rtmap_match(const struct rtmap *m, in_addr32 a, int max_len, int *len);

#endif
