/* hosts/uipc_rights.h: access rights in flight (SCM_RIGHTS over AF_UNIX
 * sockets). A sender's descriptors are internalized into references to
 * their open files, held in a receive-buffer record (socketvar.h,
 * sb_record.rights) while in flight; the receiver externalizes them into
 * its lowest free descriptors, or a flush or drop of the record discards
 * them (4.4BSD unp_dispose). No garbage collector: a socket passed over
 * itself and never received stays until the end of the run (4.4BSD's
 * unp_gc is not done, nor f_msgcount). Read: 4.4BSD kern/uipc_usrreq.c
 * (unp_internalize, unp_externalize, unp_discard). */
#ifndef IPCSIM_UIPC_RIGHTS_H
#define IPCSIM_UIPC_RIGHTS_H

#include <stdbool.h>
#include <stdint.h>

#include "fdtab.h"

/* Most descriptors one message may carry (Linux's SCM_MAX_FD; the
 * shim's programs are Linux ones). */
#define SO_RIGHTS_MAX 253

/* Open files in flight, one reference each. */
struct so_rights {
  unsigned n;
  struct file *fp[];
};

/* The bytes rights take in a socket buffer: 4.4BSD's control mbuf of
 * SCM_RIGHTS, a 12-byte cmsghdr and an int per descriptor, which sosend's
 * space check and the receive buffer's count include. 0 for NULL. */
static inline uint32_t rights_len(const struct so_rights *r)
{
  return r ? 12 + 4 * r->n : 0;
}

/* unp_internalize: n descriptors of t into *out, each file referenced
 * once more. All or nothing: -EBADF when any is not open. */
int rights_internalize(const struct fdtab *t, const int *fds, unsigned n,
                       struct so_rights **out);

/* unp_externalize: installs r's files at the lowest free descriptors of
 * t, written to fds[0..r->n-1], and frees r. When t lacks r->n free
 * descriptors, discards them all and returns -EMSGSIZE, as 4.4BSD. */
int rights_externalize(struct fdtab *t, struct so_rights *r, int *fds);

/* Keeps r's first room files and discards the rest (a receiver's short
 * control buffer: Linux's MSG_CTRUNC, which closes what did not fit).
 * True when some were discarded. With room 0, r is freed: *rp NULL. */
bool rights_truncate(struct so_rights **rp, unsigned room);

/* unp_discard of each file (dropping its reference, closing it when it
 * was the last), and frees r. NULL is nothing. */
void rights_dispose(struct so_rights *r);

#endif
