/* belief-recognise-view.c: the canvas, its digitised input and the answer.
 *
 * Recognising one digit takes about a millisecond, so it runs on the main
 * thread in an idle of high priority: every "changed" of the canvas and
 * every new model only queues it, and it runs once before the next frame
 * is drawn.  Signal "recognised" follows each run (tests measure with it).
 */
#include "belief-recognise-view.h"

#include <glib/gi18n.h>
#include <string.h>

#include "belief-dbn.h"
#include "belief-digits-widget.h"
#include "belief-window.h"

#define N_GIBBS_RECOG 15

typedef enum
{
  SOURCE_CANVAS,
  SOURCE_TEST,
} Source;

struct _BeliefRecogniseView
{
  GtkWidget           parent_instance;

  BeliefTrainer      *trainer;
  GSettings          *settings;
  GAction            *method;     /* string state: "free-energy" or "gibbs" */
  BeliefRng           rng;
  guint               idle_id;
  gboolean            stale;      /* changed while hidden */

  Source              source;
  float              *input;      /* side * side */
  int                 side;
  gboolean            has_input;
  float              *test_image; /* test_side * test_side */
  int                 test_side;
  int                 test_label;
  float              *probs;      /* n_probs */
  int                 n_probs;
  gboolean            has_probs;

  /* template */
  BeliefDrawCanvas   *canvas;
  BeliefDigitsWidget *bars;
  BeliefDigitsWidget *input_view;
  BeliefDigitsWidget *recon_view;
  GtkLabel           *answer_label;
  GtkLabel           *detail_label;
  GtkLabel           *method_hint;
};

G_DEFINE_FINAL_TYPE (BeliefRecogniseView, belief_recognise_view, GTK_TYPE_WIDGET)

enum {
  RECOGNISED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static BeliefRecogMethod
get_method (BeliefRecogniseView *self)
{
  g_autoptr(GVariant) state = NULL;

  if (self->method == NULL)
    return BELIEF_RECOG_FREE_ENERGY;
  state = g_action_get_state (self->method);

  return g_strcmp0 (g_variant_get_string (state, NULL), "gibbs") == 0
         ? BELIEF_RECOG_GIBBS : BELIEF_RECOG_FREE_ENERGY;
}

static void
set_side (BeliefRecogniseView *self,
          int                  side)
{
  if (self->side == side)
    return;
  g_free (self->input);
  self->input = g_new0 (float, (gsize) side * side);
  self->side = side;
}

/* The model's belief about the input: up to the pen layer, through the top
 * RBM with the label probabilities joined, down the generative weights.
 * out (sizes[0]). */
static void
reconstruct (const BeliefDbn *model,
             const float     *v,
             const float     *probs,
             float           *out)
{
  int from = model->n_layers - 1;
  const BeliefRbm *top = model->rbms[from];
  int n_pen = top->n_vis - top->n_label;
  g_autofree float *vis = g_new (float, top->n_vis);
  g_autofree float *h = g_new (float, top->n_hid);

  belief_dbn_up (model, v, vis, from, 1);
  memcpy (vis + n_pen, probs, top->n_label * sizeof (float));
  belief_rbm_hidden_probs (top, vis, h, 1);
  belief_rbm_visible_probs (top, h, vis, 1);
  belief_dbn_down (model, vis, out, from, 1);
}

static void
show_result (BeliefRecogniseView *self,
             const BeliefDbn     *model)
{
  g_autofree char *answer = NULL;
  g_autofree char *detail = NULL;
  g_autofree float *recon = g_new (float, model->sizes[0]);
  int best = 0;

  for (int i = 1; i < self->n_probs; i++)
    if (self->probs[i] > self->probs[best])
      best = i;
  /* Translators: the recognised digit and its probability, "7 — 98%" */
  answer = g_strdup_printf (_("%d — %.0f%%"), best, 100.0 * self->probs[best]);
  if (self->source == SOURCE_TEST)
    detail = g_strdup_printf (_("True label: %d"), self->test_label);
  else
    detail = g_strdup (_("The network’s answer for your drawing"));
  gtk_label_set_text (self->answer_label, answer);
  gtk_label_set_text (self->detail_label, detail);
  belief_digits_widget_set_probs (self->bars, self->probs, self->n_probs);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bars), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, answer, -1);
  reconstruct (model, self->input, self->probs, recon);
  belief_digits_widget_set_images (self->recon_view, recon, 1, model->rows, model->cols, 1, NULL);
}

