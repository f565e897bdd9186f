/* protocols/fuzz/fuzz_parsers.c: a fuzz target for every parser that
 * reads bytes from the wire or text from a user: Ethernet, ARP, IPv4,
 * ICMP, UDP and TCP headers (with TCP options), the packets.csv decoder
 * (inet_describe, Ethernet and PPP framing), times, rates, sizes and
 * lengths (units.h), addresses (in.h, MACs), CSV lines and numbers.
 *
 * Input: one selector byte, then the bytes to parse. Beyond "no crash",
 * it checks that each header parser and its emitter agree: whatever
 * parses, re-emitted and parsed again, re-emits the same bytes. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arp.h"
#include "csv.h"
#include "fuzz.h"
#include "icmp.h"
#include "if_ether.h"
#include "in.h"
#include "inet_describe.h"
#include "ip.h"
#include "netif.h"
#include "tcp.h"
#include "udp.h"
#include "units.h"
#include "wire.h"

#define SRC 0x80200001u             /* 128.32.0.1: pseudo-header source */
#define DST 0x80200002u             /* 128.32.0.2 */
#define MAXSEG 65535u

static void check(bool ok, const char *what)
{
  if (!ok) {
    fprintf(stderr, "fuzz_parsers: %s\n", what);
    abort();
  }
}

static void ether(const uint8_t *d, size_t n)
{
  struct ether_hdr h, h2;
  uint8_t out[ETHER_HDR_LEN], out2[ETHER_HDR_LEN];
  if (ether_parse(d, n, &h) != ETHER_HDR_LEN)
    return;
  ether_emit(&h, out);
  check(ether_parse(out, sizeof out, &h2) == ETHER_HDR_LEN, "ether reparse");
  ether_emit(&h2, out2);
  check(memcmp(out, out2, sizeof out) == 0, "ether round trip");
  char buf[ETHER_ADDR_STRLEN];
  ether_format(h.src, buf);
  uint8_t mac[ETHER_ADDR_LEN];
  check(netif_parse_mac(buf, mac) && memcmp(mac, h.src, sizeof mac) == 0,
        "MAC format/parse");
}

static void arp(const uint8_t *d, size_t n)
{
  struct arp_pkt a, a2;
  uint8_t out[ARP_PKT_LEN], out2[ARP_PKT_LEN];
  if (arp_parse(d, n, &a) != ARP_PKT_LEN)
    return;
  arp_emit(&a, out);
  check(arp_parse(out, sizeof out, &a2) == ARP_PKT_LEN, "arp reparse");
  arp_emit(&a2, out2);
  check(memcmp(out, out2, sizeof out) == 0, "arp round trip");
}

static void ipv4(const uint8_t *d, size_t n)
{
  struct ip_hdr h, h2;
  uint8_t out[60], out2[60];
  int hl = ipv4_parse(d, n, &h);
  if (hl < 0) {
    check(ipv4_strerror(hl) != NULL, "ip strerror");
    return;
  }
  check(hl >= 20 && hl <= 60 && (size_t)hl <= n && h.len >= hl, "ip hlen");
  ipv4_emit(&h, out);
  /* The emitted header alone parses only if its total length fits. */
  memset(&h2, 0, sizeof h2);
  h.len = h.hlen;
  ipv4_emit(&h, out);
  check(ipv4_parse(out, h.hlen, &h2) == hl, "ip reparse");
  ipv4_emit(&h2, out2);
  check(memcmp(out, out2, (size_t)hl) == 0, "ip round trip");
}

static void icmp(const uint8_t *d, size_t n)
{
  struct icmp_hdr h, h2;
  if (icmp_parse(d, n, &h) != ICMP_HDR_LEN)
    return;
  uint8_t *out = g_memdup2(d, n), *out2 = g_memdup2(d, n);
  icmp_emit(&h, out, n);
  check(icmp_parse(out, n, &h2) == ICMP_HDR_LEN, "icmp reparse");
  icmp_emit(&h2, out2, n);
  check(memcmp(out, out2, n) == 0, "icmp round trip");
  g_free(out), g_free(out2);
}

