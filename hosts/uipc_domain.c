/* hosts/uipc_domain.c: a host's domains (domain.h): socket()'s protocol
 * lookup over them, and the per-host and per-interface hooks, called in
 * the order of the host's domain list. The lookups follow 4.4BSD's
 * pffindtype/pffindproto (kern/uipc_domain.c): a domain's first entry of
 * the type is its default; an explicit protocol must match protocol and
 * type, except that a SOCK_RAW request falls back to the domain's
 * wildcard raw entry (protocol 0). 4.4BSD-Lite answers every miss with
 * EPROTONOSUPPORT, an unknown domain included (the 4.2BSD primer's
 * EPROTOTYPE came from a lookup that ignored the type; the check remains,
 * unreachable). */
#include "domain.h"
#include "host.h"
#include "netif.h"
#include "protosw.h"
#include "socket.h"

#include <errno.h>
#include <stddef.h>

/* h's domain of family `family`, or NULL. */
static const struct domain *find_domain(const struct host *h, int family)
{
  for (const struct domain *const *d = h->domains; d && *d; d++)
    if ((*d)->dom_family == family)
      return *d;
  return NULL;
}

/* The first entry of dp with type, or NULL (4.4BSD pffindtype). */
static const struct protosw *find_type(const struct domain *dp, int type)
{
  for (const struct protosw *const *pr = dp->dom_protosw; *pr; pr++)
    if ((*pr)->pr_type == type)
      return *pr;
  return NULL;
}

/* The entry of dp for (proto, type), or the raw wildcard for SOCK_RAW
 * (4.4BSD pffindproto). */
static const struct protosw *find_proto(const struct domain *dp, int proto,
                                        int type)
{
  const struct protosw *maybe = NULL;
  for (const struct protosw *const *p = dp->dom_protosw; *p; p++) {
    const struct protosw *pr = *p;
    if (pr->pr_protocol == proto && pr->pr_type == type)
      return pr;
    if (type == SOCK_RAW && pr->pr_type == SOCK_RAW &&
        pr->pr_protocol == 0 && !maybe)
      maybe = pr;
  }
  return maybe;
}

const struct protosw *pf_findproto(const struct host *h, int domain,
                                   int type, int proto, int *err)
{
  const struct domain *dp = find_domain(h, domain);
  const struct protosw *pr = NULL;
  if (dp)
    pr = proto ? find_proto(dp, proto, type) : find_type(dp, type);
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

void domain_host_init(struct host *h)
{
  for (const struct domain *const *d = h->domains; d && *d; d++)
    if ((*d)->dom_init)
      (*d)->dom_init(h);
}

void domain_host_reset(struct host *h)
{
  for (const struct domain *const *d = h->domains; d && *d; d++)
    if ((*d)->dom_reset)
      (*d)->dom_reset(h);
}

void domain_host_free(struct host *h)
{
  for (const struct domain *const *d = h->domains; d && *d; d++)
    if ((*d)->dom_free)
      (*d)->dom_free(h);
}

dom_input_fn domain_ifinput(const struct host *h, enum medium_kind kind,
                            int type)
{
  for (const struct domain *const *d = h->domains; d && *d; d++) {
    dom_input_fn in = (*d)->dom_ifinput ? (*d)->dom_ifinput(kind, type)
                                        : NULL;
    if (in)
      return in;
  }
  return NULL;
}

void domain_ifdetach(struct netif *ifp)
{
  const struct host *h = ifp->host;
  for (const struct domain *const *d = h->domains; d && *d; d++)
    if ((*d)->dom_ifdetach)
      (*d)->dom_ifdetach(ifp);
}
