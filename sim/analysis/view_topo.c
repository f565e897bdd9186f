/* sim/analysis/view_topo.c: the network of a finished run (topology.csv)
 * as a Graphviz graph, and its layout by `dot -Tsvg` (view.h). Hosts are
 * boxes (gateways doubled), each labelled with its name and addresses; an
 * Ethernet segment is a long bar (its cable; a record with one port per
 * station) with a tap to each station in cable order; a link is an edge from its end a to its end b labelled
 * with its name, rate and delay. Element ids (host:NAME, seg:NAME,
 * link:NAME, tap:SEG:HOST) are what the page's script looks for in the
 * SVG. Read Graphviz's "DOT language" and "Node Shapes" pages. */
#include "view.h"
#include "results_read.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

/* Appends s as a DOT double-quoted string. */
static void put_q(GString *o, const char *s)
{
  g_string_append_c(o, '"');
  for (; *s; s++) {
    if (*s == '\n') {
      g_string_append(o, "\\n");      /* DOT's line break in a label */
      continue;
    }
    if (*s == '"' || *s == '\\')
      g_string_append_c(o, '\\');
    g_string_append_c(o, *s);
  }
  g_string_append_c(o, '"');
}

/* "256 kb/s", "10 Mb/s". */
static char *rate_text(double bps)
{
  if (bps >= 1e9)
    return g_strdup_printf("%g Gb/s", bps / 1e9);
  if (bps >= 1e6)
    return g_strdup_printf("%g Mb/s", bps / 1e6);
  if (bps >= 1e3)
    return g_strdup_printf("%g kb/s", bps / 1e3);
  return g_strdup_printf("%g b/s", bps);
}

/* "40 ms", "2.5 us". */
static char *delay_text(double s)
{
  if (s >= 1)
    return g_strdup_printf("%g s", s);
  if (s >= 1e-3)
    return g_strdup_printf("%g ms", s * 1e3);
  return g_strdup_printf("%g us", s * 1e6);
}

/* The label of host `name`: its name, then "addr (medium)" per iface. */
static char *host_label(const struct results_table *t, const char *name)
{
  GString *l = g_string_new(name);
  for (guint r = 0; r < t->rows->len; r++) {
    if (strcmp(results_str(t, r, RESULTS_TOPO_KIND), "iface") != 0 ||
        strcmp(results_str(t, r, RESULTS_TOPO_NAME), name) != 0)
      continue;
    const char *a = results_str(t, r, RESULTS_TOPO_ADDR);
    g_string_append_printf(l, "\n%s %s", *a ? a : "(no address)",
                           results_str(t, r, RESULTS_TOPO_MEDIUM));
  }
  return g_string_free(l, FALSE);
}

static void put_host(GString *o, const struct results_table *t, guint r)
{
  const char *name = results_str(t, r, RESULTS_TOPO_NAME);
  bool gw = strcmp(results_str(t, r, RESULTS_TOPO_KIND), "gateway") == 0;
  char *label = host_label(t, name);
  char *id = g_strdup_printf("host:%s", name);
  g_string_append(o, "  ");
  put_q(o, id);
  g_string_append(o, " [id=");
  put_q(o, id);
  g_string_append_printf(o, ", shape=box, style=\"rounded,filled\", "
                         "peripheries=%d, fillcolor=\"%s\", label=",
                         gw ? 2 : 1, gw ? "#fde7c8" : "#e3edfb");
  put_q(o, label);
  g_string_append(o, "];\n");
  g_free(id);
  g_free(label);
}

/* The interfaces on medium m, in cable (or link end) order. */
static GArray *ifaces_on(const struct results_table *t, const char *m)
{
  GArray *rows = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint r = 0; r < t->rows->len; r++)
    if (strcmp(results_str(t, r, RESULTS_TOPO_KIND), "iface") == 0 &&
        strcmp(results_str(t, r, RESULTS_TOPO_MEDIUM), m) == 0)
      g_array_append_val(rows, r);
  for (guint i = 1; i < rows->len; i++)      /* insertion sort by pos */
    for (guint j = i; j > 0; j--) {
      guint *a = &g_array_index(rows, guint, j - 1), *b = a + 1;
      const char *pa = results_str(t, *a, RESULTS_TOPO_POS);
      const char *pb = results_str(t, *b, RESULTS_TOPO_POS);
      double da = g_ascii_strtod(pa, NULL), db = g_ascii_strtod(pb, NULL);
      if (da < db || (da == db && strcmp(pa, pb) <= 0))
        break;
      guint x = *a;
      *a = *b, *b = x;
    }
  return rows;
}

/* A segment is a record: its name and rate over one port per station,
 * in cable order, so that each tap leaves the bar where its station
 * sits on the cable. */
