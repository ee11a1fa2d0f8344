/* belief-cli-eval.c: `belief-cli eval`. */
#include <stdio.h>
#include <string.h>

#include "belief-cli.h"
#include "belief-cli-common.h"
#include "belief-model-file.h"
#include "belief-session.h"

int
belief_cli_eval (int    argc,
                 char **argv)
{
  g_autofree char *data = NULL, *dataset = NULL, *method_name = NULL;
  g_autoptr(BeliefDataset) train = NULL, test = NULL;
  g_autoptr(BeliefDbn) dbn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) extra = NULL;
  BeliefRecogMethod method = BELIEF_RECOG_FREE_ENERGY;
  int n_gibbs = 15, code = 0;
  gint64 seed = 1;
  gboolean json = FALSE;
  double acc_train, acc_test, acc_val;
  g_autoptr(BeliefDataset) fit = NULL, validation = NULL;
  const char *chosen_epoch, *chosen_phase;
  guint n_validation;
  BeliefRng rng;
  GOptionEntry entries[] = {
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &dataset, "Data set by name: digits, mnist or fashion (default: the one the model was trained on, else digits)", "NAME" },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data, "A folder of IDX files instead of --dataset", "DIR" },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method_name, "free-energy (default) or gibbs", "METHOD" },
    { "gibbs", 0, 0, G_OPTION_ARG_INT, &n_gibbs, "Gibbs steps for --method gibbs (default 15)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed of the Gibbs sampler", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { NULL }
  };

  if (!belief_cli_parse ("eval", "MODEL", "Recognition accuracy of a model on the train and test sets.",
                         entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return belief_cli_fail ("eval", "give exactly one MODEL.safetensors");
  if (method_name != NULL && strcmp (method_name, "gibbs") == 0)
    method = BELIEF_RECOG_GIBBS;
  else if (method_name != NULL && strcmp (method_name, "free-energy") != 0)
    return belief_cli_fail ("eval", "--method \"%s\": use free-energy or gibbs", method_name);
  if (!belief_cli_check_range ("eval", "--gibbs", n_gibbs, 1, 100000, "the Gibbs steps")
      || !belief_cli_check_seed ("eval", seed))
    return 1;

  if ((dbn = belief_model_load (argv[1], &extra, &error)) == NULL)
    return belief_cli_fail ("eval", "%s", error->message);
  if (dbn->n_labels == 0)
    return belief_cli_fail ("eval", "%s has no label units, so it cannot recognise; "
                            "train it without --no-labels", argv[1]);
  if ((train = belief_cli_load_named_or_dir (dataset, data, belief_cli_model_dataset (extra), BELIEF_SPLIT_TRAIN, NULL, &error)) == NULL
      || (test = belief_cli_load_named_or_dir (dataset, data, belief_cli_model_dataset (extra), BELIEF_SPLIT_TEST, NULL, &error)) == NULL)
    return belief_cli_fail ("eval", "%s", error->message);
  if ((int) train->dim != dbn->sizes[0] || (int) test->dim != dbn->sizes[0])
    return belief_cli_fail ("eval", "%s expects %dx%d images but the data has %ux%u",
                            argv[1], dbn->rows, dbn->cols, test->rows, test->cols);

  /* The images the model was trained on and chose on: the split its
   * metadata records (a model of a folder's or an older model: none). */
  n_validation = 0;
  if (extra != NULL && g_hash_table_lookup (extra, "n_validation") != NULL && dataset == NULL
      && data == NULL)
    n_validation = (guint) g_ascii_strtoull (g_hash_table_lookup (extra, "n_validation"), NULL, 10);
  belief_dataset_split (train, n_validation, &fit, &validation);
  chosen_epoch = extra != NULL ? g_hash_table_lookup (extra, "chosen_epoch") : NULL;
  chosen_phase = extra != NULL ? g_hash_table_lookup (extra, "chosen_phase") : NULL;

  belief_rng_init (&rng, (guint64) seed);
  acc_train = belief_evaluate (dbn, fit, 0, method, n_gibbs, &rng);
  acc_val = validation->n > 0 ? belief_evaluate (dbn, validation, 0, method, n_gibbs, &rng) : -1.0;
  acc_test = belief_evaluate (dbn, test, 0, method, n_gibbs, &rng);
  if (json)
    {
      g_autofree char *val = acc_val >= 0 ? g_strdup_printf ("%.6f", acc_val) : g_strdup ("null");
      g_autofree char *name = g_strescape (belief_cli_model_dataset (extra), NULL);

      printf ("{\"test_accuracy\": %.6f, \"validation_accuracy\": %s, \"train_accuracy\": %.6f, "
              "\"chosen_phase\": %s%s%s, \"chosen_epoch\": %s, \"method\": \"%s\", \"gibbs\": %d, "
              "\"dataset\": \"%s\", \"n_train\": %u, \"n_validation\": %u, \"n_test\": %u}\n",
              acc_test, val, acc_train, chosen_phase ? "\"" : "", chosen_phase ? chosen_phase : "null",
              chosen_phase ? "\"" : "", chosen_epoch ? chosen_epoch : "null",
              method == BELIEF_RECOG_GIBBS ? "gibbs" : "free-energy", n_gibbs,
              data != NULL ? "folder" : dataset != NULL ? dataset : name,
              fit->n, validation->n, test->n);
    }
  else
    {
      printf ("test accuracy        %.2f%% (%u images)\n", 100 * acc_test, test->n);
      if (acc_val >= 0)
        printf ("validation accuracy  %.2f%% (%u images held out of training)%s%s%s%s\n",
                100 * acc_val, validation->n, chosen_epoch ? ", chosen at " : "",
                chosen_phase ? chosen_phase : "", chosen_epoch ? " epoch " : "",
                chosen_epoch ? chosen_epoch : "");
      printf ("train accuracy       %.2f%% (%u images)\nmethod %s\n", 100 * acc_train, fit->n,
              method == BELIEF_RECOG_GIBBS ? "gibbs" : "free-energy");
    }
  return 0;
}
