/* belief-blas.c */
#include "belief-blas.h"

#include <cblas.h>

#include "belief-parallel.h"

typedef struct
{
  gboolean     trans_a, trans_b;
  int          M, N, K;
  float        alpha, beta;
  const float *A, *B;
  float       *C;
} GemmJob;

static void
gemm_rows (const GemmJob *g,
           int            m0,
           int            m1)
{
  int lda = g->trans_a ? g->M : g->K;
  int ldb = g->trans_b ? g->K : g->N;
  const float *A = g->trans_a ? g->A + m0 : g->A + (gsize) m0 * lda;

  cblas_sgemm (CblasRowMajor,
               g->trans_a ? CblasTrans : CblasNoTrans,
               g->trans_b ? CblasTrans : CblasNoTrans,
               m1 - m0, g->N, g->K, g->alpha, A, lda, g->B, ldb, g->beta,
               g->C + (gsize) m0 * g->N, g->N);
}

/* Columns n0..n1 of C: the whole of A against a block of op(B). */
static void
gemm_cols (const GemmJob *g,
           int            n0,
           int            n1)
{
  int lda = g->trans_a ? g->M : g->K;
  int ldb = g->trans_b ? g->K : g->N;
  const float *B = g->trans_b ? g->B + (gsize) n0 * ldb : g->B + n0;

  cblas_sgemm (CblasRowMajor,
               g->trans_a ? CblasTrans : CblasNoTrans,
               g->trans_b ? CblasTrans : CblasNoTrans,
               g->M, n1 - n0, g->K, g->alpha, g->A, lda, B, ldb, g->beta,
               g->C + n0, g->N);
}

static void
gemm_range (gsize    begin,
            gsize    end,
            guint    piece,
            gpointer data)
{
  gemm_rows (data, (int) begin, (int) end);
}

static void
gemm_col_range (gsize    begin,
                gsize    end,
                guint    piece,
                gpointer data)
{
  gemm_cols (data, (int) begin, (int) end);
}

/* Products are split over Belief's own threads, each running single-threaded
 * OpenBLAS: the same threads then do the elementwise work in between,
 * instead of OpenBLAS's workers spinning idle beside it.  A wide C (a
 * minibatch times a layer) is split by columns, so that each thread reads
 * only its part of the weights; a tall one (the weight gradient) by rows. */
void
belief_gemm (gboolean     trans_a,
             gboolean     trans_b,
             int          M,
             int          N,
             int          K,
             float        alpha,
             const float *A,
             const float *B,
             float        beta,
             float       *C)
{
  GemmJob job = { trans_a, trans_b, M, N, K, alpha, beta, A, B, C };

  if ((double) M * N * K < 2e6)
    gemm_rows (&job, 0, M);
  else if (M < N)
    belief_parallel_for ((gsize) N, 64, gemm_col_range, &job);
  else
    belief_parallel_for ((gsize) M, 16, gemm_range, &job);
}

void
belief_blas_set_threads (int n)
{
  if (n <= 0)
    n = (int) g_get_num_processors ();
  openblas_set_num_threads (1);
  belief_parallel_set_threads (n);
}

int
belief_blas_get_threads (void)
{
  return belief_parallel_get_threads ();
}
