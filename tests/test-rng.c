/* test-rng.c: the seedable generator against its contract and against
 * textbook statistics computed here in double.
 *
 * Every sample is drawn from a fixed seed, so each check is deterministic;
 * the tolerances are nevertheless set from the sampling distribution (about
 * 6 standard errors, or a chi-square tail of 1e-6) so that a correct
 * generator passes for practically every seed and a biased one cannot hide
 * behind a tuned threshold.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "belief-rng.h"

#define N_DRAWS 1000000

/* Upper tail of chi-square with df = 1..15 degrees of freedom at p = 1e-6
 * (computed from the regularised incomplete gamma function): a correct
 * generator exceeds it once in a million seeds. */
static double
chi2_limit (int df)
{
  static const double q[] = { 0, 23.93, 27.63, 30.66, 33.38, 35.89, 38.26, 40.52,
                              42.70, 44.81, 46.86, 48.87, 50.83, 52.75, 54.64,
                              56.49 };

  g_assert_cmpint (df, >=, 1);
  g_assert_cmpint (df, <, (int) G_N_ELEMENTS (q));
  return q[df];
}

/* Pearson's statistic of observed counts against equal expectations. */
static double
chi2_uniform (const guint64 *counts,
              int            bins,
              guint64        total)
{
  double expect = (double) total / bins, chi2 = 0.0;

  for (int i = 0; i < bins; i++)
    chi2 += ((double) counts[i] - expect) * ((double) counts[i] - expect) / expect;
  return chi2;
}

static void
test_same_seed (void)
{
  BeliefRng a, b;
  float fa[257], fb[257];

  belief_rng_init (&a, 42);
  belief_rng_init (&b, 42);
  for (int i = 0; i < 1000; i++)
    g_assert_cmpuint (belief_rng_next (&a), ==, belief_rng_next (&b));
  /* The bulk path and the normals too, and the states stay in step. */
  belief_rng_fill_uniform (&a, fa, G_N_ELEMENTS (fa));
  belief_rng_fill_uniform (&b, fb, G_N_ELEMENTS (fb));
  g_assert_cmpmem (fa, sizeof fa, fb, sizeof fb);
  for (int i = 0; i < 100; i++)
    g_assert_cmpfloat (belief_rng_normal (&a), ==, belief_rng_normal (&b));
  g_assert_cmpmem (a.s, sizeof a.s, b.s, sizeof b.s);
}

static void
test_different_seeds (void)
{
  static const guint64 seeds[][2] = { { 1, 2 }, { 0, 1 }, { 42, 43 },
                                      { 7, G_GUINT64_CONSTANT (7) << 32 } };

  for (gsize s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      BeliefRng a, b;
      int same = 0;

      belief_rng_init (&a, seeds[s][0]);
      belief_rng_init (&b, seeds[s][1]);
      /* Two independent 64-bit streams agree at one position with
       * probability 2^-64: any agreement at all is a failure. */
      for (int i = 0; i < 1000; i++)
        same += belief_rng_next (&a) == belief_rng_next (&b);
      g_assert_cmpint (same, ==, 0);
    }
}

/* The header's layout: each 64-bit output gives two floats, bits 63..40 and
 * 39..16, each scaled by 2^-24; an odd tail takes bits 63..40 of one more
 * output.  The state after a fill equals the state after that many
 * belief_rng_next calls, so bulk and single draws can be mixed. */
static void
test_uniform_layout (void)
{
  for (gsize n = 0; n < 12; n++)
    {
      BeliefRng a, b;
      float out[12];

      belief_rng_init (&a, 1000 + n);
      belief_rng_init (&b, 1000 + n);
      belief_rng_fill_uniform (&a, out, n);
      for (gsize i = 0; i < n; i += 2)
        {
          guint64 r = belief_rng_next (&b);

          g_assert_cmpfloat (out[i], ==, (double) (r >> 40) / 16777216.0);
          if (i + 1 < n)
            g_assert_cmpfloat (out[i + 1], ==, (double) ((r >> 16) & 0xffffff) / 16777216.0);
        }
      g_assert_cmpmem (a.s, sizeof a.s, b.s, sizeof b.s);
    }
}

