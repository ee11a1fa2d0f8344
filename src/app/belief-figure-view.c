/* belief-figure-view.c: a figure drawn with cairo and a caption label. */
#include "belief-figure-view.h"

#include "belief-chart-view.h"
#include "belief-figure-render.h"

#define CHART_ASPECT   (10.0 / 16.0)
#define CHART_MAX      760     /* widest chart, in logical pixels (its natural size) */
#define MIN_WIDTH      240
#define IMAGES_SCALE   1.5     /* image grids up to 1.5 times their natural size */
#define CAPTION_GAP    6

struct _BeliefFigureView
{
  GtkWidget     parent_instance;

  BeliefFigure *figure;
  int           natural_width, natural_height;
  guint         n_draws;
  GtkWidget    *caption;
};

G_DEFINE_FINAL_TYPE (BeliefFigureView, belief_figure_view, GTK_TYPE_WIDGET)

/* ---- geometry ---------------------------------------------------------------- */

static int
max_drawing_width (BeliefFigureView *self)
{
  if (self->figure == NULL || self->figure->kind == BELIEF_FIGURE_CHART)
    return CHART_MAX;
  return MAX ((int) (self->natural_width * IMAGES_SCALE), MIN_WIDTH);
}

/* The drawing's size in a widget `width` wide. */
static void
drawing_size (BeliefFigureView *self,
              int               width,
              int              *dw,
              int              *dh)
{
  double aspect = CHART_ASPECT;

  if (self->figure != NULL && self->figure->kind == BELIEF_FIGURE_IMAGES
      && self->natural_width > 0 && self->natural_height > 0)
    aspect = (double) self->natural_height / self->natural_width;
  *dw = MIN (MAX (width, 1), max_drawing_width (self));
  *dh = (int) (*dw * aspect + 0.5);
}

static int
caption_height (BeliefFigureView *self,
                int               width)
{
  int height = 0;

  if (!gtk_widget_get_visible (self->caption))
    return 0;
  gtk_widget_measure (self->caption, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  return CAPTION_GAP + height;
}

static GtkSizeRequestMode
belief_figure_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
belief_figure_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  BeliefFigureView *self = BELIEF_FIGURE_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = max_drawing_width (self);
    }
  else
    {
      int width = for_size >= 0 ? for_size : max_drawing_width (self);
      int dw, dh;

      drawing_size (self, width, &dw, &dh);
      *minimum = *natural = dh + caption_height (self, dw);
    }
}

static void
belief_figure_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  BeliefFigureView *self = BELIEF_FIGURE_VIEW (widget);
  int dw, dh, ch;

  drawing_size (self, width, &dw, &dh);
  ch = caption_height (self, dw);
  if (ch > 0)
    gtk_widget_size_allocate (self->caption,
                              &(GtkAllocation) { (width - dw) / 2, dh + CAPTION_GAP,
                                                 dw, ch - CAPTION_GAP }, -1);
}

static void
belief_figure_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  BeliefFigureView *self = BELIEF_FIGURE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  BeliefRenderStyle style;
  int dw, dh;
  cairo_t *cr;

  drawing_size (self, width, &dw, &dh);
  if (self->figure != NULL && dw > 0 && dh > 0)
    {
      belief_widget_get_render_style (widget, &style);
      cr = gtk_snapshot_append_cairo (snapshot,
                                      &GRAPHENE_RECT_INIT ((width - dw) / 2, 0, dw, dh));
      cairo_translate (cr, (width - dw) / 2, 0);
      belief_figure_render (cr, dw, dh, self->figure, &style);
      cairo_destroy (cr);
      self->n_draws++;
    }
  gtk_widget_snapshot_child (widget, self->caption, snapshot);
}

static void
belief_figure_view_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (belief_figure_view_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);   /* light or dark may have changed */
}

/* ---- public API ------------------------------------------------------------------ */

GtkWidget *
belief_figure_view_new (void)
{
  return g_object_new (BELIEF_TYPE_FIGURE_VIEW, NULL);
}

void
belief_figure_view_set_figure (BeliefFigureView   *self,
                               const BeliefFigure *fig)
{
  int old_w, old_h;
  const char *caption;

  g_return_if_fail (BELIEF_IS_FIGURE_VIEW (self));

  old_w = self->natural_width;
  old_h = self->natural_height;
  g_clear_pointer (&self->figure, belief_figure_free);
  self->natural_width = self->natural_height = 0;
  if (fig != NULL)
    {
      self->figure = belief_figure_copy (fig);
      belief_figure_natural_size (fig, &self->natural_width, &self->natural_height);
    }
  caption = fig != NULL && fig->caption != NULL ? fig->caption : "";
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (self->caption)), caption) != 0)
    gtk_label_set_text (GTK_LABEL (self->caption), caption);
  gtk_widget_set_visible (self->caption, *caption != '\0');
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  fig != NULL && fig->title != NULL ? fig->title : "", -1);
  if (old_w != self->natural_width || old_h != self->natural_height)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const BeliefFigure *
belief_figure_view_get_figure (BeliefFigureView *self)
{
  g_return_val_if_fail (BELIEF_IS_FIGURE_VIEW (self), NULL);
  return self->figure;
}

guint
belief_figure_view_get_n_draws (BeliefFigureView *self)
{
  g_return_val_if_fail (BELIEF_IS_FIGURE_VIEW (self), 0);
  return self->n_draws;
}

/* ---- GObject -------------------------------------------------------------------- */

static void
belief_figure_view_dispose (GObject *object)
{
  BeliefFigureView *self = BELIEF_FIGURE_VIEW (object);

  g_clear_pointer (&self->caption, gtk_widget_unparent);
  g_clear_pointer (&self->figure, belief_figure_free);

  G_OBJECT_CLASS (belief_figure_view_parent_class)->dispose (object);
}

static void
belief_figure_view_class_init (BeliefFigureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = belief_figure_view_dispose;
  widget_class->get_request_mode = belief_figure_view_get_request_mode;
  widget_class->measure = belief_figure_view_measure;
  widget_class->size_allocate = belief_figure_view_size_allocate;
  widget_class->snapshot = belief_figure_view_snapshot;
  widget_class->css_changed = belief_figure_view_css_changed;
  gtk_widget_class_set_css_name (widget_class, "figureview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
belief_figure_view_init (BeliefFigureView *self)
{
  self->caption = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->caption), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->caption), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->caption), 0.0f);
  gtk_label_set_selectable (GTK_LABEL (self->caption), FALSE);
  gtk_widget_add_css_class (self->caption, "caption");
  gtk_widget_add_css_class (self->caption, "dim-label");
  gtk_widget_set_visible (self->caption, FALSE);
  gtk_widget_set_parent (self->caption, GTK_WIDGET (self));
}
