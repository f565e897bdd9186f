/* protocols/tests/test_icmp_input.c: what icmp_input does with each
 * arriving error, by type and code, as 4.4BSD-Lite's icmp_input: the
 * unreachable codes 0..12 and the socket error each gives (through
 * inetctlerrmap), codes 13 and up counted as bad and ignored, the code
 * limits of time exceeded, parameter problem, source quench and redirect,
 * and errors quoting too little of the datagram dropped. Messages are
 * built by hand and handed to ip_input. Read 4.4BSD-Lite netinet/ip_icmp.c
 * (icmp_input) and ip_input.c (inetctlerrmap).
 *
 * The network and the helpers are in tcp_fixture.h. */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "host.h"
#include "icmp.h"
#include "ip_var.h"
#include "socketvar.h"
#include "tcp_var.h"
#include "udp.h"
#include "wire.h"

#include "tcp_fixture.h"

/* The quoted datagram: its header and first 8 bytes (the ports). */
struct quote {
  in_addr32 src, dst;         /* the quoted datagram's addresses */
  uint8_t proto;              /* its protocol */
  uint16_t sport, dport;      /* its ports */
  uint8_t hl_words;           /* its header length field (5 normally) */
  uint32_t len;               /* bytes of it quoted (28 normally) */
};

/* Hands h an ICMP type/code from `from` quoting q, as if it arrived on
 * h's first interface. */
static void icmp_in(struct host *h, in_addr32 from, int type, int code,
                    const struct quote *q)
{
  uint8_t body[28] = { 0 };
  struct ip_hdr qi = { .hlen = 20, .len = 28, .ttl = 30, .proto = q->proto,
                       .src = q->src, .dst = q->dst };
  ipv4_emit(&qi, body);
  body[0] = (uint8_t)(0x40 | q->hl_words);
  wire_put16(body + 20, q->sport);
  wire_put16(body + 22, q->dport);
  uint32_t n = ICMP_HDR_LEN + q->len;
  struct pbuf *p = pbuf_new(IP_HDR_MIN + n);
  uint8_t *d = pbuf_writable(p);
  memcpy(d + IP_HDR_MIN + ICMP_HDR_LEN, body, q->len);
  struct icmp_hdr ic = { .type = (uint8_t)type, .code = (uint8_t)code };
  icmp_emit(&ic, d + IP_HDR_MIN, n);
  struct ip_hdr ip = { .hlen = 20, .len = (uint16_t)(IP_HDR_MIN + n),
                       .ttl = 30, .proto = IP_PROTO_ICMP, .src = from,
                       .dst = q->src };
  ipv4_emit(&ip, d);
  ip_input(h, g_ptr_array_index(h->ifs, 0), p);
}

/* A UDP socket on a connected to b:9, and the quote of what it sends. */
static struct socket *udp_to_b(struct net *n, struct quote *q)
{
  struct socket *u;
  g_assert_cmpint(socreate(n->a, true, AF_INET, SOCK_DGRAM, 0, &u), ==, 0);
  g_ptr_array_add(n->socks, u);
  struct so_addr sa = { .family = AF_INET, .addr = A("128.32.0.2"),
                        .port = 9 };
  g_assert_cmpint(soconnect(u, &sa), ==, 0);
  const struct inpcb *inp = u->so_pcb;
  *q = (struct quote){ .src = inp->laddr, .dst = inp->faddr,
                       .proto = IP_PROTO_UDP, .sport = inp->lport,
                       .dport = 9, .hl_words = 5, .len = 28 };
  return u;
}

/* The error an unreachable of this code leaves on a connected UDP socket
 * (4.4BSD inetctlerrmap; 13 and up: none). */
static int unreach_errno(int code)
{
  static const int want[] = {
    -EHOSTUNREACH, -EHOSTUNREACH, -ECONNREFUSED, -ECONNREFUSED, -EMSGSIZE,
    -EHOSTUNREACH, -EHOSTUNREACH, -EHOSTUNREACH, -EHOSTUNREACH,
    -EHOSTUNREACH, -EHOSTUNREACH, -EHOSTUNREACH, -EHOSTUNREACH,
  };
  return code < (int)G_N_ELEMENTS(want) ? want[code] : 0;
}

