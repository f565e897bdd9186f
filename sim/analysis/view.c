/* sim/analysis/view.c: writes a finished run's page, <dir>/index.html
 * (view.h). view_write: the rows, packed (view_json.c, view_pack.c) ->
 * the network drawn by Graphviz (view_topo.c) -> sim/view/index.html with
 * each @@include FILE@@ replaced by that file of sim/view/ (the page's
 * script and style), @@data@@ by the packed rows, @@network@@ by the SVG
 * and @@title@@ by the scenario's name -> index.html. Nothing is fetched when the page
 * is opened: it is one file. */
#include "view.h"
#include "analysis_config.h"

#include <string.h>

G_DEFINE_QUARK(ipcsim-view-error-quark, view_error)

const char *view_assets_dir(void)
{
  const char *env = g_getenv("IPCSIM_VIEW");
  return env && *env ? env : IPCSIM_VIEW_DIR;
}

static char *read_asset(const char *name, GError **err)
{
  char *path = g_build_filename(view_assets_dir(), name, NULL);
  char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    g_set_error(err, VIEW_ERROR, VIEW_ERROR_ASSET, "cannot read the page's "
                "source %s (IPCSIM_VIEW or the source tree's sim/view/)",
                path);
  g_free(path);
  return text;
}

/* Appends s with &, < and > escaped for HTML text. */
static void put_html(GString *o, const char *s)
{
  for (; *s; s++)
    switch (*s) {
    case '&': g_string_append(o, "&amp;"); break;
    case '<': g_string_append(o, "&lt;"); break;
    case '>': g_string_append(o, "&gt;"); break;
    default: g_string_append_c(o, *s);
    }
}

struct parts {
  const char *title;          /* the scenario's name */
  const GString *data;        /* the rows, packed (base64) */
  const char *svg;            /* the network */
};

/* Appends what the directive `d` (between @@ and @@) stands for. */
static bool expand(GString *o, const char *d, const struct parts *p,
                   GError **err)
{
  if (strcmp(d, "data") == 0)
    g_string_append_len(o, p->data->str, (gssize)p->data->len);
  else if (strcmp(d, "network") == 0)
    g_string_append(o, p->svg);
  else if (strcmp(d, "title") == 0)
    put_html(o, p->title);
  else if (g_str_has_prefix(d, "include ")) {
    char *text = read_asset(d + 8, err);
    if (!text)
      return false;
    g_string_append(o, text);
    g_free(text);
  } else {
    g_set_error(err, VIEW_ERROR, VIEW_ERROR_ASSET, "index.html: unknown "
                "directive @@%s@@", d);
    return false;
  }
  return true;
}

/* The page: the template with every @@directive@@ expanded. */
static GString *fill(const char *tmpl, const struct parts *p, GError **err)
{
  GString *o = g_string_sized_new(p->data->len + strlen(p->svg) + 65536);
  const char *s = tmpl, *a;
  while ((a = strstr(s, "@@"))) {
    const char *b = strstr(a + 2, "@@");
    if (!b)
      break;
    g_string_append_len(o, s, a - s);
    char *d = g_strndup(a + 2, (gsize)(b - a - 2));
    bool ok = expand(o, d, p, err);
    g_free(d);
    if (!ok) {
      g_string_free(o, TRUE);
      return NULL;
    }
    s = b + 2;
  }
  g_string_append(o, s);
  return o;
}

bool view_write(const char *dir, GError **err)
{
  GString *data = view_data(dir, err);
  char *dot = data ? view_topo_dot(dir, err) : NULL;
  char *svg = dot ? view_topo_svg(dir, dot, err) : NULL;
  char *tmpl = svg ? read_asset("index.html", err) : NULL;
  char *title = g_path_get_basename(dir);
  struct parts p = { title, data, svg };
  GString *page = tmpl ? fill(tmpl, &p, err) : NULL;
  bool ok = false;
  if (page) {
    char *path = g_build_filename(dir, "index.html", NULL);
    ok = g_file_set_contents(path, page->str, (gssize)page->len, err);
    g_free(path);
    g_string_free(page, TRUE);
  }
  g_free(title), g_free(tmpl), g_free(svg), g_free(dot);
  if (data)
    g_string_free(data, TRUE);
  return ok;
}
