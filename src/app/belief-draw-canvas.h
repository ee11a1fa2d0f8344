/* belief-draw-canvas.h: a square to draw a digit on, white on black.
 *
 * Mouse, touchpad and touch draw through a drag gesture, pens through a
 * stylus gesture.  Points are kept in canvas units, 0..1 across the square
 * (so a resize keeps the drawing), with a round pen 1/12 of the side wide:
 * a digit drawn over most of the height comes out about as thick as MNIST's
 * once digitised.  "changed" is emitted for every new point, stroke, clear
 * and undo.  Actions canvas.clear (Delete) and canvas.undo (Ctrl+Z).
 *
 * The strokes themselves (BeliefStrokes, belief-digitize.h) stay inside.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BELIEF_TYPE_DRAW_CANVAS (belief_draw_canvas_get_type ())

G_DECLARE_FINAL_TYPE (BeliefDrawCanvas, belief_draw_canvas, BELIEF, DRAW_CANVAS, GtkWidget)

GtkWidget *belief_draw_canvas_new           (void);
gboolean   belief_draw_canvas_is_empty      (BeliefDrawCanvas *self);
guint      belief_draw_canvas_get_n_strokes (BeliefDrawCanvas *self);
void       belief_draw_canvas_clear         (BeliefDrawCanvas *self);
/* Removes the last stroke; FALSE when there was none. */
gboolean   belief_draw_canvas_undo          (BeliefDrawCanvas *self);
/* Adds one stroke through n_points points xy = (x0, y0, x1, y1, ...) in
 * canvas units (0..1 across the square), as if drawn by hand. */
void       belief_draw_canvas_add_stroke    (BeliefDrawCanvas *self,
                                             const double     *xy,
                                             guint             n_points);
/* The drawing as an MNIST-like size x size image (belief_strokes_digitize);
 * FALSE (out all zero) when nothing is drawn. */
gboolean   belief_draw_canvas_digitize      (BeliefDrawCanvas *self,
                                             int               size,
                                             float            *out);

G_END_DECLS
