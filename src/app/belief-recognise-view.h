/* belief-recognise-view.h: draw a digit, see what the network thinks it is.
 *
 * The drawing is digitised MNIST's way and classified by the trainer's
 * newest model at most once per frame while the user draws (and again on
 * every "weights-changed", so it follows training live).  Beside it: the
 * 28x28 input, the model's reconstruction of it, the ten label
 * probabilities and the answer.  "Random Test Digit" classifies an image of
 * the test set instead and shows its true label.  The method (free energy
 * or Gibbs sampling) is the settings key "recognition-method".
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-draw-canvas.h"
#include "belief-trainer.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_RECOGNISE_VIEW (belief_recognise_view_get_type ())

G_DECLARE_FINAL_TYPE (BeliefRecogniseView, belief_recognise_view, BELIEF, RECOGNISE_VIEW, GtkWidget)

/* settings may be NULL: the view then follows the settings of the
 * BeliefWindow it is shown in, or keeps the method alone. */
GtkWidget        *belief_recognise_view_new        (BeliefTrainer *trainer,
                                                    GSettings     *settings);
BeliefDrawCanvas *belief_recognise_view_get_canvas (BeliefRecogniseView *self);
/* The image being classified (side x side floats), or NULL without one. */
const float      *belief_recognise_view_get_input  (BeliefRecogniseView *self,
                                                    int                 *side);
/* The label probabilities of the last recognition (n floats), or NULL
 * without a model or an input. */
const float      *belief_recognise_view_get_probs  (BeliefRecogniseView *self,
                                                    int                 *n);
/* Classifies test image `index` (as the Random Test Digit button does);
 * FALSE without test images. */
gboolean          belief_recognise_view_show_test_digit (BeliefRecogniseView *self,
                                                         guint                index);

G_END_DECLS
