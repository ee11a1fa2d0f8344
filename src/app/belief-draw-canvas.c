/* belief-draw-canvas.c: strokes from pointer, touch and pen. */
#include "belief-draw-canvas.h"

#include <glib/gi18n.h>
#include <math.h>

#include "belief-digitize.h"

#define PEN_WIDTH (1.0 / 12.0)  /* of the side */
#define MIN_STEP  0.004         /* canvas units between recorded points */

struct _BeliefDrawCanvas
{
  GtkWidget      parent_instance;

  BeliefStrokes *strokes;     /* canvas units */
  gboolean       drawing;
  double         start_x, start_y;  /* drag start, widget coordinates */
};

G_DEFINE_FINAL_TYPE (BeliefDrawCanvas, belief_draw_canvas, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The square: side and top-left corner in widget coordinates. */
static double
square (BeliefDrawCanvas *self,
        double           *x0,
        double           *y0)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double side = MAX (1.0, MIN (w, h));

  *x0 = floor ((w - side) / 2.0);
  *y0 = floor ((h - side) / 2.0);
  return side;
}

static void
to_canvas (BeliefDrawCanvas *self,
           double            x,
           double            y,
           double           *u,
           double           *v)
{
  double x0, y0, side = square (self, &x0, &y0);

  *u = CLAMP ((x - x0) / side, 0.0, 1.0);
  *v = CLAMP ((y - y0) / side, 0.0, 1.0);
}

static void
update_actions (BeliefDrawCanvas *self)
{
  gboolean empty = belief_strokes_is_empty (self->strokes);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.clear", !empty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.undo", !empty);
}

static void
changed (BeliefDrawCanvas *self)
{
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
stroke_begin (BeliefDrawCanvas *self,
              double            x,
              double            y)
{
  double u, v;

  to_canvas (self, x, y, &u, &v);
  belief_strokes_begin (self->strokes, u, v);
  self->drawing = TRUE;
  if (gtk_widget_get_focusable (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
  changed (self);
}

static void
stroke_to (BeliefDrawCanvas *self,
           double            x,
           double            y)
{
  const BeliefStroke *stroke;
  const BeliefStrokePoint *last;
  double u, v;

  if (!self->drawing || self->strokes->strokes->len == 0)
    return;
  stroke = g_ptr_array_index (self->strokes->strokes, self->strokes->strokes->len - 1);
  last = &g_array_index (stroke->points, BeliefStrokePoint, stroke->points->len - 1);
  to_canvas (self, x, y, &u, &v);
  if (hypot (u - last->x, v - last->y) < MIN_STEP)
    return;
  belief_strokes_add_point (self->strokes, u, v);
  changed (self);
}

/* ---- gestures ------------------------------------------------------------ */

static gboolean
is_pen (GtkGesture *gesture)
{
  GdkDevice *device = gtk_gesture_get_device (gesture);
  GdkInputSource source = device != NULL ? gdk_device_get_source (device) : GDK_SOURCE_MOUSE;

  return source == GDK_SOURCE_PEN;
}

static void
drag_begin_cb (GtkGestureDrag   *gesture,
               double            x,
               double            y,
               BeliefDrawCanvas *self)
{
  /* pens draw through the stylus gesture */
  if (is_pen (GTK_GESTURE (gesture)))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->start_x = x;
  self->start_y = y;
  stroke_begin (self, x, y);
}

static void
drag_update_cb (GtkGestureDrag   *gesture,
                double            dx,
                double            dy,
                BeliefDrawCanvas *self)
{
  stroke_to (self, self->start_x + dx, self->start_y + dy);
}

static void
drag_end_cb (GtkGestureDrag   *gesture,
             double            dx,
             double            dy,
             BeliefDrawCanvas *self)
{
  self->drawing = FALSE;
}

static void
stylus_down_cb (GtkGestureStylus *gesture,
                double            x,
                double            y,
                BeliefDrawCanvas *self)
{
  GdkDeviceTool *tool = gtk_gesture_stylus_get_device_tool (gesture);

  if (tool != NULL && gdk_device_tool_get_tool_type (tool) == GDK_DEVICE_TOOL_TYPE_ERASER)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  stroke_begin (self, x, y);
}

static void
stylus_motion_cb (GtkGestureStylus *gesture,
                  double            x,
                  double            y,
                  BeliefDrawCanvas *self)
{
  stroke_to (self, x, y);
}

static void
stylus_up_cb (GtkGestureStylus *gesture,
              double            x,
              double            y,
              BeliefDrawCanvas *self)
{
  self->drawing = FALSE;
}

/* ---- drawing ------------------------------------------------------------- */

static void
belief_draw_canvas_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  BeliefDrawCanvas *self = BELIEF_DRAW_CANVAS (widget);
  double x0, y0, side = square (self, &x0, &y0);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (x0, y0, side, side);
  GskRoundedRect outline;
  cairo_t *cr;

  gsk_rounded_rect_init_from_rect (&outline, &bounds, 8.0f);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 1 }, &bounds);

  if (belief_strokes_is_empty (self->strokes))
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, _("Draw a digit here"));
      PangoAttrList *attrs = pango_attr_list_new ();
      int lw, lh;

      pango_attr_list_insert (attrs, pango_attr_scale_new (1.6));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x0 + (side - lw) / 2, y0 + (side - lh) / 2));
      gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA) { 1, 1, 1, 0.45f });
      gtk_snapshot_restore (snapshot);
    }
  else
    {
      cr = gtk_snapshot_append_cairo (snapshot, &bounds);
      cairo_translate (cr, x0, y0);
      cairo_scale (cr, side, side);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, self->strokes->pen_width);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (guint i = 0; i < self->strokes->strokes->len; i++)
        {
          const BeliefStroke *stroke = g_ptr_array_index (self->strokes->strokes, i);

          for (guint k = 0; k < stroke->points->len; k++)
            {
              const BeliefStrokePoint *p = &g_array_index (stroke->points, BeliefStrokePoint, k);

              if (k == 0)
                cairo_move_to (cr, p->x, p->y);
              cairo_line_to (cr, p->x, p->y);
            }
          cairo_stroke (cr);
        }
      cairo_destroy (cr);
    }
  gtk_snapshot_pop (snapshot);
}

