/* belief-experiment-dbn.c: experiments on whole DBNs (3, 4, 6, 7 and 8). */
#include "belief-experiment-private.h"

#include <math.h>

#define LARGE "500,500,2000"
#define TUNED_LARGE BELIEF_EXPERIMENT_TUNED "500,500,2000"
#define TUNED_SMALL BELIEF_EXPERIMENT_TUNED "500,2000"

/* Experiment 7's runs: the report's regimes and Belief's from the lab's
 * pretraining, and Belief's regime from Belief's pretraining. */
static const struct
{
  const char  *layers;
  BeliefRegime regime;
  const char  *name;   /* series and titles */
  const char  *key;    /* ids and measures */
  double       cost;   /* share of the experiment's time, roughly */
} runs7[] = {
  { LARGE, BELIEF_REGIME_RECOGNITION, "recognition specialised", "recognition", 0.3 },
  { LARGE, BELIEF_REGIME_GENERATION, "generation specialised", "generation", 0.12 },
  { LARGE, BELIEF_REGIME_DEFAULT, "Belief's regime", "default", 0.12 },
  { TUNED_LARGE, BELIEF_REGIME_DEFAULT, "Belief's regime and pretraining", "tuned", 0.3 },
  { TUNED_LARGE, BELIEF_REGIME_DISCRIMINATIVE, "backpropagation, Belief's pretraining",
    "discriminative", 0.16 },
};
#define N_RUNS7 ((int) G_N_ELEMENTS (runs7))

static double
at (GArray *a, int i)
{
  if (i < 0)
    i += (int) a->len;
  return i >= 0 && i < (int) a->len ? g_array_index (a, double, i) : NAN;
}

static void
add_percent_series (BeliefFigure *fig, const char *name, GArray *x, GArray *y)
{
  belief_figure_series (fig, name)->markers = TRUE;
  for (guint i = 0; i < MIN (x->len, y->len); i++)
    belief_figure_add_point (fig, name, g_array_index (x, double, i),
                             100.0 * g_array_index (y, double, i));
}

/* Generates the final samples of dbn, adds its digits figure and the
 * fidelity measures under prefix. */
static double
judge_generation (BeliefExperimentContext *ctx, const BeliefDbn *dbn, const char *id,
                  const char *title, const char *prefix, const char *who)
{
  BeliefFigureSet *set = ctx->current;
  int per = ctx->plan.fid_final_per_label, n_labels = dbn->n_labels;
  g_autofree float *samples = NULL;
  g_autofree double *per_label = g_new (double, belief_judge_n_classes (ctx->judge));
  g_autofree char *key = g_strdup_printf ("%s_fidelity", prefix);
  g_autofree char *label = g_strdup_printf ("Generation fidelity, %s", who);
  g_autofree char *worst_key = g_strdup_printf ("%s_fidelity_worst", prefix);
  g_autofree char *worst_label = g_strdup_printf ("Worst label's fidelity, %s", who);
  BeliefFigure *fig;
  double fid, worst = 1.0;

  g_snprintf (ctx->status, sizeof ctx->status, "Generating %d digits of every label (%s)", per, who);
  belief_experiment_emit (ctx, TRUE);
  fid = belief_experiment_generate (ctx, dbn, per, &samples, per_label);
  for (int c = 0; c < n_labels; c++)
    worst = MIN (worst, per_label[c]);
  fig = belief_experiment_images (set, id, title, BELIEF_IMAGES_DIGITS, dbn->rows, dbn->cols,
                                  n_labels);
  belief_experiment_digits_figure (ctx, fig, samples, n_labels, per, 3);
  {
    g_autofree char *caption = g_strdup_printf (
      "Column k is generated with label k clamped (%d Gibbs steps in the top RBM, label "
      "strength %g). Under each digit the label an independent 3-nearest-neighbour judge "
      "gives it, \xe2\x9c\x97 where that is not the clamped one. Fidelity over %d samples "
      "per label: %.0f%%.", ctx->plan.gen_gibbs, BELIEF_DEFAULT_LABEL_STRENGTH, per, 100.0 * fid);

    belief_figure_set_caption (fig, caption);
  }
  belief_figure_set_measure (set, key, label, 100.0 * fid, "%");
  belief_figure_set_measure (set, worst_key, worst_label, 100.0 * worst, "%");
  return fid;
}

