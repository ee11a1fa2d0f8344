/* belief-window-private.h: shared by belief-window.c and belief-window-files.c. */
#pragma once

#include "belief-window.h"

G_BEGIN_DECLS

struct _BeliefWindow
{
  GtkApplicationWindow  parent_instance;

  GSettings            *settings;
  BeliefTrainer        *trainer;
  GCancellable         *cancellable;
  GCancellable         *data_cancellable;  /* of the newest data load */
  char                 *model_name;     /* file of a loaded model, for the status line */
  gboolean              unsaved;        /* trained since the last reset, load or save */
  gboolean              training;
  guint                 banner_timeout;
  GtkWindow            *loglik_dialog;  /* weak: the open log-likelihood dialog */

  /* belief-window-autosave.c */
  char                 *autosave_dir;   /* NULL: autosave is off */
  guint                 autosave_timeout;
  guint                 autosaves;      /* written so far */
  gboolean              autosave_busy, autosave_dirty, autosave_phase_end, autosave_warned;
  GtkWidget            *restore_bar;    /* the offer to restore, once made */
  gboolean              restore_pending, restored;

  /* template children */
  GtkToggleButton      *train_button;
  GtkImage             *train_icon;
  GtkLabel             *train_label;
  GtkWidget            *view_switcher;
  GtkStack             *main_stack;
  GtkWidget            *status_separator;
  GtkWidget            *status_bar;
  GtkLabel             *empty_title;
  GtkLabel             *empty_description;
  BeliefParamPanel     *param_panel;
  GtkWidget            *panel_separator;
  GtkStack             *view_stack;
  GtkRevealer          *banner_revealer;
  GtkWidget            *banner;
  GtkLabel             *banner_label;
  GtkLabel             *status_label;
  GtkProgressBar       *progress_bar;
};

/* belief-window.c */
void belief_window_reset_now     (BeliefWindow *self);
/* The status line from the trainer's state and progress. */
void belief_window_update_status (BeliefWindow *self);

/* belief-window-autosave.c */
void belief_window_autosave_close        (BeliefWindow *self);
void belief_window_autosave_data_changed (BeliefWindow *self);

/* belief-window-files.c: actions that ask for files or confirmation */
/* The metadata saved with the model: settings, data set, version. */
GHashTable *belief_window_model_metadata (BeliefWindow *self);
void belief_window_reset_action        (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param);
void belief_window_open_model_action   (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param);
void belief_window_save_model_action   (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param);
void belief_window_open_dataset_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param);
void belief_window_load_dataset_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param);

G_END_DECLS
