/* sim/engine/units.c: parsing and printing times, rates, sizes and lengths
 * (units.h). A value is digits, optionally '.' and more digits, optionally
 * an exponent ("e3", "E-2"), then a unit name spelled exactly as in units.h
 * (case matters: "mbps" is refused; no unit starts with e). No sign,
 * space, hex, NaN or infinity. Times and sizes are exact:
 * integer arithmetic on the decimal digits, rounded half up to 1 ns / 1 B.
 * Rates and lengths go through g_ascii_strtod (locale-independent) as
 * "<digits>e<unit exponent>", so they are correctly rounded doubles.
 * Errors are G_OPTION_ERROR_BAD_VALUE, so option callbacks can pass them on.
 * Formatting prints exact decimals that parse back to the same value. */
#include "units.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct unit {
  const char *name;           /* as written after the number */
  uint64_t scale;             /* integer quantities: base units per unit */
  int exp10;                  /* real quantities: power of ten per unit */
};

struct quantity {
  const char *what;           /* "time", for messages */
  const struct unit *units;   /* accepted units, NULL-name terminated */
  const char *base;           /* unit of a plain number */
  const char *example;        /* shown in the error message */
  const char *max_text;       /* the largest value, or NULL if unbounded */
};

static const struct unit time_units[] = {
  { "ns", 1, 0 }, { "us", 1000, 0 }, { "ms", 1000000, 0 },
  { "s", 1000000000, 0 }, { "min", 60000000000, 0 }, { NULL, 0, 0 },
};
static const struct unit rate_units[] = {
  { "bps", 0, 0 }, { "kbps", 0, 3 }, { "Mbps", 0, 6 }, { "Gbps", 0, 9 },
  { NULL, 0, 0 },
};
static const struct unit size_units[] = {
  { "B", 1, 0 }, { "KB", 1024, 0 }, { "MB", 1048576, 0 },
  { "GB", 1073741824, 0 }, { NULL, 0, 0 },
};
static const struct unit length_units[] = {
  { "m", 0, 0 }, { "km", 0, 3 }, { NULL, 0, 0 },
};

static const struct quantity q_time = {
  "time", time_units, "s", "5ms", "9223372036.854775807s" };
static const struct quantity q_rate = {
  "rate", rate_units, "bps", "10Mbps", NULL };
static const struct quantity q_size = {
  "size", size_units, "B", "64KB", "18446744073709551615B" };
static const struct quantity q_length = {
  "length", length_units, "m", "200m", NULL };

/* A scanned value: s = int_digits [ "." frac_digits ] [ e exp ] unit. */
struct number {
  const char *digits;         /* first integer digit */
  size_t nint;                /* integer digits */
  const char *frac;           /* first fraction digit (after the point) */
  size_t nfrac;               /* fraction digits, 0 if no point */
  long exp;                   /* the exponent, 0 if none (|exp| capped) */
  const struct unit *unit;    /* the unit matched */
};

#define EXP_CAP 400           /* past this every value is 0 or too large */

static size_t count_digits(const char *s)
{
  size_t n = 0;
  while (g_ascii_isdigit(s[n]))
    n++;
  return n;
}

/* Splits s into digits and a known unit. False on any syntax error. */
static bool scan(const char *s, const struct quantity *q, struct number *n)
{
  n->digits = s;
  n->nint = count_digits(s);
  if (n->nint == 0)
    return false;
  const char *p = s + n->nint;
  n->frac = p;
  n->nfrac = 0;
  if (*p == '.') {
    n->frac = ++p;
    n->nfrac = count_digits(p);
    if (n->nfrac == 0)
      return false;
    p += n->nfrac;
  }
  n->exp = 0;
  if (*p == 'e' || *p == 'E') {
    int sign = p[1] == '-' ? -1 : 1;
    p += 1 + (p[1] == '-' || p[1] == '+');
    size_t nexp = count_digits(p);
    if (nexp == 0)
      return false;
    for (; nexp > 0; nexp--, p++)
      n->exp = MIN(n->exp * 10 + (*p - '0'), EXP_CAP);
    n->exp *= sign;
  }
  const char *name = *p ? p : q->base;
  for (n->unit = q->units; n->unit->name; n->unit++)
    if (strcmp(n->unit->name, name) == 0)
      return true;
  return false;
}

