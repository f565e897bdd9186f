/* protocols/raw_ip.h: raw IP sockets (raw_ip.c): their protocol switch
 * entry and their input. */
#ifndef IPCSIM_RAW_IP_H
#define IPCSIM_RAW_IP_H

#include <stdbool.h>
#include "protosw.h"

struct host;
struct netif;
struct pbuf;

extern const struct protosw rip_protosw;

/* Offers datagram p (starting at its IP header of hlen bytes) that
 * arrived on ifp to every matching raw socket of h. Takes p. True when
 * at least one socket took a copy. */
bool rip_input(struct host *h, struct pbuf *p, int hlen, struct netif *ifp);

#endif
