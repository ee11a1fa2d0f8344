/* belief-cli-judge.c: `belief-cli judge`, generation fidelity of a DBN as
 * read by an independent k-nearest-neighbour classifier. */
#include <math.h>
#include <stdio.h>

#include "belief-cli.h"
#include "belief-cli-common.h"
#include "belief-judge.h"
#include "belief-model-file.h"

int
belief_cli_judge (int    argc,
                  char **argv)
{
  g_autofree char *data = NULL, *dataset = NULL;
  g_autoptr(BeliefDbn) dbn = NULL;
  g_autoptr(BeliefDataset) train = NULL;
  g_autoptr(BeliefJudge) judge = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) extra = NULL;
  g_autofree float *v = NULL;
  g_autofree int *labels = NULL;
  g_autofree double *per_label = NULL;
  int count = 100, n_gibbs = 200, k = 3, code = 0, total;
  double strength = BELIEF_DEFAULT_LABEL_STRENGTH, fidelity, worst = 1.0;
  gint64 seed = 1, t0;
  gboolean json = FALSE;
  BeliefRng rng;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Samples per label (default 100)", "N" },
    { "gibbs", 0, 0, G_OPTION_ARG_INT, &n_gibbs, "Gibbs steps in the top RBM per sample (default 200)", "N" },
    { "label-strength", 0, 0, G_OPTION_ARG_DOUBLE, &strength, "Value the clamped label unit is held at (default 8)", "X" },
    { "k", 0, 0, G_OPTION_ARG_INT, &k, "Neighbours the judge consults (default 3)", "K" },
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &dataset, "Data set by name: digits, mnist or fashion (default: the one the model was trained on, else digits)", "NAME" },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data, "A folder of IDX files instead of --dataset", "DIR" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed of the sampler", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { NULL }
  };

  if (!belief_cli_parse ("judge", "MODEL",
                         "Generates digits of every label and has a k-nearest-neighbour classifier "
                         "on the training images read them: the share read as the clamped label.",
                         entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return belief_cli_fail ("judge", "give exactly one MODEL.safetensors");
  if (count < 1 || count > 10000)
    return belief_cli_fail ("judge", "--count %d: use 1 to 10000 samples per label", count);
  if (n_gibbs < 0 || n_gibbs > 100000)
    return belief_cli_fail ("judge", "--gibbs %d: use 0 to 100000 steps", n_gibbs);
  if (!(strength >= 0.0 && strength <= 100.0))
    return belief_cli_fail ("judge", "--label-strength %g: use 0 to 100", strength);
  if (k < 1 || k > 64)
    return belief_cli_fail ("judge", "--k %d: use 1 to 64 neighbours", k);
  if (!belief_cli_check_seed ("judge", seed))
    return 1;
  if ((dbn = belief_model_load (argv[1], &extra, &error)) == NULL)
    return belief_cli_fail ("judge", "%s", error->message);
  if (dbn->n_labels == 0)
    return belief_cli_fail ("judge", "%s has no label units, so nothing can be clamped; "
                            "train it without --no-labels", argv[1]);
  if ((train = belief_cli_load_named_or_dir (dataset, data, belief_cli_model_dataset (extra), BELIEF_SPLIT_TRAIN, NULL, &error)) == NULL)
    return belief_cli_fail ("judge", "%s", error->message);
  if ((int) train->dim != dbn->sizes[0] || (int) train->n_classes > dbn->n_labels)
    return belief_cli_fail ("judge", "%s makes %dx%d images of %d labels but the data has "
                            "%ux%u images of %u labels", argv[1], dbn->rows, dbn->cols,
                            dbn->n_labels, train->rows, train->cols, train->n_classes);

  t0 = g_get_monotonic_time ();
  judge = belief_judge_new (train, 0, k);
  total = count * dbn->n_labels;
  labels = g_new (int, total);
  for (int i = 0; i < total; i++)
    labels[i] = i / count;
  v = g_new (float, (gsize) total * dbn->sizes[0]);
  belief_rng_init (&rng, (guint64) seed);
  belief_dbn_generate (dbn, labels, total, n_gibbs, (float) strength, &rng, v, 0, NULL, NULL);
  per_label = g_new (double, MAX (belief_judge_n_classes (judge), dbn->n_labels));
  fidelity = belief_judge_fidelity (judge, v, labels, total, per_label);
  for (int c = 0; c < dbn->n_labels; c++)
    if (isfinite (per_label[c]))
      worst = MIN (worst, per_label[c]);

  if (json)
    {
      printf ("{\"fidelity\": %.6f, \"worst\": %.6f, \"per_label\": [", fidelity, worst);
      for (int c = 0; c < dbn->n_labels; c++)
        printf ("%s%.6f", c ? ", " : "", isfinite (per_label[c]) ? per_label[c] : -1.0);
      printf ("], \"count\": %d, \"gibbs\": %d, \"label_strength\": %g, \"k\": %d, "
              "\"seconds\": %.3f}\n", count, n_gibbs, strength, k,
              (g_get_monotonic_time () - t0) / 1e6);
      return 0;
    }
  printf ("Generation fidelity: %.1f%% of %d samples read as their label (%d-NN on %u training "
          "images)\n", 100.0 * fidelity, total, k, MIN (train->n, BELIEF_JUDGE_MAX_IMAGES));
  for (int c = 0; c < dbn->n_labels; c++)
    printf ("  label %d: %5.1f%%\n", c, 100.0 * per_label[c]);
  return 0;
}
