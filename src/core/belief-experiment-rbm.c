/* belief-experiment-rbm.c: experiments on single RBMs (1, 2, 5 and 9). */
#include "belief-experiment-private.h"

#include "belief-error.h"

#include <math.h>
#include <string.h>

static const int sweep[] = { 200, 300, 400, 500 };
#define N_SWEEP ((int) G_N_ELEMENTS (sweep))

static gboolean
ensure_sweep (BeliefExperimentContext *ctx, gboolean divide, double lo, double hi,
              GError **error)
{
  /* Cost grows with the hidden units: weight the stages by them. */
  double total = 0.0, done = 0.0;

  for (int i = 0; i < N_SWEEP; i++)
    total += sweep[i];
  for (int i = 0; i < N_SWEEP; i++)
    {
      belief_experiment_stage (ctx, lo + (hi - lo) * done / total,
                               lo + (hi - lo) * (done + sweep[i]) / total);
      if (belief_experiment_rbm_run (ctx, sweep[i], divide, error) == NULL)
        return FALSE;
      done += sweep[i];
    }
  return TRUE;
}

static double
last (GArray *a)
{
  return a->len > 0 ? g_array_index (a, double, a->len - 1) : NAN;
}

/* Mean of the last n entries. */
static double
tail_mean (GArray *a, int n)
{
  double sum = 0.0;
  int count = 0;

  for (int i = MAX (0, (int) a->len - n); i < (int) a->len; i++)
    {
      sum += g_array_index (a, double, i);
      count++;
    }
  return count > 0 ? sum / count : NAN;
}

static int
window_for (const BeliefRbmRun *run, int epochs)
{
  return MAX (1, run->n_batches * epochs / 200);
}

/* ---- 1: reconstruction loss against hidden units ---------------------------- */

gboolean
belief_experiment_e1_ensure (BeliefExperimentContext *ctx, GError **error)
{
  return ensure_sweep (ctx, FALSE, 0.0, 0.5, error) && ensure_sweep (ctx, TRUE, 0.5, 1.0, error);
}

#define LAB_RATE "lr 0.01 per image (the lab's)"
#define DIV_RATE "lr 0.01 / 20 per image"

void
belief_experiment_e1_fill (BeliefExperimentContext *ctx, BeliefFigureSet *set)
{
  BeliefFigure *curves, *final;
  int window = 1;
  double loss[2][N_SWEEP];
  int n_done[2] = { 0, 0 }, stuck[2][N_SWEEP];

  curves = belief_experiment_chart (set, "e1-loss-by-hidden-units",
                                    "Reconstruction loss while training",
                                    "iteration (minibatches of 20)", "iteration",
                                    "reconstruction loss (squared error per pixel)", "loss");
  final = belief_experiment_chart (set, "e1-final-loss", "Loss of the last epoch against size",
                                   "hidden units", "hidden_units",
                                   "reconstruction loss (squared error per pixel)", "loss");
  for (int d = 0; d < 2; d++)
    for (int i = 0; i < N_SWEEP; i++)
      {
        BeliefRbmRun *run = belief_experiment_find_rbm_run (ctx, sweep[i], d);
        const char *rate = d ? DIV_RATE : LAB_RATE;
        g_autofree char *name = g_strdup_printf ("%d hidden units", sweep[i]);
        g_autofree char *key = g_strdup_printf ("final_loss_%d%s", sweep[i], d ? "_divided" : "");
        g_autofree char *label = g_strdup_printf ("Loss of the last epoch, %d hidden units, %s",
                                                  sweep[i], rate);

        loss[d][i] = NAN;
        if (run == NULL)
          continue;
        window = window_for (run, ctx->plan.rbm_epochs);
        if (!d)
          belief_experiment_smooth (curves, name, run->loss, window);
        if (run->done)
          {
            loss[d][i] = last (run->epoch_loss);
            belief_figure_add_point (final, rate, sweep[i], loss[d][i]);
            belief_figure_series (final, rate)->markers = TRUE;
            belief_figure_set_measure (set, key, label, loss[d][i], "");
            stuck[d][i] = run->n_stuck;
            n_done[d]++;
          }
      }
  {
    g_autofree char *each = window > 1 ? g_strdup_printf ("Each point is the mean over %d minibatches.",
                                                          window)
                                       : g_strdup ("Each point is one minibatch.");
    g_autofree char *cap = g_strdup_printf (
      "Reconstruction loss of RBMs with 200 to 500 hidden units trained on the same digits with "
      "CD-1 at the lab's settings (learning rate 0.01 applied to the sum over the minibatch). %s",
      each);

    belief_figure_set_caption (curves, cap);
  }
  belief_figure_set_caption (final, "The mean loss over each RBM's last epoch, at the lab's "
                             "learning rate and at the same rate divided by the batch size (20 "
                             "times smaller steps).");

  if (n_done[0] == N_SWEEP && n_done[1] == N_SWEEP)
    {
      gboolean mono[2] = { TRUE, TRUE };

      for (int d = 0; d < 2; d++)
        for (int i = 1; i < N_SWEEP; i++)
          mono[d] = mono[d] && loss[d][i] < loss[d][i - 1];
      g_free (set->summary);
      for (int i = 0; i < N_SWEEP; i++)
        {
          g_autofree char *key = g_strdup_printf ("stuck_units_%d", sweep[i]);
          g_autofree char *label = g_strdup_printf ("Hidden units stuck off or on, %d units, lab's rate",
                                                    sweep[i]);

          belief_figure_set_measure (set, key, label, stuck[0][i], "");
        }
      set->summary = g_strdup_printf (
        "At the lab's learning rate, going from 500 down to 200 hidden units changes the last "
        "epoch's loss from %.4f to %.4f; %s. %d of the 500 units and %d of the 200 end up stuck "
        "(mean activity below 1%% or above 99%% over the training digits), and stuck units "
        "reconstruct nothing. With the rate divided by the batch size the losses are %.4f (500) "
        "and %.4f (200)%s.",
        loss[0][3], loss[0][0],
        mono[0] ? "the loss falls with every step up in size"
                : "the order is not strictly by size",
        stuck[0][3], stuck[0][0],
        loss[1][3], loss[1][0],
        mono[1] ? ", and every step up in size lowers the loss: the extra units are used"
                : ", and the order is not strictly by size either");
    }
}

