/* belief-training-view.h: the live charts of a training run.
 *
 * Three charts over the trainer's history: reconstruction loss per update
 * (one series per layer and one for fine-tuning, optionally on a log
 * scale), weight stability per layer, and train and test accuracy at epoch
 * ends; above them a row with the newest numbers.  Redrawn at most ten
 * times a second, and only while the view is on screen.
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-chart-view.h"
#include "belief-trainer.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_TRAINING_VIEW (belief_training_view_get_type ())

G_DECLARE_FINAL_TYPE (BeliefTrainingView, belief_training_view, BELIEF, TRAINING_VIEW, GtkWidget)

GtkWidget       *belief_training_view_new                 (BeliefTrainer      *trainer);
void             belief_training_view_set_trainer         (BeliefTrainingView *self,
                                                           BeliefTrainer      *trainer);
BeliefTrainer   *belief_training_view_get_trainer         (BeliefTrainingView *self);

BeliefChartView *belief_training_view_get_loss_chart      (BeliefTrainingView *self);
BeliefChartView *belief_training_view_get_stability_chart (BeliefTrainingView *self);
BeliefChartView *belief_training_view_get_accuracy_chart  (BeliefTrainingView *self);

G_END_DECLS
