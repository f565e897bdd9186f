/* protocols/in_proto.c: the registry of every protocol a socket can use:
 * the protocol switch entries of the two domains (AF_UNIX, AF_INET), the
 * domains themselves with their per-host and per-interface hooks
 * (hosts/domain.h), the list a host is created with, and ip_input's
 * demultiplexing (pf_findinput). socket()'s lookup over the domains is on
 * the kernel side (hosts/uipc_domain.c), as in 4.4BSD. Read: 4.4BSD
 * netinet/in_proto.c, kern/uipc_proto.c. */
#include "in_proto.h"
#include "arp.h"
#include "domain.h"
#include "if_inet.h"
#include "ip_var.h"
#include "netif.h"
#include "protosw.h"
#include "socket.h"
#include "raw_ip.h"
#include "udp_var.h"
#include "tcp_var.h"
#include "uipc_usrreq.h"

#include <stddef.h>

/* ---- AF_UNIX (uipc_usrreq.c) ---- */
static const struct protosw *const unixsw[] = {
  &uipc_stream_protosw,
  &uipc_dgram_protosw,
  NULL,
};

static const struct domain unixdomain = {
  .dom_family = AF_UNIX,
  .dom_name = "unix",
  .dom_protosw = unixsw,
};

/* ---- AF_INET, in 4.4BSD's inetsw order; the raw wildcard (protocol 0)
 * comes last and takes SOCK_RAW requests for any other protocol. ---- */
static const struct protosw *const inetsw[] = {
  &udp_protosw,
  &tcp_protosw,
  &rip_protosw,
  NULL,
};

/* The internet domain takes the frames that carry IP or ARP. */
static dom_input_fn in_dom_ifinput(enum medium_kind kind, int type)
{
  return in_ifinput(kind, type);
}

/* An interface goes: its ARP cache (and held packets) with it. */
static void in_dom_ifdetach(struct netif *ifp)
{
  arp_table_free(ifp->arp);
  ifp->arp = NULL;
}

static const struct domain inetdomain = {
  .dom_family = AF_INET,
  .dom_name = "internet",
  .dom_protosw = inetsw,
  .dom_init = in_host_init,
  .dom_reset = in_host_reset,
  .dom_free = in_host_free,
  .dom_ifinput = in_dom_ifinput,
  .dom_ifdetach = in_dom_ifdetach,
};

const struct domain *const in_proto_domains[] = {
  &unixdomain,
  &inetdomain,
  NULL,
};

const struct protosw *pf_findinput(int proto)
{
  /* What no entry claims goes to raw IP (ip_input.c), as 4.4BSD's
   * ip_protox sends it to the IPPROTO_RAW entry. */
  for (const struct protosw *const *p = inetsw; *p; p++)
    if ((*p)->pr_protocol == proto && (*p)->pr_input)
      return *p;
  return NULL;
}
