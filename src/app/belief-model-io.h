/* belief-model-io.h: loading and saving model files off the main thread. */
#pragma once

#include <gio/gio.h>

#include "belief-dbn.h"

G_BEGIN_DECLS

void       belief_model_load_async  (GFile               *file,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* A new model, owned by the caller. */
BeliefDbn *belief_model_load_finish (GAsyncResult  *result,
                                     GError       **error);

/* dbn is copied before this returns; extra (may be NULL) is referenced. */
void       belief_model_save_async  (const BeliefDbn      *dbn,
                                     GHashTable           *extra,
                                     GFile                *file,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean   belief_model_save_finish (GAsyncResult  *result,
                                     GError       **error);

G_END_DECLS
