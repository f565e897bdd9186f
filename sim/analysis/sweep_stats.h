/* sim/analysis/sweep_stats.h: the statistics of a sweep (ipcsim sweep,
 * sim/cli/sweep.c): the mean of a value over a grid point's seeds and
 * the half-width of its 95% confidence interval, from Student's t. Pure
 * functions of their arguments: no files, no grid. */
#ifndef IPCSIM_SWEEP_STATS_H
#define IPCSIM_SWEEP_STATS_H

/* Student's t quantile t(0.975; df) for df >= 1: mean +- t * s / sqrt(n)
 * is the 95% confidence interval with df = n - 1. */
double sweep_stats_t95(unsigned df);

/* Mean of v[0..n-1] (n >= 1) and the half-width of its 95% confidence
 * interval (Student t, n-1 degrees of freedom); *ci is NAN when n < 2. */
void sweep_stats_mean_ci(const double *v, unsigned n, double *mean,
                         double *ci);

#endif
