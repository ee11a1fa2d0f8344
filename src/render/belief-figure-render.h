/* belief-figure-render.h: one BeliefFigure drawn with cairo.
 *
 * A chart figure is drawn by belief_chart_render() (title, axes, a legend
 * for more than one series); an image figure gets the same bold title at
 * the top and below it either a grid of digits (ink on paper, with the
 * image captions) or weight tiles (one symmetric scale and a colour bar).
 * A figure without data shows "No data yet", so the app can draw figures
 * while an experiment fills them.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "belief-figure.h"
#include "belief-render-style.h"

G_BEGIN_DECLS

void belief_figure_render       (cairo_t                 *cr,
                                 double                   width,
                                 double                   height,
                                 const BeliefFigure      *fig,
                                 const BeliefRenderStyle *style);

/* A good size in user units for a file of the figure: about 760 x 470 for
 * a chart; for images, about 56 units per 28 pixels of each image (plus
 * the captions, the colour bar and the title), at most 1400 x 1400. */
void belief_figure_natural_size (const BeliefFigure      *fig,
                                 int                     *width,
                                 int                     *height);

G_END_DECLS
