/* belief-dbn.h: a Deep Belief Net, a stack of RBMs with labels at the top.
 *
 * sizes[0] is the number of pixels, sizes[i] the units of layer i, and
 * rbms[i] connects layer i (visible side) to layer i+1 (hidden side).  The
 * top RBM, rbms[L-1], has sizes[L-1] + n_labels visible units: the pen layer
 * joined by n_labels softmax label units at the end.  n_labels = 0 gives a
 * plain stack (one layer: a plain RBM).
 *
 * After greedy pretraining the lower RBMs are untied: rbms[i] keeps the
 * recognition weights (W, c: up) and gen[i] gets a copy used as generative
 * weights (W, b: down).  The top RBM stays undirected.
 */
#pragma once

#include <glib.h>

#include "belief-rbm.h"
#include "belief-rng.h"

G_BEGIN_DECLS

#define BELIEF_MAX_LAYERS 8

typedef enum
{
  BELIEF_RECOG_GIBBS,        /* labels start at 0.1, n Gibbs steps in the top RBM */
  BELIEF_RECOG_FREE_ENERGY,  /* lowest free energy of [pen, label] over labels */
} BeliefRecogMethod;

typedef struct
{
  int        n_layers;                     /* number of RBMs, 1..BELIEF_MAX_LAYERS */
  int        sizes[BELIEF_MAX_LAYERS + 1]; /* units per layer, sizes[0] = pixels */
  int        n_labels;                     /* label units joined at the top, or 0 */
  int        rows, cols;                   /* image shape, rows * cols = sizes[0] */
  gboolean   untied;
  BeliefRbm *rbms[BELIEF_MAX_LAYERS];
  BeliefRbm *gen[BELIEF_MAX_LAYERS];       /* NULL until untied; never for the top */
} BeliefDbn;

BeliefDbn *belief_dbn_new       (const int *sizes, int n_layers, int n_labels,
                                 int rows, int cols);
BeliefDbn *belief_dbn_copy      (const BeliefDbn *dbn);
/* The weights without the momentum state: what a view of the model needs,
 * at half the memory of belief_dbn_copy. */
BeliefDbn *belief_dbn_copy_weights (const BeliefDbn *dbn);
/* Copies weights between two DBNs of the same architecture. */
void       belief_dbn_copy_into (BeliefDbn *dst, const BeliefDbn *src);
gboolean   belief_dbn_same_shape (const BeliefDbn *a, const BeliefDbn *b);
void       belief_dbn_free      (BeliefDbn *dbn);
void       belief_dbn_init      (BeliefDbn *dbn, BeliefRng *rng, float stddev);
/* Recognition weights -> separate generative copies (idempotent). */
void       belief_dbn_untie     (BeliefDbn *dbn);
const BeliefRbm *belief_dbn_gen (const BeliefDbn *dbn, int layer);
char      *belief_dbn_describe  (const BeliefDbn *dbn); /* "784-500-500+10-2000" */
gboolean   belief_dbn_is_finite (const BeliefDbn *dbn);

/* Probabilities of layer `upto` (0 = pixels) from pixels v (B, sizes[0]),
 * using the recognition weights.  out (B, sizes[upto]). */
void       belief_dbn_up        (const BeliefDbn *dbn, const float *v, float *out,
                                 int upto, int batch);
/* Visible probabilities from layer `from` activities x (B, sizes[from]),
 * through the generative weights.  out (B, sizes[0]). */
void       belief_dbn_down      (const BeliefDbn *dbn, const float *x, float *out,
                                 int from, int batch);

/* Label probabilities (B, n_labels) for images v (B, sizes[0]).  With
 * free energy, the "probabilities" are softmax(-F) over labels. */
void       belief_dbn_recognise (const BeliefDbn *dbn, const float *v, int batch,
                                 BeliefRecogMethod method, int n_gibbs,
                                 BeliefRng *rng, float *label_probs);

typedef void (*BeliefFrameFunc) (int step, const float *visible, int count,
                                 gpointer user_data);

/* How strongly a clamped label drives the top RBM in generation: the label
 * unit is held at this value instead of 1.  A greedily trained top RBM
 * hears its 10 label units faintly beside 500 pen units, and at 1 every
 * label settles into the same blob; at about 8 each label draws its digit. */
#define BELIEF_DEFAULT_LABEL_STRENGTH 8.0f

/* Generation: clamp label (one-hot times label_strength, or `label` < 0 for
 * free running) in the
 * top RBM, pen units start random, n_gibbs steps of alternating Gibbs, then
 * down through the generative weights.  out (count, sizes[0]) visible
 * probabilities.  Every `frame_every` steps (0 = never) the current visible
 * probabilities are handed to frame_func. */
void       belief_dbn_generate  (const BeliefDbn *dbn, const int *labels, int count,
                                 int n_gibbs, float label_strength, BeliefRng *rng, float *out,
                                 int frame_every, BeliefFrameFunc frame_func,
                                 gpointer user_data);

/* Recovery: pixels with mask (B, sizes[0]) = 1 are known and clamped; the rest are
 * Gibbs-sampled through the first RBM for n_gibbs steps.  v (B, sizes[0]) in
 * and out (probabilities at unknown pixels). */
void       belief_dbn_recover   (const BeliefDbn *dbn, float *v, const float *mask,
                                 int batch, int n_gibbs, BeliefRng *rng);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefDbn, belief_dbn_free)

G_END_DECLS
