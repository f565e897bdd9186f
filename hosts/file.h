/* hosts/file.h: open files, what descriptors point to. As in 4.4BSD
 * (sys/file.h), a socket or an in-memory file is reached through a
 * reference-counted struct file: descriptors in one or many processes
 * (after dup, dup2 or fork) share it, and the object is released when the
 * last reference goes (close of the last descriptor). The per-type
 * operations are a small ops table; the descriptor table (fdtab.h) only
 * counts references. Nothing here blocks or knows Lua. */
#ifndef IPCSIM_FILE_H
#define IPCSIM_FILE_H

#include <stdint.h>

struct file;

enum file_type {
  FILE_SOCKET,                /* data is a struct socket */
  FILE_VNODE,                 /* data is an in-memory file (hosts/fs) */
};

struct file_ops {
  /* The last reference is gone: release the object. Returns 0 or a
   * negative errno, which close() reports (e.g. a lingering socket). */
  int (*release)(struct file *fp);
};

struct file {
  const struct file_ops *ops; /* per-type operations */
  enum file_type type;        /* what data is */
  uint32_t refs;              /* descriptors pointing here, in any process */
  int flags;                  /* FILE_NONBLOCK, FILE_ASYNC */
  void *data;                 /* the socket or vnode */
};

#define FILE_NONBLOCK 0x0004  /* FIONBIO / O_NONBLOCK (4.4BSD FNONBLOCK) */
#define FILE_ASYNC    0x0040  /* FIOASYNC / O_ASYNC (4.4BSD FASYNC) */

/* A new open file with one reference. Never NULL. */
struct file *file_new(enum file_type type, const struct file_ops *ops,
                      void *data);

/* One more reference to fp; returns fp. */
struct file *file_ref(struct file *fp);

/* Drops a reference. At zero calls ops->release and frees fp, returning
 * what release returned; otherwise returns 0. */
int file_unref(struct file *fp);

#endif
