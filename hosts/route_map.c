/* hosts/route_map.c: per-prefix-length hashes for longest-prefix match
 * (route_map.h). */
#include "route_map.h"

void rtmap_clear(struct rtmap *m)
{
  for (int l = 0; l <= 32; l++)
    if (m->by_len[l])
      g_hash_table_destroy(m->by_len[l]);
  *m = (struct rtmap){ 0 };
}

void *rtmap_get(const struct rtmap *m, in_addr32 dst, int len)
{
  if (!(m->lens >> len & 1))
    return NULL;
  return g_hash_table_lookup(m->by_len[len], GUINT_TO_POINTER(dst));
}

void rtmap_put(struct rtmap *m, in_addr32 dst, int len, void *v)
{
  g_return_if_fail(len >= 0 && len <= 32);
  GHashTable **h = &m->by_len[len];
  if (!v) {
    if (*h && g_hash_table_remove(*h, GUINT_TO_POINTER(dst)) &&
        g_hash_table_size(*h) == 0)
      m->lens &= ~((uint64_t)1 << len);
    return;
  }
  if (!*h)
    *h = g_hash_table_new(g_direct_hash, g_direct_equal);
  g_hash_table_insert(*h, GUINT_TO_POINTER(dst), v);
  m->lens |= (uint64_t)1 << len;
}

void *rtmap_match(const struct rtmap *m, in_addr32 a, int max_len, int *len)
{
  uint64_t lens = m->lens & (((uint64_t)2 << max_len) - 1);
  while (lens) {
    int l = 63 - __builtin_clzll(lens);
    void *v = g_hash_table_lookup(m->by_len[l],
                                  GUINT_TO_POINTER(a & in_netmask(l)));
    if (v) {
      *len = l;
      return v;
    }
    lens &= ~((uint64_t)1 << l);
  }
  return NULL;
}
