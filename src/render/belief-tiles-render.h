/* belief-tiles-render.h: receptive fields as a mosaic of weight tiles.
 *
 * Tile k shows column units[k] of W reshaped to rows x cols, on a diverging
 * blue-white-red map (negative blue, zero white, positive red) with one
 * symmetric scale shared by all tiles, scaled nearest-neighbour, 1 unit of
 * gap between tiles, and a colour bar labelled -scale, 0, +scale.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "belief-dbn.h"
#include "belief-render-style.h"

G_BEGIN_DECLS

typedef enum
{
  BELIEF_COLORBAR_AUTO,    /* at the side with more spare room */
  BELIEF_COLORBAR_RIGHT,
  BELIEF_COLORBAR_BOTTOM,
  BELIEF_COLORBAR_NONE,
} BeliefColorbar;

typedef struct
{
  const float    *W;          /* (n_vis, n_hid) row-major; the first rows*cols
                               * rows are the pixels (label rows are ignored) */
  int             n_hid;      /* columns of W (its row stride) */
  int             rows, cols; /* image shape */
  const int      *units;      /* columns to show, in order; NULL: 0..n_units-1 */
  int             n_units;
  int             grid_cols;  /* tiles per row; 0: about square */
  float           scale;      /* colour scale +-scale; 0: max |W| over the shown tiles */
  BeliefColorbar  colorbar;
} BeliefTiles;

void   belief_tiles_render      (cairo_t                 *cr,
                                 double                   width,
                                 double                   height,
                                 const BeliefTiles       *tiles,
                                 const BeliefRenderStyle *style);

/* The scale the tiles are drawn with (tiles->scale or the max |W|). */
float  belief_tiles_get_scale   (const BeliefTiles       *tiles);
/* Where tile k (0 <= k < n_units) is drawn; FALSE if there is no room. */
gboolean belief_tiles_get_tile_rect (const BeliefTiles       *tiles,
                                     const BeliefRenderStyle *style,
                                     double                   width,
                                     double                   height,
                                     int                      k,
                                     BeliefRect              *rect);
/* The tile k (index into units) under the pointer, or -1. */
int    belief_tiles_hit_test    (const BeliefTiles       *tiles,
                                 const BeliefRenderStyle *style,
                                 double                   width,
                                 double                   height,
                                 double                   px,
                                 double                   py);

/* Pixel-space receptive fields of the units of layer `layer` (1 ..
 * n_layers): W1 W2 ... WL restricted to the pixel and unit rows of each
 * recognition matrix (the label rows of the top RBM are skipped).  Returns
 * a new (sizes[0], sizes[layer]) row-major matrix, free with g_free; use it
 * as W with n_hid = sizes[layer]. */
float *belief_tiles_project     (const BeliefDbn         *dbn,
                                 int                      layer);

G_END_DECLS
