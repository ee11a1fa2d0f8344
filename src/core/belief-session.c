/* belief-session.c: a training run as a state machine over minibatches. */
#include "belief-session.h"

#include <math.h>
#include <string.h>

#include "belief-blas.h"
#include "belief-error.h"
#include "belief-discriminative.h"
#include "belief-finetune.h"
#include "belief-rbm.h"

/* Divergence, checked after every minibatch (what_diverged()): NaN or Inf
 * in the loss or the step; an RMS step above STEP_LIMIT; in pretraining, a
 * step larger than STEP_REL times the weights it changed (RMS of dW against
 * RMS of W before the step, W's size taken as at least STEP_FLOOR, ten
 * times the initial 0.01); parameters whose RMS passes PARAM_LIMIT; and a
 * minibatch's loss above LOSS_JUMP times its running mean, once LOSS_WARMUP
 * minibatches of the layer or phase have set that mean, and above the floor
 * of the loss kind.
 * Measured on the default DBN and digits (a step at lr 0.05 is about 1% of
 * a trained layer's weights), healthy runs stay below half the step bound,
 * all in a layer's first minibatches: at most 0.1 of it with the defaults,
 * 0.13 with PCD, CD-10, batches of 1 or 100, 0.49 with the lab's rate (0.01
 * on the minibatch's sum, momentum 0.7; the report's experiments).  On
 * trained layers lr 10 makes a step 10-17 times the weights within two
 * minibatches; lr 2-7 passes the bound in the first layer, 3 just does in
 * the second, 4-7 in the top RBM; from the start, lr 1.  Healthy losses
 * jump to 5.5 times their running mean in PCD's top RBM, and the
 * cross-entropy of backpropagation to 8 (below its floor): LOSS_JUMP 10.
 * Not caught: rates of 0.2-0.3 from the start leave the default DBN's
 * hidden units silent (about 10% accuracy) with small finite weights and
 * steps no larger than the lab's rate takes there before it recovers, and
 * lr 1-3 in the top RBM raises its loss 2-5 fold over a few hundred
 * minibatches, never in one; the slider marks them "too high". */
#define STEP_REL     1.0
#define STEP_FLOOR   0.1
#define STEP_LIMIT   1.0
#define PARAM_LIMIT  100.0
#define LOSS_JUMP    10.0
#define LOSS_WARMUP  10
#define LOSS_FLOOR_MSE 0.1   /* mean squared error of pixels in [0, 1] */
#define LOSS_FLOOR_NATS 5.0  /* cross-entropy of the discriminative regime */

struct _BeliefSession
{
  BeliefConfig         cfg;
  const BeliefDataset *train, *validation;
  guint                n_train;
  BeliefDbn           *dbn;
  BeliefDbn           *good;        /* weights at the last epoch end */
  BeliefDbn           *best;        /* at the best validation accuracy of the last phase */
  BeliefChoice         choice;
  BeliefRng            rng;
  BeliefRng            eval_rng;

  GMutex               lock;        /* guards dbn during a step, and the fields below */
  GCond                cond;
  gboolean             paused, cancelled;
  float                lr, momentum, weight_decay;

  BeliefPhase          phase;
  int                  layer, epoch, batch_index, n_batches;
  guint64              updates, updates_total;
  guint32             *order;
  guint8              *input;       /* current layer's input as bytes, or NULL = pixels */
  int                  input_dim;
  BeliefRbmWork       *work;
  BeliefFinetune      *ft;
  BeliefDisc          *disc;
  float               *v0, *onehot;
  double               epoch_loss;
  int                  epoch_loss_n;
  double               loss_mean;   /* running mean of the loss in this layer or phase */
  int                  loss_n;
  double               w_rms;       /* RMS of the pretrained layer's W before this minibatch */
  double               elapsed;

  BeliefProgressFunc   progress_func;
  gpointer             progress_data;
};

static int
layer_epochs (const BeliefSession *s,
              int                  layer)
{
  if (layer == s->dbn->n_layers - 1 && s->cfg.top_epochs > 0)
    return s->cfg.top_epochs;
  return s->cfg.epochs;
}

