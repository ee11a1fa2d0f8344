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

static void
gemm_range (gsize    begin,
            gsize    end,
            guint    piece,
            gpointer data)
{
  gemm_rows (data, (int) begin, (int) end);
}

/* Products are split by rows of C over Belief's own threads, each running
 * single-threaded OpenBLAS: the same threads then do the elementwise work
 * in between, instead of OpenBLAS's workers spinning idle beside it. */
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
