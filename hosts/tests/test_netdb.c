/* hosts/tests/test_netdb.c: the network databases (hosts/netdb.h): the
 * built-in services and protocols against 4.4BSD's files, what scenarios
 * add, hosts and networks read from a small topology (fake media ports,
 * no Lua), and the inet(3) address routines in every form and class. */
#include <glib.h>
#include <string.h>

#include "host.h"
#include "netdb.h"
#include "netif.h"

#define IP(a, b, c, d) ((in_addr32)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define NONE NETDB_INADDR_NONE
#define A(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NOA    ((const char *const[]){ NULL })

/* ---- services and protocols ------------------------------------------ */

static void test_primer_lookups(void)
{
  const struct netdb_serv *s = netdb_serv_byname(NULL, "login", "tcp");
  g_assert_nonnull(s);
  g_assert_cmpint(s->port, ==, 513);                 /* rlogin, Figure 1 */
  s = netdb_serv_byname(NULL, "who", "udp");
  g_assert_nonnull(s);
  g_assert_cmpint(s->port, ==, 513);                 /* rwhod, section 4.3 */
  s = netdb_serv_byname(NULL, "telnet", NULL);       /* any protocol */
  g_assert_nonnull(s);
  g_assert_cmpint(s->port, ==, 23);
  g_assert_cmpstr(s->proto, ==, "tcp");
  g_assert_null(netdb_serv_byname(NULL, "telnet", "udp"));
  g_assert_null(netdb_serv_byname(NULL, "login", "udp"));  /* that's "who" */
  const struct netdb_proto *p = netdb_proto_byname(NULL, "tcp");
  g_assert_nonnull(p);
  g_assert_cmpint(p->number, ==, 6);
}

static void test_aliases(void)
{
  g_assert_cmpstr(netdb_serv_byname(NULL, "whod", "udp")->name, ==, "who");
  g_assert_cmpstr(netdb_serv_byname(NULL, "routed", NULL)->name, ==, "route");
  g_assert_cmpstr(netdb_serv_byname(NULL, "mail", "tcp")->name, ==, "smtp");
  g_assert_cmpstr(netdb_serv_byname(NULL, "source", "udp")->name, ==,
                  "chargen");
  g_assert_cmpstr(netdb_proto_byname(NULL, "UDP")->name, ==, "udp");
  g_assert_null(netdb_serv_byname(NULL, "Login", "tcp"));  /* case matters */
  g_assert_null(netdb_serv_byname(NULL, "nosuch", NULL));
  g_assert_null(netdb_proto_byname(NULL, "nosuch"));
  /* File order decides: "nameserver" is 42/tcp's name before it is
   * domain's alias; on udp only domain has it. */
  g_assert_cmpint(netdb_serv_byname(NULL, "nameserver", NULL)->port, ==, 42);
  g_assert_cmpint(netdb_serv_byname(NULL, "nameserver", "udp")->port, ==, 53);
  g_assert_cmpint(netdb_serv_byname(NULL, "name", "tcp")->port, ==, 42);
}

static void test_byport_bynumber(void)
{
  g_assert_cmpstr(netdb_serv_byport(NULL, 513, "udp")->name, ==, "who");
  g_assert_cmpstr(netdb_serv_byport(NULL, 513, "tcp")->name, ==, "login");
  g_assert_cmpstr(netdb_serv_byport(NULL, 512, NULL)->name, ==, "exec");
  g_assert_cmpstr(netdb_serv_byport(NULL, 21, NULL)->name, ==, "ftp");
  g_assert_cmpstr(netdb_serv_byport(NULL, 20, "tcp")->name, ==, "ftp-data");
  g_assert_cmpstr(netdb_serv_byport(NULL, 520, "udp")->name, ==, "route");
  g_assert_null(netdb_serv_byport(NULL, 21, "udp"));
  g_assert_null(netdb_serv_byport(NULL, 4242, NULL));
  g_assert_cmpstr(netdb_proto_bynumber(NULL, 17)->name, ==, "udp");
  g_assert_cmpstr(netdb_proto_bynumber(NULL, 1)->name, ==, "icmp");
  g_assert_cmpstr(netdb_proto_bynumber(NULL, 22)->name, ==, "xns-idp");
  g_assert_null(netdb_proto_bynumber(NULL, 255));   /* not in 4.4BSD's file */
  g_assert_null(netdb_proto_bynumber(NULL, 99));
}