static void
test_uniform_moments (void)
{
  g_autofree float *u = g_new (float, N_DRAWS);
  BeliefRng rng;
  double sum = 0.0, sumsq = 0.0, mean, var;

  belief_rng_init (&rng, 12345);
  belief_rng_fill_uniform (&rng, u, N_DRAWS);
  for (gsize i = 0; i < N_DRAWS; i++)
    {
      g_assert_cmpfloat (u[i], >=, 0.0f);
      g_assert_cmpfloat (u[i], <, 1.0f);
      sum += u[i];
    }
  mean = sum / N_DRAWS;
  for (gsize i = 0; i < N_DRAWS; i++)
    sumsq += (u[i] - mean) * (u[i] - mean);
  var = sumsq / (N_DRAWS - 1);
  g_test_message ("mean %.6f var %.6f", mean, var);
  /* Standard error of the mean: sqrt(1/12 / 1e6) = 2.9e-4; 0.002 is ~7 SE
   * Standard error of the variance: sqrt((1/80 - 1/144) / 1e6) = 7.5e-5;
   * 0.0005 is ~7 SE. */
  g_assert_cmpfloat_with_epsilon (mean, 0.5, 0.002);
  g_assert_cmpfloat_with_epsilon (var, 1.0 / 12.0, 0.0005);
}

static void
test_uniform_chi_square (void)
{
  g_autofree float *u = g_new (float, N_DRAWS);
  guint64 all[16] = { 0 }, even[16] = { 0 }, odd[16] = { 0 };
  BeliefRng rng;
  double c_all, c_even, c_odd;

  belief_rng_init (&rng, 777);
  belief_rng_fill_uniform (&rng, u, N_DRAWS);
  for (gsize i = 0; i < N_DRAWS; i++)
    {
      int bin = (int) (u[i] * 16.0f);

      g_assert_cmpint (bin, >=, 0);
      g_assert_cmpint (bin, <, 16);
      all[bin]++;
      /* even positions come from bits 63..40, odd from 39..16 */
      if (i % 2 == 0)
        even[bin]++;
      else
        odd[bin]++;
    }
  c_all = chi2_uniform (all, 16, N_DRAWS);
  c_even = chi2_uniform (even, 16, N_DRAWS / 2);
  c_odd = chi2_uniform (odd, 16, N_DRAWS / 2);
  g_test_message ("chi2 (df 15): all %.2f, high bits %.2f, low bits %.2f, limit %.2f",
                  c_all, c_even, c_odd, chi2_limit (15));
  g_assert_cmpfloat (c_all, <, chi2_limit (15));
  g_assert_cmpfloat (c_even, <, chi2_limit (15));
  g_assert_cmpfloat (c_odd, <, chi2_limit (15));
}

static void
test_uniform_double (void)
{
  BeliefRng rng;
  double sum = 0.0;
  int n = 200000;

  belief_rng_init (&rng, 99);
  for (int i = 0; i < n; i++)
    {
      double u = belief_rng_uniform (&rng);

      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);
      sum += u;
    }
  /* SE = sqrt(1/12 / 2e5) = 6.5e-4; 0.004 is ~6 SE. */
  g_assert_cmpfloat_with_epsilon (sum / n, 0.5, 0.004);
}

static void
test_below (void)
{
  static const guint32 ns[] = { 1, 2, 3, 5, 7, 10, 16 };
  const int draws = 100000;

  for (gsize k = 0; k < G_N_ELEMENTS (ns); k++)
    {
      guint32 n = ns[k];
      guint64 counts[16] = { 0 };
      BeliefRng rng;
      double chi2;

      belief_rng_init (&rng, 5000 + n);
      for (int i = 0; i < draws; i++)
        {
          guint32 x = belief_rng_below (&rng, n);

          g_assert_cmpuint (x, <, n);
          counts[x]++;
        }
      if (n == 1)
        {
          g_assert_cmpuint (counts[0], ==, (guint64) draws);
          continue;
        }
      chi2 = chi2_uniform (counts, (int) n, draws);
      g_test_message ("below(%u): chi2 %.2f (df %u, limit %.2f)", n, chi2, n - 1,
                      chi2_limit ((int) n - 1));
      g_assert_cmpfloat (chi2, <, chi2_limit ((int) n - 1));
    }
}

