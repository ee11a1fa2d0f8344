/* belief-window-files.c: the window's actions that open, save or confirm. */
#include "belief-window-private.h"

#include <glib/gi18n.h>

#include "belief-model-io.h"
#include "belief-status.h"

/* ---- reset, with a question when trained weights would be lost ---------------- */

static void
reset_response_cb (GtkDialog *dialog,
                   int        response,
                   gpointer   user_data)
{
  BeliefWindow *self = user_data;

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    belief_window_reset_now (self);
}

void
belief_window_reset_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  BeliefWindow *self = BELIEF_WINDOW (widget);
  GtkWidget *dialog, *button;

  if (!self->unsaved)
    {
      belief_window_reset_now (self);
      return;
    }
  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Discard the trained weights?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("Reset makes new random weights from the settings. "
                                              "Save the model first to keep the current one."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Reset"), GTK_RESPONSE_ACCEPT,
                          NULL);
  button = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reset_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- a folder of IDX files ----------------------------------------------------- */

static void
data_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BeliefWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefData) data = belief_data_load_finish (result, &error);
  const BeliefDataset *train, *validation, *test;
  g_autofree char *message = NULL;
  g_autofree char *sizes = NULL;

  /* cancelled: the window went, or a newer load replaced this one */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (data == NULL)
    {
      message = g_strdup_printf (_("Could not open the data folder: %s"), error->message);
      belief_window_show_banner (self, message, TRUE);
      belief_param_panel_sync_data (self->param_panel);
      belief_window_update_status (self);  /* no longer "Loading the images…" */
      return;
    }
  train = belief_data_get_train (data);
  validation = belief_data_get_validation (data);
  test = belief_data_get_test (data);
  sizes = belief_status_format_data_sizes (train->n, validation != NULL ? validation->n : 0,
                                           test != NULL ? test->n : 0, train->rows, train->cols);
  /* Translators: "Opened /usr/share/datasets/fashion-mnist: 50,000 training
   * · 10,000 validation · 10,000 test images, 28×28" */
  message = g_strdup_printf (_("Opened %s: %s"), belief_data_get_dir (data), sizes);
  /* a named set, chosen or opened as a folder, is the one opened next time */
  if (belief_data_get_name (data) != NULL)
    g_settings_set_string (self->settings, "dataset", belief_data_get_name (data));
  belief_window_set_data (self, data);
  belief_window_show_banner (self, message, FALSE);
}

/* Loads a folder off the main thread; a load still running is cancelled,
 * so the newest choice wins whatever order the loads finish in. */
static void
load_folder (BeliefWindow *self,
             const char   *path)
{
  g_cancellable_cancel (self->data_cancellable);
  g_clear_object (&self->data_cancellable);
  self->data_cancellable = g_cancellable_new ();
  gtk_label_set_text (self->status_label, _("Loading the images…"));
  belief_data_load_async (path, self->data_cancellable, data_loaded_cb, g_object_ref (self));
}

static void
open_dataset_response_cb (GtkNativeDialog *native,
                          int              response,
                          gpointer         user_data)
{
  BeliefWindow *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL)
    load_folder (self, path);
  else if (file != NULL)
    belief_window_show_banner (self, _("Only local folders can be opened"), TRUE);
  g_object_unref (native);
}

void
belief_window_open_dataset_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open Data Folder"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (open_dataset_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* win.load-dataset: a named set ("mnist", "digits", "fashion") or a
 * folder's path. */
void
belief_window_load_dataset_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  BeliefWindow *self = BELIEF_WINDOW (widget);
  const char *source = g_variant_get_string (param, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  if (belief_dataset_title (source) == NULL)
    {
      load_folder (self, source);
      return;
    }
  dir = belief_dataset_dir_for_name (source, &error);
  if (dir == NULL)
    {
      belief_window_show_banner (self, error->message, TRUE);
      belief_param_panel_sync_data (self->param_panel);
      return;
    }
  load_folder (self, dir);
}

/* ---- model files ----------------------------------------------------------------- */

static void
add_model_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) models = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (models, _("Belief models (.safetensors)"));
  gtk_file_filter_add_pattern (models, "*.safetensors");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, models);
  gtk_file_chooser_add_filter (chooser, all);
}

static void
model_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BeliefWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDbn) model = belief_model_load_finish (result, &error);
  g_autofree char *name = g_object_steal_data (G_OBJECT (self), "belief-loading-name");
  BeliefData *data = belief_trainer_get_data (self->trainer);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (model == NULL)
    {
      message = g_strdup_printf (_("Could not open the model: %s"), error->message);
      belief_window_show_banner (self, message, TRUE);
      return;
    }
  if (data != NULL && (guint) model->sizes[0] != belief_data_get_train (data)->dim)
    {
      message = g_strdup_printf (_("“%s” is a model of %d×%d images, but the open data set has "
                                   "%u×%u images: open a matching data folder first"),
                                 name, model->rows, model->cols,
                                 belief_data_get_train (data)->rows,
                                 belief_data_get_train (data)->cols);
      belief_window_show_banner (self, message, TRUE);
      return;
    }
  g_free (self->model_name);
  self->model_name = g_steal_pointer (&name);
  self->unsaved = FALSE;
  belief_trainer_set_model (self->trainer, g_steal_pointer (&model));
  gtk_stack_set_visible_child_name (self->main_stack, "lab");
}

