/* belief-recover-view.c: masks, painting and the step-by-step restoration. */
#include "belief-recover-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "belief-dbn.h"
#include "belief-digits-widget.h"

#define STEP_INTERVAL 16  /* ms: one Gibbs step per frame */

struct _BeliefRecoverView
{
  GtkWidget           parent_instance;

  BeliefTrainer      *trainer;
  BeliefData         *data;      /* whose images are shown */
  BeliefRng           rng;
  BeliefHide          hide;
  int                 rows, cols, dim, label;
  float              *truth, *mask, *v;  /* dim each; mask 1 = known */
  int                 step, n_steps;
  guint               timer_id;
  double              before, after;
  gboolean            has_errors;
  gboolean            reveal;    /* the painting uncovers */
  double              paint_x, paint_y;  /* last painted point */

  /* template */
  GtkAdjustment      *digit_adjustment;
  GtkDropDown        *hide_dropdown;
  GtkSpinButton      *steps_spin;
  GtkLabel           *original_label;
  BeliefDigitsWidget *original_view;
  BeliefDigitsWidget *hidden_view;
  BeliefDigitsWidget *restored_view;
  GtkLabel           *step_label;
  GtkLabel           *error_label;
  GtkWidget          *error_hint;
};

G_DEFINE_FINAL_TYPE (BeliefRecoverView, belief_recover_view, GTK_TYPE_WIDGET)

static const BeliefDataset *
get_dataset (BeliefRecoverView *self)
{
  if (self->data == NULL)
    return NULL;
  return belief_data_get_test (self->data) != NULL ? belief_data_get_test (self->data)
                                                   : belief_data_get_train (self->data);
}

/* Why the model cannot restore these images, or NULL when it can. */
static const char *
model_problem (BeliefRecoverView *self,
               const BeliefDbn   *model)
{
  if (model == NULL)
    return _("Train or open a model first");
  if (model->rbms[0]->n_label > 0)
    return _("This model joins its labels to the pixels; recovery needs a first layer of pixels only");
  if (self->dim == 0)
    return _("Open a folder of digits first");
  if (model->sizes[0] != self->dim)
    return _("This model was made for images of another size");
  return NULL;
}

static double
hidden_mse (BeliefRecoverView *self)
{
  double sum = 0.0;
  int count = 0;

  for (int i = 0; i < self->dim; i++)
    if (self->mask[i] < 0.5f)
      {
        sum += (double) (self->truth[i] - self->v[i]) * (self->truth[i] - self->v[i]);
        count++;
      }
  return count > 0 ? sum / count : 0.0;
}

static void
fill_mask (BeliefRecoverView *self)
{
  for (int r = 0; r < self->rows; r++)
    for (int c = 0; c < self->cols; c++)
      {
        gboolean hidden;

        switch (self->hide)
          {
          case BELIEF_HIDE_TOP:    hidden = r < self->rows / 2; break;
          case BELIEF_HIDE_BOTTOM: hidden = r >= self->rows / 2; break;
          case BELIEF_HIDE_LEFT:   hidden = c < self->cols / 2; break;
          case BELIEF_HIDE_RIGHT:  hidden = c >= self->cols / 2; break;
          case BELIEF_HIDE_NOISE:  hidden = belief_rng_uniform (&self->rng) < 0.3; break;
          case BELIEF_HIDE_PAINTED:
          default:
            continue;  /* kept as painted */
          }
        self->mask[r * self->cols + c] = hidden ? 0.0f : 1.0f;
      }
}

static void
show_errors (BeliefRecoverView *self)
{
  g_autofree char *steps = NULL;
  g_autofree char *errors = NULL;

  if (self->has_errors)
    {
      steps = g_strdup_printf (_("Step %d of %d"), self->step, self->n_steps);
      /* Translators: mean squared error on the hidden pixels, before → after */
      errors = g_strdup_printf (_("Error on hidden pixels: before %.3f → after %.3f"),
                                self->before, self->after);
    }
  gtk_label_set_text (self->step_label, steps != NULL ? steps : "");
  gtk_label_set_text (self->error_label, errors != NULL ? errors : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->has_errors);
  gtk_widget_set_visible (self->error_hint, self->has_errors);
}

