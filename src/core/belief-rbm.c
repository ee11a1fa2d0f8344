/* belief-rbm.c: one RBM, its sampling and its CD-k / PCD-k update. */
#include "belief-rbm.h"

#include <math.h>
#include <string.h>

#include "belief-blas.h"
#include "belief-kernels.h"

struct _BeliefRbmWork
{
  int      batch;
  /* The positive and negative statistics sit one above the other, so that
   * the weight gradient [v0; v1]^T [h0; -h1] is one product with K = 2B. */
  float   *vcat;     /* (2B, V): v0 copy, then the negative visible v1 */
  float   *hcat;     /* (2B, H): p(h | v0), then the negative hidden h1 */
  float   *h0;       /* = hcat, for the single-purpose helpers below */
  float   *v1;       /* = vcat + B*V */
  float   *h1;       /* = hcat + B*H */
  float   *hs;       /* (B, H) sampled hidden states */
  float   *scratch;  /* max(B*H, B*V) uniforms */
  float   *chain;    /* (B, H) persistent chains' hidden states (PCD) */
  gboolean chain_ready;
};

static void
rbm_set_views (BeliefRbm *rbm)
{
  rbm->W = rbm->params;
  rbm->b = rbm->W + (gsize) rbm->n_vis * rbm->n_hid;
  rbm->c = rbm->b + rbm->n_vis;
}

BeliefRbm *
belief_rbm_new (int n_vis,
                int n_hid,
                int n_label)
{
  BeliefRbm *rbm;

  g_return_val_if_fail (n_vis > 0 && n_hid > 0, NULL);
  g_return_val_if_fail (n_label >= 0 && n_label < n_vis, NULL);

  rbm = g_new0 (BeliefRbm, 1);
  rbm->n_vis = n_vis;
  rbm->n_hid = n_hid;
  rbm->n_label = n_label;
  rbm->n_params = (gsize) n_vis * n_hid + n_vis + n_hid;
  rbm->params = g_new0 (float, rbm->n_params);
  rbm_set_views (rbm);
  return rbm;
}

BeliefRbm *
belief_rbm_copy (const BeliefRbm *rbm)
{
  BeliefRbm *copy = belief_rbm_new (rbm->n_vis, rbm->n_hid, rbm->n_label);

  belief_rbm_copy_into (copy, rbm);
  return copy;
}

void
belief_rbm_copy_into (BeliefRbm       *dst,
                      const BeliefRbm *src)
{
  g_return_if_fail (dst->n_params == src->n_params);

  memcpy (dst->params, src->params, src->n_params * sizeof (float));
  if (src->velocity == NULL)
    {
      g_clear_pointer (&dst->velocity, g_free);
      return;
    }
  belief_rbm_ensure_velocity (dst);
  memcpy (dst->velocity, src->velocity, src->n_params * sizeof (float));
}

void
belief_rbm_copy_weights_into (BeliefRbm       *dst,
                              const BeliefRbm *src)
{
  g_return_if_fail (dst->n_params == src->n_params);

  memcpy (dst->params, src->params, src->n_params * sizeof (float));
  g_clear_pointer (&dst->velocity, g_free);
}

void
belief_rbm_ensure_velocity (BeliefRbm *rbm)
{
  if (rbm->velocity == NULL)
    rbm->velocity = g_new0 (float, rbm->n_params);
}

void
belief_rbm_free (BeliefRbm *rbm)
{
  if (rbm == NULL)
    return;
  g_free (rbm->params);
  g_free (rbm->velocity);
  g_free (rbm);
}

void
belief_rbm_init_normal (BeliefRbm *rbm,
                        BeliefRng *rng,
                        float      stddev)
{
  belief_rng_fill_normal (rng, rbm->params, rbm->n_params, stddev);
  g_clear_pointer (&rbm->velocity, g_free);
}

void
belief_rbm_init_vis_bias (BeliefRbm   *rbm,
                          const float *v,
                          int          batch)
{
  for (int i = 0; i < rbm->n_vis - rbm->n_label; i++)
    {
      double p = 0.0;

      for (int r = 0; r < batch; r++)
        p += v[(gsize) r * rbm->n_vis + i];
      p = CLAMP (p / MAX (batch, 1), 0.01, 0.99);
      rbm->b[i] = (float) log (p / (1.0 - p));
    }
}

