/* hosts/netdb_index.c: the hosts database's hash index (netdb_index.h):
 * two GHashTables, case-folded name -> struct owners, and address ->
 * struct owners. An entry's names are recorded together, one after the
 * other, so "the same entry again" is the last entry recorded for the key. */
#include "netdb_index.h"

struct owners {
  uint64_t first;             /* lowest numbered entry with the key */
  uint64_t last;              /* entry recorded last (to count once) */
  guint count;                /* distinct entries with the key */
};

struct netdb_index {
  GHashTable *names;          /* char * (folded, owned) -> struct owners * */
  GHashTable *addrs;          /* GUINT_TO_POINTER(addr) -> struct owners * */
};

struct netdb_index *netdb_index_new(void)
{
  struct netdb_index *ix = g_new0(struct netdb_index, 1);
  ix->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  ix->addrs = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                    g_free);
  return ix;
}

void netdb_index_free(struct netdb_index *ix)
{
  if (!ix)
    return;
  g_hash_table_destroy(ix->names);
  g_hash_table_destroy(ix->addrs);
  g_free(ix);
}

void netdb_index_clear(struct netdb_index *ix)
{
  g_hash_table_remove_all(ix->names);
  g_hash_table_remove_all(ix->addrs);
}

/* Counts entry among o's owners. */
static void own(struct owners *o, uint64_t entry)
{
  if (o->count && o->last == entry)
    return;
  if (!o->count || entry < o->first)
    o->first = entry;
  o->last = entry;
  o->count++;
}

void netdb_index_add_name(struct netdb_index *ix, const char *name,
                          uint64_t entry)
{
  char *key = g_ascii_strdown(name, -1);
  struct owners *o = g_hash_table_lookup(ix->names, key);
  if (!o) {
    o = g_new0(struct owners, 1);
    g_hash_table_insert(ix->names, key, o);
  } else {
    g_free(key);
  }
  own(o, entry);
}

guint netdb_index_name(const struct netdb_index *ix, const char *name,
                       uint64_t *first)
{
  char *key = g_ascii_strdown(name, -1);
  const struct owners *o = g_hash_table_lookup(ix->names, key);
  g_free(key);
  if (o)
    *first = o->first;
  return o ? o->count : 0;
}

void netdb_index_add_addr(struct netdb_index *ix, in_addr32 a,
                          uint64_t entry)
{
  void *key = GUINT_TO_POINTER(a);
  struct owners *o = g_hash_table_lookup(ix->addrs, key);
  if (!o) {
    o = g_new0(struct owners, 1);
    g_hash_table_insert(ix->addrs, key, o);
  }
  own(o, entry);
}

bool netdb_index_addr(const struct netdb_index *ix, in_addr32 a,
                      uint64_t *first)
{
  const struct owners *o = g_hash_table_lookup(ix->addrs, GUINT_TO_POINTER(a));
  if (o)
    *first = o->first;
  return o != NULL;
}
