/* hosts/vfs_syscalls.c: the file calls over the host's in-memory file
 * system (see syscalls.h): open, creat, lseek, unlink, mkdir, rmdir,
 * stat, the directory listing behind opendir, and the open-file
 * operations of a file (4.4BSD's vn_* in kern/vfs_vnops.c): read and
 * write at the open file's offset, which dup and fork share. Files never
 * block. Not here: permissions (every process may do everything), links,
 * rename. Read: 4.4BSD kern/vfs_syscalls.c, kern/vfs_vnops.c (vn_open). */
#include "syscalls.h"
#include "fdtab.h"
#include "file.h"
#include "host.h"
#include "proc.h"
#include "tty.h"

#include <errno.h>

/* What a file's struct file points to. */
struct vnfile {
  struct fs_node *node;       /* the file (a reference) */
  uint64_t off;               /* the read/write offset */
  struct sim *sim;            /* the run, for modification times */
};

#define fp_vn(fp) ((struct vnfile *)(fp)->data)

/* ---- a file as an open file ---- */

static int vn_release(struct file *fp)
{
  fs_node_unref(fp_vn(fp)->node);
  g_free(fp_vn(fp));
  return 0;
}

static long vn_read(struct file *fp, void *buf, size_t len,
                    const void **wchan)
{
  struct vnfile *vf = fp_vn(fp);
  int64_t n = fs_read(vf->node, vf->off, buf, len);
  if (n > 0)
    vf->off += (uint64_t)n;
  return (long)n;
}

/* The node's size in bytes. */
static uint64_t size_of(const struct fs_node *n)
{
  struct fs_stat st;
  fs_stat(n, &st);
  return st.size;
}

/* The simulated time, for modification times. */
static sim_time_t now(struct proc *p)
{
  return sim_now(p->host->sim);
}

static long vn_write(struct file *fp, const void *buf, size_t len,
                     const void **wchan)
{
  struct vnfile *vf = fp_vn(fp);
  if (fp->flags & FILE_APPEND)
    vf->off = size_of(vf->node);
  int64_t n = fs_write(vf->node, vf->off, buf, len, sim_now(vf->sim));
  if (n > 0)
    vf->off += (uint64_t)n;
  return (long)n;
}

static int vn_ioctl(struct file *fp, unsigned long cmd, int *arg)
{
  struct vnfile *vf = fp_vn(fp);
  if (cmd == FIONREAD) {
    uint64_t size = size_of(vf->node);
    *arg = size > vf->off ? (int)MIN(size - vf->off, (uint64_t)G_MAXINT)
                          : 0;
    return 0;
  }
  return cmd == FIONBIO || cmd == FIOASYNC ? 0 : -ENOTTY;
}

static int vn_stat(struct file *fp, struct fs_stat *st)
{
  fs_stat(fp_vn(fp)->node, st);
  return 0;
}

static const struct file_ops vnode_ops = {
  .release = vn_release, .read = vn_read, .write = vn_write,
  .ioctl = vn_ioctl, .stat = vn_stat,            /* select: always ready */
};

/* ---- opening ---- */

/* path made absolute from "/" (newly allocated). */
static char *abs_path(const char *path)
{
  return path[0] == '/' ? g_strdup(path) : g_strconcat("/", path, NULL);
}

/* 4.4BSD vn_open: finds or creates the node for flags into *out. */
static int vn_open(struct proc *p, const char *path, int flags,
                   uint32_t mode, struct fs_node **out)
{
  struct fs *fs = p->host->fs;
  bool write = (flags & O_ACCMODE) != O_RDONLY;
  int err = fs_lookup(fs, path, out);
  if (err == -ENOENT && (flags & O_CREAT))
    return fs_create(fs, path, FS_REG, mode, now(p), out);
  if (err)
    return err;
  struct fs_stat st;
  fs_stat(*out, &st);
  if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
    err = -EEXIST;
  else if (st.type == FS_SOCK)
    err = -EOPNOTSUPP;
  else if (st.type == FS_DIR && (write || (flags & O_TRUNC)))
    err = -EISDIR;
  else if ((flags & O_TRUNC) && write && st.type != FS_CHR)
    err = fs_truncate(*out, 0, now(p));
  if (err)
    fs_node_unref(*out);
  return err;
}