/* ---- 3: greedy layer-wise pretraining ----------------------------------------------- */

gboolean
belief_experiment_e3_ensure (BeliefExperimentContext *ctx, GError **error)
{
  return belief_experiment_pretrain_run (ctx, LARGE, error) != NULL;
}

void
belief_experiment_e3_fill (BeliefExperimentContext *ctx, BeliefFigureSet *set)
{
  BeliefPretrainRun *run = belief_experiment_find_pretrain_run (ctx, LARGE);
  BeliefFigure *fig = belief_experiment_chart (set, "e3-layer-loss", "Greedy pretraining, layer by layer",
                                               "epoch of the layer", "epoch",
                                               "reconstruction loss (mean over the epoch)", "loss");
  static const char *names[] = { "RBM 1: 784-500", "RBM 2: 500-500", "top RBM: 500+10-2000" };

  belief_figure_set_caption (fig, "Each RBM of 784-500-500+10-2000 is trained on the layer below's "
                             "probabilities once the layer below is done; the loss of each is its "
                             "own input's reconstruction error, so the layers' levels differ.");
  if (run == NULL)
    return;
  for (int l = 0; l < run->n_layers && l < 3; l++)
    {
      g_autofree char *key = g_strdup_printf ("final_loss_layer_%d", l + 1);
      g_autofree char *label = g_strdup_printf ("Last epoch's loss, %s", names[l]);

      belief_figure_series (fig, names[l])->markers = TRUE;
      for (guint e = 0; e < run->epoch_loss[l]->len; e++)
        belief_figure_add_point (fig, names[l], e + 1, at (run->epoch_loss[l], (int) e));
      if (run->epoch_loss[l]->len > 0)
        belief_figure_set_measure (set, key, label, at (run->epoch_loss[l], -1), "");
    }
  if (run->done)
    {
      belief_figure_set_measure (set, "pretrain_seconds", "Pretraining time", run->seconds, "s");
      g_free (set->summary);
      set->summary = g_strdup_printf (
        "Each layer's loss drops most in its first epoch and flattens within a few more: after "
        "the last epoch it is %.4f for RBM 1, %.4f for RBM 2 and %.4f for the top RBM (from "
        "%.4f, %.4f and %.4f after the first). Each layer starts only when the one below is "
        "done, on the probabilities that layer gives its inputs. Pretraining took %.0f s.",
        at (run->epoch_loss[0], -1), at (run->epoch_loss[1], -1), at (run->epoch_loss[2], -1),
        at (run->epoch_loss[0], 0), at (run->epoch_loss[1], 0), at (run->epoch_loss[2], 0),
        run->seconds);
    }
}

/* ---- 4: accuracy during training --------------------------------------------------- */

gboolean
belief_experiment_e4_ensure (BeliefExperimentContext *ctx, GError **error)
{
  return belief_experiment_pretrain_run (ctx, LARGE, error) != NULL;
}

