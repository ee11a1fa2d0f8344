/* test-rbm.c: one RBM against a second implementation written here in
 * double: conditional probabilities, free energy, exact log Z by brute force
 * over all joint states, the kernels, and the CD-k / PCD update reproduced
 * draw for draw from a twin generator of the same seed.
 *
 * Tolerances.  The engine works in float (sgemm, a polynomial exp); one
 * float operation has relative error 6e-8, the sums here have at most a few
 * dozen terms of order one, so probabilities agree with the double
 * reference to 1e-6 and parameter updates to 1e-5.  Quantities the engine
 * itself accumulates in double (log Z) agree to 1e-9.
 */
#include <math.h>
#include <string.h>

#include "belief-blas.h"
#include "belief-kernels.h"
#include "belief-rbm.h"

/* ---------------------------------------------------------------------- */
/* The reference: parameters in double, the textbook formulas.             */

typedef struct
{
  int     V, H, L;     /* visible (with labels), hidden, labels */
  gsize   n;           /* V*H + V + H */
  double *p, *vel;     /* [W | b | c], as the engine's layout */
  double *W, *b, *c;
} Ref;

static void
ref_init (Ref             *r,
          const BeliefRbm *rbm)
{
  r->V = rbm->n_vis;
  r->H = rbm->n_hid;
  r->L = rbm->n_label;
  r->n = (gsize) r->V * r->H + r->V + r->H;
  g_assert_cmpuint (r->n, ==, rbm->n_params);
  r->p = g_new (double, r->n);
  r->vel = g_new (double, r->n);
  for (gsize i = 0; i < r->n; i++)
    {
      r->p[i] = rbm->params[i];
      r->vel[i] = rbm->velocity != NULL ? rbm->velocity[i] : 0.0;
    }
  r->W = r->p;
  r->b = r->p + (gsize) r->V * r->H;
  r->c = r->b + r->V;
}

static void
ref_clear (Ref *r)
{
  g_clear_pointer (&r->p, g_free);
  g_clear_pointer (&r->vel, g_free);
}

static double
sigm (double x)
{
  return 1.0 / (1.0 + exp (-x));
}

static double
softplus (double x)
{
  return x > 0 ? x + log1p (exp (-x)) : log1p (exp (x));
}

/* h (B, H) = sigma(c_j + sum_i v_i W_ij) */
static void
ref_hidden (const Ref    *r,
            const double *v,
            double       *h,
            int           B)
{
  for (int n = 0; n < B; n++)
    for (int j = 0; j < r->H; j++)
      {
        double x = r->c[j];

        for (int i = 0; i < r->V; i++)
          x += v[n * r->V + i] * r->W[i * r->H + j];
        h[n * r->H + j] = sigm (x);
      }
}

/* v (B, V): sigma(b_i + sum_j W_ij h_j) for pixels, softmax over labels */
static void
ref_visible (const Ref    *r,
             const double *h,
             double       *v,
             int           B)
{
  int n_pix = r->V - r->L;

  for (int n = 0; n < B; n++)
    {
      double *row = v + n * r->V, max = -INFINITY, sum = 0.0;

      for (int i = 0; i < r->V; i++)
        {
          double x = r->b[i];

          for (int j = 0; j < r->H; j++)
            x += r->W[i * r->H + j] * h[n * r->H + j];
          row[i] = i < n_pix ? sigm (x) : x;
        }
      for (int i = n_pix; i < r->V; i++)
        max = MAX (max, row[i]);
      for (int i = n_pix; i < r->V; i++)
        sum += exp (row[i] - max);
      for (int i = n_pix; i < r->V; i++)
        row[i] = exp (row[i] - max) / sum;
    }
}

/* F(v) = -b.v - sum_j softplus(c_j + sum_i v_i W_ij) */
static double
ref_free_energy (const Ref    *r,
                 const double *v)
{
  double f = 0.0;

  for (int i = 0; i < r->V; i++)
    f -= r->b[i] * v[i];
  for (int j = 0; j < r->H; j++)
    {
      double x = r->c[j];

      for (int i = 0; i < r->V; i++)
        x += v[i] * r->W[i * r->H + j];
      f -= softplus (x);
    }
  return f;
}

/* -E(v, h) = b.v + c.h + v W h */
static double
ref_neg_energy (const Ref *r,
                const int *v,
                const int *h)
{
  double e = 0.0;

  for (int i = 0; i < r->V; i++)
    e += r->b[i] * v[i];
  for (int j = 0; j < r->H; j++)
    e += r->c[j] * h[j];
  for (int i = 0; i < r->V; i++)
    for (int j = 0; j < r->H; j++)
      e += v[i] * r->W[i * r->H + j] * h[j];
  return e;
}

static double
log_add (double a,
         double b)
{
  if (a == -INFINITY)
    return b;
  return a > b ? a + log1p (exp (b - a)) : b + log1p (exp (a - b));
}

/* Visible state number s: bits of s for the pixels, then, for a label RBM,
 * label s >> n_pix as one-hot.  Number of visible states: 2^n_pix * max(L, 1). */
static void
visible_state (const Ref *r,
               guint      s,
               int       *v)
{
  int n_pix = r->V - r->L;

  for (int i = 0; i < n_pix; i++)
    v[i] = (s >> i) & 1;
  for (int l = 0; l < r->L; l++)
    v[n_pix + l] = (int) (s >> n_pix) == l;
}

static guint
n_visible_states (const Ref *r)
{
  return (1u << (r->V - r->L)) * (guint) MAX (r->L, 1);
}

