/* sim/engine/tests/test_units.c: the unit parsers and formatters (sim/engine/units.h).
 * Table-driven: every good case gives an exact value, every bad case an
 * error (G_OPTION_ERROR_BAD_VALUE, message quoting the value, output left
 * alone). Then format -> parse round trips over fixed and seeded-random
 * values. Does not test the Lua or command-line callers. */
#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib.h>

#include "rng.h"
#include "units.h"

struct time_case { const char *s; sim_time_t ns; };
struct rate_case { const char *s; double v; };
struct size_case { const char *s; uint64_t v; };

static const struct time_case good_times[] = {
  { "5ms", 5000000 },          { "2us", 2000 },
  { "1.5s", 1500000000 },      { "10", 10000000000 },
  { "51.2us", 51200 },         { "9.6us", 9600 },
  { "0", 0 },                  { "0ns", 0 },
  { "1min", 60000000000 },     { "1.5min", 90000000000 },
  { "007ms", 7000000 },        { "0.1s", 100000000 },
  { "1.000000001s", 1000000001 },
  { "0.0000000005s", 1 },      /* half a ns rounds up */
  { "0.0000000004999999s", 0 },
  { "1.5ns", 2 },              { "1.4999ns", 1 },
  { "0.1234567895s", 123456790 },
  { "0.12345678949999999999999999s", 123456789 },
  { "0.0000001min", 6000 },
  { "9223372036.854775807s", INT64_MAX },
  { "9223372036854775807ns", INT64_MAX },
  { "9223372036854775.807us", INT64_MAX },
  { "153722867.280912930min", 9223372036854775800 },
  { "1e3ms", 1000000000 },  { "1e3", 1000000000000 },
  { "1.5E2us", 150000 },    { "25e-1ms", 2500000 },
  { "1e-9s", 1 },           { "4e-10s", 0 },    { "5e-10s", 1 },
  { "0.001e3s", 1000000000 }, { "1e0ns", 1 },   { "1e+2ns", 100 },
  { "1e-400s", 0 },
  { "9.223372036854775807e18ns", INT64_MAX },
};

static const char *const bad_times[] = {
  "", "5 parsecs", "-5ms", "+5ms", "5 ms", " 5ms", "5ms ", "5MS", "5m",
  "5sec", "ms", "s", "nan", "NaN", "inf", "infinity", "1e", "1e+ms",
  "1e3.5ms", "e3ms", "1E-s",
  "0x10", "0x10s", "5.ms", ".5ms", "5.", "1..2s", "1.2.3s", "5,5ms",
  "5ms5", "5mss", "\xc2\xb5s", "5\xc2\xb5s",
  "9223372036.854775808s",      /* INT64_MAX ns + 1 */
  "9223372036854775808ns",
  "9223372036.8547758075s",     /* rounds up past INT64_MAX */
  "153722868min", "9.3e9s", "1e400s", "1e99999999999999999999s",
  "99999999999999999999999s",   /* overflows the integer part */
};

static void test_time_good(void)
{
  for (size_t i = 0; i < G_N_ELEMENTS(good_times); i++) {
    GError *err = NULL;
    sim_time_t t = -1;
    gboolean ok = units_parse_time(good_times[i].s, &t, &err);
    g_test_message("time '%s'", good_times[i].s);
    g_assert_no_error(err);
    g_assert_true(ok);
    g_assert_cmpint(t, ==, good_times[i].ns);
  }
}

static void test_time_bad(void)
{
  for (size_t i = 0; i < G_N_ELEMENTS(bad_times); i++) {
    GError *err = NULL;
    sim_time_t t = 12345;
    g_test_message("time '%s'", bad_times[i]);
    g_assert_false(units_parse_time(bad_times[i], &t, &err));
    g_assert_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    char *quoted = g_strdup_printf("bad time '%s': ", bad_times[i]);
    g_assert_true(g_str_has_prefix(err->message, quoted));
    g_free(quoted);
    g_assert_cmpint(t, ==, 12345);
    g_error_free(err);
  }
}

