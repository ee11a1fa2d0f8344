/* belief-trainer.c: the trainer's state, history and signals (main thread).
 *
 * belief-trainer-worker.c has the worker thread and the hand-off; whatever
 * the worker sends arrives here, on the main thread, in
 * belief_trainer_receive.
 */
#include "belief-trainer-private.h"

#include <glib/gi18n.h>
#include <math.h>

G_DEFINE_FINAL_TYPE (BeliefTrainer, belief_trainer, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (BeliefTrainerState, belief_trainer_state,
  G_DEFINE_ENUM_VALUE (BELIEF_TRAINER_EMPTY, "empty"),
  G_DEFINE_ENUM_VALUE (BELIEF_TRAINER_READY, "ready"),
  G_DEFINE_ENUM_VALUE (BELIEF_TRAINER_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (BELIEF_TRAINER_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (BELIEF_TRAINER_FINISHED, "finished"))

static BeliefProgress *
belief_progress_copy (const BeliefProgress *progress)
{
  return g_memdup2 (progress, sizeof *progress);
}

G_DEFINE_BOXED_TYPE (BeliefProgress, belief_progress, belief_progress_copy, g_free)

enum {
  PROP_0,
  PROP_STATE,
  PROP_DATA,
  PROP_LEARNING_RATE,
  PROP_MOMENTUM,
  PROP_WEIGHT_DECAY,
  N_PROPS
};

enum {
  PROGRESS,
  HISTORY_CHANGED,
  WEIGHTS_CHANGED,
  FINISHED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- history and hand-off ------------------------------------------------ */

static void
set_state (BeliefTrainer      *self,
           BeliefTrainerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Keeps every other point (the first, third, ...): the series stays evenly
 * spaced over the run at twice the stride. */
static void
thin (GArray *array)
{
  BeliefPoint *p = (BeliefPoint *) (gpointer) array->data;
  guint n = (array->len + 1) / 2;

  for (guint i = 1; i < n; i++)
    p[i] = p[2 * i];
  g_array_set_size (array, n);
}

/* A point every stride-th call; a series that reaches
 * BELIEF_TRAINER_MAX_POINTS is thinned and its stride doubles, so that a
 * long run's history takes bounded memory and still covers the whole run. */
static void
append_point (BeliefTrainer *self,
              BeliefSeries   series,
              int            track,
              double         x,
              double         y)
{
  BeliefPoint point = { x, y };
  GArray **array = &self->series[series][track];
  guint *skip = &self->skip[series][track];

  if (!isfinite (y))
    return;
  if (*array == NULL)
    {
      *array = g_array_sized_new (FALSE, FALSE, sizeof (BeliefPoint), 1024);
      self->stride[series][track] = 1;
      *skip = 0;
    }
  if (*skip > 0)
    {
      (*skip)--;
      return;
    }
  if ((*array)->len >= BELIEF_TRAINER_MAX_POINTS)
    {
      thin (*array);
      self->stride[series][track] *= 2;
      /* the dropped last point had the old stride; this one is due */
    }
  g_array_append_val (*array, point);
  *skip = self->stride[series][track] - 1;
}

static void
record (BeliefTrainer        *self,
        const BeliefProgress *p)
{
  int track = p->phase == BELIEF_PHASE_FINETUNE ? p->n_layers : p->layer;
  double x = (double) p->updates;

  track = CLAMP (track, 0, BELIEF_MAX_LAYERS);
  append_point (self, BELIEF_SERIES_LOSS, track, x, p->recon_loss);
  append_point (self, BELIEF_SERIES_STABILITY, track, x, p->stability);
  if (!p->epoch_end)
    return;
  append_point (self, BELIEF_SERIES_EPOCH_LOSS, track, x, p->epoch_recon_loss);
  if (p->train_accuracy >= 0)
    append_point (self, BELIEF_SERIES_TRAIN_ACCURACY, 0, x, p->train_accuracy);
  if (p->validation_accuracy >= 0)
    append_point (self, BELIEF_SERIES_VALIDATION_ACCURACY, 0, x, p->validation_accuracy);
}

static void
clear_history (BeliefTrainer *self)
{
  for (int s = 0; s < BELIEF_N_SERIES; s++)
    for (int t = 0; t <= BELIEF_MAX_LAYERS; t++)
      g_clear_pointer (&self->series[s][t], g_array_unref);
  self->have_progress = FALSE;
}

static void
replace_model (BeliefTrainer *self,
               BeliefDbn     *model)
{
  g_clear_pointer (&self->model, belief_dbn_free);
  self->model = model;
  g_signal_emit (self, signals[WEIGHTS_CHANGED], 0);
}

void
belief_trainer_receive (BeliefTrainer *self,
                        GArray        *items,
                        BeliefDbn     *model,
                        const GError  *error,
                        gboolean       paused,
                        gboolean       finished,
                        double         test_accuracy)
{
  for (guint i = 0; i < items->len; i++)
    record (self, &g_array_index (items, BeliefProgress, i));
  if (items->len > 0)
    {
      self->progress = g_array_index (items, BeliefProgress, items->len - 1);
      self->have_progress = TRUE;
    }
  if (model != NULL)
    replace_model (self, model);
  if (items->len > 0)
    {
      g_signal_emit (self, signals[HISTORY_CHANGED], 0);
      g_signal_emit (self, signals[PROGRESS], 0, &self->progress);
    }
  if (error != NULL && paused)
    {
      set_state (self, BELIEF_TRAINER_PAUSED);
      g_signal_emit (self, signals[FAILED], 0, error);
    }
  if (finished)
    {
      self->test_accuracy = test_accuracy;
      set_state (self, BELIEF_TRAINER_FINISHED);
      g_signal_emit (self, signals[FINISHED], 0);
    }
}

static void
drop_session (BeliefTrainer *self)
{
  belief_trainer_stop_worker (self, FALSE);
  g_clear_pointer (&self->session, belief_session_free);
  self->test_accuracy = -1.0;
  clear_history (self);
  self->n_tracks = 0;
}

static void
push_controls (BeliefTrainer *self)
{
  if (self->session == NULL)
    return;
  if (self->thread == NULL)
    {
      belief_session_set_lr (self->session, self->lr);
      belief_session_set_momentum (self->session, self->momentum);
      belief_session_set_weight_decay (self->session, self->weight_decay);
      return;
    }
  g_mutex_lock (&self->lock);
  self->ctl_lr = self->lr;
  self->ctl_momentum = self->momentum;
  self->ctl_decay = self->weight_decay;
  self->controls_dirty = TRUE;
  g_mutex_unlock (&self->lock);
}

/* ---- public API --------------------------------------------------------- */

BeliefTrainer *
belief_trainer_new (void)
{
  return g_object_new (BELIEF_TYPE_TRAINER, NULL);
}

void
belief_trainer_set_data (BeliefTrainer *self,
                         BeliefData    *data)
{
  g_return_if_fail (BELIEF_IS_TRAINER (self));

  if (self->data == data)
    return;
  drop_session (self);
  g_clear_pointer (&self->model, belief_dbn_free);
  g_clear_pointer (&self->data, belief_data_unref);
  self->data = data != NULL ? belief_data_ref (data) : NULL;
  set_state (self, BELIEF_TRAINER_EMPTY);
  g_signal_emit (self, signals[WEIGHTS_CHANGED], 0);
  g_signal_emit (self, signals[HISTORY_CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA]);
}

BeliefData *
belief_trainer_get_data (BeliefTrainer *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINER (self), NULL);
  return self->data;
}

static void
set_hyper (BeliefTrainer *self,
           double        *field,
           double         value,
           int            prop)
{
  if (*field == value)
    return;
  *field = value;
  push_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

gboolean
belief_trainer_reset (BeliefTrainer       *self,
                      const BeliefConfig  *cfg,
                      GError             **error)
{
  BeliefSession *session;

  g_return_val_if_fail (BELIEF_IS_TRAINER (self), FALSE);
  g_return_val_if_fail (cfg != NULL, FALSE);

  if (self->data == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("There are no images to train on yet"));
      return FALSE;
    }
  session = belief_session_new (cfg, belief_data_get_train (self->data),
                                belief_data_get_validation (self->data), error);
  if (session == NULL)
    return FALSE;

  drop_session (self);
  self->session = session;
  self->config = *cfg;
  self->n_tracks = belief_session_get_dbn (session)->n_layers + 1;
  belief_session_set_progress_func (session, belief_trainer_progress_cb, self);
  set_hyper (self, &self->lr, cfg->lr, PROP_LEARNING_RATE);
  set_hyper (self, &self->momentum, cfg->momentum, PROP_MOMENTUM);
  set_hyper (self, &self->weight_decay, cfg->weight_decay, PROP_WEIGHT_DECAY);
  set_state (self, BELIEF_TRAINER_READY);
  replace_model (self, belief_session_snapshot (session));
  g_signal_emit (self, signals[HISTORY_CHANGED], 0);
  return TRUE;
}

void
belief_trainer_set_model (BeliefTrainer *self,
                          BeliefDbn     *model)
{
  g_return_if_fail (BELIEF_IS_TRAINER (self));
  g_return_if_fail (model != NULL);

  drop_session (self);
  set_state (self, BELIEF_TRAINER_READY);
  replace_model (self, model);
  g_signal_emit (self, signals[HISTORY_CHANGED], 0);
}

gboolean
belief_trainer_start (BeliefTrainer  *self,
                      GError        **error)
{
  g_return_val_if_fail (BELIEF_IS_TRAINER (self), FALSE);

  if (self->session == NULL || self->state == BELIEF_TRAINER_FINISHED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           self->session == NULL
                           ? _("There is no model to train: press Reset to make one")
                           : _("Training has finished: press Reset to train a new model"));
      return FALSE;
    }
  if (self->thread != NULL)
    {
      g_mutex_lock (&self->lock);
      self->paused = FALSE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
    }
  else
    {
      push_controls (self);
      self->paused = self->cancelled = FALSE;
      self->last_snapshot = self->last_dispatch = g_get_monotonic_time ();
      self->thread = g_thread_try_new ("belief-trainer", belief_trainer_worker, self, error);
      if (self->thread == NULL)
        return FALSE;
    }
  set_state (self, BELIEF_TRAINER_RUNNING);
  return TRUE;
}

void
belief_trainer_pause (BeliefTrainer *self)
{
  g_return_if_fail (BELIEF_IS_TRAINER (self));

  if (self->thread == NULL || self->state != BELIEF_TRAINER_RUNNING)
    return;
  g_mutex_lock (&self->lock);
  self->paused = TRUE;
  g_mutex_unlock (&self->lock);
  set_state (self, BELIEF_TRAINER_PAUSED);
}

void
belief_trainer_cancel (BeliefTrainer *self)
{
  g_return_if_fail (BELIEF_IS_TRAINER (self));

  if (self->thread == NULL)
    return;
  belief_trainer_stop_worker (self, TRUE);
  if (self->state == BELIEF_TRAINER_RUNNING)
    set_state (self, BELIEF_TRAINER_PAUSED);
}

gboolean
belief_trainer_is_running (BeliefTrainer *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINER (self), FALSE);
  return self->thread != NULL;
}

BeliefTrainerState
belief_trainer_get_state (BeliefTrainer *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINER (self), BELIEF_TRAINER_EMPTY);
  return self->state;
}

BeliefSession *
belief_trainer_get_session (BeliefTrainer *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINER (self), NULL);
  return self->session;
}

