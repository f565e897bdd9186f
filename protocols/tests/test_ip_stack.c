/* protocols/tests/test_ip_stack.c: the stateful internet layer over real
 * media: ARP, ip_output/ip_input, forwarding, ICMP errors, fragmentation
 * and reassembly, broadcasts, and routes (hosts/route.c, route_auto.c).
 *
 * Topology (addresses classful unless given):
 *   a 128.32.1.1 --lan1 (10 Mb/s, a at 0 m, g1 at 200 m)-- g1 128.32.1.2
 *   g1 10.1.0.1/16 --wan (56 kb/s, 5 ms)-- g2 10.1.0.2/16
 *   g2 128.33.1.2 --lan2 (g2 at 0 m, b at 100 m)-- b 128.33.1.1
 * Probes are ICMP echo requests sent with ip_output; replies and errors
 * are seen in the sender's icmpstat.inhist. Times are asserted to the
 * nanosecond against the media's timing formulas. */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "bus.h"
#include "in_proto.h"
#include "host.h"
#include "icmp.h"
#include "ip_var.h"
#include "link.h"
#include "netif.h"
#include "pbuf.h"
#include "route.h"
#include "route_auto.h"
#include "socket.h"
#include "socketvar.h"

struct net {
  struct sim *sim;
  struct bus *lan1, *lan2;
  struct link *wan;
  struct host *a, *g1, *g2, *b;
  GPtrArray *hosts;
};

static struct netif *attach_bus(struct host *h, struct bus *s, double pos,
                                int macn, const char *addr, int len)
{
  uint8_t mac[ETHER_ADDR_LEN] = { 2, 0, 0, 0, 0, (uint8_t)macn };
  char name[8];
  g_snprintf(name, sizeof name, "en%u", h->ifs->len);
  struct netif *ifp = netif_attach(h, bus_attach(s, pos, mac), name, mac);
  in_addr32 a;
  g_assert_true(in_parse_addr(addr, &a, NULL));
  g_assert_cmpint(in_ifaddr_set(ifp, a, len), ==, 0);
  return ifp;
}

static void attach_link(struct host *h, struct link *l, int end,
                        const char *addr)
{
  struct netif *ifp = netif_attach(h, link_port(l, end), "ppp0", NULL);
  in_addr32 a;
  g_assert_true(in_parse_addr(addr, &a, NULL));
  g_assert_cmpint(in_ifaddr_set(ifp, a, 16), ==, 0);
}

static void net_init(struct net *n, uint32_t wan_mtu)
{
  struct bus_params sp;
  struct link_params lp;
  memset(n, 0, sizeof *n);
  n->sim = sim_new(1);
  bus_params_default(&sp);
  n->lan1 = bus_new(n->sim, "lan1", &sp);
  n->lan2 = bus_new(n->sim, "lan2", &sp);
  link_params_default(&lp);
  lp.rate_bps = 56000;
  lp.delay = 5 * SIM_MS;
  lp.mtu = wan_mtu;
  n->wan = link_new(n->sim, "wan", &lp);
  n->a = host_new(n->sim, "a", in_proto_domains);
  n->g1 = host_new(n->sim, "g1", in_proto_domains);
  n->g2 = host_new(n->sim, "g2", in_proto_domains);
  n->b = host_new(n->sim, "b", in_proto_domains);
  n->g1->inet->forwarding = n->g2->inet->forwarding = true;
  attach_bus(n->a, n->lan1, 0, 1, "128.32.1.1", 16);
  attach_bus(n->g1, n->lan1, 200, 2, "128.32.1.2", 16);
  attach_link(n->g1, n->wan, 0, "10.1.0.1");
  attach_link(n->g2, n->wan, 1, "10.1.0.2");
  attach_bus(n->g2, n->lan2, 0, 3, "128.33.1.2", 16);
  attach_bus(n->b, n->lan2, 100, 4, "128.33.1.1", 16);
  n->hosts = g_ptr_array_new();
  struct host *all[] = { n->a, n->g1, n->g2, n->b };
  for (int i = 0; i < 4; i++)
    g_ptr_array_add(n->hosts, all[i]);
  route_auto_compute(n->hosts);
}

