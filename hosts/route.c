/* hosts/route.c: the routing table (see route.h). A table holds its own
 * entries (connected, static, and automatic ones added one by one) in
 * lookup order (longer prefixes first; for equal prefixes connected,
 * static, automatic, then insertion), and may share a group of automatic
 * entries with other hosts (route_group.c): hosts on one network with
 * the same routes share one group. Lookups go through per-length hashes
 * (route_map.c), never a scan; the lists keep the order for listing.
 * A small cache keyed by destination sits in front of the hashes (what a
 * 4.4BSD PCB's cached route and ipforward_rt save); any change to the
 * table empties it, so a lookup answers exactly as the hashes would. */
#include "route.h"
#include "route_group.h"
#include "netif.h"

#include <errno.h>
#include <stdio.h>

/* The own entries of one prefix, by kind (connected, static, auto). */
struct rtslot {
  struct rtentry *kind[3];    /* NULL where there is none */
};

#define RT_CACHE 8            /* cache slots (a power of two) */

/* One remembered answer: own entry, or group entry gi, or no route. */
struct rtcache {
  bool valid;
  in_addr32 dst;
  struct rtentry *own;        /* the own entry found, or NULL */
  int gi;                     /* else the group entry, or -1: no route */
  struct rtentry hit;         /* group entry gi as returned (gi >= 0) */
};

struct rtable {
  struct rtcache cache[RT_CACHE];
  GPtrArray *ents;            /* struct rtentry * (owned), lookup order */
  struct rtmap map;           /* dst/len -> struct rtslot * (owned) */
  struct rtgroup *grp;        /* shared automatic entries, or NULL */
  const GPtrArray *ifs;       /* the host's interfaces (grp's ifindex) */
  uint64_t *grp_use;          /* uses of each grp entry, or NULL */
  struct rtentry hit;         /* a grp entry as returned to the caller */
};

struct rtable *rt_new(void)
{
  struct rtable *t = g_new0(struct rtable, 1);
  t->ents = g_ptr_array_new_with_free_func(g_free);
  return t;
}

/* Forgets every cached answer (after any change to the table). */
static void flush(struct rtable *t)
{
  for (int i = 0; i < RT_CACHE; i++)
    t->cache[i].valid = false;
}

static void drop_slot(void *key, void *slot, void *data)
{
  (void)key, (void)data;
  g_free(slot);
}

static void drop_group(struct rtable *t)
{
  flush(t);
  rt_group_unref(t->grp);
  t->grp = NULL;
  g_clear_pointer(&t->grp_use, g_free);
}

void rt_free(struct rtable *t)
{
  if (!t)
    return;
  for (int l = 0; l <= 32; l++)
    if (t->map.by_len[l])
      g_hash_table_foreach(t->map.by_len[l], drop_slot, NULL);
  rtmap_clear(&t->map);
  drop_group(t);
  g_ptr_array_free(t->ents, TRUE);
  g_free(t);
}

/* Rank of an entry's kind among equal prefixes: lower wins. */
static int kind_rank(int flags)
{
  if (flags & RTF_CONNECTED)
    return 0;
  if (flags & RTF_STATIC)
    return 1;
  return 2;
}

/* Whether a goes before b in lookup order. */
static bool before(const struct rtentry *a, const struct rtentry *b)
{
  if (a->len != b->len)
    return a->len > b->len;
  return kind_rank(a->flags) < kind_rank(b->flags);
}

static struct rtslot *slot_at(struct rtable *t, in_addr32 dst, int len)
{
  struct rtslot *s = rtmap_get(&t->map, dst, len);
  if (!s) {
    s = g_new0(struct rtslot, 1);
    rtmap_put(&t->map, dst, len, s);
  }
  return s;
}

