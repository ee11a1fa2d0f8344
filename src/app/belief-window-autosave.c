/* belief-window-autosave.c: the window's crash insurance.
 *
 * While training runs, the newest weights are saved every few minutes and
 * at every phase end to DIR/autosave.safetensors (atomically, off the main
 * thread: the main loop only copies the snapshot it already holds).
 * DIR/running marks a session in progress and goes away at a clean close.
 * A window whose DIR still has the marker and an autosave from the last
 * session (killed, crashed, power lost) offers to restore it.
 */
#include "belief-window-private.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "belief-model-file.h"
#include "belief-model-io.h"

#define AUTOSAVE_NAME "autosave.safetensors"
#define MARKER_NAME   "running"

static char *
autosave_path (BeliefWindow *self)
{
  return g_build_filename (self->autosave_dir, AUTOSAVE_NAME, NULL);
}

static char *
marker_path (BeliefWindow *self)
{
  return g_build_filename (self->autosave_dir, MARKER_NAME, NULL);
}

/* ---- saving ------------------------------------------------------------------ */

static void
autosaved_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BeliefWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->autosave_busy = FALSE;
  if (!belief_model_save_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* once per session: a full disk must not nag every few minutes */
      if (!self->autosave_warned)
        {
          g_autofree char *message = g_strdup_printf (_("Could not autosave the model: %s"),
                                                      error->message);

          belief_window_show_banner (self, message, TRUE);
          self->autosave_warned = TRUE;
        }
      return;
    }
  self->autosaves++;
}

void
belief_window_autosave_now (BeliefWindow *self)
{
  const BeliefDbn *model;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GHashTable) extra = NULL;
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (BELIEF_IS_WINDOW (self));

  model = belief_trainer_get_model (self->trainer);
  if (self->autosave_dir == NULL || self->autosave_busy || !self->autosave_dirty || model == NULL)
    return;
  path = autosave_path (self);
  file = g_file_new_for_path (path);
  extra = belief_window_model_metadata (self);
  now = g_date_time_new_now_local ();
  g_hash_table_insert (extra, g_strdup ("autosave"), g_date_time_format_iso8601 (now));
  self->autosave_busy = TRUE;
  self->autosave_dirty = FALSE;
  /* copies the weights here, writes them on a worker thread */
  belief_model_save_async (model, extra, file, self->cancellable, autosaved_cb, g_object_ref (self));
}

static gboolean
autosave_timeout_cb (gpointer data)
{
  belief_window_autosave_now (BELIEF_WINDOW (data));
  return G_SOURCE_CONTINUE;
}

static void
trainer_progress_cb (BeliefWindow         *self,
                     const BeliefProgress *p,
                     BeliefTrainer        *trainer)
{
  self->autosave_dirty = TRUE;
  /* the end of a layer's pretraining or of fine-tuning */
  if (p->epoch_end && p->epoch + 1 >= p->n_epochs)
    self->autosave_phase_end = TRUE;
}

/* The weights of a phase end arrive after its progress record. */
static void
trainer_weights_cb (BeliefWindow  *self,
                    BeliefTrainer *trainer)
{
  if (!self->autosave_phase_end)
    return;
  self->autosave_phase_end = FALSE;
  belief_window_autosave_now (self);
}

/* ---- restoring ------------------------------------------------------------------ */

static void
hide_restore_bar (BeliefWindow *self)
{
  if (self->restore_bar != NULL)
    gtk_widget_set_visible (self->restore_bar, FALSE);
}

static void
restored_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BeliefWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDbn) model = belief_model_load_finish (result, &error);
  BeliefData *data = belief_trainer_get_data (self->trainer);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (model == NULL)
    message = g_strdup_printf (_("Could not restore the autosaved model: %s"), error->message);
  else if (data != NULL && (guint) model->sizes[0] != belief_data_get_train (data)->dim)
    message = g_strdup_printf (_("The autosaved model is for %d×%d images, but the open data set "
                                 "has %u×%u images: open a matching data folder first"),
                               model->rows, model->cols, belief_data_get_train (data)->rows,
                               belief_data_get_train (data)->cols);
  if (message != NULL)
    {
      belief_window_show_banner (self, message, TRUE);
      return;
    }
  g_free (self->model_name);
  self->model_name = g_strdup (_("the autosaved model"));
  self->unsaved = TRUE;  /* it lives in the state folder only: save it */
  belief_trainer_set_model (self->trainer, g_steal_pointer (&model));
  gtk_stack_set_visible_child_name (self->main_stack, "lab");
  belief_window_show_banner (self, _("Restored the model autosaved before Belief last stopped; "
                                     "save it to keep it"), FALSE);
  self->restored = TRUE;
}

