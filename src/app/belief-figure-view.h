/* belief-figure-view.h: one experiment figure on screen, its caption below.
 *
 * Draws a BeliefFigure with belief_figure_render() inside its snapshot, in
 * the light or dark style of the theme: a chart at 16:10, an image grid at
 * its natural aspect, never wider than its natural size, centred.  The
 * caption is a wrapped label under the figure, as wide as the drawing.
 * Height-for-width, so a column of figures scrolls.
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-figure.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_FIGURE_VIEW (belief_figure_view_get_type ())

G_DECLARE_FINAL_TYPE (BeliefFigureView, belief_figure_view, BELIEF, FIGURE_VIEW, GtkWidget)

GtkWidget          *belief_figure_view_new        (void);
/* Shows a copy of fig (NULL: nothing). */
void                belief_figure_view_set_figure (BeliefFigureView   *self,
                                                   const BeliefFigure *fig);
/* The figure shown, or NULL.  Borrowed until the next set_figure. */
const BeliefFigure *belief_figure_view_get_figure (BeliefFigureView   *self);
/* Times the figure was drawn (snapshots), for tests. */
guint               belief_figure_view_get_n_draws (BeliefFigureView  *self);

G_END_DECLS
