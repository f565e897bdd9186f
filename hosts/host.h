/* hosts/host.h: a simulated machine: a name, its interfaces and its
 * processes, its file system, and the state of the domains it speaks
 * (domain.h: the internet domain hangs its state on h->inet).
 * A host does not own the media its interfaces attach to. */
#ifndef IPCSIM_HOST_H
#define IPCSIM_HOST_H

#include <glib.h>
#include "cons.h"
#include "pool.h"
#include "sleepq.h"
#include "sim.h"

struct domain;
struct netif;
struct inet;
struct fs;
struct tty_host;

struct host {
  char *name;                 /* "monet" */
  struct sim *sim;            /* the run it belongs to */
  const struct domain *const *domains; /* what it speaks, NULL-terminated
                                 (domain.h); NULL: none */
  GPtrArray *ifs;             /* struct netif *, in attach order (owned) */
  GPtrArray *procs;           /* struct proc *, in creation order (owned) */
  struct sleepq sleepq;       /* wait channel -> queue of sleeping procs,
                                 linked through their `slink` (sleepq.h) */
  int last_pid;               /* pids count up from 1 */
  int nprocs;                 /* processes that exist: running, sleeping
                                 or zombie (4.4BSD's nprocs) */
  struct inet *inet;          /* internet state (protocols/ip_var.h) */
  struct fs *fs;              /* its file system: files, AF_UNIX names (owned) */
  bool down;                  /* powered off: interfaces deaf and mute */
  uint32_t boots;             /* times brought up again after down */
  sim_time_t boot;            /* when its clock started (>= 0): its
                                 periodic ticks fall at boot + k * period
                                 for every whole k (host_clock_origin) */
  uint32_t sb_max;            /* most a socket buffer may reserve, before
                                 the mbuf overhead (4.4BSD's sb_max,
                                 sysctl kern.ipc.maxsockbuf); HOST_SB_MAX
                                 unless the scenario sets it */
  bool freeing;               /* host_free is under way: closing files
                                 wakes and signals nobody */
  struct cons_hook cons;      /* where standard output goes (cons.h) */
  struct tty_host *ttys;      /* its terminals and pseudo-terminals
                                 (tty.h), made on first use, or NULL */
};

#define HOST_SB_MAX (256 * 1024)  /* 4.4BSD sys/socketvar.h SB_MAX */

/* A new host with no interfaces, speaking `domains` (NULL-terminated,
 * not copied: it must outlive the host; protocols/in_proto.h has the
 * usual list; NULL for none), each initialised (the internet domain's
 * state: routing table, counters). name is copied. */
struct host *host_new(struct sim *sim, const char *name,
                      const struct domain *const *domains);

/* Frees the host, its interfaces and its processes. Free hosts before the
 * media they attach to (interfaces detach from the media's ports). */
void host_free(struct host *h);

/* Powers h off (a crash): the domains lose their protocol state first
 * (every TCP connection goes to CLOSED with nothing sent), then every
 * process ends at once (its descriptors close, so its sockets go), the
 * ARP caches, reassembly queues and
 * loopback queue are emptied, and the interfaces drop every frame until
 * host_up(). Routes and the file system stay (they are on disk). No-op
 * when already down. */
void host_down(struct host *h);

/* Powers h on again (a reboot): interfaces work; no process runs until
 * the scenario starts one; its clock starts again now (h->boot = now),
 * so its ticks take a new phase. No-op when up. */
void host_up(struct host *h);

/* The host's clock, as 4.4BSD's domaininit starts pffasttimo and
 * pfslowtimo at boot: a clock of `period` ticks at h->boot + k * period.
 * Returns its latest tick at or before time 0 (in (-period, 0]), the
 * origin from which tick indices count, so that every index at a time
 * >= 0 is >= 0 and a boot of 0 gives ticks at multiples of period. */
sim_time_t host_clock_origin(const struct host *h, sim_time_t period);

/* The interface named `name` ("en0"), or NULL. */
struct netif *host_find_if(const struct host *h, const char *name);

#endif
