/* protocols/route_auto.c: the routes a topology implies, computed once at run
 * start (route_auto.h). For each network that some interface is on, a
 * breadth-first search runs outward from the hosts attached to it, only
 * through gateways (hosts that forward): a host first reached through
 * gateway G on medium M routes that network via G's address on M. The
 * search visits hosts in creation order and interfaces in attach order,
 * so ties between equal-length paths always break the same way. Hosts
 * directly on a network keep their connected route. */
#include "route_auto.h"
#include "host.h"
#include "ip_var.h"
#include "netif.h"
#include "route.h"

#include <string.h>

/* Whether a and b sit on the same medium and both have an address. */
static bool same_medium(const struct netif *a, const struct netif *b)
{
  return a->in.set && b->in.set &&
         strcmp(a->port->medium_name, b->port->medium_name) == 0;
}

/* Whether h has an interface on net/len. */
static bool attached(const struct host *h, in_addr32 net, int len)
{
  for (guint i = 0; i < h->ifs->len; i++) {
    const struct netif *ifp = g_ptr_array_index(h->ifs, i);
    if (ifp->in.set && ifp->in.len == len &&
        (ifp->in.addr & in_netmask(len)) == net)
      return true;
  }
  return false;
}

/* Offers routes from gateway g to every unreached neighbour of g. */
static void expand(GPtrArray *hosts, struct host *g, in_addr32 net, int len,
                   GHashTable *reached, GQueue *todo)
{
  for (guint i = 0; i < g->ifs->len; i++) {
    struct netif *gi = g_ptr_array_index(g->ifs, i);
    for (guint j = 0; j < hosts->len; j++) {
      struct host *n = g_ptr_array_index(hosts, j);
      if (n == g || g_hash_table_contains(reached, n))
        continue;
      for (guint k = 0; k < n->ifs->len; k++) {
        struct netif *ni = g_ptr_array_index(n->ifs, k);
        if (!same_medium(gi, ni))
          continue;
        rt_add(n->inet->rt, net, len, gi->in.addr, ni, RTF_AUTO);
        g_hash_table_add(reached, n);
        g_queue_push_tail(todo, n);
        break;
      }
    }
  }
}

/* Routes toward one network for every host that can reach it. */
static void routes_to(GPtrArray *hosts, in_addr32 net, int len)
{
  GHashTable *reached = g_hash_table_new(g_direct_hash, g_direct_equal);
  GQueue todo = G_QUEUE_INIT;
  for (guint i = 0; i < hosts->len; i++) {
    struct host *h = g_ptr_array_index(hosts, i);
    if (attached(h, net, len)) {
      g_hash_table_add(reached, h);
      g_queue_push_tail(&todo, h);
    }
  }
  struct host *h;
  while ((h = g_queue_pop_head(&todo)))
    if (h->inet->forwarding)
      expand(hosts, h, net, len, reached, &todo);
  g_hash_table_destroy(reached);
}

void route_auto_compute(GPtrArray *hosts)
{
  GHashTable *done = g_hash_table_new_full(g_int64_hash, g_int64_equal,
                                           g_free, NULL);
  for (guint i = 0; i < hosts->len; i++) {
    struct host *h = g_ptr_array_index(hosts, i);
    rt_delete_all(h->inet->rt, RTF_AUTO);
  }
  for (guint i = 0; i < hosts->len; i++) {
    struct host *h = g_ptr_array_index(hosts, i);
    for (guint k = 0; k < h->ifs->len; k++) {
      const struct netif *ifp = g_ptr_array_index(h->ifs, k);
      if (!ifp->in.set)
        continue;
      in_addr32 net = ifp->in.addr & ifp->in.mask;
      gint64 key = (gint64)net << 6 | ifp->in.len;
      if (g_hash_table_contains(done, &key))
        continue;
      g_hash_table_add(done, g_memdup2(&key, sizeof key));
      routes_to(hosts, net, ifp->in.len);
    }
  }
  g_hash_table_destroy(done);
}
