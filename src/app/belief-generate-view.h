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
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-trainer.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_GENERATE_VIEW (belief_generate_view_get_type ())

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

G_END_DECLS
