/* protocols/tests/test_ip_rules.c: the drop and don't-answer rules of
 * ip_input, ip_forward, icmp_error and the echo reply, each as 4.4BSD-Lite
 * has it: a total length below the header length (ips_badlen); no route
 * at a gateway answered with host unreachable; a failed forward counted
 * as cantforward, not forward; a broadcast for a net behind a gateway
 * taken by the gateway, not passed on; no error about an ICMP message of
 * an unknown type; no echo reply to a source on network 0. Datagrams are
 * built by hand and handed to ip_input. Read 4.4BSD-Lite
 * netinet/ip_input.c (ipintr, ip_forward) and ip_icmp.c (icmp_error,
 * icmp_reflect).
 *
 * The network and the helpers are in tcp_fixture.h (c is the gateway:
 * ppp0 10.0.0.2 toward a, en0 128.33.0.1 toward d). */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "host.h"
#include "icmp.h"
#include "in_cksum.h"
#include "ip_var.h"
#include "socketvar.h"
#include "tcp_var.h"

#include "tcp_fixture.h"

/* A datagram from src to dst of `data` bytes of protocol proto, whose
 * first byte (for ICMP, the type) is first; an ICMP checksum is set. */
static struct pbuf *dgram(in_addr32 src, in_addr32 dst, uint8_t proto,
                          uint8_t ttl, uint32_t data, uint8_t first)
{
  struct pbuf *p = pbuf_new(IP_HDR_MIN + data);
  uint8_t *d = pbuf_writable(p);
  if (proto == IP_PROTO_ICMP) {
    struct icmp_hdr ic = { .type = first };
    icmp_emit(&ic, d + IP_HDR_MIN, data);
  } else
    d[IP_HDR_MIN] = first;
  struct ip_hdr ip = { .hlen = 20, .len = (uint16_t)(IP_HDR_MIN + data),
                       .ttl = ttl, .proto = proto, .src = src, .dst = dst };
  ipv4_emit(&ip, d);
  return p;
}

static struct netif *ifn(struct host *h, guint i)
{
  return g_ptr_array_index(h->ifs, i);
}

/* A raw ICMP socket on h, to read what arrives. */
static struct socket *icmp_sock(struct net *n, struct host *h)
{
  struct socket *r;
  g_assert_cmpint(socreate(h, true, AF_INET, SOCK_RAW, IP_PROTO_ICMP, &r),
                  ==, 0);
  g_ptr_array_add(n->socks, r);
  return r;
}

/* Total length 12, below the 20-byte header: ips_badlen, as Lite counts
 * it (not tooshort, which is for fewer bytes than the total length). */
static void test_badlen(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct pbuf *p = dgram(A("128.32.0.2"), A("128.32.0.1"), IP_PROTO_UDP, 30,
                         20, 0);
  uint8_t *d = pbuf_writable(p);
  d[2] = 0, d[3] = 12, d[10] = d[11] = 0;
  uint16_t sum = in_cksum(d, 20);
  d[10] = (uint8_t)(sum >> 8), d[11] = (uint8_t)sum;
  ip_input(n.a, ifn(n.a, 0), p);
  g_assert_cmpuint(n.a->inet->ipstat.badlen, ==, 1);
  g_assert_cmpuint(n.a->inet->ipstat.tooshort, ==, 0);
  net_free(&n);
}

/* A gateway with no route for the destination answers with host
 * unreachable (Lite's ip_forward after rtalloc fails), not net. */
static void test_no_route_host_unreach(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *r = icmp_sock(&n, n.a);
  ip_input(n.c, ifn(n.c, 0), dgram(A("10.0.0.1"), A("192.0.2.1"),
                                   IP_PROTO_UDP, 30, 16, 0));
  run_until(&n, SIM_S);
  uint8_t buf[128];
  g_assert_cmpint(rd(r, buf, sizeof buf, 0), >=, IP_HDR_MIN + 8);
  g_assert_cmpuint(buf[IP_HDR_MIN], ==, ICMP_UNREACH);
  g_assert_cmpuint(buf[IP_HDR_MIN + 1], ==, ICMP_UNREACH_HOST);
  net_free(&n);
}

/* A forward that fails (too big for the next hop, DF set) counts in
 * cantforward and cantfrag, not in forward. */
