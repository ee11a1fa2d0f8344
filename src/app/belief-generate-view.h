/* belief-generate-view.h: click a label, watch the network draw it.
 *
 * Each run clamps the label(s) in the top RBM of a copy of the trainer's
 * newest model and runs belief_dbn_generate on a worker thread; every k-th
 * step (k = max (3, steps / 100)) the visible probabilities come back to the
 * main loop as a copy, at most one frame pending (newer frames replace an
 * unshown one).  The worker paces the frames (about 40 a second) so the
 * movie can be watched.  "All Digits" runs ten chains side by side.
 *
 * Stop: belief_dbn_generate cannot be interrupted, so the frame callback
 * checks the run's GCancellable and, once cancelled, neither hands frames
 * on nor waits; the chain then finishes its remaining steps at full speed
 * (well under a second for the default network) and its result is dropped.
 *
 * Fidelity: when a run ends, the worker has an independent judge (a
 * 3-nearest-neighbour classifier on the training images, belief-fidelity.h,
 * built once per training set on the first worker that needs it) read the
 * digits; each caption then shows the label read ("3 ✓", or "3 → 5 ✗" with a
 * red frame) and a line sums it up.  "Judge 100 per Label" runs 100 chains
 * per label in the background (chunks of 50, no movie; Stop/Cancel waits
 * for one chunk at most), with the view's Gibbs steps and label strength,
 * and reports the overall and per-label share read as their label, as
 * belief-cli judge does.
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-digits-widget.h"
#include "belief-fidelity.h"
#include "belief-trainer.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_GENERATE_VIEW (belief_generate_view_get_type ())

/* Chains per label of the Judge button. */
#define BELIEF_GENERATE_JUDGE_PER_LABEL 100

G_DECLARE_FINAL_TYPE (BeliefGenerateView, belief_generate_view, BELIEF, GENERATE_VIEW, GtkWidget)

GtkWidget *belief_generate_view_new          (BeliefTrainer *trainer);
/* The button of digit `label` (0..9), or the All Digits button for -1. */
GtkWidget *belief_generate_view_get_button   (BeliefGenerateView *self,
                                              int                 label);
void       belief_generate_view_set_n_steps  (BeliefGenerateView *self,
                                              int                 n_steps);
gboolean   belief_generate_view_is_running   (BeliefGenerateView *self);
/* Frames shown so far by the current (or last) run. */
guint      belief_generate_view_get_n_frames (BeliefGenerateView *self);

/* Generates per_label digits of every label without a movie and judges
 * them (the Judge button: 100); FALSE without a model with labels that
 * fits the data.  Stops a running chain. */
gboolean            belief_generate_view_judge        (BeliefGenerateView *self,
                                                       int                 per_label);
gboolean            belief_generate_view_is_judging   (BeliefGenerateView *self);
BeliefDigitsWidget *belief_generate_view_get_digits   (BeliefGenerateView *self);
/* The labels the judge read of the digits shown, or NULL before a judged run. */
const int          *belief_generate_view_get_judged   (BeliefGenerateView *self,
                                                       int                *count);
/* The last judged run (movie or batch); FALSE if none is shown. */
gboolean            belief_generate_view_get_fidelity (BeliefGenerateView *self,
                                                       BeliefFidelity     *fidelity);
/* The fidelity line shown, or NULL. */
const char         *belief_generate_view_get_fidelity_text (BeliefGenerateView *self);

G_END_DECLS
