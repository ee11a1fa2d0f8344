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
  BeliefGemmThen then;
  gpointer     then_data;
} GemmJob;

static void
gemm_rows (const GemmJob *g,
           int            m0,
           int            m1,
           guint          piece)
{
  int lda = g->trans_a ? g->M : g->K;
  int ldb = g->trans_b ? g->K : g->N;
  const float *A = g->trans_a ? g->A + m0 : g->A + (gsize) m0 * lda;

  cblas_sgemm (CblasRowMajor,
               g->trans_a ? CblasTrans : CblasNoTrans,
               g->trans_b ? CblasTrans : CblasNoTrans,
               m1 - m0, g->N, g->K, g->alpha, A, lda, g->B, ldb, g->beta,
               g->C + (gsize) m0 * g->N, g->N);
  if (g->then != NULL)
    g->then (g->C, g->N, m0, m1, 0, g->N, piece, g->then_data);
}

/* Columns n0..n1 of C: the whole of A against a block of op(B). */
static void
gemm_cols (const GemmJob *g,
           int            n0,
           int            n1,
           guint          piece)
{
  int lda = g->trans_a ? g->M : g->K;
  int ldb = g->trans_b ? g->K : g->N;
  const float *B = g->trans_b ? g->B + (gsize) n0 * ldb : g->B + n0;

  cblas_sgemm (CblasRowMajor,
               g->trans_a ? CblasTrans : CblasNoTrans,
               g->trans_b ? CblasTrans : CblasNoTrans,
               g->M, n1 - n0, g->K, g->alpha, g->A, lda, B, ldb, g->beta,
               g->C + n0, g->N);
  if (g->then != NULL)
    g->then (g->C, g->N, 0, g->M, n0, n1, piece, g->then_data);
}

static void
gemm_range (gsize    begin,
            gsize    end,
            guint    piece,
            gpointer data)
{
  gemm_rows (data, (int) begin, (int) end, piece);
}

static void
gemm_col_range (gsize    begin,
                gsize    end,
                guint    piece,
                gpointer data)
{
  gemm_cols (data, (int) begin, (int) end, piece);
}

/* Products are split over Belief's own threads, each running single-threaded
 * OpenBLAS: the same threads then do the elementwise work in between,
 * instead of OpenBLAS's workers spinning idle beside it.  A wide C (a
 * minibatch times a layer) is split by columns, so that each thread reads
 * only its part of the weights; a tall one (the weight gradient) by rows. */
guint
belief_gemm_then (gboolean       trans_a,
                  gboolean       trans_b,
                  int            M,
                  int            N,
                  int            K,
                  float          alpha,
                  const float   *A,
                  const float   *B,
                  float          beta,
                  float         *C,
                  BeliefGemmThen then,
                  gpointer       data)
{
  GemmJob job = { trans_a, trans_b, M, N, K, alpha, beta, A, B, C, then, data };

  if ((double) M * N * K < 2e6)
    {
      gemm_rows (&job, 0, M, 0);
      return 1;
    }
  if (M < N)
    return belief_parallel_for ((gsize) N, 64, gemm_col_range, &job);
  return belief_parallel_for ((gsize) M, 16, gemm_range, &job);
}

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
  belief_gemm_then (trans_a, trans_b, M, N, K, alpha, A, B, beta, C, NULL, NULL);
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
