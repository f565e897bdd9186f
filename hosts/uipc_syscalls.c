/* hosts/uipc_syscalls.c: the socket system calls over descriptors (see
 * syscalls.h), and the open-file operations of a socket (4.4BSD's
 * kern/sys_socket.c soo_*). The socket work itself is uipc_socket.c's;
 * this file finds the socket behind a descriptor, makes descriptors for
 * new sockets, and keeps 4.4BSD's order of checks (EBADF, ENOTSOCK,
 * EMFILE). Read: 4.4BSD kern/uipc_syscalls.c. */
#include "sig.h"
#include "syscalls.h"
#include "fdtab.h"
#include "file.h"
#include "proc.h"
#include "socketvar.h"
#include "uipc_rights.h"

#include <errno.h>
#include <string.h>

G_STATIC_ASSERT(SYS_RIGHTS_MAX == SO_RIGHTS_MAX);

/* ---- a socket as an open file ---- */

#define fp_socket(fp) ((struct socket *)(fp)->data)

static int soo_release(struct file *fp)
{
  return soclose(fp_socket(fp));
}

static long soo_read(struct file *fp, void *buf, size_t len,
                     const void **wchan)
{
  return soreceive(fp_socket(fp), buf, len, 0, NULL, NULL, wchan);
}

static long soo_write(struct file *fp, const void *buf, size_t len,
                      const void **wchan)
{
  return sosend(fp_socket(fp), NULL, buf, len, 0, wchan);
}

static long soo_write_lent(struct file *fp, const void *buf, size_t len,
                           struct pbuf_owner *lender, const void **wchan)
{
  struct so_rights *none = NULL;
  return sosend_lent(fp_socket(fp), NULL, buf, len, 0, &none, lender,
                     wchan);
}

static int soo_ioctl(struct file *fp, unsigned long cmd, int *arg)
{
  return soioctl(fp_socket(fp), cmd, arg);
}

static bool soo_select(struct file *fp, int which)
{
  struct socket *so = fp_socket(fp);
  return which == FILE_READ ? soreadable(so)
       : which == FILE_WRITE ? sowriteable(so) : soexcept(so);
}

static int soo_stat(struct file *fp, struct fs_stat *st)
{
  memset(st, 0, sizeof *st);
  st->type = FS_SOCK;
  return 0;
}

static const struct file_ops socket_ops = {
  .release = soo_release, .read = soo_read, .write = soo_write,
  .write_lent = soo_write_lent,
  .ioctl = soo_ioctl, .select = soo_select, .stat = soo_stat,
};

/* A descriptor for so open with flags; on -EMFILE so is closed. */
static int install(struct proc *p, struct socket *so, int flags)
{
  struct file *fp = file_new(FILE_SOCKET, &socket_ops, so);
  fp->flags = flags;
  return fdtab_install(p->fd, fp);
}

static bool table_full(const struct proc *p)
{
  return fdtab_count(p->fd) >= fdtab_limit(p->fd);
}

/* ---- the calls ---- */

int sys_getsock(struct proc *p, int fd, struct socket **so)
{
  struct file *fp = fdtab_get(p->fd, fd);
  if (!fp)
    return -EBADF;
  if (fp->type != FILE_SOCKET)
    return -ENOTSOCK;
  *so = fp_socket(fp);
  return 0;
}

int sys_socket(struct proc *p, int dom, int type, int proto)
{
  if (table_full(p))
    return -EMFILE;
  struct socket *so;
  int err = socreate(p->host, p->uid == 0, dom, type, proto, &so);
  return err ? err : install(p, so, FILE_READ | FILE_WRITE);
}

int sys_bind(struct proc *p, int fd, const struct so_addr *nam)
{
  struct socket *so;
  int err = sys_getsock(p, fd, &so);
  return err ? err : sobind(so, nam);
}

int sys_listen(struct proc *p, int fd, int backlog)
{
  struct socket *so;
  int err = sys_getsock(p, fd, &so);
  return err ? err : solisten(so, backlog);
}

