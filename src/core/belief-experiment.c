/* belief-experiment.c: the list of experiments, the context and progress. */
#include "belief-experiment-private.h"

#include <math.h>
#include <string.h>

#include "belief-blas.h"
#include "belief-error.h"

static const BeliefExperimentInfo experiments[BELIEF_N_EXPERIMENTS] = {
  { 1, "e1", "Reconstruction loss against hidden units",
    "RBMs with 200, 300, 400 and 500 hidden units learn the digits with CD-1; their "
    "reconstruction loss is followed minibatch by minibatch (the report's Figure 1)." },
  { 2, "e2", "Weight stability",
    "The share of weights that change by at most 0.001 in one update, against "
    "iterations, for the same four RBMs (the report's Figure 2)." },
  { 3, "e3", "Greedy layer-wise pretraining",
    "The 784-500-500+10-2000 DBN is pretrained one RBM at a time; each layer's "
    "reconstruction loss against epochs (the report's Figure 3a)." },
  { 4, "e4", "Recognition accuracy during training",
    "Train and test accuracy with free-energy and Gibbs recognition while the top RBM "
    "learns, to see where accuracy peaks and whether it overfits (Figure 3b)." },
  { 5, "e5", "Receptive fields early and late",
    "The weights into the same randomly chosen hidden units of the 500-unit RBM after "
    "50 and after 1500 iterations (Figure 4)." },
  { 6, "e6", "Generation after pretraining",
    "Digits generated from every label by the greedily pretrained DBN, judged by an "
    "independent 3-nearest-neighbour classifier (the report's missing figure)." },
  { 7, "e7", "Wake-sleep fine-tuning in three regimes",
    "The same pretrained DBN fine-tuned in the report's recognition-specialised and "
    "generation-specialised regimes and in Belief's default: accuracy and generation "
    "fidelity against epochs, and digits of every label (Figures 5 and 6)." },
  { 8, "e8", "A smaller network: 784-500+10-2000",
    "The lab's smaller DBN pretrained and fine-tuned like the larger one, compared on "
    "accuracy, generation and time (lab task 4.3)." },
  { 9, "e9", "Image recovery",
    "Digits with part of the image hidden (bottom rows, right columns or random pixels) "
    "are completed by Gibbs sampling in the 500-unit RBM; the error against the hidden "
    "fraction (section 3.1)." },
};

static const struct
{
  gboolean (*ensure) (BeliefExperimentContext *ctx, GError **error);
  void     (*fill)   (BeliefExperimentContext *ctx, BeliefFigureSet *set);
} impls[BELIEF_N_EXPERIMENTS] = {
  { belief_experiment_e1_ensure, belief_experiment_e1_fill },
  { belief_experiment_e2_ensure, belief_experiment_e2_fill },
  { belief_experiment_e3_ensure, belief_experiment_e3_fill },
  { belief_experiment_e4_ensure, belief_experiment_e4_fill },
  { belief_experiment_e5_ensure, belief_experiment_e5_fill },
  { belief_experiment_e6_ensure, belief_experiment_e6_fill },
  { belief_experiment_e7_ensure, belief_experiment_e7_fill },
  { belief_experiment_e8_ensure, belief_experiment_e8_fill },
  { belief_experiment_e9_ensure, belief_experiment_e9_fill },
};

const BeliefExperimentInfo *
belief_experiment_info (int number)
{
  g_return_val_if_fail (number >= 1 && number <= BELIEF_N_EXPERIMENTS, NULL);
  return &experiments[number - 1];
}

