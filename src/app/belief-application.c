/* belief-application.c: actions, the data set of the last session, and the
 * system style. */
#include "belief-application.h"

#include <malloc.h>

#include <glib/gi18n.h>

#include "belief-preferences-window.h"
#include "belief-settings.h"
#include "belief-window.h"

struct _BeliefApplication
{
  GtkApplication  parent_instance;

  GSettings      *settings;
  GCancellable   *cancellable;
  gboolean        loading;
  BeliefData     *data;
  GError         *data_error;
  char           *loading_name;  /* the named set being loaded */
  char           *data_note;     /* why the digits opened instead of the chosen set */
  GDBusProxy     *portal;
  char           *state_dir;   /* autosave and the session marker */
};

G_DEFINE_FINAL_TYPE (BeliefApplication, belief_application, GTK_TYPE_APPLICATION)

/* ---- the data set of the last session ---------------------------------------- */

static void
apply_data (BeliefApplication *self,
            BeliefWindow      *window)
{
  if (self->data != NULL)
    {
      belief_window_set_data (window, self->data);
      if (self->data_note != NULL)
        belief_window_show_banner (window, self->data_note, TRUE);
    }
  else if (self->data_error != NULL)
    belief_window_show_data_error (window, self->data_error);
}

static void load_named (BeliefApplication *self,
                        const char        *name);

/* The chosen set could not be read: the digits instead, saying why. */
static gboolean
fall_back (BeliefApplication *self,
           const GError      *error)
{
  if (g_strcmp0 (self->loading_name, "digits") == 0)
    return FALSE;
  g_free (self->data_note);
  self->data_note = g_strdup_printf (_("Opened the course-sized MNIST digits instead: %s"),
                                     error->message);
  load_named (self, "digits");
  return TRUE;
}

static void
data_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BeliefApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->data = belief_data_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->data == NULL && fall_back (self, error))
    return;
  self->loading = FALSE;
  self->data_error = g_steal_pointer (&error);
  if (self->data == NULL)
    g_clear_pointer (&self->data_note, g_free);  /* the empty page says it all */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (BELIEF_IS_WINDOW (l->data))
      apply_data (self, l->data);
}

/* Loads a named set (the "dataset" setting, "mnist" unless chosen): when it
 * is not installed, or not readable, the digits, and when they are missing
 * too, the empty page that says how to get them. */
static void
load_named (BeliefApplication *self,
            const char        *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = belief_dataset_dir_for_name (name, &error);

  g_free (self->loading_name);
  self->loading_name = g_strdup (name);
  if (dir == NULL && fall_back (self, error))
    return;
  if (dir == NULL)
    dir = belief_dataset_default_dir ();  /* not there: the empty page names it */
  self->loading = TRUE;
  belief_data_load_async (dir, self->cancellable, data_loaded_cb, g_object_ref (self));
}

/* ---- light and dark, as the desktop says (the settings portal) -------------- */

static void
apply_color_scheme (GVariant *value)
{
  g_autoptr(GVariant) inner = NULL;
  guint32 scheme = 0;

  /* Read returns v wrapping v; SettingChanged gives v */
  while (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *next = g_variant_get_variant (value);

      g_clear_pointer (&inner, g_variant_unref);
      inner = next;
      value = next;
    }
  if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    scheme = g_variant_get_uint32 (value);
  /* 1 = prefer dark, 2 = prefer light, 0 = no preference */
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", scheme == 1, NULL);
}

static void
portal_signal_cb (GDBusProxy *proxy,
                  const char *sender,
                  const char *signal,
                  GVariant   *params,
                  gpointer    user_data)
{
  const char *ns, *key;
  g_autoptr(GVariant) value = NULL;

  if (g_strcmp0 (signal, "SettingChanged") != 0
      || !g_variant_is_of_type (params, G_VARIANT_TYPE ("(ssv)")))
    return;
  g_variant_get (params, "(&s&sv)", &ns, &key, &value);
  if (g_str_equal (ns, "org.freedesktop.appearance") && g_str_equal (key, "color-scheme"))
    apply_color_scheme (value);
}

static void
portal_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, NULL);
  g_autoptr(GVariant) value = NULL;

  if (reply == NULL)
    return;
  g_variant_get (reply, "(v)", &value);
  apply_color_scheme (value);
}

static void
portal_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BeliefApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_finish (result, &error);

  if (proxy == NULL)
    {
      g_debug ("No settings portal, keeping the default style: %s", error->message);
      return;
    }
  self->portal = proxy;
  g_signal_connect (proxy, "g-signal", G_CALLBACK (portal_signal_cb), NULL);
  g_dbus_proxy_call (proxy, "Read", g_variant_new ("(ss)", "org.freedesktop.appearance", "color-scheme"),
                     G_DBUS_CALL_FLAGS_NONE, 2000, self->cancellable, portal_read_cb, NULL);
}

