/* test-views-judge.c: generation fidelity in the Generate view, the
 * log-likelihood dialog and the up-down schedule switch, driven like a user
 * would.
 *
 * The data are synthetic 28x28 "digits" (a bar at one of ten angles, a
 * little noise).  The fidelity test trains a small DBN with labels through
 * the trainer, generates All Digits, and reads the generated images back
 * from the view: a BeliefJudge built here on the same training images must
 * read them as the view's captions say, and the fidelity line must agree
 * with the count.  "Judge per label" on a batch gives per-label shares
 * consistent with the overall one, and Cancel leaves the last result.
 *
 * The log-likelihood test trains a 784x15 RBM here, sets it as the model,
 * runs the window's action with Salakhutdinov & Murray's settings (100
 * runs, 14,500 betas) and checks the dialog's AIS estimate is within 0.5
 * nats of belief_rbm_log_z_exact computed here, its exact log Z agrees to
 * 1e-3, and its mean test log-probability agrees with one computed here
 * from the same binarised test images.  Cancelling mid-run, and closing the
 * main window mid-run, must join the worker and finalise the dialog.
 *
 * Screenshots (generate-judged.png, loglik.png) go to $BELIEF_SCREENSHOT_DIR
 * or a temporary folder.  Needs a display; skipped without.
 */
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "belief-ais.h"
#include "belief-fidelity.h"
#include "belief-generate-view.h"
#include "belief-judge.h"
#include "belief-loglik-dialog.h"
#include "belief-settings.h"
#include "belief-test-utils.h"

#define SIDE BELIEF_TEST_DIGITS_SIDE
#define LOG_Z_TOLERANCE 0.5

/* The synthetic digits of these tests: 2% of the pixels flipped. */
static BeliefDataset *
synthetic (guint   n,
           guint64 seed)
{
  return belief_test_make_digits (n, seed, 0.02, "synthetic");
}

/* ---- generation fidelity ------------------------------------------------------- */

static gboolean
trainer_finished (gpointer data)
{
  return belief_trainer_get_state (data) == BELIEF_TRAINER_FINISHED;
}

static gboolean
generate_finished (gpointer data)
{
  return !belief_generate_view_is_running (data);
}

static gboolean
judge_started (gpointer data)
{
  return g_str_has_prefix (gtk_label_get_text (data), "Generating ");
}


