/* belief-views.c: creates each view widget and hands it to the window.
 * Views read the trainer (history, weights, progress signals) and the
 * settings; they never touch the worker thread. */
#include "belief-views.h"

#include "belief-experiments-view.h"

#include "belief-tiles-view.h"
#include "belief-training-view.h"

#include "belief-generate-view.h"
#include "belief-recognise-view.h"
#include "belief-recover-view.h"

void
belief_window_install_views (BeliefWindow *self)
{
  BeliefTrainer *trainer = belief_window_get_trainer (self);
  GSettings *settings = belief_window_get_settings (self);

  g_return_if_fail (BELIEF_IS_WINDOW (self));

  /* views: training, fields */
  belief_window_set_view (self, "training", belief_training_view_new (trainer));
  belief_window_set_view (self, "fields", belief_tiles_view_new (trainer));

  /* views: recognise, generate, recover */
  belief_window_set_view (self, "recognise", belief_recognise_view_new (trainer, settings));
  belief_window_set_view (self, "generate", belief_generate_view_new (trainer));
  belief_window_set_view (self, "recover", belief_recover_view_new (trainer));

  /* the lab report's experiments, on their own worker thread */
  belief_window_set_view (self, "experiments", belief_experiments_view_new (trainer, settings));

  (void) trainer;
  (void) settings;
}