/* ---- 2: weight stability ------------------------------------------------------- */

gboolean
belief_experiment_e2_ensure (BeliefExperimentContext *ctx, GError **error)
{
  return ensure_sweep (ctx, FALSE, 0.0, 1.0, error);
}

void
belief_experiment_e2_fill (BeliefExperimentContext *ctx, BeliefFigureSet *set)
{
  BeliefFigure *fig;
  BeliefRbmRun *big;

  fig = belief_experiment_chart (set, "e2-weight-stability", "Weight stability while training",
                                 "iteration (minibatches of 20)", "iteration",
                                 "weights with |\xce\x94W| \xe2\x89\xa4 0.001 (%)", "stable_percent");
  for (int i = 0; i < N_SWEEP; i++)
    {
      BeliefRbmRun *run = belief_experiment_find_rbm_run (ctx, sweep[i], FALSE);
      g_autofree char *name = g_strdup_printf ("%d hidden units", sweep[i]);
      g_autofree char *key = g_strdup_printf ("stable_last_epoch_%d", sweep[i]);
      g_autofree char *label = g_strdup_printf ("Stable weights in the last epoch, %d hidden units",
                                                sweep[i]);

      if (run == NULL)
        continue;
      belief_experiment_smooth (fig, name, run->stability, window_for (run, ctx->plan.rbm_epochs));
      if (run->done)
        belief_figure_set_measure (set, key, label, tail_mean (run->stability, run->n_batches), "%");
    }
  belief_figure_set_caption (fig, "After every update, the share of weights whose change was at "
                             "most 0.001 in absolute value (the report's stability measure), "
                             "averaged over windows of minibatches.");
  big = belief_experiment_find_rbm_run (ctx, 500, FALSE);
  if (big != NULL && big->done)
    {
      BeliefRbmRun *small = belief_experiment_find_rbm_run (ctx, 200, FALSE);
      double s = tail_mean (big->stability, big->n_batches);
      double first = big->stability->len > 0 ? g_array_index (big->stability, double, 0) : NAN;
      double s_small = small != NULL && small->done ? tail_mean (small->stability, small->n_batches) : NAN;
      g_free (set->summary);
      set->summary = g_strdup_printf (
        "In the last epoch %.1f%% of the 500-unit RBM's weights stay within 0.001 per update "
        "(after the first update: %.1f%%), so %.1f%% still move although the loss has levelled "
        "off. The 200-unit RBM has %.1f%% stable weights.%s",
        s, first, 100.0 - s, s_small,
        big->n_stuck > 0 && s > s_small
          ? " The larger RBM looks more stable because many of its units are stuck (experiment 1 "
            "counts them): a unit that is almost never on gets almost no gradient, so its "
            "weights stop moving." : "");
    }
}

