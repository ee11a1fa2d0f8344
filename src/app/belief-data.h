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
/* Takes ownership of train and test (test may be NULL). */
BeliefData          *belief_data_new       (BeliefDataset *train,
                                            BeliefDataset *test,
                                            const char    *dir);
BeliefData          *belief_data_ref       (BeliefData *data);
void                 belief_data_unref     (BeliefData *data);
const BeliefDataset *belief_data_get_train (BeliefData *data);
const BeliefDataset *belief_data_get_test  (BeliefData *data);
const char          *belief_data_get_dir   (BeliefData *data);

/* Loads both splits of a folder in a thread.  A folder that does not exist
 * or has no training images fails with G_IO_ERROR_NOT_FOUND; a test split
 * that is missing is left out; anything malformed fails with the core's
 * message naming the file. */
void                 belief_data_load_async  (const char          *dir,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
BeliefData          *belief_data_load_finish (GAsyncResult  *result,
                                              GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefData, belief_data_unref)

G_END_DECLS
