/* protocols/tests/test_in_pcb_hash.c: the hashed lookup of connected
 * control blocks (protocols/in_pcb_hash.c) must give exactly what the
 * 4.4BSD linear scan gives. Random binds, connects, disconnects, closes
 * and direct local-address changes (as tcp_input and udp_send make) on
 * one list, with every lookup compared after each step, over a host
 * multi-homed on networks 46 and 10 that sends nothing. */
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

static in_addr32 A(const char *s)
{
  in_addr32 a;
  g_assert_true(in_parse_addr(s, &a, NULL));
  return a;
}

static const char *laddrs[] = { "0.0.0.0", "46.0.0.1", "10.0.0.1" };
static const char *faddrs[] = { "0.0.0.0", "10.0.0.2", "10.0.0.3",
                                "46.1.2.3" };
static const uint16_t fports[] = { 0, 7, 8 };
static const uint16_t lports[] = { 0, 1024, 1025, 2000 };
#define PICK(r, a) a[g_rand_int_range(r, 0, G_N_ELEMENTS(a))]

static GPtrArray *blocks(struct inpcbhead *head)
{
  GPtrArray *v = g_ptr_array_new();
  for (GList *l = head->list; l; l = l->next)
    g_ptr_array_add(v, l->data);
  return v;
}

/* Every query over the small address and port sets, both ways. */
static void check_all(struct inpcbhead *head)
{
  for (guint a = 0; a < G_N_ELEMENTS(faddrs); a++)
    for (guint b = 0; b < G_N_ELEMENTS(fports); b++)
      for (guint c = 0; c < G_N_ELEMENTS(laddrs); c++)
        for (guint d = 0; d < G_N_ELEMENTS(lports); d++)
          for (int fl = 0; fl <= INPLOOKUP_WILDCARD; fl++) {
            in_addr32 fa = A(faddrs[a]), la = A(laddrs[c]);
            g_assert_true(
              in_pcblookup(head, fa, fports[b], la, lports[d], fl) ==
              in_pcblookup_linear(head, fa, fports[b], la, lports[d], fl));
          }
}

static void step(GRand *r, struct host *h, struct inpcbhead *head)
{
  GPtrArray *v = blocks(head);
  struct inpcb *inp = v->len ? g_ptr_array_index(v, g_rand_int_range(
                                 r, 0, (gint32)v->len)) : NULL;
  g_ptr_array_free(v, TRUE);
  struct so_addr s = { .family = AF_INET };
  switch (inp ? g_rand_int_range(r, 0, 7) : 0) {
  case 0:
    in_pcballoc(head, h, NULL);
    break;
  case 1:
    s.addr = A(PICK(r, laddrs));
    s.port = PICK(r, lports);
    in_pcbbind(inp, g_rand_boolean(r) ? &s : NULL, g_rand_boolean(r), true);
    break;
  case 2:
  case 3:
    if (inp->faddr != IN_ADDR_ANY)
      break;
    if (g_rand_boolean(r) && inp->laddr == IN_ADDR_ANY)
      inp->laddr = A(PICK(r, laddrs));     /* a listener's accept */
    s.addr = A(PICK(r, faddrs));
    s.port = PICK(r, fports);
    in_pcbconnect(inp, &s);
    break;
  case 4:
    in_pcbdisconnect(inp);
    if (g_rand_boolean(r))
      inp->laddr = IN_ADDR_ANY;            /* udp_disconnect */
    break;
  case 5:
    in_pcbdetach(inp);
    break;
  case 6:                                  /* duplicates: newest wins */
    inp->laddr = A(PICK(r, laddrs));
    break;
  }
}

static struct host *multi_host(struct sim *sim, struct medium_port *ports)
{
  struct host *h = host_new(sim, "multi", in_proto_domains);
  static const char *names[] = { "net46", "net10" };
  static const char *addrs[] = { "46.0.0.1", "10.0.0.1" };
  for (int i = 0; i < 2; i++) {
    uint8_t mac[ETHER_ADDR_LEN] = { 2, 0, 0, 0, 0, (uint8_t)(i + 1) };
    ports[i] = (struct medium_port){ .ops = &drop_ops,
                                     .kind = MEDIUM_ETHERNET, .mtu = 1500,
                                     .medium_name = names[i] };
    struct netif *ifp = netif_attach(h, &ports[i], i ? "en1" : "en0", mac);
    g_assert_cmpint(in_ifaddr_set(ifp, A(addrs[i]), 8), ==, 0);
  }
  return h;
}

static void test_random(void)
{
  struct sim *sim = sim_new(1);
  struct medium_port ports[2];
  struct host *h = multi_host(sim, ports);
  GRand *r = g_rand_new_with_seed(16);
  struct inpcbhead head = { 0 };
  for (int i = 0; i < 4000; i++) {
    step(r, h, &head);
    check_all(&head);
  }
  g_assert_cmpuint(head.hcount, >, 0);
  while (head.list)
    in_pcbdetach(head.list->data);
  g_assert_null(head.hash);
  g_rand_free(r);
  host_free(h);
  sim_free(sim);
}

/* Blocks with the same four addresses, connected out of age order: the
 * newest one wins, as the scan has it, and the next when it goes. */
static void test_newest_wins(void)
{
  struct sim *sim = sim_new(1);
  struct medium_port ports[2];
  struct host *h = multi_host(sim, ports);
  struct inpcbhead head = { 0 };
  struct inpcb *b[3];
  for (int i = 0; i < 3; i++)
    b[i] = in_pcballoc(&head, h, NULL);
  struct so_addr peer = { .family = AF_INET, .addr = A("10.0.0.2"),
                          .port = 7 };
  const int order[] = { 2, 0, 1 };     /* the oldest not last */
  for (int i = 0; i < 3; i++) {
    struct inpcb *inp = b[order[i]];
    inp->laddr = A("10.0.0.1");        /* as a listener's accept */
    inp->lport = 2000;
    g_assert_cmpint(in_pcbconnect(inp, &peer), ==, 0);
    inp->laddr = A("192.0.2.1") + (in_addr32)i;   /* out of the way */
  }
  for (int i = 0; i < 3; i++)
    b[i]->laddr = A("10.0.0.1");
  in_addr32 me = A("10.0.0.1");
  g_assert_true(in_pcblookup(&head, peer.addr, 7, me, 2000, 0) == b[2]);
  in_pcbdetach(b[2]);
  g_assert_true(in_pcblookup(&head, peer.addr, 7, me, 2000, 0) == b[1]);
  in_pcbdisconnect(b[1]);
  g_assert_true(in_pcblookup(&head, peer.addr, 7, me, 2000, 0) == b[0]);
  in_pcbdetach(b[1]);
  in_pcbdetach(b[0]);
  g_assert_null(head.hash);
  host_free(h);
  sim_free(sim);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/in_pcb/hash/random-against-linear", test_random);
  g_test_add_func("/in_pcb/hash/newest-wins", test_newest_wins);
  return g_test_run();
}
