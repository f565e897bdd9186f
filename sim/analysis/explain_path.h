/* sim/analysis/explain_path.h: phrases about what became of one datagram or one
 * ARP exchange (explain_path.c), for explain.c. Each appends to a GString
 * a clause such as "was lost by the loss model of link wan0" or "reached
 * degas at 42.010 s". `brief` leaves the times out, so that equal fates
 * read the same and can be counted together. */
#ifndef IPCSIM_EXPLAIN_PATH_H
#define IPCSIM_EXPLAIN_PATH_H

#include "explain_internal.h"

/* Appends the fate of the datagram whose hop `first` is (usually its first
 * hop): "was lost by ...", "was dropped at gateway gw1 because ...",
 * "reached gw, which answered with ICMP host unreachable ...", or
 * "reached degas at T s". True (and *arrived set, if not NULL) when it
 * reached its destination. */
bool explain_path_put_fate(const struct explain_run *r, GString *s,
                 const struct explain_pkt *first, bool brief, int64_t *arrived);

/* The last hop of first's datagram. */
const struct explain_pkt *explain_path_last_hop(const struct explain_run *r,
                               const struct explain_pkt *first);

/* The first ICMP unreachable that host gw sent to to_addr within a second
 * after t, or NULL. */
const struct explain_pkt *explain_path_icmp_from(const struct explain_run *r,
                                                 const char *gw,
                                                 const char *to_addr,
                                                 int64_t t);

/* "ICMP host unreachable", ... for an ICMP row. */
const char *explain_path_icmp_name(const struct explain_pkt *p);

/* The unanswered ARP requests of host (for target, or for whatever its
 * latest request asked when target is NULL) at or before t, as 4.4BSD
 * counts them: since the last reply, in runs of 5 (the 5th rejects the
 * address); the current run, or the last full one when the current is
 * empty; only those at or after `from`. Free with g_ptr_array_free(a,
 * TRUE); may be empty. */
GPtrArray *explain_path_arp_series(const struct explain_run *r,
                                   const char *host, const char *target,
                                   int64_t from, int64_t t);

/* "monet asked for 128.32.1.2 (degas) by ARP at 0.000, 6.000 and 30.000 s
 * and got no reply (degas was down since 0.000 s)". reqs non-empty. */
void explain_path_put_arp_failure(const struct explain_run *r, GString *s,
                        GPtrArray *reqs);

/* "0.000, 6.000 and 30.000 s": the t_tx of each row. */
void explain_path_put_times(GString *s, GPtrArray *pkts);

/* "128.32.1.2 (degas)", or the address alone when it has no name. */
void explain_path_put_addr(const struct explain_run *r, GString *s,
                           const char *addr);

/* " (degas was down since 0.000 s)" when host was down at t, else nothing. */
void explain_path_put_host_down(const struct explain_run *r, GString *s,
                      const char *host, int64_t t);

#endif
