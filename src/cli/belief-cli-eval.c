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
  g_autofree char *data = NULL, *method_name = NULL;
  g_autoptr(BeliefDataset) train = NULL, test = NULL;
  g_autoptr(BeliefDbn) dbn = NULL;
  g_autoptr(GError) error = NULL;
  BeliefRecogMethod method = BELIEF_RECOG_FREE_ENERGY;
  int n_gibbs = 15, code = 0;
  gint64 seed = 1;
  gboolean json = FALSE;
  double acc_train, acc_test;
  BeliefRng rng;
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data, "Folder of IDX files (default: the converted MNIST digits)", "DIR" },
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

  if ((dbn = belief_model_load (argv[1], NULL, &error)) == NULL)
    return belief_cli_fail ("eval", "%s", error->message);
  if (dbn->n_labels == 0)
    return belief_cli_fail ("eval", "%s has no label units, so it cannot recognise; "
                            "train it without --no-labels", argv[1]);
  if ((train = belief_cli_load_data (data, BELIEF_SPLIT_TRAIN, &error)) == NULL
      || (test = belief_cli_load_data (data, BELIEF_SPLIT_TEST, &error)) == NULL)
    return belief_cli_fail ("eval", "%s", error->message);
  if ((int) train->dim != dbn->sizes[0] || (int) test->dim != dbn->sizes[0])
    return belief_cli_fail ("eval", "%s expects %dx%d images but the data has %ux%u",
                            argv[1], dbn->rows, dbn->cols, test->rows, test->cols);

  belief_rng_init (&rng, (guint64) seed);
  acc_train = belief_evaluate (dbn, train, 0, method, n_gibbs, &rng);
  acc_test = belief_evaluate (dbn, test, 0, method, n_gibbs, &rng);
  if (json)
    printf ("{\"train_accuracy\": %.6f, \"test_accuracy\": %.6f, \"method\": \"%s\", "
            "\"gibbs\": %d, \"n_train\": %u, \"n_test\": %u}\n",
            acc_train, acc_test, method == BELIEF_RECOG_GIBBS ? "gibbs" : "free-energy",
            n_gibbs, train->n, test->n);
  else
    printf ("train accuracy %.2f%% (%u images)\ntest accuracy  %.2f%% (%u images)\nmethod %s\n",
            100 * acc_train, train->n, 100 * acc_test, test->n,
            method == BELIEF_RECOG_GIBBS ? "gibbs" : "free-energy");
  return 0;
}
