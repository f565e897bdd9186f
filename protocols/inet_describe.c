/* protocols/inet_describe.c: the recorder's frame decoder (record.h's
 * record_decoder): the IP, TCP, UDP, ICMP and ARP columns of packets.csv
 * and a short label, read from a frame's bytes with the wire parsers
 * (ether_parse, ipv4_parse, arp_parse) and plain header reads for the
 * transport headers, whose checksums are not judged here (a fragment or a
 * corrupted frame still gets its columns). It leaves the label of TCP
 * segments to the recorder, which numbers them relative to the ISN as
 * tcpdump does. It never changes the frame. Read docs/results.md. */
#include "inet_describe.h"
#include "arp.h"
#include "icmp.h"
#include "if_ether.h"
#include "if_inet.h"
#include "in.h"
#include "ip.h"
#include "wire.h"

#include <stdio.h>
#include <string.h>

static const char *icmp_name(uint8_t type, uint8_t code)
{
  static const char *const unreach[] = {
    "net unreachable", "host unreachable", "protocol unreachable",
    "port unreachable", "need to fragment", "source route failed",
  };
  switch (type) {
  case ICMP_ECHOREPLY: return "echo reply";
  case ICMP_ECHO: return "echo request";
  case ICMP_SOURCEQUENCH: return "source quench";
  case 3: return code < G_N_ELEMENTS(unreach) ? unreach[code] : "unreachable";
  case 5: return "redirect";
  case 11: return "time exceeded";
  case 12: return "parameter problem";
  default: return NULL;
  }
}

static void describe_transport(const uint8_t *d, size_t n,
                               struct record_pkt *out)
{
  if (out->ip_proto == IP_PROTO_TCP && n >= 20) {
    out->ports = out->tcp = true;
    out->sport = wire_get16(d), out->dport = wire_get16(d + 2);
    out->seq = wire_get32(d + 4), out->ack = wire_get32(d + 8);
    out->tcp_flags = d[13];
    out->win = wire_get16(d + 14);
    size_t off = (size_t)(d[12] >> 4) * 4;
    out->len = off <= n ? (uint32_t)(n - off) : 0;
  } else if (out->ip_proto == IP_PROTO_UDP && n >= 8) {
    out->ports = true;
    out->sport = wire_get16(d), out->dport = wire_get16(d + 2);
    snprintf(out->label, sizeof out->label, "UDP %u > %u len %u", out->sport,
             out->dport, (unsigned)(n - 8));
  } else if (out->ip_proto == IP_PROTO_ICMP && n >= 4) {
    out->icmp = true;
    out->icmp_type = d[0], out->icmp_code = d[1];
    if (!icmp_name(d[0], d[1]))
      snprintf(out->label, sizeof out->label, "ICMP type %u code %u", d[0],
               d[1]);
    else
      snprintf(out->label, sizeof out->label, "ICMP %s",
               icmp_name(d[0], d[1]));
  }
}

static void describe_ip(const uint8_t *d, size_t n, struct record_pkt *out)
{
  struct ip_hdr ip;
  if (ipv4_parse(d, n, &ip) < 0) {
    snprintf(out->label, sizeof out->label, "IP (bad header)");
    return;
  }
  out->ip = true;
  out->ip_src = ip.src, out->ip_dst = ip.dst;
  out->ip_id = ip.id, out->ip_proto = ip.proto;
  bool mf = ip.flags & IP_MF;
  out->frag = mf ? (ip.off ? 2 : 1) : (ip.off ? 3 : 0);
  if (out->frag > 1) {
    snprintf(out->label, sizeof out->label, "IP fragment id %u off %u",
             ip.id, ip.off);
    return;
  }
  size_t end = MIN((size_t)ip.len, n);
  describe_transport(d + ip.hlen, end > ip.hlen ? end - ip.hlen : 0, out);
  if (!out->label[0] && !out->tcp)
    snprintf(out->label, sizeof out->label, "IP proto %u", ip.proto);
}

static void describe_arp(const uint8_t *d, size_t n, struct record_pkt *out)
{
  struct arp_pkt a;
  if (arp_parse(d, n, &a) < 0) {
    snprintf(out->label, sizeof out->label, "ARP (bad)");
    return;
  }
  char t[IN_ADDR_STRLEN], sp[IN_ADDR_STRLEN];
  out->arp = true;
  out->arp_op = a.op;
  out->arp_target = a.tpa;
  in_format(a.tpa, t);
  if (a.op == ARP_OP_REQUEST)
    snprintf(out->label, sizeof out->label, "ARP who-has %s", t);
  else
    snprintf(out->label, sizeof out->label,
             "ARP reply %s is-at %02x:%02x:%02x:%02x:%02x:%02x",
             in_format(a.spa, sp), a.sha[0], a.sha[1], a.sha[2], a.sha[3],
             a.sha[4], a.sha[5]);
}

void inet_describe(enum medium_kind kind, const uint8_t *bytes, uint32_t len,
                   struct record_pkt *out)
{
  size_t hdr = kind == MEDIUM_ETHERNET ? ETHER_HDR_LEN : P2P_HDR_LEN;
  if (len < hdr)
    return;
  int type = kind == MEDIUM_ETHERNET ? wire_get16(bytes + 12)
                                     : wire_get16(bytes + 2);
  if (kind == MEDIUM_P2P)
    type = type == PPP_PROTO_IP ? ETHER_TYPE_IP : type;
  out->ethertype = type;
  if (type == ETHER_TYPE_IP)
    describe_ip(bytes + hdr, len - hdr, out);
  else if (type == ETHER_TYPE_ARP)
    describe_arp(bytes + hdr, len - hdr, out);
  else
    snprintf(out->label, sizeof out->label, "type 0x%04x", (unsigned)type);
}
