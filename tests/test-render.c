/* test-render.c: the cairo renderers, judged by their pixels.
 *
 * Each picture is drawn into an ARGB32 image surface at scale 1 and read
 * back: series colours where the data->pixel mapping says the line runs
 * and nowhere outside the plot area, red and blue tile centres for +1 and
 * -1 weights, white cells for white images, a legend box only with more
 * than one series.  The tick rules, the projection of deeper units (against
 * a triple loop here) and the atomic file writers are checked directly.
 * /render/showcase writes the pictures of every renderer to
 * $G_TEST_BUILDDIR/render-out for a human to look at.
 */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "belief-chart-layout.h"
#include "belief-chart-render.h"
#include "belief-dbn.h"
#include "belief-digits-render.h"
#include "belief-error.h"
#include "belief-render-file.h"
#include "belief-tiles-render.h"

/* ---------------------------------------------------------------------- */
/* Pixels                                                                  */

typedef struct
{
  const void              *data;
  const BeliefRenderStyle *style;
} Picture;

static void
draw_chart_cb (cairo_t *cr, double w, double h, gpointer user_data)
{
  Picture *p = user_data;

  belief_chart_render (cr, w, h, p->data, p->style);
}

static void
draw_tiles_cb (cairo_t *cr, double w, double h, gpointer user_data)
{
  Picture *p = user_data;

  belief_tiles_render (cr, w, h, p->data, p->style);
}

static void
draw_digits_cb (cairo_t *cr, double w, double h, gpointer user_data)
{
  Picture *p = user_data;

  belief_digits_render (cr, w, h, p->data, p->style);
}

static void
draw_bars_cb (cairo_t *cr, double w, double h, gpointer user_data)
{
  Picture *p = user_data;

  belief_prob_bars_render (cr, w, h, p->data, p->style);
}

static cairo_surface_t *
paint (int w, int h, BeliefDrawFunc draw, const void *data, const BeliefRenderStyle *style)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (s);
  Picture p = { data, style };

  draw (cr, w, h, &p);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

/* r, g, b in 0..255 of an opaque pixel */
static void
pixel (cairo_surface_t *s, int x, int y, int rgb[3])
{
  guint32 v;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (s));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (s));
  v = *(guint32 *) (gpointer) (cairo_image_surface_get_data (s)
                               + (gsize) y * cairo_image_surface_get_stride (s) + 4 * x);
  g_assert_cmpuint (v >> 24, ==, 255);
  rgb[0] = v >> 16 & 0xff, rgb[1] = v >> 8 & 0xff, rgb[2] = v & 0xff;
}

static gboolean
near (cairo_surface_t *s, int x, int y, const BeliefRgb *c, int tol)
{
  int rgb[3];

  pixel (s, x, y, rgb);
  return abs (rgb[0] - (int) lround (c->r * 255)) <= tol
      && abs (rgb[1] - (int) lround (c->g * 255)) <= tol
      && abs (rgb[2] - (int) lround (c->b * 255)) <= tol;
}

/* Pixels of colour c within tol in the rectangle (clipped to the image). */
static int
count_color (cairo_surface_t *s, const BeliefRect *r, const BeliefRgb *c, int tol)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int x0 = r ? MAX (0, (int) floor (r->x)) : 0, y0 = r ? MAX (0, (int) floor (r->y)) : 0;
  int x1 = r ? MIN (w, (int) ceil (r->x + r->width)) : w;
  int y1 = r ? MIN (h, (int) ceil (r->y + r->height)) : h;
  int n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      n += near (s, x, y, c, tol);
  return n;
}

