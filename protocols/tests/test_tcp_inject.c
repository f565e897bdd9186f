/* protocols/tests/test_tcp_inject.c: live TCP connections keep their
 * byte streams intact while a third station on their Ethernet injects a
 * million random and mutated packets at them (issue 15's packet check).
 *
 * Hosts a (128.32.0.1) and b (128.32.0.2) share a 100 Mb/s Ethernet with
 * a phantom station e (128.32.0.9) that sniffs every frame and sends, one
 * every few microseconds of simulated time:
 *  - random frames: random bytes, some addressed to a or b as IPv4 with
 *    a well-formed IP header over random contents;
 *  - mutated copies of frames a and b exchanged (bytes changed anywhere;
 *    the IP header checksum fixed half the time so the damage reaches
 *    TCP; the TCP or UDP checksum made wrong where the change left it
 *    right, since the Internet checksum misses some double errors);
 *  - forged TCP segments with valid checksums aimed at a live connection,
 *    with random flags, data and acknowledgment but a sequence number
 *    outside the receiver's window;
 *  - TCP, UDP and ICMP with valid checksums to random ports of a and b
 *    (never the listening port: a SYN flood is another story), ICMP
 *    quoting a live connection among them.
 * Meanwhile rounds of two 256 KB transfers (a -> b and b -> a, each on a
 * new connection) run back to back, each checked by SHA-256.
 *
 * Not sent, on purpose: an in-window segment with a valid checksum (any
 * TCP accepts a blind in-window forgery; that is not a fault to survive),
 * ARP (no checksum, no authentication: spoofing it redirects traffic),
 * and SYNs to the listening port. Mutated frames that come out as ARP are
 * skipped for the same reason.
 *
 * Forged segments still in flight when their connection closes meet a
 * TIME_WAIT block (a SYN past rcv_nxt there starts a new connection, as
 * RFC 1122 4.2.2.13 and 4.4BSD's tcp_input allow) or the listener; the
 * real peer then resets the embryonic connection: the "connections
 * dropped" the test prints are those, never a live transfer's.
 *
 * The number of packets is IPCSIM_INJECT (default 1,000,000); the test
 * prints what it sent, what the stacks counted and the time it took. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "bus.h"
#include "host.h"
#include "icmp.h"
#include "if_ether.h"
#include "in_cksum.h"
#include "in_proto.h"
#include "ip.h"
#include "ip_var.h"
#include "netif.h"
#include "pbuf.h"
#include "rng.h"
#include "route_auto.h"
#include "socketvar.h"
#include "tcp.h"
#include "tcp_seq.h"
#include "tcp_var.h"
#include "udp.h"
#include "wire.h"

#define LPORT    80                 /* the listeners' port, on a and b */
#define XFER     (256 * 1024)       /* bytes per transfer */
#define SEEN_MAX 64                 /* recent real frames kept to mutate */
#define RATE     100e6              /* the Ethernet's bit rate */

enum kind { K_RANDOM, K_MUTATED, K_FORGED, K_PORTS, K_N };

struct inj {
  struct sim *sim;
  struct bus *lan;
  struct host *a, *b;
  GPtrArray *hosts;
  struct medium_port *e;            /* the injector */
  struct rng rng;
  in_addr32 aa, ba;
  uint8_t amac[ETHER_ADDR_LEN], bmac[ETHER_ADDR_LEN];
  GPtrArray *seen;                  /* GByteArray *: recent real frames */
  struct socket *live[4];           /* connected sockets, NULL if none */
  uint64_t sent[K_N], target, total;
  uint64_t skipped_arp;
};

static in_addr32 A(const char *s)
{
  in_addr32 a;
  g_assert_true(in_parse_addr(s, &a, NULL));
  return a;
}

/* ---- the phantom's ears: keeps recent frames between a and b ---------- */