/* log Z = log sum over all visible and all hidden states of exp(-E). */
static double
ref_log_z_brute (const Ref *r)
{
  int v[32], h[32];
  double log_z = -INFINITY;

  g_assert_cmpint (r->V, <=, 32);
  g_assert_cmpint (r->H, <=, 24);
  for (guint s = 0; s < n_visible_states (r); s++)
    {
      visible_state (r, s, v);
      for (guint t = 0; t < (1u << r->H); t++)
        {
          for (int j = 0; j < r->H; j++)
            h[j] = (t >> j) & 1;
          log_z = log_add (log_z, ref_neg_energy (r, v, h));
        }
    }
  return log_z;
}

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static BeliefRbm *
random_rbm (int     V,
            int     H,
            int     L,
            guint64 seed,
            float   stddev)
{
  BeliefRbm *rbm = belief_rbm_new (V, H, L);
  BeliefRng rng;

  belief_rng_init (&rng, seed);
  belief_rbm_init_normal (rbm, &rng, stddev);
  return rbm;
}

static float *
random_rows (int      B,
             int      V,
             guint64  seed,
             gboolean binary)
{
  float *v = g_new (float, (gsize) B * V);
  BeliefRng rng;

  belief_rng_init (&rng, seed);
  for (gsize i = 0; i < (gsize) B * V; i++)
    {
      double u = belief_rng_uniform (&rng);

      v[i] = binary ? (u < 0.5 ? 1.0f : 0.0f) : (float) u;
    }
  return v;
}

static double *
to_double (const float *x,
           gsize        n)
{
  double *d = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    d[i] = x[i];
  return d;
}

/* Asserts |got - want| <= tol elementwise, naming the worst element. */
static void
check_close (const char   *what,
             const float  *got,
             const double *want,
             gsize         n,
             double        tol)
{
  double worst = 0.0;
  gsize at = 0;

  for (gsize i = 0; i < n; i++)
    {
      double d = fabs ((double) got[i] - want[i]);

      g_assert_false (isnan (got[i]));
      if (d > worst)
        {
          worst = d;
          at = i;
        }
    }
  g_test_message ("%s: max |diff| %.3g at %" G_GSIZE_FORMAT, what, worst, at);
  if (n > 0)
    g_assert_cmpfloat_with_epsilon (got[at], want[at], tol);
}

/* ---------------------------------------------------------------------- */
/* Conditionals and free energy                                            */

static void
check_conditionals (int V,
                    int H,
                    int L)
{
  const int B = 4;
  g_autoptr(BeliefRbm) rbm = random_rbm (V, H, L, 100 + V + H + L, 1.0f);
  g_autofree float *v = random_rows (B, V, 7, FALSE);
  g_autofree float *h = random_rows (B, H, 8, FALSE);
  g_autofree float *got_h = g_new (float, (gsize) B * H);
  g_autofree float *got_v = g_new (float, (gsize) B * V);
  g_autofree float *got_pre = g_new (float, (gsize) B * H);
  g_autofree double *vd = to_double (v, (gsize) B * V);
  g_autofree double *hd = to_double (h, (gsize) B * H);
  g_autofree double *want_h = g_new (double, (gsize) B * H);
  g_autofree double *want_v = g_new (double, (gsize) B * V);
  g_autofree double *want_pre = g_new (double, (gsize) B * H);
  Ref r;

  ref_init (&r, rbm);
  ref_hidden (&r, vd, want_h, B);
  ref_visible (&r, hd, want_v, B);
  for (gsize i = 0; i < (gsize) B * H; i++)
    want_pre[i] = log (want_h[i] / (1.0 - want_h[i]));

  belief_rbm_hidden_probs (rbm, v, got_h, B);
  belief_rbm_visible_probs (rbm, h, got_v, B);
  belief_rbm_hidden_input (rbm, v, got_pre, B);
  check_close ("p(h|v)", got_h, want_h, (gsize) B * H, 1e-6);
  check_close ("p(v|h)", got_v, want_v, (gsize) B * V, 1e-6);
  /* pre = logit of p(h|v); inputs are O(3), float error ~1e-6 */
  check_close ("hidden input", got_pre, want_pre, (gsize) B * H, 1e-5);

  if (L > 0)
    for (int n = 0; n < B; n++)
      {
        double sum = 0.0;

        for (int l = V - L; l < V; l++)
          sum += got_v[n * V + l];
        g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-6);
      }
  ref_clear (&r);
}

static void
test_conditionals (void)
{
  check_conditionals (7, 5, 0);
  check_conditionals (1, 1, 0);
  check_conditionals (33, 17, 0);
}

static void
test_conditionals_labels (void)
{
  check_conditionals (10, 5, 4);   /* 6 pixels + 4 labels */
  check_conditionals (3, 2, 2);    /* 1 pixel + 2 labels */
}

static void
check_free_energy (int V,
                   int H,
                   int L)
{
  const int B = 6;
  g_autoptr(BeliefRbm) rbm = random_rbm (V, H, L, 200 + V + H + L, 1.0f);
  g_autofree float *v = random_rows (B, V, 9, FALSE);
  g_autofree double *f = g_new (double, B);
  Ref r;

  /* Label rows one-hot, as the model sees them. */
  for (int n = 0; n < B && L > 0; n++)
    for (int l = 0; l < L; l++)
      v[n * V + V - L + l] = l == n % L;
  ref_init (&r, rbm);
  belief_rbm_free_energy (rbm, v, f, B);
  for (int n = 0; n < B; n++)
    {
      g_autofree double *vd = to_double (v + n * V, V);
      double want = ref_free_energy (&r, vd);

      /* F is a sum of ~V+H terms of O(3) whose inputs come from a float
       * product: relative 1e-6 of the magnitude. */
      g_test_message ("F[%d] = %.8f, reference %.8f", n, f[n], want);
      g_assert_cmpfloat_with_epsilon (f[n], want, 1e-6 * (1.0 + fabs (want)) * (V + H));
    }
  ref_clear (&r);
}

static void
test_free_energy (void)
{
  check_free_energy (7, 5, 0);
  check_free_energy (20, 9, 0);
  check_free_energy (9, 4, 3);
}