static void set_syntax_error(GError **err, const struct quantity *q,
                             const char *s)
{
  GString *list = g_string_new(NULL);
  for (const struct unit *u = q->units; u->name; u++)
    g_string_append_printf(list, "%s%s", u == q->units ? "" : ", ", u->name);
  g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
              "bad %s '%s': expected a number and one of %s (e.g. \"%s\")",
              q->what, s, list->str, q->example);
  g_string_free(list, TRUE);
}

static void set_range_error(GError **err, const struct quantity *q,
                            const char *s)
{
  if (q->max_text)
    g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "bad %s '%s': too large (at most %s)", q->what, s,
                q->max_text);
  else
    g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "bad %s '%s': too large", q->what, s);
}

/* n with its exponent applied to the digits: the decimal point moved, in
 * a buffer of n's digits and zeros (buf must hold nint + nfrac +
 * EXP_CAP + 1 bytes). Returns n unchanged when it has no exponent. */
static struct number shift_point(const struct number *n, char *buf)
{
  struct number m = *n;
  if (n->exp == 0)
    return m;
  size_t nd = n->nint + n->nfrac;
  long point = (long)n->nint + n->exp;    /* digits before the point */
  size_t lead = point < 0 ? (size_t)-point : 0;
  memset(buf, '0', lead);
  memcpy(buf + lead, n->digits, n->nint);
  memcpy(buf + lead + n->nint, n->frac, n->nfrac);
  size_t total = lead + nd;
  if (point > (long)nd) {                 /* trailing zeros */
    memset(buf + total, '0', (size_t)point - nd);
    total = (size_t)point;
  }
  size_t whole = point > 0 ? (size_t)point : 0;
  m.digits = buf;
  m.nint = whole;
  m.frac = buf + whole;
  m.nfrac = total - whole;
  m.exp = 0;
  return m;
}

/* n * scale rounded half up to an integer, if it is at most max. The
 * fraction is done right to left, exactly: f = floor(0.d1d2... * 2 * scale)
 * via f = (d * 2 * scale + f) / 10, then (f + 1) / 2 rounds it. */
static bool to_integer(const struct number *n, uint64_t max, uint64_t *out)
{
  uint64_t scale = n->unit->scale, whole = 0, f = 0;
  for (size_t i = 0; i < n->nint; i++) {
    uint64_t d = (uint64_t)(n->digits[i] - '0');
    if (whole > (UINT64_MAX - d) / 10)
      return false;
    whole = whole * 10 + d;
  }
  for (size_t i = n->nfrac; i-- > 0;)
    f = ((uint64_t)(n->frac[i] - '0') * 2 * scale + f) / 10;
  f = (f + 1) / 2;
  if (whole > (max - f) / scale)
    return false;
  *out = whole * scale + f;
  return true;
}

/* n as a correctly rounded double, if finite. */
static bool to_real(const struct number *n, double *out)
{
  char *text = g_strdup_printf("%.*s%s%.*se%ld", (int)n->nint, n->digits,
                               n->nfrac ? "." : "", (int)n->nfrac, n->frac,
                               n->unit->exp10 + n->exp);
  double v = g_ascii_strtod(text, NULL);
  g_free(text);
  if (!isfinite(v))
    return false;
  *out = v;
  return true;
}

static bool parse_integer(const char *s, const struct quantity *q,
                          uint64_t max, uint64_t *out, GError **err)
{
  struct number n;
  g_return_val_if_fail(s != NULL, false);
  if (!scan(s, q, &n)) {
    set_syntax_error(err, q, s);
    return false;
  }
  char *buf = g_malloc(n.nint + n.nfrac + EXP_CAP + 1);
  struct number m = shift_point(&n, buf);
  bool fits = to_integer(&m, max, out);
  g_free(buf);
  if (!fits) {
    set_range_error(err, q, s);
    return false;
  }
  return true;
}

static bool parse_real(const char *s, const struct quantity *q, double *out,
                       GError **err)
{
  struct number n;
  g_return_val_if_fail(s != NULL, false);
  if (!scan(s, q, &n)) {
    set_syntax_error(err, q, s);
    return false;
  }
  if (!to_real(&n, out)) {
    set_range_error(err, q, s);
    return false;
  }
  return true;
}

bool units_parse_time(const char *s, sim_time_t *out, GError **err)
{
  uint64_t ns;
  if (!parse_integer(s, &q_time, INT64_MAX, &ns, err))
    return false;
  *out = (sim_time_t)ns;
  return true;
}