static void net_free(struct net *n)
{
  for (guint i = 0; i < n->hosts->len; i++)
    host_free(g_ptr_array_index(n->hosts, i));
  g_ptr_array_free(n->hosts, TRUE);
  bus_free(n->lan1);
  bus_free(n->lan2);
  link_free(n->wan);
  sim_free(n->sim);
}

static in_addr32 A(const char *s)
{
  in_addr32 a;
  g_assert_true(in_parse_addr(s, &a, NULL));
  return a;
}

/* Sends an echo request of `data` bytes from h to dst. */
static int ping(struct host *h, const char *dst, uint32_t data, uint8_t ttl,
                bool df, int flags)
{
  struct pbuf *p = pbuf_new(ICMP_HDR_LEN + data);
  struct icmp_hdr ic = { .type = ICMP_ECHO, .u.echo = { 7, 1 } };
  icmp_emit(&ic, pbuf_writable(p), ICMP_HDR_LEN + data);
  struct ip_out o = { .dst = A(dst), .proto = IP_PROTO_ICMP, .ttl = ttl,
                      .df = df };
  return ip_output(h, p, &o, flags);
}

/* Runs until h has received one more ICMP message of type, or until
 * `limit`. Returns the time it arrived, or -1. */
static sim_time_t wait_icmp(struct net *n, struct host *h, int type,
                            sim_time_t limit)
{
  uint64_t before = h->inet->icmpstat.inhist[type];
  while (h->inet->icmpstat.inhist[type] == before) {
    if (sched_next_time(n->sim->sched) > limit ||
        !sched_step(n->sim->sched))
      return -1;
  }
  return sim_now(n->sim);
}

static void run_until(struct net *n, sim_time_t t)
{
  sched_run(n->sim->sched, t, UINT64_MAX);
}

/* Ethernet: (frame + FCS, at least 64, + 8 preamble) bytes at 10 Mb/s. */
static sim_time_t ether_tx(uint32_t ip_len)
{
  return (sim_time_t)MAX(ip_len + 14 + 4, 64u) * 8 * 100 + 8 * 8 * 100;
}

static void test_ping_two_gateways(void)
{
  struct net n;
  net_init(&n, 1500);
  g_assert_cmpint(ping(n.a, "128.33.1.1", 56, 0, false, 0), ==, 0);
  g_assert_cmpint(wait_icmp(&n, n.a, ICMP_ECHOREPLY, 5 * SIM_S), >, 0);
  run_until(&n, 10 * SIM_S);
  sim_time_t t0 = sim_now(n.sim);
  g_assert_cmpint(ping(n.a, "128.33.1.1", 56, 0, false, 0), ==, 0);
  sim_time_t rtt = wait_icmp(&n, n.a, ICMP_ECHOREPLY, 20 * SIM_S) - t0;
  /* 84-byte datagram: each way two Ethernet hops and the 56 kb/s link
   * (91 bytes with RFC 1662 framing: 4 of header, the 2-byte FCS and a
   * flag), 200 m and 100 m of cable at 2e8 m/s, and
   * b's reply waits one 9.6 us gap after the request's carrier. */
  sim_time_t wan = (91 * 8 * (sim_time_t)SIM_S + 28000) / 56000;
  sim_time_t one = 2 * ether_tx(84) + wan + 5 * SIM_MS + 1000 + 500;
  g_assert_cmpint(rtt, ==, 2 * one + 9600);
  g_assert_cmpuint(n.g1->inet->ipstat.forward, ==, 4);
  g_assert_cmpuint(n.b->inet->icmpstat.reflect, ==, 2);
  net_free(&n);
}

