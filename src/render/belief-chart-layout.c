/* belief-chart-layout.c: the geometry of a chart (see the header). */
#include <math.h>

#include "belief-chart-layout.h"

gboolean
belief_chart_point_ok (const BeliefChart *chart,
                       double             x,
                       double             y)
{
  return isfinite (x) && isfinite (y) && (!chart->log_y || y > 0.0);
}

static double
max_label_width (cairo_t           *cr,
                 const BeliefTicks *t,
                 gboolean           log_scale)
{
  char buf[64];
  double w = 0.0;

  for (int i = 0; i < t->n; i++)
    {
      belief_chart_format_tick (buf, sizeof buf, t->values[i], t->step, log_scale);
      w = MAX (w, belief_render_text_width (cr, buf));
    }
  return w;
}

/* Legend box size for the series names, measured in the current font. */
static void
legend_size (cairo_t           *cr,
             const BeliefChart *chart,
             BeliefChartLayout *L,
             double             max_name_w,
             double            *bw,
             double            *bh)
{
  double name_w = 0.0;

  L->legend_row_h = L->fh + 4.0;
  L->legend_swatch = 2.0 * L->fs;
  for (int s = 0; s < chart->n_series; s++)
    name_w = MAX (name_w, belief_render_text_width (cr, chart->series[s].name));
  /* Slack for hinting: text measured here may draw a little wider at
   * another device scale (PNG files are drawn at scale 2). */
  L->legend_name_w = MIN (ceil (name_w) + 3.0, max_name_w);
  *bw = ceil (L->pad + L->legend_swatch + 6.0 + L->legend_name_w + L->pad);
  *bh = ceil (chart->n_series * L->legend_row_h + L->pad);
}

/* The legend, only for more than one series, in the corner of the plot
 * hiding the fewest points: top right, top left, bottom right, bottom left
 * in that order of preference.  Measured in the current font. */
static int
place_legend (cairo_t           *cr,
              const BeliefChart *chart,
              BeliefChartLayout *L)
{
  const BeliefRect *p = &L->plot;
  double bw, bh, margin = 6.0;
  int best = G_MAXINT;

  legend_size (cr, chart, L, p->width * 0.5, &bw, &bh);
  if (bw > p->width - 2.0 * margin || bh > p->height - 2.0 * margin)
    return 0;

  for (int c = 0; c < 4; c++)
    {
      double x = round ((c % 2 == 0) ? p->x + p->width - margin - bw : p->x + margin);
      double y = round ((c < 2) ? p->y + margin : p->y + p->height - margin - bh);
      int hidden = 0;

      for (int s = 0; s < chart->n_series; s++)
        for (int i = 0; i < chart->series[s].n; i++)
          {
            double px, py;

            if (!belief_chart_point_ok (chart, chart->series[s].x[i], chart->series[s].y[i]))
              continue;
            belief_chart_layout_map (L, chart->log_y, chart->series[s].x[i],
                                     chart->series[s].y[i], &px, &py);
            hidden += px >= x && px <= x + bw && py >= y && py <= y + bh;
          }
      if (hidden < best)
        {
          best = hidden;
          L->legend = (BeliefRect) { x, y, bw, bh };
        }
    }
  L->has_legend = TRUE;
  return best;
}

/* Returns the number of points the legend hides.  With legend_outside the
 * legend gets its own column right of the plot instead of a corner. */
