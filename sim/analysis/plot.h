/* sim/analysis/plot.h: every plot ipcsim draws goes through here. A plot is a
 * gnuplot template, scripts/<kind>.gp, whose @NAME@ variables the caller
 * fills. plot_render() writes the filled script as <dir>/<name>.gp, with
 * the common header (scripts/common.gp: terminal, output file, key, grid)
 * put in front, then runs gnuplot on it in <dir>. The user can edit
 * <name>.gp there and run `gnuplot <name>.gp` again. This module writes
 * no data files: the caller writes them into <dir> first. */
#ifndef IPCSIM_PLOT_H
#define IPCSIM_PLOT_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include "results_read.h"

/* Output formats. */
enum plot_format {
  PLOT_PNG,                   /* <name>.png, pngcairo (the default) */
  PLOT_SVG,                   /* <name>.svg */
  PLOT_DUMB,                  /* <name>.txt, text art for a terminal */
};

/* One template variable: @NAME@ in the template becomes value. */
struct plot_var {
  const char *name;           /* "TITLE" (without the @s), NULL ends a list */
  const char *value;          /* its text; \ and " are escaped, so a template
                                 puts text variables inside "..." */
};

/* What to draw. The template must set a title, axis labels with units
 * and the key's entries: the common header sets the rest. */
struct plot_spec {
  const char *kind;           /* template name: scripts/<kind>.gp */
  const char *name;           /* file names: <dir>/<name>.gp, .png/.svg/.txt */
  const char *dir;            /* output directory (made if missing); gnuplot
                                 runs there, so @DATA@ paths are relative */
  enum plot_format format;    /* png, svg or dumb */
  const struct plot_var *vars;/* ended by a NULL name; @OUTPUT@, @KIND@ and
                                 @NAME@ are set by plot_render */
  FILE *echo;                 /* dumb format only: the drawing is copied
                                 here (stdout for a user); NULL: not */
  int width, height;          /* png/svg size in pixels; 0: 900x560 */
};

#define PLOT_ERROR plot_error_quark()
GQuark plot_error_quark(void);

/* Error codes in PLOT_ERROR. */
enum plot_error {
  PLOT_ERROR_NO_GNUPLOT,      /* gnuplot is not on PATH */
  PLOT_ERROR_TEMPLATE,        /* no such template, or a variable not given */
  PLOT_ERROR_IO,              /* the output directory or script not writable */
  PLOT_ERROR_GNUPLOT,         /* gnuplot failed (its stderr in the message) */
  PLOT_ERROR_DATA,            /* a results file missing, or not as
                                 docs/results.md says (plot_read) */
  PLOT_ERROR_NOT_FOUND,       /* no such host or connection in the run */
  PLOT_ERROR_EMPTY,           /* nothing of this kind to draw */
};

/* Fills the template, writes <dir>/<name>.gp and runs gnuplot on it
 * (found on PATH; argv, no shell). True when the output file exists.
 * False with *err set otherwise; the message names the template, the
 * variable, the file, or what to install. Every @VAR@ in the template
 * must be given in spec->vars (or be one plot_render sets). */
bool plot_render(const struct plot_spec *spec, GError **err);

/* Parses "png", "svg" or "dumb". False (and *out untouched) otherwise. */
bool plot_format_parse(const char *s, enum plot_format *out);

/* "png", "svg" or "dumb". */
const char *plot_format_name(enum plot_format f);

/* The output file's name for name and f: "<name>.png" and so on.
 * Newly allocated. */
char *plot_output_name(const char *name, enum plot_format f);

/* Where templates are read from: $IPCSIM_TEMPLATES when set, else the
 * source tree's scripts/ (fixed at build time). Not to be freed. */
const char *plot_template_dir(void);

/* Reads <dir>/<file>, any CSV, strictly, with results_read (for a
 * scenario's series). NULL with *err otherwise: PLOT_ERROR_EMPTY "cannot
 * read <path>: ..." when the file does not exist (the run recorded
 * nothing), PLOT_ERROR_DATA when it cannot be read or is malformed.
 * (plot_data.c) */
struct results_table *plot_read(const char *dir, const char *file,
                                GError **err);

/* The same for a results file of results.h, in its schema's column order;
 * need as for results_read_known (a missing one is PLOT_ERROR_DATA). */
struct results_table *plot_read_known(const char *dir,
                                      enum results_file_id id,
                                      const int need[], GError **err);

#endif
