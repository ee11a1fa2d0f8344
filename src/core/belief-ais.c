/* belief-ais.c: Annealed Importance Sampling of log Z (see belief-ais.h). */
#include "belief-ais.h"

#include <math.h>
#include <string.h>

#include "belief-blas.h"
#include "belief-error.h"
#include "belief-kernels.h"
#include "belief-parallel.h"

/* The same AVX2 clone as belief-kernels.c for the loops of a step. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define HOT __attribute__ ((target_clones ("avx2", "default")))
#else
#define HOT
#endif

/* ---------------------------------------------------------------------- */
/* Vectorisable elementwise helpers (inlined into the loops below).         */

/* exp(x) for x <= 0 as belief-kernels.c computes it (the Cephes polynomial,
 * relative error < 2e-7), repeated here so that it inlines into the loops. */
static inline float
exp_poly (float x)
{
  float fx, r, y, n, scale;
  gint32 bits;
  int t;

  x = x < -87.0f ? -87.0f : x;
  x = x > 0.0f ? 0.0f : x;
  fx = x * 1.44269504088896341f + 0.5f;
  t = (int) (fx + 128.0f) - 128;  /* floor, fx + 128 > 0 after the clamp */
  n = (float) t;
  r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  y = 1.9875691500e-4f;
  y = y * r + 1.3981999507e-3f;
  y = y * r + 8.3334519073e-3f;
  y = y * r + 4.1665795894e-2f;
  y = y * r + 1.6666665459e-1f;
  y = y * r + 5.0000001201e-1f;
  y = y * r * r + r + 1.0f;
  bits = (gint32) ((t + 127) << 23);
  memcpy (&scale, &bits, sizeof scale);
  return y * scale;
}

/* exp(-t) - 1 for t >= 0 with small relative error also for tiny t: the
 * Taylor series up to t^9 / 9! when t <= 0.5 (truncation < 1e-9 relative),
 * else from exp (the result is then at least 0.39 in magnitude). */
static inline float
expm1_neg (float t)
{
  float s = -t, p = 1.0f / 362880.0f, small;

  p = p * s + 1.0f / 40320.0f;
  p = p * s + 1.0f / 5040.0f;
  p = p * s + 1.0f / 720.0f;
  p = p * s + 1.0f / 120.0f;
  p = p * s + 1.0f / 24.0f;
  p = p * s + 1.0f / 6.0f;
  p = p * s + 0.5f;
  p = p * s + 1.0f;
  small = s * p;
  return t <= 0.5f ? small : exp_poly (s) - 1.0f;
}

/* log(1 + q) for q in [-0.5, 1] with small relative error: with
 * s = q / (2 + q), |s| <= 1/3, log(1 + q) = 2 atanh(s) = 2 (s + s^3/3 + ...
 * + s^13/13); the omitted terms are below 2e-8 of the result. */
static inline float
log1p_small (float q)
{
  float s = q / (2.0f + q), s2 = s * s, p = 1.0f / 13.0f;

  p = p * s2 + 1.0f / 11.0f;
  p = p * s2 + 1.0f / 9.0f;
  p = p * s2 + 1.0f / 7.0f;
  p = p * s2 + 1.0f / 5.0f;
  p = p * s2 + 1.0f / 3.0f;
  p = p * s2 + 1.0f;
  return 2.0f * s * p;
}

/* sum_i a[i] and sum_i a[i] b[i] over n floats: eight running float sums
 * (the loops vectorise), folded in double. */
static inline double
sum_floats (const float *restrict a,
            int                   n)
{
  float partial[8] = { 0 };
  double sum = 0.0;
  int i = 0;

  for (; i + 8 <= n; i += 8)
    for (int k = 0; k < 8; k++)
      partial[k] += a[i + k];
  for (int k = 0; k < 8; k++)
    sum += partial[k];
  for (; i < n; i++)
    sum += a[i];
  return sum;
}

static inline double
dot_floats (const float *restrict a,
            const float *restrict b,
            int                   n)
{
  float partial[8] = { 0 };
  double sum = 0.0;
  int i = 0;

  for (; i + 8 <= n; i += 8)
    for (int k = 0; k < 8; k++)
      partial[k] += a[i + k] * b[i + k];
  for (int k = 0; k < 8; k++)
    sum += partial[k];
  for (; i < n; i++)
    sum += (double) a[i] * b[i];
  return sum;
}

/* ---------------------------------------------------------------------- */
/* One annealing step over all runs (rows).                                 */

