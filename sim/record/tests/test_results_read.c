/* sim/record/tests/test_results_read.c: the one results reader
 * (sim/record/results_read.h) on small files written here: RFC 4180
 * quoting (commas, quotes and line ends inside fields), CRLF and blank
 * lines, strict and lenient widths, a known file read into its schema's
 * order with a column missing, and the header line of results.h. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "results_read.h"

static char *dir;             /* the temporary directory of every file */

static void put(const char *name, const char *text)
{
  char *p = g_build_filename(dir, name, NULL);
  g_assert_true(g_file_set_contents(p, text, -1, NULL));
  g_free(p);
}

static void test_quoting(void)
{
  put("q.csv", "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\n"
               "plain,,3.5\n");
  GError *err = NULL;
  struct results_table *t = results_read(dir, "q.csv", RESULTS_STRICT, &err);
  g_assert_no_error(err);
  g_assert_cmpint(t->ncol, ==, 3);
  g_assert_cmpuint(t->rows->len, ==, 2);
  g_assert_cmpstr(results_str(t, 0, 0), ==, "x,1");
  g_assert_cmpstr(results_str(t, 0, 1), ==, "say \"hi\"");
  g_assert_cmpstr(results_str(t, 0, 2), ==, "two\nlines");
  g_assert_cmpstr(results_str(t, 1, results_col(t, "b")), ==, "");
  g_assert_cmpfloat(results_num(t, 1, 2), ==, 3.5);
  g_assert_true(isnan(results_num(t, 1, 1)));
  g_assert_cmpstr(results_str(t, 1, -1), ==, "");
  g_assert_cmpint(results_col(t, "nope"), ==, -1);
  results_table_free(t);
}

static void test_widths(void)
{
  put("w.csv", "a,b\n1,2\n\"open\n3\n");
  GError *err = NULL;
  g_assert_null(results_read(dir, "w.csv", RESULTS_STRICT, &err));
  g_assert_error(err, RESULTS_ERROR, RESULTS_ERROR_DATA);
  g_assert_nonnull(strstr(err->message, "w.csv:3: a quoted field is not "
                                        "closed"));
  g_clear_error(&err);
  put("w.csv", "a,b\n1,2\n1,2,3\n");
  g_assert_null(results_read(dir, "w.csv", RESULTS_STRICT, &err));
  g_assert_nonnull(strstr(err->message, "w.csv:3: 3 fields, the header "
                                        "has 2"));
  g_clear_error(&err);
  struct results_table *t = results_read(dir, "w.csv", RESULTS_LENIENT,
                                         &err);
  g_assert_no_error(err);
  g_assert_cmpuint(t->rows->len, ==, 2);
  g_assert_cmpstr(results_str(t, 1, 2), ==, "3");
  results_table_free(t);
  g_assert_null(results_read(dir, "none.csv", RESULTS_STRICT, &err));
  g_assert_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error(&err);
}

/* events.csv with its columns moved and one missing. */
static void test_known(void)
{
  put("events.csv", "name,t,kind,extra\nmonet,1.500000001,host-down,x\n");
  GError *err = NULL;
  struct results_table *t = results_read_known(dir, RESULTS_EVENTS, NULL,
                                               RESULTS_STRICT, &err);
  g_assert_no_error(err);
  g_assert_cmpint(t->ncol, ==, RESULTS_EVENT_N);
  g_assert_cmpstr(results_str(t, 0, RESULTS_EVENT_KIND), ==, "host-down");
  g_assert_cmpstr(results_str(t, 0, RESULTS_EVENT_NAME), ==, "monet");
  g_assert_cmpstr(results_str(t, 0, RESULTS_EVENT_DETAIL), ==, "");
  g_assert_cmpint(results_ns(t, 0, RESULTS_EVENT_T), ==, 1500000001);
  g_assert_cmpint(results_ns(t, 0, RESULTS_EVENT_DETAIL), ==, -1);
  g_assert_cmpint(results_col(t, "kind"), ==, RESULTS_EVENT_KIND);
  results_table_free(t);
  static const int need[] = { RESULTS_EVENT_T, RESULTS_EVENT_DETAIL, -1 };
  g_assert_null(results_read_known(dir, RESULTS_EVENTS, need,
                                   RESULTS_STRICT, &err));
  g_assert_nonnull(strstr(err->message, "events.csv has no column "
                                        "'detail' (docs/results.md)"));
  g_clear_error(&err);
}

static void test_header(void)
{
  GString *s = g_string_new(NULL);
  results_put_header(s, RESULTS_QUEUES);
  g_assert_cmpstr(s->str, ==, "t,medium,port,qlen,qbytes\n");
  g_string_free(s, TRUE);
  g_assert_cmpstr(RESULTS_FILE(RESULTS_PACKETS), ==, "packets.csv");
  for (int id = 0; id < RESULTS_FILE_N; id++)
    for (int k = 0; k < results_schemas[id].ncol; k++)
      g_assert_nonnull(results_schemas[id].cols[k]);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  dir = g_dir_make_tmp("test_results_XXXXXX", NULL);
  g_test_add_func("/results/read/quoting", test_quoting);
  g_test_add_func("/results/read/widths", test_widths);
  g_test_add_func("/results/read/known", test_known);
  g_test_add_func("/results/header", test_header);
  int st = g_test_run();
  const char *names[] = { "q.csv", "w.csv", "events.csv" };
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
    char *p = g_build_filename(dir, names[i], NULL);
    g_unlink(p);
    g_free(p);
  }
  g_rmdir(dir);
  g_free(dir);
  return st;
}
