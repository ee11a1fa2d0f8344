/* soak.c: does the app stay alive, responsive and lean over a long session?
 *
 * Run by build-aux/soak.sh [MINUTES] under Xvfb; BELIEF_SOAK_MINUTES sets
 * the length (default 20).  Opens the main window on the default digits and
 * trains the default DBN for the whole time while, like a restless user:
 *  - every 200 ms it moves the learning-rate slider (the GtkScale of the
 *    parameter panel, found in the widget tree, gtk_range_set_value: the
 *    same signal path as a drag) to a random point of its whole range,
 *    uniform on its log scale from 1e-4 to 10.  One move in five goes past
 *    1, one in seven past 2: there pretraining blows up within two
 *    minibatches (a trained first layer from 2, the top RBM from 4, a new
 *    layer from 1; belief-session.c, "Divergence"; fine-tuning has its own
 *    rate).  The app must pause, go back to the last good weights and say
 *    so; the driver checks the weights and presses Train (win.train) again,
 *    with the slider's next value, as a user would.  Nothing else sets the
 *    rate: every divergence comes from the slider;
 *  - every 3 s it opens the Recognise or the Generate view in turn
 *    (win.show-view, the Alt+3 / Alt+4 action) and uses it: a random test
 *    digit, or a click on a random label button;
 *  - when the training finishes it presses Reset (answering the dialog that
 *    asks whether to discard the weights) and Train.
 * Throughout it measures the main loop's latency (a 50 ms timer: how late
 * it fires at worst, split by /proc/thread-self/schedstat into the main
 * thread's time on a core, waiting for a core and asleep; and how late a
 * watchdog thread's request, once a second, is answered), counts every
 * warning and critical logged (a g_log writer, any domain), watches for
 * stalls (running, but no minibatch for 10 s) and reads VmRSS.  At the end
 * it asks for one more round trip through the main loop and one frame,
 * closes the window, prints a summary table and exits 1 if a check failed:
 * a lateness above 5 s (a freeze, whatever its cause), above 1 s less the
 * time the main thread waited for a core (a busy machine is no fault of
 * the app), a final round trip or frame slower than 1 s, VmRSS grown by
 * more than 10% from one minute into the run to the end (whatever phase it
 * ends in: untying the model for fine-tuning takes more; the growth within
 * the last phase is printed beside it), any warning or critical, a stall,
 * weights not restored, a failed resume or reset.
 * BELIEF_SOAK_EPOCHS=N trains N epochs per layer and fine-tunes N epochs
 * instead of the defaults (10, 20 and 10), to see whole trainings end and
 * Reset often.  BELIEF_SOAK_STACKS=1 prints the main thread's stack when
 * it is 300 ms late (addresses: addr2line -e tests/soak).  Stalls are
 * explained from the trainer's private state (belief-trainer-private.h). */
#include <gtk/gtk.h>
#include <execinfo.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "belief-error.h"
#include "belief-generate-view.h"
#include "belief-recognise-view.h"
#include "belief-test-utils.h"
#include "belief-trainer-private.h"

#define LR_INTERVAL_MS      200
#define LATENCY_INTERVAL_MS 50
#define VIEW_INTERVAL_MS    3000
#define WILD_LR             1.0   /* moves past this are counted: some diverge */
#define WATCHDOG_FROZEN_S   60
#define WATCHDOG_SLOW_MS    300
#define STALL_S             10

/* ---- warnings and criticals, from any domain ---------------------------------- */

static gint n_warnings, n_criticals;

static GLogWriterOutput
count_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         data)
{
  if (level & G_LOG_LEVEL_CRITICAL)
    g_atomic_int_inc (&n_criticals);
  else if (level & G_LOG_LEVEL_WARNING)
    g_atomic_int_inc (&n_warnings);
  return g_log_writer_default (level, fields, n_fields, data);
}

/* ---- the watchdog thread: how late the main loop answers a request -------------- */

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean stop;
  gint64   sent, answered;      /* monotonic us of the pending request */
  double   max_ms, last_ms;
  guint    n;
} Watchdog;

static gboolean
watchdog_answer_cb (gpointer data)
{
  Watchdog *w = data;

  g_mutex_lock (&w->lock);
  w->answered = g_get_monotonic_time ();
  g_cond_broadcast (&w->cond);
  g_mutex_unlock (&w->lock);
  return G_SOURCE_REMOVE;
}

/* BELIEF_SOAK_STACKS=1: the main thread prints its stack on SIGUSR1 when
 * it is slow to answer (resolve with addr2line -e tests/soak). */
