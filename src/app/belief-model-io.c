/* belief-model-io.c: GTask wrappers over belief-model-file. */
#include "belief-model-io.h"

#include <glib/gi18n.h>

#include "belief-model-file.h"

static gboolean
return_if_not_local (GTask      *task,
                     const char *path)
{
  if (path != NULL)
    return FALSE;
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only local files can be opened or saved"));
  return TRUE;
}

typedef struct
{
  BeliefDbn  *dbn;
  GHashTable *extra;
  char       *path;
} SaveJob;

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  belief_dbn_free (job->dbn);
  g_clear_pointer (&job->extra, g_hash_table_unref);
  g_free (job->path);
  g_free (job);
}

static void
belief_model_load_worker (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  GError *error = NULL;
  BeliefDbn *dbn;

  if (return_if_not_local (task, task_data))
    return;
  dbn = belief_model_load (task_data, NULL, &error);
  if (dbn == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dbn, (GDestroyNotify) belief_dbn_free);
}

void
belief_model_load_async (GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, belief_model_load_async);
  g_task_set_task_data (task, g_file_get_path (file), g_free);
  g_task_run_in_thread (task, belief_model_load_worker);
}

BeliefDbn *
belief_model_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
belief_model_save_worker (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  if (return_if_not_local (task, job->path))
    return;
  if (belief_model_save (job->dbn, job->extra, job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
belief_model_save_async (const BeliefDbn     *dbn,
                         GHashTable          *extra,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveJob *job;

  g_return_if_fail (dbn != NULL);
  g_return_if_fail (G_IS_FILE (file));

  job = g_new0 (SaveJob, 1);
  job->dbn = belief_dbn_copy (dbn);
  job->extra = extra != NULL ? g_hash_table_ref (extra) : NULL;
  job->path = g_file_get_path (file);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, belief_model_save_async);
  g_task_set_task_data (task, job, save_job_free);
  g_task_run_in_thread (task, belief_model_save_worker);
}

gboolean
belief_model_save_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
