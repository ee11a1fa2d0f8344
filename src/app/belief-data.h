/* belief-data.h: a training and a test set, shared by reference.
 *
 * Immutable once made: the trainer, its session and every view borrow the
 * datasets through a reference, so a folder opened while training replaces
 * the data without pulling it from under a running worker.
 */
#pragma once

#include <gio/gio.h>

#include "belief-dataset.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_DATA (belief_data_get_type ())

typedef struct _BeliefData BeliefData;

GType                belief_data_get_type  (void) G_GNUC_CONST;
/* Takes ownership of train and test (test may be NULL); no validation set. */
BeliefData          *belief_data_new       (BeliefDataset *train,
                                            BeliefDataset *test,
                                            const char    *dir);
/* The same with validation images held out of the training set (validation
 * may be NULL); name is the data set's ("mnist"...) or NULL for a folder. */
BeliefData          *belief_data_new_full  (BeliefDataset *train,
                                            BeliefDataset *validation,
                                            BeliefDataset *test,
                                            const char    *dir,
                                            const char    *name);
BeliefData          *belief_data_ref       (BeliefData *data);
void                 belief_data_unref     (BeliefData *data);
const BeliefDataset *belief_data_get_train (BeliefData *data);
const BeliefDataset *belief_data_get_test  (BeliefData *data);
/* Images held out of training to choose on, or NULL. */
const BeliefDataset *belief_data_get_validation (BeliefData *data);
/* "mnist", "digits", "fashion", or NULL for any other folder. */
const char          *belief_data_get_name  (BeliefData *data);
const char          *belief_data_get_dir   (BeliefData *data);

/* Loads both splits of a folder in a thread and holds out the data set's
 * validation images (belief_dataset_default_validation: the folder of a
 * named set gets that set's).  A folder that does not exist or has no
 * training images fails with G_IO_ERROR_NOT_FOUND; a test split that is
 * missing is left out; anything malformed fails with the core's message
 * naming the file. */
void                 belief_data_load_async  (const char          *dir,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
BeliefData          *belief_data_load_finish (GAsyncResult  *result,
                                              GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefData, belief_data_unref)

G_END_DECLS
