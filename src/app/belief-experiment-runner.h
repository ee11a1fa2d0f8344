/* belief-experiment-runner.h: the lab report's experiments, off the main thread.
 *
 * A runner runs a list of experiments (belief-experiment.h) one after the
 * other on a worker thread, and keeps the finished BeliefFigureSet of each
 * experiment for the session (running one again replaces it).  It keeps its
 * BeliefExperimentContext while the data, the seed and quick stay the same,
 * so experiments that share training runs (3, 4, 6, 7) train them once.
 *
 * Hand-off: the worker copies the set being filled into an inbox under a
 * lock, at most every 50 ms, replacing a copy the main loop has not taken
 * yet; at most one idle source is pending to carry the inbox over.  All
 * signals are emitted on the main thread:
 *   "progress" (number)          the partial set, the fraction or the status changed
 *   "finished" (number)          experiment `number` is done: get_result
 *   "failed"   (number, GError)  it failed, or was stopped (BELIEF_ERROR_CANCELLED)
 *   "stopped"  ()                the worker has ended and was joined
 */
#pragma once

#include <glib-object.h>

#include "belief-data.h"
#include "belief-experiment.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_EXPERIMENT_RUNNER (belief_experiment_runner_get_type ())

G_DECLARE_FINAL_TYPE (BeliefExperimentRunner, belief_experiment_runner,
                      BELIEF, EXPERIMENT_RUNNER, GObject)

BeliefExperimentRunner *belief_experiment_runner_new          (void);

/* Starts the worker on experiments numbers[0 .. n_numbers).  Fails (with a
 * message for the user) while a run is going on, or when data is NULL or
 * has no test images.  data is kept (by reference) while it is used. */
gboolean               belief_experiment_runner_start         (BeliefExperimentRunner        *self,
                                                               BeliefData                    *data,
                                                               const BeliefExperimentOptions *options,
                                                               const int                     *numbers,
                                                               int                            n_numbers,
                                                               GError                       **error);
/* Asks the worker to stop after its current minibatch; returns at once.
 * "failed" (cancelled) and "stopped" follow. */
void                   belief_experiment_runner_stop          (BeliefExperimentRunner *self);
/* Stops and joins the worker now, dropping what it had not handed over;
 * emits nothing.  For closing the window. */
void                   belief_experiment_runner_shutdown      (BeliefExperimentRunner *self);

/* TRUE from start until "stopped" (property "running"). */
gboolean               belief_experiment_runner_is_running    (BeliefExperimentRunner *self);
/* The experiment being run, 0 when none; its place in the list. */
int                    belief_experiment_runner_get_current   (BeliefExperimentRunner *self,
                                                               int                    *index,
                                                               int                    *count);
/* The newest copy of the set being filled, its fraction (0..1) and status;
 * NULL/0/"" before the first.  Borrowed until the next "progress". */
const BeliefFigureSet *belief_experiment_runner_get_partial   (BeliefExperimentRunner *self);
double                 belief_experiment_runner_get_fraction  (BeliefExperimentRunner *self);
const char            *belief_experiment_runner_get_status    (BeliefExperimentRunner *self);
/* Hand-offs that brought a new partial set to the main loop, over the
 * runner's life. */
guint                  belief_experiment_runner_get_n_updates (BeliefExperimentRunner *self);

/* The finished set of experiment `number`, or NULL.  Borrowed. */
const BeliefFigureSet *belief_experiment_runner_get_result    (BeliefExperimentRunner *self,
                                                               int                     number);
/* Finished experiments of the session. */
int                    belief_experiment_runner_get_n_results (BeliefExperimentRunner *self);

G_END_DECLS
