/* test-dbn.c: the stack against direct formulas written here in double:
 * shapes and names, the up and down passes, both recognition methods,
 * clamped generation, untying and copies, and one wake-sleep step.
 *
 * Tolerances: the engine chains float products of at most a dozen terms
 * and a polynomial exp, so probabilities agree with the double reference
 * to 1e-6 per layer; 1e-5 after a few layers or a softmax of free
 * energies.
 */
#include <math.h>
#include <string.h>

#include "belief-dbn.h"
#include "belief-finetune.h"

/* ---------------------------------------------------------------------- */
/* Reference formulas                                                      */

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

/* out (B, H) = sigma(c + in W), in (B, V) */
static void
ref_up (const BeliefRbm *rbm,
        const double    *in,
        double          *out,
        int              B)
{
  for (int n = 0; n < B; n++)
    for (int j = 0; j < rbm->n_hid; j++)
      {
        double x = rbm->c[j];

        for (int i = 0; i < rbm->n_vis; i++)
          x += in[n * rbm->n_vis + i] * rbm->W[i * rbm->n_hid + j];
        out[n * rbm->n_hid + j] = sigm (x);
      }
}

/* out (B, V) = sigma(b + in W^T), in (B, H); plain RBMs only */
static void
ref_down (const BeliefRbm *rbm,
          const double    *in,
          double          *out,
          int              B)
{
  g_assert_cmpint (rbm->n_label, ==, 0);
  for (int n = 0; n < B; n++)
    for (int i = 0; i < rbm->n_vis; i++)
      {
        double x = rbm->b[i];

        for (int j = 0; j < rbm->n_hid; j++)
          x += rbm->W[i * rbm->n_hid + j] * in[n * rbm->n_hid + j];
        out[n * rbm->n_vis + i] = sigm (x);
      }
}

/* Probabilities of layer `upto` from pixels, chained in double. */
static double *
ref_dbn_up (const BeliefDbn *dbn,
            const float     *v,
            int              upto,
            int              B)
{
  double *x = g_new (double, (gsize) B * dbn->sizes[0]);

  for (gsize i = 0; i < (gsize) B * dbn->sizes[0]; i++)
    x[i] = v[i];
  for (int l = 0; l < upto; l++)
    {
      double *y = g_new (double, (gsize) B * dbn->sizes[l + 1]);

      ref_up (dbn->rbms[l], x, y, B);
      g_free (x);
      x = y;
    }
  return x;
}

/* Visible probabilities from layer `from`, through gen (or rbms when tied). */
static double *
ref_dbn_down (const BeliefDbn *dbn,
              const float     *in,
              int              from,
              int              B)
{
  double *x = g_new (double, (gsize) B * dbn->sizes[from]);

  for (gsize i = 0; i < (gsize) B * dbn->sizes[from]; i++)
    x[i] = in[i];
  for (int l = from - 1; l >= 0; l--)
    {
      const BeliefRbm *g = dbn->gen[l] != NULL ? dbn->gen[l] : dbn->rbms[l];
      double *y = g_new (double, (gsize) B * dbn->sizes[l]);

      /* untied: every layer but the (undirected) top has its own copy */
      if (l < dbn->n_layers - 1)
        g_assert_true (dbn->untied == (dbn->gen[l] != NULL));
      ref_down (g, x, y, B);
      g_free (x);
      x = y;
    }
  return x;
}

