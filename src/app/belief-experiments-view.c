/* belief-experiments-view.c: the list, the selected experiment and its results.
 *
 * belief-experiments-run.c runs them; belief-experiments-export.c exports. */
#include "belief-experiments-view-private.h"

#include <glib/gi18n.h>

#include "belief-experiment-row.h"
#include "belief-status.h"

G_DEFINE_FINAL_TYPE (BeliefExperimentsView, belief_experiments_view, GTK_TYPE_WIDGET)

/* ---- messages and state ------------------------------------------------------ */

void
belief_experiments_view_show_message (BeliefExperimentsView *self,
                                      const char            *text,
                                      gboolean               is_error)
{
  g_free (self->message);
  self->message = g_strdup (text != NULL ? text : "");
  gtk_label_set_text (self->message_label, self->message);
  if (is_error)
    gtk_widget_add_css_class (self->message_box, "error");
  else
    gtk_widget_remove_css_class (self->message_box, "error");
  gtk_widget_set_visible (self->message_box, *self->message != '\0');
}

void
belief_experiments_view_update_actions (BeliefExperimentsView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean running = belief_experiment_runner_is_running (self->runner);

  gtk_widget_action_set_enabled (widget, "experiments.run", !running);
  gtk_widget_action_set_enabled (widget, "experiments.run-all", !running);
  gtk_widget_action_set_enabled (widget, "experiments.stop", running);
  gtk_widget_action_set_enabled (widget, "experiments.export",
                                 !self->exporting && belief_experiment_runner_get_n_results (self->runner) > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->quick_switch), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seed_spin), !running);
}

static void
update_row (BeliefExperimentsView *self,
            int                    n)
{
  BeliefExperimentRowState state = BELIEF_EXPERIMENT_ROW_IDLE;

  if (belief_experiment_runner_get_current (self->runner, NULL, NULL) == n)
    state = BELIEF_EXPERIMENT_ROW_RUNNING;
  else if (self->errors[n] != NULL)
    state = BELIEF_EXPERIMENT_ROW_FAILED;
  else if (belief_experiment_runner_get_result (self->runner, n) != NULL)
    state = BELIEF_EXPERIMENT_ROW_DONE;
  belief_experiment_row_set_state (BELIEF_EXPERIMENT_ROW (gtk_list_box_get_row_at_index (self->list, n - 1)),
                                   state);
}

void
belief_experiments_view_update_rows (BeliefExperimentsView *self)
{
  for (int n = 1; n <= BELIEF_N_EXPERIMENTS; n++)
    update_row (self, n);
}

/* The right side for the selected experiment: live, finished or not yet. */
void
belief_experiments_view_show_selected (BeliefExperimentsView *self)
{
  int n = self->selected;
  const BeliefExperimentInfo *info = belief_experiment_info (n);
  const BeliefFigureSet *result = belief_experiment_runner_get_result (self->runner, n);
  const BeliefFigureSet *partial = belief_experiment_runner_get_partial (self->runner);
  gboolean running = belief_experiment_runner_is_running (self->runner);
  int current = belief_experiment_runner_get_current (self->runner, NULL, NULL);
  g_autofree char *title = g_strdup_printf ("%d. %s", n, info->title);
  g_autofree char *subtitle = NULL, *hint = NULL, *button = NULL;

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->description_label, info->description);
  if (current == n)
    {
      subtitle = g_strdup (_("Running: the figures fill in as it trains"));
      belief_figure_set_view_set_set (self->set_view,
                                      partial != NULL && partial->number == n ? partial : NULL, FALSE);
    }
  else if (result != NULL)
    {
      const BeliefExperimentOptions *o = &self->result_options[n];
      g_autofree char *duration = belief_status_format_duration (result->seconds);

      if (result->seconds < 1.0)
        subtitle = g_strdup_printf (o->quick ? _("Finished in less than a second · quick run · seed %u")
                                             : _("Finished in less than a second · full run · seed %u"),
                                    (guint) o->seed);
      else
        subtitle = g_strdup_printf (o->quick ? _("Finished in %s · quick run · seed %u")
                                             : _("Finished in %s · full run · seed %u"),
                                    duration, (guint) o->seed);
      belief_figure_set_view_set_set (self->set_view, result, TRUE);
    }
  else
    {
      if (self->errors[n] != NULL)
        subtitle = g_strdup_printf (_("Failed: %s"), self->errors[n]->message);
      else
        subtitle = g_strdup (_("Not run yet"));
      if (running && current != 0)
        hint = g_strdup_printf (_("Experiment %d is running; run this one when it has finished."), current);
      else
        hint = g_strdup (_("Run it to train what it needs and watch its figures fill in here."));
      button = g_strdup_printf (_("_Run Experiment %d"), n);
      belief_figure_set_view_set_set (self->set_view, NULL, FALSE);
    }
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), result == NULL || current == n);
  gtk_widget_set_visible (self->hint_box, hint != NULL);
  if (hint != NULL)
    {
      gtk_label_set_text (self->hint_label, hint);
      gtk_button_set_label (self->hint_button, button);
    }
}

/* ---- the list ----------------------------------------------------------------------- */

/* Scrolls the list so that row is in sight. */
static void
reveal_row (BeliefExperimentsView *self,
            GtkListBoxRow         *row)
{
  GtkAdjustment *adj = gtk_list_box_get_adjustment (self->list);
  graphene_rect_t bounds;
  double value, page;

  if (adj == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->list), &bounds))
    return;
  value = gtk_adjustment_get_value (adj);
  page = gtk_adjustment_get_page_size (adj);
  if (bounds.origin.y < value)
    gtk_adjustment_set_value (adj, bounds.origin.y);
  else if (bounds.origin.y + bounds.size.height > value + page)
    gtk_adjustment_set_value (adj, bounds.origin.y + bounds.size.height - page);
}