static int
chart_layout (cairo_t                 *cr,
              const BeliefChart       *chart,
              const BeliefRenderStyle *style,
              double                   width,
              double                   height,
              gboolean                 legend_outside,
              BeliefChartLayout       *L)
{
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  double top, bottom, left, right, ylabel_w, d;
  gboolean fixed;
  int target;

  L->fs = style->font_size;
  L->pad = round (L->fs * 0.75);
  belief_render_set_font (cr, L->fs * 1.15, TRUE);
  L->title_h = (chart->title && *chart->title) ? belief_render_font_height (cr) + L->pad * 0.5 : 0.0;
  belief_render_set_font (cr, L->fs, FALSE);
  L->fh = belief_render_font_height (cr);
  L->has_data = L->has_plot = L->has_legend = FALSE;

  for (int s = 0; s < chart->n_series; s++)
    {
      const BeliefChartSeries *ser = &chart->series[s];

      for (int i = 0; i < ser->n; i++)
        if (belief_chart_point_ok (chart, ser->x[i], ser->y[i]))
          {
            xmin = MIN (xmin, ser->x[i]), xmax = MAX (xmax, ser->x[i]);
            ymin = MIN (ymin, ser->y[i]), ymax = MAX (ymax, ser->y[i]);
          }
    }
  L->has_data = xmin <= xmax;
  if (!L->has_data)
    return 0;

  if (xmax - xmin <= fabs (xmax) * 1e-12)
    {
      d = MAX (1.0, fabs (xmax) * 0.1);
      xmin -= d, xmax += d;
    }
  fixed = chart->fixed_y && chart->y_max > chart->y_min && (!chart->log_y || chart->y_min > 0.0);
  if (fixed)
    ymin = chart->y_min, ymax = chart->y_max;

  top = L->pad + L->title_h + L->fh * 0.5;
  bottom = BELIEF_CHART_TICK_LEN + 2.0 + L->fh + (chart->x_label && *chart->x_label ? 4.0 + L->fh : 0.0) + L->pad;
  if (legend_outside)
    {
      double bw, bh;

      /* Below the x axis label, centred under the plot. */
      legend_size (cr, chart, L, width * 0.8, &bw, &bh);
      L->legend = (BeliefRect) { 0.0, floor (height - L->pad - bh), bw, bh };
      bottom += bh + L->fs * 0.5;
    }
  L->plot.y = round (top);
  L->plot.height = floor (height - bottom - L->plot.y);
  if (L->plot.height < 2.0 * L->fh)
    return 0;

  target = (int) (L->plot.height / (L->fh * 2.5));
  belief_chart_nice_ticks (ymin, ymax, target, chart->log_y, !fixed, &L->yt);
  L->y_lo = chart->log_y ? log10 (L->yt.lo) : L->yt.lo;
  L->y_hi = chart->log_y ? log10 (L->yt.hi) : L->yt.hi;
  ylabel_w = max_label_width (cr, &L->yt, chart->log_y);

  left = L->pad + (chart->y_label && *chart->y_label ? L->fh + 4.0 : 0.0) + ylabel_w + 3.0 + BELIEF_CHART_TICK_LEN;
  L->plot.x = round (left);
  L->x_lo = xmin, L->x_hi = xmax;
  right = L->pad + L->fs;
  L->plot.width = floor (width - right - L->plot.x);
  if (L->plot.width < 3.0 * L->fs)
    return 0;

  /* Fewer x ticks until their labels have room. */
  for (target = CLAMP ((int) (L->plot.width / (L->fs * 6.0)), 2, 12); ; target--)
    {
      double w;

      belief_chart_nice_ticks (xmin, xmax, target, FALSE, FALSE, &L->xt);
      w = max_label_width (cr, &L->xt, FALSE);
      if (target <= 2 || L->xt.step / (xmax - xmin) * L->plot.width >= w + L->fs)
        break;
    }
  /* The last label is centred on its tick: keep it inside the chart. */
  if (L->xt.n > 0)
    {
      char buf[64];
      double last = L->xt.values[L->xt.n - 1];
      double slack = (xmax - last) / (xmax - xmin) * L->plot.width;

      belief_chart_format_tick (buf, sizeof buf, last, L->xt.step, FALSE);
      right = MAX (L->pad, belief_render_text_width (cr, buf) / 2.0 - slack + 2.0);
      L->plot.width = floor (width - right - L->plot.x);
    }
  L->has_plot = L->plot.width >= 3.0 * L->fs;
  if (!L->has_plot)
    return 0;

  /* Markers get room inside the axes instead of being cut in half by them. */
  for (int s = 0; s < chart->n_series; s++)
    if (chart->series[s].style == BELIEF_SERIES_LINE_MARKERS && chart->series[s].n > 0)
      {
        double r = style->line_width + 2.5;   /* the marker's radius + 1 */

        d = (L->x_hi - L->x_lo) * r / (L->plot.width - 2.0 * r);
        L->x_lo -= d, L->x_hi += d;
        d = (L->y_hi - L->y_lo) * r / (L->plot.height - 2.0 * r);
        L->y_lo -= d, L->y_hi += d;
        break;
      }
  if (legend_outside)
    {
      L->legend.x = round (L->plot.x + (L->plot.width - L->legend.width) / 2.0);
      L->has_legend = TRUE;
      return 0;
    }
  return chart->n_series > 1 ? place_legend (cr, chart, L) : 0;
}

