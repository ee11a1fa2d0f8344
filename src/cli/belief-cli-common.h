/* belief-cli-common.h: option parsing and data loading shared by commands. */
#pragma once

#include <glib.h>

#include "belief-dataset.h"
#include "belief-dbn.h"

G_BEGIN_DECLS

/* Parses argv with entries; on --help prints and sets *exit_code = 0, on a
 * bad option prints one line and sets *exit_code = 2.  Returns FALSE when the
 * command should stop. */
gboolean belief_cli_parse (const char   *cmd,
                           const char   *parameter_string,
                           const char   *summary,
                           GOptionEntry *entries,
                           int          *argc,
                           char       ***argv,
                           int          *exit_code);

/* Loads DIR (or the default folder) for the split; error messages already
 * say what to do. */
BeliefDataset *belief_cli_load_data (const char *dir, BeliefSplit split, GError **error);

/* The data of a command: --dataset NAME or --data DIR (not both; neither:
 * the default data set, BELIEF_DATASET_DEFAULT, or fallback_name when set).
 * *label receives what the model metadata records: the name, or
 * "folder <basename>" for a folder. */
BeliefDataset *belief_cli_load_named_or_dir (const char   *dataset,
                                             const char   *dir,
                                             const char   *fallback_name,
                                             BeliefSplit   split,
                                             char        **label,
                                             GError      **error);

/* The named data set (digits, mnist, fashion) a model's metadata records,
 * or "digits" when it records none or a folder. */
const char    *belief_cli_model_dataset (GHashTable *extra);

/* FALSE, after one line "belief-cli CMD: OPTION VALUE: WHAT must be between
 * LO and HI" on stderr, when value is outside [lo, hi] (or NaN). */
gboolean belief_cli_check_range (const char *cmd, const char *option, double value,
                                 double lo, double hi, const char *what);
/* --seed: 0 or more. */
gboolean belief_cli_check_seed  (const char *cmd, gint64 seed);

/* TRUE when stderr is a terminal (progress lines). */
gboolean belief_cli_interactive (void);

G_END_DECLS
