/* belief-window.c: header bar, side panel, views and status line. */
#include "belief-window.h"
#include "belief-views.h"

#include <glib/gi18n.h>

#include "belief-error.h"
#include "belief-experiments-view.h"
#include "belief-loglik-dialog.h"
#include "belief-settings.h"
#include "belief-status.h"
#include "belief-window-private.h"

G_DEFINE_FINAL_TYPE (BeliefWindow, belief_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_TRAINER,
  PROP_TRAINING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- banner and status ------------------------------------------------------ */

static gboolean
banner_timeout_cb (gpointer data)
{
  BeliefWindow *self = data;

  self->banner_timeout = 0;
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

void
belief_window_show_banner (BeliefWindow *self,
                           const char   *message,
                           gboolean      is_error)
{
  g_return_if_fail (BELIEF_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_clear_handle_id (&self->banner_timeout, g_source_remove);
  gtk_label_set_text (self->banner_label, message);
  if (is_error)
    gtk_widget_add_css_class (self->banner, "error");
  else
    {
      gtk_widget_remove_css_class (self->banner, "error");
      self->banner_timeout = g_timeout_add_seconds (6, banner_timeout_cb, self);
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

/* The status line when no minibatch is running. */
static char *
describe_idle (BeliefWindow       *self,
               BeliefTrainerState  state)
{
  const BeliefDbn *model = belief_trainer_get_model (self->trainer);
  const BeliefProgress *p = belief_trainer_get_progress (self->trainer);
  BeliefData *data = belief_trainer_get_data (self->trainer);
  g_autofree char *arch = model != NULL ? belief_dbn_describe (model) : g_strdup ("");

  if (state == BELIEF_TRAINER_FINISHED)
    return belief_status_format_finished (arch, belief_trainer_get_test_accuracy (self->trainer),
                                          p != NULL ? p->elapsed : 0.0);
  if (belief_trainer_get_session (self->trainer) == NULL)
    return belief_status_format_loaded (self->model_name, arch);
  return belief_status_format_ready (arch, data != NULL ? belief_data_get_train (data)->n : 0);
}

void
belief_window_update_status (BeliefWindow *self)
{
  BeliefTrainerState state = belief_trainer_get_state (self->trainer);
  const BeliefProgress *p = belief_trainer_get_progress (self->trainer);
  g_autofree char *text = NULL;
  double fraction = 0.0;

  switch (state)
    {
    case BELIEF_TRAINER_RUNNING:
    case BELIEF_TRAINER_PAUSED:
      if (p != NULL)
        text = belief_status_format_progress (p, state == BELIEF_TRAINER_PAUSED);
      else
        text = g_strdup (state == BELIEF_TRAINER_PAUSED ? _("Paused") : _("Starting…"));
      break;
    case BELIEF_TRAINER_READY:
    case BELIEF_TRAINER_FINISHED:
      text = describe_idle (self, state);
      break;
    case BELIEF_TRAINER_EMPTY:
    default:
      text = g_strdup ("");
      break;
    }
  if (p != NULL && p->updates_total > 0)
    fraction = (double) p->updates / p->updates_total;
  gtk_label_set_text (self->status_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar),
                          belief_trainer_get_session (self->trainer) != NULL);
}

static void
update_controls (BeliefWindow *self)
{
  BeliefTrainerState state = belief_trainer_get_state (self->trainer);
  gboolean has_session = belief_trainer_get_session (self->trainer) != NULL;
  gboolean running = state == BELIEF_TRAINER_RUNNING;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "win.train", has_session && state != BELIEF_TRAINER_FINISHED);
  gtk_widget_action_set_enabled (widget, "win.reset", belief_trainer_get_data (self->trainer) != NULL);
  gtk_widget_action_set_enabled (widget, "win.save-model", belief_trainer_get_model (self->trainer) != NULL);
  gtk_widget_action_set_enabled (widget, "win.measure-loglik", belief_trainer_get_model (self->trainer) != NULL);
  gtk_image_set_from_icon_name (self->train_icon, running ? "media-playback-pause-symbolic"
                                                          : "media-playback-start-symbolic");
  gtk_label_set_text_with_mnemonic (self->train_label,
                                    running ? _("_Pause")
                                    : state == BELIEF_TRAINER_PAUSED ? _("_Resume") : _("_Train"));
  if (running)
    gtk_widget_remove_css_class (GTK_WIDGET (self->train_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->train_button), "suggested-action");
  if (self->training != running)
    {
      self->training = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
    }
  belief_window_update_status (self);
}

/* The view switcher and the status line only make sense in the lab. */
static void
main_page_changed_cb (BeliefWindow *self)
{
  gboolean lab = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "lab") == 0;

  gtk_widget_set_visible (self->view_switcher, lab);
  gtk_widget_set_visible (self->status_separator, lab);
  gtk_widget_set_visible (self->status_bar, lab);
}

/* The experiments have their own settings: the training's panel steps aside. */
static void
view_changed_cb (BeliefWindow *self)
{
  gboolean experiments = g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack),
                                    "experiments") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->param_panel), !experiments);
  gtk_widget_set_visible (self->panel_separator, !experiments);
}

