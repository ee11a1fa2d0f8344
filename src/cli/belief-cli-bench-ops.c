/* belief-cli-bench-ops.c: the operations `belief-cli bench` times, each
 * beside the bare cblas_sgemm calls of the products it makes. */
#include <string.h>

#include <cblas.h>

#include "belief-blas.h"
#include "belief-cli-bench.h"
#include "belief-config.h"
#include "belief-dbn.h"
#include "belief-rbm.h"
#include "belief-session.h"

/* ---- bare products ------------------------------------------------------ */

typedef struct
{
  const BenchGemm *gemms;
  int              n;
  int              threads;
  float           *a, *b, *c;
} Bare;

double
bench_gemm_flops (const BenchGemm *gemms,
                  int              n_gemms)
{
  double f = 0.0;

  for (int i = 0; i < n_gemms; i++)
    f += 2.0 * gemms[i].M * gemms[i].N * gemms[i].K * MAX (gemms[i].times, 1);
  return f;
}

static void
bare_init (Bare            *bare,
           const BenchGemm *gemms,
           int              n,
           int              threads)
{
  gsize na = 1, nb = 1, nc = 1;
  BeliefRng rng;

  for (int i = 0; i < n; i++)
    {
      na = MAX (na, (gsize) gemms[i].M * gemms[i].K);
      nb = MAX (nb, (gsize) gemms[i].K * gemms[i].N);
      nc = MAX (nc, (gsize) gemms[i].M * gemms[i].N);
    }
  *bare = (Bare) { gemms, n, threads, g_new (float, na), g_new (float, nb), g_new0 (float, nc) };
  belief_rng_init (&rng, 7);
  for (gsize i = 0; i < na; i++)
    bare->a[i] = belief_rng_uniform (&rng) < 0.13 ? 1.0f : 0.0f;
  belief_rng_fill_normal (&rng, bare->b, nb, 0.01f);
}

static void
bare_clear (Bare *bare)
{
  g_free (bare->a);
  g_free (bare->b);
  g_free (bare->c);
}

/* The products as direct cblas_sgemm calls with OpenBLAS threading over
 * the bench's threads: what the library does on its own.  The leading
 * dimensions are those of the operation's row-major buffers. */
static void
bare_run (gpointer data)
{
  Bare *bare = data;

  openblas_set_num_threads (bare->threads);
  for (int i = 0; i < bare->n; i++)
    {
      const BenchGemm *g = &bare->gemms[i];
      float alpha = g->beta != 0.0f ? 0.01f : 1.0f;  /* keep C bounded */

      for (int t = 0; t < MAX (g->times, 1); t++)
        cblas_sgemm (CblasRowMajor, g->ta ? CblasTrans : CblasNoTrans,
                     g->tb ? CblasTrans : CblasNoTrans, g->M, g->N, g->K, alpha,
                     bare->a, g->ta ? g->M : g->K, bare->b, g->tb ? g->K : g->N,
                     g->beta, bare->c, g->N);
    }
  openblas_set_num_threads (1);  /* Belief splits the products itself */
}

/* ---- timing -------------------------------------------------------------- */

void
bench_settle (void)
{
  gint64 until = g_get_monotonic_time () + 250 * 1000;

  /* A busy wait, not a sleep: after a quarter of a second asleep the next
   * few steps on these virtual cores ran 1.7 times slower. */
  while (g_get_monotonic_time () < until)
    ;
}

static double
time_reps (BenchFunc fn,
           gpointer  data,
           int       reps)
{
  gint64 t0 = g_get_monotonic_time ();

  for (int i = 0; i < reps; i++)
    fn (data);
  return (g_get_monotonic_time () - t0) / 1e6;
}

static int
reps_for (const BenchContext *ctx,
          double              once)
{
  if (ctx->fixed_reps > 0)
    return ctx->fixed_reps;
  return (int) CLAMP (ctx->target / MAX (once, 1e-7), 1.0, 100000.0);
}

