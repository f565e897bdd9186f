/* sim/engine/pool.h: free lists of fixed-size objects, owned by whoever
 * owns the pool (a run, a link, a socket buffer), so the packet path does
 * not call the allocator once the run is warm.
 *
 * Rules:
 *  - pool_get() hands out an object of the pool's size, uninitialised;
 *    pool_put() takes it back onto the free list (LIFO, so a run's reuse
 *    order is deterministic). Objects come from g_malloc one at a time,
 *    so each can be freed on its own (pool_drain, or a closed pbuf pool).
 *  - pool_drain() frees the free list; objects still out are the holder's.
 *  - In sanitized builds (ASan) there is no free list: get is g_malloc and
 *    put is g_free, so use after free is still caught. */
#ifndef IPCSIM_POOL_H
#define IPCSIM_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pool_item;

struct pool {
  size_t size;                 /* object size in bytes */
  struct pool_item *free;      /* free objects, last put first */
  uint64_t gets;               /* objects handed out, for tests */
  uint64_t mallocs;            /* ... of which newly allocated */
};

/* An empty pool of objects of `size` bytes (>= sizeof(void *)). */
void pool_init(struct pool *pl, size_t size);

/* An object of the pool's size, uninitialised. Never returns NULL. */
void *pool_get(struct pool *pl);

/* Gives obj back to the pool. NULL is ok. */
void pool_put(struct pool *pl, void *obj);

/* Frees every object on the free list. The pool stays usable. */
void pool_drain(struct pool *pl);

/* Whether put objects are reused (false in sanitized builds). */
bool pool_reuses(void);

#endif