static void test_failed_forward_counted(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  ifn(n.c, 0)->port->mtu = 576;
  struct pbuf *p = dgram(A("128.33.0.2"), A("10.0.0.1"), IP_PROTO_UDP, 30,
                         1000, 0);
  uint8_t *d = pbuf_writable(p);
  struct ip_hdr ip;
  g_assert_cmpint(ipv4_parse(d, p->len, &ip), ==, 20);
  ip.flags = IP_DF;
  ipv4_emit(&ip, d);
  ip_input(n.c, ifn(n.c, 1), p);
  const struct ipstat *st = &n.c->inet->ipstat;
  g_assert_cmpuint(st->cantfrag, ==, 1);
  g_assert_cmpuint(st->cantforward, ==, 1);
  g_assert_cmpuint(st->forward, ==, 0);
  g_assert_cmpuint(n.c->inet->icmpstat.outhist[ICMP_UNREACH], ==, 1);
  net_free(&n);
}

/* a pings 128.33.255.255, the broadcast of the net behind c: c takes it
 * as its own and answers (Lite without DIRECTED_BROADCAST); it is not
 * passed on to lan2, so d never sees it. */
static void test_broadcast_not_forwarded(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct pbuf *p = pbuf_new(ICMP_HDR_LEN + 8);
  struct icmp_hdr ic = { .type = ICMP_ECHO, .u.echo = { 7, 1 } };
  icmp_emit(&ic, pbuf_writable(p), ICMP_HDR_LEN + 8);
  struct ip_out o = { .dst = A("128.33.255.255"), .proto = IP_PROTO_ICMP };
  g_assert_cmpint(ip_output(n.a, p, &o, IP_ALLOWBROADCAST), ==, 0);
  run_until(&n, SIM_S);
  g_assert_cmpuint(n.c->inet->ipstat.forward, ==, 0);
  g_assert_cmpuint(n.c->inet->icmpstat.reflect, ==, 1);
  g_assert_cmpuint(n.d->inet->icmpstat.inhist[ICMP_ECHO], ==, 0);
  g_assert_cmpuint(n.a->inet->icmpstat.inhist[ICMP_ECHOREPLY], ==, 1);
  net_free(&n);
}

/* TTL runs out at c for ICMP messages: an echo reply (a query or reply
 * type) gets time exceeded; type 1, unassigned, is taken for an error, as
 * Lite's ICMP_INFOTYPE test does, and gets none (icps_oldicmp). */
static void test_no_error_about_unknown_icmp(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  const struct icmpstat *st = &n.c->inet->icmpstat;
  ip_input(n.c, ifn(n.c, 0), dgram(A("10.0.0.1"), A("128.33.0.2"),
                                   IP_PROTO_ICMP, 1, 16, ICMP_ECHOREPLY));
  g_assert_cmpuint(st->outhist[ICMP_TIMXCEED], ==, 1);
  ip_input(n.c, ifn(n.c, 0), dgram(A("10.0.0.1"), A("128.33.0.2"),
                                   IP_PROTO_ICMP, 1, 16, 1));
  g_assert_cmpuint(st->outhist[ICMP_TIMXCEED], ==, 1);
  g_assert_cmpuint(st->oldicmp, ==, 1);
  net_free(&n);
}

/* An echo request from 0.0.0.5 (network 0) is not answered: Lite's
 * icmp_reflect drops a reply to a source in_canforward refuses. */
static void test_no_echo_to_net0(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  ip_input(n.d, ifn(n.d, 0), dgram(A("0.0.0.5"), A("128.33.0.2"),
                                   IP_PROTO_ICMP, 30, 16, ICMP_ECHO));
  g_assert_cmpuint(n.d->inet->icmpstat.inhist[ICMP_ECHO], ==, 1);
  g_assert_cmpuint(n.d->inet->icmpstat.reflect, ==, 0);
  ip_input(n.d, ifn(n.d, 0), dgram(A("128.33.0.1"), A("128.33.0.2"),
                                   IP_PROTO_ICMP, 30, 16, ICMP_ECHO));
  g_assert_cmpuint(n.d->inet->icmpstat.reflect, ==, 1);
  net_free(&n);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/ip/input/badlen", test_badlen);
  g_test_add_func("/ip/forward/no-route", test_no_route_host_unreach);
  g_test_add_func("/ip/forward/failure-counted", test_failed_forward_counted);
  g_test_add_func("/ip/forward/no-broadcast", test_broadcast_not_forwarded);
  g_test_add_func("/icmp/error/not-about-unknown-type",
                  test_no_error_about_unknown_icmp);
  g_test_add_func("/icmp/echo/not-to-net0", test_no_echo_to_net0);
  return g_test_run();
}
