/* test-views-training.c: the chart widget, the Training view and the
 * Receptive fields view, live against a trainer on a small synthetic set.
 *
 * Needs a display (./test.sh runs the suite under xvfb-run); skipped without.
 * Writes screenshots training.png and fields.png of the window into
 * $BELIEF_SCREENSHOT_DIR when it is set.
 */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "belief-chart-view.h"
#include "belief-error.h"
#include "belief-test-utils.h"
#include "belief-tiles-view.h"
#include "belief-training-view.h"

static void
small_config (BeliefConfig *cfg,
              int           epochs)
{
  belief_config_defaults (cfg);
  g_assert_true (belief_config_parse_layers (cfg, "20,30", NULL));
  cfg->epochs = epochs;
  cfg->top_epochs = 0;
  cfg->finetune_epochs = 2;
  cfg->batch = 10;
  cfg->eval_size = 50;
  cfg->threads = 1;
}

static BeliefTrainer *
new_trainer (BeliefData *data,
             int         epochs)
{
  g_autoptr(GError) error = NULL;
  BeliefTrainer *trainer = belief_trainer_new ();
  BeliefConfig cfg;

  small_config (&cfg, epochs);
  belief_trainer_set_data (trainer, data);
  g_assert_true (belief_trainer_reset (trainer, &cfg, &error));
  g_assert_no_error (error);
  return trainer;
}

static GtkWidget *
show_in_window (GtkWidget *child,
                int        width,
                int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  return window;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (c, type) ? c : find_descendant (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) list = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (list, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return GTK_EVENT_CONTROLLER (controller);   /* the widget keeps it */
    }
  g_assert_not_reached ();
}

/* Moves the pointer over the drawn point `index` of series `s`, through
 * the chart's motion controller, and checks what the hover found. */
static void
hover_point (BeliefChartView *chart,
             int              s,
             int              index)
{
  const BeliefChart *c = belief_chart_view_get_chart (chart);
  GtkEventController *motion = find_controller (GTK_WIDGET (chart), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  BeliefRenderStyle style;
  BeliefChartHit hit;
  double px, py;

  belief_widget_get_render_style (GTK_WIDGET (chart), &style);
  g_assert_true (belief_chart_data_to_pixel (c, &style, gtk_widget_get_width (GTK_WIDGET (chart)),
                                             gtk_widget_get_height (GTK_WIDGET (chart)),
                                             c->series[s].x[index], c->series[s].y[index], &px, &py));
  g_signal_emit_by_name (motion, "motion", px + 1.0, py - 1.0);
  g_assert_true (belief_chart_view_get_hover (chart, &hit));
  g_assert_cmpfloat (fabs (hit.px - px) + fabs (hit.py - py), <, 4.0);
  g_signal_emit_by_name (motion, "leave");
  g_assert_false (belief_chart_view_get_hover (chart, NULL));
}

static guint
count_lines (const char *path,
             char      **first_line)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (n = 0; lines[n] != NULL && lines[n][0] != '\0'; n++)
    ;
  *first_line = g_strdup (lines[0]);
  return n;
}

