/* belief-experiment-private.h: the context and the runs experiments share. */
#pragma once

#include "belief-config.h"
#include "belief-dbn.h"
#include "belief-experiment.h"
#include "belief-judge.h"
#include "belief-rng.h"
#include "belief-session.h"

G_BEGIN_DECLS

/* A layers key with this prefix ("tuned:500,500,2000") is trained with
 * Belief's own pretraining settings instead of the lab's. */
#define BELIEF_EXPERIMENT_TUNED "tuned:"

/* How big everything is: full, or --quick. */
typedef struct
{
  guint train_n, test_n;     /* images used of each split */
  guint val_n;               /* validation images, held out of the training set */
  int   rbm_epochs;          /* single RBMs (experiments 1, 2, 5, 9) */
  int   dbn_epochs, top_epochs, ft_epochs;
  int   early_at, late_at;   /* receptive-field snapshots, iterations */
  guint eval_n;              /* train images per accuracy point (validation: all) */
  guint gibbs_eval_n;        /* images per split for Gibbs recognition */
  int   n_acc_points;        /* accuracy checkpoints during top training */
  int   gen_gibbs;           /* Gibbs steps per generated digit */
  int   fid_curve_per_label; /* samples per label for fidelity curves */
  int   fid_final_per_label; /* samples per label for final fidelity */
  int   recover_n, recover_gibbs;
} BeliefExperimentPlan;

/* One RBM trained on pixels (the sweep over hidden sizes). */
typedef struct
{
  int        n_hidden;
  gboolean   divide;          /* lr divided by the batch size */
  gboolean   done;
  BeliefRbm *rbm;             /* final weights */
  float     *early, *late;    /* W at plan early_at / late_at (or the end) */
  int        early_at, late_at;
  GArray    *loss, *stability, *epoch_loss;   /* double */
  int        n_batches;
  int        n_stuck;         /* hidden units with mean p(h|v) < 1% or > 99% */
  double     seconds;
} BeliefRbmRun;

/* Greedy layer-wise pretraining of a DBN with accuracy checkpoints. */
typedef struct
{
  char      *layers;          /* "500,500,2000" */
  gboolean   done;
  BeliefDbn *dbn;
  int        n_layers, n_batches;
  GArray    *epoch_loss[BELIEF_MAX_LAYERS];
  /* curves: validation (they may choose), never the test set */
  GArray    *acc_iter, *train_fe, *val_fe, *train_gibbs, *val_gibbs;
  double     test_fe, test_gibbs;  /* the test set, once, on the final model */
  double     seconds;
} BeliefPretrainRun;

/* Fine-tuning of a pretrained DBN in one regime, measured every epoch. */
typedef struct
{
  char        *layers;
  BeliefRegime regime;
  gboolean     done;
  BeliefDbn   *dbn;
  GArray      *epoch, *val_fe, *train_fe, *val_gibbs, *fidelity;  /* 0..1 */
  double       test_fe, test_gibbs;  /* the test set, once, on the final model */
  double       seconds;
} BeliefFinetuneRun;

struct _BeliefExperimentContext
{
  BeliefDataset          *train, *test;   /* the plan's subsets */
  BeliefDataset          *validation;    /* held out of the training images */
  BeliefExperimentOptions options;
  BeliefExperimentPlan    plan;
  BeliefJudge            *judge;
  BeliefRng               eval_rng;

  GPtrArray              *rbm_runs, *pretrain_runs, *finetune_runs;

  BeliefExperimentFunc    func;
  gpointer                func_data;
  gint                    cancelled;      /* atomic */
  BeliefFigureSet        *current;        /* being filled */
  void                  (*fill) (BeliefExperimentContext *ctx, BeliefFigureSet *set);
  double                  lo, hi;         /* fraction span of the current stage */
  double                  fraction;
  char                    status[256];
  gint64                  last_emit;
  gint64                  started;
};

/* belief-experiment.c */
/* Free-energy and Gibbs accuracy of a finished model on the test set: the
 * one time an experiment reads it. */
void     belief_experiment_test        (BeliefExperimentContext *ctx, const BeliefDbn *dbn,
                                        double *fe, double *gibbs);
void     belief_experiment_emit        (BeliefExperimentContext *ctx, gboolean force);
void     belief_experiment_stage       (BeliefExperimentContext *ctx, double lo, double hi);
gboolean belief_experiment_cancelled   (BeliefExperimentContext *ctx);
void     belief_experiment_lab_config  (BeliefExperimentContext *ctx, BeliefConfig *cfg,
                                        const char *layers, gboolean labels);
int      belief_experiment_layer_count (const char *layers);