static void test_ttl_exceeded(void)
{
  struct net n;
  net_init(&n, 1500);
  g_assert_cmpint(ping(n.a, "128.33.1.1", 8, 1, false, 0), ==, 0);
  g_assert_cmpint(wait_icmp(&n, n.a, ICMP_TIMXCEED, SIM_S), >, 0);
  g_assert_cmpuint(n.g1->inet->icmpstat.outhist[ICMP_TIMXCEED], ==, 1);
  g_assert_cmpint(ping(n.a, "128.33.1.1", 8, 2, false, 0), ==, 0);
  g_assert_cmpint(wait_icmp(&n, n.a, ICMP_TIMXCEED, 2 * SIM_S), >, 0);
  g_assert_cmpuint(n.g2->inet->icmpstat.outhist[ICMP_TIMXCEED], ==, 1);
  /* A fragmented datagram runs out of TTL: only its first fragment is
   * answered (RFC 1122 3.2.2: never about a non-first fragment). */
  g_assert_cmpint(ping(n.a, "128.33.1.1", 2000, 1, false, 0), ==, 0);
  run_until(&n, 3 * SIM_S);
  g_assert_cmpuint(n.g1->inet->icmpstat.error, ==, 3);
  g_assert_cmpuint(n.g1->inet->icmpstat.outhist[ICMP_TIMXCEED], ==, 2);
  g_assert_cmpuint(n.a->inet->icmpstat.inhist[ICMP_TIMXCEED], ==, 3);
  net_free(&n);
}

/* A raw ICMP socket on h: it gets a copy of every ICMP message h
 * receives (4.4BSD rip_input), IP header first. */
static struct socket *icmp_listener(struct host *h)
{
  struct socket *so;
  g_assert_cmpint(socreate(h, true, AF_INET, SOCK_RAW, IP_PROTO_ICMP, &so),
                  ==, 0);
  return so;
}

/* The code of the next ICMP message queued on raw socket so, or -1. */
static int next_icmp_code(struct socket *so)
{
  uint8_t buf[128];
  int of;
  const void *wchan;
  long n = soreceive(so, buf, sizeof buf, 0, NULL, &of, &wchan);
  return n >= 22 ? buf[21] : -1;    /* after a 20-byte IP header */
}

/* 4.4BSD-Lite2: ip_output without a route is EHOSTUNREACH (ENETUNREACH
 * only with IP_ROUTETOIF and dst on no connected net), and ip_forward
 * without a route answers ICMP host unreachable. */
static void test_no_route(void)
{
  struct net n;
  net_init(&n, 1500);
  g_assert_cmpint(ping(n.a, "192.0.2.1", 8, 0, false, 0), ==, -EHOSTUNREACH);
  g_assert_cmpuint(n.a->inet->ipstat.noroute, ==, 1);
  g_assert_cmpint(ping(n.a, "192.0.2.1", 8, 0, false, IP_ROUTETOIF), ==,
                  -ENETUNREACH);
  /* With a default route to g1, g1 finds no route and says so. */
  struct socket *raw = icmp_listener(n.a);
  struct netif *en0 = g_ptr_array_index(n.a->ifs, 0);
  g_assert_cmpint(rt_add(n.a->inet->rt, 0, 0, A("128.32.1.2"), en0,
                         RTF_STATIC), ==, 0);
  g_assert_cmpint(ping(n.a, "192.0.2.1", 8, 0, false, 0), ==, 0);
  g_assert_cmpint(wait_icmp(&n, n.a, ICMP_UNREACH, SIM_S), >, 0);
  g_assert_cmpuint(n.g1->inet->icmpstat.outhist[ICMP_UNREACH], ==, 1);
  g_assert_cmpint(next_icmp_code(raw), ==, ICMP_UNREACH_HOST);
  soclose(raw);
  net_free(&n);
}

/* Reject and blackhole routes (4.4BSD RTF_REJECT, RTF_BLACKHOLE, as
 * looutput treats them): locally a reject host route is EHOSTUNREACH, a
 * reject network route ENETUNREACH, a blackhole discards with no error;
 * on a gateway, a reject route is answered with ICMP host unreachable
 * (ip_forward's mapping of the error) and a blackhole with nothing. */
