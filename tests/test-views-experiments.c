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
#include "belief-window.h"

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until cond holds; FALSE after timeout_ms. */
static gboolean
wait_until (Condition cond,
            gpointer  data,
            guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
  return TRUE;
}

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

static void
write_screenshot (GtkWidget  *window,
                  const char *name)
{
  const char *dir = g_getenv ("BELIEF_SCREENSHOT_DIR");
  g_autofree char *tmp = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;
  GStatBuf st;

  if (dir == NULL || dir[0] == '\0')
    {
      tmp = g_dir_make_tmp ("belief-test-experiments-XXXXXX", NULL);
      g_assert_nonnull (tmp);
      dir = tmp;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, name, NULL);
  gtk_test_widget_wait_for_draw (window);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1000);
  g_test_message ("screenshot: %s", path);
  if (tmp != NULL)
    {
      g_unlink (path);
      g_rmdir (tmp);
    }
}

static BeliefData *
load_default_data (char **dir)
{
  g_autoptr(GError) error = NULL;
  BeliefDataset *train, *test;

  *dir = belief_dataset_default_dir ();
  train = belief_dataset_load_dir (*dir, BELIEF_SPLIT_TRAIN, &error);
  if (train == NULL)
    return NULL;
  test = belief_dataset_load_dir (*dir, BELIEF_SPLIT_TEST, &error);
  if (test == NULL)
    {
      belief_dataset_free (train);
      return NULL;
    }
  return belief_data_new (train, test, *dir);
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

  g_assert_true (wait_until (not_running, view, 120000));
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
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_experiments (void)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(BeliefData) data = load_default_data (&data_dir);
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

  window = g_object_ref (belief_window_new (NULL, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  belief_window_set_data (window, data);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "experiments"));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  view = BELIEF_EXPERIMENTS_VIEW (gtk_widget_get_first_child (GTK_WIDGET (belief_window_get_page (window, "experiments"))));
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
  write_screenshot (GTK_WIDGET (window), "experiments.png");

  /* in the dark style too */
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  write_screenshot (GTK_WIDGET (window), "experiments-dark.png");
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
  write_screenshot (GTK_WIDGET (window), "experiments-fields.png");

  /* both into a folder */
  export_dir = g_dir_make_tmp ("belief-test-export-XXXXXX", &error);
  g_assert_no_error (error);
  belief_experiments_view_export_folder (view, export_dir);
  g_assert_true (belief_experiments_view_is_exporting (view));
  g_assert_true (wait_until (not_exporting, view, 60000));
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
  remove_tree (export_dir);

  /* Stop: the run ends without a result, says so, and the main training
   * it paused goes on */
  g_assert_true (belief_trainer_start (trainer, &error));
  g_assert_no_error (error);
  g_assert_true (belief_experiments_view_run (view, 4));
  g_assert_cmpint (belief_trainer_get_state (trainer), ==, BELIEF_TRAINER_PAUSED);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "experiments.stop", NULL));
  g_assert_true (wait_until (not_running, view, 30000));
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
  write_screenshot (GTK_WIDGET (window), "experiments-running.png");
  gtk_window_close (GTK_WINDOW (window));
  g_assert_false (belief_experiment_runner_is_running (runner));
  g_assert_false (belief_trainer_is_running (trainer));
  g_signal_handlers_disconnect_by_func (runner, progress_cb, NULL);
  g_assert_finalize_object (window);
  g_assert_finalize_object (view);
  g_assert_finalize_object (runner);
  g_assert_finalize_object (trainer);
}

/* Ten classes of 28 x 28 images: a bar at one of ten angles. */
static BeliefDataset *
make_bars (guint n)
{
  BeliefDataset *ds = g_new0 (BeliefDataset, 1);

  ds->n = n;
  ds->rows = ds->cols = 28;
  ds->dim = 28 * 28;
  ds->n_classes = 10;
  ds->images = g_new0 (guint8, (gsize) n * ds->dim);
  ds->labels = g_new0 (guint8, n);
  ds->source = g_strdup ("bars");
  for (guint i = 0; i < n; i++)
    {
      double angle = G_PI * (i % 10) / 10.0;

      ds->labels[i] = (guint8) (i % 10);
      for (int p = 0; p < ds->dim; p++)
        {
          double x = p % 28 - 13.5, y = p / 28 - 13.5;

          if (fabs (x * sin (angle) - y * cos (angle)) < 1.5 && hypot (x, y) < 10.0)
            ds->images[(gsize) i * ds->dim + p] = 255;
        }
    }
  return ds;
}

/* A data folder without test images: nothing starts, the view says why,
 * and the window still closes cleanly. */
static void
test_no_test_images (void)
{
  g_autoptr(BeliefData) data = belief_data_new (make_bars (100), NULL, "bars");
  BeliefWindow *window = g_object_ref (belief_window_new (NULL, NULL));
  BeliefExperimentsView *view;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  belief_window_set_data (window, data);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "experiments"));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  view = BELIEF_EXPERIMENTS_VIEW (gtk_widget_get_first_child (GTK_WIDGET (belief_window_get_page (window, "experiments"))));
  g_assert_false (belief_experiments_view_run_all (view));
  g_assert_false (belief_experiments_view_is_running (view));
  g_assert_nonnull (strstr (belief_experiments_view_get_message (view), "test images"));
  write_screenshot (GTK_WIDGET (window), "experiments-no-test.png");
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
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  g_setenv ("LANGUAGE", "C", TRUE);
  /* no accessibility bus under xvfb: GTK would warn, and warnings are fatal */
  g_setenv ("GTK_A11Y", "none", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/experiments/measure-words", test_measure_words);
  g_test_add_func ("/experiments/no-test-images", test_no_test_images);
  g_test_add_func ("/experiments/view", test_experiments);
  return g_test_run ();
}
