/* hosts/netdb.h: the network databases of primer section 3 (hosts,
 * networks, protocols, services) and the address routines of inet(3)
 * (inet_aton/addr, inet_network, inet_makeaddr, inet_netof, inet_lnaof).
 * Services and protocols are 4.4BSD's etc/services and etc/protocols plus
 * what a scenario adds; hosts and networks are read from the topology at
 * lookup time plus what a scenario adds. Lookups never move an iteration
 * cursor (the *_next calls take the caller's). Not here: Lua (see
 * sim/lua/lsim_netdb.c), DNS. Read 4.4BSD lib/libc/net/ (gethostnamadr.c,
 * getnetent.c, getservent.c, inet_addr.c, inet_network.c). */
#ifndef IPCSIM_NETDB_H
#define IPCSIM_NETDB_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include "in.h"

#define NETDB_MAXALIASES 34           /* aliases per entry (4.4BSD: 35 - NULL) */
#define NETDB_MAXADDRS   35           /* addresses per host (4.4BSD MAXADDRS) */
#define NETDB_NAME_MAX   64           /* longest name or alias */
#define NETDB_INADDR_NONE 0xffffffffu /* inet_addr/inet_network failure */

/* h_errno values of 4.4BSD <netdb.h>. */
#define NETDB_HOST_NOT_FOUND 1        /* no such host */
#define NETDB_NO_DATA        4        /* the name is valid, it has no address */

struct netdb_serv {
  const char *name;           /* official service name */
  const char *const *aliases; /* alias list, NULL-terminated (never NULL) */
  int port;                   /* port number, host order */
  const char *proto;          /* "tcp" or "udp" */
};

struct netdb_proto {
  const char *name;           /* official protocol name */
  const char *const *aliases; /* alias list, NULL-terminated (never NULL) */
  int number;                 /* protocol number */
};

/* A hostent, filled in by the host lookups. Its strings belong to the
 * database or the topology: valid until either changes. */
struct netdb_host {
  const char *name;           /* official name */
  const char *const *aliases; /* alias list, NULL-terminated (never NULL) */
  int naddrs;                 /* addresses in addrs, 1..NETDB_MAXADDRS */
  in_addr32 addrs[NETDB_MAXADDRS]; /* interface order; addrs[0] is h_addr */
};

/* A netent, filled in by the network lookups (strings as netdb_host). */
struct netdb_net {
  const char *name;           /* official name */
  const char *const *aliases; /* alias list, NULL-terminated (never NULL) */
  in_addr32 net;              /* network number, right-justified (128.32 -> 0x8020) */
};

struct netdb;
struct host;

/* ---- the database ---------------------------------------------------- */

/* A database over the topology `hosts` (struct host *, the caller's live
 * array, read at every lookup; may be NULL: no topology). */
struct netdb *netdb_new(const GPtrArray *hosts);

/* Frees db and what scenarios added; does not touch the topology. */
void netdb_free(struct netdb *db);

/* Whether s can be a name or alias: 1..NETDB_NAME_MAX characters of
 * [A-Za-z0-9_.-]. */
bool netdb_name_ok(const char *s);

/* Whether name is all digits and dots, starting with a digit and not
 * ending with a dot: 4.4BSD gethostbyname reads such a name as an
 * address, so no host can be called that. */
bool netdb_host_numeric(const char *name);

/* Gives the topology host h these aliases (NULL-terminated, copied;
 * replaces earlier ones). False with *err if h's name or an alias is
 * already a name or alias of another host (case-insensitively: the hosts
 * database matches names so). Name syntax is not checked here. */
bool netdb_set_host_aliases(struct netdb *db, const struct host *h,
                            const char *const *aliases, GError **err);

/* Adds a host that is not in the topology (hostent{}): n (1..MAXADDRS)
 * addresses. Copies everything. False with *err if the name or an alias
 * is already a host's name or alias (case-insensitively). */
bool netdb_add_host(struct netdb *db, const char *name,
                    const char *const *aliases, const in_addr32 *addrs,
                    int n, GError **err);

/* Declares a network (network{}). False with *err if the name or an
 * alias, or the number, is already declared. */
bool netdb_add_net(struct netdb *db, const char *name,
                   const char *const *aliases, in_addr32 net, GError **err);

/* Adds a service after the built-in ones. False with *err if the name or
 * an alias is already a service on proto, or port already is. */
bool netdb_add_serv(struct netdb *db, const char *name,
                    const char *const *aliases, int port, const char *proto,
                    GError **err);

/* Adds a protocol after the built-in ones. False with *err if the name,
 * an alias or the number is taken. */
