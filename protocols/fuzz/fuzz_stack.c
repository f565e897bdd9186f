/* protocols/fuzz/fuzz_stack.c: a fuzz target feeding IP, TCP, UDP, ICMP,
 * ARP and raw frames into a live stack. Each input builds the network of
 * protocols/tests/tcp_fixture.h (a and b on a LAN, a linked to gateway c,
 * c on a second LAN with d), opens a TCP connection a -> b and UDP
 * sockets on both, then reads the input as records that inject packets at
 * b (through a phantom station on the LAN, as a third host would) or at
 * a's link, drive the sockets, and let simulated time pass.
 *
 * Input: byte 0 picks the TCP profile; then records of
 *   [op] [ms to run after] [len hi] [len lo] [len bytes]
 * where op & 7 is the kind (below) and op >> 3 its flags. Injected TCP,
 * UDP and ICMP get correct checksums and the live connection's ports and
 * sequence numbers unless a flag says otherwise, so the fuzzer reaches
 * deep into the input routines rather than their checksum tests. A
 * livelock (the LAND attack: a host answering itself at one instant) is
 * not a finding: the input's run just ends there. */
#include <errno.h>
#include <glib.h>
#include <string.h>

#include "arp.h"
#include "fuzz.h"
#include "icmp.h"
#include "if_ether.h"
#include "in_cksum.h"
#include "ip.h"
#include "tcp.h"
#include "udp.h"
#include "wire.h"

#include "tcp_fixture.h"

#define UPORT 7                      /* the UDP sockets' port */
#define TPORT 80                     /* b's listener */
#define MAXREC 1600                  /* longest record payload used */
#define EVENT_BUDGET 50000           /* events per input (an ACK war can
                                        go on as long as time does) */
#define SAME_TIME_MAX 20000          /* a livelock: stop this input */

enum kind { K_FRAME, K_IP, K_TCP, K_UDP, K_ICMP, K_PPP, K_SOCK, K_TIME };

struct st {
  struct net n;
  struct netif *b_en0, *a_ppp;
  struct medium_port *ph;            /* the phantom station on the LAN */
  in_addr32 a, b;
  struct socket *cli, *srv, *ls;     /* TCP a -> b, b's accepted, listener */
  struct socket *ua, *ub;            /* UDP on a and b */
  uint64_t budget;                   /* events left */
  bool stuck;                        /* a livelock ended the run */
};

static const uint8_t ph_mac[ETHER_ADDR_LEN] = { 2, 0, 0, 0, 0, 9 };

static void drop_input(void *upper, struct pbuf *p)
{
  (void)upper;
  pbuf_free(p);
}

/* Runs events up to `until` within the input's budget. */
static void run_to(struct st *s, sim_time_t until)
{
  while (s->budget > 0 && !s->stuck) {
    uint64_t n = sched_run(s->n.sim->sched, until,
                           s->budget < 1000 ? s->budget : 1000);
    s->budget -= n;
    if (sched_same_time(s->n.sim->sched) > SAME_TIME_MAX)
      s->stuck = true;
    if (n < 1000)
      return;
  }
}

static struct socket *udp_sock(struct st *s, struct host *h)
{
  struct socket *so;
  struct so_addr sa = { .family = AF_INET, .port = UPORT };
  g_assert_cmpint(socreate(h, true, AF_INET, SOCK_DGRAM, 0, &so), ==, 0);
  g_assert_cmpint(sobind(so, &sa), ==, 0);
  g_ptr_array_add(s->n.socks, so);
  return so;
}

static void st_init(struct st *s, int profile)
{
  memset(s, 0, sizeof *s);
  net_init(&s->n, profile);
  s->b_en0 = g_ptr_array_index(s->n.b->ifs, 0);
  s->a_ppp = g_ptr_array_index(s->n.a->ifs, 1);
  s->a = A("128.32.0.1");
  s->b = A("128.32.0.2");
  s->ph = bus_attach(s->n.lan, 50, ph_mac);
  s->ph->input = drop_input;
  s->budget = EVENT_BUDGET;
  s->ls = tlisten(&s->n, s->n.b, TPORT, 5);
  tpair(&s->n, s->n.a, "128.32.0.2", s->ls, TPORT, &s->cli, &s->srv);
  s->ua = udp_sock(s, s->n.a);
  s->ub = udp_sock(s, s->n.b);
}

/* Sends an Ethernet frame from the phantom: dst, type, then payload. */
static void send_frame(struct st *s, const uint8_t *dst, uint16_t type,
                       const uint8_t *pl, size_t len)
{
  struct ether_hdr eh = { .type = type };
  memcpy(eh.dst, dst, ETHER_ADDR_LEN);
  memcpy(eh.src, ph_mac, ETHER_ADDR_LEN);
  struct pbuf *p = pbuf_new((uint32_t)(ETHER_HDR_LEN + len));
  uint8_t *d = pbuf_writable(p);
  ether_emit(&eh, d);
  if (len)
    memcpy(d + ETHER_HDR_LEN, pl, len);
  medium_output(s->ph, p);
}

