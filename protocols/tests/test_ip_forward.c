/* protocols/tests/test_ip_forward.c: what a gateway sends on is the
 * datagram it got with the TTL one less and the header checksum computed
 * again from the whole header (as a rebuild of the header writes it),
 * whether ip_forward updates the two in place (RFC 1624) or rebuilds: a
 * checksum stored as 0xffff where 0x0000 is the computed form, options,
 * the TTL going to 1, a header whose checksum is known right (csum_good)
 * or summed, and a reserved flag bit (which a rebuild clears).
 *
 * The network is tcp_fixture.h's: c forwards from lan2 (en0) to the wan
 * (ppp0), where a's end of the link is replaced by a capture. */
#include <string.h>
#include <glib.h>

#include "host.h"
#include "in_cksum.h"
#include "ip_var.h"

#include "tcp_fixture.h"

struct cap {
  uint8_t bytes[256];
  uint32_t len;
  int n;
};

static void capture(void *upper, struct pbuf *p)
{
  struct cap *c = upper;
  g_assert_cmpuint(p->len, <=, sizeof c->bytes);
  memcpy(c->bytes, pbuf_data(p), p->len);
  c->len = p->len;
  c->n++;
  pbuf_free(p);
}

static void put_sum(uint8_t *d, uint16_t sum)
{
  d[10] = (uint8_t)(sum >> 8), d[11] = (uint8_t)sum;
}

/* The header computed again over d[0..hlen) with its checksum field zero. */
static void resum(uint8_t *d, uint32_t hlen)
{
  put_sum(d, 0);
  put_sum(d, in_cksum(d, hlen));
}

/* Sends hdr (hlen bytes, its checksum as given) with 16 data bytes from
 * d (lan2) through c, and checks what reaches a's end of the wan. */
static void forward_one(const uint8_t *hdr, uint32_t hlen, bool good)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct cap cap = { 0 };
  struct medium_port *end = link_port(n.wan, 0);
  end->input = capture;
  end->upper = &cap;
  struct pbuf *p = pbuf_new(hlen + 16);
  uint8_t *d = pbuf_writable(p);
  memcpy(d, hdr, hlen);
  for (uint32_t i = 0; i < 16; i++)
    d[hlen + i] = (uint8_t)i;
  p->csum_good = good;
  ip_input(n.c, g_ptr_array_index(n.c->ifs, 1), p);
  run_until(&n, SIM_S);
  g_assert_cmpint(cap.n, ==, 1);
  g_assert_cmpuint(cap.len, ==, 4 + hlen + 16);
  uint8_t want[IP_HDR_MAX];
  memcpy(want, hdr, hlen);
  want[8]--;
  want[6] &= 0x7f;
  resum(want, hlen);
  g_assert_cmpmem(cap.bytes + 4, hlen, want, hlen);
  g_assert_cmpuint(n.c->inet->ipstat.forward, ==, 1);
  net_free(&n);
}

/* A header from d (128.33.0.2) to a (10.0.0.1), checksum right. */
static uint32_t base_hdr(uint8_t *h, uint8_t ttl, uint32_t opts)
{
  uint32_t hlen = IP_HDR_MIN + opts;
  memset(h, 0, hlen);
  h[0] = (uint8_t)(0x40 | hlen / 4);
  h[3] = (uint8_t)(hlen + 16);
  h[4] = 0x12, h[5] = 0x34;
  h[8] = ttl;
  h[9] = IP_PROTO_UDP;
  h[12] = 128, h[13] = 33, h[14] = 0, h[15] = 2;
  h[16] = 10, h[17] = 0, h[18] = 0, h[19] = 1;
  memset(h + IP_HDR_MIN, 1, opts);               /* NOPs */
  resum(h, hlen);
  return hlen;
}

static void test_plain(void)
{
  uint8_t h[IP_HDR_MAX];
  uint32_t hlen = base_hdr(h, 30, 0);
  forward_one(h, hlen, false);
  forward_one(h, hlen, true);
  hlen = base_hdr(h, 2, 0);
  forward_one(h, hlen, false);
  hlen = base_hdr(h, 255, 0);
  forward_one(h, hlen, true);
}

static void test_options(void)
{
  uint8_t h[IP_HDR_MAX];
  uint32_t hlen = base_hdr(h, 30, 4);
  forward_one(h, hlen, false);
  hlen = base_hdr(h, 64, 40);
  forward_one(h, hlen, true);
}

/* Every id: among them the headers whose computed checksum is 0x0000,
 * sent with it stored as 0xffff (also right), and those whose new
 * checksum is 0x0000 or would be 0xffff in a careless update. */
static void test_every_id(void)
{
  uint8_t h[IP_HDR_MAX];
  int zero = 0;
  for (uint32_t id = 0; id < 0x10000; id++) {
    uint32_t hlen = base_hdr(h, 30, 0);
    h[4] = (uint8_t)(id >> 8), h[5] = (uint8_t)id;
    resum(h, hlen);
    if (h[10] == 0 && h[11] == 0) {
      zero++;
      h[10] = h[11] = 0xff;
      forward_one(h, hlen, false);
      h[10] = h[11] = 0;
      forward_one(h, hlen, true);
    } else if (id % 4099 == 0 || (h[10] == 0xfe && h[11] == 0xff) ||
               (h[10] == 0xff && h[11] == 0x00))
      forward_one(h, hlen, id % 2);
  }
  g_assert_cmpint(zero, >=, 1);
}

/* A reserved flag bit: the rebuilt header (the general path) clears it. */
static void test_reserved_bit(void)
{
  uint8_t h[IP_HDR_MAX];
  uint32_t hlen = base_hdr(h, 30, 0);
  h[6] |= 0x80;
  resum(h, hlen);
  forward_one(h, hlen, false);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/ip/forward/plain", test_plain);
  g_test_add_func("/ip/forward/options", test_options);
  g_test_add_func("/ip/forward/every-id", test_every_id);
  g_test_add_func("/ip/forward/reserved-bit", test_reserved_bit);
  return g_test_run();
}
