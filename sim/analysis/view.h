/* sim/analysis/view.h: the interactive page of a finished run,
 * <dir>/index.html (docs/view.md): one self-contained file that works
 * offline. It reads the run's results files only (docs/results.md), lays
 * the network out with Graphviz (`dot -Tsvg`, run here) and inlines that
 * drawing, the run's rows as JSON and the page's own script and style
 * from sim/view/. Drawing and animating is the page's (JavaScript) work;
 * nothing here simulates or changes the run. */
#ifndef IPCSIM_VIEW_H
#define IPCSIM_VIEW_H

#include <glib.h>
#include <stdbool.h>

#define VIEW_ERROR view_error_quark()
GQuark view_error_quark(void);

enum view_error {
  VIEW_ERROR_NO_DOT,          /* Graphviz's dot is not installed */
  VIEW_ERROR_DOT,             /* dot failed */
  VIEW_ERROR_ASSET,           /* a file of sim/view/ cannot be read */
  VIEW_ERROR_DEFLATE,         /* zlib failed to compress the data */
};

/* Where the page's sources are read from: $IPCSIM_VIEW when set, else
 * the source tree's sim/view/. */
const char *view_assets_dir(void);

/* Writes <dir>/index.html from the run in dir. False and *err when a
 * results file is missing or bad, dot is missing or fails, or the page
 * cannot be written. */
bool view_write(const char *dir, GError **err);

/* The run's rows as one JSON object (view_json.c): each results file's
 * columns, the explanation of each failed call, the scenario's name; the
 * binary columns it names are appended to blob. */
GString *view_json(const char *dir, GByteArray *blob, GError **err);

/* The JSON and its blob packed, deflated and in base64 (view_pack.c):
 * the text the page carries. */
GString *view_data(const char *dir, GError **err);

/* The DOT text of the network in topology.csv (view_topo.c): hosts,
 * gateways, Ethernet segments and links, labelled with their addresses.
 * NULL and *err when topology.csv cannot be read. */
char *view_topo_dot(const char *dir, GError **err);

/* Writes the DOT text to <dir>/network.dot and runs `dot -Tsvg` on it;
 * the SVG (without its XML prologue), or NULL and *err. */
char *view_topo_svg(const char *dir, const char *dot, GError **err);

#endif