void
bench_measure (const BenchContext *ctx,
               BenchFunc           fn,
               gpointer            data,
               const BenchGemm    *gemms,
               int                 n_gemms,
               double              flops_per_call,
               double              samples_per_call,
               BenchEntry         *e)
{
  Bare bare;
  double best_op = G_MAXDOUBLE, best_bare = G_MAXDOUBLE, once;
  double bare_flops = bench_gemm_flops (gemms, n_gemms);
  int reps, bare_reps;

  bare_init (&bare, gemms, n_gemms, ctx->threads);
  if (flops_per_call <= 0)
    flops_per_call = bare_flops;

  /* warm up, and size each timing to about ctx->target seconds */
  if (!ctx->quick)
    fn (data);
  once = time_reps (fn, data, 1);
  reps = reps_for (ctx, once);
  if (!ctx->quick)
    bare_run (&bare);
  once = time_reps (bare_run, &bare, 1);
  bare_reps = reps_for (ctx, once);

  for (int r = 0; r < ctx->rounds; r++)
    {
      if (!ctx->quick)
        {
          bench_settle ();
          fn (data);  /* warm again after the pause */
        }
      best_op = MIN (best_op, time_reps (fn, data, reps) / reps);
      best_bare = MIN (best_bare, time_reps (bare_run, &bare, bare_reps) / bare_reps);
    }
  bare_clear (&bare);

  e->seconds_per_step = best_op;
  e->samples_per_sec = samples_per_call / best_op;
  e->gflops = flops_per_call / best_op / 1e9;
  e->sgemm_gflops = bare_flops / best_bare / 1e9;
  e->fraction = best_bare / best_op;
}

/* ---- training steps -------------------------------------------------------- */

typedef struct
{
  BeliefRbm      *rbm;
  BeliefRbmWork  *work;
  float          *v;   /* (B, V) */
  int             batch;
  BeliefRbmHyper  hp;
  BeliefRng       rng;
} Step;

/* With the step's statistics on, as the app and belief_session train. */
static void
step_run (gpointer data)
{
  Step *s = data;
  BeliefStepStats st;

  belief_rbm_cd_step (s->rbm, s->work, s->v, s->batch, &s->hp, &s->rng, &st);
}

/* The products belief_rbm_cd_step makes with stats on.  CD-1: h0 = v0 W,
 * v1 = hs W^T, h1 = v1 W.  PCD: v1 = chain W^T, [h0; h1] = [v0; v1] W in one
 * product, and the data's reconstruction hs W^T for the loss (of a quarter
 * of the rows, belief_rbm_pcd_loss_rows).  Then the
 * gradient [v0; v1]^T [h0; -h1] (K = 2B). */
static int
step_gemms (BenchGemm *g,
            int        V,
            int        H,
            int        B,
            gboolean   pcd)
{
  int n = 0;

  if (pcd)
    {
      g[n++] = (BenchGemm) { FALSE, TRUE, B, V, H, 0.0f, 1 };
      g[n++] = (BenchGemm) { FALSE, FALSE, 2 * B, H, V, 0.0f, 1 };
      g[n++] = (BenchGemm) { FALSE, TRUE, belief_rbm_pcd_loss_rows (B), V, H, 0.0f, 1 };
    }
  else
    {
      g[n++] = (BenchGemm) { FALSE, FALSE, B, H, V, 0.0f, 1 };
      g[n++] = (BenchGemm) { FALSE, TRUE, B, V, H, 0.0f, 1 };
      g[n++] = (BenchGemm) { FALSE, FALSE, B, H, V, 0.0f, 1 };
    }
  g[n++] = (BenchGemm) { TRUE, FALSE, V, H, 2 * B, 0.9f, 1 };
  return n;
}

static void
fill_visible (float     *v,
              int        batch,
              int        V,
              int        n_label,
              BeliefRng *rng)
{
  for (int r = 0; r < batch; r++)
    {
      float *row = v + (gsize) r * V;

      for (int i = 0; i < V - n_label; i++)
        row[i] = belief_rng_uniform (rng) < 0.13 ? 1.0f : 0.0f;
      for (int l = 0; l < n_label; l++)
        row[V - n_label + l] = l == r % n_label;
    }
}

