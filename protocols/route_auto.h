/* protocols/route_auto.h: routes computed from the topology (route_auto.c):
 * shortest paths in gateway hops, ties broken by host and interface
 * order. */
#ifndef IPCSIM_ROUTE_AUTO_H
#define IPCSIM_ROUTE_AUTO_H

#include <glib.h>

/* Replaces every host's automatic routes (RTF_AUTO) with routes toward
 * every network some interface in `hosts` (struct host *) is on, through
 * the nearest gateway. Connected and static routes are left alone (and
 * win over automatic ones of the same prefix). */
void route_auto_compute(GPtrArray *hosts);

#endif