/* Each (name, proto) and each (port, proto) appears once; the tables have
 * 4.4BSD's sizes (69 services with ftp-data, 14 protocols). */
static void test_table_unique(void)
{
  size_t c = 0, n = 0;
  const struct netdb_serv *a;
  while ((a = netdb_serv_next(NULL, &c))) {
    n++;
    g_assert_true(g_str_equal(a->proto, "tcp") || g_str_equal(a->proto, "udp"));
    g_assert_true(a->port > 0 && a->port < 65536);
    size_t c2 = c;
    const struct netdb_serv *b;
    while ((b = netdb_serv_next(NULL, &c2))) {
      gboolean same_proto = g_str_equal(a->proto, b->proto);
      g_assert_false(same_proto && g_str_equal(a->name, b->name));
      g_assert_false(same_proto && a->port == b->port);
    }
  }
  g_assert_cmpuint(n, ==, 69);
  g_assert_null(netdb_serv_next(NULL, &c));          /* stays at the end */
  c = n = 0;
  const struct netdb_proto *p;
  while ((p = netdb_proto_next(NULL, &c)), p) {
    n++;
    g_assert_true(netdb_proto_bynumber(NULL, p->number) == p);
  }
  g_assert_cmpuint(n, ==, 14);
}

static void test_add_serv_proto(void)
{
  struct netdb *db = netdb_new(NULL);
  GError *err = NULL;
  const char *const al[] = { "toy", NULL };
  g_assert_true(netdb_add_serv(db, "toyd", al, 7000, "tcp", &err));
  g_assert_no_error(err);
  g_assert_cmpint(netdb_serv_byname(db, "toy", "tcp")->port, ==, 7000);
  g_assert_cmpstr(netdb_serv_byport(db, 7000, NULL)->name, ==, "toyd");
  g_assert_null(netdb_serv_byname(NULL, "toyd", NULL));  /* db's own */
  /* The same name on the other protocol is fine; on the same, not. */
  g_assert_true(netdb_add_serv(db, "toyd", al, 7000, "udp", NULL));
  const char *const none[] = { NULL }, *const login[] = { "login", NULL };
  g_assert_false(netdb_add_serv(db, "other", login, 7001, "tcp", &err));
  g_assert_cmpstr(err->message, ==, "'login' is already a name of the "
                  "service 'login' 513/tcp");
  g_clear_error(&err);
  g_assert_false(netdb_add_serv(db, "other", none, 513, "tcp", &err));
  g_assert_cmpstr(err->message, ==, "513/tcp is already the service 'login'");
  g_clear_error(&err);
  /* getservent sees the built-in ones, then the added, in order. */
  size_t c = 69;
  g_assert_cmpstr(netdb_serv_next(db, &c)->proto, ==, "tcp");
  g_assert_cmpstr(netdb_serv_next(db, &c)->proto, ==, "udp");
  g_assert_null(netdb_serv_next(db, &c));
  g_assert_true(netdb_add_proto(db, "raw", (const char *const[]){ "RAW", NULL },
                                255, NULL));
  g_assert_cmpstr(netdb_proto_bynumber(db, 255)->name, ==, "raw");
  g_assert_false(netdb_add_proto(db, "tcp2", none, 6, &err));
  g_assert_cmpstr(err->message, ==, "number 6 is already the protocol 'tcp'");
  g_clear_error(&err);
  g_assert_false(netdb_add_proto(db, "tcp2", (const char *const[]){ "TCP",
                                 NULL }, 7, &err));
  g_assert_cmpstr(err->message, ==, "'TCP' is already a name of protocol "
                  "'tcp' (6)");
  g_clear_error(&err);
  g_assert_null(netdb_proto_bynumber(db, 7));
  netdb_free(db);
}

