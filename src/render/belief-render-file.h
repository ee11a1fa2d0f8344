/* belief-render-file.h: pictures and chart data to files, for belief-cli.
 *
 * Every file is written atomically: into "<name>.XXXXXX" in the same
 * folder, flushed, then renamed over <name>; on failure the temporary file
 * is removed and the GError (BELIEF_ERROR, BELIEF_ERROR_IO) names the file.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "belief-chart-render.h"

G_BEGIN_DECLS

/* Draws a picture of width x height user units, e.g. a closure around
 * belief_chart_render(). */
typedef void (*BeliefDrawFunc) (cairo_t  *cr,
                                 double    width,
                                 double    height,
                                 gpointer  user_data);

/* The type comes from the extension (case-insensitive): ".png" is an image
 * of (width * scale) x (height * scale) pixels, scale 1 or 2; ".svg" and
 * ".pdf" are vector pictures of width x height points (scale unused).
 * Another extension is BELIEF_ERROR_FORMAT. */
gboolean belief_render_write_file (const char      *filename,
                                   int              width,
                                   int              height,
                                   int              scale,
                                   BeliefDrawFunc   draw,
                                   gpointer         user_data,
                                   GError         **error);

/* The chart's points in long format: a header "series,x,y" and one line per
 * point, numbers in the C locale with round-trip precision, names quoted
 * when they need it. */
char    *belief_chart_to_csv      (const BeliefChart  *chart);
gboolean belief_chart_write_csv   (const char         *filename,
                                   const BeliefChart  *chart,
                                   GError            **error);

G_END_DECLS
