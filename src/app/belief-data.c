/* belief-data.c: a shared pair of datasets and its loader. */
#include "belief-data.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

struct _BeliefData
{
  BeliefDataset *train;
  BeliefDataset *test;
  BeliefDataset *validation;
  char          *dir;
  char          *name;
};

G_DEFINE_BOXED_TYPE (BeliefData, belief_data, belief_data_ref, belief_data_unref)

static void
belief_data_clear (gpointer mem)
{
  BeliefData *data = mem;

  belief_dataset_free (data->train);
  belief_dataset_free (data->test);
  belief_dataset_free (data->validation);
  g_free (data->dir);
  g_free (data->name);
}

BeliefData *
belief_data_new_full (BeliefDataset *train,
                      BeliefDataset *validation,
                      BeliefDataset *test,
                      const char    *dir,
                      const char    *name)
{
  BeliefData *data;

  g_return_val_if_fail (train != NULL, NULL);

  data = g_atomic_rc_box_new0 (BeliefData);
  data->train = train;
  data->validation = validation;
  data->test = test;
  data->dir = g_strdup (dir);
  data->name = g_strdup (name);
  return data;
}

BeliefData *
belief_data_new (BeliefDataset *train,
                 BeliefDataset *test,
                 const char    *dir)
{
  return belief_data_new_full (train, NULL, test, dir, NULL);
}

const BeliefDataset *
belief_data_get_validation (BeliefData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->validation;
}

const char *
belief_data_get_name (BeliefData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->name;
}

BeliefData *
belief_data_ref (BeliefData *data)
{
  return g_atomic_rc_box_acquire (data);
}

void
belief_data_unref (BeliefData *data)
{
  g_atomic_rc_box_release_full (data, belief_data_clear);
}

const BeliefDataset *
belief_data_get_train (BeliefData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->train;
}

const BeliefDataset *
belief_data_get_test (BeliefData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->test;
}

const char *
belief_data_get_dir (BeliefData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->dir;
}

static gboolean
has_split (const char *dir,
           const char *stem)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return FALSE;
  /* plain, gzip'd and EMNIST-style prefixed names all contain the stem */
  while ((name = g_dir_read_name (d)) != NULL)
    if (strstr (name, stem) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
same_folder (const char *a,
             const char *b)
{
  g_autoptr(GFile) fa = g_file_new_for_path (a);
  g_autoptr(GFile) fb = g_file_new_for_path (b);
  g_autofree char *ra = realpath (a, NULL);
  g_autofree char *rb = realpath (b, NULL);

  if (ra != NULL && rb != NULL)
    return g_str_equal (ra, rb);
  return g_file_equal (fa, fb);
}

static void
belief_data_load_worker (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  const char *dir = task_data;
  g_autoptr(BeliefDataset) all = NULL, train = NULL, validation = NULL;
  g_autoptr(BeliefDataset) test = NULL;
  const char *name = NULL;
  GError *error = NULL;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR) || !has_split (dir, "train-images"))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("No training images in “%s”"), dir);
      return;
    }
  all = belief_dataset_load_dir (dir, BELIEF_SPLIT_TRAIN, &error);
  if (all == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* the folder of a named data set gets that set's validation size */
  for (const char *const *n = belief_dataset_names (); *n != NULL && name == NULL; n++)
    {
      g_autofree char *named_dir = belief_dataset_dir_for_name (*n, NULL);

      if (named_dir != NULL && same_folder (named_dir, dir))
        name = *n;
    }
  belief_dataset_split (all, belief_dataset_default_validation (name, all->n), &train, &validation);
  g_clear_pointer (&all, belief_dataset_free);
  if (has_split (dir, "t10k-images"))
    {
      test = belief_dataset_load_dir (dir, BELIEF_SPLIT_TEST, &error);
      if (test == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task,
                         belief_data_new_full (g_steal_pointer (&train), g_steal_pointer (&validation),
                                               g_steal_pointer (&test), dir, name),
                         (GDestroyNotify) belief_data_unref);
}

void
belief_data_load_async (const char          *dir,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (dir != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, belief_data_load_async);
  g_task_set_task_data (task, g_strdup (dir), g_free);
  g_task_run_in_thread (task, belief_data_load_worker);
}

BeliefData *
belief_data_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
