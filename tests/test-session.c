/* test-session.c: the training session's state machine and its threading:
 * pause, resume, cancel, live settings, snapshots, divergence. */
#include <math.h>
#include <string.h>

#include "belief-blas.h"
#include "belief-error.h"
#include "belief-session.h"
#include "belief-test-data.h"

/* 4 classes of 6x6 images: a bar in one of four places plus noise. */
static BeliefDataset *
make_bars (guint n, guint64 seed)
{
  BeliefDataset *ds = belief_test_dataset_new (n, 6, 6, 4, "bars");
  BeliefRng rng;

  belief_rng_init (&rng, seed);
  for (guint i = 0; i < n; i++)
    {
      guint label = i % 4;

      ds->labels[i] = (guint8) label;
      for (int p = 0; p < 36; p++)
        {
          int r = p / 6, c = p % 6;
          gboolean on = label < 2 ? (r == 1 + 3 * (int) label) : (c == 1 + 3 * (int) (label - 2));

          if (belief_rng_uniform (&rng) < 0.05)
            on = !on;
          ds->images[(gsize) i * 36 + p] = on ? 255 : 0;
        }
    }
  return ds;
}

static void
small_config (BeliefConfig *cfg)
{
  belief_config_defaults (cfg);
  cfg->n_hidden = 2;
  cfg->hidden[0] = 20;
  cfg->hidden[1] = 30;
  cfg->epochs = 3;
  cfg->top_epochs = 0;
  cfg->finetune_epochs = 2;
  cfg->batch = 10;
  cfg->eval_size = 40;
  cfg->threads = 1;
}

typedef struct
{
  GMutex  lock;
  guint64 updates;
  float   last_lr;
  guint   epoch_ends;
  double  last_val_acc;
} Seen;

static void
record_cb (const BeliefProgress *p, gpointer user_data)
{
  Seen *seen = user_data;

  g_mutex_lock (&seen->lock);
  seen->updates = p->updates;
  seen->last_lr = p->lr;
  seen->epoch_ends += p->epoch_end;
  if (p->validation_accuracy >= 0)
    seen->last_val_acc = p->validation_accuracy;
  g_mutex_unlock (&seen->lock);
}

static guint64
seen_updates (Seen *seen)
{
  guint64 u;

  g_mutex_lock (&seen->lock);
  u = seen->updates;
  g_mutex_unlock (&seen->lock);
  return u;
}

static void
test_session_runs_to_the_end (void)
{
  g_autoptr(BeliefDataset) ds = make_bars (200, 1);
  g_autoptr(BeliefSession) s = NULL;
  g_autoptr(GError) error = NULL;
  BeliefConfig cfg;
  Seen seen = { 0 };

  small_config (&cfg);
  s = belief_session_new (&cfg, ds, ds, &error);
  g_assert_no_error (error);
  belief_session_set_progress_func (s, record_cb, &seen);
  g_assert_true (belief_session_run (s, &error));
  g_assert_no_error (error);
  /* 20 batches per epoch; 3 + 3 pretraining epochs, 2 fine-tuning */
  g_assert_cmpuint (seen.updates, ==, 20 * (3 + 3 + 2));
  g_assert_cmpuint (seen.epoch_ends, ==, 8);
  g_assert_cmpint (belief_session_get_phase (s), ==, BELIEF_PHASE_DONE);
  /* bars are easy: a working DBN tells the four apart */
  g_assert_cmpfloat (seen.last_val_acc, >, 0.9);
  g_assert_false (belief_session_step (s, &error));
  g_assert_no_error (error);
}

static gpointer
run_thread (gpointer data)
{
  BeliefSession *s = data;
  GError *error = NULL;
  gboolean ok = belief_session_run (s, &error);

  if (!ok)
    return error;
  return NULL;
}

