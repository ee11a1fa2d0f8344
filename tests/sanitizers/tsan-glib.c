/* tsan-glib.c: teaches ThreadSanitizer the synchronisation of the system's
 * (uninstrumented) GLib, for ./test.sh tsan.
 *
 * GLib's GMutex and GCond are futexes, and its thread pools, main-loop
 * sources and reference counts hand data from thread to thread inside
 * libglib, where ThreadSanitizer sees nothing: every hand-off of our code
 * through them (a GTask's data, a g_idle_add from a worker, the pieces of
 * belief_parallel_for) would be reported as a race.  This library, put in
 * front of GLib with LD_PRELOAD by build-aux/sanitize.sh, wraps the GLib
 * entry points our code and GIO/GTK call, forwards to the real ones, and
 * tells ThreadSanitizer the happens-before edge each of them really creates
 * (__tsan_release where the data is handed over, __tsan_acquire where it is
 * taken).  It adds no synchronisation of its own and hides no access:
 * a race that these primitives do not order is still reported.
 *
 * Not itself instrumented; the __tsan_* hooks are weak, so a program
 * without ThreadSanitizer (a validator the tests run) just forwards.
 * The system's libglib binds calls to its own functions at link time
 * (-Bsymbolic-functions), past these wrappers, so the locks GLib takes
 * internally (G_LOCK, a GMainContext's mutex, a GAsyncQueue's) would go
 * unseen: ./test.sh tsan runs with the same GLib built without that option
 * (build-aux/sanitize.sh), whose own calls come through here too.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <gio/gio.h>

void __tsan_acquire (void *addr) __attribute__ ((weak));
void __tsan_release (void *addr) __attribute__ ((weak));

static inline void
acquire (const void *p)
{
  if (__tsan_acquire != NULL && p != NULL)
    __tsan_acquire ((void *) p);
}

static inline void
release (const void *p)
{
  if (__tsan_release != NULL && p != NULL)
    __tsan_release ((void *) p);
}

/* The next definition of NAME (GLib's), looked up once. */
static void *
next (void       **cache,
      const char  *name)
{
  void *fn = __atomic_load_n (cache, __ATOMIC_ACQUIRE);

  if (fn == NULL)
    {
      fn = dlsym (RTLD_NEXT, name);
      if (fn == NULL)
        abort ();
      __atomic_store_n (cache, fn, __ATOMIC_RELEASE);
    }
  return fn;
}

#define REAL(name) \
  static void *real_##name; \
  __typeof__ (name) *real = (__typeof__ (name) *) next (&real_##name, #name)

/* Locks: acquire after taking, release before giving back. */

void
g_mutex_lock (GMutex *mutex)
{
  REAL (g_mutex_lock);
  real (mutex);
  acquire (mutex);
}

gboolean
g_mutex_trylock (GMutex *mutex)
{
  REAL (g_mutex_trylock);
  gboolean taken = real (mutex);

  if (taken)
    acquire (mutex);
  return taken;
}

void
g_mutex_unlock (GMutex *mutex)
{
  REAL (g_mutex_unlock);
  release (mutex);
  real (mutex);
}

void
g_rec_mutex_lock (GRecMutex *mutex)
{
  REAL (g_rec_mutex_lock);
  real (mutex);
  acquire (mutex);
}

gboolean
g_rec_mutex_trylock (GRecMutex *mutex)
{
  REAL (g_rec_mutex_trylock);
  gboolean taken = real (mutex);

  if (taken)
    acquire (mutex);
  return taken;
}

void
g_rec_mutex_unlock (GRecMutex *mutex)
{
  REAL (g_rec_mutex_unlock);
  release (mutex);
  real (mutex);
}

void
g_rw_lock_writer_lock (GRWLock *lock)
{
  REAL (g_rw_lock_writer_lock);
  real (lock);
  acquire (lock);
}

void
g_rw_lock_writer_unlock (GRWLock *lock)
{
  REAL (g_rw_lock_writer_unlock);
  release (lock);
  real (lock);
}

void
g_rw_lock_reader_lock (GRWLock *lock)
{
  REAL (g_rw_lock_reader_lock);
  real (lock);
  acquire (lock);
}

void
g_rw_lock_reader_unlock (GRWLock *lock)
{
  REAL (g_rw_lock_reader_unlock);
  /* readers only read: a release here is what a reader-writer lock gives too */
  release (lock);
  real (lock);
}

void
g_cond_wait (GCond  *cond,
             GMutex *mutex)
{
  REAL (g_cond_wait);
  release (mutex);
  real (cond, mutex);
  acquire (mutex);
}

gboolean
g_cond_wait_until (GCond  *cond,
                   GMutex *mutex,
                   gint64  end_time)
{
  REAL (g_cond_wait_until);
  gboolean signalled;

  release (mutex);
  signalled = real (cond, mutex, end_time);
  acquire (mutex);
  return signalled;
}

/* Reference counts: the thread that drops the last reference (and frees)
 * comes after every thread that dropped one before, as with an acq_rel
 * atomic decrement. */

void
g_object_unref (gpointer object)
{
  REAL (g_object_unref);
  release (object);
  acquire (object);
  real (object);
}

gboolean
g_atomic_ref_count_dec (gatomicrefcount *arc)
{
  REAL (g_atomic_ref_count_dec);
  release (arc);
  acquire (arc);
  return real (arc);
}

void
g_atomic_rc_box_release_full (gpointer       mem_block,
                              GDestroyNotify clear_func)
{
  REAL (g_atomic_rc_box_release_full);
  release (mem_block);
  acquire (mem_block);
  real (mem_block, clear_func);
}

void
g_atomic_rc_box_release (gpointer mem_block)
{
  REAL (g_atomic_rc_box_release);
  release (mem_block);
  acquire (mem_block);
  real (mem_block);
}

/* Thread pools: a pushed item is handed to the thread that runs it. */

typedef struct
{
  GFunc    func;
  gpointer user_data;
} PoolFunc;

static void
pool_func_trampoline (gpointer data,
                      gpointer pool_func)
{
  PoolFunc *pf = pool_func;

  acquire (data);
  pf->func (data, pf->user_data);
}

static PoolFunc *
pool_func_new (GFunc    func,
               gpointer user_data)
{
  /* lives as long as its pool: pools here live as long as the process */
  PoolFunc *pf = malloc (sizeof *pf);

  if (pf == NULL)
    abort ();
  pf->func = func;
  pf->user_data = user_data;
  return pf;
}

GThreadPool *
g_thread_pool_new (GFunc     func,
                   gpointer  user_data,
                   gint      max_threads,
                   gboolean  exclusive,
                   GError  **error)
{
  REAL (g_thread_pool_new);
  return real (pool_func_trampoline, pool_func_new (func, user_data),
               max_threads, exclusive, error);
}

GThreadPool *
g_thread_pool_new_full (GFunc           func,
                        gpointer        user_data,
                        GDestroyNotify  item_free_func,
                        gint            max_threads,
                        gboolean        exclusive,
                        GError        **error)
{
  REAL (g_thread_pool_new_full);
  return real (pool_func_trampoline, pool_func_new (func, user_data),
               item_free_func, max_threads, exclusive, error);
}

gboolean
g_thread_pool_push (GThreadPool  *pool,
                    gpointer      data,
                    GError      **error)
{
  REAL (g_thread_pool_push);
  release (data);
  return real (pool, data, error);
}

/* Main-loop callbacks: what a thread did before adding an idle or timeout
 * callback (or attaching its source) comes before the callback runs. */

typedef struct
{
  GSourceFunc    func;
  gpointer       data;
  GDestroyNotify notify;
  GSource       *source;
} Callback;

static gboolean
callback_trampoline (gpointer user_data)
{
  Callback *cb = user_data;

  acquire (cb);
  acquire (cb->source);
  return cb->func (cb->data);
}

static void
callback_free (gpointer user_data)
{
  Callback *cb = user_data;

  acquire (cb);
  if (cb->notify != NULL)
    cb->notify (cb->data);
  free (cb);
}

static Callback *
callback_new (GSourceFunc    func,
              gpointer       data,
              GDestroyNotify notify,
              GSource       *source)
{
  Callback *cb = malloc (sizeof *cb);

  if (cb == NULL)
    abort ();
  cb->func = func;
  cb->data = data;
  cb->notify = notify;
  cb->source = source;
  release (cb);
  return cb;
}

guint
g_idle_add_full (gint           priority,
                 GSourceFunc    function,
                 gpointer       data,
                 GDestroyNotify notify)
{
  REAL (g_idle_add_full);
  return real (priority, callback_trampoline,
               callback_new (function, data, notify, NULL), callback_free);
}

guint
g_idle_add (GSourceFunc function,
            gpointer    data)
{
  return g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, function, data, NULL);
}

