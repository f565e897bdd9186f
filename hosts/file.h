/* hosts/file.h: open files, what descriptors point to. As in 4.4BSD
 * (sys/file.h), a socket or an in-memory file is reached through a
 * reference-counted struct file: descriptors in one or many processes
 * (after dup, dup2 or fork) share it, and the object is released when the
 * last reference goes (close of the last descriptor). The per-type
 * operations are a small ops table; the descriptor table (fdtab.h) only
 * counts references. Nothing here blocks or knows Lua. */
#ifndef IPCSIM_FILE_H
#define IPCSIM_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct file;

enum file_type {
  FILE_SOCKET,                /* data is a struct socket */
  FILE_VNODE,                 /* data is an in-memory file (hosts/fs) */
  FILE_CONS,                  /* standard descriptors (hosts/cons.c) */
  FILE_TTY,                   /* a terminal or pty side (hosts/tty.h) */
};

struct fs_stat;
struct pbuf_owner;

/* Per-type operations, as 4.4BSD's struct fileops. The calls that may
 * block (read, write) do not: they return -EWOULDBLOCK and the channel to
 * sleep on in *wchan (NULL when the file is non-blocking), and the caller
 * sleeps and calls again (hosts/syscalls.h). A NULL operation is not
 * supported by the type. */
struct file_ops {
  /* The last reference is gone: release the object. Returns 0 or a
   * negative errno, which close() reports (e.g. a lingering socket). */
  int (*release)(struct file *fp);
  /* Up to len bytes into buf: the count (0 at end of file) or an error. */
  long (*read)(struct file *fp, void *buf, size_t len, const void **wchan);
  /* len bytes from buf: the count taken (may be short, with *wchan set
   * when the rest must wait) or an error. */
  long (*write)(struct file *fp, const void *buf, size_t len,
                const void **wchan);
  /* As write, the bytes lent by lender until it is released (struct
   * pbuf_owner, pbuf.h), so the file may keep them instead of a copy.
   * NULL: write copies (sys_write_lent falls back to it). */
  long (*write_lent)(struct file *fp, const void *buf, size_t len,
                     struct pbuf_owner *lender, const void **wchan);
  /* An ioctl with its integer argument, in and out. */
  int (*ioctl)(struct file *fp, unsigned long cmd, int *arg);
  /* select(): ready for FILE_READ, FILE_WRITE, or 0 (exceptional). */
  bool (*select)(struct file *fp, int which);
  /* fstat(). */
  int (*stat)(struct file *fp, struct fs_stat *st);
};

struct file {
  const struct file_ops *ops; /* per-type operations */
  enum file_type type;        /* what data is */
  uint32_t refs;              /* descriptors pointing here, in any process */
  int flags;                  /* FILE_READ, FILE_WRITE, FILE_NONBLOCK, ... */
  void *data;                 /* the socket or vnode */
};

#define FILE_READ     0x0001  /* open for reading (4.4BSD FREAD) */
#define FILE_WRITE    0x0002  /* open for writing (4.4BSD FWRITE) */
#define FILE_NONBLOCK 0x0004  /* FIONBIO / O_NONBLOCK (4.4BSD FNONBLOCK) */
#define FILE_APPEND   0x0008  /* O_APPEND: writes go at the end (FAPPEND) */
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
