/* sim/engine/tests/test_rng_zig.c: rng_exp_zig, the ziggurat exponential
 * (sim/engine/rng_zig.c). Checks its first values against ones computed
 * outside C from the method as rng_zig.c describes it (a Python model of
 * the same tables and steps, with the same libm's exp and log), that a
 * stream gives the same values every time, and the distribution with a
 * fixed seed: mean, variance, a chi-square over 1024 equally likely
 * ranges, the tail beyond R, and how often one word suffices. Bounds are
 * about 6 standard deviations wide. */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "rng.h"

#define ZIG_R 7.69711747013104972  /* the tail's start (rng_zig.c) */
#define N 1000000

/* The first draws of stream (1, "test/exp/zig") with mean 1: computed by
 * the Python model. A change here changes every value a model draws. */
static void test_golden(void)
{
  static const double want[] = {
    0x1.26be70a31e144p-1, 0x1.14e9cdf6532dap+2, 0x1.af28942feb623p-4,
    0x1.b51b1914295e3p+0, 0x1.7ea3898a2f857p+1, 0x1.e31edb434104cp-3,
    0x1.e799eb7a1f24fp-1, 0x1.5023d65929b70p+1,
  };
  struct rng r;
  rng_init(&r, 1, "test/exp/zig");
  for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
    g_assert_cmpfloat(rng_exp_zig(&r, 1.0), ==, want[i]);
}

/* Same stream, same values, bit for bit; the mean only scales. */
static void test_deterministic(void)
{
  struct rng a, b;
  rng_init(&a, 9, "test/exp/zig/det");
  rng_init(&b, 9, "test/exp/zig/det");
  for (int i = 0; i < 100000; i++) {
    double x = rng_exp_zig(&a, 1.0), y = rng_exp_zig(&b, 250.0);
    g_assert_cmpfloat(250.0 * x, ==, y);
  }
  g_assert_cmpmem(&a, sizeof a, &b, sizeof b);
}

/* Mean 100 and variance 100^2; P(X > mean) = 1/e. */
static void test_moments(void)
{
  struct rng r;
  rng_init(&r, 1, "test/exp/zig/moments");
  double sum = 0, sum2 = 0;
  int above = 0;
  for (int i = 0; i < N; i++) {
    double x = rng_exp_zig(&r, 100.0);
    g_assert_true(isfinite(x));
    g_assert_cmpfloat(x, >=, 0.0);
    sum += x;
    sum2 += x * x;
    above += x > 100.0;
  }
  double mean = sum / N, var = sum2 / N - mean * mean;
  g_assert_cmpfloat_with_epsilon(mean, 100.0, 0.6);     /* sd 0.1 */
  g_assert_cmpfloat_with_epsilon(var, 10000.0, 170.0);  /* sd ~28 */
  /* sd ~0.00048 */
  g_assert_cmpfloat_with_epsilon(above / (double)N, exp(-1.0), 0.003);
}

/* Chi-square over K ranges of probability 1/K each: range k is
 * floor(K (1 - e^-x)). An error in a layer's wedge or in the tail shows
 * as too many or too few draws in the ranges it covers. */
static void test_chi_square(void)
{
  enum { K = 1024 };
  static int count[K];
  struct rng r;
  rng_init(&r, 1, "test/exp/zig/chi2");
  memset(count, 0, sizeof count);
  for (int i = 0; i < N; i++) {
    int k = (int)(K * -expm1(-rng_exp_zig(&r, 1.0)));
    count[MIN(k, K - 1)]++;
  }
  double chi2 = 0, e = (double)N / K;
  for (int k = 0; k < K; k++)
    chi2 += (count[k] - e) * (count[k] - e) / e;
  g_test_message("chi-square %.1f, %d degrees of freedom", chi2, K - 1);
  /* mean 1023, sd ~45 */
  g_assert_cmpfloat(chi2, <, 1023 + 6 * 45);
  g_assert_cmpfloat(chi2, >, 1023 - 6 * 45);
}

/* Beyond R (drawn as R plus a new draw): P(X > R) = e^-R, and X - R
 * there is again exponential, mean 1. */
static void test_tail(void)
{
  struct rng r;
  rng_init(&r, 1, "test/exp/zig/tail");
  int n = 0;
  double excess = 0;
  for (int i = 0; i < 4 * N; i++) {
    double x = rng_exp_zig(&r, 1.0);
    if (x > ZIG_R) {
      n++;
      excess += x - ZIG_R;
    }
  }
  /* expected ~1816, sd ~43 */
  g_assert_cmpfloat(fabs(n - 4.0 * N * exp(-ZIG_R)), <, 260);
  /* sd of the mean excess ~0.023 */
  g_assert_cmpfloat_with_epsilon(excess / n, 1.0, 0.15);
}

/* Most draws take one word of the stream (97.8% fall in a layer's part
 * under the curve); the others take more. */
static void test_words(void)
{
  struct rng r, one;
  rng_init(&r, 1, "test/exp/zig/words");
  int single = 0;
  for (int i = 0; i < N; i++) {
    one = r;
    (void)rng_u64(&one);
    (void)rng_exp_zig(&r, 1.0);
    single += memcmp(&one, &r, sizeof r) == 0;
  }
  /* sd ~0.00015 */
  g_assert_cmpfloat_with_epsilon(single / (double)N, 0.9778, 0.002);
}

/* A stream made without rng_init (state set by hand) still draws. */
static void test_without_init(void)
{
  struct rng r = { { 1, 2, 3, 4 } };
  double sum = 0;
  for (int i = 0; i < 10000; i++)
    sum += rng_exp_zig(&r, 1.0);
  g_assert_cmpfloat_with_epsilon(sum / 10000, 1.0, 0.06);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/rng/exp-zig/without-init", test_without_init);
  g_test_add_func("/rng/exp-zig/golden", test_golden);
  g_test_add_func("/rng/exp-zig/deterministic", test_deterministic);
  g_test_add_func("/rng/exp-zig/moments", test_moments);
  g_test_add_func("/rng/exp-zig/chi-square", test_chi_square);
  g_test_add_func("/rng/exp-zig/tail", test_tail);
  g_test_add_func("/rng/exp-zig/words", test_words);
  return g_test_run();
}