static void test_time_messages(void)
{
  GError *err = NULL;
  sim_time_t t;
  g_assert_false(units_parse_time("5 parsecs", &t, &err));
  g_assert_cmpstr(err->message, ==, "bad time '5 parsecs': expected a number"
                  " and one of ns, us, ms, s, min (e.g. \"5ms\")");
  g_clear_error(&err);
  g_assert_false(units_parse_time("9223372036.854775808s", &t, &err));
  g_assert_cmpstr(err->message, ==, "bad time '9223372036.854775808s': "
                  "too large (at most 9223372036.854775807s)");
  g_clear_error(&err);
  double d;
  g_assert_false(units_parse_rate("10mbps", &d, &err));
  g_assert_cmpstr(err->message, ==, "bad rate '10mbps': expected a number"
                  " and one of bps, kbps, Mbps, Gbps (e.g. \"10Mbps\")");
  g_clear_error(&err);
  uint64_t b;
  g_assert_false(units_parse_size("64kB", &b, &err));
  g_assert_cmpstr(err->message, ==, "bad size '64kB': expected a number"
                  " and one of B, KB, MB, GB (e.g. \"64KB\")");
  g_clear_error(&err);
  g_assert_false(units_parse_length("200 m", &d, &err));
  g_assert_cmpstr(err->message, ==, "bad length '200 m': expected a number"
                  " and one of m, km (e.g. \"200m\")");
  g_clear_error(&err);
}

static const struct rate_case good_rates[] = {
  { "10Mbps", 1e7 },  { "56kbps", 56000 }, { "1.5Mbps", 1.5e6 },
  { "100", 100 },     { "1Gbps", 1e9 },    { "0.1Mbps", 1e5 },
  { "2.5Gbps", 2.5e9 }, { "0bps", 0 },     { "1.544Mbps", 1544000 },
  { "0.5bps", 0.5 },  { "9.6kbps", 9600 },
  { "1e6", 1e6 },     { "1.5e3kbps", 1.5e6 }, { "10e-3Mbps", 1e4 },
};

static const char *const bad_rates[] = {
  "", "10mbps", "10 Mbps", "10Mb", "-1Mbps", "+1Mbps", "1e", "nan",
  "1e999Gbps",
  "inf", "10Mbps/s", "10MBps", "1.Mbps", "0x10bps",
};

static void test_rate(void)
{
  for (size_t i = 0; i < G_N_ELEMENTS(good_rates); i++) {
    GError *err = NULL;
    double v = -1;
    g_test_message("rate '%s'", good_rates[i].s);
    g_assert_true(units_parse_rate(good_rates[i].s, &v, &err));
    g_assert_no_error(err);
    g_assert_cmpfloat(v, ==, good_rates[i].v);
  }
  for (size_t i = 0; i < G_N_ELEMENTS(bad_rates); i++) {
    GError *err = NULL;
    double v = -1;
    g_test_message("rate '%s'", bad_rates[i]);
    g_assert_false(units_parse_rate(bad_rates[i], &v, &err));
    g_assert_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    g_assert_cmpfloat(v, ==, -1);
    g_error_free(err);
  }
}

/* A number too large for a double is an error, not infinity. */
static void test_rate_overflow(void)
{
  GString *s = g_string_new("1");
  for (int i = 0; i < 400; i++)
    g_string_append_c(s, '0');
  g_string_append(s, "bps");
  GError *err = NULL;
  double v = -1;
  g_assert_false(units_parse_rate(s->str, &v, &err));
  g_assert_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_true(strstr(err->message, "too large") != NULL);
  g_assert_cmpfloat(v, ==, -1);
  g_error_free(err);
  err = NULL;
  g_string_truncate(s, s->len - 3);
  g_string_append(s, "km");
  g_assert_false(units_parse_length(s->str, &v, &err));
  g_assert_true(strstr(err->message, "too large") != NULL);
  g_error_free(err);
  g_string_free(s, TRUE);
}

