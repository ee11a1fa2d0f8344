/* test-ais.c: Annealed Importance Sampling of log Z against log Z computed
 * here by brute force, and against the engine's exact Gray-code sum.
 *
 * Tolerances, stated here.  On a 12x8 RBM with 14,500 betas the log weights
 * of the runs spread by about a tenth of a nat, so the estimate of 1000
 * runs is within 0.02 nats of the truth (the reference is summed in double
 * over all 2^12 visible states, 1e-9).  A 14x500 RBM (log Z about 460,
 * summed here over its 2^14 visible states) tests the hidden side at the
 * width of a real model: 100 runs within 0.1 nats.  A model whose ratio
 * p*_k(v) / p*_(k-1)(v) does not depend on v (W = 0) has the same weight
 * in every run, known in closed form: any rounding bias of the 14,500
 * increments would show there, so it must agree to 1e-4 nats.  On a 784x15
 * RBM trained on the digits, Salakhutdinov & Murray's 100 runs and 14,500
 * betas must come within 0.5 nats of the exact log Z.
 */
#include <math.h>
#include <string.h>

#include "belief-ais.h"
#include "belief-blas.h"
#include "belief-error.h"
#include "belief-rbm.h"

#define TINY_TOLERANCE      0.02
#define WIDE_TOLERANCE      0.1
#define CONSTANT_TOLERANCE  1e-4
#define DIGITS_TOLERANCE    0.5

/* ---------------------------------------------------------------------- */
/* The reference, in double.                                               */

static double
softplus (double x)
{
  return x > 0 ? x + log1p (exp (-x)) : log1p (exp (x));
}

/* -F(v) = b.v + sum_j softplus(c_j + sum_i v_i W_ij) */
static double
neg_free_energy (const BeliefRbm *rbm,
                 const float     *v)
{
  double s = 0.0;

  for (int i = 0; i < rbm->n_vis; i++)
    s += (double) rbm->b[i] * v[i];
  for (int j = 0; j < rbm->n_hid; j++)
    {
      double x = rbm->c[j];

      for (int i = 0; i < rbm->n_vis; i++)
        x += (double) v[i] * rbm->W[(gsize) i * rbm->n_hid + j];
      s += softplus (x);
    }
  return s;
}

/* All 2^V visible states as rows (2^V, V). */
static float *
all_states (int V)
{
  gsize n = (gsize) 1 << V;
  float *v = g_new (float, n * V);

  for (gsize k = 0; k < n; k++)
    for (int i = 0; i < V; i++)
      v[k * V + i] = (k >> i) & 1 ? 1.0f : 0.0f;
  return v;
}

/* log Z = log sum_v exp(-F(v)) over all visible states. */
static double
brute_log_z (const BeliefRbm *rbm)
{
  gsize n = (gsize) 1 << rbm->n_vis;
  g_autofree float *v = all_states (rbm->n_vis);
  g_autofree double *nf = g_new (double, n);
  double max = -INFINITY, sum = 0.0;

  for (gsize k = 0; k < n; k++)
    {
      nf[k] = neg_free_energy (rbm, v + k * rbm->n_vis);
      max = MAX (max, nf[k]);
    }
  for (gsize k = 0; k < n; k++)
    sum += exp (nf[k] - max);
  return max + log (sum);
}

static BeliefRbm *
random_rbm (int      V,
            int      H,
            guint64  seed,
            float    w_sd,
            float    bias_sd)
{
  BeliefRbm *rbm = belief_rbm_new (V, H, 0);
  BeliefRng rng;

  belief_rng_init (&rng, seed);
  belief_rng_fill_normal (&rng, rbm->W, (gsize) V * H, w_sd);
  belief_rng_fill_normal (&rng, rbm->b, V, bias_sd);
  belief_rng_fill_normal (&rng, rbm->c, H, bias_sd);
  return rbm;
}

