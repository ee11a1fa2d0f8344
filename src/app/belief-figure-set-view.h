/* belief-figure-set-view.h: what one experiment produced, on screen.
 *
 * A column of BeliefFigureView (one per figure, kept and refilled while a
 * run fills the set, so the figures grow in place) and, once the experiment
 * has finished, its summary above the figures and, below them, the
 * measured numbers ("label  value unit") and how it was run.
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-figure-view.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_FIGURE_SET_VIEW (belief_figure_set_view_get_type ())

G_DECLARE_FINAL_TYPE (BeliefFigureSetView, belief_figure_set_view, BELIEF, FIGURE_SET_VIEW, GtkWidget)

GtkWidget        *belief_figure_set_view_new            (void);
/* Shows set (copied; NULL shows nothing); finished adds the summary, the
 * measures and the setup. */
void              belief_figure_set_view_set_set        (BeliefFigureSetView   *self,
                                                         const BeliefFigureSet *set,
                                                         gboolean               finished);
guint             belief_figure_set_view_get_n_figures  (BeliefFigureSetView   *self);
BeliefFigureView *belief_figure_set_view_get_figure     (BeliefFigureSetView   *self,
                                                         guint                  index);
/* Rows in the list of measures (0 until finished). */
guint             belief_figure_set_view_get_n_measures (BeliefFigureSetView   *self);

/* "0.0670", "36.6 %", "1,416,000": a measure's value and unit as shown. */
char             *belief_figure_set_view_format_measure (double                 value,
                                                         const char            *unit);

G_END_DECLS