/* log Z against the sum over all joint states, and sum_v p(v) = 1. */
static void
check_log_z (int     V,
             int     H,
             int     L,
             float   stddev,
             guint64 seed)
{
  g_autoptr(BeliefRbm) rbm = random_rbm (V, H, L, seed, stddev);
  Ref r;
  double got, want, total = 0.0;
  int vi[32];
  float vf[32];

  ref_init (&r, rbm);
  got = belief_rbm_log_z_exact (rbm);
  want = ref_log_z_brute (&r);
  g_test_message ("%d-%d (+%d labels): log Z %.12f, brute force %.12f", V, H, L, got, want);
  /* both in double from the same float parameters: only summation order
   * differs */
  g_assert_cmpfloat_with_epsilon (got, want, 1e-9 * (1.0 + fabs (want)));

  /* log p(v) = -F(v) - log Z normalises over every visible state. */
  for (guint s = 0; s < n_visible_states (&r); s++)
    {
      double f;

      visible_state (&r, s, vi);
      for (int i = 0; i < V; i++)
        vf[i] = (float) vi[i];
      belief_rbm_free_energy (rbm, vf, &f, 1);
      total += exp (-f - got);
    }
  g_test_message ("sum_v p(v) = %.10f", total);
  /* each F has relative error ~1e-6 (float hidden inputs) */
  g_assert_cmpfloat_with_epsilon (total, 1.0, 1e-5);
  ref_clear (&r);
}

static void
test_log_z (void)
{
  check_log_z (5, 4, 0, 1.0f, 1);
  check_log_z (5, 4, 0, 3.0f, 2);   /* sharp distribution, large energies */
  check_log_z (8, 10, 0, 0.5f, 3);  /* 2^18 joint states */
  check_log_z (1, 1, 0, 1.0f, 4);
}

static void
test_log_z_labels (void)
{
  check_log_z (7, 3, 3, 1.0f, 5);   /* 4 pixels + 3 softmax labels, 3 hidden */
  check_log_z (7, 3, 3, 3.0f, 6);
  check_log_z (6, 5, 2, 1.0f, 7);
}

/* ---------------------------------------------------------------------- */
/* Kernels                                                                 */

static void
test_fast_expf (void)
{
  double worst = 0.0, worst_x = 0.0;

  /* 1.6 million points, step 1e-4, and the integer points exactly. */
  for (int k = -800000; k <= 800000; k++)
    {
      float x = (float) (k * 1e-4);
      double want = exp ((double) x);
      double rel = fabs ((double) belief_fast_expf (x) - want) / want;

      if (rel > worst)
        {
          worst = rel;
          worst_x = x;
        }
    }
  g_test_message ("fast_expf: max relative error %.3g at x = %.4f", worst, worst_x);
  g_assert_cmpfloat (worst, <, 1e-6);
}

static void
test_sigmoid_rows (void)
{
  const int rows = 5, cols = 2001;
  g_autofree float *x = g_new (float, (gsize) rows * cols);
  g_autofree float *y = g_new (float, (gsize) rows * cols);
  g_autofree float *bias = g_new (float, cols);
  double worst = 0.0;

  /* x spans [-100, 100]; the bias shifts each column. */
  for (int r = 0; r < rows; r++)
    for (int j = 0; j < cols; j++)
      x[r * cols + j] = -100.0f + 200.0f * j / (cols - 1) + 0.37f * r;
  for (int j = 0; j < cols; j++)
    bias[j] = (float) (3.0 * sin (j));

  memcpy (y, x, sizeof (float) * rows * cols);
  belief_sigmoid_rows (y, NULL, rows, cols);
  for (int i = 0; i < rows * cols; i++)
    {
      double want = 1.0 / (1.0 + exp (-(double) x[i]));

      g_assert_cmpfloat (y[i], >=, 0.0f);
      g_assert_cmpfloat (y[i], <=, 1.0f);
      worst = MAX (worst, fabs (y[i] - want));
    }
  g_test_message ("sigmoid: max abs error %.3g", worst);
  g_assert_cmpfloat (worst, <, 1e-6);

  memcpy (y, x, sizeof (float) * rows * cols);
  belief_sigmoid_rows (y, bias, rows, cols);
  worst = 0.0;
  for (int r = 0; r < rows; r++)
    for (int j = 0; j < cols; j++)
      {
        double want = 1.0 / (1.0 + exp (-((double) x[r * cols + j] + bias[j])));

        worst = MAX (worst, fabs (y[r * cols + j] - want));
      }
  g_test_message ("sigmoid with bias: max abs error %.3g", worst);
  g_assert_cmpfloat (worst, <, 1e-6);

  /* the in-place wrapper is the same function */
  memcpy (y, x, sizeof (float) * cols);
  belief_sigmoid_inplace (y, cols);
  for (int j = 0; j < cols; j++)
    g_assert_cmpfloat_with_epsilon (y[j], 1.0 / (1.0 + exp (-(double) x[j])), 1e-6);
}

static void
test_softmax_group (void)
{
  /* rows of width 7, group of 4 at offset 2; the other columns untouched */
  const int B = 3, S = 7, off = 2, G = 4;
  float x[21], orig[21];

  for (int i = 0; i < B * S; i++)
    orig[i] = x[i] = (float) (10.0 * sin (1.7 * i));
  orig[S + off] = x[S + off] = 80.0f;  /* overflow without the max shift */
  belief_softmax_rows (x, B, S, off, G);
  for (int r = 0; r < B; r++)
    {
      double max = -INFINITY, sum = 0.0;

      for (int j = 0; j < G; j++)
        max = MAX (max, orig[r * S + off + j]);
      for (int j = 0; j < G; j++)
        sum += exp (orig[r * S + off + j] - max);
      for (int j = 0; j < S; j++)
        if (j < off || j >= off + G)
          g_assert_cmpfloat (x[r * S + j], ==, orig[r * S + j]);
        else
          g_assert_cmpfloat_with_epsilon (x[r * S + j], exp (orig[r * S + j] - max) / sum, 1e-6);
    }
}

