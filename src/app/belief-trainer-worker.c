/* belief-trainer-worker.c: the worker thread and its hand-off.
 *
 * The worker drives belief_session_step itself rather than
 * belief_session_run: between two minibatches it applies the live
 * hyperparameters and honours pause and cancel through the trainer's own
 * lock, so the main thread never waits on the session's lock while a
 * minibatch (or an epoch-end evaluation) is running.  It also copies the
 * weights there (it is the only thread that writes them), at most every
 * SNAPSHOT_INTERVAL and at every epoch end.  Progress records, the newest
 * snapshot and the end of the run go into an inbox; at most one idle source
 * is pending to carry the inbox to the main loop, and none sooner than
 * DISPATCH_INTERVAL after the previous one unless something ended.
 */
#include "belief-trainer-private.h"

#define SNAPSHOT_INTERVAL (G_USEC_PER_SEC / 5)
#define DISPATCH_INTERVAL (G_USEC_PER_SEC / 25)

static gboolean belief_trainer_dispatch_cb (gpointer data);

/* ---- worker side ------------------------------------------------------ */

static void
schedule_dispatch_locked (BeliefTrainer *self)
{
  if (self->dispatch != NULL)
    return;
  self->dispatch = g_idle_source_new ();
  g_source_set_priority (self->dispatch, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (self->dispatch, belief_trainer_dispatch_cb, self, NULL);
  g_source_set_static_name (self->dispatch, "[belief] trainer hand-off");
  g_source_attach (self->dispatch, self->main_context);
  self->last_dispatch = g_get_monotonic_time ();
}

void
belief_trainer_progress_cb (const BeliefProgress *progress,
                            gpointer              user_data)
{
  BeliefTrainer *self = user_data;

  g_mutex_lock (&self->lock);
  g_array_append_vals (self->inbox, progress, 1);
  g_mutex_unlock (&self->lock);
  if (progress->epoch_end)
    self->snapshot_due = TRUE;
}

/* On the worker, between minibatches: nobody else writes the weights. */
static void
post_snapshot (BeliefTrainer *self)
{
  /* the views need the weights, not the momentum: half the memory */
  BeliefDbn *copy = belief_dbn_copy_weights (belief_session_get_dbn (self->session));

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->inbox_model, belief_dbn_free);
  self->inbox_model = copy;
  schedule_dispatch_locked (self);
  g_mutex_unlock (&self->lock);
  self->last_snapshot = g_get_monotonic_time ();
  self->snapshot_due = FALSE;
}

gpointer
belief_trainer_worker (gpointer data)
{
  BeliefTrainer *self = data;
  gboolean stepped = FALSE, finished = FALSE;
  double test_accuracy;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gboolean dirty;
      float lr, momentum, decay;
      gint64 now;

      g_mutex_lock (&self->lock);
      if (self->paused && stepped)
        {
          g_mutex_unlock (&self->lock);
          post_snapshot (self);
          stepped = FALSE;
          continue;
        }
      while (self->paused && !self->cancelled)
        g_cond_wait (&self->cond, &self->lock);
      if (self->cancelled)
        {
          g_mutex_unlock (&self->lock);
          break;
        }
      dirty = self->controls_dirty;
      self->controls_dirty = FALSE;
      lr = self->ctl_lr;
      momentum = self->ctl_momentum;
      decay = self->ctl_decay;
      g_mutex_unlock (&self->lock);

      if (dirty)
        {
          belief_session_set_lr (self->session, lr);
          belief_session_set_momentum (self->session, momentum);
          belief_session_set_weight_decay (self->session, decay);
        }

      if (!belief_session_step (self->session, &error))
        {
          if (error == NULL)
            {
              finished = TRUE;
              break;
            }
          /* Diverged: the session went back to the last good weights.  The
           * error goes into the inbox before the snapshot schedules the
           * hand-off, so that hand-off (or one still pending) carries it. */
          g_mutex_lock (&self->lock);
          self->paused = TRUE;
          g_clear_error (&self->inbox_error);
          self->inbox_error = g_steal_pointer (&error);
          g_mutex_unlock (&self->lock);
          post_snapshot (self);
          stepped = FALSE;
          continue;
        }

      stepped = TRUE;
      now = g_get_monotonic_time ();
      if (self->snapshot_due || now - self->last_snapshot >= SNAPSHOT_INTERVAL)
        {
          post_snapshot (self);
          stepped = FALSE;
        }
      else if (now - self->last_dispatch >= DISPATCH_INTERVAL)
        {
          g_mutex_lock (&self->lock);
          schedule_dispatch_locked (self);
          g_mutex_unlock (&self->lock);
        }
    }

  if (stepped)
    post_snapshot (self);
  /* The test set is read once, when the run is done: nothing chose on it. */
  test_accuracy = -1.0;
  if (finished && self->data != NULL && belief_data_get_test (self->data) != NULL
      && belief_session_get_dbn (self->session)->n_labels > 0)
    {
      BeliefRng rng;

      belief_rng_init (&rng, belief_session_get_config (self->session)->seed);
      test_accuracy = belief_evaluate (belief_session_get_dbn (self->session),
                                       belief_data_get_test (self->data), 0,
                                       BELIEF_RECOG_FREE_ENERGY, 0, &rng);
    }
  g_mutex_lock (&self->lock);
  self->inbox_test_accuracy = test_accuracy;
  self->inbox_finished = finished;
  self->inbox_exited = TRUE;
  schedule_dispatch_locked (self);
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* ---- main side -------------------------------------------------------- */

/* Takes what the worker left in the inbox; keep = FALSE drops it. */
static void
belief_trainer_drain (BeliefTrainer *self,
                      gboolean       keep)
{
  g_autoptr(GArray) items = NULL;
  g_autoptr(GError) error = NULL;
  BeliefDbn *model;
  gboolean finished, exited, paused;
  double test_accuracy;

  g_mutex_lock (&self->lock);
  items = g_steal_pointer (&self->inbox);
  self->inbox = g_array_new (FALSE, FALSE, sizeof (BeliefProgress));
  model = g_steal_pointer (&self->inbox_model);
  error = g_steal_pointer (&self->inbox_error);
  finished = self->inbox_finished;
  test_accuracy = self->inbox_test_accuracy;
  exited = self->inbox_exited;
  self->inbox_finished = self->inbox_exited = FALSE;
  paused = self->paused;
  g_mutex_unlock (&self->lock);

  if (exited && self->thread != NULL)
    g_clear_pointer (&self->thread, g_thread_join);
  if (keep)
    belief_trainer_receive (self, items, model, error, paused, finished, test_accuracy);
  else
    g_clear_pointer (&model, belief_dbn_free);
}

static gboolean
belief_trainer_dispatch_cb (gpointer data)
{
  g_autoptr(BeliefTrainer) self = g_object_ref (data);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->dispatch, g_source_unref);
  g_mutex_unlock (&self->lock);
  belief_trainer_drain (self, TRUE);
  return G_SOURCE_REMOVE;
}

void
belief_trainer_stop_worker (BeliefTrainer *self,
                            gboolean       keep)
{
  if (self->thread != NULL)
    {
      g_mutex_lock (&self->lock);
      self->cancelled = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
      g_clear_pointer (&self->thread, g_thread_join);
    }
  g_mutex_lock (&self->lock);
  if (self->dispatch != NULL)
    g_source_destroy (self->dispatch);
  g_clear_pointer (&self->dispatch, g_source_unref);
  self->cancelled = self->paused = FALSE;
  g_mutex_unlock (&self->lock);
  belief_trainer_drain (self, keep);
}