static const struct size_case good_sizes[] = {
  { "1500B", 1500 },         { "64KB", 65536 },
  { "1.5KB", 1536 },         { "1MB", 1048576 },
  { "4GB", 4294967296 },     { "1500", 1500 },
  { "0.5B", 1 },             { "0.4B", 0 },
  { "0.1KB", 102 },          /* 102.4 */
  { "18446744073709551615B", UINT64_MAX },
  { "17179869183GB", 17179869183ULL << 30 },
  { "1e3B", 1000 },          { "1.5e1KB", 15360 },
};

static const char *const bad_sizes[] = {
  "", "64kB", "64 KB", "1KiB", "-1B", "1e40GB", "18446744073709551616B",
  "17179869184GB", "18446744073709551615.5B", "1.5.B", "1.5 B",
};

static void test_size(void)
{
  for (size_t i = 0; i < G_N_ELEMENTS(good_sizes); i++) {
    GError *err = NULL;
    uint64_t v = 7;
    g_test_message("size '%s'", good_sizes[i].s);
    g_assert_true(units_parse_size(good_sizes[i].s, &v, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(v, ==, good_sizes[i].v);
  }
  for (size_t i = 0; i < G_N_ELEMENTS(bad_sizes); i++) {
    GError *err = NULL;
    uint64_t v = 7;
    g_test_message("size '%s'", bad_sizes[i]);
    g_assert_false(units_parse_size(bad_sizes[i], &v, &err));
    g_assert_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    g_assert_cmpuint(v, ==, 7);
    g_error_free(err);
  }
}

static void test_length(void)
{
  static const struct rate_case good[] = {
    { "200m", 200 }, { "2.5km", 2500 }, { "200", 200 }, { "0.1km", 100 },
    { "0m", 0 },     { "0.5m", 0.5 },
  };
  static const char *const bad[] = {
    "", "200 m", "200M", "-1m", "1mi", "1Km", "2.km", "inf",
  };
  for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
    double v = -1;
    g_assert_true(units_parse_length(good[i].s, &v, NULL));
    g_assert_cmpfloat(v, ==, good[i].v);
  }
  for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
    GError *err = NULL;
    double v = -1;
    g_assert_false(units_parse_length(bad[i], &v, &err));
    g_assert_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    g_assert_cmpfloat(v, ==, -1);
    g_error_free(err);
  }
}

static void test_propagation(void)
{
  g_assert_cmpint(units_propagation(200), ==, 1000);   /* 5 ns/m */
  g_assert_cmpint(units_propagation(2500), ==, 12500);
  g_assert_cmpint(units_propagation(1), ==, 5);
  g_assert_cmpint(units_propagation(0), ==, 0);
  g_assert_cmpint(units_propagation(0.1), ==, 1);      /* 0.5 ns rounds up */
  g_assert_cmpint(units_propagation(0.09), ==, 0);
  g_assert_cmpint(units_propagation(1e6), ==, 5000000);
}

static void check_time_format(sim_time_t t, const char *want)
{
  char *s = units_format_time(t);
  g_assert_cmpstr(s, ==, want);
  g_free(s);
}

static void test_format_time(void)
{
  check_time_format(51200, "51.2us");
  check_time_format(1500000000, "1.5s");
  check_time_format(0, "0s");
  check_time_format(1, "1ns");
  check_time_format(999, "999ns");
  check_time_format(1000, "1us");
  check_time_format(9600, "9.6us");
  check_time_format(1000000, "1ms");
  check_time_format(200000000, "200ms");
  check_time_format(1000000001, "1.000000001s");
  check_time_format(75000000000, "75s");
  check_time_format(1001, "1.001us");
  check_time_format(INT64_MAX, "9223372036.854775807s");
  check_time_format(-51200, "-51.2us");
  check_time_format(INT64_MIN, "-9223372036.854775808s");
}