static void
select_row (BeliefExperimentsView *self,
            int                    n)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, n - 1);

  reveal_row (self, row);

  if (gtk_list_box_get_selected_row (self->list) != row)
    gtk_list_box_select_row (self->list, row);   /* row-selected shows it */
  else
    {
      self->selected = n;
      belief_experiments_view_show_selected (self);
    }
}

static void
dismiss_action (GtkWidget *widget, const char *name, GVariant *param)
{
  belief_experiments_view_show_message (BELIEF_EXPERIMENTS_VIEW (widget), NULL, FALSE);
}

static void
row_selected_cb (BeliefExperimentsView *self,
                 GtkListBoxRow         *row,
                 GtkListBox            *list)
{
  if (row == NULL)
    return;
  self->selected = belief_experiment_row_get_number (BELIEF_EXPERIMENT_ROW (row));
  belief_experiments_view_show_selected (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0.0);
}

/* ---- public API ---------------------------------------------------------------------------------- */

GtkWidget *
belief_experiments_view_new (BeliefTrainer *trainer,
                             GSettings     *settings)
{
  BeliefExperimentsView *self;

  g_return_val_if_fail (BELIEF_IS_TRAINER (trainer), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (BELIEF_TYPE_EXPERIMENTS_VIEW, NULL);
  self->trainer = g_object_ref (trainer);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  return GTK_WIDGET (self);
}

void
belief_experiments_view_set_quick (BeliefExperimentsView *self,
                                   gboolean               quick)
{
  g_return_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self));
  gtk_switch_set_active (self->quick_switch, quick);
}

void
belief_experiments_view_set_seed (BeliefExperimentsView *self,
                                  guint                  seed)
{
  g_return_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self));
  gtk_spin_button_set_value (self->seed_spin, seed);
}

void
belief_experiments_view_select (BeliefExperimentsView *self,
                                int                    number)
{
  g_return_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self));
  g_return_if_fail (number >= 1 && number <= BELIEF_N_EXPERIMENTS);
  select_row (self, number);
}

int
belief_experiments_view_get_selected (BeliefExperimentsView *self)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self), 0);
  return self->selected;
}

const char *
belief_experiments_view_get_message (BeliefExperimentsView *self)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self), "");
  return gtk_widget_get_visible (self->message_box) ? self->message : "";
}

BeliefExperimentRunner *
belief_experiments_view_get_runner (BeliefExperimentsView *self)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self), NULL);
  return self->runner;
}

BeliefFigureSetView *
belief_experiments_view_get_set_view (BeliefExperimentsView *self)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self), NULL);
  return self->set_view;
}

/* ---- GObject -------------------------------------------------------------------------------------- */

static void
belief_experiments_view_dispose (GObject *object)
{
  BeliefExperimentsView *self = BELIEF_EXPERIMENTS_VIEW (object);
  GtkWidget *child;

  if (self->runner != NULL)
    belief_experiments_view_shutdown (self);
  g_cancellable_cancel (self->cancellable);
  g_object_set_data (object, "belief-export-chooser", NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BELIEF_TYPE_EXPERIMENTS_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->runner);
  g_clear_object (&self->trainer);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (belief_experiments_view_parent_class)->dispose (object);
}

static void
belief_experiments_view_finalize (GObject *object)
{
  BeliefExperimentsView *self = BELIEF_EXPERIMENTS_VIEW (object);

  for (int n = 0; n <= BELIEF_N_EXPERIMENTS; n++)
    g_clear_error (&self->errors[n]);
  g_free (self->message);

  G_OBJECT_CLASS (belief_experiments_view_parent_class)->finalize (object);
}

static void
belief_experiments_view_class_init (BeliefExperimentsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = belief_experiments_view_dispose;
  object_class->finalize = belief_experiments_view_finalize;

  g_type_ensure (BELIEF_TYPE_FIGURE_SET_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/belief/Belief/belief-experiments-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BeliefExperimentsView, name)
  BIND (list);
  BIND (quick_switch);
  BIND (seed_spin);
  BIND (progress_box);
  BIND (status_label);
  BIND (elapsed_label);
  BIND (progress_bar);
  BIND (message_box);
  BIND (message_label);
  BIND (scroller);
  BIND (title_label);
  BIND (subtitle_label);
  BIND (description_label);
  BIND (hint_box);
  BIND (hint_label);
  BIND (hint_button);
  BIND (set_view);
#undef BIND

  gtk_widget_class_install_action (widget_class, "experiments.run", NULL,
                                   belief_experiments_view_run_action);
  gtk_widget_class_install_action (widget_class, "experiments.run-all", NULL,
                                   belief_experiments_view_run_all_action);
  gtk_widget_class_install_action (widget_class, "experiments.stop", NULL,
                                   belief_experiments_view_stop_action);
  gtk_widget_class_install_action (widget_class, "experiments.export", NULL,
                                   belief_experiments_view_export_action);
  gtk_widget_class_install_action (widget_class, "experiments.dismiss", NULL, dismiss_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "experiments.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "experiments.stop", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
belief_experiments_view_init (BeliefExperimentsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->runner = belief_experiment_runner_new ();
  belief_experiments_view_connect_runner (self);
  for (int n = 1; n <= BELIEF_N_EXPERIMENTS; n++)
    gtk_list_box_append (self->list, belief_experiment_row_new (n));
  belief_experiments_view_update_rows (self);
  g_signal_connect_swapped (self->list, "row-selected", G_CALLBACK (row_selected_cb), self);
  select_row (self, 1);
  belief_experiments_view_update_actions (self);
}
