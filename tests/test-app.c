/* test-app.c: the main window with a live trainer, driven like a user would.
 *
 * Builds the window on a small synthetic data set, trains a tiny DBN through
 * the trainer, waits for progress, history and new weights, moves the
 * learning-rate slider and checks the running session took the new value
 * without a reset, writes a screenshot, then closes the window mid-training
 * and checks that the worker was joined and everything was finalized.
 *
 * Needs a display (./test.sh runs the suite under xvfb-run); skipped without.
 */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <math.h>

#include "belief-error.h"
#include "belief-model-file.h"
#include "belief-model-io.h"
#include "belief-settings.h"
#include "belief-status.h"
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
  return g_test_run ();
}
