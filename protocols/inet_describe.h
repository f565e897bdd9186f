/* protocols/inet_describe.h: the decoder the recorder (sim/record/record.h) uses
 * for the protocol columns of packets.csv; the Lua runtime registers it
 * with record_set_decoder() when recording starts. */
#ifndef IPCSIM_INET_DESCRIBE_H
#define IPCSIM_INET_DESCRIBE_H

#include "record.h"

/* A record_decoder: fills out (zeroed, ethertype -1) from the frame's
 * bytes: Ethernet DIX or PPP framing, then IPv4 (TCP, UDP, ICMP) or ARP.
 * TCP segments get no label (the recorder writes it); others do. */
void inet_describe(enum medium_kind kind, const uint8_t *bytes, uint32_t len,
                   struct record_pkt *out);

#endif
