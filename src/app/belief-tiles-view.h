/* belief-tiles-view.h: receptive fields of the trainer's newest weights.
 *
 * A grid of weight tiles (5 x 5 to 20 x 20) of one layer: layer 1 straight
 * from its weights, deeper layers projected into pixel space through the
 * layers below (as belief_tiles_project does, label rows skipped; computed
 * off the main loop).  The units shown are a fixed random subset of the
 * layer, so each stays in its place while training.  Refreshed on
 * "weights-changed" at most four times a second, only while on screen;
 * clicking a tile enlarges it in a popover.
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-tiles-render.h"
#include "belief-trainer.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_TILES_VIEW (belief_tiles_view_get_type ())

G_DECLARE_FINAL_TYPE (BeliefTilesView, belief_tiles_view, BELIEF, TILES_VIEW, GtkWidget)

GtkWidget     *belief_tiles_view_new         (BeliefTrainer   *trainer);
void           belief_tiles_view_set_trainer (BeliefTilesView *self,
                                              BeliefTrainer   *trainer);

/* Tiles per side: one of 5, 8, 10, 15, 20. */
void           belief_tiles_view_set_grid_size (BeliefTilesView *self,
                                                int              side);
/* The layer to show, 1-based; the layer shown changes once its tiles are
 * computed (belief_tiles_view_get_shown_layer). */
void           belief_tiles_view_set_layer     (BeliefTilesView *self,
                                                int              layer);
int            belief_tiles_view_get_shown_layer (BeliefTilesView *self);

/* The tiles as drawn (W is (pixels, n_units), column k is unit units[k] of
 * the layer); borrowed until the next refresh.  FALSE without a model. */
gboolean       belief_tiles_view_get_tiles     (BeliefTilesView *self,
                                                BeliefTiles     *tiles,
                                                const int      **units);
/* Enlarges tile k (index into the shown units) in a popover. */
void           belief_tiles_view_show_unit     (BeliefTilesView *self,
                                                int              k);
/* The grid as drawn, in the light style, to a .png (twice the on-screen
 * size), .svg or .pdf file. */
gboolean       belief_tiles_view_export        (BeliefTilesView  *self,
                                                const char       *filename,
                                                GError          **error);

G_END_DECLS
