/* hosts/tests/test_rights.c: access rights in flight (uipc_rights.h) and
 * in socket-buffer records: internalize holds a reference per file (EBADF
 * all or nothing), externalize takes the receiver's lowest free
 * descriptors (EMSGSIZE, discarding them all, when too few are free), and
 * dropping or flushing a record with rights still queued releases them. */
#include <errno.h>
#include <glib.h>

#include "fdtab.h"
#include "file.h"
#include "socketvar.h"
#include "uipc_rights.h"

static int released;

static int fake_release(struct file *fp)
{
  (void)fp;
  released++;
  return 0;
}

static const struct file_ops fake_ops = { fake_release };

static struct file *fake_file(void)
{
  return file_new(FILE_SOCKET, &fake_ops, NULL);
}

/* A sender table with descriptors 0..2 open. */
static struct fdtab *sender(void)
{
  struct fdtab *t = fdtab_new(FDTAB_OPEN_MAX);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint(fdtab_install(t, fake_file()), ==, i);
  return t;
}

static void test_pass(void)
{
  released = 0;
  struct fdtab *s = sender(), *r = fdtab_new(FDTAB_OPEN_MAX);
  g_assert_cmpint(fdtab_install(r, fake_file()), ==, 0);
  g_assert_cmpint(fdtab_install(r, fake_file()), ==, 1);
  fdtab_close(r, 0);                          /* 0 is now the lowest free */
  struct so_rights *rt;
  int fds[2] = { 2, 1 }, out[2];
  g_assert_cmpint(rights_internalize(s, fds, 2, &rt), ==, 0);
  g_assert_cmpint(fdtab_close(s, 2), ==, 0); /* in flight: not released */
  g_assert_cmpint(released, ==, 1);          /* only r's old 0 */
  g_assert_cmpint(rights_externalize(r, rt, out), ==, 0);
  g_assert_cmpint(out[0], ==, 0);
  g_assert_cmpint(out[1], ==, 2);
  g_assert_true(fdtab_get(r, 2) == fdtab_get(s, 1));
  fdtab_free(s);
  g_assert_cmpint(released, ==, 2);          /* s's 0; its 1 is held */
  fdtab_free(r);
  g_assert_cmpint(released, ==, 5);
}

static void test_ebadf(void)
{
  released = 0;
  struct fdtab *s = sender();
  struct so_rights *rt = NULL;
  int fds[3] = { 0, 7, 1 };
  g_assert_cmpint(rights_internalize(s, fds, 3, &rt), ==, -EBADF);
  g_assert_null(rt);
  fdtab_free(s);
  g_assert_cmpint(released, ==, 3);          /* no reference left held */
}

static void test_emsgsize(void)
{
  released = 0;
  struct fdtab *s = sender(), *r = fdtab_new(2);
  g_assert_cmpint(fdtab_install(r, fake_file()), ==, 0);
  struct so_rights *rt;
  int fds[2] = { 0, 1 }, out[2] = { -1, -1 };
  g_assert_cmpint(rights_internalize(s, fds, 2, &rt), ==, 0);
  fdtab_free(s);
  g_assert_cmpint(released, ==, 1);
  g_assert_cmpint(rights_externalize(r, rt, out), ==, -EMSGSIZE);
  g_assert_cmpint(released, ==, 3);          /* discarded, both */
  g_assert_cmpint(fdtab_count(r), ==, 1);
  fdtab_free(r);
}

static void test_dispose_queued(void)
{
  released = 0;
  struct fdtab *s = sender();
  struct sockbuf sb = { 0 };
  g_queue_init(&sb.records);
  struct so_rights *a, *b;
  int fa[1] = { 0 }, fb[2] = { 1, 2 };
  g_assert_cmpint(rights_internalize(s, fa, 1, &a), ==, 0);
  g_assert_cmpint(rights_internalize(s, fb, 2, &b), ==, 0);
  fdtab_free(s);
  g_assert_cmpint(released, ==, 0);
  sbappendcontrol(&sb, NULL, a);
  sbappendcontrol(&sb, NULL, b);
  g_assert_cmpuint(sb_nrecords(&sb), ==, 2);
  sbdroprecord(&sb);                         /* a datagram dropped */
  g_assert_cmpint(released, ==, 1);
  struct so_rights *taken = sbtakerights(&sb);
  g_assert_true(taken == b);
  g_assert_null(sbtakerights(&sb));
  sbappendcontrol(&sb, NULL, taken);         /* queued again */
  sbflush(&sb);                              /* close or shutdown */
  g_assert_cmpint(released, ==, 3);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/rights/pass", test_pass);
  g_test_add_func("/rights/ebadf", test_ebadf);
  g_test_add_func("/rights/emsgsize", test_emsgsize);
  g_test_add_func("/rights/dispose-queued", test_dispose_queued);
  return g_test_run();
}
