/* sim/engine/rng.c: named random streams (see rng.h). Seeding: FNV-1a 64 of the
 * name, mixed with the run seed, expanded by splitmix64 into the four words
 * of xoshiro256** state. Draw helpers build on rng_u64(); rng_exp_zig's
 * ziggurat tables are in rng_zig.c. */
#include "rng.h"

#include <glib.h>
#include <math.h>

static uint64_t fnv1a64(const char *s)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 0x100000001b3ULL;
  }
  return h;
}

static uint64_t splitmix64(uint64_t *x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void rng_init(struct rng *r, uint64_t run_seed, const char *name)
{
  uint64_t x = fnv1a64(name) ^ splitmix64(&run_seed);
  for (int i = 0; i < 4; i++)
    r->s[i] = splitmix64(&x);
  if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
    r->s[0] = 1;
  rng_zig_init();
}

uint64_t rng_below(struct rng *r, uint64_t n)
{
  g_return_val_if_fail(n > 0, 0);
  /* Reject the top partial block so every residue is equally likely. */
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do
    x = rng_u64(r);
  while (x >= limit);
  return x % n;
}

double rng_exp(struct rng *r, double mean)
{
  /* 1 - u is in (0, 1], so the log is finite. */
  return -mean * log(1.0 - rng_uniform(r));
}

bool rng_bernoulli(struct rng *r, double p)
{
  if (p <= 0.0)
    return false;
  if (p >= 1.0)
    return true;
  return rng_uniform(r) < p;
}

void rng_chance_set(struct rng_chance *c, double p)
{
  c->always = p >= 1.0;
  c->draw = !(p <= 0.0) && !c->always;       /* NaN draws, as there */
  c->below = c->draw && p > 0.0 ? (uint64_t)ceil(p * 0x1.0p53) : 0;
}
