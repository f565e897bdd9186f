/* sim/analysis/sweep_stats.c: Student's t(0.975; df) from a table and,
 * beyond it, Hill's expansion; the mean and 95% interval of a sample
 * (sweep_stats.h). Any textbook has the method (e.g. NIST/SEMATECH
 * e-Handbook 1.3.5.2). It reads and writes nothing. */
#include "sweep_stats.h"

#include <glib.h>
#include <math.h>

/* t(0.975; df) for df 1..30; beyond, Hill's expansion is within 1e-7. */
static const double t95_table[] = {
  12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
  2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852,
  2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546,
  2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447,
  2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553,
  2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
};

double sweep_stats_t95(unsigned df)
{
  g_return_val_if_fail(df >= 1, NAN);
  if (df <= G_N_ELEMENTS(t95_table))
    return t95_table[df - 1];
  const double z = 1.959963984540054, v = df;
  double z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2, z9 = z7 * z2;
  return z + (z3 + z) / 4 / v + (5 * z5 + 16 * z3 + 3 * z) / 96 / (v * v) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384 / (v * v * v) +
         (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160 /
         (v * v * v * v);
}

void sweep_stats_mean_ci(const double *v, unsigned n, double *mean,
                         double *ci)
{
  g_return_if_fail(n >= 1);
  double sum = 0, ss = 0;
  for (unsigned i = 0; i < n; i++)
    sum += v[i];
  *mean = sum / n;
  for (unsigned i = 0; i < n; i++)
    ss += (v[i] - *mean) * (v[i] - *mean);
  *ci = n < 2 ? NAN : sweep_stats_t95(n - 1) * sqrt(ss / (n - 1)) / sqrt(n);
}
