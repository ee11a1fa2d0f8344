/* belief-param-panel.h: the hyperparameter side panel.
 *
 * Every control is bound to GSettings; learning rate, momentum and weight
 * decay are forwarded to the trainer as they change.  Settings that need a
 * new model say so with an inline "Takes effect after Reset" note.
 *
 * Its first group shows the trainer's data: a list of the installed named
 * sets and the last folder opened (choosing one activates
 * win.load-dataset with the set's name or the folder's path) and the
 * sizes of the splits.  The preset ("preset": quick, standard or custom)
 * writes its values for the data's training size whenever it is chosen,
 * the data changes or "train-size" does; editing one of its keys makes it
 * custom.
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
/* Shows the trainer's data again in the list, after a load that failed. */
void           belief_param_panel_sync_data    (BeliefParamPanel *self);
/* The learning-rate slider's adjustment, in log10 units (-4 .. 0). */
GtkAdjustment *belief_param_panel_get_learning_rate_adjustment (BeliefParamPanel *self);

G_END_DECLS