void
belief_rbm_hidden_input (const BeliefRbm *rbm,
                         const float     *v,
                         float           *pre,
                         int              batch)
{
  /* pre (B, H) = v (B, V) W (V, H) + c */
  for (int r = 0; r < batch; r++)
    memcpy (pre + (gsize) r * rbm->n_hid, rbm->c, rbm->n_hid * sizeof (float));
  belief_gemm (FALSE, FALSE, batch, rbm->n_hid, rbm->n_vis, 1.0f, v, rbm->W, 1.0f, pre);
}

/* The sigmoid (and, for the label group, only the bias) on each block of
 * a product as its thread finishes it: see belief_gemm_then. */
typedef struct
{
  const float *bias;
  int          n_sig;  /* columns [0, n_sig) get the sigmoid, the rest + bias */
} SigmoidThen;

static void
sigmoid_then (float   *C,
              int      ldc,
              int      m0,
              int      m1,
              int      n0,
              int      n1,
              guint    piece,
              gpointer data)
{
  const SigmoidThen *st = data;

  belief_sigmoid_block (C, ldc, st->bias, m0, m1, n0, MIN (n1, st->n_sig));
  for (int r = m0; r < m1; r++)
    for (int j = MAX (n0, st->n_sig); j < n1; j++)
      C[(gsize) r * ldc + j] += st->bias[j];
}

void
belief_rbm_hidden_probs (const BeliefRbm *rbm,
                         const float     *v,
                         float           *h,
                         int              batch)
{
  SigmoidThen st = { rbm->c, rbm->n_hid };

  belief_gemm_then (FALSE, FALSE, batch, rbm->n_hid, rbm->n_vis, 1.0f, v, rbm->W, 0.0f, h,
                    sigmoid_then, &st);
}

void
belief_rbm_visible_probs (const BeliefRbm *rbm,
                          const float     *h,
                          float           *v,
                          int              batch)
{
  int n_pix = rbm->n_vis - rbm->n_label;
  SigmoidThen st = { rbm->b, n_pix };

  /* v (B, V) = h (B, H) W^T (H, V) + b */
  belief_gemm_then (FALSE, TRUE, batch, rbm->n_vis, rbm->n_hid, 1.0f, h, rbm->W, 0.0f, v,
                    sigmoid_then, &st);
  if (rbm->n_label > 0)
    belief_softmax_group (v, batch, rbm->n_vis, n_pix, rbm->n_label);
}

void
belief_sigmoid_inplace (float *x,
                        gsize  n)
{
  belief_sigmoid_rows (x, NULL, 1, (int) n);
}

void
belief_softmax_rows (float *x,
                     int    batch,
                     int    stride,
                     int    offset,
                     int    group)
{
  belief_softmax_group (x, batch, stride, offset, group);
}

void
belief_sample_bernoulli (float       *out,
                         const float *p,
                         gsize        n,
                         BeliefRng   *rng)
{
  const float scale = 1.0f / 16777216.0f;

  /* Without scratch memory: one uniform at a time.  The training step uses
   * belief_bernoulli with its work buffer instead. */
  for (gsize i = 0; i < n; i++)
    out[i] = p[i] > (float) (belief_rng_next (rng) >> 40) * scale ? 1.0f : 0.0f;
}

void
belief_sample_softmax (float       *out,
                       const float *p,
                       int          batch,
                       int          stride,
                       int          offset,
                       int          group,
                       BeliefRng   *rng)
{
  for (int r = 0; r < batch; r++)
    {
      const float *pr = p + (gsize) r * stride + offset;
      float *o = out + (gsize) r * stride + offset;
      double u = belief_rng_uniform (rng), acc = 0.0;
      int pick = group - 1;

      for (int j = 0; j < group; j++)
        {
          acc += pr[j];
          if (u < acc)
            {
              pick = j;
              break;
            }
        }
      for (int j = 0; j < group; j++)
        o[j] = j == pick ? 1.0f : 0.0f;
    }
}

