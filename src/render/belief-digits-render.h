/* belief-digits-render.h: grids of grey images and label-probability bars.
 *
 * A digits grid shows count images (values in [0, 1], 1 = ink) scaled
 * nearest-neighbour, with an optional caption under each ("3", "3 (97%)")
 * and a border around a selected one.  The probability bars show one bar
 * per label with its percentage, the most likely label highlighted (the
 * recognise view).
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "belief-render-style.h"

G_BEGIN_DECLS

typedef enum
{
  BELIEF_INK_LIGHT_ON_DARK,  /* MNIST's own look: 1 is white on black */
  BELIEF_INK_DARK_ON_LIGHT,  /* paper: 1 is black on white */
} BeliefInk;

typedef struct
{
  const float        *images;     /* (count, rows*cols), values in [0, 1] */
  int                 count;
  int                 rows, cols;
  int                 grid_cols;  /* images per row; 0: about square */
  BeliefInk           ink;
  const char * const *captions;   /* count entries (NULL entries allowed), or NULL */
  int                 selected;   /* index with a highlight border, or -1 */
} BeliefDigits;

void     belief_digits_render        (cairo_t                 *cr,
                                      double                   width,
                                      double                   height,
                                      const BeliefDigits      *digits,
                                      const BeliefRenderStyle *style);
/* Where image k is drawn (without its caption); FALSE if there is no room. */
gboolean belief_digits_get_cell_rect (const BeliefDigits      *digits,
                                      const BeliefRenderStyle *style,
                                      double                   width,
                                      double                   height,
                                      int                      k,
                                      BeliefRect              *rect);
/* The image (or its caption) under the pointer, or -1. */
int      belief_digits_hit_test      (const BeliefDigits      *digits,
                                      const BeliefRenderStyle *style,
                                      double                   width,
                                      double                   height,
                                      double                   px,
                                      double                   py);

typedef struct
{
  const float        *probs;      /* n probabilities (need not sum to 1) */
  int                 n;
  const char * const *labels;     /* n labels, or NULL for "0", "1", ... */
  int                 highlight;  /* bar to highlight; -1: the argmax */
  const char         *title;      /* NULL or "" for none */
} BeliefProbBars;

void     belief_prob_bars_render     (cairo_t                 *cr,
                                      double                   width,
                                      double                   height,
                                      const BeliefProbBars    *bars,
                                      const BeliefRenderStyle *style);

G_END_DECLS
