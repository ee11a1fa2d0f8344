/* belief-cli-common.c */
#include "belief-cli-common.h"

#include <stdio.h>
#include <unistd.h>

#include "belief-cli.h"
#include "belief-error.h"

gboolean
belief_cli_parse (const char   *cmd,
                  const char   *parameter_string,
                  const char   *summary,
                  GOptionEntry *entries,
                  int          *argc,
                  char       ***argv,
                  int          *exit_code)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("belief-cli %s", cmd);

  g_set_prgname (prgname);
  g_option_context_set_summary (ctx, summary);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      fprintf (stderr, "belief-cli %s: %s (see --help)\n", cmd, error->message);
      *exit_code = 2;
      return FALSE;
    }
  return TRUE;
}

BeliefDataset *
belief_cli_load_data (const char   *dir,
                      BeliefSplit   split,
                      GError      **error)
{
  if (dir == NULL)
    return belief_dataset_load_named ("digits", split, error);
  return belief_dataset_load_dir (dir, split, error);
}

BeliefDataset *
belief_cli_load_named_or_dir (const char   *dataset,
                              const char   *dir,
                              const char   *fallback_name,
                              BeliefSplit   split,
                              char        **label,
                              GError      **error)
{
  BeliefDataset *ds;

  if (dataset != NULL && dir != NULL)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "--dataset %s and --data %s: give one of them", dataset, dir);
      return NULL;
    }
  if (dir != NULL)
    {
      if ((ds = belief_dataset_load_dir (dir, split, error)) != NULL && label != NULL)
        {
          g_autofree char *base = g_path_get_basename (dir);

          *label = g_strdup_printf ("folder %s", base);
        }
      return ds;
    }
  if (dataset == NULL)
    dataset = fallback_name != NULL ? fallback_name : BELIEF_DATASET_DEFAULT;
  if ((ds = belief_dataset_load_named (dataset, split, error)) != NULL && label != NULL)
    *label = g_strdup (dataset);
  return ds;
}

const char *
belief_cli_model_dataset (GHashTable *extra)
{
  const char *name = extra != NULL ? g_hash_table_lookup (extra, "dataset") : NULL;

  if (name != NULL && belief_dataset_title (name) != NULL)
    return name;
  return "digits";
}

gboolean
belief_cli_check_range (const char *cmd,
                        const char *option,
                        double      value,
                        double      lo,
                        double      hi,
                        const char *what)
{
  if (value >= lo && value <= hi)
    return TRUE;
  belief_cli_fail (cmd, "%s %.10g: %s must be between %.10g and %.10g", option, value, what, lo, hi);
  return FALSE;
}

gboolean
belief_cli_check_seed (const char *cmd,
                       gint64      seed)
{
  if (seed >= 0)
    return TRUE;
  belief_cli_fail (cmd, "--seed %" G_GINT64_FORMAT ": the seed must be between 0 and %"
                   G_GINT64_FORMAT, seed, G_MAXINT64);
  return FALSE;
}

gboolean
belief_cli_interactive (void)
{
  return isatty (STDERR_FILENO);
}
