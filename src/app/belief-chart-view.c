/* belief-chart-view.c: a line chart widget over belief_chart_render(). */
#include "belief-chart-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "belief-render-file.h"
#include "belief-status.h"

#define HOVER_RADIUS 24.0

typedef struct
{
  char              *name;
  BeliefRgb          color;
  BeliefSeriesStyle  style;
  double            *x, *y;     /* every point */
  int                n;
  double            *dx, *dy;   /* as drawn: x and y themselves, or min/max buckets */
  int                dn;
} Series;

struct _BeliefChartView
{
  GtkWidget          parent_instance;

  char              *title, *x_label, *y_label, *empty_text, *export_name;
  gboolean           log_scale;
  int                drawn_width;   /* of the widget when decimated */
  Series            *series;
  int                n_series;
  BeliefChartSeries *drawn;
  BeliefChart        chart;

  gboolean           has_pointer, has_hover;
  double             pointer_x, pointer_y;
  BeliefChartHit     hover;

  GtkWidget         *menu_button;
};

G_DEFINE_FINAL_TYPE (BeliefChartView, belief_chart_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_X_LABEL,
  PROP_Y_LABEL,
  PROP_EMPTY_TEXT,
  PROP_EXPORT_NAME,
  PROP_LOG_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- data ------------------------------------------------------------------ */

static void
sync_chart (BeliefChartView *self)
{
  self->chart = (BeliefChart) {
    .title = self->title, .x_label = self->x_label, .y_label = self->y_label,
    .log_y = self->log_scale, .series = self->drawn, .n_series = self->n_series,
    .empty_text = self->empty_text,
  };
}

static void
clear_series (BeliefChartView *self)
{
  for (int s = 0; s < self->n_series; s++)
    {
      Series *ser = &self->series[s];

      if (ser->dx != ser->x)
        g_free (ser->dx), g_free (ser->dy);
      g_free (ser->x), g_free (ser->y), g_free (ser->name);
    }
  g_clear_pointer (&self->series, g_free);
  g_clear_pointer (&self->drawn, g_free);
  self->n_series = 0;
}

/* n > 2 * n_buckets points into buckets of consecutive points, each
 * keeping its lowest and highest point in their order; a bucket without a
 * finite point keeps a gap. */
static int
bucket_min_max (const double *x,
                const double *y,
                int           n,
                int           n_buckets,
                double       *dx,
                double       *dy)
{
  int m = 0;

  for (int b = 0; b < n_buckets; b++)
    {
      int i0 = (int) ((gint64) n * b / n_buckets), i1 = (int) ((gint64) n * (b + 1) / n_buckets);
      int lo = -1, hi = -1;

      for (int i = i0; i < i1; i++)
        if (isfinite (y[i]))
          {
            if (lo < 0 || y[i] < y[lo])
              lo = i;
            if (hi < 0 || y[i] > y[hi])
              hi = i;
          }
      if (lo < 0)
        {
          dx[m] = x[i0], dy[m++] = NAN;
          continue;
        }
      dx[m] = x[MIN (lo, hi)], dy[m++] = y[MIN (lo, hi)];
      if (lo != hi)
        dx[m] = x[MAX (lo, hi)], dy[m++] = y[MAX (lo, hi)];
    }
  return m;
}

/* The points as drawn: lines get at most one point per pixel column of
 * the widget (the lowest and highest of every two columns; a denser zigzag
 * costs cairo dearly and shows nothing more) and MAX_DRAWN in all; points
 * with markers are all drawn. */
static void
decimate (BeliefChartView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  double lo = INFINITY, hi = -INFINITY;

  self->drawn_width = width;
  if (width <= 0)
    width = BELIEF_CHART_VIEW_MAX_DRAWN;
  for (int s = 0; s < self->n_series; s++)
    for (int i = 0; i < self->series[s].n; i++)
      lo = MIN (lo, self->series[s].x[i]), hi = MAX (hi, self->series[s].x[i]);
  for (int s = 0; s < self->n_series; s++)
    {
      Series *ser = &self->series[s];
      double slo = INFINITY, shi = -INFINITY;
      int n_buckets;

      for (int i = 0; i < ser->n; i++)
        slo = MIN (slo, ser->x[i]), shi = MAX (shi, ser->x[i]);
      n_buckets = hi > lo ? (int) ceil ((shi - slo) / (hi - lo) * width / 2.0) : 1;
      n_buckets = CLAMP (n_buckets, 1, BELIEF_CHART_VIEW_MAX_DRAWN / 2);
      if (ser->dx != ser->x)
        g_free (ser->dx), g_free (ser->dy);
      if (ser->n <= 2 * n_buckets || ser->style == BELIEF_SERIES_LINE_MARKERS)
        ser->dx = ser->x, ser->dy = ser->y, ser->dn = ser->n;
      else
        {
          ser->dx = g_new (double, 2 * n_buckets);
          ser->dy = g_new (double, 2 * n_buckets);
          ser->dn = bucket_min_max (ser->x, ser->y, ser->n, n_buckets, ser->dx, ser->dy);
        }
      self->drawn[s] = (BeliefChartSeries) { ser->name, ser->color, ser->dx, ser->dy, ser->dn, ser->style };
    }
  sync_chart (self);
}

/* ---- hover ------------------------------------------------------------------- */

/* Finds the point under the pointer; TRUE when what is shown changed. */
static gboolean
find_hover (BeliefChartView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  gboolean had = self->has_hover;
  BeliefChartHit old = self->hover;
  BeliefRenderStyle style;

  self->has_hover = FALSE;
  if (self->has_pointer && width > 0 && height > 0)
    {
      belief_widget_get_render_style (GTK_WIDGET (self), &style);
      self->has_hover = belief_chart_hit_test (&self->chart, &style, width, height,
                                               self->pointer_x, self->pointer_y,
                                               HOVER_RADIUS, &self->hover);
    }
  if (had != self->has_hover)
    return TRUE;
  return self->has_hover && memcmp (&old, &self->hover, sizeof old) != 0;
}

static void
update_hover (BeliefChartView *self)
{
  if (find_hover (self))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           BeliefChartView          *self)
{
  self->has_pointer = TRUE;
  self->pointer_x = x, self->pointer_y = y;
  update_hover (self);
}

static void
leave_cb (GtkEventControllerMotion *motion,
          BeliefChartView          *self)
{
  self->has_pointer = FALSE;
  update_hover (self);
}

static char *
format_value (double v)
{
  if (v == floor (v) && v >= 0.0 && v < 1e15)
    return belief_status_format_count ((guint64) v);
  return g_strdup_printf ("%.4g", v);
}

static void
draw_hover (BeliefChartView         *self,
            cairo_t                 *cr,
            double                   width,
            double                   height,
            const BeliefRenderStyle *style)
{
  const BeliefChartSeries *ser = &self->chart.series[self->hover.series];
  g_autofree char *xs = format_value (self->hover.x);
  g_autofree char *ys = format_value (self->hover.y);
  g_autofree char *line1 = g_strdup_printf ("%s: %s", self->x_label ? self->x_label : "x", xs);
  g_autofree char *line2 = g_strdup_printf ("%s: %s", self->y_label ? self->y_label : "y", ys);
  const char *lines[3] = { ser->name ? ser->name : "", line1, line2 };
  double px = self->hover.px, py = self->hover.py, pad = 6.0, fh, w = 0.0, h, bx, by;

  cairo_new_sub_path (cr);
  cairo_arc (cr, px, py, style->line_width + 3.0, 0.0, 2.0 * G_PI);
  belief_render_set_rgb (cr, &ser->color);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 2.0);
  belief_render_set_rgb (cr, &style->background);
  cairo_stroke (cr);

  for (int i = 0; i < 3; i++)
    {
      belief_render_set_font (cr, style->font_size, i == 0);
      w = MAX (w, belief_render_text_width (cr, lines[i]));
    }
  fh = belief_render_font_height (cr);
  w = ceil (MIN (w, width - 4.0 - 2.0 * pad) + 2.0 * pad);
  h = ceil (3.0 * fh + 4.0 + 2.0 * pad);
  bx = px + 12.0 + w <= width - 2.0 ? px + 12.0 : px - 12.0 - w;
  by = py - 12.0 - h >= 2.0 ? py - 12.0 - h : py + 12.0;
  bx = round (CLAMP (bx, 2.0, MAX (2.0, width - 2.0 - w)));
  by = round (CLAMP (by, 2.0, MAX (2.0, height - 2.0 - h)));

  cairo_rectangle (cr, bx + 0.5, by + 0.5, w, h);
  belief_render_set_rgba (cr, &style->legend_bg, 0.96);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0);
  belief_render_set_rgb (cr, &style->axis);
  cairo_stroke (cr);
  belief_render_set_rgb (cr, &style->foreground);
  for (int i = 0; i < 3; i++)
    {
      belief_render_set_font (cr, style->font_size, i == 0);
      belief_render_show_text (cr, lines[i], bx + pad, by + pad + i * (fh + 2.0), 0.0, w - 2.0 * pad);
    }
}

