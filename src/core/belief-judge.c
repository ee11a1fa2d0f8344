/* belief-judge.c: k-nearest-neighbour labels through one gemm per chunk. */
#include "belief-judge.h"

#include <math.h>
#include <string.h>

#include "belief-blas.h"

#define CHUNK 256

struct _BeliefJudge
{
  int     n, dim, k, n_classes;
  float  *train;    /* (n, dim) */
  float  *norms;    /* |t|^2 */
  guint8 *labels;
};

BeliefJudge *
belief_judge_new (const BeliefDataset *ds, guint n, int k)
{
  BeliefJudge *judge;
  g_autofree guint32 *idx = NULL;

  g_return_val_if_fail (ds != NULL && ds->n > 0 && k >= 1, NULL);

  if (n == 0)
    n = MIN (ds->n, BELIEF_JUDGE_MAX_IMAGES);
  n = MIN (n, ds->n);
  judge = g_new0 (BeliefJudge, 1);
  judge->n = (int) n;
  judge->dim = (int) ds->dim;
  judge->k = MIN (k, (int) n);
  judge->n_classes = (int) ds->n_classes;
  judge->train = g_new (float, (gsize) n * ds->dim);
  judge->norms = g_new (float, n);
  judge->labels = g_new (guint8, n);
  idx = g_new (guint32, n);
  for (guint i = 0; i < n; i++)
    {
      idx[i] = (guint32) ((guint64) i * ds->n / n);
      judge->labels[i] = ds->labels[idx[i]];
    }
  belief_dataset_fill_floats (ds, idx, 0, n, judge->train);
  for (guint i = 0; i < n; i++)
    {
      const float *t = judge->train + (gsize) i * ds->dim;
      double s = 0.0;

      for (guint p = 0; p < ds->dim; p++)
        s += (double) t[p] * t[p];
      judge->norms[i] = (float) s;
    }
  return judge;
}

void
belief_judge_free (BeliefJudge *judge)
{
  if (judge == NULL)
    return;
  g_free (judge->train);
  g_free (judge->norms);
  g_free (judge->labels);
  g_free (judge);
}

int
belief_judge_n_classes (const BeliefJudge *judge)
{
  return judge->n_classes;
}

/* The label of one row of distances d (n): majority of the k nearest. */
static int
vote (const BeliefJudge *judge, const float *d)
{
  int best_i[64];
  float best_d[64];
  int votes[256] = { 0 };
  float nearest[256];
  int k = MIN (judge->k, 64), found = 0, label = 0;

  for (int i = 0; i < judge->n; i++)
    {
      int pos;

      if (found == k && d[i] >= best_d[k - 1])
        continue;
      pos = found < k ? found++ : k - 1;
      while (pos > 0 && best_d[pos - 1] > d[i])
        {
          best_d[pos] = best_d[pos - 1];
          best_i[pos] = best_i[pos - 1];
          pos--;
        }
      best_d[pos] = d[i];
      best_i[pos] = i;
    }
  for (int c = 0; c < 256; c++)
    nearest[c] = INFINITY;
  for (int j = 0; j < found; j++)
    {
      int c = judge->labels[best_i[j]];

      votes[c]++;
      nearest[c] = MIN (nearest[c], best_d[j]);
    }
  for (int c = 1; c < 256; c++)
    if (votes[c] > votes[label] || (votes[c] == votes[label] && nearest[c] < nearest[label]))
      label = c;
  return label;
}

void
belief_judge_classify (const BeliefJudge *judge, const float *images, int count, int *labels)
{
  g_autofree float *d = NULL;

  g_return_if_fail (judge != NULL && images != NULL && labels != NULL);

  d = g_new (float, (gsize) CHUNK * judge->n);
  for (int first = 0; first < count; first += CHUNK)
    {
      int m = MIN (CHUNK, count - first);
      const float *x = images + (gsize) first * judge->dim;

      /* d = -2 x T^T, then + |t|^2 (|x|^2 is the same for a whole row). */
      belief_gemm (FALSE, TRUE, m, judge->n, judge->dim, -2.0f, x, judge->train, 0.0f, d);
      for (int r = 0; r < m; r++)
        {
          float *row = d + (gsize) r * judge->n;

          for (int i = 0; i < judge->n; i++)
            row[i] += judge->norms[i];
          labels[first + r] = vote (judge, row);
        }
    }
}

double
belief_judge_fidelity (const BeliefJudge *judge, const float *images, const int *wanted,
                       int count, double *per_label)
{
  g_autofree int *got = g_new (int, MAX (count, 1));
  g_autofree int *hits = g_new0 (int, judge->n_classes);
  g_autofree int *total = g_new0 (int, judge->n_classes);
  int all = 0;

  belief_judge_classify (judge, images, count, got);
  for (int i = 0; i < count; i++)
    {
      gboolean hit = got[i] == wanted[i];

      all += hit;
      if (wanted[i] >= 0 && wanted[i] < judge->n_classes)
        {
          total[wanted[i]]++;
          hits[wanted[i]] += hit;
        }
    }
  if (per_label != NULL)
    for (int c = 0; c < judge->n_classes; c++)
      per_label[c] = total[c] > 0 ? (double) hits[c] / total[c] : NAN;
  return count > 0 ? (double) all / count : NAN;
}
