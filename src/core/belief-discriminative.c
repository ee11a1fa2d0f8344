/* belief-discriminative.c: backpropagation of log p(label | image). */
#include "belief-discriminative.h"

#include <math.h>
#include <string.h>

#include "belief-blas.h"
#include "belief-dataset.h"
#include "belief-kernels.h"

struct _BeliefDisc
{
  int        n_layers, batch, widest;
  float     *x[BELIEF_MAX_LAYERS];     /* activities of layers 1..L-1 */
  float     *a;                        /* (B, H) top hidden input from pen */
  float     *s;                        /* (B, NL, H) sigma(a + U_l) */
  double    *g;                        /* (B, NL) p - y */
  float     *da;                       /* (B, H) */
  float     *dx, *dz;                  /* (B, widest) */
  BeliefRbm *grad[BELIEF_MAX_LAYERS];  /* velocity lives in grad->velocity */
};

BeliefDisc *
belief_disc_new (const BeliefDbn *dbn, int batch)
{
  BeliefDisc *d;
  int L = dbn->n_layers, H = dbn->sizes[L];

  g_return_val_if_fail (dbn->n_labels > 0 && dbn->n_labels <= BELIEF_MAX_CLASSES && batch > 0, NULL);

  d = g_new0 (BeliefDisc, 1);
  d->n_layers = L;
  d->batch = batch;
  for (int i = 0; i < L; i++)
    {
      d->widest = MAX (d->widest, dbn->sizes[i]);
      if (i > 0)
        d->x[i] = g_new0 (float, (gsize) batch * dbn->sizes[i]);
      d->grad[i] = belief_rbm_new (dbn->rbms[i]->n_vis, dbn->rbms[i]->n_hid, dbn->rbms[i]->n_label);
      belief_rbm_ensure_velocity (d->grad[i]);
    }
  d->a = g_new0 (float, (gsize) batch * H);
  d->da = g_new0 (float, (gsize) batch * H);
  d->s = g_new0 (float, (gsize) batch * dbn->n_labels * H);
  d->g = g_new0 (double, (gsize) batch * dbn->n_labels);
  d->dx = g_new0 (float, (gsize) batch * d->widest);
  d->dz = g_new0 (float, (gsize) batch * d->widest);
  return d;
}

void
belief_disc_free (BeliefDisc *d)
{
  if (d == NULL)
    return;
  for (int i = 0; i < d->n_layers; i++)
    {
      g_free (d->x[i]);
      belief_rbm_free (d->grad[i]);
    }
  g_free (d->a);
  g_free (d->da);
  g_free (d->s);
  g_free (d->g);
  g_free (d->dx);
  g_free (d->dz);
  g_free (d);
}

const BeliefRbm *
belief_disc_grad (const BeliefDisc *d, int layer)
{
  g_return_val_if_fail (layer >= 0 && layer < d->n_layers, NULL);
  return d->grad[layer];
}

/* out (cols) = sum over rows of m (rows, cols) */
static void
col_sums (float *out, const float *m, int rows, int cols)
{
  memset (out, 0, cols * sizeof (float));
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      out[c] += m[(gsize) r * cols + c];
}