void
belief_rbm_free_energy (const BeliefRbm *rbm,
                        const float     *v,
                        double          *f,
                        int              batch)
{
  float *pre = g_new (float, (gsize) batch * rbm->n_hid);

  belief_rbm_hidden_input (rbm, v, pre, batch);
  for (int r = 0; r < batch; r++)
    {
      const float *vr = v + (gsize) r * rbm->n_vis;
      const float *pr = pre + (gsize) r * rbm->n_hid;
      double sum = 0.0;

      for (int i = 0; i < rbm->n_vis; i++)
        sum -= (double) rbm->b[i] * vr[i];
      for (int j = 0; j < rbm->n_hid; j++)
        sum -= belief_softplus (pr[j]);
      f[r] = sum;
    }
  g_free (pre);
}

static double
log_add (double a,
         double b)
{
  if (a == -INFINITY)
    return b;
  return a > b ? a + log1p (exp (b - a)) : b + log1p (exp (a - b));
}

double
belief_rbm_log_z_exact (const BeliefRbm *rbm)
{
  int V = rbm->n_vis, H = rbm->n_hid, n_pix = V - rbm->n_label;
  g_autofree double *act = g_new (double, V);  /* b + W h */
  double c_dot_h = 0.0, log_z = -INFINITY;
  guint32 gray = 0;

  g_return_val_if_fail (H <= 24, NAN);

  for (int i = 0; i < V; i++)
    act[i] = rbm->b[i];
  /* Visit all 2^H hidden states in Gray-code order: one column changes at
   * a time, so each state costs O(V). */
  for (guint64 k = 0; k < (G_GUINT64_CONSTANT (1) << H); k++)
    {
      double term = c_dot_h;

      if (k > 0)
        {
          int j = __builtin_ctzll (k);
          double sign = (gray >> j) & 1 ? -1.0 : 1.0;

          gray ^= 1u << j;
          c_dot_h += sign * rbm->c[j];
          for (int i = 0; i < V; i++)
            act[i] += sign * rbm->W[(gsize) i * H + j];
          term = c_dot_h;
        }
      for (int i = 0; i < n_pix; i++)
        term += belief_softplus (act[i]);
      if (rbm->n_label > 0)
        {
          double lse = -INFINITY;

          for (int i = n_pix; i < V; i++)
            lse = log_add (lse, act[i]);
          term += lse;
        }
      log_z = log_add (log_z, term);
    }
  return log_z;
}

BeliefRbmWork *
belief_rbm_work_new (const BeliefRbm *rbm,
                     int              batch)
{
  BeliefRbmWork *work = g_new0 (BeliefRbmWork, 1);
  gsize bh = (gsize) batch * rbm->n_hid, bv = (gsize) batch * rbm->n_vis;

  work->batch = batch;
  work->vcat = g_new0 (float, 2 * bv);
  work->hcat = g_new0 (float, 2 * bh);
  work->h0 = work->hcat;
  work->v1 = work->vcat + bv;
  work->h1 = work->hcat + bh;
  work->hs = g_new0 (float, bh);
  work->chain = g_new0 (float, bh);
  work->scratch = g_new0 (float, MAX (bh, bv));
  return work;
}

void
belief_rbm_work_free (BeliefRbmWork *work)
{
  if (work == NULL)
    return;
  g_free (work->vcat);
  g_free (work->hcat);
  g_free (work->hs);
  g_free (work->chain);
  g_free (work->scratch);
  g_free (work);
}

/* Samples the visible layer in place: Bernoulli pixels, one-hot labels. */
static void
sample_visible (const BeliefRbm *rbm,
                BeliefRbmWork   *work,
                float           *v,
                int              batch,
                BeliefRng       *rng)
{
  int n_pix = rbm->n_vis - rbm->n_label;

  if (rbm->n_label == 0)
    {
      belief_bernoulli (v, v, (gsize) batch * rbm->n_vis, work->scratch, rng);
      return;
    }
  for (int r = 0; r < batch; r++)
    belief_bernoulli (v + (gsize) r * rbm->n_vis, v + (gsize) r * rbm->n_vis,
                      n_pix, work->scratch, rng);
  belief_sample_softmax (v, v, batch, rbm->n_vis, n_pix, rbm->n_label, rng);
}

/* PCD as Tieleman (2008) and scikit-learn keep it: the chains are hidden
 * states (B, H).  k Gibbs steps from them give sampled visibles v1; the last
 * p(h | v1) is computed together with p(h | v0) as one product of the
 * stacked [v0; v1] (2B, V); the chains move on to a sample of it.  The
 * loss, when asked for, is the data's one-step reconstruction, the one
 * product that PCD does not get for free: it is measured on the first
 * quarter of the minibatch's rows (belief_rbm_pcd_loss_rows), an unbiased
 * estimate of the whole minibatch's, since minibatches are drawn shuffled,
 * at a quarter of the cost. */
