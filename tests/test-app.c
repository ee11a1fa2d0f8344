/* test-app.c: the main window with a live trainer, driven like a user would.
 *
 * Builds the window on a small synthetic data set, trains a tiny DBN through
 * the trainer, waits for progress, history and new weights, moves the
 * learning-rate slider and checks the running session took the new value
 * without a reset, writes a screenshot, then closes the window mid-training
 * and checks that the worker was joined and everything was finalized.
 *
 * The side panel's data set and preset: the sizes of the open data, the
 * presets' epochs for its training size, Custom after an edit by hand,
 * folders and named sets loaded off the main thread.
 *
 * Needs a display (./test.sh runs the suite under xvfb-run); skipped without.
 */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "belief-application.h"
#include "belief-error.h"
#include "belief-idx.h"
#include "belief-model-file.h"
#include "belief-model-io.h"
#include "belief-settings.h"
#include "belief-status.h"
#include "belief-test-data.h"
#include "belief-test-utils.h"
#include "belief-trainer-private.h"

/* the no-break space that keeps "7,000 training" on one line */
#define NB "\u00a0"

typedef struct
{
  guint progress;
  guint weights;
  float last_lr;
} Seen;

static void
progress_cb (BeliefTrainer        *trainer,
             const BeliefProgress *progress,
             Seen                 *seen)
{
  seen->progress++;
  seen->last_lr = progress->lr;
}

static void
weights_cb (BeliefTrainer *trainer,
            Seen          *seen)
{
  seen->weights++;
}

typedef struct
{
  BeliefTrainer *trainer;
  Seen          *seen;
  float          lr;
} Wait;

static gboolean
has_history (gpointer data)
{
  Wait *w = data;
  guint n_loss = 0, n_stability = 0;

  belief_trainer_get_series (w->trainer, BELIEF_SERIES_LOSS, 0, &n_loss);
  belief_trainer_get_series (w->trainer, BELIEF_SERIES_STABILITY, 0, &n_stability);
  return w->seen->progress > 0 && w->seen->weights > 1 && n_loss > 10 && n_stability > 10;
}

static gboolean
session_has_lr (gpointer data)
{
  Wait *w = data;

  return fabsf (belief_session_get_lr (belief_trainer_get_session (w->trainer)) - w->lr) < 1e-7f
         && fabsf (w->seen->last_lr - w->lr) < 1e-7f;
}

static void
test_window_training (void)
{
  /* 4000 minibatches an epoch, 1000 epochs a layer: hours, even at a few
   * microseconds a step (and a main loop slowed by MALLOC_PERTURB_) */
  g_autoptr(BeliefData) data = belief_data_new (belief_test_make_bars (40000, 1),
                                                belief_test_make_bars (100, 2), "bars");
  g_autoptr(GError) error = NULL;
  BeliefWindow *window;
  BeliefTrainer *trainer;
  BeliefSession *session;
  GtkAdjustment *lr;
  GSettings *settings;
  BeliefConfig cfg;
  Seen seen = { 0 };
  Wait wait;

  window = belief_test_window_new (data, NULL, NULL);

  trainer = g_object_ref (belief_window_get_trainer (window));
  g_assert_cmpint (belief_trainer_get_state (trainer), ==, BELIEF_TRAINER_READY);
  g_assert_nonnull (belief_trainer_get_model (trainer));
  g_signal_connect (trainer, "progress", G_CALLBACK (progress_cb), &seen);
  g_signal_connect (trainer, "weights-changed", G_CALLBACK (weights_cb), &seen);

  /* a tiny DBN that would train for minutes: the window closes long before.
   * The settings say so too, so that the panel shows what is training. */
  settings = belief_window_get_settings (window);
  g_settings_set_string (settings, "layers", "20,30");
  g_settings_set_int (settings, "epochs", 1000);
  g_settings_set_int (settings, "top-epochs", 0);
  g_settings_set_int (settings, "batch-size", 10);
  g_settings_set_int (settings, "eval-size", 50);
  g_settings_set_int (settings, "threads", 1);
  belief_settings_get_config (settings, &cfg);
  g_assert_cmpint (cfg.n_hidden, ==, 2);
  g_assert_cmpint (cfg.hidden[1], ==, 30);
  g_assert_true (belief_trainer_reset (trainer, &cfg, &error));
  g_assert_no_error (error);
  session = belief_trainer_get_session (trainer);
  g_assert_nonnull (session);
  g_assert_cmpint (belief_trainer_get_n_tracks (trainer), ==, 3);

  g_assert_true (belief_trainer_start (trainer, &error));
  g_assert_no_error (error);
  g_assert_true (belief_trainer_is_running (trainer));
  g_assert_cmpint (belief_trainer_get_state (trainer), ==, BELIEF_TRAINER_RUNNING);

  wait = (Wait) { trainer, &seen, 0.0f };
  g_assert_true (belief_test_wait_until (has_history, &wait, 30000));
  g_assert_nonnull (belief_trainer_get_progress (trainer));
  g_assert_cmpint (belief_trainer_get_progress (trainer)->layer, ==, 0);

  /* the slider is logarithmic: -2 is a learning rate of 0.01 */
  lr = belief_param_panel_get_learning_rate_adjustment (belief_window_get_param_panel (window));
  gtk_adjustment_set_value (lr, -2.0);
  g_assert_cmpfloat_with_epsilon (belief_trainer_get_learning_rate (trainer), 0.01, 1e-9);
  wait.lr = 0.01f;
  g_assert_true (belief_test_wait_until (session_has_lr, &wait, 10000));
  /* the same session, still running: no reset happened */
  g_assert_true (belief_trainer_get_session (trainer) == session);
  g_assert_cmpint (belief_trainer_get_state (trainer), ==, BELIEF_TRAINER_RUNNING);

  /* the header's Train/Pause toggle (Space) is the win.train action */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_assert_cmpint (belief_trainer_get_state (trainer), ==, BELIEF_TRAINER_PAUSED);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_assert_cmpint (belief_trainer_get_state (trainer), ==, BELIEF_TRAINER_RUNNING);

  belief_test_write_screenshot (GTK_WIDGET (window), "training.png");

  /* close mid-training */
  g_assert_true (belief_trainer_is_running (trainer));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_false (belief_trainer_is_running (trainer));
  g_signal_handlers_disconnect_by_data (trainer, &seen);
  g_assert_finalize_object (window);
  g_assert_finalize_object (trainer);
}