static void
test_sample_softmax (void)
{
  /* 100,000 rows of width 7 with the group of 4 at offset 2. */
  const int B = 100000, S = 7, off = 2, G = 4;
  static const double p[4] = { 0.1, 0.2, 0.3, 0.4 };
  g_autofree float *prob = g_new (float, (gsize) B * S);
  g_autofree float *out = g_new (float, (gsize) B * S);
  double counts[4] = { 0 }, chi2 = 0.0;
  BeliefRng rng;

  for (int r = 0; r < B; r++)
    for (int j = 0; j < S; j++)
      {
        prob[r * S + j] = j >= off && j < off + G ? (float) p[j - off] : -1.0f;
        out[r * S + j] = -7.0f;
      }
  belief_rng_init (&rng, 11);
  belief_sample_softmax (out, prob, B, S, off, G, &rng);
  for (int r = 0; r < B; r++)
    {
      float ones = 0.0f;

      for (int j = 0; j < S; j++)
        {
          float o = out[r * S + j];

          if (j < off || j >= off + G)
            {
              g_assert_cmpfloat (o, ==, -7.0f);  /* outside the group: untouched */
              continue;
            }
          g_assert_true (o == 0.0f || o == 1.0f);
          ones += o;
          counts[j - off] += o;
        }
      g_assert_cmpfloat (ones, ==, 1.0f);
    }
  for (int j = 0; j < G; j++)
    {
      g_test_message ("label %d: frequency %.4f, p %.2f", j, counts[j] / B, p[j]);
      /* SE at most sqrt(0.4*0.6/1e5) = 1.5e-3; 0.01 is > 6 SE */
      g_assert_cmpfloat_with_epsilon (counts[j] / B, p[j], 0.01);
      chi2 += (counts[j] - B * p[j]) * (counts[j] - B * p[j]) / (B * p[j]);
    }
  /* and jointly: Pearson's chi-square, df 3, upper 1e-6 quantile 30.66 */
  g_test_message ("chi2 %.2f", chi2);
  g_assert_cmpfloat (chi2, <, 30.66);

  /* in place (out == p) is allowed */
  belief_sample_softmax (prob, prob, 1, S, off, G, &rng);
  g_assert_cmpfloat (prob[off] + prob[off + 1] + prob[off + 2] + prob[off + 3], ==, 1.0f);
}

static void
test_sample_bernoulli (void)
{
  const gsize n = 200000;
  static const float levels[4] = { 0.0f, 0.05f, 0.5f, 1.0f };
  g_autofree float *p = g_new (float, n);
  g_autofree float *out = g_new (float, n);
  g_autofree float *scratch = g_new (float, n);
  BeliefRng rng;

  for (gsize i = 0; i < n; i++)
    p[i] = levels[i % 4];
  belief_rng_init (&rng, 12);
  for (int way = 0; way < 2; way++)
    {
      double ones[4] = { 0 };

      if (way == 0)
        belief_sample_bernoulli (out, p, n, &rng);
      else
        belief_bernoulli (out, p, n, scratch, &rng);
      for (gsize i = 0; i < n; i++)
        {
          g_assert_true (out[i] == 0.0f || out[i] == 1.0f);
          ones[i % 4] += out[i];
        }
      /* p = 0 and 1 are exact; SE at p = 0.5 over 5e4 is 2.2e-3 */
      g_assert_cmpfloat (ones[0], ==, 0.0);
      g_assert_cmpfloat (ones[3], ==, n / 4);
      g_assert_cmpfloat_with_epsilon (ones[1] / (n / 4), 0.05, 0.006);
      g_assert_cmpfloat_with_epsilon (ones[2] / (n / 4), 0.5, 0.013);
    }
}

static void
test_init_vis_bias (void)
{
  /* 3 pixels + 2 labels; pixel means 0.25, 0 (clamped to 0.01), 1 (0.99) */
  static const float v[4 * 5] = {
    1, 0, 1, 1, 0,
    0, 0, 1, 0, 1,
    0, 0, 1, 1, 0,
    0, 0, 1, 0, 1,
  };
  g_autoptr(BeliefRbm) rbm = belief_rbm_new (5, 2, 2);

  rbm->b[3] = 0.5f;
  rbm->b[4] = -0.5f;
  belief_rbm_init_vis_bias (rbm, v, 4);
  g_assert_cmpfloat_with_epsilon (rbm->b[0], log (0.25 / 0.75), 1e-6);
  g_assert_cmpfloat_with_epsilon (rbm->b[1], log (0.01 / 0.99), 1e-6);
  g_assert_cmpfloat_with_epsilon (rbm->b[2], log (0.99 / 0.01), 1e-6);
  g_assert_cmpfloat (rbm->b[3], ==, 0.5f);  /* labels untouched */
  g_assert_cmpfloat (rbm->b[4], ==, -0.5f);
}

static void
test_copy_and_finite (void)
{
  g_autoptr(BeliefRbm) a = random_rbm (6, 4, 2, 13, 1.0f);
  g_autoptr(BeliefRbm) b = NULL;
  g_autoptr(BeliefRbm) c = random_rbm (6, 4, 2, 14, 1.0f);

  /* no velocity before training: a copy has none either */
  g_assert_null (a->velocity);
  b = belief_rbm_copy (a);
  g_assert_null (b->velocity);
  g_clear_pointer (&b, belief_rbm_free);
  belief_rbm_ensure_velocity (a);
  for (gsize i = 0; i < a->n_params; i++)
    a->velocity[i] = 0.001f * i;
  b = belief_rbm_copy (a);
  g_assert_cmpint (b->n_vis, ==, 6);
  g_assert_cmpint (b->n_hid, ==, 4);
  g_assert_cmpint (b->n_label, ==, 2);
  g_assert_cmpmem (a->params, a->n_params * sizeof (float), b->params, b->n_params * sizeof (float));
  g_assert_cmpmem (a->velocity, a->n_params * sizeof (float), b->velocity, b->n_params * sizeof (float));
  g_assert_true (b->params != a->params);
  g_assert_true (b->W == b->params && b->b == b->W + 24 && b->c == b->b + 6);
  belief_rbm_copy_into (c, a);
  g_assert_cmpmem (a->params, a->n_params * sizeof (float), c->params, c->n_params * sizeof (float));
  g_assert_cmpmem (a->velocity, a->n_params * sizeof (float), c->velocity, c->n_params * sizeof (float));
  /* the weights only: same parameters, the velocity dropped */
  belief_rbm_copy_weights_into (c, a);
  g_assert_cmpmem (a->params, a->n_params * sizeof (float), c->params, c->n_params * sizeof (float));
  g_assert_null (c->velocity);

  g_assert_true (belief_rbm_is_finite (a));
  b->c[3] = NAN;
  g_assert_false (belief_rbm_is_finite (b));
  c->W[0] = INFINITY;
  g_assert_false (belief_rbm_is_finite (c));
  c->W[0] = -INFINITY;
  g_assert_false (belief_rbm_is_finite (c));
  g_assert_true (belief_rbm_is_finite (a));
}

