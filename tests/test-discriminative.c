/* test-discriminative.c: the backpropagated gradient against central finite
 * differences of a cross-entropy computed here, in double, from scratch. */
#include <glib.h>
#include <math.h>

#include "belief-dbn.h"
#include "belief-discriminative.h"
#include "belief-rng.h"

#define B 5

static double
softplus (double x)
{
  return x > 0 ? x + log1p (exp (-x)) : log1p (exp (x));
}

/* Summed cross-entropy of the batch under the model, all in double. */
static double
reference_loss (const BeliefDbn *dbn, const float *v, const int *labels)
{
  int L = dbn->n_layers, NL = dbn->n_labels, P = dbn->sizes[L - 1], H = dbn->sizes[L];
  const BeliefRbm *top = dbn->rbms[L - 1];
  double total = 0.0;

  for (int r = 0; r < B; r++)
    {
      double x[64], y[64], logit[16], max = -INFINITY, z = 0.0;
      int n = dbn->sizes[0];

      for (int i = 0; i < n; i++)
        x[i] = v[r * n + i];
      for (int l = 0; l < L - 1; l++)
        {
          const BeliefRbm *rbm = dbn->rbms[l];

          for (int j = 0; j < rbm->n_hid; j++)
            {
              double a = rbm->c[j];

              for (int i = 0; i < rbm->n_vis; i++)
                a += x[i] * rbm->W[i * rbm->n_hid + j];
              y[j] = 1.0 / (1.0 + exp (-a));
            }
          n = rbm->n_hid;
          for (int j = 0; j < n; j++)
            x[j] = y[j];
        }
      g_assert_cmpint (n, ==, P);
      for (int l = 0; l < NL; l++)
        {
          logit[l] = top->b[P + l];
          for (int j = 0; j < H; j++)
            {
              double a = top->c[j] + top->W[(P + l) * H + j];

              for (int i = 0; i < P; i++)
                a += x[i] * top->W[i * H + j];
              logit[l] += softplus (a);
            }
          max = fmax (max, logit[l]);
        }
      for (int l = 0; l < NL; l++)
        z += exp (logit[l] - max);
      total -= logit[labels[r]] - max - log (z);
    }
  return total;
}

static void
check_block (BeliefDbn *dbn, float *param, const float *grad, int n, const float *v,
             const int *labels, const char *what)
{
  for (int k = 0; k < n; k++)
    {
      const float h = 1e-2f;
      float keep = param[k];
      double up, down, numeric;

      param[k] = keep + h;
      up = reference_loss (dbn, v, labels);
      param[k] = keep - h;
      down = reference_loss (dbn, v, labels);
      param[k] = keep;
      numeric = (up - down) / ((double) (keep + h) - (double) (keep - h));
      if (fabs (numeric - grad[k]) > 2e-3 * (1.0 + fabs (numeric)))
        g_error ("%s[%d]: backprop %g, finite differences %g", what, k, grad[k], numeric);
    }
}

static void
test_gradient (void)
{
  int sizes[] = { 6, 5, 4, 7 };
  g_autoptr(BeliefDbn) dbn = belief_dbn_new (sizes, 3, 3, 2, 3);
  g_autoptr(BeliefDisc) disc = belief_disc_new (dbn, B);
  BeliefRng rng;
  float v[B * 6], onehot[B * 3] = { 0 };
  int labels[B];
  BeliefDiscStats st;

  belief_rng_init (&rng, 42);
  belief_dbn_init (dbn, &rng, 0.8f);
  for (int i = 0; i < 3; i++)
    for (gsize k = 0; k < dbn->rbms[i]->n_vis + (gsize) dbn->rbms[i]->n_hid; k++)
      dbn->rbms[i]->b[k] = (float) (belief_rng_uniform (&rng) - 0.5);  /* b and c */
  for (int i = 0; i < B * 6; i++)
    v[i] = (float) belief_rng_uniform (&rng);
  for (int r = 0; r < B; r++)
    {
      labels[r] = (int) belief_rng_below (&rng, 3);
      onehot[r * 3 + labels[r]] = 1.0f;
    }

  belief_disc_gradient (disc, dbn, v, onehot, B, &st);
  g_assert_cmpfloat_with_epsilon (st.loss * B, reference_loss (dbn, v, labels), 1e-4);
  for (int i = 0; i < 3; i++)
    {
      BeliefRbm *rbm = dbn->rbms[i];
      const BeliefRbm *g = belief_disc_grad (disc, i);
      g_autofree char *w = g_strdup_printf ("W%d", i), *c = g_strdup_printf ("c%d", i);

      check_block (dbn, rbm->W, g->W, rbm->n_vis * rbm->n_hid, v, labels, w);
      check_block (dbn, rbm->c, g->c, rbm->n_hid, v, labels, c);
    }
  /* label biases of the top RBM */
  check_block (dbn, dbn->rbms[2]->b + 4, belief_disc_grad (disc, 2)->b + 4, 3, v, labels, "b_label");
}

static void
test_descent_lowers_loss (void)
{
  int sizes[] = { 6, 5, 4, 7 };
  g_autoptr(BeliefDbn) dbn = belief_dbn_new (sizes, 3, 3, 2, 3);
  g_autoptr(BeliefDisc) disc = belief_disc_new (dbn, B);
  g_autoptr(BeliefDbn) before = NULL;
  BeliefRng rng;
  float v[B * 6], onehot[B * 3] = { 0 };
  int labels[B];
  double first;

  belief_rng_init (&rng, 7);
  belief_dbn_init (dbn, &rng, 0.5f);
  belief_dbn_untie (dbn);
  before = belief_dbn_copy (dbn);
  for (int i = 0; i < B * 6; i++)
    v[i] = (float) belief_rng_uniform (&rng);
  for (int r = 0; r < B; r++)
    {
      labels[r] = r % 3;
      onehot[r * 3 + labels[r]] = 1.0f;
    }
  first = reference_loss (dbn, v, labels);
  for (int it = 0; it < 1000; it++)
    {
      belief_disc_gradient (disc, dbn, v, onehot, B, NULL);
      belief_disc_apply (disc, dbn, B, 0.5f, 0.5f);
    }
  g_assert_cmpfloat (reference_loss (dbn, v, labels), <, 0.1 * first);
  /* The generative weights and the lower visible biases are not touched. */
  for (int i = 0; i < 2; i++)
    {
      const BeliefRbm *g0 = belief_dbn_gen (before, i), *g1 = belief_dbn_gen (dbn, i);

      g_assert_cmpmem (g0->params, g0->n_params * sizeof (float), g1->params, g1->n_params * sizeof (float));
      g_assert_cmpmem (before->rbms[i]->b, before->rbms[i]->n_vis * sizeof (float),
                       dbn->rbms[i]->b, dbn->rbms[i]->n_vis * sizeof (float));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/discriminative/gradient", test_gradient);
  g_test_add_func ("/discriminative/descent", test_descent_lowers_loss);
  return g_test_run ();
}