/* Square: as tall as it is wide, about 420 px unless the room is smaller. */
static GtkSizeRequestMode
belief_draw_canvas_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
belief_draw_canvas_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0)
    *minimum = *natural = for_size;
  else
    {
      *minimum = 240;
      *natural = 420;
    }
}

/* ---- actions and type ---------------------------------------------------- */

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  belief_draw_canvas_clear (BELIEF_DRAW_CANVAS (widget));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  belief_draw_canvas_undo (BELIEF_DRAW_CANVAS (widget));
}

static void
belief_draw_canvas_finalize (GObject *object)
{
  BeliefDrawCanvas *self = BELIEF_DRAW_CANVAS (object);

  g_clear_pointer (&self->strokes, belief_strokes_free);

  G_OBJECT_CLASS (belief_draw_canvas_parent_class)->finalize (object);
}

static void
belief_draw_canvas_class_init (BeliefDrawCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = belief_draw_canvas_finalize;
  widget_class->snapshot = belief_draw_canvas_snapshot;
  widget_class->measure = belief_draw_canvas_measure;
  widget_class->get_request_mode = belief_draw_canvas_get_request_mode;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "canvas.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "canvas.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "canvas.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "canvas.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "canvas.undo", NULL);

  gtk_widget_class_set_css_name (widget_class, "drawcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
belief_draw_canvas_init (BeliefDrawCanvas *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *stylus = gtk_gesture_stylus_new ();

  self->strokes = belief_strokes_new (PEN_WIDTH);

  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (stylus, "down", G_CALLBACK (stylus_down_cb), self);
  g_signal_connect (stylus, "motion", G_CALLBACK (stylus_motion_cb), self);
  g_signal_connect (stylus, "up", G_CALLBACK (stylus_up_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (stylus));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Digit drawing area"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Draw a digit with the mouse, a finger or a pen. "
                                    "Delete clears the drawing, Ctrl+Z undoes the last stroke."),
                                  -1);
  update_actions (self);
}

/* ---- public API ---------------------------------------------------------- */

GtkWidget *
belief_draw_canvas_new (void)
{
  return g_object_new (BELIEF_TYPE_DRAW_CANVAS, NULL);
}

gboolean
belief_draw_canvas_is_empty (BeliefDrawCanvas *self)
{
  g_return_val_if_fail (BELIEF_IS_DRAW_CANVAS (self), TRUE);
  return belief_strokes_is_empty (self->strokes);
}

guint
belief_draw_canvas_get_n_strokes (BeliefDrawCanvas *self)
{
  g_return_val_if_fail (BELIEF_IS_DRAW_CANVAS (self), 0);
  return self->strokes->strokes->len;
}

void
belief_draw_canvas_clear (BeliefDrawCanvas *self)
{
  g_return_if_fail (BELIEF_IS_DRAW_CANVAS (self));

  if (belief_strokes_is_empty (self->strokes))
    return;
  belief_strokes_clear (self->strokes);
  self->drawing = FALSE;
  changed (self);
}

gboolean
belief_draw_canvas_undo (BeliefDrawCanvas *self)
{
  g_return_val_if_fail (BELIEF_IS_DRAW_CANVAS (self), FALSE);

  if (!belief_strokes_undo (self->strokes))
    return FALSE;
  self->drawing = FALSE;
  changed (self);
  return TRUE;
}

void
belief_draw_canvas_add_stroke (BeliefDrawCanvas *self,
                               const double     *xy,
                               guint             n_points)
{
  g_return_if_fail (BELIEF_IS_DRAW_CANVAS (self));
  g_return_if_fail (n_points > 0 && xy != NULL);

  belief_strokes_begin (self->strokes, CLAMP (xy[0], 0.0, 1.0), CLAMP (xy[1], 0.0, 1.0));
  for (guint i = 1; i < n_points; i++)
    belief_strokes_add_point (self->strokes, CLAMP (xy[2 * i], 0.0, 1.0), CLAMP (xy[2 * i + 1], 0.0, 1.0));
  self->drawing = FALSE;
  changed (self);
}

gboolean
belief_draw_canvas_digitize (BeliefDrawCanvas *self,
                             int               size,
                             float            *out)
{
  g_return_val_if_fail (BELIEF_IS_DRAW_CANVAS (self), FALSE);
  g_return_val_if_fail (size > 0 && out != NULL, FALSE);

  return belief_strokes_digitize (self->strokes, size, out);
}
