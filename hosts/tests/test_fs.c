/* hosts/tests/test_fs.c: the in-memory file system: what rwhod and
 * ruptime do (primer 4.3), and each error as 4.4BSD gives it. */
#include <errno.h>
#include <glib.h>
#include <string.h>

#include "fs.h"

/* rwhod writes /usr/spool/rwho/whod.<host>; ruptime lists the directory. */
static void test_rwho_spool(void)
{
  struct fs *fs = fs_new();
  g_assert_cmpint(fs_mkdirs(fs, "/usr/spool/rwho", 0), ==, 0);
  g_assert_cmpint(fs_mkdirs(fs, "/usr/spool/rwho", 0), ==, 0);  /* again */
  const char *hosts[] = { "monet", "degas", "renoir" };
  for (int i = 0; i < 3; i++) {
    char *path = g_strdup_printf("/usr/spool/rwho/whod.%s", hosts[i]);
    struct fs_node *n;
    g_assert_cmpint(fs_create(fs, path, FS_REG, 0644, 5 * SIM_S, &n), ==, 0);
    g_assert_cmpint(fs_write(n, 0, hosts[i], strlen(hosts[i]), 6 * SIM_S),
                    ==, (int64_t)strlen(hosts[i]));
    fs_node_unref(n);
    g_free(path);
  }
  char **names;
  g_assert_cmpint(fs_list(fs, "/usr/spool/rwho", &names), ==, 0);
  g_assert_cmpuint(g_strv_length(names), ==, 3);
  g_assert_cmpstr(names[0], ==, "whod.degas");         /* sorted */
  g_assert_cmpstr(names[1], ==, "whod.monet");
  g_assert_cmpstr(names[2], ==, "whod.renoir");
  g_strfreev(names);
  struct fs_node *n;
  g_assert_cmpint(fs_lookup(fs, "//usr/spool/rwho/whod.monet", &n), ==, 0);
  char buf[16] = { 0 };
  g_assert_cmpint(fs_read(n, 0, buf, sizeof buf), ==, 5);
  g_assert_cmpstr(buf, ==, "monet");
  struct fs_stat st;
  fs_stat(n, &st);
  g_assert_cmpint(st.type, ==, FS_REG);
  g_assert_cmpuint(st.size, ==, 5);
  g_assert_cmpint(st.mtime, ==, 6 * SIM_S);
  g_assert_cmpuint(st.nlink, ==, 1);
  fs_node_unref(n);
  fs_free(fs);
}

static void test_read_write(void)
{
  struct fs *fs = fs_new();
  struct fs_node *n;
  g_assert_cmpint(fs_create(fs, "/f", FS_REG, 0600, 0, &n), ==, 0);
  g_assert_cmpint(fs_write(n, 4, "ab", 2, 1), ==, 2);      /* gap of zeros */
  char buf[8];
  g_assert_cmpint(fs_read(n, 0, buf, sizeof buf), ==, 6);
  g_assert_cmpmem(buf, 6, "\0\0\0\0ab", 6);
  g_assert_cmpint(fs_read(n, 6, buf, 1), ==, 0);            /* at the end */
  g_assert_cmpint(fs_read(n, 99, buf, 1), ==, 0);
  g_assert_cmpint(fs_truncate(n, 2, 2), ==, 0);
  g_assert_cmpint(fs_read(n, 0, buf, sizeof buf), ==, 2);
  g_assert_cmpint(fs_truncate(n, 3, 2), ==, 0);
  g_assert_cmpint(fs_read(n, 0, buf, sizeof buf), ==, 3);
  g_assert_cmpint(buf[2], ==, 0);
  g_assert_cmpint(fs_write(n, UINT64_C(1) << 40, "x", 1, 3), ==, -EFBIG);
  fs_node_unref(n);
  fs_free(fs);
}

