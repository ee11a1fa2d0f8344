/* belief-parallel.h: a parallel for over index ranges, for the matrix
 * products (belief_gemm) and the elementwise work of a training step.
 *
 * The range [0, n) is cut into one piece per thread; the caller's thread
 * runs the first piece, a pool of persistent threads the others, and the
 * call returns when all are done.  Small ranges run inline. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BELIEF_PARALLEL_MAX 16

typedef void (*BeliefRangeFunc) (gsize begin, gsize end, guint piece, gpointer data);

/* Threads used, including the caller's; n <= 0 means all cores. */
void  belief_parallel_set_threads (int n);
int   belief_parallel_get_threads (void);
/* Runs fn over [0, n) in up to belief_parallel_get_threads() pieces of at
 * least min_piece items; returns the number of pieces (piece indices are
 * 0 .. pieces-1, for per-piece partial results). */
guint belief_parallel_for (gsize n, gsize min_piece, BeliefRangeFunc fn, gpointer data);

G_END_DECLS
