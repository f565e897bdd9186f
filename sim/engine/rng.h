/* sim/engine/rng.h: named random streams.
 *
 * Every random draw in a run comes from a stream seeded from (run seed,
 * stream name), e.g. (1, "link/wan0/ab/loss"). Streams are independent, so
 * adding a component never changes another component's draws. The generator
 * is xoshiro256** seeded through splitmix64 from a 64-bit FNV-1a hash of the
 * name; both are public-domain algorithms with published reference outputs.
 * Not for cryptography. */
#ifndef IPCSIM_RNG_H
#define IPCSIM_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct rng {
  uint64_t s[4];              /* xoshiro256** state, never all zero */
};

/* Seeds r from (run_seed, name). name must not be NULL. */
void rng_init(struct rng *r, uint64_t run_seed, const char *name);

/* Next 64 random bits. */
static inline uint64_t rng_u64(struct rng *r)
{
  uint64_t *s = r->s;
  uint64_t x = s[1] * 5;
  uint64_t out = ((x << 7) | (x >> 57)) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = (s[3] << 45) | (s[3] >> 19);
  return out;
}

/* Uniform double in [0, 1), 53 bits. */
static inline double rng_uniform(struct rng *r)
{
  return (double)(rng_u64(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n), without modulo bias. n > 0. */
uint64_t rng_below(struct rng *r, uint64_t n);

/* Exponential with the given mean (> 0), as -mean * log(1 - u). */
double rng_exp(struct rng *r, double mean);

/* Exponential with the given mean (> 0) by the ziggurat method (rng_zig.c):
 * about a quarter of rng_exp's cost, but not the same values from the
 * same stream, so the two are not interchangeable in a model whose results
 * must stay as they are. Usually one word from the stream, sometimes more. */
double rng_exp_zig(struct rng *r, double mean);

/* Fills rng_exp_zig's tables, once (rng_init calls it; thread-safe). */
void rng_zig_init(void);

/* True with probability p (p <= 0: never, p >= 1: always; no draw is made
 * in either case, so a zero-probability model consumes nothing). */
bool rng_bernoulli(struct rng *r, double p);

/* rng_bernoulli with p fixed, made ready once by rng_chance_set so that
 * each trial is an integer compare: the same answers from the same
 * draws (uniform u = k / 2^53 with k the top 53 bits; u < p exactly when
 * k < ceil(p * 2^53), both products exact in a double). */
struct rng_chance {
  uint64_t below;             /* k < below: true */
  bool draw;                  /* 0 < p < 1: a draw is made */
  bool always;                /* p >= 1 (no draw) */
};

/* Makes c stand for probability p. */
void rng_chance_set(struct rng_chance *c, double p);

/* rng_bernoulli(r, p) for the p that c stands for. */
static inline bool rng_chance(struct rng *r, const struct rng_chance *c)
{
  if (!c->draw)
    return c->always;
  return (rng_u64(r) >> 11) < c->below;
}

#endif