static void
follow_color_scheme (BeliefApplication *self)
{
  if (g_getenv ("GTK_THEME") != NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return;
  g_dbus_proxy_new_for_bus (G_BUS_TYPE_SESSION, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                            NULL, "org.freedesktop.portal.Desktop",
                            "/org/freedesktop/portal/desktop",
                            "org.freedesktop.portal.Settings",
                            self->cancellable, portal_ready_cb, g_object_ref (self));
}

/* ---- actions ------------------------------------------------------------------ */

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* close, not destroy: windows save their size and stop their trainers */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *developers[] = { "The Belief developers", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (GTK_APPLICATION (user_data)),
                         "program-name", _("Belief"),
                         "logo-icon-name", BELIEF_APP_ID,
                         "version", BELIEF_VERSION,
                         "comments", _("A laboratory for Restricted Boltzmann Machines and Deep Belief Nets"),
                         "website", "https://github.com/belief/belief",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  BeliefApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (belief_preferences_window_new (parent, self->settings));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "shortcuts", .activate = shortcuts_action },
};

/* ---- GApplication --------------------------------------------------------------- */

static void
belief_application_startup (GApplication *app)
{
  BeliefApplication *self = BELIEF_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *no_accels[] = { NULL };
  g_autofree char *dataset = NULL;

  G_APPLICATION_CLASS (belief_application_parent_class)->startup (app);

  g_set_application_name (_("Belief"));
  gtk_window_set_default_icon_name (BELIEF_APP_ID);
  self->settings = belief_settings_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  /* app.shortcuts stands in for GtkApplication's own win.show-help-overlay */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", no_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts", shortcuts_accels);
  follow_color_scheme (self);

  /* no test starts the application: they build their data and windows */
  dataset = g_settings_get_string (self->settings, "dataset");
  load_named (self, dataset);
}

/* Seconds between autosaves while training: 3 minutes, or
 * $BELIEF_AUTOSAVE_SECONDS. */
static guint
autosave_interval (void)
{
  const char *env = g_getenv ("BELIEF_AUTOSAVE_SECONDS");
  guint64 seconds;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, 86400, &seconds, NULL))
    return (guint) seconds;
  return 180;
}

static void
belief_application_activate (GApplication *app)
{
  BeliefApplication *self = BELIEF_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (belief_window_new (GTK_APPLICATION (app), self->settings));
      belief_window_enable_autosave (BELIEF_WINDOW (window), self->state_dir, autosave_interval ());
      if (!self->loading)
        apply_data (self, BELIEF_WINDOW (window));
    }
  gtk_window_present (window);
}

static void
belief_application_shutdown (GApplication *app)
{
  BeliefApplication *self = BELIEF_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  G_APPLICATION_CLASS (belief_application_parent_class)->shutdown (app);
}

static void
belief_application_finalize (GObject *object)
{
  BeliefApplication *self = (BeliefApplication *) object;

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->portal);
  g_clear_pointer (&self->data, belief_data_unref);
  g_clear_error (&self->data_error);
  g_free (self->loading_name);
  g_free (self->data_note);
  g_free (self->state_dir);

  G_OBJECT_CLASS (belief_application_parent_class)->finalize (object);
}

static void
belief_application_class_init (BeliefApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = belief_application_finalize;
  app_class->startup = belief_application_startup;
  app_class->activate = belief_application_activate;
  app_class->shutdown = belief_application_shutdown;
}

static void
belief_application_init (BeliefApplication *self)
{
  self->cancellable = g_cancellable_new ();
  self->state_dir = g_build_filename (g_get_user_state_dir (), "belief", NULL);
}

BeliefApplication *
belief_application_new (void)
{
  return g_object_new (BELIEF_TYPE_APPLICATION,
                       "application-id", BELIEF_APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/belief/Belief",
                       NULL);
}

GSettings *
belief_application_get_settings (BeliefApplication *self)
{
  g_return_val_if_fail (BELIEF_IS_APPLICATION (self), NULL);
  return self->settings;
}

BeliefData *
belief_application_get_data (BeliefApplication *self)
{
  g_return_val_if_fail (BELIEF_IS_APPLICATION (self), NULL);
  return self->data;
}

/* Snapshots of the weights (7-27 MB each) go to the views a few times a
 * second and are freed again.  glibc raises its mmap threshold to the size
 * of the largest block freed, so after the first few such blocks come
 * from the heap, where freed space stays resident.  A fixed threshold keeps
 * every block from 256 kB up in its own mapping, returned when freed. */
void
belief_application_tune_memory (void)
{
#ifdef M_MMAP_THRESHOLD
  mallopt (M_MMAP_THRESHOLD, 256 * 1024);
#endif
}