/* ---- a topology: monet (two interfaces), degas, and a host with none -- */

struct topo {
  struct sim *sim;
  GPtrArray *hosts;           /* struct host * */
  struct medium_port lan, wan; /* fake ports: only medium_name is read */
};

static struct netif *attach(struct topo *t, struct host *h,
                            struct medium_port *port, const char *name,
                            const char *addr)
{
  struct netif *ifp = netif_attach(h, port, name, NULL);
  ifp->addr = addr ? g_strdup(addr) : NULL;
  return ifp;
}

static void topo_init(struct topo *t)
{
  memset(t, 0, sizeof *t);
  t->sim = sim_new(1);
  t->hosts = g_ptr_array_new_with_free_func((GDestroyNotify)host_free);
  t->lan.medium_name = "lan0";
  t->wan.medium_name = "wan0";
  struct host *monet = host_new(t->sim, "monet", NULL);
  struct host *degas = host_new(t->sim, "degas", NULL);
  struct host *box = host_new(t->sim, "box", NULL);
  g_ptr_array_add(t->hosts, monet);
  g_ptr_array_add(t->hosts, degas);
  g_ptr_array_add(t->hosts, box);
  attach(t, monet, &t->lan, "en0", "128.32.1.1/16");
  attach(t, monet, &t->wan, "ppp1", "10.0.0.1");
  attach(t, degas, &t->lan, "en0", "128.32.1.2");
  attach(t, degas, &t->wan, "ppp1", NULL);
  attach(t, box, &t->lan, "en0", NULL);
}

static void topo_clear(struct topo *t)
{
  g_ptr_array_free(t->hosts, TRUE);
  sim_free(t->sim);
}

static void test_hosts_topology(void)
{
  struct topo t;
  topo_init(&t);
  struct netdb *db = netdb_new(t.hosts);
  const char *const al[] = { "ucbmonet", "m", NULL };
  g_assert_true(netdb_set_host_aliases(db, g_ptr_array_index(t.hosts, 0),
                                       al, NULL));
  struct netdb_host h;
  g_assert_cmpint(netdb_host_byname(db, "monet", &h), ==, 0);
  g_assert_cmpstr(h.name, ==, "monet");
  g_assert_cmpint(h.naddrs, ==, 2);
  g_assert_cmphex(h.addrs[0], ==, IP(128, 32, 1, 1));
  g_assert_cmphex(h.addrs[1], ==, IP(10, 0, 0, 1));
  g_assert_cmpstr(h.aliases[1], ==, "m");
  g_assert_null(h.aliases[2]);
  g_assert_cmpint(netdb_host_byname(db, "UCBMonet", &h), ==, 0); /* any case */
  g_assert_cmpstr(h.name, ==, "monet");
  g_assert_cmpint(netdb_host_byname(db, "degas", &h), ==, 0);
  g_assert_cmpint(h.naddrs, ==, 1);
  g_assert_null(h.aliases[0]);
  g_assert_cmpint(netdb_host_byname(db, "box", &h), ==, NETDB_NO_DATA);
  g_assert_cmpint(netdb_host_byname(db, "nosuch", &h), ==,
                  NETDB_HOST_NOT_FOUND);
  /* byaddr gives the host with only the address asked about. */
  g_assert_cmpint(netdb_host_byaddr(db, IP(10, 0, 0, 1), &h), ==, 0);
  g_assert_cmpstr(h.name, ==, "monet");
  g_assert_cmpint(h.naddrs, ==, 1);
  g_assert_cmphex(h.addrs[0], ==, IP(10, 0, 0, 1));
  g_assert_cmpint(netdb_host_byaddr(db, IP(10, 0, 0, 2), &h), ==,
                  NETDB_HOST_NOT_FOUND);
  netdb_free(db);
  topo_clear(&t);
}