static void
test_generate_fidelity (void)
{
  g_autoptr(BeliefData) data = belief_data_new (synthetic (500, 1), synthetic (100, 2),
                                                "synthetic");
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefJudge) judge = NULL;
  BeliefWindow *window = belief_test_window_new (data, NULL, NULL);
  BeliefTrainer *trainer = belief_window_get_trainer (window);
  BeliefGenerateView *generate;
  BeliefDigitsWidget *digits;
  GtkLabel *step_label;
  BeliefFidelity shown, batch, after;
  BeliefConfig cfg;
  const float *images;
  const int *judged;
  int count = 0, rows = 0, cols = 0, n_judged = 0, read[10], hits = 0;
  g_autofree char *line = NULL;
  double mean = 0.0;
  gint64 t0;

  /* a small DBN with labels, trained in a few seconds */
  belief_settings_get_config (belief_window_get_settings (window), &cfg);
  g_assert_true (belief_config_parse_layers (&cfg, "100,100", NULL));
  cfg.labels = TRUE;
  cfg.epochs = 10;
  cfg.top_epochs = 0;
  cfg.batch = 10;
  cfg.finetune_epochs = 0;
  cfg.eval_size = 0;
  cfg.threads = 1;
  g_assert_true (belief_trainer_reset (trainer, &cfg, &error));
  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  g_assert_true (belief_trainer_start (trainer, &error));
  g_assert_no_error (error);
  g_assert_true (belief_test_wait_until (trainer_finished, trainer, 60000));
  g_test_message ("784-100-100+10 trained in %.1f s", (g_get_monotonic_time () - t0) / 1e6);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "generate"));
  generate = BELIEF_GENERATE_VIEW (gtk_widget_get_first_child (GTK_WIDGET (belief_window_get_page (window, "generate"))));
  digits = belief_generate_view_get_digits (generate);
  g_assert_null (belief_generate_view_get_fidelity_text (generate));

  /* All Digits: the movie, then the judge's reading under each digit */
  belief_generate_view_set_n_steps (generate, 200);
  g_signal_emit_by_name (belief_generate_view_get_button (generate, -1), "clicked");
  g_assert_true (belief_generate_view_is_running (generate));
  g_assert_true (belief_test_wait_until (generate_finished, generate, 30000));
  g_assert_true (belief_generate_view_get_fidelity (generate, &shown));
  g_assert_nonnull (belief_generate_view_get_fidelity_text (generate));
  g_test_message ("%s", belief_generate_view_get_fidelity_text (generate));
  g_assert_true (g_str_has_prefix (belief_generate_view_get_fidelity_text (generate), "Fidelity: "));

  /* an independent reading of the very images the view shows */
  images = belief_digits_widget_get_images (digits, &count, &rows, &cols);
  g_assert_nonnull (images);
  g_assert_cmpint (count, ==, 10);
  g_assert_cmpint (rows * cols, ==, SIDE * SIDE);
  judge = belief_judge_new (belief_data_get_train (data), 0, 3);
  belief_judge_classify (judge, images, count, read);
  judged = belief_generate_view_get_judged (generate, &n_judged);
  g_assert_nonnull (judged);
  g_assert_cmpint (n_judged, ==, 10);
  for (int i = 0; i < count; i++)
    {
      g_autofree char *caption = read[i] == i ? g_strdup_printf ("%d ✓", i)
                                              : g_strdup_printf ("%d → %d ✗", i, read[i]);

      g_assert_cmpint (judged[i], ==, read[i]);
      g_assert_cmpstr (belief_digits_widget_get_caption (digits, i), ==, caption);
      hits += read[i] == i;
      g_assert_cmpfloat (shown.per_label[i], ==, read[i] == i ? 1.0 : 0.0);
    }
  g_assert_cmpint (shown.count, ==, 10);
  g_assert_cmpint (shown.hits, ==, hits);
  line = g_strdup_printf ("Fidelity: %.0f%% of 10 digits read as their label by a "
                          "3-nearest-neighbour judge", 100.0 * hits / 10);
  g_assert_true (g_str_has_prefix (belief_generate_view_get_fidelity_text (generate), line));
  belief_test_write_screenshot (GTK_WIDGET (window), "generate-judged.png");

  /* a batch: 20 of each label, no movie, per-label shares that add up */
  g_assert_true (belief_generate_view_judge (generate, 20));
  g_assert_true (belief_generate_view_is_judging (generate));
  g_assert_true (belief_test_wait_until (generate_finished, generate, 60000));
  g_assert_true (belief_generate_view_get_fidelity (generate, &batch));
  g_test_message ("%s", belief_generate_view_get_fidelity_text (generate));
  g_assert_cmpint (batch.count, ==, 200);
  g_assert_cmpint (batch.n_labels, ==, 10);
  for (int c = 0; c < 10; c++)
    {
      g_assert_cmpint (batch.per_count[c], ==, 20);
      g_assert_true (batch.per_label[c] >= 0.0 && batch.per_label[c] <= 1.0);
      mean += batch.per_label[c] / 10.0;
      g_assert_cmpfloat (batch.per_label[c], >=, batch.per_label[batch.worst]);
    }
  g_assert_cmpfloat_with_epsilon (batch.fidelity, mean, 1e-12);
  g_assert_cmpfloat_with_epsilon (batch.fidelity, batch.hits / 200.0, 1e-12);
  g_assert_nonnull (strstr (belief_generate_view_get_fidelity_text (generate), "of 200 digits"));
  /* the digits shown keep their reading */
  g_assert_nonnull (belief_generate_view_get_judged (generate, NULL));

  /* Cancel mid-batch: the last result stays */
  step_label = belief_test_find_label (GTK_WIDGET (generate), "Done: ");
  g_assert_nonnull (step_label);
  belief_generate_view_set_n_steps (generate, 2000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (generate), "generate.judge", NULL));
  g_assert_true (belief_generate_view_is_judging (generate));
  g_assert_true (belief_test_wait_until (judge_started, step_label, 20000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (generate), "generate.stop", NULL));
  t0 = g_get_monotonic_time ();
  g_assert_true (belief_test_wait_until (generate_finished, generate, 30000));
  g_test_message ("batch cancelled in %.2f s", (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpstr (gtk_label_get_text (step_label), ==, "Judging cancelled");
  g_assert_true (belief_generate_view_get_fidelity (generate, &after));
  g_assert_cmpint (after.count, ==, 200);
  g_assert_cmpint (after.hits, ==, batch.hits);

  /* closing while a batch runs leaves nothing behind */
  g_assert_true (belief_generate_view_judge (generate, 100));
  belief_test_window_destroy (window);
}

/* ---- the log-likelihood dialog ---------------------------------------------------- */

/* A 784x15 RBM trained on the data with CD-1, wrapped as a one-layer model. */
static BeliefDbn *
train_small_rbm (const BeliefDataset *train)
{
  int sizes[] = { SIDE * SIDE, 15 };
  BeliefDbn *dbn = belief_dbn_new (sizes, 1, 0, SIDE, SIDE);
  BeliefRbm *rbm = dbn->rbms[0];
  g_autoptr(BeliefRbmWork) work = NULL;
  g_autofree float *v = g_new (float, (gsize) train->n * train->dim);
  BeliefRbmHyper hp = { .lr = 0.05f, .momentum = 0.9f, .cd_k = 1, .divide_by_batch = TRUE };
  const int B = 20;
  BeliefRng rng;

  belief_dataset_fill_floats (train, NULL, 0, train->n, v);
  belief_rng_init (&rng, 2008);
  belief_rbm_init_normal (rbm, &rng, 0.01f);
  belief_rbm_init_vis_bias (rbm, v, (int) train->n);
  work = belief_rbm_work_new (rbm, B);
  for (int e = 0; e < 10; e++)
    for (guint first = 0; first + B <= train->n; first += B)
      belief_rbm_cd_step (rbm, work, v + (gsize) first * train->dim, B, &hp, &rng, NULL);
  g_assert_true (belief_rbm_is_finite (rbm));
  return dbn;
}

static BeliefLoglikDialog *
find_dialog (void)
{
  return BELIEF_LOGLIK_DIALOG (belief_test_find_toplevel (BELIEF_TYPE_LOGLIK_DIALOG, FALSE));
}

static gboolean
loglik_finished (gpointer data)
{
  return !belief_loglik_dialog_is_running (data);
}

static void
test_loglik_exact (void)
{
  g_autoptr(BeliefData) data = belief_data_new (synthetic (500, 3), synthetic (200, 4),
                                                "synthetic");
  const BeliefDataset *test = belief_data_get_test (data);
  BeliefWindow *window = belief_test_window_new (data, NULL, NULL);
  BeliefDbn *model = train_small_rbm (belief_data_get_train (data));
  BeliefLoglikDialog *dialog;
  BeliefLoglikResult r;
  g_autofree float *v = NULL, *u = NULL;
  double exact, lp_exact;
  gsize n = (gsize) test->n * test->dim;
  BeliefRng rng;
  gint64 t0;

  exact = belief_rbm_log_z_exact (model->rbms[0]);
  /* the test images binarised as belief-cli loglik does */
  v = g_new (float, n);
  u = g_new (float, n);
  belief_dataset_fill_floats (test, NULL, 0, test->n, v);
  belief_rng_init (&rng, 2008);
  belief_rng_fill_uniform (&rng, u, n);
  for (gsize i = 0; i < n; i++)
    v[i] = v[i] > u[i] ? 1.0f : 0.0f;
  lp_exact = belief_ais_mean_log_prob (model->rbms[0], v, (int) test->n, exact);

  belief_trainer_set_model (belief_window_get_trainer (window), model);
  g_assert_null (find_dialog ());
  t0 = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.measure-loglik", NULL));
  dialog = g_object_ref (find_dialog ());
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (belief_loglik_dialog_is_running (dialog));
  g_assert_false (belief_loglik_dialog_get_result (dialog, NULL));
  g_assert_true (belief_test_wait_until (loglik_finished, dialog, 60000));
  g_assert_true (belief_loglik_dialog_get_result (dialog, &r));
  g_test_message ("784x15: exact log Z %.4f, AIS %.4f [%.4f, %.4f], dialog's exact %.4f; "
                  "mean test log p %.4f (exact %.4f, here %.4f); %.1f s",
                  exact, r.log_z, r.log_z_lo, r.log_z_hi, r.log_z_exact, r.mean_log_prob,
                  r.mean_log_prob_exact, lp_exact, (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpint (r.n_runs, ==, 100);
  g_assert_cmpint (r.n_betas, ==, 14500);
  g_assert_cmpint (r.n_test, ==, (int) test->n);
  g_assert_cmpfloat (fabs (r.log_z - exact), <, LOG_Z_TOLERANCE);
  g_assert_cmpfloat (r.log_z_lo, <=, r.log_z);
  g_assert_cmpfloat (r.log_z, <=, r.log_z_hi);
  g_assert_cmpfloat (fabs (r.log_z_exact - exact), <, 1e-3);
  g_assert_cmpfloat (fabs (r.mean_log_prob_exact - lp_exact), <, 1e-3);
  g_assert_cmpfloat (fabs (r.mean_log_prob - lp_exact), <, LOG_Z_TOLERANCE);
  g_assert_cmpfloat (r.mean_log_prob_lo, <=, r.mean_log_prob);
  g_assert_nonnull (belief_loglik_dialog_get_text (dialog));
  g_assert_nonnull (strstr (belief_loglik_dialog_get_text (dialog), "The RBM 784-15 as a model of the digits. The model itself is measured."));
  g_assert_nonnull (strstr (belief_loglik_dialog_get_text (dialog), "Mean test log-probability:"));
  belief_test_write_screenshot (GTK_WIDGET (dialog), "loglik.png");

  /* Close (Escape's action) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "loglik.close", NULL));
  g_assert_finalize_object (dialog);
  belief_test_window_destroy (window);
}

static gboolean
loglik_progressed (gpointer data)
{
  GtkLabel *status = belief_test_find_label (data, "Annealed importance sampling · ");

  return status != NULL && !g_str_has_suffix (gtk_label_get_text (status), " 0%");
}

/* A DBN: its first RBM (784x200 here, so that the run is long) is measured;
 * Cancel mid-run joins the worker and the dialog goes at once. */
static void
test_loglik_cancel (void)
{
  g_autoptr(BeliefData) data = belief_data_new (synthetic (200, 5), synthetic (50, 6),
                                                "synthetic");
  BeliefWindow *window = belief_test_window_new (data, NULL, NULL);
  int sizes[] = { SIDE * SIDE, 200, 30 };
  BeliefDbn *model = belief_dbn_new (sizes, 2, 10, SIDE, SIDE);
  BeliefLoglikDialog *dialog;
  GtkLabel *subject;
  BeliefRng rng;
  gint64 t0;

  belief_rng_init (&rng, 7);
  belief_dbn_init (model, &rng, 0.1f);
  belief_trainer_set_model (belief_window_get_trainer (window), model);

  /* Ctrl+L */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.measure-loglik", NULL));
  dialog = g_object_ref (find_dialog ());
  g_assert_nonnull (dialog);
  subject = belief_test_find_label (GTK_WIDGET (dialog), "RBM 1 (784-200) as a model of the digits");
  g_assert_nonnull (subject);
  g_assert_nonnull (belief_test_find_label (GTK_WIDGET (dialog), "The first RBM of the DBN 784-200+10-30 is measured"));
  g_assert_true (belief_test_wait_until (loglik_progressed, dialog, 30000));
  g_assert_true (belief_loglik_dialog_is_running (dialog));
  belief_test_write_screenshot (GTK_WIDGET (dialog), "loglik-running.png");
  t0 = g_get_monotonic_time ();
  /* the Cancel button */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "loglik.close", NULL));
  g_test_message ("cancelled and joined in %.3f s", (g_get_monotonic_time () - t0) / 1e6);
  g_assert_false (belief_loglik_dialog_is_running (dialog));
  g_assert_false (belief_loglik_dialog_get_result (dialog, NULL));
  g_assert_finalize_object (dialog);
  belief_test_run_for (50);

  /* closing the main window mid-run takes the dialog along, joined */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.measure-loglik", NULL));
  dialog = g_object_ref (find_dialog ());
  g_assert_true (belief_test_wait_until (loglik_progressed, dialog, 30000));
  belief_test_window_destroy (window);
  g_assert_false (belief_loglik_dialog_is_running (dialog));
  g_assert_finalize_object (dialog);
}

/* Without a model the action is off; a one-layer RBM with labels is explained, not run. */
static void
test_loglik_unavailable (void)
{
  g_autoptr(BeliefData) data = belief_data_new (synthetic (100, 7), NULL, "synthetic");
  BeliefWindow *window = belief_test_window_new (data, NULL, NULL);
  int sizes[] = { SIDE * SIDE, 20 };
  BeliefDbn *model = belief_dbn_new (sizes, 1, 10, SIDE, SIDE);
  BeliefLoglikDialog *dialog;
  BeliefWindow *empty = g_object_ref (belief_window_new (NULL, NULL));

  /* no data, so no model: Ctrl+L does nothing */
  gtk_widget_activate_action (GTK_WIDGET (empty), "win.measure-loglik", NULL);
  g_assert_null (belief_trainer_get_model (belief_window_get_trainer (empty)));
  g_assert_null (find_dialog ());
  belief_test_window_destroy (empty);

  belief_trainer_set_model (belief_window_get_trainer (window), model);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.measure-loglik", NULL));
  dialog = g_object_ref (find_dialog ());
  g_assert_nonnull (dialog);
  g_assert_false (belief_loglik_dialog_is_running (dialog));
  g_assert_nonnull (belief_test_find_label (GTK_WIDGET (dialog), "This model is one RBM with label units"));
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
  belief_test_window_destroy (window);
}

/* ---- the up-down schedule switch --------------------------------------------------- */

static void
test_schedule_switch (void)
{
  g_autoptr(BeliefData) data = belief_data_new (synthetic (100, 8), NULL, "synthetic");
  BeliefWindow *window = belief_test_window_new (data, NULL, NULL);
  GSettings *settings = belief_window_get_settings (window);
  GtkLabel *label = belief_test_find_label (GTK_WIDGET (belief_window_get_param_panel (window)), "Up-_down schedule");
  GtkWidget *sw;
  BeliefConfig cfg;

  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==, "Up-down schedule (3, 6, 10 Gibbs steps)");
  sw = gtk_label_get_mnemonic_widget (label);
  g_assert_true (GTK_IS_SWITCH (sw));
  /* on by default, as in belief-cli train */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  belief_settings_get_config (settings, &cfg);
  g_assert_true (cfg.ft_gibbs_schedule);
  g_assert_cmpint (belief_config_finetune_gibbs (&cfg, 0), ==, 3);
  g_assert_false (belief_settings_differ (settings, belief_trainer_get_config (belief_window_get_trainer (window))));

  gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "finetune-gibbs-schedule"));
  belief_settings_get_config (settings, &cfg);
  g_assert_false (cfg.ft_gibbs_schedule);
  g_assert_cmpint (belief_config_finetune_gibbs (&cfg, 0), ==, cfg.ft_gibbs);
  /* takes effect after Reset, like the other fine-tuning settings */
  g_assert_true (belief_settings_differ (settings, belief_trainer_get_config (belief_window_get_trainer (window))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  belief_test_run_for (50);
  g_assert_false (belief_trainer_get_config (belief_window_get_trainer (window))->ft_gibbs_schedule);

  /* the discriminative regime runs no Gibbs chain: the row is off */
  g_settings_set_string (settings, "finetune-regime", "discriminative");
  g_assert_false (gtk_widget_is_sensitive (sw));
  g_settings_set_string (settings, "finetune-regime", "default");
  g_assert_true (gtk_widget_is_sensitive (sw));
  g_settings_reset (settings, "finetune-gibbs-schedule");
  g_settings_reset (settings, "finetune-regime");
  belief_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!belief_test_init (&argc, &argv))
    return 0;
  /* the durations reported are taken by polling: every 1 ms */
  belief_test_set_poll_interval (1000);

  g_test_add_func ("/judge/generate-fidelity", test_generate_fidelity);
  g_test_add_func ("/loglik/exact", test_loglik_exact);
  g_test_add_func ("/loglik/cancel", test_loglik_cancel);
  g_test_add_func ("/loglik/unavailable", test_loglik_unavailable);
  g_test_add_func ("/settings/gibbs-schedule", test_schedule_switch);
  return g_test_run ();
}
