/* belief-experiment-runner.c: the runner's state, results and signals
 * (main thread).
 *
 * belief-experiment-runner-worker.c has the worker thread and the hand-off;
 * whatever the worker sends arrives here, on the main thread, in
 * belief_experiment_runner_drain.
 */
#include "belief-experiment-runner-private.h"

#include <glib/gi18n.h>
#include <gio/gio.h>

G_DEFINE_FINAL_TYPE (BeliefExperimentRunner, belief_experiment_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  PROGRESS,
  FINISHED,
  FAILED,
  STOPPED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- main side -------------------------------------------------------------- */

static void
set_running (BeliefExperimentRunner *self,
             gboolean                running)
{
  if (self->running == running)
    return;
  self->running = running;
  if (!running)
    {
      g_clear_pointer (&self->partial, belief_figure_set_free);
      g_clear_pointer (&self->status, g_free);
      self->fraction = 0.0;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Takes what the worker left in the inbox and tells about it.  Stops early
 * when a handler started or shut down the runner. */
void
belief_experiment_runner_drain (BeliefExperimentRunner *self)
{
  g_autoptr(GPtrArray) results = NULL;
  BeliefFigureSet *partial;
  char *status;
  double fraction;
  gboolean exited;
  guint generation = self->generation;

  belief_experiment_runner_take_inbox (self, &results, &partial, &status, &fraction, &exited);

  if (partial != NULL)
    {
      g_clear_pointer (&self->partial, belief_figure_set_free);
      self->partial = partial;
      self->n_updates++;
    }
  if (status != NULL)
    {
      g_free (self->status);
      self->status = status;
      self->fraction = fraction;
    }

  for (guint i = 0; i < results->len && generation == self->generation; i++)
    {
      BeliefExperimentResult *result = g_ptr_array_index (results, i);

      self->index++;
      if (self->partial != NULL && self->partial->number == result->number)
        g_clear_pointer (&self->partial, belief_figure_set_free);
      if (result->set != NULL)
        {
          g_clear_pointer (&self->results[result->number], belief_figure_set_free);
          self->results[result->number] = g_steal_pointer (&result->set);
          g_signal_emit (self, signals[FINISHED], 0, result->number);
        }
      else
        g_signal_emit (self, signals[FAILED], 0, result->number, result->error);
    }
  if (generation != self->generation)
    return;
  if (partial != NULL || status != NULL)
    g_signal_emit (self, signals[PROGRESS], 0, belief_experiment_runner_get_current (self, NULL, NULL));
  if (exited && generation == self->generation)
    {
      set_running (self, FALSE);
      g_signal_emit (self, signals[STOPPED], 0);
    }
}

/* ---- public API ----------------------------------------------------------------- */

BeliefExperimentRunner *
belief_experiment_runner_new (void)
{
  return g_object_new (BELIEF_TYPE_EXPERIMENT_RUNNER, NULL);
}

gboolean
belief_experiment_runner_start (BeliefExperimentRunner        *self,
                                BeliefData                    *data,
                                const BeliefExperimentOptions *options,
                                const int                     *numbers,
                                int                            n_numbers,
                                GError                       **error)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENT_RUNNER (self), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (numbers != NULL && n_numbers > 0, FALSE);
  for (int i = 0; i < n_numbers; i++)
    g_return_val_if_fail (numbers[i] >= 1 && numbers[i] <= BELIEF_N_EXPERIMENTS, FALSE);

  if (self->running)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("An experiment is running already: stop it first"));
      return FALSE;
    }
  if (data == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("There are no digits to run the experiments on: open a data folder first"));
      return FALSE;
    }
  if (belief_data_get_test (data) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The experiments need test images, and this data folder has none: "
                             "open a folder with both splits"));
      return FALSE;
    }

  g_clear_pointer (&self->job_data, belief_data_unref);
  self->job_data = belief_data_ref (data);
  self->job_options = *options;
  g_free (self->numbers);
  self->numbers = g_memdup2 (numbers, sizeof (int) * n_numbers);
  self->n_numbers = n_numbers;
  self->index = 0;
  self->generation++;
  g_mutex_lock (&self->lock);
  self->cancelled = FALSE;
  g_mutex_unlock (&self->lock);

  self->thread = g_thread_try_new ("belief-experiments", belief_experiment_runner_worker, self, error);
  if (self->thread == NULL)
    return FALSE;
  g_clear_pointer (&self->partial, belief_figure_set_free);
  g_clear_pointer (&self->status, g_free);
  self->fraction = 0.0;
  set_running (self, TRUE);
  return TRUE;
}