static void
show_message (BeliefRecogniseView *self,
              const char          *answer,
              const char          *detail)
{
  gtk_label_set_text (self->answer_label, answer);
  gtk_label_set_text (self->detail_label, detail);
  belief_digits_widget_clear (self->bars);
  belief_digits_widget_clear (self->recon_view);
  belief_digits_widget_set_placeholder (self->recon_view,
                                        belief_trainer_get_model (self->trainer) == NULL
                                        ? _("Needs a model") : _("Nothing drawn yet"));
}

static void
recognise_now (BeliefRecogniseView *self)
{
  const BeliefDbn *model = belief_trainer_get_model (self->trainer);
  int side = model != NULL && model->rows == model->cols ? model->rows : 28;

  self->stale = FALSE;
  if (self->source == SOURCE_TEST && self->test_image != NULL
      && (model == NULL || self->test_side == side))
    {
      set_side (self, self->test_side);
      memcpy (self->input, self->test_image, (gsize) side * side * sizeof (float));
      self->has_input = TRUE;
    }
  else
    {
      self->source = SOURCE_CANVAS;
      set_side (self, side);
      self->has_input = belief_draw_canvas_digitize (self->canvas, side, self->input);
    }
  self->has_probs = FALSE;
  if (self->has_input)
    belief_digits_widget_set_images (self->input_view, self->input, 1, self->side, self->side, 1, NULL);
  else
    belief_digits_widget_clear (self->input_view);

  if (model == NULL)
    show_message (self, _("Train or open a model first"),
                  _("Press Train in the header bar, or open a saved model with Ctrl+O. "
                    "You can draw already: the input on the right follows."));
  else if (model->n_labels == 0)
    show_message (self, _("This model cannot name digits"),
                  _("It has no label units. Switch on “Label units” in the panel and press Reset."));
  else if (model->sizes[0] != self->side * self->side)
    show_message (self, _("This model does not take these images"),
                  _("Its first layer does not have one unit per pixel of a square image."));
  else if (!self->has_input)
    show_message (self, _("Draw a digit"),
                  _("Use the black square on the left, or press Random Test Digit."));
  else
    {
      if (self->n_probs != model->n_labels)
        {
          g_free (self->probs);
          self->probs = g_new0 (float, model->n_labels);
          self->n_probs = model->n_labels;
        }
      belief_dbn_recognise (model, self->input, 1, get_method (self), N_GIBBS_RECOG,
                            &self->rng, self->probs);
      self->has_probs = TRUE;
      show_result (self, model);
    }
  g_signal_emit (self, signals[RECOGNISED], 0);
}

static gboolean
recognise_idle_cb (gpointer data)
{
  BeliefRecogniseView *self = data;

  self->idle_id = 0;
  recognise_now (self);
  return G_SOURCE_REMOVE;
}

/* Coalesces: at most one recognition queued, run before the next frame;
 * a hidden view (another page) waits until it is shown. */
static void
queue_recognise (BeliefRecogniseView *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, recognise_idle_cb, self, NULL);
}

static void
update_actions (BeliefRecogniseView *self)
{
  BeliefData *data = belief_trainer_get_data (self->trainer);
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean empty = belief_draw_canvas_is_empty (self->canvas);

  gtk_widget_action_set_enabled (widget, "recognise.clear", !empty || self->source == SOURCE_TEST);
  gtk_widget_action_set_enabled (widget, "recognise.undo", !empty);
  gtk_widget_action_set_enabled (widget, "recognise.random", data != NULL && belief_data_get_train (data)->n > 0);
}