const BeliefConfig *
belief_trainer_get_config (BeliefTrainer *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINER (self), NULL);
  return self->session != NULL ? &self->config : NULL;
}

const BeliefDbn *
belief_trainer_get_model (BeliefTrainer *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINER (self), NULL);
  return self->model;
}

BeliefDbn *
belief_trainer_dup_model (BeliefTrainer *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINER (self), NULL);
  return self->model != NULL ? belief_dbn_copy_weights (self->model) : NULL;
}

const BeliefProgress *
belief_trainer_get_progress (BeliefTrainer *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINER (self), NULL);
  return self->have_progress ? &self->progress : NULL;
}

double
belief_trainer_get_test_accuracy (BeliefTrainer *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINER (self), -1.0);
  return self->test_accuracy;
}

int
belief_trainer_get_n_tracks (BeliefTrainer *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINER (self), 0);
  return self->n_tracks;
}

const BeliefPoint *
belief_trainer_get_series (BeliefTrainer *self,
                           BeliefSeries   series,
                           int            track,
                           guint         *n_points)
{
  GArray *array = NULL;

  g_return_val_if_fail (BELIEF_IS_TRAINER (self), NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  if (series >= 0 && series < BELIEF_N_SERIES && track >= 0 && track <= BELIEF_MAX_LAYERS)
    array = self->series[series][track];
  *n_points = array != NULL ? array->len : 0;
  return array != NULL ? (const BeliefPoint *) (gpointer) array->data : NULL;
}

#define DEFINE_HYPER(name, field, prop)                                     \
  double belief_trainer_get_##name (BeliefTrainer *self)                    \
  {                                                                         \
    g_return_val_if_fail (BELIEF_IS_TRAINER (self), 0.0);                   \
    return self->field;                                                     \
  }                                                                         \
  void belief_trainer_set_##name (BeliefTrainer *self, double value)        \
  {                                                                         \
    g_return_if_fail (BELIEF_IS_TRAINER (self));                            \
    set_hyper (self, &self->field, value, prop);                            \
  }

DEFINE_HYPER (learning_rate, lr, PROP_LEARNING_RATE)
DEFINE_HYPER (momentum, momentum, PROP_MOMENTUM)
DEFINE_HYPER (weight_decay, weight_decay, PROP_WEIGHT_DECAY)

/* ---- GObject ------------------------------------------------------------ */

static void
belief_trainer_dispose (GObject *object)
{
  BeliefTrainer *self = (BeliefTrainer *) object;

  drop_session (self);
  g_clear_pointer (&self->model, belief_dbn_free);
  g_clear_pointer (&self->data, belief_data_unref);

  G_OBJECT_CLASS (belief_trainer_parent_class)->dispose (object);
}

static void
belief_trainer_finalize (GObject *object)
{
  BeliefTrainer *self = (BeliefTrainer *) object;

  clear_history (self);
  g_clear_pointer (&self->inbox, g_array_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (belief_trainer_parent_class)->finalize (object);
}

static void
belief_trainer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BeliefTrainer *self = BELIEF_TRAINER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_DATA:
      g_value_set_boxed (value, self->data);
      break;
    case PROP_LEARNING_RATE:
      g_value_set_double (value, self->lr);
      break;
    case PROP_MOMENTUM:
      g_value_set_double (value, self->momentum);
      break;
    case PROP_WEIGHT_DECAY:
      g_value_set_double (value, self->weight_decay);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
belief_trainer_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BeliefTrainer *self = BELIEF_TRAINER (object);

  switch (prop_id)
    {
    case PROP_LEARNING_RATE:
      belief_trainer_set_learning_rate (self, g_value_get_double (value));
      break;
    case PROP_MOMENTUM:
      belief_trainer_set_momentum (self, g_value_get_double (value));
      break;
    case PROP_WEIGHT_DECAY:
      belief_trainer_set_weight_decay (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
belief_trainer_class_init (BeliefTrainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = belief_trainer_dispose;
  object_class->finalize = belief_trainer_finalize;
  object_class->get_property = belief_trainer_get_property;
  object_class->set_property = belief_trainer_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BELIEF_TYPE_TRAINER_STATE, BELIEF_TRAINER_EMPTY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* notified after the session of the old data is gone */
  properties[PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, BELIEF_TYPE_DATA,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEARNING_RATE] =
    g_param_spec_double ("learning-rate", NULL, NULL, 1e-7, 10.0, 0.05, rw);
  properties[PROP_MOMENTUM] =
    g_param_spec_double ("momentum", NULL, NULL, 0.0, 0.999, 0.9, rw);
  properties[PROP_WEIGHT_DECAY] =
    g_param_spec_double ("weight-decay", NULL, NULL, 0.0, 1.0, 0.0002, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BELIEF_TYPE_PROGRESS);
  signals[HISTORY_CHANGED] =
    g_signal_new ("history-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[WEIGHTS_CHANGED] =
    g_signal_new ("weights-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
belief_trainer_init (BeliefTrainer *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->inbox = g_array_new (FALSE, FALSE, sizeof (BeliefProgress));
  self->main_context = g_main_context_ref_thread_default ();
  self->lr = 0.05;
  self->momentum = 0.9;
  self->weight_decay = 0.0002;
  self->test_accuracy = -1.0;
}