typedef struct
{
  BeliefTrainer *trainer;
  GError        *error;
  guint          progress;
} Diverge;

static void
failed_cb (BeliefTrainer *trainer,
           const GError  *error,
           Diverge       *d)
{
  g_clear_error (&d->error);
  d->error = g_error_copy (error);
}

static void
count_cb (BeliefTrainer        *trainer,
          const BeliefProgress *progress,
          Diverge              *d)
{
  d->progress++;
}

static gboolean
has_failed (gpointer data)
{
  return ((Diverge *) data)->error != NULL;
}

static gboolean
has_progress (gpointer data)
{
  return ((Diverge *) data)->progress > 0;
}

/* An absurd learning rate diverges: the trainer reports it, pauses with its
 * worker waiting, keeps finite weights, and goes on with a sane one.  Then
 * the last reference goes while the worker waits: dispose joins it. */
static void
test_trainer_diverges (void)
{
  g_autoptr(BeliefData) data = belief_data_new (belief_test_make_bars (200, 3), NULL, "bars");
  g_autoptr(GError) error = NULL;
  BeliefTrainer *trainer = belief_trainer_new ();
  Diverge d = { trainer, NULL, 0 };
  BeliefConfig cfg;

  belief_config_defaults (&cfg);
  g_assert_true (belief_config_parse_layers (&cfg, "16", NULL));
  cfg.labels = FALSE;
  cfg.epochs = 1000;
  cfg.top_epochs = 0;  /* the only layer is the top one: 1000 epochs too */
  cfg.lr = 10.0f;
  cfg.momentum = 0.99f;
  cfg.weight_decay = 0.0f;
  cfg.threads = 1;
  belief_trainer_set_data (trainer, data);
  g_assert_true (belief_trainer_reset (trainer, &cfg, &error));
  g_assert_no_error (error);
  g_signal_connect (trainer, "failed", G_CALLBACK (failed_cb), &d);
  g_signal_connect (trainer, "progress", G_CALLBACK (count_cb), &d);

  g_assert_true (belief_trainer_start (trainer, &error));
  g_assert_true (belief_test_wait_until (has_failed, &d, 20000));
  g_assert_error (d.error, BELIEF_ERROR, BELIEF_ERROR_DIVERGED);
  g_assert_cmpint (belief_trainer_get_state (trainer), ==, BELIEF_TRAINER_PAUSED);
  g_assert_true (belief_trainer_is_running (trainer));
  g_assert_true (belief_dbn_is_finite (belief_trainer_get_model (trainer)));

  belief_trainer_set_learning_rate (trainer, 0.01);
  belief_trainer_set_momentum (trainer, 0.5);
  d.progress = 0;
  g_assert_true (belief_trainer_start (trainer, &error));
  g_assert_no_error (error);
  g_assert_true (belief_test_wait_until (has_progress, &d, 10000));
  g_assert_cmpfloat_with_epsilon (belief_trainer_get_progress (trainer)->lr, 0.01, 1e-7);

  belief_trainer_pause (trainer);
  g_assert_cmpint (belief_trainer_get_state (trainer), ==, BELIEF_TRAINER_PAUSED);
  g_clear_error (&d.error);
  g_assert_finalize_object (trainer);
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* A model saved and loaded off the main thread; a loaded model has no
 * session, so it can be looked at but not trained further. */
static void
test_model_files (void)
{
  g_autoptr(BeliefData) data = belief_data_new (belief_test_make_bars (100, 4), NULL, "bars");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("belief-test-model-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "m.safetensors", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(BeliefTrainer) trainer = belief_trainer_new ();
  g_autoptr(BeliefDbn) loaded = NULL;
  GAsyncResult *result = NULL;
  BeliefConfig cfg;

  belief_config_defaults (&cfg);
  g_assert_true (belief_config_parse_layers (&cfg, "12,14", NULL));
  belief_trainer_set_data (trainer, data);
  g_assert_true (belief_trainer_reset (trainer, &cfg, &error));

  belief_model_save_async (belief_trainer_get_model (trainer), NULL, file, NULL,
                           async_done_cb, &result);
  g_assert_true (belief_test_wait_until (has_result, &result, 10000));
  g_assert_true (belief_model_save_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  belief_model_load_async (file, NULL, async_done_cb, &result);
  g_assert_true (belief_test_wait_until (has_result, &result, 10000));
  loaded = belief_model_load_finish (result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (belief_dbn_same_shape (loaded, belief_trainer_get_model (trainer)));

  belief_trainer_set_model (trainer, g_steal_pointer (&loaded));
  g_assert_cmpint (belief_trainer_get_state (trainer), ==, BELIEF_TRAINER_READY);
  g_assert_null (belief_trainer_get_session (trainer));
  g_assert_false (belief_trainer_start (trainer, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (belief_trainer_get_model (trainer)->sizes[2], ==, 14);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_status_words (void)
{
  const char *sep = localeconv ()->thousands_sep;
  BeliefProgress p = {
    .phase = BELIEF_PHASE_PRETRAIN, .layer = 1, .n_layers = 3, .epoch = 3, .n_epochs = 30,
    .batch_index = 11, .n_batches = 400, .updates = 100, .updates_total = 1000,
    .samples_per_sec = 41200.4, .eta = 20.2,
  };
  g_autofree char *count = belief_status_format_count (41200);
  g_autofree char *text = belief_status_format_progress (&p, FALSE);
  g_autofree char *paused = belief_status_format_progress (&p, TRUE);
  g_autofree char *d1 = belief_status_format_duration (20.2);
  g_autofree char *d2 = belief_status_format_duration (200);
  g_autofree char *d3 = belief_status_format_duration (4000);
  g_autofree char *ready = belief_status_format_ready ("784-500-500+10-2000", 8000);
  g_autofree char *sizes = belief_status_format_data_sizes (50000, 10000, 10000, 28, 28);
  g_autofree char *no_validation = belief_status_format_data_sizes (8000, 0, 2000, 28, 28);
  g_autofree char *done = belief_status_format_finished ("784-20+10-30", 0.9712, 200);

  if (sep[0] != '\0' && g_strcmp0 (sep, ",") != 0)
    {
      g_test_skip ("the locale groups digits with another separator");
      return;
    }
  g_assert_cmpstr (count, ==, "41,200");
  g_assert_cmpstr (text, ==, "Pretraining layer 2 of 3 · epoch 4 of 30 · minibatch 12 of 400"
                             " · 41,200 samples/s · about 20 s left");
  g_assert_cmpstr (paused, ==, "Paused · Pretraining layer 2 of 3 · epoch 4 of 30 · minibatch 12 of 400");
  g_assert_cmpstr (d1, ==, "20 s");
  g_assert_cmpstr (d2, ==, "3 min 20 s");
  g_assert_cmpstr (d3, ==, "1 h 6 min");
  g_assert_cmpstr (ready, ==, "Ready · 784-500-500+10-2000 · 8,000 training images · press Train to start");
  g_assert_cmpstr (sizes, ==, "50,000" NB "training · 10,000" NB "validation · 10,000" NB "test" NB "images," NB "28×28");
  g_assert_cmpstr (no_validation, ==, "8,000" NB "training · 2,000" NB "test" NB "images," NB "28×28");
  g_assert_cmpstr (done, ==, "Finished · 784-20+10-30 · test accuracy 97.1 % · trained in 3 min 20 s");
}

/* ---- autosave and the offer to restore ------------------------------------ */

static gboolean
has_autosave (gpointer data)
{
  return belief_window_get_autosave_count (data) >= 1;
}

static gboolean
has_restored (gpointer data)
{
  const BeliefDbn *model = belief_trainer_get_model (belief_window_get_trainer (data));

  return model != NULL && model->sizes[1] == 20
         && belief_trainer_get_session (belief_window_get_trainer (data)) == NULL;
}

static gboolean
file_exists (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* While training, the window autosaves the weights (here every second) and
 * marks the session as running.  The window of the next start, after the
 * first one is killed (its marker and autosave left behind), offers the
 * model back, and Restore brings it.  A clean close leaves nothing to
 * restore. */
static void
test_autosave_restore (void)
{
  g_autoptr(BeliefData) data = belief_data_new (belief_test_make_bars (200, 5), NULL, "bars");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("belief-test-autosave-XXXXXX", NULL);
  g_autofree char *saved = g_build_filename (dir, "autosave.safetensors", NULL);
  g_autoptr(BeliefDbn) loaded = NULL;
  BeliefWindow *first, *second;
  BeliefTrainer *trainer;
  GSettings *settings;
  BeliefConfig cfg;

  first = belief_test_window_new (data, NULL, NULL);
  belief_window_enable_autosave (first, dir, 1);
  g_assert_false (belief_window_get_restore_offered (first));
  g_assert_true (file_exists (dir, "running"));
  settings = belief_window_get_settings (first);
  g_settings_set_string (settings, "layers", "20,30");
  g_settings_set_int (settings, "epochs", 1000);
  g_settings_set_int (settings, "threads", 1);
  belief_settings_get_config (settings, &cfg);
  trainer = belief_window_get_trainer (first);
  g_assert_true (belief_trainer_reset (trainer, &cfg, &error));
  g_assert_true (belief_trainer_start (trainer, &error));
  g_assert_no_error (error);
  g_assert_true (belief_test_wait_until (has_autosave, first, 20000));
  loaded = belief_model_load (saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->sizes[1], ==, 20);
  belief_trainer_pause (trainer);

  /* the next start, the first window's session never closed */
  second = belief_test_window_new (data, NULL, NULL);
  belief_window_enable_autosave (second, dir, 1000);
  g_assert_true (belief_window_get_restore_offered (second));
  belief_window_respond_restore (second, TRUE);
  g_assert_false (belief_window_get_restore_offered (second));
  g_assert_true (belief_test_wait_until (has_restored, second, 10000));

  /* closing cleanly: no marker, no autosave, no offer next time */
  gtk_window_close (GTK_WINDOW (second));
  g_assert_false (file_exists (dir, "running"));
  g_assert_false (file_exists (dir, "autosave.safetensors"));
  g_assert_finalize_object (second);
  gtk_window_close (GTK_WINDOW (first));
  /* an autosave still being written holds the window a moment */
  belief_test_run_for (500);
  g_assert_finalize_object (first);
  second = belief_test_window_new (data, NULL, NULL);
  belief_window_enable_autosave (second, dir, 1000);
  g_assert_false (belief_window_get_restore_offered (second));
  gtk_window_close (GTK_WINDOW (second));
  g_assert_finalize_object (second);
  g_assert_false (file_exists (dir, "running"));
  g_rmdir (dir);
}

/* ---- the data set and the preset in the side panel ------------------------------- */


/* The control a label of the panel names (its mnemonic widget). */
static GtkWidget *
find_control (BeliefParamPanel *panel,
              const char       *label)
{
  GtkLabel *found = belief_test_find_label (GTK_WIDGET (panel), label);

  g_assert_nonnull (found);
  g_assert_nonnull (gtk_label_get_mnemonic_widget (found));
  return gtk_label_get_mnemonic_widget (found);
}

static void
assert_epochs (GSettings *settings,
               int        epochs,
               int        top_epochs,
               int        finetune_epochs)
{
  g_assert_cmpint (g_settings_get_int (settings, "epochs"), ==, epochs);
  g_assert_cmpint (g_settings_get_int (settings, "top-epochs"), ==, top_epochs);
  g_assert_cmpint (g_settings_get_int (settings, "finetune-epochs"), ==, finetune_epochs);
}

static void
assert_trainer_epochs (BeliefTrainer *trainer,
                       int            epochs,
                       int            top_epochs,
                       int            finetune_epochs)
{
  const BeliefConfig *cfg = belief_trainer_get_config (trainer);

  g_assert_nonnull (cfg);
  g_assert_cmpint (cfg->epochs, ==, epochs);
  g_assert_cmpint (cfg->top_epochs, ==, top_epochs);
  g_assert_cmpint (cfg->finetune_epochs, ==, finetune_epochs);
}

static void
assert_preset (GSettings   *settings,
               GtkDropDown *dropdown,
               const char  *preset,
               guint        position)
{
  g_autofree char *now = g_settings_get_string (settings, "preset");

  g_assert_cmpstr (now, ==, preset);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, position);
}

/* The title of the data-set list's selected item. */
static const char *
selected_title (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static guint
find_title (GtkDropDown *dropdown,
            const char  *title)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), title))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Writes ds as the folder's stem-images and stem-labels IDX files. */
static void
write_split (const char          *dir,
             const char          *stem,
             const BeliefDataset *ds)
{
  g_autofree char *images = g_strdup_printf ("%s/%s-images-idx3-ubyte", dir, stem);
  g_autofree char *labels = g_strdup_printf ("%s/%s-labels-idx1-ubyte", dir, stem);
  guint32 image_dims[] = { ds->n, ds->rows, ds->cols };
  guint32 label_dims[] = { ds->n };
  g_autoptr(GError) error = NULL;

  g_assert_true (belief_idx_write (images, 3, image_dims, ds->images, &error));
  g_assert_true (belief_idx_write (labels, 1, label_dims, ds->labels, &error));
  g_assert_no_error (error);
}

static void
write_folder (const char *dir,
              guint       n_train)
{
  g_autoptr(BeliefDataset) train = belief_test_make_bars (n_train, 9);
  g_autoptr(BeliefDataset) test = belief_test_make_bars (100, 10);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  write_split (dir, "train", train);
  write_split (dir, "t10k", test);
}


typedef struct
{
  BeliefTrainer *trainer;
  const char    *source;   /* a set's name or a folder */
} DataWait;

static gboolean
has_data_from (gpointer user_data)
{
  DataWait *w = user_data;
  BeliefData *data = belief_trainer_get_data (w->trainer);

  return data != NULL && (g_strcmp0 (belief_data_get_name (data), w->source) == 0
                          || g_strcmp0 (belief_data_get_dir (data), w->source) == 0);
}

static void
test_data_and_preset (void)
{
  g_autoptr(GSettings) settings = belief_settings_new ();
  g_autoptr(BeliefData) small = belief_data_new_full (belief_test_make_bars (7000, 1),
                                                      belief_test_make_bars (1000, 2),
                                                      belief_test_make_bars (2000, 3),
                                                      "/nowhere/bars-7000", NULL);
  g_autoptr(BeliefData) large = belief_data_new_full (belief_test_make_bars (50000, 4),
                                                      belief_test_make_bars (10000, 5),
                                                      belief_test_make_bars (10000, 6),
                                                      "/nowhere/bars-50000", NULL);
  g_autofree char *folder = g_dir_make_tmp ("belief-test-folder-XXXXXX", NULL);
  g_autofree char *digits = belief_dataset_dir_for_name ("digits", NULL);
  g_autofree char *fashion = belief_dataset_dir_for_name ("fashion", NULL);
  g_autofree char *folder_name = g_path_get_basename (folder);
  static const char *const keys[] = { "preset", "dataset", "epochs", "top-epochs", "finetune-epochs",
                                      "train-size" };
  BeliefWindow *window;
  BeliefTrainer *trainer;
  BeliefParamPanel *panel;
  GtkDropDown *preset, *dataset;
  GtkSpinButton *epochs;
  GtkLabel *sizes;
  const BeliefDbn *model;
  DataWait wait;

  /* the window makes its first model after Quick is applied for 7,000 images */
  g_settings_set_string (settings, "preset", "quick");
  window = belief_test_window_new (small, NULL, NULL);
  trainer = belief_window_get_trainer (window);
  panel = belief_window_get_param_panel (window);
  preset = GTK_DROP_DOWN (find_control (panel, "Preset"));
  dataset = GTK_DROP_DOWN (find_control (panel, "D_ata set"));
  epochs = GTK_SPIN_BUTTON (find_control (panel, "_Epochs per layer"));
  assert_preset (settings, preset, "quick", 0);
  g_assert_nonnull (belief_test_find_label (GTK_WIDGET (panel), "A first model in about a minute"));
  assert_epochs (settings, 11, 23, 10);
  assert_trainer_epochs (trainer, 11, 23, 10);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (epochs), ==, 11);

  /* the sizes under the list, which holds the folder, chosen */
  sizes = belief_test_find_label (GTK_WIDGET (panel), "7,000" NB "training");
  g_assert_nonnull (sizes);
  g_assert_cmpstr (gtk_label_get_text (sizes), ==,
                   "7,000" NB "training · 1,000" NB "validation · 2,000" NB "test" NB "images," NB "12×12");
  g_assert_cmpstr (selected_title (dataset), ==, "bars-7000");
  /* the named sets are listed when installed, by the core's titles */
  for (const char *const *name = belief_dataset_names (); *name != NULL; name++)
    {
      g_autofree char *dir = belief_dataset_dir_for_name (*name, NULL);

      g_assert_cmpint (find_title (dataset, belief_dataset_title (*name)) != GTK_INVALID_LIST_POSITION,
                       ==, dir != NULL);
    }

  /* Standard: Hinton et al.'s epochs whatever the size, after Reset */
  gtk_drop_down_set_selected (preset, 1);
  assert_preset (settings, preset, "standard", 1);
  assert_epochs (settings, 20, 30, 45);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (epochs), ==, 20);
  assert_trainer_epochs (trainer, 11, 23, 10);
  g_assert_true (belief_settings_differ (settings, belief_trainer_get_config (trainer)));

  /* Quick again; data of 50,000 images: 2, 3 and 1 epochs, before its model */
  gtk_drop_down_set_selected (preset, 0);
  assert_epochs (settings, 11, 23, 10);
  belief_window_set_data (window, large);
  assert_preset (settings, preset, "quick", 0);
  assert_epochs (settings, 2, 3, 1);
  assert_trainer_epochs (trainer, 2, 3, 1);
  g_assert_cmpstr (gtk_label_get_text (sizes), ==,
                   "50,000" NB "training · 10,000" NB "validation · 10,000" NB "test" NB "images," NB "12×12");
  g_assert_cmpstr (selected_title (dataset), ==, "bars-50000");
  /* fewer training images used are another size */
  g_settings_set_int (settings, "train-size", 7000);
  assert_epochs (settings, 11, 23, 10);
  g_settings_reset (settings, "train-size");
  assert_epochs (settings, 2, 3, 1);
  assert_preset (settings, preset, "quick", 0);

  /* an epoch edited by hand: Custom, which new data leaves alone */
  gtk_spin_button_set_value (epochs, 5);
  assert_preset (settings, preset, "custom", 2);
  g_assert_nonnull (belief_test_find_label (GTK_WIDGET (panel), "The settings below, as you set them"));
  belief_window_set_data (window, small);
  assert_epochs (settings, 5, 3, 1);
  assert_trainer_epochs (trainer, 5, 3, 1);

  /* a model opened from a file stays when a preset is chosen: only the
   * settings change, for the next Reset */
  belief_trainer_set_model (trainer, belief_trainer_dup_model (trainer));
  model = belief_trainer_get_model (trainer);
  gtk_drop_down_set_selected (preset, 0);
  assert_epochs (settings, 11, 23, 10);
  g_assert_true (belief_trainer_get_model (trainer) == model);
  g_assert_null (belief_trainer_get_session (trainer));

  /* a folder, loaded off the main thread, a sixth held out to validate on */
  write_folder (folder, 600);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-dataset", "s", folder));
  wait = (DataWait) { trainer, folder };
  g_assert_true (belief_test_wait_until (has_data_from, &wait, 10000));
  g_assert_cmpstr (gtk_label_get_text (sizes), ==,
                   "500" NB "training · 100" NB "validation · 100" NB "test" NB "images," NB "12×12");
  g_assert_cmpstr (selected_title (dataset), ==, folder_name);
  assert_epochs (settings, 160, 320, 140);
  assert_trainer_epochs (trainer, 160, 320, 140);

  /* a set not installed is not listed, and asking for it changes nothing */
  if (fashion == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.load-dataset", "s", "fashion");
      belief_test_run_for (50);
      g_assert_true (has_data_from (&wait));
      g_assert_cmpuint (find_title (dataset, "Fashion-MNIST (60,000 / 10,000)"), ==,
                        GTK_INVALID_LIST_POSITION);
      g_assert_cmpstr (selected_title (dataset), ==, folder_name);
    }

  /* the course-sized digits chosen in the list: the set opened next time,
   * 7,000 of its 8,000 training images to train on, 11, 23 and 10 epochs */
  if (digits != NULL)
    {
      g_autofree char *chosen = NULL;

      gtk_drop_down_set_selected (dataset,
                                  find_title (dataset, "MNIST digits, course-sized (8,000 / 2,000)"));
      g_assert_cmpstr (gtk_label_get_text (sizes), ==, "Loading the images…");
      wait = (DataWait) { trainer, "digits" };
      g_assert_true (belief_test_wait_until (has_data_from, &wait, 30000));
      chosen = g_settings_get_string (settings, "dataset");
      g_assert_cmpstr (chosen, ==, "digits");
      g_assert_cmpstr (gtk_label_get_text (sizes), ==,
                       "7,000" NB "training · 1,000" NB "validation · 2,000" NB "test" NB "images," NB "28×28");
      g_assert_cmpstr (selected_title (dataset), ==, "MNIST digits, course-sized (8,000 / 2,000)");
      /* the folder stays in the list */
      g_assert_cmpuint (find_title (dataset, folder_name), !=, GTK_INVALID_LIST_POSITION);
      assert_epochs (settings, 11, 23, 10);
      assert_trainer_epochs (trainer, 11, 23, 10);
    }
  else
    g_test_message ("no digits: run ./run.sh --setup-only to test choosing a named set");
  /* the panel as it looks, at the size of the test's screen */
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  belief_test_write_screenshot (GTK_WIDGET (window), "data-panel.png");

  belief_test_window_destroy (window);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  belief_test_remove_tree (folder);
}

/* ---- the data set opened at start ------------------------------------------------ */

typedef struct
{
  BeliefApplication *app;
  const char        *label;   /* or a label of the window's that shows */
} StartWait;

static BeliefWindow *
app_window (BeliefApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  return BELIEF_IS_WINDOW (window) ? BELIEF_WINDOW (window) : NULL;
}

static gboolean
has_started (gpointer user_data)
{
  StartWait *w = user_data;
  BeliefWindow *window = app_window (w->app);
  GtkLabel *label;

  if (window == NULL)
    return FALSE;
  if (w->label == NULL)
    return belief_application_get_data (w->app) != NULL;
  label = belief_test_find_label (GTK_WIDGET (window), w->label);
  return label != NULL && gtk_widget_is_drawable (GTK_WIDGET (label));
}

/* Starts the application as main () does, without its main loop, until
 * its window shows the data (label NULL) or label; returns it started. */
static BeliefApplication *
start_app (const char *label)
{
  BeliefApplication *app = belief_application_new ();
  g_autoptr(GError) error = NULL;
  StartWait wait = { app, label };

  /* on no bus: not handed to a running Belief */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  g_assert_true (belief_test_wait_until (has_started, &wait, 20000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (app_window (app)));
  return app;
}

static void
stop_app (BeliefApplication *app)
{
  BeliefWindow *window = app_window (app);
  BeliefTrainer *trainer = g_object_ref (belief_window_get_trainer (window));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  belief_test_run_for (100);
  g_assert_null (window);
  g_assert_finalize_object (trainer);
  g_object_unref (app);
}

/* The parent's side of a start in a process of its own (the child runs
 * the same test): MNIST's and the digits' folders, small synthetic sets,
 * given by $BELIEF_MNIST_DIR and $BELIEF_DATA_DIR, or missing. */
static void
trap_start (gboolean with_mnist,
            gboolean with_digits)
{
  g_autofree char *tmp = g_dir_make_tmp ("belief-test-startup-XXXXXX", NULL);
  g_autofree char *mnist = g_build_filename (tmp, "mnist", NULL);
  g_autofree char *digits = g_build_filename (tmp, "digits", NULL);
  g_autofree char *state = g_build_filename (tmp, "state", NULL);
  g_autofree char *belief_state = g_build_filename (state, "belief", NULL);

  if (with_mnist)
    write_folder (mnist, 12000);
  if (with_digits)
    write_folder (digits, 1200);
  g_setenv ("BELIEF_MNIST_DIR", mnist, TRUE);
  g_setenv ("BELIEF_DATA_DIR", digits, TRUE);
  /* no session bus (a desktop's would hand the start to a running
   * Belief), and the autosave in a folder of the test's */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/belief-test-bus", TRUE);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("BELIEF_MNIST_DIR");
  g_unsetenv ("BELIEF_DATA_DIR");
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_unsetenv ("XDG_STATE_HOME");
  belief_test_remove_tree (mnist);
  belief_test_remove_tree (digits);
  belief_test_remove_tree (belief_state);
  g_rmdir (state);
  g_rmdir (tmp);
  g_test_trap_assert_passed ();
}

/* The set the "dataset" setting names opens at start: MNIST, the
 * default, with 10,000 of its training images held out. */
static void
test_startup_mnist (void)
{
  BeliefApplication *app;
  GtkWidget *window;
  GtkLabel *sizes;

  if (!g_test_subprocess ())
    {
      trap_start (TRUE, TRUE);
      return;
    }
  app = start_app (NULL);
  window = GTK_WIDGET (app_window (app));
  sizes = belief_test_find_label (window, "2,000" NB "training");
  g_assert_cmpstr (belief_data_get_name (belief_application_get_data (app)), ==, "mnist");
  g_assert_nonnull (sizes);
  g_assert_cmpstr (gtk_label_get_text (sizes), ==,
                   "2,000" NB "training · 10,000" NB "validation · 100" NB "test" NB "images," NB "12×12");
  g_assert_null (belief_test_find_label (window, "Opened the course-sized MNIST digits instead"));
  stop_app (app);
}

/* MNIST not installed: the digits, the banner says why, and MNIST stays
 * the choice for the next start. */
static void
test_startup_fallback (void)
{
  BeliefApplication *app;
  g_autofree char *chosen = NULL;

  if (!g_test_subprocess ())
    {
      trap_start (FALSE, TRUE);
      return;
    }
  app = start_app ("Opened the course-sized MNIST digits instead: "
                   "the data set \"mnist\" is not installed");
  chosen = g_settings_get_string (belief_application_get_settings (app), "dataset");
  g_assert_cmpstr (belief_data_get_name (belief_application_get_data (app)), ==, "digits");
  g_assert_nonnull (belief_test_find_label (GTK_WIDGET (app_window (app)), "200" NB "training · 1,000" NB "validation"));
  g_assert_cmpstr (chosen, ==, "mnist");
  belief_test_write_screenshot (GTK_WIDGET (app_window (app)), "startup-fallback.png");
  stop_app (app);
}

/* Neither: the empty page, with the folder looked in and both ways on. */
static void
test_startup_nothing (void)
{
  BeliefApplication *app;
  GtkLabel *text;

  if (!g_test_subprocess ())
    {
      trap_start (FALSE, FALSE);
      return;
    }
  app = start_app ("No images yet");
  text = belief_test_find_label (GTK_WIDGET (app_window (app)), "No training images in");
  g_assert_null (belief_application_get_data (app));
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (gtk_label_get_text (text),
                            "Run ./run.sh --setup-only to fetch MNIST and the course-sized MNIST "
                            "digits, or open a folder of IDX files of your own."));
  belief_test_write_screenshot (GTK_WIDGET (app_window (app)), "startup-nothing.png");
  stop_app (app);
}

/* A long run's per-update history stays within BELIEF_TRAINER_MAX_POINTS,
 * evenly spaced from the first update to the newest, while the per-epoch
 * series keep every point.  Fed through the worker's hand-off. */
static void
test_history_bounded (void)
{
  g_autoptr(BeliefTrainer) trainer = belief_trainer_new ();
  const guint64 total = 5 * (guint64) BELIEF_TRAINER_MAX_POINTS + 123;
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (BeliefProgress));
  const BeliefPoint *p;
  guint n, n_max = 0;
  double step;

  for (guint64 u = 1; u <= total; u++)
    {
      BeliefProgress pr = { .phase = BELIEF_PHASE_PRETRAIN, .layer = 0, .n_layers = 2,
                            .updates = u, .recon_loss = (double) u, .stability = 50.0,
                            .epoch_end = u % 1000 == 0, .epoch_recon_loss = 1.0,
                            .train_accuracy = -1, .validation_accuracy = -1 };

      g_array_append_val (items, pr);
      if (items->len == 4096 || u == total)
        {
          belief_trainer_receive (trainer, items, NULL, NULL, FALSE, FALSE, -1.0);
          g_array_set_size (items, 0);
          belief_trainer_get_series (trainer, BELIEF_SERIES_LOSS, 0, &n);
          n_max = MAX (n_max, n);
        }
    }
  g_assert_cmpuint (n_max, <=, BELIEF_TRAINER_MAX_POINTS);
  p = belief_trainer_get_series (trainer, BELIEF_SERIES_LOSS, 0, &n);
  g_test_message ("%" G_GUINT64_FORMAT " updates kept as %u points", total, n);
  g_assert_cmpuint (n, >, BELIEF_TRAINER_MAX_POINTS / 2);
  g_assert_cmpfloat (p[0].x, ==, 1.0);
  step = p[1].x - p[0].x;
  /* 5.x times the cap: every 8th update */
  g_assert_cmpfloat (step, ==, 8.0);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (p[i].y, ==, p[i].x);  /* each point is its own update's */
      if (i > 0)
        g_assert_cmpfloat (p[i].x - p[i - 1].x, ==, step);
    }
  g_assert_cmpfloat (p[n - 1].x, >, (double) total - step);
  belief_trainer_get_series (trainer, BELIEF_SERIES_STABILITY, 0, &n);
  g_assert_cmpuint (n, <=, BELIEF_TRAINER_MAX_POINTS);
  belief_trainer_get_series (trainer, BELIEF_SERIES_EPOCH_LOSS, 0, &n);
  g_assert_cmpuint (n, ==, total / 1000);
}

int
main (int   argc,
      char *argv[])
{
  if (!belief_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/app/status-words", test_status_words);
  g_test_add_func ("/app/history-bounded", test_history_bounded);
  g_test_add_func ("/app/trainer-diverges", test_trainer_diverges);
  g_test_add_func ("/app/model-files", test_model_files);
  g_test_add_func ("/app/window-training", test_window_training);
  g_test_add_func ("/app/autosave-restore", test_autosave_restore);
  g_test_add_func ("/app/data-and-preset", test_data_and_preset);
  g_test_add_func ("/app/startup-mnist", test_startup_mnist);
  g_test_add_func ("/app/startup-fallback", test_startup_fallback);
  g_test_add_func ("/app/startup-nothing", test_startup_nothing);
  return g_test_run ();
}
