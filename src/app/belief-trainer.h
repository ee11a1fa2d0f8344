/* belief-trainer.h: one training session, its worker thread and its history.
 *
 * The trainer owns a BeliefSession and at most one worker thread that steps
 * it minibatch by minibatch.  Everything the main loop sees is a copy handed
 * over between minibatches: progress records (signal "progress"), the metric
 * history (getters below, updated before "history-changed"), and a snapshot
 * of the weights at most about five times a second ("weights-changed",
 * belief_trainer_get_model()).  Signals are emitted on the main thread only.
 *
 * learning-rate, momentum and weight-decay are live: a change reaches the
 * session before its next minibatch, never waiting on a running step.
 */
#pragma once

#include <glib-object.h>

#include "belief-config.h"
#include "belief-data.h"
#include "belief-session.h"

G_BEGIN_DECLS

typedef enum
{
  BELIEF_TRAINER_EMPTY,     /* no model */
  BELIEF_TRAINER_READY,     /* a model (fresh or loaded), not trained yet */
  BELIEF_TRAINER_RUNNING,
  BELIEF_TRAINER_PAUSED,    /* by the user, by belief_trainer_cancel, or after divergence */
  BELIEF_TRAINER_FINISHED,
} BeliefTrainerState;

/* Metric series.  x of every point is the update (minibatch) number counted
 * over the whole run, 1-based, so all series share one x axis.  The first
 * three are per track: track i < n_layers is the pretraining of RBM i, track
 * n_layers is wake-sleep fine-tuning (its "loss" is the generative
 * reconstruction error; it has no stability).  The accuracies (0..1, per
 * epoch where measured) have one track, 0.  A series keeps at most
 * BELIEF_TRAINER_MAX_POINTS points: when it has that many, every other one
 * is dropped and from then on it records every other update (then every
 * 4th, 8th, ...), evenly over the whole run.  The charts cannot show more;
 * `belief-cli train --csv` writes every update. */
#define BELIEF_TRAINER_MAX_POINTS 32768u

typedef enum
{
  BELIEF_SERIES_LOSS,
  BELIEF_SERIES_STABILITY,
  BELIEF_SERIES_EPOCH_LOSS,
  BELIEF_SERIES_TRAIN_ACCURACY,
  BELIEF_SERIES_VALIDATION_ACCURACY, /* all of the validation images */
  BELIEF_N_SERIES
} BeliefSeries;

typedef struct
{
  double x, y;
} BeliefPoint;

#define BELIEF_TYPE_TRAINER_STATE (belief_trainer_state_get_type ())
#define BELIEF_TYPE_PROGRESS      (belief_progress_get_type ())
#define BELIEF_TYPE_TRAINER       (belief_trainer_get_type ())

GType belief_trainer_state_get_type (void) G_GNUC_CONST;
GType belief_progress_get_type      (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (BeliefTrainer, belief_trainer, BELIEF, TRAINER, GObject)

BeliefTrainer      *belief_trainer_new            (void);

/* Drops the session and the model of the old data; notifies "data". */
void                belief_trainer_set_data       (BeliefTrainer *self,
                                                   BeliefData    *data);
BeliefData         *belief_trainer_get_data       (BeliefTrainer *self);

/* Stops any worker and starts over with fresh weights from cfg (its lr,
 * momentum and weight decay become the live properties).  Needs data. */
gboolean            belief_trainer_reset          (BeliefTrainer       *self,
                                                   const BeliefConfig  *cfg,
                                                   GError             **error);
/* A model loaded from a file: stops and drops the session; takes ownership. */
void                belief_trainer_set_model      (BeliefTrainer *self,
                                                   BeliefDbn     *model);

/* Starts the worker, or resumes it.  Fails without a session. */
gboolean            belief_trainer_start          (BeliefTrainer  *self,
                                                   GError        **error);
/* Returns at once; the worker stops after its current minibatch. */
void                belief_trainer_pause          (BeliefTrainer *self);
/* Stops the worker and joins it (waits for the current minibatch).  The
 * session stays: start continues it. */
void                belief_trainer_cancel         (BeliefTrainer *self);
/* TRUE while a worker thread exists (running or paused). */
gboolean            belief_trainer_is_running     (BeliefTrainer *self);

BeliefTrainerState  belief_trainer_get_state      (BeliefTrainer *self);
BeliefSession      *belief_trainer_get_session    (BeliefTrainer *self);
/* The configuration of the session, or NULL without one. */
const BeliefConfig *belief_trainer_get_config     (BeliefTrainer *self);
/* The newest weights on the main thread: borrowed, valid until the next
 * "weights-changed"; copy (or dup) to keep or to use from another thread. */
const BeliefDbn    *belief_trainer_get_model      (BeliefTrainer *self);
BeliefDbn          *belief_trainer_dup_model      (BeliefTrainer *self);
/* The newest progress record, or NULL before the first minibatch. */
const BeliefProgress *belief_trainer_get_progress (BeliefTrainer *self);

/* Free-energy accuracy on the data's test set, measured once when the run
 * finished (on the model of the epoch chosen on validation); -1 before,
 * or without a test set. */
double              belief_trainer_get_test_accuracy (BeliefTrainer *self);

/* n_layers + 1 (see BeliefSeries), or 0 without a session. */
int                 belief_trainer_get_n_tracks   (BeliefTrainer *self);
/* Borrowed, valid until the next "history-changed". */
const BeliefPoint  *belief_trainer_get_series     (BeliefTrainer *self,
                                                   BeliefSeries   series,
                                                   int            track,
                                                   guint         *n_points);

double              belief_trainer_get_learning_rate (BeliefTrainer *self);
void                belief_trainer_set_learning_rate (BeliefTrainer *self,
                                                      double         lr);
double              belief_trainer_get_momentum      (BeliefTrainer *self);
void                belief_trainer_set_momentum      (BeliefTrainer *self,
                                                      double         momentum);
double              belief_trainer_get_weight_decay  (BeliefTrainer *self);
void                belief_trainer_set_weight_decay  (BeliefTrainer *self,
                                                      double         decay);

G_END_DECLS
