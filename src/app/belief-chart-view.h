/* belief-chart-view.h: one line chart on screen.
 *
 * Draws a BeliefChart with belief_chart_render() inside its snapshot, in
 * the light or dark style of the theme.  The widget owns copies of the
 * series it is given; a line is drawn with at most one point per pixel
 * column and BELIEF_CHART_VIEW_MAX_DRAWN in all (min/max buckets, so spikes
 * survive), while "Export data as CSV…" writes every point.  Hovering marks the
 * nearest point and shows its values; the menu of the corner button (also
 * on a right click) exports the chart as PNG, SVG or CSV.
 *
 * The helpers at the end are shared by the other views: the render style of
 * a widget's theme, asking for a file to export to, and error dialogs.
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-chart-layout.h"
#include "belief-chart-render.h"

G_BEGIN_DECLS

#define BELIEF_CHART_VIEW_MAX_DRAWN 2000

#define BELIEF_TYPE_CHART_VIEW (belief_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (BeliefChartView, belief_chart_view, BELIEF, CHART_VIEW, GtkWidget)

GtkWidget         *belief_chart_view_new            (void);

void               belief_chart_view_set_title      (BeliefChartView *self,
                                                     const char      *title);
void               belief_chart_view_set_x_label    (BeliefChartView *self,
                                                     const char      *label);
void               belief_chart_view_set_y_label    (BeliefChartView *self,
                                                     const char      *label);
/* Shown instead of the axes while no series has a point. */
void               belief_chart_view_set_empty_text (BeliefChartView *self,
                                                     const char      *text);
/* File name without extension suggested by the export menu. */
void               belief_chart_view_set_export_name (BeliefChartView *self,
                                                      const char      *name);
void               belief_chart_view_set_log_scale  (BeliefChartView *self,
                                                     gboolean         log_scale);
gboolean           belief_chart_view_get_log_scale  (BeliefChartView *self);

/* Replaces every series; names and points are copied. */
void               belief_chart_view_set_series     (BeliefChartView         *self,
                                                     const BeliefChartSeries *series,
                                                     int                      n_series);
/* Points over all series, as given (not as drawn). */
guint              belief_chart_view_get_n_points   (BeliefChartView *self);
/* The chart as drawn; borrowed until the next change of the widget. */
const BeliefChart *belief_chart_view_get_chart      (BeliefChartView *self);
/* The point under the pointer; FALSE when none. */
gboolean           belief_chart_view_get_hover      (BeliefChartView *self,
                                                     BeliefChartHit  *hit);

/* Writes the chart to filename, the type taken from its extension: .png
 * (twice the on-screen size in pixels), .svg or .pdf in the light style, or
 * .csv with every point. */
gboolean           belief_chart_view_export         (BeliefChartView  *self,
                                                     const char       *filename,
                                                     GError          **error);

/* --- shared by the views --------------------------------------------------- */

/* The light or dark preset following the widget's theme colours. */
void     belief_widget_get_render_style (GtkWidget         *widget,
                                         BeliefRenderStyle *style);

typedef gboolean (*BeliefExportFunc) (GtkWidget   *widget,
                                      const char  *filename,
                                      GError     **error);

/* Asks for a file to save to (suggested "basename.extension"), adds the
 * extension when the name has none, calls write, and shows its error. */
void     belief_widget_export_to_file   (GtkWidget        *widget,
                                         const char       *title,
                                         const char       *basename,
                                         const char       *extension,
                                         BeliefExportFunc  write);
void     belief_widget_show_error       (GtkWidget    *widget,
                                         const char   *primary,
                                         const GError *error);

G_END_DECLS
