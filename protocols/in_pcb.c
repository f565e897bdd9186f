/* protocols/in_pcb.c: binding, connecting and finding internet control
 * blocks (see in_pcb.h). A connection's own segments find it by hash
 * (in_pcb_hash.c); wildcard lookups scan the list, newest first, as
 * 4.4BSD's do. */
#include "in_pcb.h"
#include "host.h"
#include "ip_var.h"
#include "netif.h"
#include "socket.h"

#include <errno.h>
#include <string.h>

struct inpcb *in_pcballoc(struct inpcbhead *head, struct host *h,
                          void *owner)
{
  struct inpcb *inp = g_new0(struct inpcb, 1);
  inp->head = head;
  inp->host = h;
  inp->owner = owner;
  inp->serial = ++head->serial;
  head->list = g_list_prepend(head->list, inp);
  inp->link = head->list;
  return inp;
}

void in_pcbdetach(struct inpcb *inp)
{
  in_pcbhash_remove(inp);
  inp->head->list = g_list_delete_link(inp->head->list, inp->link);
  g_free(inp);
}

struct inpcb *in_pcblookup(struct inpcbhead *head, in_addr32 faddr,
                           uint16_t fport, in_addr32 laddr, uint16_t lport,
                           int flags)
{
  /* An exact match with faddr set is a connected block, so hashed; the
   * scan would stop at the newest such, which the chain gives first. */
  if (faddr != IN_ADDR_ANY) {
    struct inpcb *inp = in_pcbhash_find(head, faddr, fport, laddr, lport);
    if (inp)
      return inp;
  }
  return in_pcblookup_linear(head, faddr, fport, laddr, lport, flags);
}

struct inpcb *in_pcblookup_linear(struct inpcbhead *head, in_addr32 faddr,
                                  uint16_t fport, in_addr32 laddr,
                                  uint16_t lport, int flags)
{
  struct inpcb *best = NULL;
  int least = 3;
  for (GList *l = head->list; l; l = l->next) {
    struct inpcb *inp = l->data;
    int wild = 0;
    if (inp->lport != lport)
      continue;
    if (inp->laddr != IN_ADDR_ANY) {
      if (laddr == IN_ADDR_ANY)
        wild++;
      else if (inp->laddr != laddr)
        continue;
    } else if (laddr != IN_ADDR_ANY)
      wild++;
    if (inp->faddr != IN_ADDR_ANY) {
      if (faddr == IN_ADDR_ANY)
        wild++;
      else if (inp->faddr != faddr || inp->fport != fport)
        continue;
    } else if (faddr != IN_ADDR_ANY)
      wild++;
    if (wild && !(flags & INPLOOKUP_WILDCARD))
      continue;
    if (wild < least) {
      best = inp;
      least = wild;
      if (wild == 0)
        break;
    }
  }
  return best;
}

/* The next free ephemeral port for laddr (4.4BSD's loop over
 * IPPORT_RESERVED..IPPORT_USERRESERVED). 0 when all are taken. */
static uint16_t ephemeral(struct inpcbhead *head, in_addr32 laddr, int wild)
{
  for (int tries = 0; tries <= IPPORT_USERRESERVED - IPPORT_RESERVED;
       tries++) {
    if (head->lastport++ < IPPORT_RESERVED ||
        head->lastport > IPPORT_USERRESERVED)
      head->lastport = IPPORT_RESERVED;
    if (!in_pcblookup(head, IN_ADDR_ANY, 0, laddr, head->lastport, wild))
      return head->lastport;
  }
  return 0;
}

int in_pcbbind(struct inpcb *inp, const struct so_addr *nam, bool reuseaddr,
               bool priv)
{
  int wild = reuseaddr ? 0 : INPLOOKUP_WILDCARD;
  if (inp->lport || inp->laddr != IN_ADDR_ANY)
    return -EINVAL;
  in_addr32 laddr = IN_ADDR_ANY;
  uint16_t lport = 0;
  if (nam) {
    if (nam->family != AF_INET)
      return -EAFNOSUPPORT;
    laddr = nam->addr;
    lport = nam->port;
    if (laddr != IN_ADDR_ANY && !in_ifaddr_local(inp->host, laddr))
      return -EADDRNOTAVAIL;
    if (lport && lport < IPPORT_RESERVED && !priv)
      return -EACCES;
    if (lport && in_pcblookup(inp->head, IN_ADDR_ANY, 0, laddr, lport, wild))
      return -EADDRINUSE;
  }
  if (!lport && !(lport = ephemeral(inp->head, laddr, wild)))
    return -EADDRINUSE;
  bool hashed = inp->hashed;  /* connected with no port: rekey */
  in_pcbhash_remove(inp);
  inp->laddr = laddr;
  inp->lport = lport;
  if (hashed)
    in_pcbhash_insert(inp);
  return 0;
}

