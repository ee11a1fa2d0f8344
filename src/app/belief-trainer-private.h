/* belief-trainer-private.h: shared by belief-trainer.c (state, history,
 * signals: the main thread) and belief-trainer-worker.c (the worker thread
 * and the hand-off between the two). */
#pragma once

#include "belief-trainer.h"

G_BEGIN_DECLS

struct _BeliefTrainer
{
  GObject             parent_instance;

  BeliefData         *data;
  BeliefSession      *session;
  BeliefConfig        config;
  BeliefDbn          *model;
  BeliefTrainerState  state;
  double              lr, momentum, weight_decay;
  BeliefProgress      progress;
  gboolean            have_progress;
  int                 n_tracks;
  double              test_accuracy;       /* of the finished run, or -1 */
  GArray             *series[BELIEF_N_SERIES][BELIEF_MAX_LAYERS + 1];
  guint               stride[BELIEF_N_SERIES][BELIEF_MAX_LAYERS + 1];
  guint               skip[BELIEF_N_SERIES][BELIEF_MAX_LAYERS + 1];

  GMainContext       *main_context;
  GThread            *thread;

  /* shared with the worker, under lock */
  GMutex              lock;
  GCond               cond;
  gboolean            paused, cancelled;
  gboolean            controls_dirty;
  float               ctl_lr, ctl_momentum, ctl_decay;
  GArray             *inbox;
  BeliefDbn          *inbox_model;
  GError             *inbox_error;
  gboolean            inbox_finished, inbox_exited;
  double              inbox_test_accuracy; /* measured once, when finished */
  GSource            *dispatch;

  /* worker only */
  gint64              last_dispatch, last_snapshot;
  gboolean            snapshot_due;
};

/* belief-trainer-worker.c */
gpointer belief_trainer_worker       (gpointer              data);
void     belief_trainer_progress_cb  (const BeliefProgress *progress,
                                      gpointer              user_data);
/* Cancels and joins the worker, then takes (keep) or drops its inbox. */
void     belief_trainer_stop_worker  (BeliefTrainer        *self,
                                      gboolean              keep);

/* belief-trainer.c: what the main thread does with a hand-off */
void     belief_trainer_receive      (BeliefTrainer        *self,
                                      GArray               *items,
                                      BeliefDbn            *model,
                                      const GError         *error,
                                      gboolean              paused,
                                      gboolean              finished,
                                      double                test_accuracy);

G_END_DECLS