/* ---------------------------------------------------------------------- */
/* CD-k and PCD-k reproduced draw for draw                                 */

/* The twin generator and the smallest distance between a probability and
 * the uniform it was compared with: above 1e-5, the engine's float
 * probabilities (error < 1e-6) make the same decisions as ours. */
typedef struct
{
  BeliefRng rng;
  double    margin;
} Twin;

/* belief_bernoulli: n uniforms in one bulk fill, then p > u. */
static void
twin_bernoulli (Twin         *t,
                double       *out,
                const double *p,
                gsize         n)
{
  g_autofree float *u = g_new (float, MAX (n, 1));

  belief_rng_fill_uniform (&t->rng, u, n);
  for (gsize i = 0; i < n; i++)
    {
      t->margin = MIN (t->margin, fabs (p[i] - u[i]));
      out[i] = p[i] > u[i] ? 1.0 : 0.0;
    }
}

/* belief_sample_softmax: one double uniform per row, inverse CDF. */
static void
twin_softmax (Twin   *t,
              double *v,
              int     B,
              int     stride,
              int     off,
              int     G)
{
  for (int n = 0; n < B; n++)
    {
      double *g = v + n * stride + off;
      double u = belief_rng_uniform (&t->rng), acc = 0.0;
      int pick = G - 1;

      for (int j = 0; j < G; j++)
        {
          acc += g[j];
          t->margin = MIN (t->margin, fabs (u - acc));
          if (u < acc)
            {
              pick = j;
              break;
            }
        }
      for (int j = 0; j < G; j++)
        g[j] = j == pick;
    }
}

/* The engine samples a visible layer as: plain RBM, one bulk fill over the
 * batch; label RBM, a fill per row over its pixels, then the label groups. */
static void
twin_sample_visible (const Ref *r,
                     Twin      *t,
                     double    *v,
                     int        B)
{
  int n_pix = r->V - r->L;

  if (r->L == 0)
    {
      twin_bernoulli (t, v, v, (gsize) B * r->V);
      return;
    }
  for (int n = 0; n < B; n++)
    twin_bernoulli (t, v + n * r->V, v + n * r->V, n_pix);
  twin_softmax (t, v, B, r->V, n_pix, r->L);
}

typedef struct
{
  double  recon_loss, stability, dw_norm;
  double  thresh_margin; /* smallest ||dW| - 0.001| of the last update */
  double *chain;        /* (B, H) persistent chains' hidden states, PCD */
  gboolean chain_ready;
} RefState;

/* The header's contract, in double:
 *   vel <- momentum*vel + lr' * (v0^T h0 - v1^T h1) - lr * weight_decay * W
 *   params += vel, lr' = lr / B when divide_by_batch (the decay uses lr);
 * CD-k: hidden states sampled during Gibbs, last visible and hidden layers
 * as probabilities; PCD-k: chains of hidden states, sampled visibles;
 * recon_loss = mean (v0 - p(v|h0))^2 with h0 sampled, for PCD over the
 * first quarter of the rows. */
