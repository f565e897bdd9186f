/* sim/engine/tests/test_trace.c: the text trace (sim/engine/trace.h).
 * The exact line format in memory and in a file, open errors, and write
 * errors reported by trace_close (/dev/full), both from the final flush and
 * from lines written after the stdio buffer filled up. Does not test
 * SIM_TRACE, which needs a scheduler (see the sim tests). */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "trace.h"

static void test_memory_format(void)
{
  struct trace *tr = trace_new_memory();
  g_assert_cmpstr(trace_text(tr), ==, "");
  trace_line(tr, 51200, "lan0", "text");
  trace_line(tr, 0, "monet.en0", "tx-start len=%d dst=%s", 64,
             "ff:ff:ff:ff:ff:ff");
  trace_line(tr, 75000000001, "wan0.ab", "drop cause=%s", "queue");
  trace_line(tr, INT64_MAX, "x", "end");
  g_assert_cmpstr(trace_text(tr), ==,
                  "0.000051200 lan0 text\n"
                  "0.000000000 monet.en0 tx-start len=64 "
                  "dst=ff:ff:ff:ff:ff:ff\n"
                  "75.000000001 wan0.ab drop cause=queue\n"
                  "9223372036.854775807 x end\n");
  GError *err = NULL;
  g_assert_true(trace_close(tr, &err));
  g_assert_no_error(err);
  g_assert_true(trace_close(NULL, &err));
  g_assert_no_error(err);
}

/* Writes n numbered lines; returns what they should read as. */
static GString *write_lines(struct trace *tr, int n)
{
  GString *want = g_string_new(NULL);
  for (int i = 0; i < n; i++) {
    sim_time_t t = (sim_time_t)i * 9600 + 1;
    trace_line(tr, t, "lan0", "line %d of %d", i, n);
    g_string_append_printf(want, "%d.%09d lan0 line %d of %d\n",
                           (int)(t / 1000000000), (int)(t % 1000000000),
                           i, n);
  }
  return want;
}

static void test_file(void)
{
  GError *err = NULL;
  char *dir = g_dir_make_tmp("ipcsim-trace-XXXXXX", &err);
  g_assert_no_error(err);
  char *path = g_build_filename(dir, "run.trace", NULL);
  struct trace *tr = trace_open(path, &err);
  g_assert_no_error(err);
  g_assert_nonnull(tr);
  g_assert_null(trace_text(tr));
  GString *want = write_lines(tr, 5000);       /* > the 64 KiB buffer */
  g_assert_cmpuint(want->len, >, 1 << 16);
  g_assert_true(trace_close(tr, &err));
  g_assert_no_error(err);
  char *got;
  gsize len;
  g_assert_true(g_file_get_contents(path, &got, &len, &err));
  g_assert_cmpmem(got, len, want->str, want->len);
  g_assert_true(g_str_has_prefix(got, "0.000000001 lan0 line 0 of 5000\n"));
  g_free(got);
  g_string_free(want, TRUE);
  g_assert_cmpint(g_unlink(path), ==, 0);
  g_assert_cmpint(g_rmdir(dir), ==, 0);
  g_free(path);
  g_free(dir);
}

static void test_open_error(void)
{
  GError *err = NULL;
  struct trace *tr = trace_open("/nonexistent-ipcsim-dir/run.trace", &err);
  g_assert_null(tr);
  g_assert_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull(strstr(err->message, "/nonexistent-ipcsim-dir/run.trace"));
  g_error_free(err);
}

/* A full disk is an error at close, whether it showed at the final flush
 * (few lines) or already while writing (many lines). */
static void test_write_error(void)
{
  static const int lines[] = { 1, 5000 };
  if (!g_file_test("/dev/full", G_FILE_TEST_EXISTS)) {
    g_test_skip("no /dev/full");
    return;
  }
  for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
    GError *err = NULL;
    struct trace *tr = trace_open("/dev/full", &err);
    g_assert_no_error(err);
    g_string_free(write_lines(tr, lines[i]), TRUE);
    g_assert_false(trace_close(tr, &err));
    g_assert_error(err, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
    g_assert_nonnull(strstr(err->message, "/dev/full"));
    g_error_free(err);
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/trace/memory/format", test_memory_format);
  g_test_add_func("/trace/file/contents", test_file);
  g_test_add_func("/trace/file/open-error", test_open_error);
  g_test_add_func("/trace/file/write-error", test_write_error);
  return g_test_run();
}
