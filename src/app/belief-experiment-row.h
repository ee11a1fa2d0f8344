/* belief-experiment-row.h: one experiment in the Experiments view's list.
 *
 * Its number in a badge, its title, the first two lines of its description
 * (all of it in the tooltip), and at the end what became of it: nothing yet,
 * a spinner while it runs, a check mark when it has finished, a warning
 * when it failed.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  BELIEF_EXPERIMENT_ROW_IDLE,
  BELIEF_EXPERIMENT_ROW_RUNNING,
  BELIEF_EXPERIMENT_ROW_DONE,
  BELIEF_EXPERIMENT_ROW_FAILED,
} BeliefExperimentRowState;

#define BELIEF_TYPE_EXPERIMENT_ROW (belief_experiment_row_get_type ())

G_DECLARE_FINAL_TYPE (BeliefExperimentRow, belief_experiment_row, BELIEF, EXPERIMENT_ROW, GtkListBoxRow)

/* number: 1 .. BELIEF_N_EXPERIMENTS */
GtkWidget               *belief_experiment_row_new       (int                      number);
int                      belief_experiment_row_get_number (BeliefExperimentRow     *self);
void                     belief_experiment_row_set_state (BeliefExperimentRow      *self,
                                                          BeliefExperimentRowState  state);
BeliefExperimentRowState belief_experiment_row_get_state (BeliefExperimentRow      *self);

G_END_DECLS
