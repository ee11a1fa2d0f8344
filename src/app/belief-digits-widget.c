/* belief-digits-widget.c: belief_digits_render / belief_prob_bars_render in a
 * widget (gtk_snapshot_append_cairo), like the CLI draws them to files. */
#include "belief-digits-widget.h"

#include <string.h>

#include "belief-render-file.h"

struct _BeliefDigitsWidget
{
  GtkWidget  parent_instance;

  float     *images;      /* (count, rows * cols) */
  int        count, rows, cols, grid_cols;
  char     **captions;    /* count entries, or NULL */
  float     *mask;        /* rows * cols, or NULL */
  gboolean  *marked;      /* count entries, or NULL */
  float     *probs;       /* n_probs, or NULL */
  int        n_probs;
  char      *placeholder;
  int        square;      /* > 0: as tall as wide, up to this */
};

G_DEFINE_FINAL_TYPE (BeliefDigitsWidget, belief_digits_widget, GTK_TYPE_WIDGET)

/* The render style of the theme: dark when the text is light, with the
 * view's own background so that the pictures sit on it seamlessly. */
static void
get_style (GtkWidget         *widget,
           BeliefRenderStyle *style)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GdkRGBA fg, bg;

  gtk_style_context_get_color (context, &fg);
  if (0.3 * fg.red + 0.6 * fg.green + 0.1 * fg.blue > 0.5)
    belief_render_style_dark (style);
  else
    belief_render_style_light (style);
  if (gtk_style_context_lookup_color (context, "theme_base_color", &bg))
    style->background = (BeliefRgb) { bg.red, bg.green, bg.blue };
  style->foreground = (BeliefRgb) { fg.red, fg.green, fg.blue };
}

static void
fill_digits (BeliefDigitsWidget *self,
             BeliefDigits       *digits)
{
  *digits = (BeliefDigits) {
    .images = self->images, .count = self->count, .rows = self->rows, .cols = self->cols,
    .grid_cols = self->grid_cols, .ink = BELIEF_INK_LIGHT_ON_DARK,
    .captions = (const char * const *) self->captions, .selected = -1,
  };
}

static void
draw_mask (BeliefDigitsWidget      *self,
           cairo_t                 *cr,
           double                   width,
           double                   height,
           const BeliefDigits      *digits,
           const BeliefRenderStyle *style)
{
  BeliefRect r;
  double sx, sy;

  if (!belief_digits_get_cell_rect (digits, style, width, height, 0, &r))
    return;
  sx = r.width / self->cols;
  sy = r.height / self->rows;
  for (int p = 0; p < self->rows * self->cols; p++)
    if (self->mask[p] < 0.5f)
      cairo_rectangle (cr, r.x + (p % self->cols) * sx, r.y + (p / self->cols) * sy, sx, sy);
  cairo_set_source_rgba (cr, 0.90, 0.38, 0.0, 0.45);
  cairo_fill (cr);
}

/* A frame in the theme's error colour around each marked image. */
static void
draw_marks (BeliefDigitsWidget      *self,
            cairo_t                 *cr,
            double                   width,
            double                   height,
            const BeliefDigits      *digits,
            const BeliefRenderStyle *style)
{
  GdkRGBA error = { 0.75f, 0.11f, 0.16f, 1.0f };

  gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                  "error_color", &error);
  cairo_set_source_rgb (cr, error.red, error.green, error.blue);
  cairo_set_line_width (cr, 2.0);
  for (int k = 0; k < self->count; k++)
    {
      BeliefRect r;

      if (self->marked[k] && belief_digits_get_cell_rect (digits, style, width, height, k, &r))
        cairo_rectangle (cr, r.x - 1.0, r.y - 1.0, r.width + 2.0, r.height + 2.0);
    }
  cairo_stroke (cr);
}

