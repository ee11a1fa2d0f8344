/* belief-tiles-render.c: weight tiles from one ARGB32 mosaic surface.
 *
 * The mosaic holds every tile at its native size (grid_cols*cols by
 * grid_rows*rows pixels); each tile is painted from it through a nearest-
 * neighbour pattern onto integer-sized, integer-placed rectangles, so the
 * pixels stay crisp at any zoom.
 */
#include <math.h>
#include <string.h>

#include "belief-blas.h"
#include "belief-tiles-render.h"

typedef struct
{
  int            gc, gr;        /* grid columns and rows */
  double         tw, th;        /* tile size */
  double         x0, y0;        /* mosaic origin */
  double         fh, gap;
  BeliefColorbar bar;           /* resolved: RIGHT, BOTTOM or NONE */
  BeliefRect     bar_rect;
  float          scale;
  char           lo_text[32], hi_text[32];
  gboolean       ok;
} TilesLayout;

static inline int
unit_of (const BeliefTiles *t,
         int                k)
{
  return t->units != NULL ? t->units[k] : k;
}

float
belief_tiles_get_scale (const BeliefTiles *tiles)
{
  int n_pix;
  float m = 0.0f;

  g_return_val_if_fail (tiles != NULL, 1.0f);

  if (tiles->scale > 0.0f)
    return tiles->scale;
  n_pix = tiles->rows * tiles->cols;
  for (int k = 0; k < tiles->n_units; k++)
    {
      int j = unit_of (tiles, k);

      for (int p = 0; p < n_pix; p++)
        {
          float a = fabsf (tiles->W[(gsize) p * tiles->n_hid + j]);

          if (a > m && isfinite (a))
            m = a;
        }
    }
  return m > 0.0f ? m : 1.0f;
}

/* Side of the tile size for a mosaic within aw x ah. */
static double
tile_zoom (const BeliefTiles *t,
           const TilesLayout *L,
           double             aw,
           double             ah)
{
  return MIN ((aw - (L->gc - 1) * L->gap) / (L->gc * t->cols),
              (ah - (L->gr - 1) * L->gap) / (L->gr * t->rows));
}

static void
tiles_layout (const BeliefTiles       *t,
              const BeliefRenderStyle *style,
              double                   width,
              double                   height,
              TilesLayout             *L)
{
  double fs = style->font_size, pad = round (fs * 0.5), bw = round (MAX (8.0, fs * 0.9));
  double lw, k_right, k_bottom, k, mw, mh;
  cairo_t *cr;

  memset (L, 0, sizeof *L);
  if (t->n_units <= 0 || t->rows <= 0 || t->cols <= 0)
    return;

  L->gap = 1.0;
  L->gc = t->grid_cols > 0 ? MIN (t->grid_cols, t->n_units)
                           : (int) ceil (sqrt ((double) t->n_units));
  L->gr = (t->n_units + L->gc - 1) / L->gc;
  L->scale = belief_tiles_get_scale (t);
  g_snprintf (L->hi_text, sizeof L->hi_text, "+%.3g", L->scale);
  g_snprintf (L->lo_text, sizeof L->lo_text, "\xe2\x88\x92%.3g", L->scale); /* U+2212 minus */

  cr = belief_render_measure_context ();
  belief_render_set_font (cr, fs, FALSE);
  L->fh = belief_render_font_height (cr);
  lw = MAX (belief_render_text_width (cr, L->hi_text), belief_render_text_width (cr, L->lo_text));
  cairo_destroy (cr);

  k_right = tile_zoom (t, L, width - 3.0 * pad - bw - 4.0 - lw, height - 2.0 * pad);
  k_bottom = tile_zoom (t, L, width - 2.0 * pad, height - 3.0 * pad - bw - 2.0 - L->fh);
  L->bar = t->colorbar;
  if (L->bar == BELIEF_COLORBAR_AUTO)
    L->bar = k_right >= k_bottom ? BELIEF_COLORBAR_RIGHT : BELIEF_COLORBAR_BOTTOM;
  k = L->bar == BELIEF_COLORBAR_RIGHT ? k_right
    : L->bar == BELIEF_COLORBAR_BOTTOM ? k_bottom
    : tile_zoom (t, L, width - 2.0 * pad, height - 2.0 * pad);

  L->tw = floor (k * t->cols);
  L->th = floor (k * t->rows);
  if (L->tw < 1.0 || L->th < 1.0)
    return;
  mw = L->gc * L->tw + (L->gc - 1) * L->gap;
  mh = L->gr * L->th + (L->gr - 1) * L->gap;

  switch (L->bar)
    {
    case BELIEF_COLORBAR_RIGHT:
      L->x0 = round ((width - (mw + pad + bw + 4.0 + lw)) / 2.0);
      L->y0 = round ((height - mh) / 2.0);
      L->bar_rect = (BeliefRect) { L->x0 + mw + pad, L->y0, bw, mh };
      break;
    case BELIEF_COLORBAR_BOTTOM:
      L->x0 = round ((width - mw) / 2.0);
      L->y0 = round ((height - (mh + pad + bw + 2.0 + L->fh)) / 2.0);
      L->bar_rect = (BeliefRect) { L->x0, L->y0 + mh + pad, mw, bw };
      break;
    case BELIEF_COLORBAR_AUTO:
    case BELIEF_COLORBAR_NONE:
    default:
      L->bar = BELIEF_COLORBAR_NONE;
      L->x0 = round ((width - mw) / 2.0);
      L->y0 = round ((height - mh) / 2.0);
      break;
    }
  L->ok = TRUE;
}

