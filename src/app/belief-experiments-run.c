/* belief-experiments-run.c: the Experiments view's runs: starting and
 * stopping them, their progress, what the runner tells, and the main
 * training paused meanwhile (and resumed after). */
#include "belief-experiments-view-private.h"

#include <glib/gi18n.h>

#include "belief-error.h"
#include "belief-status.h"

/* ---- progress and the runner's signals ------------------------------------------- */

static void
update_progress (BeliefExperimentsView *self)
{
  int index, count;
  int current = belief_experiment_runner_get_current (self->runner, &index, &count);
  double fraction = belief_experiment_runner_get_fraction (self->runner);
  const char *status = belief_experiment_runner_get_status (self->runner);
  g_autofree char *text = NULL, *elapsed = NULL, *duration = NULL;

  gtk_widget_set_visible (self->progress_box, belief_experiment_runner_is_running (self->runner));
  if (!belief_experiment_runner_is_running (self->runner))
    return;
  if (current == 0 || self->stopping)
    text = g_strdup (_("Stopping after the current step…"));
  else if (count > 1)
    text = g_strdup_printf (_("Experiment %d (%d of %d) · %s"), current, index + 1, count,
                            *status != '\0' ? status : _("Starting…"));
  else
    text = g_strdup_printf (_("Experiment %d · %s"), current, *status != '\0' ? status : _("Starting…"));
  if (self->paused_session != NULL)
    {
      char *with = g_strdup_printf (_("%s · main training paused"), text);

      g_free (text);
      text = with;
    }
  duration = belief_status_format_duration ((g_get_monotonic_time () - self->started) / 1e6);
  elapsed = g_strdup_printf (_("%s elapsed"), duration);
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
  gtk_label_set_text (self->elapsed_label, elapsed);
  gtk_progress_bar_set_fraction (self->progress_bar, count > 0 ? (index + CLAMP (fraction, 0.0, 1.0)) / count
                                                               : 1.0);
}

static gboolean
tick_cb (gpointer data)
{
  update_progress (data);
  return G_SOURCE_CONTINUE;
}

static void
runner_progress_cb (BeliefExperimentsView  *self,
                    int                     current,
                    BeliefExperimentRunner *runner)
{
  /* follow the run from one experiment to the next, unless the user looks elsewhere */
  if (current != 0 && current != self->followed)
    {
      int before = self->followed;

      self->followed = current;
      belief_experiments_view_update_rows (self);
      if (self->selected == before || before == 0)
        belief_experiments_view_select (self, current);
    }
  if (self->selected == current)
    belief_experiments_view_show_selected (self);
  update_progress (self);
}

static void
runner_finished_cb (BeliefExperimentsView  *self,
                    int                     n,
                    BeliefExperimentRunner *runner)
{
  self->result_options[n] = self->run_options;
  belief_experiments_view_update_rows (self);
  belief_experiments_view_update_actions (self);
  if (self->selected == n)
    belief_experiments_view_show_selected (self);
}

static void
runner_failed_cb (BeliefExperimentsView  *self,
                  int                     n,
                  const GError           *error,
                  BeliefExperimentRunner *runner)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, BELIEF_ERROR, BELIEF_ERROR_CANCELLED))
    {
      self->stopped = n;
      text = g_strdup_printf (_("Experiment %d was stopped before it finished"), n);
    }
  else
    {
      g_clear_error (&self->errors[n]);
      self->errors[n] = g_error_copy (error);
      text = g_strdup_printf (_("Experiment %d failed: %s"), n, error->message);
    }
  belief_experiments_view_show_message (self, text, self->errors[n] != NULL);
  belief_experiments_view_update_rows (self);
  if (self->selected == n)
    belief_experiments_view_show_selected (self);
}

static void
runner_stopped_cb (BeliefExperimentsView  *self,
                   BeliefExperimentRunner *runner)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->followed = 0;
  /* the main training goes on where it was, unless it was reset meanwhile */
  if (self->paused_session != NULL
      && belief_trainer_get_session (self->trainer) == self->paused_session
      && belief_trainer_get_state (self->trainer) == BELIEF_TRAINER_PAUSED
      && belief_trainer_start (self->trainer, &error))
    {
      g_autofree char *text = NULL;

      if (self->stopped != 0)
        text = g_strdup_printf (_("Experiment %d was stopped; the main training goes on"), self->stopped);
      else
        text = g_strdup (_("The experiments have ended; the main training goes on"));
      belief_experiments_view_show_message (self, text, FALSE);
    }
  else if (self->stopped != 0)
    {
      g_autofree char *text = g_strdup_printf (_("Experiment %d was stopped before it finished"),
                                               self->stopped);

      belief_experiments_view_show_message (self, text, FALSE);
    }
  self->paused_session = NULL;
  self->stopping = FALSE;
  self->stopped = 0;
  belief_experiments_view_update_rows (self);
  update_progress (self);
  belief_experiments_view_update_actions (self);
  belief_experiments_view_show_selected (self);
}

