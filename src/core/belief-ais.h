/* belief-ais.h: the log-likelihood of an RBM by Annealed Importance Sampling
 * (Salakhutdinov & Murray 2008, "On the quantitative analysis of deep belief
 * networks"; Neal 2001).
 *
 * log p(v) = -F(v) - log Z needs the partition function Z, a sum over all
 * 2^(n_vis + n_hid) joint states.  AIS estimates it by annealing from a
 * base-rate model A (W = 0, hidden biases 0, visible biases b_A: log Z_A is
 * known in closed form) to the RBM B through the distributions
 *   p*_beta(v) = exp((1 - beta) b_A.v + beta b_B.v)
 *                prod_j (1 + exp(beta (c_j + (v W)_j))),   0 = beta_0 < ... < beta_K = 1.
 * Each of M runs starts at v ~ p_A and, for k = 1..K, adds
 *   log p*_k(v) - log p*_(k-1)(v)
 * to its log weight before one Gibbs transition that leaves p_beta_k
 * invariant (h ~ sigma(beta (v W + c)), v ~ sigma((1 - beta) b_A + beta (b_B + W h))).
 * Then Z_B / Z_A is estimated without bias by the mean of the weights w.
 *
 * The M runs move together as the rows of one batch: a step is two matrix
 * products, (M, V) x (V, H) and (M, H) x (H, V), and the elementwise work.
 * Every run draws from its own generator, split from the seed, so the
 * result does not depend on how the rows are shared among threads; with
 * the same seed and thread count it is bit-identical.
 */
#pragma once

#include <glib.h>

#include "belief-dataset.h"
#include "belief-rbm.h"

G_BEGIN_DECLS

/* Salakhutdinov & Murray's settings. */
#define BELIEF_AIS_DEFAULT_RUNS  100
#define BELIEF_AIS_DEFAULT_BETAS 14500

typedef struct
{
  int     n_runs;   /* annealing runs M, >= 2 */
  int     n_betas;  /* intermediate distributions K (beta_1 .. beta_K = 1), >= 1 */
  guint64 seed;
} BeliefAisOptions;

typedef struct
{
  double  log_z;       /* log Z_A + log mean(w) */
  double  log_z_lo;    /* log(mean(w) - 3 sd), -INFINITY when that is <= 0 */
  double  log_z_hi;    /* log(mean(w) + 3 sd); sd = std(w) / sqrt(M) */
  double  log_z_base;  /* log Z_A of the base-rate model */
  double  ess;         /* effective sample size (sum w)^2 / sum w^2, in 1..M */
  int     n_runs, n_betas;
  double *log_w;       /* (n_runs) log importance weights, owned */
} BeliefAisResult;

/* Called about a hundred times during a run with the fraction done (0..1];
 * return FALSE to cancel. */
typedef gboolean (*BeliefAisProgressFunc) (double fraction, gpointer user_data);

/* M = 100 runs, K = 14500 betas, seed 1. */
void     belief_ais_options_init (BeliefAisOptions *opt);

/* betas (n_betas): Salakhutdinov & Murray's schedule, uniform steps in
 * three segments: 500 up to 0.5, 4000 up to 0.9 and 10000 up to 1.0 for
 * n_betas = 14500, the three counts scaled in proportion for another
 * n_betas (rounded; an empty segment is skipped).  betas[n_betas - 1] = 1. */
void     belief_ais_schedule     (int n_betas, double *betas);

/* Visible biases of the base-rate model, b_A,i = log(p_i / (1 - p_i)) with
 * p_i the smoothed mean intensity of pixel i over the images:
 * p_i = (sum + 1) / (n + 2), so it stays inside (0, 1).  b_a (train->dim). */
void     belief_ais_base_biases  (const BeliefDataset *train, float *b_a);

/* Estimates log Z of rbm (which must have no label units) by AIS from the
 * base-rate model with visible biases base_vis_bias (n_vis; NULL: all 0,
 * the uniform distribution).  opt NULL: belief_ais_options_init.  Fills
 * out (free its log_w with belief_ais_result_clear).  Errors:
 * BELIEF_ERROR_RANGE (labels, options out of range), BELIEF_ERROR_CANCELLED. */
gboolean belief_ais_log_z        (const BeliefRbm        *rbm,
                                  const float            *base_vis_bias,
                                  const BeliefAisOptions *opt,
                                  BeliefAisProgressFunc   progress,
                                  gpointer                user_data,
                                  BeliefAisResult        *out,
                                  GError                **error);

void     belief_ais_result_clear (BeliefAisResult *res);

/* Mean over the rows of v (n, n_vis) of log p(v) = -F(v) - log_z, in nats. */
double   belief_ais_mean_log_prob (const BeliefRbm *rbm, const float *v, int n,
                                   double log_z);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BeliefAisResult, belief_ais_result_clear)

G_END_DECLS
