/* belief-rng.c: xoshiro256+ with bulk float generation. */
#include "belief-rng.h"

#include <math.h>

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

void
belief_rng_init (BeliefRng *rng,
                 guint64    seed)
{
  guint64 state = seed;

  g_return_if_fail (rng != NULL);

  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&state);
}

guint64
belief_rng_next (BeliefRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = s[0] + s[3];
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
belief_rng_uniform (BeliefRng *rng)
{
  return (belief_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

float
belief_rng_normal (BeliefRng *rng)
{
  /* Box-Muller; the second value is thrown away to keep no hidden state. */
  double u1 = 1.0 - belief_rng_uniform (rng);
  double u2 = belief_rng_uniform (rng);

  return (float) (sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2));
}

guint32
belief_rng_below (BeliefRng *rng,
                  guint32    n)
{
  /* Lemire's multiply-shift; the bias is below 2^-32 for n < 2^32. */
  guint64 x = belief_rng_next (rng) >> 32;

  return (guint32) ((x * n) >> 32);
}

void
belief_rng_fill_uniform (BeliefRng *rng,
                         float     *out,
                         gsize      n)
{
  const float scale = 1.0f / 16777216.0f;
  guint64 s0 = rng->s[0], s1 = rng->s[1], s2 = rng->s[2], s3 = rng->s[3];
  gsize i = 0;

  /* Two floats per output from bits 63..40 and 39..16 (the low bits of
   * xoshiro256+ are the weak ones).  State kept in registers. */
  for (; i + 1 < n; i += 2)
    {
      guint64 r = s0 + s3;
      guint64 t = s1 << 17;

      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
      s3 = rotl (s3, 45);
      out[i] = (float) (r >> 40) * scale;
      out[i + 1] = (float) ((r >> 16) & 0xffffff) * scale;
    }
  rng->s[0] = s0; rng->s[1] = s1; rng->s[2] = s2; rng->s[3] = s3;
  if (i < n)
    out[i] = (float) (belief_rng_next (rng) >> 40) * scale;
}

void
belief_rng_fill_normal (BeliefRng *rng,
                        float     *out,
                        gsize      n,
                        float      stddev)
{
  for (gsize i = 0; i < n; i++)
    out[i] = stddev * belief_rng_normal (rng);
}

void
belief_rng_shuffle (BeliefRng *rng,
                    guint32   *items,
                    gsize      n)
{
  for (gsize i = n; i > 1; i--)
    {
      guint32 j = belief_rng_below (rng, (guint32) i);
      guint32 tmp = items[i - 1];

      items[i - 1] = items[j];
      items[j] = tmp;
    }
}

void
belief_rng_split (BeliefRng *rng,
                  BeliefRng *child)
{
  belief_rng_init (child, belief_rng_next (rng));
}