static void
test_session_pause_resume_cancel (void)
{
  g_autoptr(BeliefDataset) ds = make_bars (200, 2);
  g_autoptr(BeliefSession) s = NULL;
  g_autoptr(GError) error = NULL;
  BeliefConfig cfg;
  Seen seen = { 0 };
  GThread *thread;
  guint64 at_pause, later;
  GError *result;

  small_config (&cfg);
  cfg.epochs = 100000;  /* far longer than the test waits */
  s = belief_session_new (&cfg, ds, ds, &error);
  g_assert_no_error (error);
  belief_session_set_progress_func (s, record_cb, &seen);
  thread = g_thread_new ("trainer", run_thread, s);

  while (seen_updates (&seen) < 50)
    g_usleep (1000);
  belief_session_pause (s);
  g_assert_true (belief_session_is_paused (s));
  g_usleep (20000);               /* let a running step finish */
  at_pause = seen_updates (&seen);
  g_usleep (200000);
  g_assert_cmpuint (seen_updates (&seen), ==, at_pause);

  belief_session_resume (s);
  while (seen_updates (&seen) < at_pause + 50)
    g_usleep (1000);
  later = seen_updates (&seen);
  g_assert_cmpuint (later, >=, at_pause + 50);

  belief_session_cancel (s);
  result = g_thread_join (thread);
  g_assert_error (result, BELIEF_ERROR, BELIEF_ERROR_CANCELLED);
  g_error_free (result);
}

static void
test_session_live_learning_rate (void)
{
  g_autoptr(BeliefDataset) ds = make_bars (200, 3);
  g_autoptr(BeliefSession) s = NULL;
  g_autoptr(GError) error = NULL;
  BeliefConfig cfg;
  Seen seen = { 0 };

  small_config (&cfg);
  s = belief_session_new (&cfg, ds, ds, &error);
  belief_session_set_progress_func (s, record_cb, &seen);
  for (int i = 0; i < 5; i++)
    g_assert_true (belief_session_step (s, &error));
  g_assert_cmpfloat (seen.last_lr, ==, cfg.lr);
  belief_session_set_lr (s, 0.0123f);
  g_assert_cmpfloat (belief_session_get_lr (s), ==, 0.0123f);
  g_assert_true (belief_session_step (s, &error));
  g_assert_cmpfloat (seen.last_lr, ==, 0.0123f);
  g_assert_cmpuint (seen.updates, ==, 6);  /* no reset */
}

static void
test_session_lr_zero_freezes_weights (void)
{
  g_autoptr(BeliefDataset) ds = make_bars (100, 4);
  g_autoptr(BeliefSession) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDbn) before = NULL, after = NULL;
  BeliefConfig cfg;

  small_config (&cfg);
  cfg.momentum = 0.0f;
  cfg.weight_decay = 0.0f;
  s = belief_session_new (&cfg, ds, ds, &error);
  g_assert_true (belief_session_step (s, &error));
  belief_session_set_lr (s, 1e-30f);  /* effectively zero, still valid */
  g_assert_true (belief_session_step (s, &error));
  before = belief_session_snapshot (s);
  g_assert_true (belief_session_step (s, &error));
  after = belief_session_snapshot (s);
  for (gsize i = 0; i < before->rbms[0]->n_params; i++)
    g_assert_cmpfloat_with_epsilon (before->rbms[0]->params[i], after->rbms[0]->params[i], 1e-20);
}

typedef struct
{
  BeliefSession *s;
  gboolean       stop;
  gint           snapshots;
  gboolean       all_consistent;
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *r = data;

  while (!g_atomic_int_get (&r->stop))
    {
      g_autoptr(BeliefDbn) copy = belief_session_snapshot (r->s);

      if (!belief_dbn_is_finite (copy) || copy->n_layers != 2)
        r->all_consistent = FALSE;
      g_atomic_int_inc (&r->snapshots);
    }
  return NULL;
}

