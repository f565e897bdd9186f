/* protocols/tests/test_ether.c: the DIX Ethernet header and addresses
 * (protocols/if_ether.h). Exact emitted bytes, emit->parse round trips
 * over several types, each parse error (short, 802.3 length), group and
 * broadcast address tests, and address printing. */
#include <string.h>

#include <glib.h>

#include "if_ether.h"

static const uint8_t mac_a[ETHER_ADDR_LEN] = {
  0x08, 0x00, 0x20, 0x01, 0x02, 0x03 };
static const uint8_t mac_b[ETHER_ADDR_LEN] = {
  0x02, 0x00, 0x00, 0x00, 0x00, 0x2a };

static void test_constants(void)
{
  g_assert_cmphex(ETHER_TYPE_IP, ==, 0x0800);
  g_assert_cmphex(ETHER_TYPE_ARP, ==, 0x0806);
  g_assert_cmphex(ETHER_TYPE_RAW, ==, 0x88b5);
  g_assert_cmpuint(ETHER_HDR_LEN, ==, 2 * ETHER_ADDR_LEN + 2);
}

static void test_emit_bytes(void)
{
  static const uint8_t want[ETHER_HDR_LEN] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x08, 0x00, 0x20, 0x01, 0x02, 0x03,
    0x08, 0x06,
  };
  struct ether_hdr h = { .type = ETHER_TYPE_ARP };
  memcpy(h.dst, ether_broadcast_addr, ETHER_ADDR_LEN);
  memcpy(h.src, mac_a, ETHER_ADDR_LEN);
  uint8_t buf[ETHER_HDR_LEN + 1];
  buf[ETHER_HDR_LEN] = 0x5a;
  g_assert_cmpuint(ether_emit(&h, buf), ==, ETHER_HDR_LEN);
  g_assert_cmpmem(buf, ETHER_HDR_LEN, want, sizeof want);
  g_assert_cmphex(buf[ETHER_HDR_LEN], ==, 0x5a);    /* nothing beyond */
}

static void test_round_trip(void)
{
  static const uint16_t types[] = {
    ETHER_TYPE_IP, ETHER_TYPE_ARP, ETHER_TYPE_RAW, ETHER_TYPE_MIN, 0xffff,
  };
  for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
    struct ether_hdr h = { .type = types[i] }, back;
    memcpy(h.dst, i % 2 ? mac_a : mac_b, ETHER_ADDR_LEN);
    memcpy(h.src, i % 2 ? mac_b : mac_a, ETHER_ADDR_LEN);
    uint8_t frame[60] = { 0 };                  /* minimum frame, no FCS */
    ether_emit(&h, frame);
    memset(&back, 0xaa, sizeof back);
    g_assert_cmpint(ether_parse(frame, sizeof frame, &back), ==,
                    ETHER_HDR_LEN);
    g_assert_cmpmem(back.dst, ETHER_ADDR_LEN, h.dst, ETHER_ADDR_LEN);
    g_assert_cmpmem(back.src, ETHER_ADDR_LEN, h.src, ETHER_ADDR_LEN);
    g_assert_cmphex(back.type, ==, types[i]);
  }
}

static void test_parse_short(void)
{
  uint8_t frame[ETHER_HDR_LEN];
  struct ether_hdr h = { .type = ETHER_TYPE_IP };
  ether_emit(&h, frame);
  for (size_t len = 0; len < ETHER_HDR_LEN; len++) {
    struct ether_hdr back = { .type = 0x1234 };
    g_assert_cmpint(ether_parse(frame, len, &back), ==, ETHER_ERR_SHORT);
    g_assert_cmphex(back.type, ==, 0x1234);     /* untouched */
  }
  struct ether_hdr back;
  g_assert_cmpint(ether_parse(NULL, 0, &back), ==, ETHER_ERR_SHORT);
  g_assert_cmpint(ether_parse(frame, ETHER_HDR_LEN, &back), ==,
                  ETHER_HDR_LEN);
}

/* Type fields below 0x0600 are 802.3 lengths: refused, header still read. */
static void test_parse_8023(void)
{
  static const struct { uint16_t type; int want; } t[] = {
    { 0x0000, ETHER_ERR_8023 }, { 0x002e, ETHER_ERR_8023 },
    { 0x05dc, ETHER_ERR_8023 }, { 0x05ff, ETHER_ERR_8023 },
    { 0x0600, ETHER_HDR_LEN },  { 0x0800, ETHER_HDR_LEN },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
    struct ether_hdr h = { .type = t[i].type }, back;
    memcpy(h.src, mac_a, ETHER_ADDR_LEN);
    uint8_t frame[ETHER_HDR_LEN];
    ether_emit(&h, frame);
    g_assert_cmpint(ether_parse(frame, sizeof frame, &back), ==, t[i].want);
    g_assert_cmphex(back.type, ==, t[i].type);
    g_assert_cmpmem(back.src, ETHER_ADDR_LEN, mac_a, ETHER_ADDR_LEN);
  }
}

static void test_strerror(void)
{
  g_assert_cmpstr(ether_strerror(ETHER_ERR_SHORT), ==, "short header");
  g_assert_cmpstr(ether_strerror(ETHER_ERR_8023), ==,
                  "802.3 length, not a type");
  g_assert_cmpstr(ether_strerror(ETHER_HDR_LEN), ==, "ok");
}

static void test_group_addresses(void)
{
  static const struct {
    uint8_t a[ETHER_ADDR_LEN];    /* address */
    bool bcast, mcast;            /* expected answers */
  } t[] = {
    { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, true, true },
    { { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 }, false, true },  /* IP mcast */
    { { 0x09, 0x00, 0x2b, 0x00, 0x00, 0x0f }, false, true },  /* DEC LAT */
    { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe }, false, true },
    { { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff }, false, false },
    { { 0x08, 0x00, 0x20, 0x01, 0x02, 0x03 }, false, false },
    { { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 }, false, false }, /* local */
    { { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, false, false },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
    g_assert_cmpint(ether_is_broadcast(t[i].a), ==, t[i].bcast);
    g_assert_cmpint(ether_is_multicast(t[i].a), ==, t[i].mcast);
  }
}

static void test_format(void)
{
  char buf[ETHER_ADDR_STRLEN];
  g_assert_cmpstr(ether_format(mac_a, buf), ==, "08:00:20:01:02:03");
  g_assert_cmpstr(ether_format(ether_broadcast_addr, buf), ==,
                  "ff:ff:ff:ff:ff:ff");
  static const uint8_t mixed[ETHER_ADDR_LEN] = {
    0xab, 0xcd, 0xef, 0, 0x10, 0x9a };
  g_assert_true(ether_format(mixed, buf) == buf);
  g_assert_cmpstr(buf, ==, "ab:cd:ef:00:10:9a");
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/ether/constants", test_constants);
  g_test_add_func("/ether/emit/bytes", test_emit_bytes);
  g_test_add_func("/ether/round-trip", test_round_trip);
  g_test_add_func("/ether/parse/short", test_parse_short);
  g_test_add_func("/ether/parse/802.3-length", test_parse_8023);
  g_test_add_func("/ether/strerror", test_strerror);
  g_test_add_func("/ether/addr/group", test_group_addresses);
  g_test_add_func("/ether/addr/format", test_format);
  return g_test_run();
}
