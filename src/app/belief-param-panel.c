/* belief-param-panel.c: the data set, the preset and the hyperparameters,
 * bound to GSettings. */
#include "belief-param-panel.h"

#include <glib/gi18n.h>
#include <math.h>

#include "belief-settings.h"
#include "belief-status.h"

struct _BeliefParamPanel
{
  GtkWidget      parent_instance;

  GSettings     *settings;
  BeliefTrainer *trainer;

  char          *folder;       /* the last folder opened that is no named set */
  GPtrArray     *sources;      /* per data-set item: a set's name or a folder's path */
  GPtrArray     *short_titles; /* per data-set item: what the drop-down's button shows */
  gboolean       syncing;      /* the data-set list is being set from the trainer's data */

  GtkWidget     *panel_box;
  GtkDropDown   *dataset_dropdown;
  GtkStringList *dataset_list;
  GtkLabel      *sizes_label;
  GtkDropDown   *preset_dropdown;
  GtkLabel      *preset_caption;
  GtkRevealer   *note_revealer;
  GtkAdjustment *lr_adjustment;
  GtkAdjustment *momentum_adjustment;
  GtkAdjustment *decay_adjustment;
  GtkScale      *lr_scale;
  GtkScale      *decay_scale;
  GtkLabel      *lr_value;
  GtkLabel      *momentum_value;
  GtkLabel      *decay_value;
  GtkSwitch     *decay_switch;
  GtkSwitch     *labels_switch;
  GtkSwitch     *pcd_switch;
  GtkSwitch     *schedule_switch;
  GtkWidget     *schedule_row;
  GtkEntry      *layers_entry;
  GtkSpinButton *epochs_spin;
  GtkSpinButton *top_epochs_spin;
  GtkSpinButton *batch_spin;
  GtkSpinButton *cd_spin;
  GtkSpinButton *finetune_epochs_spin;
  GtkSpinButton *seed_spin;
  GtkDropDown   *regime_dropdown;
  GtkDropDown   *method_dropdown;
};

G_DEFINE_FINAL_TYPE (BeliefParamPanel, belief_param_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_TRAINER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* In the order of the dropdowns' items. */
static const char * const regimes[] = { "default", "recognition", "generation", "discriminative", NULL };
static const char * const methods[] = { "free-energy", "gibbs", NULL };
static const char * const presets[] = { "quick", "standard", "custom", NULL };
static const char * const preset_captions[] = {
  N_("A first model in about a minute"),
  N_("Hinton et al. 2006’s protocol, about an hour on MNIST"),
  N_("The settings below, as you set them"),
};

/* The named data sets in the list's order: in the list belief_dataset_title's
 * words, made translatable (test-app checks that they agree), and in the
 * drop-down's button a short name, the sizes being shown under it. */
static const struct
{
  const char *name;
  const char *short_title;
  const char *title;
} data_sets[] = {
  /* Translators: a data set, with its training and test images */
  { "mnist", N_("MNIST"), N_("MNIST (60,000 / 10,000)") },
  /* Translators: a data set, with its training and test images */
  { "digits", N_("MNIST digits, course-sized"), N_("MNIST digits, course-sized (8,000 / 2,000)") },
  /* Translators: a data set, with its training and test images */
  { "fashion", N_("Fashion-MNIST"), N_("Fashion-MNIST (60,000 / 10,000)") },
};
/* The learning rate's slider reaches 10, the CLI's limit, on purpose: the
 * app must take silly values gracefully.  Above 0.1 the default network
 * learns badly or not at all; from 2 to 4 up, training blows up within a
 * minibatch or two, and the session pauses and restores the weights
 * (belief-session.c, "Divergence").  The slider marks 0.1. */
static const double lr_range[] = { 1e-4, 10.0 };
#define LR_SENSIBLE_LOG10 (-1)   /* 0.1 */
static const double decay_range[] = { 1e-6, 1e-1 };

/* ---- mappings between settings and controls ----------------------------- */

static gboolean
log_get_mapping (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_double (value, log10 (MAX (g_variant_get_double (variant), 1e-12)));
  return TRUE;
}

/* 10^value, rounded to two significant digits and kept in range. */
static GVariant *
log_set_mapping (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  const double *range = user_data;
  double x = pow (10.0, g_value_get_double (value));
  double unit = pow (10.0, floor (log10 (x)) - 1.0);

  x = round (x / unit) * unit;
  return g_variant_new_double (CLAMP (x, range[0], range[1]));
}

static gboolean
choice_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *text = g_variant_get_string (variant, NULL);
  guint index = 0;

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], text))
      index = i;
  g_value_set_uint (value, index);
  return TRUE;
}

