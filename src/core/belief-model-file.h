/* belief-model-file.h: a DBN (or RBM) as a safetensors file.
 *
 * Tensors: "rbm{i}.W" (n_vis, n_hid), "rbm{i}.b" (n_vis), "rbm{i}.c" (n_hid)
 * for every RBM, and "gen{i}.W", "gen{i}.b", "gen{i}.c" for the untied
 * generative copies.  __metadata__: "format" = "belief-dbn-1",
 * "architecture" (e.g. "784-500-500+10-2000"), "sizes" ("784,500,500,2000"),
 * "n_labels", "rows", "cols", "untied" ("true"/"false"), and whatever the
 * caller adds (hyperparameters as JSON, dataset, seed) through `extra`.
 */
#pragma once

#include <glib.h>

#include "belief-dbn.h"

G_BEGIN_DECLS

gboolean   belief_model_save (const BeliefDbn *dbn, GHashTable *extra,
                              const char *filename, GError **error);
/* extra_out (optional) receives all metadata (new hash table, owned). */
BeliefDbn *belief_model_load (const char *filename, GHashTable **extra_out,
                              GError **error);

G_END_DECLS
