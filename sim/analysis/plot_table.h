/* sim/analysis/plot_table.h: one results CSV (docs/results.md) read whole into
 * memory for the plots: the header, then rows of fields, looked up by
 * column name so that a column added later breaks nothing. It checks the
 * columns a caller needs are there and every row has as many fields as
 * the header. It does not know what the columns mean: plot_data.c and
 * plot_ladder.c do. Fields are split with csv_split (sim/engine/csv.h). */
#ifndef IPCSIM_PLOT_TABLE_H
#define IPCSIM_PLOT_TABLE_H

#include <glib.h>
#include <stdbool.h>

struct ptab {
  char *path;                 /* the file read, for messages */
  char **head;                /* column names (NULL-ended) */
  int ncol;                   /* how many */
  GPtrArray *rows;            /* char ** (NULL-ended, ncol fields) per row */
};

/* Reads <dir>/<file>. need lists the columns the caller uses (NULL-ended;
 * NULL: none). NULL with *err naming the file and the line or column:
 * PLOT_ERROR_EMPTY when the file does not exist (the run recorded
 * nothing), PLOT_ERROR_DATA when it cannot be read, a needed column is
 * absent, or a row has the wrong number of fields. */
struct ptab *ptab_load(const char *dir, const char *file,
                       const char *const need[], GError **err);

void ptab_free(struct ptab *t);

/* The index of column name, or -1. */
int ptab_col(const struct ptab *t, const char *name);

/* Row r's field in column c ("" when c is -1). */
const char *ptab_str(const struct ptab *t, guint r, int c);

/* Row r's field in column c as a number; NAN when empty or not one. */
double ptab_num(const struct ptab *t, guint r, int c);

#endif
