/* belief-chart-render.c: line charts drawn with cairo, from the geometry of
 * belief-chart-layout.c. */
#include <math.h>

#include "belief-chart-layout.h"
#include "belief-chart-render.h"

static void
draw_axes (cairo_t                 *cr,
           const BeliefChart       *chart,
           const BeliefRenderStyle *style,
           const BeliefChartLayout *L,
           double                   width)
{
  const BeliefRect *p = &L->plot;
  double last_right = -INFINITY, last_top = INFINITY;
  char buf[64];

  cairo_set_line_width (cr, 1.0);
  belief_render_set_rgb (cr, &style->grid);
  for (int i = 0; i < L->yt.n; i++)
    {
      double px, py;

      belief_chart_layout_map (L, chart->log_y, L->x_lo, L->yt.values[i], &px, &py);
      cairo_move_to (cr, p->x, round (py) + 0.5);
      cairo_line_to (cr, p->x + p->width, round (py) + 0.5);
    }
  for (int i = 0; i < L->xt.n; i++)
    {
      double px = round (p->x + (L->xt.values[i] - L->x_lo) / (L->x_hi - L->x_lo) * p->width);

      cairo_move_to (cr, px + 0.5, p->y);
      cairo_line_to (cr, px + 0.5, p->y + p->height);
    }
  cairo_stroke (cr);

  /* Axis lines and outward tick marks, then the labels. */
  cairo_move_to (cr, p->x + 0.5, p->y);
  cairo_line_to (cr, p->x + 0.5, p->y + p->height + 0.5);
  cairo_line_to (cr, p->x + p->width, p->y + p->height + 0.5);
  for (int i = 0; i < L->yt.n; i++)
    {
      double px, py;

      belief_chart_layout_map (L, chart->log_y, L->x_lo, L->yt.values[i], &px, &py);
      cairo_move_to (cr, p->x, round (py) + 0.5);
      cairo_line_to (cr, p->x - BELIEF_CHART_TICK_LEN, round (py) + 0.5);
    }
  for (int i = 0; i < L->xt.n; i++)
    {
      double px = round (p->x + (L->xt.values[i] - L->x_lo) / (L->x_hi - L->x_lo) * p->width);

      cairo_move_to (cr, px + 0.5, p->y + p->height);
      cairo_line_to (cr, px + 0.5, p->y + p->height + BELIEF_CHART_TICK_LEN);
    }
  belief_render_set_rgb (cr, &style->axis);
  cairo_stroke (cr);

  belief_render_set_rgb (cr, &style->foreground);
  for (int i = 0; i < L->yt.n; i++)
    {
      double px, py, top;

      belief_chart_layout_map (L, chart->log_y, L->x_lo, L->yt.values[i], &px, &py);
      top = round (py) + 0.5 - L->fh / 2.0;
      if (top + L->fh > last_top)           /* would overlap the label below */
        continue;
      belief_chart_format_tick (buf, sizeof buf, L->yt.values[i], L->yt.step, chart->log_y);
      belief_render_show_text (cr, buf, p->x - BELIEF_CHART_TICK_LEN - 3.0, top, 1.0, -1.0);
      last_top = top - 2.0;
    }
  for (int i = 0; i < L->xt.n; i++)
    {
      double px = round (p->x + (L->xt.values[i] - L->x_lo) / (L->x_hi - L->x_lo) * p->width);
      double w, x0;

      belief_chart_format_tick (buf, sizeof buf, L->xt.values[i], L->xt.step, FALSE);
      w = belief_render_text_width (cr, buf);
      x0 = CLAMP (px + 0.5 - w / 2.0, 0.0, width - w);
      if (x0 < last_right)
        continue;
      belief_render_show_text (cr, buf, x0, p->y + p->height + BELIEF_CHART_TICK_LEN + 2.0, 0.0, -1.0);
      last_right = x0 + w + L->fs * 0.5;
    }
  cairo_new_path (cr);

  belief_render_set_rgb (cr, &style->foreground);
  if (chart->x_label && *chart->x_label)
    belief_render_show_text (cr, chart->x_label, p->x + p->width / 2.0,
                             p->y + p->height + BELIEF_CHART_TICK_LEN + 2.0 + L->fh + 4.0, 0.5, p->width);
  if (chart->y_label && *chart->y_label)
    {
      cairo_save (cr);
      cairo_translate (cr, L->pad, p->y + p->height / 2.0);
      cairo_rotate (cr, -G_PI / 2.0);
      belief_render_show_text (cr, chart->y_label, 0.0, 0.0, 0.5, p->height);
      cairo_restore (cr);
    }
}