static void sniff(void *upper, struct pbuf *p)
{
  struct inj *j = upper;
  const uint8_t *d = pbuf_data(p);
  if (p->len >= ETHER_HDR_LEN + IP_HDR_MIN &&
      wire_get16(d + 12) == ETHER_TYPE_IP) {
    g_ptr_array_add(j->seen, g_byte_array_append(g_byte_array_new(), d,
                                                 p->len));
    if (j->seen->len > SEEN_MAX)
      g_ptr_array_remove_index(j->seen, 0);
  }
  pbuf_free(p);
}

/* ---- building frames ---------------------------------------------------- */

static uint32_t below(struct inj *j, uint64_t n)
{
  return (uint32_t)rng_below(&j->rng, n);
}

static void fill(struct inj *j, uint8_t *d, size_t n)
{
  for (size_t i = 0; i < n; i++)
    d[i] = (uint8_t)below(j, 256);
}

/* A frame of len bytes to dst (a's or b's MAC), type IP, from e. */
static struct pbuf *frame(struct inj *j, const uint8_t *dst, size_t len)
{
  static const uint8_t emac[ETHER_ADDR_LEN] = { 2, 0, 0, 0, 0, 9 };
  struct pbuf *p = pbuf_new((uint32_t)len);
  struct ether_hdr eh = { .type = ETHER_TYPE_IP };
  memcpy(eh.dst, dst, ETHER_ADDR_LEN);
  memcpy(eh.src, emac, ETHER_ADDR_LEN);
  ether_emit(&eh, pbuf_writable(p));
  return p;
}

/* Writes an IP header (proto, src -> dst, payload of plen) at d. */
static void ip_hdr(uint8_t *d, uint8_t proto, in_addr32 src, in_addr32 dst,
                   size_t plen)
{
  struct ip_hdr ip = { .hlen = IP_HDR_MIN, .len = (uint16_t)(IP_HDR_MIN + plen),
                       .ttl = 64, .proto = proto, .src = src, .dst = dst };
  ipv4_emit(&ip, d);
}

/* Random bytes; half the time to a or b, as IP with a good header. */
static struct pbuf *k_random(struct inj *j)
{
  size_t len = ETHER_HDR_LEN + below(j, 1500 - ETHER_HDR_LEN + 1);
  bool to_b = below(j, 2);
  struct pbuf *p = frame(j, to_b ? j->bmac : j->amac, len);
  uint8_t *d = pbuf_writable(p);
  if (below(j, 2)) {
    fill(j, d, len);
  } else {
    fill(j, d + ETHER_HDR_LEN, len - ETHER_HDR_LEN);
    if (len >= ETHER_HDR_LEN + IP_HDR_MIN)
      ip_hdr(d + ETHER_HDR_LEN, d[ETHER_HDR_LEN + 9],
             A("128.32.0.9"), to_b ? j->ba : j->aa,
             len - ETHER_HDR_LEN - IP_HDR_MIN);
  }
  if (wire_get16(d + 12) == ETHER_TYPE_ARP)
    wire_put16(d + 12, ETHER_TYPE_IP);
  return p;
}

/* Whether the TCP or UDP checksum of the IP datagram at d (len) holds. */
static bool transport_sum_ok(const uint8_t *d, size_t len, size_t *at)
{
  struct ip_hdr ip;
  int hl = ipv4_parse(d, len, &ip);
  if (hl < 0 || ip.off != 0 || (ip.flags & IP_MF))
    return false;
  const uint8_t *t = d + hl;
  size_t tl = ip.len - (size_t)hl;
  if (ip.proto == IP_PROTO_TCP) {
    struct tcp_hdr th;
    struct tcp_opts o;
    *at = (size_t)hl + 16;
    int r = tcp_parse(t, tl, ip.src, ip.dst, &th, &o);
    return r >= 0 || r == TCP_ERR_OPT || r == TCP_ERR_OFF;
  }
  if (ip.proto == IP_PROTO_UDP && tl >= UDP_HDR_LEN && wire_get16(t + 6)) {
    struct udp_hdr uh;
    *at = (size_t)hl + 6;
    return udp_parse(t, tl, ip.src, ip.dst, &uh) >= 0;
  }
  return false;
}