void
belief_experiment_e4_fill (BeliefExperimentContext *ctx, BeliefFigureSet *set)
{
  BeliefPretrainRun *run = belief_experiment_find_pretrain_run (ctx, LARGE);
  BeliefFigure *fig = belief_experiment_chart (set, "e4-accuracy", "Recognition accuracy while the top RBM learns",
                                               "iterations of the top RBM (minibatches of 20)",
                                               "iteration", "accuracy (%)", "accuracy_percent");
  g_autofree char *caption = NULL;
  int peak = 0;

  caption = g_strdup_printf ("Accuracy of the DBN measured during greedy training of the top RBM: "
                             "free energy on all %u validation images (held out of the training "
                             "set) and %u training images, Gibbs recognition (15 steps from labels "
                             "at 0.1) on %u of each. The test set is read once, at the end.",
                             ctx->validation->n, MIN (ctx->plan.eval_n, ctx->train->n),
                             ctx->plan.gibbs_eval_n);
  belief_figure_set_caption (fig, caption);
  if (run == NULL)
    return;
  add_percent_series (fig, "train, free energy", run->acc_iter, run->train_fe);
  add_percent_series (fig, "validation, free energy", run->acc_iter, run->val_fe);
  add_percent_series (fig, "train, Gibbs", run->acc_iter, run->train_gibbs);
  add_percent_series (fig, "validation, Gibbs", run->acc_iter, run->val_gibbs);
  if (!run->done || run->val_fe->len == 0)
    return;
  for (guint i = 0; i < run->val_fe->len; i++)
    if (at (run->val_fe, (int) i) > at (run->val_fe, peak))
      peak = (int) i;
  belief_figure_set_measure (set, "test_fe_final", "Test accuracy at the end, free energy",
                             100.0 * run->test_fe, "%");
  belief_figure_set_measure (set, "test_gibbs_final", "Test accuracy at the end, Gibbs",
                             100.0 * run->test_gibbs, "%");
  belief_figure_set_measure (set, "val_fe_final", "Validation accuracy at the end, free energy",
                             100.0 * at (run->val_fe, -1), "%");
  belief_figure_set_measure (set, "train_fe_final", "Training accuracy at the end, free energy",
                             100.0 * at (run->train_fe, -1), "%");
  belief_figure_set_measure (set, "val_fe_peak", "Best validation accuracy, free energy",
                             100.0 * at (run->val_fe, peak), "%");
  belief_figure_set_measure (set, "val_fe_peak_iteration", "Iteration of the best validation accuracy",
                             at (run->acc_iter, peak), "");
  g_free (set->summary);
  set->summary = g_strdup_printf (
    "Validation accuracy with free energy climbs to %.1f%% (best %.1f%% at iteration %.0f). At the "
    "end, read once, the test set gives %.1f%% (free energy) and %.1f%% (Gibbs). Training "
    "accuracy ends at %.1f%%, %.1f points above validation%s The report's DBN peaked at 82%% "
    "on 100 test digits.",
    100.0 * at (run->val_fe, -1), 100.0 * at (run->val_fe, peak), at (run->acc_iter, peak),
    100.0 * run->test_fe, 100.0 * run->test_gibbs, 100.0 * at (run->train_fe, -1),
    100.0 * (at (run->train_fe, -1) - at (run->val_fe, -1)),
    at (run->val_fe, -1) < at (run->val_fe, peak) - 0.005
      ? ": the top RBM starts to overfit after the peak." : "; validation accuracy has not turned down yet.");
}

/* ---- 6: generation after pretraining ------------------------------------------------- */

gboolean
belief_experiment_e6_ensure (BeliefExperimentContext *ctx, GError **error)
{
  BeliefPretrainRun *lab, *tuned;
  double fid_lab, fid_tuned;

  belief_experiment_stage (ctx, 0.0, 0.45);
  if ((lab = belief_experiment_pretrain_run (ctx, LARGE, error)) == NULL)
    return FALSE;
  belief_experiment_stage (ctx, 0.45, 0.9);
  if ((tuned = belief_experiment_pretrain_run (ctx, TUNED_LARGE, error)) == NULL)
    return FALSE;
  fid_lab = judge_generation (ctx, lab->dbn, "e6-generated", "Generated after pretraining, lab settings",
                              "pretrained", "pretrained with the lab's settings");
  fid_tuned = judge_generation (ctx, tuned->dbn, "e6-generated-tuned",
                                "Generated after pretraining, Belief's settings",
                                "pretrained_tuned", "pretrained with Belief's settings");
  g_free (ctx->current->summary);
  ctx->current->summary = g_strdup_printf (
    "Pretrained with the lab's settings (lr 0.01 on the minibatch sum, momentum 0.7), the DBN "
    "generates digits that the independent judge reads as the clamped label %.0f%% of the time "
    "(worst label %.0f%%). Pretrained with Belief's settings (lr 0.05 on the minibatch mean, "
    "momentum 0.9, the same epochs) it is %.0f%% (worst label %.0f%%). Generation after "
    "pretraining rests on the top RBM alone: with the label clamped its Gibbs chain must "
    "settle in that label's mode, and the generative weights are still the transposed "
    "recognition weights. The two settings differ in the step size per image-mean (0.2 with "
    "momentum 0.7 against 0.05 with momentum 0.9) and in the weight decay, which is applied as "
    "lr \xc3\x97 0.0002 \xc3\x97 W on every update and so is five times stronger with Belief's.",
    100.0 * fid_lab, belief_figure_set_get_measure (ctx->current, "pretrained_fidelity_worst"),
    100.0 * fid_tuned, belief_figure_set_get_measure (ctx->current, "pretrained_tuned_fidelity_worst"));
  return TRUE;
}

