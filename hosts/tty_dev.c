/* hosts/tty_dev.c: ttys as devices and descriptors (see tty.h): the
 * /dev nodes of a host (made on the first use of /dev), open() of a
 * device number, the open-file operations of a tty, and the controlling
 * terminal. Device numbers: major 0 a terminal (tty_term.c), 1 a pty
 * slave, 2 a pty master (tty_pty.c), 3 /dev/tty. Read: 4.4BSD
 * kern/tty_tty.c (/dev/tty), kern/tty.c (TIOCSCTTY). */
#include "tty.h"
#include "tty_pty.h"
#include "fs.h"
#include "fdtab.h"
#include "host.h"
#include "proc.h"

#include <errno.h>

#define DEV(major, minor) ((uint32_t)(major) << 8 | (uint32_t)(minor))
#define MAJOR(d) ((d) >> 8)
#define MINOR(d) ((d) & 0xff)
enum { MAJ_TERM, MAJ_PTS, MAJ_PTC, MAJ_CTTY };

struct tty_host {
  GPtrArray *terms;           /* struct tty * of terminals (owned) */
  struct pty *ptys[NPTY];     /* pty pairs, made at first open */
};

/* ---- a tty as an open file ---- */

static struct tty *fp_tty(struct file *fp)
{
  return fp->data;
}

static int tf_release(struct file *fp)
{
  struct tty *tp = fp_tty(fp);
  if (--tp->opens == 0)
    pty_slave_closed(tp);       /* nothing unless a pty slave */
  return 0;
}

static long tf_read(struct file *fp, void *buf, size_t len,
                    const void **wchan)
{
  return tty_read(fp_tty(fp), buf, len, fp->flags & FILE_NONBLOCK, wchan);
}

static long tf_write(struct file *fp, const void *buf, size_t len,
                     const void **wchan)
{
  return tty_write(fp_tty(fp), buf, len, fp->flags & FILE_NONBLOCK, wchan);
}

static int tf_ioctl(struct file *fp, unsigned long cmd, int *arg)
{
  return tty_ioctl(fp_tty(fp), cmd, arg);
}

static bool tf_select(struct file *fp, int which)
{
  return tty_select(fp_tty(fp), which);
}

static int tf_stat(struct file *fp, struct fs_stat *st)
{
  (void)fp;
  *st = (struct fs_stat){ .type = FS_CHR, .mode = 0620, .nlink = 1 };
  return 0;
}

static const struct file_ops tty_ops = {
  .release = tf_release, .read = tf_read, .write = tf_write,
  .ioctl = tf_ioctl, .select = tf_select, .stat = tf_stat,
};

struct tty *tty_of_file(const struct file *fp)
{
  if (fp->ops == &tty_ops)
    return fp->data;
  return pty_master_tty(fp);
}

struct file *tty_file(struct tty *tp)
{
  struct file *fp = file_new(FILE_TTY, &tty_ops, tp);
  fp->flags = FILE_READ | FILE_WRITE;
  tp->opens++;
  return fp;
}

/* ---- /dev ---- */

static void mknod(struct host *h, const char *path, uint32_t rdev)
{
  struct fs_node *n;
  if (fs_create(h->fs, path, FS_CHR, 0666, 0, &n) == 0) {
    fs_node_set_rdev(n, rdev);
    fs_node_unref(n);
  }
}

void tty_host_init(struct host *h)
{
  if (h->ttys)
    return;
  h->ttys = g_new0(struct tty_host, 1);
  h->ttys->terms = g_ptr_array_new_with_free_func((GDestroyNotify)tty_free);
  fs_mkdirs(h->fs, "/dev", 0);
  mknod(h, "/dev/tty", DEV(MAJ_CTTY, 0));
  for (int i = 0; i < NPTY; i++) {
    char name[16];
    pty_name(i, false, name);
    mknod(h, name, DEV(MAJ_PTC, i));
    pty_name(i, true, name);
    mknod(h, name, DEV(MAJ_PTS, i));
  }
}

void tty_host_free(struct host *h)
{
  if (!h->ttys)
    return;
  for (int i = 0; i < NPTY; i++)
    pty_free(h->ttys->ptys[i]);
  g_ptr_array_free(h->ttys->terms, TRUE);
  g_free(h->ttys);
  h->ttys = NULL;
}

void tty_host_add(struct host *h, struct tty *tp)
{
  tty_host_init(h);
  guint i = h->ttys->terms->len;
  g_ptr_array_add(h->ttys->terms, tp);
  mknod(h, tp->name, DEV(MAJ_TERM, i));
}

int tty_devopen(struct proc *p, uint32_t rdev, struct file **fpp)
{
  struct tty_host *th = p->host->ttys;
  unsigned minor = MINOR(rdev);
  g_return_val_if_fail(th != NULL, -ENXIO);
  switch (MAJOR(rdev)) {
  case MAJ_TERM:
    if (minor >= th->terms->len)
      return -ENXIO;
    *fpp = tty_file(g_ptr_array_index(th->terms, minor));
    return 0;
  case MAJ_CTTY:
    if (!p->ctty)
      return -ENXIO;
    *fpp = tty_file(p->ctty);
    return 0;
  case MAJ_PTS: case MAJ_PTC:
    if (minor >= NPTY)
      return -ENXIO;
    if (!th->ptys[minor])
      th->ptys[minor] = pty_new(p->host, (int)minor);
    return MAJOR(rdev) == MAJ_PTC ? pty_open_master(th->ptys[minor], fpp)
                                  : pty_open_slave(th->ptys[minor], fpp);
  default:
    return -ENXIO;
  }
}

void tty_setctty(struct proc *p, struct tty *tp)
{
  p->ctty = tp;
  p->sid = p->pid;
  tp->sid = p->pid;
  tp->pgrp = p->pgrp;
}

/* ---- the system calls ---- */

/* The tty open at fd: 0, or -EBADF, -ENOTTY. */
static int gettty(struct proc *p, int fd, struct tty **tpp)
{
  struct file *fp = fdtab_get(p->fd, fd);
  if (!fp)
    return -EBADF;
  *tpp = tty_of_file(fp);
  return *tpp ? 0 : -ENOTTY;
}

int sys_tcgetattr(struct proc *p, int fd, struct tty_termios *t)
{
  struct tty *tp;
  int err = gettty(p, fd, &tp);
  if (!err)
    *t = tp->t;
  return err;
}

int sys_tcsetattr(struct proc *p, int fd, int action,
                  const struct tty_termios *t)
{
  struct tty *tp;
  int err = gettty(p, fd, &tp);
  return err ? err : tty_setattr(tp, action, t);
}

int tty_ctty_ioctl(struct proc *p, struct file *fp, unsigned long cmd)
{
  struct tty *tp = tty_of_file(fp);
  if (!tp)
    return -ENOTTY;
  if (cmd == TIOCNOTTY) {
    if (p->ctty != tp)
      return -ENOTTY;
    p->ctty = NULL;
    return 0;
  }
  struct proc *leader = tp->sid ? proc_find(p->host, tp->sid) : NULL;
  bool held = leader && leader->state != PROC_EXITED && tp->sid != p->sid;
  if (p->sid != p->pid || held || (p->ctty && p->ctty != tp))
    return -EPERM;
  tty_setctty(p, tp);
  return 0;
}