/* ---- 5: receptive fields early and late ------------------------------------------- */

/* Mean correlation between the image figure's tiles, over all pairs. */
static double
mean_correlation (const BeliefFigure *fig)
{
  int n = fig->n_images, dim = fig->rows * fig->cols, pairs = 0;
  const float *px = (const float *) (gpointer) fig->pixels->data;
  double sum = 0.0;

  for (int a = 0; a < n; a++)
    for (int b = a + 1; b < n; b++)
      {
        double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;

        for (int p = 0; p < dim; p++)
          {
            ma += px[a * dim + p] / dim;
            mb += px[b * dim + p] / dim;
          }
        for (int p = 0; p < dim; p++)
          {
            double x = px[a * dim + p] - ma, y = px[b * dim + p] - mb;

            sab += x * y;
            saa += x * x;
            sbb += y * y;
          }
        if (saa > 0 && sbb > 0)
          {
            sum += sab / sqrt (saa * sbb);
            pairs++;
          }
      }
  return pairs > 0 ? sum / pairs : NAN;
}

gboolean
belief_experiment_e5_ensure (BeliefExperimentContext *ctx, GError **error)
{
  belief_experiment_stage (ctx, 0.0, 0.5);
  if (belief_experiment_rbm_run (ctx, 500, FALSE, error) == NULL)
    return FALSE;
  belief_experiment_stage (ctx, 0.5, 1.0);
  return belief_experiment_rbm_run (ctx, 500, TRUE, error) != NULL;
}

static void
fields_figure (BeliefExperimentContext *ctx, BeliefFigureSet *set, const char *id,
               const char *title, const float *W, int n_hid, const int *units, int n_units)
{
  BeliefFigure *fig = belief_experiment_images (set, id, title, BELIEF_IMAGES_WEIGHTS,
                                                (int) ctx->train->rows, (int) ctx->train->cols, 5);
  int dim = (int) ctx->train->dim;
  g_autofree float *tile = g_new (float, dim);

  for (int k = 0; k < n_units; k++)
    {
      g_autofree char *caption = g_strdup_printf ("unit %d", units[k]);

      for (int p = 0; p < dim; p++)
        tile[p] = W[(gsize) p * n_hid + units[k]];
      belief_figure_add_image (fig, tile, caption);
    }
}

