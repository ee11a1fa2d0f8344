/* belief-views.c: creates each view widget and hands it to the window.
 * Views read the trainer (history, weights, progress signals) and the
 * settings; they never touch the worker thread. */
#include "belief-views.h"

void
belief_window_install_views (BeliefWindow *self)
{
  BeliefTrainer *trainer = belief_window_get_trainer (self);
  GSettings *settings = belief_window_get_settings (self);

  g_return_if_fail (BELIEF_IS_WINDOW (self));

  /* views: training, fields */

  /* views: recognise, generate, recover */

  (void) trainer;
  (void) settings;
}