/* PNG, SVG and CSV files of a chart, then removes them. */
static void
check_exports (BeliefChartView *chart)
{
  g_autofree char *dir = g_dir_make_tmp ("belief-test-views-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *csv = g_build_filename (dir, "chart.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "chart.txt", NULL);
  g_autofree char *svg_text = NULL;
  g_autofree char *header = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  g_assert_true (belief_chart_view_export (chart, png, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 2 * gtk_widget_get_width (GTK_WIDGET (chart)));

  g_assert_true (belief_chart_view_export (chart, svg, &error));
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_nonnull (strstr (svg_text, "<svg"));

  g_assert_true (belief_chart_view_export (chart, csv, &error));
  g_assert_cmpuint (count_lines (csv, &header), ==, belief_chart_view_get_n_points (chart) + 1);
  g_assert_cmpstr (header, ==, "series,x,y");

  g_assert_false (belief_chart_view_export (chart, bad, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT);

  g_unlink (png);
  g_unlink (svg);
  g_unlink (csv);
  g_rmdir (dir);
}

static gboolean
chooser_done (gpointer data)
{
  return g_object_get_data (data, "belief-export-chooser") == NULL;
}

/* Answers the chooser the menu opened with folder/name. */
static void
answer_chooser (BeliefChartView *chart,
                const char      *action,
                GFile           *folder,
                const char      *name)
{
  GtkFileChooser *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart), action, NULL));
  g_assert_nonnull (g_object_get_data (G_OBJECT (chart), "belief-export-chooser"));
  belief_test_drain (2000);
  /* the dialog the native chooser shows under X11 without a portal */
  dialog = GTK_FILE_CHOOSER (belief_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, TRUE));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_file_chooser_set_current_folder (dialog, folder, NULL));
  gtk_file_chooser_set_current_name (dialog, name);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  /* the dialog checks the name in a thread before it answers */
  g_assert_true (belief_test_wait_until (chooser_done, chart, 10000));
}

/* The menu's way: the file chooser, the extension added to a bare name,
 * and an error dialog for a file that cannot be written. */
static void
check_export_menu (BeliefChartView *chart)
{
  g_autofree char *dir = g_dir_make_tmp ("belief-test-views-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bare.csv", NULL);
  g_autofree char *blocker = g_build_filename (dir, "blocker.png", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *text = NULL;
  GtkWindow *dialog;

  answer_chooser (chart, "chart.export-csv", folder, "bare");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* a folder where the picture should go: renaming over it fails */
  g_assert_cmpint (g_mkdir (blocker, 0755), ==, 0);
  answer_chooser (chart, "chart.export-png", folder, "blocker.png");
  dialog = belief_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG, FALSE);
  g_assert_nonnull (dialog);
  g_object_get (dialog, "secondary-text", &text, NULL);
  g_assert_nonnull (strstr (text, "blocker.png"));   /* the error names the file */
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CLOSE);

  g_rmdir (blocker);
  g_unlink (path);
  g_rmdir (dir);
}

/* The widget alone: copies, min/max buckets for long series, hover, log
 * scale, export. */
static void
test_chart_view (void)
{
  BeliefChartView *chart = g_object_ref_sink (BELIEF_CHART_VIEW (belief_chart_view_new ()));
  double *x = g_new (double, 5000), *y = g_new (double, 5000), *y2 = g_new (double, 5000);
  BeliefChartSeries series[2] = {
    { "long", belief_render_palette_color (0), x, y, 5000, BELIEF_SERIES_LINE },
    { "short", belief_render_palette_color (1), x, y2, 12, BELIEF_SERIES_LINE_MARKERS },
  };
  const BeliefChart *c;
  GtkWidget *window;
  gboolean spike = FALSE;

  for (int i = 0; i < 5000; i++)
    x[i] = i + 1, y[i] = 0.5 + 0.4 * sin (i * 0.01), y2[i] = 0.2 + 0.01 * i;
  y[2500] = 3.0;                                  /* one spike must survive */
  belief_chart_view_set_title (chart, "Test chart");
  belief_chart_view_set_x_label (chart, "Minibatch updates");
  belief_chart_view_set_y_label (chart, "Value");
  belief_chart_view_set_series (chart, series, 2);
  x[0] = y[0] = -1.0;                             /* the widget keeps its copy */
  g_free (x), g_free (y), g_free (y2);

  c = belief_chart_view_get_chart (chart);
  g_assert_cmpint (c->n_series, ==, 2);
  g_assert_cmpuint (belief_chart_view_get_n_points (chart), ==, 5012);
  g_assert_cmpint (c->series[0].n, <=, BELIEF_CHART_VIEW_MAX_DRAWN);
  g_assert_cmpint (c->series[0].n, >=, BELIEF_CHART_VIEW_MAX_DRAWN / 2);
  g_assert_cmpfloat (c->series[0].x[0], ==, 1.0);
  for (int i = 0; i < c->series[0].n; i++)
    spike |= c->series[0].y[i] == 3.0;
  g_assert_true (spike);
  g_assert_cmpint (c->series[1].n, ==, 12);

  window = show_in_window (GTK_WIDGET (chart), 640, 400);
  /* on screen: at most a point per pixel column, the spike still there */
  g_assert_cmpint (c->series[0].n, <=, gtk_widget_get_width (GTK_WIDGET (chart)) + 1);
  spike = FALSE;
  for (int i = 0; i < c->series[0].n; i++)
    spike |= c->series[0].y[i] == 3.0;
  g_assert_true (spike);
  hover_point (chart, 1, 5);
  hover_point (chart, 0, c->series[0].n / 3);

  belief_chart_view_set_log_scale (chart, TRUE);
  g_assert_true (belief_chart_view_get_chart (chart)->log_y);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (chart));
  check_exports (chart);
  check_export_menu (chart);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