static void
tile_rect (const TilesLayout *L,
           int                k,
           BeliefRect        *r)
{
  r->x = L->x0 + (k % L->gc) * (L->tw + L->gap);
  r->y = L->y0 + (k / L->gc) * (L->th + L->gap);
  r->width = L->tw;
  r->height = L->th;
}

static cairo_surface_t *
build_mosaic (const BeliefTiles *t,
              const TilesLayout *L)
{
  cairo_surface_t *surface;
  guint8 *data;
  int stride, n_pix = t->rows * t->cols;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, L->gc * t->cols, L->gr * t->rows);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  for (int k = 0; k < t->n_units; k++)
    {
      int j = unit_of (t, k);
      int ox = (k % L->gc) * t->cols, oy = (k / L->gc) * t->rows;

      for (int p = 0; p < n_pix; p++)
        {
          BeliefRgb c;
          guint32 *px = (guint32 *) (gpointer) (data + (gsize) (oy + p / t->cols) * stride) + ox + p % t->cols;

          belief_render_diverging (t->W[(gsize) p * t->n_hid + j] / L->scale, &c);
          *px = 0xff000000u | (guint32) lround (c.r * 255.0) << 16
                | (guint32) lround (c.g * 255.0) << 8 | (guint32) lround (c.b * 255.0);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
draw_colorbar (cairo_t                 *cr,
               const TilesLayout       *L,
               const BeliefRenderStyle *style)
{
  const BeliefRect *b = &L->bar_rect;
  gboolean right = L->bar == BELIEF_COLORBAR_RIGHT;
  cairo_pattern_t *grad;
  BeliefRgb c;

  /* The map is piecewise linear in RGB, so three stops reproduce it. */
  grad = right ? cairo_pattern_create_linear (0, b->y + b->height, 0, b->y)
               : cairo_pattern_create_linear (b->x, 0, b->x + b->width, 0);
  for (int i = 0; i <= 2; i++)
    {
      belief_render_diverging (i - 1.0, &c);
      cairo_pattern_add_color_stop_rgb (grad, i / 2.0, c.r, c.g, c.b);
    }
  cairo_rectangle (cr, b->x, b->y, b->width, b->height);
  cairo_set_source (cr, grad);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (grad);
  cairo_set_line_width (cr, 1.0);
  belief_render_set_rgb (cr, &style->axis);
  cairo_stroke (cr);

  belief_render_set_rgb (cr, &style->foreground);
  if (right)
    {
      double x = b->x + b->width + 4.0;

      belief_render_show_text (cr, L->hi_text, x, b->y, 0.0, -1.0);
      belief_render_show_text (cr, L->lo_text, x, b->y + b->height - L->fh, 0.0, -1.0);
      if (b->height >= 3.5 * L->fh)
        belief_render_show_text (cr, "0", x, b->y + (b->height - L->fh) / 2.0, 0.0, -1.0);
    }
  else
    {
      double y = b->y + b->height + 2.0;
      double wl = belief_render_show_text (cr, L->lo_text, b->x, y, 0.0, -1.0);
      double wh = belief_render_text_width (cr, L->hi_text);

      if (wl + wh + 4.0 <= b->width)
        belief_render_show_text (cr, L->hi_text, b->x + b->width, y, 1.0, -1.0);
      if (wl + wh + 3.0 * belief_render_text_width (cr, "0") <= b->width - 8.0)
        belief_render_show_text (cr, "0", b->x + b->width / 2.0, y, 0.5, -1.0);
    }
}

void
belief_tiles_render (cairo_t                 *cr,
                     double                   width,
                     double                   height,
                     const BeliefTiles       *tiles,
                     const BeliefRenderStyle *style)
{
  BeliefRenderStyle storage;
  cairo_surface_t *mosaic;
  TilesLayout L;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (tiles != NULL);
  g_return_if_fail (tiles->n_units == 0 || tiles->W != NULL);

  style = belief_render_style_or_default (style, &storage);
  tiles_layout (tiles, style, width, height, &L);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  belief_render_set_rgb (cr, &style->background);
  cairo_paint (cr);
  if (!L.ok)
    {
      cairo_restore (cr);
      return;
    }

  /* The gaps: a mid grey on a light background (the tiles are mostly
   * white there), the background itself on a dark one. */
  if (0.3 * style->background.r + 0.6 * style->background.g + 0.1 * style->background.b > 0.5)
    {
      cairo_rectangle (cr, L.x0 - 1.0, L.y0 - 1.0,
                       L.gc * (L.tw + L.gap) + 1.0, L.gr * (L.th + L.gap) + 1.0);
      belief_render_set_rgb (cr, &style->muted);
      cairo_fill (cr);
    }

  mosaic = build_mosaic (tiles, &L);
  for (int k = 0; k < tiles->n_units; k++)
    {
      BeliefRect r;

      tile_rect (&L, k, &r);
      cairo_save (cr);
      cairo_translate (cr, r.x, r.y);
      cairo_scale (cr, r.width / tiles->cols, r.height / tiles->rows);
      cairo_set_source_surface (cr, mosaic, -(k % L.gc) * tiles->cols, -(k / L.gc) * tiles->rows);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_rectangle (cr, 0, 0, tiles->cols, tiles->rows);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  cairo_surface_destroy (mosaic);

  if (L.bar != BELIEF_COLORBAR_NONE)
    {
      belief_render_set_font (cr, style->font_size, FALSE);
      draw_colorbar (cr, &L, style);
    }
  cairo_restore (cr);
}

gboolean
belief_tiles_get_tile_rect (const BeliefTiles       *tiles,
                            const BeliefRenderStyle *style,
                            double                   width,
                            double                   height,
                            int                      k,
                            BeliefRect              *rect)
{
  BeliefRenderStyle storage;
  TilesLayout L;

  g_return_val_if_fail (tiles != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  tiles_layout (tiles, belief_render_style_or_default (style, &storage), width, height, &L);
  if (!L.ok || k < 0 || k >= tiles->n_units)
    return FALSE;
  tile_rect (&L, k, rect);
  return TRUE;
}

int
belief_tiles_hit_test (const BeliefTiles       *tiles,
                       const BeliefRenderStyle *style,
                       double                   width,
                       double                   height,
                       double                   px,
                       double                   py)
{
  BeliefRenderStyle storage;
  TilesLayout L;
  int col, row, k;

  g_return_val_if_fail (tiles != NULL, -1);

  tiles_layout (tiles, belief_render_style_or_default (style, &storage), width, height, &L);
  if (!L.ok || px < L.x0 || py < L.y0)
    return -1;
  col = (int) floor ((px - L.x0) / (L.tw + L.gap));
  row = (int) floor ((py - L.y0) / (L.th + L.gap));
  k = row * L.gc + col;
  if (col >= L.gc || k >= tiles->n_units
      || px - L.x0 - col * (L.tw + L.gap) >= L.tw      /* in the gap */
      || py - L.y0 - row * (L.th + L.gap) >= L.th)
    return -1;
  return k;
}

float *
belief_tiles_project (const BeliefDbn *dbn,
                      int              layer)
{
  int n_pix;
  float *P;

  g_return_val_if_fail (dbn != NULL, NULL);
  g_return_val_if_fail (layer >= 1 && layer <= dbn->n_layers, NULL);

  /* rbms[l]->W is (sizes[l] (+ labels on top), sizes[l+1]) row-major: its
   * first sizes[l] rows are the units of layer l. */
  n_pix = dbn->sizes[0];
  P = g_memdup2 (dbn->rbms[0]->W, (gsize) n_pix * dbn->sizes[1] * sizeof (float));
  for (int l = 1; l < layer; l++)
    {
      float *Q = g_new (float, (gsize) n_pix * dbn->sizes[l + 1]);

      /* Q (P, U') = P (P, U) W_l (U, U') */
      belief_gemm (FALSE, FALSE, n_pix, dbn->sizes[l + 1], dbn->sizes[l],
                   1.0f, P, dbn->rbms[l]->W, 0.0f, Q);
      g_free (P);
      P = Q;
    }
  return P;
}