static void
draw_series (cairo_t                 *cr,
             const BeliefChart       *chart,
             const BeliefRenderStyle *style,
             const BeliefChartLayout *L)
{
  cairo_save (cr);
  cairo_rectangle (cr, L->plot.x, L->plot.y, L->plot.width + 1.0, L->plot.height + 1.0);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, style->line_width);
  for (int s = 0; s < chart->n_series; s++)
    {
      const BeliefChartSeries *ser = &chart->series[s];
      gboolean pen_down = FALSE;
      double px, py;

      for (int i = 0; i < ser->n; i++)
        {
          if (!belief_chart_point_ok (chart, ser->x[i], ser->y[i]))
            {
              pen_down = FALSE;       /* a gap */
              continue;
            }
          belief_chart_layout_map (L, chart->log_y, ser->x[i], ser->y[i], &px, &py);
          if (pen_down)
            cairo_line_to (cr, px, py);
          else
            cairo_move_to (cr, px, py);
          pen_down = TRUE;
        }
      belief_render_set_rgb (cr, &ser->color);
      cairo_stroke (cr);

      if (ser->style != BELIEF_SERIES_LINE_MARKERS)
        continue;
      for (int i = 0; i < ser->n; i++)
        if (belief_chart_point_ok (chart, ser->x[i], ser->y[i]))
          {
            belief_chart_layout_map (L, chart->log_y, ser->x[i], ser->y[i], &px, &py);
            cairo_new_sub_path (cr);
            cairo_arc (cr, px, py, style->line_width + 1.5, 0.0, 2.0 * G_PI);
          }
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static void
draw_legend (cairo_t                 *cr,
             const BeliefChart       *chart,
             const BeliefRenderStyle *style,
             const BeliefChartLayout *L)
{
  const BeliefRect *b = &L->legend;

  cairo_rectangle (cr, b->x + 0.5, b->y + 0.5, b->width, b->height);
  belief_render_set_rgba (cr, &style->legend_bg, 0.92);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0);
  belief_render_set_rgb (cr, &style->grid);
  cairo_stroke (cr);
  for (int s = 0; s < chart->n_series; s++)
    {
      const BeliefChartSeries *ser = &chart->series[s];
      double y = b->y + L->pad / 2.0 + s * L->legend_row_h + 2.0;
      double x = b->x + L->pad;

      belief_render_set_rgb (cr, &ser->color);
      cairo_set_line_width (cr, MAX (2.0, style->line_width));
      cairo_move_to (cr, x, y + L->fh / 2.0);
      cairo_line_to (cr, x + L->legend_swatch, y + L->fh / 2.0);
      cairo_stroke (cr);
      if (ser->style == BELIEF_SERIES_LINE_MARKERS)
        {
          cairo_arc (cr, x + L->legend_swatch / 2.0, y + L->fh / 2.0,
                     style->line_width + 1.5, 0.0, 2.0 * G_PI);
          cairo_fill (cr);
        }
      belief_render_set_rgb (cr, &style->foreground);
      belief_render_show_text (cr, ser->name, x + L->legend_swatch + 6.0, y, 0.0, L->legend_name_w);
    }
}

void
belief_chart_render (cairo_t                 *cr,
                     double                   width,
                     double                   height,
                     const BeliefChart       *chart,
                     const BeliefRenderStyle *style)
{
  BeliefRenderStyle storage;
  BeliefChartLayout L;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (chart != NULL);
  g_return_if_fail (chart->n_series == 0 || chart->series != NULL);

  style = belief_render_style_or_default (style, &storage);
  belief_chart_layout (&L, NULL, chart, style, width, height);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  belief_render_set_rgb (cr, &style->background);
  cairo_paint (cr);

  if (L.title_h > 0.0)
    {
      belief_render_set_font (cr, L.fs * 1.15, TRUE);
      belief_render_set_rgb (cr, &style->foreground);
      belief_render_show_text (cr, chart->title, width / 2.0, L.pad, 0.5, width - 2.0 * L.pad);
    }
  belief_render_set_font (cr, L.fs, FALSE);

  if (!L.has_data)
    {
      const char *text = chart->empty_text ? chart->empty_text : "No data yet";
      double top = L.pad + L.title_h;

      belief_render_set_rgb (cr, &style->muted);
      belief_render_show_text (cr, text, width / 2.0, top + (height - top - L.fh) / 2.0,
                               0.5, width - 2.0 * L.pad);
    }
  else if (L.has_plot)
    {
      draw_axes (cr, chart, style, &L, width);
      draw_series (cr, chart, style, &L);
      if (L.has_legend)
        draw_legend (cr, chart, style, &L);
    }
  cairo_restore (cr);
}

