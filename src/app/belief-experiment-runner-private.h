/* belief-experiment-runner-private.h: shared by belief-experiment-runner.c
 * (state, results and signals: the main thread) and
 * belief-experiment-runner-worker.c (the worker thread and the hand-off). */
#pragma once

#include "belief-experiment-runner.h"

G_BEGIN_DECLS

typedef struct
{
  int              number;
  BeliefFigureSet *set;     /* or NULL with error */
  GError          *error;
} BeliefExperimentResult;

struct _BeliefExperimentRunner
{
  GObject                  parent_instance;

  /* main thread */
  BeliefFigureSet         *results[BELIEF_N_EXPERIMENTS + 1];
  BeliefFigureSet         *partial;
  double                   fraction;
  char                    *status;
  guint                    n_updates;
  gboolean                 running;
  int                      index;       /* of the current experiment in numbers */
  guint                    generation;  /* changes at start and shutdown */
  GMainContext            *main_context;
  GThread                 *thread;

  /* the job: written before the worker starts, read-only until it is joined */
  BeliefData              *job_data;
  BeliefExperimentOptions  job_options;
  int                     *numbers;
  int                      n_numbers;

  /* the worker's (the main thread's only while there is no worker) */
  BeliefExperimentContext *ctx;         /* written under lock */
  BeliefData              *ctx_data;
  BeliefExperimentOptions  ctx_options;
  gint64                   last_copy;

  /* shared, under lock */
  GMutex                   lock;
  gboolean                 cancelled;
  GPtrArray               *inbox_results;   /* BeliefExperimentResult */
  BeliefFigureSet         *inbox_partial;
  double                   inbox_fraction;
  char                    *inbox_status;
  gboolean                 inbox_exited;
  GSource                 *dispatch;
};

/* belief-experiment-runner-worker.c */
gpointer belief_experiment_runner_worker       (gpointer                data);
void     belief_experiment_result_free         (gpointer                data);
/* The main thread: takes what the worker left and joins it once it has
 * exited; NULL/FALSE where nothing came.  Caller frees. */
void     belief_experiment_runner_take_inbox   (BeliefExperimentRunner *self,
                                                GPtrArray             **results,
                                                BeliefFigureSet       **partial,
                                                char                  **status,
                                                double                 *fraction,
                                                gboolean               *exited);
/* Drops the pending hand-off and what the worker left (after a join). */
void     belief_experiment_runner_clear_inbox  (BeliefExperimentRunner *self);

/* belief-experiment-runner.c: the hand-off arrives here */
void     belief_experiment_runner_drain        (BeliefExperimentRunner *self);

G_END_DECLS
