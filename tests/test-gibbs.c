/* test-gibbs.c: block Gibbs sampling of tiny RBMs, written here from the
 * engine's public pieces (conditionals and samplers), visits the visible
 * states with the model's exact distribution, computed here by enumeration.
 * And belief_rbm_gibbs, the engine's own loop, reproduced step for step.
 */
#include <math.h>
#include <string.h>

#include "belief-rbm.h"

#define N_CHAINS   200   /* parallel chains, one batch */
#define BURN_IN    500   /* steps before counting */
#define N_SWEEPS   1000  /* counted steps: 200,000 samples */

static BeliefRbm *
random_rbm (int     V,
            int     H,
            int     L,
            guint64 seed)
{
  BeliefRbm *rbm = belief_rbm_new (V, H, L);
  BeliefRng rng;

  /* N(0, 1) weights and biases: far from uniform, still well mixing */
  belief_rng_init (&rng, seed);
  belief_rbm_init_normal (rbm, &rng, 1.0f);
  return rbm;
}

/* Visible state s: pixel i is bit i; for a label RBM the label is
 * s >> n_pix, one-hot. */
static void
state_to_v (const BeliefRbm *rbm,
            guint            s,
            float           *v)
{
  int n_pix = rbm->n_vis - rbm->n_label;

  for (int i = 0; i < n_pix; i++)
    v[i] = (float) ((s >> i) & 1);
  for (int l = 0; l < rbm->n_label; l++)
    v[n_pix + l] = (int) (s >> n_pix) == l;
}

static guint
v_to_state (const BeliefRbm *rbm,
            const float     *v)
{
  int n_pix = rbm->n_vis - rbm->n_label;
  guint s = 0;
  int label = -1;

  for (int i = 0; i < n_pix; i++)
    {
      g_assert_true (v[i] == 0.0f || v[i] == 1.0f);
      s |= (v[i] == 1.0f) << i;
    }
  for (int l = 0; l < rbm->n_label; l++)
    if (v[n_pix + l] == 1.0f)
      {
        g_assert_cmpint (label, ==, -1);  /* one-hot */
        label = l;
      }
  if (rbm->n_label > 0)
    {
      g_assert_cmpint (label, >=, 0);
      s |= (guint) label << n_pix;
    }
  return s;
}

static guint
n_states (const BeliefRbm *rbm)
{
  return (1u << (rbm->n_vis - rbm->n_label)) * (guint) MAX (rbm->n_label, 1);
}

/* Exact p(v) by enumeration, in double: the unnormalised
 * log p*(v) = b.v + sum_j log(1 + exp(c_j + sum_i v_i W_ij)), normalised
 * over all visible states. */
static void
exact_distribution (const BeliefRbm *rbm,
                    double          *p)
{
  guint n = n_states (rbm);
  g_autofree float *v = g_new (float, rbm->n_vis);
  double max = -INFINITY, sum = 0.0;

  for (guint s = 0; s < n; s++)
    {
      double lp = 0.0;

      state_to_v (rbm, s, v);
      for (int i = 0; i < rbm->n_vis; i++)
        lp += (double) rbm->b[i] * v[i];
      for (int j = 0; j < rbm->n_hid; j++)
        {
          double x = rbm->c[j];

          for (int i = 0; i < rbm->n_vis; i++)
            x += (double) v[i] * rbm->W[i * rbm->n_hid + j];
          lp += x > 0 ? x + log1p (exp (-x)) : log1p (exp (x));
        }
      p[s] = lp;
      max = MAX (max, lp);
    }
  for (guint s = 0; s < n; s++)
    sum += p[s] = exp (p[s] - max);
  for (guint s = 0; s < n; s++)
    p[s] /= sum;
}

/* The chain: h ~ p(h|v), v ~ p(v|h) (pixels Bernoulli, labels one-hot),
 * N_CHAINS in parallel from random starts; returns the histogram of the
 * visible states after burn-in, normalised. */