void
belief_experiment_e5_fill (BeliefExperimentContext *ctx, BeliefFigureSet *set)
{
  BeliefRbmRun *run = belief_experiment_find_rbm_run (ctx, 500, FALSE);
  BeliefRbmRun *div = belief_experiment_find_rbm_run (ctx, 500, TRUE);
  BeliefRng rng;
  int units[25];
  g_autofree char *early = NULL, *late = NULL, *slow = NULL;

  if (run == NULL)
    return;
  /* The same units in every figure, chosen from the seed alone. */
  belief_rng_init (&rng, ctx->options.seed ^ G_GUINT64_CONSTANT (0xf1e1d5));
  for (int k = 0; k < 25; k++)
    {
      gboolean again;

      do
        {
          units[k] = (int) belief_rng_below (&rng, 500);
          again = FALSE;
          for (int j = 0; j < k; j++)
            again = again || units[j] == units[k];
        }
      while (again);
    }
  early = g_strdup_printf ("After %d iterations", run->early_at);
  late = g_strdup_printf ("After %d iterations", run->late_at);
  if (run->early != NULL)
    fields_figure (ctx, set, "e5-fields-early", early, run->early, 500, units, 25);
  if (run->late != NULL)
    fields_figure (ctx, set, "e5-fields-late", late, run->late, 500, units, 25);
  if (div != NULL && div->late != NULL)
    {
      slow = g_strdup_printf ("After %d iterations, rate divided by the batch", div->late_at);
      fields_figure (ctx, set, "e5-fields-divided", slow, div->late, 500, units, 25);
      belief_figure_set_caption (belief_figure_set_find (set, "e5-fields-divided"),
                                 "The same units of an RBM trained with the learning rate divided "
                                 "by the batch size (steps 20 times smaller): every unit learns.");
    }
  if (run->early != NULL && run->late != NULL && run->done)
    {
      BeliefFigure *a = belief_figure_set_find (set, "e5-fields-early");
      BeliefFigure *b = belief_figure_set_find (set, "e5-fields-late");
      double max_a = 0.0, max_b = 0.0, corr_a, corr_b;

      for (guint i = 0; i < a->pixels->len; i++)
        {
          max_a = MAX (max_a, fabs (g_array_index (a->pixels, float, i)));
          max_b = MAX (max_b, fabs (g_array_index (b->pixels, float, i)));
        }
      belief_figure_set_caption (a, "Weights from the pixels into 25 randomly chosen hidden units "
                                 "of the 500-unit RBM at the lab's learning rate; red positive, "
                                 "blue negative, one scale for all tiles of the figure.");
      belief_figure_set_caption (b, "The same 25 units later in training.");
      corr_a = mean_correlation (a);
      corr_b = mean_correlation (b);
      belief_figure_set_measure (set, "correlation_early", "Mean correlation between the tiles, early",
                                 corr_a, "");
      belief_figure_set_measure (set, "correlation_late", "Mean correlation between the tiles, late",
                                 corr_b, "");
      belief_figure_set_measure (set, "max_weight_early", "Largest |W| shown, early", max_a, "");
      belief_figure_set_measure (set, "max_weight_late", "Largest |W| shown, late", max_b, "");
      belief_figure_set_measure (set, "stuck_units", "Units stuck off or on at the end, lab's rate",
                                 run->n_stuck, "");
      if (div != NULL && div->done)
        belief_figure_set_measure (set, "stuck_units_divided",
                                   "Units stuck off or on at the end, rate divided by the batch",
                                   div->n_stuck, "");
      g_free (set->summary);
      set->summary = g_strdup_printf (
        "After %d iterations %s (mean correlation between the tiles %.2f, largest weight %.3f). "
        "After %d iterations %s (correlation %.2f, largest weight %.2f). "
        "At the lab's learning rate %d of the 500 units end stuck, almost always off or on: "
        "their tiles stay pale. With the rate divided by the batch size %d are stuck.",
        run->early_at,
        corr_a > 0.8 ? "the units all carry nearly the same digit-shaped field: "
                       "the first large steps pushed every unit the same way"
                     : "the fields are still close to the random start",
        corr_a, max_a, run->late_at,
        corr_b < 0.5 ? "the units have become different from each other: the ones that learned "
                       "show strokes and blobs with inhibitory surrounds, pieces of digits as the "
                       "report saw"
                     : "most units still share one field",
        corr_b, max_b, run->n_stuck,
        div != NULL && div->done ? div->n_stuck : -1);
    }
}

/* ---- 9: image recovery --------------------------------------------------------------- */

typedef enum { HIDE_BOTTOM, HIDE_RIGHT, HIDE_RANDOM, N_HIDE } Hide;
static const char *hide_names[N_HIDE] = { "bottom rows", "right columns", "random pixels" };

static void
make_mask (float *mask, int n, int rows, int cols, Hide hide, double f, BeliefRng *rng)
{
  int cut_r = rows - (int) lround (rows * f), cut_c = cols - (int) lround (cols * f);

  for (int b = 0; b < n; b++)
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < cols; c++)
        {
          gboolean hidden = hide == HIDE_BOTTOM ? r >= cut_r
                          : hide == HIDE_RIGHT ? c >= cut_c
                          : belief_rng_uniform (rng) < f;

          mask[((gsize) b * rows + r) * cols + c] = hidden ? 0.0f : 1.0f;
        }
}

static double
hidden_mse (const float *truth, const float *v, const float *mask, gsize n)
{
  double sum = 0.0;
  gsize count = 0;

  for (gsize i = 0; i < n; i++)
    if (mask[i] < 0.5f)
      {
        sum += (double) (truth[i] - v[i]) * (truth[i] - v[i]);
        count++;
      }
  return count > 0 ? sum / count : NAN;
}

