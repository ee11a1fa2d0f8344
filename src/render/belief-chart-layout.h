/* belief-chart-layout.h: where a chart's parts land for a given size.
 *
 * One layout pass measures the tick labels and titles with cairo's toy text
 * API on a private 1x1 surface (so it does not depend on the target's font
 * options) and places the plot area.  The renderer draws from it, and the
 * functions below answer from it, so they agree with the picture.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "belief-chart-render.h"

G_BEGIN_DECLS

#define BELIEF_CHART_TICK_LEN 4.0  /* outward tick marks */

typedef struct
{
  double      fs, fh, pad;       /* font size, font height, padding */
  double      title_h;           /* 0 without a title */
  gboolean    has_data;          /* some series has a drawable point */
  gboolean    has_plot;          /* and there is room for a plot */
  BeliefRect  plot;              /* the plot area, integer edges */
  BeliefTicks xt, yt;
  double      x_lo, x_hi;        /* axis ranges; y in log10 units on a log axis */
  double      y_lo, y_hi;
  gboolean    has_legend;        /* more than one series and room for it */
  BeliefRect  legend;            /* the legend box, integer edges */
  double      legend_row_h, legend_swatch, legend_name_w;
} BeliefChartLayout;

/* Fills layout; measures text on cr when given, else on a private surface. */
void     belief_chart_layout         (BeliefChartLayout       *layout,
                                      cairo_t                 *cr,
                                      const BeliefChart       *chart,
                                      const BeliefRenderStyle *style,
                                      double                   width,
                                      double                   height);
/* A drawable point: finite, and y > 0 on a log axis. */
gboolean belief_chart_point_ok       (const BeliefChart       *chart,
                                      double                   x,
                                      double                   y);
void     belief_chart_layout_map     (const BeliefChartLayout *layout,
                                      gboolean                 log_y,
                                      double                   x,
                                      double                   y,
                                      double                  *px,
                                      double                  *py);

/* The plot area (inside the axes); FALSE when the chart has no data or no
 * room for a plot. */
gboolean belief_chart_get_plot_area (const BeliefChart       *chart,
                                     const BeliefRenderStyle *style,
                                     double                   width,
                                     double                   height,
                                     BeliefRect              *area);
/* Where data point (x, y) is drawn; FALSE as above or for a point that
 * cannot be drawn (NaN, y <= 0 on a log scale).  The pixel may lie outside
 * the plot area when the point is outside the axis ranges. */
gboolean belief_chart_data_to_pixel (const BeliefChart       *chart,
                                     const BeliefRenderStyle *style,
                                     double                   width,
                                     double                   height,
                                     double                   x,
                                     double                   y,
                                     double                  *px,
                                     double                  *py);
/* The drawn point nearest to the pointer (px, py) within `radius`, for
 * tooltips; FALSE when there is none. */
gboolean belief_chart_hit_test      (const BeliefChart       *chart,
                                     const BeliefRenderStyle *style,
                                     double                   width,
                                     double                   height,
                                     double                   px,
                                     double                   py,
                                     double                   radius,
                                     BeliefChartHit          *hit);

/* The legend box (drawn only for more than one series); FALSE when there
 * is none. */
gboolean belief_chart_get_legend_rect (const BeliefChart       *chart,
                                       const BeliefRenderStyle *style,
                                       double                   width,
                                       double                   height,
                                       BeliefRect              *rect);

G_END_DECLS
