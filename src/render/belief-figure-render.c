/* belief-figure-render.c: figures drawn through the chart, digits and
 * tiles renderers. */
#include <math.h>

#include "belief-chart-render.h"
#include "belief-digits-render.h"
#include "belief-figure-render.h"
#include "belief-tiles-render.h"

#define CHART_WIDTH   760
#define CHART_HEIGHT  470
#define MAX_SIDE      1400
#define MIN_WIDTH     200
#define IMAGE_SIDE    56.0   /* units for the longer side of an image */

/* Images that can be drawn: at most n_images, as many as there are pixels. */
static int
figure_image_count (const BeliefFigure *fig)
{
  int n_pix = fig->rows * fig->cols;

  if (n_pix <= 0 || fig->n_images <= 0)
    return 0;
  return (int) MIN ((guint) fig->n_images, fig->pixels->len / (guint) n_pix);
}

static gboolean
figure_has_captions (const BeliefFigure *fig,
                     int                 count)
{
  if (fig->images_style != BELIEF_IMAGES_DIGITS || fig->image_captions->len < (guint) count)
    return FALSE;
  for (int i = 0; i < count; i++)
    {
      const char *c = g_ptr_array_index (fig->image_captions, i);

      if (c != NULL && *c != '\0')
        return TRUE;
    }
  return FALSE;
}

static int
figure_grid_cols (const BeliefFigure *fig,
                  int                 count)
{
  return fig->grid_cols > 0 ? MIN (fig->grid_cols, count) : (int) ceil (sqrt ((double) count));
}

/* The title band as the chart renderer lays it out: padding above the
 * title, and the height from the top to where the content starts. */
static void
title_band (cairo_t                 *cr,
            const BeliefFigure      *fig,
            const BeliefRenderStyle *style,
            double                  *pad,
            double                  *top)
{
  *pad = round (style->font_size * 0.75);
  *top = 0.0;
  if (fig->title == NULL || *fig->title == '\0')
    return;
  cairo_save (cr);
  belief_render_set_font (cr, style->font_size * 1.15, TRUE);
  /* Whole units, so that the image cells below stay on the pixel grid. */
  *top = ceil (*pad + belief_render_font_height (cr) + *pad * 0.5);
  cairo_restore (cr);
}

static void
render_chart (cairo_t                 *cr,
              double                   width,
              double                   height,
              const BeliefFigure      *fig,
              const BeliefRenderStyle *style)
{
  g_autofree BeliefChartSeries *series = g_new0 (BeliefChartSeries, MAX (1u, fig->series->len));
  BeliefChart chart = {
    .title = fig->title,
    .x_label = fig->x_label,
    .y_label = fig->y_label,
    .log_y = fig->log_y,
    .fixed_y = fig->fixed_y,
    .y_min = fig->y_min,
    .y_max = fig->y_max,
    .series = series,
    .n_series = (int) fig->series->len,
  };

  for (guint i = 0; i < fig->series->len; i++)
    {
      const BeliefFigureSeries *s = g_ptr_array_index (fig->series, i);

      series[i].name = s->name;
      series[i].color = belief_render_palette_color (i);
      series[i].x = (const double *) (gpointer) s->x->data;
      series[i].y = (const double *) (gpointer) s->y->data;
      series[i].n = (int) MIN (s->x->len, s->y->len);
      series[i].style = s->markers ? BELIEF_SERIES_LINE_MARKERS : BELIEF_SERIES_LINE;
    }
  belief_chart_render (cr, width, height, &chart, style);
}

