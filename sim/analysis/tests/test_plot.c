/* sim/analysis/tests/test_plot.c: the plot module (sim/analysis/plot.h). Renders a small
 * known data set with the real templates (scripts/common.gp and
 * sweep.gp) in each format and checks the files: PNG magic, an SVG root,
 * the title in the dumb drawing, the filled script left for the user.
 * Then the errors: a bad or missing template, a variable not given,
 * gnuplot missing from PATH. Skips the drawing (not the errors) when
 * gnuplot or one of its terminals is missing. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "plot.h"

#define DATA "\"loss only\" x mean ci95\n0 800 0\n0.01 600 50\n0.02 400 80\n"

static const struct plot_var vars[] = {
  { "TITLE", "test: goodput against \"loss\"" },
  { "XLABEL", "loss (probability)" }, { "YLABEL", "goodput (kb/s)" },
  { "DATA", "test.dat" }, { "NSERIES", "1" }, { "USING", "1:2:3" },
  { NULL, NULL },
};

/* A fresh directory holding test.dat. */
static char *data_dir(void)
{
  char *dir = g_dir_make_tmp("test_plot-XXXXXX", NULL);
  g_assert_nonnull(dir);
  char *path = g_build_filename(dir, "test.dat", NULL);
  g_assert_true(g_file_set_contents(path, DATA, -1, NULL));
  g_free(path);
  return dir;
}

static void rm_dir(char *dir)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name(d));) {
    char *p = g_build_filename(dir, n, NULL);
    g_remove(p);
    g_free(p);
  }
  if (d)
    g_dir_close(d);
  g_rmdir(dir);
  g_free(dir);
}

/* Whether gnuplot is there and knows terminal term. */
static bool have_terminal(const char *term)
{
  char *gp = g_find_program_in_path("gnuplot");
  char *cmd = g_strdup_printf("set terminal %s", term);
  char *argv[] = { gp, "-e", cmd, NULL };
  int status = -1;
  bool ok = gp && g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                               NULL, &status, NULL) && status == 0;
  g_free(cmd), g_free(gp);
  if (!ok)
    g_test_skip("gnuplot, or its terminal, is missing");
  return ok;
}

/* Renders in format f into a fresh dir; returns the output's bytes. */
static char *render(enum plot_format f, FILE *echo, gsize *len)
{
  char *dir = data_dir();
  struct plot_spec spec = { .kind = "sweep", .name = "test", .dir = dir,
                            .format = f, .vars = vars, .echo = echo };
  GError *err = NULL;
  g_assert_true(plot_render(&spec, &err));
  g_assert_no_error(err);
  char *out = plot_output_name("test", f);
  char *path = g_build_filename(dir, out, NULL);
  char *script = g_build_filename(dir, "test.gp", NULL);
  char *text = NULL, *gp = NULL;
  g_assert_true(g_file_get_contents(path, &text, len, NULL));
  g_assert_true(g_file_get_contents(script, &gp, NULL, NULL));
  g_assert_nonnull(strstr(gp, "set title \"test: goodput against \\\"loss\\\"\""));
  g_assert_nonnull(strstr(gp, "# ---- scripts/sweep.gp"));
  g_free(gp), g_free(script), g_free(path), g_free(out);
  rm_dir(dir);
  return text;
}

static void test_png(void)
{
  if (!have_terminal("pngcairo"))
    return;
  gsize len;
  char *png = render(PLOT_PNG, NULL, &len);
  g_assert_cmpuint(len, >, 1000);
  g_assert_cmpmem(png, 8, "\x89PNG\r\n\x1a\n", 8);
  g_free(png);
}

static void test_svg(void)
{
  if (!have_terminal("svg"))
    return;
  gsize len;
  char *svg = render(PLOT_SVG, NULL, &len);
  g_assert_true(g_str_has_prefix(svg, "<?xml"));
  g_assert_nonnull(strstr(svg, "<svg"));
  g_assert_true(g_str_has_suffix(g_strchomp(svg), "</svg>"));
  g_assert_nonnull(strstr(svg, "goodput (kb/s)"));
  g_free(svg);
}

