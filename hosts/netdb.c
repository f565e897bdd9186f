/* hosts/netdb.c: the services and protocols tables (see netdb.h). The
 * entries are those of 4.4BSD-Lite's etc/services and etc/protocols that
 * the primer and its classic programs use; order is the file's. */
#include "netdb.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static const struct netdb_serv services[] = {
  { "echo", { NULL }, 7, "tcp" },
  { "echo", { NULL }, 7, "udp" },
  { "discard", { "sink", "null", NULL }, 9, "tcp" },
  { "discard", { "sink", "null", NULL }, 9, "udp" },
  { "daytime", { NULL }, 13, "tcp" },
  { "daytime", { NULL }, 13, "udp" },
  { "ftp-data", { NULL }, 20, "tcp" },
  { "ftp", { NULL }, 21, "tcp" },
  { "telnet", { NULL }, 23, "tcp" },
  { "smtp", { "mail", NULL }, 25, "tcp" },
  { "time", { "timserver", NULL }, 37, "tcp" },
  { "time", { "timserver", NULL }, 37, "udp" },
  { "whois", { "nicname", NULL }, 43, "tcp" },
  { "domain", { "nameserver", NULL }, 53, "tcp" },
  { "domain", { "nameserver", NULL }, 53, "udp" },
  { "tftp", { NULL }, 69, "udp" },
  { "finger", { NULL }, 79, "tcp" },
  { "sunrpc", { NULL }, 111, "tcp" },
  { "sunrpc", { NULL }, 111, "udp" },
  { "exec", { NULL }, 512, "tcp" },
  { "biff", { "comsat", NULL }, 512, "udp" },
  { "login", { NULL }, 513, "tcp" },
  { "who", { "whod", NULL }, 513, "udp" },
  { "shell", { "cmd", NULL }, 514, "tcp" },
  { "syslog", { NULL }, 514, "udp" },
  { "printer", { "spooler", NULL }, 515, "tcp" },
  { "talk", { NULL }, 517, "udp" },
  { "ntalk", { NULL }, 518, "udp" },
  { "route", { "router", "routed" }, 520, "udp" },
  { "timed", { "timeserver", NULL }, 525, "udp" },
  { "uucp", { "uucpd", NULL }, 540, "tcp" },
  { NULL, { NULL }, 0, NULL },
};

static const struct netdb_proto protocols[] = {
  { "ip", { "IP", NULL }, 0 },
  { "icmp", { "ICMP", NULL }, 1 },
  { "igmp", { "IGMP", NULL }, 2 },
  { "ggp", { "GGP", NULL }, 3 },
  { "tcp", { "TCP", NULL }, 6 },
  { "egp", { "EGP", NULL }, 8 },
  { "pup", { "PUP", NULL }, 12 },
  { "udp", { "UDP", NULL }, 17 },
  { "idp", { "IDP", NULL }, 22 },
  { "tp", { "TP", NULL }, 29 },
  { "raw", { "RAW", NULL }, 255 },
  { NULL, { NULL }, 0 },
};

/* Whether name is the official name or one of up to n aliases. */
static bool named(const char *official, const char *const *aliases,
                  size_t n, const char *name)
{
  if (strcmp(official, name) == 0)
    return true;
  for (size_t i = 0; i < n && aliases[i]; i++)
    if (strcmp(aliases[i], name) == 0)
      return true;
  return false;
}

static bool proto_ok(const struct netdb_serv *s, const char *proto)
{
  return !proto || strcmp(s->proto, proto) == 0;
}

const struct netdb_serv *netdb_serv_byname(const char *name,
                                           const char *proto)
{
  for (const struct netdb_serv *s = services; s->name; s++)
    if (named(s->name, s->aliases, 3, name) && proto_ok(s, proto))
      return s;
  return NULL;
}

const struct netdb_serv *netdb_serv_byport(int port, const char *proto)
{
  for (const struct netdb_serv *s = services; s->name; s++)
    if (s->port == port && proto_ok(s, proto))
      return s;
  return NULL;
}

const struct netdb_proto *netdb_proto_byname(const char *name)
{
  for (const struct netdb_proto *p = protocols; p->name; p++)
    if (named(p->name, p->aliases, 2, name))
      return p;
  return NULL;
}

const struct netdb_proto *netdb_proto_bynumber(int number)
{
  for (const struct netdb_proto *p = protocols; p->name; p++)
    if (p->number == number)
      return p;
  return NULL;
}

const struct netdb_serv *netdb_serv_table(void)
{
  return services;
}

const struct netdb_proto *netdb_proto_table(void)
{
  return protocols;
}
