/* protocols/in_host.c: a host's internet state (ip_var.h struct inet):
 * creating and freeing it, interface addresses with their connected
 * routes, and the loopback path for datagrams a host sends itself
 * (4.4BSD's lo0 and the simplex copy of broadcasts). */
#include "arp.h"
#include "host.h"
#include "ip_var.h"
#include "netif.h"
#include "pbuf.h"
#include "route.h"
#include "tcp_var.h"

#include <errno.h>

struct in_loop {
  struct netif *ifp;          /* arrival interface, NULL for lo0 */
  struct pbuf *p;             /* the datagram */
};

void in_host_init(struct host *h)
{
  g_return_if_fail(h->inet == NULL);
  struct inet *in = g_new0(struct inet, 1);
  in->host = h;
  in->rt = rt_new();
  in->ttl = IP_TTL_DEFAULT;
  in->ip_id = 1;
  in->tcp_profile = TCP_PROFILE_RENO;   /* "4.4bsd", the default */
  g_queue_init(&in->loq);
  h->inet = in;
}

static void loop_free(void *x)
{
  struct in_loop *l = x;
  pbuf_free(l->p);
  g_free(l);
}

void in_host_free(struct host *h)
{
  struct inet *in = h->inet;
  if (!in)
    return;
  tcp_host_free(h);
  sched_cancel(h->sim->sched, in->lo_ev);
  g_queue_clear_full(&in->loq, loop_free);
  ip_reass_flush(h);
  rt_free(in->rt);
  g_free(in->ours);
  g_free(in);
  h->inet = NULL;
}

void in_host_reset(struct host *h)
{
  struct inet *in = h->inet;
  /* A crash loses every TCP control block, silently (host_down calls
   * this before the processes' descriptors close), those in TIME_WAIT
   * too: after the reboot the host answers their peers with RST. */
  tcp_host_free(h);
  sched_cancel(h->sim->sched, in->lo_ev);
  in->lo_ev = 0;
  g_queue_clear_full(&in->loq, loop_free);
  ip_reass_flush(h);
  for (guint i = 0; i < h->ifs->len; i++) {
    struct netif *ifp = g_ptr_array_index(h->ifs, i);
    arp_table_free(ifp->arp);
    ifp->arp = NULL;
  }
}

/* Appends a to in->ours. */
static void add_ours(struct inet *in, in_addr32 a)
{
  in->ours = g_renew(in_addr32, in->ours, in->n_ours + 1);
  in->ours[in->n_ours++] = a;
}

int in_ifaddr_set(struct netif *ifp, in_addr32 addr, int len)
{
  struct inet *in = ifp->host->inet;
  g_return_val_if_fail(in, -EINVAL);
  if (ifp->in.set)
    return -EEXIST;
  ifp->in.set = true;
  ifp->in.addr = addr;
  ifp->in.len = len;
  ifp->in.mask = in_netmask(len);
  ifp->in.bcast = in_broadcast(addr, ifp->in.mask);
  /* the forms in_ifbroadcast takes, but for the two every host takes */
  add_ours(in, addr);
  if (ifp->port->kind == MEDIUM_ETHERNET && ~ifp->in.mask >= 3) {
    add_ours(in, in_broadcast(addr, ifp->in.mask));
    add_ours(in, in_zero_broadcast(addr, ifp->in.mask));
  }
  return rt_add(in->rt, addr, len, 0, ifp, RTF_CONNECTED);
}

struct netif *in_ifaddr_find(const struct host *h, in_addr32 a)
{
  for (guint i = 0; i < h->ifs->len; i++) {
    struct netif *ifp = g_ptr_array_index(h->ifs, i);
    if (ifp->in.set && ifp->in.addr == a)
      return ifp;
  }
  return NULL;
}

bool in_ifaddr_local(const struct host *h, in_addr32 a)
{
  return a == IN_ADDR_LOOPBACK || in_ifaddr_find(h, a);
}

bool in_ifbroadcast(const struct netif *ifp, in_addr32 a)
{
  if (!ifp->in.set || ifp->port->kind != MEDIUM_ETHERNET)
    return false;
  return in_is_broadcast(a, ifp->in.addr, ifp->in.mask);
}

static void loop_drain(void *a, void *b)
{
  struct inet *in = a;
  in->lo_ev = 0;
  guint n = in->loq.length;   /* those queued now; new ones get a new event */
  while (n-- > 0) {
    struct in_loop *l = g_queue_pop_head(&in->loq);
    struct netif *ifp = l->ifp;
    struct pbuf *p = l->p;
    g_free(l);
    ip_input(in->host, ifp, p);
  }
}

void in_loop_input(struct host *h, struct netif *ifp, struct pbuf *p)
{
  struct inet *in = h->inet;
  struct in_loop *l = g_new(struct in_loop, 1);
  l->ifp = ifp;
  l->p = p;
  g_queue_push_tail(&in->loq, l);
  if (!in->lo_ev)
    in->lo_ev = sched_after(h->sim->sched, 0, loop_drain, in, NULL);
}