/* A real frame with 1 to 4 bytes changed; never a valid TCP/UDP sum. */
static struct pbuf *k_mutated(struct inj *j)
{
  if (j->seen->len == 0)
    return k_random(j);
  GByteArray *src = g_ptr_array_index(j->seen, below(j, j->seen->len));
  struct pbuf *p = pbuf_new(src->len);
  uint8_t *d = pbuf_writable(p);
  memcpy(d, src->data, src->len);
  for (uint32_t n = 1 + below(j, 4); n > 0; n--)
    d[below(j, src->len)] ^= (uint8_t)(1 + below(j, 255));
  uint8_t *ip = d + ETHER_HDR_LEN;
  size_t iplen = src->len - ETHER_HDR_LEN, at;
  if (below(j, 2) && iplen >= IP_HDR_MIN && (ip[0] & 0x0f) >= 5 &&
      (size_t)(ip[0] & 0x0f) * 4 <= iplen) {
    wire_put16(ip + 10, 0);
    wire_put16(ip + 10, in_cksum(ip, (size_t)(ip[0] & 0x0f) * 4));
  }
  if (transport_sum_ok(ip, iplen, &at))
    ip[at] ^= 0x01, ip[at + 1] ^= 0x01;
  if (wire_get16(d + 12) == ETHER_TYPE_ARP) {
    j->skipped_arp++;
    pbuf_free(p);
    return NULL;
  }
  return p;
}

/* A TCP segment from src:sport to dst:dport with a valid checksum. */
static struct pbuf *tcp_seg(struct inj *j, in_addr32 src, in_addr32 dst,
                            const struct tcp_hdr *th, size_t dlen)
{
  size_t seglen = TCP_HDR_LEN + dlen;
  struct pbuf *p = frame(j, dst == j->ba ? j->bmac : j->amac,
                         ETHER_HDR_LEN + IP_HDR_MIN + seglen);
  uint8_t *d = pbuf_writable(p);
  ip_hdr(d + ETHER_HDR_LEN, IP_PROTO_TCP, src, dst, seglen);
  uint8_t *t = d + ETHER_HDR_LEN + IP_HDR_MIN;
  fill(j, t + TCP_HDR_LEN, dlen);
  tcp_emit(th, NULL, src, dst, t, seglen);
  return p;
}

/* A segment at a live connection, its sequence number out of window. */
static struct pbuf *k_forged(struct inj *j)
{
  struct socket *so = j->live[below(j, 4)];
  struct tcpcb *tp = so ? so->so_pcb : NULL;
  if (!tp || tp->state != TCPS_ESTABLISHED)
    return k_random(j);
  struct inpcb *inp = tp->inp;
  uint32_t wnd = tp->rcv_adv - tp->rcv_nxt;
  if (wnd < tp->rcv_wnd)
    wnd = tp->rcv_wnd;
  static const uint8_t flags[] = { TH_SYN, TH_RST, TH_FIN, TH_ACK, TH_URG,
                                   TH_PUSH | TH_ACK, TH_RST | TH_ACK,
                                   TH_SYN | TH_ACK, TH_FIN | TH_ACK, 0 };
  struct tcp_hdr th = {
    .sport = inp->fport, .dport = inp->lport,
    /* From just past the window to 2^30 past it. */
    .seq = tp->rcv_nxt + wnd + 1 + below(j, 1u << 30),
    .ack = (uint32_t)rng_u64(&j->rng), .win = (uint16_t)below(j, 65536),
    .flags = flags[below(j, sizeof flags)], .urp = (uint16_t)below(j, 65536),
  };
  return tcp_seg(j, inp->faddr, inp->laddr, &th, below(j, 200));
}

