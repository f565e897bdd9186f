/* protocols/route_auto.c: the routes a topology implies, computed once at run
 * start (route_auto.h). For each network that some interface is on, a
 * breadth-first search runs outward from the hosts attached to it, only
 * through gateways (hosts that forward): a host first reached through
 * gateway G on medium M routes that network via G's address on M. The
 * search visits hosts in creation order and interfaces in attach order,
 * so ties between equal-length paths always break the same way. Hosts
 * directly on a network keep their connected route.
 * The search walks gateways and media only: the first gateway interface
 * to expand a medium reaches every host on it, so a host's route follows
 * from which of its media was expanded first. Hosts with the same
 * interfaces (media, networks, positions) get the same routes: they form
 * a class, computed once and shared as one route group (route_group.h).
 * Cost: networks x (gateways + classes), not networks x hosts^2. */
#include "route_auto.h"
#include "host.h"
#include "ip_var.h"
#include "netif.h"
#include "route.h"
#include "route_group.h"

#include <string.h>

struct cif {                  /* one addressed interface of a class */
  guint ifindex;              /* position in the host's ifs */
  guint medium;               /* index into media */
  in_addr32 net;              /* its network (addr & mask) */
  int len;                    /* its prefix length */
};

struct hclass {
  GArray *cifs;               /* struct cif, in attach order */
  struct rtgroup *grp;        /* the routes being built */
};

struct medium {
  GArray *gws;                /* guint host indices of the gateways on it */
  guint gen;                  /* the search that expanded it (target + 1) */
  guint seq;                  /* when, in that search */
  in_addr32 via;              /* the expanding interface's address */
};

struct target {
  in_addr32 net;              /* network number */
  int len;                    /* prefix length */
  GArray *gws;                /* guint: gateways attached, creation order */
};

struct world {
  GPtrArray *hosts;           /* struct host *, creation order */
  GArray *media;              /* struct medium */
  GArray *targets;            /* struct target, first-seen order */
  GPtrArray *classes;         /* struct hclass * */
  guint *cls;                 /* class of each host */
  guint *reached;             /* search that reached each gateway */
};

/* The index of the medium called name, added if new. */
static guint medium_id(struct world *w, GHashTable *ids, const char *name)
{
  gpointer v;
  if (g_hash_table_lookup_extended(ids, name, NULL, &v))
    return GPOINTER_TO_UINT(v);
  struct medium m = { .gws = g_array_new(FALSE, FALSE, sizeof(guint)) };
  g_array_append_val(w->media, m);
  g_hash_table_insert(ids, (void *)name, GUINT_TO_POINTER(w->media->len - 1));
  return w->media->len - 1;
}

/* The index of target net/len, added if new. */
static guint target_id(struct world *w, GHashTable *ids, in_addr32 net,
                       int len)
{
  gint64 key = (gint64)net << 6 | len;
  guint *v = g_hash_table_lookup(ids, &key);
  if (v)
    return *v;
  struct target t = { net, len, g_array_new(FALSE, FALSE, sizeof(guint)) };
  g_array_append_val(w->targets, t);
  v = g_new(guint, 1);
  *v = w->targets->len - 1;
  g_hash_table_insert(ids, g_memdup2(&key, sizeof key), v);
  return *v;
}

/* Appends x to a unless it is already a's last element. */
static void append_once(GArray *a, guint x)
{
  if (a->len == 0 || g_array_index(a, guint, a->len - 1) != x)
    g_array_append_val(a, x);
}

/* Host hi's addressed interfaces: its class's key, and, the first time,
 * the media and targets they name. */
static GArray *host_cifs(struct world *w, guint hi, GHashTable *mids,
                         GHashTable *tids)
{
  struct host *h = g_ptr_array_index(w->hosts, hi);
  GArray *cifs = g_array_new(FALSE, TRUE, sizeof(struct cif));
  for (guint k = 0; k < h->ifs->len; k++) {
    const struct netif *ifp = g_ptr_array_index(h->ifs, k);
    if (!ifp->in.set)
      continue;
    struct cif c = { k, medium_id(w, mids, ifp->port->medium_name),
                     ifp->in.addr & ifp->in.mask, ifp->in.len };
    g_array_append_val(cifs, c);
    guint t = target_id(w, tids, c.net, c.len);
    if (h->inet->forwarding) {
      append_once(g_array_index(w->targets, struct target, t).gws, hi);
      append_once(g_array_index(w->media, struct medium, c.medium).gws, hi);
    }
  }
  return cifs;
}

/* Sorts every host into its class, and finds the media and targets. */
static void classify(struct world *w)
{
  GHashTable *mids = g_hash_table_new(g_str_hash, g_str_equal);
  GHashTable *tids = g_hash_table_new_full(g_int64_hash, g_int64_equal,
                                           g_free, g_free);
  GHashTable *keys = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
                                           (GDestroyNotify)g_bytes_unref,
                                           NULL);
  for (guint hi = 0; hi < w->hosts->len; hi++) {
    GArray *cifs = host_cifs(w, hi, mids, tids);
    GBytes *key = g_bytes_new(cifs->data, cifs->len * sizeof(struct cif));
    gpointer v;
    if (g_hash_table_lookup_extended(keys, key, NULL, &v)) {
      g_bytes_unref(key);
      g_array_free(cifs, TRUE);
    } else {
      struct hclass *c = g_new0(struct hclass, 1);
      c->cifs = cifs;
      g_ptr_array_add(w->classes, c);
      v = GUINT_TO_POINTER(w->classes->len - 1);
      g_hash_table_insert(keys, key, v);
    }
    w->cls[hi] = GPOINTER_TO_UINT(v);
  }
  g_hash_table_destroy(keys);
  g_hash_table_destroy(tids);
  g_hash_table_destroy(mids);
}

