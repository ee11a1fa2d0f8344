/* belief-chart-render.h: line charts (loss, weight stability, accuracy).
 *
 * belief_chart_render() draws a whole chart into a cairo_t: background,
 * title, axes with 1-2-5 ticks (decades on a log scale), gridlines, the
 * series clipped to the plot area, a legend when there is more than one
 * series, or "No data yet" when no series has a point.  Non-finite points
 * (and y <= 0 on a log scale) are skipped and leave a gap in the line.
 *
 * Where things land (plot area, data->pixel, hit test for tooltips) is in
 * belief-chart-layout.h; it agrees exactly with what is drawn.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "belief-chart-ticks.h"
#include "belief-render-style.h"

G_BEGIN_DECLS

typedef enum
{
  BELIEF_SERIES_LINE,
  BELIEF_SERIES_LINE_MARKERS,
} BeliefSeriesStyle;

typedef struct
{
  const char        *name;    /* for the legend and the CSV */
  BeliefRgb          color;   /* e.g. belief_render_palette_color (i) */
  const double      *x;       /* n values */
  const double      *y;       /* n values */
  int                n;
  BeliefSeriesStyle  style;
} BeliefChartSeries;

typedef struct
{
  const char              *title;       /* NULL or "" for none */
  const char              *x_label;     /* with the unit, e.g. "time (s)" */
  const char              *y_label;
  gboolean                 log_y;
  gboolean                 fixed_y;     /* y_min..y_max instead of the data's range */
  double                   y_min, y_max;
  const BeliefChartSeries *series;
  int                      n_series;
  const char              *empty_text;  /* NULL: "No data yet" */
} BeliefChart;

typedef struct
{
  int    series;   /* index into chart->series */
  int    index;    /* point index within the series */
  double x, y;     /* the data values */
  double px, py;   /* where the point is drawn */
} BeliefChartHit;

void     belief_chart_render       (cairo_t                 *cr,
                                    double                   width,
                                    double                   height,
                                    const BeliefChart       *chart,
                                    const BeliefRenderStyle *style);

G_END_DECLS
