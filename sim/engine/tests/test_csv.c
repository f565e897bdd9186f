/* sim/engine/tests/test_csv.c: CSV fields and numbers (sim/engine/csv.h): quoting only
 * when needed, the shortest number that reads back exactly, splitting
 * with quotes undone, and numbers parsed whole. */
#include <glib.h>
#include <math.h>

#include "csv.h"

static void test_fields(void)
{
  GString *s = g_string_new(NULL);
  csv_append_field(s, "10Mbps");
  g_string_append_c(s, ',');
  csv_append_field(s, "a,b");
  g_string_append_c(s, ',');
  csv_append_field(s, "say \"hi\"");
  g_assert_cmpstr(s->str, ==, "10Mbps,\"a,b\",\"say \"\"hi\"\"\"");
  char **f = csv_split(s->str);
  g_assert_cmpuint(g_strv_length(f), ==, 3);
  g_assert_cmpstr(f[0], ==, "10Mbps");
  g_assert_cmpstr(f[1], ==, "a,b");
  g_assert_cmpstr(f[2], ==, "say \"hi\"");
  g_strfreev(f);
  f = csv_split(",x,");
  g_assert_cmpuint(g_strv_length(f), ==, 3);
  g_assert_cmpstr(f[0], ==, "");
  g_assert_cmpstr(f[2], ==, "");
  g_strfreev(f);
  g_assert_null(csv_split("\"open"));
  g_string_free(s, TRUE);
}

static void number_is(double v, const char *want)
{
  GString *s = g_string_new(NULL);
  csv_append_number(s, v);
  g_assert_cmpstr(s->str, ==, want);
  g_string_free(s, TRUE);
}

static void test_numbers(void)
{
  number_is(4, "4");
  number_is(812.3, "812.3");
  number_is(0.1, "0.1");
  number_is(0.1 + 0.2, "0.30000000000000004");
  number_is(-2.5e-7, "-2.5e-07");
  number_is(1e20, "1e+20");
  double v = 0;
  g_assert_true(csv_parse_number("0.30000000000000004", &v));
  g_assert_true(v == 0.1 + 0.2);
  g_assert_false(csv_parse_number("", &v));
  g_assert_false(csv_parse_number(" 1", &v));
  g_assert_false(csv_parse_number("1x", &v));
  g_assert_false(csv_parse_number("nan", &v));
  g_assert_false(csv_parse_number("inf", &v));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/csv/fields", test_fields);
  g_test_add_func("/csv/numbers", test_numbers);
  return g_test_run();
}
