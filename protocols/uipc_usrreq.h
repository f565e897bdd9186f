/* protocols/uipc_usrreq.h: the UNIX domain (AF_UNIX) protocols, stream and
 * datagram, for in_proto.c's table. Names are paths in the host's file
 * system (hosts/fs.h): bind creates an FS_SOCK node, which stays until
 * unlinked. Read: 4.4BSD kern/uipc_usrreq.c, primer section 2. */
#ifndef IPCSIM_UIPC_USRREQ_H
#define IPCSIM_UIPC_USRREQ_H

#include "protosw.h"

/* Send and receive space, 4.4BSD's: a stream pair shares PIPSIZ (4096)
 * bytes each way; a datagram is at most 2048 bytes, with 4096 of receive
 * space. */
#define UNP_STREAM_SPACE    4096
#define UNP_DGRAM_SENDSPACE 2048
#define UNP_DGRAM_RECVSPACE 4096

extern const struct protosw uipc_stream_protosw;  /* AF_UNIX SOCK_STREAM */
extern const struct protosw uipc_dgram_protosw;   /* AF_UNIX SOCK_DGRAM */

#endif
