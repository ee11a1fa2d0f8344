/* belief-cli-reproduce.c: `belief-cli reproduce`, the lab report's studies
 * headless: figures (PNG, SVG), their data (CSV), index.html and results.json. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "belief-cli.h"
#include "belief-cli-common.h"
#include "belief-experiment.h"
#include "belief-figure-files.h"

typedef struct
{
  gboolean interactive;
  gint64   last;
  int      number;
} Progress;

static void
progress_cb (const BeliefFigureSet *partial, double fraction, const char *status, gpointer data)
{
  Progress *p = data;
  gint64 now = g_get_monotonic_time ();

  (void) partial;
  if (p->interactive)
    {
      if (now - p->last < 200000 && fraction < 1.0)
        return;
      fprintf (stderr, "\r\033[K[%d] %3.0f%% %s", p->number, 100.0 * fraction, status);
      if (fraction >= 1.0)
        fputc ('\n', stderr);
    }
  else
    {
      if (now - p->last < 10000000 && fraction < 1.0)
        return;
      fprintf (stderr, "[%d] %3.0f%% %s\n", p->number, 100.0 * fraction, status);
    }
  p->last = now;
}

static gboolean
parse_experiments (const char *text, gboolean *which)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL || g_strcmp0 (text, "all") == 0)
    {
      for (int i = 1; i <= BELIEF_N_EXPERIMENTS; i++)
        which[i] = TRUE;
      return TRUE;
    }
  parts = g_strsplit (text, ",", -1);
  for (int i = 0; parts[i] != NULL; i++)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, BELIEF_N_EXPERIMENTS, &n, NULL))
        return FALSE;
      which[n] = TRUE;
    }
  return TRUE;
}

int
belief_cli_reproduce (int    argc,
                      char **argv)
{
  g_autofree char *out = NULL, *data = NULL, *experiment = NULL, *dataset = NULL;
  g_autoptr(BeliefDataset) train = NULL, test = NULL;
  g_autoptr(BeliefExperimentContext) ctx = NULL;
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func ((GDestroyNotify) belief_figure_set_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *intro = NULL, *settings = NULL;
  gboolean quick = FALSE, which[BELIEF_N_EXPERIMENTS + 1] = { FALSE };
  gint64 seed = 1, t0;
  int threads = 0, code = 0;
  BeliefExperimentOptions options;
  Progress progress = { belief_cli_interactive (), 0, 0 };
  GOptionEntry entries[] = {
    { "experiment", 'e', 0, G_OPTION_ARG_STRING, &experiment, "Experiments to run: 1 to 9, a list like 1,3,7, or all (default)", "N" },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "2,000 training and 500 test images, few epochs: all nine in under a minute (the shape of the results, not their values)", NULL },
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &dataset, "Data set by name: digits (the default, the lab's 8,000 / 2,000), mnist or fashion", "NAME" },
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data, "A folder of IDX files instead of --dataset", "DIR" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of every random choice (default 1)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Threads for the matrix products (default: all cores)", "N" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Folder for the figures, their CSV data, index.html and results.json", "DIR" },
    { NULL }
  };

  if (!belief_cli_parse ("reproduce", NULL,
                         "Runs the lab report's experiments and writes each figure as PNG and SVG, "
                         "the data behind it as CSV, and DIR/index.html with captions and measured "
                         "numbers.\n\n"
                         "  1 reconstruction loss against hidden units   6 generation after pretraining\n"
                         "  2 weight stability                            7 fine-tuning in three regimes\n"
                         "  3 greedy layer-wise pretraining               8 the smaller 784-500+10-2000\n"
                         "  4 accuracy during training                    9 image recovery\n"
                         "  5 receptive fields early and late",
                         entries, &argc, &argv, &code))
    return code;
  if (argc != 1)
    return belief_cli_fail ("reproduce", "unexpected argument '%s'; see --help", argv[1]);
  if (out == NULL)
    return belief_cli_fail ("reproduce", "no output folder; give --out DIR");
  if (!parse_experiments (experiment, which))
    return belief_cli_fail ("reproduce", "--experiment %s: give numbers from 1 to %d separated by "
                            "commas, or all", experiment, BELIEF_N_EXPERIMENTS);
  if (seed < 0)
    return belief_cli_fail ("reproduce", "--seed %" G_GINT64_FORMAT ": use 0 or more", seed);
  if (threads < 0 || threads > 256)
    return belief_cli_fail ("reproduce", "--threads %d: use 0 (all cores) to 256", threads);
  if ((train = belief_cli_load_named_or_dir (dataset, data, "digits", BELIEF_SPLIT_TRAIN, NULL,
                                             &error)) == NULL
      || (test = belief_cli_load_named_or_dir (dataset, data, "digits", BELIEF_SPLIT_TEST, NULL,
                                               &error)) == NULL)
    return belief_cli_fail ("reproduce", "%s", error->message);
  if (g_mkdir_with_parents (out, 0755) != 0)
    return belief_cli_fail ("reproduce", "cannot create the folder %s: %s", out, g_strerror (errno));

  options = (BeliefExperimentOptions) { .quick = quick, .seed = (guint64) seed, .threads = threads };
  ctx = belief_experiment_context_new (train, test, &options);
  belief_experiment_context_set_progress_func (ctx, progress_cb, &progress);
  settings = belief_experiment_context_describe (ctx);
  t0 = g_get_monotonic_time ();
  for (int n = 1; n <= BELIEF_N_EXPERIMENTS; n++)
    {
      BeliefFigureSet *set;

      if (!which[n])
        continue;
      progress.number = n;
      progress.last = 0;
      set = belief_experiment_run (ctx, n, &error);
      if (set == NULL)
        return belief_cli_fail ("reproduce", "experiment %d: %s", n, error->message);
      g_ptr_array_add (sets, set);
      if (!belief_figure_set_write (set, out, &error))
        return belief_cli_fail ("reproduce", "%s", error->message);
      g_free (intro);
      intro = g_strdup_printf ("Made by belief-cli reproduce%s --seed %" G_GINT64_FORMAT
                               " in %.0f s. Common settings: %s.", quick ? " --quick" : "", seed,
                               (g_get_monotonic_time () - t0) / 1e6, settings);
      if (!belief_figure_sets_write_index ((BeliefFigureSet * const *) sets->pdata, (int) sets->len,
                                           "Belief: the lab report's experiments", intro, out, &error))
        return belief_cli_fail ("reproduce", "%s", error->message);
      printf ("%d. %s: %.1f s, %u figures\n", n, set->title, set->seconds, set->figures->len);
      for (guint i = 0; i < set->measures->len; i++)
        {
          const BeliefMeasure *m = &g_array_index (set->measures, BeliefMeasure, i);

          printf ("   %s: %.4g%s%s\n", m->label, m->value, *m->unit ? " " : "", m->unit);
        }
      fflush (stdout);
    }
  printf ("Wrote %s/index.html (%.0f s in all)\n", out, (g_get_monotonic_time () - t0) / 1e6);
  return 0;
}
