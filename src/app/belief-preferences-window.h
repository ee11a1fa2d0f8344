/* belief-preferences-window.h: settings that are not hyperparameters. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BELIEF_TYPE_PREFERENCES_WINDOW (belief_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (BeliefPreferencesWindow, belief_preferences_window, BELIEF, PREFERENCES_WINDOW, GtkWindow)

GtkWindow *belief_preferences_window_new (GtkWindow *parent,
                                          GSettings *settings);

G_END_DECLS