BeliefSession *
belief_session_new (const BeliefConfig   *cfg,
                    const BeliefDataset  *train,
                    const BeliefDataset  *validation,
                    GError              **error)
{
  BeliefSession *s;
  int sizes[BELIEF_MAX_LAYERS + 1];
  int widest;

  g_return_val_if_fail (cfg != NULL && train != NULL, NULL);

  if (!belief_config_validate (cfg, error))
    return NULL;
  if (train->n == 0)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "%s: the training set is empty", train->source ? train->source : "data");
      return NULL;
    }
  if (validation != NULL && validation->dim != train->dim)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_MISMATCH,
                   "the validation images are %ux%u but the training images %ux%u",
                   validation->rows, validation->cols, train->rows, train->cols);
      return NULL;
    }

  s = g_new0 (BeliefSession, 1);
  s->cfg = *cfg;
  s->train = train;
  s->validation = validation != NULL && validation->n > 0 ? validation : NULL;
  s->choice.validation_accuracy = -1.0;
  s->n_train = cfg->train_size > 0 ? MIN ((guint) cfg->train_size, train->n) : train->n;
  sizes[0] = (int) train->dim;
  widest = sizes[0];
  for (int i = 0; i < cfg->n_hidden; i++)
    {
      sizes[i + 1] = cfg->hidden[i];
      widest = MAX (widest, sizes[i + 1]);
    }
  s->dbn = belief_dbn_new (sizes, cfg->n_hidden, cfg->labels ? (int) MAX (train->n_classes, 2) : 0,
                           (int) train->rows, (int) train->cols);
  belief_rng_init (&s->rng, cfg->seed);
  belief_rng_init (&s->eval_rng, cfg->seed ^ G_GUINT64_CONSTANT (0x5eed));
  belief_dbn_init (s->dbn, &s->rng, cfg->init_stddev);
  s->good = belief_dbn_copy (s->dbn);

  g_mutex_init (&s->lock);
  g_cond_init (&s->cond);
  s->lr = cfg->lr;
  s->momentum = cfg->momentum;
  s->weight_decay = cfg->weight_decay;
  s->n_batches = (int) ((s->n_train + cfg->batch - 1) / cfg->batch);
  s->order = g_new (guint32, s->n_train);
  for (guint i = 0; i < s->n_train; i++)
    s->order[i] = i;
  s->v0 = g_new0 (float, (gsize) cfg->batch * (widest + s->dbn->n_labels));
  s->onehot = g_new0 (float, (gsize) cfg->batch * MAX (s->dbn->n_labels, 1));
  for (int i = 0; i < s->dbn->n_layers; i++)
    s->updates_total += (guint64) layer_epochs (s, i) * s->n_batches;
  s->updates_total += (guint64) (s->dbn->n_labels > 0 ? cfg->finetune_epochs : 0) * s->n_batches;
  s->phase = s->updates_total > 0 ? BELIEF_PHASE_PRETRAIN : BELIEF_PHASE_DONE;
  belief_blas_set_threads (cfg->threads);
  return s;
}

BeliefSession *
belief_session_new_from_model (const BeliefConfig   *cfg,
                               const BeliefDbn      *model,
                               const BeliefDataset  *train,
                               const BeliefDataset  *validation,
                               GError              **error)
{
  BeliefSession *s;

  g_return_val_if_fail (model != NULL, NULL);

  s = belief_session_new (cfg, train, validation, error);
  if (s == NULL)
    return NULL;
  if (!belief_dbn_same_shape (s->dbn, model) || model->n_labels == 0)
    {
      g_autofree char *want = belief_dbn_describe (s->dbn);
      g_autofree char *have = belief_dbn_describe (model);

      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_MISMATCH,
                   "the model is %s but the settings describe %s (with labels); "
                   "change the layer sizes to match the model", have, want);
      belief_session_free (s);
      return NULL;
    }
  belief_dbn_free (s->dbn);
  belief_dbn_free (s->good);
  s->dbn = belief_dbn_copy (model);
  s->good = belief_dbn_copy (model);
  s->layer = s->dbn->n_layers - 1;
  s->updates_total = (guint64) cfg->finetune_epochs * s->n_batches;
  s->phase = s->updates_total > 0 ? BELIEF_PHASE_FINETUNE : BELIEF_PHASE_DONE;
  return s;
}