static void test_reject_blackhole(void)
{
  struct net n;
  net_init(&n, 1500);
  struct rtable *rt = n.a->inet->rt;
  g_assert_cmpint(rt_add(rt, A("192.0.2.0"), 24, 0, NULL,
                         RTF_STATIC | RTF_REJECT), ==, 0);
  g_assert_cmpint(rt_add(rt, A("192.0.2.7"), 32, 0, NULL,
                         RTF_STATIC | RTF_REJECT), ==, 0);
  g_assert_cmpint(rt_add(rt, A("198.51.100.0"), 24, 0, NULL,
                         RTF_STATIC | RTF_BLACKHOLE), ==, 0);
  g_assert_cmpint(ping(n.a, "192.0.2.1", 8, 0, false, 0), ==, -ENETUNREACH);
  g_assert_cmpint(ping(n.a, "192.0.2.7", 8, 0, false, 0), ==, -EHOSTUNREACH);
  const struct bus_stats *ss = bus_stats(n.lan1);
  uint64_t frames = ss->tx_frames;
  g_assert_cmpint(ping(n.a, "198.51.100.1", 8, 0, false, 0), ==, 0);
  run_until(&n, SIM_S);
  g_assert_cmpuint(ss->tx_frames, ==, frames);
  /* the same routes on g1, reached by a's default route */
  struct netif *en0 = g_ptr_array_index(n.a->ifs, 0);
  rt = n.g1->inet->rt;
  g_assert_cmpint(rt_add(rt, A("203.0.113.0"), 24, 0, NULL,
                         RTF_STATIC | RTF_REJECT), ==, 0);
  g_assert_cmpint(rt_add(rt, A("100.64.0.0"), 10, 0, NULL,
                         RTF_STATIC | RTF_BLACKHOLE), ==, 0);
  g_assert_cmpint(rt_add(n.a->inet->rt, 0, 0, A("128.32.1.2"), en0,
                         RTF_STATIC), ==, 0);
  struct socket *raw = icmp_listener(n.a);
  g_assert_cmpint(ping(n.a, "203.0.113.5", 8, 0, false, 0), ==, 0);
  g_assert_cmpint(wait_icmp(&n, n.a, ICMP_UNREACH, 2 * SIM_S), >, 0);
  g_assert_cmpint(next_icmp_code(raw), ==, ICMP_UNREACH_HOST);
  g_assert_cmpint(ping(n.a, "100.64.1.1", 8, 0, false, 0), ==, 0);
  g_assert_cmpint(wait_icmp(&n, n.a, ICMP_UNREACH, 4 * SIM_S), ==, -1);
  g_assert_cmpuint(n.g1->inet->icmpstat.outhist[ICMP_UNREACH], ==, 1);
  char line[96];
  rt_format(rt_entry(rt, 0), line, sizeof line);
  g_assert_cmpstr(line, ==, "203.0.113.0/24 reject static");
  soclose(raw);
  net_free(&n);
}

static void test_arp_host_down(void)
{
  struct net n;
  net_init(&n, 1500);
  const struct bus_stats *ss = bus_stats(n.lan1);
  /* One send a second: five requests go out, the sixth send marks the
   * entry rejected, the seventh fails at once. */
  for (int i = 0; i < 6; i++) {
    run_until(&n, i * SIM_S + SIM_MS);
    g_assert_cmpint(ping(n.a, "128.32.1.99", 8, 0, false, 0), ==, 0);
  }
  run_until(&n, 6 * SIM_S + SIM_MS);
  g_assert_cmpuint(ss->tx_frames, ==, 5);
  g_assert_cmpint(ping(n.a, "128.32.1.99", 8, 0, false, 0), ==, -EHOSTDOWN);
  /* Rejected for 20 s from the sixth send's second (5 s): at 25 s the
   * entry is retried. */
  run_until(&n, 24 * SIM_S + SIM_MS);
  g_assert_cmpint(ping(n.a, "128.32.1.99", 8, 0, false, 0), ==, -EHOSTDOWN);
  run_until(&n, 25 * SIM_S + SIM_MS);
  g_assert_cmpint(ping(n.a, "128.32.1.99", 8, 0, false, 0), ==, 0);
  net_free(&n);
}

static void test_arp_gateway_unreach(void)
{
  struct net n;
  net_init(&n, 1500);
  /* Through g1 and g2 to a missing host on lan2: g2's ARP gives up, and
   * later datagrams (the seventh and eighth) get ICMP host unreachable
   * from g2. */
  for (int i = 0; i < 8; i++) {
    run_until(&n, i * SIM_S + SIM_MS);
    g_assert_cmpint(ping(n.a, "128.33.1.99", 8, 0, false, 0), ==, 0);
  }
  run_until(&n, 9 * SIM_S);
  g_assert_cmpuint(n.g2->inet->icmpstat.outhist[ICMP_UNREACH], ==, 2);
  g_assert_cmpuint(n.a->inet->icmpstat.inhist[ICMP_UNREACH], ==, 2);
  net_free(&n);
}

