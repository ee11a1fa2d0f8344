/* belief-discriminative.h: discriminative fine-tuning by backpropagation.
 *
 * The third fine-tuning choice beside the generative (wake-sleep) regimes,
 * after Hinton & Salakhutdinov (2006): maximise log p(label | image) by
 * gradient descent through the recognition weights.  The output layer is the
 * top RBM's own label conditional,
 *
 *   logit_l = b_l + sum_j softplus(c_j + (pen W_pen)_j + U_lj),
 *   pen = sigma(... sigma(v W_1 + c_1) ... W_{L-1} + c_{L-1}),
 *
 * which is exactly what free-energy recognition computes, so after
 * fine-tuning that recognition is the trained classifier.  Updated: the
 * recognition weights and hidden biases of the lower RBMs, and the top RBM's
 * pen and label weights, hidden biases and label biases.  The generative
 * weights of an untied DBN are left alone.
 */
#pragma once

#include <glib.h>

#include "belief-dbn.h"

G_BEGIN_DECLS

typedef struct
{
  double loss;      /* mean cross-entropy of the minibatch, nats */
  double accuracy;  /* share of the minibatch classified right, before the update */
} BeliefDiscStats;

typedef struct _BeliefDisc BeliefDisc;

BeliefDisc      *belief_disc_new      (const BeliefDbn *dbn, int batch);
void             belief_disc_free     (BeliefDisc *disc);

/* Gradient of the summed cross-entropy of v (B, sizes[0]) with one-hot
 * labels (B, n_labels), kept in the disc; stats may be NULL. */
void             belief_disc_gradient (BeliefDisc *disc, const BeliefDbn *dbn, const float *v,
                                       const float *labels, int batch, BeliefDiscStats *stats);
/* The gradient of RBM `layer`, shaped like it (W, b, c). */
const BeliefRbm *belief_disc_grad     (const BeliefDisc *disc, int layer);
/* vel = momentum vel - lr / batch * grad; params += vel. */
void             belief_disc_apply    (BeliefDisc *disc, BeliefDbn *dbn, int batch, float lr,
                                       float momentum);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefDisc, belief_disc_free)

G_END_DECLS