static BeliefExperimentsView *
get_experiments_view (BeliefWindow *self)
{
  GtkWidget *view = gtk_widget_get_first_child (GTK_WIDGET (belief_window_get_page (self, "experiments")));

  return BELIEF_IS_EXPERIMENTS_VIEW (view) ? BELIEF_EXPERIMENTS_VIEW (view) : NULL;
}

/* ---- trainer signals ---------------------------------------------------------- */

static void
trainer_progress_cb (BeliefWindow         *self,
                     const BeliefProgress *progress,
                     BeliefTrainer        *trainer)
{
  self->unsaved = TRUE;
  belief_window_update_status (self);
}

static void
trainer_failed_cb (BeliefWindow  *self,
                   const GError  *error,
                   BeliefTrainer *trainer)
{
  g_autofree char *message = NULL;
  BeliefSession *session = belief_trainer_get_session (trainer);

  if (!g_error_matches (error, BELIEF_ERROR, BELIEF_ERROR_DIVERGED))
    message = g_strdup_printf (_("Training stopped: %s"), error->message);
  else if (session != NULL && belief_session_get_phase (session) == BELIEF_PHASE_FINETUNE)
    message = g_strdup_printf (_("Training is paused because it diverged: %s. The weights went "
                                 "back to the end of the last epoch. Fine-tuning takes its rate "
                                 "from the regime: pick another regime and press Reset."),
                               error->message);
  else
    message = g_strdup_printf (_("Training is paused because it diverged: %s. The weights went "
                                 "back to the end of the last epoch: lower the learning rate, "
                                 "the momentum or the weight decay, then press Resume."),
                               error->message);
  belief_window_show_banner (self, message, TRUE);
}

/* ---- actions -------------------------------------------------------------------- */

static void
set_training (BeliefWindow *self,
              gboolean      training)
{
  BeliefExperimentsView *experiments = get_experiments_view (self);
  g_autoptr(GError) error = NULL;

  if (training && experiments != NULL && belief_experiments_view_is_running (experiments))
    {
      /* two trainings would share the cores and both crawl */
      belief_window_show_banner (self, _("An experiment is running: stop it in the Experiments "
                                         "view (Alt+6) or wait until it ends, then train"), TRUE);
    }
  else if (training && belief_trainer_get_state (self->trainer) != BELIEF_TRAINER_RUNNING)
    {
      if (!belief_trainer_start (self->trainer, &error))
        belief_window_show_banner (self, error->message, TRUE);
      else
        gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
    }
  else if (!training)
    belief_trainer_pause (self->trainer);
  /* the toggle follows the trainer, also when starting failed */
  self->training = belief_trainer_get_state (self->trainer) == BELIEF_TRAINER_RUNNING;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
}

void
belief_window_reset_now (BeliefWindow *self)
{
  g_autoptr(GError) error = NULL;
  BeliefConfig cfg;

  belief_settings_get_config (self->settings, &cfg);
  if (!belief_trainer_reset (self->trainer, &cfg, &error))
    {
      belief_window_show_banner (self, error->message, TRUE);
      return;
    }
  g_clear_pointer (&self->model_name, g_free);
  self->unsaved = FALSE;
  update_controls (self);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  BeliefWindow *self = BELIEF_WINDOW (widget);

  if (gtk_stack_get_child_by_name (self->view_stack, g_variant_get_string (param, NULL)))
    gtk_stack_set_visible_child_name (self->view_stack, g_variant_get_string (param, NULL));
}

/* The first RBM's log-likelihood, in a modal dialog over a copy of the
 * newest weights (training may go on meanwhile). */