/* Random TCP, UDP or ICMP to a random port of a or b (not LPORT). */
static struct pbuf *k_ports(struct inj *j)
{
  bool to_b = below(j, 2);
  in_addr32 dst = to_b ? j->ba : j->aa, src = to_b ? j->aa : j->ba;
  uint16_t dport = (uint16_t)below(j, 65536);
  if (dport == LPORT)
    dport++;
  uint32_t kind = below(j, 3);
  if (kind == 0) {
    struct tcp_hdr th = { .sport = (uint16_t)below(j, 65536), .dport = dport,
                          .seq = (uint32_t)rng_u64(&j->rng),
                          .ack = (uint32_t)rng_u64(&j->rng),
                          .flags = (uint8_t)below(j, 64), .win = 4096 };
    return tcp_seg(j, src, dst, &th, below(j, 100));
  }
  size_t plen = (kind == 1 ? UDP_HDR_LEN : ICMP_HDR_LEN) + below(j, 100);
  struct pbuf *p = frame(j, to_b ? j->bmac : j->amac,
                         ETHER_HDR_LEN + IP_HDR_MIN + plen);
  uint8_t *d = pbuf_writable(p), *t = d + ETHER_HDR_LEN + IP_HDR_MIN;
  ip_hdr(d + ETHER_HDR_LEN, kind == 1 ? IP_PROTO_UDP : IP_PROTO_ICMP, src,
         dst, plen);
  fill(j, t, plen);
  if (kind == 1) {
    struct udp_hdr uh = { .sport = wire_get16(t), .dport = dport,
                          .len = (uint16_t)plen };
    udp_emit(&uh, src, dst, t, true);
  } else {
    struct icmp_hdr ih = { .type = (uint8_t)below(j, 20),
                           .code = (uint8_t)below(j, 16) };
    struct socket *so = j->live[below(j, 4)];
    if (so && so->so_pcb && plen >= ICMP_HDR_LEN + IP_HDR_MIN + 8) {
      /* Quote a segment of a live connection, as a router would. */
      struct inpcb *inp = ((struct tcpcb *)so->so_pcb)->inp;
      ip_hdr(t + ICMP_HDR_LEN, IP_PROTO_TCP, dst, inp->faddr, 20);
      wire_put16(t + ICMP_HDR_LEN + IP_HDR_MIN, inp->lport);
      wire_put16(t + ICMP_HDR_LEN + IP_HDR_MIN + 2, inp->fport);
    }
    icmp_emit(&ih, t, plen);
  }
  return p;
}

/* The injector's event: one packet, then the next when the wire has had
 * time to carry it twice over (about half the Ethernet's capacity: a
 * station that always has a frame waiting would starve a and b by the
 * Ethernet capture effect, a fault of the medium, not of TCP). */
static void inject(void *a, void *b)
{
  struct inj *j = a;
  (void)b;
  if (j->total >= j->target)
    return;
  enum kind k = (enum kind)below(j, K_N);
  sim_time_t gap = 5 * SIM_US;
  struct pbuf *p = k == K_RANDOM ? k_random(j)
                 : k == K_MUTATED ? k_mutated(j)
                 : k == K_FORGED ? k_forged(j) : k_ports(j);
  if (p) {
    /* Preamble, FCS and gap: 8 + 4 + 12 bytes' time more on the wire. */
    gap += (sim_time_t)(2 * (p->len + 24) * 8 / RATE * SIM_S);
    if (medium_output(j->e, p) == 0) {
      j->sent[k]++;
      j->total++;
    }
  }
  sched_after(j->sim->sched, gap, inject, j, NULL);
}

/* ---- the transfers ------------------------------------------------------ */

static struct socket *sock(struct host *h)
{
  struct socket *so;
  g_assert_cmpint(socreate(h, true, AF_INET, SOCK_STREAM, 0, &so), ==, 0);
  return so;
}

static struct socket *listener(struct host *h)
{
  struct socket *so = sock(h);
  struct so_addr sa = { .family = AF_INET, .port = LPORT };
  g_assert_cmpint(sobind(so, &sa), ==, 0);
  g_assert_cmpint(solisten(so, 5), ==, 0);
  return so;
}

struct flow {
  struct socket *cli, *srv, *ls;
  in_addr32 to;
  uint8_t *data, *out;
  size_t sent, rcvd;
  bool connected;
};