static void
update_method_hint (BeliefRecogniseView *self)
{
  gtk_label_set_text (self->method_hint,
                      get_method (self) == BELIEF_RECOG_GIBBS
                      ? _("Gibbs sampling (the lab’s method): the label units start at 0.1 each, "
                          "then 15 steps of sampling in the top RBM with the pen layer clamped.")
                      /* xgettext:no-c-format */
                      : _("Free energy (Hinton’s method): the label whose joint state with the pen layer "
                          "has the lowest free energy in the top RBM. About 1% more accurate."));
}

/* ---- signals and actions -------------------------------------------------- */

static void
canvas_changed_cb (BeliefRecogniseView *self)
{
  self->source = SOURCE_CANVAS;
  update_actions (self);
  queue_recognise (self);
}

static void
weights_changed_cb (BeliefRecogniseView *self)
{
  update_actions (self);
  queue_recognise (self);
}

static void
method_changed_cb (BeliefRecogniseView *self)
{
  update_method_hint (self);
  queue_recognise (self);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  BeliefRecogniseView *self = BELIEF_RECOGNISE_VIEW (widget);

  self->source = SOURCE_CANVAS;
  belief_draw_canvas_clear (self->canvas);
  update_actions (self);
  queue_recognise (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  belief_draw_canvas_undo (BELIEF_RECOGNISE_VIEW (widget)->canvas);
}

static void
random_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BeliefRecogniseView *self = BELIEF_RECOGNISE_VIEW (widget);
  BeliefData *data = belief_trainer_get_data (self->trainer);
  const BeliefDataset *ds;

  if (data == NULL)
    return;
  ds = belief_data_get_test (data) != NULL ? belief_data_get_test (data) : belief_data_get_train (data);
  if (ds->n > 0)
    belief_recognise_view_show_test_digit (self, belief_rng_below (&self->rng, ds->n));
}

/* A stateful settings.recognition-method action for the toggle buttons: the settings key when
 * there are settings, else a plain action of the view. */
static void
setup_method (BeliefRecogniseView *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  if (self->settings != NULL)
    self->method = g_settings_create_action (self->settings, "recognition-method");
  else
    self->method = G_ACTION (g_simple_action_new_stateful ("recognition-method", G_VARIANT_TYPE_STRING,
                                                           g_variant_new_string ("free-energy")));
  g_action_map_add_action (G_ACTION_MAP (group), self->method);
  /* the settings key may also change elsewhere (the preferences) */
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::recognition-method",
                             G_CALLBACK (method_changed_cb), self, G_CONNECT_SWAPPED);
  else
    g_signal_connect_object (self->method, "notify::state", G_CALLBACK (method_changed_cb),
                             self, G_CONNECT_SWAPPED);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));
}

/* Without settings of its own the view takes those of the window it is
 * shown in (the window makes its views before it has settings, so this
 * waits for the first map), else keeps the method alone. */
static void
belief_recognise_view_map (GtkWidget *widget)
{
  BeliefRecogniseView *self = BELIEF_RECOGNISE_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (belief_recognise_view_parent_class)->map (widget);

  if (self->stale)
    queue_recognise (self);
  if (self->method != NULL)
    return;
  root = gtk_widget_get_root (widget);
  if (self->settings == NULL && BELIEF_IS_WINDOW (root)
      && belief_window_get_settings (BELIEF_WINDOW (root)) != NULL)
    self->settings = g_object_ref (belief_window_get_settings (BELIEF_WINDOW (root)));
  setup_method (self);
  update_method_hint (self);
  queue_recognise (self);
}

/* ---- GObject --------------------------------------------------------------- */

static void
belief_recognise_view_dispose (GObject *object)
{
  BeliefRecogniseView *self = BELIEF_RECOGNISE_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BELIEF_TYPE_RECOGNISE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->trainer);
  g_clear_object (&self->settings);
  g_clear_object (&self->method);

  G_OBJECT_CLASS (belief_recognise_view_parent_class)->dispose (object);
}

static void
belief_recognise_view_finalize (GObject *object)
{
  BeliefRecogniseView *self = BELIEF_RECOGNISE_VIEW (object);

  g_free (self->input);
  g_free (self->test_image);
  g_free (self->probs);

  G_OBJECT_CLASS (belief_recognise_view_parent_class)->finalize (object);
}