int rt_add(struct rtable *t, in_addr32 dst, int len, in_addr32 gateway,
           struct netif *ifp, int flags)
{
  bool noif = flags & (RTF_REJECT | RTF_BLACKHOLE);
  g_return_val_if_fail(len >= 0 && len <= 32 && (ifp || noif), -EINVAL);
  in_addr32 mask = in_netmask(len);
  dst &= mask;
  int rank = kind_rank(flags);
  struct rtslot *old = rtmap_get(&t->map, dst, len);
  if ((old && old->kind[rank]) ||
      (rank == 2 && t->grp && rt_group_find(t->grp, dst, len) >= 0))
    return -EEXIST;
  struct rtslot *s = slot_at(t, dst, len);
  struct rtentry *n = g_new0(struct rtentry, 1);
  n->dst = dst;
  n->len = len;
  n->mask = mask;
  n->gateway = gateway;
  n->ifp = ifp;
  n->flags = flags | (gateway ? RTF_GATEWAY : 0) | (len == 32 ? RTF_HOST : 0);
  s->kind[rank] = n;
  flush(t);
  guint at = 0;
  while (at < t->ents->len && !before(n, g_ptr_array_index(t->ents, at)))
    at++;
  g_ptr_array_insert(t->ents, (gint)at, n);
  return 0;
}

/* Removes own entry e (from the list and its slot) and frees it. */
static void remove_own(struct rtable *t, struct rtentry *e)
{
  struct rtslot *s = rtmap_get(&t->map, e->dst, e->len);
  flush(t);
  s->kind[kind_rank(e->flags)] = NULL;
  if (!s->kind[0] && !s->kind[1] && !s->kind[2]) {
    rtmap_put(&t->map, e->dst, e->len, NULL);
    g_free(s);
  }
  g_ptr_array_remove(t->ents, e);
}

/* Turns the shared group into own entries, in the same order (before a
 * change that touches one of them alone). */
static void unshare(struct rtable *t)
{
  struct rtgroup *g = t->grp;
  if (!g)
    return;
  t->grp = NULL;
  flush(t);
  for (guint i = 0; i < rt_group_count(g); i++) {
    const struct rtgent *e = rt_group_entry(g, i);
    rt_add(t, e->dst, e->len, e->gateway,
           g_ptr_array_index(t->ifs, e->ifindex), RTF_AUTO);
  }
  rt_group_unref(g);
  g_clear_pointer(&t->grp_use, g_free);
}

int rt_delete(struct rtable *t, in_addr32 dst, int len, int kind)
{
  dst &= in_netmask(len);
  if ((kind & RTF_AUTO) && t->grp && rt_group_find(t->grp, dst, len) >= 0)
    unshare(t);
  struct rtslot *s = rtmap_get(&t->map, dst, len);
  for (int r = 0; s && r < 3; r++)
    if (s->kind[r] && (s->kind[r]->flags & kind)) {
      remove_own(t, s->kind[r]);
      return 0;
    }
  return -ESRCH;
}

void rt_delete_all(struct rtable *t, int flags)
{
  if (t->grp && (flags & ~(RTF_AUTO | RTF_GATEWAY | RTF_HOST)) == 0) {
    if ((flags & RTF_AUTO) && !(flags & (RTF_GATEWAY | RTF_HOST)))
      drop_group(t);
    else
      unshare(t);
  }
  for (guint i = t->ents->len; i-- > 0;) {
    struct rtentry *e = g_ptr_array_index(t->ents, i);
    if ((e->flags & flags) == flags)
      remove_own(t, e);
  }
}

/* Group entry i as an rtentry in t->hit (valid until the next call). */
static struct rtentry *group_hit(struct rtable *t, guint i)
{
  const struct rtgent *g = rt_group_entry(t->grp, i);
  t->hit = (struct rtentry){
    .dst = g->dst, .len = g->len, .mask = in_netmask(g->len),
    .gateway = g->gateway, .ifp = g_ptr_array_index(t->ifs, g->ifindex),
    .flags = g->flags, .use = t->grp_use ? t->grp_use[i] : 0,
  };
  return &t->hit;
}

/* The answer of the hashes for dst: own entry *own, or group entry *gi
 * (-1 and *own NULL: no route). */
static void match(struct rtable *t, in_addr32 dst, struct rtentry **own,
                  int *gi)
{
  int len = -1, glen = -1;
  struct rtslot *s = rtmap_match(&t->map, dst, 32, &len);
  *gi = t->grp ? rt_group_match(t->grp, dst, &glen) : -1;
  *own = NULL;
  if (s && len >= glen)
    *own = s->kind[0] ? s->kind[0] : s->kind[1] ? s->kind[1] : s->kind[2];
}

