/* hosts/sys_generic.c: the calls that work on any descriptor, socket or
 * file (see syscalls.h): read, write, ioctl, select's scan, close, dup,
 * dup2, fstat. Each goes through the open file's operations (file.h), as
 * 4.4BSD's kern/sys_generic.c goes through fileops. Not here: waiting
 * (the caller sleeps on the channel returned), signals. */
#include "sig.h"
#include "syscalls.h"
#include "fdtab.h"
#include "file.h"
#include "proc.h"

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
  *wchan = NULL;
  struct file *fp = getf(p, fd, FILE_WRITE);
  if (!fp)
    return -EBADF;
  long n = fp->ops->write ? fp->ops->write(fp, buf, len, wchan)
                          : -EOPNOTSUPP;
  if (n == -EPIPE)
    sig_psignal(p, BSD_SIGPIPE);  /* 4.4BSD write() */
  return n;
}

int sys_ioctl(struct proc *p, int fd, unsigned long cmd, int *arg)
{
  struct file *fp = getf(p, fd, 0);
  if (!fp || !(fp->flags & (FILE_READ | FILE_WRITE)))
    return -EBADF;
  int bit = cmd == FIONBIO ? FILE_NONBLOCK : cmd == FIOASYNC ? FILE_ASYNC : 0;
  if (bit && *arg)
    fp->flags |= bit;
  else if (bit)
    fp->flags &= ~bit;
  return fp->ops->ioctl ? fp->ops->ioctl(fp, cmd, arg) : -ENOTTY;
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
