/* belief-cli-bench-epoch.c: `belief-cli bench --epoch cd1|pcd`, whole
 * training epochs of one RBM on the default digits, as the app trains them:
 * the minibatches in a fresh shuffled order each epoch, converted from
 * bytes to floats in [0, 1], and belief_rbm_cd_step with its statistics
 * (reconstruction loss and stability of every update).  bench/peers runs
 * the same epoch in scikit-learn and PyTorch. */
#include <stdio.h>

#include <cblas.h>

#include "belief-blas.h"
#include "belief-cli.h"
#include "belief-cli-bench.h"
#include "belief-cli-common.h"
#include "belief-config.h"
#include "belief-rbm.h"

typedef struct
{
  const BeliefDataset *train;
  BeliefRbm           *rbm;
  BeliefRbmWork       *work;
  BeliefRbmHyper       hp;
  BeliefRng            rng;
  guint32             *order;
  float               *v;     /* (B, V) */
  int                  batch;
  double               loss, stability;
} Epoch;

static double
run_epoch (Epoch *ep)
{
  gint64 t0 = g_get_monotonic_time ();
  guint n = ep->train->n;
  int updates = 0;

  ep->loss = ep->stability = 0.0;
  belief_rng_shuffle (&ep->rng, ep->order, n);
  for (guint first = 0; first < n; first += (guint) ep->batch)
    {
      int count = (int) MIN ((guint) ep->batch, n - first);
      BeliefStepStats st;

      belief_dataset_fill_floats (ep->train, ep->order + first, 0, (guint) count, ep->v);
      belief_rbm_cd_step (ep->rbm, ep->work, ep->v, count, &ep->hp, &ep->rng, &st);
      ep->loss += st.recon_loss;
      ep->stability += st.stability;
      updates++;
    }
  ep->loss /= MAX (updates, 1);
  ep->stability /= MAX (updates, 1);
  return (g_get_monotonic_time () - t0) / 1e6;
}

int
bench_epochs (const char *algo,
              int         batch,
              int         hidden,
              int         epochs,
              int         threads,
              gboolean    json)
{
  g_autoptr(BeliefDataset) train = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *secs = NULL;
  BeliefConfig cfg;
  Epoch ep = { 0 };
  double best = G_MAXDOUBLE;
  gboolean pcd;

  if (g_strcmp0 (algo, "cd1") == 0)
    pcd = FALSE;
  else if (g_strcmp0 (algo, "pcd") == 0)
    pcd = TRUE;
  else
    return belief_cli_fail ("bench", "--epoch \"%s\": use cd1 or pcd", algo);
  if (!belief_cli_check_range ("bench", "--batch", batch, 1, 100000, "the batch size")
      || !belief_cli_check_range ("bench", "--hidden", hidden, 1, BELIEF_MAX_UNITS, "the number of hidden units")
      || !belief_cli_check_range ("bench", "--epochs", epochs, 1, 1000, "the number of timed epochs"))
    return 1;
  if ((train = belief_cli_load_data (NULL, BELIEF_SPLIT_TRAIN, &error)) == NULL)
    return belief_cli_fail ("bench", "%s", error->message);

  belief_blas_set_threads (threads);
  belief_config_defaults (&cfg);
  ep.train = train;
  ep.batch = batch;
  ep.hp = (BeliefRbmHyper) { .lr = cfg.lr, .momentum = cfg.momentum,
                             .weight_decay = cfg.weight_decay, .cd_k = 1, .pcd = pcd,
                             .divide_by_batch = TRUE };
  belief_rng_init (&ep.rng, 1);
  ep.rbm = belief_rbm_new ((int) train->dim, hidden, 0);
  belief_rbm_init_normal (ep.rbm, &ep.rng, cfg.init_stddev);
  ep.work = belief_rbm_work_new (ep.rbm, batch);
  ep.v = g_new (float, (gsize) batch * train->dim);
  ep.order = g_new (guint32, train->n);
  for (guint i = 0; i < train->n; i++)
    ep.order[i] = i;

  run_epoch (&ep);  /* warm-up: caches, page faults, the thread pool */
  secs = g_new (double, epochs);
  for (int e = 0; e < epochs; e++)
    {
      secs[e] = run_epoch (&ep);
      best = MIN (best, secs[e]);
    }

  if (json)
    {
      printf ("{\"algo\": \"%s\", \"shape\": \"%ux%d\", \"batch\": %d, \"n_train\": %u, "
              "\"threads\": %d, \"epochs\": %d, \"seconds_per_epoch\": %.6g, \"epoch_seconds\": [",
              algo, train->dim, hidden, batch, train->n, belief_blas_get_threads (), epochs, best);
      for (int e = 0; e < epochs; e++)
        printf ("%s%.6g", e ? ", " : "", secs[e]);
      printf ("], \"samples_per_sec\": %.1f, \"recon_loss\": %.6g, \"stability\": %.4g, "
              "\"gflops\": %.2f, \"blas\": \"%s\"}\n",
              train->n / best, ep.loss, ep.stability,
              belief_rbm_step_flops (ep.rbm, batch, 1, pcd) * train->n / batch / best / 1e9,
              openblas_get_config ());
    }
  else
    printf ("%s epoch of a %ux%d RBM, batch %d, %u images, %d threads: %.4f s "
            "(fastest of %d after a warm-up), %.0f samples/s, last loss %.5f\n",
            pcd ? "PCD" : "CD-1", train->dim, hidden, batch, train->n,
            belief_blas_get_threads (), best, epochs, train->n / best, ep.loss);

  belief_rbm_work_free (ep.work);
  belief_rbm_free (ep.rbm);
  g_free (ep.v);
  g_free (ep.order);
  return 0;
}