typedef struct
{
  BeliefTrainer      *trainer;
  BeliefTrainingView *training;
  BeliefTilesView    *tiles;
  float              *before;
  int                 n_before;
  int                 layer;
  int                 n_units;  /* tiles expected once the projection lands */
} Live;

static gboolean
charts_have_points (gpointer data)
{
  Live *live = data;

  return belief_chart_view_get_n_points (belief_training_view_get_loss_chart (live->training)) > 20
         && belief_chart_view_get_n_points (belief_training_view_get_stability_chart (live->training)) > 20;
}

static void
test_training_view (void)
{
  g_autoptr(BeliefData) data = belief_data_new (belief_test_make_bars (400, 1),
                                                belief_test_make_bars (100, 2), "bars");
  g_autoptr(GError) error = NULL;
  BeliefTrainer *trainer = new_trainer (data, 1000);
  Live live = { trainer, NULL };
  BeliefChartView *loss;
  const BeliefChart *c;
  GtkWidget *window;

  live.training = g_object_ref_sink (BELIEF_TRAINING_VIEW (belief_training_view_new (trainer)));
  loss = belief_training_view_get_loss_chart (live.training);
  window = show_in_window (GTK_WIDGET (live.training), 1000, 700);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (loss)));   /* the empty page */

  g_assert_true (belief_trainer_start (trainer, &error));
  g_assert_no_error (error);
  g_assert_true (belief_test_wait_until (charts_have_points, &live, 30000));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (loss)));
  belief_trainer_pause (trainer);

  /* layer 1 and 2, and fine-tuning ahead */
  c = belief_chart_view_get_chart (loss);
  g_assert_cmpint (c->n_series, ==, 3);
  g_assert_cmpstr (c->series[0].name, ==, "Layer 1 (144→20)");
  g_assert_cmpstr (c->series[1].name, ==, "Layer 2 (20+4→30)");
  g_assert_cmpstr (c->series[2].name, ==, "Fine-tuning");
  g_assert_cmpint (belief_chart_view_get_chart (belief_training_view_get_stability_chart (live.training))->n_series, ==, 2);
  g_assert_cmpint (belief_chart_view_get_chart (belief_training_view_get_accuracy_chart (live.training))->n_series, ==, 2);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (loss));
  hover_point (loss, 0, c->series[0].n / 2);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_descendant (GTK_WIDGET (live.training),
                                                                  GTK_TYPE_CHECK_BUTTON)), TRUE);
  g_assert_true (belief_chart_view_get_log_scale (loss));
  check_exports (loss);

  belief_trainer_cancel (trainer);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (live.training);
  g_assert_finalize_object (trainer);
}

