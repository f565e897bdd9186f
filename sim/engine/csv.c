/* sim/engine/csv.c: writing and splitting CSV lines (see csv.h). Fields are
 * written in order by the callers; this file never reorders or rounds
 * beyond what reads back exactly. */
#include "csv.h"

#include <math.h>
#include <string.h>

void csv_append_field(GString *out, const char *s)
{
  if (!strpbrk(s, ",\"\r\n")) {
    g_string_append(out, s);
    return;
  }
  g_string_append_c(out, '"');
  for (; *s; s++) {
    if (*s == '"')
      g_string_append_c(out, '"');
    g_string_append_c(out, *s);
  }
  g_string_append_c(out, '"');
}

void csv_append_number(GString *out, double v)
{
  g_return_if_fail(isfinite(v));
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  static const char *const fmts[] = { "%.15g", "%.16g", "%.17g" };
  for (guint i = 0; i < G_N_ELEMENTS(fmts); i++) {
    g_ascii_formatd(buf, sizeof buf, fmts[i], v);
    if (g_ascii_strtod(buf, NULL) == v)
      break;
  }
  g_string_append(out, buf);
}

/* Reads one quoted field starting after its opening quote; returns the
 * position after the closing quote, or NULL if there is none. */
static const char *quoted(const char *s, GString *f)
{
  for (;; s++) {
    if (*s == '\0')
      return NULL;
    if (*s == '"' && s[1] != '"')
      return s + 1;
    if (*s == '"')
      s++;
    g_string_append_c(f, *s);
  }
}

char **csv_split(const char *line)
{
  GPtrArray *fields = g_ptr_array_new();
  const char *s = line;
  for (;;) {
    GString *f = g_string_new(NULL);
    if (*s == '"')
      s = quoted(s + 1, f);
    while (s && *s && *s != ',')
      g_string_append_c(f, *s++);
    g_ptr_array_add(fields, g_string_free(f, FALSE));
    if (!s || *s == '\0')
      break;
    s++;
  }
  g_ptr_array_add(fields, NULL);
  char **v = (char **)g_ptr_array_free(fields, FALSE);
  if (!s) {
    g_strfreev(v);
    return NULL;
  }
  return v;
}

bool csv_parse_number(const char *s, double *out)
{
  char *end = NULL;
  if (!*s || g_ascii_isspace(*s))
    return false;
  double v = g_ascii_strtod(s, &end);
  if (*end != '\0' || !isfinite(v))
    return false;
  *out = v;
  return true;
}