void
belief_disc_gradient (BeliefDisc *d, const BeliefDbn *dbn, const float *v, const float *labels,
                      int B, BeliefDiscStats *stats)
{
  int L = dbn->n_layers, NL = dbn->n_labels, P = dbn->sizes[L - 1], H = dbn->sizes[L];
  const BeliefRbm *top = dbn->rbms[L - 1];
  BeliefRbm *gtop = d->grad[L - 1];
  const float *pen;
  double loss = 0.0;
  int right = 0;

  g_return_if_fail (B <= d->batch && dbn->n_layers == d->n_layers);

  /* Up through the recognition weights. */
  for (int i = 0; i < L - 1; i++)
    belief_rbm_hidden_probs (dbn->rbms[i], i == 0 ? v : d->x[i], d->x[i + 1], B);
  pen = L > 1 ? d->x[L - 1] : v;

  /* The top RBM's label conditional. */
  belief_gemm (FALSE, FALSE, B, H, P, 1.0f, pen, top->W, 0.0f, d->a);
  for (int r = 0; r < B; r++)
    for (int j = 0; j < H; j++)
      d->a[(gsize) r * H + j] += top->c[j];
  for (int r = 0; r < B; r++)
    {
      double logit[BELIEF_MAX_CLASSES], max = -INFINITY, z = 0.0;
      int best = 0, truth = 0;

      for (int l = 0; l < NL; l++)
        {
          const float *U = top->W + (gsize) (P + l) * H;
          float *srow = d->s + ((gsize) r * NL + l) * H;

          logit[l] = top->b[P + l] + belief_softplus_sum (d->a + (gsize) r * H, U, H);
          max = MAX (max, logit[l]);
          best = logit[l] > logit[best] ? l : best;
          truth = labels[(gsize) r * NL + l] > labels[(gsize) r * NL + truth] ? l : truth;
          for (int j = 0; j < H; j++)
            srow[j] = d->a[(gsize) r * H + j] + U[j];
        }
      for (int l = 0; l < NL; l++)
        z += exp (logit[l] - max);
      for (int l = 0; l < NL; l++)
        {
          double p = exp (logit[l] - max) / z;

          d->g[(gsize) r * NL + l] = p - labels[(gsize) r * NL + l];
          if (labels[(gsize) r * NL + l] > 0.0f)
            loss -= labels[(gsize) r * NL + l] * (logit[l] - max - log (z));
        }
      right += best == truth;
    }
  belief_sigmoid_rows (d->s, NULL, B * NL, H);

  /* Output layer gradients. */
  memset (gtop->params, 0, gtop->n_params * sizeof (float));
  memset (d->da, 0, (gsize) B * H * sizeof (float));
  for (int r = 0; r < B; r++)
    for (int l = 0; l < NL; l++)
      {
        float g = (float) d->g[(gsize) r * NL + l];
        const float *srow = d->s + ((gsize) r * NL + l) * H;
        float *dU = gtop->W + (gsize) (P + l) * H;
        float *da = d->da + (gsize) r * H;

        gtop->b[P + l] += g;
        for (int j = 0; j < H; j++)
          {
            da[j] += g * srow[j];
            dU[j] += g * srow[j];
          }
      }
  col_sums (gtop->c, d->da, B, H);
  belief_gemm (TRUE, FALSE, P, H, B, 1.0f, pen, d->da, 0.0f, gtop->W);
  if (L > 1)
    belief_gemm (FALSE, TRUE, B, P, H, 1.0f, d->da, top->W, 0.0f, d->dx);

  /* Down through the sigmoid layers. */
  for (int i = L - 2; i >= 0; i--)
    {
      const BeliefRbm *rbm = dbn->rbms[i];
      BeliefRbm *grad = d->grad[i];
      const float *x_in = i == 0 ? v : d->x[i];
      const float *x_out = d->x[i + 1];
      int n_in = dbn->sizes[i], n_out = dbn->sizes[i + 1];

      for (gsize k = 0; k < (gsize) B * n_out; k++)
        d->dz[k] = d->dx[k] * x_out[k] * (1.0f - x_out[k]);
      memset (grad->params, 0, grad->n_params * sizeof (float));
      belief_gemm (TRUE, FALSE, n_in, n_out, B, 1.0f, x_in, d->dz, 0.0f, grad->W);
      col_sums (grad->c, d->dz, B, n_out);
      if (i > 0)
        belief_gemm (FALSE, TRUE, B, n_in, n_out, 1.0f, d->dz, rbm->W, 0.0f, d->dx);
    }

  if (stats != NULL)
    {
      stats->loss = loss / MAX (B, 1);
      stats->accuracy = (double) right / MAX (B, 1);
    }
}

static void
step (float *p, float *vel, const float *grad, gsize n, float a, float momentum)
{
  for (gsize k = 0; k < n; k++)
    {
      vel[k] = momentum * vel[k] - a * grad[k];
      p[k] += vel[k];
    }
}

void
belief_disc_apply (BeliefDisc *d, BeliefDbn *dbn, int batch, float lr, float momentum)
{
  int L = dbn->n_layers;
  float a = lr / MAX (batch, 1);

  for (int i = 0; i < L; i++)
    {
      BeliefRbm *rbm = dbn->rbms[i];
      BeliefRbm *grad = d->grad[i];
      gsize off_b = (gsize) (grad->b - grad->params), off_c = (gsize) (grad->c - grad->params);

      step (rbm->W, grad->velocity, grad->W, (gsize) rbm->n_vis * rbm->n_hid, a, momentum);
      step (rbm->c, grad->velocity + off_c, grad->c, rbm->n_hid, a, momentum);
      if (i == L - 1)
        {
          int first = rbm->n_vis - rbm->n_label;

          step (rbm->b + first, grad->velocity + off_b + first, grad->b + first, rbm->n_label,
                a, momentum);
        }
    }
}
