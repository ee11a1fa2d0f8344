/* belief-cli-bench.c: `belief-cli bench`, the training steps, a DBN's
 * pretraining epoch, recognition and generation, each against the bare
 * sgemm calls of the same shapes measured in the same run.  The headline,
 * one CD-1 step of a 784x500 RBM at batch 100, is also compared with the
 * same products split by rows over Belief's threads (belief_gemm). */
#include <stdio.h>
#include <string.h>

#include <cblas.h>

#include "belief-blas.h"
#include "belief-cli.h"
#include "belief-cli-bench.h"
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

static void
print_entry_json (const BenchEntry *e,
                  gboolean          last)
{
  printf ("    {\"name\": \"%s\", \"shape\": \"%s\", \"batch\": %d, \"unit\": \"%s\", "
          "\"seconds_per_step\": %.6g, \"samples_per_sec\": %.1f, \"gflops\": %.2f, "
          "\"sgemm_gflops\": %.2f, \"fraction\": %.4f}%s\n",
          e->name, e->shape, e->batch, e->unit, e->seconds_per_step, e->samples_per_sec,
          e->gflops, e->sgemm_gflops, e->fraction, last ? "" : ",");
}

static void
print_table (GArray *entries)
{
  printf ("%-22s %-20s %5s %12s %12s %8s %8s %7s\n", "operation", "shape", "batch",
          "seconds", "samples/s", "GFLOP/s", "sgemm", "of bare");
  for (guint i = 0; i < entries->len; i++)
    {
      const BenchEntry *e = &g_array_index (entries, BenchEntry, i);
      char secs[32];

      g_snprintf (secs, sizeof secs, "%.3g/%s", e->seconds_per_step, e->unit);
      printf ("%-22s %-20s %5d %12s %12.0f %8.1f %8.1f %6.1f%%\n", e->name, e->shape,
              e->batch, secs, e->samples_per_sec, e->gflops, e->sgemm_gflops,
              100.0 * e->fraction);
    }
}