static void
run_chains (const BeliefRbm *rbm,
            guint64          seed,
            double          *freq)
{
  const int B = N_CHAINS, V = rbm->n_vis, H = rbm->n_hid, L = rbm->n_label;
  int n_pix = V - L;
  g_autofree float *v = g_new (float, (gsize) B * V);
  g_autofree float *h = g_new (float, (gsize) B * H);
  g_autofree guint64 *counts = g_new0 (guint64, n_states (rbm));
  BeliefRng rng;

  belief_rng_init (&rng, seed);
  for (int n = 0; n < B; n++)
    state_to_v (rbm, belief_rng_below (&rng, n_states (rbm)), v + n * V);

  for (int step = 0; step < BURN_IN + N_SWEEPS; step++)
    {
      belief_rbm_hidden_probs (rbm, v, h, B);
      belief_sample_bernoulli (h, h, (gsize) B * H, &rng);
      belief_rbm_visible_probs (rbm, h, v, B);
      if (L == 0)
        belief_sample_bernoulli (v, v, (gsize) B * V, &rng);
      else
        {
          for (int n = 0; n < B; n++)
            belief_sample_bernoulli (v + n * V, v + n * V, n_pix, &rng);
          belief_sample_softmax (v, v, B, V, n_pix, L, &rng);
        }
      if (step >= BURN_IN)
        for (int n = 0; n < B; n++)
          counts[v_to_state (rbm, v + n * V)]++;
    }
  for (guint s = 0; s < n_states (rbm); s++)
    freq[s] = (double) counts[s] / ((double) B * N_SWEEPS);
}

static double
total_variation (const double *p,
                 const double *q,
                 guint         n)
{
  double tv = 0.0;

  for (guint s = 0; s < n; s++)
    tv += fabs (p[s] - q[s]);
  return tv / 2.0;
}

static void
check_chain (int     V,
             int     H,
             int     L,
             guint64 seed)
{
  g_autoptr(BeliefRbm) rbm = random_rbm (V, H, L, seed);
  guint n = n_states (rbm);
  g_autofree double *exact = g_new (double, n);
  g_autofree double *freq = g_new (double, n);
  g_autofree double *uniform = g_new (double, n);
  g_autofree double *other = g_new (double, n);
  double tv, tv_uniform, tv_other, p_max = 0.0;
  int big = 0;

  /* The power of the test: the same model with the sign of its largest
   * weight flipped, a sampler with one wrong connection, is further away than the
   * threshold (by at least a factor 2, so noise cannot bridge it). */
  for (int i = 0; i < V * H; i++)
    big = fabsf (rbm->W[i]) > fabsf (rbm->W[big]) ? i : big;
  rbm->W[big] = -rbm->W[big];
  exact_distribution (rbm, other);
  rbm->W[big] = -rbm->W[big];
  exact_distribution (rbm, exact);
  run_chains (rbm, seed + 1, freq);
  for (guint s = 0; s < n; s++)
    {
      uniform[s] = 1.0 / n;
      p_max = MAX (p_max, exact[s]);
    }
  tv = total_variation (exact, freq, n);
  tv_uniform = total_variation (exact, uniform, n);
  tv_other = total_variation (exact, other, n);
  g_test_message ("%d-%d (+%d labels): %u states, max p %.4f, TV(exact, uniform) %.4f, "
                  "TV(exact, one weight flipped) %.4f, TV(exact, chain) %.5f",
                  V, H, L, n, p_max, tv_uniform, tv_other, tv);
  /* The model must be far from uniform, and from its one-weight mutant,
   * for the comparison to mean anything. */
  g_assert_cmpfloat (tv_uniform, >, 0.2);
  g_assert_cmpfloat (tv_other, >, 0.04);
  /* With 2e5 samples the sampling noise of the TV is about
   * 0.5 * sum_s sqrt(2 p_s / (pi N)) <= 0.5 * sqrt(2 n / (pi N)) = 0.007 for
   * 64 states, independent samples; chains of these tiny models mix within
   * a few steps, so 0.02 leaves room for their autocorrelation but not for
   * a wrong conditional (see tv_other above). */
  g_assert_cmpfloat (tv, <, 0.02);
}

