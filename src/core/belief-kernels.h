/* belief-kernels.h: the elementwise work of a training step.
 *
 * Tight loops over whole batches, written so the compiler vectorises them:
 * no libm calls inside (a polynomial exp), no per-element function pointers.
 */
#pragma once

#include <glib.h>

#include "belief-parallel.h"
#include "belief-rng.h"

G_BEGIN_DECLS

/* x = sigma(x + bias[col]) for a (rows, cols) matrix; bias may be NULL. */
void   belief_sigmoid_rows   (float *x, const float *bias, int rows, int cols);
/* The same on the block rows [r0, r1), columns [c0, c1) of a matrix with
 * row stride ld, on the calling thread (a belief_gemm_then epilogue). */
void   belief_sigmoid_block  (float *x, int ld, const float *bias, int r0, int r1,
                              int c0, int c1);
/* Softmax of columns [offset, offset + group) of each row, in place. */
void   belief_softmax_group  (float *x, int rows, int stride, int offset, int group);
/* out[i] = p[i] > u[i] ? 1 : 0 with u uniform, drawn in bulk into scratch. */
void   belief_bernoulli      (float *out, const float *p, gsize n, float *scratch,
                              BeliefRng *rng);
/* Sum over rows of (a - b): out (cols) = alpha * sum_r (a[r] - b[r]) + beta * out. */
void   belief_col_diff_sum   (float *out, const float *a, const float *b, int rows,
                              int cols, float alpha, float beta);
/* mean of (a - b)^2 over n elements */
double belief_mean_sq_diff   (const float *a, const float *b, gsize n);
/* The weight step, after the gradient product has put momentum*vel +
 * alpha*(pos-neg) into vel: vel -= decay * w; w += vel, counting how many
 * |vel| <= thresh and summing vel^2 and w^2 after the step.  Run in pieces,
 * as the threads of the product finish their blocks of vel: zero-initialise,
 * call belief_update_range for each piece's element ranges (a piece may call
 * it several times), then belief_update_finish with the number of pieces,
 * which returns the count. */
typedef struct
{
  float *w, *vel;
  float  decay, thresh;
  gsize  stable[BELIEF_PARALLEL_MAX];
  double sumsq[BELIEF_PARALLEL_MAX];
  double w_sumsq[BELIEF_PARALLEL_MAX];
} BeliefUpdateJob;
void   belief_update_range   (gsize begin, gsize end, guint piece, gpointer job);
gsize  belief_update_finish  (const BeliefUpdateJob *job, guint pieces, double *sumsq,
                              double *w_sumsq);
/* w += vel for biases. */
void   belief_add_inplace    (float *w, const float *vel, gsize n);
/* Fast exp for the sigmoid, relative error < 2e-7 on [-87, 88]. */
float  belief_fast_expf      (float x);
/* sum_j softplus(a_j + b_j), vectorised, absolute error ~1e-7 per term. */
double belief_softplus_sum   (const float *a, const float *b, int n);
/* log(1 + exp(x)), accurate for all x (used by free energies; libm). */
double belief_softplus       (double x);

G_END_DECLS