void
belief_session_free (BeliefSession *s)
{
  if (s == NULL)
    return;
  belief_dbn_free (s->dbn);
  belief_dbn_free (s->good);
  belief_dbn_free (s->best);
  belief_rbm_work_free (s->work);
  belief_finetune_free (s->ft);
  belief_disc_free (s->disc);
  g_free (s->order);
  g_free (s->input);
  g_free (s->v0);
  g_free (s->onehot);
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->cond);
  g_free (s);
}

void
belief_session_set_progress_func (BeliefSession     *s,
                                  BeliefProgressFunc func,
                                  gpointer           user_data)
{
  s->progress_func = func;
  s->progress_data = user_data;
}

/* RMS of n values, with eight accumulators: NaN or Inf anywhere (or a
 * value beyond ~1e19) makes it non-finite. */
static double
rms (const float *x,
     gsize        n)
{
  float acc[8] = { 0 };
  double sum = 0.0;
  gsize i = 0;

  for (; i + 8 <= n; i += 8)
    for (int k = 0; k < 8; k++)
      acc[k] += x[i + k] * x[i + k];
  for (; i < n; i++)
    acc[0] += x[i] * x[i];
  for (int k = 0; k < 8; k++)
    sum += acc[k];
  return n > 0 ? sqrt (sum / (double) n) : 0.0;
}

/* The bytes the current layer trains on: pixels for layer 0, otherwise the
 * up-pass probabilities of the layers below, quantised to bytes. */
static void
prepare_layer_input (BeliefSession *s)
{
  const int chunk = 500;
  int dim = s->dbn->sizes[s->layer];
  g_autofree float *v = NULL, *h = NULL;

  g_clear_pointer (&s->input, g_free);
  s->input_dim = dim;
  if (s->layer == 0)
    return;
  s->input = g_new (guint8, (gsize) s->n_train * dim);
  v = g_new (float, (gsize) chunk * s->train->dim);
  h = g_new (float, (gsize) chunk * dim);
  for (guint first = 0; first < s->n_train; first += chunk)
    {
      int count = (int) MIN ((guint) chunk, s->n_train - first);
      guint8 *dst = s->input + (gsize) first * dim;

      belief_dataset_fill_floats (s->train, NULL, first, count, v);
      belief_dbn_up (s->dbn, v, h, s->layer, count);
      for (gsize i = 0; i < (gsize) count * dim; i++)
        dst[i] = (guint8) (h[i] * 255.0f + 0.5f);
    }
}

static void
start_layer (BeliefSession *s)
{
  BeliefRbm *rbm = s->dbn->rbms[s->layer];
  int count = (int) MIN (s->n_train, 2000u);

  prepare_layer_input (s);
  s->loss_n = 0;
  s->w_rms = rms (rbm->W, (gsize) rbm->n_vis * rbm->n_hid);
  g_clear_pointer (&s->work, belief_rbm_work_free);
  s->work = belief_rbm_work_new (rbm, s->cfg.batch);
  if (s->layer == 0)
    {
      g_autofree float *v = g_new (float, (gsize) count * s->train->dim);

      /* Hinton's guide: visible biases at the log odds of the pixel means. */
      belief_dataset_fill_floats (s->train, NULL, 0, count, v);
      belief_rbm_init_vis_bias (rbm, v, count);
    }
}

/* Pixels sampled to 0/1 with their intensity as probability (cfg.binarize). */
static void
binarize_rows (BeliefSession *s, float *v, int rows, int stride, int dim)
{
  if (!s->cfg.binarize)
    return;
  for (int r = 0; r < rows; r++)
    for (int j = 0; j < dim; j++)
      {
        float *x = v + (gsize) r * stride + j;

        *x = belief_rng_uniform (&s->rng) < *x ? 1.0f : 0.0f;
      }
}

