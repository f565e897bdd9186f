/* sim/engine/csv.h: the little CSV that report.csv, runs.csv and summary.csv
 * need (RFC 4180: comma separated, "..." around a field holding a comma,
 * a quote or a line end, "" for a quote inside). Numbers are written in
 * the C locale as the shortest text that reads back as the same double,
 * so the same values always give the same bytes. No file handling here. */
#ifndef IPCSIM_CSV_H
#define IPCSIM_CSV_H

#include <glib.h>
#include <stdbool.h>

/* Appends s as one field, quoted only when it must be. */
void csv_append_field(GString *out, const char *s);

/* Appends v: "%.15g", or more digits when that does not read back as v
 * ("4", "812.3", "0.1", "1e+20"). v must be finite. */
void csv_append_number(GString *out, double v);

/* Splits one line (without its line end) into its fields, quotes undone.
 * NULL-ended (free with g_strfreev), or NULL if a quote is unbalanced. */
char **csv_split(const char *line);

/* Parses a whole field as a finite number (C locale). False otherwise. */
bool csv_parse_number(const char *s, double *out);

#endif
