/* hosts/tests/test_route.c: the routing table alone (route.c, its
 * per-length hashes and shared groups): ties between kinds on one prefix,
 * default and host routes, and a shared group giving exactly the answers
 * and listing of the same routes added one by one. Interfaces are bare
 * structs: the table reads only their names. */
#include <errno.h>
#include <glib.h>

#include "netif.h"
#include "route.h"
#include "route_group.h"

#define A(a, b, c, d) ((in_addr32)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static struct netif en0 = { .name = "en0" }, en1 = { .name = "en1" };

static const char *line(const struct rtentry *e)
{
  static char buf[128];
  if (!e)
    return "none";
  rt_format(e, buf, sizeof buf);
  return buf;
}

/* Same prefix: connected, then static, then automatic, whatever the
 * order added; deleting one uncovers the next. */
static void test_ties(void)
{
  struct rtable *t = rt_new();
  g_assert_cmpint(rt_add(t, A(10, 0, 0, 0), 8, A(10, 0, 0, 9), &en0,
                         RTF_AUTO), ==, 0);
  g_assert_cmpint(rt_add(t, A(10, 0, 0, 0), 8, A(10, 0, 0, 8), &en1,
                         RTF_STATIC), ==, 0);
  g_assert_cmpint(rt_add(t, A(10, 1, 2, 3), 8, 0, &en0, RTF_CONNECTED), ==, 0);
  g_assert_cmpint(rt_add(t, A(10, 9, 9, 9), 8, 0, &en1, RTF_STATIC), ==,
                  -EEXIST);
  g_assert_cmpstr(line(rt_lookup(t, A(10, 5, 5, 5))), ==, "10.0.0.0/8 en0 connected");
  g_assert_cmpuint(rt_count(t), ==, 3);
  g_assert_cmpstr(line(rt_entry(t, 1)), ==, "10.0.0.0/8 via 10.0.0.8 en1 static");
  g_assert_cmpint(rt_delete(t, A(10, 0, 0, 0), 8, RTF_CONNECTED), ==, 0);
  g_assert_cmpstr(line(rt_lookup(t, A(10, 5, 5, 5))), ==, "10.0.0.0/8 via 10.0.0.8 en1 static");
  g_assert_cmpint(rt_delete(t, A(10, 0, 0, 0), 8, RTF_STATIC), ==, 0);
  g_assert_cmpstr(line(rt_lookup(t, A(10, 5, 5, 5))), ==, "10.0.0.0/8 via 10.0.0.9 en0 auto");
  g_assert_cmpint(rt_delete(t, A(10, 0, 0, 0), 8, RTF_STATIC), ==, -ESRCH);
  g_assert_cmpstr(line(rt_lookup(t, A(11, 0, 0, 1))), ==, "none");
  rt_free(t);
}

/* The default route catches the rest; longer prefixes and host routes
 * win over it. */
static void test_default(void)
{
  struct rtable *t = rt_new();
  rt_add(t, 0, 0, A(128, 32, 1, 1), &en0, RTF_STATIC);
  rt_add(t, A(128, 32, 0, 0), 16, 0, &en0, RTF_CONNECTED);
  rt_add(t, A(192, 5, 5, 1), 32, A(128, 32, 1, 2), &en0, RTF_STATIC);
  g_assert_cmpstr(line(rt_lookup(t, A(8, 8, 8, 8))), ==, "0.0.0.0/0 via 128.32.1.1 en0 static");
  g_assert_cmpstr(line(rt_lookup(t, A(128, 32, 9, 9))), ==, "128.32.0.0/16 en0 connected");
  g_assert_cmpstr(line(rt_lookup(t, A(192, 5, 5, 1))), ==, "192.5.5.1/32 via 128.32.1.2 en0 static");
  g_assert_cmpstr(line(rt_lookup(t, A(192, 5, 5, 2))), ==, "0.0.0.0/0 via 128.32.1.1 en0 static");
  g_assert_true(rt_entry(t, 0)->flags & RTF_HOST);
  rt_delete_all(t, RTF_STATIC);
  g_assert_cmpstr(line(rt_lookup(t, A(8, 8, 8, 8))), ==, "none");
  rt_free(t);
}

/* Adds the routes of the group test to t one by one, or to g. */
static void some_routes(struct rtable *t, struct rtgroup *g)
{
  static const struct { in_addr32 dst; int len; in_addr32 gw; guint i; } r[] = {
    { A(10, 2, 0, 0), 16, A(10, 1, 0, 254), 0 },
    { 0, 0, A(10, 1, 0, 253), 0 },
    { A(10, 2, 3, 0), 24, A(10, 1, 0, 252), 0 },
    { A(10, 1, 0, 0), 16, A(172, 16, 0, 1), 1 },  /* ties the connected */
    { A(10, 3, 0, 0), 16, 0, 1 },
    { A(10, 2, 3, 4), 32, A(10, 1, 0, 251), 1 },
  };
  struct netif *ifs[] = { &en0, &en1 };
  for (guint i = 0; i < G_N_ELEMENTS(r); i++) {
    if (t)
      rt_add(t, r[i].dst, r[i].len, r[i].gw, ifs[r[i].i], RTF_AUTO);
    else
      rt_group_add(g, r[i].dst, r[i].len, r[i].gw, r[i].i);
  }
}