static void
ref_cd_step (Ref                  *r,
             const double         *v0,
             int                   B,
             const BeliefRbmHyper *hp,
             Twin                 *t,
             RefState             *st)
{
  int V = r->V, H = r->H, K = MAX (hp->cd_k, 1);
  gsize nw = (gsize) V * H, bv = (gsize) B * V, bh = (gsize) B * H;
  double alpha = hp->divide_by_batch ? (double) hp->lr / B : hp->lr;
  g_autofree double *h0 = g_new (double, bh);
  g_autofree double *hs = g_new (double, bh);
  g_autofree double *h1 = g_new (double, bh);
  g_autofree double *v1 = g_new (double, bv);
  g_autofree double *recon = g_new (double, bv);
  double sumsq = 0.0;
  gsize stable = 0;
  int rows = MAX ((B + 3) / 4, 1);  /* PCD's loss rows */
  gsize rv = (gsize) rows * V;

  st->thresh_margin = INFINITY;
  ref_hidden (r, v0, h0, B);
  if (hp->pcd)
    {
      /* Tieleman's chains of hidden states, started from the data's */
      if (!st->chain_ready)
        {
          ref_hidden (r, v0, h1, B);
          twin_bernoulli (t, st->chain, h1, bh);
          st->chain_ready = TRUE;
        }
      for (int k = 0; k < K; k++)
        {
          ref_visible (r, st->chain, v1, B);
          twin_sample_visible (r, t, v1, B);
          ref_hidden (r, v1, h1, B);
          twin_bernoulli (t, st->chain, h1, bh);
        }
      /* then the data's one-step reconstruction for the loss, of the
       * first quarter of the rows (rounded up) */
      twin_bernoulli (t, hs, h0, (gsize) rows * H);
      ref_visible (r, hs, recon, rows);
      st->recon_loss = 0.0;
      for (gsize i = 0; i < rv; i++)
        st->recon_loss += (v0[i] - recon[i]) * (v0[i] - recon[i]) / rv;
    }
  else
    {
      twin_bernoulli (t, hs, h0, bh);
      for (int k = 0; k < K; k++)
        {
          ref_visible (r, hs, v1, B);
          if (k == 0)
            {
              st->recon_loss = 0.0;
              for (gsize i = 0; i < bv; i++)
                st->recon_loss += (v0[i] - v1[i]) * (v0[i] - v1[i]) / bv;
            }
          if (k + 1 < K)
            twin_sample_visible (r, t, v1, B);
          ref_hidden (r, v1, h1, B);
          if (k + 1 < K)
            twin_bernoulli (t, hs, h1, bh);
        }
    }

  for (int i = 0; i < V; i++)
    for (int j = 0; j < H; j++)
      {
        double grad = 0.0, *vel = &r->vel[i * H + j];

        for (int n = 0; n < B; n++)
          grad += v0[n * V + i] * h0[n * H + j] - v1[n * V + i] * h1[n * H + j];
        *vel = hp->momentum * *vel + alpha * grad - hp->lr * hp->weight_decay * r->W[i * H + j];
        r->W[i * H + j] += *vel;
        stable += fabs (*vel) <= 0.001;
        st->thresh_margin = MIN (st->thresh_margin, fabs (fabs (*vel) - 0.001));
        sumsq += *vel * *vel;
      }
  for (int i = 0; i < V; i++)
    {
      double grad = 0.0, *vel = &r->vel[nw + i];

      for (int n = 0; n < B; n++)
        grad += v0[n * V + i] - v1[n * V + i];
      *vel = hp->momentum * *vel + alpha * grad;
      r->b[i] += *vel;
    }
  for (int j = 0; j < H; j++)
    {
      double grad = 0.0, *vel = &r->vel[nw + V + j];

      for (int n = 0; n < B; n++)
        grad += h0[n * H + j] - h1[n * H + j];
      *vel = hp->momentum * *vel + alpha * grad;
      r->c[j] += *vel;
    }
  st->stability = 100.0 * stable / nw;
  st->dw_norm = sqrt (sumsq / nw);
}

/* Runs `steps` updates of the engine and of the reference from the same
 * state and seed and compares parameters, velocities and statistics after
 * each.  Returns the reference's last stability for the caller's checks. */
static double
compare_cd_spare (int                   V,
                  int                   H,
                  int                   L,
                  int                   B,
                  const BeliefRbmHyper *hp,
                  int                   steps,
                  guint64               seed,
                  int                   spare)
{
  g_autoptr(BeliefRbm) rbm = random_rbm (V, H, L, seed, 1.0f);
  /* the work may be made for a larger batch than the step's (a short last
   * minibatch) */
  g_autoptr(BeliefRbmWork) work = belief_rbm_work_new (rbm, B + spare);
  g_autofree float *v0 = random_rows (B, V, seed + 1, TRUE);
  g_autofree double *v0d = NULL;
  g_autofree double *chain = g_new0 (double, (gsize) B * H);
  RefState st = { 0 };
  BeliefRng rng, init;
  Twin twin;
  Ref r;

  /* a nonzero velocity from "earlier steps", so momentum matters */
  belief_rng_init (&init, seed + 2);
  belief_rbm_ensure_velocity (rbm);
  belief_rng_fill_normal (&init, rbm->velocity, rbm->n_params, 0.05f);
  for (int n = 0; n < B && L > 0; n++)
    for (int l = 0; l < L; l++)
      v0[n * V + V - L + l] = l == n % L;
  v0d = to_double (v0, (gsize) B * V);

  ref_init (&r, rbm);
  st.chain = chain;
  belief_rng_init (&rng, seed + 3);
  belief_rng_init (&twin.rng, seed + 3);
  twin.margin = INFINITY;

  for (int s = 0; s < steps; s++)
    {
      BeliefStepStats stats = { -1, -1, -1 };

      belief_rbm_cd_step (rbm, work, v0, B, hp, &rng, &stats);
      ref_cd_step (&r, v0d, B, hp, &twin, &st);
      g_test_message ("step %d: smallest |p - u| of the draws %.3g", s, twin.margin);
      /* precondition of the comparison, not of the engine: a seed whose
       * draws fall within 1e-5 of a probability would be ambiguous */
      g_assert_cmpfloat (twin.margin, >, 1e-5);
      /* the engine's generator consumed exactly the twin's draws */
      g_assert_cmpmem (rng.s, sizeof rng.s, twin.rng.s, sizeof twin.rng.s);

      check_close ("params", rbm->params, r.p, r.n, 1e-5);
      check_close ("velocity", rbm->velocity, r.vel, r.n, 1e-5);
      g_test_message ("recon %.8f/%.8f stability %.4f/%.4f dw_norm %.8f/%.8f",
                      stats.recon_loss, st.recon_loss, stats.stability, st.stability,
                      stats.dw_norm, st.dw_norm);
      g_assert_cmpfloat_with_epsilon (stats.recon_loss, st.recon_loss, 1e-6);
      /* the count is exact unless some |dW| lies within float error (well
       * below 1e-7 for steps of this size) of the threshold */
      g_assert_cmpfloat (st.thresh_margin, >, 1e-7);
      g_assert_cmpfloat_with_epsilon (stats.stability, st.stability, 1e-9);
      g_assert_cmpfloat_with_epsilon (stats.dw_norm, st.dw_norm, 1e-6);
    }
  ref_clear (&r);
  return st.stability;
}

static double
compare_cd (int                   V,
            int                   H,
            int                   L,
            int                   B,
            const BeliefRbmHyper *hp,
            int                   steps,
            guint64               seed)
{
  return compare_cd_spare (V, H, L, B, hp, steps, seed, 0);
}

static void
test_cd1_divide (void)
{
  BeliefRbmHyper hp = { .lr = 0.1f, .momentum = 0.5f, .weight_decay = 0.0f,
                        .cd_k = 1, .pcd = FALSE, .divide_by_batch = TRUE };

  compare_cd (3, 2, 0, 2, &hp, 1, 1000);
}

