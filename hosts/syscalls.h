/* hosts/syscalls.h: the system calls a process makes on descriptors:
 * sockets (uipc_syscalls.c), files of the host's file system
 * (vfs_syscalls.c) and both (sys_generic.c: read, write, ioctl, select,
 * close, dup). Each takes the calling process (its descriptor table, uid,
 * host) and returns a result or a negative errno, checking in 4.4BSD's
 * order. Nothing here sleeps: a call that would block returns
 * -EWOULDBLOCK (or a short count) with *wchan, the channel to sleep on;
 * the caller sleeps there (proc_tsleep_intr) and calls again with what is
 * left. *wchan NULL means the descriptor is non-blocking: the result is
 * final. The Lua glue (sim/lua/lsim_sock.c, lsim_fd.c, lsim_fs.c) is the
 * usual caller. Read: 4.4BSD kern/uipc_syscalls.c, kern/sys_generic.c,
 * kern/vfs_syscalls.c, kern/sys_socket.c. */
#ifndef IPCSIM_SYSCALLS_H
#define IPCSIM_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fs.h"
#include "socket.h"

struct pbuf_owner;
struct proc;
struct socket;

#if defined(_FCNTL_H) || defined(_SYS_FCNTL_H_)
#error "hosts/syscalls.h defines 4.4BSD O_* values; do not mix with <fcntl.h>"
#endif

/* open() flags, 4.4BSD's values (sys/fcntl.h). */
#define O_RDONLY   0x0000     /* read only */
#define O_WRONLY   0x0001     /* write only */
#define O_RDWR     0x0002     /* read and write */
#define O_ACCMODE  0x0003     /* the three above */
#define O_NONBLOCK 0x0004     /* non-blocking */
#define O_APPEND   0x0008     /* every write at the end */
#define O_CREAT    0x0200     /* create if missing */
#define O_TRUNC    0x0400     /* cut to 0 bytes */
#define O_EXCL     0x0800     /* with O_CREAT: fail if it exists */

/* lseek() whence. */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* ---- sockets (uipc_syscalls.c) ---- */

/* The socket open at fd: 0, or -EBADF, -ENOTSOCK. */
int sys_getsock(struct proc *p, int fd, struct socket **so);

/* socket(): a descriptor (-EMFILE first when the table is full), or
 * socreate's errors. */
int sys_socket(struct proc *p, int dom, int type, int proto);

/* bind(), listen(): sobind(), solisten() on fd's socket. */
int sys_bind(struct proc *p, int fd, const struct so_addr *nam);
int sys_listen(struct proc *p, int fd, int backlog);

/* accept(): a new descriptor for the next connection, its peer in *nam.
 * soaccept's errors, -EMFILE (the connection stays queued). */
int sys_accept(struct proc *p, int fd, struct so_addr *nam,
               const void **wchan);

/* connect(): soconnect() (0, -EINPROGRESS, errors); after 0 loop on
 * sys_connect_wait() until it stops returning -EWOULDBLOCK. A signal
 * ending the wait: call sys_connect_intr() and report EINTR. */
int sys_connect(struct proc *p, int fd, const struct so_addr *nam);
int sys_connect_wait(struct proc *p, int fd, const void **wchan);
void sys_connect_intr(struct proc *p, int fd);

/* send(), sendto() (to may be NULL), write() on a socket: sosend(). */
long sys_sendto(struct proc *p, int fd, const void *buf, size_t len,
                int flags, const struct so_addr *to, const void **wchan);

/* sys_sendto() of bytes lent by lender, as sys_write_lent(). */
long sys_sendto_lent(struct proc *p, int fd, const void *buf, size_t len,
                     int flags, const struct so_addr *to,
                     struct pbuf_owner *lender, const void **wchan);

/* recv(), recvfrom(): soreceive(); *from (may be NULL) gets the sender
 * (family AF_UNSPEC when the protocol gives none), *outflags MSG_TRUNC. */
long sys_recvfrom(struct proc *p, int fd, void *buf, size_t len, int flags,
                  struct so_addr *from, int *outflags, const void **wchan);