void
belief_experiment_e6_fill (BeliefExperimentContext *ctx, BeliefFigureSet *set)
{
  (void) ctx;
  (void) set;
}

/* ---- 7: the fine-tuning regimes ------------------------------------------------------- */

gboolean
belief_experiment_e7_ensure (BeliefExperimentContext *ctx, GError **error)
{
  BeliefFigureSet *set = ctx->current;
  double test[N_RUNS7], fid[N_RUNS7], test0[N_RUNS7], done = 0.0;
  GString *text;

  for (int r = 0; r < N_RUNS7; r++)
    {
      belief_experiment_stage (ctx, done, done + runs7[r].cost);
      done += runs7[r].cost;
      if (belief_experiment_finetune_run (ctx, runs7[r].layers, runs7[r].regime, error) == NULL)
        return FALSE;
    }
  for (int r = 0; r < N_RUNS7; r++)
    {
      BeliefFinetuneRun *run = belief_experiment_find_finetune_run (ctx, runs7[r].layers,
                                                                    runs7[r].regime);
      g_autofree char *id = g_strdup_printf ("e7-generated-%s", runs7[r].key);
      g_autofree char *title = g_strdup_printf ("Fine-tuned: %s", runs7[r].name);
      g_autofree char *key = g_strdup_printf ("%s_test_fe", runs7[r].key);
      g_autofree char *label = g_strdup_printf ("Test accuracy (free energy), %s", runs7[r].name);
      g_autofree char *gkey = g_strdup_printf ("%s_test_gibbs", runs7[r].key);
      g_autofree char *glabel = g_strdup_printf ("Test accuracy (Gibbs), %s", runs7[r].name);
      g_autofree char *pkey = g_strdup_printf ("%s_pretrained_test_fe", runs7[r].key);
      g_autofree char *plabel = g_strdup_printf ("Test accuracy before fine-tuning, %s", runs7[r].name);

      fid[r] = judge_generation (ctx, run->dbn, id, title, runs7[r].key, runs7[r].name);
      test[r] = run->test_fe;
      test0[r] = belief_experiment_find_pretrain_run (ctx, runs7[r].layers)->test_fe;
      belief_figure_set_measure (set, pkey, plabel, 100.0 * test0[r], "%");
      belief_figure_set_measure (set, key, label, 100.0 * test[r], "%");
      belief_figure_set_measure (set, gkey, glabel, 100.0 * run->test_gibbs, "%");
    }
  text = g_string_new (NULL);
  g_string_append_printf (text, "From the model pretrained with the lab's settings (test accuracy "
                          "%.1f%%), after %d epochs of fine-tuning: ", 100.0 * test0[0],
                          ctx->plan.ft_epochs);
  for (int r = 0; r < 3; r++)
    g_string_append_printf (text, "%s%s %.1f%% test accuracy and %.0f%% fidelity",
                            r == 0 ? "" : r == 2 ? "; and " : "; ",
                            runs7[r].name, 100.0 * test[r], 100.0 * fid[r]);
  g_string_append_printf (text, ". From the model pretrained with Belief's settings (%.1f%%), "
                          "Belief's regime reaches %.1f%% and %.0f%% fidelity; discriminative "
                          "fine-tuning by backpropagation reaches %.1f%% and %.0f%% fidelity.",
                          100.0 * test0[3], 100.0 * test[3], 100.0 * fid[3], 100.0 * test[4],
                          100.0 * fid[4]);
  set->summary = g_string_free (text, FALSE);
  return TRUE;
}

