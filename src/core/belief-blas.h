/* belief-blas.h: the one door to OpenBLAS.
 *
 * Every matrix product of Belief is a row-major cblas_sgemm through
 * belief_gemm, so that the benchmark can count exactly what the training
 * step asks of BLAS.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* C (M, N) = alpha * op(A) op(B) + beta * C, row-major, op = transpose when
 * the flag is set.  A is (M, K) or (K, M) when transposed; B is (K, N) or
 * (N, K). */
void belief_gemm (gboolean trans_a, gboolean trans_b, int M, int N, int K,
                  float alpha, const float *A, const float *B, float beta,
                  float *C);

/* Threads OpenBLAS may use; n <= 0 means all cores. */
void belief_blas_set_threads (int n);
int  belief_blas_get_threads (void);

G_END_DECLS
