/* sim/record/results_read.h: the one reader of results CSV files, for
 * every consumer (explain, plots, sweeps, a scenario's series): a file
 * read whole into a table of text fields, RFC 4180 (quoted fields may
 * hold commas, quotes and line ends; lines end in LF or CRLF; blank
 * lines are skipped). A file of results.h is read into its schema's
 * column order, found by name in the header, so that a column added or
 * moved later breaks nothing; any other CSV keeps its header's order.
 * It does not know what a column means. Whole files in memory: results
 * of a teaching run are small, and each consumer reads a file once. */
#ifndef IPCSIM_RESULTS_READ_H
#define IPCSIM_RESULTS_READ_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "results.h"

#define RESULTS_ERROR results_error_quark()
GQuark results_error_quark(void);

/* Error codes in RESULTS_ERROR. A file that cannot be read at all gives
 * GLib's G_FILE_ERROR instead (G_FILE_ERROR_NOENT: no such file). */
enum results_error {
  RESULTS_ERROR_DATA,         /* no header, a needed column missing, a
                                 row of the wrong width, an open quote */
};

/* How strictly to read. */
enum results_flags {
  RESULTS_STRICT = 0,         /* every row as wide as the header */
  RESULTS_LENIENT = 1,        /* rows that do not parse are skipped, any
                                 width is kept (missing fields read "") */
};

struct results_table {
  char *path;                 /* the file read, for messages */
  char **head;                /* column names, NULL-ended: the schema's
                                 (known files) or the header's */
  int ncol;                   /* how many */
  GPtrArray *rows;            /* char ** per row, NULL-ended */
};

/* Reads <dir>/<file>, a CSV of any columns (header order). NULL and
 * *err when it cannot be read, has no header line or (strict) a row
 * does not parse or has another width than the header. */
struct results_table *results_read(const char *dir, const char *file,
                                   enum results_flags flags, GError **err);

/* Reads <dir>/<file of id> into the columns of enum results_<id>_col, in
 * that order: a column the file lacks reads as empty fields. need lists
 * the columns that must be there (ended by -1; NULL: none). Errors as
 * results_read, plus a needed column missing (its name in the message). */
struct results_table *results_read_known(const char *dir,
                                         enum results_file_id id,
                                         const int need[],
                                         enum results_flags flags,
                                         GError **err);

/* Frees t and every field. NULL is fine. */
void results_table_free(struct results_table *t);

/* The index of column name in t->head, or -1. */
int results_col(const struct results_table *t, const char *name);

/* Row r's field in column c: "" when c is -1 or the row is shorter. The
 * text lives as long as t. */
const char *results_str(const struct results_table *t, guint r, int c);

/* Row r's field in column c as a number; NAN when empty or not one. */
double results_num(const struct results_table *t, guint r, int c);

/* Row r's field in column c, seconds with up to 9 decimals ("1.000000512"),
 * as exact ns; -1 when empty. */
int64_t results_ns(const struct results_table *t, guint r, int c);

/* Row r's field in column c as an integer; -1 when empty. */
int64_t results_int(const struct results_table *t, guint r, int c);

#endif