gboolean
belief_experiment_e9_ensure (BeliefExperimentContext *ctx, GError **error)
{
  const BeliefExperimentPlan *plan = &ctx->plan;
  BeliefRbmRun *run;
  BeliefFigureSet *set = ctx->current;
  BeliefFigure *chart, *ratio, *examples;
  int rows = (int) ctx->train->rows, cols = (int) ctx->train->cols, dim = rows * cols;
  int n = (int) MIN ((guint) plan->recover_n, ctx->test->n);
  int sizes[2] = { dim, 500 };
  g_autoptr(BeliefDbn) dbn = NULL;
  g_autofree float *truth = g_new (float, (gsize) n * dim);
  g_autofree float *v = g_new (float, (gsize) n * dim);
  g_autofree float *mask = g_new (float, (gsize) n * dim);
  g_autofree float *mean = g_new0 (float, dim);
  g_autofree guint32 *idx = g_new (guint32, n);
  g_autofree float *shown = g_new0 (float, (gsize) N_HIDE * 9 * dim);
  BeliefRng rng;

  belief_experiment_stage (ctx, 0.0, 0.7);
  run = belief_experiment_rbm_run (ctx, 500, FALSE, error);
  if (run == NULL)
    return FALSE;
  dbn = belief_dbn_new (sizes, 1, 0, rows, cols);
  belief_rbm_copy_into (dbn->rbms[0], run->rbm);
  belief_rng_init (&rng, ctx->options.seed ^ G_GUINT64_CONSTANT (0x7ec0));
  for (int i = 0; i < n; i++)
    idx[i] = (guint32) ((guint64) i * ctx->test->n / n);
  belief_dataset_fill_floats (ctx->test, idx, 0, n, truth);
  {
    /* The baseline fills hidden pixels with the training mean image. */
    g_autofree float *t = g_new (float, (gsize) ctx->train->n * dim);

    belief_dataset_fill_floats (ctx->train, NULL, 0, ctx->train->n, t);
    for (guint i = 0; i < ctx->train->n; i++)
      for (int p = 0; p < dim; p++)
        mean[p] += t[(gsize) i * dim + p] / ctx->train->n;
  }

  chart = belief_experiment_chart (set, "e9-recovery-error", "Recovery error against the hidden fraction",
                                   "hidden part of the image (%)", "hidden_percent",
                                   "squared error per hidden pixel", "mse");
  belief_figure_set_caption (chart, "Test digits with a part hidden are completed by clamping the "
                             "known pixels and running Gibbs sampling in the 500-unit RBM; the "
                             "error is measured on the hidden pixels only, against the true image.");
  ratio = belief_experiment_chart (set, "e9-against-baseline", "Recovery error relative to a baseline",
                                   "hidden part of the image (%)", "hidden_percent",
                                   "error relative to mean-image fill (%)", "relative_percent");
  belief_figure_set_caption (ratio, "The same errors as a percentage of the error made by filling "
                             "the hidden pixels with the mean training image: below 100% the RBM "
                             "knows more about the digit than its average.");
  examples = belief_experiment_images (set, "e9-examples", "Half hidden: input, recovered, truth",
                                       BELIEF_IMAGES_DIGITS, rows, cols, 9);
  belief_figure_set_caption (examples, "For each mask kind with half the image hidden (one kind per "
                             "row), three test digits: what the RBM is given (hidden pixels grey), "
                             "what it recovers, and the original.");
  for (int h = 0; h < N_HIDE; h++)
    {
      belief_figure_series (chart, hide_names[h])->markers = TRUE;
      belief_figure_series (ratio, hide_names[h])->markers = TRUE;
      for (int step = 1; step <= 9; step++)
        {
          double f = step / 10.0, mse, base;

          if (belief_experiment_cancelled (ctx))
            {
              g_set_error_literal (error, BELIEF_ERROR, BELIEF_ERROR_CANCELLED,
                                   "the experiment was cancelled");
              return FALSE;
            }
          make_mask (mask, n, rows, cols, (Hide) h, f, &rng);
          for (gsize i = 0; i < (gsize) n * dim; i++)
            v[i] = mask[i] > 0.5f ? truth[i] : 0.5f;
          if (step == 5)
            for (int k = 0; k < MIN (3, n); k++)
              memcpy (shown + (gsize) (h * 9 + k * 3) * dim, v + (gsize) k * dim, dim * sizeof (float));
          belief_dbn_recover (dbn, v, mask, n, plan->recover_gibbs, &rng);
          mse = hidden_mse (truth, v, mask, (gsize) n * dim);
          if (step == 5)
            for (int k = 0; k < MIN (3, n); k++)
              {
                memcpy (shown + (gsize) (h * 9 + k * 3 + 1) * dim, v + (gsize) k * dim, dim * sizeof (float));
                memcpy (shown + (gsize) (h * 9 + k * 3 + 2) * dim, truth + (gsize) k * dim, dim * sizeof (float));
              }
          for (gsize i = 0; i < (gsize) n * dim; i++)
            v[i] = mask[i] > 0.5f ? truth[i] : mean[i % dim];
          base = hidden_mse (truth, v, mask, (gsize) n * dim);
          belief_figure_add_point (chart, hide_names[h], 100.0 * f, mse);
          belief_figure_add_point (ratio, hide_names[h], 100.0 * f, 100.0 * mse / base);
          if (step == 5)
            {
              g_autofree char *key = g_strdup_printf ("mse_half_%d", h);
              g_autofree char *bkey = g_strdup_printf ("baseline_half_%d", h);
              g_autofree char *label = g_strdup_printf ("Error at 50%% hidden, %s", hide_names[h]);
              g_autofree char *blabel = g_strdup_printf ("Mean-image fill at 50%% hidden, %s",
                                                         hide_names[h]);

              belief_figure_set_measure (set, key, label, mse, "");
              belief_figure_set_measure (set, bkey, blabel, base, "");
            }
          ctx->fraction = 0.7 + 0.3 * (h * 9 + step) / (N_HIDE * 9.0);
          g_snprintf (ctx->status, sizeof ctx->status, "Recovering digits with %s hidden (%d%%)",
                      hide_names[h], step * 10);
          belief_experiment_emit (ctx, FALSE);
        }
    }
  for (int i = 0; i < N_HIDE * 9 && n >= 3; i++)
    belief_figure_add_image (examples, shown + (gsize) i * dim,
                             i % 3 == 0 ? hide_names[i / 9] : i % 3 == 1 ? "recovered" : "truth");
  {
    double m[N_HIDE], base[N_HIDE];
    int best = 0;

    for (int h = 0; h < N_HIDE; h++)
      {
        g_autofree char *key = g_strdup_printf ("mse_half_%d", h);
        g_autofree char *bkey = g_strdup_printf ("baseline_half_%d", h);

        m[h] = belief_figure_set_get_measure (set, key);
        base[h] = belief_figure_set_get_measure (set, bkey);
        if (m[h] < m[best])
          best = h;
      }
    g_free (set->summary);
    {
      GString *text = g_string_new (NULL);

      g_string_append_printf (text, "With half the image hidden, the error per hidden pixel is "
                              "%.4f for %s, %.4f for %s and %.4f for %s; filling the hidden "
                              "pixels with the mean training image gives %.4f, %.4f and %.4f. ",
                              m[0], hide_names[0], m[1], hide_names[1], m[2], hide_names[2],
                              base[0], base[1], base[2]);
      {
        g_autoptr(GPtrArray) wins = g_ptr_array_new (), losses = g_ptr_array_new ();

        for (int h = 0; h < N_HIDE; h++)
          g_ptr_array_add (m[h] < base[h] ? wins : losses, (gpointer) hide_names[h]);
        g_ptr_array_add (wins, NULL);
        g_ptr_array_add (losses, NULL);
        if (wins->len > 1)
          {
            g_autofree char *list = g_strjoinv (" and ", (char **) wins->pdata);

            g_string_append_printf (text, "The RBM does better than the baseline for %s. ", list);
          }
        if (losses->len > 1)
          {
            g_autofree char *list = g_strjoinv (" and ", (char **) losses->pdata);

            g_string_append_printf (text, "It does worse for %s. ", list);
          }
      }
      if (best == HIDE_RANDOM)
        g_string_append (text, "Scattered hidden pixels are easy, since each has known neighbours. ");
      if (m[HIDE_BOTTOM] > base[HIDE_BOTTOM] || m[HIDE_RIGHT] > base[HIDE_RIGHT])
        g_string_append (text, "A hidden block leaves the RBM to guess the digit's shape: its "
                               "completion is a sharp stroke, and a sharp stroke in the wrong "
                               "place costs more squared error than the mean image's blur, "
                               "although it looks like a digit (see the examples). ");
      g_string_append (text, "The error grows with the hidden fraction.");
      set->summary = g_string_free (text, FALSE);
    }
  }
  return TRUE;
}

void
belief_experiment_e9_fill (BeliefExperimentContext *ctx, BeliefFigureSet *set)
{
  (void) ctx;
  (void) set;
}
