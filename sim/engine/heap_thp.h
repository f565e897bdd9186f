/* sim/engine/heap_thp.h: the C heap in transparent huge pages. A large
 * run's hosts, sockets and packets are spread over hundreds of MB that
 * each event touches here and there: with 4 KB pages nearly every such
 * touch also misses the TLB. The kernel backs a region with 2 MB pages
 * when the program asks for it (madvise MADV_HUGEPAGE, the setting of
 * /sys/kernel/mm/transparent_hugepage/enabled on most systems), as glibc's
 * glibc.malloc.hugetlb=1 tunable does; this does it from inside, with no
 * environment, so real programs started by host:exec are not affected.
 * Nothing a run computes depends on it. IPCSIM_NO_THP=1 turns it off. */
#ifndef IPCSIM_HEAP_THP_H
#define IPCSIM_HEAP_THP_H

/* Makes malloc grow its heap in steps of several MB (so there is always
 * room ahead that nothing has touched yet) and advises the heap so far.
 * Call once, early. */
void heap_thp_start(void);

/* Advises the part of the heap grown since the last call (one system
 * call when the heap grew by 2 MB or more, else none). Call now and then:
 * memory touched before its advice stays in 4 KB pages. */
void heap_thp_advise(void);

#endif
