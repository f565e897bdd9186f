/* protocols/arp.c: ARP for IPv4 over Ethernet (arp.h): the wire format
 * only, the 28-byte packet of RFC 826, fields big-endian in the order
 * hrd, pro, hln, pln, op, sha, spa, tha, tpa. Keeps no state: the cache
 * and the protocol's input are arp_cache.c. */
#include "arp.h"
#include "wire.h"

#include <glib.h>
#include <string.h>

/* 0 if the fixed fields and opcode at buf are Ethernet/IPv4 ARP's. */
static int check_fixed(const uint8_t *buf)
{
  uint16_t op = wire_get16(buf + 6);
  if (wire_get16(buf) != ARP_HRD_ETHER)
    return ARP_ERR_HRD;
  if (wire_get16(buf + 2) != ARP_PRO_IP)
    return ARP_ERR_PRO;
  if (buf[4] != ARP_HLN_ETHER)
    return ARP_ERR_HLN;
  if (buf[5] != ARP_PLN_IP)
    return ARP_ERR_PLN;
  if (op != ARP_OP_REQUEST && op != ARP_OP_REPLY)
    return ARP_ERR_OP;
  return 0;
}

int arp_parse(const uint8_t *buf, size_t len, struct arp_pkt *a)
{
  g_return_val_if_fail(a && (buf || len == 0), ARP_ERR_SHORT);
  if (len < ARP_PKT_LEN)
    return ARP_ERR_SHORT;
  int bad = check_fixed(buf);
  if (bad)
    return bad;
  a->op = wire_get16(buf + 6);
  memcpy(a->sha, buf + 8, ETHER_ADDR_LEN);
  a->spa = wire_get32(buf + 14);
  memcpy(a->tha, buf + 18, ETHER_ADDR_LEN);
  a->tpa = wire_get32(buf + 24);
  return ARP_PKT_LEN;
}

size_t arp_emit(const struct arp_pkt *a, uint8_t *buf)
{
  g_return_val_if_fail(a && buf, 0);
  g_return_val_if_fail(a->op == ARP_OP_REQUEST || a->op == ARP_OP_REPLY, 0);
  wire_put16(buf, ARP_HRD_ETHER);
  wire_put16(buf + 2, ARP_PRO_IP);
  buf[4] = ARP_HLN_ETHER;
  buf[5] = ARP_PLN_IP;
  wire_put16(buf + 6, a->op);
  memcpy(buf + 8, a->sha, ETHER_ADDR_LEN);
  wire_put32(buf + 14, a->spa);
  memcpy(buf + 18, a->tha, ETHER_ADDR_LEN);
  wire_put32(buf + 24, a->tpa);
  return ARP_PKT_LEN;
}

const char *arp_strerror(int err)
{
  switch (err) {
  case ARP_ERR_SHORT: return "too short";
  case ARP_ERR_HRD:   return "bad hardware type";
  case ARP_ERR_PRO:   return "bad protocol type";
  case ARP_ERR_HLN:   return "bad hardware address length";
  case ARP_ERR_PLN:   return "bad protocol address length";
  case ARP_ERR_OP:    return "bad opcode";
  default:            return "ok";
  }
}

void arp_request(struct arp_pkt *a, const uint8_t sha[ETHER_ADDR_LEN],
                 in_addr32 spa, in_addr32 tpa)
{
  memset(a, 0, sizeof *a);
  a->op = ARP_OP_REQUEST;
  memcpy(a->sha, sha, ETHER_ADDR_LEN);
  a->spa = spa;
  a->tpa = tpa;
}

void arp_reply(struct arp_pkt *a, const struct arp_pkt *req,
               const uint8_t mac[ETHER_ADDR_LEN])
{
  g_return_if_fail(a != req);
  a->op = ARP_OP_REPLY;
  memcpy(a->sha, mac, ETHER_ADDR_LEN);
  a->spa = req->tpa;
  memcpy(a->tha, req->sha, ETHER_ADDR_LEN);
  a->tpa = req->spa;
}
