/* belief-session.h: one training run, minibatch by minibatch.
 *
 * Greedy pretraining of every layer for its epochs, then untying and
 * wake-sleep fine-tuning.  One thread drives it (belief_session_run or
 * belief_session_step); any other thread may pause, resume, cancel, change
 * lr / momentum / weight decay (taken at the next minibatch) and take a
 * consistent snapshot of the weights (copied between minibatches).
 */
#pragma once

#include <glib.h>

#include "belief-config.h"
#include "belief-dataset.h"
#include "belief-dbn.h"

G_BEGIN_DECLS

typedef enum
{
  BELIEF_PHASE_PRETRAIN,
  BELIEF_PHASE_FINETUNE,
  BELIEF_PHASE_DONE,
} BeliefPhase;

typedef struct
{
  BeliefPhase phase;
  int      layer, n_layers;     /* layer being pretrained, 0-based */
  int      epoch, n_epochs;     /* within the phase (layer), 0-based */
  int      batch_index, n_batches;
  guint64  updates;             /* minibatch updates so far, all phases */
  guint64  updates_total;       /* expected for the whole run */
  double   elapsed;             /* seconds of training (pauses excluded) */
  double   samples_per_sec;
  double   eta;                 /* seconds left, estimated */
  double   recon_loss;          /* of this update (pretraining: this layer's) */
  double   stability;           /* % of weights with |dW| <= 0.001 */
  float    lr, momentum, weight_decay; /* in force for this update */
  gboolean epoch_end;           /* this update closes an epoch */
  double   epoch_recon_loss;    /* mean over the epoch, when epoch_end */
  double   train_accuracy;      /* when epoch_end and measured, else -1 */
  double   validation_accuracy; /* of all the validation images, likewise */
  double   eval_seconds;        /* spent measuring the two (part of elapsed) */
} BeliefProgress;

/* The epoch a run ends on: the best validation accuracy among the epochs
 * of its last phase (fine-tuning, or the top RBM's pretraining). */
typedef struct
{
  BeliefPhase phase;
  int         epoch;               /* 1-based within the phase, 0 = none chosen */
  double      validation_accuracy; /* -1 when none */
  guint       n_validation;
} BeliefChoice;

typedef void (*BeliefProgressFunc) (const BeliefProgress *progress, gpointer user_data);

typedef struct _BeliefSession BeliefSession;

/* train and validation are borrowed and must outlive the session;
 * validation (images held out of the training set, never the test set) may
 * be NULL.  Every epoch end that can recognise measures the accuracy of
 * cfg->eval_size training images and of all the validation images; with
 * cfg->select_best the run ends on the model of the best validation
 * accuracy (see BeliefChoice).  The session never sees a test set: the test
 * set is read once, by the caller, after the run. */
BeliefSession *belief_session_new   (const BeliefConfig   *cfg,
                                     const BeliefDataset  *train,
                                     const BeliefDataset  *validation,
                                     GError              **error);
/* A session that starts at fine-tuning from a copy of model (pretrained or
 * already fine-tuned), whose shape must be the one cfg describes. */
BeliefSession *belief_session_new_from_model (const BeliefConfig   *cfg,
                                              const BeliefDbn      *model,
                                              const BeliefDataset  *train,
                                              const BeliefDataset  *validation,
                                              GError              **error);
void           belief_session_free  (BeliefSession *session);
void           belief_session_set_progress_func (BeliefSession     *session,
                                                 BeliefProgressFunc func,
                                                 gpointer           user_data);

/* One minibatch.  FALSE when the run is done, cancelled or failed (error set
 * on failure and on divergence, after restoring the last good weights). */
gboolean       belief_session_step  (BeliefSession *session, GError **error);
/* Steps until done; blocks while paused; returns FALSE with
 * BELIEF_ERROR_CANCELLED when cancelled. */
gboolean       belief_session_run   (BeliefSession *session, GError **error);

void           belief_session_pause  (BeliefSession *session);
void           belief_session_resume (BeliefSession *session);
void           belief_session_cancel (BeliefSession *session);
gboolean       belief_session_is_paused (BeliefSession *session);

void           belief_session_set_lr           (BeliefSession *session, float lr);
void           belief_session_set_momentum     (BeliefSession *session, float momentum);
void           belief_session_set_weight_decay (BeliefSession *session, float decay);
float          belief_session_get_lr           (BeliefSession *session);

/* A copy of the weights as of the last completed minibatch. */
BeliefDbn     *belief_session_snapshot (BeliefSession *session);
/* The live model; only for the thread that steps. */
BeliefDbn     *belief_session_get_dbn  (BeliefSession *session);
const BeliefConfig *belief_session_get_config (BeliefSession *session);
BeliefPhase    belief_session_get_phase (BeliefSession *session);
/* The chosen epoch so far (final once the run is done); FALSE when none. */
gboolean       belief_session_get_choice (BeliefSession *session, BeliefChoice *choice);

/* Accuracy (0..1) of dbn on n images of ds spread evenly over it (n = 0:
 * all of them). */
double         belief_evaluate (const BeliefDbn *dbn, const BeliefDataset *ds, guint n,
                                BeliefRecogMethod method, int n_gibbs, BeliefRng *rng);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefSession, belief_session_free)

G_END_DECLS