/* The search toward target ti over gateways: marks each medium with the
 * gateway interface that expands it first, and when. */
static void search(struct world *w, guint ti)
{
  guint gen = ti + 1, seq = 0;
  const struct target *t = &g_array_index(w->targets, struct target, ti);
  GQueue todo = G_QUEUE_INIT;
  for (guint i = 0; i < t->gws->len; i++) {
    guint g = g_array_index(t->gws, guint, i);
    w->reached[g] = gen;
    g_queue_push_tail(&todo, GUINT_TO_POINTER(g));
  }
  while (!g_queue_is_empty(&todo)) {
    guint g = GPOINTER_TO_UINT(g_queue_pop_head(&todo));
    struct host *h = g_ptr_array_index(w->hosts, g);
    const GArray *cifs = ((struct hclass *)g_ptr_array_index(
                            w->classes, w->cls[g]))->cifs;
    for (guint k = 0; k < cifs->len; k++) {
      const struct cif *c = &g_array_index(cifs, struct cif, k);
      struct medium *m = &g_array_index(w->media, struct medium, c->medium);
      if (m->gen == gen)
        continue;
      const struct netif *gi = g_ptr_array_index(h->ifs, c->ifindex);
      *m = (struct medium){ m->gws, gen, ++seq, gi->in.addr };
      for (guint j = 0; j < m->gws->len; j++) {
        guint n = g_array_index(m->gws, guint, j);
        if (w->reached[n] != gen) {
          w->reached[n] = gen;
          g_queue_push_tail(&todo, GUINT_TO_POINTER(n));
        }
      }
    }
  }
}

/* Adds class c's route toward target ti, after search(ti): none if c is
 * on that network, else via its first-expanded medium. */
static void class_route(struct world *w, struct hclass *c, guint ti)
{
  const struct target *t = &g_array_index(w->targets, struct target, ti);
  const struct cif *best = NULL;
  const struct medium *bm = NULL;
  for (guint k = 0; k < c->cifs->len; k++) {
    const struct cif *x = &g_array_index(c->cifs, struct cif, k);
    if (x->net == t->net && x->len == t->len)
      return;
    const struct medium *m = &g_array_index(w->media, struct medium,
                                            x->medium);
    if (m->gen == ti + 1 && (!bm || m->seq < bm->seq))
      best = x, bm = m;
  }
  if (best)
    rt_group_add(c->grp, t->net, t->len, bm->via, best->ifindex);
}

static void world_free(struct world *w)
{
  for (guint i = 0; i < w->media->len; i++)
    g_array_free(g_array_index(w->media, struct medium, i).gws, TRUE);
  for (guint i = 0; i < w->targets->len; i++)
    g_array_free(g_array_index(w->targets, struct target, i).gws, TRUE);
  for (guint i = 0; i < w->classes->len; i++) {
    struct hclass *c = g_ptr_array_index(w->classes, i);
    rt_group_unref(c->grp);
    g_array_free(c->cifs, TRUE);
    g_free(c);
  }
  g_array_free(w->media, TRUE);
  g_array_free(w->targets, TRUE);
  g_ptr_array_free(w->classes, TRUE);
  g_free(w->cls);
  g_free(w->reached);
}

void route_auto_compute(GPtrArray *hosts)
{
  struct world w = {
    .hosts = hosts,
    .media = g_array_new(FALSE, FALSE, sizeof(struct medium)),
    .targets = g_array_new(FALSE, FALSE, sizeof(struct target)),
    .classes = g_ptr_array_new(),
    .cls = g_new0(guint, hosts->len),
    .reached = g_new0(guint, hosts->len),
  };
  for (guint i = 0; i < hosts->len; i++) {
    struct host *h = g_ptr_array_index(hosts, i);
    rt_delete_all(h->inet->rt, RTF_AUTO);
  }
  classify(&w);
  for (guint i = 0; i < w.classes->len; i++)
    ((struct hclass *)g_ptr_array_index(w.classes, i))->grp = rt_group_new();
  for (guint ti = 0; ti < w.targets->len; ti++) {
    search(&w, ti);
    for (guint i = 0; i < w.classes->len; i++)
      class_route(&w, g_ptr_array_index(w.classes, i), ti);
  }
  for (guint i = 0; i < hosts->len; i++) {
    struct host *h = g_ptr_array_index(hosts, i);
    struct hclass *c = g_ptr_array_index(w.classes, w.cls[i]);
    if (rt_group_count(c->grp))
      rt_set_group(h->inet->rt, c->grp, h->ifs);
  }
  world_free(&w);
}