/* F(v) = -b.v - sum_j softplus(c_j + sum_i v_i W_ij) */
static double
ref_free_energy (const BeliefRbm *rbm,
                 const double    *v)
{
  double f = 0.0;

  for (int i = 0; i < rbm->n_vis; i++)
    f -= rbm->b[i] * v[i];
  for (int j = 0; j < rbm->n_hid; j++)
    {
      double x = rbm->c[j];

      for (int i = 0; i < rbm->n_vis; i++)
        x += v[i] * rbm->W[i * rbm->n_hid + j];
      f -= softplus (x);
    }
  return f;
}

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static BeliefDbn *
random_dbn (const int *sizes,
            int        n_layers,
            int        n_labels,
            int        rows,
            int        cols,
            guint64    seed)
{
  BeliefDbn *dbn = belief_dbn_new (sizes, n_layers, n_labels, rows, cols);
  BeliefRng rng;

  g_assert_nonnull (dbn);
  belief_rng_init (&rng, seed);
  belief_dbn_init (dbn, &rng, 1.0f);
  return dbn;
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

static void
assert_rbm_equal (const BeliefRbm *a,
                  const BeliefRbm *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpint (a->n_vis, ==, b->n_vis);
  g_assert_cmpint (a->n_hid, ==, b->n_hid);
  g_assert_cmpint (a->n_label, ==, b->n_label);
  g_assert_cmpmem (a->params, a->n_params * sizeof (float), b->params, b->n_params * sizeof (float));
  g_assert_true ((a->velocity == NULL) == (b->velocity == NULL));
  if (a->velocity != NULL)
    g_assert_cmpmem (a->velocity, a->n_params * sizeof (float), b->velocity,
                     b->n_params * sizeof (float));
}

static void
assert_dbn_equal (const BeliefDbn *a,
                  const BeliefDbn *b)
{
  g_assert_true (belief_dbn_same_shape (a, b));
  g_assert_cmpint (a->untied, ==, b->untied);
  g_assert_cmpint (a->rows, ==, b->rows);
  g_assert_cmpint (a->cols, ==, b->cols);
  for (int i = 0; i < a->n_layers; i++)
    {
      assert_rbm_equal (a->rbms[i], b->rbms[i]);
      g_assert_true ((a->gen[i] == NULL) == (b->gen[i] == NULL));
      if (a->gen[i] != NULL)
        {
          g_assert_true (a->gen[i] != b->gen[i]);
          assert_rbm_equal (a->gen[i], b->gen[i]);
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Shape and name                                                          */

static void
test_new_describe (void)
{
  static const int sizes[] = { 6, 5, 4, 3 };
  static const int one[] = { 4, 6 };
  g_autoptr(BeliefDbn) dbn = belief_dbn_new (sizes, 3, 2, 2, 3);
  g_autoptr(BeliefDbn) plain = belief_dbn_new (sizes, 2, 0, 3, 2);
  g_autoptr(BeliefDbn) single = belief_dbn_new (one, 1, 3, 2, 2);
  g_autofree char *s1 = belief_dbn_describe (dbn);
  g_autofree char *s2 = belief_dbn_describe (plain);
  g_autofree char *s3 = belief_dbn_describe (single);

  g_assert_cmpstr (s1, ==, "6-5-4+2-3");
  g_assert_cmpstr (s2, ==, "6-5-4");
  g_assert_cmpstr (s3, ==, "4+3-6");

  g_assert_cmpint (dbn->n_layers, ==, 3);
  g_assert_cmpint (dbn->n_labels, ==, 2);
  g_assert_false (dbn->untied);
  /* rbms[i] joins layer i to i+1; the top one has the labels at the end */
  g_assert_cmpint (dbn->rbms[0]->n_vis, ==, 6);
  g_assert_cmpint (dbn->rbms[0]->n_hid, ==, 5);
  g_assert_cmpint (dbn->rbms[0]->n_label, ==, 0);
  g_assert_cmpint (dbn->rbms[1]->n_vis, ==, 5);
  g_assert_cmpint (dbn->rbms[1]->n_hid, ==, 4);
  g_assert_cmpint (dbn->rbms[1]->n_label, ==, 0);
  g_assert_cmpint (dbn->rbms[2]->n_vis, ==, 4 + 2);
  g_assert_cmpint (dbn->rbms[2]->n_hid, ==, 3);
  g_assert_cmpint (dbn->rbms[2]->n_label, ==, 2);
  for (int i = 0; i < 3; i++)
    g_assert_null (dbn->gen[i]);
  g_assert_cmpint (single->rbms[0]->n_vis, ==, 7);
  g_assert_cmpint (single->rbms[0]->n_label, ==, 3);
  g_assert_cmpint (plain->rbms[1]->n_label, ==, 0);

  g_assert_true (belief_dbn_same_shape (dbn, dbn));
  g_assert_false (belief_dbn_same_shape (dbn, plain));
}

/* ---------------------------------------------------------------------- */
/* Up and down                                                             */

static void
test_up_down (void)
{
  /* uneven widths, so that the passes' scratch buffers are exercised */
  static const int sizes[] = { 6, 9, 4, 7, 3 };
  const int B = 3;
  g_autoptr(BeliefDbn) dbn = random_dbn (sizes, 4, 0, 2, 3, 1);
  g_autofree float *v = random_rows (B, 6, 2, FALSE);

  for (int untied = 0; untied < 2; untied++)
    {
      if (untied)
        {
          BeliefRng rng;

          /* generative weights now differ from the recognition ones */
          belief_dbn_untie (dbn);
          belief_rng_init (&rng, 3);
          for (int l = 0; l < 3; l++)
            belief_rbm_init_normal (dbn->gen[l], &rng, 1.0f);
        }
      for (int upto = 0; upto <= 4; upto++)
        {
          g_autofree float *got = g_new (float, (gsize) B * sizes[upto]);
          g_autofree double *want = ref_dbn_up (dbn, v, upto, B);

          belief_dbn_up (dbn, v, got, upto, B);
          check_close ("up", got, want, (gsize) B * sizes[upto], 1e-5);
        }
      for (int from = 0; from <= 4; from++)
        {
          g_autofree float *x = random_rows (B, sizes[from], 10 + from, FALSE);
          g_autofree float *got = g_new (float, (gsize) B * 6);
          g_autofree double *want = ref_dbn_down (dbn, x, from, B);

          belief_dbn_down (dbn, x, got, from, B);
          check_close (untied ? "down (untied)" : "down (tied)", got, want, (gsize) B * 6, 1e-5);
        }
    }
}

static void
test_up_down_labels (void)
{
  static const int sizes[] = { 6, 5, 4, 3 };
  const int B = 2;
  g_autoptr(BeliefDbn) dbn = random_dbn (sizes, 3, 2, 2, 3, 4);
  g_autofree float *v = random_rows (B, 6, 5, FALSE);
  g_autofree float *pen = g_new (float, (gsize) B * 4);
  g_autofree float *vis = g_new (float, (gsize) B * 6);
  g_autofree double *want_pen = ref_dbn_up (dbn, v, 2, B);
  g_autofree double *want_vis = NULL;

  belief_dbn_up (dbn, v, pen, 2, B);
  check_close ("up to pen", pen, want_pen, (gsize) B * 4, 1e-5);
  belief_dbn_untie (dbn);
  want_vis = ref_dbn_down (dbn, pen, 2, B);
  belief_dbn_down (dbn, pen, vis, 2, B);
  check_close ("down from pen", vis, want_vis, (gsize) B * 6, 1e-5);
}

/* ---------------------------------------------------------------------- */
/* Recognition                                                             */

/* softmax over labels of -F([pen, e_l]) in the top RBM */
static void
ref_recognise_free_energy (const BeliefDbn *dbn,
                           const float     *v,
                           int              B,
                           double          *probs)
{
  const BeliefRbm *top = dbn->rbms[dbn->n_layers - 1];
  int L = dbn->n_labels, n_pen = top->n_vis - L;
  g_autofree double *pen = ref_dbn_up (dbn, v, dbn->n_layers - 1, B);
  g_autofree double *x = g_new (double, top->n_vis);
  g_autofree double *neg_f = g_new (double, L);

  for (int n = 0; n < B; n++)
    {
      double max = -INFINITY, sum = 0.0;

      for (int l = 0; l < L; l++)
        {
          memcpy (x, pen + n * n_pen, n_pen * sizeof (double));
          for (int m = 0; m < L; m++)
            x[n_pen + m] = m == l;
          neg_f[l] = -ref_free_energy (top, x);
          max = MAX (max, neg_f[l]);
        }
      for (int l = 0; l < L; l++)
        sum += exp (neg_f[l] - max);
      for (int l = 0; l < L; l++)
        probs[n * L + l] = exp (neg_f[l] - max) / sum;
    }
}

static void
test_recognise_free_energy (void)
{
  static const int sizes[] = { 6, 5, 4, 3 };
  static const int sizes10[] = { 12, 8, 6 };
  const int B = 5;

  for (int k = 0; k < 2; k++)
    {
      g_autoptr(BeliefDbn) dbn = k == 0 ? random_dbn (sizes, 3, 2, 2, 3, 6)
                                        : random_dbn (sizes10, 2, 10, 3, 4, 7);
      int L = dbn->n_labels;
      g_autofree float *v = random_rows (B, dbn->sizes[0], 8, TRUE);
      g_autofree float *got = g_new (float, (gsize) B * L);
      g_autofree double *want = g_new (double, (gsize) B * L);

      belief_dbn_recognise (dbn, v, B, BELIEF_RECOG_FREE_ENERGY, 0, NULL, got);
      ref_recognise_free_energy (dbn, v, B, want);
      check_close ("softmax(-F)", got, want, (gsize) B * L, 1e-5);
    }
}

/* A two-layer net built by hand: rbms[0] copies the 4 pixels to 4 pen units
 * (p = sigma(+-5)); the top RBM has two hidden "detectors" per label that
 * fire for the label's template and its label unit, so label l is strongly
 * preferred for the image t_l, by either method. */
static const float templates[3][4] = { { 1, 1, 0, 0 }, { 0, 0, 1, 1 }, { 1, 0, 1, 0 } };

static BeliefDbn *
template_dbn (void)
{
  static const int sizes[] = { 4, 4, 6 };
  BeliefDbn *dbn = belief_dbn_new (sizes, 2, 3, 2, 2);
  BeliefRbm *low = dbn->rbms[0], *top = dbn->rbms[1];
  const float s = 8.0f;

  for (int i = 0; i < 4; i++)
    {
      for (int j = 0; j < 4; j++)
        low->W[i * 4 + j] = i == j ? 10.0f : 0.0f;
      low->c[i] = -5.0f;
      low->b[i] = -5.0f;  /* down: pixel = sigma(10 pen - 5) */
    }
  for (int u = 0; u < 6; u++)
    {
      int l = u / 2, on = 0;

      for (int i = 0; i < 4; i++)
        {
          top->W[i * 6 + u] = s * (2.0f * templates[l][i] - 1.0f);
          on += templates[l][i] > 0.5f;
        }
      for (int m = 0; m < 3; m++)
        top->W[(4 + m) * 6 + u] = m == l ? s : -s;
      top->c[u] = -s * on + s / 2;
    }
  return dbn;
}

static void
test_recognise_gibbs_agrees (void)
{
  g_autoptr(BeliefDbn) dbn = template_dbn ();
  float v[3 * 4], fe[3 * 3], gibbs[3 * 3];
  double want[3 * 3];
  BeliefRng rng;

  memcpy (v, templates, sizeof v);
  belief_dbn_recognise (dbn, v, 3, BELIEF_RECOG_FREE_ENERGY, 0, NULL, fe);
  ref_recognise_free_energy (dbn, v, 3, want);
  check_close ("softmax(-F), template net", fe, want, 9, 1e-5);
  belief_rng_init (&rng, 9);
  belief_dbn_recognise (dbn, v, 3, BELIEF_RECOG_GIBBS, 15, &rng, gibbs);
  for (int n = 0; n < 3; n++)
    {
      int a_fe = 0, a_gibbs = 0;
      double sum = 0.0;

      for (int l = 0; l < 3; l++)
        {
          a_fe = fe[n * 3 + l] > fe[n * 3 + a_fe] ? l : a_fe;
          a_gibbs = gibbs[n * 3 + l] > gibbs[n * 3 + a_gibbs] ? l : a_gibbs;
          g_assert_cmpfloat (gibbs[n * 3 + l], >=, 0.0f);
          sum += gibbs[n * 3 + l];
        }
      g_test_message ("image %d: free energy %.4f %.4f %.4f, Gibbs %.4f %.4f %.4f", n,
                      fe[n * 3], fe[n * 3 + 1], fe[n * 3 + 2],
                      gibbs[n * 3], gibbs[n * 3 + 1], gibbs[n * 3 + 2]);
      /* label probabilities: a distribution */
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-5);
      /* the construction: label n strongly preferred */
      g_assert_cmpint (a_fe, ==, n);
      g_assert_cmpfloat (fe[n * 3 + n], >, 0.99f);
      g_assert_cmpint (a_gibbs, ==, a_fe);
    }
}

/* ---------------------------------------------------------------------- */
/* Generation                                                              */

typedef struct
{
  int    n_calls;
  int    steps[16];
  int    count;
  int    n_pix;
  float *last;
} Frames;

static void
frame_cb (int          step,
          const float *visible,
          int          count,
          gpointer     user_data)
{
  Frames *f = user_data;

  g_assert_cmpint (f->n_calls, <, (int) G_N_ELEMENTS (f->steps));
  f->steps[f->n_calls++] = step;
  f->count = count;
  for (int i = 0; i < count * f->n_pix; i++)
    {
      g_assert_cmpfloat (visible[i], >=, 0.0f);
      g_assert_cmpfloat (visible[i], <=, 1.0f);
    }
  memcpy (f->last, visible, (gsize) count * f->n_pix * sizeof (float));
}

static void
test_generate (void)
{
  static const int sizes[] = { 6, 5, 4, 3 };
  static const int labels[] = { 0, 1, -1 };
  const int count = 3, n_pix = 6, guard = 8;
  g_autoptr(BeliefDbn) dbn = random_dbn (sizes, 3, 2, 2, 3, 11);
  g_autofree float *out = g_new (float, count * n_pix + guard);
  g_autofree float *again = g_new (float, count * n_pix);
  g_autofree float *last = g_new (float, count * n_pix);
  Frames f = { .n_pix = n_pix, .last = last };
  BeliefRng rng;

  belief_dbn_untie (dbn);
  for (int i = 0; i < count * n_pix + guard; i++)
    out[i] = -3.0f;
  belief_rng_init (&rng, 12);
  belief_dbn_generate (dbn, labels, count, 12, 1.0f, &rng, out, 3, frame_cb, &f);
  /* count * pixels values in [0, 1], nothing written past them */
  for (int i = 0; i < count * n_pix; i++)
    {
      g_assert_cmpfloat (out[i], >=, 0.0f);
      g_assert_cmpfloat (out[i], <=, 1.0f);
    }
  for (int i = count * n_pix; i < count * n_pix + guard; i++)
    g_assert_cmpfloat (out[i], ==, -3.0f);
  /* frames at steps 3, 6, 9, 12; the last one is the result */
  g_assert_cmpint (f.n_calls, ==, 4);
  for (int k = 0; k < 4; k++)
    g_assert_cmpint (f.steps[k], ==, 3 * (k + 1));
  g_assert_cmpint (f.count, ==, count);
  g_assert_cmpmem (last, count * n_pix * sizeof (float), out, count * n_pix * sizeof (float));

  /* same seed, same images; no frames asked, none given */
  f.n_calls = 0;
  belief_rng_init (&rng, 12);
  belief_dbn_generate (dbn, labels, count, 12, 1.0f, &rng, again, 0, frame_cb, &f);
  g_assert_cmpint (f.n_calls, ==, 0);
  g_assert_cmpmem (again, count * n_pix * sizeof (float), out, count * n_pix * sizeof (float));
}

/* With the template net, clamping label l generates (close to) t_l. */
static void
test_generate_clamped (void)
{
  g_autoptr(BeliefDbn) dbn = template_dbn ();
  const int per = 20;
  int labels[3 * 20];
  float out[3 * 20 * 4];
  BeliefRng rng;

  belief_dbn_untie (dbn);
  for (int k = 0; k < 3 * per; k++)
    labels[k] = k / per;
  belief_rng_init (&rng, 13);
  belief_dbn_generate (dbn, labels, 3 * per, 200, 1.0f, &rng, out, 0, NULL, NULL);
  for (int l = 0; l < 3; l++)
    {
      double mean[4] = { 0 };

      for (int k = l * per; k < (l + 1) * per; k++)
        for (int i = 0; i < 4; i++)
          mean[i] += out[k * 4 + i] / per;
      g_test_message ("label %d: mean image %.3f %.3f %.3f %.3f", l, mean[0], mean[1],
                      mean[2], mean[3]);
      /* The top RBM's only modes are the templates: with the label clamped
       * the pen state sits at t_l nearly all the time (p ~ 0.999 per unit
       * per step); 0.25 per pixel leaves room for rare excursions but not
       * for another template or a free-running label. */
      for (int i = 0; i < 4; i++)
        g_assert_cmpfloat_with_epsilon (mean[i], templates[l][i], 0.25);
    }
}

/* ---------------------------------------------------------------------- */
/* Untie, copies, finiteness                                               */

static void
test_untie (void)
{
  static const int sizes[] = { 6, 5, 4, 3 };
  g_autoptr(BeliefDbn) dbn = random_dbn (sizes, 3, 2, 2, 3, 14);
  float w_rec, b_gen;

  for (int i = 0; i < 3; i++)
    g_assert_true (belief_dbn_gen (dbn, i) == dbn->rbms[i]);  /* tied */
  belief_dbn_untie (dbn);
  g_assert_true (dbn->untied);
  for (int i = 0; i < 2; i++)
    {
      g_assert_nonnull (dbn->gen[i]);
      g_assert_true (dbn->gen[i] != dbn->rbms[i]);
      g_assert_true (dbn->gen[i]->params != dbn->rbms[i]->params);
      g_assert_true (belief_dbn_gen (dbn, i) == dbn->gen[i]);
      assert_rbm_equal (dbn->gen[i], dbn->rbms[i]);
    }
  g_assert_null (dbn->gen[2]);  /* the top stays undirected */
  g_assert_true (belief_dbn_gen (dbn, 2) == dbn->rbms[2]);

  /* independent afterwards, both ways */
  w_rec = dbn->rbms[0]->W[3];
  dbn->gen[0]->W[3] += 1.0f;
  g_assert_cmpfloat (dbn->rbms[0]->W[3], ==, w_rec);
  b_gen = dbn->gen[1]->b[2];
  dbn->rbms[1]->b[2] += 1.0f;
  g_assert_cmpfloat (dbn->gen[1]->b[2], ==, b_gen);

  /* idempotent: untying again keeps the generative weights */
  belief_dbn_untie (dbn);
  g_assert_cmpfloat (dbn->gen[0]->W[3], ==, w_rec + 1.0f);
  g_assert_cmpfloat (dbn->gen[1]->b[2], ==, b_gen);
}

static void
test_copy (void)
{
  static const int sizes[] = { 6, 5, 4, 3 };
  g_autoptr(BeliefDbn) src = random_dbn (sizes, 3, 2, 2, 3, 15);
  g_autoptr(BeliefDbn) copy = NULL;
  g_autoptr(BeliefDbn) dst = random_dbn (sizes, 3, 2, 2, 3, 16);
  g_autoptr(BeliefDbn) tied = random_dbn (sizes, 3, 2, 2, 3, 17);
  float keep;

  belief_dbn_untie (src);
  for (int i = 0; i < 3; i++)
    {
      belief_rbm_ensure_velocity (src->rbms[i]);
      for (gsize k = 0; k < src->rbms[i]->n_params; k++)
        src->rbms[i]->velocity[k] = 0.01f * k;
    }
  src->gen[0]->W[0] = 42.0f;  /* gen differs from rbms */

  copy = belief_dbn_copy (src);
  assert_dbn_equal (src, copy);
  /* a deep copy: changing it leaves the source alone */
  keep = src->rbms[2]->W[1];
  copy->rbms[2]->W[1] += 1.0f;
  copy->gen[0]->W[0] = 0.0f;
  g_assert_cmpfloat (src->rbms[2]->W[1], ==, keep);
  g_assert_cmpfloat (src->gen[0]->W[0], ==, 42.0f);

  /* the weights only: every parameter, the generative ones too, and no
   * momentum state */
  {
    g_autoptr(BeliefDbn) weights = belief_dbn_copy_weights (src);

    g_assert_true (weights->untied);
    for (int i = 0; i < 3; i++)
      {
        g_assert_cmpmem (src->rbms[i]->params, src->rbms[i]->n_params * sizeof (float),
                         weights->rbms[i]->params, weights->rbms[i]->n_params * sizeof (float));
        g_assert_null (weights->rbms[i]->velocity);
        g_assert_true ((src->gen[i] == NULL) == (weights->gen[i] == NULL));
        if (src->gen[i] == NULL)
          continue;
        g_assert_cmpmem (src->gen[i]->params, src->gen[i]->n_params * sizeof (float),
                         weights->gen[i]->params, weights->gen[i]->n_params * sizeof (float));
        g_assert_null (weights->gen[i]->velocity);
      }
  }

  /* into a tied net of the same shape: generative copies appear */
  belief_dbn_copy_into (dst, src);
  assert_dbn_equal (src, dst);
  /* a tied source into an untied destination: they go again */
  belief_dbn_copy_into (dst, tied);
  assert_dbn_equal (tied, dst);
  g_assert_false (dst->untied);
}

static void
test_is_finite (void)
{
  static const int sizes[] = { 6, 5, 4, 3 };
  g_autoptr(BeliefDbn) dbn = random_dbn (sizes, 3, 2, 2, 3, 18);
  float keep;

  g_assert_true (belief_dbn_is_finite (dbn));
  keep = dbn->rbms[1]->W[7];
  dbn->rbms[1]->W[7] = NAN;
  g_assert_false (belief_dbn_is_finite (dbn));
  dbn->rbms[1]->W[7] = keep;
  g_assert_true (belief_dbn_is_finite (dbn));
  dbn->rbms[2]->c[2] = INFINITY;
  g_assert_false (belief_dbn_is_finite (dbn));
  dbn->rbms[2]->c[2] = 0.0f;
  belief_dbn_untie (dbn);
  g_assert_true (belief_dbn_is_finite (dbn));
  dbn->gen[0]->b[5] = NAN;  /* only in the generative copy */
  g_assert_false (belief_dbn_is_finite (dbn));
}

static void
test_recover (void)
{
  static const int sizes[] = { 6, 5, 4 };
  const int B = 2;
  g_autoptr(BeliefDbn) dbn = random_dbn (sizes, 2, 0, 2, 3, 19);
  float v[2 * 6] = { 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1 };
  float mask[2 * 6] = { 1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1 };
  float orig[2 * 6];
  BeliefRng rng;

  memcpy (orig, v, sizeof v);
  belief_rng_init (&rng, 20);
  belief_dbn_recover (dbn, v, mask, B, 10, &rng);
  for (int i = 0; i < B * 6; i++)
    {
      if (mask[i] > 0.5f)
        g_assert_cmpfloat (v[i], ==, orig[i]);  /* known pixels kept */
      g_assert_cmpfloat (v[i], >=, 0.0f);
      g_assert_cmpfloat (v[i], <=, 1.0f);
    }
}

/* ---------------------------------------------------------------------- */
/* Wake-sleep                                                              */

static void
snapshot (const BeliefDbn *dbn,
          GPtrArray       *out)
{
  for (int i = 0; i < dbn->n_layers; i++)
    {
      g_ptr_array_add (out, g_memdup2 (dbn->rbms[i]->params, dbn->rbms[i]->n_params * sizeof (float)));
      if (dbn->gen[i] != NULL)
        g_ptr_array_add (out, g_memdup2 (dbn->gen[i]->params,
                                         dbn->gen[i]->n_params * sizeof (float)));
    }
}

/* lr = 0: every weight stays bit-identical; and the statistics of the
 * first step, reproduced from a twin generator (L = 2: the wake pen state
 * is the first batch*sizes[1] uniforms, then the top's Gibbs chain).
 * data: FALSE checks weights and gen_error, TRUE the top_recon statistic. */
static void
test_finetune_lr_zero (gconstpointer data)
{
  gboolean check_top_recon = GPOINTER_TO_INT (data);
  static const int sizes[] = { 6, 4, 3 };
  const int B = 3, V0 = 6, P = 4, NL = 2, H = 3, V = P + NL;
  g_autoptr(BeliefDbn) dbn = random_dbn (sizes, 2, NL, 2, 3, 21);
  g_autoptr(BeliefFinetune) ft = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func (g_free);
  g_autofree float *v = random_rows (B, V0, 22, TRUE);
  float labels[3 * 2] = { 1, 0, 0, 1, 1, 0 };
  BeliefFinetuneHyper hp = { .lr = 0.0f, .divide_by_batch = FALSE, .n_gibbs = 1,
                             .clamp_labels = TRUE };
  BeliefFinetuneStats stats = { -1, -1 };
  BeliefRng rng, twin;
  double pw[3 * 4], wake[3 * 4], top[3 * 6], hp_[3 * 3], hs[3 * 3], neg[3 * 6];
  double pred[3 * 6], margin = INFINITY, gen_error = 0.0, top_recon = 0.0;
  float u[16];
  g_autofree double *vd = g_new (double, B * V0);

  belief_dbn_untie (dbn);
  ft = belief_finetune_new (dbn, B);
  snapshot (dbn, before);
  belief_rng_init (&rng, 23);
  belief_rng_init (&twin, 23);
  belief_finetune_step (ft, dbn, v, labels, B, &hp, &rng, &stats);

  /* wake: pen ~ p(h | v) with the recognition weights */
  for (int i = 0; i < B * V0; i++)
    vd[i] = v[i];
  ref_up (dbn->rbms[0], vd, pw, B);
  for (int k = 0; k < B * P; k += 12)
    {
      belief_rng_fill_uniform (&twin, u, 12);
      for (int i = 0; i < 12; i++)
        {
          margin = MIN (margin, fabs (pw[k + i] - u[i]));
          wake[k + i] = pw[k + i] > u[i];
        }
    }
  /* generative prediction of the pixels from the wake pen state */
  ref_down (dbn->gen[0], wake, pred, B);
  for (int i = 0; i < B * V0; i++)
    gen_error += (vd[i] - pred[i]) * (vd[i] - pred[i]) / (B * V0);

  /* top: [pen, label] -> h sampled -> pen sampled (labels clamped) */
  for (int n = 0; n < B; n++)
    {
      memcpy (top + n * V, wake + n * P, P * sizeof (double));
      for (int l = 0; l < NL; l++)
        top[n * V + P + l] = labels[n * NL + l];
    }
  ref_up (dbn->rbms[1], top, hp_, B);
  belief_rng_fill_uniform (&twin, u, B * H);
  for (int i = 0; i < B * H; i++)
    {
      margin = MIN (margin, fabs (hp_[i] - u[i]));
      hs[i] = hp_[i] > u[i];
    }
  for (int n = 0; n < B; n++)
    {
      const BeliefRbm *t = dbn->rbms[1];

      belief_rng_fill_uniform (&twin, u, P);  /* one fill per row's pen */
      for (int i = 0; i < P; i++)
        {
          double x = t->b[i], p;

          for (int j = 0; j < H; j++)
            x += t->W[i * H + j] * hs[n * H + j];
          p = sigm (x);
          margin = MIN (margin, fabs (p - u[i]));
          neg[n * V + i] = p > u[i];
          top_recon += (wake[n * P + i] - neg[n * V + i]) * (wake[n * P + i] - neg[n * V + i])
                       / (B * P);
        }
    }
  g_test_message ("smallest |p - u| %.3g; gen_error %.6f (engine %.6f), "
                  "top_recon %.6f (engine %.6f)", margin, gen_error, stats.gen_error,
                  top_recon, stats.top_recon);
  g_assert_cmpfloat (margin, >, 1e-5);  /* unambiguous draws */
  if (check_top_recon)
    {
      /* the header: top_recon = mean (pen_wake - pen_neg)^2 of the top
       * RBM; both are binary here, so the value is exact */
      g_assert_cmpfloat (top_recon, >, 0.0);  /* the statistic is informative */
      g_assert_cmpfloat_with_epsilon (stats.top_recon, top_recon, 1e-9);
      return;
    }
  g_assert_cmpfloat_with_epsilon (stats.gen_error, gen_error, 1e-6);

  for (int s = 0; s < 4; s++)
    belief_finetune_step (ft, dbn, v, labels, B, &hp, &rng, NULL);
  snapshot (dbn, after);
  g_assert_cmpuint (before->len, ==, 3);
  g_assert_cmpuint (after->len, ==, 3);
  for (guint k = 0; k < before->len; k++)
    {
      const BeliefRbm *r = k < 2 ? dbn->rbms[0] : dbn->rbms[1];

      g_assert_cmpmem (before->pdata[k], r->n_params * sizeof (float), after->pdata[k],
                       r->n_params * sizeof (float));
    }

}

/* Expected generative prediction error of one image under the recognition
 * distribution: sum over all 2^4 hidden states h of
 * prod_j p_rec(h_j|v) * mean_i (v_i - p_gen(v_i|h))^2.  Exact, no sampling. */
static double
expected_gen_error (const BeliefDbn *dbn,
                    const float     *v)
{
  const BeliefRbm *rec = dbn->rbms[0], *gen = dbn->gen[0];
  int V = rec->n_vis, H = rec->n_hid;
  g_autofree double *vd = g_new (double, V);
  g_autofree double *q = g_new (double, H);
  g_autofree double *h = g_new (double, H);
  g_autofree double *pred = g_new (double, V);
  double total = 0.0;

  g_assert_cmpint (H, <=, 12);
  for (int i = 0; i < V; i++)
    vd[i] = v[i];
  ref_up (rec, vd, q, 1);
  for (guint s = 0; s < (1u << H); s++)
    {
      double weight = 1.0, err = 0.0;

      for (int j = 0; j < H; j++)
        {
          h[j] = (s >> j) & 1;
          weight *= h[j] > 0 ? q[j] : 1.0 - q[j];
        }
      ref_down (gen, h, pred, 1);
      for (int i = 0; i < V; i++)
        err += (vd[i] - pred[i]) * (vd[i] - pred[i]) / V;
      total += weight * err;
    }
  return total;
}

static void
test_finetune_learns (void)
{
  static const int sizes[] = { 6, 4, 3 };
  const int B = 4;
  g_autoptr(BeliefDbn) dbn = NULL;
  g_autoptr(BeliefFinetune) ft = NULL;
  static const float one[6] = { 1, 0, 1, 1, 0, 0 };
  float v[4 * 6], labels[4 * 2], w_before[6 * 4];
  BeliefFinetuneHyper hp = { .lr = 0.05f, .divide_by_batch = TRUE, .n_gibbs = 3,
                             .clamp_labels = TRUE };
  double err0, err1;
  gboolean changed = FALSE;
  BeliefRng rng;

  dbn = belief_dbn_new (sizes, 2, 2, 2, 3);
  belief_rng_init (&rng, 24);
  belief_dbn_init (dbn, &rng, 0.1f);
  belief_dbn_untie (dbn);
  /* one example, repeated over the batch */
  for (int n = 0; n < B; n++)
    {
      memcpy (v + n * 6, one, sizeof one);
      labels[n * 2] = 1.0f;
      labels[n * 2 + 1] = 0.0f;
    }
  memcpy (w_before, dbn->gen[0]->W, sizeof w_before);
  err0 = expected_gen_error (dbn, one);
  ft = belief_finetune_new (dbn, B);
  for (int s = 0; s < 200; s++)
    belief_finetune_step (ft, dbn, v, labels, B, &hp, &rng, NULL);
  err1 = expected_gen_error (dbn, one);
  g_test_message ("expected generative error: %.5f before, %.5f after 200 steps", err0, err1);
  g_assert_true (belief_dbn_is_finite (dbn));
  for (int i = 0; i < 6 * 4; i++)
    changed |= dbn->gen[0]->W[i] != w_before[i];
  g_assert_true (changed);
  /* From small random weights the error starts near 0.25 (every pixel
   * predicted ~0.5); 200 delta-rule steps of lr 0.05 on one example must
   * at least halve it. */
  g_assert_cmpfloat (err0, >, 0.2);
  g_assert_cmpfloat (err1, <, 0.5 * err0);
}

/* One step's generative update is the delta rule of the header on the
 * wake states: G_W += lr' (v - p_gen(v|h_wake))^T h_wake, b += lr' sum(..). */
static void
test_finetune_gen_delta (void)
{
  static const int sizes[] = { 6, 4, 3 };
  const int B = 3, V0 = 6, P = 4;
  g_autoptr(BeliefDbn) dbn = random_dbn (sizes, 2, 2, 2, 3, 25);
  g_autoptr(BeliefFinetune) ft = NULL;
  g_autofree float *v = random_rows (B, V0, 26, TRUE);
  float labels[3 * 2] = { 0, 1, 1, 0, 0, 1 }, u[12];
  BeliefFinetuneHyper hp = { .lr = 0.3f, .divide_by_batch = TRUE, .n_gibbs = 2,
                             .clamp_labels = TRUE };
  double vd[3 * 6], pw[3 * 4], wake[3 * 4], pred[3 * 6], W[6 * 4], b[6];
  double a = 0.3 / B, margin = INFINITY;
  BeliefRng rng, twin;

  belief_dbn_untie (dbn);
  ft = belief_finetune_new (dbn, B);
  for (int i = 0; i < B * V0; i++)
    vd[i] = v[i];
  for (int i = 0; i < V0 * P; i++)
    W[i] = dbn->gen[0]->W[i];
  for (int i = 0; i < V0; i++)
    b[i] = dbn->gen[0]->b[i];
  ref_up (dbn->rbms[0], vd, pw, B);
  belief_rng_init (&twin, 27);
  belief_rng_fill_uniform (&twin, u, B * P);
  for (int i = 0; i < B * P; i++)
    {
      margin = MIN (margin, fabs (pw[i] - u[i]));
      wake[i] = pw[i] > u[i];
    }
  g_assert_cmpfloat (margin, >, 1e-5);
  ref_down (dbn->gen[0], wake, pred, B);
  for (int i = 0; i < V0; i++)
    for (int n = 0; n < B; n++)
      {
        double d = vd[n * V0 + i] - pred[n * V0 + i];

        for (int j = 0; j < P; j++)
          W[i * P + j] += a * d * wake[n * P + j];
        b[i] += a * d;
      }

  belief_rng_init (&rng, 27);
  belief_finetune_step (ft, dbn, v, labels, B, &hp, &rng, NULL);
  check_close ("generative W", dbn->gen[0]->W, W, V0 * P, 1e-6);
  check_close ("generative b", dbn->gen[0]->b, b, V0, 1e-6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dbn/new-describe", test_new_describe);
  g_test_add_func ("/dbn/up-down", test_up_down);
  g_test_add_func ("/dbn/up-down-labels", test_up_down_labels);
  g_test_add_func ("/dbn/recognise/free-energy", test_recognise_free_energy);
  g_test_add_func ("/dbn/recognise/gibbs-agrees", test_recognise_gibbs_agrees);
  g_test_add_func ("/dbn/generate/frames", test_generate);
  g_test_add_func ("/dbn/generate/clamped-label", test_generate_clamped);
  g_test_add_func ("/dbn/untie", test_untie);
  g_test_add_func ("/dbn/copy", test_copy);
  g_test_add_func ("/dbn/is-finite", test_is_finite);
  g_test_add_func ("/dbn/recover", test_recover);
  g_test_add_func ("/dbn/finetune/gen-delta", test_finetune_gen_delta);
  g_test_add_func ("/dbn/finetune/learns", test_finetune_learns);
  g_test_add_data_func ("/dbn/finetune/lr-zero", GINT_TO_POINTER (FALSE), test_finetune_lr_zero);
  g_test_add_data_func ("/dbn/finetune/top-recon-stat", GINT_TO_POINTER (TRUE),
                        test_finetune_lr_zero);

  return g_test_run ();
}
