/* sim/engine/trace.h: the text trace, one line per event, for people to read:
 *
 *     <seconds, 9 decimals> <place> <what happened, as word key=value ...>
 *     0.000057600 lan0 tx-end monet.en0 len=64 dst=ff:ff:ff:ff:ff:ff
 *
 * Lines carry simulated time only, never wall time or pointers, so the same
 * seed gives the same bytes. Components write through SIM_TRACE (sim.h),
 * which costs one branch when tracing is off. */
#ifndef IPCSIM_TRACE_H
#define IPCSIM_TRACE_H

#include <glib.h>
#include <stdbool.h>
#include "sim_time.h"

struct trace;

/* Opens a trace writing to path (truncated). NULL and *err set on failure. */
struct trace *trace_open(const char *path, GError **err);

/* A trace kept in memory (for tests); read it with trace_text(). */
struct trace *trace_new_memory(void);

/* The text written so far to a memory trace, or NULL for a file trace. */
const char *trace_text(const struct trace *tr);

/* Writes one line: time, place, then the formatted text and a newline. */
void trace_line(struct trace *tr, sim_time_t t, const char *place,
                const char *fmt, ...) G_GNUC_PRINTF(4, 5);

/* Flushes and frees. Returns false and sets *err if any write failed.
 * NULL is ok. */
bool trace_close(struct trace *tr, GError **err);

#endif