/* Descriptors passed by sendmsg() and recvmsg() (access rights,
 * SCM_RIGHTS over AF_UNIX sockets): the host's own form, never Linux's
 * cmsghdr (the exec channel translates; Lua processes pass none). */
#define SYS_RIGHTS_MAX 253    /* per message (Linux's SCM_MAX_FD) */
struct sys_rights {
  unsigned n;                 /* sendmsg: descriptors to pass; recvmsg:
                               * descriptors received */
  unsigned room;              /* recvmsg: how many the caller can take */
  int fds[SYS_RIGHTS_MAX];    /* the descriptors, in order */
};

/* sendmsg(): sys_sendto() passing rights->fds (rights NULL or n 0: none)
 * with the data's first piece (sosend_rights). The sender keeps its
 * descriptors; the open files stay alive while in flight. -EINVAL for
 * more than SYS_RIGHTS_MAX or on a socket that passes none (TCP, UDP,
 * raw); -EBADF when one is not open (found before the socket's own
 * errors, where 4.4BSD finds it in PRU_SEND after them). The rights have
 * gone when the result is >= 0: a caller sending the rest of a stream
 * after a short count passes none. */
long sys_sendmsg(struct proc *p, int fd, const void *buf, size_t len,
                 int flags, const struct so_addr *to,
                 const struct sys_rights *rights, const void **wchan);

/* recvmsg(): sys_recvfrom() that installs the descriptors passed with
 * the data it reads at the lowest free numbers of p's table, at most
 * rights->room of them (rights NULL: a plain receive, which closes them).
 * Those that do not fit the room or the table are closed and *outflags
 * gets MSG_CTRUNC (as Linux; 4.4BSD failed with EMSGSIZE on a full
 * table). MSG_PEEK leaves them queued and installs none. */
long sys_recvmsg(struct proc *p, int fd, void *buf, size_t len, int flags,
                 struct so_addr *from, int *outflags,
                 struct sys_rights *rights, const void **wchan);

/* shutdown(), getsockname(), getpeername(), setsockopt(),
 * getsockopt(): the socket layer's calls (socketvar.h) on fd's socket. */
int sys_shutdown(struct proc *p, int fd, int how);
int sys_getsockname(struct proc *p, int fd, struct so_addr *nam);
int sys_getpeername(struct proc *p, int fd, struct so_addr *nam);

/* fd's local and remote socket addresses as text ("addr:port" or an
 * AF_UNIX path), newly allocated into *local and *remote (left as they
 * are when unknown): from the pcb, else from the socket's last recorded
 * TCP event. For the record of a failed call. (sock_names.c) */
void sys_sock_names(struct proc *p, int fd, char **local, char **remote);
int sys_setsockopt(struct proc *p, int fd, int level, int name, int val,
                   int onoff);
int sys_getsockopt(struct proc *p, int fd, int level, int name, int *val,
                   int *onoff);

/* socketpair(): two joined sockets in sv[0], sv[1]. */
int sys_socketpair(struct proc *p, int dom, int type, int proto, int sv[2]);

/* pipe(), as 4.4BSD builds it: an AF_UNIX stream pair, fds[0] open for
 * reading only and fds[1] for writing only (the other direction is never
 * used: read on fds[1] or write on fds[0] is EBADF). */
int sys_pipe(struct proc *p, int fds[2]);

/* ---- any descriptor (sys_generic.c) ---- */

/* read(), write(): -EBADF unless open for it; then the file's read/write
 * (a socket's soreceive/sosend; write on a socket that cannot send more is
 * -EPIPE, after posting SIGPIPE to p). */
long sys_read(struct proc *p, int fd, void *buf, size_t len,
              const void **wchan);
long sys_write(struct proc *p, int fd, const void *buf, size_t len,
               const void **wchan);

/* sys_write() of bytes that stay unchanged until lender is released
 * (struct pbuf_owner, pbuf.h): a stream socket keeps pieces of them in
 * its buffer instead of copies (sosend_lent); other files copy. The
 * caller keeps its reference to lender and drops it after the call. */
long sys_write_lent(struct proc *p, int fd, const void *buf, size_t len,
                    struct pbuf_owner *lender, const void **wchan);