void
belief_chart_layout_map (const BeliefChartLayout *L,
                         gboolean                 log_y,
                         double                   x,
                         double                   y,
                         double                  *px,
                         double                  *py)
{
  double ty = log_y ? log10 (y) : y;

  *px = L->plot.x + (x - L->x_lo) / (L->x_hi - L->x_lo) * L->plot.width;
  *py = L->plot.y + L->plot.height - (ty - L->y_lo) / (L->y_hi - L->y_lo) * L->plot.height;
}

void
belief_chart_layout (BeliefChartLayout       *layout,
                     cairo_t                 *cr,
                     const BeliefChart       *chart,
                     const BeliefRenderStyle *style,
                     double                   width,
                     double                   height)
{
  BeliefRenderStyle storage;
  cairo_t *mcr;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (chart != NULL);

  style = belief_render_style_or_default (style, &storage);
  mcr = cr != NULL ? cairo_reference (cr) : belief_render_measure_context ();
  cairo_save (mcr);
  /* A legend over the lines moves out below the plot when there is room. */
  if (chart_layout (mcr, chart, style, width, height, FALSE, layout) > 0 && layout->has_legend
      && layout->legend.height < 0.25 * height)
    {
      BeliefChartLayout outside;

      chart_layout (mcr, chart, style, width, height, TRUE, &outside);
      if (outside.has_plot && outside.has_legend)
        *layout = outside;
    }
  cairo_restore (mcr);
  cairo_destroy (mcr);
}

static gboolean
layout_measured (const BeliefChart       *chart,
                 const BeliefRenderStyle *style,
                 double                   width,
                 double                   height,
                 BeliefChartLayout       *L)
{
  g_return_val_if_fail (chart != NULL, FALSE);
  belief_chart_layout (L, NULL, chart, style, width, height);
  return L->has_data && L->has_plot;
}

gboolean
belief_chart_get_plot_area (const BeliefChart       *chart,
                            const BeliefRenderStyle *style,
                            double                   width,
                            double                   height,
                            BeliefRect              *area)
{
  BeliefChartLayout L;

  if (!layout_measured (chart, style, width, height, &L))
    return FALSE;
  if (area != NULL)
    *area = L.plot;
  return TRUE;
}

gboolean
belief_chart_data_to_pixel (const BeliefChart       *chart,
                            const BeliefRenderStyle *style,
                            double                   width,
                            double                   height,
                            double                   x,
                            double                   y,
                            double                  *px,
                            double                  *py)
{
  BeliefChartLayout L;
  double qx, qy;

  if (!layout_measured (chart, style, width, height, &L) || !belief_chart_point_ok (chart, x, y))
    return FALSE;
  belief_chart_layout_map (&L, chart->log_y, x, y, &qx, &qy);
  if (px != NULL)
    *px = qx;
  if (py != NULL)
    *py = qy;
  return TRUE;
}

gboolean
belief_chart_hit_test (const BeliefChart       *chart,
                       const BeliefRenderStyle *style,
                       double                   width,
                       double                   height,
                       double                   px,
                       double                   py,
                       double                   radius,
                       BeliefChartHit          *hit)
{
  double best = radius * radius;
  gboolean found = FALSE;
  BeliefChartLayout L;

  if (!layout_measured (chart, style, width, height, &L))
    return FALSE;
  for (int s = 0; s < chart->n_series; s++)
    {
      const BeliefChartSeries *ser = &chart->series[s];

      for (int i = 0; i < ser->n; i++)
        {
          double qx, qy, d2;

          if (!belief_chart_point_ok (chart, ser->x[i], ser->y[i]))
            continue;
          belief_chart_layout_map (&L, chart->log_y, ser->x[i], ser->y[i], &qx, &qy);
          if (qx < L.plot.x - 0.5 || qx > L.plot.x + L.plot.width + 0.5 ||
              qy < L.plot.y - 0.5 || qy > L.plot.y + L.plot.height + 0.5)
            continue;                      /* clipped away, not drawn */
          d2 = (qx - px) * (qx - px) + (qy - py) * (qy - py);
          if (d2 <= best)
            {
              best = d2, found = TRUE;
              if (hit != NULL)
                *hit = (BeliefChartHit) { s, i, ser->x[i], ser->y[i], qx, qy };
            }
        }
    }
  return found;
}

gboolean
belief_chart_get_legend_rect (const BeliefChart       *chart,
                              const BeliefRenderStyle *style,
                              double                   width,
                              double                   height,
                              BeliefRect              *rect)
{
  BeliefChartLayout L;

  if (!layout_measured (chart, style, width, height, &L) || !L.has_legend)
    return FALSE;
  if (rect != NULL)
    *rect = L.legend;
  return TRUE;
}
