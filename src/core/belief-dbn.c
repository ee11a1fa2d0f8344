/* belief-dbn.c: the stack, its up and down passes, recognition, generation
 * and recovery.  Training lives in belief-session.c and belief-finetune.c. */
#include "belief-dbn.h"

#include <math.h>
#include <string.h>

#include "belief-blas.h"
#include "belief-kernels.h"

BeliefDbn *
belief_dbn_new (const int *sizes,
                int        n_layers,
                int        n_labels,
                int        rows,
                int        cols)
{
  BeliefDbn *dbn;

  g_return_val_if_fail (n_layers >= 1 && n_layers <= BELIEF_MAX_LAYERS, NULL);
  g_return_val_if_fail (n_labels >= 0, NULL);
  g_return_val_if_fail (rows * cols == sizes[0], NULL);

  dbn = g_new0 (BeliefDbn, 1);
  dbn->n_layers = n_layers;
  dbn->n_labels = n_labels;
  dbn->rows = rows;
  dbn->cols = cols;
  for (int i = 0; i <= n_layers; i++)
    dbn->sizes[i] = sizes[i];
  for (int i = 0; i < n_layers; i++)
    {
      gboolean top = i == n_layers - 1;
      int extra = top ? n_labels : 0;

      dbn->rbms[i] = belief_rbm_new (sizes[i] + extra, sizes[i + 1], extra);
    }
  return dbn;
}

BeliefDbn *
belief_dbn_copy (const BeliefDbn *dbn)
{
  BeliefDbn *copy = belief_dbn_new (dbn->sizes, dbn->n_layers, dbn->n_labels,
                                    dbn->rows, dbn->cols);

  belief_dbn_copy_into (copy, dbn);
  return copy;
}

BeliefDbn *
belief_dbn_copy_weights (const BeliefDbn *dbn)
{
  BeliefDbn *copy = belief_dbn_new (dbn->sizes, dbn->n_layers, dbn->n_labels,
                                    dbn->rows, dbn->cols);

  for (int i = 0; i < dbn->n_layers; i++)
    {
      belief_rbm_copy_weights_into (copy->rbms[i], dbn->rbms[i]);
      if (dbn->gen[i] != NULL)
        {
          copy->gen[i] = belief_rbm_new (dbn->gen[i]->n_vis, dbn->gen[i]->n_hid,
                                         dbn->gen[i]->n_label);
          belief_rbm_copy_weights_into (copy->gen[i], dbn->gen[i]);
        }
    }
  copy->untied = dbn->untied;
  return copy;
}

gboolean
belief_dbn_same_shape (const BeliefDbn *a,
                       const BeliefDbn *b)
{
  if (a->n_layers != b->n_layers || a->n_labels != b->n_labels)
    return FALSE;
  for (int i = 0; i <= a->n_layers; i++)
    if (a->sizes[i] != b->sizes[i])
      return FALSE;
  return TRUE;
}

void
belief_dbn_copy_into (BeliefDbn       *dst,
                      const BeliefDbn *src)
{
  g_return_if_fail (belief_dbn_same_shape (dst, src));

  for (int i = 0; i < src->n_layers; i++)
    {
      belief_rbm_copy_into (dst->rbms[i], src->rbms[i]);
      if (src->gen[i] != NULL && dst->gen[i] == NULL)
        dst->gen[i] = belief_rbm_copy (src->gen[i]);
      else if (src->gen[i] != NULL)
        belief_rbm_copy_into (dst->gen[i], src->gen[i]);
      else
        g_clear_pointer (&dst->gen[i], belief_rbm_free);
    }
  dst->untied = src->untied;
}

void
belief_dbn_free (BeliefDbn *dbn)
{
  if (dbn == NULL)
    return;
  for (int i = 0; i < dbn->n_layers; i++)
    {
      belief_rbm_free (dbn->rbms[i]);
      belief_rbm_free (dbn->gen[i]);
    }
  g_free (dbn);
}

void
belief_dbn_init (BeliefDbn *dbn,
                 BeliefRng *rng,
                 float      stddev)
{
  for (int i = 0; i < dbn->n_layers; i++)
    {
      belief_rbm_init_normal (dbn->rbms[i], rng, stddev);
      g_clear_pointer (&dbn->gen[i], belief_rbm_free);
    }
  dbn->untied = FALSE;
}

void
belief_dbn_untie (BeliefDbn *dbn)
{
  for (int i = 0; i < dbn->n_layers - 1; i++)
    if (dbn->gen[i] == NULL)
      dbn->gen[i] = belief_rbm_copy (dbn->rbms[i]);
  dbn->untied = TRUE;
}

const BeliefRbm *
belief_dbn_gen (const BeliefDbn *dbn,
                int              layer)
{
  return dbn->gen[layer] != NULL ? dbn->gen[layer] : dbn->rbms[layer];
}

