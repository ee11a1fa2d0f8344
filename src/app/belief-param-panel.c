/* belief-param-panel.c: hyperparameters bound to GSettings. */
#include "belief-param-panel.h"

#include <glib/gi18n.h>
#include <math.h>

#include "belief-settings.h"

struct _BeliefParamPanel
{
  GtkWidget      parent_instance;

  GSettings     *settings;
  BeliefTrainer *trainer;

  GtkWidget     *panel_box;
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
    }
  apply_live (self);
  update_note (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINER]);
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
  gtk_widget_init_template (GTK_WIDGET (self));

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