void
belief_experiment_e7_fill (BeliefExperimentContext *ctx, BeliefFigureSet *set)
{
  BeliefFigure *acc, *gibbs, *fid;

  acc = belief_experiment_chart (set, "e7-validation-accuracy", "Validation accuracy during fine-tuning",
                                 "epoch of fine-tuning (0 = pretrained)", "epoch",
                                 "validation accuracy, free energy (%)", "accuracy_percent");
  gibbs = belief_experiment_chart (set, "e7-gibbs-accuracy", "Gibbs recognition during fine-tuning",
                                   "epoch of fine-tuning (0 = pretrained)", "epoch",
                                   "validation accuracy, Gibbs (%)", "accuracy_percent");
  fid = belief_experiment_chart (set, "e7-fidelity", "Generation fidelity during fine-tuning",
                                 "epoch of fine-tuning (0 = pretrained)", "epoch",
                                 "generated digits judged as their label (%)", "fidelity_percent");
  belief_figure_set_caption (acc, "Free-energy recognition on all validation images (held out of "
                             "the training set; the test set is read once, at the end) after each epoch of "
                             "wake-sleep fine-tuning: the three regimes from the same DBN "
                             "pretrained with the lab's settings, and Belief's regime and "
                             "discriminative backpropagation from a DBN pretrained with Belief's "
                             "settings.");
  belief_figure_set_caption (gibbs, "The lab's recognition method: 15 Gibbs steps in the top RBM "
                             "with the label units starting at 0.1.");
  {
    g_autofree char *caption = g_strdup_printf (
      "Share of generated digits (%d per label) that an independent 3-nearest-neighbour judge "
      "on the training images reads as the clamped label.", ctx->plan.fid_curve_per_label);

    belief_figure_set_caption (fid, caption);
  }
  for (int r = 0; r < N_RUNS7; r++)
    {
      BeliefFinetuneRun *run = belief_experiment_find_finetune_run (ctx, runs7[r].layers,
                                                                    runs7[r].regime);

      if (run == NULL)
        continue;
      add_percent_series (acc, runs7[r].name, run->epoch, run->val_fe);
      add_percent_series (gibbs, runs7[r].name, run->epoch, run->val_gibbs);
      add_percent_series (fid, runs7[r].name, run->epoch, run->fidelity);
    }
}

/* ---- 8: the smaller network ------------------------------------------------------------- */

