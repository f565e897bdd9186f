/* sim/analysis/explain.h: why a socket call failed, told from a finished run's
 * results (docs/results.md: calls.csv, tcp.csv, packets.csv, events.csv).
 * For ETIMEDOUT, ECONNREFUSED, ECONNRESET, EHOSTUNREACH, EHOSTDOWN and
 * ENETUNREACH it follows the segments, datagrams and ARP requests that
 * led to the error hop by hop and writes one paragraph whose every time,
 * name and count comes from the rows. It reads files only: it never runs
 * or changes a simulation. The recorder calls it through its summary
 * hook; `ipcsim explain DIR` and `ipcsim run --explain` print it. */
#ifndef IPCSIM_EXPLAIN_H
#define IPCSIM_EXPLAIN_H

#include <glib.h>
#include <stdbool.h>
#include "record.h"

struct explain_run;

/* Reads dir's calls.csv, tcp.csv and packets.csv (and events.csv when
 * present). NULL and *err set when a required file is missing or bad. */
struct explain_run *explain_load(const char *dir, GError **err);

/* Frees what explain_load returned. NULL is fine. */
void explain_free(struct explain_run *run);

/* Number of rows of calls.csv. */
guint explain_ncalls(const struct explain_run *run);

/* True when explain_call explains this errno name ("ETIMEDOUT", ...). */
bool explain_covers(const char *err_name);

/* The explanation of calls.csv row i (0-based): one paragraph without a
 * trailing newline, newly allocated; NULL when its errno is not covered. */
char *explain_call(const struct explain_run *run, guint i);

/* Finds the calls.csv row with these values (the first one, when several
 * are equal; local/remote NULL for empty) and returns its index, or -1. */
int explain_find_call(const struct explain_run *run, const char *host,
                      int pid, const char *call, const char *err_name,
                      int fd, const char *local, const char *remote);

/* Every covered failed call of the run in dir, each as a heading line
 * ("monet pid 1 rlogin: connect() failed with ECONNREFUSED at 0.000 s")
 * and its paragraph, separated by blank lines; "" when there is none.
 * NULL and *err set when the files cannot be read. */
char *explain_dir(const char *dir, GError **err);

/* The recorder's hook (record_set_explain): loads the run once, then
 * explains each failed call as the first calls.csv row equal to it. */
extern const struct record_explainer explain_recorder;

#endif
