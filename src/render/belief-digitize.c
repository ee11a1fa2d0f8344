/* belief-digitize.c: rasterise strokes with cairo the way MNIST was made. */
#include "belief-digitize.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

static void
stroke_free (gpointer data)
{
  BeliefStroke *stroke = data;

  g_array_unref (stroke->points);
  g_free (stroke);
}

BeliefStrokes *
belief_strokes_new (double pen_width)
{
  BeliefStrokes *s = g_new0 (BeliefStrokes, 1);

  s->strokes = g_ptr_array_new_with_free_func (stroke_free);
  s->pen_width = pen_width;
  return s;
}

BeliefStrokes *
belief_strokes_copy (const BeliefStrokes *strokes)
{
  BeliefStrokes *copy = belief_strokes_new (strokes->pen_width);

  for (guint i = 0; i < strokes->strokes->len; i++)
    {
      const BeliefStroke *src = g_ptr_array_index (strokes->strokes, i);
      BeliefStroke *dst = g_new0 (BeliefStroke, 1);

      dst->points = g_array_copy (src->points);
      g_ptr_array_add (copy->strokes, dst);
    }
  return copy;
}

void
belief_strokes_free (BeliefStrokes *strokes)
{
  if (strokes == NULL)
    return;
  g_ptr_array_unref (strokes->strokes);
  g_free (strokes);
}

void
belief_strokes_begin (BeliefStrokes *strokes,
                      double         x,
                      double         y)
{
  BeliefStroke *stroke = g_new0 (BeliefStroke, 1);

  stroke->points = g_array_new (FALSE, FALSE, sizeof (BeliefStrokePoint));
  g_ptr_array_add (strokes->strokes, stroke);
  belief_strokes_add_point (strokes, x, y);
}

void
belief_strokes_add_point (BeliefStrokes *strokes,
                          double         x,
                          double         y)
{
  BeliefStrokePoint p = { x, y };
  BeliefStroke *stroke;

  g_return_if_fail (strokes->strokes->len > 0);

  stroke = g_ptr_array_index (strokes->strokes, strokes->strokes->len - 1);
  g_array_append_val (stroke->points, p);
}

gboolean
belief_strokes_undo (BeliefStrokes *strokes)
{
  if (strokes->strokes->len == 0)
    return FALSE;
  g_ptr_array_remove_index (strokes->strokes, strokes->strokes->len - 1);
  return TRUE;
}

void
belief_strokes_clear (BeliefStrokes *strokes)
{
  g_ptr_array_set_size (strokes->strokes, 0);
}

gboolean
belief_strokes_is_empty (const BeliefStrokes *strokes)
{
  return strokes->strokes->len == 0;
}

/* Draws every stroke, mapped by (scale, dx, dy), white on a black A8
 * surface of size x size, and reads the coverage back as floats. */
static void
rasterise (const BeliefStrokes *strokes,
           int                  size,
           double               scale,
           double               dx,
           double               dy,
           float               *out)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, size, size);
  cairo_t *cr = cairo_create (surface);
  const guint8 *data;
  int stride;

  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GRAY);
  cairo_translate (cr, dx, dy);
  cairo_scale (cr, scale, scale);
  cairo_set_line_width (cr, strokes->pen_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < strokes->strokes->len; i++)
    {
      const BeliefStroke *stroke = g_ptr_array_index (strokes->strokes, i);

      for (guint k = 0; k < stroke->points->len; k++)
        {
          const BeliefStrokePoint *p = &g_array_index (stroke->points, BeliefStrokePoint, k);

          if (k == 0)
            cairo_move_to (cr, p->x, p->y);
          cairo_line_to (cr, p->x, p->y);  /* a lone point becomes a dot */
        }
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int r = 0; r < size; r++)
    for (int c = 0; c < size; c++)
      out[r * size + c] = data[r * stride + c] / 255.0f;
  cairo_surface_destroy (surface);
}

gboolean
belief_strokes_digitize (const BeliefStrokes *strokes,
                         int                  size,
                         float               *out)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  double half = strokes->pen_width / 2, box = size * 20.0 / 28.0;
  double scale, dx, dy, mass = 0, mx = 0, my = 0;

  memset (out, 0, (gsize) size * size * sizeof (float));
  for (guint i = 0; i < strokes->strokes->len; i++)
    {
      const BeliefStroke *stroke = g_ptr_array_index (strokes->strokes, i);

      for (guint k = 0; k < stroke->points->len; k++)
        {
          const BeliefStrokePoint *p = &g_array_index (stroke->points, BeliefStrokePoint, k);

          x0 = MIN (x0, p->x - half);
          x1 = MAX (x1, p->x + half);
          y0 = MIN (y0, p->y - half);
          y1 = MAX (y1, p->y + half);
        }
    }
  if (x0 > x1)
    return FALSE;

  /* 1. the bounding box into the 20x20 box, aspect kept, centred */
  scale = box / MAX (x1 - x0, y1 - y0);
  dx = (size - (x1 - x0) * scale) / 2 - x0 * scale;
  dy = (size - (y1 - y0) * scale) / 2 - y0 * scale;
  rasterise (strokes, size, scale, dx, dy, out);

  /* 2. move the centre of mass to the image centre (sub-pixel, by drawing
   * again with the shift rather than resampling) */
  for (int r = 0; r < size; r++)
    for (int c = 0; c < size; c++)
      {
        double w = out[r * size + c];

        mass += w;
        mx += w * (c + 0.5);
        my += w * (r + 0.5);
      }
  if (mass <= 0)
    return FALSE;
  rasterise (strokes, size, scale, dx + size / 2.0 - mx / mass, dy + size / 2.0 - my / mass, out);
  return TRUE;
}
