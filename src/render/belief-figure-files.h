/* belief-figure-files.h: experiments' figures, measures and texts as files.
 *
 * A figure becomes DIR/<id>.png (light style, twice the natural size in
 * pixels), DIR/<id>.svg and DIR/<id>.csv (belief_figure_to_csv()).  The
 * report of several experiments is DIR/index.html, a self-contained page
 * that shows the PNGs and links the SVGs and CSVs, and DIR/results.json with
 * the same numbers for programs.  Every file is replaced atomically; DIR is
 * created when missing; errors (BELIEF_ERROR_IO) name the file.
 */
#pragma once

#include <glib.h>

#include "belief-figure.h"

G_BEGIN_DECLS

gboolean belief_figure_write            (const BeliefFigure       *fig,
                                         const char               *dir,
                                         GError                  **error);
/* All figures of the set. */
gboolean belief_figure_set_write        (const BeliefFigureSet    *set,
                                         const char               *dir,
                                         GError                  **error);
/* DIR/index.html and DIR/results.json for the sets, in order; they refer to
 * the figure files written by belief_figure_set_write().  intro may be NULL. */
gboolean belief_figure_sets_write_index (BeliefFigureSet * const  *sets,
                                         int                       n_sets,
                                         const char               *heading,
                                         const char               *intro,
                                         const char               *dir,
                                         GError                  **error);

G_END_DECLS