static void
measure_loglik_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BeliefWindow *self = BELIEF_WINDOW (widget);
  const BeliefDbn *model = belief_trainer_get_model (self->trainer);

  if (model == NULL)
    {
      belief_window_show_banner (self, _("Train or open a model first"), TRUE);
      return;
    }
  if (self->loglik_dialog == NULL)
    {
      self->loglik_dialog = GTK_WINDOW (belief_loglik_dialog_new (GTK_WINDOW (self), model,
                                                                  belief_trainer_get_data (self->trainer)));
      g_object_add_weak_pointer (G_OBJECT (self->loglik_dialog), (gpointer *) &self->loglik_dialog);
    }
  gtk_window_present (self->loglik_dialog);
}

/* Cancels the dialog's worker and waits for it, then closes the dialog. */
static void
close_loglik_dialog (BeliefWindow *self)
{
  GtkWindow *dialog = self->loglik_dialog;

  if (dialog == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->loglik_dialog);
  self->loglik_dialog = NULL;
  belief_loglik_dialog_cancel (BELIEF_LOGLIK_DIALOG (dialog));
  /* someone may still hold the dialog: it must not point at this window */
  gtk_window_set_transient_for (dialog, NULL);
  gtk_window_destroy (dialog);
}

static void
dismiss_banner_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BeliefWindow *self = BELIEF_WINDOW (widget);

  g_clear_handle_id (&self->banner_timeout, g_source_remove);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

/* ---- public API ------------------------------------------------------------------- */

BeliefWindow *
belief_window_new (GtkApplication *app,
                   GSettings      *settings)
{
  return g_object_new (BELIEF_TYPE_WINDOW, "application", app, "settings", settings, NULL);
}

void
belief_window_set_data (BeliefWindow *self,
                        BeliefData   *data)
{
  g_return_if_fail (BELIEF_IS_WINDOW (self));
  g_return_if_fail (data != NULL);

  /* the panel follows the trainer's data: it applies the preset for the
   * new size (notify::data) before the model is made from the settings */
  belief_trainer_set_data (self->trainer, data);
  gtk_stack_set_visible_child_name (self->main_stack, "lab");
  belief_window_reset_now (self);
  belief_window_autosave_data_changed (self);
}

void
belief_window_show_data_error (BeliefWindow *self,
                               const GError *error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (BELIEF_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  /* the folder looked in, or what is wrong with its files, then both ways on */
  gtk_label_set_text (self->empty_title,
                      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                      ? _("No images yet") : _("The images could not be loaded"));
  text = g_strdup_printf (_("%s\n\nRun ./run.sh --setup-only to fetch MNIST and the course-sized "
                            "MNIST digits, or open a folder of IDX files of your own."),
                          error->message);
  gtk_label_set_text (self->empty_description, text);
  belief_window_autosave_data_changed (self);
  if (belief_trainer_get_model (self->trainer) == NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "empty");
  else
    belief_window_show_banner (self, error->message, TRUE);
}

BeliefTrainer *
belief_window_get_trainer (BeliefWindow *self)
{
  g_return_val_if_fail (BELIEF_IS_WINDOW (self), NULL);
  return self->trainer;
}

BeliefParamPanel *
belief_window_get_param_panel (BeliefWindow *self)
{
  g_return_val_if_fail (BELIEF_IS_WINDOW (self), NULL);
  return self->param_panel;
}

GSettings *
belief_window_get_settings (BeliefWindow *self)
{
  g_return_val_if_fail (BELIEF_IS_WINDOW (self), NULL);
  return self->settings;
}

GtkBox *
belief_window_get_page (BeliefWindow *self,
                        const char   *name)
{
  g_return_val_if_fail (BELIEF_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return GTK_BOX (gtk_stack_get_child_by_name (self->view_stack, name));
}

void
belief_window_set_view (BeliefWindow *self,
                        const char   *name,
                        GtkWidget    *view)
{
  GtkBox *page;
  GtkWidget *child;

  g_return_if_fail (BELIEF_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (view));

  page = belief_window_get_page (self, name);
  g_return_if_fail (page != NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (page))) != NULL)
    gtk_box_remove (page, child);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (page, view);
}

/* ---- GObject and GtkWidget ---------------------------------------------------------- */

static void
ensure_style (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (g_object_get_data (G_OBJECT (display), "belief-style") != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/belief/Belief/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "belief-style",
                          g_object_ref (provider), g_object_unref);
}

static void
belief_window_constructed (GObject *object)
{
  BeliefWindow *self = (BeliefWindow *) object;

  G_OBJECT_CLASS (belief_window_parent_class)->constructed (object);

  ensure_style (GTK_WIDGET (self));
  if (self->settings == NULL)
    self->settings = belief_settings_new ();
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  belief_param_panel_set_settings (self->param_panel, self->settings);
  belief_param_panel_set_trainer (self->param_panel, self->trainer);
  /* after the settings exist: the views read them */
  belief_window_install_views (self);
  update_controls (self);
}

