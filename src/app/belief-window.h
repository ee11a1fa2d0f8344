/* belief-window.h: the main window.
 *
 * Owns one BeliefTrainer.  The six views are pages of a GtkStack named
 * "training", "fields", "recognise", "generate", "recover" and "experiments"
 * (Alt+1 to Alt+6); each page is a
 * vertical GtkBox (belief_window_get_page) that a view widget fills, taking
 * the window's trainer (belief_window_get_trainer) and settings.
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-data.h"
#include "belief-param-panel.h"
#include "belief-trainer.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_WINDOW (belief_window_get_type ())

G_DECLARE_FINAL_TYPE (BeliefWindow, belief_window, BELIEF, WINDOW, GtkApplicationWindow)

/* app and settings may be NULL (tests); without settings the window makes
 * its own with belief_settings_new(). */
BeliefWindow     *belief_window_new             (GtkApplication *app,
                                                 GSettings      *settings);
/* Shows the lab on data and makes a fresh model from the settings. */
void              belief_window_set_data        (BeliefWindow *self,
                                                 BeliefData   *data);
/* Shows the "no images" page, or the error when the folder is malformed. */
void              belief_window_show_data_error (BeliefWindow *self,
                                                 const GError *error);
/* A message over the views: an error stays until dismissed, anything else
 * goes after a few seconds. */
void              belief_window_show_banner     (BeliefWindow *self,
                                                 const char   *message,
                                                 gboolean      is_error);
BeliefTrainer    *belief_window_get_trainer     (BeliefWindow *self);
BeliefParamPanel *belief_window_get_param_panel (BeliefWindow *self);
GSettings        *belief_window_get_settings    (BeliefWindow *self);
/* The box of a view page by its name ("training", "fields", "recognise",
 * "generate", "recover", "experiments"), for the view widgets to fill. */
GtkBox           *belief_window_get_page        (BeliefWindow *self,
                                                 const char   *name);
/* Replaces the page's placeholder with view (expanded to fill the page). */
void              belief_window_set_view        (BeliefWindow *self,
                                                 const char   *name,
                                                 GtkWidget    *view);

/* Autosave (belief-window-autosave.c): while training, the weights go to
 * DIR/autosave.safetensors every interval_seconds and at every phase end;
 * DIR/running marks the session until a clean close.  When DIR holds both
 * from an earlier session, the window offers to restore the model. */
void      belief_window_enable_autosave     (BeliefWindow *self,
                                             const char   *dir,
                                             guint         interval_seconds);
/* Saves now (off the main thread) if the weights changed since the last. */
void      belief_window_autosave_now        (BeliefWindow *self);
guint     belief_window_get_autosave_count  (BeliefWindow *self);
gboolean  belief_window_get_restore_offered (BeliefWindow *self);
/* What the offer's Restore (TRUE) or Discard (FALSE) button does. */
void      belief_window_respond_restore     (BeliefWindow *self,
                                             gboolean      restore);

G_END_DECLS
