/* belief-rng.h: a seedable random generator, passed explicitly everywhere.
 *
 * xoshiro256+ (Blackman & Vigna) seeded through splitmix64.  Floats are drawn
 * in bulk from the upper 48 bits of each 64-bit output, 24 bits per float, so
 * a minibatch's worth of uniforms costs one tight loop.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 s[4];
} BeliefRng;

void    belief_rng_init          (BeliefRng *rng, guint64 seed);
guint64 belief_rng_next          (BeliefRng *rng);
double  belief_rng_uniform       (BeliefRng *rng);            /* [0, 1) */
float   belief_rng_normal        (BeliefRng *rng);            /* N(0, 1) */
guint32 belief_rng_below         (BeliefRng *rng, guint32 n); /* [0, n) */
void    belief_rng_fill_uniform  (BeliefRng *rng, float *out, gsize n);
void    belief_rng_fill_normal   (BeliefRng *rng, float *out, gsize n, float stddev);
void    belief_rng_shuffle       (BeliefRng *rng, guint32 *items, gsize n);
void    belief_rng_split         (BeliefRng *rng, BeliefRng *child);

G_END_DECLS
