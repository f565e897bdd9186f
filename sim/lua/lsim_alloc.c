/* sim/lua/lsim_alloc.c: the Lua state's allocator: counts the heap for
 * --max-memory and refuses past the cap, and keeps a few freed blocks of
 * 1 to 4 KB per size class for reuse (at most 1 MB in all). Those are the strings a stream read
 * returns (a segment's worth of bytes each, garbage soon after), which
 * glibc serves outside its quick per-thread cache; reusing them saves a
 * malloc and a free per read. Smaller blocks go to malloc directly (its
 * thread cache is as quick), and so does everything in sanitized builds,
 * so use after free is still caught. */
#include "lsim_internal.h"
#include "pool.h"

#include <stdlib.h>

#define CACHE_MIN 1024u   /* blocks of (CACHE_MIN, CACHE_MAX] bytes ... */
#define CACHE_MAX 4096u
#define CACHE_STEP 64u    /* ... in classes this wide, allocated at the
                           * class's top size */
#define CACHE_BYTES (1u << 20) /* most bytes kept in all: about what a
                                * collection frees in reads' strings */

G_STATIC_ASSERT(LSIM_ALLOC_CLASSES == (CACHE_MAX - CACHE_MIN) / CACHE_STEP);

/* The class of an n-byte block, or -1 when n is not cached. */
static int size_class(size_t n)
{
  if (n <= CACHE_MIN || n > CACHE_MAX)
    return -1;
  return (int)((n - CACHE_MIN - 1) / CACHE_STEP);
}

/* The bytes malloc gives a block of n bytes: its class's top size. */
static size_t capacity(size_t n)
{
  int c = size_class(n);
  return c < 0 ? n : CACHE_MIN + ((size_t)c + 1) * CACHE_STEP;
}

static void release(struct lsim_alloc *a, void *ptr, size_t osize)
{
  int c = size_class(osize);
  if (c < 0 || a->bytes + capacity(osize) > CACHE_BYTES || !pool_reuses()) {
    free(ptr);
    return;
  }
  *(void **)ptr = a->free[c];
  a->free[c] = ptr;
  a->bytes += capacity(osize);
}

static void *fresh(struct lsim_alloc *a, size_t nsize)
{
  int c = size_class(nsize);
  if (c >= 0 && a->free[c]) {
    void *p = a->free[c];
    a->free[c] = *(void **)p;
    a->bytes -= capacity(nsize);
    return p;
  }
  return malloc(capacity(nsize));
}

void *lsim_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
  struct lsim *rt = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    if (ptr)
      release(&rt->alloc, ptr, osize);
    rt->mem_used -= old;
    return NULL;
  }
  if (rt->opt.max_memory && rt->mem_armed && nsize > old &&
      rt->mem_used + (nsize - old) > rt->opt.max_memory) {
    rt->mem_hit = true;
    return NULL;
  }
  void *q;
  if (!ptr)
    q = fresh(&rt->alloc, nsize);
  else if (capacity(osize) == capacity(nsize) && size_class(nsize) >= 0)
    q = ptr;                    /* the same class: it fits already */
  else
    q = realloc(ptr, capacity(nsize));
  if (q)
    rt->mem_used = rt->mem_used - old + nsize;
  return q;
}

void lsim_alloc_drain(struct lsim *rt)
{
  for (int c = 0; c < LSIM_ALLOC_CLASSES; c++)
    while (rt->alloc.free[c]) {
      void *p = rt->alloc.free[c];
      rt->alloc.free[c] = *(void **)p;
      free(p);
    }
  rt->alloc = (struct lsim_alloc){ 0 };
}