void
bench_steps (const BenchContext *ctx,
             const BenchEntry   *headline,
             GArray             *entries)
{
  static const struct { int V, H, L; } shapes[] = { { 784, 500, 0 }, { 510, 2000, 10 } };
  static const int batches[] = { 20, 100, 1000 };

  for (guint si = 0; si < G_N_ELEMENTS (shapes); si++)
    for (guint bi = 0; bi < G_N_ELEMENTS (batches); bi++)
      for (int pcd = 0; pcd <= 1; pcd++)
        {
          int V = shapes[si].V, H = shapes[si].H, B = batches[bi];
          BenchEntry e = { 0 };
          BenchGemm g[8];
          Step s = { 0 };
          int n;

          if (!pcd && V == 784 && H == 500 && B == 100 && headline != NULL)
            {
              g_array_append_val (entries, *headline);
              continue;
            }
          g_snprintf (e.name, sizeof e.name, "%s-step", pcd ? "pcd" : "cd1");
          g_snprintf (e.shape, sizeof e.shape, "%dx%d%s", V, H, shapes[si].L ? "+10 labels" : "");
          e.batch = B;
          e.unit = "step";

          belief_rng_init (&s.rng, 1);
          s.rbm = belief_rbm_new (V, H, shapes[si].L);
          belief_rbm_init_normal (s.rbm, &s.rng, 0.01f);
          s.work = belief_rbm_work_new (s.rbm, B);
          s.v = g_new (float, (gsize) B * V);
          s.batch = B;
          fill_visible (s.v, B, V, shapes[si].L, &s.rng);
          s.hp = (BeliefRbmHyper) { .lr = 0.01f, .momentum = 0.9f, .weight_decay = 0.0002f,
                                    .cd_k = 1, .pcd = pcd, .divide_by_batch = TRUE };
          n = step_gemms (g, V, H, B, pcd);
          bench_measure (ctx, step_run, &s, g, n, belief_rbm_step_flops (s.rbm, B, 1, pcd), B, &e);
          g_array_append_val (entries, e);

          belief_rbm_work_free (s.work);
          belief_rbm_free (s.rbm);
          g_free (s.v);
        }
}

/* ---- recognition and generation on the default DBN shape ------------------ */

typedef struct
{
  BeliefDbn        *dbn;
  float            *v, *out;
  int               batch;
  BeliefRecogMethod method;
  int               n_gibbs;
  int              *labels;
  BeliefRng         rng;
} Infer;

static void
recognise_run (gpointer data)
{
  Infer *in = data;

  belief_dbn_recognise (in->dbn, in->v, in->batch, in->method, in->n_gibbs, &in->rng, in->out);
}

static void
generate_run (gpointer data)
{
  Infer *in = data;

  belief_dbn_generate (in->dbn, in->labels, in->batch, in->n_gibbs,
                       BELIEF_DEFAULT_LABEL_STRENGTH, &in->rng, in->out, 0, NULL, NULL);
}

static BeliefDbn *
default_dbn (BeliefRng *rng)
{
  static const int sizes[] = { 784, 500, 500, 2000 };
  BeliefDbn *dbn = belief_dbn_new (sizes, 3, 10, 28, 28);

  /* Random weights: the throughput does not depend on what was learned. */
  belief_dbn_init (dbn, rng, 0.01f);
  return dbn;
}