static void
test_session_snapshots_from_another_thread (void)
{
  g_autoptr(BeliefDataset) ds = make_bars (200, 5);
  g_autoptr(BeliefSession) s = NULL;
  g_autoptr(GError) error = NULL;
  BeliefConfig cfg;
  Reader reader = { 0 };
  GThread *thread;

  small_config (&cfg);
  cfg.epochs = 1000;
  s = belief_session_new (&cfg, ds, ds, &error);
  reader.s = s;
  reader.all_consistent = TRUE;
  thread = g_thread_new ("reader", reader_thread, &reader);
  /* train on (through every phase) while the reader copies, until it has
   * taken a good number of snapshots */
  for (int i = 0; i < 100000 && (i < 200 || g_atomic_int_get (&reader.snapshots) < 50); i++)
    if (!belief_session_step (s, &error))
      break;
  g_assert_no_error (error);
  g_atomic_int_set (&reader.stop, TRUE);
  g_thread_join (thread);
  g_assert_true (reader.all_consistent);
  g_assert_cmpint (reader.snapshots, >=, 50);
}

static void
test_session_divergence_restores (void)
{
  g_autoptr(BeliefDataset) ds = make_bars (200, 6);
  g_autoptr(BeliefSession) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDbn) dbn = NULL;
  BeliefConfig cfg;
  gboolean ok = TRUE;
  int steps = 0;

  small_config (&cfg);
  cfg.epochs = 1000;
  s = belief_session_new (&cfg, ds, ds, &error);
  for (int i = 0; i < 30; i++)
    g_assert_true (belief_session_step (s, &error));
  belief_session_set_lr (s, 10.0f);
  belief_session_set_momentum (s, 0.999f);
  while (ok && steps++ < 2000)
    ok = belief_session_step (s, &error);
  g_assert_false (ok);
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_DIVERGED);
  g_assert_nonnull (strstr (error->message, "learning rate"));
  g_assert_true (belief_session_is_paused (s));
  dbn = belief_session_snapshot (s);
  g_assert_true (belief_dbn_is_finite (dbn));
}

static BeliefDbn *
train_once (const BeliefDataset *ds, guint64 seed)
{
  g_autoptr(BeliefSession) s = NULL;
  g_autoptr(GError) error = NULL;
  BeliefConfig cfg;

  small_config (&cfg);
  cfg.seed = seed;
  s = belief_session_new (&cfg, ds, ds, &error);
  g_assert_true (belief_session_run (s, &error));
  return belief_session_snapshot (s);
}

static gboolean
dbn_equal (const BeliefDbn *a, const BeliefDbn *b)
{
  for (int i = 0; i < a->n_layers; i++)
    {
      if (memcmp (a->rbms[i]->params, b->rbms[i]->params, a->rbms[i]->n_params * sizeof (float)))
        return FALSE;
      if ((a->gen[i] == NULL) != (b->gen[i] == NULL))
        return FALSE;
      if (a->gen[i] && memcmp (a->gen[i]->params, b->gen[i]->params,
                               a->gen[i]->n_params * sizeof (float)))
        return FALSE;
    }
  return TRUE;
}

/* The RMS of every parameter of the DBN, non-finite if any is. */
static double
dbn_rms (const BeliefDbn *dbn)
{
  double sum = 0.0;
  gsize n = 0;

  for (int i = 0; i < dbn->n_layers; i++)
    for (int g = 0; g < 2; g++)
      {
        const BeliefRbm *rbm = g == 0 ? dbn->rbms[i] : dbn->gen[i];

        for (gsize k = 0; rbm != NULL && k < rbm->n_params; k++)
          sum += (double) rbm->params[k] * rbm->params[k];
        n += rbm != NULL ? rbm->n_params : 0;
      }
  return sqrt (sum / (double) n);
}

static void
keep_good_cb (const BeliefProgress *p, gpointer user_data)
{
  gboolean *epoch_end = user_data;

  *epoch_end = p->epoch_end;
}

/* Steps s until it fails; every minibatch that succeeds must leave finite,
 * bounded weights: a blow-up is caught in the minibatch that makes it.
 * Returns the error, the phase it came in, and the weights of the last
 * epoch end before it (which the session must have gone back to). */