static void flow_start(struct flow *f, struct host *from, uint32_t seed)
{
  struct so_addr sa = { .family = AF_INET, .addr = f->to, .port = LPORT };
  f->cli = sock(from);
  g_assert_cmpint(soconnect(f->cli, &sa), ==, 0);
  f->srv = NULL;
  f->sent = f->rcvd = 0;
  f->connected = false;
  for (size_t i = 0; i < XFER; i++) {
    seed = seed * 1103515245u + 12345u;
    f->data[i] = (uint8_t)(seed >> 16);
  }
}

/* Moves the flow on; true when all of it has been read back. */
static bool flow_pump(struct flow *f)
{
  const void *wchan;
  int oflags;
  struct so_addr nam;
  if (!f->connected) {
    int r = soconnect_wait(f->cli, &wchan);
    if (r == -EWOULDBLOCK)
      return false;
    g_assert_cmpint(r, ==, 0);
    f->connected = true;
  }
  if (!f->srv && soaccept(f->ls, &f->srv, &nam, &wchan) != 0)
    return false;
  if (f->sent < XFER) {
    long r = sosend(f->cli, NULL, f->data + f->sent, XFER - f->sent, 0,
                    &wchan);
    g_assert_true(r > 0 || r == -EWOULDBLOCK);
    if (r > 0)
      f->sent += (size_t)r;
  }
  for (long r; (r = soreceive(f->srv, f->out + f->rcvd, XFER + 1 - f->rcvd,
                               0, NULL, &oflags, &wchan)) > 0;)
    f->rcvd += (size_t)r;
  return f->rcvd >= XFER;
}

/* Checks the stream and closes both ends. */
static void flow_finish(struct flow *f)
{
  g_assert_cmpuint(f->rcvd, ==, XFER);
  char *h1 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, f->data, XFER);
  char *h2 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, f->out, XFER);
  g_assert_cmpstr(h1, ==, h2);
  g_free(h1), g_free(h2);
  soclose(f->cli);
  soclose(f->srv);
}

/* ---- the test ----------------------------------------------------------- */

static void attach(struct inj *j, struct host *h, double pos, int n,
                   const char *addr, uint8_t mac[ETHER_ADDR_LEN])
{
  uint8_t m[ETHER_ADDR_LEN] = { 2, 0, 0, 0, 0, (uint8_t)n };
  memcpy(mac, m, ETHER_ADDR_LEN);
  struct netif *ifp = netif_attach(h, bus_attach(j->lan, pos, m), "en0", m);
  g_assert_cmpint(in_ifaddr_set(ifp, A(addr), 16), ==, 0);
}

static void inj_init(struct inj *j, uint64_t target)
{
  static const uint8_t emac[ETHER_ADDR_LEN] = { 2, 0, 0, 0, 0, 9 };
  struct bus_params bp;
  memset(j, 0, sizeof *j);
  j->sim = sim_new(1);
  bus_params_default(&bp);
  bp.rate_bps = RATE;                 /* Fast Ethernet's timing: slot and */
  bp.slot = 5120;                     /* gap are 512 and 96 bit times */
  bp.ifg = 960;
  bp.sense_delay = 50;                /* 5 bit times */
  bp.length_m = 100;
  j->lan = bus_new(j->sim, "lan", &bp);
  j->a = host_new(j->sim, "a", in_proto_domains);
  j->b = host_new(j->sim, "b", in_proto_domains);
  attach(j, j->a, 0, 1, "128.32.0.1", j->amac);
  attach(j, j->b, 100, 2, "128.32.0.2", j->bmac);
  j->aa = A("128.32.0.1");
  j->ba = A("128.32.0.2");
  j->hosts = g_ptr_array_new();
  g_ptr_array_add(j->hosts, j->a);
  g_ptr_array_add(j->hosts, j->b);
  route_auto_compute(j->hosts);
  j->e = bus_attach(j->lan, 50, emac);
  j->e->input = sniff;
  j->e->upper = j;
  bus_set_promisc(j->e, true);
  rng_init(&j->rng, 1, "inject");
  j->seen = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
  j->target = target;
}