static GVariant *
choice_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *choices = user_data;
  guint index = g_value_get_uint (value);

  if (index >= g_strv_length ((char **) choices))
    return NULL;
  return g_variant_new_string (choices[index]);
}

/* The numbers beside the sliders' titles. */
static void
update_values (BeliefParamPanel *self)
{
  g_autofree char *lr = g_strdup_printf ("%.2g", pow (10.0, gtk_adjustment_get_value (self->lr_adjustment)));
  g_autofree char *momentum = g_strdup_printf ("%.2f", gtk_adjustment_get_value (self->momentum_adjustment));
  g_autofree char *decay = g_strdup_printf ("%.2g", pow (10.0, gtk_adjustment_get_value (self->decay_adjustment)));

  gtk_label_set_text (self->lr_value, lr);
  gtk_label_set_text (self->momentum_value, momentum);
  gtk_label_set_text (self->decay_value, gtk_switch_get_active (self->decay_switch) ? decay : _("off"));
}

/* ---- the layer sizes entry ---------------------------------------------- */

static void
layers_entry_changed_cb (BeliefParamPanel *self,
                         GtkEditable      *editable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *current = NULL;
  BeliefConfig cfg;

  if (self->settings == NULL)
    return;
  belief_config_defaults (&cfg);
  if (!belief_config_parse_layers (&cfg, gtk_editable_get_text (editable), &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->layers_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->layers_entry),
                                   _("Give 1 to 8 sizes separated by commas, such as 500,500,2000"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->layers_entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->layers_entry), NULL);
  normal = belief_config_layers_string (&cfg);
  current = g_settings_get_string (self->settings, "layers");
  if (!g_str_equal (normal, current))
    g_settings_set_string (self->settings, "layers", normal);
}

static void
sync_layers_entry (BeliefParamPanel *self)
{
  g_autofree char *layers = g_settings_get_string (self->settings, "layers");
  g_autofree char *typed = NULL;
  BeliefConfig cfg;

  belief_config_defaults (&cfg);
  if (belief_config_parse_layers (&cfg, gtk_editable_get_text (GTK_EDITABLE (self->layers_entry)), NULL))
    typed = belief_config_layers_string (&cfg);
  if (g_strcmp0 (typed, layers) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->layers_entry), layers);
}

/* ---- the data set ------------------------------------------------------------ */

static BeliefData *
get_data (BeliefParamPanel *self)
{
  return self->trainer != NULL ? belief_trainer_get_data (self->trainer) : NULL;
}

/* Whether data was loaded from source (a set's name or a folder's path). */
static gboolean
is_source_of (const char *source,
              BeliefData *data)
{
  if (data == NULL)
    return FALSE;
  if (belief_data_get_name (data) != NULL)
    return g_strcmp0 (source, belief_data_get_name (data)) == 0;
  return g_strcmp0 (source, belief_data_get_dir (data)) == 0;
}

/* The drop-down's button: the short title on one line, ellipsized (a
 * folder's name may be long). */