static int
cmp_u32 (const void *a,
         const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

static void
test_shuffle_permutation (void)
{
  const gsize n = 1000;
  g_autofree guint32 *items = g_new (guint32, n);
  BeliefRng rng;
  gsize fixed = 0;
  guint32 one = 17;

  belief_rng_init (&rng, 31337);
  for (gsize i = 0; i < n; i++)
    items[i] = (guint32) i;
  belief_rng_shuffle (&rng, items, n);
  /* A random permutation of 1000 leaves about one element in place; 10 or
   * more fixed points has probability below 1e-7 (Poisson(1) tail). */
  for (gsize i = 0; i < n; i++)
    fixed += items[i] == i;
  g_assert_cmpuint (fixed, <, 10);
  qsort (items, n, sizeof *items, cmp_u32);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpuint (items[i], ==, i);

  /* Degenerate sizes are no-ops. */
  belief_rng_shuffle (&rng, NULL, 0);
  belief_rng_shuffle (&rng, &one, 1);
  g_assert_cmpuint (one, ==, 17);
}

static void
test_shuffle_uniform (void)
{
  /* All 3! orders of {0,1,2} equally likely. */
  const int trials = 60000;
  guint64 counts[6] = { 0 };
  BeliefRng rng;
  double chi2;

  belief_rng_init (&rng, 2024);
  for (int t = 0; t < trials; t++)
    {
      guint32 p[3] = { 0, 1, 2 };
      int code;

      belief_rng_shuffle (&rng, p, 3);
      g_assert_cmpuint (p[0] + p[1] + p[2], ==, 3);
      g_assert_true (p[0] != p[1] && p[1] != p[2] && p[0] != p[2]);
      code = (int) p[0] * 2 + (p[1] > p[2]);  /* 0..5, one per order */
      counts[code]++;
    }
  chi2 = chi2_uniform (counts, 6, trials);
  g_test_message ("shuffle of 3: chi2 %.2f (df 5, limit %.2f)", chi2, chi2_limit (5));
  g_assert_cmpfloat (chi2, <, chi2_limit (5));
}

static void
test_normal (void)
{
  BeliefRng rng;
  double sum = 0.0, sum2 = 0.0, sum4 = 0.0, mean, var, kurt;
  int inside = 0;

  belief_rng_init (&rng, 4242);
  for (int i = 0; i < N_DRAWS; i++)
    {
      double x = belief_rng_normal (&rng);

      g_assert_true (isfinite (x));
      sum += x;
      sum2 += x * x;
      sum4 += x * x * x * x;
      inside += fabs (x) < 1.0;
    }
  mean = sum / N_DRAWS;
  var = sum2 / N_DRAWS - mean * mean;
  kurt = sum4 / N_DRAWS;
  g_test_message ("normal: mean %.5f var %.5f E[x^4] %.4f P(|x|<1) %.5f",
                  mean, var, kurt, (double) inside / N_DRAWS);
  /* SE: mean 1e-3, variance sqrt(2/1e6) = 1.4e-3, E[x^4] sqrt(96/1e6) ≈
   * 0.01, P(|x|<1) sqrt(0.683*0.317/1e6) = 4.7e-4; bounds ~6-7 SE. */
  g_assert_cmpfloat_with_epsilon (mean, 0.0, 0.006);
  g_assert_cmpfloat_with_epsilon (var, 1.0, 0.009);
  g_assert_cmpfloat_with_epsilon (kurt, 3.0, 0.07);
  g_assert_cmpfloat_with_epsilon ((double) inside / N_DRAWS, 0.682689492, 0.003);
}

static void
test_fill_normal (void)
{
  BeliefRng a, b;
  float out[101];

  /* fill_normal(stddev) is stddev times the normal sequence of the same
   * seed, draw for draw. */
  belief_rng_init (&a, 8);
  belief_rng_init (&b, 8);
  belief_rng_fill_normal (&a, out, G_N_ELEMENTS (out), 0.01f);
  for (gsize i = 0; i < G_N_ELEMENTS (out); i++)
    g_assert_cmpfloat_with_epsilon (out[i], 0.01 * belief_rng_normal (&b), 1e-8);
  g_assert_cmpmem (a.s, sizeof a.s, b.s, sizeof b.s);
}

static void
test_split (void)
{
  BeliefRng parent, parent2, child, child2;
  int same = 0;

  belief_rng_init (&parent, 5);
  belief_rng_init (&parent2, 5);
  belief_rng_split (&parent, &child);
  belief_rng_split (&parent2, &child2);
  /* deterministic */
  g_assert_cmpmem (child.s, sizeof child.s, child2.s, sizeof child2.s);
  /* and a different stream from the parent's continuation */
  for (int i = 0; i < 1000; i++)
    same += belief_rng_next (&parent) == belief_rng_next (&child);
  g_assert_cmpint (same, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rng/same-seed", test_same_seed);
  g_test_add_func ("/rng/different-seeds", test_different_seeds);
  g_test_add_func ("/rng/uniform/layout", test_uniform_layout);
  g_test_add_func ("/rng/uniform/moments", test_uniform_moments);
  g_test_add_func ("/rng/uniform/chi-square", test_uniform_chi_square);
  g_test_add_func ("/rng/uniform/double", test_uniform_double);
  g_test_add_func ("/rng/below", test_below);
  g_test_add_func ("/rng/shuffle/permutation", test_shuffle_permutation);
  g_test_add_func ("/rng/shuffle/uniform", test_shuffle_uniform);
  g_test_add_func ("/rng/normal/moments", test_normal);
  g_test_add_func ("/rng/normal/fill", test_fill_normal);
  g_test_add_func ("/rng/split", test_split);

  return g_test_run ();
}