char *
belief_dbn_describe (const BeliefDbn *dbn)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i <= dbn->n_layers; i++)
    {
      if (i > 0)
        g_string_append_c (s, '-');
      g_string_append_printf (s, "%d", dbn->sizes[i]);
      if (i == dbn->n_layers - 1 && dbn->n_labels > 0)
        g_string_append_printf (s, "+%d", dbn->n_labels);
    }
  return g_string_free (s, FALSE);
}

gboolean
belief_dbn_is_finite (const BeliefDbn *dbn)
{
  for (int i = 0; i < dbn->n_layers; i++)
    if (!belief_rbm_is_finite (dbn->rbms[i])
        || (dbn->gen[i] != NULL && !belief_rbm_is_finite (dbn->gen[i])))
      return FALSE;
  return TRUE;
}

void
belief_dbn_up (const BeliefDbn *dbn,
               const float     *v,
               float           *out,
               int              upto,
               int              batch)
{
  g_autofree float *tmp = NULL;
  const float *in = v;
  int widest = 0;

  g_return_if_fail (upto >= 0 && upto <= dbn->n_layers);
  g_return_if_fail (upto < dbn->n_layers || dbn->n_labels == 0);

  if (upto == 0)
    {
      memcpy (out, v, (gsize) batch * dbn->sizes[0] * sizeof (float));
      return;
    }
  for (int i = 1; i < upto; i++)
    widest = MAX (widest, dbn->sizes[i]);
  tmp = g_new (float, (gsize) batch * MAX (widest, 1) * 2);
  for (int i = 0; i < upto; i++)
    {
      float *dst = i == upto - 1 ? out : tmp + (i % 2) * (gsize) batch * widest;

      belief_rbm_hidden_probs (dbn->rbms[i], in, dst, batch);
      in = dst;
    }
}

void
belief_dbn_down (const BeliefDbn *dbn,
                 const float     *x,
                 float           *out,
                 int              from,
                 int              batch)
{
  g_autofree float *tmp = NULL;
  const float *in = x;
  int widest = 0;

  g_return_if_fail (from >= 0 && from < dbn->n_layers + (dbn->n_labels == 0));

  if (from == 0)
    {
      memcpy (out, x, (gsize) batch * dbn->sizes[0] * sizeof (float));
      return;
    }
  for (int i = 1; i < from; i++)
    widest = MAX (widest, dbn->sizes[i]);
  tmp = g_new (float, (gsize) batch * MAX (widest, 1) * 2);
  for (int i = from - 1; i >= 0; i--)
    {
      float *dst = i == 0 ? out : tmp + (i % 2) * (gsize) batch * widest;

      belief_rbm_visible_probs (belief_dbn_gen (dbn, i), in, dst, batch);
      in = dst;
    }
}

/* rows of the top RBM's visible layer: [pen | labels] */
static void
top_set_pen (const BeliefRbm *top,
             float           *vis,
             const float     *pen,
             int              batch)
{
  int n_pen = top->n_vis - top->n_label;

  for (int r = 0; r < batch; r++)
    memcpy (vis + (gsize) r * top->n_vis, pen + (gsize) r * n_pen, n_pen * sizeof (float));
}

static void
top_get_pen (const BeliefRbm *top,
             const float     *vis,
             float           *pen,
             int              batch)
{
  int n_pen = top->n_vis - top->n_label;

  for (int r = 0; r < batch; r++)
    memcpy (pen + (gsize) r * n_pen, vis + (gsize) r * top->n_vis, n_pen * sizeof (float));
}

static void
recognise_free_energy (const BeliefRbm *top,
                       const float     *pen,
                       int              batch,
                       float           *probs)
{
  int H = top->n_hid, L = top->n_label, n_pen = top->n_vis - L;
  g_autofree float *pre = g_new (float, (gsize) batch * H);

  /* pre (B, H) = pen (B, n_pen) W[:n_pen] + c; then for each label add the
   * label's row of W: F(pen, l) = -b_l - sum_j softplus(pre_j + W_lj) + const */
  for (int r = 0; r < batch; r++)
    memcpy (pre + (gsize) r * H, top->c, H * sizeof (float));
  belief_gemm (FALSE, FALSE, batch, H, n_pen, 1.0f, pen, top->W, 1.0f, pre);
  for (int r = 0; r < batch; r++)
    {
      const float *pr = pre + (gsize) r * H;
      float *out = probs + (gsize) r * L;

      for (int l = 0; l < L; l++)
        {
          const float *wl = top->W + (gsize) (n_pen + l) * H;
          double neg_f = top->b[n_pen + l] + belief_softplus_sum (pr, wl, H);

          out[l] = (float) neg_f;  /* -F, normalised below */
        }
    }
  belief_softmax_group (probs, batch, L, 0, L);
}

/* The lab's method, with one refinement: the answer is the label
 * distribution averaged over the chain's steps rather than the last step's
 * alone, which removes most of the sampling noise at no cost. */