static void
test_cd1_no_divide (void)
{
  BeliefRbmHyper hp = { .lr = 0.1f, .momentum = 0.5f, .weight_decay = 0.0f,
                        .cd_k = 1, .pcd = FALSE, .divide_by_batch = FALSE };

  compare_cd (3, 2, 0, 2, &hp, 1, 1010);
}

static void
test_cd1_weight_decay (void)
{
  BeliefRbmHyper hp = { .lr = 0.1f, .momentum = 0.7f, .weight_decay = 0.2f,
                        .cd_k = 1, .pcd = FALSE, .divide_by_batch = FALSE };

  compare_cd (3, 2, 0, 2, &hp, 1, 1020);
}

/* With divide_by_batch lr' = lr / B scales the statistics only; the decay
 * stays lr * weight_decay * W (the statistics are then minibatch means). */
static void
test_cd1_weight_decay_divide (void)
{
  BeliefRbmHyper hp = { .lr = 0.1f, .momentum = 0.7f, .weight_decay = 0.2f,
                        .cd_k = 1, .pcd = FALSE, .divide_by_batch = TRUE };

  compare_cd (3, 2, 0, 2, &hp, 1, 1030);
}

/* Property: with zero data
 * gradient (lr' * 0) and zero velocity, weight decay alone shrinks each
 * weight by the factor (1 - lr * weight_decay) of the header, whether or not
 * the statistics are divided by the batch size. */
static void
test_weight_decay_alone (void)
{
  for (int divide = 0; divide < 2; divide++)
    {
      const int B = 4;
      g_autoptr(BeliefRbm) rbm = random_rbm (3, 2, 0, 1040, 1.0f);
      g_autoptr(BeliefRbmWork) work = belief_rbm_work_new (rbm, B);
      g_autofree float *w0 = g_memdup2 (rbm->W, 6 * sizeof (float));
      /* v0 = 0 and biases of -100: p(h|v0), the sampled h, p(v|h) and
       * p(h|v1) are all below 1e-37, so both statistics vanish and only
       * the decay moves W. */
      float v0[4 * 3] = { 0 };
      BeliefRbmHyper hp = { .lr = 0.1f, .momentum = 0.9f, .weight_decay = 0.5f,
                            .cd_k = 1, .divide_by_batch = divide };
      double lr_eff = 0.1;  /* the decay is never divided by B */
      BeliefRng rng;

      for (int i = 0; i < 3; i++)
        rbm->b[i] = -100.0f;
      for (int j = 0; j < 2; j++)
        rbm->c[j] = -100.0f;
      belief_rng_init (&rng, 1);
      belief_rbm_cd_step (rbm, work, v0, B, &hp, &rng, NULL);
      for (int k = 0; k < 6; k++)
        {
          g_test_message ("divide %d: W %.6f -> %.6f, expected %.6f", divide, w0[k],
                          rbm->W[k], w0[k] * (1.0 - lr_eff * 0.5));
          g_assert_cmpfloat_with_epsilon (rbm->W[k], w0[k] * (1.0 - lr_eff * 0.5), 1e-6);
        }
    }
}

static void
test_cdk (void)
{
  BeliefRbmHyper hp = { .lr = 0.05f, .momentum = 0.7f, .weight_decay = 0.0f,
                        .cd_k = 3, .pcd = FALSE, .divide_by_batch = TRUE };

  compare_cd (5, 4, 0, 3, &hp, 3, 1100);
  hp.weight_decay = 0.01f;
  hp.divide_by_batch = FALSE;
  compare_cd (5, 4, 0, 3, &hp, 3, 1110);
}

static void
test_cd_labels (void)
{
  BeliefRbmHyper hp = { .lr = 0.1f, .momentum = 0.5f, .weight_decay = 0.0f,
                        .cd_k = 1, .pcd = FALSE, .divide_by_batch = TRUE };

  compare_cd (7, 3, 3, 3, &hp, 2, 1200);  /* 4 pixels + 3 labels */
  hp.cd_k = 2;                            /* labels sampled one-hot */
  compare_cd (7, 3, 3, 3, &hp, 2, 1210);
}

static void
test_pcd (void)
{
  BeliefRbmHyper hp = { .lr = 0.05f, .momentum = 0.5f, .weight_decay = 0.0f,
                        .cd_k = 1, .pcd = TRUE, .divide_by_batch = TRUE };

  /* three steps: the second and third start from the persistent chains */
  compare_cd (5, 4, 0, 3, &hp, 3, 1300);
  hp.cd_k = 2;
  compare_cd (6, 3, 2, 2, &hp, 3, 1320);
  /* a batch of 7: the loss's quarter is 2 rows */
  hp.cd_k = 1;
  compare_cd (5, 4, 0, 7, &hp, 2, 1340);
}

/* A step on fewer rows than the work was made for. */
static void
test_short_batch (void)
{
  BeliefRbmHyper hp = { .lr = 0.05f, .momentum = 0.5f, .weight_decay = 0.0f,
                        .cd_k = 2, .pcd = FALSE, .divide_by_batch = TRUE };

  compare_cd_spare (5, 4, 0, 3, &hp, 2, 1350, 4);
  hp.pcd = TRUE;
  compare_cd_spare (7, 3, 3, 2, &hp, 2, 1360, 3);
}

/* The stability statistic on a layer big enough for a mixed answer. */
static void
test_stats_stability (void)
{
  BeliefRbmHyper hp = { .lr = 0.0005f, .momentum = 0.0f, .weight_decay = 0.0f,
                        .cd_k = 1, .pcd = FALSE, .divide_by_batch = FALSE };
  double stability = compare_cd (20, 10, 0, 5, &hp, 1, 1400);

  /* the comparison above is only meaningful if some but not all weights
   * moved by more than 0.001 */
  g_assert_cmpfloat (stability, >, 0.0);
  g_assert_cmpfloat (stability, <, 100.0);
}

