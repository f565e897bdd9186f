/* sim/engine/tests/test_rng.c: named random streams (sim/engine/rng.h).
 * Checks the generator against the published xoshiro256** outputs, the
 * seeding against values computed independently from the algorithm in
 * rng.h (FNV-1a 64, splitmix64), determinism and independence of streams,
 * and the draw helpers with statistical bounds that are many standard
 * deviations wide for the fixed seeds but far from the biased answers.
 * Does not test sim_rng_stream (sim.c), which only formats the name. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "rng.h"

/* xoshiro256** from state {1, 2, 3, 4}: the reference implementation's
 * first outputs. */
static void test_xoshiro_reference(void)
{
  static const uint64_t want[] = {
    11520, 0, 1509978240, 1215971899390074240ULL, 1216172134540287360ULL,
    607988272756665600ULL,
  };
  struct rng r = { { 1, 2, 3, 4 } };
  for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
    g_assert_cmpuint(rng_u64(&r), ==, want[i]);
}

/* State after seeding and the first draws, computed outside C from rng.h's
 * description. A change here changes every run's results: deliberate
 * changes must update the golden outputs too. */
static void test_seeding_golden(void)
{
  static const struct {
    uint64_t seed;
    const char *name;
    uint64_t s[4], out[3];
  } cases[] = {
    { 1, "link/wan0/ab/loss",
      { 0x2cada00a89c16ab8, 0xc54ccc4f289f9f8a, 0xbc2a137946c7c37e,
        0xca763e65583444bd },
      { 0x3ff4f5120785a4d5, 0x62aeda5af745b106, 0x22b89cfeca8b7293 } },
    { 0, "",
      { 0x5b21f68ffa77f14c, 0xacf0460c6cc09c67, 0x1e3a31b219d0d222,
        0xe6d5efe738142816 },
      { 0x1e28178eedbf0f30, 0x32dadb1a9e4a4d08, 0x4ef49088479a6d5c } },
    { 42, "segment/lan0/backoff",
      { 0xda20d2dd69bfe285, 0x616477210cabe8a5, 0x138ea33260432520,
        0x1a9123f7e2bfb43c },
      { 0x5478679d1bf2848b, 0xc1991b7829a1814d, 0x6fef046f889f469d } },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    struct rng r;
    rng_init(&r, cases[i].seed, cases[i].name);
    for (int k = 0; k < 4; k++)
      g_assert_cmphex(r.s[k], ==, cases[i].s[k]);
    for (int k = 0; k < 3; k++)
      g_assert_cmphex(rng_u64(&r), ==, cases[i].out[k]);
  }
}

static void test_same_seed_same_sequence(void)
{
  struct rng a, b;
  rng_init(&a, 7, "host/monet/iss");
  rng_init(&b, 7, "host/monet/iss");
  for (int i = 0; i < 10000; i++)
    g_assert_cmpuint(rng_u64(&a), ==, rng_u64(&b));
}

/* Counts equal draws at equal positions over n draws. */
static int matches(struct rng *a, struct rng *b, int n)
{
  int same = 0;
  for (int i = 0; i < n; i++)
    same += rng_u64(a) == rng_u64(b);
  return same;
}

static void test_different_streams(void)
{
  struct rng a, b;
  rng_init(&a, 1, "link/wan0/ab/loss");
  rng_init(&b, 1, "link/wan0/ba/loss");
  g_assert_cmpint(matches(&a, &b, 1000), ==, 0);
  rng_init(&a, 1, "x");
  rng_init(&b, 2, "x");
  g_assert_cmpint(matches(&a, &b, 1000), ==, 0);
  rng_init(&a, 0, "x");
  rng_init(&b, 1, "x");
  g_assert_cmpint(matches(&a, &b, 1000), ==, 0);
  rng_init(&a, 1, "");
  rng_init(&b, 1, "a");
  g_assert_cmpint(matches(&a, &b, 1000), ==, 0);
}

/* Creating and drawing from other streams between A's draws leaves A's
 * sequence as it is without them. */
static void test_adding_stream(void)
{
  struct rng alone, a;
  uint64_t want[100];
  rng_init(&alone, 3, "segment/lan0/backoff");
  for (int i = 0; i < 100; i++)
    want[i] = rng_u64(&alone);
  rng_init(&a, 3, "segment/lan0/backoff");
  for (int i = 0; i < 100; i++) {
    struct rng other;
    char *name = g_strdup_printf("host/h%d/iss", i);
    rng_init(&other, 3, name);
    g_free(name);
    for (int k = 0; k < i; k++)
      (void)rng_u64(&other);
    g_assert_cmpuint(rng_u64(&a), ==, want[i]);
  }
}

static void test_uniform(void)
{
  struct rng r;
  rng_init(&r, 1, "test/uniform");
  double sum = 0;
  for (int i = 0; i < 100000; i++) {
    double u = rng_uniform(&r);
    g_assert_cmpfloat(u, >=, 0.0);
    g_assert_cmpfloat(u, <, 1.0);
    sum += u;
  }
  /* sd of the mean ~0.0009 */
  g_assert_cmpfloat_with_epsilon(sum / 100000, 0.5, 0.005);
}