static void test_hosts_added(void)
{
  struct topo t;
  topo_init(&t);
  struct netdb *db = netdb_new(t.hosts);
  GError *err = NULL;
  in_addr32 a[2] = { IP(192, 5, 5, 1), IP(192, 5, 6, 1) };
  const char *const al[] = { "vax", NULL };
  g_assert_true(netdb_add_host(db, "ucbvax", al, a, 2, &err));
  struct netdb_host h;
  g_assert_cmpint(netdb_host_byname(db, "vax", &h), ==, 0);
  g_assert_cmpstr(h.name, ==, "ucbvax");
  g_assert_cmpint(h.naddrs, ==, 2);
  g_assert_cmpint(netdb_host_byaddr(db, IP(192, 5, 6, 1), &h), ==, 0);
  g_assert_cmpstr(h.name, ==, "ucbvax");
  /* Names are unique across hosts and aliases, in any case. */
  const char *const clash[] = { "Degas", NULL };
  g_assert_false(netdb_add_host(db, "other", clash, a, 1, &err));
  g_assert_cmpstr(err->message, ==, "'Degas' is already a name of host 'degas'");
  g_clear_error(&err);
  g_assert_false(netdb_set_host_aliases(db, g_ptr_array_index(t.hosts, 0),
                                        (const char *const[]){ "VAX", NULL },
                                        &err));
  g_assert_cmpstr(err->message, ==, "'VAX' is already a name of host 'ucbvax'");
  g_clear_error(&err);
  /* gethostent: topology hosts with an address, then the added ones,
   * one entry per address (as /etc/hosts has one line per address). */
  size_t c = 0;
  const char *want[] = { "monet", "monet", "degas", "ucbvax", "ucbvax" };
  const in_addr32 wanta[] = { IP(128, 32, 1, 1), IP(10, 0, 0, 1),
                              IP(128, 32, 1, 2), IP(192, 5, 5, 1),
                              IP(192, 5, 6, 1) };
  for (int i = 0; i < 5; i++) {
    g_assert_true(netdb_host_next(db, &c, &h));
    g_assert_cmpstr(h.name, ==, want[i]);
    g_assert_cmpint(h.naddrs, ==, 1);
    g_assert_cmphex(h.addrs[0], ==, wanta[i]);
  }
  g_assert_false(netdb_host_next(db, &c, &h));
  g_assert_false(netdb_host_next(db, &c, &h));
  netdb_free(db);
  topo_clear(&t);
}

/* The first match in database order wins, whatever the index holds:
 * topology hosts come before added ones even when added later, hosts
 * added later are found, a replaced alias is forgotten, and a name two
 * hosts share (a host{} whose name check failed, caught with pcall)
 * names the first. */
static void test_hosts_order(void)
{
  struct topo t;
  topo_init(&t);
  struct netdb *db = netdb_new(t.hosts);
  GError *err = NULL;
  in_addr32 a = IP(128, 32, 1, 2);          /* degas's address */
  g_assert_true(netdb_add_host(db, "vax", NOA, &a, 1, &err));
  struct netdb_host h;
  g_assert_cmpint(netdb_host_byaddr(db, a, &h), ==, 0);
  g_assert_cmpstr(h.name, ==, "degas");
  struct host *late = host_new(t.sim, "Late", NULL);
  g_ptr_array_add(t.hosts, late);
  attach(&t, late, &t.lan, "en0", "128.32.1.9");
  g_assert_cmpint(netdb_host_byname(db, "late", &h), ==, 0);
  g_assert_cmpint(netdb_host_byaddr(db, IP(128, 32, 1, 9), &h), ==, 0);
  g_assert_cmpstr(h.name, ==, "Late");
  struct host *monet = g_ptr_array_index(t.hosts, 0);
  g_assert_true(netdb_set_host_aliases(db, monet, A("old"), NULL));
  g_assert_true(netdb_set_host_aliases(db, monet, A("new"), NULL));
  g_assert_cmpint(netdb_host_byname(db, "old", &h), ==, NETDB_HOST_NOT_FOUND);
  g_assert_cmpint(netdb_host_byname(db, "NEW", &h), ==, 0);
  g_assert_cmpstr(h.name, ==, "monet");
  struct host *twin = host_new(t.sim, "LATE", NULL);   /* never checked */
  g_ptr_array_add(t.hosts, twin);
  g_assert_cmpint(netdb_host_byname(db, "late", &h), ==, 0);
  g_assert_cmpstr(h.name, ==, "Late");
  g_assert_false(netdb_set_host_aliases(db, twin, NOA, &err));
  g_assert_cmpstr(err->message, ==, "'LATE' is already a name of host 'Late'");
  g_clear_error(&err);
  g_assert_false(netdb_add_host(db, "x", A("late"), &a, 1, &err));
  g_assert_cmpstr(err->message, ==, "'late' is already a name of host 'Late'");
  g_clear_error(&err);
  netdb_free(db);
  topo_clear(&t);
}