int sys_accept(struct proc *p, int fd, struct so_addr *nam,
               const void **wchan)
{
  struct socket *so, *aso;
  *wchan = NULL;
  int err = sys_getsock(p, fd, &so);
  if (err)
    return err;
  if ((so->so_options & SO_ACCEPTCONN) && so->so_qlen > 0 &&
      so->so_error == 0 && table_full(p))
    return -EMFILE;               /* 4.4BSD's falloc, before the dequeue */
  err = soaccept(so, &aso, nam, wchan);
  return err ? err : install(p, aso, FILE_READ | FILE_WRITE);
}

int sys_connect(struct proc *p, int fd, const struct so_addr *nam)
{
  struct socket *so;
  int err = sys_getsock(p, fd, &so);
  return err ? err : soconnect(so, nam);
}

int sys_connect_wait(struct proc *p, int fd, const void **wchan)
{
  struct socket *so;
  *wchan = NULL;
  int err = sys_getsock(p, fd, &so);
  return err ? err : soconnect_wait(so, wchan);
}

void sys_connect_intr(struct proc *p, int fd)
{
  struct socket *so;
  if (sys_getsock(p, fd, &so) == 0)
    soconnect_abandon(so);
}

int sys_close_linger(struct proc *p, int fd, const void **wchan,
                     int *linger)
{
  *wchan = NULL;
  struct file *fp = fdtab_get(p->fd, fd);
  if (!fp)
    return -EBADF;
  if (fp->type != FILE_SOCKET || fp->refs > 1)
    return 0;
  struct socket *so = fp_socket(fp);
  *linger = so->so_linger;
  return soclose_linger(so, wchan);
}

long sys_sendto(struct proc *p, int fd, const void *buf, size_t len,
                int flags, const struct so_addr *to, const void **wchan)
{
  return sys_sendmsg(p, fd, buf, len, flags, to, NULL, wchan);
}

/* sendmsg with the bytes lent by lender (NULL: copied). */
static long sendit(struct proc *p, int fd, const void *buf, size_t len,
                   int flags, const struct so_addr *to,
                   const struct sys_rights *rights,
                   struct pbuf_owner *lender, const void **wchan);

long sys_sendto_lent(struct proc *p, int fd, const void *buf, size_t len,
                     int flags, const struct so_addr *to,
                     struct pbuf_owner *lender, const void **wchan)
{
  return sendit(p, fd, buf, len, flags, to, NULL, lender, wchan);
}

long sys_sendmsg(struct proc *p, int fd, const void *buf, size_t len,
                 int flags, const struct so_addr *to,
                 const struct sys_rights *rights, const void **wchan)
{
  return sendit(p, fd, buf, len, flags, to, rights, NULL, wchan);
}

static long sendit(struct proc *p, int fd, const void *buf, size_t len,
                   int flags, const struct so_addr *to,
                   const struct sys_rights *rights,
                   struct pbuf_owner *lender, const void **wchan)
{
  struct socket *so;
  struct so_rights *r = NULL;
  *wchan = NULL;
  int err = sys_getsock(p, fd, &so);
  if (err)
    return err;
  if (rights && rights->n > SYS_RIGHTS_MAX)
    return -EINVAL;
  if (rights && rights->n > 0 &&
      (err = rights_internalize(p->fd, rights->fds, rights->n, &r)))
    return err;
  long n = sosend_lent(so, to, buf, len, flags, &r, lender, wchan);
  rights_dispose(r);              /* not sent: no longer in flight */
  if (n == -EPIPE)
    sig_psignal(p, BSD_SIGPIPE);  /* 4.4BSD sendit */
  return n;
}

long sys_recvfrom(struct proc *p, int fd, void *buf, size_t len, int flags,
                  struct so_addr *from, int *outflags, const void **wchan)
{
  return sys_recvmsg(p, fd, buf, len, flags, from, outflags, NULL, wchan);
}