gboolean
belief_experiment_e8_ensure (BeliefExperimentContext *ctx, GError **error)
{
  BeliefFigureSet *set = ctx->current;
  const char *arch[2] = { TUNED_LARGE, TUNED_SMALL };
  const char *names[2] = { "784-500-500+10-2000", "784-500+10-2000" };
  const char *keys[2] = { "large", "small" };
  double test[2], fid[2], secs[2];
  gsize params[2];

  for (int a = 0; a < 2; a++)
    {
      belief_experiment_stage (ctx, a * 0.5, (a + 1) * 0.5);
      if (belief_experiment_finetune_run (ctx, arch[a], BELIEF_REGIME_DEFAULT, error) == NULL)
        return FALSE;
    }
  for (int a = 0; a < 2; a++)
    {
      BeliefFinetuneRun *run = belief_experiment_find_finetune_run (ctx, arch[a], BELIEF_REGIME_DEFAULT);
      BeliefPretrainRun *pre = belief_experiment_find_pretrain_run (ctx, arch[a]);
      g_autofree char *id = g_strdup_printf ("e8-generated-%s", keys[a]);
      g_autofree char *title = g_strdup_printf ("Generated by %s, fine-tuned", names[a]);
      g_autofree char *k1 = g_strdup_printf ("%s_test_fe", keys[a]);
      g_autofree char *l1 = g_strdup_printf ("Test accuracy (free energy), %s", names[a]);
      g_autofree char *k2 = g_strdup_printf ("%s_pretrained_test_fe", keys[a]);
      g_autofree char *l2 = g_strdup_printf ("Test accuracy before fine-tuning, %s", names[a]);
      g_autofree char *k3 = g_strdup_printf ("%s_seconds", keys[a]);
      g_autofree char *l3 = g_strdup_printf ("Training time (pretraining and fine-tuning), %s", names[a]);
      g_autofree char *k4 = g_strdup_printf ("%s_parameters", keys[a]);
      g_autofree char *l4 = g_strdup_printf ("Parameters, %s", names[a]);

      fid[a] = judge_generation (ctx, run->dbn, id, title, keys[a], names[a]);
      test[a] = run->test_fe;
      secs[a] = run->seconds + pre->seconds;
      params[a] = 0;
      for (int l = 0; l < run->dbn->n_layers; l++)
        params[a] += run->dbn->rbms[l]->n_params;
      belief_figure_set_measure (set, k1, l1, 100.0 * test[a], "%");
      belief_figure_set_measure (set, k2, l2, 100.0 * pre->test_fe, "%");
      belief_figure_set_measure (set, k3, l3, secs[a], "s");
      belief_figure_set_measure (set, k4, l4, (double) params[a], "");
    }
  set->summary = g_strdup_printf (
    "The smaller network reaches %.1f%% test accuracy and %.0f%% generation fidelity against "
    "%.1f%% and %.0f%% for the larger, with %.0f%% of its parameters and %.0f%% of its training "
    "time. The middle 500-unit layer %s.",
    100.0 * test[1], 100.0 * fid[1], 100.0 * test[0], 100.0 * fid[0],
    100.0 * params[1] / params[0], 100.0 * secs[1] / secs[0],
    test[0] > test[1] + 0.005 ? "buys accuracy" : test[1] > test[0] + 0.005
      ? "does not help recognition here" : "makes little difference to accuracy");
  return TRUE;
}

void
belief_experiment_e8_fill (BeliefExperimentContext *ctx, BeliefFigureSet *set)
{
  const char *arch[2] = { TUNED_LARGE, TUNED_SMALL };
  const char *names[2] = { "784-500-500+10-2000", "784-500+10-2000" };
  BeliefFigure *acc, *fid;

  acc = belief_experiment_chart (set, "e8-validation-accuracy", "Two DBNs: validation accuracy",
                                 "epoch of fine-tuning (0 = pretrained)", "epoch",
                                 "validation accuracy, free energy (%)", "accuracy_percent");
  fid = belief_experiment_chart (set, "e8-fidelity", "Two DBNs: generation fidelity",
                                 "epoch of fine-tuning (0 = pretrained)", "epoch",
                                 "generated digits judged as their label (%)", "fidelity_percent");
  belief_figure_set_caption (acc, "Both networks pretrained greedily with Belief's settings (lr "
                             "0.05 on the minibatch mean, momentum 0.9), then fine-tuned in "
                             "Belief's default regime.");
  belief_figure_set_caption (fid, "Fidelity of generated digits during the same fine-tuning, "
                             "judged by the 3-nearest-neighbour classifier.");
  for (int a = 0; a < 2; a++)
    {
      BeliefFinetuneRun *run = belief_experiment_find_finetune_run (ctx, arch[a], BELIEF_REGIME_DEFAULT);

      if (run == NULL)
        continue;
      add_percent_series (acc, names[a], run->epoch, run->val_fe);
      add_percent_series (fid, names[a], run->epoch, run->fidelity);
    }
}