/* Rows of the current minibatch into s->v0 (and labels into s->onehot). */
static int
fill_batch (BeliefSession *s)
{
  guint first = (guint) s->batch_index * s->cfg.batch;
  int count = (int) MIN ((guint) s->cfg.batch, s->n_train - first);
  const guint32 *idx = s->order + first;
  BeliefRbm *rbm = s->dbn->rbms[s->layer];
  int dim = s->input_dim, NL = s->dbn->n_labels;

  if (NL > 0)
    belief_dataset_fill_onehot (s->train, idx, 0, count, NL, s->onehot);
  if (s->phase == BELIEF_PHASE_FINETUNE)
    {
      belief_dataset_fill_floats (s->train, idx, 0, count, s->v0);
      binarize_rows (s, s->v0, count, (int) s->train->dim, (int) s->train->dim);
      return count;
    }
  for (int r = 0; r < count; r++)
    {
      float *row = s->v0 + (gsize) r * rbm->n_vis;

      if (s->input == NULL)
        {
          belief_dataset_fill_floats (s->train, idx + r, 0, 1, row);
          binarize_rows (s, row, 1, dim, dim);
        }
      else
        for (int j = 0; j < dim; j++)
          row[j] = s->input[(gsize) idx[r] * dim + j] * (1.0f / 255.0f);
      if (rbm->n_label > 0)
        memcpy (row + dim, s->onehot + (gsize) r * NL, NL * sizeof (float));
    }
  return count;
}

static gboolean
can_recognise (const BeliefSession *s)
{
  return s->dbn->n_labels > 0
         && (s->phase == BELIEF_PHASE_FINETUNE || s->layer == s->dbn->n_layers - 1);
}

/* The phase whose epochs are candidates for the chosen model: fine-tuning
 * when there is any, else the top RBM's pretraining. */
static gboolean
is_last_phase (const BeliefSession *s)
{
  if (s->phase == BELIEF_PHASE_FINETUNE)
    return TRUE;
  return s->layer == s->dbn->n_layers - 1 && (s->dbn->n_labels == 0 || s->cfg.finetune_epochs == 0);
}

/* Keeps a copy of the model when its validation accuracy is the best of the
 * last phase so far (ties go to the earlier epoch). */
static void
consider_choice (BeliefSession *s,
                 double         validation_accuracy)
{
  if (!s->cfg.select_best || validation_accuracy < 0 || !is_last_phase (s)
      || validation_accuracy <= s->choice.validation_accuracy)
    return;
  s->choice.phase = s->phase;
  s->choice.epoch = s->epoch + 1;
  s->choice.validation_accuracy = validation_accuracy;
  s->choice.n_validation = s->validation->n;
  if (s->best == NULL)
    s->best = belief_dbn_copy (s->dbn);
  else
    belief_dbn_copy_into (s->best, s->dbn);
}

static void
finish_epoch (BeliefSession  *s,
              BeliefProgress *p)
{
  p->epoch_end = TRUE;
  p->epoch_recon_loss = s->epoch_loss / MAX (s->epoch_loss_n, 1);
  s->epoch_loss = 0.0;
  s->epoch_loss_n = 0;
  if (s->cfg.eval_size > 0 && can_recognise (s))
    {
      guint n = (guint) s->cfg.eval_size;
      gint64 t0 = g_get_monotonic_time ();

      p->train_accuracy = belief_evaluate (s->dbn, s->train, MIN (n, s->n_train),
                                           s->cfg.recog_method, s->cfg.recog_gibbs,
                                           &s->eval_rng);
      /* all of the validation set: it chooses the model */
      if (s->validation != NULL)
        p->validation_accuracy = belief_evaluate (s->dbn, s->validation, 0, s->cfg.recog_method,
                                                  s->cfg.recog_gibbs, &s->eval_rng);
      consider_choice (s, p->validation_accuracy);
      p->eval_seconds = (g_get_monotonic_time () - t0) / 1e6;
    }
  belief_dbn_copy_into (s->good, s->dbn);

  s->batch_index = 0;
  s->epoch++;
  if (s->phase == BELIEF_PHASE_PRETRAIN && s->epoch >= layer_epochs (s, s->layer))
    {
      s->epoch = 0;
      s->layer++;
      g_clear_pointer (&s->input, g_free);
      if (s->layer >= s->dbn->n_layers)
        {
          s->layer = s->dbn->n_layers - 1;
          s->phase = s->dbn->n_labels > 0 && s->cfg.finetune_epochs > 0
                       ? BELIEF_PHASE_FINETUNE : BELIEF_PHASE_DONE;
        }
    }
  else if (s->phase == BELIEF_PHASE_FINETUNE && s->epoch >= s->cfg.finetune_epochs)
    s->phase = BELIEF_PHASE_DONE;
  /* the run ends on the model of the chosen epoch */
  if (s->phase == BELIEF_PHASE_DONE && s->best != NULL)
    {
      belief_dbn_copy_into (s->dbn, s->best);
      belief_dbn_copy_into (s->good, s->best);
    }
}