void
bench_inference (const BenchContext *ctx,
                 GArray             *entries)
{
  const int B = 500;     /* belief_evaluate's chunk */
  const int count = 100; /* ten of each label */
  const int steps = ctx->quick ? 20 : 200;
  Infer in = { 0 };
  BenchEntry e = { 0 };
  BenchGemm g[8];

  belief_rng_init (&in.rng, 3);
  in.dbn = default_dbn (&in.rng);
  in.v = g_new (float, (gsize) B * 784);
  in.out = g_new (float, (gsize) B * 784);
  in.batch = B;
  fill_visible (in.v, B, 784, 0, &in.rng);

  /* up to the pen layer, then the pen's share of the top RBM's input */
  g[0] = (BenchGemm) { FALSE, FALSE, B, 500, 784, 0.0f, 1 };
  g[1] = (BenchGemm) { FALSE, FALSE, B, 500, 500, 0.0f, 1 };
  g[2] = (BenchGemm) { FALSE, FALSE, B, 2000, 500, 1.0f, 1 };
  e = (BenchEntry) { .name = "recognise-free-energy", .shape = "784-500-500+10-2000",
                     .batch = B, .unit = "call" };
  in.method = BELIEF_RECOG_FREE_ENERGY;
  bench_measure (ctx, recognise_run, &in, g, 3, 0, B, &e);
  g_array_append_val (entries, e);

  /* up to the pen layer, then 15 x (h = [pen, labels] W, v = h W^T) */
  g[2] = (BenchGemm) { FALSE, FALSE, B, 2000, 510, 0.0f, 15 };
  g[3] = (BenchGemm) { FALSE, TRUE, B, 510, 2000, 0.0f, 15 };
  e = (BenchEntry) { .name = "recognise-gibbs-15", .shape = "784-500-500+10-2000",
                     .batch = B, .unit = "call" };
  in.method = BELIEF_RECOG_GIBBS;
  in.n_gibbs = 15;
  bench_measure (ctx, recognise_run, &in, g, 4, 0, B, &e);
  g_array_append_val (entries, e);

  /* 200 x (h = v W, v = h W^T) in the top RBM, then down two layers */
  in.batch = count;
  in.n_gibbs = steps;
  in.labels = g_new (int, count);
  for (int i = 0; i < count; i++)
    in.labels[i] = i % 10;
  g[0] = (BenchGemm) { FALSE, FALSE, count, 2000, 510, 0.0f, steps };
  g[1] = (BenchGemm) { FALSE, TRUE, count, 510, 2000, 0.0f, steps };
  g[2] = (BenchGemm) { FALSE, TRUE, count, 500, 500, 0.0f, 1 };
  g[3] = (BenchGemm) { FALSE, TRUE, count, 784, 500, 0.0f, 1 };
  e = (BenchEntry) { .shape = "784-500-500+10-2000", .batch = count, .unit = "call" };
  g_snprintf (e.name, sizeof e.name, "generate-gibbs-%d", steps);
  bench_measure (ctx, generate_run, &in, g, 4, 0, count, &e);
  g_array_append_val (entries, e);

  g_free (in.labels);
  g_free (in.v);
  g_free (in.out);
  belief_dbn_free (in.dbn);
}

/* ---- one pretraining epoch of the default DBN ------------------------------- */

typedef struct
{
  double seconds[BELIEF_MAX_LAYERS];
  int    layer;
} EpochClock;

static void
epoch_progress_cb (const BeliefProgress *p,
                   gpointer              user_data)
{
  ((EpochClock *) user_data)->layer = p->layer;
}

/* One session of the default config with 1 pretraining epoch per layer, no
 * fine-tuning and no evaluation: the seconds of belief_session_step per
 * layer, which include the layer's start (the up-pass of the whole
 * training set through the layers below, quantised to bytes). */
static gboolean
dbn_epoch_once (const BenchContext *ctx,
                const BeliefConfig *cfg,
                EpochClock         *clock)
{
  g_autoptr(BeliefSession) session = NULL;
  g_autoptr(GError) error = NULL;

  memset (clock, 0, sizeof *clock);
  if ((session = belief_session_new (cfg, ctx->train, NULL, &error)) == NULL)
    {
      g_printerr ("belief-cli bench: %s\n", error->message);
      return FALSE;
    }
  belief_session_set_progress_func (session, epoch_progress_cb, clock);
  for (;;)
    {
      gint64 t0 = g_get_monotonic_time ();
      gboolean more = belief_session_step (session, &error);

      if (!more)
        break;
      clock->seconds[clock->layer] += (g_get_monotonic_time () - t0) / 1e6;
    }
  if (error != NULL)
    g_printerr ("belief-cli bench: %s\n", error->message);
  belief_blas_set_threads (ctx->threads);  /* the session sets its own */
  return error == NULL;
}