static gboolean
belief_window_close_request (GtkWindow *window)
{
  BeliefWindow *self = BELIEF_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  /* Stop now rather than at finalization: closing mid-training is clean
   * even while something else still holds the window. */
  belief_trainer_cancel (self->trainer);
  belief_window_autosave_close (self);
  close_loglik_dialog (self);
  if (get_experiments_view (self) != NULL)
    belief_experiments_view_shutdown (get_experiments_view (self));
  return GTK_WINDOW_CLASS (belief_window_parent_class)->close_request (window);
}

static void
belief_window_dispose (GObject *object)
{
  BeliefWindow *self = (BeliefWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->data_cancellable);
  close_loglik_dialog (self);
  g_clear_handle_id (&self->banner_timeout, g_source_remove);
  g_clear_handle_id (&self->autosave_timeout, g_source_remove);
  g_clear_pointer (&self->autosave_dir, g_free);
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BELIEF_TYPE_WINDOW);
  g_clear_object (&self->trainer);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->data_cancellable);
  g_clear_pointer (&self->model_name, g_free);

  G_OBJECT_CLASS (belief_window_parent_class)->dispose (object);
}

static void
belief_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BeliefWindow *self = BELIEF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_TRAINER:
      g_value_set_object (value, self->trainer);
      break;
    case PROP_TRAINING:
      g_value_set_boolean (value, self->training);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
belief_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BeliefWindow *self = BELIEF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_TRAINING:
      set_training (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
belief_window_class_init (BeliefWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = belief_window_constructed;
  object_class->dispose = belief_window_dispose;
  object_class->get_property = belief_window_get_property;
  object_class->set_property = belief_window_set_property;
  window_class->close_request = belief_window_close_request;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINER] =
    g_param_spec_object ("trainer", NULL, NULL, BELIEF_TYPE_TRAINER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BELIEF_TYPE_PARAM_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/belief/Belief/belief-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BeliefWindow, name)
  BIND (train_button);
  BIND (train_icon);
  BIND (train_label);
  BIND (view_switcher);
  BIND (main_stack);
  BIND (status_separator);
  BIND (status_bar);
  BIND (empty_title);
  BIND (empty_description);
  BIND (param_panel);
  BIND (panel_separator);
  BIND (view_stack);
  BIND (banner_revealer);
  BIND (banner);
  BIND (banner_label);
  BIND (status_label);
  BIND (progress_bar);
#undef BIND

  gtk_widget_class_install_property_action (widget_class, "win.train", "training");
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, belief_window_reset_action);
  gtk_widget_class_install_action (widget_class, "win.open-model", NULL, belief_window_open_model_action);
  gtk_widget_class_install_action (widget_class, "win.save-model", NULL, belief_window_save_model_action);
  gtk_widget_class_install_action (widget_class, "win.open-dataset", NULL, belief_window_open_dataset_action);
  gtk_widget_class_install_action (widget_class, "win.load-dataset", "s", belief_window_load_dataset_action);
  gtk_widget_class_install_action (widget_class, "win.measure-loglik", NULL, measure_loglik_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-banner", NULL, dismiss_banner_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "win.train", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-model", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-model", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.open-dataset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.measure-loglik", NULL);
  {
    static const char * const views[] = { "training", "fields", "recognise", "generate", "recover",
                                          "experiments" };

    for (guint i = 0; i < G_N_ELEMENTS (views); i++)
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                           "win.show-view", "s", views[i]);
  }
}

static void
belief_window_init (BeliefWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->main_stack, "notify::visible-child-name",
                           G_CALLBACK (main_page_changed_cb), self, G_CONNECT_SWAPPED);
  main_page_changed_cb (self);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (view_changed_cb), self, G_CONNECT_SWAPPED);
  self->cancellable = g_cancellable_new ();
  self->trainer = belief_trainer_new ();
  g_signal_connect_object (self->trainer, "notify::state", G_CALLBACK (update_controls),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->trainer, "weights-changed", G_CALLBACK (update_controls),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->trainer, "progress", G_CALLBACK (trainer_progress_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->trainer, "failed", G_CALLBACK (trainer_failed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->trainer, "finished", G_CALLBACK (update_controls),
                           self, G_CONNECT_SWAPPED);
}