/* The largest RMS of the parameters this minibatch changed: in pretraining
 * the layer's RBM, whose W the update pass has already summed (w_sumsq: only
 * the biases are read again here), in fine-tuning every RBM. */
static double
params_rms (const BeliefSession *s,
            double               w_sumsq)
{
  double worst = 0.0;

  if (s->phase == BELIEF_PHASE_PRETRAIN)
    {
      const BeliefRbm *rbm = s->dbn->rbms[s->layer];
      gsize nw = (gsize) rbm->n_vis * rbm->n_hid, nb = rbm->n_params - nw;
      double b = rms (rbm->b, nb);

      return sqrt ((w_sumsq + b * b * (double) nb) / (double) rbm->n_params);
    }
  for (int i = 0; i < s->dbn->n_layers; i++)
    for (int g = 0; g < 2; g++)
      {
        const BeliefRbm *rbm = g == 0 ? s->dbn->rbms[i] : s->dbn->gen[i];
        double r = rbm != NULL ? rms (rbm->params, rbm->n_params) : 0.0;

        if (!isfinite (r))
          return r;
        worst = MAX (worst, r);
      }
  return worst;
}

static char *
describe_where (const BeliefSession *s)
{
  if (s->phase == BELIEF_PHASE_PRETRAIN)
    return g_strdup_printf ("pretraining layer %d of %d, epoch %d, with learning rate %g, "
                            "momentum %g, weight decay %g",
                            s->layer + 1, s->dbn->n_layers, s->epoch + 1, s->lr, s->momentum,
                            s->weight_decay);
  if (s->disc != NULL)
    return g_strdup_printf ("fine-tuning epoch %d, with fine-tuning learning rate %g, momentum %g",
                            s->epoch + 1, s->cfg.ft_lr, s->momentum);
  return g_strdup_printf ("fine-tuning epoch %d, with fine-tuning learning rate %g",
                          s->epoch + 1, s->cfg.ft_lr);
}

/* What went wrong in this minibatch, or NULL when nothing did. */
static char *
what_diverged (BeliefSession *s,
               double         loss,
               double         dw_norm,
               double         w_sumsq)
{
  double floor = s->disc != NULL ? LOSS_FLOOR_NATS : LOSS_FLOOR_MSE;
  double p;

  if (!isfinite (loss))
    return g_strdup_printf ("the loss became %s", isnan (loss) ? "NaN" : "infinite");
  if (!isfinite (dw_norm))
    return g_strdup ("the weights became NaN or infinite");
  if (dw_norm > STEP_LIMIT)
    return g_strdup_printf ("one step changed the weights by %.3g (RMS; healthy steps are "
                            "about 0.001)", dw_norm);
  if (s->phase == BELIEF_PHASE_PRETRAIN && dw_norm > STEP_REL * MAX (s->w_rms, STEP_FLOOR))
    return g_strdup_printf ("one step changed the weights by %.2g (RMS), more than their own "
                            "size of %.2g (healthy steps are about 1%% of it)", dw_norm, s->w_rms);
  p = params_rms (s, w_sumsq);
  if (!isfinite (p))
    return g_strdup ("the weights became NaN or infinite");
  if (p > PARAM_LIMIT)
    return g_strdup_printf ("the weights grew to %.3g (RMS; healthy ones are below 1)", p);
  if (s->loss_n >= LOSS_WARMUP && loss > LOSS_JUMP * s->loss_mean && loss > floor)
    return g_strdup_printf ("the loss jumped to %.3g from about %.3g", loss, s->loss_mean);
  return NULL;
}