static void test_errors(void)
{
  struct fs *fs = fs_new();
  struct fs_node *n;
  g_assert_cmpint(fs_create(fs, "/a", FS_REG, 0644, 0, NULL), ==, 0);
  g_assert_cmpint(fs_create(fs, "/a", FS_REG, 0644, 0, NULL), ==, -EEXIST);
  g_assert_cmpint(fs_create(fs, "/", FS_DIR, 0755, 0, NULL), ==, -EEXIST);
  g_assert_cmpint(fs_lookup(fs, "/nope", &n), ==, -ENOENT);
  g_assert_cmpint(fs_create(fs, "/x/y", FS_REG, 0, 0, NULL), ==, -ENOENT);
  g_assert_cmpint(fs_lookup(fs, "/a/b", &n), ==, -ENOTDIR);
  g_assert_cmpint(fs_create(fs, "/a/b", FS_REG, 0, 0, NULL), ==, -ENOTDIR);
  g_assert_cmpint(fs_mkdirs(fs, "/a/b", 0), ==, -ENOTDIR);
  g_assert_cmpint(fs_lookup(fs, "relative", &n), ==, -EINVAL);
  char *long_name = g_strnfill(FS_NAME_MAX + 1, 'n');
  char *p = g_strconcat("/", long_name, NULL);
  g_assert_cmpint(fs_lookup(fs, p, &n), ==, -ENAMETOOLONG);
  g_free(p);
  g_free(long_name);
  char *long_path = g_strnfill(FS_PATH_MAX, '/');
  g_assert_cmpint(fs_lookup(fs, long_path, &n), ==, -ENAMETOOLONG);
  g_free(long_path);
  g_assert_cmpint(fs_lookup(fs, "/", &n), ==, 0);
  char buf[1];
  g_assert_cmpint(fs_read(n, 0, buf, 1), ==, -EISDIR);
  g_assert_cmpint(fs_write(n, 0, buf, 1, 0), ==, -EISDIR);
  fs_node_unref(n);
  char **names;
  g_assert_cmpint(fs_list(fs, "/a", &names), ==, -ENOTDIR);
  fs_free(fs);
}

static void test_unlink_rmdir(void)
{
  struct fs *fs = fs_new();
  g_assert_cmpint(fs_mkdirs(fs, "/d/e", 0), ==, 0);
  g_assert_cmpint(fs_create(fs, "/d/sock", FS_SOCK, 0777, 0, NULL), ==, 0);
  g_assert_cmpint(fs_unlink(fs, "/d"), ==, -EPERM);        /* a directory */
  g_assert_cmpint(fs_unlink(fs, "/"), ==, -EPERM);
  g_assert_cmpint(fs_rmdir(fs, "/d"), ==, -ENOTEMPTY);
  g_assert_cmpint(fs_rmdir(fs, "/d/sock"), ==, -ENOTDIR);
  g_assert_cmpint(fs_rmdir(fs, "/"), ==, -EBUSY);
  g_assert_cmpint(fs_unlink(fs, "/d/sock"), ==, 0);         /* socket name */
  g_assert_cmpint(fs_unlink(fs, "/d/sock"), ==, -ENOENT);
  g_assert_cmpint(fs_rmdir(fs, "/d/e"), ==, 0);
  g_assert_cmpint(fs_rmdir(fs, "/d"), ==, 0);
  char **names;
  g_assert_cmpint(fs_list(fs, "/", &names), ==, 0);
  g_assert_null(names[0]);
  g_strfreev(names);
  fs_free(fs);
}

/* An open file outlives its name, and even the file system. */
static void test_unlink_open(void)
{
  struct fs *fs = fs_new();
  struct fs_node *n;
  g_assert_cmpint(fs_create(fs, "/tmp", FS_REG, 0644, 0, &n), ==, 0);
  g_assert_cmpint(fs_write(n, 0, "data", 4, 0), ==, 4);
  g_assert_cmpint(fs_unlink(fs, "/tmp"), ==, 0);
  struct fs_stat st;
  fs_stat(n, &st);
  g_assert_cmpuint(st.nlink, ==, 0);
  g_assert_cmpint(fs_create(fs, "/tmp", FS_REG, 0644, 0, NULL), ==, 0);
  fs_free(fs);
  char buf[4];
  g_assert_cmpint(fs_read(n, 0, buf, 4), ==, 4);           /* still there */
  g_assert_cmpmem(buf, 4, "data", 4);
  fs_node_unref(n);                                         /* now freed */
}

static void test_inodes_unique(void)
{
  struct fs *fs = fs_new();
  struct fs_node *a, *b;
  g_assert_cmpint(fs_create(fs, "/a", FS_REG, 0, 0, &a), ==, 0);
  g_assert_cmpint(fs_create(fs, "/b", FS_DIR, 0, 0, &b), ==, 0);
  struct fs_stat sa, sb;
  fs_stat(a, &sa);
  fs_stat(b, &sb);
  g_assert_cmpuint(sa.ino, !=, sb.ino);
  g_assert_cmpint(sb.type, ==, FS_DIR);
  g_assert_cmpuint(sb.size, ==, 0);
  fs_node_unref(a);
  fs_node_unref(b);
  fs_free(fs);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/fs/rwho-spool", test_rwho_spool);
  g_test_add_func("/fs/read-write", test_read_write);
  g_test_add_func("/fs/errors", test_errors);
  g_test_add_func("/fs/unlink-rmdir", test_unlink_rmdir);
  g_test_add_func("/fs/unlink-open", test_unlink_open);
  g_test_add_func("/fs/inodes-unique", test_inodes_unique);
  return g_test_run();
}