static void test_fragments(void)
{
  struct net n;
  net_init(&n, 296);
  /* 1020-byte datagram over MTU 296: 272 data bytes a piece: 4 pieces,
   * each way. g2 holds the first while it asks for b's address; the
   * slow link spaces the others out, so none is lost. */
  g_assert_cmpint(ping(n.a, "128.33.1.1", 992, 0, false, 0), ==, 0);
  g_assert_cmpint(wait_icmp(&n, n.a, ICMP_ECHOREPLY, 5 * SIM_S), >, 0);
  g_assert_cmpuint(n.g1->inet->ipstat.fragmented, ==, 1);
  g_assert_cmpuint(n.g1->inet->ipstat.ofragments, ==, 4);
  g_assert_cmpuint(n.b->inet->ipstat.fragments, ==, 4);
  g_assert_cmpuint(n.b->inet->ipstat.reassembled, ==, 1);
  g_assert_cmpuint(n.g2->inet->ipstat.fragmented, ==, 1);
  g_assert_cmpuint(n.a->inet->ipstat.reassembled, ==, 1);
  /* Exactly the MTU fits: no fragments (a 296-byte datagram). */
  uint64_t before = n.g1->inet->ipstat.fragmented;
  g_assert_cmpint(ping(n.a, "128.33.1.1", 296 - 28, 0, false, 0), ==, 0);
  g_assert_cmpint(wait_icmp(&n, n.a, ICMP_ECHOREPLY, 10 * SIM_S), >, 0);
  g_assert_cmpuint(n.g1->inet->ipstat.fragmented, ==, before);
  /* With DF, g1 refuses and says how big it may be. */
  g_assert_cmpint(ping(n.a, "128.33.1.1", 992, 0, true, 0), ==, 0);
  g_assert_cmpint(wait_icmp(&n, n.a, ICMP_UNREACH, 15 * SIM_S), >, 0);
  g_assert_cmpuint(n.g1->inet->ipstat.cantfrag, ==, 1);
  net_free(&n);
}

static void test_reass_timeout(void)
{
  struct net n;
  net_init(&n, 1500);
  struct ip_hdr ip = { .hlen = 20, .len = 20 + 64, .id = 9, .flags = IP_MF,
                       .ttl = 30, .proto = IP_PROTO_ICMP,
                       .src = A("128.33.1.2"), .dst = A("128.33.1.1") };
  struct pbuf *p = pbuf_new(84);
  ipv4_emit(&ip, pbuf_writable(p));
  ip_input(n.b, g_ptr_array_index(n.b->ifs, 0), p);
  run_until(&n, 30 * SIM_S - 1);
  g_assert_cmpuint(n.b->inet->ipstat.fragtimeout, ==, 0);
  run_until(&n, 30 * SIM_S);
  g_assert_cmpuint(n.b->inet->ipstat.fragtimeout, ==, 1);
  net_free(&n);
}

/* Hands b fragment (id, off, MF) of 64 data bytes from 128.33.1.2. */
static void frag_to_b(struct net *n, uint16_t id, uint16_t off, bool mf)
{
  struct ip_hdr ip = { .hlen = 20, .len = 20 + 64, .id = id, .off = off,
                       .flags = mf ? IP_MF : 0, .ttl = 30,
                       .proto = IP_PROTO_ICMP, .src = A("128.33.1.2"),
                       .dst = A("128.33.1.1") };
  struct pbuf *p = pbuf_new(84);
  ipv4_emit(&ip, pbuf_writable(p));
  ip_input(n->b, g_ptr_array_index(n->b->ifs, 0), p);
}

/* 40,000 first fragments that never complete: at most 256 datagrams wait,
 * the oldest giving way (their fragments counted as dropped), and the
 * newest still completes. */
