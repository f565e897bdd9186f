/* hosts/route_group.c: shared groups of automatic routes
 * (route_group.h): an array of entries and a route_map from each prefix
 * to its position plus one. */
#include "route_group.h"
#include "route.h"

#include <errno.h>
#include <stdlib.h>

struct rtgroup {
  int refs;                   /* references (tables, the builder) */
  bool sealed;                /* in lookup order, map rebuilt */
  GArray *ents;               /* struct rtgent */
  struct rtmap map;           /* dst/len -> GUINT_TO_POINTER(index + 1) */
};

struct rtgroup *rt_group_new(void)
{
  struct rtgroup *g = g_new0(struct rtgroup, 1);
  g->refs = 1;
  g->ents = g_array_new(FALSE, FALSE, sizeof(struct rtgent));
  return g;
}

struct rtgroup *rt_group_ref(struct rtgroup *g)
{
  g->refs++;
  return g;
}

void rt_group_unref(struct rtgroup *g)
{
  if (!g || --g->refs > 0)
    return;
  rtmap_clear(&g->map);
  g_array_free(g->ents, TRUE);
  g_free(g);
}

int rt_group_add(struct rtgroup *g, in_addr32 dst, int len,
                 in_addr32 gateway, guint ifindex)
{
  g_return_val_if_fail(!g->sealed && len >= 0 && len <= 32, -EINVAL);
  dst &= in_netmask(len);
  if (rtmap_get(&g->map, dst, len))
    return -EEXIST;
  struct rtgent e = {
    .dst = dst, .len = len, .gateway = gateway, .ifindex = ifindex,
    .flags = RTF_AUTO | (gateway ? RTF_GATEWAY : 0) |
             (len == 32 ? RTF_HOST : 0),
  };
  g_array_append_val(g->ents, e);
  rtmap_put(&g->map, dst, len, GUINT_TO_POINTER(g->ents->len));
  return 0;
}

/* Longer prefixes first; equal lengths keep the order added (the map
 * holds that order, as position + 1, until the group is sealed). */
static int by_len(const void *a, const void *b, void *data)
{
  const struct rtgent *x = a, *y = b;
  if (x->len != y->len)
    return y->len - x->len;
  const struct rtmap *m = data;
  guint ix = GPOINTER_TO_UINT(rtmap_get(m, x->dst, x->len));
  guint iy = GPOINTER_TO_UINT(rtmap_get(m, y->dst, y->len));
  return ix < iy ? -1 : ix > iy;
}

void rt_group_seal(struct rtgroup *g)
{
  if (g->sealed)
    return;
  g_array_sort_with_data(g->ents, by_len, &g->map);
  for (guint i = 0; i < g->ents->len; i++) {
    const struct rtgent *e = &g_array_index(g->ents, struct rtgent, i);
    rtmap_put(&g->map, e->dst, e->len, GUINT_TO_POINTER(i + 1));
  }
  g->sealed = true;
}

guint rt_group_count(const struct rtgroup *g)
{
  return g->ents->len;
}

const struct rtgent *rt_group_entry(const struct rtgroup *g, guint i)
{
  g_return_val_if_fail(g->sealed && i < g->ents->len, NULL);
  return &g_array_index(g->ents, struct rtgent, i);
}

int rt_group_find(const struct rtgroup *g, in_addr32 dst, int len)
{
  return (int)GPOINTER_TO_UINT(rtmap_get(&g->map, dst & in_netmask(len),
                                         len)) - 1;
}

int rt_group_match(const struct rtgroup *g, in_addr32 a, int *len)
{
  g_return_val_if_fail(g->sealed, -1);
  return (int)GPOINTER_TO_UINT(rtmap_match(&g->map, a, 32, len)) - 1;
}
