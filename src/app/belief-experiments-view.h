/* belief-experiments-view.h: the lab report's nine experiments, one click each.
 *
 * Left, the list of experiments with a quick switch and a seed, Run, Run
 * All and Stop; right, the selected experiment: its figures drawn live while
 * it runs (with a progress bar, its status and the time elapsed), and once
 * it has finished, what it shows, the measured numbers and how it was run.
 * "Export Figures…" writes every finished experiment of the session into a
 * folder (PNG, SVG and CSV per figure, index.html, results.json).
 *
 * The experiments run on a BeliefExperimentRunner's worker thread.  While
 * they run the window's main training is paused (and resumed when they end),
 * and the window refuses to start it (belief_experiments_view_is_running).
 * Messages (no data, a failure, an export) appear in a bar in the view.
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-experiment-runner.h"
#include "belief-figure-set-view.h"
#include "belief-trainer.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_EXPERIMENTS_VIEW (belief_experiments_view_get_type ())

G_DECLARE_FINAL_TYPE (BeliefExperimentsView, belief_experiments_view, BELIEF, EXPERIMENTS_VIEW, GtkWidget)

/* settings may be NULL; its "threads" is used for the experiments too. */
GtkWidget              *belief_experiments_view_new           (BeliefTrainer *trainer,
                                                               GSettings     *settings);

/* As the buttons: FALSE (with the reason shown in the view) when nothing
 * could start. */
gboolean                belief_experiments_view_run           (BeliefExperimentsView *self,
                                                               int                    number);
gboolean                belief_experiments_view_run_all       (BeliefExperimentsView *self);
void                    belief_experiments_view_stop          (BeliefExperimentsView *self);
/* Stops and joins the worker now, for closing the window. */
void                    belief_experiments_view_shutdown      (BeliefExperimentsView *self);
gboolean                belief_experiments_view_is_running    (BeliefExperimentsView *self);

void                    belief_experiments_view_set_quick     (BeliefExperimentsView *self,
                                                               gboolean               quick);
void                    belief_experiments_view_set_seed      (BeliefExperimentsView *self,
                                                               guint                  seed);
/* Shows experiment number (1 .. BELIEF_N_EXPERIMENTS) as a click on its row. */
void                    belief_experiments_view_select        (BeliefExperimentsView *self,
                                                               int                    number);
int                     belief_experiments_view_get_selected  (BeliefExperimentsView *self);

/* Writes every finished experiment into dir, in a thread; the view says
 * when it is done (as after the "Export Figures…" chooser). */
void                    belief_experiments_view_export_folder (BeliefExperimentsView *self,
                                                               const char            *dir);
gboolean                belief_experiments_view_is_exporting  (BeliefExperimentsView *self);
/* The message bar's text, "" when it is hidden. */
const char             *belief_experiments_view_get_message   (BeliefExperimentsView *self);

BeliefExperimentRunner *belief_experiments_view_get_runner    (BeliefExperimentsView *self);
BeliefFigureSetView    *belief_experiments_view_get_set_view  (BeliefExperimentsView *self);

G_END_DECLS