static void test_reass_bounded(void)
{
  struct net n;
  net_init(&n, 1500);
  for (uint32_t i = 0; i < 40000; i++)
    frag_to_b(&n, (uint16_t)i, 0, true);
  const struct ipstat *st = &n.b->inet->ipstat;
  g_assert_cmpuint(n.b->inet->ipq.length, ==, 256);
  g_assert_cmpuint(st->fragdropped, ==, 40000 - 256);
  frag_to_b(&n, 39999, 64, false);                /* completes the last */
  g_assert_cmpuint(st->reassembled, ==, 1);
  frag_to_b(&n, 0, 64, false);                    /* the first is gone */
  g_assert_cmpuint(st->reassembled, ==, 1);
  g_assert_cmpuint(n.b->inet->ipq.length, ==, 256);
  run_until(&n, 30 * SIM_S);
  g_assert_cmpuint(n.b->inet->ipq.length, ==, 0);
  net_free(&n);
}

static void test_bad_headers(void)
{
  struct net n;
  net_init(&n, 1500);
  struct netif *en0 = g_ptr_array_index(n.b->ifs, 0);
  struct ip_hdr ip = { .hlen = 20, .len = 40, .ttl = 30,
                       .proto = IP_PROTO_ICMP, .src = A("128.33.1.2"),
                       .dst = A("128.33.1.1") };
  struct pbuf *p = pbuf_new(40);
  ipv4_emit(&ip, pbuf_writable(p));
  struct pbuf *bad = pbuf_copy(p);
  pbuf_writable(bad)[10] ^= 1;                    /* checksum */
  ip_input(n.b, en0, bad);
  bad = pbuf_copy(p);
  pbuf_trim(bad, 30);                             /* shorter than len */
  ip_input(n.b, en0, bad);
  bad = pbuf_copy(p);
  pbuf_trim(bad, 12);                             /* shorter than a header */
  ip_input(n.b, en0, bad);
  pbuf_free(p);
  const struct ipstat *st = &n.b->inet->ipstat;
  g_assert_cmpuint(st->total, ==, 3);
  g_assert_cmpuint(st->badsum, ==, 1);
  g_assert_cmpuint(st->tooshort, ==, 1);
  g_assert_cmpuint(st->toosmall, ==, 1);
  g_assert_cmpuint(st->delivered, ==, 0);
  net_free(&n);
}

static void test_broadcast(void)
{
  struct net n;
  net_init(&n, 1500);
  g_assert_cmpint(ping(n.a, "128.32.255.255", 8, 0, false, 0), ==, -EACCES);
  g_assert_cmpint(ping(n.a, "128.32.255.255", 8, 0, false,
                       IP_ALLOWBROADCAST), ==, 0);
  run_until(&n, SIM_S);
  /* g1 answers, and so does a itself, to its looped-back copy. */
  g_assert_cmpuint(n.a->inet->icmpstat.inhist[ICMP_ECHOREPLY], ==, 2);
  g_assert_cmpuint(n.g1->inet->icmpstat.reflect, ==, 1);
  g_assert_cmpuint(n.g1->inet->ipstat.forward, ==, 0);
  /* The limited and the 4.2BSD all-zeros forms reach the same hosts. */
  g_assert_cmpint(ping(n.a, "255.255.255.255", 8, 0, false,
                       IP_ALLOWBROADCAST), ==, 0);
  g_assert_cmpint(ping(n.a, "128.32.0.0", 8, 0, false, IP_ALLOWBROADCAST),
                  ==, 0);
  run_until(&n, 2 * SIM_S);
  g_assert_cmpuint(n.a->inet->icmpstat.inhist[ICMP_ECHOREPLY], ==, 6);
  g_assert_cmpuint(n.g1->inet->icmpstat.reflect, ==, 3);
  g_assert_cmpuint(n.g2->inet->icmpstat.reflect, ==, 0);
  net_free(&n);
}

/* A host answers itself, at its own address and at 127.0.0.1 (4.4BSD's
 * lo0), with nothing on the wire. */
static void test_loopback(void)
{
  struct net n;
  net_init(&n, 1500);
  g_assert_cmpint(ping(n.a, "128.32.1.1", 8, 0, false, 0), ==, 0);
  g_assert_cmpint(ping(n.a, "127.0.0.1", 8, 0, false, 0), ==, 0);
  run_until(&n, SIM_S);
  g_assert_cmpuint(n.a->inet->icmpstat.inhist[ICMP_ECHO], ==, 2);
  g_assert_cmpuint(n.a->inet->icmpstat.inhist[ICMP_ECHOREPLY], ==, 2);
  g_assert_cmpuint(n.a->inet->ipstat.cantforward, ==, 0);
  g_assert_cmpuint(bus_stats(n.lan1)->tx_frames, ==, 0);
  net_free(&n);
}

