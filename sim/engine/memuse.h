/* sim/engine/memuse.h: how much heap memory the process holds, for
 * --max-memory to count what the simulator keeps in C (hosts, sockets,
 * buffered packets) as well as Lua's heap. Read from the C library
 * (glibc's mallinfo2) or, in a sanitizer build, from the sanitizer's
 * allocator, which replaces malloc. memuse_heap() walks the allocator's
 * free lists (its cost grows with the heap, a cache miss per free
 * block), so callers that check often ask memuse_mapped() first: one
 * read of /proc/self/statm, whatever the heap's size. */
#ifndef IPCSIM_MEMUSE_H
#define IPCSIM_MEMUSE_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes of heap in use now (allocated and not yet freed, including large
 * blocks the allocator maps on their own); 0 when it cannot be known. */
size_t memuse_heap(void);

/* An upper bound on memuse_heap() that costs the same at any heap size:
 * the process's mapped address space (every heap byte is mapped), or
 * SIZE_MAX when it cannot be read (then ask memuse_heap()). */
size_t memuse_mapped(void);

/* Whether memuse_heap() can tell on this system. */
bool memuse_available(void);

#endif