/* A raw frame: as given, with b's MAC as destination if flagged. */
static void k_frame(struct st *s, int fl, const uint8_t *pl, size_t len)
{
  if (len < ETHER_HDR_LEN)
    return;
  struct pbuf *p = pbuf_new((uint32_t)len);
  uint8_t *d = pbuf_writable(p);
  memcpy(d, pl, len);
  if (fl & 1)
    memcpy(d, s->b_en0->mac, ETHER_ADDR_LEN);
  if (fl & 2)
    memcpy(d + 6, ph_mac, ETHER_ADDR_LEN);
  medium_output(s->ph, p);
}

/* An IP datagram (header and all in pl) to b's MAC; flags fix it up. */
static void k_ip(struct st *s, int fl, const uint8_t *pl, size_t len)
{
  uint8_t buf[MAXREC];
  struct ip_hdr ip;
  memcpy(buf, pl, len);
  if ((fl & 1) && len >= IP_HDR_MIN) {
    int hl = (buf[0] & 0x0f) * 4;
    buf[0] = (uint8_t)(0x40 | (buf[0] & 0x0f));
    if (hl < IP_HDR_MIN || (size_t)hl > len)
      hl = IP_HDR_MIN, buf[0] = 0x45;
    wire_put16(buf + 2, (uint16_t)len);
    if (fl & 2)
      wire_put32(buf + 16, s->b);
    if (fl & 4)
      wire_put32(buf + 12, s->a);
    if (ipv4_parse(buf, len, &ip) == IP_ERR_CKSUM || ip.sum == 0) {
      wire_put16(buf + 10, 0);
      wire_put16(buf + 10, in_cksum(buf, (size_t)hl));
    }
  }
  send_frame(s, s->b_en0->mac, ETHER_TYPE_IP, buf, len);
}

/* Wraps an IP payload (proto) from src to b, and sends it to b. */
static void send_ip(struct st *s, in_addr32 src, uint8_t proto,
                    const uint8_t *pl, size_t len)
{
  uint8_t buf[IP_HDR_MIN + MAXREC];
  struct ip_hdr ip = { .hlen = IP_HDR_MIN, .len = (uint16_t)(IP_HDR_MIN + len),
                       .ttl = 30, .proto = proto, .src = src, .dst = s->b };
  ipv4_emit(&ip, buf);
  memcpy(buf + IP_HDR_MIN, pl, len);
  send_frame(s, s->b_en0->mac, ETHER_TYPE_IP, buf, IP_HDR_MIN + len);
}

/* A TCP segment a -> b aimed at the live connection. */
static void k_tcp(struct st *s, int fl, const uint8_t *pl, size_t len)
{
  uint8_t seg[MAXREC];
  if (len < TCP_HDR_LEN)
    return;
  memcpy(seg, pl, len);
  struct tcpcb *tp = s->srv ? tp_of(s->srv) : NULL;
  if (!(fl & 1)) {
    wire_put16(seg, s->cli && tp_of(s->cli) ? tp_of(s->cli)->inp->lport
                                            : wire_get16(seg));
    wire_put16(seg + 2, TPORT);
  }
  if (!(fl & 2) && tp) {       /* seq near rcv_nxt, ack near snd_una */
    wire_put32(seg + 4, tp->rcv_nxt + (uint32_t)(int8_t)pl[4]);
    wire_put32(seg + 8, tp->snd_una + (uint32_t)(int8_t)pl[8]);
  }
  if (!(fl & 4)) {
    wire_put16(seg + 16, 0);
    uint32_t sum = in_cksum_pseudo(0, s->a, s->b, IP_PROTO_TCP,
                                   (uint16_t)len);
    wire_put16(seg + 16, in_cksum_finish(in_cksum_add(sum, seg, len)));
  }
  send_ip(s, (fl & 8) ? wire_get32(pl + 12) : s->a, IP_PROTO_TCP, seg, len);
}

/* A UDP datagram a -> b's socket. */
static void k_udp(struct st *s, int fl, const uint8_t *pl, size_t len)
{
  uint8_t dg[MAXREC];
  if (len < UDP_HDR_LEN)
    return;
  memcpy(dg, pl, len);
  if (!(fl & 1))
    wire_put16(dg + 2, UPORT);
  if (!(fl & 2))
    wire_put16(dg + 4, (uint16_t)len);
  if (!(fl & 4)) {
    struct udp_hdr h = { .sport = wire_get16(dg), .dport = wire_get16(dg + 2),
                         .len = wire_get16(dg + 4) };
    if (h.len >= UDP_HDR_LEN && h.len <= len)
      udp_emit(&h, s->a, s->b, dg, true);
  }
  send_ip(s, s->a, IP_PROTO_UDP, dg, len);
}