static gboolean print_stacks;
static gint64 soak_start;

static void
stack_signal_cb (int sig)
{
  void *frames[48];
  int n = backtrace (frames, G_N_ELEMENTS (frames));

  backtrace_symbols_fd (frames, n, STDOUT_FILENO);
}

/* What the main thread is doing while it does not answer: its scheduler
 * state (R runs or waits for a core, S sleeps, D waits on the disk) and its
 * system call (7 poll, 202 futex...). */
static void
sample_main_thread (double pending_ms)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/self/task/%d/stat", (int) getpid ());
  g_autofree char *sys_path = g_strdup_printf ("/proc/self/task/%d/syscall", (int) getpid ());
  g_autofree char *stat = NULL;
  g_autofree char *sys = NULL;
  const char *paren;
  char state = '?';

  if (g_file_get_contents (stat_path, &stat, NULL, NULL) && (paren = strrchr (stat, ')')) != NULL)
    state = paren[2];
  if (g_file_get_contents (sys_path, &sys, NULL, NULL))
    g_strdelimit (sys, "\n", ' ');
  printf ("soak: %.1f s: the main loop has not answered for %.0f ms: main thread state %c, "
          "syscall %.24s\n", (g_get_monotonic_time () - soak_start) / (double) G_USEC_PER_SEC,
          pending_ms, state, sys != NULL ? sys : "?");
  fflush (stdout);
  if (print_stacks)
    syscall (SYS_tgkill, getpid (), getpid (), SIGUSR1);
}

/* One request through the default main context at default priority (that
 * of input events); the reply time in ms, or -1 after timeout_s.  A reply
 * later than WATCHDOG_SLOW_MS is reported with sample_main_thread if
 * sample. */
static double
watchdog_ping (Watchdog *w,
               double    timeout_s,
               gboolean  sample)
{
  gint64 deadline, slow;
  double ms = -1.0;
  GSource *source;

  /* not g_main_context_invoke: between two iterations it would run the
   * answer on this thread */
  g_mutex_lock (&w->lock);
  w->sent = g_get_monotonic_time ();
  w->answered = 0;
  deadline = w->sent + (gint64) (timeout_s * G_USEC_PER_SEC);
  slow = w->sent + WATCHDOG_SLOW_MS * 1000;
  g_mutex_unlock (&w->lock);
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, watchdog_answer_cb, w, NULL);
  g_source_set_static_name (source, "[soak] watchdog");
  g_source_attach (source, g_main_context_default ());
  g_source_unref (source);
  g_mutex_lock (&w->lock);
  while (w->answered == 0)
    {
      if (sample && slow < deadline)
        {
          if (g_cond_wait_until (&w->cond, &w->lock, slow))
            continue;
          if (w->answered != 0)
            break;
          slow = deadline;
          g_mutex_unlock (&w->lock);
          sample_main_thread (WATCHDOG_SLOW_MS);
          g_mutex_lock (&w->lock);
          continue;
        }
      if (!g_cond_wait_until (&w->cond, &w->lock, deadline))
        break;
    }
  if (w->answered != 0)
    ms = (w->answered - w->sent) / 1000.0;
  g_mutex_unlock (&w->lock);
  return ms;
}

static gpointer
watchdog_thread (gpointer data)
{
  Watchdog *w = data;

  for (;;)
    {
      double ms;

      g_mutex_lock (&w->lock);
      if (!w->stop)
        g_cond_wait_until (&w->cond, &w->lock, g_get_monotonic_time () + G_USEC_PER_SEC);
      if (w->stop)
        {
          g_mutex_unlock (&w->lock);
          return NULL;
        }
      g_mutex_unlock (&w->lock);
      ms = watchdog_ping (w, WATCHDOG_FROZEN_S, TRUE);
      if (ms < 0)
        {
          /* the main loop is stuck: say so and stop, so that the soak fails
           * instead of hanging */
          fprintf (stdout, "soak: FROZEN: the main loop has not answered for %d s\n",
                   WATCHDOG_FROZEN_S);
          fflush (stdout);
          _exit (3);
        }
      g_mutex_lock (&w->lock);
      w->last_ms = ms;
      w->max_ms = MAX (w->max_ms, ms);
      w->n++;
      g_mutex_unlock (&w->lock);
    }
}

/* ---- the soak's state -------------------------------------------------------------- */