/* ---- menu and export ------------------------------------------------------------ */

static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      BeliefChartView *self)
{
  gtk_menu_button_popup (GTK_MENU_BUTTON (self->menu_button));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static gboolean
export_write (GtkWidget   *widget,
              const char  *filename,
              GError     **error)
{
  return belief_chart_view_export (BELIEF_CHART_VIEW (widget), filename, error);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BeliefChartView *self = BELIEF_CHART_VIEW (widget);
  const char *ext = strrchr (action_name, '-') + 1;   /* chart.export-png: "png" */
  const char *title = g_str_equal (ext, "png") ? _("Export Chart as PNG")
                    : g_str_equal (ext, "svg") ? _("Export Chart as SVG")
                    : _("Export Chart Data as CSV");

  belief_widget_export_to_file (widget, title, self->export_name ? self->export_name : "chart",
                                ext, export_write);
}

typedef struct
{
  const BeliefChart *chart;
  BeliefRenderStyle  style;
} ChartPicture;

static void
draw_picture (cairo_t  *cr,
              double    width,
              double    height,
              gpointer  user_data)
{
  ChartPicture *picture = user_data;

  belief_chart_render (cr, width, height, picture->chart, &picture->style);
}

/* ---- GtkWidget ---------------------------------------------------------------------- */

static void
belief_chart_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  BeliefChartView *self = BELIEF_CHART_VIEW (widget);
  int button_min = 0;

  gtk_widget_measure (self->menu_button, orientation, -1, &button_min, NULL, NULL, NULL);
  *minimum = MAX (orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160, button_min);
  *natural = MAX (*minimum, orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 280);
}