static GError *
step_until_diverged (BeliefSession  *s,
                     int             max_steps,
                     BeliefPhase    *phase,
                     BeliefDbn     **good)
{
  GError *error = NULL;
  gboolean epoch_end = FALSE;

  belief_session_set_progress_func (s, keep_good_cb, &epoch_end);
  for (int i = 0; i < max_steps; i++)
    {
      *phase = belief_session_get_phase (s);
      if (!belief_session_step (s, &error))
        return error;
      g_assert_true (belief_dbn_is_finite (belief_session_get_dbn (s)));
      g_assert_cmpfloat (dbn_rms (belief_session_get_dbn (s)), <=, 100.0);
      if (epoch_end)
        {
          g_clear_pointer (good, belief_dbn_free);
          *good = belief_session_snapshot (s);
        }
    }
  return NULL;
}

/* lr, momentum and weight decay blow-ups in pretraining, each caught the
 * minibatch it happens, the weights back at the last epoch end. */
static void
test_session_divergence_each_cause (void)
{
  static const struct { float lr, momentum, decay; } causes[] = {
    { 10.0f, 0.0f, 0.0f },     /* learning rate */
    { 2.0f, 0.999f, 0.0f },    /* momentum */
    { 10.0f, 0.5f, 1.0f },     /* weight decay: W <- W - 10 W */
  };
  g_autoptr(BeliefDataset) ds = make_bars (200, 11);

  for (guint c = 0; c < G_N_ELEMENTS (causes); c++)
    {
      g_autoptr(BeliefSession) s = NULL;
      g_autoptr(BeliefDbn) good = NULL;
      g_autoptr(GError) error = NULL;
      BeliefPhase phase;
      BeliefConfig cfg;

      small_config (&cfg);
      cfg.epochs = 1000;
      s = belief_session_new (&cfg, ds, ds, &error);
      g_assert_no_error (error);
      /* one healthy epoch (20 minibatches) sets the last good weights */
      for (int i = 0; i < 20; i++)
        g_assert_true (belief_session_step (s, &error));
      good = belief_session_snapshot (s);
      belief_session_set_lr (s, causes[c].lr);
      belief_session_set_momentum (s, causes[c].momentum);
      belief_session_set_weight_decay (s, causes[c].decay);
      error = step_until_diverged (s, 2000, &phase, &good);
      g_test_message ("cause %u: %s", c, error != NULL ? error->message : "(none)");
      g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_DIVERGED);
      g_assert_cmpint (phase, ==, BELIEF_PHASE_PRETRAIN);
      g_assert_nonnull (strstr (error->message, "pretraining layer 1"));
      g_assert_true (belief_session_is_paused (s));
      g_assert_true (dbn_equal (belief_session_get_dbn (s), good));
    }
}

static void
last_loss_cb (const BeliefProgress *p, gpointer user_data)
{
  *(double *) user_data = p->recon_loss;
}

/* A finite loss that jumps more than tenfold (weights saturated by hand,
 * each step small) is divergence too: after 10 epochs on bars the loss is
 * about 0.05, an all-ink reconstruction's about 0.8. */
