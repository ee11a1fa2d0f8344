/* belief-parallel.c */
#include "belief-parallel.h"

typedef struct
{
  BeliefRangeFunc fn;
  gpointer        data;
  GMutex          lock;
  GCond           done;
  guint           pending;
} Job;

typedef struct
{
  Job   *job;
  gsize  begin, end;
  guint  piece;
} Piece;

static GThreadPool *pool;
static int n_threads = 1;
G_LOCK_DEFINE_STATIC (pool);

static void
run_piece (gpointer task,
           gpointer user_data)
{
  Piece *p = task;
  Job *job = p->job;

  job->fn (p->begin, p->end, p->piece, job->data);
  g_mutex_lock (&job->lock);
  if (--job->pending == 0)
    g_cond_signal (&job->done);
  g_mutex_unlock (&job->lock);
}

void
belief_parallel_set_threads (int n)
{
  if (n <= 0)
    n = (int) g_get_num_processors ();
  n = CLAMP (n, 1, BELIEF_PARALLEL_MAX);
  G_LOCK (pool);
  n_threads = n;
  if (n > 1 && pool == NULL)
    pool = g_thread_pool_new (run_piece, NULL, BELIEF_PARALLEL_MAX - 1, FALSE, NULL);
  G_UNLOCK (pool);
}

int
belief_parallel_get_threads (void)
{
  int n;

  G_LOCK (pool);
  n = n_threads;
  G_UNLOCK (pool);
  return n;
}

guint
belief_parallel_for (gsize           n,
                     gsize           min_piece,
                     BeliefRangeFunc fn,
                     gpointer        data)
{
  Piece pieces[BELIEF_PARALLEL_MAX];
  Job job = { fn, data };
  guint count = (guint) MIN ((gsize) belief_parallel_get_threads (), n / MAX (min_piece, 1));

  if (count <= 1 || pool == NULL)
    {
      fn (0, n, 0, data);
      return 1;
    }
  g_mutex_init (&job.lock);
  g_cond_init (&job.done);
  job.pending = count - 1;
  for (guint i = 0; i < count; i++)
    {
      pieces[i].job = &job;
      pieces[i].piece = i;
      pieces[i].begin = n * i / count;
      pieces[i].end = n * (i + 1) / count;
      if (i > 0)
        g_thread_pool_push (pool, &pieces[i], NULL);
    }
  fn (pieces[0].begin, pieces[0].end, 0, data);
  g_mutex_lock (&job.lock);
  while (job.pending > 0)
    g_cond_wait (&job.done, &job.lock);
  g_mutex_unlock (&job.lock);
  g_mutex_clear (&job.lock);
  g_cond_clear (&job.done);
  return count;
}
