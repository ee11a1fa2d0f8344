/* belief-finetune.c: wake-sleep / up-down (see belief-finetune.h). */
#include "belief-finetune.h"

#include <string.h>

#include "belief-blas.h"
#include "belief-kernels.h"

struct _BeliefFinetune
{
  int    batch;
  int    n_layers;
  float *wake[BELIEF_MAX_LAYERS];   /* sampled wake states of layers 1..L-1 */
  float *sleep[BELIEF_MAX_LAYERS];  /* sampled sleep states of layers 0..L-1 */
  float *pred[BELIEF_MAX_LAYERS];   /* predictions / deltas, widest layer */
  float *top_pos, *top_neg;         /* (B, V_top) */
  float *h_pos, *h_neg, *h_s;       /* (B, H_top) */
  float *scratch;
};

BeliefFinetune *
belief_finetune_new (const BeliefDbn *dbn,
                     int              batch)
{
  BeliefFinetune *ft = g_new0 (BeliefFinetune, 1);
  const BeliefRbm *top = dbn->rbms[dbn->n_layers - 1];
  gsize widest = top->n_vis;

  ft->batch = batch;
  ft->n_layers = dbn->n_layers;
  for (int i = 0; i < dbn->n_layers; i++)
    {
      widest = MAX (widest, (gsize) dbn->sizes[i]);
      ft->wake[i] = g_new0 (float, (gsize) batch * dbn->sizes[i]);
      ft->sleep[i] = g_new0 (float, (gsize) batch * dbn->sizes[i]);
      ft->pred[i] = g_new0 (float, (gsize) batch * dbn->sizes[i]);
    }
  ft->top_pos = g_new0 (float, (gsize) batch * top->n_vis);
  ft->top_neg = g_new0 (float, (gsize) batch * top->n_vis);
  ft->h_pos = g_new0 (float, (gsize) batch * top->n_hid);
  ft->h_neg = g_new0 (float, (gsize) batch * top->n_hid);
  ft->h_s = g_new0 (float, (gsize) batch * top->n_hid);
  ft->scratch = g_new0 (float, (gsize) batch * MAX (widest, (gsize) top->n_hid));
  return ft;
}

void
belief_finetune_free (BeliefFinetune *ft)
{
  if (ft == NULL)
    return;
  for (int i = 0; i < ft->n_layers; i++)
    {
      g_free (ft->wake[i]);
      g_free (ft->sleep[i]);
      g_free (ft->pred[i]);
    }
  g_free (ft->top_pos);
  g_free (ft->top_neg);
  g_free (ft->h_pos);
  g_free (ft->h_neg);
  g_free (ft->h_s);
  g_free (ft->scratch);
  g_free (ft);
}

/* delta rule: W (lower, upper) += a * lower_delta^T upper, bias += a * sum delta
 * where delta = target - pred of the lower (gen) or upper (rec) side. */
static void
delta_update (float       *W,
              float       *bias,
              const float *lower,
              const float *upper,
              float       *delta_io,
              const float *target,
              int          batch,
              int          n_lower,
              int          n_upper,
              gboolean     delta_is_lower,
              float        a)
{
  gsize n = (gsize) batch * (delta_is_lower ? n_lower : n_upper);

  for (gsize i = 0; i < n; i++)
    delta_io[i] = target[i] - delta_io[i];
  if (delta_is_lower)
    belief_gemm (TRUE, FALSE, n_lower, n_upper, batch, a, delta_io, upper, 1.0f, W);
  else
    belief_gemm (TRUE, FALSE, n_lower, n_upper, batch, a, lower, delta_io, 1.0f, W);
  for (int r = 0; r < batch; r++)
    {
      int w = delta_is_lower ? n_lower : n_upper;
      const float *d = delta_io + (gsize) r * w;

      for (int j = 0; j < w; j++)
        bias[j] += a * d[j];
    }
}

