/* test-views-experiments.c: the Experiments view on the default digits.
 *
 * Builds the main window on the converted MNIST digits (skipped when they
 * are missing), shows the Experiments view and, in quick mode, runs
 * experiment 1 (reconstruction loss, about a second) and 5 (receptive
 * fields) through the view's actions: each finishes, its figures are drawn
 * with points, partial sets reached the main loop while it ran, and the
 * main training could not start meanwhile.  Exports both into a temporary
 * folder (index.html, results.json, PNGs).  Stops experiment 4 started
 * while the main training ran: the training was paused and goes on.  Then
 * starts experiment 3 and closes the window mid-run: the worker is
 * cancelled and joined, and window, view and runner finalize.  A data
 * folder without test images gets a message instead of a run.
 * Writes experiments.png, experiments-dark.png, experiments-fields.png,
 * experiments-running.png and experiments-no-test.png into
 * $BELIEF_SCREENSHOT_DIR when it is set.
 *
 * Needs a display (./test.sh runs the suite under xvfb-run); skipped without.
 */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "belief-experiments-view.h"
#include "belief-status.h"
#include "belief-test-data.h"
#include "belief-test-utils.h"

static gboolean
not_running (gpointer data)
{
  return !belief_experiments_view_is_running (data);
}

static gboolean
not_exporting (gpointer data)
{
  return !belief_experiments_view_is_exporting (data);
}

static guint progress_signals;

static void
progress_cb (BeliefExperimentRunner *runner,
             int                     number,
             gpointer                data)
{
  progress_signals++;
}

/* Runs experiment n through the view's action and waits for it; returns
 * how many partial sets reached the main loop meanwhile. */
static guint
run_one (BeliefWindow          *window,
         BeliefExperimentsView *view,
         int                    n)
{
  BeliefExperimentRunner *runner = belief_experiments_view_get_runner (view);
  BeliefTrainer *trainer = belief_window_get_trainer (window);
  guint before = belief_experiment_runner_get_n_updates (runner);

  belief_experiments_view_select (view, n);
  g_assert_cmpint (belief_experiments_view_get_selected (view), ==, n);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "experiments.run", NULL));
  g_assert_true (belief_experiments_view_is_running (view));
  g_assert_cmpint (belief_experiment_runner_get_current (runner, NULL, NULL), ==, n);

  /* the main training is refused meanwhile, with a word why */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_assert_cmpint (belief_trainer_get_state (trainer), !=, BELIEF_TRAINER_RUNNING);
  g_assert_false (belief_trainer_is_running (trainer));

  g_assert_true (belief_test_wait_until (not_running, view, 120000));
  g_assert_cmpstr (belief_experiments_view_get_message (view), ==, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-banner", NULL));
  g_assert_nonnull (belief_experiment_runner_get_result (runner, n));
  return belief_experiment_runner_get_n_updates (runner) - before;
}

static void
check_file (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 100);
}

