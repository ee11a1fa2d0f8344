/* take-screenshots.c: the README's and AppStream's screenshots, one per view,
 * on the real digits.  Run by build-aux/screenshots.sh (under Xvfb):
 *   belief-screenshots MODEL.safetensors OUT_DIR [TRAIN_SECONDS]
 * It trains the default DBN for a while (training and receptive-field
 * views, live), then loads MODEL for the recognise, generate and recover
 * views, runs the first experiment quickly in the experiments view, drives
 * each view as a user would, and saves PNGs of the window.  The generate
 * view's picture is taken once All Digits has been read by the judge: the
 * judged captions and the fidelity line show. */
#include <gtk/gtk.h>
#include <stdio.h>

#include "belief-draw-canvas.h"
#include "belief-experiments-view.h"
#include "belief-generate-view.h"
#include "belief-model-file.h"
#include "belief-recognise-view.h"
#include "belief-recover-view.h"
#include "belief-settings.h"
#include "belief-test-utils.h"
#include "belief-trainer.h"

static gboolean
save (GtkWidget *window, const char *dir, const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  /* a window waiting for its next layout draws nothing: wait for it */
  for (int tries = 0; texture == NULL && tries < 50; tries++)
    {
      if (tries > 0)
        belief_test_run_for (20);
      texture = belief_test_render_widget (window);
    }
  if (texture == NULL)
    return FALSE;
  printf ("%s\n", path);
  return gdk_texture_save_to_png (texture, path);
}

static GtkWidget *
show (BeliefWindow *window, const char *view)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", view);
  belief_test_run_for (500);
  return gtk_widget_get_first_child (GTK_WIDGET (belief_window_get_page (window, view)));
}

int
main (int argc, char **argv)
{
  /* a "7" and its stroke as a hand would draw it, in canvas units */
  static const double bar[] = { 0.28, 0.22, 0.72, 0.22 };
  static const double stem[] = { 0.72, 0.22, 0.58, 0.5, 0.46, 0.82 };
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefData) data = NULL;
  BeliefWindow *window;
  BeliefTrainer *trainer;
  BeliefDbn *model;
  GtkWidget *view;
  BeliefConfig cfg;
  double seconds = argc > 3 ? g_ascii_strtod (argv[3], NULL) : 25.0;

  gtk_init ();
  if (argc < 3)
    {
      fprintf (stderr, "usage: belief-screenshots MODEL.safetensors OUT_DIR [TRAIN_SECONDS]\n");
      return 2;
    }
  if ((data = belief_test_load_default_data (&dir, &error)) == NULL
      || (model = belief_model_load (argv[1], NULL, &error)) == NULL)
    {
      fprintf (stderr, "belief-screenshots: %s\n", error->message);
      return 1;
    }
  g_mkdir_with_parents (argv[2], 0755);
  window = belief_window_new (NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  belief_window_set_data (window, data);
  gtk_window_present (GTK_WINDOW (window));
  belief_test_run_for (1000);

  /* live training: the default DBN from scratch */
  trainer = belief_window_get_trainer (window);
  belief_settings_get_config (belief_window_get_settings (window), &cfg);
  if (!belief_trainer_reset (trainer, &cfg, &error) || !belief_trainer_start (trainer, &error))
    {
      fprintf (stderr, "belief-screenshots: %s\n", error->message);
      return 1;
    }
  show (window, "training");
  belief_test_run_for ((guint) (seconds * 1000));
  save (GTK_WIDGET (window), argv[2], "training.png");
  show (window, "fields");
  belief_test_run_for (1500);
  save (GTK_WIDGET (window), argv[2], "fields.png");
  belief_trainer_cancel (trainer);

  /* a trained model for the rest */
  belief_trainer_set_model (trainer, model);
  belief_test_run_for (500);
  view = show (window, "recognise");
  belief_draw_canvas_add_stroke (belief_recognise_view_get_canvas (BELIEF_RECOGNISE_VIEW (view)), bar, 2);
  belief_draw_canvas_add_stroke (belief_recognise_view_get_canvas (BELIEF_RECOGNISE_VIEW (view)), stem, 3);
  belief_test_run_for (500);
  save (GTK_WIDGET (window), argv[2], "recognise.png");

  view = show (window, "generate");
  g_signal_emit_by_name (belief_generate_view_get_button (BELIEF_GENERATE_VIEW (view), -1), "clicked");
  belief_test_run_for (500);
  /* the run ends once the judge has read the digits */
  while (belief_generate_view_is_running (BELIEF_GENERATE_VIEW (view)))
    belief_test_run_for (100);
  if (belief_generate_view_get_fidelity_text (BELIEF_GENERATE_VIEW (view)) == NULL)
    {
      fprintf (stderr, "belief-screenshots: the generated digits were not judged\n");
      return 1;
    }
  fprintf (stderr, "%s\n", belief_generate_view_get_fidelity_text (BELIEF_GENERATE_VIEW (view)));
  belief_test_run_for (300);
  save (GTK_WIDGET (window), argv[2], "generate.png");

  view = show (window, "recover");
  belief_recover_view_set_digit (BELIEF_RECOVER_VIEW (view), 1234);
  belief_recover_view_set_hide (BELIEF_RECOVER_VIEW (view), BELIEF_HIDE_BOTTOM);
  belief_recover_view_restore (BELIEF_RECOVER_VIEW (view));
  belief_test_run_for (300);
  while (belief_recover_view_is_running (BELIEF_RECOVER_VIEW (view)))
    belief_test_run_for (100);
  belief_test_run_for (300);
  save (GTK_WIDGET (window), argv[2], "recover.png");

  /* the lab report's experiments: the first one, full size, finished (~1 min) */
  view = show (window, "experiments");
  belief_experiments_view_set_quick (BELIEF_EXPERIMENTS_VIEW (view), FALSE);
  if (!belief_experiments_view_run (BELIEF_EXPERIMENTS_VIEW (view), 1))
    {
      fprintf (stderr, "belief-screenshots: experiment 1 did not start\n");
      return 1;
    }
  while (belief_experiments_view_is_running (BELIEF_EXPERIMENTS_VIEW (view)))
    belief_test_run_for (100);
  belief_test_run_for (300);
  save (GTK_WIDGET (window), argv[2], "experiments.png");

  gtk_window_destroy (GTK_WINDOW (window));
  belief_test_run_for (200);
  return 0;
}