static gboolean
near_around (cairo_surface_t *s, double px, double py, const BeliefRgb *c, int tol)
{
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      if (near (s, (int) floor (px) + dx, (int) floor (py) + dy, c, tol))
        return TRUE;
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Ticks                                                                   */

static void
assert_125 (double step)
{
  double m = step / pow (10.0, floor (log10 (step) + 1e-9));

  g_assert_true (fabs (m - 1) < 1e-9 || fabs (m - 2) < 1e-9 || fabs (m - 5) < 1e-9);
}

static void
test_ticks_linear (void)
{
  static const struct { double lo, hi; int target; } cases[] = {
    { 0, 1, 5 }, { 0, 0.037, 5 }, { 3, 17, 5 }, { -2.5, 7.1, 6 }, { 1e6, 3.3e6, 4 },
    { 0.012, 0.07, 8 }, { -1e-5, -2e-6, 3 }, { 0.5, 0.5, 5 }, { 0, 1, 2 }, { 0, 1, 20 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      BeliefTicks t;

      belief_chart_nice_ticks (cases[c].lo, cases[c].hi, cases[c].target, FALSE, TRUE, &t);
      assert_125 (t.step);
      g_assert_cmpfloat (t.lo, <=, cases[c].lo);
      g_assert_cmpfloat (t.hi, >=, cases[c].hi);
      g_assert_cmpfloat (t.hi, >, t.lo);
      g_assert_cmpint (t.n, >=, 2);
      g_assert_cmpint (t.n, <=, 3 * cases[c].target + 1);
      /* the widened range ends on ticks, one step apart */
      g_assert_cmpfloat (fabs (t.values[0] - t.lo), <, 1e-9 * t.step);
      g_assert_cmpfloat (fabs (t.values[t.n - 1] - t.hi), <, 1e-9 * t.step);
      /* and is tight: less than a step beyond the data on each side (an
       * empty range is first widened by 10%) */
      if (cases[c].hi > cases[c].lo)
        {
          g_assert_cmpfloat (cases[c].lo - t.lo, <, t.step);
          g_assert_cmpfloat (t.hi - cases[c].hi, <, t.step);
        }
      for (int i = 1; i < t.n; i++)
        g_assert_cmpfloat (fabs (t.values[i] - t.values[i - 1] - t.step), <, 1e-9 * t.step);
    }
}

static void
test_ticks_log (void)
{
  BeliefTicks t;
  gboolean has2 = FALSE, has5 = FALSE;

  belief_chart_nice_ticks (1e-4, 1.0, 6, TRUE, TRUE, &t);
  g_assert_cmpfloat (t.lo, <=, 1e-4 * (1 + 1e-12));
  g_assert_cmpfloat (t.hi, >=, 1.0);
  g_assert_cmpint (t.n, ==, 5);
  for (int i = 0; i < t.n; i++)
    g_assert_cmpfloat (fabs (log10 (t.values[i]) - (i - 4)), <, 1e-9);

  /* many decades: every step-th power of ten, step 1-2-5 */
  belief_chart_nice_ticks (3e-9, 2e3, 5, TRUE, TRUE, &t);
  g_assert_cmpfloat (t.step, >, 1.0);
  assert_125 (t.step);
  g_assert_cmpfloat (t.lo, <=, 3e-9);
  g_assert_cmpfloat (t.hi, >=, 2e3);
  g_assert_cmpint (t.n, <=, 8);
  for (int i = 1; i < t.n; i++)
    g_assert_cmpfloat (fabs (log10 (t.values[i] / t.values[i - 1]) - t.step), <, 1e-9);

  /* within one decade: 1, 2 and 5 times powers of ten */
  belief_chart_nice_ticks (0.02, 0.07, 6, TRUE, TRUE, &t);
  g_assert_cmpfloat (fabs (t.lo - 0.01), <, 1e-12);
  g_assert_cmpfloat (fabs (t.hi - 0.1), <, 1e-12);
  for (int i = 0; i < t.n; i++)
    {
      has2 |= fabs (t.values[i] - 0.02) < 1e-12;
      has5 |= fabs (t.values[i] - 0.05) < 1e-12;
    }
  g_assert_true (has2 && has5);

  /* non-positive bounds do not crash and still give ticks */
  belief_chart_nice_ticks (-1.0, 10.0, 5, TRUE, TRUE, &t);
  g_assert_cmpint (t.n, >=, 2);
  g_assert_cmpfloat (t.lo, >, 0.0);
}

static void
test_ticks_format (void)
{
  char buf[64];

  belief_chart_format_tick (buf, sizeof buf, 0.30000000000000004, 0.1, FALSE);
  g_assert_cmpstr (buf, ==, "0.3");
  belief_chart_format_tick (buf, sizeof buf, -1e-17, 0.1, FALSE);
  g_assert_cmpstr (buf, ==, "0.0");
  belief_chart_format_tick (buf, sizeof buf, 0.035, 0.005, FALSE);
  g_assert_cmpstr (buf, ==, "0.035");
  belief_chart_format_tick (buf, sizeof buf, 1200, 200, FALSE);
  g_assert_cmpstr (buf, ==, "1200");
  belief_chart_format_tick (buf, sizeof buf, 2e-5, 1e-5, FALSE);
  g_assert_cmpstr (buf, ==, "2e-5");
  belief_chart_format_tick (buf, sizeof buf, -1.5e-5, 5e-6, FALSE);
  g_assert_cmpstr (buf, ==, "-1.5e-5");
  belief_chart_format_tick (buf, sizeof buf, 0.0, 1e-5, FALSE);
  g_assert_cmpstr (buf, ==, "0");
  belief_chart_format_tick (buf, sizeof buf, 2.5e6, 5e5, FALSE);
  g_assert_cmpstr (buf, ==, "2.5M");
  belief_chart_format_tick (buf, sizeof buf, 2e6, 5e5, FALSE);
  g_assert_cmpstr (buf, ==, "2.0M");
  belief_chart_format_tick (buf, sizeof buf, 40000, 1e4, FALSE);
  g_assert_cmpstr (buf, ==, "40k");
  belief_chart_format_tick (buf, sizeof buf, 1e-3, 1, TRUE);
  g_assert_cmpstr (buf, ==, "0.001");
  belief_chart_format_tick (buf, sizeof buf, 1e-6, 1, TRUE);
  g_assert_cmpstr (buf, ==, "1e-6");
  belief_chart_format_tick (buf, sizeof buf, 5e-7, 1, TRUE);
  g_assert_cmpstr (buf, ==, "5e-7");
  belief_chart_format_tick (buf, sizeof buf, 100, 1, TRUE);
  g_assert_cmpstr (buf, ==, "100");
}

/* ---------------------------------------------------------------------- */
/* Charts                                                                  */

static void
test_chart_one_series (void)
{
  static const double x[] = { 0, 10 }, y[] = { 0, 10 };
  BeliefChartSeries ser = { "loss", belief_render_palette_color (0), x, y, 2, BELIEF_SERIES_LINE };
  BeliefChart chart = { "Title", "iteration", "loss", .series = &ser, .n_series = 1 };
  BeliefRect area, outer;
  cairo_surface_t *s = paint (400, 300, draw_chart_cb, &chart, NULL);
  int w = 400, h = 300, n_in = 0;

  g_assert_true (belief_chart_get_plot_area (&chart, NULL, w, h, &area));
  g_assert_cmpfloat (area.width, >, 200);
  g_assert_cmpfloat (area.height, >, 150);
  for (double t = 0.05; t < 1.0; t += 0.1)
    {
      double px, py;

      g_assert_true (belief_chart_data_to_pixel (&chart, NULL, w, h, 10 * t, 10 * t, &px, &py));
      g_assert_cmpfloat (px, >=, area.x);
      g_assert_cmpfloat (px, <=, area.x + area.width);
      g_assert_true (near_around (s, px, py, &ser.color, 40));
    }
  /* No series colour outside the plot area (plus the clip's pixel). */
  outer = (BeliefRect) { area.x - 1, area.y - 1, area.width + 3, area.height + 3 };
  n_in = count_color (s, &outer, &ser.color, 60);
  g_assert_cmpint (n_in, >, 200);
  g_assert_cmpint (count_color (s, NULL, &ser.color, 60), ==, n_in);
  /* one series: no legend */
  g_assert_false (belief_chart_get_legend_rect (&chart, NULL, w, h, &outer));
  cairo_surface_destroy (s);

  /* a fixed y range that cuts the line: it is clipped to the plot area */
  chart.fixed_y = TRUE, chart.y_min = 0.0, chart.y_max = 5.0;
  s = paint (400, 300, draw_chart_cb, &chart, NULL);
  g_assert_true (belief_chart_get_plot_area (&chart, NULL, w, h, &area));
  outer = (BeliefRect) { area.x - 1, area.y - 1, area.width + 3, area.height + 3 };
  n_in = count_color (s, &outer, &ser.color, 60);
  g_assert_cmpint (n_in, >, 100);
  g_assert_cmpint (count_color (s, NULL, &ser.color, 60), ==, n_in);
  cairo_surface_destroy (s);
}

static void
test_chart_legend (void)
{
  static const double x[] = { 0, 5, 10 }, y0[] = { 0.1, 0.5, 0.9 }, y1[] = { 0.2, 0.3, 0.4 },
                      y2[] = { 0.9, 0.6, 0.3 };
  BeliefChartSeries ser[3] = {
    { "layer 1", belief_render_palette_color (0), x, y0, 3, BELIEF_SERIES_LINE },
    { "layer 2", belief_render_palette_color (1), x, y1, 3, BELIEF_SERIES_LINE_MARKERS },
    { "top", belief_render_palette_color (2), x, y2, 3, BELIEF_SERIES_LINE },
  };
  /* A fixed range leaves the top half empty: the legend goes top right. */
  BeliefChart chart = { NULL, "x", "y", FALSE, TRUE, 0.0, 2.0, ser, 3, NULL };
  BeliefRgb dark = { 0.3, 0.3, 0.3 };
  BeliefRenderStyle style;
  BeliefRect legend, area;
  cairo_surface_t *s3, *s1;

  belief_render_style_light (&style);
  g_assert_true (belief_chart_get_legend_rect (&chart, &style, 500, 300, &legend));
  g_assert_true (belief_chart_get_plot_area (&chart, &style, 500, 300, &area));
  g_assert_cmpfloat (legend.x + legend.width, >, area.x + area.width / 2);   /* right */
  g_assert_cmpfloat (legend.y + legend.height, <, area.y + area.height / 2); /* top */

  s3 = paint (500, 300, draw_chart_cb, &chart, &style);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (count_color (s3, &legend, &ser[i].color, 40), >=, 10);
  g_assert_cmpint (count_color (s3, &legend, &dark, 80), >=, 20);   /* the names */

  chart.n_series = 1;
  g_assert_false (belief_chart_get_legend_rect (&chart, &style, 500, 300, NULL));
  s1 = paint (500, 300, draw_chart_cb, &chart, &style);
  g_assert_cmpint (count_color (s1, &legend, &dark, 80), ==, 0);
  g_assert_cmpint (count_color (s1, &legend, &ser[0].color, 60), ==, 0);
  cairo_surface_destroy (s1);
  cairo_surface_destroy (s3);
}

static void
test_chart_empty (void)
{
  static const double nan_xy[] = { NAN, NAN };
  BeliefChartSeries ser[2] = {
    { "a", belief_render_palette_color (0), NULL, NULL, 0, BELIEF_SERIES_LINE },
    { "b", belief_render_palette_color (1), nan_xy, nan_xy, 2, BELIEF_SERIES_LINE },
  };
  BeliefChart chart = { "Empty", "x", "y", .series = ser, .n_series = 2 };
  BeliefRenderStyle style;
  BeliefRect mid = { 100, 130, 200, 40 };
  cairo_surface_t *s;

  belief_render_style_dark (&style);
  s = paint (400, 300, draw_chart_cb, &chart, &style);
  g_assert_false (belief_chart_get_plot_area (&chart, &style, 400, 300, NULL));
  g_assert_false (belief_chart_hit_test (&chart, &style, 400, 300, 200, 150, 1e9, NULL));
  g_assert_cmpint (count_color (s, &mid, &style.muted, 30), >, 10);  /* "No data yet" */
  g_assert_cmpint (count_color (s, NULL, &ser[0].color, 60), ==, 0);
  g_assert_cmpint (count_color (s, NULL, &ser[1].color, 60), ==, 0);
  cairo_surface_destroy (s);

  /* no series at all, and a size with no room */
  chart.n_series = 0;
  s = paint (30, 20, draw_chart_cb, &chart, &style);
  cairo_surface_destroy (s);
}

static void
test_chart_log_and_gaps (void)
{
  static const double x[] = { 0, 1, 2, 3, 4, 5, 6 };
  static const double y[] = { 1e-3, 0.0, -1.0, NAN, 1e-1, 1.0, 1.0 };
  BeliefChartSeries ser = { "s", belief_render_palette_color (3), x, y, 7, BELIEF_SERIES_LINE };
  BeliefChart chart = { "log", "x", "y", TRUE, .series = &ser, .n_series = 1 };
  BeliefChartLayout L;
  BeliefChartHit hit;
  double px, py, qx, qy;
  cairo_surface_t *s = paint (400, 300, draw_chart_cb, &chart, NULL);

  belief_chart_layout (&L, NULL, &chart, NULL, 400, 300);
  g_assert_true (L.has_plot);
  for (int i = 0; i < L.yt.n; i++)
    g_assert_cmpfloat (L.yt.values[i], >, 0.0);
  g_assert_false (belief_chart_data_to_pixel (&chart, NULL, 400, 300, 1, 0.0, NULL, NULL));
  g_assert_false (belief_chart_data_to_pixel (&chart, NULL, 400, 300, 2, -1.0, NULL, NULL));
  g_assert_true (belief_chart_data_to_pixel (&chart, NULL, 400, 300, 0, 1e-3, &px, &py));
  g_assert_cmpfloat (fabs (py - (L.plot.y + L.plot.height)), <, 1.0);   /* the bottom decade */
  /* the line between x=4 and x=5 is drawn ... */
  g_assert_true (belief_chart_data_to_pixel (&chart, NULL, 400, 300, 4.5, sqrt (0.1), &px, &py));
  g_assert_true (near_around (s, px, py, &ser.color, 40));
  /* ... and there is a gap where the points were skipped (x 0..4) */
  g_assert_true (belief_chart_data_to_pixel (&chart, NULL, 400, 300, 2, 1e-2, &px, &py));
  for (int dy = -30; dy <= 30; dy++)
    g_assert_false (near (s, (int) px, (int) py + dy, &ser.color, 60));
  /* the hit test skips them too */
  g_assert_true (belief_chart_data_to_pixel (&chart, NULL, 400, 300, 0, 1e-3, &qx, &qy));
  g_assert_true (belief_chart_hit_test (&chart, NULL, 400, 300, qx + 40, qy, 100, &hit));
  g_assert_cmpint (hit.index, ==, 0);
  cairo_surface_destroy (s);
}

static void
test_chart_hit_test (void)
{
  static const double x[] = { 0, 1, 2 }, ya[] = { 1, 3, 2 }, yb[] = { 2, 2.9, 1 };
  BeliefChartSeries ser[2] = {
    { "a", belief_render_palette_color (0), x, ya, 3, BELIEF_SERIES_LINE_MARKERS },
    { "b", belief_render_palette_color (1), x, yb, 3, BELIEF_SERIES_LINE },
  };
  BeliefChart chart = { NULL, NULL, NULL, .series = ser, .n_series = 2 };
  BeliefChartHit hit;
  double px, py, qx, qy;

  g_assert_true (belief_chart_data_to_pixel (&chart, NULL, 300, 200, 1, 3, &px, &py));
  g_assert_true (belief_chart_data_to_pixel (&chart, NULL, 300, 200, 1, 2.9, &qx, &qy));
  g_assert_cmpfloat (qy - py, >, 4.0);

  /* nearer to (1, 3) of series a */
  g_assert_true (belief_chart_hit_test (&chart, NULL, 300, 200, px + 2, py - 1, 8, &hit));
  g_assert_cmpint (hit.series, ==, 0);
  g_assert_cmpint (hit.index, ==, 1);
  g_assert_cmpfloat (hit.y, ==, 3.0);
  g_assert_cmpfloat (fabs (hit.px - px), <, 1e-9);
  /* nearer to (1, 2.9) of series b */
  g_assert_true (belief_chart_hit_test (&chart, NULL, 300, 200, qx, qy + 1, 8, &hit));
  g_assert_cmpint (hit.series, ==, 1);
  g_assert_cmpint (hit.index, ==, 1);
  /* nothing within the radius */
  g_assert_false (belief_chart_hit_test (&chart, NULL, 300, 200, px + 30, py, 8, &hit));
}

/* ---------------------------------------------------------------------- */
/* Tiles                                                                   */

static void
test_tiles_colors (void)
{
  enum { R = 4, C = 4, H = 3 };
  float W[R * C * H];
  static const int units[] = { 2, 0 };
  BeliefTiles tiles = { W, H, R, C, NULL, 3, 0, 0.0f, BELIEF_COLORBAR_RIGHT };
  BeliefRgb red, blue, white = { 1, 1, 1 };
  BeliefRenderStyle dark;
  BeliefRect r[3];
  cairo_surface_t *s;

  for (int p = 0; p < R * C; p++)
    W[p * H + 0] = 1.0f, W[p * H + 1] = -1.0f, W[p * H + 2] = 0.0f;
  belief_render_diverging (1.0, &red);
  belief_render_diverging (-1.0, &blue);
  g_assert_cmpfloat (red.r, >, 0.6);
  g_assert_cmpfloat (red.b, <, 0.3);
  g_assert_cmpfloat (blue.b, >, 0.6);
  g_assert_cmpfloat (blue.r, <, 0.3);
  g_assert_cmpfloat (belief_tiles_get_scale (&tiles), ==, 1.0f);

  belief_render_style_dark (&dark);
  s = paint (300, 200, draw_tiles_cb, &tiles, &dark);
  for (int k = 0; k < 3; k++)
    g_assert_true (belief_tiles_get_tile_rect (&tiles, &dark, 300, 200, k, &r[k]));
  g_assert_true (near (s, r[0].x + r[0].width / 2, r[0].y + r[0].height / 2, &red, 2));
  g_assert_true (near (s, r[1].x + r[1].width / 2, r[1].y + r[1].height / 2, &blue, 2));
  g_assert_true (near (s, r[2].x + r[2].width / 2, r[2].y + r[2].height / 2, &white, 2));
  /* whole tiles are flat, and the 1-unit gap between them is background */
  g_assert_cmpint (count_color (s, &r[0], &red, 2), ==, (int) (r[0].width * r[0].height));
  g_assert_cmpfloat (r[1].x - (r[0].x + r[0].width), ==, 1.0);
  g_assert_true (near (s, r[0].x + r[0].width, r[0].y + 2, &dark.background, 2));
  /* the colour bar on the right has both ends */
  {
    BeliefRect right = { r[2].x + r[2].width + 1, 0, 300 - r[2].x - r[2].width - 1, 200 };

    g_assert_cmpint (count_color (s, &right, &red, 12), >, 10);
    g_assert_cmpint (count_color (s, &right, &blue, 12), >, 10);
  }
  /* hit test: centres, gap, outside */
  g_assert_cmpint (belief_tiles_hit_test (&tiles, &dark, 300, 200, r[1].x + 1, r[1].y + 1), ==, 1);
  g_assert_cmpint (belief_tiles_hit_test (&tiles, &dark, 300, 200, r[0].x + r[0].width + 0.5, r[0].y + 1), ==, -1);
  g_assert_cmpint (belief_tiles_hit_test (&tiles, &dark, 300, 200, 1, 1), ==, -1);
  cairo_surface_destroy (s);

  /* a list of units picks and orders the columns */
  tiles.units = units;
  tiles.n_units = 2;
  tiles.colorbar = BELIEF_COLORBAR_NONE;
  s = paint (300, 200, draw_tiles_cb, &tiles, NULL);
  g_assert_true (belief_tiles_get_tile_rect (&tiles, NULL, 300, 200, 0, &r[0]));
  g_assert_true (belief_tiles_get_tile_rect (&tiles, NULL, 300, 200, 1, &r[1]));
  g_assert_true (near (s, r[0].x + r[0].width / 2, r[0].y + r[0].height / 2, &white, 2));
  g_assert_true (near (s, r[1].x + r[1].width / 2, r[1].y + r[1].height / 2, &red, 2));
  cairo_surface_destroy (s);
}

static void
test_tiles_nearest (void)
{
  static const float W[] = { 0.5f, -0.5f, -0.5f, 0.5f };   /* 2x2 checkerboard */
  BeliefTiles tiles = { W, 1, 2, 2, NULL, 1, 0, 0.0f, BELIEF_COLORBAR_BOTTOM };
  BeliefRgb red, blue;
  BeliefRect r;
  cairo_surface_t *s = paint (200, 200, draw_tiles_cb, &tiles, NULL);

  belief_render_diverging (1.0, &red);
  belief_render_diverging (-1.0, &blue);
  g_assert_true (belief_tiles_get_tile_rect (&tiles, NULL, 200, 200, 0, &r));
  g_assert_cmpfloat (r.width, >=, 100);
  /* crisp: every pixel of the tile is pure red or pure blue */
  g_assert_cmpint (count_color (s, &r, &red, 2) + count_color (s, &r, &blue, 2), ==,
                   (int) (r.width * r.height));
  g_assert_true (near (s, r.x + r.width / 4, r.y + r.height / 4, &red, 2));
  g_assert_true (near (s, r.x + 3 * r.width / 4, r.y + r.height / 4, &blue, 2));
  cairo_surface_destroy (s);
}

static void
test_tiles_project (void)
{
  const int sizes[] = { 6, 4, 3 };
  g_autoptr(BeliefDbn) dbn = belief_dbn_new (sizes, 2, 2, 2, 3);   /* 2 labels on top */
  g_autofree float *P1 = NULL, *P2 = NULL;
  BeliefRng rng;

  belief_rng_init (&rng, 7);
  belief_dbn_init (dbn, &rng, 1.0f);
  g_assert_cmpint (dbn->rbms[1]->n_vis, ==, 6);

  P1 = belief_tiles_project (dbn, 1);
  g_assert_cmpmem (P1, 6 * 4 * sizeof (float), dbn->rbms[0]->W, 6 * 4 * sizeof (float));

  P2 = belief_tiles_project (dbn, 2);
  for (int p = 0; p < 6; p++)
    for (int j = 0; j < 3; j++)
      {
        double ref = 0.0;

        for (int u = 0; u < 4; u++)
          ref += (double) dbn->rbms[0]->W[p * 4 + u] * dbn->rbms[1]->W[u * 3 + j];
        g_assert_cmpfloat_with_epsilon (P2[p * 3 + j], ref, 1e-5);
      }
}

/* ---------------------------------------------------------------------- */
/* Digits and bars                                                         */

static void
test_digits_grid (void)
{
  enum { R = 4, C = 4 };
  float images[3 * R * C];
  static const char *const captions[] = { "0", "1 (97%)", NULL };
  BeliefDigits digits = { images, 3, R, C, 3, BELIEF_INK_LIGHT_ON_DARK, captions, 2 };
  BeliefRgb white = { 1, 1, 1 }, black = { 0, 0, 0 };
  BeliefRenderStyle style;
  BeliefRect r[3];
  cairo_surface_t *s;

  for (int i = 0; i < R * C; i++)
    images[i] = 0.0f, images[R * C + i] = 1.0f, images[2 * R * C + i] = 0.5f;
  belief_render_style_light (&style);
  s = paint (300, 140, draw_digits_cb, &digits, &style);
  for (int k = 0; k < 3; k++)
    g_assert_true (belief_digits_get_cell_rect (&digits, &style, 300, 140, k, &r[k]));
  g_assert_cmpint (count_color (s, &r[1], &white, 0), ==, (int) (r[1].width * r[1].height));
  g_assert_cmpint (count_color (s, &r[0], &black, 0), ==, (int) (r[0].width * r[0].height));
  /* the selected cell has an accent border */
  g_assert_true (near (s, r[2].x - 2, r[2].y + r[2].height / 2, &style.accent, 30));
  g_assert_false (near (s, r[1].x - 2, r[1].y + r[1].height / 2, &style.accent, 30));
  g_assert_cmpint (belief_digits_hit_test (&digits, &style, 300, 140,
                                           r[1].x + r[1].width / 2, r[1].y + 2), ==, 1);
  g_assert_cmpint (belief_digits_hit_test (&digits, &style, 300, 140, 0, 0), ==, -1);
  cairo_surface_destroy (s);

  /* paper ink: 0 is white */
  digits.ink = BELIEF_INK_DARK_ON_LIGHT;
  digits.captions = NULL;
  s = paint (300, 140, draw_digits_cb, &digits, &style);
  g_assert_true (belief_digits_get_cell_rect (&digits, &style, 300, 140, 0, &r[0]));
  g_assert_true (belief_digits_get_cell_rect (&digits, &style, 300, 140, 1, &r[1]));
  g_assert_cmpint (count_color (s, &r[0], &white, 0), ==, (int) (r[0].width * r[0].height));
  g_assert_cmpint (count_color (s, &r[1], &black, 0), ==, (int) (r[1].width * r[1].height));
  cairo_surface_destroy (s);
}

static void
test_prob_bars (void)
{
  static const float probs[10] = { 0.01f, 0.02f, 0.03f, 0.7f, 0.05f, 0.04f, 0.05f, 0.03f, 0.04f, 0.03f };
  BeliefProbBars bars = { probs, 10, NULL, -1, NULL };
  BeliefRenderStyle style;
  cairo_surface_t *s;
  int n_accent[10] = { 0 };

  belief_render_style_light (&style);
  s = paint (300, 200, draw_bars_cb, &bars, &style);
  for (int i = 0; i < 10; i++)
    {
      int cx = (int) (round (12 * 0.75) + (i + 0.5) * (300 - 2 * round (12 * 0.75)) / 10);

      for (int y = 0; y < 200; y++)
        n_accent[i] += near (s, cx, y, &style.accent, 20);
    }
  g_assert_cmpint (n_accent[3], >, 60);             /* the argmax bar */
  for (int i = 0; i < 10; i++)
    if (i != 3)
      g_assert_cmpint (n_accent[i], ==, 0);
  cairo_surface_destroy (s);
}

/* ---------------------------------------------------------------------- */
/* Files                                                                   */

static void
test_files (void)
{
  static const double x[] = { 0, 1 }, y[] = { 0.5, 0.25 }, xb[] = { 2 }, yb[] = { NAN };
  BeliefChartSeries ser[2] = {
    { "loss, layer 1", belief_render_palette_color (0), x, y, 2, BELIEF_SERIES_LINE },
    { "b", belief_render_palette_color (1), xb, yb, 1, BELIEF_SERIES_LINE },
  };
  BeliefChart chart = { "t", "x", "y", .series = ser, .n_series = 2 };
  Picture pic = { &chart, NULL };
  g_autofree char *dir = g_dir_make_tmp ("belief-render-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "a.PNG", NULL);
  g_autofree char *svg = g_build_filename (dir, "b.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "c.pdf", NULL);
  g_autofree char *txt = g_build_filename (dir, "d.txt", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "e.csv", NULL);
  g_autofree char *csv = NULL, *contents = NULL, *nan_line = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *img;
  const char *name;
  GDir *d;
  int n_files = 0;

  g_assert_nonnull (dir);
  g_assert_true (belief_render_write_file (png, 120, 80, 2, draw_chart_cb, &pic, &error));
  g_assert_no_error (error);
  img = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 240);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 160);
  cairo_surface_destroy (img);

  g_assert_true (belief_render_write_file (svg, 120, 80, 1, draw_chart_cb, &pic, &error));
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_clear_pointer (&contents, g_free);
  g_assert_true (belief_render_write_file (pdf, 120, 80, 1, draw_chart_cb, &pic, &error));
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  g_clear_pointer (&contents, g_free);

  g_assert_false (belief_render_write_file (txt, 120, 80, 1, draw_chart_cb, &pic, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (belief_render_write_file ("/nonexistent-belief-dir/x.png", 120, 80, 1,
                                            draw_chart_cb, &pic, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "x.png"));
  g_clear_error (&error);

  csv = belief_chart_to_csv (&chart);
  g_assert_true (g_str_has_prefix (csv, "series,x,y\n\"loss, layer 1\",0,0.5\n\"loss, layer 1\",1,0.25\nb,2,"));
  nan_line = g_strdup (strstr (csv, "b,2,") + 4);
  g_assert_true (isnan (g_ascii_strtod (nan_line, NULL)));
  g_assert_true (belief_chart_write_csv (csv_path, &chart, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, csv);

  /* exactly the four files: no temporary left behind */
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_true (g_str_equal (name, "a.PNG") || g_str_equal (name, "b.svg")
                     || g_str_equal (name, "c.pdf") || g_str_equal (name, "e.csv"));
      n_files++;
      g_unlink (path);
    }
  g_dir_close (d);
  g_assert_cmpint (n_files, ==, 4);
  g_rmdir (dir);
}

/* ---------------------------------------------------------------------- */
/* Pictures for a human                                                    */

/* A digit drawn in Sans, slightly slanted, as a rows x cols float image. */
static void
synth_digit (float *out, int rows, int cols, int digit, double slant)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_A8, cols, rows);
  cairo_t *cr = cairo_create (s);
  cairo_matrix_t m;
  char text[2] = { (char) ('0' + digit), 0 };
  cairo_text_extents_t ext;
  guint8 *data;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, rows * 0.8);
  cairo_text_extents (cr, text, &ext);
  cairo_matrix_init (&m, 1, 0, -slant, 1, slant * rows / 2, 0);
  cairo_transform (cr, &m);
  cairo_move_to (cr, (cols - ext.width) / 2 - ext.x_bearing, (rows - ext.height) / 2 - ext.y_bearing);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  data = cairo_image_surface_get_data (s);
  for (int y = 0; y < rows; y++)
    for (int x = 0; x < cols; x++)
      out[y * cols + x] = data[y * cairo_image_surface_get_stride (s) + x] / 255.0f;
  cairo_surface_destroy (s);
}

static void
write_png (const char *dir, const char *name, int w, int h, BeliefDrawFunc draw, const void *data,
           const BeliefRenderStyle *style)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  Picture p = { data, style };

  g_assert_true (belief_render_write_file (path, w, h, 1, draw, &p, &error));
  g_assert_no_error (error);
  g_test_message ("wrote %s", path);
}

