/* belief-param-panel.h: the hyperparameter side panel.
 *
 * Every control is bound to GSettings; learning rate, momentum and weight
 * decay are forwarded to the trainer as they change.  Settings that need a
 * new model say so with an inline "Takes effect after Reset" note.
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-trainer.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_PARAM_PANEL (belief_param_panel_get_type ())

G_DECLARE_FINAL_TYPE (BeliefParamPanel, belief_param_panel, BELIEF, PARAM_PANEL, GtkWidget)

GtkWidget     *belief_param_panel_new         (void);
GSettings     *belief_param_panel_get_settings (BeliefParamPanel *self);
void           belief_param_panel_set_settings (BeliefParamPanel *self,
                                                GSettings        *settings);
BeliefTrainer *belief_param_panel_get_trainer  (BeliefParamPanel *self);
void           belief_param_panel_set_trainer  (BeliefParamPanel *self,
                                                BeliefTrainer    *trainer);
/* The learning-rate slider's adjustment, in log10 units (-4 .. 0). */
GtkAdjustment *belief_param_panel_get_learning_rate_adjustment (BeliefParamPanel *self);

G_END_DECLS
