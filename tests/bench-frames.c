/* bench-frames.c: does the window stay smooth while the default DBN trains?
 *
 * Opens the main window on the default digits, starts training with the
 * default settings, visits every view in turn, and measures on the main
 * thread:
 *  - frame work: from the frame clock's "update" to its "after-paint" phase
 *    (what the main loop spends producing one frame), every frame, with a
 *    tick callback keeping frames coming;
 *  - frame intervals: between successive frame clock updates;
 *  - main-loop stalls: how late a 5 ms timeout fires.
 * Prints median and 99th percentile of each.  Not part of the test suite:
 * run it with `meson test -C _build --benchmark frames` or directly under
 * xvfb-run.  BELIEF_BENCH_SECONDS sets the length (default 40; 0: until the
 * training has finished).  Ends with the process's peak resident memory. */
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "belief-application.h"
#include "belief-settings.h"
#include "belief-test-utils.h"
#include "belief-trainer.h"

typedef struct
{
  GArray  *work, *interval, *stall;   /* milliseconds */
  gint64   update_start, last_update, expected;
  gboolean done;
} Stats;

static void
update_cb (GdkFrameClock *clock, Stats *st)
{
  gint64 now = g_get_monotonic_time ();

  if (st->last_update > 0)
    {
      double ms = (now - st->last_update) / 1000.0;
      g_array_append_val (st->interval, ms);
    }
  st->last_update = st->update_start = now;
}

static void
after_paint_cb (GdkFrameClock *clock, Stats *st)
{
  double ms = (g_get_monotonic_time () - st->update_start) / 1000.0;

  g_array_append_val (st->work, ms);
}

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  return G_SOURCE_CONTINUE;  /* keep the frame clock running */
}

static gboolean
stall_cb (gpointer data)
{
  Stats *st = data;
  gint64 now = g_get_monotonic_time ();
  double late = (now - st->expected) / 1000.0;

  g_array_append_val (st->stall, late);
  st->expected = now + 5000;
  return G_SOURCE_CONTINUE;
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *name, GArray *a)
{
  double *v = (double *) (gpointer) a->data;

  if (a->len == 0)
    {
      printf ("%-16s no samples\n", name);
      return;
    }
  g_array_sort (a, cmp_double);
  printf ("%-16s n=%-6u median %6.2f ms   p99 %6.2f ms   max %7.2f ms\n", name, a->len,
          v[a->len / 2], v[(gsize) (a->len * 0.99)], v[a->len - 1]);
}

/* VmHWM of /proc/self/status: the peak resident set so far. */
static void
print_peak_rss (void)
{
  g_autofree char *status = NULL;
  const char *hwm;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      && (hwm = strstr (status, "VmHWM:")) != NULL)
    printf ("peak resident memory %.0f MB\n", g_ascii_strtod (hwm + 6, NULL) / 1024.0);
}

int
main (int argc, char **argv)
{
  static const char * const views[] = { "training", "fields", "recognise", "generate", "recover" };
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefData) data = NULL;
  BeliefWindow *window;
  BeliefTrainer *trainer;
  GdkFrameClock *clock;
  BeliefConfig cfg;
  Stats st = { 0 };
  const char *env = g_getenv ("BELIEF_BENCH_SECONDS");
  const char *dataset = g_getenv ("BELIEF_BENCH_DATASET");
  double seconds = env ? g_ascii_strtod (env, NULL) : 40.0;
  gint64 start, next_switch;
  guint view = 0;

  belief_application_tune_memory ();  /* as main () does */
  gtk_init ();
  /* BELIEF_BENCH_DATASET=mnist: a named set as the app holds it, trained
   * with the quick preset for its size */
  if (dataset != NULL && dataset[0] != '\0')
    data = belief_test_load_named_data (dataset, &error);
  else
    data = belief_test_load_default_data (&dir, &error);
  if (data == NULL)
    {
      fprintf (stderr, "bench-frames: %s\n", error->message);
      return 77;
    }
  window = belief_window_new (NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  belief_window_set_data (window, data);
  gtk_window_present (GTK_WINDOW (window));

  trainer = belief_window_get_trainer (window);
  belief_settings_get_config (belief_window_get_settings (window), &cfg);
  if (dataset != NULL && dataset[0] != '\0'
      && !belief_config_apply_preset (&cfg, "quick", belief_data_get_train (data)->n, &error))
    {
      fprintf (stderr, "bench-frames: %s\n", error->message);
      return 1;
    }
  if (!belief_trainer_reset (trainer, &cfg, &error) || !belief_trainer_start (trainer, &error))
    {
      fprintf (stderr, "bench-frames: %s\n", error->message);
      return 1;
    }

  st.work = g_array_new (FALSE, FALSE, sizeof (double));
  st.interval = g_array_new (FALSE, FALSE, sizeof (double));
  st.stall = g_array_new (FALSE, FALSE, sizeof (double));
  while (gtk_widget_get_frame_clock (GTK_WIDGET (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "update", G_CALLBACK (update_cb), &st);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &st);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, NULL, NULL);
  st.expected = g_get_monotonic_time () + 5000;
  g_timeout_add (5, stall_cb, &st);

  start = g_get_monotonic_time ();
  next_switch = start;
  while (seconds > 0 ? g_get_monotonic_time () - start < seconds * G_USEC_PER_SEC
                     : belief_trainer_get_state (trainer) != BELIEF_TRAINER_FINISHED)
    {
      if (g_get_monotonic_time () >= next_switch)
        {
          gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s",
                                      views[view++ % G_N_ELEMENTS (views)]);
          next_switch += 4 * G_USEC_PER_SEC;
        }
      g_main_context_iteration (NULL, TRUE);
    }

  printf ("Training the default DBN on %s for %.0f s while visiting every view (1400x900):\n",
          dataset != NULL && dataset[0] != '\0' ? dataset : "the digits",
          (g_get_monotonic_time () - start) / 1e6);
  if (belief_trainer_get_test_accuracy (trainer) >= 0)
    printf ("finished: test accuracy %.2f%%\n", 100.0 * belief_trainer_get_test_accuracy (trainer));
  report ("frame work", st.work);
  report ("frame interval", st.interval);
  report ("main-loop stall", st.stall);
  if (belief_trainer_get_progress (trainer) != NULL)
    printf ("trainer reached update %" G_GUINT64_FORMAT "\n",
            belief_trainer_get_progress (trainer)->updates);
  print_peak_rss ();
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
