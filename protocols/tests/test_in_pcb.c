/* protocols/tests/test_in_pcb.c: binding and connecting internet control
 * blocks (protocols/in_pcb.h), primer section 5.4: wildcards, reserved
 * ports, ephemeral ports, SO_REUSEADDR and unique associations, foreign
 * addresses, the source address of connect, and error notification.
 * The host is multi-homed on networks 46 and 10, as in the primer, over
 * a fake medium that drops everything (nothing is sent here). */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "in_proto.h"
#include "host.h"
#include "in_pcb.h"
#include "ip_var.h"
#include "netif.h"
#include "socket.h"

static int drop_output(struct medium_port *port, struct pbuf *p)
{
  (void)port;
  pbuf_free(p);
  return 0;
}

static const struct medium_ops drop_ops = { .output = drop_output };

struct fixture {
  struct sim *sim;
  struct host *h;
  struct medium_port ports[2];
  struct inpcbhead head;
};

static in_addr32 A(const char *s)
{
  in_addr32 a;
  g_assert_true(in_parse_addr(s, &a, NULL));
  return a;
}

static void setup(struct fixture *f)
{
  static const char *names[] = { "net46", "net10" };
  static const char *addrs[] = { "46.0.0.1", "10.0.0.1" };
  memset(f, 0, sizeof *f);
  f->sim = sim_new(1);
  f->h = host_new(f->sim, "multi", in_proto_domains);
  for (int i = 0; i < 2; i++) {
    uint8_t mac[ETHER_ADDR_LEN] = { 2, 0, 0, 0, 0, (uint8_t)(i + 1) };
    f->ports[i] = (struct medium_port){ .ops = &drop_ops,
                                        .kind = MEDIUM_ETHERNET,
                                        .mtu = 1500,
                                        .medium_name = names[i] };
    struct netif *ifp = netif_attach(f->h, &f->ports[i], i ? "en1" : "en0",
                                     mac);
    g_assert_cmpint(in_ifaddr_set(ifp, A(addrs[i]), 8), ==, 0);
  }
}

static void teardown(struct fixture *f)
{
  while (f->head.list)
    in_pcbdetach(f->head.list->data);
  host_free(f->h);
  sim_free(f->sim);
}

static struct so_addr inaddr(const char *a, uint16_t port)
{
  struct so_addr s = { .family = AF_INET, .addr = A(a), .port = port };
  return s;
}

static struct inpcb *pcb(struct fixture *f)
{
  return in_pcballoc(&f->head, f->h, NULL);
}

static void test_ephemeral(void)
{
  struct fixture f;
  setup(&f);
  struct inpcb *a = pcb(&f), *b = pcb(&f);
  g_assert_cmpint(in_pcbbind(a, NULL, false, false), ==, 0);
  g_assert_cmpint(in_pcbbind(b, NULL, false, false), ==, 0);
  g_assert_cmpuint(a->lport, ==, 1024);
  g_assert_cmpuint(b->lport, ==, 1025);
  g_assert_cmpint(in_pcbbind(a, NULL, false, false), ==, -EINVAL);
  /* A port taken by an explicit bind is skipped. */
  struct inpcb *c = pcb(&f), *d = pcb(&f);
  struct so_addr s = inaddr("0.0.0.0", 1026);
  g_assert_cmpint(in_pcbbind(c, &s, false, false), ==, 0);
  g_assert_cmpint(in_pcbbind(d, NULL, false, false), ==, 0);
  g_assert_cmpuint(d->lport, ==, 1027);
  teardown(&f);
}

static void test_reserved(void)
{
  struct fixture f;
  setup(&f);
  struct so_addr s = inaddr("0.0.0.0", 513);
  g_assert_cmpint(in_pcbbind(pcb(&f), &s, false, false), ==, -EACCES);
  g_assert_cmpint(in_pcbbind(pcb(&f), &s, false, true), ==, 0);
  s.port = 1023;
  g_assert_cmpint(in_pcbbind(pcb(&f), &s, false, false), ==, -EACCES);
  s.port = 1024;
  g_assert_cmpint(in_pcbbind(pcb(&f), &s, false, false), ==, 0);
  teardown(&f);
}

static void test_foreign_and_family(void)
{
  struct fixture f;
  setup(&f);
  struct so_addr s = inaddr("10.0.0.2", 2000);
  g_assert_cmpint(in_pcbbind(pcb(&f), &s, false, false), ==, -EADDRNOTAVAIL);
  s = inaddr("46.0.0.1", 2000);
  g_assert_cmpint(in_pcbbind(pcb(&f), &s, false, false), ==, 0);
  s.family = AF_UNIX;
  g_assert_cmpint(in_pcbbind(pcb(&f), &s, false, false), ==, -EAFNOSUPPORT);
  teardown(&f);
}

