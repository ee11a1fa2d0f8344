/* belief-blas.c */
#include "belief-blas.h"

#include <cblas.h>

#include "belief-parallel.h"

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
  int lda = trans_a ? M : K;
  int ldb = trans_b ? K : N;

  cblas_sgemm (CblasRowMajor,
               trans_a ? CblasTrans : CblasNoTrans,
               trans_b ? CblasTrans : CblasNoTrans,
               M, N, K, alpha, A, lda, B, ldb, beta, C, N);
}

void
belief_blas_set_threads (int n)
{
  if (n <= 0)
    n = (int) g_get_num_processors ();
  openblas_set_num_threads (n);
  belief_parallel_set_threads (n);
}

int
belief_blas_get_threads (void)
{
  return openblas_get_num_threads ();
}