static void
belief_chart_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  BeliefChartView *self = BELIEF_CHART_VIEW (widget);
  GtkRequisition size;

  if (width != self->drawn_width)
    decimate (self);
  gtk_widget_get_preferred_size (self->menu_button, NULL, &size);
  gtk_widget_size_allocate (self->menu_button,
                            &(GtkAllocation) { MAX (0, width - size.width - 3), 3,
                                               size.width, size.height }, -1);
  find_hover (self);
}

static void
belief_chart_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  BeliefChartView *self = BELIEF_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  BeliefRenderStyle style;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  belief_widget_get_render_style (widget, &style);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  belief_chart_render (cr, width, height, &self->chart, &style);
  if (self->has_hover)
    draw_hover (self, cr, width, height, &style);
  cairo_destroy (cr);
  gtk_widget_snapshot_child (widget, self->menu_button, snapshot);
}

static void
belief_chart_view_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (belief_chart_view_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);   /* light or dark may have changed */
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
belief_chart_view_dispose (GObject *object)
{
  BeliefChartView *self = BELIEF_CHART_VIEW (object);

  g_clear_pointer (&self->menu_button, gtk_widget_unparent);
  g_object_set_data (object, "belief-export-chooser", NULL);
  clear_series (self);
  sync_chart (self);

  G_OBJECT_CLASS (belief_chart_view_parent_class)->dispose (object);
}

static void
belief_chart_view_finalize (GObject *object)
{
  BeliefChartView *self = BELIEF_CHART_VIEW (object);

  g_free (self->title);
  g_free (self->x_label);
  g_free (self->y_label);
  g_free (self->empty_text);
  g_free (self->export_name);

  G_OBJECT_CLASS (belief_chart_view_parent_class)->finalize (object);
}

static char **
string_field (BeliefChartView *self,
              guint            prop_id)
{
  switch (prop_id)
    {
    case PROP_TITLE:       return &self->title;
    case PROP_X_LABEL:     return &self->x_label;
    case PROP_Y_LABEL:     return &self->y_label;
    case PROP_EMPTY_TEXT:  return &self->empty_text;
    case PROP_EXPORT_NAME: return &self->export_name;
    default:               return NULL;
    }
}

static void
set_string (BeliefChartView *self,
            guint            prop_id,
            const char      *value)
{
  char **field = string_field (self, prop_id);

  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  sync_chart (self);
  if (prop_id == PROP_TITLE)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    value ? value : "", -1);
  update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
belief_chart_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BeliefChartView *self = BELIEF_CHART_VIEW (object);

  if (prop_id == PROP_LOG_SCALE)
    g_value_set_boolean (value, self->log_scale);
  else if (string_field (self, prop_id) != NULL)
    g_value_set_string (value, *string_field (self, prop_id));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