static void
button_item_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
button_item_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  BeliefParamPanel *self = user_data;
  guint position = gtk_list_item_get_position (item);
  const char *text = position < self->short_titles->len
                     ? g_ptr_array_index (self->short_titles, position)
                     : gtk_string_object_get_string (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

/* The list: the installed named sets and the last folder opened, with the
 * trainer's data selected; under it the data's sizes. */
static void
sync_dataset_row (BeliefParamPanel *self)
{
  BeliefData *data = get_data (self);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  guint selected = GTK_INVALID_LIST_POSITION;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->dataset_list));
  gboolean same;

  g_ptr_array_set_size (self->sources, 0);
  g_ptr_array_set_size (self->short_titles, 0);
  for (guint i = 0; i < G_N_ELEMENTS (data_sets); i++)
    {
      g_autofree char *dir = belief_dataset_dir_for_name (data_sets[i].name, NULL);

      if (dir == NULL && !is_source_of (data_sets[i].name, data))
        continue;
      if (is_source_of (data_sets[i].name, data))
        selected = self->sources->len;
      g_ptr_array_add (self->sources, g_strdup (data_sets[i].name));
      g_ptr_array_add (self->short_titles, g_strdup (_(data_sets[i].short_title)));
      g_ptr_array_add (titles, g_strdup (_(data_sets[i].title)));
    }
  if (self->folder != NULL)
    {
      if (is_source_of (self->folder, data))
        selected = self->sources->len;
      g_ptr_array_add (self->sources, g_strdup (self->folder));
      g_ptr_array_add (self->short_titles, g_path_get_basename (self->folder));
      g_ptr_array_add (titles, g_path_get_basename (self->folder));
    }

  self->syncing = TRUE;
  same = n_items == titles->len;
  for (guint i = 0; same && i < titles->len; i++)
    same = g_str_equal (gtk_string_list_get_string (self->dataset_list, i),
                        g_ptr_array_index (titles, i));
  g_ptr_array_add (titles, NULL);
  if (!same)
    gtk_string_list_splice (self->dataset_list, 0, n_items, (const char * const *) titles->pdata);
  gtk_drop_down_set_selected (self->dataset_dropdown, selected);
  self->syncing = FALSE;

  if (data != NULL)
    {
      const BeliefDataset *train = belief_data_get_train (data);
      const BeliefDataset *validation = belief_data_get_validation (data);
      const BeliefDataset *test = belief_data_get_test (data);
      g_autofree char *sizes = belief_status_format_data_sizes (train->n,
                                                                validation != NULL ? validation->n : 0,
                                                                test != NULL ? test->n : 0,
                                                                train->rows, train->cols);

      gtk_label_set_text (self->sizes_label, sizes);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->sizes_label), belief_data_get_dir (data));
    }
  else
    {
      gtk_label_set_text (self->sizes_label, _("No images loaded"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->sizes_label), NULL);
    }
}

/* Choosing a set or the folder loads it (win.load-dataset); the list
 * follows once the data is there. */
static void
dataset_selected_cb (BeliefParamPanel *self)
{
  guint i = gtk_drop_down_get_selected (self->dataset_dropdown);
  const char *source;

  if (self->syncing || i >= self->sources->len)
    return;
  source = g_ptr_array_index (self->sources, i);
  if (is_source_of (source, get_data (self)))
    return;
  gtk_label_set_text (self->sizes_label, _("Loading the images…"));
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.load-dataset", "s", source))
    sync_dataset_row (self);
}

/* ---- the preset ------------------------------------------------------------------ */

/* The training images a run would use: the data's, up to "train-size". */
static guint
fit_size (BeliefParamPanel *self)
{
  BeliefData *data = get_data (self);
  guint n;
  int limit;

  if (data == NULL || self->settings == NULL)
    return 0;
  n = belief_data_get_train (data)->n;
  limit = g_settings_get_int (self->settings, "train-size");
  return limit > 0 ? MIN ((guint) limit, n) : n;
}

static void
update_preset_caption (BeliefParamPanel *self)
{
  guint i = gtk_drop_down_get_selected (self->preset_dropdown);

  gtk_label_set_text (self->preset_caption,
                      i < G_N_ELEMENTS (preset_captions) ? _(preset_captions[i]) : "");
}

/* Writes the chosen preset's values for the data's size; nothing for
 * Custom or without data (the data's arrival applies it).  Only settings
 * change: a model already there, trained or opened from a file, stays
 * until Reset. */
static void
apply_preset (BeliefParamPanel *self)
{
  g_autofree char *preset = NULL;
  g_autoptr(GError) error = NULL;
  guint n_fit = fit_size (self);

  if (self->settings == NULL || n_fit == 0)
    return;
  preset = g_settings_get_string (self->settings, "preset");
  if (g_str_equal (preset, "custom"))
    return;
  if (!belief_settings_apply_preset (self->settings, preset, n_fit, &error))
    g_warning ("The preset “%s”: %s", preset, error->message);
}