void
bench_dbn_epoch (const BenchContext *ctx,
                 GArray             *entries)
{
  BeliefConfig cfg;
  double best[BELIEF_MAX_LAYERS], best_bare[BELIEF_MAX_LAYERS];
  BenchGemm g[BELIEF_MAX_LAYERS][10];
  int ng[BELIEF_MAX_LAYERS];
  Bare bare[BELIEF_MAX_LAYERS];
  int n_layers, sizes[BELIEF_MAX_LAYERS + 1];
  guint n, n_batches;
  BenchEntry total = { .name = "dbn-pretrain-epoch", .unit = "epoch" };
  double flops_total = 0, bare_flops_total = 0, sec_total = 0, bare_total = 0;

  if (ctx->train == NULL)
    return;
  belief_config_defaults (&cfg);
  if (ctx->quick)
    cfg.train_size = 1000;  /* checks that it runs, not how fast */
  cfg.epochs = cfg.top_epochs = 1;
  cfg.finetune_epochs = 0;
  cfg.eval_size = 0;
  cfg.threads = ctx->threads;
  n = cfg.train_size > 0 ? MIN ((guint) cfg.train_size, ctx->train->n) : ctx->train->n;
  n_batches = (n + cfg.batch - 1) / cfg.batch;
  n_layers = cfg.n_hidden;
  sizes[0] = (int) ctx->train->dim;
  for (int i = 0; i < n_layers; i++)
    sizes[i + 1] = cfg.hidden[i];

  /* Per layer: the up-pass of the training set in chunks of 500 through the
   * layers below, then the CD-1 step's products for every minibatch (the
   * last minibatch counted as a full one). */
  for (int l = 0; l < n_layers; l++)
    {
      int V = sizes[l] + (l == n_layers - 1 ? 10 : 0), H = sizes[l + 1];
      int chunks = (int) ((n + 499) / 500);

      ng[l] = 0;
      for (int j = 0; j < l; j++)
        g[l][ng[l]++] = (BenchGemm) { FALSE, FALSE, 500, sizes[j + 1], sizes[j], 0.0f, chunks };
      g[l][ng[l]++] = (BenchGemm) { FALSE, FALSE, cfg.batch, H, V, 0.0f, (int) n_batches };
      g[l][ng[l]++] = (BenchGemm) { FALSE, TRUE, cfg.batch, V, H, 0.0f, (int) n_batches };
      g[l][ng[l]++] = (BenchGemm) { FALSE, FALSE, cfg.batch, H, V, 0.0f, (int) n_batches };
      g[l][ng[l]++] = (BenchGemm) { TRUE, FALSE, V, H, 2 * cfg.batch, 0.9f, (int) n_batches };
      bare_init (&bare[l], g[l], ng[l], ctx->threads);
      best[l] = best_bare[l] = G_MAXDOUBLE;
    }

  for (int r = 0; r < (ctx->quick ? 1 : 3); r++)
    {
      EpochClock clock;

      if (!dbn_epoch_once (ctx, &cfg, &clock))
        break;
      for (int l = 0; l < n_layers; l++)
        {
          best[l] = MIN (best[l], clock.seconds[l]);
          best_bare[l] = MIN (best_bare[l], time_reps (bare_run, &bare[l], 1));
        }
    }

  for (int l = 0; l < n_layers && best[0] < G_MAXDOUBLE; l++)
    {
      BenchEntry e = { .unit = "epoch", .batch = cfg.batch };
      double fl = bench_gemm_flops (g[l], ng[l]);

      g_snprintf (e.name, sizeof e.name, "dbn-pretrain-layer%d", l + 1);
      g_snprintf (e.shape, sizeof e.shape, "%dx%d%s", sizes[l] + (l == n_layers - 1 ? 10 : 0),
                  sizes[l + 1], l == n_layers - 1 ? "+10 labels" : "");
      e.seconds_per_step = best[l];
      e.samples_per_sec = n / best[l];
      e.gflops = fl / best[l] / 1e9;
      e.sgemm_gflops = fl / best_bare[l] / 1e9;
      e.fraction = best_bare[l] / best[l];
      g_array_append_val (entries, e);
      flops_total += fl;
      bare_flops_total += fl;
      sec_total += best[l];
      bare_total += best_bare[l];
    }
  if (sec_total > 0)
    {
      g_snprintf (total.shape, sizeof total.shape, "784-500-500+10-2000");
      total.batch = cfg.batch;
      total.seconds_per_step = sec_total;
      total.samples_per_sec = n / sec_total;
      total.gflops = flops_total / sec_total / 1e9;
      total.sgemm_gflops = bare_flops_total / bare_total / 1e9;
      total.fraction = bare_total / sec_total;
      g_array_append_val (entries, total);
    }
  for (int l = 0; l < n_layers; l++)
    bare_clear (&bare[l]);
}
