/* sim/engine/memuse.c: the process's heap in use (memuse.h). */
#include "memuse.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>             /* defines __GLIBC__ on glibc */
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEMUSE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define MEMUSE_ASAN 1
#endif

#if defined(__linux__) && !defined(MEMUSE_ASAN)
/* /proc/self/statm's first field: the mapped size in pages. The file
 * stays open (pread from 0 re-reads it). */
size_t memuse_mapped(void)
{
  static int fd = -2;
  if (fd == -2)
    fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  char buf[64];
  ssize_t n = fd >= 0 ? pread(fd, buf, sizeof buf - 1, 0) : -1;
  if (n <= 0)
    return SIZE_MAX;
  buf[n] = '\0';
  unsigned long long pages;
  long page = sysconf(_SC_PAGESIZE);
  if (sscanf(buf, "%llu", &pages) != 1 || page <= 0)
    return SIZE_MAX;
  return (size_t)pages * (size_t)page;
}
#else
size_t memuse_mapped(void)
{
  return SIZE_MAX;
}
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