/* Group entry c->gi's use counted in c->hit, which is returned. */
static inline struct rtentry *group_use(struct rtable *t, struct rtcache *c)
{
  c->hit.use = ++t->grp_use[c->gi];
  return &c->hit;
}

/* group_use, the counters made first (they are made on first use). */
static G_GNUC_NO_INLINE struct rtentry *first_group_use(struct rtable *t,
                                                        struct rtcache *c)
{
  t->grp_use = g_new0(uint64_t, rt_group_count(t->grp));
  return group_use(t, c);
}

/* The answer of cache slot c, its use counted. Calls only in tail
 * position, so that rt_lookup's hit costs no frame. */
static inline struct rtentry *answer(struct rtable *t, struct rtcache *c)
{
  if (c->own) {
    c->own->use++;
    return c->own;
  }
  if (c->gi < 0)
    return NULL;
  if (G_UNLIKELY(!t->grp_use))
    return first_group_use(t, c);
  return group_use(t, c);
}

/* rt_lookup when slot c does not hold dst: fills it from the hashes. */
static G_GNUC_NO_INLINE struct rtentry *miss(struct rtable *t,
                                             struct rtcache *c,
                                             in_addr32 dst)
{
  match(t, dst, &c->own, &c->gi);
  if (!c->own && c->gi >= 0)
    c->hit = *group_hit(t, (guint)c->gi);
  c->dst = dst;
  c->valid = true;
  return answer(t, c);
}

/* A leaf but for the miss (a tail call), so a hit costs no frame; not
 * inlined, which would give its caller the miss's frame. */
G_GNUC_NO_INLINE struct rtentry *rt_lookup(struct rtable *t, in_addr32 dst)
{
  struct rtcache *c = &t->cache[(dst ^ dst >> 8 ^ dst >> 16) & (RT_CACHE - 1)];
  if (G_UNLIKELY(!c->valid || c->dst != dst))
    return miss(t, c, dst);
  return answer(t, c);
}

void rt_set_group(struct rtable *t, struct rtgroup *g, const GPtrArray *ifs)
{
  drop_group(t);              /* flushes the cache */
  if (!g)
    return;
  rt_group_seal(g);
  t->grp = rt_group_ref(g);
  t->ifs = ifs;
}

guint rt_count(const struct rtable *t)
{
  return t->ents->len + (t->grp ? rt_group_count(t->grp) : 0);
}

const struct rtentry *rt_entry(const struct rtable *t, guint i)
{
  g_return_val_if_fail(i < rt_count(t), NULL);
  guint own = 0, grp = 0, ng = t->grp ? rt_group_count(t->grp) : 0;
  for (;;) {             /* merge: own before group at the same length */
    const struct rtentry *e = own < t->ents->len
                                ? g_ptr_array_index(t->ents, own) : NULL;
    const struct rtgent *g = grp < ng ? rt_group_entry(t->grp, grp) : NULL;
    bool take_own = e && (!g || e->len >= g->len);
    if (i-- == 0)
      return take_own ? e : group_hit((struct rtable *)t, grp);
    take_own ? own++ : grp++;
  }
}

void rt_format(const struct rtentry *e, char *buf, size_t n)
{
  char d[IN_CIDR_STRLEN], g[IN_ADDR_STRLEN];
  const char *kind = (e->flags & RTF_CONNECTED) ? "connected"
                     : (e->flags & RTF_STATIC) ? "static" : "auto";
  if (e->flags & (RTF_REJECT | RTF_BLACKHOLE))
    snprintf(buf, n, "%s %s %s", in_format_cidr(e->dst, e->len, d),
             (e->flags & RTF_REJECT) ? "reject" : "blackhole", kind);
  else if (e->flags & RTF_GATEWAY)
    snprintf(buf, n, "%s via %s %s %s", in_format_cidr(e->dst, e->len, d),
             in_format(e->gateway, g), e->ifp->name, kind);
  else
    snprintf(buf, n, "%s %s %s", in_format_cidr(e->dst, e->len, d),
             e->ifp->name, kind);
}
