/* sim/analysis/plot.c: fills gnuplot templates and runs gnuplot (see plot.h).
 * plot_render: load scripts/common.gp and scripts/<kind>.gp -> replace
 * every @VAR@ -> write <dir>/<name>.gp -> spawn `gnuplot <name>.gp` in
 * <dir> -> check the output file (and copy a dumb drawing to echo). It
 * knows nothing of what is plotted; templates do the drawing, the header
 * (common.gp) the terminal. Read gnuplot's `help set terminal`. */
#include "analysis_config.h"
#include "plot.h"

#include <string.h>
#include <sys/wait.h>

G_DEFINE_QUARK(ipcsim-plot-error, plot_error)

static const char *const format_names[] = { "png", "svg", "dumb" };
static const char *const format_ext[] = { "png", "svg", "txt" };

/* The one place the terminals are set up. noenhanced: an underscore in a
 * name ("goodput_kbps") stays an underscore. */
static const char *const terminals[] = {
  "pngcairo size %d,%d noenhanced font \"sans,11\"",
  "svg size %d,%d dynamic noenhanced font \"sans,11\"",
  "dumb size 100,32 noenhanced",
};

bool plot_format_parse(const char *s, enum plot_format *out)
{
  for (guint i = 0; i < G_N_ELEMENTS(format_names); i++)
    if (strcmp(s, format_names[i]) == 0) {
      *out = (enum plot_format)i;
      return true;
    }
  return false;
}

const char *plot_format_name(enum plot_format f)
{
  g_return_val_if_fail((guint)f < G_N_ELEMENTS(format_names), "?");
  return format_names[f];
}

char *plot_output_name(const char *name, enum plot_format f)
{
  g_return_val_if_fail((guint)f < G_N_ELEMENTS(format_ext), NULL);
  return g_strdup_printf("%s.%s", name, format_ext[f]);
}

const char *plot_template_dir(void)
{
  const char *env = g_getenv("IPCSIM_TEMPLATES");
  return env && *env ? env : IPCSIM_TEMPLATES;
}

/* Reads scripts/<kind>.gp. NULL with *err set if kind is not a plain name
 * or the file is missing. */
static char *load_template(const char *kind, GError **err)
{
  bool plain = *kind != '\0';
  for (const char *c = kind; *c; c++)
    plain = plain && (g_ascii_isalnum(*c) || *c == '_' || *c == '-');
  if (!plain) {
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_TEMPLATE,
                "bad plot template name '%s' (letters, digits, - and _)", kind);
    return NULL;
  }
  char *path = g_strdup_printf("%s/%s.gp", plot_template_dir(), kind);
  char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_TEMPLATE,
                "no plot template '%s': cannot read %s (IPCSIM_TEMPLATES "
                "names the directory holding the templates)", kind, path);
  g_free(path);
  return text;
}

/* Appends v escaped for a double-quoted gnuplot string. */
static void append_escaped(GString *out, const char *v)
{
  for (; *v; v++) {
    if (*v == '\\' || *v == '"')
      g_string_append_c(out, '\\');
    if (*v == '\n')
      g_string_append(out, "\\n");
    else
      g_string_append_c(out, *v);
  }
}

/* Appends the value of variable name (length len): the caller's, escaped,
 * or one of ours (fixed), as is. False if nobody gave it. */
static bool append_var(GString *out, const char *name, size_t len,
                       const struct plot_var *vars,
                       const struct plot_var *ours)
{
  for (const struct plot_var *v = ours; v->name; v++)
    if (strlen(v->name) == len && strncmp(v->name, name, len) == 0) {
      g_string_append(out, v->value);
      return true;
    }
  for (const struct plot_var *v = vars; v && v->name; v++)
    if (strlen(v->name) == len && strncmp(v->name, name, len) == 0) {
      append_escaped(out, v->value);
      return true;
    }
  return false;
}

/* Length of the variable name at s ([A-Z0-9_]+ followed by @), or 0. */
static size_t var_len(const char *s)
{
  size_t n = 0;
  while (g_ascii_isupper(s[n]) || g_ascii_isdigit(s[n]) || s[n] == '_')
    n++;
  return s[n] == '@' ? n : 0;
}

/* Appends text with every @VAR@ replaced. False, naming the variable and
 * the template, if one was not given. */