/* An ICMP message to b; flagged, it quotes a segment of the connection. */
static void k_icmp(struct st *s, int fl, const uint8_t *pl, size_t len)
{
  uint8_t m[MAXREC + 64];
  if (len < ICMP_HDR_LEN)
    return;
  memcpy(m, pl, len);
  struct tcpcb *tp = s->srv ? tp_of(s->srv) : NULL;
  if ((fl & 1) && tp) {         /* the quoted datagram: b -> a, TCP */
    struct ip_hdr q = { .hlen = IP_HDR_MIN, .len = 40, .ttl = 30,
                        .proto = (fl & 2) ? IP_PROTO_UDP : IP_PROTO_TCP,
                        .src = s->b, .dst = s->a };
    ipv4_emit(&q, m + ICMP_HDR_LEN);
    uint8_t *t = m + ICMP_HDR_LEN + IP_HDR_MIN;
    wire_put16(t, (fl & 2) ? UPORT : TPORT);
    wire_put16(t + 2, (fl & 2) ? UPORT : tp->inp->fport);
    wire_put32(t + 4, tp->snd_una);
    len = ICMP_HDR_LEN + IP_HDR_MIN + 8;
  }
  struct icmp_hdr h = { .type = m[0], .code = m[1],
                        .u.echo = { wire_get16(m + 4), wire_get16(m + 6) } };
  if (!(fl & 4))
    icmp_emit(&h, m, len);
  send_ip(s, (fl & 8) ? A("128.33.0.2") : s->a, IP_PROTO_ICMP, m, len);
}

/* A frame into a's point-to-point interface, as from c; flagged, with a
 * PPP header for IP in front. */
static void k_ppp(struct st *s, int fl, const uint8_t *pl, size_t len)
{
  static const uint8_t hdr[4] = { 0xff, 0x03, 0x00, 0x21 };
  size_t h = (fl & 1) ? 4 : 0;
  struct pbuf *p = pbuf_new((uint32_t)(h + len));
  uint8_t *d = pbuf_writable(p);
  memcpy(d, hdr, h);
  if (len)
    memcpy(d + h, pl, len);
  struct medium_port *port = s->a_ppp->port;
  port->input(port->upper, p);
}

/* What the programs do: write, read, send urgent data, shut down,
 * close, or connect again. */
static void k_sock(struct st *s, int fl, const uint8_t *pl, size_t len)
{
  static uint8_t buf[8192];
  struct so_addr sa = { .family = AF_INET, .addr = s->b, .port = TPORT };
  size_t n = len ? pl[0] * 32u : 100;
  switch (fl & 7) {
  case 0: if (s->cli) wr(s->cli, buf, n, 0); break;
  case 1: if (s->srv) wr(s->srv, buf, n, 0); break;
  case 2: if (s->srv) rd(s->srv, buf, sizeof buf, 0); break;
  case 3: if (s->cli) rd(s->cli, buf, sizeof buf, 0); break;
  case 4: if (s->cli) wr(s->cli, buf, 1 + n % 3, MSG_OOB); break;
  case 5: if (s->cli) soshutdown(s->cli, SHUT_WR); break;
  case 6:
    if (s->srv)
      tclose(&s->n, s->srv), s->srv = NULL;
    break;
  default:
    if (s->cli)
      tclose(&s->n, s->cli);
    s->cli = tsock(&s->n, s->n.a);
    soconnect(s->cli, &sa);
  }
  sa.addr = s->a;
  sa.port = UPORT;
  if ((fl & 8) && s->ub) {
    const void *wchan;
    sosend(s->ub, &sa, buf, n % 1500, 0, &wchan);
  }
}

static void record(struct st *s, int op, const uint8_t *pl, size_t len)
{
  int fl = op >> 3;
  switch ((enum kind)(op & 7)) {
  case K_FRAME: k_frame(s, fl, pl, len); break;
  case K_IP: k_ip(s, fl, pl, len); break;
  case K_TCP: k_tcp(s, fl, pl, len); break;
  case K_UDP: k_udp(s, fl, pl, len); break;
  case K_ICMP: k_icmp(s, fl, pl, len); break;
  case K_PPP: k_ppp(s, fl, pl, len); break;
  case K_SOCK: k_sock(s, fl, pl, len); break;
  case K_TIME: break;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const int profiles[] = { TCP_PROFILE_42BSD, TCP_PROFILE_TAHOE,
                                  TCP_PROFILE_RENO, TCP_PROFILE_NEWRENO };
  struct st s;
  if (size < 1)
    return 0;
  st_init(&s, profiles[data[0] % 4]);
  size_t i = 1;
  while (i + 4 <= size && !s.stuck && s.budget > 0) {
    int op = data[i];
    sim_time_t after = data[i + 1] * SIM_MS;
    size_t len = (size_t)data[i + 2] << 8 | data[i + 3];
    i += 4;
    if (len > size - i)
      len = size - i;
    if (len > MAXREC)
      len = MAXREC;
    record(&s, op, data + i, len);
    i += len;
    run_to(&s, now(&s.n) + after);
  }
  run_to(&s, now(&s.n) + 2 * SIM_S);
  net_free(&s.n);
  return 0;
}