static void
pcd_negative (const BeliefRbm *rbm,
              BeliefRbmWork   *work,
              const float     *v0,
              int              batch,
              int              k_steps,
              BeliefRng       *rng,
              BeliefStepStats *stats)
{
  gsize bh = (gsize) batch * rbm->n_hid, bv = (gsize) batch * rbm->n_vis;
  float *h0 = work->hcat, *h1 = work->hcat + bh, *v1 = work->vcat + bv;

  if (!work->chain_ready)
    {
      belief_rbm_hidden_probs (rbm, v0, h1, batch);
      belief_bernoulli (work->chain, h1, bh, work->scratch, rng);
      work->chain_ready = TRUE;
    }
  for (int k = 0; k < k_steps; k++)
    {
      belief_rbm_visible_probs (rbm, work->chain, v1, batch);
      sample_visible (rbm, work, v1, batch, rng);
      if (k + 1 < k_steps)
        {
          belief_rbm_hidden_probs (rbm, v1, h1, batch);
          belief_bernoulli (work->chain, h1, bh, work->scratch, rng);
        }
    }
  memcpy (work->vcat, v0, bv * sizeof (float));
  belief_rbm_hidden_probs (rbm, work->vcat, h0, 2 * batch);
  belief_bernoulli (work->chain, h1, bh, work->scratch, rng);
  if (stats != NULL)
    {
      int rows = belief_rbm_pcd_loss_rows (batch);

      belief_bernoulli (work->hs, h0, (gsize) rows * rbm->n_hid, work->scratch, rng);
      belief_rbm_visible_probs (rbm, work->hs, work->scratch, rows);
      stats->recon_loss = belief_mean_sq_diff (v0, work->scratch, (gsize) rows * rbm->n_vis);
    }
}

int
belief_rbm_pcd_loss_rows (int batch)
{
  return MAX ((batch + 3) / 4, 1);
}

/* The weight step on each block of the velocity as the gradient product's
 * thread finishes it, while the block is in that thread's cache. */
static void
update_then (float   *C,
             int      ldc,
             int      m0,
             int      m1,
             int      n0,
             int      n1,
             guint    piece,
             gpointer data)
{
  if (n0 == 0 && n1 == ldc)
    {
      belief_update_range ((gsize) m0 * ldc, (gsize) m1 * ldc, piece, data);
      return;
    }
  for (int r = m0; r < m1; r++)
    belief_update_range ((gsize) r * ldc + n0, (gsize) r * ldc + n1, piece, data);
}

