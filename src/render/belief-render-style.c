/* belief-render-style.c: the two style presets, the series palette and the
 * text helpers of the renderers. */
#include <math.h>
#include <string.h>

#include "belief-render-style.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

/* Mid-luminance hues (GNOME palette shades), each at least 3:1 against
 * neither background but all clearly visible as 2 px lines on both. */
static const BeliefRgb palette[BELIEF_RENDER_PALETTE_SIZE] = {
  RGB (0x3584e4), /* blue */
  RGB (0xe66100), /* orange */
  RGB (0x26a269), /* green */
  RGB (0xc01c28), /* red */
  RGB (0x9141ac), /* purple */
  RGB (0x0a9fb5), /* teal */
  RGB (0xb5835a), /* brown */
  RGB (0xd6409f), /* pink */
};

void
belief_render_style_light (BeliefRenderStyle *style)
{
  static const BeliefRenderStyle light = {
    .background = RGB (0xffffff),
    .foreground = RGB (0x241f31),
    .muted      = RGB (0x8a8a93),
    .grid       = RGB (0xe6e6ea),
    .axis       = RGB (0x77767b),
    .legend_bg  = RGB (0xfafafb),
    .accent     = RGB (0x1c71d8),
    .font_size  = 12.0,
    .line_width = 1.75,
  };

  g_return_if_fail (style != NULL);
  *style = light;
}

void
belief_render_style_dark (BeliefRenderStyle *style)
{
  static const BeliefRenderStyle dark = {
    .background = RGB (0x242424),
    .foreground = RGB (0xeeeeec),
    .muted      = RGB (0x9a9996),
    .grid       = RGB (0x3a3a3c),
    .axis       = RGB (0x9a9996),
    .legend_bg  = RGB (0x303030),
    .accent     = RGB (0x78aeed),
    .font_size  = 12.0,
    .line_width = 1.75,
  };

  g_return_if_fail (style != NULL);
  *style = dark;
}

BeliefRgb
belief_render_palette_color (guint index)
{
  return palette[index % BELIEF_RENDER_PALETTE_SIZE];
}

const BeliefRenderStyle *
belief_render_style_or_default (const BeliefRenderStyle *style,
                                BeliefRenderStyle       *storage)
{
  if (style != NULL)
    return style;
  belief_render_style_light (storage);
  return storage;
}

void
belief_render_set_rgb (cairo_t         *cr,
                       const BeliefRgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

void
belief_render_set_rgba (cairo_t         *cr,
                        const BeliefRgb *c,
                        double           alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, alpha);
}

void
belief_render_set_font (cairo_t  *cr,
                        double    size,
                        gboolean  bold)
{
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
}

double
belief_render_text_width (cairo_t    *cr,
                          const char *text)
{
  cairo_text_extents_t ext;

  if (text == NULL || *text == '\0')
    return 0.0;
  cairo_text_extents (cr, text, &ext);
  return ext.x_advance;
}

double
belief_render_font_height (cairo_t *cr)
{
  cairo_font_extents_t fe;

  cairo_font_extents (cr, &fe);
  return fe.ascent + fe.descent;
}

double
belief_render_show_text (cairo_t    *cr,
                         const char *text,
                         double      x,
                         double      y_top,
                         double      xalign,
                         double      max_width)
{
  cairo_font_extents_t fe;
  g_autofree char *buf = NULL;
  const char *shown = text;
  double w;

  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    return 0.0;

  w = belief_render_text_width (cr, text);
  if (max_width >= 0.0 && w > max_width)
    {
      gsize len = strlen (text);
      char *end;

      buf = g_malloc (len + sizeof "\xe2\x80\xa6");
      memcpy (buf, text, len + 1);
      end = buf + len;
      do
        {
          end = g_utf8_find_prev_char (buf, end);
          if (end == NULL)
            return 0.0;          /* not even the ellipsis fits */
          strcpy (end, "\xe2\x80\xa6");
          w = belief_render_text_width (cr, buf);
        }
      while (w > max_width && end > buf);
      if (w > max_width)
        return 0.0;
      shown = buf;
    }

  cairo_font_extents (cr, &fe);
  cairo_move_to (cr, x - xalign * w, y_top + fe.ascent);
  cairo_show_text (cr, shown);
  cairo_new_path (cr);
  return w;
}

cairo_t *
belief_render_measure_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

void
belief_render_diverging (double     t,
                         BeliefRgb *out)
{
  /* ColorBrewer RdBu ends: #2166ac (negative) and #b2182b (positive). */
  static const BeliefRgb neg = RGB (0x2166ac), pos = RGB (0xb2182b);
  const BeliefRgb *end;

  if (isnan (t))
    t = 0.0;
  t = CLAMP (t, -1.0, 1.0);
  end = t < 0.0 ? &neg : &pos;
  t = fabs (t);
  out->r = 1.0 + t * (end->r - 1.0);
  out->g = 1.0 + t * (end->g - 1.0);
  out->b = 1.0 + t * (end->b - 1.0);
}
