/* hosts/fs.c: the in-memory file system (see fs.h). A directory maps names
 * to nodes in a hash table that holds one reference per name; open files
 * hold their own. Paths are split into components and walked from the
 * root; listings are sorted so runs are deterministic. */
#include "fs.h"

#include <errno.h>
#include <string.h>

#define FILE_SIZE_MAX (UINT64_C(1) << 30)   /* -EFBIG beyond 1 GiB */

struct fs_node {
  enum fs_type type;          /* what it is */
  uint32_t refs;              /* names + open references */
  uint32_t nlink;             /* names */
  uint32_t mode;              /* permission bits as given */
  sim_time_t mtime;           /* last modification */
  uint64_t ino;               /* inode number */
  GByteArray *data;           /* FS_REG: the bytes */
  GHashTable *children;       /* FS_DIR: name -> node (one ref each) */
  void *sock;                 /* FS_SOCK: the bound socket, or NULL */
  uint32_t rdev;              /* FS_CHR: the device number */
};

struct fs {
  struct fs_node *root;       /* "/" */
  uint64_t next_ino;          /* last inode number handed out */
};

static struct fs_node *node_new(struct fs *fs, enum fs_type type,
                                uint32_t mode, sim_time_t t)
{
  struct fs_node *n = g_new0(struct fs_node, 1);
  n->type = type;
  n->refs = 1;
  n->mode = mode;
  n->mtime = t;
  n->ino = ++fs->next_ino;
  if (type == FS_REG)
    n->data = g_byte_array_new();
  if (type == FS_DIR)
    n->children = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify)fs_node_unref);
  return n;
}

struct fs_node *fs_node_ref(struct fs_node *n)
{
  n->refs++;
  return n;
}

void fs_node_unref(struct fs_node *n)
{
  if (!n || --n->refs > 0)
    return;
  if (n->data)
    g_byte_array_free(n->data, TRUE);
  if (n->children)
    g_hash_table_destroy(n->children);
  g_free(n);
}

struct fs *fs_new(void)
{
  struct fs *fs = g_new0(struct fs, 1);
  fs->root = node_new(fs, FS_DIR, 0755, 0);
  fs->root->nlink = 1;
  return fs;
}

void fs_free(struct fs *fs)
{
  if (!fs)
    return;
  fs_node_unref(fs->root);
  g_free(fs);
}

/* Splits an absolute path into its non-empty components. */
static int split(const char *path, char ***parts)
{
  *parts = NULL;              /* every caller frees it, error or not */
  if (!path || path[0] != '/')
    return -EINVAL;
  if (strlen(path) >= FS_PATH_MAX)
    return -ENAMETOOLONG;
  char **all = g_strsplit(path, "/", -1);
  GPtrArray *keep = g_ptr_array_new();
  int err = 0;
  for (char **p = all; *p; p++) {
    if (strlen(*p) > FS_NAME_MAX)
      err = -ENAMETOOLONG;
    if (**p)
      g_ptr_array_add(keep, g_strdup(*p));
  }
  g_strfreev(all);
  g_ptr_array_add(keep, NULL);
  *parts = (char **)g_ptr_array_free(keep, FALSE);
  if (err)
    g_clear_pointer(parts, g_strfreev);
  return err;
}

/* Walks the first n components from the root. Borrowed node or error. */
static int walk(struct fs *fs, char **parts, guint n, struct fs_node **out)
{
  struct fs_node *cur = fs->root;
  for (guint i = 0; i < n; i++) {
    if (cur->type != FS_DIR)
      return -ENOTDIR;
    cur = g_hash_table_lookup(cur->children, parts[i]);
    if (!cur)
      return -ENOENT;
  }
  *out = cur;
  return 0;
}

int fs_lookup(struct fs *fs, const char *path, struct fs_node **out)
{
  char **parts;
  int err = split(path, &parts);
  if (err)
    return err;
  struct fs_node *n;
  err = walk(fs, parts, g_strv_length(parts), &n);
  g_strfreev(parts);
  if (!err)
    *out = fs_node_ref(n);
  return err;
}

/* The directory holding path's last component, and that component. */
static int parent_of(struct fs *fs, char **parts, struct fs_node **dir,
                     const char **name)
{
  guint n = g_strv_length(parts);
  if (n == 0)
    return -EEXIST;                       /* "/" itself */
  int err = walk(fs, parts, n - 1, dir);
  if (!err && (*dir)->type != FS_DIR)
    err = -ENOTDIR;
  *name = parts[n - 1];
  return err;
}

int fs_create(struct fs *fs, const char *path, enum fs_type type,
              uint32_t mode, sim_time_t t, struct fs_node **out)
{
  char **parts;
  int err = split(path, &parts);
  struct fs_node *dir = NULL;
  const char *name = NULL;
  if (!err)
    err = parent_of(fs, parts, &dir, &name);
  if (!err && g_hash_table_contains(dir->children, name))
    err = -EEXIST;
  if (!err) {
    struct fs_node *n = node_new(fs, type, mode, t);
    n->nlink = 1;
    g_hash_table_insert(dir->children, g_strdup(name), n);
    dir->mtime = t;
    if (out)
      *out = fs_node_ref(n);
  }
  g_strfreev(parts);
  return err;
}

