/* belief-cli-bench.c: `belief-cli bench`, the training step against the bare
 * sgemm calls of the same shapes, measured in the same run. */
#include <stdio.h>

#include <cblas.h>

#include "belief-blas.h"
#include "belief-cli.h"
#include "belief-cli-common.h"
#include "belief-rbm.h"

typedef struct
{
  BeliefRbm     *rbm;
  BeliefRbmWork *work;
  float         *v, *h, *grad;  /* v (2B, V), h (2B, H) */
  int            batch;
  BeliefRng      rng;
} Bench;

/* The products of a CD-1 step, with no other work: three (B, V) x (V, H)
 * shaped passes and the gradient [v0; v1]^T [h0; -h1] with K = 2B.  The
 * same calls as belief_rbm_cd_step makes, on buffers laid out the same way. */
static void
bare_gemms (Bench *b)
{
  int V = b->rbm->n_vis, H = b->rbm->n_hid, B = b->batch;
  float *v1 = b->v + (gsize) B * V, *h1 = b->h + (gsize) B * H;

  belief_gemm (FALSE, FALSE, B, H, V, 1.0f, b->v, b->rbm->W, 0.0f, b->h);
  belief_gemm (FALSE, TRUE, B, V, H, 1.0f, b->h, b->rbm->W, 0.0f, v1);
  belief_gemm (FALSE, FALSE, B, H, V, 1.0f, v1, b->rbm->W, 0.0f, h1);
  belief_gemm (TRUE, FALSE, V, H, 2 * B, 0.01f, b->v, b->h, 0.9f, b->grad);
}

/* The same four products as direct cblas_sgemm calls with OpenBLAS's own
 * threading over all the cores: what the library does on its own. */
static void
direct_gemms (Bench *b)
{
  int V = b->rbm->n_vis, H = b->rbm->n_hid, B = b->batch;
  float *v1 = b->v + (gsize) B * V, *h1 = b->h + (gsize) B * H;

  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, B, H, V, 1.0f, b->v, V,
               b->rbm->W, H, 0.0f, b->h, H);
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, B, V, H, 1.0f, b->h, H,
               b->rbm->W, H, 0.0f, v1, V);
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, B, H, V, 1.0f, v1, V,
               b->rbm->W, H, 0.0f, h1, H);
  cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, V, H, 2 * B, 0.01f, b->v, V,
               b->h, H, 0.9f, b->grad, H);
}

static void
train_step (Bench *b)
{
  BeliefRbmHyper hp = { .lr = 0.01f, .momentum = 0.9f, .weight_decay = 0.0002f,
                        .cd_k = 1, .divide_by_batch = TRUE };
  BeliefStepStats st;

  belief_rbm_cd_step (b->rbm, b->work, b->v, b->batch, &hp, &b->rng, &st);
}

static double
time_it (void (*fn) (Bench *), Bench *b, int reps)
{
  gint64 t0 = g_get_monotonic_time ();

  for (int i = 0; i < reps; i++)
    fn (b);
  return (g_get_monotonic_time () - t0) / 1e6;
}

int
belief_cli_bench (int    argc,
                  char **argv)
{
  gboolean json = FALSE;
  int reps = 20, rounds = 60, threads = 0, code = 0;
  double best_step = G_MAXDOUBLE, best_bare = G_MAXDOUBLE, best_direct = G_MAXDOUBLE, flops;
  Bench b = { 0 };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { "reps", 0, 0, G_OPTION_ARG_INT, &reps, "Steps per timing (default 20)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Alternating rounds, the fastest of each kind kept (default 60)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "BLAS threads (0: all cores)", "N" },
    { NULL }
  };

  if (!belief_cli_parse ("bench", NULL, "One CD-1 step of a 784x500 RBM at batch 100 against "
                         "the bare sgemm calls of the same shapes.", entries, &argc, &argv, &code))
    return code;
  if (reps < 1 || reps > 100000 || rounds < 1 || rounds > 1000)
    return belief_cli_fail ("bench", "--reps must be 1..100000 and --rounds 1..1000");

  belief_blas_set_threads (threads);
  b.batch = 100;
  b.rbm = belief_rbm_new (784, 500, 0);
  belief_rng_init (&b.rng, 1);
  belief_rbm_init_normal (b.rbm, &b.rng, 0.01f);
  b.work = belief_rbm_work_new (b.rbm, b.batch);
  b.v = g_new0 (float, 2 * 100 * 784);
  b.h = g_new0 (float, 2 * 100 * 500);
  b.grad = g_new0 (float, 784 * 500);
  for (int i = 0; i < 100 * 784; i++)
    b.v[i] = belief_rng_uniform (&b.rng) < 0.13 ? 1.0f : 0.0f;

  /* Short timings of the two kinds, interleaved, and the fastest of each
   * kept: a burst of load from another process slows some timings of both
   * kinds but rarely all of them, so the minima compare like with like. */
  time_it (train_step, &b, 20);
  time_it (bare_gemms, &b, 20);
  for (int r = 0; r < rounds; r++)
    {
      best_step = MIN (best_step, time_it (train_step, &b, reps));
      best_bare = MIN (best_bare, time_it (bare_gemms, &b, reps));
      openblas_set_num_threads (belief_blas_get_threads ());
      best_direct = MIN (best_direct, time_it (direct_gemms, &b, reps));
      openblas_set_num_threads (1);  /* Belief splits the products itself */
    }
  flops = belief_rbm_step_flops (b.rbm, b.batch, 1, FALSE) * reps;
  if (json)
    printf ("{\"shape\": \"784x500\", \"batch\": 100, \"threads\": %d, "
            "\"step_seconds\": %.6g, \"samples_per_sec\": %.1f, \"step_gflops\": %.2f, "
            "\"sgemm_gflops\": %.2f, \"sgemm_fraction\": %.4f, "
            "\"split_sgemm_gflops\": %.2f, \"split_fraction\": %.4f}\n",
            belief_blas_get_threads (), best_step / reps, reps * b.batch / best_step,
            flops / best_step / 1e9, flops / best_direct / 1e9, best_direct / best_step,
            flops / best_bare / 1e9, best_bare / best_step);
  else
    printf ("CD-1 step, 784x500 RBM, batch 100, %d threads\n"
            "  training step               %8.1f samples/s  %6.1f GFLOP/s\n"
            "  bare cblas_sgemm (OpenBLAS threads)            %6.1f GFLOP/s  step at %.1f%%\n"
            "  the same split by rows over Belief's threads   %6.1f GFLOP/s  step at %.1f%%\n",
            belief_blas_get_threads (), reps * b.batch / best_step, flops / best_step / 1e9,
            flops / best_direct / 1e9, 100.0 * best_direct / best_step,
            flops / best_bare / 1e9, 100.0 * best_bare / best_step);

  belief_rbm_work_free (b.work);
  belief_rbm_free (b.rbm);
  g_free (b.v);
  g_free (b.h);
  g_free (b.grad);
  return 0;
}