typedef struct
{
  int          V, H;
  const float *c;         /* (H) hidden biases of the RBM */
  const float *db;        /* (V) b_B - b_A */
  const float *vbias;     /* (V) (1 - beta) b_A + beta b_B of this step */
  float       *v;         /* (M, V) visible states */
  float       *x;         /* (M, H) v W, then p(h | v), then hidden states */
  float       *act;       /* (M, V) beta h W^T */
  float       *d;         /* (M, H) per-unit log-weight increments */
  float       *u;         /* (M, u_stride) uniforms */
  int          u_stride;  /* max(V, H) */
  BeliefRng   *rngs;      /* (M) one generator per run */
  double      *log_w;     /* (M) */
  float        beta_prev; /* beta_(k-1) */
  float        dbeta;     /* beta_k - beta_(k-1) */
  double       dbeta_d;
  gboolean     sample;    /* draw h: FALSE at the last beta */
} AisJob;

/* Weight update and hidden sampling of rows [begin, end):
 *   log w += log p*_k(v) - log p*_(k-1)(v)
 *          = dbeta (b_B - b_A).v + sum_j [softplus(a_j) - softplus(b_j)]
 * with x_j = c_j + (v W)_j, a_j = beta_k x_j, b_j = beta_(k-1) x_j.  The
 * difference of two softplus sums of order a hundred, taken in float, would
 * have an error (and a systematic one) far above the increment itself,
 * 14500 times over.  Each unit's difference is instead computed in closed
 * form with small relative error:
 *   softplus(a) - softplus(b) = dbeta max(x, 0)
 *                               + log1p(sigma(-|b|) expm1(-dbeta |x|)),
 * the argument of log1p lies in [-0.5, 0], and the two terms cancel by at
 * most a factor two; so the error of a step is ~1e-7 of the increment and
 * the whole path's is ~1e-7 of sum_j |x_j|, however many betas.  The
 * same float x feeds both ends; the row sums are accumulated in double.
 * p(h_j = 1 | v) = sigma(beta_k x_j) reuses exp(-beta_k |x|) =
 * exp(-beta_(k-1) |x|) (1 + expm1(-dbeta |x|)). */
HOT static void
hidden_rows (gsize    begin,
             gsize    end,
             guint    piece,
             gpointer data)
{
  const AisJob *job = data;
  int V = job->V, H = job->H;
  float bp = job->beta_prev, db = job->dbeta;
  const float *restrict c = job->c;

  for (gsize r = begin; r < end; r++)
    {
      float *restrict x = job->x + r * H;
      float *restrict d = job->d + r * H;
      float *restrict u = job->u + r * job->u_stride;

      for (int j = 0; j < H; j++)
        {
          float xj = x[j] + c[j], ax = fabsf (xj);
          float eb = exp_poly (-bp * ax);            /* exp(-|b|) */
          float em = expm1_neg (db * ax);            /* exp(-dbeta |x|) - 1 */
          float ea = eb * (1.0f + em);               /* exp(-|a|) */
          float pa = 1.0f / (1.0f + ea);             /* sigma(|a|) */

          d[j] = db * (xj > 0.0f ? xj : 0.0f) + log1p_small (eb / (1.0f + eb) * em);
          x[j] = xj >= 0.0f ? pa : ea * pa;          /* sigma(a) */
        }
      job->log_w[r] += job->dbeta_d * dot_floats (job->db, job->v + r * V, V)
                       + sum_floats (d, H);
      if (job->sample)
        {
          belief_rng_fill_uniform (&job->rngs[r], u, H);
          for (int j = 0; j < H; j++)
            x[j] = x[j] > u[j] ? 1.0f : 0.0f;
        }
    }
}

/* v ~ sigma(act + vbias), rows [begin, end). */
HOT static void
visible_rows (gsize    begin,
              gsize    end,
              guint    piece,
              gpointer data)
{
  const AisJob *job = data;
  int V = job->V;
  const float *restrict vb = job->vbias;

  for (gsize r = begin; r < end; r++)
    {
      const float *restrict a = job->act + r * V;
      float *restrict v = job->v + r * V;
      float *restrict u = job->u + r * job->u_stride;

      belief_rng_fill_uniform (&job->rngs[r], u, V);
      for (int i = 0; i < V; i++)
        {
          float t = a[i] + vb[i], at = fabsf (t);
          float e = exp_poly (-at);
          float p = 1.0f / (1.0f + e);

          p = t >= 0.0f ? p : e * p;
          v[i] = p > u[i] ? 1.0f : 0.0f;
        }
    }
}

