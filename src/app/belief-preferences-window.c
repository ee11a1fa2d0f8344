/* belief-preferences-window.c: data size, evaluation and threads. */
#include "belief-preferences-window.h"

#include "belief-settings.h"

struct _BeliefPreferencesWindow
{
  GtkWindow      parent_instance;

  GSettings     *settings;

  GtkSpinButton *train_size_spin;
  GtkSpinButton *eval_size_spin;
  GtkSpinButton *threads_spin;
};

G_DEFINE_FINAL_TYPE (BeliefPreferencesWindow, belief_preferences_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWindow *
belief_preferences_window_new (GtkWindow *parent,
                               GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (BELIEF_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}

static void
belief_preferences_window_constructed (GObject *object)
{
  BeliefPreferencesWindow *self = (BeliefPreferencesWindow *) object;
  const struct { const char *key; GtkSpinButton *spin; } spins[] = {
    { "train-size", self->train_size_spin },
    { "eval-size", self->eval_size_spin },
    { "threads", self->threads_spin },
  };

  G_OBJECT_CLASS (belief_preferences_window_parent_class)->constructed (object);

  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      double lo, hi;

      /* the schema's range, so that the two cannot drift apart */
      if (belief_settings_get_range (self->settings, spins[i].key, &lo, &hi))
        gtk_spin_button_set_range (spins[i].spin, lo, hi);
      g_settings_bind (self->settings, spins[i].key, spins[i].spin, "value",
                       G_SETTINGS_BIND_DEFAULT);
    }
}

static void
belief_preferences_window_dispose (GObject *object)
{
  BeliefPreferencesWindow *self = (BeliefPreferencesWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BELIEF_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (belief_preferences_window_parent_class)->dispose (object);
}

static void
belief_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  BeliefPreferencesWindow *self = BELIEF_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
belief_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  BeliefPreferencesWindow *self = BELIEF_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
belief_preferences_window_class_init (BeliefPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = belief_preferences_window_constructed;
  object_class->dispose = belief_preferences_window_dispose;
  object_class->get_property = belief_preferences_window_get_property;
  object_class->set_property = belief_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/belief/Belief/belief-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BeliefPreferencesWindow, train_size_spin);
  gtk_widget_class_bind_template_child (widget_class, BeliefPreferencesWindow, eval_size_spin);
  gtk_widget_class_bind_template_child (widget_class, BeliefPreferencesWindow, threads_spin);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
belief_preferences_window_init (BeliefPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
