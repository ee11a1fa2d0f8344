/* belief-experiment-row.c: an experiment's row in the list. */
#include "belief-experiment-row.h"

#include "belief-experiment.h"

struct _BeliefExperimentRow
{
  GtkListBoxRow             parent_instance;

  int                       number;
  BeliefExperimentRowState  state;

  /* template */
  GtkLabel                 *number_label;
  GtkLabel                 *title_label;
  GtkLabel                 *description_label;
  GtkStack                 *state_stack;
  GtkSpinner               *spinner;
};

G_DEFINE_FINAL_TYPE (BeliefExperimentRow, belief_experiment_row, GTK_TYPE_LIST_BOX_ROW)

GtkWidget *
belief_experiment_row_new (int number)
{
  const BeliefExperimentInfo *info;
  BeliefExperimentRow *self;
  g_autofree char *text = g_strdup_printf ("%d", number);

  g_return_val_if_fail (number >= 1 && number <= BELIEF_N_EXPERIMENTS, NULL);

  info = belief_experiment_info (number);
  self = g_object_new (BELIEF_TYPE_EXPERIMENT_ROW, NULL);
  self->number = number;
  gtk_label_set_text (self->number_label, text);
  gtk_label_set_text (self->title_label, info->title);
  gtk_label_set_text (self->description_label, info->description);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), info->description);
  return GTK_WIDGET (self);
}

int
belief_experiment_row_get_number (BeliefExperimentRow *self)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENT_ROW (self), 0);
  return self->number;
}

void
belief_experiment_row_set_state (BeliefExperimentRow      *self,
                                 BeliefExperimentRowState  state)
{
  static const char * const pages[] = { "idle", "running", "done", "failed" };

  g_return_if_fail (BELIEF_IS_EXPERIMENT_ROW (self));
  g_return_if_fail (state <= BELIEF_EXPERIMENT_ROW_FAILED);

  if (self->state == state)
    return;
  self->state = state;
  gtk_stack_set_visible_child_name (self->state_stack, pages[state]);
  gtk_spinner_set_spinning (self->spinner, state == BELIEF_EXPERIMENT_ROW_RUNNING);
}

BeliefExperimentRowState
belief_experiment_row_get_state (BeliefExperimentRow *self)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENT_ROW (self), BELIEF_EXPERIMENT_ROW_IDLE);
  return self->state;
}

static void
belief_experiment_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BELIEF_TYPE_EXPERIMENT_ROW);

  G_OBJECT_CLASS (belief_experiment_row_parent_class)->dispose (object);
}

static void
belief_experiment_row_class_init (BeliefExperimentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = belief_experiment_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/belief/Belief/belief-experiment-row.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BeliefExperimentRow, name)
  BIND (number_label);
  BIND (title_label);
  BIND (description_label);
  BIND (state_stack);
  BIND (spinner);
#undef BIND
}

static void
belief_experiment_row_init (BeliefExperimentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