typedef struct
{
  BeliefWindow  *window;
  BeliefTrainer *trainer;
  GtkRange      *lr_scale;
  GtkWidget     *recognise, *generate;
  GRand         *rand;
  gint64         start;

  /* main-loop latency: the 50 ms timer.  Each interval splits into the
   * main thread's time on a core, its time waiting for a core (other
   * processes, or the app's own threads, had them), and the rest (asleep:
   * polling, or blocked on a lock or the X server). */
  gint64         last_tick, last_tick_cpu, last_tick_wait;
  double         max_gap_ms;     /* how late the timer fired at worst */
  double         max_gap_cpu_ms, max_gap_wait_ms;
  double         max_own_ms;     /* the worst lateness less the wait for a core */
  double         max_own_cpu_ms, max_own_wait_ms;
  const char    *action;         /* what the driver did since the last firing, or NULL */
  const char    *max_gap_action, *max_own_action;
  double         max_gap_at, max_own_at;
  guint          n_ticks, n_late_100, n_late_250;

  /* what the driver did and saw */
  guint          lr_changes, wild_moves, wild_moves_finetune, divergences;
  guint          restored, not_restored, resumes, resume_failures;
  guint          view_switches, view_uses, finishes, resets, reset_failures, other_failures;
  guint64        updates_total, last_updates;
  gint64         last_progress;  /* monotonic us of the last progress, or of (re)starting */
  guint          stalls;
  gboolean       resume_due, finish_due;
  double         rms_before_wild;  /* weights' RMS at the last move past WILD_LR */
  BeliefPhase    phase;

  /* memory */
  long           rss_start, rss_minute, rss_end, rss_max;
  /* one minute into the first pretraining and the first fine-tuning: the
   * model grows when fine-tuning unties it, so the end is compared with
   * the same phase */
  gint64         phase_since;
  long           rss_phase[2];
  double         rss_phase_at[2];
} Soak;

/* The value of a field of /proc/self/status in kB, or -1. */
static long
proc_status_kb (const char *field)
{
  g_autofree char *text = NULL;
  size_t len = strlen (field);
  long kb = -1;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return -1;
  for (char *line = text; line != NULL && *line != '\0';)
    {
      char *next = strchr (line, '\n');

      if (strncmp (line, field, len) == 0 && line[len] == ':')
        kb = strtol (line + len + 1, NULL, 10);
      line = next != NULL ? next + 1 : NULL;
    }
  return kb;
}

/* The calling thread's time on a core and time runnable but waiting for
 * one (/proc/thread-self/schedstat), in us. */
static void
thread_times_us (gint64 *cpu,
                 gint64 *wait)
{
  g_autofree char *text = NULL;
  char *end;

  *cpu = *wait = 0;
  if (!g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL))
    return;
  *cpu = g_ascii_strtoll (text, &end, 10) / 1000;
  *wait = g_ascii_strtoll (end, NULL, 10) / 1000;
}

static double
elapsed_s (Soak *s)
{
  return (g_get_monotonic_time () - s->start) / (double) G_USEC_PER_SEC;
}

/* The largest root mean square of a weight matrix of the model, or NAN. */
static double
weights_rms (const BeliefDbn *dbn)
{
  double worst = 0.0;

  if (dbn == NULL)
    return NAN;
  for (int l = 0; l < dbn->n_layers; l++)
    {
      const BeliefRbm *rbm = dbn->rbms[l];
      gsize n = (gsize) rbm->n_vis * rbm->n_hid;
      double sumsq = 0.0;

      for (gsize k = 0; k < n; k++)
        sumsq += (double) rbm->W[k] * rbm->W[k];
      worst = MAX (worst, sqrt (sumsq / MAX (n, 1)));
    }
  return worst;
}

/* The GtkScale (a GtkRange) on adjustment below widget, or NULL. */
static GtkRange *
find_range (GtkWidget     *widget,
            GtkAdjustment *adjustment)
{
  if (GTK_IS_RANGE (widget) && gtk_range_get_adjustment (GTK_RANGE (widget)) == adjustment)
    return GTK_RANGE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkRange *range = find_range (child, adjustment);

      if (range != NULL)
        return range;
    }
  return NULL;
}

/* ---- trainer signals ---------------------------------------------------------------- */

static void
progress_cb (BeliefTrainer        *trainer,
             const BeliefProgress *p,
             Soak                 *s)
{
  if (p->updates >= s->last_updates)
    s->updates_total += p->updates - s->last_updates;
  else
    s->updates_total += p->updates;
  s->last_updates = p->updates;
  if (p->phase != s->phase)
    s->phase_since = g_get_monotonic_time ();
  s->phase = p->phase;
  s->last_progress = g_get_monotonic_time ();
}