static struct rtable *own_part(void)
{
  struct rtable *t = rt_new();
  rt_add(t, A(10, 1, 0, 7), 16, 0, &en0, RTF_CONNECTED);
  rt_add(t, A(10, 2, 3, 0), 24, A(10, 1, 0, 9), &en0, RTF_STATIC);
  rt_add(t, A(172, 16, 0, 2), 16, 0, &en1, RTF_CONNECTED);
  return t;
}

/* Two tables, one sharing a group: same listing, same answers, and the
 * same after deleting one automatic route and after dropping them all. */
static void test_group_same(void)
{
  GPtrArray *ifs = g_ptr_array_new();
  g_ptr_array_add(ifs, &en0);
  g_ptr_array_add(ifs, &en1);
  struct rtable *a = own_part(), *b = own_part();
  some_routes(a, NULL);
  struct rtgroup *g = rt_group_new();
  some_routes(NULL, g);
  rt_set_group(b, g, ifs);
  rt_group_unref(g);
  g_assert_cmpint(rt_add(b, A(10, 3, 0, 0), 16, 0, &en1, RTF_AUTO), ==,
                  -EEXIST);
  static const in_addr32 probes[] = {
    A(10, 1, 2, 3), A(10, 2, 3, 4), A(10, 2, 3, 5), A(10, 2, 4, 1),
    A(10, 3, 1, 1), A(172, 16, 5, 5), A(8, 8, 8, 8), 0,
  };
  for (int round = 0; round < 3; round++) {
    g_assert_cmpuint(rt_count(a), ==, rt_count(b));
    for (guint i = 0; i < rt_count(a); i++) {
      char la[128];
      rt_format(rt_entry(a, i), la, sizeof la);
      g_assert_cmpstr(la, ==, line(rt_entry(b, i)));
    }
    for (guint i = 0; i < G_N_ELEMENTS(probes); i++) {
      char la[128] = "none";
      const struct rtentry *e = rt_lookup(a, probes[i]);
      if (e)
        rt_format(e, la, sizeof la);
      g_assert_cmpstr(la, ==, line(rt_lookup(b, probes[i])));
    }
    if (round == 0) {
      g_assert_cmpint(rt_delete(a, A(10, 2, 0, 0), 16, RTF_AUTO), ==, 0);
      g_assert_cmpint(rt_delete(b, A(10, 2, 0, 0), 16, RTF_AUTO), ==, 0);
    } else {
      rt_delete_all(a, RTF_AUTO);
      rt_delete_all(b, RTF_AUTO);
    }
  }
  g_assert_cmpuint(rt_count(b), ==, 3);
  rt_free(a);
  rt_free(b);
  g_ptr_array_free(ifs, TRUE);
}

/* The lookup cache answers as the hashes do across every change: an
 * address looked up before a route is added, deleted or a group set is
 * looked up again and gets the new answer. */
static void test_cache_follows_changes(void)
{
  struct rtable *t = rt_new();
  in_addr32 a = A(10, 1, 2, 3);
  g_assert_null(rt_lookup(t, a));
  g_assert_cmpint(rt_add(t, 0, 0, A(10, 0, 0, 1), &en0, RTF_STATIC), ==, 0);
  g_assert_cmpstr(line(rt_lookup(t, a)), ==, "0.0.0.0/0 via 10.0.0.1 en0 static");
  g_assert_cmpint(rt_add(t, A(10, 1, 0, 0), 16, 0, &en1, RTF_CONNECTED), ==, 0);
  g_assert_cmpstr(line(rt_lookup(t, a)), ==, "10.1.0.0/16 en1 connected");
  GPtrArray *ifs = g_ptr_array_new();
  g_ptr_array_add(ifs, &en0);
  g_ptr_array_add(ifs, &en1);
  struct rtgroup *g = rt_group_new();
  g_assert_cmpint(rt_group_add(g, A(10, 1, 2, 0), 24, A(10, 1, 0, 9), 1), ==, 0);
  rt_set_group(t, g, ifs);
  g_assert_cmpstr(line(rt_lookup(t, a)), ==, "10.1.2.0/24 via 10.1.0.9 en1 auto");
  g_assert_cmpstr(line(rt_lookup(t, a)), ==, "10.1.2.0/24 via 10.1.0.9 en1 auto");
  rt_delete_all(t, RTF_AUTO);
  g_assert_cmpstr(line(rt_lookup(t, a)), ==, "10.1.0.0/16 en1 connected");
  g_assert_cmpint(rt_delete(t, A(10, 1, 0, 0), 16, RTF_CONNECTED), ==, 0);
  g_assert_cmpstr(line(rt_lookup(t, a)), ==, "0.0.0.0/0 via 10.0.0.1 en0 static");
  g_assert_cmpint(rt_delete(t, 0, 0, RTF_STATIC), ==, 0);
  g_assert_null(rt_lookup(t, a));
  rt_group_unref(g);
  rt_free(t);
  g_ptr_array_free(ifs, TRUE);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/route/ties", test_ties);
  g_test_add_func("/route/cache-follows-changes", test_cache_follows_changes);
  g_test_add_func("/route/default", test_default);
  g_test_add_func("/route/group-same", test_group_same);
  return g_test_run();
}