void
belief_finetune_step (BeliefFinetune            *ft,
                      BeliefDbn                 *dbn,
                      const float               *v,
                      const float               *labels,
                      int                        batch,
                      const BeliefFinetuneHyper *hp,
                      BeliefRng                 *rng,
                      BeliefFinetuneStats       *stats)
{
  int L = dbn->n_layers;
  BeliefRbm *top = dbn->rbms[L - 1];
  int V = top->n_vis, H = top->n_hid, NL = top->n_label, n_pen = V - NL;
  float a = hp->divide_by_batch ? hp->lr / batch : hp->lr;
  const float *below;

  g_return_if_fail (dbn->untied || L == 1);
  g_return_if_fail (batch <= ft->batch);

  /* 1. wake: stochastic up-pass; wake[0] is the data itself */
  memcpy (ft->wake[0], v, (gsize) batch * dbn->sizes[0] * sizeof (float));
  below = v;
  for (int i = 0; i < L - 1; i++)
    {
      belief_rbm_hidden_probs (dbn->rbms[i], below, ft->wake[i + 1], batch);
      belief_bernoulli (ft->wake[i + 1], ft->wake[i + 1], (gsize) batch * dbn->sizes[i + 1],
                        ft->scratch, rng);
      below = ft->wake[i + 1];
    }

  /* 2. top RBM: positive statistics from [pen_wake, label], then Gibbs */
  for (int r = 0; r < batch; r++)
    {
      memcpy (ft->top_pos + (gsize) r * V, below + (gsize) r * n_pen, n_pen * sizeof (float));
      if (NL > 0)
        memcpy (ft->top_pos + (gsize) r * V + n_pen, labels + (gsize) r * NL, NL * sizeof (float));
    }
  belief_rbm_hidden_probs (top, ft->top_pos, ft->h_pos, batch);
  belief_bernoulli (ft->h_s, ft->h_pos, (gsize) batch * H, ft->scratch, rng);
  for (int k = 0; k < MAX (hp->n_gibbs, 1); k++)
    {
      belief_rbm_visible_probs (top, ft->h_s, ft->top_neg, batch);
      for (int r = 0; r < batch; r++)
        {
          float *row = ft->top_neg + (gsize) r * V;

          belief_bernoulli (row, row, n_pen, ft->scratch, rng);
          if (NL > 0 && hp->clamp_labels)
            memcpy (row + n_pen, labels + (gsize) r * NL, NL * sizeof (float));
        }
      if (NL > 0 && !hp->clamp_labels)
        belief_sample_softmax (ft->top_neg, ft->top_neg, batch, V, n_pen, NL, rng);
      belief_rbm_hidden_probs (top, ft->top_neg, ft->h_neg, batch);
      belief_bernoulli (ft->h_s, ft->h_neg, (gsize) batch * H, ft->scratch, rng);
    }
  if (stats != NULL)
    {
      double sum = 0.0;

      for (int r = 0; r < batch; r++)
        for (int j = 0; j < n_pen; j++)
          {
            double d = ft->top_pos[(gsize) r * V + j] - ft->top_neg[(gsize) r * V + j];
            sum += d * d;
          }
      stats->top_recon = sum / ((double) batch * n_pen);
    }

  /* 3. sleep: from the top's pen state down through the generative weights */
  if (L > 1)
    {
      for (int r = 0; r < batch; r++)
        memcpy (ft->sleep[L - 1] + (gsize) r * n_pen, ft->top_neg + (gsize) r * V,
                n_pen * sizeof (float));
      for (int i = L - 2; i >= 0; i--)
        {
          belief_rbm_visible_probs (dbn->gen[i], ft->sleep[i + 1], ft->sleep[i], batch);
          belief_bernoulli (ft->sleep[i], ft->sleep[i], (gsize) batch * dbn->sizes[i],
                            ft->scratch, rng);
        }
    }

  /* 4 + 5. generative predictions of the wake states and their update */
  for (int i = 0; i < L - 1; i++)
    {
      belief_rbm_visible_probs (dbn->gen[i], ft->wake[i + 1], ft->pred[i], batch);
      if (i == 0 && stats != NULL)
        stats->gen_error = belief_mean_sq_diff (ft->wake[0], ft->pred[0],
                                                (gsize) batch * dbn->sizes[0]);
      delta_update (dbn->gen[i]->W, dbn->gen[i]->b, ft->wake[i], ft->wake[i + 1], ft->pred[i],
                    ft->wake[i], batch, dbn->sizes[i], dbn->sizes[i + 1], TRUE, a);
    }

  /* 6. CD update of the top RBM (plain, no momentum) */
  belief_gemm (TRUE, FALSE, V, H, batch, a, ft->top_pos, ft->h_pos, 1.0f, top->W);
  belief_gemm (TRUE, FALSE, V, H, batch, -a, ft->top_neg, ft->h_neg, 1.0f, top->W);
  belief_col_diff_sum (top->b, ft->top_pos, ft->top_neg, batch, V, a, 1.0f);
  belief_col_diff_sum (top->c, ft->h_pos, ft->h_neg, batch, H, a, 1.0f);

  /* 7. recognition predictions of the sleep states and their update */
  for (int i = 0; i < L - 1; i++)
    {
      belief_rbm_hidden_probs (dbn->rbms[i], ft->sleep[i], ft->pred[i + 1], batch);
      delta_update (dbn->rbms[i]->W, dbn->rbms[i]->c, ft->sleep[i], ft->sleep[i + 1],
                    ft->pred[i + 1], ft->sleep[i + 1], batch, dbn->sizes[i],
                    dbn->sizes[i + 1], FALSE, a);
    }
}
