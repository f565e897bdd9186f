/* hosts/sys_generic.c: the calls that work on any descriptor, socket or
 * file (see syscalls.h): read, write, ioctl, select's scan, close, dup,
 * dup2, fstat. Each goes through the open file's operations (file.h), as
 * 4.4BSD's kern/sys_generic.c goes through fileops. Not here: waiting
 * (the caller sleeps on the channel returned), signals. */
#include "cons.h"
#include "sig.h"
#include "syscalls.h"
#include "fdtab.h"
#include "file.h"
#include "proc.h"
#include "ttycom.h"
#include "tty.h"

#include <errno.h>

/* The open file at fd when opened with `need` (FILE_READ, FILE_WRITE, or
 * 0 for any), else NULL. */
static struct file *getf(struct proc *p, int fd, int need)
{
  struct file *fp = fdtab_get(p->fd, fd);
  return fp && (fp->flags & need) == need ? fp : NULL;
}

long sys_read(struct proc *p, int fd, void *buf, size_t len,
              const void **wchan)
{
  *wchan = NULL;
  struct file *fp = getf(p, fd, FILE_READ);
  if (!fp)
    return -EBADF;
  return fp->ops->read ? fp->ops->read(fp, buf, len, wchan) : -EOPNOTSUPP;
}

long sys_write(struct proc *p, int fd, const void *buf, size_t len,
               const void **wchan)
{
  return sys_write_lent(p, fd, buf, len, NULL, wchan);
}

/* The file's write, lent bytes where it can keep them. */
static long file_write(struct file *fp, const void *buf, size_t len,
                       struct pbuf_owner *lender, const void **wchan)
{
  if (lender && fp->ops->write_lent)
    return fp->ops->write_lent(fp, buf, len, lender, wchan);
  return fp->ops->write ? fp->ops->write(fp, buf, len, wchan) : -EOPNOTSUPP;
}

long sys_write_lent(struct proc *p, int fd, const void *buf, size_t len,
                    struct pbuf_owner *lender, const void **wchan)
{
  *wchan = NULL;
  struct file *fp = getf(p, fd, FILE_WRITE);
  if (!fp)
    return -EBADF;
  long n = cons_is_output(fp) ? cons_write(p, buf, len)
           : file_write(fp, buf, len, lender, wchan);
  if (n == -EPIPE)
    sig_psignal(p, BSD_SIGPIPE);  /* 4.4BSD write() */
  return n;
}

int sys_ioctl(struct proc *p, int fd, unsigned long cmd, int *arg)
{
  struct file *fp = getf(p, fd, 0);
  if (!fp || !(fp->flags & (FILE_READ | FILE_WRITE)))
    return -EBADF;
  if (cmd == TIOCSCTTY || cmd == TIOCNOTTY)
    return tty_ctty_ioctl(p, fp, cmd);
  int bit = cmd == FIONBIO ? FILE_NONBLOCK : cmd == FIOASYNC ? FILE_ASYNC : 0;
  if (bit && *arg)
    fp->flags |= bit;
  else if (bit)
    fp->flags &= ~bit;
  return fp->ops->ioctl ? fp->ops->ioctl(fp, cmd, arg) : -ENOTTY;
}

/* F_SETFL: the flags fcntl may change, 4.4BSD's FCNTLFLAGS less FFSYNC. */
#define SETFL_MASK (FILE_NONBLOCK | FILE_APPEND | FILE_ASYNC)

/* O_* of F_GETFL/F_SETFL and FILE_* differ only in the access mode:
 * 4.4BSD's FFLAGS(o) = o + 1 turns O_RDONLY into FREAD. */
static int getfl(const struct file *fp)
{
  int rw = fp->flags & (FILE_READ | FILE_WRITE);
  int mode = rw == (FILE_READ | FILE_WRITE) ? O_RDWR
           : rw == FILE_WRITE ? O_WRONLY : O_RDONLY;
  return mode | (fp->flags & SETFL_MASK);
}

/* F_SETFL, as 4.4BSD: the bits change, then the file hears FIONBIO and
 * FIOASYNC with the new values (a socket sets SS_ASYNC from it). */
