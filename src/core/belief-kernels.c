/* belief-kernels.c: vectorisable elementwise loops (see belief-kernels.h). */
#include "belief-kernels.h"

#include "belief-parallel.h"

#include <math.h>
#include <string.h>

/* The hot loops get an AVX2 clone picked at load time where the
 * processor has it (twice the vector width); the default clone is SSE2. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define HOT __attribute__ ((target_clones ("avx2", "default")))
#else
#define HOT
#endif

/* Cephes-style expf: 2^n * P(r), r = x - n ln2, with the exponent built from
 * integer bits.  Everything is arithmetic the vectoriser understands. */
static inline float
exp_poly (float x)
{
  float fx, r, y, n;
  gint32 bits;
  float scale;
  int t;

  x = x > 88.0f ? 88.0f : x;
  x = x < -87.0f ? -87.0f : x;
  fx = x * 1.44269504088896341f + 0.5f;
  t = (int) (fx + 128.0f) - 128;  /* floor: fx + 128 > 0 after the clamp */
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

float
belief_fast_expf (float x)
{
  return exp_poly (x);
}

typedef struct
{
  float       *x;
  const float *bias;
  int          cols;
} SigmoidJob;

static void
sigmoid_range (gsize    begin,
               gsize    end,
               guint    piece,
               gpointer data)
{
  SigmoidJob *job = data;

  belief_sigmoid_block (job->x, job->cols, job->bias, (int) begin, (int) end, 0, job->cols);
}

void
belief_sigmoid_rows (float       *x,
                     const float *bias,
                     int          rows,
                     int          cols)
{
  SigmoidJob job = { x, bias, cols };

  /* pieces of at least ~32k values: below that a thread hand-off costs more */
  belief_parallel_for ((gsize) rows, MAX (32768 / MAX (cols, 1), 1), sigmoid_range, &job);
}

HOT void
belief_sigmoid_block (float       *x,
                      int          ld,
                      const float *bias,
                      int          r0,
                      int          r1,
                      int          c0,
                      int          c1)
{
  for (int r = r0; r < r1; r++)
    {
      float *restrict row = x + (gsize) r * ld;

      if (bias != NULL)
        for (int j = c0; j < c1; j++)
          row[j] = 1.0f / (1.0f + exp_poly (-(row[j] + bias[j])));
      else
        for (int j = c0; j < c1; j++)
          row[j] = 1.0f / (1.0f + exp_poly (-row[j]));
    }
}

void
belief_softmax_group (float *x,
                      int    rows,
                      int    stride,
                      int    offset,
                      int    group)
{
  for (int r = 0; r < rows; r++)
    {
      float *g = x + (gsize) r * stride + offset;
      float max = g[0], sum = 0.0f;

      for (int j = 1; j < group; j++)
        max = g[j] > max ? g[j] : max;
      for (int j = 0; j < group; j++)
        {
          g[j] = expf (g[j] - max);
          sum += g[j];
        }
      for (int j = 0; j < group; j++)
        g[j] /= sum;
    }
}

HOT void
belief_bernoulli (float       *out,
                  const float *p,
                  gsize        n,
                  float       *scratch,
                  BeliefRng   *rng)
{
  float *restrict u = scratch;

  belief_rng_fill_uniform (rng, u, n);
  for (gsize i = 0; i < n; i++)
    out[i] = p[i] > u[i] ? 1.0f : 0.0f;
}

HOT void
belief_col_diff_sum (float       *out,
                     const float *a,
                     const float *b,
                     int          rows,
                     int          cols,
                     float        alpha,
                     float        beta)
{
  for (int j = 0; j < cols; j++)
    out[j] *= beta;
  for (int r = 0; r < rows; r++)
    {
      const float *restrict ar = a + (gsize) r * cols;
      const float *restrict br = b + (gsize) r * cols;

      for (int j = 0; j < cols; j++)
        out[j] += alpha * (ar[j] - br[j]);
    }
}

HOT double
belief_mean_sq_diff (const float *a,
                     const float *b,
                     gsize        n)
{
  float partial[8] = { 0 };
  double sum = 0.0;
  gsize i = 0;

  /* Eight running float sums keep the loop vectorisable and accurate
   * enough; they are folded in double. */
  for (; i + 8 <= n; i += 8)
    for (int k = 0; k < 8; k++)
      {
        float d = a[i + k] - b[i + k];
        partial[k] += d * d;
      }
  for (int k = 0; k < 8; k++)
    sum += partial[k];
  for (; i < n; i++)
    sum += (double) (a[i] - b[i]) * (a[i] - b[i]);
  return n > 0 ? sum / (double) n : 0.0;
}


/* Eight lanes as GCC vector types: written as eight scalar partial sums,
 * the stores, the count and the two sums made GCC interleave the lanes with
 * permutes, and the pass ran ten times slower than memory allows. */
typedef float  BeliefV8f __attribute__ ((vector_size (32)));
typedef gint32 BeliefV8i __attribute__ ((vector_size (32)));

HOT void
belief_update_range (gsize    begin,
                     gsize    end,
                     guint    piece,
                     gpointer data)
{
  BeliefUpdateJob *job = data;
  float *restrict wr = job->w;
  float *restrict vr = job->vel;
  float decay = job->decay, thresh = job->thresh;
  BeliefV8f decay8 = decay - (BeliefV8f) { 0 }, thresh8 = thresh - (BeliefV8f) { 0 };
  BeliefV8f partial = { 0 }, wpartial = { 0 };
  BeliefV8i count = { 0 };
  gsize stable = 0, i = begin;
  double ss = 0.0, ws = 0.0;

  for (; i + 8 <= end; i += 8)
    {
      BeliefV8f v, w;
      BeliefV8i bits;

      memcpy (&v, vr + i, sizeof v);
      memcpy (&w, wr + i, sizeof w);
      v = v - decay8 * w;
      w = w + v;
      memcpy (vr + i, &v, sizeof v);
      memcpy (wr + i, &w, sizeof w);
      bits = (BeliefV8i) v & 0x7fffffff;               /* |v| */
      count -= (BeliefV8f) bits <= thresh8;            /* true is -1 */
      partial += v * v;
      wpartial += w * w;
    }
  for (; i < end; i++)
    {
      float v = vr[i] - decay * wr[i];

      vr[i] = v;
      wr[i] += v;
      stable += fabsf (v) <= thresh;
      ss += v * v;
      ws += wr[i] * wr[i];
    }
  for (int k = 0; k < 8; k++)
    {
      ss += partial[k];
      ws += wpartial[k];
      stable += (gsize) count[k];
    }
  job->stable[piece] += stable;
  job->sumsq[piece] += ss;
  job->w_sumsq[piece] += ws;
}

gsize
belief_update_finish (const BeliefUpdateJob *job,
                      guint                  pieces,
                      double                *sumsq,
                      double                *w_sumsq)
{
  gsize stable = 0;
  double ss = 0.0, ws = 0.0;

  for (guint p = 0; p < pieces; p++)
    {
      stable += job->stable[p];
      ss += job->sumsq[p];
      ws += job->w_sumsq[p];
    }
  if (sumsq != NULL)
    *sumsq = ss;
  if (w_sumsq != NULL)
    *w_sumsq = ws;
  return stable;
}

void
belief_add_inplace (float       *w,
                    const float *vel,
                    gsize        n)
{
  for (gsize i = 0; i < n; i++)
    w[i] += vel[i];
}

/* log(1 + e) for e in [0, 1]: with s = e / (2 + e) <= 1/3,
 * log(1 + e) = 2 atanh(s) = 2 (s + s^3/3 + ... + s^11/11); the first
 * omitted term is below 1e-7. */
static inline float
log1p_unit (float e)
{
  float s = e / (2.0f + e), s2 = s * s;
  float p = 1.0f / 11.0f;

  p = p * s2 + 1.0f / 9.0f;
  p = p * s2 + 1.0f / 7.0f;
  p = p * s2 + 1.0f / 5.0f;
  p = p * s2 + 1.0f / 3.0f;
  p = p * s2 + 1.0f;
  return 2.0f * s * p;
}

HOT double
belief_softplus_sum (const float *a,
                     const float *b,
                     int          n)
{
  float partial[8] = { 0 };
  double sum = 0.0;
  int i = 0;

  /* softplus(x) = max(x, 0) + log(1 + exp(-|x|)) */
  for (; i + 8 <= n; i += 8)
    for (int k = 0; k < 8; k++)
      {
        float x = a[i + k] + b[i + k];
        float ax = fabsf (x);

        partial[k] += (x > 0.0f ? x : 0.0f) + log1p_unit (exp_poly (-ax));
      }
  for (int k = 0; k < 8; k++)
    sum += partial[k];
  for (; i < n; i++)
    sum += belief_softplus ((double) a[i] + b[i]);
  return sum;
}

double
belief_softplus (double x)
{
  return x > 0 ? x + log1p (exp (-x)) : log1p (exp (x));
}