void
belief_experiment_runner_stop (BeliefExperimentRunner *self)
{
  g_return_if_fail (BELIEF_IS_EXPERIMENT_RUNNER (self));

  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->cancelled = TRUE;
  if (self->ctx != NULL)
    belief_experiment_context_cancel (self->ctx);
  g_mutex_unlock (&self->lock);
}

void
belief_experiment_runner_shutdown (BeliefExperimentRunner *self)
{
  g_return_if_fail (BELIEF_IS_EXPERIMENT_RUNNER (self));

  if (self->thread != NULL)
    {
      belief_experiment_runner_stop (self);
      g_clear_pointer (&self->thread, g_thread_join);
    }
  belief_experiment_runner_clear_inbox (self);
  self->generation++;
  set_running (self, FALSE);
}

gboolean
belief_experiment_runner_is_running (BeliefExperimentRunner *self)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENT_RUNNER (self), FALSE);
  return self->running;
}

int
belief_experiment_runner_get_current (BeliefExperimentRunner *self,
                                      int                    *index,
                                      int                    *count)
{
  gboolean on = FALSE;

  g_return_val_if_fail (BELIEF_IS_EXPERIMENT_RUNNER (self), 0);

  on = self->running && self->index < self->n_numbers;
  if (index != NULL)
    *index = on ? self->index : 0;
  if (count != NULL)
    *count = on ? self->n_numbers : 0;
  return on ? self->numbers[self->index] : 0;
}

const BeliefFigureSet *
belief_experiment_runner_get_partial (BeliefExperimentRunner *self)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENT_RUNNER (self), NULL);
  return self->partial;
}

double
belief_experiment_runner_get_fraction (BeliefExperimentRunner *self)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENT_RUNNER (self), 0.0);
  return self->fraction;
}

const char *
belief_experiment_runner_get_status (BeliefExperimentRunner *self)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENT_RUNNER (self), "");
  return self->status != NULL ? self->status : "";
}

guint
belief_experiment_runner_get_n_updates (BeliefExperimentRunner *self)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENT_RUNNER (self), 0);
  return self->n_updates;
}

const BeliefFigureSet *
belief_experiment_runner_get_result (BeliefExperimentRunner *self,
                                     int                     number)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENT_RUNNER (self), NULL);

  if (number < 1 || number > BELIEF_N_EXPERIMENTS)
    return NULL;
  return self->results[number];
}

int
belief_experiment_runner_get_n_results (BeliefExperimentRunner *self)
{
  int n = 0;

  g_return_val_if_fail (BELIEF_IS_EXPERIMENT_RUNNER (self), 0);
  for (int i = 1; i <= BELIEF_N_EXPERIMENTS; i++)
    n += self->results[i] != NULL;
  return n;
}

/* ---- GObject ------------------------------------------------------------------- */

static void
belief_experiment_runner_dispose (GObject *object)
{
  BeliefExperimentRunner *self = BELIEF_EXPERIMENT_RUNNER (object);

  belief_experiment_runner_shutdown (self);

  G_OBJECT_CLASS (belief_experiment_runner_parent_class)->dispose (object);
}

static void
belief_experiment_runner_finalize (GObject *object)
{
  BeliefExperimentRunner *self = BELIEF_EXPERIMENT_RUNNER (object);

  for (int i = 0; i <= BELIEF_N_EXPERIMENTS; i++)
    g_clear_pointer (&self->results[i], belief_figure_set_free);
  g_clear_pointer (&self->partial, belief_figure_set_free);
  g_free (self->status);
  g_clear_pointer (&self->ctx, belief_experiment_context_free);
  g_clear_pointer (&self->ctx_data, belief_data_unref);
  g_clear_pointer (&self->job_data, belief_data_unref);
  g_free (self->numbers);
  g_ptr_array_unref (self->inbox_results);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (belief_experiment_runner_parent_class)->finalize (object);
}

static void
belief_experiment_runner_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  BeliefExperimentRunner *self = BELIEF_EXPERIMENT_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
belief_experiment_runner_class_init (BeliefExperimentRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = belief_experiment_runner_dispose;
  object_class->finalize = belief_experiment_runner_finalize;
  object_class->get_property = belief_experiment_runner_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_ERROR);
  signals[STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
belief_experiment_runner_init (BeliefExperimentRunner *self)
{
  g_mutex_init (&self->lock);
  self->inbox_results = g_ptr_array_new_with_free_func (belief_experiment_result_free);
  self->main_context = g_main_context_ref_thread_default ();
}
