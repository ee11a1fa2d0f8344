/* belief-cli-train.c: `belief-cli train`. */
#include <math.h>
#include <stdio.h>

#include "belief-cli.h"
#include "belief-cli-common.h"
#include "belief-config.h"
#include "belief-error.h"
#include "belief-model-file.h"
#include "belief-session.h"

typedef struct
{
  GString  *csv;
  gboolean  interactive;
} TrainState;

static const char *
phase_name (const BeliefProgress *p)
{
  return p->phase == BELIEF_PHASE_PRETRAIN ? "pretrain" : "finetune";
}

static void
progress_cb (const BeliefProgress *p,
             gpointer              user_data)
{
  TrainState *st = user_data;
  char acc[2][G_ASCII_DTOSTR_BUF_SIZE] = { "", "" };

  if (p->train_accuracy >= 0)
    g_snprintf (acc[0], sizeof acc[0], "%.4f", p->train_accuracy);
  if (p->validation_accuracy >= 0)
    g_snprintf (acc[1], sizeof acc[1], "%.4f", p->validation_accuracy);
  if (st->csv != NULL)
    {
      char eval[G_ASCII_DTOSTR_BUF_SIZE] = "";

      if (p->train_accuracy >= 0)
        g_snprintf (eval, sizeof eval, "%.3f", p->eval_seconds);
      g_string_append_printf (st->csv, "%s,%d,%d,%d,%" G_GUINT64_FORMAT ",%.3f,%.6g,%.6g,%.6g,%s,%s,%s\n",
                              phase_name (p), p->layer + 1, p->epoch + 1, p->batch_index + 1,
                              p->updates, p->elapsed, p->lr, p->recon_loss, p->stability,
                              acc[0], acc[1], eval);
    }
  if (st->interactive && (p->epoch_end || p->updates % 20 == 0))
    {
      if (p->phase == BELIEF_PHASE_PRETRAIN)
        fprintf (stderr, "\rPretraining layer %d of %d · epoch %d of %d · %.0f samples/s · "
                 "about %.0f s left · loss %.4f   ",
                 p->layer + 1, p->n_layers, p->epoch + 1, p->n_epochs, p->samples_per_sec,
                 p->eta, p->recon_loss);
      else
        fprintf (stderr, "\rFine-tuning · epoch %d of %d · %.0f samples/s · about %.0f s left   ",
                 p->epoch + 1, p->n_epochs, p->samples_per_sec, p->eta);
    }
}

static gboolean
parse_options (BeliefConfig *cfg,
               const char   *layers,
               const char   *regime,
               GError      **error)
{
  if (layers != NULL && !belief_config_parse_layers (cfg, layers, error))
    return FALSE;
  if (regime != NULL)
    {
      BeliefRegime r;

      if (!belief_regime_from_string (regime, &r))
        {
          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                       "--finetune-regime \"%s\": use default, recognition, generation or discriminative", regime);
          return FALSE;
        }
      belief_config_set_regime (cfg, r);
    }
  return TRUE;
}

/* What to change after a divergence, by phase: the options that drove it. */
static int
fail_diverged (const BeliefConfig *cfg,
               BeliefPhase         phase,
               const GError       *error)
{
  const char *advice;

  if (phase == BELIEF_PHASE_FINETUNE)
    advice = cfg->regime == BELIEF_REGIME_DISCRIMINATIVE
             ? "lower --finetune-lr or --momentum and train again"
             : "lower --finetune-lr and train again";
  else
    advice = "lower --lr, --momentum or --weight-decay and train again";
  return belief_cli_fail ("train", "%s; no model was written: %s", error->message, advice);
}