bool units_parse_rate(const char *s, double *bps, GError **err)
{
  return parse_real(s, &q_rate, bps, err);
}

bool units_parse_size(const char *s, uint64_t *bytes, GError **err)
{
  return parse_integer(s, &q_size, UINT64_MAX, bytes, err);
}

bool units_parse_length(const char *s, double *metres, GError **err)
{
  return parse_real(s, &q_length, metres, err);
}

sim_time_t units_propagation(double metres)
{
  g_return_val_if_fail(metres >= 0 && isfinite(metres), 0);
  double ns = floor(metres * 1e9 / UNITS_PROP_SPEED + 0.5);
  g_return_val_if_fail(ns < 0x1p63, SIM_TIME_MAX);
  return (sim_time_t)ns;
}

/* Appends digits * 10^shift as a plain decimal, without trailing zeros
 * after the point: ("512", -1) -> "51.2", ("15", 2) -> "1500". */
static void append_decimal(GString *out, const char *digits, int shift)
{
  int len = (int)strlen(digits);
  if (strcmp(digits, "0") == 0)
    shift = 0;
  while (shift < 0 && len > 1 && digits[len - 1] == '0') {
    len--;
    shift++;
  }
  if (shift >= 0) {
    g_string_append_len(out, digits, len);
    for (int i = 0; i < shift; i++)
      g_string_append_c(out, '0');
    return;
  }
  int point = len + shift;           /* integer digits; may be <= 0 */
  if (point <= 0) {
    g_string_append(out, "0.");
    for (int i = point; i < 0; i++)
      g_string_append_c(out, '0');
    g_string_append_len(out, digits, len);
    return;
  }
  g_string_append_len(out, digits, point);
  g_string_append_c(out, '.');
  g_string_append_len(out, digits + point, len - point);
}

char *units_format_time(sim_time_t t)
{
  static const struct { const char *name; uint64_t scale; int exp10; } u[] = {
    { "s", 1000000000, 9 }, { "ms", 1000000, 6 }, { "us", 1000, 3 },
    { "ns", 1, 0 },
  };
  uint64_t mag = t < 0 ? -(uint64_t)t : (uint64_t)t;
  size_t i = 0;
  while (mag != 0 && i < G_N_ELEMENTS(u) - 1 && mag < u[i].scale)
    i++;
  char digits[24];
  g_snprintf(digits, sizeof digits, "%" PRIu64, mag);
  GString *out = g_string_new(t < 0 ? "-" : "");
  append_decimal(out, digits, -u[i].exp10);
  g_string_append(out, u[i].name);
  return g_string_free(out, FALSE);
}

/* The fewest significant digits (as a digit string and the power of ten of
 * its last digit) that read back as exactly v. */
static int shortest_digits(double v, char digits[24])
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE], fmt[8];
  for (int prec = 0; prec < 17; prec++) {
    g_snprintf(fmt, sizeof fmt, "%%.%de", prec);
    g_ascii_formatd(buf, sizeof buf, fmt, v);     /* '.' in any locale */
    if (g_ascii_strtod(buf, NULL) == v || prec == 16) {
      char *e = strchr(buf, 'e');
      int exp10 = atoi(e + 1);
      size_t n = 0;
      for (const char *p = buf; p < e; p++)
        if (g_ascii_isdigit(*p))
          digits[n++] = *p;
      digits[n] = '\0';
      return exp10 - prec;
    }
  }
  g_assert_not_reached();
}

char *units_format_rate(double bps)
{
  static const struct unit u[] = {
    { "Gbps", 0, 9 }, { "Mbps", 0, 6 }, { "kbps", 0, 3 }, { "bps", 0, 0 },
  };
  g_return_val_if_fail(bps >= 0 && isfinite(bps), g_strdup("?bps"));
  size_t i = 0;
  while (i < G_N_ELEMENTS(u) - 1 && bps < pow(10, u[i].exp10))
    i++;
  char digits[24];
  int shift = bps == 0 ? 0 : shortest_digits(bps, digits);
  if (bps == 0)
    strcpy(digits, "0");
  GString *out = g_string_new(NULL);
  append_decimal(out, digits, shift - u[i].exp10);
  g_string_append(out, u[i].name);
  return g_string_free(out, FALSE);
}