belief_chart_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BeliefChartView *self = BELIEF_CHART_VIEW (object);

  if (prop_id == PROP_LOG_SCALE)
    belief_chart_view_set_log_scale (self, g_value_get_boolean (value));
  else if (string_field (self, prop_id) != NULL)
    set_string (self, prop_id, g_value_get_string (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
belief_chart_view_class_init (BeliefChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = belief_chart_view_dispose;
  object_class->finalize = belief_chart_view_finalize;
  object_class->get_property = belief_chart_view_get_property;
  object_class->set_property = belief_chart_view_set_property;
  widget_class->measure = belief_chart_view_measure;
  widget_class->size_allocate = belief_chart_view_size_allocate;
  widget_class->snapshot = belief_chart_view_snapshot;
  widget_class->css_changed = belief_chart_view_css_changed;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_X_LABEL] = g_param_spec_string ("x-label", NULL, NULL, NULL, rw);
  properties[PROP_Y_LABEL] = g_param_spec_string ("y-label", NULL, NULL, NULL, rw);
  properties[PROP_EMPTY_TEXT] = g_param_spec_string ("empty-text", NULL, NULL, NULL, rw);
  properties[PROP_EXPORT_NAME] = g_param_spec_string ("export-name", NULL, NULL, NULL, rw);
  properties[PROP_LOG_SCALE] = g_param_spec_boolean ("log-scale", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "chart.export-png", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "chart.export-svg", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "chart.export-csv", NULL, export_action);
  gtk_widget_class_set_css_name (widget_class, "chartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
belief_chart_view_init (BeliefChartView *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_menu_append (menu, _("Export as PNG…"), "chart.export-png");
  g_menu_append (menu, _("Export as SVG…"), "chart.export-svg");
  g_menu_append (menu, _("Export data as CSV…"), "chart.export-csv");

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (self->menu_button, _("Export"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Export"), -1);
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (self->menu_button), FALSE);
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  sync_chart (self);
}

/* ---- public API ------------------------------------------------------------------------ */

GtkWidget *
belief_chart_view_new (void)
{
  return g_object_new (BELIEF_TYPE_CHART_VIEW, NULL);
}

#define DEFINE_STRING_SETTER(name, prop)                                  \
  void belief_chart_view_set_##name (BeliefChartView *self, const char *value) \
  {                                                                       \
    g_return_if_fail (BELIEF_IS_CHART_VIEW (self));                       \
    set_string (self, prop, value);                                       \
  }

DEFINE_STRING_SETTER (title, PROP_TITLE)
DEFINE_STRING_SETTER (x_label, PROP_X_LABEL)
DEFINE_STRING_SETTER (y_label, PROP_Y_LABEL)
DEFINE_STRING_SETTER (empty_text, PROP_EMPTY_TEXT)
DEFINE_STRING_SETTER (export_name, PROP_EXPORT_NAME)

void
belief_chart_view_set_log_scale (BeliefChartView *self,
                                 gboolean         log_scale)
{
  g_return_if_fail (BELIEF_IS_CHART_VIEW (self));

  log_scale = !!log_scale;
  if (self->log_scale == log_scale)
    return;
  self->log_scale = log_scale;
  sync_chart (self);
  update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);
}

gboolean
belief_chart_view_get_log_scale (BeliefChartView *self)
{
  g_return_val_if_fail (BELIEF_IS_CHART_VIEW (self), FALSE);
  return self->log_scale;
}

void
belief_chart_view_set_series (BeliefChartView         *self,
                              const BeliefChartSeries *series,
                              int                      n_series)
{
  g_return_if_fail (BELIEF_IS_CHART_VIEW (self));
  g_return_if_fail (n_series == 0 || series != NULL);

  clear_series (self);
  self->n_series = MAX (n_series, 0);
  self->series = g_new0 (Series, self->n_series);
  self->drawn = g_new0 (BeliefChartSeries, self->n_series);
  for (int s = 0; s < self->n_series; s++)
    {
      Series *ser = &self->series[s];
      int n = MAX (series[s].n, 0);

      ser->name = g_strdup (series[s].name);
      ser->color = series[s].color;
      ser->style = series[s].style;
      ser->n = n;
      ser->x = ser->dx = g_memdup2 (series[s].x, sizeof (double) * n);
      ser->y = ser->dy = g_memdup2 (series[s].y, sizeof (double) * n);
    }
  decimate (self);
  find_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
belief_chart_view_get_n_points (BeliefChartView *self)
{
  guint n = 0;

  g_return_val_if_fail (BELIEF_IS_CHART_VIEW (self), 0);
  for (int s = 0; s < self->n_series; s++)
    n += self->series[s].n;
  return n;
}

const BeliefChart *
belief_chart_view_get_chart (BeliefChartView *self)
{
  g_return_val_if_fail (BELIEF_IS_CHART_VIEW (self), NULL);
  return &self->chart;
}

gboolean
belief_chart_view_get_hover (BeliefChartView *self,
                             BeliefChartHit  *hit)
{
  g_return_val_if_fail (BELIEF_IS_CHART_VIEW (self), FALSE);
  if (self->has_hover && hit != NULL)
    *hit = self->hover;
  return self->has_hover;
}

gboolean
belief_chart_view_export (BeliefChartView  *self,
                          const char       *filename,
                          GError          **error)
{
  const char *ext;
  ChartPicture picture;
  int width, height;

  g_return_val_if_fail (BELIEF_IS_CHART_VIEW (self), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  ext = strrchr (filename, '.');
  if (ext != NULL && g_ascii_strcasecmp (ext, ".csv") == 0)
    {
      g_autofree BeliefChartSeries *all = g_new0 (BeliefChartSeries, MAX (self->n_series, 1));
      BeliefChart chart = self->chart;

      for (int s = 0; s < self->n_series; s++)
        {
          all[s] = self->drawn[s];
          all[s].x = self->series[s].x, all[s].y = self->series[s].y, all[s].n = self->series[s].n;
        }
      chart.series = all;
      return belief_chart_write_csv (filename, &chart, error);
    }

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    width = 800, height = 500;
  picture.chart = &self->chart;
  belief_render_style_light (&picture.style);
  return belief_render_write_file (filename, MAX (width, 480), MAX (height, 300), 2,
                                   draw_picture, &picture, error);
}

/* ---- shared by the views ------------------------------------------------------------- */

void
belief_widget_get_render_style (GtkWidget         *widget,
                                BeliefRenderStyle *style)
{
  GtkStyleContext *context;
  GdkRGBA fg, bg;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (style != NULL);

  context = gtk_widget_get_style_context (widget);
  gtk_style_context_get_color (context, &fg);
  if (0.3 * fg.red + 0.6 * fg.green + 0.1 * fg.blue > 0.5)
    belief_render_style_dark (style);
  else
    belief_render_style_light (style);
  style->foreground = (BeliefRgb) { fg.red, fg.green, fg.blue };
  if (gtk_style_context_lookup_color (context, "theme_base_color", &bg) && bg.alpha > 0.99f)
    style->background = (BeliefRgb) { bg.red, bg.green, bg.blue };
}

typedef struct
{
  BeliefExportFunc  write;
  char             *extension;
} ExportRequest;

static void
export_request_free (gpointer data)
{
  ExportRequest *request = data;

  g_free (request->extension);
  g_free (request);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    GtkWidget       *widget)
{
  ExportRequest *request = g_object_get_data (G_OBJECT (chooser), "belief-export");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *suffix = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("Only files on this computer can be written"));
      else
        {
          lower = g_ascii_strdown (path, -1);
          suffix = g_strconcat (".", request->extension, NULL);
          if (!g_str_has_suffix (lower, suffix))
            {
              char *with = g_strconcat (path, suffix, NULL);

              g_free (path);
              path = with;
            }
          request->write (widget, path, &error);
        }
      if (error != NULL)
        belief_widget_show_error (widget, _("The file could not be written"), error);
    }
  g_object_set_data (G_OBJECT (widget), "belief-export-chooser", NULL);
}

void
belief_widget_export_to_file (GtkWidget        *widget,
                              const char       *title,
                              const char       *basename,
                              const char       *extension,
                              BeliefExportFunc  write)
{
  GtkRoot *root;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autofree char *upper = NULL;
  ExportRequest *request;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (basename != NULL && extension != NULL && write != NULL);

  root = gtk_widget_get_root (widget);
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = g_strconcat (basename, ".", extension, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  upper = g_ascii_strup (extension, -1);
  gtk_file_filter_set_name (filter, upper);
  gtk_file_filter_add_suffix (filter, extension);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  request = g_new0 (ExportRequest, 1);
  request->write = write;
  request->extension = g_strdup (extension);
  g_object_set_data_full (G_OBJECT (chooser), "belief-export", request, export_request_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), widget, 0);
  /* lives while it is shown, never longer than the widget */
  g_object_set_data_full (G_OBJECT (widget), "belief-export-chooser", chooser, g_object_unref);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
error_response_cb (GtkDialog *dialog,
                   int        response,
                   gpointer   user_data)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
belief_widget_show_error (GtkWidget    *widget,
                          const char   *primary,
                          const GError *error)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (error != NULL);

  root = gtk_widget_get_root (widget);
  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
  g_signal_connect (dialog, "response", G_CALLBACK (error_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}