/* A name of digits and dots is an address, as 4.4BSD's gethostbyname. */
static void test_hosts_numeric(void)
{
  struct netdb_host h;
  g_assert_cmpint(netdb_host_byname(NULL, "128.32.1.2", &h), ==, 0);
  g_assert_cmpstr(h.name, ==, "128.32.1.2");
  g_assert_cmphex(h.addrs[0], ==, IP(128, 32, 1, 2));
  g_assert_cmpint(netdb_host_byname(NULL, "10.1", &h), ==, 0);
  g_assert_cmphex(h.addrs[0], ==, IP(10, 0, 0, 1));
  g_assert_cmpint(netdb_host_byname(NULL, "1.2.3.400", &h), ==,
                  NETDB_HOST_NOT_FOUND);
  g_assert_cmpint(netdb_host_byname(NULL, "1.2.3.4.", &h), ==,
                  NETDB_HOST_NOT_FOUND);    /* ends in a dot: a name */
  g_assert_true(netdb_host_numeric("12.3"));
  g_assert_false(netdb_host_numeric("12.3."));
  g_assert_false(netdb_host_numeric("3com"));
  g_assert_false(netdb_host_numeric(""));
}

static void test_networks(void)
{
  struct topo t;
  topo_init(&t);
  struct netdb *db = netdb_new(t.hosts);
  struct netdb_net n;
  /* From the interfaces alone: 128.32 on lan0, 10 on wan0, once each. */
  size_t c = 0;
  g_assert_true(netdb_net_next(db, &c, &n));
  g_assert_cmpstr(n.name, ==, "lan0");
  g_assert_cmphex(n.net, ==, 0x8020);
  g_assert_true(netdb_net_next(db, &c, &n));
  g_assert_cmpstr(n.name, ==, "wan0");
  g_assert_cmphex(n.net, ==, 10);
  g_assert_false(netdb_net_next(db, &c, &n));
  /* A declaration names 128.32 and hides the interface entry. */
  const char *const al[] = { "localnet", NULL };
  g_assert_true(netdb_add_net(db, "ucb-ether", al, 0x8020, NULL));
  g_assert_true(netdb_net_byname(db, "localnet", &n));
  g_assert_cmpstr(n.name, ==, "ucb-ether");
  g_assert_true(netdb_net_bynumber(db, 0x8020, &n));
  g_assert_cmpstr(n.name, ==, "ucb-ether");
  g_assert_false(netdb_net_byname(db, "lan0", &n));
  g_assert_true(netdb_net_byname(db, "wan0", &n));
  g_assert_false(netdb_net_bynumber(db, 0x80200100, &n));
  c = 0;
  int count = 0;
  while (netdb_net_next(db, &c, &n))
    count++;
  g_assert_cmpint(count, ==, 2);
  GError *err = NULL;
  g_assert_false(netdb_add_net(db, "other", al, 99, &err));
  g_assert_cmpstr(err->message, ==,
                  "'localnet' is already a name of network 'ucb-ether'");
  g_clear_error(&err);
  g_assert_false(netdb_add_net(db, "other", al + 1, 0x8020, &err));
  g_assert_cmpstr(err->message, ==,
                  "network number 0x8020 is already network 'ucb-ether'");
  g_clear_error(&err);
  netdb_free(db);
  topo_clear(&t);
}