/* The first interface with an address, 4.4BSD's in_ifaddr. */
static struct netif *primary_if(const struct host *h)
{
  for (guint i = 0; i < h->ifs->len; i++) {
    struct netif *ifp = g_ptr_array_index(h->ifs, i);
    if (ifp->in.set)
      return ifp;
  }
  return NULL;
}

/* The source address for datagrams to faddr, or 0: lo0's 127.0.0.1 for
 * the loopback network (4.4BSD routes 127/8 to lo0). */
static in_addr32 source_for(struct host *h, in_addr32 faddr)
{
  struct netif *ifp;
  in_addr32 hop;
  if (in_is_loopback(faddr))
    return IN_ADDR_LOOPBACK;
  if (ip_route(h, faddr, 0, &ifp, &hop) == 0 && ifp->in.set)
    return ifp->in.addr;
  ifp = primary_if(h);
  return ifp ? ifp->in.addr : 0;
}

int in_pcbconnect(struct inpcb *inp, const struct so_addr *nam)
{
  if (nam->family != AF_INET)
    return -EAFNOSUPPORT;
  if (nam->port == 0)
    return -EADDRNOTAVAIL;
  in_addr32 faddr = nam->addr;
  struct netif *prim = primary_if(inp->host);
  if (prim && faddr == IN_ADDR_ANY)
    faddr = prim->in.addr;
  else if (prim && in_is_limited_broadcast(faddr) &&
           prim->port->kind == MEDIUM_ETHERNET)
    faddr = prim->in.bcast;
  in_addr32 laddr = inp->laddr;
  if (laddr == IN_ADDR_ANY && !(laddr = source_for(inp->host, faddr)))
    return -EADDRNOTAVAIL;
  if (in_pcblookup(inp->head, faddr, nam->port, laddr, inp->lport, 0))
    return -EADDRINUSE;
  if (inp->laddr == IN_ADDR_ANY) {
    if (!inp->lport) {
      int err = in_pcbbind(inp, NULL, false, false);
      if (err)
        return err;
    }
    inp->laddr = laddr;
  }
  in_pcbhash_remove(inp);
  inp->faddr = faddr;
  inp->fport = nam->port;
  in_pcbhash_insert(inp);
  return 0;
}

void in_pcbdisconnect(struct inpcb *inp)
{
  in_pcbhash_remove(inp);
  inp->faddr = IN_ADDR_ANY;
  inp->fport = 0;
}

int in_ctlerrno(enum prc_cmd cmd)
{
  switch (cmd) {
  case PRC_MSGSIZE: return -EMSGSIZE;
  case PRC_HOSTDEAD: return -EHOSTDOWN;
  case PRC_UNREACH_NET:
  case PRC_UNREACH_HOST:
  case PRC_UNREACH_SRCFAIL: return -EHOSTUNREACH;
  case PRC_UNREACH_PROTOCOL:
  case PRC_UNREACH_PORT: return -ECONNREFUSED;
  case PRC_PARAMPROB: return -ENOPROTOOPT;
  default: return 0;
  }
}

void in_pcbnotify(struct inpcbhead *head, enum prc_cmd cmd,
                  const struct prc_info *info,
                  void (*notify)(struct inpcb *inp, int err))
{
  int err = in_ctlerrno(cmd);
  if (!err)
    return;
  for (GList *l = head->list, *next; l; l = next) {
    next = l->next;           /* notify may detach */
    struct inpcb *inp = l->data;
    if (inp->faddr != info->dst || (info->dport && inp->fport != info->dport)
        || (info->sport && inp->lport != info->sport) ||
        (info->src && inp->laddr != info->src))
      continue;
    notify(inp, err);
  }
}

int in_pcbctloutput(struct inpcb *inp, bool set, int level, int optname,
                    int *val)
{
  if (level != IPPROTO_IP || (optname != IP_TTL && optname != IP_TOS))
    return -ENOPROTOOPT;
  uint8_t *field = optname == IP_TTL ? &inp->ttl : &inp->tos;
  if (!set) {
    *val = optname == IP_TTL && !*field ? inp->host->inet->ttl : *field;
    return 0;
  }
  if (*val < 0 || *val > 255)
    return -EINVAL;
  *field = (uint8_t)*val;
  return 0;
}

void in_setsockaddr(const struct inpcb *inp, struct so_addr *nam)
{
  memset(nam, 0, sizeof *nam);
  nam->family = AF_INET;
  nam->addr = inp->laddr;
  nam->port = inp->lport;
}

void in_setpeeraddr(const struct inpcb *inp, struct so_addr *nam)
{
  memset(nam, 0, sizeof *nam);
  nam->family = AF_INET;
  nam->addr = inp->faddr;
  nam->port = inp->fport;
}
