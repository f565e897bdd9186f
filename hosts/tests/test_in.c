/* hosts/tests/test_in.c: IPv4 addresses (hosts/in.h). Tables of
 * good and bad strings for the three parsers, each error's exact cause in
 * its message; the 4.2BSD classful defaults; class boundaries; netmasks,
 * network and broadcast addresses for /8 /16 /24 /30 /31 /32; the
 * broadcast forms recognised; and format/parse round trips over many
 * addresses spread across the whole space. */
#include <string.h>

#include <glib.h>

#include "in.h"

#define A(a, b, c, d) ((in_addr32)(a) << 24 | (b) << 16 | (c) << 8 | (d))

struct good {
  const char *s;              /* input */
  in_addr32 addr;             /* expected address */
  int len;                    /* expected prefix length (cidr, ifaddr) */
};

struct bad {
  const char *s;              /* input */
  const char *why;            /* expected text after "bad address '<s>': " */
};

/* Checks err is a bad-value error whose message is exactly as b says. */
static void check_error(GError *err, const struct bad *b)
{
  g_assert_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  char *want = g_strdup_printf("bad address '%s': %s", b->s, b->why);
  g_assert_cmpstr(err->message, ==, want);
  g_free(want);
}

#define SYNTAX "expected four decimal numbers 0..255 separated by dots"

static const struct bad bad_addrs[] = {
  { "", SYNTAX },
  { "1.2.3", SYNTAX },
  { "1.2.3.4.5", "unexpected '.5' after the address" },
  { "1..2.3", SYNTAX },
  { ".1.2.3", SYNTAX },
  { "1.2.3.", SYNTAX },
  { "+1.2.3.4", SYNTAX },
  { "-1.2.3.4", SYNTAX },
  { "1.2.3.-4", SYNTAX },
  { "1.2.+3.4", SYNTAX },
  { " 1.2.3.4", SYNTAX },
  { "1.2.3.4 ", "unexpected ' ' after the address" },
  { "1.2.3.4x", "unexpected 'x' after the address" },
  { "1.2.3.4/8", "unexpected '/8' after the address" },
  { "1 .2.3.4", SYNTAX },
  { "0x1.2.3.4", SYNTAX },
  { "1.2.3.256", "part 4 (256) is over 255" },
  { "1.2.3.1000", "part 4 (1000) is over 255" },
  { "300.2.3.4", "part 1 (300) is over 255" },
  { "1.99999999999999999999.3.4", "part 2 (99999999999999999999) is over 255" },
  { "01.2.3.4",
    "part 1 (01) has a leading zero (inet_addr would read it as octal)" },
  { "1.2.3.00",
    "part 4 (00) has a leading zero (inet_addr would read it as octal)" },
  { "1.2.010.4",
    "part 3 (010) has a leading zero (inet_addr would read it as octal)" },
  { "16909060", "part 1 (16909060) is over 255" },  /* one number */
  { "10.1", SYNTAX },                       /* inet_addr's a.b form */
};