/* ---------------------------------------------------------------------- */

void
belief_ais_options_init (BeliefAisOptions *opt)
{
  g_return_if_fail (opt != NULL);

  opt->n_runs = BELIEF_AIS_DEFAULT_RUNS;
  opt->n_betas = BELIEF_AIS_DEFAULT_BETAS;
  opt->seed = 1;
}

void
belief_ais_schedule (int     n_betas,
                     double *betas)
{
  static const double ends[3] = { 0.5, 0.9, 1.0 };
  int counts[3], k = 0;
  double lo = 0.0;

  g_return_if_fail (n_betas >= 1 && betas != NULL);

  counts[0] = (int) floor (n_betas * (500.0 / 14500.0) + 0.5);
  counts[1] = (int) floor (n_betas * (4000.0 / 14500.0) + 0.5);
  counts[2] = n_betas - counts[0] - counts[1];
  for (int s = 0; s < 3; s++)
    {
      /* hi - (hi - lo) (n - i) / n: the segment ends exactly at hi */
      for (int i = 1; i <= counts[s]; i++)
        betas[k++] = ends[s] - (ends[s] - lo) * (counts[s] - i) / counts[s];
      lo = ends[s];
    }
  betas[n_betas - 1] = 1.0;
}

void
belief_ais_base_biases (const BeliefDataset *train,
                        float               *b_a)
{
  g_autofree double *sum = NULL;

  g_return_if_fail (train != NULL && b_a != NULL);

  sum = g_new0 (double, train->dim);
  for (guint n = 0; n < train->n; n++)
    {
      const guint8 *img = train->images + (gsize) n * train->dim;

      for (guint i = 0; i < train->dim; i++)
        sum[i] += img[i];
    }
  for (guint i = 0; i < train->dim; i++)
    {
      /* Laplace's rule: one pseudo-image all on, one all off */
      double p = (sum[i] / 255.0 + 1.0) / (train->n + 2.0);

      b_a[i] = (float) log (p / (1.0 - p));
    }
}

void
belief_ais_result_clear (BeliefAisResult *res)
{
  if (res == NULL)
    return;
  g_clear_pointer (&res->log_w, g_free);
}

static void
ais_summarise (BeliefAisResult *out)
{
  int M = out->n_runs;
  double max = -INFINITY, sum = 0.0, sum2 = 0.0, mean, var = 0.0, sd, shift;

  for (int r = 0; r < M; r++)
    max = MAX (max, out->log_w[r]);
  for (int r = 0; r < M; r++)
    {
      double w = exp (out->log_w[r] - max);  /* scaled: the largest is 1 */

      sum += w;
      sum2 += w * w;
    }
  mean = sum / M;
  for (int r = 0; r < M; r++)
    {
      double e = exp (out->log_w[r] - max) - mean;

      var += e * e;
    }
  sd = sqrt (var / (M - 1) / M);
  shift = out->log_z_base + max;
  out->log_z = shift + log (mean);
  out->log_z_hi = shift + log (mean + 3.0 * sd);
  out->log_z_lo = mean - 3.0 * sd > 0.0 ? shift + log (mean - 3.0 * sd) : -INFINITY;
  out->ess = sum * sum / sum2;
}

