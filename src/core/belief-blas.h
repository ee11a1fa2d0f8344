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

/* Called on each block of C as soon as the thread that computed it is done
 * with it (rows [m0, m1), columns [n0, n1)), on that thread and while the
 * block is still in its cache; piece is the thread's index, below
 * BELIEF_PARALLEL_MAX. */
typedef void (*BeliefGemmThen) (float *C, int ldc, int m0, int m1, int n0, int n1,
                                guint piece, gpointer data);
/* belief_gemm, then `then` on every block of C; returns the number of
 * pieces C was cut into.  Saves a pass over C and a hand-off between
 * threads for elementwise work that follows a product. */
guint belief_gemm_then (gboolean trans_a, gboolean trans_b, int M, int N, int K,
                        float alpha, const float *A, const float *B, float beta,
                        float *C, BeliefGemmThen then, gpointer data);
/* Threads OpenBLAS may use; n <= 0 means all cores. */
void belief_blas_set_threads (int n);
int  belief_blas_get_threads (void);

G_END_DECLS
