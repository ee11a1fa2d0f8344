/* belief-finetune.h: wake-sleep / up-down fine-tuning of an untied DBN.
 *
 * Per minibatch (Hinton, Osindero & Teh 2006; DOMAIN.md):
 *  1. wake: stochastic up-pass with the recognition weights;
 *  2. n_gibbs steps of alternating Gibbs in the top RBM from [pen, true label]
 *     (labels clamped, or free as in Hinton's up-down code);
 *  3. sleep: stochastic down-pass with the generative weights from the top's
 *     final pen state;
 *  4. predictions: generative ones of each wake layer from the wake layer
 *     above, recognition ones of each sleep layer from the sleep layer below;
 *  5. generative update  G_i += lr' wake_i^T-style delta rule;
 *  6. CD update of the top RBM;
 *  7. recognition update from the sleep activities, the same delta rule up.
 * lr' = lr / B when divide_by_batch.
 */
#pragma once

#include <glib.h>

#include "belief-dbn.h"
#include "belief-rng.h"

G_BEGIN_DECLS

typedef struct
{
  float    lr;
  gboolean divide_by_batch;
  int      n_gibbs;
  gboolean clamp_labels;
} BeliefFinetuneHyper;

typedef struct
{
  double top_recon;      /* mean (pen_wake - pen_neg)^2 of the top RBM */
  double gen_error;      /* mean (pixels - generative prediction)^2 */
} BeliefFinetuneStats;

typedef struct _BeliefFinetune BeliefFinetune;

BeliefFinetune *belief_finetune_new  (const BeliefDbn *dbn, int batch);
void            belief_finetune_free (BeliefFinetune *ft);

/* v (B, sizes[0]) pixels, labels (B, n_labels) one-hot.  dbn must be untied. */
void            belief_finetune_step (BeliefFinetune            *ft,
                                      BeliefDbn                 *dbn,
                                      const float               *v,
                                      const float               *labels,
                                      int                        batch,
                                      const BeliefFinetuneHyper *hp,
                                      BeliefRng                 *rng,
                                      BeliefFinetuneStats       *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefFinetune, belief_finetune_free)

G_END_DECLS