static void
render_weights (cairo_t                 *cr,
                double                   width,
                double                   height,
                const BeliefFigure      *fig,
                int                      count,
                const BeliefRenderStyle *style)
{
  int n_pix = fig->rows * fig->cols;
  const float *px = (const float *) (gpointer) fig->pixels->data;
  g_autofree float *W = g_new (float, (gsize) n_pix * count);
  BeliefTiles tiles = {
    .W = W,
    .n_hid = count,
    .rows = fig->rows,
    .cols = fig->cols,
    .units = NULL,
    .n_units = count,
    .grid_cols = fig->grid_cols,
    .scale = 0.0f,
    .colorbar = BELIEF_COLORBAR_AUTO,
  };

  /* The tiles renderer reads images as columns of W (n_pix, count). */
  for (int i = 0; i < count; i++)
    for (int p = 0; p < n_pix; p++)
      W[(gsize) p * count + i] = px[(gsize) i * n_pix + p];
  belief_tiles_render (cr, width, height, &tiles, style);
}

static void
render_digits (cairo_t                 *cr,
               double                   width,
               double                   height,
               const BeliefFigure      *fig,
               int                      count,
               const BeliefRenderStyle *style)
{
  BeliefDigits digits = {
    .images = (const float *) (gpointer) fig->pixels->data,
    .count = count,
    .rows = fig->rows,
    .cols = fig->cols,
    .grid_cols = fig->grid_cols,
    .ink = BELIEF_INK_DARK_ON_LIGHT,
    .captions = figure_has_captions (fig, count)
                ? (const char * const *) fig->image_captions->pdata : NULL,
    .selected = -1,
  };
  BeliefRect r;

  /* Small views drop the captions before the images get tiny. */
  if (digits.captions != NULL
      && (!belief_digits_get_cell_rect (&digits, style, width, height, 0, &r)
          || r.height < 2.0 * style->font_size))
    digits.captions = NULL;
  belief_digits_render (cr, width, height, &digits, style);
}

static void
render_images (cairo_t                 *cr,
               double                   width,
               double                   height,
               const BeliefFigure      *fig,
               const BeliefRenderStyle *style)
{
  int count = figure_image_count (fig);
  double pad, top;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  belief_render_set_rgb (cr, &style->background);
  cairo_paint (cr);

  title_band (cr, fig, style, &pad, &top);
  if (top > 0.0)
    {
      belief_render_set_font (cr, style->font_size * 1.15, TRUE);
      belief_render_set_rgb (cr, &style->foreground);
      belief_render_show_text (cr, fig->title, width / 2.0, pad, 0.5, width - 2.0 * pad);
    }

  if (count == 0)
    {
      double fh;

      belief_render_set_font (cr, style->font_size, FALSE);
      fh = belief_render_font_height (cr);
      belief_render_set_rgb (cr, &style->muted);
      belief_render_show_text (cr, "No data yet", width / 2.0,
                               top + MAX (0.0, (height - top - fh) / 2.0),
                               0.5, width - 2.0 * pad);
    }
  else if (height - top >= 1.0)
    {
      cairo_translate (cr, 0.0, top);
      if (fig->images_style == BELIEF_IMAGES_WEIGHTS)
        render_weights (cr, width, height - top, fig, count, style);
      else
        render_digits (cr, width, height - top, fig, count, style);
    }
  cairo_restore (cr);
}

void
belief_figure_render (cairo_t                 *cr,
                      double                   width,
                      double                   height,
                      const BeliefFigure      *fig,
                      const BeliefRenderStyle *style)
{
  BeliefRenderStyle storage;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (fig != NULL);

  style = belief_render_style_or_default (style, &storage);
  if (fig->kind == BELIEF_FIGURE_CHART)
    render_chart (cr, width, height, fig, style);
  else
    render_images (cr, width, height, fig, style);
}

/* The space around an image grid that does not scale with the images, as
 * the digits and tiles renderers lay it out with style. */