static void
run_ais (const BeliefRbm *rbm,
         const float     *base,
         int              runs,
         int              betas,
         guint64          seed,
         BeliefAisResult *res)
{
  g_autoptr(GError) error = NULL;
  BeliefAisOptions opt = { runs, betas, seed };

  g_assert_true (belief_ais_log_z (rbm, base, &opt, NULL, NULL, res, &error));
  g_assert_no_error (error);
  g_assert_cmpint (res->n_runs, ==, runs);
  g_assert_cmpint (res->n_betas, ==, betas);
  g_assert_nonnull (res->log_w);
}

/* ---------------------------------------------------------------------- */

static void
test_ais_schedule (void)
{
  g_autofree double *b = g_new (double, 14500);
  double s[3] = { 0.5 / 500, 0.4 / 4000, 0.1 / 10000 };
  g_autofree double *small = g_new (double, 145);

  belief_ais_schedule (14500, b);
  g_assert_cmpfloat_with_epsilon (b[0], 0.5 / 500, 1e-15);
  g_assert_cmpfloat (b[499], ==, 0.5);
  g_assert_cmpfloat (b[4499], ==, 0.9);
  g_assert_cmpfloat (b[14499], ==, 1.0);
  for (int k = 1; k < 14500; k++)
    {
      int seg = k < 500 ? 0 : k < 4500 ? 1 : 2;

      g_assert_cmpfloat_with_epsilon (b[k] - b[k - 1], s[seg], 1e-12);
    }
  /* another count: the segments scaled, 5 + 40 + 100 */
  belief_ais_schedule (145, small);
  g_assert_cmpfloat (small[4], ==, 0.5);
  g_assert_cmpfloat (small[44], ==, 0.9);
  g_assert_cmpfloat (small[144], ==, 1.0);
  g_assert_cmpfloat_with_epsilon (small[45] - small[44], 0.001, 1e-12);
  belief_ais_schedule (1, small);
  g_assert_cmpfloat (small[0], ==, 1.0);
}

static void
test_ais_base_biases (void)
{
  guint8 pixels[3 * 4] = { 0, 255, 255, 51,
                           0, 255, 0, 51,
                           0, 255, 255, 51 };
  BeliefDataset ds = { .n = 3, .rows = 2, .cols = 2, .dim = 4, .images = pixels };
  double on[4] = { 0.0, 3.0, 2.0, 0.6 };  /* sum of intensities per pixel */
  float b[4];

  belief_ais_base_biases (&ds, b);
  for (int i = 0; i < 4; i++)
    {
      double p = (on[i] + 1.0) / (3.0 + 2.0);

      g_assert_cmpfloat_with_epsilon (b[i], log (p / (1.0 - p)), 1e-6);
    }
}

/* (a) a 12x8 RBM: AIS against brute force and the Gray-code sum */
static void
test_ais_tiny_exact (void)
{
  g_autoptr(BeliefRbm) rbm = random_rbm (12, 8, 7, 1.0f, 0.5f);
  g_auto(BeliefAisResult) uniform = { 0 };
  g_auto(BeliefAisResult) based = { 0 };
  double brute = brute_log_z (rbm), exact = belief_rbm_log_z_exact (rbm);
  float base[12];

  g_assert_cmpfloat_with_epsilon (exact, brute, 1e-9);

  /* from the uniform distribution, and from a base with the RBM's own
   * visible biases */
  run_ais (rbm, NULL, 1000, 14500, 11, &uniform);
  memcpy (base, rbm->b, sizeof base);
  run_ais (rbm, base, 1000, 14500, 12, &based);
  g_test_message ("12x8: brute force %.6f, exact %.6f, AIS %.6f [%.6f, %.6f] (uniform base), "
                  "%.6f (base b)", brute, exact, uniform.log_z, uniform.log_z_lo,
                  uniform.log_z_hi, based.log_z);
  g_assert_cmpfloat_with_epsilon (uniform.log_z, brute, TINY_TOLERANCE);
  g_assert_cmpfloat_with_epsilon (based.log_z, brute, TINY_TOLERANCE);
  /* log Z_A of the uniform base: 2^(12 + 8) states */
  g_assert_cmpfloat_with_epsilon (uniform.log_z_base, 20 * G_LN2, 1e-12);
}