static void
belief_recognise_view_class_init (BeliefRecogniseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = belief_recognise_view_dispose;
  object_class->finalize = belief_recognise_view_finalize;
  widget_class->map = belief_recognise_view_map;

  signals[RECOGNISED] = g_signal_new ("recognised", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BELIEF_TYPE_DRAW_CANVAS);
  g_type_ensure (BELIEF_TYPE_DIGITS_WIDGET);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/belief/Belief/belief-recognise-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BeliefRecogniseView, name)
  BIND (canvas);
  BIND (bars);
  BIND (input_view);
  BIND (recon_view);
  BIND (answer_label);
  BIND (detail_label);
  BIND (method_hint);
#undef BIND

  /* the same keys as the canvas's own, for when the focus is elsewhere in the view */
  gtk_widget_class_install_action (widget_class, "recognise.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "recognise.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "recognise.random", NULL, random_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "recognise.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "recognise.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "recognise.undo", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
belief_recognise_view_init (BeliefRecogniseView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  belief_rng_init (&self->rng, 7);
  g_signal_connect_swapped (self->canvas, "changed", G_CALLBACK (canvas_changed_cb), self);
  belief_digits_widget_set_placeholder (self->bars, _("The ten label probabilities appear here"));
  belief_digits_widget_set_placeholder (self->input_view, _("Nothing drawn yet"));
  belief_digits_widget_set_placeholder (self->recon_view, _("Needs a model"));
}

GtkWidget *
belief_recognise_view_new (BeliefTrainer *trainer,
                           GSettings     *settings)
{
  BeliefRecogniseView *self;

  g_return_val_if_fail (BELIEF_IS_TRAINER (trainer), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (BELIEF_TYPE_RECOGNISE_VIEW, NULL);
  self->trainer = g_object_ref (trainer);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      setup_method (self);
    }
  g_signal_connect_swapped (trainer, "weights-changed", G_CALLBACK (weights_changed_cb), self);
  update_method_hint (self);
  update_actions (self);
  recognise_now (self);
  return GTK_WIDGET (self);
}

BeliefDrawCanvas *
belief_recognise_view_get_canvas (BeliefRecogniseView *self)
{
  g_return_val_if_fail (BELIEF_IS_RECOGNISE_VIEW (self), NULL);
  return self->canvas;
}

const float *
belief_recognise_view_get_input (BeliefRecogniseView *self,
                                 int                 *side)
{
  g_return_val_if_fail (BELIEF_IS_RECOGNISE_VIEW (self), NULL);

  if (side != NULL)
    *side = self->has_input ? self->side : 0;
  return self->has_input ? self->input : NULL;
}

const float *
belief_recognise_view_get_probs (BeliefRecogniseView *self,
                                 int                 *n)
{
  g_return_val_if_fail (BELIEF_IS_RECOGNISE_VIEW (self), NULL);

  if (n != NULL)
    *n = self->has_probs ? self->n_probs : 0;
  return self->has_probs ? self->probs : NULL;
}

gboolean
belief_recognise_view_show_test_digit (BeliefRecogniseView *self,
                                       guint                index)
{
  BeliefData *data;
  const BeliefDataset *ds;

  g_return_val_if_fail (BELIEF_IS_RECOGNISE_VIEW (self), FALSE);

  data = belief_trainer_get_data (self->trainer);
  if (data == NULL)
    return FALSE;
  ds = belief_data_get_test (data) != NULL ? belief_data_get_test (data) : belief_data_get_train (data);
  if (index >= ds->n || ds->rows != ds->cols)
    return FALSE;
  g_free (self->test_image);
  self->test_image = g_new (float, ds->dim);
  self->test_side = (int) ds->rows;
  self->test_label = ds->labels[index];
  belief_dataset_fill_floats (ds, NULL, index, 1, self->test_image);
  /* the drawing gives way to the test digit */
  g_signal_handlers_block_by_func (self->canvas, canvas_changed_cb, self);
  belief_draw_canvas_clear (self->canvas);
  g_signal_handlers_unblock_by_func (self->canvas, canvas_changed_cb, self);
  self->source = SOURCE_TEST;
  update_actions (self);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  recognise_now (self);
  return TRUE;
}
