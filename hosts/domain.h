/* hosts/domain.h: the communication domains a host speaks (AF_UNIX,
 * AF_INET), as 4.4BSD's struct domain (sys/domain.h). This and protosw.h
 * are the only ways the kernel side (hosts/) reaches the protocols
 * (protocols/): a domain lists its protocol switch entries and gives the
 * hooks a host and its interfaces call: per-host state at creation, crash
 * and free, and the frames an interface hands up. protocols/in_proto.c
 * defines the domains and the list a host is created with
 * (in_proto_domains); hosts/ never names one. Read: 4.4BSD sys/domain.h,
 * kern/uipc_domain.c. */
#ifndef IPCSIM_DOMAIN_H
#define IPCSIM_DOMAIN_H

#include <stdbool.h>
#include "framing.h"

struct host;
struct netif;
struct pbuf;
struct protosw;

/* A domain's input for frames of one link type: takes p, arrived on ifp
 * with its link header on. */
typedef void (*dom_input_fn)(struct netif *ifp, int type, struct pbuf *p);

struct domain {
  int dom_family;             /* AF_UNIX, AF_INET */
  const char *dom_name;       /* "internet", for traces and errors */
  /* Its protocols, NULL-terminated, in lookup order: a type's first
   * entry is its default (pf_findproto). */
  const struct protosw *const *dom_protosw;
  /* Per-host state: host_new, host_down (a crash forgets it), host_free.
   * Any may be NULL. */
  void (*dom_init)(struct host *h);
  void (*dom_reset)(struct host *h);
  void (*dom_free)(struct host *h);
  /* The domain's input for frames of link type `type` (Ethernet type,
   * PPP protocol) on framing `kind`, or NULL when it does not take them.
   * An interface asks once per type and keeps the answer (netif.c), so it
   * must depend on (kind, type) alone. NULL: the domain takes no frames. */
  dom_input_fn (*dom_ifinput)(enum medium_kind kind, int type);
  /* ifp goes away: free the domain's per-interface state. NULL ok. */
  void (*dom_ifdetach)(struct netif *ifp);
};

/* Finds the protocol for socket(domain, type, proto) among h's domains
 * as 4.4BSD socreate does: proto 0 picks the domain's default for the
 * type; SOCK_RAW with an unknown proto falls back to the domain's raw
 * entry of protocol 0. Returns it, or NULL with *err set. 4.4BSD-Lite
 * gives -EPROTONOSUPPORT for every miss (unknown domain, type or
 * protocol, or no pr_attach); -EPROTOTYPE when the entry's type differs
 * (unreachable with 4.4BSD's lookups, kept as socreate checks it). No
 * EAFNOSUPPORT/ESOCKTNOSUPPORT: those came later (FreeBSD). */
const struct protosw *pf_findproto(const struct host *h, int domain,
                                   int type, int proto, int *err);

/* Calls each of h's domains' dom_init (host_new), dom_reset (host_down)
 * or dom_free (host_free), in list order. */
void domain_host_init(struct host *h);
void domain_host_reset(struct host *h);
void domain_host_free(struct host *h);

/* The input of the first of h's domains, in list order, that takes
 * frames of link type `type` on framing `kind` (netif input), or NULL. */
dom_input_fn domain_ifinput(const struct host *h, enum medium_kind kind,
                            int type);

/* Tells each domain that ifp goes away (netif_free). */
void domain_ifdetach(struct netif *ifp);

#endif