static void
test_showcase (void)
{
  enum { N = 3000, NE = 10 };
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "render-out", NULL);
  g_autofree double *x = g_new (double, N), *y = g_new (double, 3 * N);
  g_autofree float *W = g_new (float, 784 * 100), *imgs = g_new (float, 20 * 784);
  double ex[NE], ey[NE];
  static const char *const names[] = { "layer 1 (784-500)", "layer 2 (500-500)", "top (510-2000)" };
  char caps[20][32];
  const char *capp[20];
  BeliefChartSeries ser[4];
  BeliefChart chart = { "Reconstruction loss", "iteration", "loss (MSE)", .series = ser, .n_series = 3 };
  BeliefRenderStyle light, dark;
  BeliefTiles tiles = { W, 100, 28, 28, NULL, 100, 10, 0.0f, BELIEF_COLORBAR_AUTO };
  BeliefDigits digits = { imgs, 20, 28, 28, 5, BELIEF_INK_LIGHT_ON_DARK, capp, 7 };
  static const float probs[10] = { 0.004f, 0.01f, 0.02f, 0.87f, 0.001f, 0.05f, 0.0f, 0.02f, 0.02f, 0.005f };
  BeliefProbBars bars = { probs, 10, NULL, -1, "Label probabilities" };
  BeliefRng rng;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  belief_render_style_light (&light);
  belief_render_style_dark (&dark);
  belief_rng_init (&rng, 42);

  for (int i = 0; i < N; i++)
    {
      x[i] = i;
      for (int s = 0; s < 3; s++)
        y[s * N + i] = (0.02 + 0.05 * (s + 1) * exp (-i / (300.0 * (s + 1))))
                       * (1 + 0.08 * belief_rng_normal (&rng));
    }
  y[1 * N + 1500] = NAN;
  for (int s = 0; s < 3; s++)
    ser[s] = (BeliefChartSeries) { names[s], belief_render_palette_color (s), x, y + s * N, N,
                                   BELIEF_SERIES_LINE };
  write_png (dir, "chart-light.png", 640, 400, draw_chart_cb, &chart, &light);
  write_png (dir, "chart-dark.png", 640, 400, draw_chart_cb, &chart, &dark);
  write_png (dir, "chart-small.png", 260, 160, draw_chart_cb, &chart, &light);
  chart.log_y = TRUE;
  chart.title = "Reconstruction loss (log scale)";
  write_png (dir, "chart-log.png", 640, 400, draw_chart_cb, &chart, &light);

  for (int e = 0; e < NE; e++)
    ex[e] = e + 1, ey[e] = 80 + 17 * (1 - exp (-e / 2.5));
  ser[0] = (BeliefChartSeries) { "test accuracy", belief_render_palette_color (0), ex, ey, NE,
                                 BELIEF_SERIES_LINE_MARKERS };
  chart = (BeliefChart) { "Accuracy", "epoch", "accuracy (%)", FALSE, FALSE, 0, 0, ser, 1, NULL };
  write_png (dir, "chart-markers.png", 480, 300, draw_chart_cb, &chart, &dark);
  ser[0].n = 0;
  write_png (dir, "chart-empty.png", 480, 300, draw_chart_cb, &chart, &light);

  belief_rng_fill_normal (&rng, W, 784 * 100, 0.01f);
  write_png (dir, "tiles.png", 640, 560, draw_tiles_cb, &tiles, &light);
  tiles.colorbar = BELIEF_COLORBAR_BOTTOM;
  tiles.n_units = 24;
  tiles.grid_cols = 8;
  write_png (dir, "tiles-bottom.png", 480, 260, draw_tiles_cb, &tiles, &dark);

  for (int k = 0; k < 20; k++)
    {
      synth_digit (imgs + k * 784, 28, 28, k % 10, 0.25 * (belief_rng_uniform (&rng) - 0.5));
      g_snprintf (caps[k], sizeof caps[k], "%d (%d%%)", k % 10, 70 + (k * 7) % 30);
      capp[k] = caps[k];
    }
  write_png (dir, "digits.png", 520, 480, draw_digits_cb, &digits, &light);
  digits.ink = BELIEF_INK_DARK_ON_LIGHT;
  digits.captions = NULL;
  digits.selected = -1;
  digits.grid_cols = 10;
  write_png (dir, "digits-paper.png", 520, 140, draw_digits_cb, &digits, &dark);
  write_png (dir, "bars.png", 400, 240, draw_bars_cb, &bars, &light);
  write_png (dir, "bars-narrow.png", 180, 120, draw_bars_cb, &bars, &dark);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/ticks/linear", test_ticks_linear);
  g_test_add_func ("/render/ticks/log", test_ticks_log);
  g_test_add_func ("/render/ticks/format", test_ticks_format);
  g_test_add_func ("/render/chart/one-series", test_chart_one_series);
  g_test_add_func ("/render/chart/legend", test_chart_legend);
  g_test_add_func ("/render/chart/empty", test_chart_empty);
  g_test_add_func ("/render/chart/log-and-gaps", test_chart_log_and_gaps);
  g_test_add_func ("/render/chart/hit-test", test_chart_hit_test);
  g_test_add_func ("/render/tiles/colors", test_tiles_colors);
  g_test_add_func ("/render/tiles/nearest", test_tiles_nearest);
  g_test_add_func ("/render/tiles/project", test_tiles_project);
  g_test_add_func ("/render/digits/grid", test_digits_grid);
  g_test_add_func ("/render/digits/prob-bars", test_prob_bars);
  g_test_add_func ("/render/files", test_files);
  g_test_add_func ("/render/showcase", test_showcase);

  return g_test_run ();
}