/* Installs r's files in p's table, as many as are free (the rest are
 * closed: MSG_CTRUNC), their numbers to rights. */
static void externalize(struct proc *p, struct so_rights *r,
                        struct sys_rights *rights, int *oflags)
{
  unsigned free = (unsigned)(fdtab_limit(p->fd) - fdtab_count(p->fd));
  if (rights_truncate(&r, free))
    *oflags |= MSG_CTRUNC;
  rights->n = r ? r->n : 0;
  if (r)
    (void)rights_externalize(p->fd, r, rights->fds);
}

long sys_recvmsg(struct proc *p, int fd, void *buf, size_t len, int flags,
                 struct so_addr *from, int *outflags,
                 struct sys_rights *rights, const void **wchan)
{
  struct socket *so;
  struct so_rights *r = NULL;
  int oflags = 0;
  *wchan = NULL;
  if (rights)
    rights->n = 0;
  int err = sys_getsock(p, fd, &so);
  if (err)
    return err;
  unsigned room = rights ? MIN(rights->room, SYS_RIGHTS_MAX) : 0;
  long n = soreceive_rights(so, buf, len, flags, from, &oflags,
                            rights ? &r : NULL, room, wchan);
  if (r)
    externalize(p, r, rights, &oflags);
  if (outflags)
    *outflags = oflags;
  return n;
}

int sys_shutdown(struct proc *p, int fd, int how)
{
  struct socket *so;
  int err = sys_getsock(p, fd, &so);
  return err ? err : soshutdown(so, how);
}

int sys_getsockname(struct proc *p, int fd, struct so_addr *nam)
{
  struct socket *so;
  int err = sys_getsock(p, fd, &so);
  return err ? err : sogetsockname(so, nam);
}

int sys_getpeername(struct proc *p, int fd, struct so_addr *nam)
{
  struct socket *so;
  int err = sys_getsock(p, fd, &so);
  return err ? err : sogetpeername(so, nam);
}

int sys_setsockopt(struct proc *p, int fd, int level, int name, int val,
                   int onoff)
{
  struct socket *so;
  int err = sys_getsock(p, fd, &so);
  return err ? err : sosetopt(so, level, name, val, onoff);
}

int sys_getsockopt(struct proc *p, int fd, int level, int name, int *val,
                   int *onoff)
{
  struct socket *so;
  int err = sys_getsock(p, fd, &so);
  return err ? err : sogetopt(so, level, name, val, onoff);
}

/* Two sockets of (dom, type, proto) joined by soconnect2, as descriptors
 * open with flags[0] and flags[1] in fds: 4.4BSD's socketpair() and
 * pipe(), with their order of checks (socreate, then EMFILE). */
static int make_pair(struct proc *p, int dom, int type, int proto,
                     const int flags[2], int fds[2])
{
  struct socket *so[2] = { NULL, NULL };
  bool priv = p->uid == 0;
  int err = socreate(p->host, priv, dom, type, proto, &so[0]);
  if (!err && (err = socreate(p->host, priv, dom, type, proto, &so[1])))
    soclose(so[0]);
  if (err)
    return err;
  if (fdtab_limit(p->fd) - fdtab_count(p->fd) < 2)
    err = -EMFILE;
  if (!err)
    err = soconnect2(so[0], so[1]);
  if (err) {
    soclose(so[0]);
    soclose(so[1]);
    return err;
  }
  fds[0] = install(p, so[0], flags[0]);
  fds[1] = install(p, so[1], flags[1]);
  return 0;
}

int sys_socketpair(struct proc *p, int dom, int type, int proto, int sv[2])
{
  static const int rw[2] = { FILE_READ | FILE_WRITE, FILE_READ | FILE_WRITE };
  return make_pair(p, dom, type, proto, rw, sv);
}

int sys_pipe(struct proc *p, int fds[2])
{
  static const int flags[2] = { FILE_READ, FILE_WRITE };
  return make_pair(p, AF_UNIX, SOCK_STREAM, 0, flags, fds);
}
