/* test-experiment.c: experiments are reproducible from their seed, share
 * their runs, report progress, cancel cleanly, and their numbers agree with
 * the data behind their figures.  Synthetic 28x28 digits, --quick plan. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "belief-error.h"
#include "belief-experiment.h"
#include "belief-rng.h"
#include "belief-session.h"
#include "belief-test-data.h"

#define N_TRAIN 300
#define N_TEST  100
/* a fifth of the training images (the most a quick run holds out) validate */
#define BATCHES ((N_TRAIN - N_TRAIN / 5) / 20)   /* minibatches of 20 per epoch */

static BeliefDataset *
strokes (guint n, guint64 seed)
{
  BeliefDataset *ds = belief_test_dataset_new (n, 28, 28, 10, "synthetic strokes");
  BeliefRng rng;

  belief_rng_init (&rng, seed);
  for (guint i = 0; i < n; i++)
    {
      int c = (int) belief_rng_below (&rng, 10);
      int shift = (int) belief_rng_below (&rng, 3);

      ds->labels[i] = (guint8) c;
      /* class c: a bar at row 4 + 2c, and a column bar whose place depends on c % 3 */
      for (int x = 6; x < 22; x++)
        {
          ds->images[(gsize) i * 784 + (4 + 2 * c + shift) * 28 + x] = 255;
          ds->images[(gsize) i * 784 + x * 28 + 8 + 5 * (c % 3) + shift] = 200;
        }
    }
  return ds;
}

typedef struct
{
  int    calls;
  double last, min_step;
  gboolean cancel_at_first;
  BeliefExperimentContext *ctx;
} Progress;

static void
progress_cb (const BeliefFigureSet *partial, double fraction, const char *status, gpointer data)
{
  Progress *p = data;

  g_assert_nonnull (partial);
  g_assert_nonnull (status);
  p->min_step = MIN (p->min_step, fraction - p->last);
  p->last = fraction;
  p->calls++;
  if (p->cancel_at_first && fraction > 0.0)
    belief_experiment_context_cancel (p->ctx);
}

static BeliefFigureSet *
run_one (BeliefExperimentContext *ctx, int number)
{
  g_autoptr(GError) error = NULL;
  BeliefFigureSet *set = belief_experiment_run (ctx, number, &error);

  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

static char *
csv_of (BeliefFigureSet *set, const char *id)
{
  BeliefFigure *fig = belief_figure_set_find (set, id);

  g_assert_nonnull (fig);
  return belief_figure_to_csv (fig);
}

static void
test_reproducible (void)
{
  g_autoptr(BeliefDataset) train = strokes (N_TRAIN, 1), test = strokes (N_TEST, 2);
  BeliefExperimentOptions a = { .quick = TRUE, .seed = 7, .threads = 1 };
  BeliefExperimentOptions b = { .quick = TRUE, .seed = 8, .threads = 1 };
  g_autoptr(BeliefExperimentContext) c1 = belief_experiment_context_new (train, test, &a);
  g_autoptr(BeliefExperimentContext) c2 = belief_experiment_context_new (train, test, &a);
  g_autoptr(BeliefExperimentContext) c3 = belief_experiment_context_new (train, test, &b);
  g_autoptr(BeliefFigureSet) s1 = run_one (c1, 1);
  g_autoptr(BeliefFigureSet) s2 = run_one (c2, 1);
  g_autoptr(BeliefFigureSet) s3 = run_one (c3, 1);
  g_autofree char *x1 = csv_of (s1, "e1-loss-by-hidden-units");
  g_autofree char *x2 = csv_of (s2, "e1-loss-by-hidden-units");
  g_autofree char *x3 = csv_of (s3, "e1-loss-by-hidden-units");

  g_assert_cmpstr (x1, ==, x2);
  g_assert_cmpstr (x1, !=, x3);
}

static void
test_numbers_match_figures (void)
{
  g_autoptr(BeliefDataset) train = strokes (N_TRAIN, 1), test = strokes (N_TEST, 2);
  BeliefExperimentOptions o = { .quick = TRUE, .seed = 3, .threads = 1 };
  g_autoptr(BeliefExperimentContext) ctx = belief_experiment_context_new (train, test, &o);
  g_autoptr(BeliefFigureSet) set = run_one (ctx, 1);
  BeliefFigure *curves = belief_figure_set_find (set, "e1-loss-by-hidden-units");

  /* 5 epochs of BATCHES minibatches: one point per minibatch per size */
  g_assert_cmpuint (curves->series->len, ==, 4);
  for (guint s = 0; s < 4; s++)
    {
      BeliefFigureSeries *series = g_ptr_array_index (curves->series, s);
      int hidden = 200 + 100 * (int) s;
      g_autofree char *key = g_strdup_printf ("final_loss_%d", hidden);
      double mean = 0.0;

      g_assert_cmpuint (series->y->len, ==, 5 * BATCHES);
      for (int i = 4 * BATCHES; i < 5 * BATCHES; i++)
        mean += g_array_index (series->y, double, i) / BATCHES;
      /* the reported last-epoch loss is the mean of the last epoch's points */
      g_assert_cmpfloat_with_epsilon (belief_figure_set_get_measure (set, key), mean, 1e-9);
      g_assert_cmpfloat (mean, <, g_array_index (series->y, double, 0));
    }
  g_assert_nonnull (set->summary);
}

static void
test_shared_runs_and_progress (void)
{
  g_autoptr(BeliefDataset) train = strokes (N_TRAIN, 1), test = strokes (N_TEST, 2);
  BeliefExperimentOptions o = { .quick = TRUE, .seed = 3, .threads = 1 };
  g_autoptr(BeliefExperimentContext) ctx = belief_experiment_context_new (train, test, &o);
  Progress p = { 0, 0.0, 1.0, FALSE, ctx };
  g_autoptr(BeliefFigureSet) e1 = NULL, e2 = NULL;
  BeliefFigure *stab;

  belief_experiment_context_set_progress_func (ctx, progress_cb, &p);
  e1 = run_one (ctx, 1);
  g_assert_cmpint (p.calls, >=, 3);
  g_assert_cmpfloat (p.min_step, >=, 0.0);   /* never goes backwards */
  g_assert_cmpfloat (p.last, ==, 1.0);
  /* Experiment 2 uses experiment 1's RBMs: no training, the same iterations. */
  p = (Progress) { 0, 0.0, 1.0, FALSE, ctx };
  e2 = run_one (ctx, 2);
  stab = belief_figure_set_find (e2, "e2-weight-stability");
  g_assert_cmpuint (stab->series->len, ==, 4);
  for (guint s = 0; s < 4; s++)
    {
      GArray *y = ((BeliefFigureSeries *) g_ptr_array_index (stab->series, s))->y;

      g_assert_cmpuint (y->len, ==, 5 * BATCHES);
      for (guint i = 0; i < y->len; i++)
        g_assert_true (g_array_index (y, double, i) >= 0.0 && g_array_index (y, double, i) <= 100.0);
    }
  g_assert_cmpfloat (e2->seconds, <, e1->seconds);
}

static void
test_cancel (void)
{
  g_autoptr(BeliefDataset) train = strokes (N_TRAIN, 1), test = strokes (N_TEST, 2);
  BeliefExperimentOptions o = { .quick = TRUE, .seed = 3, .threads = 1 };
  g_autoptr(BeliefExperimentContext) ctx = belief_experiment_context_new (train, test, &o);
  Progress p = { 0, 0.0, 1.0, TRUE, ctx };
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefFigureSet) set = NULL, again = NULL;

  belief_experiment_context_set_progress_func (ctx, progress_cb, &p);
  set = belief_experiment_run (ctx, 3, &error);
  g_assert_null (set);
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_CANCELLED);
  /* The half-trained run is not kept: a new run trains from the start. */
  p.cancel_at_first = FALSE;
  again = run_one (ctx, 3);
  g_assert_cmpint (belief_figure_n_points (belief_figure_set_find (again, "e3-layer-loss")), ==,
                   3 + 3 + 5);
}