static void test_dumb(void)
{
  if (!have_terminal("dumb"))
    return;
  FILE *echo = tmpfile();
  gsize len;
  char *txt = render(PLOT_DUMB, echo, &len);
  g_assert_nonnull(strstr(txt, "test: goodput against \"loss\""));
  g_assert_nonnull(strstr(txt, "loss only"));        /* the key */
  char shown[8192] = { 0 };
  rewind(echo);
  g_assert_cmpuint(fread(shown, 1, sizeof shown - 1, echo), >, 0);
  g_assert_nonnull(strstr(shown, "test: goodput against \"loss\""));
  g_assert_null(strchr(shown, '\f'));
  fclose(echo);
  g_free(txt);
}

/* plot_render fails with code, its message containing text. */
static void expect_error(const struct plot_spec *spec, int code,
                         const char *text)
{
  GError *err = NULL;
  g_assert_false(plot_render(spec, &err));
  g_assert_error(err, PLOT_ERROR, code);
  if (!strstr(err->message, text))
    g_error("'%s' lacks '%s'", err->message, text);
  g_error_free(err);
}

static void test_bad_template(void)
{
  char *dir = data_dir();
  struct plot_spec spec = { .kind = "nosuch", .name = "x", .dir = dir,
                            .format = PLOT_PNG, .vars = vars };
  expect_error(&spec, PLOT_ERROR_TEMPLATE, "no plot template 'nosuch'");
  spec.kind = "../sweep";
  expect_error(&spec, PLOT_ERROR_TEMPLATE, "bad plot template name '../sweep'");
  const struct plot_var few[] = { { "TITLE", "t" }, { NULL, NULL } };
  spec.kind = "sweep", spec.vars = few;
  expect_error(&spec, PLOT_ERROR_TEMPLATE,
               "plot template 'sweep' uses @XLABEL@, which was not given");
  rm_dir(dir);
}

static void test_no_gnuplot(void)
{
  char *dir = data_dir();
  char *path = g_strdup(g_getenv("PATH"));
  g_setenv("PATH", dir, TRUE);           /* a directory without gnuplot */
  struct plot_spec spec = { .kind = "sweep", .name = "x", .dir = dir,
                            .format = PLOT_PNG, .vars = vars };
  expect_error(&spec, PLOT_ERROR_NO_GNUPLOT,
               "gnuplot not found on PATH: install it (Debian: apt-get "
               "install gnuplot-nox)");
  char *script = g_build_filename(dir, "x.gp", NULL);
  g_assert_true(g_file_test(script, G_FILE_TEST_EXISTS));  /* still written */
  g_setenv("PATH", path, TRUE);
  g_free(script), g_free(path);
  rm_dir(dir);
}

/* IPCSIM_TEMPLATES replaces the source tree's scripts/. */
static void test_template_dir(void)
{
  char *dir = data_dir();
  g_setenv("IPCSIM_TEMPLATES", dir, TRUE);
  g_assert_cmpstr(plot_template_dir(), ==, dir);
  struct plot_spec spec = { .kind = "sweep", .name = "x", .dir = dir,
                            .format = PLOT_PNG, .vars = vars };
  expect_error(&spec, PLOT_ERROR_TEMPLATE, dir);
  g_unsetenv("IPCSIM_TEMPLATES");
  g_assert_cmpstr(plot_template_dir(), !=, dir);
  rm_dir(dir);
}

static void test_formats(void)
{
  enum plot_format f = PLOT_DUMB;
  g_assert_true(plot_format_parse("svg", &f));
  g_assert_cmpint(f, ==, PLOT_SVG);
  g_assert_false(plot_format_parse("jpeg", &f));
  g_assert_cmpint(f, ==, PLOT_SVG);
  g_assert_cmpstr(plot_format_name(PLOT_PNG), ==, "png");
  char *n = plot_output_name("sweep", PLOT_DUMB);
  g_assert_cmpstr(n, ==, "sweep.txt");
  g_free(n);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/plot/png", test_png);
  g_test_add_func("/plot/svg", test_svg);
  g_test_add_func("/plot/dumb", test_dumb);
  g_test_add_func("/plot/bad-template", test_bad_template);
  g_test_add_func("/plot/no-gnuplot", test_no_gnuplot);
  g_test_add_func("/plot/template-dir", test_template_dir);
  g_test_add_func("/plot/formats", test_formats);
  return g_test_run();
}