static void test_ifnet(void)
{
  in_addr32 a = IP(128, 32, 1, 66);
  g_assert_cmphex(netdb_ifnet(a, 16), ==, 0x8020);
  g_assert_cmphex(netdb_ifnet(a, 24), ==, 0x802001);
  g_assert_cmphex(netdb_ifnet(a, 8), ==, 0x80);
  g_assert_cmphex(netdb_ifnet(a, 26), ==, 0x80200140);
  g_assert_cmphex(netdb_ifnet(a, 20), ==, 0x802000);  /* "128.32.0" (/20) */
  g_assert_cmphex(netdb_ifnet(a, 32), ==, a);
  g_assert_cmphex(netdb_ifnet(a, 0), ==, 0);
  /* It is what inet_network reads from the network written out. */
  g_assert_cmphex(netdb_ifnet(a, 24), ==, netdb_inet_network("128.32.1"));
}

/* ---- address routines ----------------------------------------------- */

static void test_inet_aton_forms(void)
{
  struct { const char *s; in_addr32 a; } good[] = {
    { "128.32.1.2", IP(128, 32, 1, 2) },
    { "128.32.258", IP(128, 32, 1, 2) },         /* a.b.c: c is 16 bits */
    { "128.2097410", IP(128, 32, 1, 2) },        /* a.b: b is 24 bits */
    { "2149581058", IP(128, 32, 1, 2) },         /* a: 32 bits */
    { "0x80.0x20.0x1.0x2", IP(128, 32, 1, 2) },
    { "0X80200102", IP(128, 32, 1, 2) },
    { "0200.040.01.02", IP(128, 32, 1, 2) },     /* octal */
    { "0.0.0.0", 0 },
    { "0", 0 },
    { "255.255.255.255", 0xffffffffu },
    { "4294967295", 0xffffffffu },
    { "1.2.3.4 trailing words", IP(1, 2, 3, 4) },
    { "1.2.3.4\tx", IP(1, 2, 3, 4) },
    { "10.0xffffff", IP(10, 255, 255, 255) },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
    in_addr32 a = 1;
    g_assert_true(netdb_inet_aton(good[i].s, &a));
    g_assert_cmphex(a, ==, good[i].a);
  }
  const char *bad[] = {
    "", ".", "1.", "1..2", ".1.2.3", " 1.2.3.4", "1.2.3.4.5", "1.2.3.4x",
    "256.1.1.1", "1.256.1.1", "1.2.3.256", "1.2.65536", "1.16777216",
    "4294967296", "08", "1.2.3.09", "0x", "0x.1", "0xg", "-1", "+1", "a.b",
    "1,2,3,4", "99999999999999999999",
  };
  for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
    in_addr32 a = 7;
    if (netdb_inet_aton(bad[i], &a))
      g_error("inet_aton accepted '%s'", bad[i]);
    g_assert_cmphex(a, ==, 7);
    g_assert_cmphex(netdb_inet_addr(bad[i]), ==, NONE);
  }
  g_assert_cmphex(netdb_inet_addr("128.32.1.2"), ==, IP(128, 32, 1, 2));
  /* The ambiguity inet_aton was made for. */
  g_assert_cmphex(netdb_inet_addr("255.255.255.255"), ==, NONE);
}

