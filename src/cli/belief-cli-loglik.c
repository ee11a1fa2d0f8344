/* belief-cli-loglik.c: `belief-cli loglik`, the mean test log-probability of
 * an RBM, its partition function estimated by Annealed Importance Sampling
 * (Salakhutdinov & Murray 2008). */
#include <math.h>
#include <stdio.h>

#include "belief-ais.h"
#include "belief-blas.h"
#include "belief-cli.h"
#include "belief-cli-common.h"
#include "belief-model-file.h"
#include "belief-parallel.h"

/* Every model is scored on the same binary test images. */
#define BINARISE_SEED 2008
/* The exact log Z sums over 2^n_hid hidden states: up to 20 it takes seconds. */
#define EXACT_MAX_HIDDEN 20

static gboolean
progress_cb (double   fraction,
             gpointer user_data)
{
  int *last = user_data;
  int percent = (int) (100.0 * fraction);

  if (percent != *last)
    {
      fprintf (stderr, "\rAnnealed importance sampling · %d%%   ", percent);
      *last = percent;
    }
  return TRUE;
}

/* A JSON number, or null when it is not finite. */
static char *
json_number (double x)
{
  return isfinite (x) ? g_strdup_printf ("%.6f", x) : g_strdup ("null");
}

int
belief_cli_loglik (int    argc,
                   char **argv)
{
  g_autofree char *data = NULL, *dataset = NULL, *desc = NULL;
  g_autoptr(BeliefDbn) dbn = NULL;
  g_autoptr(BeliefDataset) train = NULL, test = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) extra = NULL;
  g_autofree float *base = NULL, *v = NULL;
  g_auto(BeliefAisResult) res = { 0 };
  BeliefAisOptions opt;
  const BeliefRbm *rbm;
  int runs = BELIEF_AIS_DEFAULT_RUNS, betas = BELIEF_AIS_DEFAULT_BETAS;
  int test_size = 0, threads = 0, code = 0, last_percent = -1;
  gint64 seed = 1, t0;
  gboolean json = FALSE, interactive;
  double exact = NAN, lp, lp_lo, lp_hi, lp_exact = NAN, seconds;
  gsize n;
  BeliefRng rng;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Annealing runs (default 100)", "N" },
    { "betas", 0, 0, G_OPTION_ARG_INT, &betas, "Intermediate distributions (default 14500: 500 up to beta 0.5, "
      "4000 up to 0.9, 10000 up to 1; another count scales the three)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed of the annealing runs (default 1)", "N" },
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &dataset, "Data set by name: digits, mnist or fashion (default: the one the model was trained on, else digits)", "NAME" },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data, "A folder of IDX files instead of --dataset", "DIR" },
    { "test-size", 0, 0, G_OPTION_ARG_INT, &test_size, "Score the first N test images (0: all)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Threads (0: all cores)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { NULL }
  };

  if (!belief_cli_parse ("loglik", "MODEL",
                         "Mean log-probability of the test images under an RBM without labels, "
                         "log p(v) = -F(v) - log Z, with log Z estimated by Annealed Importance "
                         "Sampling from a base-rate model of the training images (Salakhutdinov "
                         "& Murray 2008; +-3 standard deviations of the mean importance weight "
                         "give the interval).  The test images are binarised stochastically "
                         "once, with a fixed seed: each pixel is on with probability its "
                         "intensity, as in that paper.",
                         entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return belief_cli_fail ("loglik", "give exactly one MODEL.safetensors");
  if (runs < 2 || runs > 100000)
    return belief_cli_fail ("loglik", "--runs %d: use 2 to 100000 runs", runs);
  if (betas < 1 || betas > 10000000)
    return belief_cli_fail ("loglik", "--betas %d: use 1 to 10000000 intermediate distributions", betas);
  if (test_size < 0)
    return belief_cli_fail ("loglik", "--test-size %d: use 0 (all) or a positive number of images",
                            test_size);
  if (!belief_cli_check_seed ("loglik", seed))
    return 1;
  if (threads < 0 || threads > BELIEF_PARALLEL_MAX)
    return belief_cli_fail ("loglik", "--threads %d: use 0 (all cores) to %d", threads,
                            BELIEF_PARALLEL_MAX);

  if ((dbn = belief_model_load (argv[1], &extra, &error)) == NULL)
    return belief_cli_fail ("loglik", "%s", error->message);
  desc = belief_dbn_describe (dbn);
  if (dbn->n_layers > 1)
    return belief_cli_fail ("loglik", "%s is a %d-layer DBN (%s); only single RBMs are supported: "
                            "give one trained with train --layers 500 --no-labels",
                            argv[1], dbn->n_layers, desc);
  if (dbn->n_labels > 0)
    return belief_cli_fail ("loglik", "%s is an RBM with %d label units (%s); only RBMs without "
                            "labels are supported: train --layers 500 --no-labels",
                            argv[1], dbn->n_labels, desc);
  rbm = dbn->rbms[0];
  if ((train = belief_cli_load_named_or_dir (dataset, data, belief_cli_model_dataset (extra), BELIEF_SPLIT_TRAIN, NULL, &error)) == NULL
      || (test = belief_cli_load_named_or_dir (dataset, data, belief_cli_model_dataset (extra), BELIEF_SPLIT_TEST, NULL, &error)) == NULL)
    return belief_cli_fail ("loglik", "%s", error->message);
  if ((int) train->dim != rbm->n_vis || (int) test->dim != rbm->n_vis)
    return belief_cli_fail ("loglik", "%s expects %dx%d images but the data has %ux%u",
                            argv[1], dbn->rows, dbn->cols, test->rows, test->cols);
  if (test_size > (int) test->n)
    return belief_cli_fail ("loglik", "--test-size %d: use 0 (all) to %u images (the test set has %u)",
                            test_size, test->n, test->n);
  if (test_size == 0)
    test_size = (int) test->n;

  belief_blas_set_threads (threads);
  t0 = g_get_monotonic_time ();
  base = g_new (float, rbm->n_vis);
  belief_ais_base_biases (train, base);
  belief_ais_options_init (&opt);
  opt.n_runs = runs;
  opt.n_betas = betas;
  opt.seed = (guint64) seed;
  interactive = belief_cli_interactive ();
  if (!belief_ais_log_z (rbm, base, &opt, interactive ? progress_cb : NULL, &last_percent,
                         &res, &error))
    {
      if (interactive)
        fputc ('\n', stderr);
      return belief_cli_fail ("loglik", "%s", error->message);
    }
  if (interactive)
    fprintf (stderr, "\r%-40s\r", "");
  if (rbm->n_hid <= EXACT_MAX_HIDDEN)
    exact = belief_rbm_log_z_exact (rbm);

  /* each pixel on with probability its intensity */
  n = (gsize) test_size * rbm->n_vis;
  v = g_new (float, n);
  belief_dataset_fill_floats (test, NULL, 0, (guint) test_size, v);
  {
    g_autofree float *u = g_new (float, n);

    belief_rng_init (&rng, BINARISE_SEED);
    belief_rng_fill_uniform (&rng, u, n);
    for (gsize i = 0; i < n; i++)
      v[i] = v[i] > u[i] ? 1.0f : 0.0f;
  }
  lp = belief_ais_mean_log_prob (rbm, v, test_size, res.log_z);
  /* a larger log Z gives a lower log-probability */
  lp_lo = lp + res.log_z - res.log_z_hi;
  lp_hi = lp + res.log_z - res.log_z_lo;
  if (isfinite (exact))
    lp_exact = lp + res.log_z - exact;
  seconds = (g_get_monotonic_time () - t0) / 1e6;

  if (json)
    {
      g_autofree char *j_lo = json_number (res.log_z_lo), *j_exact = json_number (exact);
      g_autofree char *j_lp_hi = json_number (lp_hi), *j_lp_exact = json_number (lp_exact);

      printf ("{\"log_z\": %.6f, \"log_z_lo\": %s, \"log_z_hi\": %.6f, \"log_z_exact\": %s, "
              "\"log_z_base\": %.6f, \"mean_log_prob\": %.6f, \"mean_log_prob_lo\": %.6f, "
              "\"mean_log_prob_hi\": %s, \"mean_log_prob_exact\": %s, \"ess\": %.3f, "
              "\"runs\": %d, \"betas\": %d, \"seed\": %" G_GINT64_FORMAT ", \"n_test\": %d, "
              "\"seconds\": %.3f}\n",
              res.log_z, j_lo, res.log_z_hi, j_exact, res.log_z_base, lp, lp_lo, j_lp_hi,
              j_lp_exact, res.ess, runs, betas, seed, test_size, seconds);
      return 0;
    }
  printf ("%s: RBM %s\n", argv[1], desc);
  printf ("log Z = %.4f (AIS, %d runs, %d betas; +-3 sd: [%.4f, %.4f])\n",
          res.log_z, runs, betas, res.log_z_lo, res.log_z_hi);
  if (!isfinite (res.log_z_lo))
    printf ("  the weights vary so much that mean - 3 sd <= 0: no lower bound; "
            "use more --runs or --betas\n");
  if (isfinite (exact))
    printf ("exact log Z = %.4f (sum over all 2^%d hidden states)\n", exact, rbm->n_hid);
  printf ("mean test log-probability: %.4f nats per image [%.4f, %.4f]\n", lp, lp_lo, lp_hi);
  if (isfinite (exact))
    printf ("  with the exact log Z: %.4f nats per image\n", lp_exact);
  printf ("  %d test images, binarised stochastically with a fixed seed (each pixel on with "
          "probability its intensity); base rates of %u training images; %.1f s\n",
          test_size, train->n, seconds);
  return 0;
}