static void
stop (BeliefRecoverView *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recover.restore", TRUE);
}

/* The input as the network gets it, the result forgotten. */
static void
reset_input (BeliefRecoverView *self)
{
  const char *problem = model_problem (self, belief_trainer_get_model (self->trainer));

  stop (self);
  self->has_errors = FALSE;
  for (int i = 0; i < self->dim; i++)
    self->v[i] = self->mask[i] > 0.5f ? self->truth[i] : 0.5f;
  if (self->dim > 0)
    {
      belief_digits_widget_set_images (self->hidden_view, self->v, 1, self->rows, self->cols, 1, NULL);
      belief_digits_widget_set_mask (self->hidden_view, self->mask);
    }
  belief_digits_widget_clear (self->restored_view);
  belief_digits_widget_set_placeholder (self->restored_view,
                                        problem != NULL ? problem : _("Press Restore to fill in the hidden pixels"));
  show_errors (self);
}

static void
load_digit (BeliefRecoverView *self,
            guint              index)
{
  const BeliefDataset *ds = get_dataset (self);
  g_autofree char *title = NULL;

  if (ds == NULL || ds->n == 0)
    {
      self->dim = 0;
      belief_digits_widget_clear (self->original_view);
      belief_digits_widget_clear (self->hidden_view);
      gtk_label_set_text (self->original_label, _("Original"));
      reset_input (self);
      return;
    }
  index = MIN (index, ds->n - 1);
  if (self->dim != (int) ds->dim)
    {
      self->dim = (int) ds->dim;
      self->truth = g_renew (float, self->truth, self->dim);
      self->v = g_renew (float, self->v, self->dim);
      self->mask = g_renew (float, self->mask, self->dim);
      for (int i = 0; i < self->dim; i++)
        self->mask[i] = 1.0f;
    }
  self->rows = (int) ds->rows;
  self->cols = (int) ds->cols;
  self->label = ds->labels[index];
  belief_dataset_fill_floats (ds, NULL, index, 1, self->truth);
  fill_mask (self);
  title = g_strdup_printf (_("Original (label %d)"), self->label);
  gtk_label_set_text (self->original_label, title);
  belief_digits_widget_set_images (self->original_view, self->truth, 1, self->rows, self->cols, 1, NULL);
  reset_input (self);
}

/* ---- the restoration ------------------------------------------------------- */

static gboolean
step_cb (gpointer data)
{
  BeliefRecoverView *self = data;
  const BeliefDbn *model = belief_trainer_get_model (self->trainer);
  const char *problem = model_problem (self, model);

  if (problem != NULL)
    {
      self->timer_id = 0;
      stop (self);
      belief_digits_widget_clear (self->restored_view);
      belief_digits_widget_set_placeholder (self->restored_view, problem);
      return G_SOURCE_REMOVE;
    }
  belief_dbn_recover (model, self->v, self->mask, 1, 1, &self->rng);
  self->step++;
  self->after = hidden_mse (self);
  belief_digits_widget_set_images (self->restored_view, self->v, 1, self->rows, self->cols, 1, NULL);
  show_errors (self);
  if (self->step < self->n_steps)
    return G_SOURCE_CONTINUE;
  self->timer_id = 0;
  stop (self);
  return G_SOURCE_REMOVE;
}

/* ---- painting a mask ----------------------------------------------------------- */

static void
paint_at (BeliefRecoverView *self,
          double             x,
          double             y)
{
  int image, row, col;

  if (self->dim == 0 || !belief_digits_widget_pixel_at (self->hidden_view, x, y, &image, &row, &col))
    return;
  for (int r = MAX (row - 1, 0); r <= MIN (row + 1, self->rows - 1); r++)
    for (int c = MAX (col - 1, 0); c <= MIN (col + 1, self->cols - 1); c++)
      self->mask[r * self->cols + c] = self->reveal ? 1.0f : 0.0f;
  belief_recover_view_set_hide (self, BELIEF_HIDE_PAINTED);
  reset_input (self);
}