static void check_rate_format(double bps, const char *want)
{
  char *s = units_format_rate(bps);
  g_assert_cmpstr(s, ==, want);
  g_free(s);
}

static void test_format_rate(void)
{
  check_rate_format(1e7, "10Mbps");
  check_rate_format(56000, "56kbps");
  check_rate_format(1.5e6, "1.5Mbps");
  check_rate_format(1e9, "1Gbps");
  check_rate_format(0, "0bps");
  check_rate_format(0.5, "0.5bps");
  check_rate_format(999, "999bps");
  check_rate_format(1000, "1kbps");
  check_rate_format(1544000, "1.544Mbps");
  check_rate_format(1e12, "1000Gbps");
  check_rate_format(0.001, "0.001bps");
  check_rate_format(1.0 / 3, "0.3333333333333333bps");
}

static void round_trip_time(sim_time_t t)
{
  char *s = units_format_time(t);
  sim_time_t back = -1;
  GError *err = NULL;
  g_assert_true(units_parse_time(s, &back, &err));
  g_assert_no_error(err);
  g_assert_cmpint(back, ==, t);
  g_free(s);
}

static void round_trip_rate(double bps)
{
  char *s = units_format_rate(bps);
  double back = -1;
  g_assert_true(units_parse_rate(s, &back, NULL));
  if (back != bps)
    g_error("rate %.17g -> '%s' -> %.17g", bps, s, back);
  g_free(s);
}

static void test_round_trip(void)
{
  static const sim_time_t times[] = {
    0, 1, 999, 1000, 51200, 9600, 1000000, 1500000000, 60000000000,
    INT64_MAX, INT64_MAX - 1, 123456789012345,
  };
  for (size_t i = 0; i < G_N_ELEMENTS(times); i++)
    round_trip_time(times[i]);
  static const double rates[] = {
    0, 1, 0.5, 1e7, 56000, 1.5e6, 1544000, 1e9, 2.5e9, 1e12, 1.0 / 3,
    9600, 1e-9, 1e300, 123456789.123,
  };
  for (size_t i = 0; i < G_N_ELEMENTS(rates); i++)
    round_trip_rate(rates[i]);
  struct rng r;
  rng_init(&r, 1, "test/units/round-trip");
  for (int i = 0; i < 20000; i++) {
    round_trip_time((sim_time_t)(rng_u64(&r) >> (1 + i % 63)));
    round_trip_rate(rng_uniform(&r) * pow(10, (double)(i % 25) - 6));
  }
}

/* The parsers and formatters do not follow LC_NUMERIC (a ',' locale). */
static void test_locale(void)
{
  static const char *const comma[] = {
    "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "de_DE",
  };
  const char *got = NULL;
  for (size_t i = 0; i < G_N_ELEMENTS(comma) && !got; i++)
    got = setlocale(LC_NUMERIC, comma[i]);
  if (!got) {
    g_test_skip("no locale with a decimal comma installed");
    return;
  }
  double v = 0;
  g_assert_true(units_parse_rate("1.5Mbps", &v, NULL));
  g_assert_cmpfloat(v, ==, 1.5e6);
  g_assert_false(units_parse_rate("1,5Mbps", &v, NULL));
  check_rate_format(1.5e6, "1.5Mbps");
  setlocale(LC_NUMERIC, "C");
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/units/time/good", test_time_good);
  g_test_add_func("/units/time/bad", test_time_bad);
  g_test_add_func("/units/messages", test_time_messages);
  g_test_add_func("/units/rate/table", test_rate);
  g_test_add_func("/units/rate/overflow", test_rate_overflow);
  g_test_add_func("/units/size/table", test_size);
  g_test_add_func("/units/length/table", test_length);
  g_test_add_func("/units/propagation", test_propagation);
  g_test_add_func("/units/format/time", test_format_time);
  g_test_add_func("/units/format/rate", test_format_rate);
  g_test_add_func("/units/format/round-trip", test_round_trip);
  g_test_add_func("/units/locale/decimal-comma", test_locale);
  return g_test_run();
}
