/* hosts/tests/test_fdtab.c: descriptor tables and open-file references,
 * with a fake file type that counts its releases. Covers the primer's
 * Figure 2 pattern: after fork, the child closes the listening socket and
 * the parent the connected one, and each object goes exactly when its
 * last descriptor does. */
#include <errno.h>
#include <glib.h>

#include "fdtab.h"
#include "file.h"

struct fake {
  int released;               /* release calls */
  int error;                  /* what release returns */
};

static int fake_release(struct file *fp)
{
  struct fake *f = fp->data;
  f->released++;
  return f->error;
}

static const struct file_ops fake_ops = { fake_release };

static struct file *fake_file(struct fake *f)
{
  return file_new(FILE_SOCKET, &fake_ops, f);
}

static void test_install_lowest(void)
{
  struct fake f[4] = { 0 };
  struct fdtab *t = fdtab_new(FDTAB_OPEN_MAX);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint(fdtab_install(t, fake_file(&f[i])), ==, i);
  g_assert_cmpint(fdtab_close(t, 1), ==, 0);
  g_assert_cmpint(f[1].released, ==, 1);
  g_assert_cmpint(fdtab_install(t, fake_file(&f[3])), ==, 1);
  g_assert_cmpint(fdtab_count(t), ==, 3);
  g_assert_true(fdtab_get(t, 1)->data == &f[3]);
  fdtab_free(t);
  for (int i = 0; i < 4; i++)
    g_assert_cmpint(f[i].released, ==, 1);
}

static void test_emfile(void)
{
  struct fake f[5] = { 0 };
  struct fdtab *t = fdtab_new(4);
  for (int i = 0; i < 4; i++)
    g_assert_cmpint(fdtab_install(t, fake_file(&f[i])), ==, i);
  g_assert_cmpint(fdtab_install(t, fake_file(&f[4])), ==, -EMFILE);
  g_assert_cmpint(f[4].released, ==, 1);      /* its reference was dropped */
  g_assert_cmpint(fdtab_dup(t, 0), ==, -EMFILE);
  g_assert_cmpint(fdtab_limit(t), ==, 4);
  fdtab_free(t);
}

/* A process's table (proc_new uses FDTAB_OPEN_MAX) holds 4.4BSD's
 * OPEN_MAX of 64 descriptors, 0..63; the 65th open, a dup or a dup2 to
 * 64 fails with EMFILE / EBADF as in 4.4BSD, and a forked copy keeps the
 * limit. */
static void test_open_max(void)
{
  g_assert_cmpint(FDTAB_OPEN_MAX, ==, 64);
  struct fake f[65] = { 0 };
  struct fdtab *t = fdtab_new(FDTAB_OPEN_MAX);
  for (int i = 0; i < 64; i++)
    g_assert_cmpint(fdtab_install(t, fake_file(&f[i])), ==, i);
  g_assert_cmpint(fdtab_install(t, fake_file(&f[64])), ==, -EMFILE);
  g_assert_cmpint(fdtab_dup(t, 0), ==, -EMFILE);
  g_assert_cmpint(fdtab_dup2(t, 0, 64), ==, -EBADF);
  struct fdtab *c = fdtab_copy(t);
  g_assert_cmpint(fdtab_limit(c), ==, 64);
  g_assert_cmpint(fdtab_count(c), ==, 64);
  g_assert_cmpint(fdtab_dup(c, 5), ==, -EMFILE);
  fdtab_free(c);
  fdtab_free(t);
  for (int i = 0; i < 65; i++)
    g_assert_cmpint(f[i].released, ==, 1);
}

static void test_ebadf(void)
{
  struct fake f = { 0 };
  struct fdtab *t = fdtab_new(8);
  int fd = fdtab_install(t, fake_file(&f));
  int bad[] = { -1, 1, 7, 8, 1000 };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_assert_cmpint(fdtab_close(t, bad[i]), ==, -EBADF);
    g_assert_cmpint(fdtab_dup(t, bad[i]), ==, -EBADF);
    g_assert_null(fdtab_get(t, bad[i]));
  }
  g_assert_cmpint(fdtab_close(t, fd), ==, 0);
  g_assert_cmpint(fdtab_close(t, fd), ==, -EBADF);  /* twice */
  fdtab_free(t);
}

