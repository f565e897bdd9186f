/* protocols/udp_var.h: UDP's protocol switch entry (udp_usrreq.c); its
 * counters are in ip_var.h (struct udpstat, per host). */
#ifndef IPCSIM_UDP_VAR_H
#define IPCSIM_UDP_VAR_H

#include "protosw.h"

extern const struct protosw udp_protosw;

#endif