static void
grid_margins (cairo_t                 *cr,
              const BeliefFigure      *fig,
              int                      count,
              const BeliefRenderStyle *style,
              int                      gc,
              int                      gr,
              double                  *extra_w,
              double                  *extra_h)
{
  double fs = style->font_size;

  belief_render_set_font (cr, fs, FALSE);
  if (fig->images_style == BELIEF_IMAGES_WEIGHTS)
    {
      /* belief-tiles-render.c: 1 unit gaps, the colour bar at the right. */
      double pad = round (fs * 0.5), bw = round (MAX (8.0, fs * 0.9));
      BeliefTiles tiles = { NULL };
      g_autofree float *W = NULL;
      int n_pix = fig->rows * fig->cols;
      const float *px = (const float *) (gpointer) fig->pixels->data;
      char lo[32], hi[32];
      float scale;

      W = g_new (float, (gsize) n_pix * count);
      for (int i = 0; i < count; i++)
        for (int p = 0; p < n_pix; p++)
          W[(gsize) p * count + i] = px[(gsize) i * n_pix + p];
      tiles = (BeliefTiles) { W, count, fig->rows, fig->cols, NULL, count, fig->grid_cols,
                              0.0f, BELIEF_COLORBAR_AUTO };
      scale = belief_tiles_get_scale (&tiles);
      g_snprintf (hi, sizeof hi, "+%.3g", scale);
      g_snprintf (lo, sizeof lo, "\xe2\x88\x92%.3g", scale);
      *extra_w = 3.0 * pad + bw + 4.0 + (gc - 1)
                 + MAX (belief_render_text_width (cr, hi), belief_render_text_width (cr, lo));
      *extra_h = 2.0 * pad + (gr - 1);
    }
  else
    {
      /* belief-digits-render.c: captions under each image. */
      gboolean captions = figure_has_captions (fig, count);
      double pad = MAX (4.0, round (fs * 0.5));
      double gap = MAX (6.0, captions ? round (fs * 0.75) : 0.0);
      double cap_h = captions ? belief_render_font_height (cr) + 3.0 : 0.0;

      *extra_w = 2.0 * pad + (gc - 1) * gap;
      *extra_h = 2.0 * pad + (gr - 1) * gap + gr * cap_h;
    }
}

void
belief_figure_natural_size (const BeliefFigure *fig,
                            int                *width,
                            int                *height)
{
  BeliefRenderStyle style;
  cairo_t *cr;
  double pad, top, title_w = 0.0, extra_w, extra_h, k, w, h;
  int count, gc, gr;

  g_return_if_fail (fig != NULL);
  g_return_if_fail (width != NULL && height != NULL);

  if (fig->kind == BELIEF_FIGURE_CHART)
    {
      *width = CHART_WIDTH;
      *height = CHART_HEIGHT;
      return;
    }

  belief_render_style_light (&style);
  cr = belief_render_measure_context ();
  title_band (cr, fig, &style, &pad, &top);
  if (top > 0.0)
    {
      belief_render_set_font (cr, style.font_size * 1.15, TRUE);
      title_w = belief_render_text_width (cr, fig->title) + 2.0 * pad;
    }

  count = figure_image_count (fig);
  if (count == 0)
    {
      cairo_destroy (cr);
      *width = (int) CLAMP (ceil (title_w), MIN_WIDTH, MAX_SIDE);
      *height = (int) ceil (top + 4.0 * style.font_size);
      return;
    }

  gc = figure_grid_cols (fig, count);
  gr = (count + gc - 1) / gc;
  grid_margins (cr, fig, count, &style, gc, gr, &extra_w, &extra_h);
  cairo_destroy (cr);

  /* Units per image pixel: 2 for 28 x 28, whole numbers while they fit. */
  k = MAX (1.0, round (IMAGE_SIDE / MAX (fig->rows, fig->cols)));
  k = MIN (k, (MAX_SIDE - extra_w) / (gc * fig->cols));
  k = MIN (k, (MAX_SIDE - top - extra_h) / (gr * fig->rows));
  k = MAX (k, 0.25);

  /* The renderers round the tile sizes down: room for whole tiles and
   * less than one unit more (a whole unit more would grow each tile of a
   * single row or column by one). */
  w = extra_w + gc * MAX (1.0, floor (k * fig->cols));
  h = top + extra_h + gr * MAX (1.0, floor (k * fig->rows));
  *width = (int) MIN (ceil (MAX (w, MAX (title_w, MIN_WIDTH)) - 1e-6), 4096.0);
  *height = (int) MIN (ceil (h - 1e-6), 4096.0);
}
