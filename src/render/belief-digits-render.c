/* belief-digits-render.c: image grids and label-probability bars.
 *
 * The grid paints all images from one ARGB32 mosaic surface through a
 * nearest-neighbour pattern, like the weight tiles.
 */
#include <math.h>
#include <string.h>

#include "belief-digits-render.h"

typedef struct
{
  int      gc, gr;
  double   tw, th, gap, cap_h, cap_fs, fh;
  double   x0, y0;
  gboolean ok;
} DigitsLayout;

static void
digits_layout (const BeliefDigits      *d,
               const BeliefRenderStyle *style,
               double                   width,
               double                   height,
               DigitsLayout            *L)
{
  double fs = style->font_size, pad = MAX (4.0, round (fs * 0.5)), k, widest = 0.0;
  cairo_t *cr;

  memset (L, 0, sizeof *L);
  if (d->count <= 0 || d->rows <= 0 || d->cols <= 0)
    return;

  cr = belief_render_measure_context ();
  belief_render_set_font (cr, fs, FALSE);
  L->fh = belief_render_font_height (cr);
  L->cap_h = d->captions != NULL ? L->fh + 3.0 : 0.0;
  L->gap = MAX (6.0, d->captions != NULL ? round (fs * 0.75) : 0.0);
  L->gc = d->grid_cols > 0 ? MIN (d->grid_cols, d->count) : (int) ceil (sqrt ((double) d->count));
  L->gr = (d->count + L->gc - 1) / L->gc;

  k = MIN ((width - 2.0 * pad - (L->gc - 1) * L->gap) / (L->gc * d->cols),
           (height - 2.0 * pad - (L->gr - 1) * L->gap - L->gr * L->cap_h) / (L->gr * d->rows));
  L->tw = floor (k * d->cols);
  L->th = floor (k * d->rows);

  /* Captions wider than a cell get a smaller font (down to 70%), then "…". */
  L->cap_fs = fs;
  if (d->captions != NULL)
    {
      for (int i = 0; i < d->count; i++)
        widest = MAX (widest, belief_render_text_width (cr, d->captions[i]));
      if (widest > L->tw + L->gap - 2.0)
        L->cap_fs = MAX (0.7 * fs, fs * (L->tw + L->gap - 2.0) / widest);
    }
  cairo_destroy (cr);
  if (L->tw < 1.0 || L->th < 1.0)
    return;

  L->x0 = round ((width - (L->gc * L->tw + (L->gc - 1) * L->gap)) / 2.0);
  L->y0 = round ((height - (L->gr * (L->th + L->cap_h) + (L->gr - 1) * L->gap)) / 2.0);
  L->ok = TRUE;
}

static void
cell_rect (const DigitsLayout *L,
           int                 k,
           BeliefRect         *r)
{
  r->x = L->x0 + (k % L->gc) * (L->tw + L->gap);
  r->y = L->y0 + (k / L->gc) * (L->th + L->cap_h + L->gap);
  r->width = L->tw;
  r->height = L->th;
}