static void test_reuseaddr(void)
{
  struct fixture f;
  setup(&f);
  struct so_addr any = inaddr("0.0.0.0", 3000), one = inaddr("46.0.0.1", 3000);
  g_assert_cmpint(in_pcbbind(pcb(&f), &any, false, false), ==, 0);
  g_assert_cmpint(in_pcbbind(pcb(&f), &any, false, false), ==, -EADDRINUSE);
  g_assert_cmpint(in_pcbbind(pcb(&f), &one, false, false), ==, -EADDRINUSE);
  /* With SO_REUSEADDR a specific address may share the port... */
  g_assert_cmpint(in_pcbbind(pcb(&f), &one, true, false), ==, 0);
  /* ...but not the very same local address twice. */
  g_assert_cmpint(in_pcbbind(pcb(&f), &one, true, false), ==, -EADDRINUSE);
  g_assert_cmpint(in_pcbbind(pcb(&f), &any, true, false), ==, -EADDRINUSE);
  teardown(&f);
}

static void test_ftp_data(void)
{
  struct fixture f;
  setup(&f);
  struct so_addr data = inaddr("10.0.0.1", 2020);
  struct so_addr c1 = inaddr("10.0.0.2", 1500), c2 = inaddr("10.0.0.2", 1501);
  struct inpcb *a = pcb(&f), *b = pcb(&f), *c = pcb(&f);
  g_assert_cmpint(in_pcbbind(a, &data, true, false), ==, 0);
  g_assert_cmpint(in_pcbconnect(a, &c1), ==, 0);
  g_assert_cmpint(in_pcbbind(b, &data, true, false), ==, 0);
  g_assert_cmpint(in_pcbconnect(b, &c2), ==, 0);
  g_assert_cmpint(in_pcbbind(c, &data, true, false), ==, 0);
  g_assert_cmpint(in_pcbconnect(c, &c1), ==, -EADDRINUSE);
  g_assert_true(in_pcblookup(&f.head, c2.addr, 1501, data.addr, 2020, 0) == b);
  teardown(&f);
}

static void test_connect_source(void)
{
  struct fixture f;
  setup(&f);
  struct inpcb *a = pcb(&f), *b = pcb(&f), *c = pcb(&f);
  struct so_addr s = inaddr("10.9.9.9", 7);
  g_assert_cmpint(in_pcbconnect(a, &s), ==, 0);
  g_assert_cmpuint(a->laddr, ==, A("10.0.0.1"));
  g_assert_cmpuint(a->lport, ==, 1024);
  s = inaddr("46.1.2.3", 7);
  g_assert_cmpint(in_pcbconnect(b, &s), ==, 0);
  g_assert_cmpuint(b->laddr, ==, A("46.0.0.1"));
  /* No route: the primary address, as 4.4BSD; the send will fail. */
  s = inaddr("192.0.2.1", 7);
  g_assert_cmpint(in_pcbconnect(c, &s), ==, 0);
  g_assert_cmpuint(c->laddr, ==, A("46.0.0.1"));
  s.port = 0;
  g_assert_cmpint(in_pcbconnect(pcb(&f), &s), ==, -EADDRNOTAVAIL);
  /* INADDR_BROADCAST becomes the primary interface's broadcast. */
  struct inpcb *d = pcb(&f);
  s = inaddr("255.255.255.255", 9);
  g_assert_cmpint(in_pcbconnect(d, &s), ==, 0);
  g_assert_cmpuint(d->faddr, ==, A("46.255.255.255"));
  teardown(&f);
}

static int notified;

static void count_notify(struct inpcb *inp, int err)
{
  (void)inp;
  g_assert_cmpint(err, ==, -ECONNREFUSED);
  notified++;
}

static void test_notify(void)
{
  struct fixture f;
  setup(&f);
  struct inpcb *a = pcb(&f), *b = pcb(&f);
  struct so_addr s = inaddr("10.0.0.2", 7);
  g_assert_cmpint(in_pcbconnect(a, &s), ==, 0);
  g_assert_cmpint(in_pcbbind(b, NULL, false, false), ==, 0);
  struct prc_info info = { .src = a->laddr, .dst = s.addr,
                           .sport = a->lport, .dport = 7, .proto = 17 };
  notified = 0;
  in_pcbnotify(&f.head, PRC_UNREACH_PORT, &info, count_notify);
  g_assert_cmpint(notified, ==, 1);       /* b is not connected: not told */
  info.dport = 8;
  in_pcbnotify(&f.head, PRC_UNREACH_PORT, &info, count_notify);
  g_assert_cmpint(notified, ==, 1);
  in_pcbnotify(&f.head, PRC_TIMXCEED_INTRANS, &info, count_notify);
  g_assert_cmpint(notified, ==, 1);
  g_assert_cmpint(in_ctlerrno(PRC_UNREACH_NET), ==, -EHOSTUNREACH);
  g_assert_cmpint(in_ctlerrno(PRC_HOSTDEAD), ==, -EHOSTDOWN);
  teardown(&f);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/in_pcb/bind/ephemeral", test_ephemeral);
  g_test_add_func("/in_pcb/bind/reserved", test_reserved);
  g_test_add_func("/in_pcb/bind/foreign-and-family", test_foreign_and_family);
  g_test_add_func("/in_pcb/bind/reuseaddr", test_reuseaddr);
  g_test_add_func("/in_pcb/connect/ftp-data", test_ftp_data);
  g_test_add_func("/in_pcb/connect/source", test_connect_source);
  g_test_add_func("/in_pcb/notify", test_notify);
  return g_test_run();
}
