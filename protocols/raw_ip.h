/* protocols/raw_ip.h: raw IP sockets' input (raw_ip.c). */
#ifndef IPCSIM_RAW_IP_H
#define IPCSIM_RAW_IP_H

struct host;
struct netif;
struct pbuf;

/* Offers datagram p (starting at its IP header of hlen bytes) that
 * arrived on ifp to the raw sockets of h. Takes p. */
void rip_input(struct host *h, struct pbuf *p, int hlen, struct netif *ifp);

#endif