/* (a) the hidden side as wide as a real model's: 14x500, brute force over
 * the 2^14 visible states */
static void
test_ais_wide (void)
{
  g_autoptr(BeliefRbm) rbm = random_rbm (14, 500, 5, 0.3f, 1.0f);
  g_auto(BeliefAisResult) res = { 0 };
  double brute = brute_log_z (rbm);

  run_ais (rbm, NULL, 100, 14500, 1, &res);
  g_test_message ("14x500: brute force %.5f, AIS %.5f [%.5f, %.5f], ESS %.1f of 100",
                  brute, res.log_z, res.log_z_lo, res.log_z_hi, res.ess);
  g_assert_cmpfloat_with_epsilon (res.log_z, brute, WIDE_TOLERANCE);
}

/* Weights identical in every run: W = 0 with the base's visible biases
 * equal to the RBM's makes p*_k(v) / p*_(k-1)(v) = prod_j (1 + e^(beta_k c_j))
 * / (1 + e^(beta_(k-1) c_j)) for every v.  The path's weight is then
 * sum_j softplus(c_j) - H log 2 exactly, and so log Z is known. */
static void
test_ais_constant_weight (void)
{
  g_autoptr(BeliefRbm) rbm = random_rbm (784, 500, 5, 0.0f, 3.0f);
  g_auto(BeliefAisResult) res = { 0 };
  double truth = 0.0;

  for (int i = 0; i < rbm->n_vis; i++)
    truth += softplus (rbm->b[i]);
  for (int j = 0; j < rbm->n_hid; j++)
    truth += softplus (rbm->c[j]);
  run_ais (rbm, rbm->b, 4, 14500, 3, &res);
  g_test_message ("W = 0, 784x500: log Z %.8f, AIS %.8f (difference %.2e)",
                  truth, res.log_z, res.log_z - truth);
  g_assert_cmpfloat_with_epsilon (res.log_z, truth, CONSTANT_TOLERANCE);
  for (int r = 1; r < res.n_runs; r++)
    g_assert_cmpfloat (res.log_w[r], ==, res.log_w[0]);
}

/* The mean log-probability against -F(v) - log Z in double, over all
 * states (which must sum to probability 1). */