static void
belief_digits_widget_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  BeliefDigitsWidget *self = BELIEF_DIGITS_WIDGET (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  BeliefRenderStyle style;
  cairo_t *cr;

  if (self->count == 0 && self->n_probs == 0)
    {
      g_autoptr(PangoLayout) layout = NULL;
      GdkRGBA fg;
      int lw, lh;

      if (self->placeholder == NULL)
        return;
      layout = gtk_widget_create_pango_layout (widget, self->placeholder);
      pango_layout_set_width (layout, MAX (1, width - 24) * PANGO_SCALE);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (12, (height - lh) / 2.0f));
      gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
      fg.alpha *= 0.55f;
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);
      return;
    }

  get_style (widget, &style);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->n_probs > 0)
    {
      BeliefProbBars bars = { .probs = self->probs, .n = self->n_probs, .highlight = -1 };

      belief_prob_bars_render (cr, width, height, &bars, &style);
    }
  else
    {
      BeliefDigits digits;

      fill_digits (self, &digits);
      belief_digits_render (cr, width, height, &digits, &style);
      if (self->mask != NULL)
        draw_mask (self, cr, width, height, &digits, &style);
      if (self->marked != NULL)
        draw_marks (self, cr, width, height, &digits, &style);
    }
  cairo_destroy (cr);
}

static GtkSizeRequestMode
belief_digits_widget_get_request_mode (GtkWidget *widget)
{
  return BELIEF_DIGITS_WIDGET (widget)->square > 0 ? GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH
                                                   : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
belief_digits_widget_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  BeliefDigitsWidget *self = BELIEF_DIGITS_WIDGET (widget);

  *minimum = 48;
  *natural = 160;
  if (self->square > 0 && orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0)
    *natural = CLAMP (for_size, *minimum, self->square);
}

static void
belief_digits_widget_finalize (GObject *object)
{
  BeliefDigitsWidget *self = BELIEF_DIGITS_WIDGET (object);

  g_free (self->images);
  g_strfreev (self->captions);
  g_free (self->mask);
  g_free (self->marked);
  g_free (self->probs);
  g_free (self->placeholder);

  G_OBJECT_CLASS (belief_digits_widget_parent_class)->finalize (object);
}

static void
belief_digits_widget_class_init (BeliefDigitsWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = belief_digits_widget_finalize;
  widget_class->snapshot = belief_digits_widget_snapshot;
  widget_class->measure = belief_digits_widget_measure;
  widget_class->get_request_mode = belief_digits_widget_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "digits");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
belief_digits_widget_init (BeliefDigitsWidget *self)
{
}

GtkWidget *
belief_digits_widget_new (void)
{
  return g_object_new (BELIEF_TYPE_DIGITS_WIDGET, NULL);
}

static void
drop_contents (BeliefDigitsWidget *self)
{
  g_clear_pointer (&self->images, g_free);
  g_clear_pointer (&self->captions, g_strfreev);
  g_clear_pointer (&self->marked, g_free);
  g_clear_pointer (&self->probs, g_free);
  self->count = self->n_probs = 0;
}