int fs_mkdirs(struct fs *fs, const char *path, sim_time_t t)
{
  char **parts;
  int err = split(path, &parts);
  GString *sofar = g_string_new(NULL);
  for (char **p = parts; !err && *p; p++) {
    g_string_append_printf(sofar, "/%s", *p);
    struct fs_node *n;
    err = fs_lookup(fs, sofar->str, &n);
    if (!err) {
      err = n->type == FS_DIR ? 0 : -ENOTDIR;
      fs_node_unref(n);
    } else if (err == -ENOENT) {
      err = fs_create(fs, sofar->str, FS_DIR, 0755, t, NULL);
    }
  }
  g_string_free(sofar, TRUE);
  g_strfreev(parts);
  return err;
}

/* Removes name from dir (the caller checked the node's kind). */
static void remove_name(struct fs_node *dir, const char *name)
{
  struct fs_node *n = g_hash_table_lookup(dir->children, name);
  n->nlink--;
  g_hash_table_remove(dir->children, name);   /* drops the name's ref */
}

/* Finds path's parent and node for unlink/rmdir. */
static int find_for_removal(struct fs *fs, const char *path, char ***parts,
                            struct fs_node **dir, struct fs_node **node)
{
  const char *name;
  int err = split(path, parts);
  if (!err && !**parts)
    err = -EBUSY;                         /* the root */
  if (!err)
    err = parent_of(fs, *parts, dir, &name);
  if (!err && !(*node = g_hash_table_lookup((*dir)->children, name)))
    err = -ENOENT;
  return err;
}

int fs_unlink(struct fs *fs, const char *path)
{
  char **parts = NULL;
  struct fs_node *dir, *n;
  int err = find_for_removal(fs, path, &parts, &dir, &n);
  if (err == -EBUSY || (!err && n->type == FS_DIR))
    err = -EPERM;
  if (!err)
    remove_name(dir, parts[g_strv_length(parts) - 1]);
  g_strfreev(parts);
  return err;
}

int fs_rmdir(struct fs *fs, const char *path)
{
  char **parts = NULL;
  struct fs_node *dir, *n;
  int err = find_for_removal(fs, path, &parts, &dir, &n);
  if (!err && n->type != FS_DIR)
    err = -ENOTDIR;
  if (!err && g_hash_table_size(n->children) > 0)
    err = -ENOTEMPTY;
  if (!err)
    remove_name(dir, parts[g_strv_length(parts) - 1]);
  g_strfreev(parts);
  return err;
}

int fs_list(struct fs *fs, const char *path, char ***names)
{
  struct fs_node *n;
  int err = fs_lookup(fs, path, &n);
  if (err)
    return err;
  if (n->type != FS_DIR) {
    fs_node_unref(n);
    return -ENOTDIR;
  }
  GList *keys = g_list_sort(g_hash_table_get_keys(n->children),
                            (GCompareFunc)strcmp);
  GStrvBuilder *b = g_strv_builder_new();
  for (GList *k = keys; k; k = k->next)
    g_strv_builder_add(b, k->data);
  *names = g_strv_builder_end(b);
  g_strv_builder_unref(b);
  g_list_free(keys);
  fs_node_unref(n);
  return 0;
}

/* -EISDIR for a directory, -EINVAL for other non-files, else 0. */
static int regular(const struct fs_node *n)
{
  return n->type == FS_REG ? 0 : n->type == FS_DIR ? -EISDIR : -EINVAL;
}

int64_t fs_read(struct fs_node *n, uint64_t off, void *buf, size_t len)
{
  int err = regular(n);
  if (err)
    return err;
  if (off >= n->data->len)
    return 0;
  size_t got = MIN(len, n->data->len - off);
  memcpy(buf, n->data->data + off, got);
  return (int64_t)got;
}

int64_t fs_write(struct fs_node *n, uint64_t off, const void *buf,
                 size_t len, sim_time_t t)
{
  int err = regular(n);
  if (err)
    return err;
  if (off > FILE_SIZE_MAX || len > FILE_SIZE_MAX - off)
    return -EFBIG;
  if (off + len > n->data->len) {
    guint old = n->data->len;
    g_byte_array_set_size(n->data, (guint)(off + len));
    memset(n->data->data + old, 0, n->data->len - old);
  }
  if (len > 0)                /* an empty file's data may be NULL */
    memcpy(n->data->data + off, buf, len);
  n->mtime = t;
  return (int64_t)len;
}

int fs_truncate(struct fs_node *n, uint64_t len, sim_time_t t)
{
  int err = regular(n);
  if (err)
    return err;
  if (len > FILE_SIZE_MAX)
    return -EFBIG;
  guint old = n->data->len;
  g_byte_array_set_size(n->data, (guint)len);
  if (len > old)
    memset(n->data->data + old, 0, len - old);
  n->mtime = t;
  return 0;
}

void *fs_node_socket(const struct fs_node *n)
{
  return n->sock;
}

void fs_node_set_socket(struct fs_node *n, void *so)
{
  g_return_if_fail(n->type == FS_SOCK);
  n->sock = so;
}

void fs_node_set_rdev(struct fs_node *n, uint32_t rdev)
{
  g_return_if_fail(n->type == FS_CHR);
  n->rdev = rdev;
}

void fs_stat(const struct fs_node *n, struct fs_stat *st)
{
  st->type = n->type;
  st->size = n->type == FS_REG ? n->data->len
           : n->type == FS_DIR ? g_hash_table_size(n->children) : 0;
  st->nlink = n->nlink;
  st->mode = n->mode;
  st->mtime = n->mtime;
  st->ino = n->ino;
  st->rdev = n->rdev;
}