static void
test_experiments (void)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(BeliefData) data = belief_test_load_default_data (&data_dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *export_dir = NULL;
  BeliefWindow *window;
  BeliefExperimentsView *view;
  BeliefExperimentRunner *runner;
  BeliefFigureSetView *set_view;
  BeliefTrainer *trainer;
  const BeliefFigureSet *set;
  const BeliefFigure *fig;
  guint updates;
  gboolean has_images = FALSE;

  if (data == NULL)
    {
      g_test_skip_printf ("no digits in %s: run ./run.sh --setup-only first", data_dir);
      return;
    }

  window = belief_test_window_new (data, NULL, "experiments");
  view = BELIEF_EXPERIMENTS_VIEW (belief_test_window_get_view (window, "experiments"));
  g_assert_true (BELIEF_IS_EXPERIMENTS_VIEW (view));
  g_object_ref (view);
  runner = g_object_ref (belief_experiments_view_get_runner (view));
  set_view = belief_experiments_view_get_set_view (view);
  trainer = g_object_ref (belief_window_get_trainer (window));
  /* the training's panel steps aside for the experiments' own settings */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (belief_window_get_param_panel (window))));
  g_signal_connect (runner, "progress", G_CALLBACK (progress_cb), NULL);

  /* nothing to export yet: said in the view */
  belief_experiments_view_export_folder (view, "/nonexistent");
  g_assert_false (belief_experiments_view_is_exporting (view));
  g_assert_nonnull (strstr (belief_experiments_view_get_message (view), "Run an experiment first"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "experiments.dismiss", NULL));
  g_assert_cmpstr (belief_experiments_view_get_message (view), ==, "");
  belief_experiments_view_set_quick (view, TRUE);
  belief_experiments_view_set_seed (view, 1);

  /* experiment 1: the loss of four RBMs, drawn live */
  updates = run_one (window, view, 1);
  g_test_message ("experiment 1: %u partial sets reached the main loop, %u progress signals",
                  updates, progress_signals);
  g_assert_cmpuint (updates, >=, 2);
  g_assert_cmpuint (progress_signals, >=, 2);
  set = belief_experiment_runner_get_result (runner, 1);
  g_assert_cmpint (set->number, ==, 1);
  g_assert_cmpuint (set->figures->len, >=, 1);
  g_assert_cmpuint (belief_figure_set_view_get_n_figures (set_view), ==, set->figures->len);
  g_assert_cmpuint (belief_figure_set_view_get_n_measures (set_view), ==, set->measures->len);
  g_assert_cmpuint (set->measures->len, >, 0);
  fig = belief_figure_view_get_figure (belief_figure_set_view_get_figure (set_view, 0));
  g_assert_cmpint (fig->kind, ==, BELIEF_FIGURE_CHART);
  g_assert_cmpuint (fig->series->len, ==, 4);
  for (guint s = 0; s < fig->series->len; s++)
    g_assert_cmpuint (((BeliefFigureSeries *) g_ptr_array_index (fig->series, s))->x->len, >, 10);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (belief_figure_view_get_n_draws (belief_figure_set_view_get_figure (set_view, 0)), >, 0);
  belief_test_write_screenshot (GTK_WIDGET (window), "experiments.png");

  /* in the dark style too */
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  belief_test_write_screenshot (GTK_WIDGET (window), "experiments-dark.png");
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", FALSE, NULL);

  /* experiment 5: receptive fields, from the RBM experiment 1 trained */
  run_one (window, view, 5);
  set = belief_experiment_runner_get_result (runner, 5);
  for (guint i = 0; i < set->figures->len; i++)
    {
      fig = g_ptr_array_index (set->figures, i);
      has_images |= fig->kind == BELIEF_FIGURE_IMAGES && fig->n_images > 0;
    }
  g_assert_true (has_images);
  g_assert_cmpint (belief_experiment_runner_get_n_results (runner), ==, 2);
  belief_test_write_screenshot (GTK_WIDGET (window), "experiments-fields.png");

  /* both into a folder */
  export_dir = g_dir_make_tmp ("belief-test-export-XXXXXX", &error);
  g_assert_no_error (error);
  belief_experiments_view_export_folder (view, export_dir);
  g_assert_true (belief_experiments_view_is_exporting (view));
  g_assert_true (belief_test_wait_until (not_exporting, view, 60000));
  g_assert_nonnull (strstr (belief_experiments_view_get_message (view), export_dir));
  check_file (export_dir, "index.html");
  check_file (export_dir, "results.json");
  for (int n = 1; n <= 5; n += 4)
    {
      set = belief_experiment_runner_get_result (runner, n);
      for (guint i = 0; i < set->figures->len; i++)
        {
          g_autofree char *png = g_strconcat (((BeliefFigure *) g_ptr_array_index (set->figures, i))->id,
                                              ".png", NULL);

          check_file (export_dir, png);
        }
    }
  belief_test_remove_tree (export_dir);

  /* Stop: the run ends without a result, says so, and the main training
   * it paused goes on */
  g_assert_true (belief_trainer_start (trainer, &error));
  g_assert_no_error (error);
  g_assert_true (belief_experiments_view_run (view, 4));
  g_assert_cmpint (belief_trainer_get_state (trainer), ==, BELIEF_TRAINER_PAUSED);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "experiments.stop", NULL));
  g_assert_true (belief_test_wait_until (not_running, view, 30000));
  g_assert_null (belief_experiment_runner_get_result (runner, 4));
  g_assert_cmpstr (belief_experiments_view_get_message (view), ==,
                   "Experiment 4 was stopped; the main training goes on");
  g_assert_cmpint (belief_trainer_get_state (trainer), ==, BELIEF_TRAINER_RUNNING);
  belief_trainer_pause (trainer);

  /* experiment 3 while the main training runs: it pauses the training;
   * closing the window mid-run cancels and joins the worker */
  g_assert_true (belief_trainer_start (trainer, &error));
  g_assert_no_error (error);
  updates = belief_experiment_runner_get_n_updates (runner);
  g_assert_true (belief_experiments_view_run (view, 3));
  g_assert_cmpint (belief_trainer_get_state (trainer), ==, BELIEF_TRAINER_PAUSED);
  g_assert_nonnull (strstr (belief_experiments_view_get_message (view), "paused"));
  while (belief_experiments_view_is_running (view)
         && belief_experiment_runner_get_n_updates (runner) < updates + 3)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (belief_experiments_view_is_running (view));
  g_assert_cmpint (belief_experiments_view_get_selected (view), ==, 3);   /* it follows the run */
  belief_test_write_screenshot (GTK_WIDGET (window), "experiments-running.png");
  gtk_window_close (GTK_WINDOW (window));
  g_assert_false (belief_experiment_runner_is_running (runner));
  g_assert_false (belief_trainer_is_running (trainer));
  g_signal_handlers_disconnect_by_func (runner, progress_cb, NULL);
  g_assert_finalize_object (window);
  g_assert_finalize_object (view);
  g_assert_finalize_object (runner);
  g_assert_finalize_object (trainer);
}

