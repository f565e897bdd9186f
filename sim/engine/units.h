/* sim/engine/units.h: parsing the quantities users write in scenarios and on the
 * command line. Every parser accepts a plain number (in the base unit given
 * below) or a number followed by a unit, with no space; the number may
 * carry a decimal exponent ("1e3ms", "1.5E-2s"). Values must be
 * finite and not negative. On error it returns false and sets *err to a
 * message that quotes the value and lists the units it accepts.
 *
 *   time    base s     ns us ms s min        "5ms" "2us" "1.5s" "10"
 *   rate    base bps   bps kbps Mbps Gbps     "10Mbps" "56kbps" "1.5Mbps"
 *   size    base B     B KB MB GB (x1024)     "1500B" "64KB"
 *   length  base m     m km                   "200m"
 *
 * Errors are in G_OPTION_ERROR (G_OPTION_ERROR_BAD_VALUE), so option
 * parsers can pass them on as they are.
 *
 * Rates are decimal (1 kbps = 1000 b/s), as in networking; sizes are
 * binary (1 KB = 1024 B), as in BSD buffer sizes. */
#ifndef IPCSIM_UNITS_H
#define IPCSIM_UNITS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "sim_time.h"

#define UNITS_PROP_SPEED 2e8          /* metres per second in cable */

bool units_parse_time(const char *s, sim_time_t *out, GError **err);
bool units_parse_rate(const char *s, double *bps, GError **err);
bool units_parse_size(const char *s, uint64_t *bytes, GError **err);
bool units_parse_length(const char *s, double *metres, GError **err);

/* Propagation delay over `metres` of cable at UNITS_PROP_SPEED, rounded
 * to the nearest nanosecond. */
sim_time_t units_propagation(double metres);

/* Human-readable forms, newly allocated: "51.2us", "1.5s", "10Mbps". */
char *units_format_time(sim_time_t t);
char *units_format_rate(double bps);

#endif
