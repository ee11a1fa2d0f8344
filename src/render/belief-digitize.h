/* belief-digitize.h: strokes drawn by a user into an MNIST-like input.
 *
 * MNIST's own recipe: the digit's bounding box is scaled to fit a 20x20 box
 * keeping its aspect ratio, anti-aliased to grey levels, then placed in the
 * 28x28 image so that its centre of mass sits at the centre.  Strokes are
 * polylines in canvas coordinates drawn with a round pen of a given width.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double x, y;
} BeliefStrokePoint;

typedef struct
{
  GArray *points;   /* of BeliefStrokePoint */
} BeliefStroke;

typedef struct
{
  GPtrArray *strokes;  /* of BeliefStroke*, owned */
  double     pen_width;
} BeliefStrokes;

BeliefStrokes *belief_strokes_new        (double pen_width);
BeliefStrokes *belief_strokes_copy       (const BeliefStrokes *strokes);
void           belief_strokes_free       (BeliefStrokes *strokes);
void           belief_strokes_begin      (BeliefStrokes *strokes, double x, double y);
void           belief_strokes_add_point  (BeliefStrokes *strokes, double x, double y);
/* Removes the last stroke (undo); FALSE when there was none. */
gboolean       belief_strokes_undo       (BeliefStrokes *strokes);
void           belief_strokes_clear      (BeliefStrokes *strokes);
gboolean       belief_strokes_is_empty   (const BeliefStrokes *strokes);

/* out (size * size) in [0, 1], white digit on black as in MNIST; size is
 * the image side (28 for MNIST), the digit fits a box of 20/28 of it.
 * Returns FALSE (out all zero) when there is nothing drawn. */
gboolean       belief_strokes_digitize   (const BeliefStrokes *strokes, int size, float *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefStrokes, belief_strokes_free)

G_END_DECLS