static void test_release_on_last(void)
{
  struct fake f = { .error = -ECONNRESET };
  struct fdtab *t = fdtab_new(8);
  int a = fdtab_install(t, fake_file(&f));
  int b = fdtab_dup(t, a);
  g_assert_cmpint(b, ==, 1);
  g_assert_cmpuint(fdtab_get(t, a)->refs, ==, 2);
  g_assert_cmpint(fdtab_close(t, a), ==, 0);
  g_assert_cmpint(f.released, ==, 0);
  g_assert_cmpint(fdtab_close(t, b), ==, -ECONNRESET);  /* last: reported */
  g_assert_cmpint(f.released, ==, 1);
  fdtab_free(t);
}

static void test_dup2(void)
{
  struct fake f[2] = { 0 };
  struct fdtab *t = fdtab_new(8);
  int a = fdtab_install(t, fake_file(&f[0]));
  int b = fdtab_install(t, fake_file(&f[1]));
  g_assert_cmpint(fdtab_dup2(t, a, a), ==, a);
  g_assert_cmpuint(fdtab_get(t, a)->refs, ==, 1);      /* unchanged */
  g_assert_cmpint(fdtab_dup2(t, a, b), ==, b);          /* closes b first */
  g_assert_cmpint(f[1].released, ==, 1);
  g_assert_true(fdtab_get(t, b)->data == &f[0]);
  g_assert_cmpint(fdtab_dup2(t, a, 6), ==, 6);          /* not the lowest */
  g_assert_cmpint(fdtab_count(t), ==, 3);
  g_assert_cmpint(fdtab_dup2(t, a, 8), ==, -EBADF);     /* out of range */
  g_assert_cmpint(fdtab_dup2(t, a, -1), ==, -EBADF);
  g_assert_cmpint(fdtab_dup2(t, 5, 2), ==, -EBADF);     /* 5 not open */
  g_assert_null(fdtab_get(t, 2));
  fdtab_free(t);
  g_assert_cmpint(f[0].released, ==, 1);
}

/* Primer Figure 2: the server forks per connection; the child closes the
 * listening socket s, the parent the connected socket g. */
static void test_fork_figure2(void)
{
  struct fake lsock = { 0 }, csock = { 0 };
  struct fdtab *parent = fdtab_new(FDTAB_OPEN_MAX);
  int s = fdtab_install(parent, fake_file(&lsock));
  int g = fdtab_install(parent, fake_file(&csock));
  struct fdtab *child = fdtab_copy(parent);
  g_assert_cmpint(fdtab_count(child), ==, 2);
  g_assert_cmpuint(fdtab_get(parent, s)->refs, ==, 2);
  g_assert_cmpint(fdtab_close(child, s), ==, 0);
  g_assert_cmpint(fdtab_close(parent, g), ==, 0);
  g_assert_cmpint(lsock.released + csock.released, ==, 0);
  g_assert_nonnull(fdtab_get(parent, s));               /* still listening */
  g_assert_nonnull(fdtab_get(child, g));                /* still connected */
  fdtab_free(child);                                    /* child exits */
  g_assert_cmpint(csock.released, ==, 1);
  g_assert_cmpint(lsock.released, ==, 0);
  fdtab_free(parent);
  g_assert_cmpint(lsock.released, ==, 1);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/fdtab/install/lowest", test_install_lowest);
  g_test_add_func("/fdtab/emfile", test_emfile);
  g_test_add_func("/fdtab/open-max", test_open_max);
  g_test_add_func("/fdtab/ebadf", test_ebadf);
  g_test_add_func("/fdtab/close/release-on-last", test_release_on_last);
  g_test_add_func("/fdtab/dup2", test_dup2);
  g_test_add_func("/fdtab/fork/figure-2", test_fork_figure2);
  return g_test_run();
}
