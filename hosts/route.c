/* hosts/route.c: the routing table (see route.h). Entries are kept in
 * lookup order (longer prefixes first; for equal prefixes connected,
 * static, automatic, then insertion), so a lookup is the first entry that
 * matches. Tables are small (tens of entries): a sorted array is both the
 * simplest and, at this size, the fastest structure. */
#include "route.h"
#include "netif.h"

#include <errno.h>
#include <stdio.h>

struct rtable {
  GPtrArray *ents;            /* struct rtentry * (owned), lookup order */
};

struct rtable *rt_new(void)
{
  struct rtable *t = g_new0(struct rtable, 1);
  t->ents = g_ptr_array_new_with_free_func(g_free);
  return t;
}

void rt_free(struct rtable *t)
{
  if (!t)
    return;
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

static int kind_of(int flags)
{
  return flags & (RTF_CONNECTED | RTF_STATIC | RTF_AUTO);
}

/* Whether a goes before b in lookup order. */
static bool before(const struct rtentry *a, const struct rtentry *b)
{
  if (a->len != b->len)
    return a->len > b->len;
  return kind_rank(a->flags) < kind_rank(b->flags);
}

int rt_add(struct rtable *t, in_addr32 dst, int len, in_addr32 gateway,
           struct netif *ifp, int flags)
{
  bool noif = flags & (RTF_REJECT | RTF_BLACKHOLE);
  g_return_val_if_fail(len >= 0 && len <= 32 && (ifp || noif), -EINVAL);
  in_addr32 mask = in_netmask(len);
  dst &= mask;
  for (guint i = 0; i < t->ents->len; i++) {
    const struct rtentry *e = g_ptr_array_index(t->ents, i);
    if (e->dst == dst && e->len == len && kind_of(e->flags) == kind_of(flags))
      return -EEXIST;
  }
  struct rtentry *n = g_new0(struct rtentry, 1);
  n->dst = dst;
  n->len = len;
  n->mask = mask;
  n->gateway = gateway;
  n->ifp = ifp;
  n->flags = flags | (gateway ? RTF_GATEWAY : 0) | (len == 32 ? RTF_HOST : 0);
  guint at = 0;
  while (at < t->ents->len && !before(n, g_ptr_array_index(t->ents, at)))
    at++;
  g_ptr_array_insert(t->ents, (gint)at, n);
  return 0;
}

int rt_delete(struct rtable *t, in_addr32 dst, int len, int kind)
{
  dst &= in_netmask(len);
  for (guint i = 0; i < t->ents->len; i++) {
    const struct rtentry *e = g_ptr_array_index(t->ents, i);
    if (e->dst == dst && e->len == len && (e->flags & kind)) {
      g_ptr_array_remove_index(t->ents, i);
      return 0;
    }
  }
  return -ESRCH;
}

void rt_delete_all(struct rtable *t, int flags)
{
  for (guint i = t->ents->len; i-- > 0;) {
    const struct rtentry *e = g_ptr_array_index(t->ents, i);
    if ((e->flags & flags) == flags)
      g_ptr_array_remove_index(t->ents, i);
  }
}

struct rtentry *rt_lookup(struct rtable *t, in_addr32 dst)
{
  for (guint i = 0; i < t->ents->len; i++) {
    struct rtentry *e = g_ptr_array_index(t->ents, i);
    if ((dst & e->mask) == e->dst) {
      e->use++;
      return e;
    }
  }
  return NULL;
}

guint rt_count(const struct rtable *t)
{
  return t->ents->len;
}

const struct rtentry *rt_entry(const struct rtable *t, guint i)
{
  g_return_val_if_fail(i < t->ents->len, NULL);
  return g_ptr_array_index(t->ents, i);
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
