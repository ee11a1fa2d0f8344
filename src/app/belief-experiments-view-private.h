/* belief-experiments-view-private.h: shared by belief-experiments-view.c
 * (the list and the selected experiment), belief-experiments-run.c (runs
 * and their progress) and belief-experiments-export.c (export). */
#pragma once

#include "belief-experiments-view.h"

G_BEGIN_DECLS

struct _BeliefExperimentsView
{
  GtkWidget                parent_instance;

  BeliefTrainer           *trainer;
  GSettings               *settings;
  BeliefExperimentRunner  *runner;
  GCancellable            *cancellable;   /* of an export */
  gboolean                 exporting;
  int                      selected;      /* 1-based */
  int                      followed;      /* the running experiment the view last followed */
  GError                  *errors[BELIEF_N_EXPERIMENTS + 1];
  BeliefExperimentOptions  run_options;     /* of the current run */
  BeliefExperimentOptions  result_options[BELIEF_N_EXPERIMENTS + 1];
  gint64                   started;       /* of the current run, monotonic */
  gboolean                 stopping;      /* Stop was pressed */
  int                      stopped;       /* the experiment Stop cut short, or 0 */
  guint                    tick_id;
  BeliefSession           *paused_session;  /* the main training paused for this run */
  char                    *message;

  /* template */
  GtkListBox              *list;
  GtkSwitch               *quick_switch;
  GtkSpinButton           *seed_spin;
  GtkWidget               *progress_box;
  GtkLabel                *status_label;
  GtkLabel                *elapsed_label;
  GtkProgressBar          *progress_bar;
  GtkWidget               *message_box;
  GtkLabel                *message_label;
  GtkScrolledWindow       *scroller;
  GtkLabel                *title_label;
  GtkLabel                *subtitle_label;
  GtkLabel                *description_label;
  GtkWidget               *hint_box;
  GtkLabel                *hint_label;
  GtkButton               *hint_button;
  BeliefFigureSetView     *set_view;
};

/* belief-experiments-view.c */
void belief_experiments_view_show_message   (BeliefExperimentsView *self,
                                             const char            *text,
                                             gboolean               is_error);
void belief_experiments_view_update_actions (BeliefExperimentsView *self);
void belief_experiments_view_update_rows    (BeliefExperimentsView *self);
/* The right side for the selected experiment: live, finished or not yet. */
void belief_experiments_view_show_selected  (BeliefExperimentsView *self);

/* belief-experiments-run.c */
void belief_experiments_view_connect_runner (BeliefExperimentsView *self);
void belief_experiments_view_run_action     (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *param);
void belief_experiments_view_run_all_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *param);
void belief_experiments_view_stop_action    (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *param);

/* belief-experiments-export.c */
void belief_experiments_view_export_action  (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *param);

G_END_DECLS
