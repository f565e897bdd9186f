/* hosts/fs.h: a host's small in-memory file system: directories, regular
 * files and socket names (AF_UNIX bind creates one). Enough for rwhod's
 * spool files and ruptime's directory listing (primer 4.3). Paths are
 * absolute ("/usr/spool/rwho/whod.monet"); "." and ".." are not
 * interpreted. A node lives while the tree or an open file references it,
 * so unlink of an open file removes its name but not its bytes, as in
 * UNIX. Errors are negative errnos with 4.4BSD's meaning: ENOENT, ENOTDIR,
 * EEXIST, EISDIR, EPERM (unlink of a directory), ENOTEMPTY, ENAMETOOLONG,
 * EFBIG (a file beyond 1 GiB).
 * Nothing here knows descriptors or processes. */
#ifndef IPCSIM_FS_H
#define IPCSIM_FS_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include "sim_time.h"

#define FS_NAME_MAX 255       /* 4.4BSD NAME_MAX */
#define FS_PATH_MAX 1024      /* 4.4BSD PATH_MAX */

enum fs_type {
  FS_DIR,                     /* a directory */
  FS_REG,                     /* a regular file */
  FS_SOCK,                    /* a UNIX-domain socket's name */
  FS_CHR,                     /* a character device (/dev/ttyp0) */
};

struct fs;
struct fs_node;

struct fs_stat {
  enum fs_type type;          /* what it is */
  uint64_t size;              /* bytes (regular files), entries (dirs) */
  uint32_t nlink;             /* names referring to it (0: unlinked) */
  uint32_t mode;              /* permission bits, as given at creation */
  sim_time_t mtime;           /* last modification, simulated */
  uint64_t ino;               /* inode number, unique in this fs */
  uint32_t rdev;              /* FS_CHR: the device number */
};

/* A new file system holding only the root directory "/". */
struct fs *fs_new(void);

/* Frees the tree. Nodes still referenced by open files stay valid until
 * their last fs_node_unref. */
void fs_free(struct fs *fs);

/* Finds path. Returns 0 and a new reference in *out, or -ENOENT,
 * -ENOTDIR (a middle component is not a directory), -ENAMETOOLONG,
 * -EINVAL (not absolute). */
int fs_lookup(struct fs *fs, const char *path, struct fs_node **out);

/* Creates path as a new node of type at time t; the parent must exist.
 * Returns 0 and a new reference in *out (out may be NULL), or -EEXIST and
 * the lookup errors. */
int fs_create(struct fs *fs, const char *path, enum fs_type type,
              uint32_t mode, sim_time_t t, struct fs_node **out);

/* Creates every missing directory along path (like mkdir -p). 0 or the
 * lookup errors (-ENOTDIR when a component is a file). */
int fs_mkdirs(struct fs *fs, const char *path, sim_time_t t);

/* Removes the name path: -EPERM for a directory (4.4BSD unlink), use
 * fs_rmdir; -ENOENT, -ENOTDIR as lookup. */
int fs_unlink(struct fs *fs, const char *path);

/* Removes an empty directory: -ENOTEMPTY, -ENOTDIR, -EBUSY for "/". */
int fs_rmdir(struct fs *fs, const char *path);

/* The sorted names in directory path (a NULL-terminated strv to free with
 * g_strfreev) into *names. 0, or the lookup errors, -ENOTDIR. */
int fs_list(struct fs *fs, const char *path, char ***names);

/* Reads up to len bytes at off. Returns the count (0 at or past the end),
 * or -EISDIR / -EINVAL for a node that is not a regular file. */
int64_t fs_read(struct fs_node *n, uint64_t off, void *buf, size_t len);

/* Writes len bytes at off (a gap reads as zeros), updating mtime to t.
 * Returns len, or -EISDIR / -EINVAL / -EFBIG. */
int64_t fs_write(struct fs_node *n, uint64_t off, const void *buf,
                 size_t len, sim_time_t t);

/* Cuts or extends (with zeros) a regular file to len. 0 or -EISDIR. */
int fs_truncate(struct fs_node *n, uint64_t len, sim_time_t t);

void fs_stat(const struct fs_node *n, struct fs_stat *st);

/* The socket bound to an FS_SOCK node (4.4BSD's v_socket), or NULL when
 * nobody is bound there any more. The file system never looks at it. */
void *fs_node_socket(const struct fs_node *n);
void fs_node_set_socket(struct fs_node *n, void *so);

/* An FS_CHR node's device number (hosts/tty_dev.c reads it). */
void fs_node_set_rdev(struct fs_node *n, uint32_t rdev);

/* References held by open files. */
struct fs_node *fs_node_ref(struct fs_node *n);
void fs_node_unref(struct fs_node *n);

#endif
