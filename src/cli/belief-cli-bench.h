/* belief-cli-bench.h: the pieces of `belief-cli bench`, shared by its files.
 *
 * Every measured operation is timed beside the bare cblas_sgemm calls of
 * the same shapes (OpenBLAS's own threading over the same number of
 * threads), in short interleaved timings of which the fastest of each kind
 * is kept: a burst of load from another process slows some timings of both
 * kinds but rarely all of them, so the minima compare like with like.
 */
#pragma once

#include <glib.h>

#include "belief-dataset.h"

G_BEGIN_DECLS

/* One row of the table and of the JSON "entries". */
typedef struct
{
  char   name[48];
  char   shape[48];
  int    batch;
  const char *unit;          /* what seconds_per_step is per: "step", "epoch", "call" */
  double seconds_per_step;
  double samples_per_sec;
  double gflops;             /* the operation's products / its time */
  double sgemm_gflops;       /* the same products as bare cblas_sgemm */
  double fraction;           /* time of the bare products / time of the operation */
} BenchEntry;

/* One product C (M, N) = op(A) op(B) (+ beta C), made `times` times. */
typedef struct
{
  gboolean ta, tb;
  int      M, N, K;
  float    beta;
  int      times;
} BenchGemm;

typedef struct
{
  int    threads;
  int    rounds;       /* interleaved timings of each kind */
  double target;       /* seconds per timing, reps chosen to fill it */
  int    fixed_reps;   /* > 0: this many reps instead of the target */
  gboolean quick;
  const BeliefDataset *train;  /* the default digits, or NULL */
} BenchContext;

typedef void (*BenchFunc) (gpointer data);

/* An operation against its bare products: fills entry's timing fields from
 * the flops of `flops_per_call` (0: the products' own count) and returns
 * the bare products' fastest time per call in *bare_seconds. */
void   bench_measure (const BenchContext *ctx, BenchFunc fn, gpointer data,
                      const BenchGemm *gemms, int n_gemms, double flops_per_call,
                      double samples_per_call, BenchEntry *entry);
double bench_gemm_flops (const BenchGemm *gemms, int n_gemms);
/* Waits for OpenBLAS's own threads to go to sleep after a product that used
 * them: each spins on a core for about 0.13 s (its thread timeout, 2^28
 * cycles) and, with two cores, would take one from the timing that follows. */
void   bench_settle  (void);

/* The entries of each part of the suite, appended to `entries`. */
/* headline: the CD-1 784x500 batch-100 entry, measured by the caller with
 * its own rounds, put in its place instead of measured again. */
void   bench_steps       (const BenchContext *ctx, const BenchEntry *headline,
                          GArray *entries);
void   bench_dbn_epoch   (const BenchContext *ctx, GArray *entries);
void   bench_inference   (const BenchContext *ctx, GArray *entries);

/* `belief-cli bench --epoch cd1|pcd`: whole epochs on the default digits. */
int    bench_epochs      (const char *algo, int batch, int hidden, int epochs,
                          int threads, gboolean json);

G_END_DECLS