/* The devices of /dev exist from the first look there (tty_dev.c). */
static void dev_ensure(struct proc *p, const char *full)
{
  if (g_str_has_prefix(full, "/dev"))
    tty_host_init(p->host);
}

/* open() of a device node n: the device's own open file. */
static int dev_open(struct proc *p, struct fs_node *n, int flags)
{
  struct fs_stat st;
  fs_stat(n, &st);
  fs_node_unref(n);
  struct file *fp;
  int err = tty_devopen(p, st.rdev, &fp);
  if (err)
    return err;
  fp->flags = (flags & O_ACCMODE) + 1;
  fp->flags |= flags & O_NONBLOCK;
  return fdtab_install(p->fd, fp);
}

int sys_open(struct proc *p, const char *path, int flags, uint32_t mode)
{
  if (fdtab_count(p->fd) >= fdtab_limit(p->fd))
    return -EMFILE;
  if ((flags & O_ACCMODE) == O_ACCMODE)
    return -EINVAL;
  char *full = abs_path(path);
  struct fs_node *n;
  dev_ensure(p, full);
  int err = vn_open(p, full, flags, mode, &n);
  g_free(full);
  if (err)
    return err;
  struct fs_stat st;
  fs_stat(n, &st);
  if (st.type == FS_CHR)
    return dev_open(p, n, flags);
  struct vnfile *vf = g_new0(struct vnfile, 1);
  vf->node = n;
  vf->sim = p->host->sim;
  struct file *fp = file_new(FILE_VNODE, &vnode_ops, vf);
  fp->flags = (flags & O_ACCMODE) + 1;          /* 4.4BSD FFLAGS() */
  fp->flags |= flags & (O_APPEND | O_NONBLOCK); /* FAPPEND, FNONBLOCK */
  return fdtab_install(p->fd, fp);
}

int sys_creat(struct proc *p, const char *path, uint32_t mode)
{
  return sys_open(p, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int64_t sys_lseek(struct proc *p, int fd, int64_t off, int whence)
{
  struct file *fp = fdtab_get(p->fd, fd);
  if (!fp)
    return -EBADF;
  if (fp->type != FILE_VNODE)
    return -ESPIPE;
  struct vnfile *vf = fp_vn(fp);
  int64_t base = whence == SEEK_SET ? 0
               : whence == SEEK_CUR ? (int64_t)vf->off
               : whence == SEEK_END ? (int64_t)size_of(vf->node) : -1;
  if (base < 0 || base + off < 0)
    return -EINVAL;
  vf->off = (uint64_t)(base + off);
  return (int64_t)vf->off;
}

/* ---- names ---- */

/* Runs op on path made absolute. */
static int on_path(const char *path, int (*op)(struct fs *, const char *),
                   struct fs *fs)
{
  char *full = abs_path(path);
  int err = op(fs, full);
  g_free(full);
  return err;
}

int sys_unlink(struct proc *p, const char *path)
{
  return on_path(path, fs_unlink, p->host->fs);
}

int sys_rmdir(struct proc *p, const char *path)
{
  return on_path(path, fs_rmdir, p->host->fs);
}

int sys_mkdir(struct proc *p, const char *path, uint32_t mode)
{
  char *full = abs_path(path);
  int err = fs_create(p->host->fs, full, FS_DIR, mode, now(p), NULL);
  g_free(full);
  return err;
}

int sys_stat(struct proc *p, const char *path, struct fs_stat *st)
{
  char *full = abs_path(path);
  struct fs_node *n;
  dev_ensure(p, full);
  int err = fs_lookup(p->host->fs, full, &n);
  g_free(full);
  if (err)
    return err;
  fs_stat(n, st);
  fs_node_unref(n);
  return 0;
}

int sys_listdir(struct proc *p, const char *path, char ***names)
{
  char *full = abs_path(path);
  dev_ensure(p, full);
  int err = fs_list(p->host->fs, full, names);
  g_free(full);
  return err;
}
