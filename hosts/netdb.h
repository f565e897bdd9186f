/* hosts/netdb.h: the static network databases, services and protocols,
 * as 4.4BSD's /etc/services and /etc/protocols list them (primer 3.3 and
 * 3.4): getservbyname("login", "tcp") is port 513. Hosts and networks
 * depend on the scenario's topology and live with it (later). Lookups are
 * by official name or alias, case-sensitive as in 4.4BSD. */
#ifndef IPCSIM_NETDB_H
#define IPCSIM_NETDB_H

struct netdb_serv {
  const char *name;           /* official service name */
  const char *aliases[3];     /* alias list, NULL-terminated */
  int port;                   /* port number */
  const char *proto;          /* "tcp" or "udp" */
};

struct netdb_proto {
  const char *name;           /* official protocol name */
  const char *aliases[2];     /* alias list, NULL-terminated */
  int number;                 /* protocol number */
};

/* The service called name (or an alias) on proto ("tcp", "udp"; NULL:
 * the first with that name, any protocol), or NULL. */
const struct netdb_serv *netdb_serv_byname(const char *name,
                                           const char *proto);

/* The service at port on proto (NULL: any), or NULL. */
const struct netdb_serv *netdb_serv_byport(int port, const char *proto);

/* The protocol called name (or an alias), or NULL. */
const struct netdb_proto *netdb_proto_byname(const char *name);

/* The protocol with that number, or NULL. */
const struct netdb_proto *netdb_proto_bynumber(int number);

/* Whole tables, in file order, ended by an entry whose name is NULL
 * (getservent, getprotoent). */
const struct netdb_serv *netdb_serv_table(void);
const struct netdb_proto *netdb_proto_table(void);

#endif
