/* belief-recover-view.h: hide part of a test digit, watch it restored.
 *
 * The known pixels are clamped and the hidden ones (starting at 0.5) are
 * Gibbs-sampled through the first RBM of the trainer's newest model, one
 * step per main-loop tick (a step on one image is well under a
 * millisecond), so the restoration plays as a short movie.  The error is
 * the mean squared error on the hidden pixels, before (grey) and after, as
 * belief-cli recover prints it.
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-trainer.h"

G_BEGIN_DECLS

typedef enum
{
  BELIEF_HIDE_TOP,
  BELIEF_HIDE_BOTTOM,
  BELIEF_HIDE_LEFT,
  BELIEF_HIDE_RIGHT,
  BELIEF_HIDE_NOISE,    /* 30% of the pixels at random */
  BELIEF_HIDE_PAINTED,  /* painted with the pointer on the middle image */
} BeliefHide;

#define BELIEF_TYPE_RECOVER_VIEW (belief_recover_view_get_type ())

G_DECLARE_FINAL_TYPE (BeliefRecoverView, belief_recover_view, BELIEF, RECOVER_VIEW, GtkWidget)

GtkWidget *belief_recover_view_new        (BeliefTrainer *trainer);
/* Test image `index` (0-based); FALSE when there is no such image. */
gboolean   belief_recover_view_set_digit  (BeliefRecoverView *self,
                                           guint              index);
void       belief_recover_view_set_hide   (BeliefRecoverView *self,
                                           BeliefHide         hide);
/* Starts the restoration (as the Restore button); FALSE without a model
 * that fits the images. */
gboolean   belief_recover_view_restore    (BeliefRecoverView *self);
gboolean   belief_recover_view_is_running (BeliefRecoverView *self);
/* The error on the hidden pixels before and after (so far); FALSE before
 * the first restoration of the current digit and mask. */
gboolean   belief_recover_view_get_errors (BeliefRecoverView *self,
                                           double            *before,
                                           double            *after);

G_END_DECLS
