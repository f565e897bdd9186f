/* sim/engine/heap_thp.c: the C heap in transparent huge pages
 * (heap_thp.h). glibc's main heap is one region grown with sbrk: its end
 * is sbrk(0), a read of a variable, no system call. */
#include "heap_thp.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define THP_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define THP_ASAN 1
#endif

#if defined(__linux__) && defined(__GLIBC__) && !defined(THP_ASAN)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#define THP_ON 1
#else
#define THP_ON 0
#endif

#ifdef MADV_COLLAPSE
#define THP_COLLAPSE MADV_COLLAPSE
#else
#define THP_COLLAPSE 25                   /* Linux's uapi value */
#endif
#define THP_SIZE ((uintptr_t)2 << 20)     /* x86-64 and arm64's PMD size */
#define TOP_PAD (8u << 20)   /* what each growth of the heap adds beyond
                                the request: room that is advised before
                                it is touched */

#define MMAP_MIN (32u << 20) /* blocks this large get their own mapping
                                (glibc's own ceiling); smaller ones, hash
                                tables and arrays of 100,000 hosts
                                included, come from the advised heap */

static bool on;
static uintptr_t advised;      /* the heap is advised up to here */

void heap_thp_start(void)
{
#if THP_ON
  const char *no = getenv("IPCSIM_NO_THP");
  if (on || (no && *no && *no != '0'))
    return;
  on = true;
  mallopt(M_TOP_PAD, TOP_PAD);
  mallopt(M_MMAP_THRESHOLD, MMAP_MIN);
  uintptr_t start = (uintptr_t)sbrk(0);
  advised = (start + THP_SIZE - 1) & ~(THP_SIZE - 1);
  heap_thp_advise();
#endif
}

void heap_thp_advise(void)
{
#if THP_ON
  if (!on)
    return;
  uintptr_t end = (uintptr_t)sbrk(0) & ~(THP_SIZE - 1);
  if (end <= advised) {
    advised = end;              /* trimmed: what grows back is new */
    return;
  }
  (void)madvise((void *)advised, end - advised, MADV_HUGEPAGE);
  /* what malloc touched before this advice: into 2 MB pages now
   * (Linux 6.1's MADV_COLLAPSE; older kernels refuse it, harmlessly) */
  (void)madvise((void *)advised, end - advised, THP_COLLAPSE);
  advised = end;
#endif
}