static void test_below_small(void)
{
  struct rng r;
  rng_init(&r, 1, "test/below");
  int count[6] = { 0 };
  for (int i = 0; i < 60000; i++) {
    uint64_t x = rng_below(&r, 6);
    g_assert_cmpuint(x, <, 6);
    count[x]++;
  }
  for (int k = 0; k < 6; k++)          /* sd ~91: +-500 is 5.5 sd */
    g_assert_cmpint(abs(count[k] - 10000), <, 500);
  for (int i = 0; i < 1000; i++)
    g_assert_cmpuint(rng_below(&r, 1), ==, 0);
  for (int i = 0; i < 1000; i++)
    g_assert_cmpuint(rng_below(&r, 2), <, 2);
}

/* n = 3 * 2^62: a plain x % n would give values >= 2^63 with frequency
 * 1/4 instead of 1/3. */
static void test_below_no_modulo_bias(void)
{
  const uint64_t n = 3ULL << 62;
  struct rng r;
  rng_init(&r, 1, "test/below/bias");
  int high = 0;
  for (int i = 0; i < 30000; i++) {
    uint64_t x = rng_below(&r, n);
    g_assert_cmpuint(x, <, n);
    high += x >= 1ULL << 63;
  }
  /* sd ~0.0027 */
  g_assert_cmpfloat_with_epsilon(high / 30000.0, 1.0 / 3, 0.02);
  for (int i = 0; i < 1000; i++)
    g_assert_cmpuint(rng_below(&r, UINT64_MAX), <, UINT64_MAX);
}

static void test_exp(void)
{
  struct rng r;
  rng_init(&r, 1, "test/exp");
  double sum = 0;
  int above = 0;
  for (int i = 0; i < 100000; i++) {
    double x = rng_exp(&r, 100.0);
    g_assert_true(isfinite(x));
    g_assert_cmpfloat(x, >=, 0.0);
    sum += x;
    above += x > 100.0;
  }
  /* sd of the mean ~0.32: +-2 is 6 sd */
  g_assert_cmpfloat_with_epsilon(sum / 100000, 100.0, 2.0);
  /* P(X > mean) = 1/e; sd ~0.0015 */
  g_assert_cmpfloat_with_epsilon(above / 100000.0, exp(-1.0), 0.01);
}

/* p <= 0 and p >= 1 leave the stream exactly where it was. */
static void test_bernoulli_no_draw(void)
{
  static const double ps[] = { 0.0, -1.0, 1.0, 2.0 };
  struct rng r, before;
  rng_init(&r, 1, "test/bernoulli");
  for (size_t i = 0; i < G_N_ELEMENTS(ps); i++) {
    before = r;
    for (int k = 0; k < 100; k++)
      g_assert_true(rng_bernoulli(&r, ps[i]) == (ps[i] >= 1.0));
    g_assert_cmpmem(&r, sizeof r, &before, sizeof before);
  }
  before = r;
  (void)rng_bernoulli(&r, 0.5);
  g_assert_true(memcmp(&r, &before, sizeof r) != 0);
}

static void test_bernoulli_frequency(void)
{
  struct rng r;
  rng_init(&r, 1, "test/bernoulli/0.3");
  int hits = 0;
  for (int i = 0; i < 100000; i++)
    hits += rng_bernoulli(&r, 0.3);
  /* sd ~0.00145: +-0.01 is 7 sd */
  g_assert_cmpfloat_with_epsilon(hits / 100000.0, 0.3, 0.01);
}

/* rng_chance gives rng_bernoulli's answers from the same draws, and its
 * integer bound splits the draws exactly where the double compare does. */
static void test_chance_same(void)
{
  const double ps[] = { 0.0, -1.0, 1.0, 2.0, NAN, 0.5, 0.3, 0.01, 1e-300,
                        5e-324, 0x1.0p-53, 3 * 0x1.0p-53, 1.0 - 0x1.0p-53,
                        0.1 + 0x1.0p-40, 0.999999 };
  for (size_t i = 0; i < G_N_ELEMENTS(ps); i++) {
    struct rng a, b;
    rng_init(&a, 7, "test/chance");
    b = a;
    struct rng_chance c;
    rng_chance_set(&c, ps[i]);
    for (int k = 0; k < 20000; k++)
      g_assert_true(rng_chance(&a, &c) == rng_bernoulli(&b, ps[i]));
    g_assert_cmpmem(&a, sizeof a, &b, sizeof b);
    if (!c.draw || !(ps[i] > 0.0))
      continue;
    for (uint64_t k = c.below > 2 ? c.below - 2 : 0; k <= c.below + 2; k++)
      if (k < (UINT64_C(1) << 53))
        g_assert_true((k < c.below) == ((double)k * 0x1.0p-53 < ps[i]));
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/rng/xoshiro/reference", test_xoshiro_reference);
  g_test_add_func("/rng/seed/golden", test_seeding_golden);
  g_test_add_func("/rng/seed/same-sequence", test_same_seed_same_sequence);
  g_test_add_func("/rng/seed/different-streams", test_different_streams);
  g_test_add_func("/rng/seed/adding-stream", test_adding_stream);
  g_test_add_func("/rng/uniform/range-mean", test_uniform);
  g_test_add_func("/rng/below/small", test_below_small);
  g_test_add_func("/rng/below/no-modulo-bias", test_below_no_modulo_bias);
  g_test_add_func("/rng/exp/mean", test_exp);
  g_test_add_func("/rng/bernoulli/no-draw", test_bernoulli_no_draw);
  g_test_add_func("/rng/bernoulli/frequency", test_bernoulli_frequency);
  g_test_add_func("/rng/chance/same-as-bernoulli", test_chance_same);
  return g_test_run();
}