static gboolean
tiles_changed (gpointer data)
{
  Live *live = data;
  BeliefTiles tiles;

  g_assert_true (belief_tiles_view_get_tiles (live->tiles, &tiles, NULL));
  g_assert_cmpint (tiles.n_units * tiles.rows * tiles.cols, ==, live->n_before);
  return memcmp (tiles.W, live->before, sizeof (float) * live->n_before) != 0;
}

static gboolean
layer_shown (gpointer data)
{
  Live *live = data;

  return belief_tiles_view_get_shown_layer (live->tiles) == live->layer;
}

static gboolean
units_shown (gpointer data)
{
  Live *live = data;
  const int *units;
  BeliefTiles tiles;

  return belief_tiles_view_get_shown_layer (live->tiles) == live->layer
         && belief_tiles_view_get_tiles (live->tiles, &tiles, &units)
         && tiles.n_units == live->n_units;
}

/* The tiles of the view against the model: column k is unit units[k] of
 * the layer, projected to the pixels by belief_tiles_project. */
static void
check_tiles (Live *live,
             int   layer,
             int   n_units)
{
  const BeliefDbn *model = belief_trainer_get_model (live->trainer);
  g_autofree float *P = belief_tiles_project (model, layer);
  int n_hid = model->sizes[layer];
  const int *units;
  BeliefTiles tiles;

  g_assert_true (belief_tiles_view_get_tiles (live->tiles, &tiles, &units));
  g_assert_cmpint (tiles.n_units, ==, n_units);
  for (int p = 0; p < BELIEF_TEST_BARS_SIDE * BELIEF_TEST_BARS_SIDE; p++)
    for (int k = 0; k < n_units; k++)
      g_assert_cmpfloat_with_epsilon (tiles.W[p * tiles.n_hid + k], P[p * n_hid + units[k]], 1e-4);
}

