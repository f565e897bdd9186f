/* sim/engine/memuse.h: how much heap memory the process holds, for
 * --max-memory to count what the simulator keeps in C (hosts, sockets,
 * buffered packets) as well as Lua's heap. Read from the C library
 * (glibc's mallinfo2) or, in a sanitizer build, from the sanitizer's
 * allocator, which replaces malloc. Cheap enough to call once per batch
 * of events, not per allocation. */
#ifndef IPCSIM_MEMUSE_H
#define IPCSIM_MEMUSE_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes of heap in use now (allocated and not yet freed, including large
 * blocks the allocator maps on their own); 0 when it cannot be known. */
size_t memuse_heap(void);

/* Whether memuse_heap() can tell on this system. */
bool memuse_available(void);

#endif
