/* belief-experiments-export.c: "Export Figures…": every finished experiment
 * of the session into a folder, written in a thread from copies. */
#include "belief-experiments-view-private.h"

#include <glib/gi18n.h>

#include "belief-figure-files.h"

typedef struct
{
  GPtrArray *sets;   /* BeliefFigureSet copies, in experiment order */
  char      *dir;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_ptr_array_unref (job->sets);
  g_free (job->dir);
  g_free (job);
}

static void
export_worker (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < job->sets->len; i++)
    if (g_cancellable_set_error_if_cancelled (cancellable, &error)
        || !belief_figure_set_write (g_ptr_array_index (job->sets, i), job->dir, &error))
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
  if (!belief_figure_sets_write_index ((BeliefFigureSet * const *) job->sets->pdata,
                                       (int) job->sets->len,
                                       _("Belief: the lab report’s experiments"),
                                       _("Exported from Belief’s Experiments view. What was run, "
                                         "on which images and with which seed, is written under "
                                         "each experiment."),
                                       job->dir, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, (gssize) job->sets->len);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  BeliefExperimentsView *self = BELIEF_EXPERIMENTS_VIEW (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gssize n;

  n = g_task_propagate_int (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->exporting = FALSE;
  if (error != NULL)
    {
      text = g_strdup_printf (_("The figures could not be exported: %s"), error->message);
      belief_experiments_view_show_message (self, text, TRUE);
    }
  else
    {
      g_autofree char *index = g_build_filename (job->dir, "index.html", NULL);

      text = g_strdup_printf (g_dngettext (NULL, "Exported %d experiment: open %s in a browser",
                                           "Exported %d experiments: open %s in a browser", n),
                              (int) n, index);
      belief_experiments_view_show_message (self, text, FALSE);
    }
  belief_experiments_view_update_actions (self);
}

void
belief_experiments_view_export_folder (BeliefExperimentsView *self,
                                       const char            *dir)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self));
  g_return_if_fail (dir != NULL);

  if (self->exporting)
    return;
  job = g_new0 (ExportJob, 1);
  job->sets = g_ptr_array_new_with_free_func ((GDestroyNotify) belief_figure_set_free);
  job->dir = g_strdup (dir);
  for (int n = 1; n <= BELIEF_N_EXPERIMENTS; n++)
    {
      const BeliefFigureSet *set = belief_experiment_runner_get_result (self->runner, n);

      if (set != NULL)
        g_ptr_array_add (job->sets, belief_figure_set_copy (set));
    }
  if (job->sets->len == 0)
    {
      export_job_free (job);
      belief_experiments_view_show_message (self, _("Run an experiment first: there are no figures to export yet"),
                                            TRUE);
      return;
    }
  self->exporting = TRUE;
  belief_experiments_view_update_actions (self);
  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, belief_experiments_view_export_folder);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_worker);
}

gboolean
belief_experiments_view_is_exporting (BeliefExperimentsView *self)
{
  g_return_val_if_fail (BELIEF_IS_EXPERIMENTS_VIEW (self), FALSE);
  return self->exporting;
}

static void
chooser_response_cb (GtkNativeDialog       *chooser,
                     int                    response,
                     BeliefExperimentsView *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = folder != NULL ? g_file_get_path (folder) : NULL;
      if (path != NULL)
        belief_experiments_view_export_folder (self, path);
      else
        belief_experiments_view_show_message (self, _("Only folders on this computer can be written"),
                                              TRUE);
    }
  g_object_set_data (G_OBJECT (self), "belief-export-chooser", NULL);
}

void
belief_experiments_view_export_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  BeliefExperimentsView *self = BELIEF_EXPERIMENTS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Figures to a Folder"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  /* lives while it is shown, never longer than the view */
  g_object_set_data_full (G_OBJECT (self), "belief-export-chooser", chooser, g_object_unref);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