static gboolean
diverged (BeliefSession *s,
          double         loss,
          double         dw_norm,
          double         w_sumsq,
          GError       **error)
{
  g_autofree char *what = what_diverged (s, loss, dw_norm, w_sumsq);
  g_autofree char *where = NULL;

  if (what == NULL)
    {
      /* a running mean over about the last 20 minibatches */
      s->loss_mean = s->loss_n == 0 ? loss : 0.95 * s->loss_mean + 0.05 * loss;
      s->loss_n++;
      if (s->phase == BELIEF_PHASE_PRETRAIN)
        {
          const BeliefRbm *rbm = s->dbn->rbms[s->layer];

          s->w_rms = sqrt (w_sumsq / ((double) rbm->n_vis * rbm->n_hid));
        }
      return FALSE;
    }
  where = describe_where (s);
  belief_dbn_copy_into (s->dbn, s->good);
  if (s->phase == BELIEF_PHASE_PRETRAIN)
    {
      const BeliefRbm *rbm = s->dbn->rbms[s->layer];

      s->w_rms = rms (rbm->W, (gsize) rbm->n_vis * rbm->n_hid);
    }
  /* momentum and persistent chains may hold the explosion too */
  if (s->work != NULL)
    {
      g_clear_pointer (&s->work, belief_rbm_work_free);
      s->work = belief_rbm_work_new (s->dbn->rbms[s->layer], s->cfg.batch);
    }
  if (s->disc != NULL)
    {
      g_clear_pointer (&s->disc, belief_disc_free);
      s->disc = belief_disc_new (s->dbn, s->cfg.batch);
    }
  s->loss_n = 0;
  s->paused = TRUE;
  g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_DIVERGED,
               "training diverged at update %" G_GUINT64_FORMAT " (%s): %s",
               s->updates + 1, where, what);
  return TRUE;
}

