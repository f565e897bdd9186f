/* hosts/fdtab.h: a process's descriptor table. Descriptors are small
 * integers naming references to open files (file.h). New descriptors take
 * the lowest free number; a table holds at most `limit` (4.4BSD's OPEN_MAX,
 * 64, by default). fork copies the table, each copy holding its own
 * reference, so a child's close(f) leaves the parent's f open (primer
 * Figure 2). Errors are 4.4BSD's: EBADF for a descriptor that is not open
 * (or out of range), EMFILE when the table is full. Read: 4.4BSD
 * kern/kern_descrip.c (dup, dup2, fdalloc, closef). */
#ifndef IPCSIM_FDTAB_H
#define IPCSIM_FDTAB_H

#include "file.h"

#define FDTAB_OPEN_MAX 64     /* 4.4BSD sys/syslimits.h OPEN_MAX */

struct fdtab;

/* An empty table for at most limit descriptors (1..65536). */
struct fdtab *fdtab_new(int limit);

/* A copy for a forked child: same descriptors, each file referenced once
 * more. */
struct fdtab *fdtab_copy(const struct fdtab *t);

/* Closes every descriptor (dropping its reference) and frees the table. */
void fdtab_free(struct fdtab *t);

/* Puts fp at the lowest free descriptor, taking over the caller's
 * reference. Returns the descriptor, or -EMFILE (the reference is then
 * dropped). */
int fdtab_install(struct fdtab *t, struct file *fp);

/* The open file of fd (borrowed), or NULL when fd is not open. */
struct file *fdtab_get(const struct fdtab *t, int fd);

/* Closes fd. Returns 0, -EBADF, or the file's release error when this was
 * its last reference. */
int fdtab_close(struct fdtab *t, int fd);

/* A second descriptor for fd's file, the lowest free. Returns it, or
 * -EBADF, -EMFILE. */
int fdtab_dup(struct fdtab *t, int fd);

/* Makes fd2 refer to fd's file, closing fd2 first if it was open. Returns
 * fd2, or -EBADF when fd is not open or fd2 is out of range. dup2(fd, fd)
 * returns fd and changes nothing. */
int fdtab_dup2(struct fdtab *t, int fd, int fd2);

/* fcntl F_DUPFD: a second descriptor for fd's file, the lowest free at
 * or above min. -EBADF, -EINVAL (min outside 0..limit-1), -EMFILE. */
int fdtab_dupfrom(struct fdtab *t, int fd, int min);

/* The descriptor's close-on-exec flag (fcntl F_GETFD/F_SETFD; nothing
 * execs here, the flag is only kept). Cleared by every new descriptor.
 * get: 0/1 or -EBADF; set: 0 or -EBADF. */
int fdtab_getfd(const struct fdtab *t, int fd);
int fdtab_setfd(struct fdtab *t, int fd, int flag);

/* Descriptors open now; the table's limit. */
int fdtab_count(const struct fdtab *t);
int fdtab_limit(const struct fdtab *t);

#endif
