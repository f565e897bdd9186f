/* shim/shim_netdb.c: the network databases answered from the simulated
 * host's (hosts/netdb, the scenario's hosts and services): gethostbyname,
 * gethostbyaddr, getservbyname, getservbyport, getnetbyname, getaddrinfo,
 * freeaddrinfo, getnameinfo. Results live in static storage (hostent,
 * servent), as the C library's do; getaddrinfo's are allocated. IPv4
 * only: AF_INET6 requests fail with EAI_FAMILY. */
#define _GNU_SOURCE
#include "shim.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define X SHIM_EXPORT

static struct hostent hent;
static char hname[CHAN_NAME];
static char *haliases[1];
static struct in_addr haddrs[CHAN_MAXADDRS];
static char *hlist[CHAN_MAXADDRS + 1];

static struct hostent *fill_host(const struct chan_host *h)
{
  memcpy(hname, h->name, sizeof hname);
  hname[sizeof hname - 1] = 0;
  int n = h->naddrs < CHAN_MAXADDRS ? h->naddrs : CHAN_MAXADDRS;
  for (int i = 0; i < n; i++) {
    haddrs[i].s_addr = htonl(h->addrs[i]);
    hlist[i] = (char *)&haddrs[i];
  }
  hlist[n] = NULL;
  haliases[0] = NULL;
  hent = (struct hostent){ hname, haliases, AF_INET, 4, hlist };
  return &hent;
}

/* The simulated host database's answer for name, or -1 (h_errno set). */
static int host_lookup(const char *name, struct chan_host *h)
{
  struct chan_req r = { .op = CHAN_HOSTBYNAME };
  struct chan_rep rep;
  memset(h, 0, sizeof *h);
  if (shim_call(&r, name, strlen(name) + 1, &rep, h, sizeof *h) < 0) {
    h_errno = (int)rep.b[0];
    return -1;
  }
  return 0;
}

X struct hostent *gethostbyname(const char *name)
{
  struct chan_host h;
  return host_lookup(name, &h) < 0 ? NULL : fill_host(&h);
}

X struct hostent *gethostbyname2(const char *name, int af)
{
  if (af != AF_INET) {
    h_errno = HOST_NOT_FOUND;
    return NULL;
  }
  return gethostbyname(name);
}

X struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type)
{
  if (type != AF_INET || len != 4) {
    h_errno = HOST_NOT_FOUND;
    return NULL;
  }
  struct chan_req r = { .op = CHAN_HOSTBYADDR,
                        .a = { ntohl(((const struct in_addr *)addr)->s_addr) } };
  struct chan_rep rep;
  struct chan_host h;
  memset(&h, 0, sizeof h);
  if (shim_call(&r, NULL, 0, &rep, &h, sizeof h) < 0) {
    h_errno = (int)rep.b[0];
    return NULL;
  }
  return fill_host(&h);
}

static struct servent sent;
static char sname[CHAN_NAME], sproto[8];
static char *saliases[1];

/* The service by name or by port (name NULL). 0, or -1 when none. */
static int serv_lookup(const char *name, int port, const char *proto,
                       struct chan_serv *s)
{
  char buf[CHAN_NAME + 16];
  size_t n = 0;
  if (name) {
    snprintf(buf, CHAN_NAME, "%s", name);
    n = strlen(buf) + 1;
  }
  snprintf(buf + n, 8, "%s", proto ? proto : "");
  n += strlen(buf + n) + 1;
  struct chan_req r = { .op = name ? CHAN_SERVBYNAME : CHAN_SERVBYPORT,
                        .a = { port } };
  struct chan_rep rep;
  memset(s, 0, sizeof *s);
  return shim_call(&r, buf, n, &rep, s, sizeof *s) < 0 ? -1 : 0;
}

static struct servent *fill_serv(const struct chan_serv *s)
{
  memcpy(sname, s->name, sizeof sname);
  sname[sizeof sname - 1] = 0;
  memcpy(sproto, s->proto, sizeof sproto);
  sproto[sizeof sproto - 1] = 0;
  saliases[0] = NULL;
  sent = (struct servent){ sname, saliases, htons((uint16_t)s->port),
                           sproto };
  return &sent;
}

X struct servent *getservbyname(const char *name, const char *proto)
{
  struct chan_serv s;
  return serv_lookup(name, 0, proto, &s) < 0 ? NULL : fill_serv(&s);
}

X struct servent *getservbyport(int port, const char *proto)
{
  struct chan_serv s;
  return serv_lookup(NULL, ntohs((uint16_t)port), proto, &s) < 0
           ? NULL : fill_serv(&s);
}

static struct netent nent;
static char nname[CHAN_NAME];
static char *naliases[1];

