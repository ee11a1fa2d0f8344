/* belief-rbm.h: one Restricted Boltzmann Machine.
 *
 * Bernoulli visible and hidden units; optionally the last n_label visible
 * units form one softmax group (the label units of a DBN's top RBM).
 * All parameters live in one allocation, params = [W | b | c]:
 *   W (n_vis, n_hid) row-major, b (n_vis) visible biases, c (n_hid) hidden.
 * velocity has the same layout (momentum).  Shapes in comments: v (B, V),
 * h (B, H), B the minibatch size.
 */
#pragma once

#include <glib.h>

#include "belief-rng.h"

G_BEGIN_DECLS

typedef struct
{
  int    n_vis;     /* including the label units */
  int    n_hid;
  int    n_label;   /* 0, or the size of the softmax group at the end of v */
  gsize  n_params;  /* n_vis * n_hid + n_vis + n_hid */
  float *params;    /* one allocation */
  float *W, *b, *c; /* views into params */
  float *velocity;  /* same layout as params; NULL (zero momentum) until the
                     * first training step, and in weights-only copies */
} BeliefRbm;

typedef struct
{
  float lr;
  float momentum;
  float weight_decay;
  int   cd_k;             /* Gibbs steps of the negative phase, >= 1 */
  gboolean pcd;           /* persistent chains instead of starting at data */
  gboolean divide_by_batch; /* lr / B (the report's regimes differ here) */
} BeliefRbmHyper;

typedef struct
{
  double recon_loss;  /* mean over samples and pixels of (v0 - p(v|h0))^2 */
  double stability;   /* % of W with |dW| <= 0.001 in this update */
  double dw_norm;     /* RMS of the W update, for divergence checks */
  double w_sumsq;     /* sum of W^2 after the update, from the same pass */
} BeliefStepStats;

/* Scratch memory for training and inference at one batch size; no
 * allocation happens inside a step. */
typedef struct _BeliefRbmWork BeliefRbmWork;

BeliefRbm     *belief_rbm_new           (int n_vis, int n_hid, int n_label);
BeliefRbm     *belief_rbm_copy          (const BeliefRbm *rbm);
void           belief_rbm_copy_into     (BeliefRbm *dst, const BeliefRbm *src);
/* The parameters only: dst's velocity is dropped (zero momentum). */
void           belief_rbm_copy_weights_into (BeliefRbm *dst, const BeliefRbm *src);
/* Allocates the (zero) velocity if the RBM has none yet. */
void           belief_rbm_ensure_velocity (BeliefRbm *rbm);
void           belief_rbm_free          (BeliefRbm *rbm);
/* W, b, c ~ N(0, stddev^2) (the lab's 0.01); velocity dropped (zero). */
void           belief_rbm_init_normal   (BeliefRbm *rbm, BeliefRng *rng, float stddev);
/* Visible biases log(p/(1-p)) of the mean of data rows (Hinton's guide). */
void           belief_rbm_init_vis_bias (BeliefRbm *rbm, const float *v, int batch);

/* h (B, H) = sigma(v W + c) */
void  belief_rbm_hidden_probs  (const BeliefRbm *rbm, const float *v, float *h, int batch);
/* v (B, V) = sigma(h W^T + b), softmax over the label group */
void  belief_rbm_visible_probs (const BeliefRbm *rbm, const float *h, float *v, int batch);
/* pre (B, H) = v W + c, the hidden input before the sigmoid */
void  belief_rbm_hidden_input  (const BeliefRbm *rbm, const float *v, float *pre, int batch);
/* Bernoulli states from probabilities, in place allowed (out == p). */
void  belief_sample_bernoulli  (float *out, const float *p, gsize n, BeliefRng *rng);
/* One-hot states of a softmax group: rows of width `group` at stride `stride`,
 * starting at column `offset`; p and out may be the same. */
void  belief_sample_softmax    (float *out, const float *p, int batch, int stride,
                                int offset, int group, BeliefRng *rng);
/* In-place: x = sigma(x).  x = softmax(x) over each row of a group. */
void  belief_sigmoid_inplace   (float *x, gsize n);
void  belief_softmax_rows      (float *x, int batch, int stride, int offset, int group);

/* Free energy of each row: F(v) = -b.v - sum_j softplus(c_j + (vW)_j). */
void  belief_rbm_free_energy   (const BeliefRbm *rbm, const float *v, double *f, int batch);
/* log Z by summing over all 2^n_hid hidden states (n_hid <= 24); exact. */
double belief_rbm_log_z_exact  (const BeliefRbm *rbm);

BeliefRbmWork *belief_rbm_work_new  (const BeliefRbm *rbm, int batch);
void           belief_rbm_work_free (BeliefRbmWork *work);

/* One CD-k (or PCD-k) update on the minibatch v0 (B, V):
 *   vel <- momentum*vel + lr' * (v0^T h0 - v1^T h1) - lr * weight_decay * W
 *   params += vel,  lr' = lr / B when divide_by_batch, else lr.
 * With divide_by_batch this is DOMAIN.md's lr * (<v h>_data - <v h>_model -
 * weight_decay * W) with <.> the minibatch means; without it the statistics
 * are sums and the decay is the same.  Biases get no decay.
 * CD-k: hidden states are sampled during Gibbs, the last visible and hidden
 * layers use probabilities.  PCD-k (Tieleman 2008): the work keeps the
 * chains' hidden states; k Gibbs steps from them end in sampled visibles
 * v1, h1 = p(h | v1), and the chains move to a sample of h1; the first
 * step starts them from a sample of p(h | v0).  Fills stats when not NULL;
 * PCD's recon_loss is that of the first belief_rbm_pcd_loss_rows (batch)
 * rows (CD-k's comes free with its first step and covers every row). */
void  belief_rbm_cd_step (BeliefRbm            *rbm,
                          BeliefRbmWork        *work,
                          const float          *v0,
                          int                   batch,
                          const BeliefRbmHyper *hp,
                          BeliefRng            *rng,
                          BeliefStepStats      *stats);

/* Rows of a PCD minibatch its recon_loss is measured on: a quarter. */
int   belief_rbm_pcd_loss_rows (int batch);

/* Reconstruction loss of rows v0 (B, V) without training (h0 sampled). */
double belief_rbm_recon_loss (const BeliefRbm *rbm, BeliefRbmWork *work,
                              const float *v0, int batch, BeliefRng *rng);

/* Alternating Gibbs: k full steps v -> h -> v starting from v (B, V),
 * result probabilities in v; clamp (B, V) marks visible units kept fixed
 * (1 = clamped, NULL = none).  Used by recovery and tests. */
void  belief_rbm_gibbs (const BeliefRbm *rbm, BeliefRbmWork *work, float *v,
                        const float *clamp, int batch, int k, BeliefRng *rng);

/* Number of FLOPs of the matrix products of one CD-k step. */
double belief_rbm_step_flops (const BeliefRbm *rbm, int batch, int cd_k, gboolean pcd);

gboolean belief_rbm_is_finite (const BeliefRbm *rbm);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefRbm, belief_rbm_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefRbmWork, belief_rbm_work_free)

G_END_DECLS