static void
paint_begin_cb (GtkGestureDrag    *gesture,
                double             x,
                double             y,
                BeliefRecoverView *self)
{
  self->reveal = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) == GDK_BUTTON_SECONDARY;
  self->paint_x = x;
  self->paint_y = y;
  paint_at (self, x, y);
}

/* Paints the whole way from the last point, so a fast drag leaves no gaps. */
static void
paint_update_cb (GtkGestureDrag    *gesture,
                 double             dx,
                 double             dy,
                 BeliefRecoverView *self)
{
  double x0, y0, x, y;
  int n;

  if (!gtk_gesture_drag_get_start_point (gesture, &x0, &y0))
    return;
  x = x0 + dx;
  y = y0 + dy;
  n = (int) ceil (hypot (x - self->paint_x, y - self->paint_y) / 3.0);
  for (int i = 1; i <= n; i++)
    paint_at (self, self->paint_x + (x - self->paint_x) * i / n, self->paint_y + (y - self->paint_y) * i / n);
  self->paint_x = x;
  self->paint_y = y;
}

/* ---- signals and actions ---------------------------------------------------------- */

static void
digit_changed_cb (BeliefRecoverView *self)
{
  load_digit (self, (guint) gtk_adjustment_get_value (self->digit_adjustment) - 1);
}

static void
hide_changed_cb (BeliefRecoverView *self)
{
  self->hide = (BeliefHide) gtk_drop_down_get_selected (self->hide_dropdown);
  if (self->dim > 0)
    {
      fill_mask (self);
      reset_input (self);
    }
}

/* New weights or new data: other images reload, a new model just applies. */
static void
weights_changed_cb (BeliefRecoverView *self)
{
  BeliefData *data = belief_trainer_get_data (self->trainer);
  const BeliefDataset *ds;

  if (data != self->data)
    {
      g_clear_pointer (&self->data, belief_data_unref);
      self->data = data != NULL ? belief_data_ref (data) : NULL;
      ds = get_dataset (self);
      gtk_adjustment_set_upper (self->digit_adjustment, ds != NULL ? MAX (ds->n, 1) : 1);
      load_digit (self, (guint) gtk_adjustment_get_value (self->digit_adjustment) - 1);
    }
  else if (self->timer_id == 0 && !self->has_errors)
    reset_input (self);  /* the placeholder may change */
}

static void
another_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  BeliefRecoverView *self = BELIEF_RECOVER_VIEW (widget);
  const BeliefDataset *ds = get_dataset (self);

  if (ds != NULL && ds->n > 0)
    gtk_adjustment_set_value (self->digit_adjustment, 1 + belief_rng_below (&self->rng, ds->n));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  belief_recover_view_restore (BELIEF_RECOVER_VIEW (widget));
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
belief_recover_view_dispose (GObject *object)
{
  BeliefRecoverView *self = BELIEF_RECOVER_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BELIEF_TYPE_RECOVER_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->trainer);
  g_clear_pointer (&self->data, belief_data_unref);

  G_OBJECT_CLASS (belief_recover_view_parent_class)->dispose (object);
}

static void
belief_recover_view_finalize (GObject *object)
{
  BeliefRecoverView *self = BELIEF_RECOVER_VIEW (object);

  g_free (self->truth);
  g_free (self->mask);
  g_free (self->v);

  G_OBJECT_CLASS (belief_recover_view_parent_class)->finalize (object);
}

static void
belief_recover_view_class_init (BeliefRecoverViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = belief_recover_view_dispose;
  object_class->finalize = belief_recover_view_finalize;

  g_type_ensure (BELIEF_TYPE_DIGITS_WIDGET);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/belief/Belief/belief-recover-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BeliefRecoverView, name)
  BIND (digit_adjustment);
  BIND (hide_dropdown);
  BIND (steps_spin);
  BIND (original_label);
  BIND (original_view);
  BIND (hidden_view);
  BIND (restored_view);
  BIND (step_label);
  BIND (error_label);
  BIND (error_hint);