gboolean
belief_ais_log_z (const BeliefRbm        *rbm,
                  const float            *base_vis_bias,
                  const BeliefAisOptions *opt,
                  BeliefAisProgressFunc   progress,
                  gpointer                user_data,
                  BeliefAisResult        *out,
                  GError                **error)
{
  BeliefAisOptions defaults;
  g_autofree double *betas = NULL;
  g_autofree float *b_a = NULL, *db = NULL, *vbias = NULL, *v = NULL, *x = NULL;
  g_autofree float *act = NULL, *d = NULL, *u = NULL;
  g_autofree BeliefRng *rngs = NULL;
  BeliefRng root;
  AisJob job;
  int V, H, M, K, every;
  gsize hidden_piece, visible_piece;

  g_return_val_if_fail (rbm != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (opt == NULL)
    {
      belief_ais_options_init (&defaults);
      opt = &defaults;
    }
  if (rbm->n_label != 0)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "AIS needs an RBM without label units; this one has %d "
                   "(the top RBM of a DBN with labels)", rbm->n_label);
      return FALSE;
    }
  if (opt->n_runs < 2 || opt->n_runs > 1000000)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "AIS runs %d: use 2 to 1000000", opt->n_runs);
      return FALSE;
    }
  if (opt->n_betas < 1 || opt->n_betas > 100000000)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "AIS betas %d: use 1 to 100000000", opt->n_betas);
      return FALSE;
    }
  if (!belief_rbm_is_finite (rbm))
    {
      g_set_error_literal (error, BELIEF_ERROR, BELIEF_ERROR_DIVERGED,
                           "the RBM has NaN or infinite parameters");
      return FALSE;
    }

  V = rbm->n_vis;
  H = rbm->n_hid;
  M = opt->n_runs;
  K = opt->n_betas;
  betas = g_new (double, K);
  belief_ais_schedule (K, betas);

  b_a = g_new0 (float, V);
  if (base_vis_bias != NULL)
    memcpy (b_a, base_vis_bias, V * sizeof (float));
  db = g_new (float, V);
  vbias = g_new (float, V);
  out->n_runs = M;
  out->n_betas = K;
  out->log_z_base = H * G_LN2;
  for (int i = 0; i < V; i++)
    {
      db[i] = rbm->b[i] - b_a[i];
      out->log_z_base += belief_softplus (b_a[i]);
    }

  v = g_new (float, (gsize) M * V);
  x = g_new (float, (gsize) M * H);
  act = g_new0 (float, (gsize) M * V);
  d = g_new (float, (gsize) M * H);
  u = g_new (float, (gsize) M * MAX (V, H));
  out->log_w = g_new0 (double, M);
  rngs = g_new (BeliefRng, M);
  belief_rng_init (&root, opt->seed);
  for (int r = 0; r < M; r++)
    belief_rng_split (&root, &rngs[r]);

  job = (AisJob) {
    .V = V, .H = H, .c = rbm->c, .db = db, .vbias = vbias,
    .v = v, .x = x, .act = act, .d = d, .u = u, .u_stride = MAX (V, H),
    .rngs = rngs, .log_w = out->log_w,
  };
  /* rows per thread: at least a few thousand elements */
  hidden_piece = MAX (1, 2048 / H);
  visible_piece = MAX (1, 4096 / V);

  /* v ~ p_A: act = 0, bias b_A */
  memcpy (vbias, b_a, V * sizeof (float));
  belief_parallel_for ((gsize) M, visible_piece, visible_rows, &job);

  every = MAX (1, K / 100);
  for (int k = 1; k <= K; k++)
    {
      double beta = betas[k - 1], beta_prev = k > 1 ? betas[k - 2] : 0.0;

      /* x = v W (the hidden biases are added in the row loop) */
      belief_gemm (FALSE, FALSE, M, H, V, 1.0f, v, rbm->W, 0.0f, x);
      job.beta_prev = (float) beta_prev;
      job.dbeta = (float) (beta - beta_prev);
      job.dbeta_d = beta - beta_prev;
      job.sample = k < K;
      belief_parallel_for ((gsize) M, hidden_piece, hidden_rows, &job);

      if (k < K)
        {
          /* act = beta h W^T; v ~ sigma(act + (1 - beta) b_A + beta b_B) */
          belief_gemm (FALSE, TRUE, M, V, H, (float) beta, x, rbm->W, 0.0f, act);
          for (int i = 0; i < V; i++)
            vbias[i] = (float) ((1.0 - beta) * b_a[i] + beta * rbm->b[i]);
          belief_parallel_for ((gsize) M, visible_piece, visible_rows, &job);
        }

      if (progress != NULL && (k % every == 0 || k == K)
          && !progress ((double) k / K, user_data))
        {
          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_CANCELLED,
                       "AIS cancelled at beta %d of %d", k, K);
          belief_ais_result_clear (out);
          return FALSE;
        }
    }

  ais_summarise (out);
  return TRUE;
}

double
belief_ais_mean_log_prob (const BeliefRbm *rbm,
                          const float     *v,
                          int              n,
                          double           log_z)
{
  const int chunk = 500;
  g_autofree double *f = NULL;
  double sum = 0.0;

  g_return_val_if_fail (rbm != NULL && v != NULL && n > 0, NAN);
  g_return_val_if_fail (rbm->n_label == 0, NAN);

  f = g_new (double, MIN (n, chunk));
  for (int first = 0; first < n; first += chunk)
    {
      int count = MIN (chunk, n - first);

      belief_rbm_free_energy (rbm, v + (gsize) first * rbm->n_vis, f, count);
      for (int r = 0; r < count; r++)
        sum += -f[r];
    }
  return sum / n - log_z;
}