/* ---- running ---------------------------------------------------------------------- */

static gboolean
start (BeliefExperimentsView *self,
       const int             *numbers,
       int                    n_numbers)
{
  g_autoptr(GError) error = NULL;
  BeliefExperimentOptions options = {
    .quick = gtk_switch_get_active (self->quick_switch),
    .seed = (guint64) gtk_spin_button_get_value_as_int (self->seed_spin),
    .threads = self->settings != NULL ? g_settings_get_int (self->settings, "threads") : 0,
  };
  gboolean pause = belief_trainer_get_state (self->trainer) == BELIEF_TRAINER_RUNNING;

  if (!belief_experiment_runner_start (self->runner, belief_trainer_get_data (self->trainer),
                                       &options, numbers, n_numbers, &error))
    {
      belief_experiments_view_show_message (self, error->message, TRUE);
      return FALSE;
    }
  self->run_options = options;
  for (int i = 0; i < n_numbers; i++)
    g_clear_error (&self->errors[numbers[i]]);
  belief_experiments_view_show_message (self, NULL, FALSE);
  if (pause)
    {
      /* two trainings would share the cores and both crawl */
      belief_trainer_pause (self->trainer);
      self->paused_session = belief_trainer_get_session (self->trainer);
      belief_experiments_view_show_message (self, _("The main training is paused while the experiments "
                                                    "run, so that they do not share the processor; it "
                                                    "goes on when they end"), FALSE);
    }
  self->started = g_get_monotonic_time ();
  self->followed = 0;
  self->stopping = FALSE;
  self->stopped = 0;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  runner_progress_cb (self, numbers[0], self->runner);
  belief_experiments_view_update_actions (self);
  return TRUE;
}

gboolean
belief_experiments_view_run (BeliefExperimentsView *self,
                             int                    number)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self), FALSE);
  g_return_val_if_fail (number >= 1 && number <= BELIEF_N_EXPERIMENTS, FALSE);
  return start (self, &number, 1);
}

gboolean
belief_experiments_view_run_all (BeliefExperimentsView *self)
{
  int all[BELIEF_N_EXPERIMENTS];

  g_return_val_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self), FALSE);
  for (int i = 0; i < BELIEF_N_EXPERIMENTS; i++)
    all[i] = i + 1;
  return start (self, all, BELIEF_N_EXPERIMENTS);
}

void
belief_experiments_view_stop (BeliefExperimentsView *self)
{
  g_return_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self));
  if (!belief_experiment_runner_is_running (self->runner))
    return;
  belief_experiment_runner_stop (self->runner);
  self->stopping = TRUE;
  /* said even when the worker stops before the experiment has begun */
  self->stopped = belief_experiment_runner_get_current (self->runner, NULL, NULL);
  update_progress (self);
}

void
belief_experiments_view_shutdown (BeliefExperimentsView *self)
{
  g_return_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self));

  g_signal_handlers_disconnect_by_data (self->runner, self);
  belief_experiment_runner_shutdown (self->runner);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->paused_session = NULL;
}

gboolean
belief_experiments_view_is_running (BeliefExperimentsView *self)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self), FALSE);
  return belief_experiment_runner_is_running (self->runner);
}

void
belief_experiments_view_run_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BeliefExperimentsView *self = BELIEF_EXPERIMENTS_VIEW (widget);

  belief_experiments_view_run (self, self->selected);
}

void
belief_experiments_view_run_all_action (GtkWidget *widget, const char *name, GVariant *param)
{
  belief_experiments_view_run_all (BELIEF_EXPERIMENTS_VIEW (widget));
}

void
belief_experiments_view_stop_action (GtkWidget *widget, const char *name, GVariant *param)
{
  belief_experiments_view_stop (BELIEF_EXPERIMENTS_VIEW (widget));
}

void
belief_experiments_view_connect_runner (BeliefExperimentsView *self)
{
  g_signal_connect_swapped (self->runner, "progress", G_CALLBACK (runner_progress_cb), self);
  g_signal_connect_swapped (self->runner, "finished", G_CALLBACK (runner_finished_cb), self);
  g_signal_connect_swapped (self->runner, "failed", G_CALLBACK (runner_failed_cb), self);
  g_signal_connect_swapped (self->runner, "stopped", G_CALLBACK (runner_stopped_cb), self);
}