guint
g_timeout_add_full (gint           priority,
                    guint          interval,
                    GSourceFunc    function,
                    gpointer       data,
                    GDestroyNotify notify)
{
  REAL (g_timeout_add_full);
  return real (priority, interval, callback_trampoline,
               callback_new (function, data, notify, NULL), callback_free);
}

guint
g_timeout_add (guint       interval,
               GSourceFunc function,
               gpointer    data)
{
  return g_timeout_add_full (G_PRIORITY_DEFAULT, interval, function, data, NULL);
}

guint
g_timeout_add_seconds_full (gint           priority,
                            guint          interval,
                            GSourceFunc    function,
                            gpointer       data,
                            GDestroyNotify notify)
{
  REAL (g_timeout_add_seconds_full);
  return real (priority, interval, callback_trampoline,
               callback_new (function, data, notify, NULL), callback_free);
}

guint
g_timeout_add_seconds (guint       interval,
                       GSourceFunc function,
                       gpointer    data)
{
  return g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, interval, function, data, NULL);
}

void
g_main_context_invoke_full (GMainContext   *context,
                            gint            priority,
                            GSourceFunc     function,
                            gpointer        data,
                            GDestroyNotify  notify)
{
  REAL (g_main_context_invoke_full);
  real (context, priority, callback_trampoline,
        callback_new (function, data, notify, NULL), callback_free);
}

void
g_main_context_invoke (GMainContext *context,
                       GSourceFunc   function,
                       gpointer      data)
{
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, function, data, NULL);
}

/* Sources made by hand (as GTask does to complete in the main context):
 * only idle and timeout sources, whose callback is a plain GSourceFunc. */
void
g_source_set_callback (GSource        *source,
                       GSourceFunc     func,
                       gpointer        data,
                       GDestroyNotify  notify)
{
  REAL (g_source_set_callback);
  static void *idle_funcs, *timeout_funcs;

  if (idle_funcs == NULL)
    {
      __atomic_store_n (&timeout_funcs, dlsym (RTLD_DEFAULT, "g_timeout_funcs"), __ATOMIC_RELAXED);
      __atomic_store_n (&idle_funcs, dlsym (RTLD_DEFAULT, "g_idle_funcs"), __ATOMIC_RELAXED);
    }
  if (func != NULL &&
      (source->source_funcs == idle_funcs || source->source_funcs == timeout_funcs))
    real (source, callback_trampoline, callback_new (func, data, notify, source), callback_free);
  else
    real (source, func, data, notify);
}

guint
g_source_attach (GSource      *source,
                 GMainContext *context)
{
  REAL (g_source_attach);
  release (source);
  return real (source, context);
}
