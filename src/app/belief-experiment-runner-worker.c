/* belief-experiment-runner-worker.c: the experiments' worker thread and its hand-off.
 *
 * The worker owns the BeliefExperimentContext while it runs (the context is
 * not thread-safe); the main thread touches it only to cancel it, under the
 * lock, and frees it once the worker is joined.  A cancel asked for before
 * belief_experiment_run clears the context's flag is not lost: the progress
 * function, which the run calls at its start, cancels the context again.
 *
 * What the worker hands over goes into an inbox under the lock: the newest
 * copy of the set being filled (replacing one the main loop has not taken,
 * at most every COPY_INTERVAL), its fraction and status, finished results
 * and the end of the run.  At most one idle source is pending to carry it.
 */
#include "belief-experiment-runner-private.h"

#include "belief-error.h"

#define COPY_INTERVAL (G_USEC_PER_SEC / 20)   /* at most 20 copies a second */

static gboolean dispatch_cb (gpointer data);

void
belief_experiment_result_free (gpointer data)
{
  BeliefExperimentResult *result = data;

  g_clear_pointer (&result->set, belief_figure_set_free);
  g_clear_error (&result->error);
  g_free (result);
}

/* ---- worker side ------------------------------------------------------------ */

static void
schedule_dispatch_locked (BeliefExperimentRunner *self)
{
  if (self->dispatch != NULL)
    return;
  self->dispatch = g_idle_source_new ();
  g_source_set_priority (self->dispatch, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (self->dispatch, dispatch_cb, self, NULL);
  g_source_set_static_name (self->dispatch, "[belief] experiments hand-off");
  g_source_attach (self->dispatch, self->main_context);
}

static gboolean
is_cancelled (BeliefExperimentRunner *self)
{
  gboolean cancelled;

  g_mutex_lock (&self->lock);
  cancelled = self->cancelled;
  g_mutex_unlock (&self->lock);
  return cancelled;
}

/* Called by belief_experiment_run on the worker. */
static void
progress_cb (const BeliefFigureSet *partial,
             double                 fraction,
             const char            *status,
             gpointer               user_data)
{
  BeliefExperimentRunner *self = user_data;
  gint64 now = g_get_monotonic_time ();
  BeliefFigureSet *copy = NULL;

  if (is_cancelled (self))
    {
      belief_experiment_context_cancel (self->ctx);
      return;
    }
  if (fraction >= 1.0 || now - self->last_copy >= COPY_INTERVAL)
    {
      copy = belief_figure_set_copy (partial);
      self->last_copy = now;
    }
  g_mutex_lock (&self->lock);
  self->inbox_fraction = fraction;
  g_free (self->inbox_status);
  self->inbox_status = g_strdup (status);
  if (copy != NULL)
    {
      /* a copy the main loop has not taken yet is stale now */
      g_clear_pointer (&self->inbox_partial, belief_figure_set_free);
      self->inbox_partial = copy;
      schedule_dispatch_locked (self);
    }
  g_mutex_unlock (&self->lock);
}

static gboolean
same_options (const BeliefExperimentOptions *a,
              const BeliefExperimentOptions *b)
{
  return a->quick == b->quick && a->seed == b->seed && a->threads == b->threads;
}

/* A context for the job's data and options: the one of the last run when
 * they are the same, so that its training runs are reused.  It borrows the
 * datasets, so it keeps a reference to their BeliefData. */
static void
ensure_context (BeliefExperimentRunner *self)
{
  BeliefExperimentContext *old, *ctx;

  if (self->ctx != NULL && self->ctx_data == self->job_data
      && same_options (&self->ctx_options, &self->job_options))
    return;
  g_mutex_lock (&self->lock);
  old = g_steal_pointer (&self->ctx);
  g_mutex_unlock (&self->lock);
  belief_experiment_context_free (old);
  g_clear_pointer (&self->ctx_data, belief_data_unref);

  ctx = belief_experiment_context_new (belief_data_get_train (self->job_data),
                                       belief_data_get_test (self->job_data),
                                       &self->job_options);
  belief_experiment_context_set_progress_func (ctx, progress_cb, self);
  self->ctx_data = belief_data_ref (self->job_data);
  self->ctx_options = self->job_options;
  g_mutex_lock (&self->lock);
  self->ctx = ctx;
  if (self->cancelled)
    belief_experiment_context_cancel (ctx);
  g_mutex_unlock (&self->lock);
}

gpointer
belief_experiment_runner_worker (gpointer data)
{
  BeliefExperimentRunner *self = data;

  ensure_context (self);
  for (int i = 0; i < self->n_numbers && !is_cancelled (self); i++)
    {
      BeliefExperimentResult *result = g_new0 (BeliefExperimentResult, 1);
      gboolean stop;

      self->last_copy = 0;
      result->number = self->numbers[i];
      result->set = belief_experiment_run (self->ctx, result->number, &result->error);
      stop = g_error_matches (result->error, BELIEF_ERROR, BELIEF_ERROR_CANCELLED);
      g_mutex_lock (&self->lock);
      /* the result supersedes the last partial copy of the same experiment */
      if (self->inbox_partial != NULL && self->inbox_partial->number == result->number)
        g_clear_pointer (&self->inbox_partial, belief_figure_set_free);
      g_ptr_array_add (self->inbox_results, result);
      schedule_dispatch_locked (self);
      g_mutex_unlock (&self->lock);
      if (stop)
        break;
    }
  g_mutex_lock (&self->lock);
  self->inbox_exited = TRUE;
  schedule_dispatch_locked (self);
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* ---- main side -------------------------------------------------------------- */

void
belief_experiment_runner_take_inbox (BeliefExperimentRunner  *self,
                                     GPtrArray              **results,
                                     BeliefFigureSet        **partial,
                                     char                   **status,
                                     double                  *fraction,
                                     gboolean                *exited)
{
  g_mutex_lock (&self->lock);
  *results = g_steal_pointer (&self->inbox_results);
  self->inbox_results = g_ptr_array_new_with_free_func (belief_experiment_result_free);
  *partial = g_steal_pointer (&self->inbox_partial);
  *status = g_steal_pointer (&self->inbox_status);
  *fraction = self->inbox_fraction;
  *exited = self->inbox_exited;
  self->inbox_exited = FALSE;
  g_mutex_unlock (&self->lock);

  if (*exited && self->thread != NULL)
    g_clear_pointer (&self->thread, g_thread_join);
}

void
belief_experiment_runner_clear_inbox (BeliefExperimentRunner *self)
{
  g_mutex_lock (&self->lock);
  if (self->dispatch != NULL)
    g_source_destroy (self->dispatch);
  g_clear_pointer (&self->dispatch, g_source_unref);
  g_ptr_array_set_size (self->inbox_results, 0);
  g_clear_pointer (&self->inbox_partial, belief_figure_set_free);
  g_clear_pointer (&self->inbox_status, g_free);
  self->inbox_exited = FALSE;
  g_mutex_unlock (&self->lock);
}

static gboolean
dispatch_cb (gpointer data)
{
  g_autoptr(BeliefExperimentRunner) self = g_object_ref (data);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->dispatch, g_source_unref);
  g_mutex_unlock (&self->lock);
  belief_experiment_runner_drain (self);
  return G_SOURCE_REMOVE;
}