/* A key of the preset that no longer holds the preset's value was edited:
 * the preset becomes Custom.  Without data only Standard, whose values do
 * not depend on the size, can be checked. */
static void
check_preset (BeliefParamPanel *self)
{
  g_autofree char *preset = g_settings_get_string (self->settings, "preset");
  guint n_fit = fit_size (self);

  if (g_str_equal (preset, "custom"))
    return;
  if ((n_fit == 0 && !g_str_equal (preset, "standard"))
      || !belief_settings_match_preset (self->settings, preset, MAX (n_fit, 1)))
    g_settings_set_string (self->settings, "preset", "custom");
}

/* New data: the list and the sizes follow, and the preset is applied for
 * the new size before the window makes a model of it. */
static void
data_changed_cb (BeliefParamPanel *self)
{
  BeliefData *data = get_data (self);

  if (data != NULL && belief_data_get_name (data) == NULL && belief_data_get_dir (data) != NULL)
    {
      g_free (self->folder);
      self->folder = g_strdup (belief_data_get_dir (data));
    }
  sync_dataset_row (self);
  apply_preset (self);
}

/* ---- live values and the reset note --------------------------------------- */

static void
update_note (BeliefParamPanel *self)
{
  const BeliefConfig *cfg = NULL;

  if (self->trainer != NULL)
    cfg = belief_trainer_get_config (self->trainer);
  gtk_revealer_set_reveal_child (self->note_revealer,
                                 cfg != NULL && self->settings != NULL
                                 && belief_settings_differ (self->settings, cfg));
}

static void
apply_live (BeliefParamPanel *self)
{
  double decay;

  if (self->trainer == NULL || self->settings == NULL)
    return;
  decay = g_settings_get_boolean (self->settings, "weight-decay-enabled")
          ? g_settings_get_double (self->settings, "weight-decay") : 0.0;
  belief_trainer_set_learning_rate (self->trainer,
                                    g_settings_get_double (self->settings, "learning-rate"));
  belief_trainer_set_momentum (self->trainer, g_settings_get_double (self->settings, "momentum"));
  belief_trainer_set_weight_decay (self->trainer, decay);
}

/* The up-down schedule counts the Gibbs steps of wake-sleep, which the
 * discriminative regime does not run. */
static void
update_schedule_row (BeliefParamPanel *self)
{
  g_autofree char *regime = g_settings_get_string (self->settings, "finetune-regime");

  gtk_widget_set_sensitive (self->schedule_row, g_strcmp0 (regime, "discriminative") != 0);
}

static void
settings_changed_cb (BeliefParamPanel *self,
                     const char       *key,
                     GSettings        *settings)
{
  if (g_strcmp0 (key, "layers") == 0)
    sync_layers_entry (self);
  if (g_strcmp0 (key, "finetune-regime") == 0)
    update_schedule_row (self);
  if (g_strcmp0 (key, "preset") == 0)
    {
      update_preset_caption (self);
      apply_preset (self);
    }
  else if (g_strcmp0 (key, "train-size") == 0)
    apply_preset (self);
  else if (belief_settings_is_preset_key (key))
    check_preset (self);
  apply_live (self);
  update_note (self);
}