static cairo_surface_t *
build_mosaic (const BeliefDigits *d,
              const DigitsLayout *L)
{
  cairo_surface_t *surface;
  guint8 *data;
  int stride, n_pix = d->rows * d->cols;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, L->gc * d->cols, L->gr * d->rows);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int k = 0; k < d->count; k++)
    {
      const float *img = d->images + (gsize) k * n_pix;
      int ox = (k % L->gc) * d->cols, oy = (k / L->gc) * d->rows;

      for (int p = 0; p < n_pix; p++)
        {
          guint32 *px = (guint32 *) (gpointer) (data + (gsize) (oy + p / d->cols) * stride) + ox + p % d->cols;
          float v = isnan (img[p]) ? 0.0f : CLAMP (img[p], 0.0f, 1.0f);
          guint32 g;

          if (d->ink == BELIEF_INK_DARK_ON_LIGHT)
            v = 1.0f - v;
          g = (guint32) lroundf (v * 255.0f);
          *px = 0xff000000u | g << 16 | g << 8 | g;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

void
belief_digits_render (cairo_t                 *cr,
                      double                   width,
                      double                   height,
                      const BeliefDigits      *digits,
                      const BeliefRenderStyle *style)
{
  BeliefRenderStyle storage;
  cairo_surface_t *mosaic;
  DigitsLayout L;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (digits != NULL);
  g_return_if_fail (digits->count == 0 || digits->images != NULL);

  style = belief_render_style_or_default (style, &storage);
  digits_layout (digits, style, width, height, &L);

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

  mosaic = build_mosaic (digits, &L);
  cairo_set_line_width (cr, 1.0);
  belief_render_set_font (cr, L.cap_fs, FALSE);
  for (int k = 0; k < digits->count; k++)
    {
      BeliefRect r;

      cell_rect (&L, k, &r);
      cairo_save (cr);
      cairo_translate (cr, r.x, r.y);
      cairo_scale (cr, r.width / digits->cols, r.height / digits->rows);
      cairo_set_source_surface (cr, mosaic, -(k % L.gc) * digits->cols, -(k / L.gc) * digits->rows);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_rectangle (cr, 0, 0, digits->cols, digits->rows);
      cairo_fill (cr);
      cairo_restore (cr);

      /* A hairline frame so that paper-white images keep their edges. */
      cairo_rectangle (cr, r.x - 0.5, r.y - 0.5, r.width + 1.0, r.height + 1.0);
      belief_render_set_rgb (cr, &style->grid);
      cairo_stroke (cr);

      if (digits->captions != NULL && digits->captions[k] != NULL)
        {
          belief_render_set_rgb (cr, k == digits->selected ? &style->accent : &style->foreground);
          belief_render_show_text (cr, digits->captions[k], r.x + r.width / 2.0,
                                   r.y + r.height + 3.0 + (L.fh - belief_render_font_height (cr)) / 2.0,
                                   0.5, r.width + L.gap - 2.0);
        }
    }
  cairo_surface_destroy (mosaic);

  if (digits->selected >= 0 && digits->selected < digits->count)
    {
      BeliefRect r;

      cell_rect (&L, digits->selected, &r);
      cairo_rectangle (cr, r.x - 2.0, r.y - 2.0, r.width + 4.0, r.height + 4.0);
      cairo_set_line_width (cr, 2.0);
      belief_render_set_rgb (cr, &style->accent);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

gboolean
belief_digits_get_cell_rect (const BeliefDigits      *digits,
                             const BeliefRenderStyle *style,
                             double                   width,
                             double                   height,
                             int                      k,
                             BeliefRect              *rect)
{
  BeliefRenderStyle storage;
  DigitsLayout L;

  g_return_val_if_fail (digits != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  digits_layout (digits, belief_render_style_or_default (style, &storage), width, height, &L);
  if (!L.ok || k < 0 || k >= digits->count)
    return FALSE;
  cell_rect (&L, k, rect);
  return TRUE;
}

int
belief_digits_hit_test (const BeliefDigits      *digits,
                        const BeliefRenderStyle *style,
                        double                   width,
                        double                   height,
                        double                   px,
                        double                   py)
{
  BeliefRenderStyle storage;
  DigitsLayout L;
  int col, row, k;

  g_return_val_if_fail (digits != NULL, -1);

  digits_layout (digits, belief_render_style_or_default (style, &storage), width, height, &L);
  if (!L.ok || px < L.x0 || py < L.y0)
    return -1;
  col = (int) floor ((px - L.x0) / (L.tw + L.gap));
  row = (int) floor ((py - L.y0) / (L.th + L.cap_h + L.gap));
  k = row * L.gc + col;
  if (col >= L.gc || k >= digits->count
      || px - L.x0 - col * (L.tw + L.gap) >= L.tw
      || py - L.y0 - row * (L.th + L.cap_h + L.gap) >= L.th + L.cap_h)
    return -1;
  return k;
}

void
belief_prob_bars_render (cairo_t                 *cr,
                         double                   width,
                         double                   height,
                         const BeliefProbBars    *bars,
                         const BeliefRenderStyle *style)
{
  BeliefRenderStyle storage;
  double fs, fh, pad, title_h = 0.0, top, bottom, slot, bar_w, pct_fs, widest;
  gboolean all_pct;
  char buf[32];
  int hl;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (bars != NULL);
  g_return_if_fail (bars->n == 0 || bars->probs != NULL);

  style = belief_render_style_or_default (style, &storage);
  fs = style->font_size;
  pad = round (fs * 0.75);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  belief_render_set_rgb (cr, &style->background);
  cairo_paint (cr);

  if (bars->title != NULL && *bars->title != '\0')
    {
      belief_render_set_font (cr, fs * 1.15, TRUE);
      belief_render_set_rgb (cr, &style->foreground);
      belief_render_show_text (cr, bars->title, width / 2.0, pad, 0.5, width - 2.0 * pad);
      title_h = belief_render_font_height (cr) + pad * 0.5;
    }
  belief_render_set_font (cr, fs, FALSE);
  fh = belief_render_font_height (cr);
  top = pad + title_h + fh + 2.0;           /* room for the percentage */
  bottom = height - pad - fh - 4.0;         /* room for the labels */
  if (bars->n <= 0 || bottom - top < fh || width - 2.0 * pad < bars->n * 4.0)
    {
      cairo_restore (cr);
      return;
    }

  hl = bars->highlight;
  if (hl < 0 || hl >= bars->n)
    {
      hl = 0;
      for (int i = 1; i < bars->n; i++)
        if (bars->probs[i] > bars->probs[hl])
          hl = i;
    }
  slot = (width - 2.0 * pad) / bars->n;
  bar_w = MAX (1.0, round (slot * 0.7));

  /* Percentages shrink to fit their slot; if they cannot, only the
   * highlighted one is written. */
  belief_render_set_font (cr, fs, TRUE);  /* the widest case: bold, as the answer is drawn */
  widest = belief_render_text_width (cr, "100%");
  pct_fs = widest > slot - 2.0 ? MAX (0.65 * fs, fs * (slot - 2.0) / widest) : fs;
  all_pct = widest * pct_fs / fs <= slot - 2.0;

  for (int i = 0; i < bars->n; i++)
    {
      float p = isnan (bars->probs[i]) ? 0.0f : CLAMP (bars->probs[i], 0.0f, 1.0f);
      double cx = pad + (i + 0.5) * slot, h = round (p * (bottom - top));
      const char *label = bars->labels != NULL ? bars->labels[i] : NULL;

      belief_render_set_rgb (cr, i == hl ? &style->accent : &style->muted);
      cairo_rectangle (cr, round (cx - bar_w / 2.0), bottom - h, bar_w, h);
      cairo_fill (cr);

      belief_render_set_rgb (cr, i == hl ? &style->accent : &style->foreground);
      if (all_pct || i == hl)
        {
          if (p > 0.0f && p < 0.005f)
            g_snprintf (buf, sizeof buf, "%s", "<1%");
          else
            g_snprintf (buf, sizeof buf, "%.0f%%", p * 100.0);
          /* alone, the highlighted percentage may use its neighbours' room */
          belief_render_set_font (cr, all_pct ? pct_fs : fs, i == hl);
          belief_render_show_text (cr, buf, cx, bottom - h - belief_render_font_height (cr) - 2.0,
                                   0.5, all_pct ? slot : 3.0 * slot);
        }
      if (label == NULL)
        {
          g_snprintf (buf, sizeof buf, "%d", i);
          label = buf;
        }
      belief_render_set_font (cr, fs, i == hl);
      belief_render_show_text (cr, label, cx, bottom + 4.0, 0.5, slot);
    }
  cairo_set_line_width (cr, 1.0);
  belief_render_set_rgb (cr, &style->axis);
  cairo_move_to (cr, pad, bottom + 0.5);
  cairo_line_to (cr, width - pad, bottom + 0.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}