/* ioctl(): FIONBIO and FIOASYNC also set FILE_NONBLOCK / FILE_ASYNC on the
 * open file, as 4.4BSD's ioctl does; then the file's ioctl. -EBADF,
 * -ENOTTY (files), -EOPNOTSUPP (sockets, unknown requests). */
int sys_ioctl(struct proc *p, int fd, unsigned long cmd, int *arg);

/* fcntl(): F_DUPFD (the lowest free descriptor >= arg), F_GETFD and
 * F_SETFD (kept, no exec), F_GETFL (O_ACCMODE | O_NONBLOCK | O_APPEND |
 * O_ASYNC), F_SETFL (O_NONBLOCK, O_APPEND, O_ASYNC: the file's ioctl
 * hears FIONBIO and FIOASYNC, as 4.4BSD), F_GETOWN and F_SETOWN (a
 * socket's so_pgid as SIOCGPGRP/SIOCSPGRP; a terminal's group as
 * TIOCGPGRP/TIOCSPGRP, pid > 0 standing for its process group; -ENOTTY
 * for a file, -ESRCH for no such pid). The result in *ret. -EBADF,
 * -EINVAL (an unknown cmd, F_DUPFD arg out of range), -EMFILE. */
int sys_fcntl(struct proc *p, int fd, int cmd, int arg, int *ret);

/* select()'s scan: bits[0..2] (read, write, exception; bit fd = 1 << fd)
 * over descriptors 0..nfds-1 (nfds above the table's size is cut to it,
 * as 4.4BSD does; negative is -EINVAL) are replaced by the ready ones.
 * Returns how many bits are set, or -EBADF for a bit of a descriptor that
 * is not open. To wait, sleep on &so_selwait (socketvar.h) and scan again. */
int sys_select(struct proc *p, int nfds, uint64_t bits[3]);

/* close(), dup(), dup2(): fdtab.h's calls on the process's table (the
 * last close of a socket closes it: soclose). */
int sys_close(struct proc *p, int fd);

/* Before close(fd): when fd is the last descriptor of a socket that
 * lingers (SO_LINGER), soclose_linger's answer: -EWOULDBLOCK with *wchan
 * and *linger (seconds) to sleep, or 0 to close now. -EBADF when fd is
 * not open. */
int sys_close_linger(struct proc *p, int fd, const void **wchan,
                     int *linger);
int sys_dup(struct proc *p, int fd);
int sys_dup2(struct proc *p, int fd, int fd2);

/* fstat(): sockets report type FS_SOCK and size 0. */
int sys_fstat(struct proc *p, int fd, struct fs_stat *st);

/* ---- files (vfs_syscalls.c) ---- */

/* Paths are absolute, or taken from "/" (every process's working
 * directory). Errors: the fs lookup errors (ENOENT, ENOTDIR, ...). */

/* open(): a descriptor. -EMFILE first; -EINVAL for O_ACCMODE; with O_CREAT
 * a missing file is made (mode as given), an existing one is -EEXIST with
 * O_EXCL; -EOPNOTSUPP for a socket's name; -EISDIR to write a directory;
 * O_TRUNC empties it. */
int sys_open(struct proc *p, const char *path, int flags, uint32_t mode);

/* creat(): open(path, O_WRONLY | O_CREAT | O_TRUNC, mode). */
int sys_creat(struct proc *p, const char *path, uint32_t mode);

/* lseek(): the new offset; -ESPIPE for a socket, -EINVAL for a bad
 * whence or a negative result. */
int64_t sys_lseek(struct proc *p, int fd, int64_t off, int whence);

/* unlink(), mkdir(), rmdir(), stat(): fs.h's calls on the host's file
 * system, with their errors (unlink of a directory is -EPERM). */
int sys_unlink(struct proc *p, const char *path);
int sys_mkdir(struct proc *p, const char *path, uint32_t mode);
int sys_rmdir(struct proc *p, const char *path);
int sys_stat(struct proc *p, const char *path, struct fs_stat *st);

/* The sorted names in directory path (g_strfreev them), for opendir. */
int sys_listdir(struct proc *p, const char *path, char ***names);

#endif