static void
recognise_gibbs (const BeliefRbm *top,
                 const float     *pen,
                 int              batch,
                 int              n_gibbs,
                 BeliefRng       *rng,
                 float           *probs)
{
  int V = top->n_vis, H = top->n_hid, L = top->n_label, n_pen = V - L;
  g_autofree float *vis = g_new (float, (gsize) batch * V);
  g_autofree float *tmp = g_new (float, (gsize) batch * V);
  g_autofree float *h = g_new (float, (gsize) batch * H);

  top_set_pen (top, vis, pen, batch);
  for (int r = 0; r < batch; r++)
    for (int l = 0; l < L; l++)
      vis[(gsize) r * V + n_pen + l] = 0.1f;
  memset (probs, 0, (gsize) batch * L * sizeof (float));
  for (int s = 0; s < MAX (n_gibbs, 1); s++)
    {
      belief_rbm_hidden_probs (top, vis, h, batch);
      belief_sample_bernoulli (h, h, (gsize) batch * H, rng);
      belief_rbm_visible_probs (top, h, tmp, batch);
      /* pen stays clamped; the labels take their new probabilities */
      for (int r = 0; r < batch; r++)
        {
          float *lab = vis + (gsize) r * V + n_pen;

          memcpy (lab, tmp + (gsize) r * V + n_pen, L * sizeof (float));
          for (int l = 0; l < L; l++)
            probs[(gsize) r * L + l] += lab[l] / MAX (n_gibbs, 1);
        }
    }
}

void
belief_dbn_recognise (const BeliefDbn   *dbn,
                      const float       *v,
                      int                batch,
                      BeliefRecogMethod  method,
                      int                n_gibbs,
                      BeliefRng         *rng,
                      float             *label_probs)
{
  const BeliefRbm *top = dbn->rbms[dbn->n_layers - 1];
  g_autofree float *pen = NULL;

  g_return_if_fail (dbn->n_labels > 0);

  pen = g_new (float, (gsize) batch * dbn->sizes[dbn->n_layers - 1]);
  belief_dbn_up (dbn, v, pen, dbn->n_layers - 1, batch);
  if (method == BELIEF_RECOG_FREE_ENERGY)
    recognise_free_energy (top, pen, batch, label_probs);
  else
    recognise_gibbs (top, pen, batch, n_gibbs, rng, label_probs);
}

void
belief_dbn_generate (const BeliefDbn *dbn,
                     const int       *labels,
                     int              count,
                     int              n_gibbs,
                     float            label_strength,
                     BeliefRng       *rng,
                     float           *out,
                     int              frame_every,
                     BeliefFrameFunc  frame_func,
                     gpointer         user_data)
{
  const BeliefRbm *top = dbn->rbms[dbn->n_layers - 1];
  int V = top->n_vis, H = top->n_hid, L = top->n_label, n_pen = V - L;
  int from = dbn->n_layers - 1;
  g_autofree float *vis = g_new (float, (gsize) count * V);
  g_autofree float *prob = g_new (float, (gsize) count * V);
  g_autofree float *h = g_new (float, (gsize) count * H);
  g_autofree float *pen = g_new (float, (gsize) count * n_pen);

  for (gsize i = 0; i < (gsize) count * V; i++)
    vis[i] = belief_rng_uniform (rng) < 0.5 ? 1.0f : 0.0f;
  for (int r = 0; r < count && L > 0; r++)
    for (int l = 0; l < L; l++)
      vis[(gsize) r * V + n_pen + l] = labels[r] < 0 ? 1.0f / L : (l == labels[r]) * label_strength;
  memcpy (prob, vis, (gsize) count * V * sizeof (float));

  for (int s = 1; s <= n_gibbs; s++)
    {
      belief_rbm_hidden_probs (top, vis, h, count);
      belief_sample_bernoulli (h, h, (gsize) count * H, rng);
      belief_rbm_visible_probs (top, h, prob, count);
      for (int r = 0; r < count; r++)
        {
          float *vr = vis + (gsize) r * V, *pr = prob + (gsize) r * V;

          belief_sample_bernoulli (vr, pr, n_pen, rng);
          if (L > 0 && labels[r] < 0)
            belief_sample_softmax (vr, pr, 1, V, n_pen, L, rng);
        }
      if (frame_every > 0 && frame_func != NULL && (s % frame_every == 0 || s == n_gibbs))
        {
          top_get_pen (top, prob, pen, count);
          belief_dbn_down (dbn, pen, out, from, count);
          frame_func (s, out, count, user_data);
        }
    }
  top_get_pen (top, prob, pen, count);
  belief_dbn_down (dbn, pen, out, from, count);
}

void
belief_dbn_recover (const BeliefDbn *dbn,
                    float           *v,
                    const float     *mask,
                    int              batch,
                    int              n_gibbs,
                    BeliefRng       *rng)
{
  g_autoptr(BeliefRbmWork) work = belief_rbm_work_new (dbn->rbms[0], batch);
  const BeliefRbm *first = dbn->rbms[0];

  g_return_if_fail (first->n_label == 0);

  belief_rbm_gibbs (first, work, v, mask, batch, n_gibbs, rng);
}