static void
failed_cb (BeliefTrainer *trainer,
           const GError  *error,
           Soak          *s)
{
  const BeliefDbn *model = belief_trainer_get_model (trainer);
  double rms = weights_rms (model);

  if (!g_error_matches (error, BELIEF_ERROR, BELIEF_ERROR_DIVERGED))
    {
      s->other_failures++;
      printf ("soak: %.0f s: training failed: %s\n", elapsed_s (s), error->message);
      return;
    }
  s->divergences++;
  /* the weights went back: finite and about as large as when the slider
   * went past WILD_LR (a diverging step moves them by more than their own
   * size, and a few such steps far more) */
  if (model != NULL && belief_dbn_is_finite (model)
      && belief_trainer_get_state (trainer) == BELIEF_TRAINER_PAUSED
      && rms <= 2.0 * s->rms_before_wild + 0.05)
    s->restored++;
  else
    {
      s->not_restored++;
      printf ("soak: %.0f s: NOT restored after divergence: state %d, weights RMS %g (before %g)\n",
              elapsed_s (s), belief_trainer_get_state (trainer), rms, s->rms_before_wild);
    }
  s->resume_due = TRUE;
}

static void
finished_cb (BeliefTrainer *trainer,
             Soak          *s)
{
  s->finishes++;
  s->finish_due = TRUE;
}

/* ---- what the user does ---------------------------------------------------------------- */

/* Train / Resume, as the header bar's toggle button or Space. */
static void
press_train (Soak *s)
{
  gboolean training = FALSE;

  s->last_progress = g_get_monotonic_time ();
  g_object_get (s->window, "training", &training, NULL);
  if (!training)
    gtk_widget_activate_action (GTK_WIDGET (s->window), "win.train", NULL);
}

/* Reset (Ctrl+R), answering "Discard the trained weights?" with Reset. */
static void
press_reset (Soak *s)
{
  GtkWindow *dialog;

  gtk_widget_activate_action (GTK_WIDGET (s->window), "win.reset", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  dialog = belief_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG, TRUE);
  if (dialog != NULL)
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  s->last_updates = 0;
  s->phase = BELIEF_PHASE_PRETRAIN;
  s->phase_since = g_get_monotonic_time ();
  if (belief_trainer_get_state (s->trainer) == BELIEF_TRAINER_READY)
    s->resets++;
  else
    s->reset_failures++;
}

static void
move_lr_slider (Soak *s)
{
  GtkAdjustment *adj = gtk_range_get_adjustment (s->lr_scale);
  double value = g_rand_double_range (s->rand, gtk_adjustment_get_lower (adj),
                                      gtk_adjustment_get_upper (adj));

  /* the slider is log10 of the rate */
  if (pow (10.0, value) >= WILD_LR)
    {
      s->rms_before_wild = weights_rms (belief_trainer_get_model (s->trainer));
      s->wild_moves++;
      if (s->phase == BELIEF_PHASE_FINETUNE)
        s->wild_moves_finetune++;   /* fine-tuning has its own rate: no effect */
    }
  gtk_range_set_value (s->lr_scale, value);
  s->lr_changes++;
}