static void test_gateway_queue(void)
{
  struct net n;
  net_init(&n, 1500);
  struct netif *wan = g_ptr_array_index(n.g1->ifs, 1);
  wan->port->ops->set_queue(wan->port, 2);
  g_assert_cmpint(ping(n.a, "128.33.1.1", 8, 0, false, 0), ==, 0);
  run_until(&n, SIM_S);
  /* Ten at once: one is sent, two wait, seven find the queue full; each
   * drop is counted and answered with a source quench. */
  for (int i = 0; i < 10; i++)
    g_assert_cmpint(ping(n.a, "128.33.1.1", 500, 0, false, 0), ==, 0);
  run_until(&n, 3 * SIM_S);
  g_assert_cmpuint(wan->stats.tx_qdrops, ==, 7);
  g_assert_cmpuint(n.g1->inet->ipstat.odropped, ==, 7);
  g_assert_cmpuint(n.a->inet->icmpstat.inhist[ICMP_SOURCEQUENCH], ==, 7);
  g_assert_cmpuint(n.a->inet->icmpstat.inhist[ICMP_ECHOREPLY], ==, 4);
  net_free(&n);
}

static void test_routes(void)
{
  struct net n;
  net_init(&n, 1500);
  char line[128];
  struct rtentry *e = rt_lookup(n.a->inet->rt, A("128.33.1.1"));
  g_assert_nonnull(e);
  rt_format(e, line, sizeof line);
  g_assert_cmpstr(line, ==, "128.33.0.0/16 via 128.32.1.2 en0 auto");
  e = rt_lookup(n.b->inet->rt, A("10.1.0.1"));
  rt_format(e, line, sizeof line);
  g_assert_cmpstr(line, ==, "10.1.0.0/16 via 128.33.1.2 en0 auto");
  /* Longest prefix wins; a static route beats an automatic one. */
  struct netif *en0 = g_ptr_array_index(n.a->ifs, 0);
  rt_add(n.a->inet->rt, A("128.33.1.0"), 24, A("128.32.1.7"), en0,
         RTF_STATIC);
  g_assert_cmpuint(rt_lookup(n.a->inet->rt, A("128.33.1.1"))->gateway, ==,
                   A("128.32.1.7"));
  g_assert_cmpuint(rt_lookup(n.a->inet->rt, A("128.33.2.1"))->gateway, ==,
                   A("128.32.1.2"));
  g_assert_cmpint(rt_delete(n.a->inet->rt, A("128.33.1.0"), 24, RTF_STATIC),
                  ==, 0);
  g_assert_cmpint(rt_delete(n.a->inet->rt, A("128.33.1.0"), 24, RTF_STATIC),
                  ==, -ESRCH);
  /* a is not a gateway: nothing routes through it. */
  g_assert_null(rt_lookup(n.g1->inet->rt, A("192.0.2.1")));
  net_free(&n);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/ip/ping/two-gateways", test_ping_two_gateways);
  g_test_add_func("/ip/icmp/ttl-exceeded", test_ttl_exceeded);
  g_test_add_func("/ip/route/no-route", test_no_route);
  g_test_add_func("/ip/route/reject-blackhole", test_reject_blackhole);
  g_test_add_func("/ip/arp/host-down", test_arp_host_down);
  g_test_add_func("/ip/arp/gateway-unreach", test_arp_gateway_unreach);
  g_test_add_func("/ip/frag/small-mtu", test_fragments);
  g_test_add_func("/ip/frag/reass-timeout", test_reass_timeout);
  g_test_add_func("/ip/frag/reass-bounded", test_reass_bounded);
  g_test_add_func("/ip/input/bad-headers", test_bad_headers);
  g_test_add_func("/ip/broadcast/loop", test_broadcast);
  g_test_add_func("/ip/loopback", test_loopback);
  g_test_add_func("/ip/route/lookup", test_routes);
  g_test_add_func("/ip/forward/queue-limit", test_gateway_queue);
  return g_test_run();
}
