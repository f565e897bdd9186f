/* sim/engine/rng_zig.c: rng_exp_zig, exponential variates by the ziggurat
 * method (G. Marsaglia and W. W. Tsang, "The ziggurat method for
 * generating random variables", Journal of Statistical Software 5(8),
 * 2000), with 256 layers.
 *
 * The region under e^-x (x >= 0) is covered by 256 layers of equal area V.
 * Layer 0 is the bottom one, [0, R) x [0, e^-R] and the tail beyond R; as
 * a rectangle of area V it is x[0] = V / e^-R wide. Layer i > 0 spans
 * heights e^-x[i] to e^-x[i+1] and is x[i] wide (x[1] = R > x[2] > ...
 * > x[256] = 0): its part left of x[i+1] lies under the curve, the rest
 * (a "wedge") partly above it. A draw takes one 64-bit word: 8 bits pick
 * the layer i, 53 bits j a point x = j / 2^53 * x[i] across it. If x <
 * x[i+1] it is the answer (97.8% of draws: one word, a compare, two
 * multiplies). Otherwise, in layer 0, the answer is R plus a new draw (the
 * exponential forgets); in a wedge, x is kept if a uniform height in the
 * layer falls under e^-x (then exp() is called), else the draw starts
 * over; 98.9% of the points are kept. Exact, up to the 53-bit grid of x.
 *
 * The tables are computed once from R with libm's exp and log, so, like
 * rng_exp's log, a different libm could change a last bit. */
#include "rng.h"

#include <glib.h>
#include <math.h>

#define LAYERS 256
#define ZIG_R 7.69711747013104972  /* the tail's start, for 256 layers */

static struct {
  uint64_t k[LAYERS];          /* j < k[i]: x < x[i+1], under the curve */
  double w[LAYERS];            /* x[i] / 2^53: x = j * w[i] */
  double f[LAYERS + 1];        /* e^-x[i] */
} zig;                         /* all zero until filled: every draw slow */

static void zig_fill(void)
{
  double x[LAYERS + 1];
  double v = exp(-ZIG_R) * (ZIG_R + 1.0);   /* R e^-R + the tail's e^-R */
  x[0] = ZIG_R + 1.0;                       /* V / e^-R */
  x[1] = ZIG_R;
  for (int i = 1; i < LAYERS - 1; i++)      /* x[i] (f[i+1] - f[i]) = V */
    x[i + 1] = -log(v / x[i] + exp(-x[i]));
  x[LAYERS] = 0.0;
  for (int i = 0; i < LAYERS; i++) {
    zig.k[i] = (uint64_t)(x[i + 1] / x[i] * 0x1.0p53);
    zig.w[i] = x[i] * 0x1.0p-53;
    zig.f[i] = exp(-x[i]);
  }
  zig.f[LAYERS] = 1.0;
}

void rng_zig_init(void)
{
  static gsize done;
  if (g_once_init_enter(&done)) {
    zig_fill();
    g_once_init_leave(&done, 1);
  }
}

/* The draws that fell outside a layer's core (or before the tables were
 * filled): u is the word already drawn. */
G_GNUC_NO_INLINE
static double zig_slow(struct rng *r, uint64_t u)
{
  double base = 0.0;
  rng_zig_init();
  for (;; u = rng_u64(r)) {
    unsigned i = (unsigned)u & (LAYERS - 1);
    uint64_t j = u >> 11;
    double x = (double)j * zig.w[i];
    if (j < zig.k[i])
      return base + x;
    if (i == 0)
      base += ZIG_R;
    else if (zig.f[i] + rng_uniform(r) * (zig.f[i + 1] - zig.f[i]) < exp(-x))
      return base + x;
  }
}

double rng_exp_zig(struct rng *r, double mean)
{
  uint64_t u = rng_u64(r);
  unsigned i = (unsigned)u & (LAYERS - 1);
  uint64_t j = u >> 11;
  if (G_LIKELY(j < zig.k[i]))
    return mean * ((double)j * zig.w[i]);
  return mean * zig_slow(r, u);
}