static void
test_ais_mean_log_prob (void)
{
  g_autoptr(BeliefRbm) rbm = random_rbm (12, 8, 9, 1.0f, 0.5f);
  g_autofree float *v = all_states (12);
  double log_z = brute_log_z (rbm), mean = 0.0, total = 0.0;

  for (int k = 0; k < 4096; k++)
    {
      double lp = neg_free_energy (rbm, v + k * 12) - log_z;

      mean += lp / 4096;
      total += exp (lp);
    }
  g_assert_cmpfloat_with_epsilon (total, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (belief_ais_mean_log_prob (rbm, v, 4096, log_z), mean, 1e-5);
  g_assert_cmpfloat_with_epsilon (belief_ais_mean_log_prob (rbm, v + 5 * 12, 1, log_z),
                                  neg_free_energy (rbm, v + 5 * 12) - log_z, 1e-5);
}

/* (b) a 784x15 RBM trained on the default digits */
static void
test_ais_digits (void)
{
  g_autofree char *dir = belief_dataset_default_dir ();
  g_autoptr(BeliefDataset) train = NULL;
  g_autoptr(BeliefRbm) rbm = NULL;
  g_autoptr(BeliefRbmWork) work = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(BeliefAisResult) res = { 0 };
  g_autofree float *data = NULL, *base = NULL;
  g_autofree guint32 *order = NULL;
  BeliefRbmHyper hp = { .lr = 0.05f, .momentum = 0.9f, .cd_k = 1, .divide_by_batch = TRUE };
  const int B = 100, epochs = 2;
  BeliefRng rng;
  double exact;
  gint64 t0;

  train = belief_dataset_load_dir (dir, BELIEF_SPLIT_TRAIN, &error);
  if (train == NULL)
    {
      g_test_skip_printf ("no default digits (%s); run ./run.sh --setup-only", error->message);
      return;
    }
  data = g_new (float, (gsize) train->n * train->dim);
  belief_dataset_fill_floats (train, NULL, 0, train->n, data);
  rbm = belief_rbm_new ((int) train->dim, 15, 0);
  belief_rng_init (&rng, 2008);
  belief_rbm_init_normal (rbm, &rng, 0.01f);
  belief_rbm_init_vis_bias (rbm, data, (int) train->n);
  work = belief_rbm_work_new (rbm, B);
  order = g_new (guint32, train->n);
  for (guint i = 0; i < train->n; i++)
    order[i] = i;
  {
    g_autofree float *batch = g_new (float, (gsize) B * train->dim);

    for (int e = 0; e < epochs; e++)
      {
        belief_rng_shuffle (&rng, order, train->n);
        for (guint first = 0; first + B <= train->n; first += B)
          {
            belief_dataset_fill_floats (train, order, first, B, batch);
            belief_rbm_cd_step (rbm, work, batch, B, &hp, &rng, NULL);
          }
      }
  }
  g_assert_true (belief_rbm_is_finite (rbm));

  exact = belief_rbm_log_z_exact (rbm);
  base = g_new (float, train->dim);
  belief_ais_base_biases (train, base);
  t0 = g_get_monotonic_time ();
  run_ais (rbm, base, 100, 14500, 1, &res);
  g_test_message ("784x15 on the digits: exact log Z %.4f, AIS %.4f [%.4f, %.4f] "
                  "(log Z_A %.2f, ESS %.1f of 100, %.1f s)", exact, res.log_z,
                  res.log_z_lo, res.log_z_hi, res.log_z_base, res.ess,
                  (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpfloat (fabs (res.log_z - exact), <, DIGITS_TOLERANCE);
}

/* (c) reproducible from the seed */
static void
test_ais_seed (void)
{
  g_autoptr(BeliefRbm) rbm = random_rbm (100, 30, 21, 0.3f, 0.5f);
  g_auto(BeliefAisResult) a = { 0 };
  g_auto(BeliefAisResult) b = { 0 };
  g_auto(BeliefAisResult) c = { 0 };
  gboolean differ = FALSE;

  /* 200 runs: enough rows for the step to be shared among threads */
  run_ais (rbm, NULL, 200, 500, 42, &a);
  run_ais (rbm, NULL, 200, 500, 42, &b);
  run_ais (rbm, NULL, 200, 500, 43, &c);
  g_assert_cmpfloat (a.log_z, ==, b.log_z);
  g_assert_cmpfloat (a.log_z_lo, ==, b.log_z_lo);
  g_assert_cmpfloat (a.log_z_hi, ==, b.log_z_hi);
  g_assert_cmpmem (a.log_w, 200 * sizeof (double), b.log_w, 200 * sizeof (double));
  for (int r = 0; r < 200; r++)
    differ |= a.log_w[r] != c.log_w[r];
  g_assert_true (differ);
  g_assert_cmpfloat (a.log_z, !=, c.log_z);
}

/* (d) the +-3 sd interval */
static void
test_ais_interval (void)
{
  g_autoptr(BeliefRbm) rbm = random_rbm (12, 8, 7, 1.0f, 0.5f);
  int betas[] = { 14500, 100, 3 };

  for (guint t = 0; t < G_N_ELEMENTS (betas); t++)
    {
      g_auto(BeliefAisResult) res = { 0 };
      double max = -INFINITY, sum = 0.0;

      run_ais (rbm, NULL, 100, betas[t], 5, &res);
      g_test_message ("%d betas: log Z %.5f, [%.5f, %.5f], ESS %.1f", betas[t], res.log_z,
                      res.log_z_lo, res.log_z_hi, res.ess);
      g_assert_true (isfinite (res.log_z) && isfinite (res.log_z_hi));
      g_assert_cmpfloat (res.log_z, <, res.log_z_hi);
      g_assert_true (res.log_z_lo == -INFINITY || res.log_z_lo < res.log_z);
      g_assert_false (isnan (res.log_z_lo));
      g_assert_cmpfloat (res.ess, >=, 1.0);
      g_assert_cmpfloat (res.ess, <=, 100.0);
      if (betas[t] == 14500)
        g_assert_true (isfinite (res.log_z_lo));
      /* the estimate is log Z_A + log mean exp(log w) */
      for (int r = 0; r < 100; r++)
        max = MAX (max, res.log_w[r]);
      for (int r = 0; r < 100; r++)
        sum += exp (res.log_w[r] - max);
      g_assert_cmpfloat_with_epsilon (res.log_z, res.log_z_base + max + log (sum / 100), 1e-9);
    }
}

/* (e) cancelling from the progress function */
typedef struct
{
  int    calls, cancel_at;
  double last;
} Progress;

static gboolean
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpfloat (fraction, >, p->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  p->last = fraction;
  return ++p->calls != p->cancel_at;
}

static void
test_ais_cancel (void)
{
  g_autoptr(BeliefRbm) rbm = random_rbm (12, 8, 7, 1.0f, 0.5f);
  g_autoptr(GError) error = NULL;
  g_auto(BeliefAisResult) res = { 0 };
  BeliefAisOptions opt;
  Progress all = { 0, -1, 0.0 }, cancel = { 0, 3, 0.0 };

  belief_ais_options_init (&opt);
  opt.n_betas = 1000;
  g_assert_true (belief_ais_log_z (rbm, NULL, &opt, progress_cb, &all, &res, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (all.last, ==, 1.0);
  g_assert_cmpint (all.calls, >=, 10);
  belief_ais_result_clear (&res);

  g_assert_false (belief_ais_log_z (rbm, NULL, &opt, progress_cb, &cancel, &res, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_CANCELLED);
  g_assert_cmpint (cancel.calls, ==, 3);
  g_assert_null (res.log_w);
}

/* (f) label units and options out of range are errors */
static void
test_ais_errors (void)
{
  g_autoptr(BeliefRbm) labelled = belief_rbm_new (12, 8, 2);
  g_autoptr(BeliefRbm) rbm = random_rbm (12, 8, 7, 1.0f, 0.5f);
  g_auto(BeliefAisResult) res = { 0 };
  BeliefAisOptions one_run = { 1, 100, 1 }, no_betas = { 10, 0, 1 };
  GError *error = NULL;

  g_assert_false (belief_ais_log_z (labelled, NULL, NULL, NULL, NULL, &res, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "label"));
  g_clear_error (&error);
  g_assert_false (belief_ais_log_z (rbm, NULL, &one_run, NULL, NULL, &res, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_false (belief_ais_log_z (rbm, NULL, &no_betas, NULL, NULL, &res, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_null (res.log_w);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  belief_blas_set_threads (2);
  g_test_add_func ("/ais/schedule", test_ais_schedule);
  g_test_add_func ("/ais/base-biases", test_ais_base_biases);
  g_test_add_func ("/ais/tiny-exact", test_ais_tiny_exact);
  g_test_add_func ("/ais/wide", test_ais_wide);
  g_test_add_func ("/ais/constant-weight", test_ais_constant_weight);
  g_test_add_func ("/ais/mean-log-prob", test_ais_mean_log_prob);
  g_test_add_func ("/ais/digits-784x15", test_ais_digits);
  g_test_add_func ("/ais/seed", test_ais_seed);
  g_test_add_func ("/ais/interval", test_ais_interval);
  g_test_add_func ("/ais/cancel", test_ais_cancel);
  g_test_add_func ("/ais/errors", test_ais_errors);
  return g_test_run ();
}