X struct netent *getnetbyname(const char *name)
{
  struct chan_req r = { .op = CHAN_NETBYNAME };
  struct chan_rep rep;
  if (shim_call(&r, name, strlen(name) + 1, &rep, NULL, 0) < 0)
    return NULL;
  snprintf(nname, sizeof nname, "%s", name);
  naliases[0] = NULL;
  nent = (struct netent){ nname, naliases, AF_INET, (uint32_t)rep.b[0] };
  return &nent;
}

/* ---- getaddrinfo ---- */

static struct addrinfo *one_ai(uint32_t addr, int port, int socktype,
                               int proto, const char *canon)
{
  struct addrinfo *ai = calloc(1, sizeof *ai + sizeof(struct sockaddr_in));
  struct sockaddr_in *in = (struct sockaddr_in *)(ai + 1);
  in->sin_family = AF_INET;
  in->sin_port = htons((uint16_t)port);
  in->sin_addr.s_addr = htonl(addr);
  ai->ai_family = AF_INET;
  ai->ai_socktype = socktype;
  ai->ai_protocol = proto;
  ai->ai_addrlen = sizeof *in;
  ai->ai_addr = (struct sockaddr *)in;
  ai->ai_canonname = canon ? strdup(canon) : NULL;
  return ai;
}

/* The port of service serv for socktype, or -1. */
static int ai_port(const char *serv, int socktype, int flags)
{
  if (!serv)
    return 0;
  char *end;
  long v = strtol(serv, &end, 10);
  if (*serv && !*end)
    return v >= 0 && v <= 65535 ? (int)v : -1;
  if (flags & AI_NUMERICSERV)
    return -1;
  struct chan_serv s;
  const char *proto = socktype == SOCK_DGRAM ? "udp" : "tcp";
  return serv_lookup(serv, 0, proto, &s) < 0 ? -1 : s.port;
}

/* The addresses of node (NULL: any or loopback) into h. 0 or EAI_*. */
static int ai_host(const char *node, int flags, struct chan_host *h)
{
  memset(h, 0, sizeof *h);
  struct in_addr a;
  h->naddrs = 1;
  if (!node) {
    h->addrs[0] = flags & AI_PASSIVE ? INADDR_ANY : INADDR_LOOPBACK;
    return 0;
  }
  if (inet_aton(node, &a)) {
    h->addrs[0] = ntohl(a.s_addr);
    snprintf(h->name, sizeof h->name, "%s", node);
    return 0;
  }
  if (flags & AI_NUMERICHOST)
    return EAI_NONAME;
  return host_lookup(node, h) < 0 ? EAI_NONAME : 0;
}

X int getaddrinfo(const char *node, const char *serv,
                  const struct addrinfo *hints, struct addrinfo **res)
{
  int fam = hints ? hints->ai_family : AF_UNSPEC;
  int type = hints ? hints->ai_socktype : 0;
  int flags = hints ? hints->ai_flags : 0;
  if (fam != AF_UNSPEC && fam != AF_INET)
    return EAI_FAMILY;
  struct chan_host h;
  int err = ai_host(node, flags, &h);
  if (err)
    return err;
  struct addrinfo *head = NULL, **tail = &head;
  static const int types[] = { SOCK_STREAM, SOCK_DGRAM };
  for (int i = 0; i < h.naddrs; i++)
    for (int t = 0; t < 2; t++) {
      if (type && type != types[t])
        continue;
      int port = ai_port(serv, types[t], flags);
      if (port < 0)
        continue;
      *tail = one_ai(h.addrs[i], port, types[t],
                     types[t] == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP,
                     !head && (flags & AI_CANONNAME) ? h.name : NULL);
      tail = &(*tail)->ai_next;
    }
  if (!head)
    return EAI_SERVICE;
  *res = head;
  return 0;
}

X void freeaddrinfo(struct addrinfo *ai)
{
  while (ai) {
    struct addrinfo *next = ai->ai_next;
    free(ai->ai_canonname);
    free(ai);
    ai = next;
  }
}

X int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
                  socklen_t hostlen, char *serv, socklen_t servlen,
                  int flags)
{
  if (!sa || sa->sa_family != AF_INET || salen < sizeof(struct sockaddr_in))
    return EAI_FAMILY;
  const struct sockaddr_in *in = (const void *)sa;
  if (host && hostlen) {
    struct hostent *he = flags & NI_NUMERICHOST ? NULL
                       : gethostbyaddr(&in->sin_addr, 4, AF_INET);
    if (!he && (flags & NI_NAMEREQD))
      return EAI_NONAME;
    snprintf(host, hostlen, "%s", he ? he->h_name : inet_ntoa(in->sin_addr));
  }
  if (serv && servlen) {
    struct servent *se = flags & NI_NUMERICSERV ? NULL
                       : getservbyport(in->sin_port,
                                       flags & NI_DGRAM ? "udp" : "tcp");
    if (se)
      snprintf(serv, servlen, "%s", se->s_name);
    else
      snprintf(serv, servlen, "%d", ntohs(in->sin_port));
  }
  return 0;
}