gboolean
belief_session_step (BeliefSession  *s,
                     GError        **error)
{
  BeliefProgress p = { 0 };
  BeliefStepStats st = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  int count;

  g_return_val_if_fail (s != NULL, FALSE);

  g_mutex_lock (&s->lock);
  if (s->phase == BELIEF_PHASE_DONE || s->cancelled)
    {
      g_mutex_unlock (&s->lock);
      return FALSE;
    }
  if (s->batch_index == 0)
    {
      if (s->phase == BELIEF_PHASE_PRETRAIN && s->epoch == 0)
        start_layer (s);
      if (s->phase == BELIEF_PHASE_FINETUNE && s->ft == NULL)
        {
          belief_dbn_untie (s->dbn);
          belief_dbn_untie (s->good);
          s->ft = belief_finetune_new (s->dbn, s->cfg.batch);
          s->loss_n = 0;
          if (s->cfg.regime == BELIEF_REGIME_DISCRIMINATIVE)
            s->disc = belief_disc_new (s->dbn, s->cfg.batch);
        }
      belief_rng_shuffle (&s->rng, s->order, s->n_train);
    }

  p.phase = s->phase;
  p.layer = s->layer;
  p.n_layers = s->dbn->n_layers;
  p.epoch = s->epoch;
  p.n_epochs = s->phase == BELIEF_PHASE_PRETRAIN ? layer_epochs (s, s->layer) : s->cfg.finetune_epochs;
  p.batch_index = s->batch_index;
  p.n_batches = s->n_batches;
  p.lr = s->lr;
  p.momentum = s->momentum;
  p.weight_decay = s->weight_decay;
  p.train_accuracy = p.validation_accuracy = -1.0;

  count = fill_batch (s);
  if (s->phase == BELIEF_PHASE_PRETRAIN)
    {
      BeliefRbmHyper hp = {
        .lr = s->lr, .momentum = s->momentum, .weight_decay = s->weight_decay,
        .cd_k = s->cfg.cd_k, .pcd = s->cfg.pcd, .divide_by_batch = s->cfg.divide_by_batch,
      };

      belief_rbm_cd_step (s->dbn->rbms[s->layer], s->work, s->v0, count, &hp, &s->rng, &st);
    }
  else if (s->disc != NULL)
    {
      BeliefDiscStats dst = { 0 };
      double sumsq = 0.0;
      const BeliefRbm *g;

      belief_disc_gradient (s->disc, s->dbn, s->v0, s->onehot, count, &dst);
      /* The RMS step of the first layer's weights, for the divergence check. */
      g = belief_disc_grad (s->disc, 0);
      for (gsize k = 0; k < (gsize) g->n_vis * g->n_hid; k++)
        sumsq += (double) g->W[k] * g->W[k];
      belief_disc_apply (s->disc, s->dbn, count, s->cfg.ft_lr, s->momentum);
      st.recon_loss = dst.loss;
      st.dw_norm = s->cfg.ft_lr / count * sqrt (sumsq / ((double) g->n_vis * g->n_hid));
      st.stability = NAN;
    }
  else
    {
      BeliefFinetuneHyper hp = {
        .lr = s->cfg.ft_lr, .divide_by_batch = s->cfg.ft_divide_by_batch,
        .n_gibbs = belief_config_finetune_gibbs (&s->cfg, s->epoch), .clamp_labels = s->cfg.ft_clamp_labels,
      };
      BeliefFinetuneStats fst = { 0 };

      belief_finetune_step (s->ft, s->dbn, s->v0, s->onehot, count, &hp, &s->rng, &fst);
      st.recon_loss = fst.gen_error;
      st.stability = NAN;
    }
  if (diverged (s, st.recon_loss, st.dw_norm, st.w_sumsq, error))
    {
      g_mutex_unlock (&s->lock);
      return FALSE;
    }

  s->updates++;
  s->batch_index++;
  s->epoch_loss += st.recon_loss;
  s->epoch_loss_n++;
  p.recon_loss = st.recon_loss;
  p.stability = st.stability;
  if (s->batch_index >= s->n_batches)
    finish_epoch (s, &p);
  s->elapsed += (g_get_monotonic_time () - t0) / 1e6;
  p.updates = s->updates;
  p.updates_total = s->updates_total;
  p.elapsed = s->elapsed;
  p.samples_per_sec = s->elapsed > 0 ? s->updates * (double) s->cfg.batch / s->elapsed : 0;
  p.eta = s->updates > 0 ? s->elapsed / s->updates * (s->updates_total - s->updates) : 0;
  g_mutex_unlock (&s->lock);

  if (s->progress_func != NULL)
    s->progress_func (&p, s->progress_data);
  return TRUE;
}

gboolean
belief_session_run (BeliefSession  *s,
                    GError        **error)
{
  for (;;)
    {
      g_mutex_lock (&s->lock);
      while (s->paused && !s->cancelled)
        g_cond_wait (&s->cond, &s->lock);
      if (s->cancelled)
        {
          g_mutex_unlock (&s->lock);
          g_set_error_literal (error, BELIEF_ERROR, BELIEF_ERROR_CANCELLED, "training was cancelled");
          return FALSE;
        }
      g_mutex_unlock (&s->lock);

      if (!belief_session_step (s, error))
        {
          if (error != NULL && *error != NULL)
            return FALSE;
          g_mutex_lock (&s->lock);
          if (s->cancelled)
            {
              g_mutex_unlock (&s->lock);
              g_set_error_literal (error, BELIEF_ERROR, BELIEF_ERROR_CANCELLED,
                                   "training was cancelled");
              return FALSE;
            }
          g_mutex_unlock (&s->lock);
          return TRUE;
        }
    }
}