static void inj_free(struct inj *j)
{
  for (guint i = 0; i < j->hosts->len; i++)
    host_free(g_ptr_array_index(j->hosts, i));
  g_ptr_array_free(j->hosts, TRUE);
  g_ptr_array_free(j->seen, TRUE);
  bus_free(j->lan);
  sim_free(j->sim);
}

static void test_million(void)
{
  const char *env = g_getenv("IPCSIM_INJECT");
  uint64_t target = env ? g_ascii_strtoull(env, NULL, 10) : 1000000;
  struct inj j;
  inj_init(&j, target);
  struct socket *la = listener(j.a), *lb = listener(j.b);
  struct flow f[2] = {
    { .ls = lb, .to = j.ba }, { .ls = la, .to = j.aa },
  };
  for (int i = 0; i < 2; i++)
    f[i].data = g_malloc(XFER), f[i].out = g_malloc(XFER + 1);
  gint64 t0 = g_get_monotonic_time();
  sched_after(j.sim->sched, SIM_MS, inject, &j, NULL);
  uint64_t rounds = 0;
  while (j.total < j.target) {
    flow_start(&f[0], j.a, (uint32_t)rounds * 2);
    flow_start(&f[1], j.b, (uint32_t)rounds * 2 + 1);
    sim_time_t limit = sim_now(j.sim) + 120 * SIM_S;
    bool done0 = false, done1 = false;
    while (!(done0 && done1)) {
      done0 = done0 || flow_pump(&f[0]);
      done1 = done1 || flow_pump(&f[1]);
      j.live[0] = f[0].cli, j.live[1] = f[0].srv;
      j.live[2] = f[1].cli, j.live[3] = f[1].srv;
      if (done0 && done1)
        break;
      g_assert_cmpint(sched_next_time(j.sim->sched), <=, limit);
      g_assert_true(sched_step(j.sim->sched));
    }
    memset(j.live, 0, sizeof j.live);
    flow_finish(&f[0]);
    flow_finish(&f[1]);
    rounds++;
  }
  double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
  const struct bus_stats *es = bus_port_stats(j.e);
  g_test_message("%" G_GUINT64_FORMAT " packets injected (random %"
                 G_GUINT64_FORMAT ", mutated %" G_GUINT64_FORMAT
                 ", forged out of window %" G_GUINT64_FORMAT
                 ", to other ports %" G_GUINT64_FORMAT "; %" G_GUINT64_FORMAT
                 " mutated ARP skipped; %" G_GUINT64_FORMAT " went out without "
                 "collision) in %.1f s simulated, %.1f s of "
                 "wall time; %" G_GUINT64_FORMAT " rounds of 2 x %d KB "
                 "transfers intact",
                 j.total, j.sent[K_RANDOM], j.sent[K_MUTATED],
                 j.sent[K_FORGED], j.sent[K_PORTS], j.skipped_arp, es->tx_frames,
                 (double)sim_now(j.sim) / SIM_S, secs, rounds, XFER / 1024);
  for (guint i = 0; i < j.hosts->len; i++) {
    struct host *h = g_ptr_array_index(j.hosts, i);
    const struct tcpstat *ts = &h->inet->tcpstat;
    g_test_message("%s: TCP bad checksums %" G_GUINT64_FORMAT
                   ", beyond the window %" G_GUINT64_FORMAT
                   ", duplicate ACKs %" G_GUINT64_FORMAT
                   ", retransmit timeouts %" G_GUINT64_FORMAT
                   ", data segments retransmitted %" G_GUINT64_FORMAT
                   " of %" G_GUINT64_FORMAT ", connections dropped %"
                   G_GUINT64_FORMAT, h->name, ts->rcvbadsum,
                   ts->rcvpackafterwin, ts->rcvdupack, ts->rexmttimeo,
                   ts->sndrexmitpack, ts->sndpack, ts->drops);
  }
  g_assert_cmpuint(j.total, >=, j.target);
  soclose(la);
  soclose(lb);
  for (int i = 0; i < 2; i++)
    g_free(f[i].data), g_free(f[i].out);
  inj_free(&j);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tcp_inject/million", test_million);
  return g_test_run();
}