static void
make_plan (BeliefExperimentPlan *plan, gboolean quick, const BeliefDataset *train,
           const BeliefDataset *test)
{
  if (quick)
    *plan = (BeliefExperimentPlan) {
      .train_n = 2000, .test_n = 500, .val_n = 500, .rbm_epochs = 5,
      .dbn_epochs = 3, .top_epochs = 5, .ft_epochs = 2,
      .early_at = 50, .late_at = 500,
      .eval_n = 250, .gibbs_eval_n = 100, .n_acc_points = 6,
      .gen_gibbs = 50, .fid_curve_per_label = 3, .fid_final_per_label = 10,
      .recover_n = 50, .recover_gibbs = 20,
    };
  else
    *plan = (BeliefExperimentPlan) {
      .train_n = 0, .test_n = 0, .val_n = 0, .rbm_epochs = 10,
      .dbn_epochs = 10, .top_epochs = 20, .ft_epochs = 10,
      .early_at = 50, .late_at = 1500,
      .eval_n = 1000, .gibbs_eval_n = 500, .n_acc_points = 20,
      .gen_gibbs = 200, .fid_curve_per_label = 10, .fid_final_per_label = 100,
      .recover_n = 300, .recover_gibbs = 50,
    };
  /* the data set's validation size, at most a fifth of the images */
  if (plan->val_n == 0)
    plan->val_n = belief_dataset_default_validation (train->name, train->n);
  plan->val_n = MIN (plan->val_n, train->n / 5);
  if (plan->train_n == 0 || plan->train_n > train->n - plan->val_n)
    plan->train_n = train->n - plan->val_n;
  if (test != NULL && (plan->test_n == 0 || plan->test_n > test->n))
    plan->test_n = test->n;
}

/* n images of ds spread evenly over it (the test split is ordered by label). */
static BeliefDataset *
spread_subset (const BeliefDataset *ds, guint n)
{
  BeliefDataset *out = g_new0 (BeliefDataset, 1);

  *out = *ds;
  out->n = n;
  out->images = g_new (guint8, (gsize) n * ds->dim);
  out->labels = g_new (guint8, n);
  out->source = g_strdup (ds->source);
  out->name = g_strdup (ds->name);
  for (guint i = 0; i < n; i++)
    {
      guint j = (guint) ((guint64) i * ds->n / n);

      memcpy (out->images + (gsize) i * ds->dim, ds->images + (gsize) j * ds->dim, ds->dim);
      out->labels[i] = ds->labels[j];
    }
  return out;
}

BeliefExperimentContext *
belief_experiment_context_new (const BeliefDataset           *train,
                               const BeliefDataset           *test,
                               const BeliefExperimentOptions *options)
{
  BeliefExperimentContext *ctx;

  g_return_val_if_fail (train != NULL && test != NULL && options != NULL, NULL);

  ctx = g_new0 (BeliefExperimentContext, 1);
  ctx->options = *options;
  make_plan (&ctx->plan, options->quick, train, test);
  {
    g_autoptr(BeliefDataset) fit = NULL;

    /* the last images of the training set choose, as belief-cli train's */
    belief_dataset_split (train, ctx->plan.val_n, &fit, &ctx->validation);
    ctx->train = spread_subset (fit, ctx->plan.train_n);
  }
  ctx->test = spread_subset (test, ctx->plan.test_n);
  ctx->judge = belief_judge_new (ctx->train, 0, 3);
  belief_rng_init (&ctx->eval_rng, options->seed ^ G_GUINT64_CONSTANT (0xe7a1));
  ctx->rbm_runs = g_ptr_array_new ();
  ctx->pretrain_runs = g_ptr_array_new ();
  ctx->finetune_runs = g_ptr_array_new ();
  return ctx;
}

void
belief_experiment_context_free (BeliefExperimentContext *ctx)
{
  if (ctx == NULL)
    return;
  belief_experiment_runs_free (ctx);
  g_ptr_array_unref (ctx->rbm_runs);
  g_ptr_array_unref (ctx->pretrain_runs);
  g_ptr_array_unref (ctx->finetune_runs);
  belief_judge_free (ctx->judge);
  belief_dataset_free (ctx->train);
  belief_dataset_free (ctx->test);
  belief_dataset_free (ctx->validation);
  g_free (ctx);
}

void
belief_experiment_context_set_progress_func (BeliefExperimentContext *ctx,
                                             BeliefExperimentFunc     func,
                                             gpointer                 user_data)
{
  g_return_if_fail (ctx != NULL);
  ctx->func = func;
  ctx->func_data = user_data;
}

void
belief_experiment_context_cancel (BeliefExperimentContext *ctx)
{
  g_return_if_fail (ctx != NULL);
  g_atomic_int_set (&ctx->cancelled, 1);
}

gboolean
belief_experiment_cancelled (BeliefExperimentContext *ctx)
{
  return g_atomic_int_get (&ctx->cancelled) != 0;
}

