/* sim/engine/pool.c: free lists of fixed-size objects (rules in pool.h).
 * A free object holds the link to the next one in its first word. */
#include "pool.h"

#include <glib.h>

#if defined(__SANITIZE_ADDRESS__)
#define POOL_BYPASS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_BYPASS 1
#endif
#endif
#ifndef POOL_BYPASS
#define POOL_BYPASS 0
#endif

struct pool_item {
  struct pool_item *next;      /* next free object */
};

void pool_init(struct pool *pl, size_t size)
{
  g_return_if_fail(size >= sizeof(struct pool_item));
  *pl = (struct pool){ .size = size };
}

void *pool_get(struct pool *pl)
{
  pl->gets++;
  struct pool_item *it = pl->free;
  if (it) {
    pl->free = it->next;
    return it;
  }
  pl->mallocs++;
  return g_malloc(pl->size);
}

void pool_put(struct pool *pl, void *obj)
{
  if (!obj)
    return;
  if (POOL_BYPASS) {
    g_free(obj);
    return;
  }
  struct pool_item *it = obj;
  it->next = pl->free;
  pl->free = it;
}

bool pool_reuses(void)
{
  return !POOL_BYPASS;
}

void pool_drain(struct pool *pl)
{
  while (pl->free) {
    struct pool_item *it = pl->free;
    pl->free = it->next;
    g_free(it);
  }
}