bool netdb_add_proto(struct netdb *db, const char *name,
                     const char *const *aliases, int number, GError **err);

/* ---- lookups: db may be NULL (built-in tables only) ------------------- */

/* Hosts: the topology in creation order (addresses in interface order;
 * hosts without an address are skipped), then the added ones. Names match
 * case-insensitively, as 4.4BSD's hosts file. A name of digits and dots,
 * not ending in a dot, is read by inet_aton and returned as it is (4.4BSD
 * gethostbyname). Return 0 with *out filled, NETDB_HOST_NOT_FOUND, or
 * NETDB_NO_DATA (a topology host without an address). */
int netdb_host_byname(const struct netdb *db, const char *name,
                      struct netdb_host *out);

/* The first host with address addr; *out lists only addr, as 4.4BSD's
 * gethostbyaddr does. 0 or NETDB_HOST_NOT_FOUND. */
int netdb_host_byaddr(const struct netdb *db, in_addr32 addr,
                      struct netdb_host *out);

/* gethostent: the entry at or after *cursor (0 = the first); advances
 * *cursor past it. One entry per address, as the lines of 4.4BSD's
 * /etc/hosts (a host on two networks comes twice, each time with one
 * address; primer 3.1's gethostbynameandnet relies on it). False at the
 * end. */
bool netdb_host_next(const struct netdb *db, size_t *cursor,
                     struct netdb_host *out);

/* Networks: the declared ones, then one per network number of the
 * interfaces not declared (named after the medium, "lan0"). Name match is
 * exact. Each returns true with *out filled, or false. */
bool netdb_net_byname(const struct netdb *db, const char *name,
                      struct netdb_net *out);
bool netdb_net_bynumber(const struct netdb *db, in_addr32 net,
                        struct netdb_net *out);
bool netdb_net_next(const struct netdb *db, size_t *cursor,
                    struct netdb_net *out);

/* The network number of an interface address with prefix length len
 * (0..32): the network part, right-justified by whole host bytes, as
 * inet_network() reads it written out (128.32.1.2/16 -> 0x8020,
 * 128.32.1.2/24 -> 0x802001, 10.1.2.3/8 -> 10). */
in_addr32 netdb_ifnet(in_addr32 addr, int len);

/* Services, case-sensitive: the one called name (or an alias) on proto
 * ("tcp", "udp"; NULL: any), or NULL. */
const struct netdb_serv *netdb_serv_byname(const struct netdb *db,
                                           const char *name,
                                           const char *proto);

/* The service at port on proto (NULL: any), or NULL. */
const struct netdb_serv *netdb_serv_byport(const struct netdb *db, int port,
                                           const char *proto);

/* getservent: the entry at *cursor, advancing it; NULL at the end. */
const struct netdb_serv *netdb_serv_next(const struct netdb *db,
                                         size_t *cursor);

/* Protocols, as services. */
const struct netdb_proto *netdb_proto_byname(const struct netdb *db,
                                             const char *name);
const struct netdb_proto *netdb_proto_bynumber(const struct netdb *db,
                                               int number);
const struct netdb_proto *netdb_proto_next(const struct netdb *db,
                                           size_t *cursor);

/* ---- address routines (4.4BSD inet(3)); addresses in host order ------- */

/* Reads an address in the 4.4BSD forms: a.b.c.d; a.b.c (c is 16 bits);
 * a.b (b is 24 bits); a (32 bits); each part decimal, octal after a
 * leading 0, or hex after 0x. A space or tab ends it (the rest is
 * ignored). Refused, where 4.4BSD-Lite read garbage: an empty string or
 * part, a digit 8 or 9 in octal, "0x" without digits, a value over its
 * bits. True and *addr set, or false. */
bool netdb_inet_aton(const char *s, in_addr32 *addr);

/* netdb_inet_aton's value, or NETDB_INADDR_NONE. */
in_addr32 netdb_inet_addr(const char *s);

/* A network number "a[.b[.c[.d]]]" (parts as inet_aton, each 0..255),
 * right-justified: "128.32" -> 0x8020. NETDB_INADDR_NONE if bad. */
in_addr32 netdb_inet_network(const char *s);

/* The address of host lna on network net, classful by the size of net
 * (< 128: class A; < 65536: B; < 2^24: C; else net | lna). */
in_addr32 netdb_inet_makeaddr(in_addr32 net, in_addr32 lna);

/* The classful network number and local part of a (class C masks for
 * classes C, D and E, as 4.4BSD). */
in_addr32 netdb_inet_netof(in_addr32 a);
in_addr32 netdb_inet_lnaof(in_addr32 a);

#endif