static void udp(const uint8_t *d, size_t n)
{
  struct udp_hdr h, h2;
  if (udp_parse(d, n, SRC, DST, &h) != UDP_HDR_LEN)
    return;
  check(h.len >= UDP_HDR_LEN && h.len <= n, "udp len");
  uint8_t *out = g_memdup2(d, h.len), *out2 = g_memdup2(d, h.len);
  udp_emit(&h, SRC, DST, out, true);
  check(udp_parse(out, h.len, SRC, DST, &h2) == UDP_HDR_LEN, "udp reparse");
  udp_emit(&h2, SRC, DST, out2, true);
  check(memcmp(out, out2, h.len) == 0, "udp round trip");
  g_free(out), g_free(out2);
}

/* The segment with header h and options o, data d[off..n): emitted. */
static uint8_t *tcp_build(const struct tcp_hdr *h, const struct tcp_opts *o,
                          const uint8_t *data, size_t dlen, size_t *len)
{
  size_t hl = TCP_HDR_LEN + tcp_opts_len(o);
  uint8_t *seg = g_malloc(hl + dlen);
  if (dlen)
    memcpy(seg + hl, data, dlen);
  check(tcp_emit(h, o, SRC, DST, seg, hl + dlen) == hl, "tcp emit length");
  *len = hl + dlen;
  return seg;
}

static void tcp(const uint8_t *d, size_t n)
{
  struct tcp_hdr h, h2;
  struct tcp_opts o, o2;
  char flags[TCP_FLAGS_STRLEN];
  if (n > MAXSEG)
    return;
  memset(&o, 0, sizeof o);
  int off = tcp_parse(d, n, SRC, DST, &h, &o);
  if (off < 0 && off != TCP_ERR_OPT)
    return;
  tcp_flags_str(h.flags, flags);
  if (off == TCP_ERR_OPT)
    return;
  size_t len, len2;
  uint8_t *seg = tcp_build(&h, &o, d + off, n - (size_t)off, &len);
  memset(&o2, 0, sizeof o2);
  int off2 = tcp_parse(seg, len, SRC, DST, &h2, &o2);
  check(off2 >= TCP_HDR_LEN, "tcp reparse");
  uint8_t *seg2 = tcp_build(&h2, &o2, seg + off2, len - (size_t)off2, &len2);
  check(len == len2 && memcmp(seg, seg2, len) == 0, "tcp round trip");
  g_free(seg), g_free(seg2);
}

static void describe(enum medium_kind kind, const uint8_t *d, size_t n)
{
  struct record_pkt out;
  memset(&out, 0, sizeof out);
  out.ethertype = -1;
  inet_describe(kind, d, (uint32_t)n, &out);
}

/* The text parsers, on d as a NUL-terminated string. */
static void text(int which, const uint8_t *d, size_t n)
{
  char *s = g_strndup((const char *)d, n);
  sim_time_t t;
  double x;
  uint64_t u;
  in_addr32 a;
  int len;
  switch (which) {
  case 0: units_parse_time(s, &t, NULL); break;
  case 1: units_parse_rate(s, &x, NULL); break;
  case 2: units_parse_size(s, &u, NULL); break;
  case 3: units_parse_length(s, &x, NULL); break;
  case 4:
    if (in_parse_addr(s, &a, NULL)) {
      char buf[IN_ADDR_STRLEN];
      in_addr32 b;
      check(in_parse_addr(in_format(a, buf), &b, NULL) && a == b,
            "address format/parse");
    }
    break;
  case 5: in_parse_cidr(s, &a, &len, NULL); break;
  case 6: in_parse_ifaddr(s, &a, &len, NULL); break;
  case 7: g_strfreev(csv_split(s)); break;
  case 8: csv_parse_number(s, &x); break;
  default: {
    uint8_t mac[ETHER_ADDR_LEN];
    netif_parse_mac(s, mac);
  }
  }
  g_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  const uint8_t *d = data + 1;
  size_t n = size - 1;
  switch (data[0] % 18) {
  case 0: ether(d, n); break;
  case 1: arp(d, n); break;
  case 2: ipv4(d, n); break;
  case 3: icmp(d, n); break;
  case 4: udp(d, n); break;
  case 5: tcp(d, n); break;
  case 6: describe(MEDIUM_ETHERNET, d, n); break;
  case 7: describe(MEDIUM_P2P, d, n); break;
  default: text(data[0] % 18 - 8, d, n);
  }
  return 0;
}
