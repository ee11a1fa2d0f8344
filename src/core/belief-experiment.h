/* belief-experiment.h: the lab report's studies as named, reproducible runs.
 *
 * Each of the nine experiments trains what it needs on the given data, from
 * one seed, and fills a BeliefFigureSet: figures (charts and image grids),
 * measured numbers, what was run and what it shows.  Runs that several
 * experiments share (the RBM sweep over hidden sizes, the pretrained DBN,
 * fine-tuning in each regime) are kept in the context, so "all nine" trains
 * each of them once.
 *
 * One thread runs experiments; the progress function is called from it
 * (about every 0.1 s, and at every new point) with the set being filled,
 * which the callee copies if it keeps it.  belief_experiment_context_cancel
 * may be called from any thread.
 */
#pragma once

#include <glib.h>

#include "belief-dataset.h"
#include "belief-figure.h"

G_BEGIN_DECLS

#define BELIEF_N_EXPERIMENTS 9

typedef struct
{
  int         number;       /* 1 .. BELIEF_N_EXPERIMENTS */
  const char *id;           /* "e1" */
  const char *title;        /* "Reconstruction loss against hidden units" */
  const char *description;  /* one paragraph: what is trained and measured */
} BeliefExperimentInfo;

typedef struct
{
  gboolean quick;     /* a small subset and few iterations: seconds, not minutes */
  guint64  seed;
  int      threads;   /* 0 = all cores */
} BeliefExperimentOptions;

typedef void (*BeliefExperimentFunc) (const BeliefFigureSet *partial,
                                      double                 fraction,
                                      const char            *status,
                                      gpointer               user_data);

typedef struct _BeliefExperimentContext BeliefExperimentContext;

const BeliefExperimentInfo *belief_experiment_info (int number);

/* train and test are borrowed and must outlive the context. */
BeliefExperimentContext *belief_experiment_context_new  (const BeliefDataset           *train,
                                                         const BeliefDataset           *test,
                                                         const BeliefExperimentOptions *options);
void                     belief_experiment_context_free (BeliefExperimentContext *ctx);
void                     belief_experiment_context_set_progress_func (BeliefExperimentContext *ctx,
                                                                      BeliefExperimentFunc     func,
                                                                      gpointer                 user_data);
void                     belief_experiment_context_cancel (BeliefExperimentContext *ctx);
/* The settings every experiment starts from, as one line for captions. */
char                    *belief_experiment_context_describe (BeliefExperimentContext *ctx);

/* Runs experiment `number`; NULL with an error (BELIEF_ERROR_CANCELLED when
 * cancelled). */
BeliefFigureSet         *belief_experiment_run (BeliefExperimentContext *ctx,
                                                int                      number,
                                                GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefExperimentContext, belief_experiment_context_free)

G_END_DECLS
