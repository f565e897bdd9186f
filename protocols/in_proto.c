/* protocols/in_proto.c: the protocol switch table, every protocol a socket
 * can use, and the two lookups over it: pf_findproto (socket()) and
 * pf_findinput (ip_input's demultiplexing). The lookups follow 4.4BSD's
 * pffindtype/pffindproto (kern/uipc_domain.c): a domain's first entry of
 * the type is its default; an explicit protocol must match protocol and
 * type, except that a SOCK_RAW request falls back to the domain's
 * wildcard raw entry (protocol 0). 4.4BSD-Lite answers every miss with
 * EPROTONOSUPPORT, an unknown domain included (the 4.2BSD primer's
 * EPROTOTYPE came from a lookup that ignored the type; the check remains,
 * unreachable). Read: 4.4BSD netinet/in_proto.c, kern/uipc_domain.c. */
#include "protosw.h"
#include "socket.h"
#include "raw_ip.h"
#include "udp_var.h"
#include "tcp_var.h"
#include "uipc_usrreq.h"

#include <errno.h>
#include <stddef.h>

static const struct protosw *const protosw_table[] = {
  /* ---- AF_UNIX (uipc_usrreq.c) ---- */
  &uipc_stream_protosw,
  &uipc_dgram_protosw,
  /* ---- AF_INET, in 4.4BSD's inetsw order; the raw wildcard (protocol
   * 0) comes last and takes SOCK_RAW requests for any other protocol. ---- */
  &udp_protosw,
  &tcp_protosw,
  &rip_protosw,
};

#define NPROTOSW (sizeof protosw_table / sizeof protosw_table[0])

/* The first entry of dom with type, or NULL (4.4BSD pffindtype). */
static const struct protosw *find_type(int dom, int type)
{
  for (size_t i = 0; i < NPROTOSW; i++) {
    const struct protosw *pr = protosw_table[i];
    if (pr->pr_domain == dom && pr->pr_type == type)
      return pr;
  }
  return NULL;
}

/* The entry of dom for (proto, type), or the raw wildcard for SOCK_RAW
 * (4.4BSD pffindproto). */
static const struct protosw *find_proto(int dom, int proto, int type)
{
  const struct protosw *maybe = NULL;
  for (size_t i = 0; i < NPROTOSW; i++) {
    const struct protosw *pr = protosw_table[i];
    if (pr->pr_domain != dom)
      continue;
    if (pr->pr_protocol == proto && pr->pr_type == type)
      return pr;
    if (type == SOCK_RAW && pr->pr_type == SOCK_RAW &&
        pr->pr_protocol == 0 && !maybe)
      maybe = pr;
  }
  return maybe;
}

const struct protosw *pf_findproto(int domain, int type, int proto,
                                   int *err)
{
  const struct protosw *pr = proto ? find_proto(domain, proto, type)
                                   : find_type(domain, type);
  if (!pr || !pr->pr_attach) {
    *err = -EPROTONOSUPPORT;
    return NULL;
  }
  if (pr->pr_type != type) {
    *err = -EPROTOTYPE;
    return NULL;
  }
  *err = 0;
  return pr;
}

const struct protosw *pf_findinput(int proto)
{
  /* merge: 4.4BSD ip_input sends protocols nobody claims to raw IP
   * (ip_protox defaults to the IPPROTO_RAW entry); the lead decides. */
  for (size_t i = 0; i < NPROTOSW; i++) {
    const struct protosw *pr = protosw_table[i];
    if (pr->pr_domain == AF_INET && pr->pr_protocol == proto &&
        pr->pr_input)
      return pr;
  }
  return NULL;
}