/* recon_loss() without training: h0 sampled, mean (v0 - p(v|h0))^2. */
static void
test_recon_loss (void)
{
  const int V = 6, H = 4, B = 5;
  g_autoptr(BeliefRbm) rbm = random_rbm (V, H, 0, 1500, 1.0f);
  g_autoptr(BeliefRbmWork) work = belief_rbm_work_new (rbm, B);
  g_autofree float *v0 = random_rows (B, V, 1501, TRUE);
  g_autofree double *v0d = to_double (v0, (gsize) B * V);
  g_autofree float *before = g_memdup2 (rbm->params, rbm->n_params * sizeof (float));
  double h0[5 * 4], hs[5 * 4], v1[5 * 6], want = 0.0, got;
  BeliefRng rng;
  Twin twin = { .margin = INFINITY };
  Ref r;

  ref_init (&r, rbm);
  belief_rng_init (&rng, 1502);
  belief_rng_init (&twin.rng, 1502);
  got = belief_rbm_recon_loss (rbm, work, v0, B, &rng);
  ref_hidden (&r, v0d, h0, B);
  twin_bernoulli (&twin, hs, h0, B * H);
  ref_visible (&r, hs, v1, B);
  for (int i = 0; i < B * V; i++)
    want += (v0d[i] - v1[i]) * (v0d[i] - v1[i]) / (B * V);
  g_assert_cmpfloat (twin.margin, >, 1e-5);
  g_assert_cmpfloat_with_epsilon (got, want, 1e-6);
  /* no training */
  g_assert_cmpmem (before, rbm->n_params * sizeof (float), rbm->params,
                   rbm->n_params * sizeof (float));
  ref_clear (&r);
}

/* Same seed, same data, one BLAS thread: bit-identical after 50 steps. */
static void
train (BeliefRbm            *rbm,
       const float          *data,
       int                   n_rows,
       int                   B,
       const BeliefRbmHyper *hp,
       guint64               seed)
{
  g_autoptr(BeliefRbmWork) work = belief_rbm_work_new (rbm, B);
  BeliefRng rng;

  belief_rng_init (&rng, seed);
  belief_rbm_init_normal (rbm, &rng, 0.01f);
  for (int s = 0; s < 50; s++)
    {
      BeliefStepStats stats;

      belief_rbm_cd_step (rbm, work, data + (gsize) (s * B % n_rows) * rbm->n_vis, B, hp,
                          &rng, &stats);
    }
}

static void
test_determinism (void)
{
  const int V = 30, H = 12, B = 10, n_rows = 100;
  g_autofree float *data = random_rows (n_rows, V, 1600, TRUE);

  belief_blas_set_threads (1);
  for (int pcd = 0; pcd < 2; pcd++)
    {
      BeliefRbmHyper hp = { .lr = 0.05f, .momentum = 0.7f, .weight_decay = 0.001f,
                            .cd_k = 2, .pcd = pcd, .divide_by_batch = TRUE };
      g_autoptr(BeliefRbm) a = belief_rbm_new (V, H, 0);
      g_autoptr(BeliefRbm) b = belief_rbm_new (V, H, 0);
      g_autoptr(BeliefRbm) c = belief_rbm_new (V, H, 0);

      train (a, data, n_rows, B, &hp, 77);
      train (b, data, n_rows, B, &hp, 77);
      train (c, data, n_rows, B, &hp, 78);
      g_assert_true (belief_rbm_is_finite (a));
      g_assert_cmpmem (a->params, a->n_params * sizeof (float), b->params,
                       b->n_params * sizeof (float));
      g_assert_cmpmem (a->velocity, a->n_params * sizeof (float), b->velocity,
                       b->n_params * sizeof (float));
      /* and the seed matters */
      g_assert_true (memcmp (a->params, c->params, a->n_params * sizeof (float)) != 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rbm/conditionals", test_conditionals);
  g_test_add_func ("/rbm/conditionals-labels", test_conditionals_labels);
  g_test_add_func ("/rbm/free-energy", test_free_energy);
  g_test_add_func ("/rbm/log-z", test_log_z);
  g_test_add_func ("/rbm/log-z-labels", test_log_z_labels);
  g_test_add_func ("/rbm/kernels/fast-expf", test_fast_expf);
  g_test_add_func ("/rbm/kernels/sigmoid-rows", test_sigmoid_rows);
  g_test_add_func ("/rbm/kernels/softmax-group", test_softmax_group);
  g_test_add_func ("/rbm/sample/softmax", test_sample_softmax);
  g_test_add_func ("/rbm/sample/bernoulli", test_sample_bernoulli);
  g_test_add_func ("/rbm/init-vis-bias", test_init_vis_bias);
  g_test_add_func ("/rbm/copy-and-finite", test_copy_and_finite);
  g_test_add_func ("/rbm/cd-step/cd1-divide-by-batch", test_cd1_divide);
  g_test_add_func ("/rbm/cd-step/cd1-no-divide", test_cd1_no_divide);
  g_test_add_func ("/rbm/cd-step/cd1-weight-decay", test_cd1_weight_decay);
  g_test_add_func ("/rbm/cd-step/cd1-weight-decay-divide-by-batch", test_cd1_weight_decay_divide);
  g_test_add_func ("/rbm/cd-step/weight-decay-alone", test_weight_decay_alone);
  g_test_add_func ("/rbm/cd-step/cd-k", test_cdk);
  g_test_add_func ("/rbm/cd-step/labels", test_cd_labels);
  g_test_add_func ("/rbm/cd-step/pcd", test_pcd);
  g_test_add_func ("/rbm/cd-step/short-batch", test_short_batch);
  g_test_add_func ("/rbm/cd-step/stability", test_stats_stability);
  g_test_add_func ("/rbm/recon-loss", test_recon_loss);
  g_test_add_func ("/rbm/determinism", test_determinism);

  return g_test_run ();
}