/* belief-experiment-runs.c: each returns the cached run, training it first
 * when needed (NULL with an error when cancelled or failed). */
BeliefRbmRun      *belief_experiment_rbm_run      (BeliefExperimentContext *ctx, int n_hidden,
                                                   gboolean divide, GError **error);
BeliefPretrainRun *belief_experiment_pretrain_run (BeliefExperimentContext *ctx, const char *layers,
                                                   GError **error);
BeliefFinetuneRun *belief_experiment_finetune_run (BeliefExperimentContext *ctx, const char *layers,
                                                   BeliefRegime regime, GError **error);
/* Any run, done or not, for drawing; NULL when not started. */
BeliefRbmRun      *belief_experiment_find_rbm_run      (BeliefExperimentContext *ctx, int n_hidden,
                                                        gboolean divide);
BeliefPretrainRun *belief_experiment_find_pretrain_run (BeliefExperimentContext *ctx, const char *layers);
BeliefFinetuneRun *belief_experiment_find_finetune_run (BeliefExperimentContext *ctx, const char *layers,
                                                        BeliefRegime regime);
void               belief_experiment_runs_free    (BeliefExperimentContext *ctx);

/* Generates per_label digits of every label; samples (10 * per_label, dim)
 * label-major; returns fidelity and fills per_label_fid (n_classes). */
double   belief_experiment_generate    (BeliefExperimentContext *ctx, const BeliefDbn *dbn,
                                        int per_label, float **samples, double *per_label_fid);

/* Shared figure helpers (belief-experiment.c).  Figures are found by id or
 * created, and emptied, so that fill functions can redraw them from the runs
 * every time. */
BeliefFigure *belief_experiment_chart  (BeliefFigureSet *set, const char *id, const char *title,
                                        const char *x_label, const char *x_column,
                                        const char *y_label, const char *y_column);
BeliefFigure *belief_experiment_images (BeliefFigureSet *set, const char *id, const char *title,
                                        BeliefImagesStyle style, int rows, int cols,
                                        int grid_cols);
/* Means of y (double) over windows of `window` iterations, at their last one. */
void          belief_experiment_smooth (BeliefFigure *fig, const char *series, GArray *y,
                                        int window);
/* A digits figure of `per_row` samples of every label from samples made by
 * belief_experiment_generate (label-major, `per_label` each), captioned with
 * the judge's label. */
void          belief_experiment_digits_figure (BeliefExperimentContext *ctx, BeliefFigure *fig,
                                               const float *samples, int n_labels,
                                               int per_label, int per_row);

/* The experiments: ensure trains what is needed (and adds what fill cannot
 * redraw from the runs); fill redraws the figures from the runs so far. */
gboolean belief_experiment_e1_ensure (BeliefExperimentContext *ctx, GError **error);
void     belief_experiment_e1_fill   (BeliefExperimentContext *ctx, BeliefFigureSet *set);
gboolean belief_experiment_e2_ensure (BeliefExperimentContext *ctx, GError **error);
void     belief_experiment_e2_fill   (BeliefExperimentContext *ctx, BeliefFigureSet *set);
gboolean belief_experiment_e3_ensure (BeliefExperimentContext *ctx, GError **error);
void     belief_experiment_e3_fill   (BeliefExperimentContext *ctx, BeliefFigureSet *set);
gboolean belief_experiment_e4_ensure (BeliefExperimentContext *ctx, GError **error);
void     belief_experiment_e4_fill   (BeliefExperimentContext *ctx, BeliefFigureSet *set);
gboolean belief_experiment_e5_ensure (BeliefExperimentContext *ctx, GError **error);
void     belief_experiment_e5_fill   (BeliefExperimentContext *ctx, BeliefFigureSet *set);
gboolean belief_experiment_e6_ensure (BeliefExperimentContext *ctx, GError **error);
void     belief_experiment_e6_fill   (BeliefExperimentContext *ctx, BeliefFigureSet *set);
gboolean belief_experiment_e7_ensure (BeliefExperimentContext *ctx, GError **error);
void     belief_experiment_e7_fill   (BeliefExperimentContext *ctx, BeliefFigureSet *set);
gboolean belief_experiment_e8_ensure (BeliefExperimentContext *ctx, GError **error);
void     belief_experiment_e8_fill   (BeliefExperimentContext *ctx, BeliefFigureSet *set);
gboolean belief_experiment_e9_ensure (BeliefExperimentContext *ctx, GError **error);
void     belief_experiment_e9_fill   (BeliefExperimentContext *ctx, BeliefFigureSet *set);

G_END_DECLS