static void test_inet_network(void)
{
  g_assert_cmphex(netdb_inet_network("128.32"), ==, 0x8020);
  g_assert_cmphex(netdb_inet_network("10"), ==, 10);
  g_assert_cmphex(netdb_inet_network("192.168.1"), ==, 0xc0a801);
  g_assert_cmphex(netdb_inet_network("0x80.0x20"), ==, 0x8020);
  g_assert_cmphex(netdb_inet_network("0200.040"), ==, 0x8020);
  g_assert_cmphex(netdb_inet_network("128.32.1.2"), ==, IP(128, 32, 1, 2));
  g_assert_cmphex(netdb_inet_network("127 # loopback"), ==, 127);
  const char *bad[] = { "", "256", "128.256", "1.2.3.4.5", "a", "1..2",
                        "128.32.", "0x100", "09" };
  for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
    if (netdb_inet_network(bad[i]) != NONE)
      g_error("inet_network accepted '%s'", bad[i]);
}

static void test_inet_classes(void)
{
  /* Class A, B, C: netof and lnaof split; makeaddr joins them back. */
  struct { in_addr32 a, net, lna; } c[] = {
    { IP(10, 1, 2, 3), 10, 0x010203 },
    { IP(127, 0, 0, 1), 127, 1 },
    { IP(128, 32, 1, 2), 0x8020, 0x0102 },
    { IP(191, 255, 0, 9), 0xbfff, 9 },
    { IP(192, 168, 1, 5), 0xc0a801, 5 },
    { IP(223, 1, 2, 3), 0xdf0102, 3 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(c); i++) {
    g_assert_cmphex(netdb_inet_netof(c[i].a), ==, c[i].net);
    g_assert_cmphex(netdb_inet_lnaof(c[i].a), ==, c[i].lna);
    g_assert_cmphex(netdb_inet_makeaddr(c[i].net, c[i].lna), ==, c[i].a);
  }
  /* Classes D and E get class C's split, as 4.4BSD. */
  g_assert_cmphex(netdb_inet_netof(IP(224, 0, 0, 1)), ==, 0xe00000);
  g_assert_cmphex(netdb_inet_lnaof(IP(224, 0, 0, 1)), ==, 1);
  g_assert_cmphex(netdb_inet_netof(0xffffffffu), ==, 0xffffff);
  /* makeaddr masks the local part to the class of net... */
  g_assert_cmphex(netdb_inet_makeaddr(10, 0xff000001), ==, IP(10, 0, 0, 1));
  g_assert_cmphex(netdb_inet_makeaddr(0x8020, 0x10203), ==, IP(128, 32, 2, 3));
  g_assert_cmphex(netdb_inet_makeaddr(0xc0a801, 0x1ff), ==, IP(192, 168, 1, 255));
  /* ...and a net of 2^24 or more is a whole address already. */
  g_assert_cmphex(netdb_inet_makeaddr(0x80200100, 2), ==, IP(128, 32, 1, 2));
  /* The primer's rwhod: the wildcard host on the local network. */
  g_assert_cmphex(netdb_inet_makeaddr(0x8020, 0), ==, IP(128, 32, 0, 0));
  g_assert_cmphex(netdb_inet_makeaddr(0, 0), ==, 0);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/netdb/primer-lookups", test_primer_lookups);
  g_test_add_func("/netdb/aliases", test_aliases);
  g_test_add_func("/netdb/byport-bynumber", test_byport_bynumber);
  g_test_add_func("/netdb/table-unique", test_table_unique);
  g_test_add_func("/netdb/add-serv-proto", test_add_serv_proto);
  g_test_add_func("/netdb/hosts/topology", test_hosts_topology);
  g_test_add_func("/netdb/hosts/added", test_hosts_added);
  g_test_add_func("/netdb/hosts/numeric", test_hosts_numeric);
  g_test_add_func("/netdb/hosts/order", test_hosts_order);
  g_test_add_func("/netdb/networks", test_networks);
  g_test_add_func("/netdb/networks/ifnet", test_ifnet);
  g_test_add_func("/netdb/inet/aton-forms", test_inet_aton_forms);
  g_test_add_func("/netdb/inet/network", test_inet_network);
  g_test_add_func("/netdb/inet/classes", test_inet_classes);
  return g_test_run();
}
