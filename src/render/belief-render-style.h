/* belief-render-style.h: colours, sizes and text helpers shared by the
 * cairo renderers of src/render.
 *
 * Every renderer takes a `const BeliefRenderStyle *` (NULL means the light
 * preset).  Sizes are in cairo user units: one logical pixel inside a GTK
 * snapshot, one pixel of a PNG at scale 1, one point of an SVG.  Text uses
 * cairo's toy API with the "Sans" face only (no pango), so that the CLI and
 * the widgets draw the very same pictures.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double r, g, b;
} BeliefRgb;

typedef struct
{
  double x, y, width, height;
} BeliefRect;

typedef struct
{
  BeliefRgb background;
  BeliefRgb foreground;  /* titles, labels, tick labels */
  BeliefRgb muted;       /* secondary text ("No data yet"), plain bars */
  BeliefRgb grid;        /* gridlines */
  BeliefRgb axis;        /* axis lines, tick marks, frames */
  BeliefRgb legend_bg;   /* legend box fill */
  BeliefRgb accent;      /* selection border, highlighted bar */
  double    font_size;   /* tick labels and captions; titles are 1.15x */
  double    line_width;  /* series lines */
} BeliefRenderStyle;

#define BELIEF_RENDER_PALETTE_SIZE 8

void      belief_render_style_light   (BeliefRenderStyle *style);
void      belief_render_style_dark    (BeliefRenderStyle *style);
/* Colour `index` (taken modulo 8) of the series palette; the colours are
 * told apart on both the light and the dark background. */
BeliefRgb belief_render_palette_color (guint index);

/* --- helpers for the renderers ------------------------------------------ */

/* style, or the light preset when style is NULL (copied into storage). */
const BeliefRenderStyle *belief_render_style_or_default (const BeliefRenderStyle *style,
                                                         BeliefRenderStyle       *storage);
void    belief_render_set_rgb       (cairo_t *cr, const BeliefRgb *c);
void    belief_render_set_rgba      (cairo_t *cr, const BeliefRgb *c, double alpha);
/* Selects "Sans" at `size`, bold or not. */
void    belief_render_set_font      (cairo_t *cr, double size, gboolean bold);
/* Advance width of text in the current font. */
double  belief_render_text_width    (cairo_t *cr, const char *text);
/* Ascent + descent of the current font. */
double  belief_render_font_height   (cairo_t *cr);
/* Draws text (UTF-8) ellipsised with "…" to at most max_width, anchored at
 * x by xalign (0 left, 0.5 centre, 1 right), with the font's ascent..descent
 * box starting at y_top.  Returns the width drawn. */
double  belief_render_show_text     (cairo_t    *cr,
                                     const char *text,
                                     double      x,
                                     double      y_top,
                                     double      xalign,
                                     double      max_width);
/* A context on a 1x1 image surface for measuring text when no cairo_t is
 * at hand (hit tests); free with cairo_destroy. */
cairo_t *belief_render_measure_context (void);

/* Diverging blue-white-red map: t in [-1, 1] (clamped; NaN is white). */
void    belief_render_diverging     (double t, BeliefRgb *out);

G_END_DECLS