int
belief_cli_train (int    argc,
                  char **argv)
{
  BeliefConfig cfg;
  g_autofree char *data = NULL, *layers = NULL, *regime = NULL, *metrics = NULL, *out = NULL;
  g_autofree char *dataset = NULL, *preset = NULL, *data_label = NULL, *from = NULL;
  g_autoptr(BeliefDbn) start = NULL;
  g_autofree char *desc = NULL;
  g_autoptr(BeliefDataset) all = NULL, train = NULL, validation = NULL, test = NULL;
  g_autoptr(BeliefSession) session = NULL;
  g_autoptr(BeliefDbn) dbn = NULL;
  g_autoptr(GHashTable) extra = NULL;
  g_autoptr(GError) error = NULL;
  TrainState st = { NULL, belief_cli_interactive () };
  double lr, momentum, decay, ft_lr = -G_MAXDOUBLE;
  int ft_gibbs = G_MININT, epochs = G_MININT, top_epochs = G_MININT, ft_epochs = G_MININT;
  BeliefChoice choice = { 0 };
  gint64 t_start = g_get_monotonic_time ();
  gint64 seed;
  gboolean no_labels = FALSE, sum_batch = FALSE;
  int code = 0;

  belief_config_defaults (&cfg);
  lr = cfg.lr;
  momentum = cfg.momentum;
  decay = cfg.weight_decay;
  seed = (gint64) cfg.seed;
  {
    GOptionEntry entries[] = {
      { "dataset", 0, 0, G_OPTION_ARG_STRING, &dataset, "Data set by name: mnist (the default: MNIST's 60,000 / 10,000), digits (10,000 MNIST digits, 8,000 / 2,000) or fashion (Fashion-MNIST)", "NAME" },
      { "data", 0, 0, G_OPTION_ARG_FILENAME, &data, "A folder of IDX files instead of --dataset", "DIR" },
      { "validation", 0, 0, G_OPTION_ARG_INT, &cfg.validation, "Training images held out to choose on (default: 10,000 for mnist and fashion, 1,000 for digits, a sixth of a folder's; 0: none)", "N" },
      { "preset", 0, 0, G_OPTION_ARG_STRING, &preset, "quick (the default: a first model in about a minute) or standard (Hinton et al. 2006's protocol, about an hour); other options change it", "NAME" },
      { "layers", 0, 0, G_OPTION_ARG_STRING, &layers, "Hidden layer sizes, the last one is the top (default 500,500,2000)", "SIZES" },
      { "no-labels", 0, 0, G_OPTION_ARG_NONE, &no_labels, "No label units: a plain RBM or stack", NULL },
      { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs, "Pretraining epochs per layer (default: the preset's)", "N" },
      { "top-epochs", 0, 0, G_OPTION_ARG_INT, &top_epochs, "Pretraining epochs of the top RBM (default: the preset's)", "N" },
      { "batch", 0, 0, G_OPTION_ARG_INT, &cfg.batch, "Minibatch size", "N" },
      { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &lr, "Learning rate of pretraining", "X" },
      { "momentum", 0, 0, G_OPTION_ARG_DOUBLE, &momentum, "Momentum", "X" },
      { "weight-decay", 0, 0, G_OPTION_ARG_DOUBLE, &decay, "L2 weight decay", "X" },
      { "binarize", 0, 0, G_OPTION_ARG_NONE, &cfg.binarize, "Train on pixels sampled to 0 or 1 (each with its intensity as probability), fresh each minibatch", NULL },
      { "lr-on-sum", 0, 0, G_OPTION_ARG_NONE, &sum_batch, "Apply the learning rate to the minibatch's sum, not its mean (the lab's way)", NULL },
      { "cd", 0, 0, G_OPTION_ARG_INT, &cfg.cd_k, "Gibbs steps of contrastive divergence", "K" },
      { "pcd", 0, 0, G_OPTION_ARG_NONE, &cfg.pcd, "Persistent chains (PCD)", NULL },
      { "finetune-epochs", 0, 0, G_OPTION_ARG_INT, &ft_epochs, "Wake-sleep fine-tuning epochs (default: the preset's)", "N" },
      { "finetune-regime", 0, 0, G_OPTION_ARG_STRING, &regime, "default, recognition, generation or discriminative (backpropagation)", "NAME" },
      { "finetune-lr", 0, 0, G_OPTION_ARG_DOUBLE, &ft_lr, "Learning rate of fine-tuning (default: the regime's)", "X" },
      { "finetune-gibbs", 0, 0, G_OPTION_ARG_INT, &ft_gibbs, "Gibbs steps in the top RBM per fine-tuning minibatch, fixed (default: Hinton's up-down schedule of 3, then 6, then 10 steps, a third of the epochs each)", "N" },
      { "train-size", 0, 0, G_OPTION_ARG_INT, &cfg.train_size, "Use the first N training images (0: all)", "N" },
      { "eval-size", 0, 0, G_OPTION_ARG_INT, &cfg.eval_size, "Training images measured for accuracy each epoch, beside all the validation images (0: none, and no choice of epoch)", "N" },
      { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed", "N" },
      { "threads", 0, 0, G_OPTION_ARG_INT, &cfg.threads, "BLAS threads (0: all cores)", "N" },
      { "metrics", 0, 0, G_OPTION_ARG_FILENAME, &metrics, "Write per-update metrics as CSV", "FILE.csv" },
      { "finetune-from", 0, 0, G_OPTION_ARG_FILENAME, &from, "Skip pretraining: fine-tune this model (e.g. one saved with --finetune-epochs 0), whose layers must match", "MODEL.safetensors" },
      { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Where to save the model", "MODEL.safetensors" },
      { NULL }
    };

    if (!belief_cli_parse ("train", NULL, "Train an RBM or a DBN: greedy pretraining, then fine-tuning.",
                           entries, &argc, &argv, &code))
      return code;
  }
  if (out == NULL)
    return belief_cli_fail ("train", "no output file; give -o MODEL.safetensors");
  {
    /* before hours of training, not after */
    g_autofree char *dir = g_path_get_dirname (out);

    if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
      return belief_cli_fail ("train", "%s: the folder %s does not exist; create it or give "
                              "another -o", out, dir);
    if (g_file_test (out, G_FILE_TEST_IS_DIR))
      return belief_cli_fail ("train", "%s is a folder; give a file name with -o", out);
  }
  if (seed < 0)
    return belief_cli_fail ("train", "--seed %" G_GINT64_FORMAT ": the seed must be between 0 and %"
                            G_GINT64_FORMAT, seed, G_MAXINT64);
  cfg.seed = (guint64) seed;

  if (sum_batch)
    cfg.divide_by_batch = FALSE;
  cfg.labels = !no_labels;
  /* doubles first: a value past float's range must not become Inf quietly */
  cfg.lr = (float) CLAMP (lr, -1e30, 1e30);
  cfg.momentum = (float) CLAMP (momentum, -1e30, 1e30);
  cfg.weight_decay = (float) CLAMP (decay, -1e30, 1e30);
  if (!parse_options (&cfg, layers, regime, &error))
    return belief_cli_fail ("train", "%s", error->message);
  if (ft_lr != -G_MAXDOUBLE)
    cfg.ft_lr = (float) CLAMP (ft_lr, -1e30, 1e30);
  if (ft_gibbs != G_MININT)
    {
      cfg.ft_gibbs = ft_gibbs;
      cfg.ft_gibbs_schedule = FALSE;
    }
  if (epochs != G_MININT)
    cfg.epochs = epochs;
  if (top_epochs != G_MININT)
    cfg.top_epochs = top_epochs;
  else if (epochs != G_MININT)
    cfg.top_epochs = 0;  /* --epochs alone sets every layer */
  if (ft_epochs != G_MININT)
    cfg.finetune_epochs = ft_epochs;
  /* every option's range before the data loads, not after */
  if (!belief_config_validate (&cfg, &error)
      || !belief_config_apply_preset (&(BeliefConfig) { 0 }, preset != NULL ? preset : "quick", 1,
                                      &error))
    return belief_cli_fail ("train", "%s", error->message);

  /* the data; the preset's epochs follow its size */
  if ((all = belief_cli_load_named_or_dir (dataset, data, NULL, BELIEF_SPLIT_TRAIN, &data_label,
                                           &error)) == NULL)
    return belief_cli_fail ("train", "%s", error->message);
  belief_dataset_split (all, cfg.validation >= 0 ? (guint) cfg.validation
                             : belief_dataset_default_validation (all->name, all->n),
                        &train, &validation);
  g_clear_pointer (&all, belief_dataset_free);
  {
    BeliefConfig p = cfg;

    belief_config_apply_preset (&p, preset != NULL ? preset : "quick",
                                cfg.train_size > 0 ? MIN ((guint) cfg.train_size, train->n)
                                                   : train->n, NULL);
    if (epochs == G_MININT)
      cfg.epochs = p.epochs;
    if (top_epochs == G_MININT && epochs == G_MININT)
      cfg.top_epochs = p.top_epochs;
    if (ft_epochs == G_MININT)
      cfg.finetune_epochs = p.finetune_epochs;
  }
  cfg.validation = (int) validation->n;
  if (!belief_config_validate (&cfg, &error))
    return belief_cli_fail ("train", "%s", error->message);
  if (from != NULL && (start = belief_model_load (from, NULL, &error)) == NULL)
    return belief_cli_fail ("train", "%s", error->message);
  if (start != NULL)
    session = belief_session_new_from_model (&cfg, start, train, validation, &error);
  else
    session = belief_session_new (&cfg, train, validation, &error);
  if (session == NULL)
    return belief_cli_fail ("train", "%s", error->message);

  if (metrics != NULL)
    st.csv = g_string_new ("phase,layer,epoch,batch,update,seconds,lr,recon_loss,stability,train_accuracy,validation_accuracy,eval_seconds\n");
  belief_session_set_progress_func (session, progress_cb, &st);
  if (!belief_session_run (session, &error))
    {
      if (st.interactive)
        fputc ('\n', stderr);
      if (st.csv != NULL)
        g_string_free (st.csv, TRUE);
      if (g_error_matches (error, BELIEF_ERROR, BELIEF_ERROR_DIVERGED))
        return fail_diverged (&cfg, belief_session_get_phase (session), error);
      return belief_cli_fail ("train", "%s", error->message);
    }
  if (st.interactive)
    fputc ('\n', stderr);

  if (st.csv != NULL)
    {
      gboolean ok = g_file_set_contents (metrics, st.csv->str, (gssize) st.csv->len, &error);

      g_string_free (st.csv, TRUE);
      if (!ok)
        return belief_cli_fail ("train", "%s", error->message);
    }

  dbn = belief_session_snapshot (session);
  extra = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (extra, g_strdup ("config"), belief_config_to_json (&cfg));
  g_hash_table_insert (extra, g_strdup ("dataset"), g_strdup (data_label));
  g_hash_table_insert (extra, g_strdup ("n_train"), g_strdup_printf ("%u", train->n));
  g_hash_table_insert (extra, g_strdup ("n_validation"), g_strdup_printf ("%u", validation->n));
  g_hash_table_insert (extra, g_strdup ("retrained_on_validation"), g_strdup ("false"));
  g_hash_table_insert (extra, g_strdup ("preset"), g_strdup (preset != NULL ? preset : "quick"));
  g_hash_table_insert (extra, g_strdup ("seed"), g_strdup_printf ("%" G_GUINT64_FORMAT, cfg.seed));
  if (from != NULL)
    {
      g_autofree char *base = g_path_get_basename (from);

      g_hash_table_insert (extra, g_strdup ("finetuned_from"), g_strdup (base));
    }
  if (belief_session_get_choice (session, &choice))
    {
      g_hash_table_insert (extra, g_strdup ("chosen_phase"),
                           g_strdup (choice.phase == BELIEF_PHASE_FINETUNE ? "finetune" : "pretrain"));
      g_hash_table_insert (extra, g_strdup ("chosen_epoch"), g_strdup_printf ("%d", choice.epoch));
      g_hash_table_insert (extra, g_strdup ("validation_accuracy"),
                           g_strdup_printf ("%.6f", choice.validation_accuracy));
    }
  if (!belief_model_save (dbn, extra, out, &error))
    return belief_cli_fail ("train", "%s", error->message);

  desc = belief_dbn_describe (dbn);
  /* The test set is read once, here, after every choice is made. */
  if (dbn->n_labels > 0
      && (test = belief_cli_load_named_or_dir (dataset, data, NULL, BELIEF_SPLIT_TEST, NULL,
                                               &error)) == NULL)
    return belief_cli_fail ("train", "%s", error->message);
  if (dbn->n_labels > 0)
    {
      BeliefRng rng;
      g_autofree char *chosen = NULL;

      if (choice.epoch > 0)
        chosen = g_strdup_printf (" · validation %.2f%% at %s epoch %d of %u held out", 100.0 * choice.validation_accuracy,
                                  choice.phase == BELIEF_PHASE_FINETUNE ? "fine-tuning" : "top-RBM",
                                  choice.epoch, choice.n_validation);
      belief_rng_init (&rng, cfg.seed);
      printf ("Saved %s (%s, %s) · test accuracy %.2f%% (free energy, %u images)%s · %.0f s\n", out,
              desc, data_label,
              100.0 * belief_evaluate (dbn, test, 0, BELIEF_RECOG_FREE_ENERGY, cfg.recog_gibbs, &rng),
              test->n, chosen != NULL ? chosen : "", (g_get_monotonic_time () - t_start) / 1e6);
    }
  else
    printf ("Saved %s (%s, %s) · %.0f s\n", out, desc, data_label,
            (g_get_monotonic_time () - t_start) / 1e6);
  return 0;
}
