/* sim/analysis/tests/test_sweep_stats.c: a sweep's statistics
 * (sim/analysis/sweep_stats.h): Student's t(0.975; df) from the table
 * and from the expansion beyond it, against values computed by numerical
 * integration of the t density, and the mean and 95% interval of small
 * samples worked out by hand. The sweep
 * command itself is tested by sim/cli/tests/test_sweep.sh. */
#include <glib.h>
#include <math.h>

#include "sweep_stats.h"

static void test_t95(void)
{
  g_assert_cmpfloat_with_epsilon(sweep_stats_t95(1), 12.706204736, 1e-9);
  g_assert_cmpfloat_with_epsilon(sweep_stats_t95(4), 2.776445105, 1e-9);
  g_assert_cmpfloat_with_epsilon(sweep_stats_t95(30), 2.042272456, 1e-9);
  g_assert_cmpfloat_with_epsilon(sweep_stats_t95(31), 2.039513446, 1e-7);
  g_assert_cmpfloat_with_epsilon(sweep_stats_t95(40), 2.021075390, 1e-7);
  g_assert_cmpfloat_with_epsilon(sweep_stats_t95(100), 1.983971519, 1e-7);
  g_assert_cmpfloat_with_epsilon(sweep_stats_t95(1000000), 1.959963985, 3e-6);  /* -> z */
}

static void test_mean_ci(void)
{
  /* {1, 4}: mean 2.5, s = 3/sqrt(2), ci = t(1) * s / sqrt(2) = 1.5 t(1). */
  double v[] = { 1, 4 }, mean, ci;
  sweep_stats_mean_ci(v, 2, &mean, &ci);
  g_assert_cmpfloat(mean, ==, 2.5);
  g_assert_cmpfloat_with_epsilon(ci, 19.059307104, 1e-8);
  /* {2, 4, 6, 8, 10}: mean 6, s^2 = 40/4 = 10, ci = t(4) sqrt(10/5). */
  double w[] = { 2, 4, 6, 8, 10 };
  sweep_stats_mean_ci(w, 5, &mean, &ci);
  g_assert_cmpfloat(mean, ==, 6);
  g_assert_cmpfloat_with_epsilon(ci, 2.776445105 * sqrt(2), 1e-8);
  /* One value: no interval. Equal values: a zero one. */
  sweep_stats_mean_ci(v, 1, &mean, &ci);
  g_assert_cmpfloat(mean, ==, 1);
  g_assert_true(isnan(ci));
  double same[] = { 3, 3, 3 };
  sweep_stats_mean_ci(same, 3, &mean, &ci);
  g_assert_cmpfloat(ci, ==, 0);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/sweep-stats/t95", test_t95);
  g_test_add_func("/sweep-stats/mean-ci", test_mean_ci);
  return g_test_run();
}