#undef BIND

  gtk_widget_class_install_action (widget_class, "recover.another", NULL, another_action);
  gtk_widget_class_install_action (widget_class, "recover.restore", NULL, restore_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
belief_recover_view_init (BeliefRecoverView *self)
{
  GtkGesture *paint = gtk_gesture_drag_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  belief_rng_init (&self->rng, 3);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (paint), 0);
  g_signal_connect (paint, "drag-begin", G_CALLBACK (paint_begin_cb), self);
  g_signal_connect (paint, "drag-update", G_CALLBACK (paint_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->hidden_view), GTK_EVENT_CONTROLLER (paint));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->hidden_view), "crosshair");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->hidden_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("The digit with its hidden pixels"),
                                  -1);

  g_signal_connect_swapped (self->digit_adjustment, "value-changed", G_CALLBACK (digit_changed_cb), self);
  g_signal_connect_swapped (self->hide_dropdown, "notify::selected", G_CALLBACK (hide_changed_cb), self);
  belief_digits_widget_set_placeholder (self->original_view, _("No test digits yet"));
  belief_digits_widget_set_square (self->original_view, 360);
  belief_digits_widget_set_square (self->hidden_view, 360);
  belief_digits_widget_set_square (self->restored_view, 360);
}

GtkWidget *
belief_recover_view_new (BeliefTrainer *trainer)
{
  BeliefRecoverView *self;

  g_return_val_if_fail (BELIEF_IS_TRAINER (trainer), NULL);

  self = g_object_new (BELIEF_TYPE_RECOVER_VIEW, NULL);
  self->trainer = g_object_ref (trainer);
  g_signal_connect_swapped (trainer, "weights-changed", G_CALLBACK (weights_changed_cb), self);
  weights_changed_cb (self);
  if (self->dim == 0)
    load_digit (self, 0);
  return GTK_WIDGET (self);
}

gboolean
belief_recover_view_set_digit (BeliefRecoverView *self,
                               guint              index)
{
  const BeliefDataset *ds;

  g_return_val_if_fail (BELIEF_IS_RECOVER_VIEW (self), FALSE);

  ds = get_dataset (self);
  if (ds == NULL || index >= ds->n)
    return FALSE;
  gtk_adjustment_set_value (self->digit_adjustment, index + 1);
  return TRUE;
}

void
belief_recover_view_set_hide (BeliefRecoverView *self,
                              BeliefHide         hide)
{
  g_return_if_fail (BELIEF_IS_RECOVER_VIEW (self));
  g_return_if_fail (hide <= BELIEF_HIDE_PAINTED);

  if (gtk_drop_down_get_selected (self->hide_dropdown) != (guint) hide)
    gtk_drop_down_set_selected (self->hide_dropdown, hide);
}

gboolean
belief_recover_view_restore (BeliefRecoverView *self)
{
  g_return_val_if_fail (BELIEF_IS_RECOVER_VIEW (self), FALSE);

  reset_input (self);
  if (model_problem (self, belief_trainer_get_model (self->trainer)) != NULL)
    return FALSE;
  self->step = 0;
  self->n_steps = gtk_spin_button_get_value_as_int (self->steps_spin);
  self->before = self->after = hidden_mse (self);
  self->has_errors = TRUE;
  belief_digits_widget_set_images (self->restored_view, self->v, 1, self->rows, self->cols, 1, NULL);
  show_errors (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recover.restore", FALSE);
  self->timer_id = g_timeout_add (STEP_INTERVAL, step_cb, self);
  return TRUE;
}

gboolean
belief_recover_view_is_running (BeliefRecoverView *self)
{
  g_return_val_if_fail (BELIEF_IS_RECOVER_VIEW (self), FALSE);
  return self->timer_id != 0;
}

gboolean
belief_recover_view_get_errors (BeliefRecoverView *self,
                                double            *before,
                                double            *after)
{
  g_return_val_if_fail (BELIEF_IS_RECOVER_VIEW (self), FALSE);

  if (before != NULL)
    *before = self->before;
  if (after != NULL)
    *after = self->after;
  return self->has_errors;
}