/* A data folder without test images: nothing starts, the view says why,
 * and the window still closes cleanly. */
static void
test_no_test_images (void)
{
  /* the digits of belief-test-data.h without noise */
  g_autoptr(BeliefData) data = belief_data_new (belief_test_make_digits (100, 0, 0.0, "bars"), NULL,
                                                "bars");
  BeliefWindow *window = belief_test_window_new (data, NULL, "experiments");
  BeliefExperimentsView *view = BELIEF_EXPERIMENTS_VIEW (belief_test_window_get_view (window, "experiments"));

  g_assert_false (belief_experiments_view_run_all (view));
  g_assert_false (belief_experiments_view_is_running (view));
  g_assert_nonnull (strstr (belief_experiments_view_get_message (view), "test images"));
  belief_test_write_screenshot (GTK_WIDGET (window), "experiments-no-test.png");
  gtk_window_close (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The words of the measures list. */
static void
test_measure_words (void)
{
  g_autofree char *a = belief_figure_set_view_format_measure (0.06703, "");
  g_autofree char *b = belief_figure_set_view_format_measure (36.6, "%");
  g_autofree char *c = belief_figure_set_view_format_measure (1416010, "");
  g_autofree char *d = belief_figure_set_view_format_measure (5.805, "s");
  g_autofree char *e = belief_figure_set_view_format_measure (NAN, "%");
  g_autofree char *count = belief_status_format_count (1416010);

  g_assert_cmpstr (a, ==, "0.06703");
  g_assert_cmpstr (b, ==, "36.6 %");
  g_assert_cmpstr (c, ==, count);   /* "1,416,010" in C */
  g_assert_cmpstr (d, ==, "5.805 s");
  g_assert_cmpstr (e, ==, "—");
}

int
main (int   argc,
      char *argv[])
{
  if (!belief_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/experiments/measure-words", test_measure_words);
  g_test_add_func ("/experiments/no-test-images", test_no_test_images);
  g_test_add_func ("/experiments/view", test_experiments);
  return g_test_run ();
}