static void
test_session_divergence_loss_jump (void)
{
  g_autoptr(BeliefDataset) ds = make_bars (200, 12);
  g_autoptr(BeliefSession) s = NULL;
  g_autoptr(BeliefDbn) good = NULL;
  g_autoptr(GError) error = NULL;
  BeliefRbm *rbm;
  BeliefConfig cfg;
  double loss = 0.0;

  small_config (&cfg);
  cfg.epochs = 1000;
  s = belief_session_new (&cfg, ds, ds, &error);
  belief_session_set_progress_func (s, last_loss_cb, &loss);
  for (int i = 0; i < 200; i++)
    g_assert_true (belief_session_step (s, &error));
  g_test_message ("loss before %g", loss);
  good = belief_session_snapshot (s);
  rbm = belief_session_get_dbn (s)->rbms[0];
  for (gsize k = 0; k < (gsize) rbm->n_vis * rbm->n_hid; k++)
    rbm->W[k] = 30.0f;  /* every unit on: the reconstruction is all ink */
  g_assert_false (belief_session_step (s, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_DIVERGED);
  g_assert_nonnull (strstr (error->message, "loss jumped"));
  g_assert_true (dbn_equal (belief_session_get_dbn (s), good));
}

/* The step against the weights' own size: a rate of 10 after a healthy
 * epoch is caught in its first minibatch, although that step (about 0.5,
 * RMS) is below the absolute limit of 1 that alone let it go on. */
static void
test_session_divergence_relative_step (void)
{
  g_autoptr(BeliefDataset) ds = make_bars (200, 14);
  g_autoptr(BeliefSession) s = NULL;
  g_autoptr(BeliefDbn) good = NULL;
  g_autoptr(GError) error = NULL;
  BeliefConfig cfg;

  small_config (&cfg);
  cfg.epochs = 1000;
  s = belief_session_new (&cfg, ds, ds, &error);
  for (int i = 0; i < 20; i++)
    g_assert_true (belief_session_step (s, &error));
  good = belief_session_snapshot (s);
  belief_session_set_lr (s, 10.0f);
  belief_session_set_momentum (s, 0.0f);
  g_assert_false (belief_session_step (s, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_DIVERGED);
  g_assert_nonnull (strstr (error->message, "at update 21 "));
  g_assert_nonnull (strstr (error->message, "more than their own size"));
  g_assert_true (dbn_equal (belief_session_get_dbn (s), good));
  /* and a sane rate goes on from the restored weights */
  belief_session_set_lr (s, 0.05f);
  belief_session_set_momentum (s, 0.9f);
  belief_session_resume (s);
  for (int i = 0; i < 20; i++)
    g_assert_true (belief_session_step (s, &error));
}

/* What must never count as divergence: every fine-tuning preset, the lab's
 * rate (0.01 on the minibatch's sum with momentum 0.7: the largest first
 * steps of a layer, about half the bound), PCD at 0.01 and 0.05, CD-10, a
 * batch of one, on 28x28 images like the digits. */
static void
test_session_healthy_settings (void)
{
  static const struct { const char *what; float lr, momentum; gboolean on_sum, pcd; int cd, batch;
                        BeliefRegime regime; } runs[] = {
    { "defaults", 0.05f, 0.9f, FALSE, FALSE, 1, 20, BELIEF_REGIME_DEFAULT },
    { "the lab's rate", 0.01f, 0.7f, TRUE, FALSE, 1, 20, BELIEF_REGIME_RECOGNITION },
    { "the lab's rate", 0.01f, 0.7f, TRUE, FALSE, 1, 20, BELIEF_REGIME_GENERATION },
    { "PCD 0.01", 0.01f, 0.9f, FALSE, TRUE, 1, 20, BELIEF_REGIME_DISCRIMINATIVE },
    { "PCD 0.05", 0.05f, 0.9f, FALSE, TRUE, 1, 20, BELIEF_REGIME_DEFAULT },
    { "CD-10", 0.05f, 0.9f, FALSE, FALSE, 10, 20, BELIEF_REGIME_DEFAULT },
    { "batch 1", 0.05f, 0.9f, FALSE, FALSE, 1, 1, BELIEF_REGIME_DEFAULT },
  };
  g_autoptr(BeliefDataset) ds = belief_test_make_digits (400, 15, 0.02, "digits");

  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    {
      g_autoptr(BeliefSession) s = NULL;
      g_autoptr(GError) error = NULL;
      BeliefConfig cfg;

      belief_config_defaults (&cfg);
      cfg.n_hidden = 2;
      cfg.hidden[0] = 100;
      cfg.hidden[1] = 200;
      cfg.epochs = 3;
      cfg.finetune_epochs = 2;
      cfg.eval_size = 0;
      cfg.threads = 1;
      cfg.lr = runs[r].lr;
      cfg.momentum = runs[r].momentum;
      cfg.divide_by_batch = !runs[r].on_sum;
      cfg.pcd = runs[r].pcd;
      cfg.cd_k = runs[r].cd;
      cfg.batch = runs[r].batch;
      cfg.train_size = runs[r].batch == 1 ? 100 : 0;
      belief_config_set_regime (&cfg, runs[r].regime);
      s = belief_session_new (&cfg, ds, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("%s, %s fine-tuning", runs[r].what, belief_regime_to_string (runs[r].regime));
      g_assert_true (belief_session_run (s, &error));
      g_assert_no_error (error);
      g_assert_cmpint (belief_session_get_phase (s), ==, BELIEF_PHASE_DONE);
    }
}

/* Fine-tuning: wake-sleep and backpropagation with absurd rates. */
static void
test_session_divergence_finetune (void)
{
  static const BeliefRegime regimes[] = { BELIEF_REGIME_GENERATION, BELIEF_REGIME_DISCRIMINATIVE };
  g_autoptr(BeliefDataset) ds = make_bars (200, 13);

  for (guint r = 0; r < G_N_ELEMENTS (regimes); r++)
    {
      g_autoptr(BeliefSession) s = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(BeliefDbn) good = NULL;
      BeliefPhase phase;
      BeliefConfig cfg;

      small_config (&cfg);
      cfg.epochs = 1;
      cfg.finetune_epochs = 1000;
      belief_config_set_regime (&cfg, regimes[r]);
      cfg.ft_lr = 10.0f;
      cfg.momentum = 0.99f;
      s = belief_session_new (&cfg, ds, ds, &error);
      g_assert_no_error (error);
      error = step_until_diverged (s, 3000, &phase, &good);
      g_test_message ("%s: %s", belief_regime_to_string (regimes[r]),
                      error != NULL ? error->message : "(none)");
      g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_DIVERGED);
      g_assert_cmpint (phase, ==, BELIEF_PHASE_FINETUNE);
      g_assert_nonnull (strstr (error->message, "fine-tuning learning rate 10"));
      g_assert_true (dbn_equal (belief_session_get_dbn (s), good));
    }
}

/* Pretraining and fine-tuning from one seed on one thread are bit-exact. */
static void
test_session_deterministic (void)
{
  g_autoptr(BeliefDataset) ds = make_bars (200, 8);
  g_autoptr(BeliefDbn) a = train_once (ds, 42);
  g_autoptr(BeliefDbn) b = train_once (ds, 42);
  g_autoptr(BeliefDbn) c = train_once (ds, 43);

  g_assert_true (a->untied);
  g_assert_true (dbn_equal (a, b));
  g_assert_false (dbn_equal (a, c));
}

/* A subset of a label-ordered set is spread over all of it: a model that
 * always answers "1" scores one half on a set whose first half is 0s. */
static void
test_evaluate_spreads_subsets (void)
{
  g_autoptr(BeliefDataset) ds = belief_test_dataset_new (100, 6, 6, 2, "ordered");
  g_autoptr(BeliefDbn) dbn = NULL;
  int sizes[] = { 36, 5, 4 };
  BeliefRng rng;

  for (int i = 50; i < 100; i++)
    ds->labels[i] = 1;
  dbn = belief_dbn_new (sizes, 2, 2, 6, 6);
  dbn->rbms[1]->b[5 + 1] = 50.0f;  /* label 1 always has the lowest free energy */
  belief_rng_init (&rng, 1);
  g_assert_cmpfloat (belief_evaluate (dbn, ds, 10, BELIEF_RECOG_FREE_ENERGY, 1, &rng), ==, 0.5);
  g_assert_cmpfloat (belief_evaluate (dbn, ds, 0, BELIEF_RECOG_FREE_ENERGY, 1, &rng), ==, 0.5);
}

static void
test_session_rejects_bad_config (void)
{
  g_autoptr(BeliefDataset) ds = make_bars (20, 7);
  g_autoptr(GError) error = NULL;
  BeliefConfig cfg;

  small_config (&cfg);
  cfg.lr = -1.0f;
  g_assert_null (belief_session_new (&cfg, ds, ds, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "learning rate"));
}

/* Hinton's up-down schedule: a third of the epochs each at 3, 6, 10 steps. */
static void
test_gibbs_schedule (void)
{
  BeliefConfig cfg;
  const int want6[] = { 3, 3, 6, 6, 10, 10 };
  const int want9[] = { 3, 3, 3, 6, 6, 6, 10, 10, 10 };

  belief_config_defaults (&cfg);
  cfg.ft_gibbs = 5;
  cfg.finetune_epochs = 6;
  cfg.ft_gibbs_schedule = FALSE;
  g_assert_cmpint (belief_config_finetune_gibbs (&cfg, 4), ==, 5);
  cfg.ft_gibbs_schedule = TRUE;
  for (int e = 0; e < 6; e++)
    g_assert_cmpint (belief_config_finetune_gibbs (&cfg, e), ==, want6[e]);
  cfg.finetune_epochs = 9;
  for (int e = 0; e < 9; e++)
    g_assert_cmpint (belief_config_finetune_gibbs (&cfg, e), ==, want9[e]);
}

static void
first_loss_cb (const BeliefProgress *p, gpointer user_data)
{
  double *loss = user_data;

  if (p->updates == 1)
    *loss = p->recon_loss;
}

/* Grey pixels (128/255) are trained on as they are, or sampled to 0/1: the
 * first reconstruction (about 0.5 everywhere) is then off by about 0.5. */
static void
test_binarize (void)
{
  double loss[2];

  for (int b = 0; b < 2; b++)
    {
      g_autoptr(BeliefDataset) ds = make_bars (40, 1);
      g_autoptr(BeliefSession) s = NULL;
      g_autoptr(GError) error = NULL;
      BeliefConfig cfg;

      memset (ds->images, 128, (gsize) ds->n * ds->dim);
      belief_config_defaults (&cfg);
      g_assert_true (belief_config_parse_layers (&cfg, "8", NULL));
      cfg.labels = FALSE;
      cfg.epochs = 1;
      cfg.batch = 40;
      cfg.finetune_epochs = 0;
      cfg.eval_size = 0;
      cfg.threads = 1;
      cfg.binarize = b;
      s = belief_session_new (&cfg, ds, NULL, &error);
      g_assert_no_error (error);
      belief_session_set_progress_func (s, first_loss_cb, &loss[b]);
      g_assert_true (belief_session_step (s, &error));
    }
  g_assert_cmpfloat (loss[0], <, 0.01);
  g_assert_cmpfloat (fabs (loss[1] - 0.25), <, 0.03);
}

typedef struct
{
  GArray *val;   /* validation accuracy of each fine-tuning epoch, in order */
} Choices;

static void
choices_cb (const BeliefProgress *p, gpointer user_data)
{
  Choices *c = user_data;

  if (p->epoch_end && p->phase == BELIEF_PHASE_FINETUNE)
    {
      g_assert_cmpfloat (p->validation_accuracy, >=, 0.0);
      g_array_append_val (c->val, p->validation_accuracy);
    }
}

/* The run ends on the model of the fine-tuning epoch with the best
 * validation accuracy (the first of equals), measured again here on the
 * final model; without select_best on the last epoch's. */
static void
test_session_chooses_on_validation (void)
{
  g_autoptr(BeliefDataset) all = make_bars (600, 11);
  g_autoptr(BeliefDataset) train = NULL, val = NULL;
  BeliefRng noise;

  /* heavy noise, so that the epochs differ in validation accuracy */
  belief_rng_init (&noise, 99);
  for (gsize k = 0; k < (gsize) all->n * all->dim; k++)
    if (belief_rng_uniform (&noise) < 0.2)
      all->images[k] = 255 - all->images[k];
  belief_dataset_split (all, 200, &train, &val);
  g_assert_cmpuint (train->n, ==, 400);
  g_assert_cmpuint (val->n, ==, 200);
  g_assert_cmpmem (val->images, 200 * 36, all->images + 400 * 36, 200 * 36);

  for (int select = 1; select >= 0; select--)
    {
      g_autoptr(BeliefSession) s = NULL;
      g_autoptr(BeliefDbn) final = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
      Choices c = { seen };
      BeliefConfig cfg;
      BeliefChoice choice;
      BeliefRng rng;
      guint best = 0;
      double again;

      small_config (&cfg);
      cfg.finetune_epochs = 8;
      cfg.ft_lr = 1.0f;  /* large: later epochs may be worse */
      cfg.select_best = select;
      s = belief_session_new (&cfg, train, val, &error);
      g_assert_no_error (error);
      belief_session_set_progress_func (s, choices_cb, &c);
      g_assert_true (belief_session_run (s, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (seen->len, ==, 8);
      for (guint e = 1; e < seen->len; e++)
        if (g_array_index (seen, double, e) > g_array_index (seen, double, best))
          best = e;
      final = belief_session_snapshot (s);
      belief_rng_init (&rng, 1);
      again = belief_evaluate (final, val, 0, cfg.recog_method, cfg.recog_gibbs, &rng);
      if (select)
        {
          g_assert_true (belief_session_get_choice (s, &choice));
          g_assert_cmpint (choice.phase, ==, BELIEF_PHASE_FINETUNE);
          g_assert_cmpint (choice.epoch, ==, (int) best + 1);
          g_assert_cmpuint (choice.n_validation, ==, 200);
          g_assert_cmpfloat (choice.validation_accuracy, ==, g_array_index (seen, double, best));
          g_assert_cmpfloat (again, ==, choice.validation_accuracy);
          g_test_message ("validation accuracy by epoch: best %.3f at %u, last %.3f", again,
                          best + 1, g_array_index (seen, double, seen->len - 1));
          /* this run's best is not its last epoch, so choosing changed the model */
          g_assert_cmpfloat (again, >, g_array_index (seen, double, seen->len - 1));
        }
      else
        {
          g_assert_false (belief_session_get_choice (s, &choice));
          g_assert_cmpfloat (again, ==, g_array_index (seen, double, seen->len - 1));
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  belief_blas_set_threads (1);
  g_test_add_func ("/session/runs-to-the-end", test_session_runs_to_the_end);
  g_test_add_func ("/session/chooses-on-validation", test_session_chooses_on_validation);
  g_test_add_func ("/session/gibbs-schedule", test_gibbs_schedule);
  g_test_add_func ("/session/binarize", test_binarize);
  g_test_add_func ("/session/pause-resume-cancel", test_session_pause_resume_cancel);
  g_test_add_func ("/session/live-learning-rate", test_session_live_learning_rate);
  g_test_add_func ("/session/lr-zero-freezes-weights", test_session_lr_zero_freezes_weights);
  g_test_add_func ("/session/snapshots-from-another-thread", test_session_snapshots_from_another_thread);
  g_test_add_func ("/session/divergence-restores", test_session_divergence_restores);
  g_test_add_func ("/session/divergence-each-cause", test_session_divergence_each_cause);
  g_test_add_func ("/session/divergence-loss-jump", test_session_divergence_loss_jump);
  g_test_add_func ("/session/divergence-relative-step", test_session_divergence_relative_step);
  g_test_add_func ("/session/healthy-settings", test_session_healthy_settings);
  g_test_add_func ("/session/divergence-finetune", test_session_divergence_finetune);
  g_test_add_func ("/session/rejects-bad-config", test_session_rejects_bad_config);
  g_test_add_func ("/session/deterministic", test_session_deterministic);
  g_test_add_func ("/session/evaluate-spreads-subsets", test_evaluate_spreads_subsets);
  return g_test_run ();
}