static void
test_bad_number (void)
{
  g_autoptr(BeliefDataset) train = strokes (40, 1), test = strokes (20, 2);
  BeliefExperimentOptions o = { .quick = TRUE, .seed = 3, .threads = 1 };
  g_autoptr(BeliefExperimentContext) ctx = belief_experiment_context_new (train, test, &o);
  g_autoptr(GError) error = NULL;

  g_assert_null (belief_experiment_run (ctx, 10, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "1 to 9"));
}

static void
test_session_from_model (void)
{
  g_autoptr(BeliefDataset) train = strokes (60, 1);
  BeliefConfig cfg;
  g_autoptr(BeliefSession) pre = NULL, ft = NULL, wrong = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDbn) model = NULL;
  guint64 steps = 0;

  belief_config_defaults (&cfg);
  g_assert_true (belief_config_parse_layers (&cfg, "20,30", NULL));
  cfg.epochs = 1;
  cfg.top_epochs = 1;
  cfg.finetune_epochs = 0;
  cfg.eval_size = 0;
  cfg.threads = 1;
  pre = belief_session_new (&cfg, train, NULL, &error);
  g_assert_true (belief_session_run (pre, &error));
  model = belief_session_snapshot (pre);

  cfg.finetune_epochs = 2;
  ft = belief_session_new_from_model (&cfg, model, train, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (belief_session_get_phase (ft), ==, BELIEF_PHASE_FINETUNE);
  while (belief_session_step (ft, &error))
    steps++;
  g_assert_no_error (error);
  g_assert_cmpuint (steps, ==, 2 * 3);   /* 2 epochs of 60 / 20 minibatches */
  g_assert_true (belief_session_get_dbn (ft)->untied);

  g_assert_true (belief_config_parse_layers (&cfg, "20,40", NULL));
  wrong = belief_session_new_from_model (&cfg, model, train, NULL, &error);
  g_assert_null (wrong);
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_MISMATCH);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/experiment/reproducible", test_reproducible);
  g_test_add_func ("/experiment/numbers-match-figures", test_numbers_match_figures);
  g_test_add_func ("/experiment/shared-runs-and-progress", test_shared_runs_and_progress);
  g_test_add_func ("/experiment/cancel", test_cancel);
  g_test_add_func ("/experiment/bad-number", test_bad_number);
  g_test_add_func ("/experiment/session-from-model", test_session_from_model);
  return g_test_run ();
}