char *
belief_experiment_context_describe (BeliefExperimentContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, NULL);
  return g_strdup_printf ("%u training, %u validation (held out of the training images; the "
                          "curves and any choice read them) and %u test images (read once, for "
                          "each finished model) of %s; batch 20, learning rate 0.01 "
                          "(not divided by the batch), momentum 0.7, weight decay 0.0002, CD-1; "
                          "seed %" G_GUINT64_FORMAT "%s",
                          ctx->train->n, ctx->validation->n, ctx->test->n,
                          ctx->train->source != NULL ? ctx->train->source : "the data",
                          ctx->options.seed, ctx->options.quick ? "; quick run" : "");
}

void
belief_experiment_lab_config (BeliefExperimentContext *ctx, BeliefConfig *cfg,
                              const char *layers, gboolean labels)
{
  const BeliefExperimentPlan *plan = &ctx->plan;
  gboolean tuned = g_str_has_prefix (layers, BELIEF_EXPERIMENT_TUNED);

  belief_config_defaults (cfg);
  if (!belief_config_parse_layers (cfg, layers + (tuned ? strlen (BELIEF_EXPERIMENT_TUNED) : 0), NULL))
    g_return_if_reached ();
  cfg->labels = labels;
  cfg->batch = 20;
  if (!tuned)
    {
      /* The lab's: lr 0.01 on the sum over the minibatch, momentum 0.7. */
      cfg->lr = 0.01f;
      cfg->momentum = 0.7f;
      cfg->divide_by_batch = FALSE;
      cfg->ft_gibbs_schedule = FALSE;  /* the lab's fixed Gibbs steps in fine-tuning */
    }
  cfg->epochs = plan->dbn_epochs;
  cfg->top_epochs = labels ? plan->top_epochs : 0;
  cfg->finetune_epochs = 0;
  cfg->eval_size = 0;
  cfg->train_size = 0;
  cfg->seed = ctx->options.seed;
  cfg->threads = ctx->options.threads;
}

int
belief_experiment_layer_count (const char *layers)
{
  g_auto(GStrv) parts = g_strsplit (layers, ",", -1);

  return (int) g_strv_length (parts);
}

void
belief_experiment_stage (BeliefExperimentContext *ctx, double lo, double hi)
{
  ctx->lo = lo;
  ctx->hi = hi;
  ctx->fraction = lo;
}

void
belief_experiment_emit (BeliefExperimentContext *ctx, gboolean force)
{
  gint64 now = g_get_monotonic_time ();

  if (!force && now - ctx->last_emit < 100000)
    return;
  ctx->last_emit = now;
  if (ctx->current == NULL)
    return;
  ctx->current->seconds = (now - ctx->started) / 1e6;
  if (ctx->fill != NULL)
    ctx->fill (ctx, ctx->current);
  if (ctx->func != NULL)
    ctx->func (ctx->current, CLAMP (ctx->fraction, 0.0, 1.0), ctx->status, ctx->func_data);
}

void
belief_experiment_test (BeliefExperimentContext *ctx,
                        const BeliefDbn         *dbn,
                        double                  *fe,
                        double                  *gibbs)
{
  *fe = *gibbs = -1.0;
  if (dbn->n_labels == 0 || ctx->test->n == 0)
    return;
  *fe = belief_evaluate (dbn, ctx->test, 0, BELIEF_RECOG_FREE_ENERGY, 0, &ctx->eval_rng);
  *gibbs = belief_evaluate (dbn, ctx->test, ctx->plan.gibbs_eval_n, BELIEF_RECOG_GIBBS, 15,
                            &ctx->eval_rng);
}

double
belief_experiment_generate (BeliefExperimentContext *ctx, const BeliefDbn *dbn, int per_label,
                            float **samples, double *per_label_fid)
{
  int n_classes = dbn->n_labels, count = n_classes * per_label;
  g_autofree int *labels = g_new (int, count);
  float *v = g_new (float, (gsize) count * dbn->sizes[0]);
  double fid;

  for (int i = 0; i < count; i++)
    labels[i] = i / per_label;
  belief_dbn_generate (dbn, labels, count, ctx->plan.gen_gibbs, BELIEF_DEFAULT_LABEL_STRENGTH,
                       &ctx->eval_rng, v, 0, NULL, NULL);
  fid = belief_judge_fidelity (ctx->judge, v, labels, count, per_label_fid);
  if (samples != NULL)
    *samples = v;
  else
    g_free (v);
  return fid;
}