#define LOCKED_SET(field, value) \
  G_STMT_START { g_mutex_lock (&s->lock); s->field = (value); g_cond_broadcast (&s->cond); \
                 g_mutex_unlock (&s->lock); } G_STMT_END

void belief_session_pause  (BeliefSession *s) { LOCKED_SET (paused, TRUE); }
void belief_session_resume (BeliefSession *s) { LOCKED_SET (paused, FALSE); }
void belief_session_cancel (BeliefSession *s) { LOCKED_SET (cancelled, TRUE); }
void belief_session_set_lr (BeliefSession *s, float v) { LOCKED_SET (lr, v); }
void belief_session_set_momentum (BeliefSession *s, float v) { LOCKED_SET (momentum, v); }
void belief_session_set_weight_decay (BeliefSession *s, float v) { LOCKED_SET (weight_decay, v); }

gboolean
belief_session_is_paused (BeliefSession *s)
{
  gboolean paused;

  g_mutex_lock (&s->lock);
  paused = s->paused;
  g_mutex_unlock (&s->lock);
  return paused;
}

float
belief_session_get_lr (BeliefSession *s)
{
  float lr;

  g_mutex_lock (&s->lock);
  lr = s->lr;
  g_mutex_unlock (&s->lock);
  return lr;
}

BeliefDbn *
belief_session_snapshot (BeliefSession *s)
{
  BeliefDbn *copy;

  g_mutex_lock (&s->lock);
  copy = belief_dbn_copy (s->dbn);
  g_mutex_unlock (&s->lock);
  return copy;
}

BeliefDbn *
belief_session_get_dbn (BeliefSession *s)
{
  return s->dbn;
}

const BeliefConfig *
belief_session_get_config (BeliefSession *s)
{
  return &s->cfg;
}

gboolean
belief_session_get_choice (BeliefSession *s,
                           BeliefChoice  *choice)
{
  gboolean chosen;

  g_return_val_if_fail (s != NULL && choice != NULL, FALSE);

  g_mutex_lock (&s->lock);
  *choice = s->choice;
  chosen = s->choice.epoch > 0;
  g_mutex_unlock (&s->lock);
  return chosen;
}

BeliefPhase
belief_session_get_phase (BeliefSession *s)
{
  BeliefPhase phase;

  g_mutex_lock (&s->lock);
  phase = s->phase;
  g_mutex_unlock (&s->lock);
  return phase;
}

double
belief_evaluate (const BeliefDbn     *dbn,
                 const BeliefDataset *ds,
                 guint                n,
                 BeliefRecogMethod    method,
                 int                  n_gibbs,
                 BeliefRng           *rng)
{
  const int chunk = 500;
  int L = dbn->n_labels;
  g_autofree float *v = g_new (float, (gsize) chunk * ds->dim);
  g_autofree float *probs = g_new (float, (gsize) chunk * MAX (L, 1));
  g_autofree guint32 *idx = NULL;
  guint correct = 0;

  g_return_val_if_fail (L > 0, 0.0);

  /* A subset is spread evenly over the set: test sets are often stored in
   * label order, so their first images would be of the first labels only. */
  n = n == 0 ? ds->n : MIN (n, ds->n);
  idx = g_new (guint32, n);
  for (guint i = 0; i < n; i++)
    idx[i] = (guint32) ((guint64) i * ds->n / n);
  for (guint first = 0; first < n; first += chunk)
    {
      int count = (int) MIN ((guint) chunk, n - first);

      belief_dataset_fill_floats (ds, idx + first, 0, count, v);
      belief_dbn_recognise (dbn, v, count, method, n_gibbs, rng, probs);
      for (int r = 0; r < count; r++)
        {
          const float *pr = probs + (gsize) r * L;
          int best = 0;

          for (int l = 1; l < L; l++)
            best = pr[l] > pr[best] ? l : best;
          correct += best == ds->labels[idx[first + r]];
        }
    }
  return n > 0 ? (double) correct / n : 0.0;
}