static gboolean
lr_tick_cb (gpointer data)
{
  Soak *s = data;
  BeliefTrainerState state;

  s->action = "learning rate";
  if (s->finish_due)
    {
      s->action = "reset";
      s->finish_due = FALSE;
      s->resume_due = FALSE;
      press_reset (s);
      press_train (s);
    }
  move_lr_slider (s);
  state = belief_trainer_get_state (s->trainer);
  if (s->resume_due)
    {
      s->action = "resume";
      s->resume_due = FALSE;
      press_train (s);
      if (belief_trainer_get_state (s->trainer) == BELIEF_TRAINER_RUNNING)
        s->resumes++;
      else
        s->resume_failures++;
    }
  else if (state == BELIEF_TRAINER_RUNNING
           && g_get_monotonic_time () - s->last_progress > STALL_S * G_USEC_PER_SEC)
    {
      BeliefTrainer *t = s->trainer;
      gboolean pending_error, dispatch, paused;

      /* "running" without a minibatch for STALL_S: what the worker left */
      g_mutex_lock (&t->lock);
      pending_error = t->inbox_error != NULL;
      dispatch = t->dispatch != NULL;
      paused = t->paused;
      g_mutex_unlock (&t->lock);
      s->stalls++;
      printf ("soak: %.0f s: STALL: state running, no minibatch for %d s; worker paused %d, "
              "error waiting in the inbox %d, hand-off scheduled %d\n",
              elapsed_s (s), STALL_S, paused, pending_error, dispatch);
      /* what a user would do: Pause, then Train */
      s->action = "unstall";
      gtk_widget_activate_action (GTK_WIDGET (s->window), "win.train", NULL);
      press_train (s);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
view_tick_cb (gpointer data)
{
  Soak *s = data;
  gboolean recognise = s->view_switches % 2 == 0;

  s->action = recognise ? "view recognise" : "view generate";
  gtk_widget_activate_action (GTK_WIDGET (s->window), "win.show-view", "s",
                              recognise ? "recognise" : "generate");
  s->view_switches++;
  if (recognise)
    {
      if (gtk_widget_activate_action (s->recognise, "recognise.random", NULL))
        s->view_uses++;
    }
  else
    {
      int label = g_rand_int_range (s->rand, -1, 10);   /* -1: All Digits */
      GtkWidget *button = belief_generate_view_get_button (BELIEF_GENERATE_VIEW (s->generate), label);

      if (button != NULL && gtk_widget_is_sensitive (button) && gtk_widget_activate (button))
        s->view_uses++;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
latency_tick_cb (gpointer data)
{
  Soak *s = data;
  gint64 now = g_get_monotonic_time (), cpu, wait;

  thread_times_us (&cpu, &wait);
  if (s->last_tick > 0)
    {
      double late = (now - s->last_tick) / 1000.0 - LATENCY_INTERVAL_MS;
      double cpu_ms = (cpu - s->last_tick_cpu) / 1000.0;
      double wait_ms = (wait - s->last_tick_wait) / 1000.0;
      double own = late - wait_ms;

      if (late > s->max_gap_ms)
        {
          s->max_gap_ms = late;
          s->max_gap_cpu_ms = cpu_ms;
          s->max_gap_wait_ms = wait_ms;
          s->max_gap_action = s->action;
          s->max_gap_at = elapsed_s (s);
        }
      if (own > s->max_own_ms)
        {
          s->max_own_ms = own;
          s->max_own_cpu_ms = cpu_ms;
          s->max_own_wait_ms = wait_ms;
          s->max_own_action = s->action;
          s->max_own_at = elapsed_s (s);
        }
      s->n_late_100 += late > 100;
      s->n_late_250 += late > 250;
      if (cpu_ms > 100)
        {
          /* the main thread itself was busy: say when and near what */
          const BeliefProgress *p = belief_trainer_get_progress (s->trainer);
          g_autofree char *state = g_enum_to_string (BELIEF_TYPE_TRAINER_STATE,
                                                     belief_trainer_get_state (s->trainer));

          printf ("soak: %.1f s: the main thread ran %.0f ms between two firings (driver: %s; "
                  "trainer %s, phase %d, update %" G_GUINT64_FORMAT ", view %s)\n",
                  elapsed_s (s), cpu_ms, s->action ? s->action : "-",
                  state,
                  p != NULL ? (int) p->phase : -1, p != NULL ? p->updates : 0,
                  s->view_switches % 2 == 1 ? "recognise" : "generate");
          fflush (stdout);
        }
    }
  s->action = NULL;
  s->last_tick = g_get_monotonic_time ();
  thread_times_us (&s->last_tick_cpu, &s->last_tick_wait);
  s->n_ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
rss_tick_cb (gpointer data)
{
  Soak *s = data;
  long rss = proc_status_kb ("VmRSS");
  double t = elapsed_s (s);
  int phase = s->phase == BELIEF_PHASE_PRETRAIN ? 0 : 1;

  s->rss_max = MAX (s->rss_max, rss);
  if (s->rss_minute < 0 && t >= 59.0)
    s->rss_minute = rss;
  if (s->rss_phase[phase] == 0 && g_get_monotonic_time () - s->phase_since >= 60 * G_USEC_PER_SEC)
    {
      s->rss_phase[phase] = rss;
      s->rss_phase_at[phase] = t;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
minute_tick_cb (gpointer data)
{
  Soak *s = data;
  long rss = proc_status_kb ("VmRSS");
  double t = elapsed_s (s);

  printf ("soak: %4.0f s  RSS %6.1f MB  updates %8" G_GUINT64_FORMAT "  lr changes %6u  "
          "divergences %4u  views %4u  resets %u  stalls %u  max gap %.0f ms\n",
          t, rss / 1024.0, s->updates_total, s->lr_changes, s->divergences,
          s->view_switches, s->resets, s->stalls, s->max_gap_ms);
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

/* ---- the end ------------------------------------------------------------------------------ */

static void
after_paint_cb (GdkFrameClock *clock,
                gint64        *painted)
{
  *painted = g_get_monotonic_time ();
}

/* One frame of the window after a redraw request, in ms, or -1 after 1 s. */
static double
frame_round_trip (Soak *s)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (s->window));
  gint64 painted = 0, t0 = g_get_monotonic_time ();
  gulong id;

  if (clock == NULL)
    return -1.0;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (s->window));
  while (painted == 0 && g_get_monotonic_time () - t0 < G_USEC_PER_SEC)
    g_main_context_iteration (NULL, FALSE);
  g_signal_handler_disconnect (clock, id);
  return painted != 0 ? (painted - t0) / 1000.0 : -1.0;
}

typedef struct
{
  Watchdog *w;
  double    ms;
  gboolean  done;
} FinalPing;

static gpointer
final_ping_thread (gpointer data)
{
  FinalPing *f = data;

  f->ms = watchdog_ping (f->w, 1.0, FALSE);
  g_atomic_int_set (&f->done, TRUE);
  return NULL;
}

static int failures;

static void
row (const char *what,
     const char *value,
     int         ok)   /* 1 pass, 0 fail, -1 no check */
{
  printf ("| %-44s | %-28s | %-4s |\n", what, value, ok < 0 ? "" : ok ? "ok" : "FAIL");
  if (ok == 0)
    failures++;
}

int
main (int argc, char **argv)
{
  const char *env = g_getenv ("BELIEF_SOAK_MINUTES");
  double minutes = env != NULL ? g_ascii_strtod (env, NULL) : 20.0;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefData) data = NULL;
  Watchdog w = { 0 };
  FinalPing final = { &w, -1.0, FALSE };
  GThread *watchdog, *pinger;
  Soak s = { 0 };
  GtkAdjustment *lr_adjustment;
  BeliefTrainer *trainer;
  double frame_ms, growth, load[3] = { 0 };
  gint64 end, close_start;
  guint sources[5];
  long baseline;
  int end_phase;
  char buf[64];

  g_log_set_writer_func (count_writer, NULL, NULL);
  print_stacks = g_getenv ("BELIEF_SOAK_STACKS") != NULL;
  if (print_stacks)
    {
      void *frames[4];

      backtrace (frames, 4);   /* loads libgcc now, not in the handler */
      signal (SIGUSR1, stack_signal_cb);
    }
  g_setenv ("GTK_A11Y", "none", FALSE);
  gtk_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  if (minutes <= 0)
    minutes = 20.0;
  if ((data = belief_test_load_default_data (&dir, &error)) == NULL)
    {
      fprintf (stderr, "soak: %s (run build-aux/setup.sh first)\n", error->message);
      return 77;
    }

  s.rand = g_rand_new_with_seed (g_getenv ("BELIEF_SOAK_SEED") != NULL
                                 ? (guint32) atoi (g_getenv ("BELIEF_SOAK_SEED")) : 1);
  s.rss_minute = -1;
  s.window = g_object_ref (belief_window_new (NULL, NULL));
  gtk_window_set_default_size (GTK_WINDOW (s.window), 1280, 820);
  if (g_getenv ("BELIEF_SOAK_EPOCHS") != NULL)
    {
      /* shorter trainings, to see them finish and Reset often */
      GSettings *settings = belief_window_get_settings (s.window);
      int epochs = MAX (atoi (g_getenv ("BELIEF_SOAK_EPOCHS")), 1);

      g_settings_set_int (settings, "epochs", epochs);
      g_settings_set_int (settings, "top-epochs", epochs);
      g_settings_set_int (settings, "finetune-epochs", epochs);
    }
  belief_window_set_data (s.window, data);
  gtk_window_present (GTK_WINDOW (s.window));
  s.trainer = belief_window_get_trainer (s.window);
  lr_adjustment = belief_param_panel_get_learning_rate_adjustment (belief_window_get_param_panel (s.window));
  s.lr_scale = find_range (GTK_WIDGET (belief_window_get_param_panel (s.window)), lr_adjustment);
  s.recognise = belief_test_window_get_view (s.window, "recognise");
  s.generate = belief_test_window_get_view (s.window, "generate");
  if (s.lr_scale == NULL || !BELIEF_IS_RECOGNISE_VIEW (s.recognise)
      || !BELIEF_IS_GENERATE_VIEW (s.generate))
    {
      fprintf (stderr, "soak: the learning-rate slider or a view is missing\n");
      return 1;
    }
  g_signal_connect (s.trainer, "progress", G_CALLBACK (progress_cb), &s);
  g_signal_connect (s.trainer, "failed", G_CALLBACK (failed_cb), &s);
  g_signal_connect (s.trainer, "finished", G_CALLBACK (finished_cb), &s);

  press_train (&s);
  if (belief_trainer_get_state (s.trainer) != BELIEF_TRAINER_RUNNING)
    {
      fprintf (stderr, "soak: training did not start\n");
      return 1;
    }
  printf ("soak: training the default DBN for %.1f min while moving the learning rate every %d ms "
          "and switching views every %d s\n", minutes, LR_INTERVAL_MS, VIEW_INTERVAL_MS / 1000);
  fflush (stdout);

  s.start = soak_start = s.phase_since = g_get_monotonic_time ();
  s.rss_start = s.rss_max = proc_status_kb ("VmRSS");
  sources[0] = g_timeout_add (LATENCY_INTERVAL_MS, latency_tick_cb, &s);
  sources[1] = g_timeout_add (LR_INTERVAL_MS, lr_tick_cb, &s);
  sources[2] = g_timeout_add (VIEW_INTERVAL_MS, view_tick_cb, &s);
  sources[3] = g_timeout_add_seconds (60, minute_tick_cb, &s);
  sources[4] = g_timeout_add_seconds (5, rss_tick_cb, &s);
  g_mutex_init (&w.lock);
  g_cond_init (&w.cond);
  watchdog = g_thread_new ("soak-watchdog", watchdog_thread, &w);

  end = s.start + (gint64) (minutes * 60 * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  /* the end: the drivers stop, training goes on while we ask */
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    g_source_remove (sources[i]);
  g_mutex_lock (&w.lock);
  w.stop = TRUE;
  g_cond_broadcast (&w.cond);
  g_mutex_unlock (&w.lock);
  g_thread_join (watchdog);
  s.rss_end = proc_status_kb ("VmRSS");
  s.rss_max = MAX (s.rss_max, s.rss_end);
  if (s.rss_minute < 0)
    s.rss_minute = s.rss_start;   /* a run shorter than a minute */

  pinger = g_thread_new ("soak-final-ping", final_ping_thread, &final);
  while (!g_atomic_int_get (&final.done))
    g_main_context_iteration (NULL, FALSE);
  g_thread_join (pinger);
  frame_ms = frame_round_trip (&s);

  trainer = g_object_ref (s.trainer);
  close_start = g_get_monotonic_time ();
  gtk_window_destroy (GTK_WINDOW (s.window));
  g_object_unref (s.window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (trainer);
  if (getloadavg (load, 3) < 0)
    load[0] = load[1] = load[2] = -1;

  growth = s.rss_minute > 0 ? 100.0 * (s.rss_end - s.rss_minute) / s.rss_minute : 0.0;
  end_phase = s.phase == BELIEF_PHASE_PRETRAIN ? 0 : 1;
  /* a phase that began less than a minute before the end: the first minute */
  baseline = s.rss_phase[end_phase] > 0 ? s.rss_phase[end_phase] : s.rss_minute;
  printf ("\nSoak test: %.1f min, load average %.2f %.2f %.2f at the end\n\n",
          minutes, load[0], load[1], load[2]);
  printf ("| %-44s | %-28s | %-4s |\n", "check", "measured", "");
  printf ("|----------------------------------------------|------------------------------|------|\n");
  g_snprintf (buf, sizeof buf, "%.0f ms (%u > 100 ms, %u > 250)", s.max_gap_ms, s.n_late_100, s.n_late_250);
  row ("main loop: worst lateness of a 50 ms timer", buf, s.max_gap_ms < 5000.0);
  g_snprintf (buf, sizeof buf, "%.0f ms", s.max_own_ms);
  row ("  the same, less its wait for a core (< 1 s)", buf, s.max_own_ms < 1000.0);
  g_snprintf (buf, sizeof buf, "%.0f ms (%u requests)", w.max_ms, w.n);
  row ("main loop: worst reply to a request (1/s)", buf, w.max_ms < 5000.0);
  g_snprintf (buf, sizeof buf, "%.1f ms", final.ms);
  row ("round trip at the end (within 1 s)", buf, final.ms >= 0 && final.ms < 1000.0);
  g_snprintf (buf, sizeof buf, "%.1f ms", frame_ms);
  row ("a frame at the end (within 1 s)", buf, frame_ms >= 0 && frame_ms < 1000.0);
  g_snprintf (buf, sizeof buf, "%.1f ms", (g_get_monotonic_time () - close_start) / 1000.0);
  row ("closing the window mid-training", buf, -1);
  g_snprintf (buf, sizeof buf, "%.1f -> %.1f MB (%+.1f%%)", s.rss_minute / 1024.0,
              s.rss_end / 1024.0, growth);
  /* the check, as it says: against the first minute, whatever phase
   * the run ends in (fine-tuning's untied model included) */
  row ("VmRSS after 1 min -> end (<= 10%)", buf, s.rss_end <= s.rss_minute * 1.10);
  g_snprintf (buf, sizeof buf, "%.1f -> %.1f MB (%+.1f%%)", baseline / 1024.0, s.rss_end / 1024.0,
              100.0 * (s.rss_end - baseline) / MAX (baseline, 1));
  row (end_phase == 0 ? "VmRSS 1 min into pretraining -> end"
                      : "VmRSS 1 min into fine-tuning -> end",
       buf, -1);
  if (s.rss_phase[0] > 0 && s.rss_phase[1] > 0)
    {
      g_snprintf (buf, sizeof buf, "%.1f MB at %.0f s, %.1f MB at %.0f s", s.rss_phase[0] / 1024.0,
                  s.rss_phase_at[0], s.rss_phase[1] / 1024.0, s.rss_phase_at[1]);
      row ("VmRSS 1 min into pretraining, fine-tuning", buf, -1);
    }
  g_snprintf (buf, sizeof buf, "%.1f / %.1f MB", s.rss_start / 1024.0, s.rss_max / 1024.0);
  row ("VmRSS at the start / highest sampled", buf, -1);
  g_snprintf (buf, sizeof buf, "%d / %d", g_atomic_int_get (&n_warnings), g_atomic_int_get (&n_criticals));
  row ("warnings / criticals logged", buf,
       g_atomic_int_get (&n_warnings) == 0 && g_atomic_int_get (&n_criticals) == 0);
  g_snprintf (buf, sizeof buf, "%u", s.lr_changes);
  row ("learning-rate slider moves", buf, s.lr_changes > 0);
  g_snprintf (buf, sizeof buf, "%u (%u in fine-tuning)", s.wild_moves, s.wild_moves_finetune);
  row ("  of which to rates of 1 to 10", buf, -1);
  g_snprintf (buf, sizeof buf, "%u", s.divergences);
  row ("divergences detected", buf, s.wild_moves == s.wild_moves_finetune || s.divergences > 0);
  g_snprintf (buf, sizeof buf, "%u restored, %u not", s.restored, s.not_restored);
  row ("  weights restored (finite, paused)", buf, s.not_restored == 0);
  g_snprintf (buf, sizeof buf, "%u (%u failed)", s.resumes, s.resume_failures);
  row ("  training resumed (Train pressed)", buf, s.resume_failures == 0);
  g_snprintf (buf, sizeof buf, "%u", s.stalls);
  row ("stalls (running, no minibatch for 10 s)", buf, s.stalls == 0);
  g_snprintf (buf, sizeof buf, "%u", s.other_failures);
  row ("other training failures", buf, s.other_failures == 0);
  g_snprintf (buf, sizeof buf, "%u (%u used)", s.view_switches, s.view_uses);
  row ("view switches (Recognise, Generate)", buf, s.view_switches > 0);
  g_snprintf (buf, sizeof buf, "%u finished, %u reset (%u failed)", s.finishes, s.resets, s.reset_failures);
  row ("whole trainings", buf, s.reset_failures == 0);
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, s.updates_total);
  row ("minibatch updates trained", buf, s.updates_total > 0);
  printf ("\nThe 50 ms timer's worst lateness, at %.0f s: %.0f ms, of which the main thread "
          "ran %.0f ms and waited for a core %.0f ms (driver: %s).\n"
          "Less the wait for a core, the worst was at %.0f s: %.0f ms (ran %.0f ms, waited %.0f ms, "
          "driver: %s).\n",
          s.max_gap_at, s.max_gap_ms, s.max_gap_cpu_ms, s.max_gap_wait_ms,
          s.max_gap_action ? s.max_gap_action : "-",
          s.max_own_at, s.max_own_ms, s.max_own_cpu_ms, s.max_own_wait_ms,
          s.max_own_action ? s.max_own_action : "-");
  printf ("\n%s\n", failures == 0 ? "soak: PASS" : "soak: FAIL");
  g_rand_free (s.rand);
  return failures == 0 ? 0 : 1;
}