BeliefFigure *
belief_experiment_chart (BeliefFigureSet *set, const char *id, const char *title,
                         const char *x_label, const char *x_column,
                         const char *y_label, const char *y_column)
{
  BeliefFigure *fig = belief_figure_set_find (set, id);

  if (fig == NULL)
    fig = belief_figure_set_add (set, belief_figure_new_chart (id, title, x_label, x_column,
                                                               y_label, y_column));
  g_ptr_array_set_size (fig->series, 0);
  return fig;
}

BeliefFigure *
belief_experiment_images (BeliefFigureSet *set, const char *id, const char *title,
                          BeliefImagesStyle style, int rows, int cols, int grid_cols)
{
  BeliefFigure *fig = belief_figure_set_find (set, id);

  if (fig == NULL)
    fig = belief_figure_set_add (set, belief_figure_new_images (id, title, style, rows, cols,
                                                                grid_cols));
  g_array_set_size (fig->pixels, 0);
  g_ptr_array_set_size (fig->image_captions, 0);
  fig->n_images = 0;
  return fig;
}

void
belief_experiment_smooth (BeliefFigure *fig, const char *series, GArray *y, int window)
{
  double sum = 0.0;
  int n = 0;

  belief_figure_series (fig, series);
  window = MAX (window, 1);
  for (guint i = 0; i < y->len; i++)
    {
      double v = g_array_index (y, double, i);

      if (isfinite (v))
        {
          sum += v;
          n++;
        }
      if ((i + 1) % window == 0)
        {
          if (n > 0)
            belief_figure_add_point (fig, series, i + 1, sum / n);
          sum = 0.0;
          n = 0;
        }
    }
}

void
belief_experiment_digits_figure (BeliefExperimentContext *ctx, BeliefFigure *fig,
                                 const float *samples, int n_labels, int per_label, int per_row)
{
  int dim = fig->rows * fig->cols;
  g_autofree int *judged = g_new (int, (gsize) n_labels * per_label);

  belief_judge_classify (ctx->judge, samples, n_labels * per_label, judged);
  fig->grid_cols = n_labels;
  for (int r = 0; r < MIN (per_row, per_label); r++)
    for (int label = 0; label < n_labels; label++)
      {
        int k = label * per_label + r;
        g_autofree char *caption = g_strdup_printf (judged[k] == label ? "%d" : "%d \u2717",
                                                    judged[k]);

        belief_figure_add_image (fig, samples + (gsize) k * dim, caption);
      }
}

BeliefFigureSet *
belief_experiment_run (BeliefExperimentContext *ctx, int number, GError **error)
{
  const BeliefExperimentInfo *info;
  g_autoptr(BeliefFigureSet) set = NULL;
  g_autofree char *settings = NULL;
  gboolean ok;

  g_return_val_if_fail (ctx != NULL, NULL);
  if (number < 1 || number > BELIEF_N_EXPERIMENTS)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "there is no experiment %d; the experiments are numbered 1 to %d",
                   number, BELIEF_N_EXPERIMENTS);
      return NULL;
    }
  info = belief_experiment_info (number);
  set = belief_figure_set_new (number, info->id, info->title);
  settings = belief_experiment_context_describe (ctx);
  set->setup = g_strdup_printf ("%s Settings: %s.", info->description, settings);

  g_atomic_int_set (&ctx->cancelled, 0);
  belief_blas_set_threads (ctx->options.threads);
  ctx->current = set;
  ctx->fill = impls[number - 1].fill;
  ctx->started = g_get_monotonic_time ();
  ctx->last_emit = 0;
  belief_experiment_stage (ctx, 0.0, 1.0);
  g_snprintf (ctx->status, sizeof ctx->status, "Starting %s", info->title);
  belief_experiment_emit (ctx, TRUE);

  ok = impls[number - 1].ensure (ctx, error);
  if (ok)
    {
      ctx->fraction = 1.0;
      g_snprintf (ctx->status, sizeof ctx->status, "Done");
      belief_experiment_emit (ctx, TRUE);
    }
  ctx->current = NULL;
  ctx->fill = NULL;
  return ok ? g_steal_pointer (&set) : NULL;
}