static void
test_chain_plain (void)
{
  check_chain (6, 4, 0, 1);
}

static void
test_chain_labels (void)
{
  check_chain (6, 3, 3, 2);  /* 3 pixels + 3 softmax labels, 3 hidden */
}

/* belief_rbm_gibbs: k steps of h ~ p(h|v) (one bulk fill of B*H uniforms),
 * v = p(v|h), with clamped units put back after each step.  Reproduced in
 * double from a twin generator. */
static void
test_gibbs_function (void)
{
  const int V = 5, H = 3, B = 4, K = 3;
  g_autoptr(BeliefRbm) rbm = random_rbm (V, H, 0, 3);
  g_autoptr(BeliefRbmWork) work = belief_rbm_work_new (rbm, B);
  float v[4 * 5], clamp[4 * 5], known[4 * 5], u[4 * 3];
  double vd[4 * 5], margin = INFINITY;
  BeliefRng rng, twin, init;

  belief_rng_init (&init, 30);
  for (int i = 0; i < B * V; i++)
    {
      known[i] = v[i] = belief_rng_uniform (&init) < 0.5 ? 1.0f : 0.0f;
      clamp[i] = (i % 3 == 0) ? 1.0f : 0.0f;
      vd[i] = v[i];
    }
  belief_rng_init (&rng, 31);
  belief_rng_init (&twin, 31);
  belief_rbm_gibbs (rbm, work, v, clamp, B, K, &rng);

  for (int k = 0; k < K; k++)
    {
      double hs[4 * 3];

      belief_rng_fill_uniform (&twin, u, (gsize) B * H);
      for (int n = 0; n < B; n++)
        for (int j = 0; j < H; j++)
          {
            double x = rbm->c[j], p;

            for (int i = 0; i < V; i++)
              x += vd[n * V + i] * rbm->W[i * H + j];
            p = 1.0 / (1.0 + exp (-x));
            margin = MIN (margin, fabs (p - u[n * H + j]));
            hs[n * H + j] = p > u[n * H + j];
          }
      for (int n = 0; n < B; n++)
        for (int i = 0; i < V; i++)
          {
            double x = rbm->b[i];

            for (int j = 0; j < H; j++)
              x += rbm->W[i * H + j] * hs[n * H + j];
            vd[n * V + i] = clamp[n * V + i] > 0.5f ? known[n * V + i] : 1.0 / (1.0 + exp (-x));
          }
    }
  /* the decisions are unambiguous when no p is within 1e-5 of its u */
  g_assert_cmpfloat (margin, >, 1e-5);
  g_assert_cmpmem (rng.s, sizeof rng.s, twin.s, sizeof twin.s);
  for (int i = 0; i < B * V; i++)
    {
      if (clamp[i] > 0.5f)
        g_assert_cmpfloat (v[i], ==, known[i]);
      g_assert_cmpfloat_with_epsilon (v[i], vd[i], 1e-6);
    }

  /* k = 0 leaves v alone; no clamp is allowed */
  memcpy (known, v, sizeof v);
  belief_rbm_gibbs (rbm, work, v, NULL, B, 0, &rng);
  g_assert_cmpmem (v, sizeof v, known, sizeof known);
  belief_rbm_gibbs (rbm, work, v, NULL, B, 2, &rng);
  for (int i = 0; i < B * V; i++)
    {
      g_assert_cmpfloat (v[i], >=, 0.0f);
      g_assert_cmpfloat (v[i], <=, 1.0f);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gibbs/chain/plain", test_chain_plain);
  g_test_add_func ("/gibbs/chain/labels", test_chain_labels);
  g_test_add_func ("/gibbs/rbm-gibbs", test_gibbs_function);

  return g_test_run ();
}
