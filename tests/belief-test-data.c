/* belief-test-data.c: small synthetic data sets for the tests. */
#include <math.h>

#include "belief-rng.h"
#include "belief-test-data.h"

BeliefDataset *
belief_test_dataset_new (guint       n,
                         guint       rows,
                         guint       cols,
                         guint       n_classes,
                         const char *source)
{
  BeliefDataset *ds = g_new0 (BeliefDataset, 1);

  ds->n = n;
  ds->rows = rows;
  ds->cols = cols;
  ds->dim = rows * cols;
  ds->n_classes = n_classes;
  ds->images = g_new0 (guint8, (gsize) n * ds->dim);
  ds->labels = g_new0 (guint8, n);
  ds->source = g_strdup (source);
  return ds;
}

BeliefDataset *
belief_test_make_bars (guint   n,
                       guint64 seed)
{
  enum { SIDE = BELIEF_TEST_BARS_SIDE };
  BeliefDataset *ds = belief_test_dataset_new (n, SIDE, SIDE, 4, "bars");
  BeliefRng rng;

  belief_rng_init (&rng, seed);
  for (guint i = 0; i < n; i++)
    {
      int label = (int) (i % 4);
      int where = label % 2 == 0 ? SIDE / 4 : 3 * SIDE / 4;

      ds->labels[i] = (guint8) label;
      for (int p = 0; p < SIDE * SIDE; p++)
        {
          int r = p / SIDE, c = p % SIDE;
          gboolean on = label < 2 ? ABS (r - where) <= 1 : ABS (c - where) <= 1;

          if (belief_rng_uniform (&rng) < 0.05)
            on = !on;
          ds->images[(gsize) i * ds->dim + p] = on ? 255 : 0;
        }
    }
  return ds;
}

BeliefDataset *
belief_test_make_digits (guint       n,
                         guint64     seed,
                         double      noise,
                         const char *source)
{
  enum { SIDE = BELIEF_TEST_DIGITS_SIDE };
  BeliefDataset *ds = belief_test_dataset_new (n, SIDE, SIDE, 10, source);
  BeliefRng rng;

  belief_rng_init (&rng, seed);
  for (guint i = 0; i < n; i++)
    {
      int label = (int) (i % 10);
      double angle = G_PI * label / 10.0;

      ds->labels[i] = (guint8) label;
      for (int p = 0; p < SIDE * SIDE; p++)
        {
          double x = p % SIDE - 13.5, y = p / SIDE - 13.5;
          double d = fabs (x * sin (angle) - y * cos (angle));
          gboolean on = d < 1.5 && hypot (x, y) < 10.0;

          if (noise > 0.0 && belief_rng_uniform (&rng) < noise)
            on = !on;
          ds->images[(gsize) i * ds->dim + p] = on ? 255 : 0;
        }
    }
  return ds;
}
