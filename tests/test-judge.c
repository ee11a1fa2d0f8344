/* test-judge.c: the k-nearest-neighbour judge against a brute-force vote in
 * double precision, written independently here. */
#include <glib.h>
#include <math.h>

#include "belief-judge.h"
#include "belief-rng.h"
#include "belief-test-data.h"

static BeliefDataset *
random_dataset (guint n, guint rows, guint cols, guint classes, BeliefRng *rng)
{
  BeliefDataset *ds = belief_test_dataset_new (n, rows, cols, classes, "random");

  for (guint i = 0; i < n; i++)
    {
      ds->labels[i] = (guint8) belief_rng_below (rng, classes);
      /* Each class has its own bright region, plus noise. */
      for (guint p = 0; p < ds->dim; p++)
        {
          gboolean on = p % classes == ds->labels[i];
          double u = belief_rng_uniform (rng);

          ds->images[(gsize) i * ds->dim + p] = (guint8) (on ? 120 + 135 * u : 200 * u * u);
        }
    }
  return ds;
}

/* Brute force: sort all distances, majority of the k nearest, ties to the
 * label with the nearest member. */
static int
reference_label (const BeliefDataset *ds, const float *x, int k)
{
  g_autofree double *d = g_new (double, ds->n);
  g_autofree int *order = g_new (int, ds->n);
  int votes[256] = { 0 };
  double nearest[256];
  int best = -1;

  for (guint i = 0; i < ds->n; i++)
    {
      double s = 0.0;

      for (guint p = 0; p < ds->dim; p++)
        {
          double t = ds->images[(gsize) i * ds->dim + p] / 255.0 - x[p];

          s += t * t;
        }
      d[i] = s;
      order[i] = (int) i;
    }
  for (guint i = 1; i < ds->n; i++)  /* insertion sort by distance */
    for (guint j = i; j > 0 && d[order[j]] < d[order[j - 1]]; j--)
      {
        int t = order[j];

        order[j] = order[j - 1];
        order[j - 1] = t;
      }
  for (int c = 0; c < 256; c++)
    nearest[c] = INFINITY;
  for (int j = 0; j < k; j++)
    {
      int c = ds->labels[order[j]];

      votes[c]++;
      nearest[c] = fmin (nearest[c], d[order[j]]);
    }
  for (int c = 0; c < 256; c++)
    if (votes[c] > 0 && (best < 0 || votes[c] > votes[best]
                         || (votes[c] == votes[best] && nearest[c] < nearest[best])))
      best = c;
  return best;
}

static void
test_against_brute_force (void)
{
  BeliefRng rng;
  g_autoptr(BeliefDataset) train = NULL, probe = NULL;
  g_autoptr(BeliefJudge) judge = NULL;
  g_autofree float *x = NULL;
  g_autofree int *got = NULL;
  int agree = 0;

  belief_rng_init (&rng, 11);
  train = random_dataset (300, 6, 7, 5, &rng);
  probe = random_dataset (120, 6, 7, 5, &rng);
  judge = belief_judge_new (train, 0, 3);
  x = g_new (float, (gsize) probe->n * probe->dim);
  got = g_new (int, probe->n);
  belief_dataset_fill_floats (probe, NULL, 0, probe->n, x);
  belief_judge_classify (judge, x, (int) probe->n, got);
  for (guint i = 0; i < probe->n; i++)
    agree += got[i] == reference_label (train, x + (gsize) i * probe->dim, 3);
  /* float distances may swap exact near-ties; nothing else may differ */
  g_assert_cmpint (agree, >=, (int) probe->n - 1);
}

static void
test_training_images_judge_themselves (void)
{
  BeliefRng rng;
  g_autoptr(BeliefDataset) train = NULL;
  g_autoptr(BeliefJudge) judge = NULL;
  g_autofree float *x = NULL;
  g_autofree int *wanted = NULL;
  double per_label[5], fid;

  belief_rng_init (&rng, 5);
  train = random_dataset (200, 6, 7, 5, &rng);
  judge = belief_judge_new (train, 0, 1);  /* k = 1: each image is its own neighbour */
  x = g_new (float, (gsize) train->n * train->dim);
  wanted = g_new (int, train->n);
  belief_dataset_fill_floats (train, NULL, 0, train->n, x);
  for (guint i = 0; i < train->n; i++)
    wanted[i] = train->labels[i];
  fid = belief_judge_fidelity (judge, x, wanted, (int) train->n, per_label);
  g_assert_cmpfloat (fid, ==, 1.0);
  for (int c = 0; c < 5; c++)
    g_assert_cmpfloat (per_label[c], ==, 1.0);

  /* All wanted labels wrong by one: fidelity 0, and per label 0. */
  for (guint i = 0; i < train->n; i++)
    wanted[i] = (train->labels[i] + 1) % 5;
  fid = belief_judge_fidelity (judge, x, wanted, (int) train->n, per_label);
  g_assert_cmpfloat (fid, ==, 0.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/judge/brute-force", test_against_brute_force);
  g_test_add_func ("/judge/self", test_training_images_judge_themselves);
  return g_test_run ();
}