static void
start_restore (BeliefWindow *self)
{
  g_autofree char *path = autosave_path (self);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  self->restore_pending = FALSE;
  belief_model_load_async (file, self->cancellable, restored_cb, g_object_ref (self));
}

void
belief_window_respond_restore (BeliefWindow *self,
                               gboolean      restore)
{
  g_return_if_fail (BELIEF_IS_WINDOW (self));

  if (!belief_window_get_restore_offered (self))
    return;
  hide_restore_bar (self);
  if (!restore)
    {
      g_autofree char *path = autosave_path (self);

      g_unlink (path);
      return;
    }
  /* data that arrives later starts the lab afresh: restore after it */
  if (belief_trainer_get_data (self->trainer) == NULL)
    self->restore_pending = TRUE;
  else
    start_restore (self);
}

void
belief_window_autosave_data_changed (BeliefWindow *self)
{
  if (self->restore_pending)
    start_restore (self);
}

static void
restore_response_cb (GtkInfoBar *bar,
                     int         response,
                     gpointer    user_data)
{
  belief_window_respond_restore (BELIEF_WINDOW (user_data), response == GTK_RESPONSE_ACCEPT);
}

static void
offer_restore (BeliefWindow *self,
               GDateTime    *when)
{
  g_autofree char *when_text = g_date_time_format (when, "%x %X");
  g_autofree char *text = g_strdup_printf (_("Belief stopped unexpectedly while training. "
                                             "A model autosaved at %s can be restored."), when_text);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self->banner_revealer));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  self->restore_bar = gtk_info_bar_new ();
  gtk_info_bar_set_message_type (GTK_INFO_BAR (self->restore_bar), GTK_MESSAGE_QUESTION);
  gtk_info_bar_add_child (GTK_INFO_BAR (self->restore_bar), label);
  gtk_info_bar_add_button (GTK_INFO_BAR (self->restore_bar), _("_Discard"), GTK_RESPONSE_REJECT);
  gtk_info_bar_add_button (GTK_INFO_BAR (self->restore_bar), _("_Restore"), GTK_RESPONSE_ACCEPT);
  g_signal_connect_object (self->restore_bar, "response", G_CALLBACK (restore_response_cb), self, 0);
  gtk_box_prepend (GTK_BOX (parent), self->restore_bar);
}

gboolean
belief_window_get_restore_offered (BeliefWindow *self)
{
  g_return_val_if_fail (BELIEF_IS_WINDOW (self), FALSE);
  return self->restore_bar != NULL && gtk_widget_get_visible (self->restore_bar);
}

guint
belief_window_get_autosave_count (BeliefWindow *self)
{
  g_return_val_if_fail (BELIEF_IS_WINDOW (self), 0);
  return self->autosaves;
}

/* ---- the session marker ---------------------------------------------------------- */

void
belief_window_enable_autosave (BeliefWindow *self,
                               const char   *dir,
                               guint         interval_seconds)
{
  g_autofree char *marker = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *pid = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_return_if_fail (BELIEF_IS_WINDOW (self));
  g_return_if_fail (dir != NULL && interval_seconds > 0);
  g_return_if_fail (self->autosave_dir == NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Autosave is off: cannot create the folder "
                                                    "%s: %s"), dir, g_strerror (errno));

      belief_window_show_banner (self, message, TRUE);
      return;
    }
  self->autosave_dir = g_strdup (dir);
  marker = marker_path (self);
  saved = autosave_path (self);
  if (g_file_test (marker, G_FILE_TEST_EXISTS) && g_stat (saved, &st) == 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (st.st_mtime);

      offer_restore (self, when);
    }
  else
    g_unlink (saved);  /* from a session that closed cleanly after all */

  pid = g_strdup_printf ("%d\n", (int) getpid ());
  if (!g_file_set_contents (marker, pid, -1, &error))
    g_warning ("Cannot mark the session as running: %s", error->message);

  g_signal_connect_object (self->trainer, "progress", G_CALLBACK (trainer_progress_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->trainer, "weights-changed", G_CALLBACK (trainer_weights_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->trainer, "finished", G_CALLBACK (belief_window_autosave_now),
                           self, G_CONNECT_SWAPPED);
  self->autosave_timeout = g_timeout_add_seconds (interval_seconds, autosave_timeout_cb, self);
}

void
belief_window_autosave_close (BeliefWindow *self)
{
  g_autofree char *marker = NULL;
  g_autofree char *saved = NULL;

  g_clear_handle_id (&self->autosave_timeout, g_source_remove);
  if (self->autosave_dir == NULL)
    return;
  /* a clean close: nothing to restore next time */
  marker = marker_path (self);
  saved = autosave_path (self);
  g_unlink (saved);
  g_unlink (marker);
  g_clear_pointer (&self->autosave_dir, g_free);
}
