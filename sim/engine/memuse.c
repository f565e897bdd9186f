/* sim/engine/memuse.c: the process's heap in use (memuse.h). */
#include "memuse.h"

#include <stdlib.h>             /* defines __GLIBC__ on glibc */

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEMUSE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define MEMUSE_ASAN 1
#endif

#if defined(MEMUSE_ASAN)
/* The sanitizer runtime's own count (sanitizer/allocator_interface.h,
 * which gcc does not ship: declared here). */
size_t __sanitizer_get_current_allocated_bytes(void);

size_t memuse_heap(void)
{
  return __sanitizer_get_current_allocated_bytes();
}

bool memuse_available(void)
{
  return true;
}
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
#include <malloc.h>

size_t memuse_heap(void)
{
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;   /* in use in arenas, and mapped blocks */
}

bool memuse_available(void)
{
  return true;
}
#else
size_t memuse_heap(void)
{
  return 0;
}

bool memuse_available(void)
{
  return false;
}
#endif