static int setfl(struct file *fp, int arg)
{
  fp->flags = (fp->flags & ~SETFL_MASK) | (arg & SETFL_MASK);
  int on = (fp->flags & FILE_NONBLOCK) != 0;
  int err = fp->ops->ioctl ? fp->ops->ioctl(fp, FIONBIO, &on) : 0;
  if (err)
    return err;
  on = (fp->flags & FILE_ASYNC) != 0;
  return fp->ops->ioctl ? fp->ops->ioctl(fp, FIOASYNC, &on) : 0;
}

/* F_GETOWN and F_SETOWN, as 4.4BSD's fcntl: a socket's owner directly,
 * anything else through the terminal's process group (a pid stands for
 * its group; the group comes back negative). */
static int owner(struct proc *p, struct file *fp, int cmd, int arg, int *ret)
{
  if (!fp->ops->ioctl)
    return -ENOTTY;
  if (fp->type == FILE_SOCKET && cmd == F_GETOWN)
    return fp->ops->ioctl(fp, SIOCGPGRP, ret);
  if (fp->type == FILE_SOCKET)
    return fp->ops->ioctl(fp, SIOCSPGRP, &arg);
  if (cmd == F_GETOWN) {
    int err = fp->ops->ioctl(fp, TIOCGPGRP, ret);
    *ret = -*ret;
    return err;
  }
  if (arg > 0) {
    struct proc *q = proc_find(p->host, arg);
    if (!q || q->state == PROC_EXITED)
      return -ESRCH;
    arg = q->pgrp;
  } else {
    arg = -arg;
  }
  *ret = 0;
  return fp->ops->ioctl(fp, TIOCSPGRP, &arg);
}

int sys_fcntl(struct proc *p, int fd, int cmd, int arg, int *ret)
{
  struct file *fp = getf(p, fd, 0);
  if (!fp)
    return -EBADF;
  *ret = 0;
  int r;
  switch (cmd) {
  case F_DUPFD:
    r = fdtab_dupfrom(p->fd, fd, arg);
    break;
  case F_GETFD:
    r = fdtab_getfd(p->fd, fd);
    break;
  case F_SETFD:
    return fdtab_setfd(p->fd, fd, arg);
  case F_GETFL:
    r = getfl(fp);
    break;
  case F_SETFL:
    return setfl(fp, arg);
  case F_GETOWN: case F_SETOWN:
    return owner(p, fp, cmd, arg, ret);
  default:
    return -EINVAL;
  }
  if (r < 0)
    return r;
  *ret = r;
  return 0;
}

/* Whether fp is ready for which; files without select always are. */
static bool ready(struct file *fp, int which)
{
  return fp->ops->select ? fp->ops->select(fp, which) : true;
}

int sys_select(struct proc *p, int nfds, uint64_t bits[3])
{
  static const int which[3] = { FILE_READ, FILE_WRITE, 0 };
  if (nfds < 0)
    return -EINVAL;
  nfds = MIN(nfds, MIN(fdtab_limit(p->fd), 64));
  uint64_t out[3] = { 0, 0, 0 };
  int n = 0;
  for (int k = 0; k < 3; k++)
    for (int fd = 0; fd < nfds; fd++) {
      if (!(bits[k] & (UINT64_C(1) << fd)))
        continue;
      struct file *fp = fdtab_get(p->fd, fd);
      if (!fp)
        return -EBADF;
      if (ready(fp, which[k])) {
        out[k] |= UINT64_C(1) << fd;
        n++;
      }
    }
  for (int k = 0; k < 3; k++)
    bits[k] = out[k];
  return n;
}

int sys_close(struct proc *p, int fd)
{
  return fdtab_close(p->fd, fd);
}

int sys_dup(struct proc *p, int fd)
{
  return fdtab_dup(p->fd, fd);
}

int sys_dup2(struct proc *p, int fd, int fd2)
{
  return fdtab_dup2(p->fd, fd, fd2);
}

int sys_fstat(struct proc *p, int fd, struct fs_stat *st)
{
  struct file *fp = getf(p, fd, 0);
  if (!fp)
    return -EBADF;
  return fp->ops->stat ? fp->ops->stat(fp, st) : -EOPNOTSUPP;
}