static void
bind_settings (BeliefParamPanel *self)
{
  static const struct { const char *key; gsize offset; } spins[] = {
    { "epochs", G_STRUCT_OFFSET (BeliefParamPanel, epochs_spin) },
    { "top-epochs", G_STRUCT_OFFSET (BeliefParamPanel, top_epochs_spin) },
    { "batch-size", G_STRUCT_OFFSET (BeliefParamPanel, batch_spin) },
    { "cd-steps", G_STRUCT_OFFSET (BeliefParamPanel, cd_spin) },
    { "finetune-epochs", G_STRUCT_OFFSET (BeliefParamPanel, finetune_epochs_spin) },
    { "seed", G_STRUCT_OFFSET (BeliefParamPanel, seed_spin) },
  };
  GSettings *s = self->settings;

  g_settings_bind_with_mapping (s, "learning-rate", self->lr_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, log_get_mapping, log_set_mapping,
                                (gpointer) lr_range, NULL);
  g_settings_bind (s, "momentum", self->momentum_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (s, "weight-decay", self->decay_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, log_get_mapping, log_set_mapping,
                                (gpointer) decay_range, NULL);
  g_settings_bind (s, "weight-decay-enabled", self->decay_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (s, "labels", self->labels_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (s, "pcd", self->pcd_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (s, "finetune-gibbs-schedule", self->schedule_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      GtkSpinButton *spin = G_STRUCT_MEMBER (GtkSpinButton *, self, spins[i].offset);

      double lo, hi;

      /* the schema's range, so that the two cannot drift apart */
      if (belief_settings_get_range (s, spins[i].key, &lo, &hi))
        gtk_spin_button_set_range (spin, lo, hi);
      g_settings_bind (s, spins[i].key, spin, "value", G_SETTINGS_BIND_DEFAULT);
    }
  g_settings_bind_with_mapping (s, "finetune-regime", self->regime_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_get_mapping, choice_set_mapping,
                                (gpointer) regimes, NULL);
  g_settings_bind_with_mapping (s, "recognition-method", self->method_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_get_mapping, choice_set_mapping,
                                (gpointer) methods, NULL);
  g_settings_bind_with_mapping (s, "preset", self->preset_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_get_mapping, choice_set_mapping,
                                (gpointer) presets, NULL);
  update_preset_caption (self);
  sync_layers_entry (self);
  update_schedule_row (self);
  g_signal_connect_object (s, "changed", G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* ---- public API ------------------------------------------------------------ */

GtkWidget *
belief_param_panel_new (void)
{
  return g_object_new (BELIEF_TYPE_PARAM_PANEL, NULL);
}

GSettings *
belief_param_panel_get_settings (BeliefParamPanel *self)
{
  g_return_val_if_fail (BELIEF_IS_PARAM_PANEL (self), NULL);
  return self->settings;
}

/* Settings can be given once: the bindings stay for the panel's life. */
void
belief_param_panel_set_settings (BeliefParamPanel *self,
                                 GSettings        *settings)
{
  g_return_if_fail (BELIEF_IS_PARAM_PANEL (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->settings == NULL || self->settings == settings);

  if (self->settings == settings)
    return;
  self->settings = g_object_ref (settings);
  bind_settings (self);
  apply_preset (self);
  apply_live (self);
  update_note (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTINGS]);
}

BeliefTrainer *
belief_param_panel_get_trainer (BeliefParamPanel *self)
{
  g_return_val_if_fail (BELIEF_IS_PARAM_PANEL (self), NULL);
  return self->trainer;
}

void
belief_param_panel_set_trainer (BeliefParamPanel *self,
                                BeliefTrainer    *trainer)
{
  g_return_if_fail (BELIEF_IS_PARAM_PANEL (self));
  g_return_if_fail (trainer == NULL || BELIEF_IS_TRAINER (trainer));

  if (self->trainer == trainer)
    return;
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  g_set_object (&self->trainer, trainer);
  if (trainer != NULL)
    {
      g_signal_connect_swapped (trainer, "notify::state", G_CALLBACK (update_note), self);
      g_signal_connect_swapped (trainer, "weights-changed", G_CALLBACK (update_note), self);
      g_signal_connect_swapped (trainer, "notify::data", G_CALLBACK (data_changed_cb), self);
    }
  data_changed_cb (self);
  apply_live (self);
  update_note (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINER]);
}

void
belief_param_panel_sync_data (BeliefParamPanel *self)
{
  g_return_if_fail (BELIEF_IS_PARAM_PANEL (self));

  sync_dataset_row (self);
}

GtkAdjustment *
belief_param_panel_get_learning_rate_adjustment (BeliefParamPanel *self)
{
  g_return_val_if_fail (BELIEF_IS_PARAM_PANEL (self), NULL);
  return self->lr_adjustment;
}

/* ---- GObject ---------------------------------------------------------------- */

static void
belief_param_panel_dispose (GObject *object)
{
  BeliefParamPanel *self = (BeliefParamPanel *) object;

  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  g_clear_object (&self->trainer);
  gtk_widget_dispose_template (GTK_WIDGET (self), BELIEF_TYPE_PARAM_PANEL);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->short_titles, g_ptr_array_unref);

  G_OBJECT_CLASS (belief_param_panel_parent_class)->dispose (object);
}

static void
belief_param_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BeliefParamPanel *self = BELIEF_PARAM_PANEL (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_TRAINER:
      g_value_set_object (value, self->trainer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
belief_param_panel_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BeliefParamPanel *self = BELIEF_PARAM_PANEL (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      if (g_value_get_object (value) != NULL)
        belief_param_panel_set_settings (self, g_value_get_object (value));
      break;
    case PROP_TRAINER:
      belief_param_panel_set_trainer (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
belief_param_panel_class_init (BeliefParamPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = belief_param_panel_dispose;
  object_class->get_property = belief_param_panel_get_property;
  object_class->set_property = belief_param_panel_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINER] =
    g_param_spec_object ("trainer", NULL, NULL, BELIEF_TYPE_TRAINER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/belief/Belief/belief-param-panel.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BeliefParamPanel, name)
  BIND (panel_box);
  BIND (dataset_dropdown);
  BIND (dataset_list);
  BIND (sizes_label);
  BIND (preset_dropdown);
  BIND (preset_caption);
  BIND (note_revealer);
  BIND (lr_adjustment);
  BIND (momentum_adjustment);
  BIND (decay_adjustment);
  BIND (lr_scale);
  BIND (decay_scale);
  BIND (lr_value);
  BIND (momentum_value);
  BIND (decay_value);
  BIND (decay_switch);
  BIND (labels_switch);
  BIND (pcd_switch);
  BIND (schedule_switch);
  BIND (schedule_row);
  BIND (layers_entry);
  BIND (epochs_spin);
  BIND (top_epochs_spin);
  BIND (batch_spin);
  BIND (cd_spin);
  BIND (finetune_epochs_spin);
  BIND (seed_spin);
  BIND (regime_dropdown);
  BIND (method_dropdown);
#undef BIND
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "paramspanel");
}

static void
belief_param_panel_init (BeliefParamPanel *self)
{
  g_autoptr(GtkListItemFactory) button_factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The data sets: sync_dataset_row fills the list.  The button shows the
   * short title; the popup the whole one, with the default factory's
   * check mark. */
  self->sources = g_ptr_array_new_with_free_func (g_free);
  self->short_titles = g_ptr_array_new_with_free_func (g_free);
  gtk_drop_down_set_list_factory (self->dataset_dropdown,
                                  gtk_drop_down_get_factory (self->dataset_dropdown));
  g_signal_connect (button_factory, "setup", G_CALLBACK (button_item_setup_cb), NULL);
  g_signal_connect (button_factory, "bind", G_CALLBACK (button_item_bind_cb), self);
  gtk_drop_down_set_factory (self->dataset_dropdown, button_factory);
  sync_dataset_row (self);
  g_signal_connect_object (self->dataset_dropdown, "notify::selected",
                           G_CALLBACK (dataset_selected_cb), self, G_CONNECT_SWAPPED);

  /* a tick at each power of ten; the one at 0.1 says where rates get too high */
  for (int d = -4; d <= 1; d++)
    gtk_scale_add_mark (self->lr_scale, d, GTK_POS_BOTTOM,
                        /* Translators: under the learning-rate slider, at 0.1 */
                        d == LR_SENSIBLE_LOG10 ? _("too high →") : NULL);
  for (int d = -6; d <= -1; d++)
    gtk_scale_add_mark (self->decay_scale, d, GTK_POS_BOTTOM, NULL);
  g_signal_connect_object (self->lr_adjustment, "value-changed", G_CALLBACK (update_values),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->momentum_adjustment, "value-changed", G_CALLBACK (update_values),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->decay_adjustment, "value-changed", G_CALLBACK (update_values),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->decay_switch, "notify::active", G_CALLBACK (update_values),
                           self, G_CONNECT_SWAPPED);
  update_values (self);
  g_signal_connect_object (self->layers_entry, "changed", G_CALLBACK (layers_entry_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->decay_switch, "active", self->decay_scale, "sensitive",
                          G_BINDING_SYNC_CREATE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->decay_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Use weight decay"), -1);
}
