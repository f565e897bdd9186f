/* protocols/in_proto.c: the registry of protocol switch entries
 * (protosw.h): which protocol serves socket(domain, type, protocol), and
 * which receives IP datagrams of a protocol number. */
#include "protosw.h"
#include "socket.h"

#include <errno.h>
#include <stddef.h>

const struct protosw *pf_findproto(int domain, int type, int proto, int *err)
{
  (void)type;
  (void)proto;
  *err = domain == AF_INET || domain == AF_UNIX ? -EPROTONOSUPPORT
                                                : -EAFNOSUPPORT;
  return NULL;
}

const struct protosw *pf_findinput(int proto)
{
  (void)proto;
  return NULL;
}
