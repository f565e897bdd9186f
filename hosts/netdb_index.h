/* hosts/netdb_index.h: the hash index behind the hosts database (netdb.c),
 * so that a lookup or a new host's name check costs O(1), not a scan of
 * every host. Maps a name or alias (case-folded, as the hosts database
 * matches names) and an address to the first entry, in database order,
 * that has it, and counts the entries that do. netdb.c numbers the
 * entries so that their numbers sort in database order. Not here: what an
 * entry holds, and the order of names within one entry. */
#ifndef IPCSIM_NETDB_INDEX_H
#define IPCSIM_NETDB_INDEX_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "in.h"

struct netdb_index;

/* An empty index; free with netdb_index_free. */
struct netdb_index *netdb_index_new(void);
void netdb_index_free(struct netdb_index *ix);

/* Forgets everything (before re-indexing from scratch). */
void netdb_index_clear(struct netdb_index *ix);

/* Records that entry has name (any case). An entry may record the same
 * name twice (an alias equal to its name): it counts once. */
void netdb_index_add_name(struct netdb_index *ix, const char *name,
                          uint64_t entry);

/* How many entries have name (any case); *first is set to the lowest
 * numbered of them when there is one. */
guint netdb_index_name(const struct netdb_index *ix, const char *name,
                       uint64_t *first);

/* Records that entry has address a. */
void netdb_index_add_addr(struct netdb_index *ix, in_addr32 a,
                          uint64_t entry);

/* The lowest numbered entry with address a: true and *first, or false. */
bool netdb_index_addr(const struct netdb_index *ix, in_addr32 a,
                      uint64_t *first);

#endif