static void test_parse_addr_good(void)
{
  static const struct good t[] = {
    { "0.0.0.0", 0, 0 },
    { "255.255.255.255", 0xffffffffu, 0 },
    { "128.32.1.1", 0x80200101u, 0 },
    { "10.0.0.1", A(10, 0, 0, 1), 0 },
    { "0.1.10.100", A(0, 1, 10, 100), 0 },
    { "192.168.100.200", A(192, 168, 100, 200), 0 },
    { "1.20.255.0", A(1, 20, 255, 0), 0 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
    GError *err = NULL;
    in_addr32 a = 12345;
    g_assert_true(in_parse_addr(t[i].s, &a, &err));
    g_assert_no_error(err);
    g_assert_cmphex(a, ==, t[i].addr);
  }
}

static void test_parse_addr_bad(void)
{
  for (size_t i = 0; i < G_N_ELEMENTS(bad_addrs); i++) {
    GError *err = NULL;
    in_addr32 a = 12345;
    g_assert_false(in_parse_addr(bad_addrs[i].s, &a, &err));
    check_error(err, &bad_addrs[i]);
    g_assert_cmpuint(a, ==, 12345);         /* untouched on error */
    g_error_free(err);
  }
}

static const struct good good_cidrs[] = {
  { "128.32.1.1/16", 0x80200101u, 16 },
  { "10.1.2.3", A(10, 1, 2, 3), 8 },        /* class A default */
  { "128.32.1.1", A(128, 32, 1, 1), 16 },   /* class B default */
  { "192.5.6.7", A(192, 5, 6, 7), 24 },     /* class C default */
  { "127.0.0.1", A(127, 0, 0, 1), 8 },
  { "126.255.255.254", A(126, 255, 255, 254), 8 },
  { "128.0.0.1", A(128, 0, 0, 1), 16 },     /* first of class B */
  { "191.255.1.1", A(191, 255, 1, 1), 16 }, /* last of class B */
  { "192.0.0.1", A(192, 0, 0, 1), 24 },     /* first of class C */
  { "223.255.255.1", A(223, 255, 255, 1), 24 },
  { "0.0.0.0/0", 0, 0 },
  { "10.0.0.1/32", A(10, 0, 0, 1), 32 },
  { "10.0.0.1/9", A(10, 0, 0, 1), 9 },
  { "224.0.0.1/4", A(224, 0, 0, 1), 4 },    /* explicit length: any class */
};

static void test_parse_cidr_good(void)
{
  for (size_t i = 0; i < G_N_ELEMENTS(good_cidrs); i++) {
    GError *err = NULL;
    in_addr32 a = 0;
    int len = -7;
    g_assert_true(in_parse_cidr(good_cidrs[i].s, &a, &len, &err));
    g_assert_no_error(err);
    g_assert_cmphex(a, ==, good_cidrs[i].addr);
    g_assert_cmpint(len, ==, good_cidrs[i].len);
  }
}

#define NO_D "a class D (multicast) address has no default netmask; " \
             "write a.b.c.d/len"
#define NO_E "a class E (experimental) address has no default netmask; " \
             "write a.b.c.d/len"
#define NO_LEN "expected a prefix length 0..32 after '/'"

static const struct bad bad_cidrs[] = {
  { "224.0.0.1", NO_D },
  { "239.255.255.255", NO_D },
  { "240.0.0.1", NO_E },
  { "255.255.255.255", NO_E },
  { "128.32.1.300/16", "part 4 (300) is over 255" },
  { "1.2.3.4/33", "prefix length 33 is over 32" },
  { "1.2.3.4/999999999999", "prefix length 999999999999 is over 32" },
  { "1.2.3.4/08", "prefix length 08 has a leading zero" },
  { "1.2.3.4/", NO_LEN },
  { "1.2.3.4/8/8", NO_LEN },
  { "1.2.3.4/-1", NO_LEN },
  { "1.2.3.4/+8", NO_LEN },
  { "1.2.3.4/ 8", NO_LEN },
  { "1.2.3.4/8 ", NO_LEN },
  { "1.2.3.4//8", NO_LEN },
  { "1.2.3.4:8", "unexpected ':8' after the address" },
  { "1.2.3/8", SYNTAX },
};

static void test_parse_cidr_bad(void)
{
  for (size_t i = 0; i < G_N_ELEMENTS(bad_cidrs); i++) {
    GError *err = NULL;
    in_addr32 a = 12345;
    int len = -7;
    g_assert_false(in_parse_cidr(bad_cidrs[i].s, &a, &len, &err));
    check_error(err, &bad_cidrs[i]);
    g_assert_cmpuint(a, ==, 12345);
    g_assert_cmpint(len, ==, -7);
    g_error_free(err);
  }
  for (size_t i = 0; i < G_N_ELEMENTS(bad_addrs); i++) {
    if (strchr(bad_addrs[i].s, '/'))        /* good here */
      continue;
    GError *err = NULL;
    in_addr32 a;
    int len;
    g_assert_false(in_parse_cidr(bad_addrs[i].s, &a, &len, &err));
    check_error(err, &bad_addrs[i]);
    g_error_free(err);
  }
}

static void test_parse_ifaddr_good(void)
{
  static const struct good t[] = {
    { "128.32.1.1/16", A(128, 32, 1, 1), 16 },
    { "10.1.2.3", A(10, 1, 2, 3), 8 },
    { "192.5.6.7", A(192, 5, 6, 7), 24 },
    { "127.0.0.1", A(127, 0, 0, 1), 8 },    /* the loopback interface */
    { "10.0.0.5/30", A(10, 0, 0, 5), 30 },
    { "10.0.0.6/30", A(10, 0, 0, 6), 30 },
    { "10.0.0.0/31", A(10, 0, 0, 0), 31 },  /* no host part to check */
    { "10.0.0.1/31", A(10, 0, 0, 1), 31 },
    { "10.0.0.255/32", A(10, 0, 0, 255), 32 },
    { "128.32.0.0/8", A(128, 32, 0, 0), 8 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
    GError *err = NULL;
    in_addr32 a = 0;
    int len = -7;
    g_assert_true(in_parse_ifaddr(t[i].s, &a, &len, &err));
    g_assert_no_error(err);
    g_assert_cmphex(a, ==, t[i].addr);
    g_assert_cmpint(len, ==, t[i].len);
  }
}

#define ZEROS "the host part is all zeros (the network, or its 4.2BSD " \
              "broadcast address)"
#define ONES "the host part is all ones (the broadcast address)"

static void test_parse_ifaddr_bad(void)
{
  static const struct bad t[] = {
    { "224.0.0.1", NO_D },
    { "128.32.1.300/16", "part 4 (300) is over 255" },
    { "224.0.0.1/4",
      "a class D (multicast) address cannot be an interface's" },
    { "240.0.0.1/8",
      "a class E (experimental) address cannot be an interface's" },
    { "255.255.255.255/32",
      "a class E (experimental) address cannot be an interface's" },
    { "0.1.2.3/8",
      "network 0 means 'this network' and cannot be an interface's" },
    { "0.0.0.0",
      "network 0 means 'this network' and cannot be an interface's" },
    { "128.32.0.0", ZEROS },
    { "128.32.0.0/16", ZEROS },
    { "128.32.255.255/16", ONES },
    { "10.0.0.4/30", ZEROS },
    { "10.0.0.7/30", ONES },
    { "192.5.6.255", ONES },
    { "10.255.255.255", ONES },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
    GError *err = NULL;
    in_addr32 a = 12345;
    int len = -7;
    g_assert_false(in_parse_ifaddr(t[i].s, &a, &len, &err));
    check_error(err, &t[i]);
    g_assert_cmpuint(a, ==, 12345);
    g_assert_cmpint(len, ==, -7);
    g_error_free(err);
  }
}

/* Exactly one class holds, and it is the expected one. */
static void test_classes(void)
{
  static const struct { in_addr32 a; char cls; int len; } t[] = {
    { A(0, 0, 0, 0), 'A', 8 },         { A(127, 255, 255, 255), 'A', 8 },
    { A(128, 0, 0, 0), 'B', 16 },      { A(191, 255, 255, 255), 'B', 16 },
    { A(192, 0, 0, 0), 'C', 24 },      { A(223, 255, 255, 255), 'C', 24 },
    { A(224, 0, 0, 0), 'D', -1 },      { A(239, 255, 255, 255), 'D', -1 },
    { A(240, 0, 0, 0), 'E', -1 },      { A(255, 255, 255, 255), 'E', -1 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
    bool is[5] = { in_classa(t[i].a), in_classb(t[i].a), in_classc(t[i].a),
                   in_classd(t[i].a), in_classe(t[i].a) };
    for (int c = 0; c < 5; c++)
      g_assert_cmpint(is[c], ==, t[i].cls == 'A' + c);
    g_assert_cmpint(in_class_len(t[i].a), ==, t[i].len);
    g_assert_cmpint(in_is_multicast(t[i].a), ==, t[i].cls == 'D');
  }
}

static void test_netmask(void)
{
  static const struct { int len; in_addr32 mask; } t[] = {
    { 0, 0 }, { 1, 0x80000000u }, { 8, 0xff000000u }, { 16, 0xffff0000u },
    { 24, 0xffffff00u }, { 30, 0xfffffffcu }, { 31, 0xfffffffeu },
    { 32, 0xffffffffu },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
    g_assert_cmphex(in_netmask(t[i].len), ==, t[i].mask);
    g_assert_cmpint(in_mask_len(t[i].mask), ==, t[i].len);
  }
  for (int len = 0; len <= 32; len++)
    g_assert_cmpint(in_mask_len(in_netmask(len)), ==, len);
  static const in_addr32 holes[] = {
    0xff00ff00u, 0x7fffffffu, 0x00000001u, 0xfffffffdu, 0xfeffffffu,
  };
  for (size_t i = 0; i < G_N_ELEMENTS(holes); i++)
    g_assert_cmpint(in_mask_len(holes[i]), ==, -1);
}

/* Out-of-range lengths are programmer mistakes: a critical, then 0/NULL. */
static void test_netmask_misuse(void)
{
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*len >= 0*");
  g_assert_cmphex(in_netmask(33), ==, 0);
  g_test_assert_expected_messages();
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*len >= 0*");
  g_assert_cmphex(in_netmask(-1), ==, 0);
  g_test_assert_expected_messages();
  char buf[IN_CIDR_STRLEN];
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*len >= 0*");
  g_assert_null(in_format_cidr(0, 33, buf));
  g_test_assert_expected_messages();
}

static void test_network_broadcast(void)
{
  static const struct { in_addr32 a; int len; in_addr32 net, bcast; } t[] = {
    { A(10, 1, 2, 3), 8, A(10, 0, 0, 0), A(10, 255, 255, 255) },
    { A(128, 32, 1, 1), 16, A(128, 32, 0, 0), A(128, 32, 255, 255) },
    { A(192, 5, 6, 7), 24, A(192, 5, 6, 0), A(192, 5, 6, 255) },
    { A(10, 0, 0, 5), 30, A(10, 0, 0, 4), A(10, 0, 0, 7) },
    { A(10, 0, 0, 5), 32, A(10, 0, 0, 5), A(10, 0, 0, 5) },
    { A(128, 32, 130, 1), 17, A(128, 32, 128, 0), A(128, 32, 255, 255) },
    { A(128, 32, 1, 1), 0, 0, 0xffffffffu },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
    in_addr32 mask = in_netmask(t[i].len);
    g_assert_cmphex(in_network(t[i].a, mask), ==, t[i].net);
    g_assert_cmphex(in_broadcast(t[i].a, mask), ==, t[i].bcast);
    g_assert_cmphex(in_zero_broadcast(t[i].a, mask), ==, t[i].net);
  }
}

static void test_is_broadcast(void)
{
  static const struct {
    in_addr32 dst, a;         /* candidate, interface address */
    int len;                  /* interface prefix length */
    bool yes;                 /* expected answer */
  } t[] = {
    { 0xffffffffu, A(128, 32, 1, 1), 16, true },
    { 0, A(128, 32, 1, 1), 16, true },
    { A(128, 32, 255, 255), A(128, 32, 1, 1), 16, true },
    { A(128, 32, 0, 0), A(128, 32, 1, 1), 16, true },
    { A(128, 32, 1, 1), A(128, 32, 1, 1), 16, false },
    { A(128, 32, 1, 255), A(128, 32, 1, 1), 16, false },
    { A(128, 33, 255, 255), A(128, 32, 1, 1), 16, false },
    { A(128, 33, 0, 0), A(128, 32, 1, 1), 16, false },
    { A(10, 0, 0, 7), A(10, 0, 0, 5), 30, true },
    { A(10, 0, 0, 4), A(10, 0, 0, 5), 30, true },
    { A(10, 0, 0, 6), A(10, 0, 0, 5), 30, false },
    { A(10, 0, 0, 1), A(10, 0, 0, 0), 31, false },  /* no broadcast forms */
    { A(10, 0, 0, 0), A(10, 0, 0, 1), 31, false },
    { A(10, 0, 0, 5), A(10, 0, 0, 5), 32, false },
    { 0xffffffffu, A(10, 0, 0, 5), 32, true },
    { 0, A(10, 0, 0, 5), 32, true },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
    g_assert_cmpint(in_is_broadcast(t[i].dst, t[i].a, in_netmask(t[i].len)),
                    ==, t[i].yes);
}

static void test_predicates(void)
{
  g_assert_true(in_is_limited_broadcast(0xffffffffu));
  g_assert_false(in_is_limited_broadcast(0xfffffffeu));
  g_assert_true(in_is_any(IN_ADDR_ANY));
  g_assert_false(in_is_any(A(0, 0, 0, 1)));
  g_assert_true(in_is_loopback(IN_ADDR_LOOPBACK));
  g_assert_true(in_is_loopback(A(127, 0, 0, 0)));
  g_assert_true(in_is_loopback(A(127, 255, 255, 255)));
  g_assert_false(in_is_loopback(A(126, 255, 255, 255)));
  g_assert_false(in_is_loopback(A(128, 0, 0, 0)));
  g_assert_cmphex(IN_ADDR_LOOPBACK, ==, A(127, 0, 0, 1));
}

static void test_format_exact(void)
{
  char buf[IN_ADDR_STRLEN], cbuf[IN_CIDR_STRLEN];
  g_assert_cmpstr(in_format(0, buf), ==, "0.0.0.0");
  g_assert_cmpstr(in_format(0xffffffffu, buf), ==, "255.255.255.255");
  g_assert_cmpstr(in_format(0x80200101u, buf), ==, "128.32.1.1");
  g_assert_cmpstr(in_format(A(10, 0, 20, 3), buf), ==, "10.0.20.3");
  g_assert_true(in_format(1, buf) == buf);
  g_assert_cmpstr(in_format_cidr(0x80200101u, 16, cbuf), ==,
                  "128.32.1.1/16");
  g_assert_cmpstr(in_format_cidr(0xffffffffu, 32, cbuf), ==,
                  "255.255.255.255/32");
  g_assert_cmpstr(in_format_cidr(0, 0, cbuf), ==, "0.0.0.0/0");
}

/* Every byte value in every position, and 200,000 addresses spread over
 * the space by a multiplicative stride, format and parse back. */
static void test_format_round_trip(void)
{
  char buf[IN_ADDR_STRLEN], cbuf[IN_CIDR_STRLEN];
  for (uint32_t i = 0; i < 200000 + 4 * 256; i++) {
    in_addr32 a = i < 1024 ? (i % 256) << (8 * (i / 256))
                           : i * 0x9e3779b1u;
    in_addr32 back = ~a;
    int len = (int)(i % 33), len_back = -1;
    g_assert_cmpuint(strlen(in_format(a, buf)), <, IN_ADDR_STRLEN);
    g_assert_true(in_parse_addr(buf, &back, NULL));
    g_assert_cmphex(back, ==, a);
    in_format_cidr(a, len, cbuf);
    g_assert_true(in_parse_cidr(cbuf, &back, &len_back, NULL));
    g_assert_cmphex(back, ==, a);
    g_assert_cmpint(len_back, ==, len);
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/in/parse-addr/good", test_parse_addr_good);
  g_test_add_func("/in/parse-addr/bad", test_parse_addr_bad);
  g_test_add_func("/in/parse-cidr/good", test_parse_cidr_good);
  g_test_add_func("/in/parse-cidr/bad", test_parse_cidr_bad);
  g_test_add_func("/in/parse-ifaddr/good", test_parse_ifaddr_good);
  g_test_add_func("/in/parse-ifaddr/bad", test_parse_ifaddr_bad);
  g_test_add_func("/in/classes", test_classes);
  g_test_add_func("/in/netmask/lengths", test_netmask);
  g_test_add_func("/in/netmask/misuse", test_netmask_misuse);
  g_test_add_func("/in/network-broadcast", test_network_broadcast);
  g_test_add_func("/in/is-broadcast", test_is_broadcast);
  g_test_add_func("/in/predicates", test_predicates);
  g_test_add_func("/in/format/exact", test_format_exact);
  g_test_add_func("/in/format/round-trip", test_format_round_trip);
  return g_test_run();
}