static bool fill(GString *out, const char *text, const char *kind,
                 const struct plot_var *vars, const struct plot_var *ours,
                 GError **err)
{
  for (const char *s = text; *s; s++) {
    size_t n = *s == '@' ? var_len(s + 1) : 0;
    if (n == 0) {
      g_string_append_c(out, *s);
      continue;
    }
    if (!append_var(out, s + 1, n, vars, ours)) {
      g_set_error(err, PLOT_ERROR, PLOT_ERROR_TEMPLATE,
                  "plot template '%s' uses @%.*s@, which was not given",
                  kind, (int)n, s + 1);
      return false;
    }
    s += n + 1;
  }
  return true;
}

/* The whole script: the common header, then the kind's template. */
static char *make_script(const struct plot_spec *spec, const char *output,
                         GError **err)
{
  char *term = g_strdup_printf(terminals[spec->format],
                               spec->width > 0 ? spec->width : 900,
                               spec->height > 0 ? spec->height : 560);
  const struct plot_var ours[] = {
    { "TERMINAL", term }, { "OUTPUT", output },
    { "KIND", spec->kind }, { "NAME", spec->name }, { NULL, NULL },
  };
  char *head = load_template("common", err);
  char *body = head ? load_template(spec->kind, err) : NULL;
  GString *out = g_string_new(NULL);
  bool ok = body && fill(out, head, "common", spec->vars, ours, err) &&
            fill(out, body, spec->kind, spec->vars, ours, err);
  g_free(head);
  g_free(body);
  g_free(term);
  return g_string_free(out, !ok);
}

/* Runs gnuplot on script in dir. False with gnuplot's stderr otherwise. */
static bool run_gnuplot(const char *dir, const char *script, GError **err)
{
  char *gp = g_find_program_in_path("gnuplot");
  if (!gp) {
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_NO_GNUPLOT,
                "gnuplot not found on PATH: install it (Debian: apt-get "
                "install gnuplot-nox); the script %s/%s is written", dir,
                script);
    return false;
  }
  char *argv[] = { gp, (char *)script, NULL };
  char *errs = NULL;
  int status = 0;
  GError *e = NULL;
  bool ran = g_spawn_sync(dir, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                          NULL, NULL, &errs, &status, &e);
  bool ok = ran && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!ok)
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_GNUPLOT,
                "gnuplot %s/%s failed: %s%s%s", dir, script,
                ran ? "non-zero exit" : e->message,
                errs && *errs ? "\n" : "", errs ? g_strchomp(errs) : "");
  g_clear_error(&e);
  g_free(errs);
  g_free(gp);
  return ok;
}

/* Checks that gnuplot wrote path; copies a text drawing to echo. */
static bool check_output(const char *path, FILE *echo, GError **err)
{
  char *text = NULL;
  gsize len = 0;
  if (!g_file_get_contents(path, &text, &len, NULL) || len == 0) {
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_GNUPLOT,
                "gnuplot wrote no output to %s", path);
    g_free(text);
    return false;
  }
  for (gsize i = 0; echo && i < len; i++)
    if (text[i] != '\f')              /* dumb starts a page with a form feed */
      fputc(text[i], echo);
  if (echo)
    fflush(echo);
  g_free(text);
  return true;
}

bool plot_render(const struct plot_spec *spec, GError **err)
{
  g_return_val_if_fail(spec && spec->kind && spec->name && spec->dir, false);
  g_return_val_if_fail((guint)spec->format < G_N_ELEMENTS(terminals), false);
  char *output = plot_output_name(spec->name, spec->format);
  char *script = g_strdup_printf("%s.gp", spec->name);
  char *spath = g_build_filename(spec->dir, script, NULL);
  char *opath = g_build_filename(spec->dir, output, NULL);
  char *text = make_script(spec, output, err);
  bool ok = text != NULL;
  if (ok && (g_mkdir_with_parents(spec->dir, 0777) != 0 ||
             !g_file_set_contents(spath, text, -1, NULL))) {
    g_set_error(err, PLOT_ERROR, PLOT_ERROR_IO, "cannot write %s", spath);
    ok = false;
  }
  if (ok) {
    remove(opath);            /* a stale plot must not pass for a new one */
    ok = run_gnuplot(spec->dir, script, err) &&
         check_output(opath, spec->format == PLOT_DUMB ? spec->echo : NULL,
                      err);
  }
  g_free(text), g_free(opath), g_free(spath), g_free(script), g_free(output);
  return ok;
}
