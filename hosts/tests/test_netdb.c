/* hosts/tests/test_netdb.c: the services and protocols databases, with
 * the lookups the primer's programs make. */
#include <glib.h>

#include "netdb.h"

static void test_primer_lookups(void)
{
  const struct netdb_serv *s = netdb_serv_byname("login", "tcp");
  g_assert_nonnull(s);
  g_assert_cmpint(s->port, ==, 513);                 /* rlogin, Figure 1 */
  s = netdb_serv_byname("who", "udp");
  g_assert_nonnull(s);
  g_assert_cmpint(s->port, ==, 513);                 /* rwhod, section 4.3 */
  s = netdb_serv_byname("telnet", NULL);             /* any protocol */
  g_assert_nonnull(s);
  g_assert_cmpint(s->port, ==, 23);
  g_assert_cmpstr(s->proto, ==, "tcp");
  g_assert_null(netdb_serv_byname("telnet", "udp"));
  g_assert_null(netdb_serv_byname("login", "udp"));  /* that's "who" */
  const struct netdb_proto *p = netdb_proto_byname("tcp");
  g_assert_nonnull(p);
  g_assert_cmpint(p->number, ==, 6);
}

static void test_aliases(void)
{
  g_assert_cmpstr(netdb_serv_byname("whod", "udp")->name, ==, "who");
  g_assert_cmpstr(netdb_serv_byname("routed", NULL)->name, ==, "route");
  g_assert_cmpstr(netdb_serv_byname("mail", "tcp")->name, ==, "smtp");
  g_assert_cmpstr(netdb_proto_byname("UDP")->name, ==, "udp");
  g_assert_null(netdb_serv_byname("Login", "tcp"));  /* case matters */
  g_assert_null(netdb_serv_byname("nosuch", NULL));
  g_assert_null(netdb_proto_byname("nosuch"));
}

static void test_byport_bynumber(void)
{
  g_assert_cmpstr(netdb_serv_byport(513, "udp")->name, ==, "who");
  g_assert_cmpstr(netdb_serv_byport(513, "tcp")->name, ==, "login");
  g_assert_cmpstr(netdb_serv_byport(21, NULL)->name, ==, "ftp");
  g_assert_cmpstr(netdb_serv_byport(20, "tcp")->name, ==, "ftp-data");
  g_assert_null(netdb_serv_byport(21, "udp"));
  g_assert_null(netdb_serv_byport(4242, NULL));
  g_assert_cmpstr(netdb_proto_bynumber(17)->name, ==, "udp");
  g_assert_cmpstr(netdb_proto_bynumber(1)->name, ==, "icmp");
  g_assert_null(netdb_proto_bynumber(99));
}

/* Each (name, proto) and each (port, proto) appears once. */
static void test_table_unique(void)
{
  const struct netdb_serv *t = netdb_serv_table();
  int n = 0;
  for (const struct netdb_serv *a = t; a->name; a++, n++) {
    g_assert_true(g_str_equal(a->proto, "tcp") || g_str_equal(a->proto, "udp"));
    g_assert_true(a->port > 0 && a->port < 65536);
    for (const struct netdb_serv *b = a + 1; b->name; b++) {
      gboolean same_proto = g_str_equal(a->proto, b->proto);
      g_assert_false(same_proto && g_str_equal(a->name, b->name));
      g_assert_false(same_proto && a->port == b->port);
    }
  }
  g_assert_cmpint(n, >, 25);
  for (const struct netdb_proto *p = netdb_proto_table(); p->name; p++)
    g_assert_true(netdb_proto_bynumber(p->number) == p);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/netdb/primer-lookups", test_primer_lookups);
  g_test_add_func("/netdb/aliases", test_aliases);
  g_test_add_func("/netdb/byport-bynumber", test_byport_bynumber);
  g_test_add_func("/netdb/table-unique", test_table_unique);
  return g_test_run();
}