static void
test_tiles_view (void)
{
  g_autoptr(BeliefData) data = belief_data_new (belief_test_make_bars (400, 3), NULL, "bars");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("belief-test-views-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "tiles.png", NULL);
  g_autofree int *units_before = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  BeliefTrainer *trainer = new_trainer (data, 1000);
  Live live = { trainer, NULL };
  GtkWidget *window, *canvas, *popover;
  GtkEventController *click;
  BeliefRenderStyle style;
  BeliefTiles tiles;
  const int *units;
  BeliefRect r;

  live.tiles = g_object_ref_sink (BELIEF_TILES_VIEW (belief_tiles_view_new (trainer)));
  window = show_in_window (GTK_WIDGET (live.tiles), 900, 700);
  g_assert_cmpint (belief_tiles_view_get_shown_layer (live.tiles), ==, 1);
  g_assert_true (belief_tiles_view_get_tiles (live.tiles, &tiles, &units));
  g_assert_cmpint (tiles.n_units, ==, 20);             /* 10 x 10 of a 20-unit layer */
  live.n_before = tiles.n_units * tiles.rows * tiles.cols;
  live.before = g_memdup2 (tiles.W, sizeof (float) * live.n_before);
  units_before = g_memdup2 (units, sizeof (int) * tiles.n_units);
  check_tiles (&live, 1, 20);

  g_assert_true (belief_trainer_start (trainer, &error));
  g_assert_true (belief_test_wait_until (tiles_changed, &live, 30000));
  belief_trainer_cancel (trainer);
  g_assert_true (belief_tiles_view_get_tiles (live.tiles, &tiles, &units));
  g_assert_cmpmem (units, sizeof (int) * 20, units_before, sizeof (int) * 20);  /* units stay */

  /* a new grid refreshes at once, from the newest weights */
  belief_tiles_view_set_grid_size (live.tiles, 5);
  check_tiles (&live, 1, 20);
  /* layer 2, projected off the main loop */
  live.layer = 2;
  belief_tiles_view_set_layer (live.tiles, 2);
  g_assert_true (belief_test_wait_until (layer_shown, &live, 10000));
  check_tiles (&live, 2, 25);
  belief_tiles_view_set_grid_size (live.tiles, 8);
  live.n_units = 30;  /* the projection of the new units runs off the main loop */
  g_assert_true (belief_test_wait_until (units_shown, &live, 10000));
  check_tiles (&live, 2, 30);

  /* clicking a tile enlarges it */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (live.tiles));
  canvas = find_descendant (GTK_WIDGET (live.tiles), GTK_TYPE_DRAWING_AREA);
  for (popover = gtk_widget_get_first_child (GTK_WIDGET (live.tiles)); !GTK_IS_POPOVER (popover);
       popover = gtk_widget_get_next_sibling (popover))
    ;
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_true (belief_tiles_view_get_tiles (live.tiles, &tiles, NULL));
  belief_widget_get_render_style (canvas, &style);
  g_assert_true (belief_tiles_get_tile_rect (&tiles, &style, gtk_widget_get_width (canvas),
                                             gtk_widget_get_height (canvas), 7, &r));
  click = find_controller (canvas, GTK_TYPE_GESTURE_CLICK);
  g_signal_emit_by_name (click, "pressed", 1, r.x + r.width / 2, r.y + r.height / 2);
  g_assert_true (gtk_widget_get_visible (popover));
  gtk_popover_popdown (GTK_POPOVER (popover));

  g_assert_true (belief_tiles_view_export (live.tiles, png, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 2 * gtk_widget_get_width (canvas));
  g_unlink (png);
  g_rmdir (dir);

  gtk_window_destroy (GTK_WINDOW (window));
  g_free (live.before);
  g_assert_finalize_object (live.tiles);
  g_assert_finalize_object (trainer);
}

static gboolean
run_finished (gpointer data)
{
  return belief_trainer_get_state (data) == BELIEF_TRAINER_FINISHED;
}

/* The window with both views after a short complete run. */
static void
test_screenshots (void)
{
  g_autoptr(BeliefData) data = belief_data_new (belief_test_make_bars (400, 5),
                                                belief_test_make_bars (100, 6), "bars");
  g_autoptr(GError) error = NULL;
  const char *env = g_getenv ("BELIEF_SCREENSHOT_DIR");
  g_autofree char *tmp = NULL;
  const char *dir = env;
  const char *names[] = { "training", "fields" };
  BeliefWindow *window;
  BeliefTrainer *trainer;
  BeliefConfig cfg;

  if (dir == NULL || dir[0] == '\0')
    dir = tmp = g_dir_make_tmp ("belief-test-views-XXXXXX", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  window = belief_test_window_new (data, NULL, NULL);
  trainer = g_object_ref (belief_window_get_trainer (window));
  small_config (&cfg, 6);
  g_assert_true (belief_trainer_reset (trainer, &cfg, &error));
  g_assert_true (belief_trainer_start (trainer, &error));
  g_assert_no_error (error);
  g_assert_true (belief_test_wait_until (run_finished, trainer, 60000));
  belief_test_run_for (300);     /* the views' last throttled refresh */

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_strconcat (names[i], ".png", NULL);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(GdkTexture) texture = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", names[i]));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      belief_test_drain (2000);
      belief_test_save_png (GTK_WIDGET (window), path);
      g_test_message ("screenshot: %s", path);
      texture = gdk_texture_new_from_filename (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (window)));
      if (tmp != NULL)
        g_unlink (path);
    }
  if (tmp != NULL)
    g_rmdir (tmp);

  gtk_window_close (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_finalize_object (trainer);
}

int
main (int   argc,
      char *argv[])
{
  if (!belief_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/views/chart-view", test_chart_view);
  g_test_add_func ("/views/training-view", test_training_view);
  g_test_add_func ("/views/tiles-view", test_tiles_view);
  g_test_add_func ("/views/screenshots", test_screenshots);
  return g_test_run ();
}