static void
open_model_response_cb (GtkNativeDialog *native,
                        int              response,
                        gpointer         user_data)
{
  BeliefWindow *self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  if (file != NULL)
    {
      g_object_set_data_full (G_OBJECT (self), "belief-loading-name",
                              g_file_get_basename (file), g_free);
      belief_model_load_async (file, self->cancellable, model_loaded_cb, g_object_ref (self));
    }
  g_object_unref (native);
}

void
belief_window_open_model_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open Model"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  add_model_filters (GTK_FILE_CHOOSER (native));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (open_model_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
model_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BeliefWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_object_steal_data (G_OBJECT (self), "belief-saving-name");
  g_autofree char *message = NULL;

  if (!belief_model_save_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not save the model: %s"), error->message);
      belief_window_show_banner (self, message, TRUE);
      return;
    }
  self->unsaved = FALSE;
  message = g_strdup_printf (_("Saved the model as “%s”"), name);
  belief_window_show_banner (self, message, FALSE);
}

GHashTable *
belief_window_model_metadata (BeliefWindow *self)
{
  GHashTable *extra = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const BeliefConfig *cfg = belief_trainer_get_config (self->trainer);
  BeliefData *data = belief_trainer_get_data (self->trainer);

  if (cfg != NULL)
    {
      g_hash_table_insert (extra, g_strdup ("config"), belief_config_to_json (cfg));
      g_hash_table_insert (extra, g_strdup ("seed"),
                           g_strdup_printf ("%" G_GUINT64_FORMAT, cfg->seed));
    }
  /* the data set by name and sizes, never a path of the user's home */
  if (data != NULL)
    {
      const BeliefDataset *validation = belief_data_get_validation (data);
      g_autofree char *base = belief_data_get_dir (data) != NULL
                              ? g_path_get_basename (belief_data_get_dir (data)) : NULL;
      BeliefChoice choice;

      g_hash_table_insert (extra, g_strdup ("dataset"),
                           belief_data_get_name (data) != NULL
                           ? g_strdup (belief_data_get_name (data))
                           : g_strdup_printf ("folder %s", base != NULL ? base : "?"));
      g_hash_table_insert (extra, g_strdup ("n_train"),
                           g_strdup_printf ("%u", belief_data_get_train (data)->n));
      g_hash_table_insert (extra, g_strdup ("n_validation"),
                           g_strdup_printf ("%u", validation != NULL ? validation->n : 0));
      /* the chosen epoch is the model's only once the run has ended on it */
      if (belief_trainer_get_state (self->trainer) == BELIEF_TRAINER_FINISHED
          && belief_trainer_get_session (self->trainer) != NULL
          && belief_session_get_choice (belief_trainer_get_session (self->trainer), &choice))
        {
          g_hash_table_insert (extra, g_strdup ("chosen_phase"),
                               g_strdup (choice.phase == BELIEF_PHASE_FINETUNE ? "finetune" : "pretrain"));
          g_hash_table_insert (extra, g_strdup ("chosen_epoch"), g_strdup_printf ("%d", choice.epoch));
          g_hash_table_insert (extra, g_strdup ("validation_accuracy"),
                               g_strdup_printf ("%.6f", choice.validation_accuracy));
        }
    }
  g_hash_table_insert (extra, g_strdup ("created_by"), g_strdup ("Belief " BELIEF_VERSION));
  return extra;
}

static void
save_model_response_cb (GtkNativeDialog *native,
                        int              response,
                        gpointer         user_data)
{
  BeliefWindow *self = user_data;
  const BeliefDbn *model = belief_trainer_get_model (self->trainer);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GHashTable) extra = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  if (file != NULL && model != NULL)
    {
      extra = belief_window_model_metadata (self);
      g_object_set_data_full (G_OBJECT (self), "belief-saving-name",
                              g_file_get_basename (file), g_free);
      belief_model_save_async (model, extra, file, self->cancellable,
                               model_saved_cb, g_object_ref (self));
    }
  g_object_unref (native);
}

void
belief_window_save_model_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  BeliefWindow *self = BELIEF_WINDOW (widget);
  const BeliefDbn *model = belief_trainer_get_model (self->trainer);
  GtkFileChooserNative *native;
  g_autofree char *arch = NULL;
  g_autofree char *name = NULL;

  if (model == NULL)
    return;
  arch = belief_dbn_describe (model);
  name = g_strdup_printf ("belief-%s.safetensors", arch);
  native = gtk_file_chooser_native_new (_("Save Model"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  add_model_filters (GTK_FILE_CHOOSER (native));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (save_model_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