void
belief_rbm_cd_step (BeliefRbm            *rbm,
                    BeliefRbmWork        *work,
                    const float          *v0,
                    int                   batch,
                    const BeliefRbmHyper *hp,
                    BeliefRng            *rng,
                    BeliefStepStats      *stats)
{
  int V = rbm->n_vis, H = rbm->n_hid;
  gsize bh = (gsize) batch * H, bv = (gsize) batch * V;
  gsize nw = (gsize) V * H;
  float alpha = hp->divide_by_batch ? hp->lr / batch : hp->lr;
  int k_steps = MAX (hp->cd_k, 1);
  double sumsq = 0.0, w_sumsq = 0.0;
  gsize stable;
  guint pieces;
  BeliefUpdateJob update = { 0 };
  float *h0 = work->hcat, *h1 = work->hcat + bh, *v1 = work->vcat + bv;

  g_return_if_fail (batch <= work->batch);

  belief_rbm_ensure_velocity (rbm);  /* once, at the first step */
  if (hp->pcd)
    pcd_negative (rbm, work, v0, batch, k_steps, rng, stats);
  else
    {
      belief_rbm_hidden_probs (rbm, v0, h0, batch);
      belief_bernoulli (work->hs, h0, bh, work->scratch, rng);
      /* Negative phase: k steps of alternating Gibbs.  Intermediate visible
       * layers are sampled; the last visible and hidden use probabilities. */
      for (int k = 0; k < k_steps; k++)
        {
          belief_rbm_visible_probs (rbm, work->hs, v1, batch);
          if (k == 0 && stats != NULL)
            stats->recon_loss = belief_mean_sq_diff (v0, v1, bv);
          if (k + 1 < k_steps)
            sample_visible (rbm, work, v1, batch, rng);
          belief_rbm_hidden_probs (rbm, v1, h1, batch);
          if (k + 1 < k_steps)
            belief_bernoulli (work->hs, h1, bh, work->scratch, rng);
        }
      memcpy (work->vcat, v0, bv * sizeof (float));
    }

  /* Biases first, while h1 still holds p(h | v1). */
  belief_col_diff_sum (rbm->velocity + nw, v0, v1, batch, V, alpha, hp->momentum);
  belief_col_diff_sum (rbm->velocity + nw + V, h0, h1, batch, H, alpha, hp->momentum);
  belief_add_inplace (rbm->b, rbm->velocity + nw, V + H);

  /* vel = momentum*vel + alpha*[v0; v1]^T [h0; -h1], then - lr*wd*W. */
  for (gsize i = 0; i < bh; i++)
    h1[i] = -h1[i];
  update.w = rbm->W;
  update.vel = rbm->velocity;
  update.decay = hp->lr * hp->weight_decay;
  update.thresh = 0.001f;
  pieces = belief_gemm_then (TRUE, FALSE, V, H, 2 * batch, alpha, work->vcat, work->hcat,
                             hp->momentum, rbm->velocity, update_then, &update);
  stable = belief_update_finish (&update, pieces, &sumsq, &w_sumsq);

  if (stats != NULL)
    {
      stats->stability = 100.0 * (double) stable / (double) nw;
      stats->dw_norm = sqrt (sumsq / (double) nw);
      stats->w_sumsq = w_sumsq;
    }
}

double
belief_rbm_recon_loss (const BeliefRbm *rbm,
                       BeliefRbmWork   *work,
                       const float     *v0,
                       int              batch,
                       BeliefRng       *rng)
{
  gsize bh = (gsize) batch * rbm->n_hid;

  g_return_val_if_fail (batch <= work->batch, NAN);

  belief_rbm_hidden_probs (rbm, v0, work->h0, batch);
  belief_bernoulli (work->hs, work->h0, bh, work->scratch, rng);
  belief_rbm_visible_probs (rbm, work->hs, work->v1, batch);
  return belief_mean_sq_diff (v0, work->v1, (gsize) batch * rbm->n_vis);
}

void
belief_rbm_gibbs (const BeliefRbm *rbm,
                  BeliefRbmWork   *work,
                  float           *v,
                  const float     *clamp,
                  int              batch,
                  int              k,
                  BeliefRng       *rng)
{
  gsize bh = (gsize) batch * rbm->n_hid;
  g_autofree float *known = NULL;

  g_return_if_fail (batch <= work->batch);

  if (clamp != NULL)
    known = g_memdup2 (v, (gsize) batch * rbm->n_vis * sizeof (float));
  for (int step = 0; step < k; step++)
    {
      belief_rbm_hidden_probs (rbm, v, work->h0, batch);
      belief_bernoulli (work->hs, work->h0, bh, work->scratch, rng);
      belief_rbm_visible_probs (rbm, work->hs, v, batch);
      if (clamp != NULL)
        for (int r = 0; r < batch; r++)
          for (int i = 0; i < rbm->n_vis; i++)
            {
              gsize at = (gsize) r * rbm->n_vis + i;
              v[at] = clamp[at] > 0.5f ? known[at] : v[at];
            }
    }
}

double
belief_rbm_step_flops (const BeliefRbm *rbm,
                       int              batch,
                       int              cd_k,
                       gboolean         pcd)
{
  double one = 2.0 * batch * rbm->n_vis * rbm->n_hid;
  /* positive h, k x (v, h), two gradient products, for CD-k and PCD-k
   * alike; PCD's loss adds one product (see pcd_negative), not counted. */
  (void) pcd;
  return one * (1 + 2 * MAX (cd_k, 1) + 2);
}

gboolean
belief_rbm_is_finite (const BeliefRbm *rbm)
{
  float acc = 0.0f;

  /* Any NaN or Inf makes the product NaN. */
  for (gsize i = 0; i < rbm->n_params; i++)
    acc += rbm->params[i] * 0.0f;
  return acc == 0.0f;
}