static void test_unreach_codes_udp(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct quote q;
  struct socket *u = udp_to_b(&n, &q);
  const struct icmpstat *st = &n.a->inet->icmpstat;
  for (int code = 0; code <= 15; code++) {
    uint64_t bad = st->badcode;
    u->so_error = 0;
    icmp_in(n.a, q.dst, ICMP_UNREACH, code, &q);
    g_test_message("code %d: so_error %d", code, u->so_error);
    g_assert_cmpint(u->so_error, ==, unreach_errno(code));
    g_assert_cmpuint(st->badcode, ==, bad + (code >= 13));
  }
  g_assert_cmpuint(st->inhist[ICMP_UNREACH], ==, 16);
  net_free(&n);
}

/* A connect in progress through c to a missing host: each code's soft
 * error (4.4BSD tcp_notify), none for 13 and up. */
static void test_unreach_codes_tcp(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *so = tconnect(&n, n.a, "128.33.0.99", 9000);
  struct tcpcb *tp = tp_of(so);
  struct quote q = { .src = A("10.0.0.1"), .dst = A("128.33.0.99"),
                     .proto = IP_PROTO_TCP, .sport = tp->inp->lport,
                     .dport = 9000, .hl_words = 5, .len = 28 };
  for (int code = 0; code <= 15; code++) {
    tp->t_softerror = 0;
    icmp_in(n.a, A("10.0.0.2"), ICMP_UNREACH, code, &q);
    g_assert_cmpint(tp->t_softerror, ==, unreach_errno(code));
    g_assert_cmpint(so->so_error, ==, 0);
  }
  net_free(&n);
}

/* Time exceeded (codes 0, 1: no socket error), parameter problem (0, 1:
 * ENOPROTOOPT), source quench (0), redirect (0..3): any other code is
 * counted in badcode and has no effect. */
static void test_other_codes(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct quote q;
  struct socket *u = udp_to_b(&n, &q);
  const struct icmpstat *st = &n.a->inet->icmpstat;
  static const struct { int type, code, err, bad; } cases[] = {
    { ICMP_TIMXCEED, 0, 0, 0 }, { ICMP_TIMXCEED, 1, 0, 0 },
    { ICMP_TIMXCEED, 2, 0, 1 },
    { ICMP_PARAMPROB, 0, -ENOPROTOOPT, 0 },
    { ICMP_PARAMPROB, 1, -ENOPROTOOPT, 0 },
    { ICMP_PARAMPROB, 2, 0, 1 },
    { ICMP_SOURCEQUENCH, 0, 0, 0 }, { ICMP_SOURCEQUENCH, 1, 0, 1 },
    { ICMP_REDIRECT, 3, 0, 0 }, { ICMP_REDIRECT, 4, 0, 1 },
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    uint64_t bad = st->badcode;
    u->so_error = 0;
    icmp_in(n.a, q.dst, cases[i].type, cases[i].code, &q);
    g_test_message("type %d code %d", cases[i].type, cases[i].code);
    g_assert_cmpint(u->so_error, ==, cases[i].err);
    g_assert_cmpuint(st->badcode, ==, bad + (uint64_t)cases[i].bad);
  }
  net_free(&n);
}

/* An error must quote a whole header and 8 bytes more (4.4BSD
 * ICMP_ADVLENMIN, ICMP_ADVLEN, and a header length of at least 5
 * words); otherwise it is counted in badlen and dropped. */
static void test_short_quotes(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct quote q;
  struct socket *u = udp_to_b(&n, &q);
  const struct icmpstat *st = &n.a->inet->icmpstat;
  struct quote cut = q, hl4 = q, hl6 = q;
  cut.len = 24;               /* 4 bytes past the header, not 8 */
  hl4.hl_words = 4;           /* a header length below 20 */
  hl6.hl_words = 6;           /* 24 + 8 bytes wanted, 28 quoted */
  const struct quote *bad[] = { &cut, &hl4, &hl6 };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    icmp_in(n.a, q.dst, ICMP_UNREACH, ICMP_UNREACH_PORT, bad[i]);
    g_assert_cmpint(u->so_error, ==, 0);
    g_assert_cmpuint(st->badlen, ==, i + 1);
  }
  icmp_in(n.a, q.dst, ICMP_UNREACH, ICMP_UNREACH_PORT, &q);
  g_assert_cmpint(u->so_error, ==, -ECONNREFUSED);
  g_assert_cmpuint(st->badcode, ==, 0);
  net_free(&n);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/icmp/input/unreach-codes-udp", test_unreach_codes_udp);
  g_test_add_func("/icmp/input/unreach-codes-tcp", test_unreach_codes_tcp);
  g_test_add_func("/icmp/input/other-codes", test_other_codes);
  g_test_add_func("/icmp/input/short-quotes", test_short_quotes);
  return g_test_run();
}
