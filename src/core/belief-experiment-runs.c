/* belief-experiment-runs.c: the training runs experiments share, cached. */
#include "belief-experiment-private.h"

#include <math.h>
#include <string.h>

#include "belief-error.h"

static GArray *
doubles (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static void
push (GArray *a, double v)
{
  g_array_append_val (a, v);
}

static void
rbm_run_free (BeliefRbmRun *run)
{
  belief_rbm_free (run->rbm);
  g_free (run->early);
  g_free (run->late);
  g_array_unref (run->loss);
  g_array_unref (run->stability);
  g_array_unref (run->epoch_loss);
  g_free (run);
}

static void
pretrain_run_free (BeliefPretrainRun *run)
{
  g_free (run->layers);
  belief_dbn_free (run->dbn);
  for (int i = 0; i < BELIEF_MAX_LAYERS; i++)
    if (run->epoch_loss[i] != NULL)
      g_array_unref (run->epoch_loss[i]);
  g_array_unref (run->acc_iter);
  g_array_unref (run->train_fe);
  g_array_unref (run->val_fe);
  g_array_unref (run->train_gibbs);
  g_array_unref (run->val_gibbs);
  g_free (run);
}

static void
finetune_run_free (BeliefFinetuneRun *run)
{
  g_free (run->layers);
  belief_dbn_free (run->dbn);
  g_array_unref (run->epoch);
  g_array_unref (run->val_fe);
  g_array_unref (run->train_fe);
  g_array_unref (run->val_gibbs);
  g_array_unref (run->fidelity);
  g_free (run);
}

void
belief_experiment_runs_free (BeliefExperimentContext *ctx)
{
  for (guint i = 0; i < ctx->rbm_runs->len; i++)
    rbm_run_free (g_ptr_array_index (ctx->rbm_runs, i));
  for (guint i = 0; i < ctx->pretrain_runs->len; i++)
    pretrain_run_free (g_ptr_array_index (ctx->pretrain_runs, i));
  for (guint i = 0; i < ctx->finetune_runs->len; i++)
    finetune_run_free (g_ptr_array_index (ctx->finetune_runs, i));
  g_ptr_array_set_size (ctx->rbm_runs, 0);
  g_ptr_array_set_size (ctx->pretrain_runs, 0);
  g_ptr_array_set_size (ctx->finetune_runs, 0);
}

BeliefRbmRun *
belief_experiment_find_rbm_run (BeliefExperimentContext *ctx, int n_hidden, gboolean divide)
{
  for (guint i = 0; i < ctx->rbm_runs->len; i++)
    {
      BeliefRbmRun *run = g_ptr_array_index (ctx->rbm_runs, i);

      if (run->n_hidden == n_hidden && run->divide == divide)
        return run;
    }
  return NULL;
}

BeliefPretrainRun *
belief_experiment_find_pretrain_run (BeliefExperimentContext *ctx, const char *layers)
{
  for (guint i = 0; i < ctx->pretrain_runs->len; i++)
    {
      BeliefPretrainRun *run = g_ptr_array_index (ctx->pretrain_runs, i);

      if (g_strcmp0 (run->layers, layers) == 0)
        return run;
    }
  return NULL;
}

BeliefFinetuneRun *
belief_experiment_find_finetune_run (BeliefExperimentContext *ctx, const char *layers,
                                     BeliefRegime regime)
{
  for (guint i = 0; i < ctx->finetune_runs->len; i++)
    {
      BeliefFinetuneRun *run = g_ptr_array_index (ctx->finetune_runs, i);

      if (g_strcmp0 (run->layers, layers) == 0 && run->regime == regime)
        return run;
    }
  return NULL;
}

/* ---- one session, with the context's progress and cancellation ----------- */

typedef struct
{
  BeliefExperimentContext *ctx;
  BeliefSession           *session;
  const char              *what;
  void                   (*hook) (gpointer run, BeliefSession *s, const BeliefProgress *p);
  gpointer                 run;
} Driver;

static void
driver_progress_cb (const BeliefProgress *p, gpointer data)
{
  Driver *d = data;
  BeliefExperimentContext *ctx = d->ctx;

  if (belief_experiment_cancelled (ctx))
    belief_session_cancel (d->session);
  if (d->hook != NULL)
    d->hook (d->run, d->session, p);
  ctx->fraction = ctx->lo + (ctx->hi - ctx->lo) * p->updates / MAX (p->updates_total, 1);
  if (p->phase == BELIEF_PHASE_PRETRAIN && p->n_layers > 1)
    g_snprintf (ctx->status, sizeof ctx->status, "%s: layer %d of %d, epoch %d of %d",
                d->what, p->layer + 1, p->n_layers, p->epoch + 1, p->n_epochs);
  else
    g_snprintf (ctx->status, sizeof ctx->status, "%s: epoch %d of %d", d->what,
                p->epoch + 1, p->n_epochs);
  belief_experiment_emit (ctx, p->epoch_end);
}

static gboolean
drive (Driver *d, GError **error)
{
  belief_session_set_progress_func (d->session, driver_progress_cb, d);
  return belief_session_run (d->session, error);
}

/* ---- single RBMs ----------------------------------------------------------- */

static void
rbm_hook (gpointer data, BeliefSession *s, const BeliefProgress *p)
{
  BeliefRbmRun *run = data;
  const BeliefRbm *rbm = belief_session_get_dbn (s)->rbms[0];
  gsize n = (gsize) rbm->n_vis * rbm->n_hid;

  push (run->loss, p->recon_loss);
  push (run->stability, p->stability);
  if (p->epoch_end)
    push (run->epoch_loss, p->epoch_recon_loss);
  if ((int) p->updates == run->early_at)
    run->early = g_memdup2 (rbm->W, n * sizeof (float));
  if ((int) p->updates == run->late_at)
    run->late = g_memdup2 (rbm->W, n * sizeof (float));
}

/* Hidden units that are (almost) always off or always on over the data. */
static int
count_stuck (BeliefExperimentContext *ctx, const BeliefRbm *rbm)
{
  int n = (int) MIN (ctx->train->n, 1000u), stuck = 0;
  g_autofree float *v = g_new (float, (gsize) n * rbm->n_vis);
  g_autofree float *h = g_new (float, (gsize) n * rbm->n_hid);

  belief_dataset_fill_floats (ctx->train, NULL, 0, (guint) n, v);
  belief_rbm_hidden_probs (rbm, v, h, n);
  for (int j = 0; j < rbm->n_hid; j++)
    {
      double mean = 0.0;

      for (int i = 0; i < n; i++)
        mean += h[(gsize) i * rbm->n_hid + j];
      mean /= n;
      stuck += mean < 0.01 || mean > 0.99;
    }
  return stuck;
}

BeliefRbmRun *
belief_experiment_rbm_run (BeliefExperimentContext *ctx, int n_hidden, gboolean divide,
                           GError **error)
{
  BeliefRbmRun *run = belief_experiment_find_rbm_run (ctx, n_hidden, divide);
  g_autofree char *layers = g_strdup_printf ("%d", n_hidden);
  g_autofree char *what = NULL;
  g_autoptr(BeliefSession) session = NULL;
  BeliefConfig cfg;
  Driver d = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  int total;

  if (run != NULL && run->done)
    return run;
  g_assert (run == NULL);

  belief_experiment_lab_config (ctx, &cfg, layers, FALSE);
  cfg.epochs = ctx->plan.rbm_epochs;
  cfg.divide_by_batch = divide;
  session = belief_session_new (&cfg, ctx->train, ctx->validation, error);
  if (session == NULL)
    return NULL;

  run = g_new0 (BeliefRbmRun, 1);
  run->n_hidden = n_hidden;
  run->divide = divide;
  run->loss = doubles ();
  run->stability = doubles ();
  run->epoch_loss = doubles ();
  run->n_batches = (int) ((ctx->train->n + cfg.batch - 1) / cfg.batch);
  total = run->n_batches * cfg.epochs;
  run->early_at = MIN (ctx->plan.early_at, total);
  run->late_at = MIN (ctx->plan.late_at, total);
  g_ptr_array_add (ctx->rbm_runs, run);

  what = g_strdup_printf ("RBM with %d hidden units%s", n_hidden,
                          divide ? ", learning rate divided by the batch" : "");
  d = (Driver) { ctx, session, what, rbm_hook, run };
  if (!drive (&d, error))
    {
      g_ptr_array_remove (ctx->rbm_runs, run);
      rbm_run_free (run);
      return NULL;
    }
  run->rbm = belief_rbm_copy (belief_session_get_dbn (session)->rbms[0]);
  run->n_stuck = count_stuck (ctx, run->rbm);
  run->seconds = (g_get_monotonic_time () - t0) / 1e6;
  run->done = TRUE;
  return run;
}

/* ---- greedy pretraining of a DBN ------------------------------------------- */

typedef struct
{
  BeliefExperimentContext *ctx;
  BeliefPretrainRun       *run;
  int                      next_point, top_total;
} PretrainHook;

static int
checkpoint (int k, int n, int total)
{
  /* Denser early, where accuracy climbs: total * (k / n)^2. */
  return MAX (1, (int) lround ((double) total * k * k / ((double) n * n)));
}

static void
pretrain_hook (gpointer data, BeliefSession *s, const BeliefProgress *p)
{
  PretrainHook *h = data;
  BeliefExperimentContext *ctx = h->ctx;
  BeliefPretrainRun *run = h->run;
  const BeliefExperimentPlan *plan = &ctx->plan;
  const BeliefDbn *dbn = belief_session_get_dbn (s);
  int it;

  if (p->phase != BELIEF_PHASE_PRETRAIN)
    return;
  if (p->epoch_end)
    push (run->epoch_loss[p->layer], p->epoch_recon_loss);
  if (p->layer != p->n_layers - 1)
    return;
  it = p->epoch * p->n_batches + p->batch_index + 1;
  while (h->next_point <= plan->n_acc_points
         && checkpoint (h->next_point, plan->n_acc_points, h->top_total) <= it)
    h->next_point++;
  if (h->next_point > 1 && checkpoint (h->next_point - 1, plan->n_acc_points, h->top_total) == it)
    {
      push (run->acc_iter, it);
      push (run->train_fe, belief_evaluate (dbn, ctx->train, plan->eval_n,
                                            BELIEF_RECOG_FREE_ENERGY, 0, &ctx->eval_rng));
      push (run->val_fe, belief_evaluate (dbn, ctx->validation, 0, BELIEF_RECOG_FREE_ENERGY, 0,
                                           &ctx->eval_rng));
      push (run->train_gibbs, belief_evaluate (dbn, ctx->train, plan->gibbs_eval_n,
                                               BELIEF_RECOG_GIBBS, 15, &ctx->eval_rng));
      push (run->val_gibbs, belief_evaluate (dbn, ctx->validation, plan->gibbs_eval_n,
                                              BELIEF_RECOG_GIBBS, 15, &ctx->eval_rng));
      belief_experiment_emit (ctx, TRUE);
    }
}

BeliefPretrainRun *
belief_experiment_pretrain_run (BeliefExperimentContext *ctx, const char *layers, GError **error)
{
  BeliefPretrainRun *run = belief_experiment_find_pretrain_run (ctx, layers);
  g_autoptr(BeliefSession) session = NULL;
  g_autofree char *what = NULL;
  BeliefConfig cfg;
  PretrainHook h = { 0 };
  Driver d = { 0 };
  gint64 t0 = g_get_monotonic_time ();

  if (run != NULL && run->done)
    return run;
  g_assert (run == NULL);

  belief_experiment_lab_config (ctx, &cfg, layers, TRUE);
  session = belief_session_new (&cfg, ctx->train, ctx->validation, error);
  if (session == NULL)
    return NULL;

  run = g_new0 (BeliefPretrainRun, 1);
  run->layers = g_strdup (layers);
  run->n_layers = cfg.n_hidden;
  run->n_batches = (int) ((ctx->train->n + cfg.batch - 1) / cfg.batch);
  for (int i = 0; i < cfg.n_hidden; i++)
    run->epoch_loss[i] = doubles ();
  run->acc_iter = doubles ();
  run->train_fe = doubles ();
  run->val_fe = doubles ();
  run->train_gibbs = doubles ();
  run->val_gibbs = doubles ();
  g_ptr_array_add (ctx->pretrain_runs, run);

  h = (PretrainHook) { ctx, run, 1, cfg.top_epochs * run->n_batches };
  what = belief_dbn_describe (belief_session_get_dbn (session));
  d = (Driver) { ctx, session, what, pretrain_hook, &h };
  if (!drive (&d, error))
    {
      g_ptr_array_remove (ctx->pretrain_runs, run);
      pretrain_run_free (run);
      return NULL;
    }
  run->dbn = belief_dbn_copy (belief_session_get_dbn (session));
  run->seconds = (g_get_monotonic_time () - t0) / 1e6;
  belief_experiment_test (ctx, run->dbn, &run->test_fe, &run->test_gibbs);
  run->done = TRUE;
  return run;
}

/* ---- fine-tuning in one regime --------------------------------------------- */

static void
measure_finetuned (BeliefExperimentContext *ctx, BeliefFinetuneRun *run, const BeliefDbn *dbn,
                   int epoch)
{
  const BeliefExperimentPlan *plan = &ctx->plan;

  push (run->epoch, epoch);
  push (run->val_fe, belief_evaluate (dbn, ctx->validation, 0, BELIEF_RECOG_FREE_ENERGY, 0,
                                       &ctx->eval_rng));
  push (run->train_fe, belief_evaluate (dbn, ctx->train, plan->eval_n, BELIEF_RECOG_FREE_ENERGY,
                                        0, &ctx->eval_rng));
  push (run->val_gibbs, belief_evaluate (dbn, ctx->validation, plan->gibbs_eval_n, BELIEF_RECOG_GIBBS,
                                          15, &ctx->eval_rng));
  push (run->fidelity, belief_experiment_generate (ctx, dbn, plan->fid_curve_per_label, NULL, NULL));
  belief_experiment_emit (ctx, TRUE);
}

typedef struct
{
  BeliefExperimentContext *ctx;
  BeliefFinetuneRun       *run;
} FinetuneHook;

static void
finetune_hook (gpointer data, BeliefSession *s, const BeliefProgress *p)
{
  FinetuneHook *h = data;

  if (p->epoch_end && !belief_experiment_cancelled (h->ctx))
    measure_finetuned (h->ctx, h->run, belief_session_get_dbn (s), p->epoch + 1);
}

BeliefFinetuneRun *
belief_experiment_finetune_run (BeliefExperimentContext *ctx, const char *layers,
                                BeliefRegime regime, GError **error)
{
  BeliefFinetuneRun *run = belief_experiment_find_finetune_run (ctx, layers, regime);
  BeliefPretrainRun *pre;
  g_autoptr(BeliefSession) session = NULL;
  g_autofree char *what = NULL;
  BeliefConfig cfg;
  FinetuneHook h;
  Driver d;
  double lo = ctx->lo, hi = ctx->hi;
  gint64 t0;

  if (run != NULL && run->done)
    return run;
  g_assert (run == NULL);

  /* The pretraining takes the first two thirds of this stage when it runs. */
  if (belief_experiment_find_pretrain_run (ctx, layers) == NULL)
    {
      belief_experiment_stage (ctx, lo, lo + (hi - lo) * 2 / 3);
      pre = belief_experiment_pretrain_run (ctx, layers, error);
      belief_experiment_stage (ctx, lo + (hi - lo) * 2 / 3, hi);
    }
  else
    pre = belief_experiment_pretrain_run (ctx, layers, error);
  if (pre == NULL)
    return NULL;

  t0 = g_get_monotonic_time ();
  belief_experiment_lab_config (ctx, &cfg, layers, TRUE);
  belief_config_set_regime (&cfg, regime);
  cfg.finetune_epochs = ctx->plan.ft_epochs;
  session = belief_session_new_from_model (&cfg, pre->dbn, ctx->train, ctx->validation, error);
  if (session == NULL)
    return NULL;

  run = g_new0 (BeliefFinetuneRun, 1);
  run->layers = g_strdup (layers);
  run->regime = regime;
  run->epoch = doubles ();
  run->val_fe = doubles ();
  run->train_fe = doubles ();
  run->val_gibbs = doubles ();
  run->fidelity = doubles ();
  g_ptr_array_add (ctx->finetune_runs, run);

  g_snprintf (ctx->status, sizeof ctx->status, "Measuring the pretrained model");
  measure_finetuned (ctx, run, pre->dbn, 0);
  h = (FinetuneHook) { ctx, run };
  {
    g_autofree char *arch = belief_dbn_describe (pre->dbn);

    what = g_strdup_printf ("Fine-tuning %s in the %s regime", arch,
                            belief_regime_to_string (regime));
  }
  d = (Driver) { ctx, session, what, finetune_hook, &h };
  if (belief_experiment_cancelled (ctx) || !drive (&d, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, BELIEF_ERROR, BELIEF_ERROR_CANCELLED, "the experiment was cancelled");
      g_ptr_array_remove (ctx->finetune_runs, run);
      finetune_run_free (run);
      return NULL;
    }
  run->dbn = belief_dbn_copy (belief_session_get_dbn (session));
  run->seconds = (g_get_monotonic_time () - t0) / 1e6;
  belief_experiment_test (ctx, run->dbn, &run->test_fe, &run->test_gibbs);
  run->done = TRUE;
  return run;
}
