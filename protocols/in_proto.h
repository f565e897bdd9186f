/* protocols/in_proto.h: the domains every simulated host speaks, and
 * ip_input's protocol lookup (in_proto.c). */
#ifndef IPCSIM_IN_PROTO_H
#define IPCSIM_IN_PROTO_H

struct domain;
struct protosw;

/* AF_UNIX and AF_INET, NULL-terminated: what host_new() takes. */
extern const struct domain *const in_proto_domains[];

/* The protocol that receives IP datagrams with protocol number proto
 * (ip_input's demultiplexing), or NULL: raw IP then takes them. */
const struct protosw *pf_findinput(int proto);

#endif