void
belief_digits_widget_set_images (BeliefDigitsWidget *self,
                                 const float        *images,
                                 int                 count,
                                 int                 rows,
                                 int                 cols,
                                 int                 grid_cols,
                                 const char * const *captions)
{
  gsize n = (gsize) MAX (count, 0) * MAX (rows, 0) * MAX (cols, 0);

  g_return_if_fail (BELIEF_IS_DIGITS_WIDGET (self));
  g_return_if_fail (count <= 0 || images != NULL);

  /* the same shape (an animation frame): copy in place */
  if (self->images != NULL && count == self->count && rows == self->rows && cols == self->cols
      && captions == NULL && self->captions == NULL && grid_cols == self->grid_cols)
    {
      memcpy (self->images, images, n * sizeof (float));
      g_clear_pointer (&self->marked, g_free);
    }
  else
    {
      drop_contents (self);
      if (count > 0 && n > 0)
        {
          self->images = g_memdup2 (images, n * sizeof (float));
          self->count = count;
          self->rows = rows;
          self->cols = cols;
          self->grid_cols = grid_cols;
          self->captions = captions != NULL ? g_new0 (char *, count + 1) : NULL;
          for (int i = 0; captions != NULL && i < count; i++)
            self->captions[i] = g_strdup (captions[i] != NULL ? captions[i] : "");
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
belief_digits_widget_set_probs (BeliefDigitsWidget *self,
                                const float        *probs,
                                int                 n)
{
  g_return_if_fail (BELIEF_IS_DIGITS_WIDGET (self));
  g_return_if_fail (n <= 0 || probs != NULL);

  drop_contents (self);
  if (n > 0)
    {
      self->probs = g_memdup2 (probs, (gsize) n * sizeof (float));
      self->n_probs = n;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
belief_digits_widget_set_mask (BeliefDigitsWidget *self,
                               const float        *mask)
{
  g_return_if_fail (BELIEF_IS_DIGITS_WIDGET (self));

  g_clear_pointer (&self->mask, g_free);
  if (mask != NULL && self->count > 0)
    self->mask = g_memdup2 (mask, (gsize) self->rows * self->cols * sizeof (float));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
belief_digits_widget_set_marked (BeliefDigitsWidget *self,
                                 const gboolean     *marked)
{
  g_return_if_fail (BELIEF_IS_DIGITS_WIDGET (self));

  g_clear_pointer (&self->marked, g_free);
  if (marked != NULL && self->count > 0)
    self->marked = g_memdup2 (marked, (gsize) self->count * sizeof (gboolean));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
belief_digits_widget_set_placeholder (BeliefDigitsWidget *self,
                                      const char         *text)
{
  g_return_if_fail (BELIEF_IS_DIGITS_WIDGET (self));

  if (g_strcmp0 (self->placeholder, text) == 0)
    return;
  g_free (self->placeholder);
  self->placeholder = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
belief_digits_widget_set_square (BeliefDigitsWidget *self,
                                 int                 max_size)
{
  g_return_if_fail (BELIEF_IS_DIGITS_WIDGET (self));

  if (self->square == max_size)
    return;
  self->square = max_size;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
belief_digits_widget_clear (BeliefDigitsWidget *self)
{
  g_return_if_fail (BELIEF_IS_DIGITS_WIDGET (self));

  drop_contents (self);
  g_clear_pointer (&self->mask, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const float *
belief_digits_widget_get_images (BeliefDigitsWidget *self,
                                 int                *count,
                                 int                *rows,
                                 int                *cols)
{
  g_return_val_if_fail (BELIEF_IS_DIGITS_WIDGET (self), NULL);

  if (count != NULL)
    *count = self->count;
  if (rows != NULL)
    *rows = self->rows;
  if (cols != NULL)
    *cols = self->cols;
  return self->images;
}

const char *
belief_digits_widget_get_caption (BeliefDigitsWidget *self,
                                  int                 k)
{
  g_return_val_if_fail (BELIEF_IS_DIGITS_WIDGET (self), NULL);

  if (self->captions == NULL || k < 0 || k >= self->count)
    return NULL;
  return self->captions[k];
}

gboolean
belief_digits_widget_pixel_at (BeliefDigitsWidget *self,
                               double              x,
                               double              y,
                               int                *image,
                               int                *row,
                               int                *col)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  BeliefRenderStyle style;
  BeliefDigits digits;
  BeliefRect r;
  int k;

  g_return_val_if_fail (BELIEF_IS_DIGITS_WIDGET (self), FALSE);

  if (self->count == 0)
    return FALSE;
  get_style (widget, &style);
  fill_digits (self, &digits);
  k = belief_digits_hit_test (&digits, &style, width, height, x, y);
  if (k < 0 || !belief_digits_get_cell_rect (&digits, &style, width, height, k, &r)
      || x < r.x || y < r.y || x >= r.x + r.width || y >= r.y + r.height)
    return FALSE;
  *image = k;
  *col = CLAMP ((int) ((x - r.x) / r.width * self->cols), 0, self->cols - 1);
  *row = CLAMP ((int) ((y - r.y) / r.height * self->rows), 0, self->rows - 1);
  return TRUE;
}

static void
draw_file (cairo_t  *cr,
           double    width,
           double    height,
           gpointer  user_data)
{
  BeliefDigitsWidget *self = user_data;
  BeliefDigits digits;

  fill_digits (self, &digits);
  belief_digits_render (cr, width, height, &digits, NULL);
}

gboolean
belief_digits_widget_save_png (BeliefDigitsWidget  *self,
                               const char          *filename,
                               GError             **error)
{
  int per_row, n_rows;

  g_return_val_if_fail (BELIEF_IS_DIGITS_WIDGET (self), FALSE);
  g_return_val_if_fail (self->count > 0, FALSE);

  per_row = self->grid_cols > 0 ? MIN (self->grid_cols, self->count) : MIN (self->count, 10);
  n_rows = (self->count + per_row - 1) / per_row;
  return belief_render_write_file (filename, per_row * (4 * self->cols + 8) + 8,
                                   n_rows * (4 * self->rows + (self->captions != NULL ? 24 : 8)) + 8,
                                   1, draw_file, self, error);
}