int
belief_cli_bench (int    argc,
                  char **argv)
{
  gboolean json = FALSE, quick = FALSE, step_only = FALSE;
  int reps = 0, rounds = 0, threads = 0, code = 0, batch = 100, hidden = 500, epochs = 3;
  g_autofree char *epoch_algo = NULL;
  double best_step = G_MAXDOUBLE, best_bare = G_MAXDOUBLE, best_direct = G_MAXDOUBLE, flops;
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (BenchEntry));
  g_autoptr(BeliefDataset) train = NULL;
  g_autoptr(GError) error = NULL;
  BenchEntry headline = { .name = "cd1-step", .shape = "784x500", .batch = 100, .unit = "step" };
  BenchContext ctx = { 0 };
  Bench b = { 0 };
  GOptionEntry options[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Few repetitions: checks that it runs, not how fast", NULL },
    { "step-only", 0, 0, G_OPTION_ARG_NONE, &step_only, "Only the headline CD-1 step (784x500, batch 100)", NULL },
    { "reps", 0, 0, G_OPTION_ARG_INT, &reps, "Headline steps per timing (default 20, --quick 5)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Alternating rounds of the headline, the fastest of each kind kept "
      "(default 60, --quick 3); the other entries use a sixth of them", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Threads (0: all cores)", "N" },
    { "epoch", 0, 0, G_OPTION_ARG_STRING, &epoch_algo, "Instead of the suite: time whole training epochs "
      "of one RBM on the default digits, cd1 or pcd (see bench/peers)", "ALGO" },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, "With --epoch: minibatch size (default 100)", "N" },
    { "hidden", 0, 0, G_OPTION_ARG_INT, &hidden, "With --epoch: hidden units (default 500)", "N" },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs, "With --epoch: timed epochs after the warm-up, the fastest "
      "reported (default 3)", "N" },
    { NULL }
  };

  if (!belief_cli_parse ("bench", NULL, "Training steps (CD-1 and PCD of 784x500 and 510x2000 RBMs at "
                         "batch 20, 100 and 1000), one pretraining epoch of the default DBN, recognition "
                         "and generation, each against the bare sgemm calls of the same shapes in the "
                         "same run.", options, &argc, &argv, &code))
    return code;
  if (!belief_cli_check_range ("bench", "--threads", threads, 0, 256, "the number of threads"))
    return 1;
  if (epoch_algo != NULL)
    return bench_epochs (epoch_algo, batch, hidden, epochs, threads, json);
  if (reps == 0)
    reps = quick ? 5 : 20;
  if (rounds == 0)
    rounds = quick ? 3 : 60;
  if (!belief_cli_check_range ("bench", "--reps", reps, 1, 100000, "the steps per timing")
      || !belief_cli_check_range ("bench", "--rounds", rounds, 1, 1000, "the number of rounds"))
    return 1;

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

  /* Short timings of the three kinds, interleaved, and the fastest of each
   * kept (see belief-cli-bench.h). */
  time_it (train_step, &b, 20);
  time_it (bare_gemms, &b, 20);
  for (int r = 0; r < rounds; r++)
    {
      if (!quick)
        {
          bench_settle ();
          time_it (train_step, &b, 1);  /* warm again after the pause */
        }
      best_step = MIN (best_step, time_it (train_step, &b, reps));
      best_bare = MIN (best_bare, time_it (bare_gemms, &b, reps));
      openblas_set_num_threads (belief_blas_get_threads ());
      best_direct = MIN (best_direct, time_it (direct_gemms, &b, reps));
      openblas_set_num_threads (1);  /* Belief splits the products itself */
    }
  flops = belief_rbm_step_flops (b.rbm, b.batch, 1, FALSE) * reps;
  headline.seconds_per_step = best_step / reps;
  headline.samples_per_sec = reps * b.batch / best_step;
  headline.gflops = flops / best_step / 1e9;
  headline.sgemm_gflops = flops / best_direct / 1e9;
  headline.fraction = best_direct / best_step;
  belief_rbm_work_free (b.work);
  belief_rbm_free (b.rbm);
  g_free (b.v);
  g_free (b.h);
  g_free (b.grad);

  ctx.threads = belief_blas_get_threads ();
  ctx.rounds = MAX (rounds / 6, 1);
  ctx.target = quick ? 0.002 : 0.02;
  ctx.quick = quick;
  if (step_only)
    g_array_append_val (entries, headline);
  else
    {
      /* The DBN epoch needs the digits; without them it is left out. */
      train = belief_cli_load_data (NULL, BELIEF_SPLIT_TRAIN, &error);
      ctx.train = train;
      bench_steps (&ctx, &headline, entries);
      bench_dbn_epoch (&ctx, entries);
      bench_inference (&ctx, entries);
    }

  if (json)
    {
      printf ("{\"shape\": \"784x500\", \"batch\": 100, \"threads\": %d, \"quick\": %s, "
              "\"step_seconds\": %.6g, \"samples_per_sec\": %.1f, \"step_gflops\": %.2f, "
              "\"sgemm_gflops\": %.2f, \"sgemm_fraction\": %.4f, "
              "\"split_sgemm_gflops\": %.2f, \"split_fraction\": %.4f, \"dbn_data\": %s, "
              "\"blas\": \"%s\",\n  \"entries\": [\n",
              ctx.threads, quick ? "true" : "false", headline.seconds_per_step,
              headline.samples_per_sec, headline.gflops, headline.sgemm_gflops,
              headline.fraction, flops / best_bare / 1e9, best_bare / best_step,
              train != NULL ? "true" : "false", openblas_get_config ());
      for (guint i = 0; i < entries->len; i++)
        print_entry_json (&g_array_index (entries, BenchEntry, i), i + 1 == entries->len);
      printf ("  ]}\n");
    }
  else
    {
      printf ("CD-1 step, 784x500 RBM, batch 100, %d threads\n"
              "  training step               %8.1f samples/s  %6.1f GFLOP/s\n"
              "  bare cblas_sgemm (OpenBLAS threads)            %6.1f GFLOP/s  step at %.1f%%\n"
              "  the same split by rows over Belief's threads   %6.1f GFLOP/s  step at %.1f%%\n\n",
              ctx.threads, headline.samples_per_sec, headline.gflops,
              headline.sgemm_gflops, 100.0 * headline.fraction,
              flops / best_bare / 1e9, 100.0 * best_bare / best_step);
      print_table (entries);
      if (!step_only && train == NULL)
        printf ("(no DBN epoch: %s)\n", error->message);
      printf ("Steps run with their statistics on (loss, stability), as the app trains; GFLOP/s of\n"
              "a step counts belief_rbm_step_flops, \"sgemm\" the same products as bare cblas_sgemm\n"
              "with OpenBLAS's threads, \"of bare\" = their time / the operation's time.  The PCD\n"
              "step's statistics add one product, of a quarter of the rows, that\n"
              "belief_rbm_step_flops does not count.\n");
    }
  return 0;
}