static void put_segment(GString *o, const struct results_table *t, guint r)
{
  const char *name = results_str(t, r, RESULTS_TOPO_NAME);
  GArray *st = ifaces_on(t, name);
  char *rate = rate_text(results_num(t, r, RESULTS_TOPO_RATE));
  char *id = g_strdup_printf("seg:%s", name);
  GString *label = g_string_new("{");
  g_string_append_printf(label, "%s   %s, %g m|{", name, rate,
                         results_num(t, r, RESULTS_TOPO_LENGTH));
  for (guint i = 0; i < st->len; i++)
    g_string_append_printf(label, "%s<t%u> ", i ? "|" : "", i);
  g_string_append(label, "}}");
  g_string_append(o, "  ");
  put_q(o, id);
  g_string_append(o, " [id=");
  put_q(o, id);
  g_string_append_printf(o, ", shape=record, style=filled, fillcolor=\"#f3c969\","
                         " color=\"#a07a1e\", height=0.4, width=%.2f, "
                         "fontsize=10, label=", MAX(2.2, 1.1 * st->len));
  put_q(o, label->str);
  g_string_append(o, "];\n");
  for (guint i = 0; i < st->len; i++) {
    const char *h = results_str(t, g_array_index(st, guint, i),
                                RESULTS_TOPO_NAME);
    char *tap = g_strdup_printf("tap:%s:%s", name, h);
    char *hid = g_strdup_printf("host:%s", h);
    g_string_append(o, "  ");
    put_q(o, id);
    g_string_append_printf(o, ":t%u:s -- ", i);
    put_q(o, hid);
    g_string_append(o, " [id=");
    put_q(o, tap);
    g_string_append(o, ", color=\"#a07a1e\", penwidth=2];\n");
    g_free(tap);
    g_free(hid);
  }
  g_string_free(label, TRUE);
  g_free(id);
  g_free(rate);
  g_array_free(st, TRUE);
}

static void put_link(GString *o, const struct results_table *t, guint r)
{
  const char *name = results_str(t, r, RESULTS_TOPO_NAME);
  GArray *ends = ifaces_on(t, name);
  if (ends->len == 2) {
    char *rate = rate_text(results_num(t, r, RESULTS_TOPO_RATE));
    char *delay = delay_text(results_num(t, r, RESULTS_TOPO_DELAY));
    char *label = g_strdup_printf("%s\n%s, %s", name, rate, delay);
    char *id = g_strdup_printf("link:%s", name);
    for (guint i = 0; i < 2; i++) {
      char *h = g_strdup_printf("host:%s", results_str(t,
                                g_array_index(ends, guint, i),
                                RESULTS_TOPO_NAME));
      g_string_append(o, i ? " -- " : "  ");
      put_q(o, h);
      g_free(h);
    }
    g_string_append(o, " [id=");
    put_q(o, id);
    g_string_append(o, ", penwidth=3, color=\"#5f6b7a\", label=");
    put_q(o, label);
    g_string_append(o, "];\n");
    g_free(id), g_free(label), g_free(delay), g_free(rate);
  }
  g_array_free(ends, TRUE);
}

static bool has_kind(const struct results_table *t, const char *kind)
{
  for (guint r = 0; r < t->rows->len; r++)
    if (strcmp(results_str(t, r, RESULTS_TOPO_KIND), kind) == 0)
      return true;
  return false;
}

/* Separate segments (ether-load's eight) are packed two abreast rather
 * than in one long row. */
char *view_topo_dot(const char *dir, GError **err)
{
  struct results_table *t = results_read_known(dir, RESULTS_TOPOLOGY, NULL,
                                               RESULTS_STRICT, err);
  if (!t)
    return NULL;
  GString *o = g_string_new(
    "graph network {\n"
    "  graph [bgcolor=transparent, pad=0.2, nodesep=0.35, ranksep=0.9,"
    " ordering=out, fontname=\"DejaVu Sans\"];\n"
    "  node [fontname=\"DejaVu Sans\", fontsize=11];\n"
    "  edge [fontname=\"DejaVu Sans\", fontsize=10];\n");
  if (!has_kind(t, "link"))      /* dot drops edge labels when packing */
    g_string_append(o, "  graph [pack=true, packmode=\"array_2\"];\n");
  for (guint r = 0; r < t->rows->len; r++) {
    const char *k = results_str(t, r, RESULTS_TOPO_KIND);
    if (strcmp(k, "host") == 0 || strcmp(k, "gateway") == 0)
      put_host(o, t, r);
    else if (strcmp(k, "ethernet") == 0)
      put_segment(o, t, r);
    else if (strcmp(k, "link") == 0)
      put_link(o, t, r);
  }
  g_string_append(o, "}\n");
  results_table_free(t);
  return g_string_free(o, FALSE);
}

char *view_topo_svg(const char *dir, const char *dot, GError **err)
{
  char *prog = g_find_program_in_path("dot");
  if (!prog) {
    g_set_error(err, VIEW_ERROR, VIEW_ERROR_NO_DOT, "Graphviz's dot not "
                "found on PATH: install it (Debian: apt-get install "
                "graphviz; scripts/deps does)");
    return NULL;
  }
  char *path = g_build_filename(dir, "network.dot", NULL);
  char *argv[] = { prog, "-Tsvg", "network.dot", NULL };
  char *svg = NULL, *errs = NULL;
  int status = 0;
  GError *e = NULL;
  if (!g_file_set_contents(path, dot, -1, &e) ||
      !g_spawn_sync(dir, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &svg,
                    &errs, &status, &e)) {
    g_set_error(err, VIEW_ERROR, VIEW_ERROR_DOT, "%s", e->message);
    g_error_free(e);
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    g_set_error(err, VIEW_ERROR, VIEW_ERROR_DOT, "dot -Tsvg %s failed: %s",
                path, errs && *errs ? g_strchomp(errs) : "non-zero exit");
    g_clear_pointer(&svg, g_free);
  } else {
    char *start = strstr(svg, "<svg");
    char *s = g_strdup(start ? start : svg);
    g_free(svg);
    svg = s;
  }
  g_free(errs);
  g_free(path);
  g_free(prog);
  return svg;
}
