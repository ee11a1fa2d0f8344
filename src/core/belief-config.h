/* belief-config.h: every setting of a training run, with ranges and presets.
 *
 * Pretraining uses lr, momentum, weight_decay, cd_k, pcd, batch and epochs
 * for every layer.  Fine-tuning (wake-sleep / up-down) has its own settings;
 * the report's two regimes are presets of them (see belief_config_set_regime).
 */
#pragma once

#include <glib.h>

#include "belief-dbn.h"

G_BEGIN_DECLS

typedef enum
{
  BELIEF_REGIME_DEFAULT,      /* Belief's own: improves recognition and generation */
  BELIEF_REGIME_RECOGNITION,  /* the report's "recognition specialised": lr 0.001, / batch */
  BELIEF_REGIME_GENERATION,   /* the report's "generation specialised": lr 0.01, not divided */
  BELIEF_REGIME_DISCRIMINATIVE, /* backpropagation of log p(label | image), see belief-discriminative.h */
} BeliefRegime;

typedef struct
{
  /* architecture: hidden sizes (sizes[0] comes from the data) */
  int      n_hidden;
  int      hidden[BELIEF_MAX_LAYERS];
  gboolean labels;           /* join label units below the top layer */

  /* greedy pretraining */
  int      epochs;           /* per layer */
  int      top_epochs;       /* for the top RBM; 0 = same as epochs */
  int      batch;
  float    lr, momentum, weight_decay, init_stddev;
  int      cd_k;
  gboolean pcd;
  gboolean divide_by_batch;
  gboolean binarize;         /* train on pixels sampled to 0/1 each minibatch */

  /* fine-tuning */
  int          finetune_epochs;
  BeliefRegime regime;
  float        ft_lr;
  gboolean     ft_divide_by_batch;
  int          ft_gibbs;          /* Gibbs steps in the top RBM per minibatch */
  gboolean     ft_clamp_labels;   /* keep labels clamped in the negative phase */
  gboolean     ft_gibbs_schedule; /* Hinton's up-down: 3, then 6, then 10 Gibbs steps,
                                   * a third of the epochs each (instead of ft_gibbs) */

  /* recognition and evaluation */
  BeliefRecogMethod recog_method;
  int      recog_gibbs;
  int      eval_size;        /* training images measured per epoch (and all the
                              * validation images), 0 = none */
  int      validation;       /* images held out of training to choose on,
                              * -1 = the data set's default (belief_dataset_default_validation) */
  gboolean select_best;      /* end on the epoch of the best validation accuracy */

  /* data and machine */
  int      train_size;       /* 0 = all */
  guint64  seed;
  int      threads;          /* 0 = all cores */
} BeliefConfig;

/* Hidden units of one layer, at most. */
#define BELIEF_MAX_UNITS 20000

/* The allowed range of one numeric setting. */
typedef struct
{
  const char *option;   /* belief-cli train's option, e.g. "--lr" */
  const char *key;      /* the app's GSettings key, or NULL */
  const char *what;     /* "the learning rate" */
  double      lo, hi;
  gsize       offset;   /* of the field in BeliefConfig */
  gboolean    is_float; /* float field, else int */
} BeliefConfigLimit;

void      belief_config_defaults   (BeliefConfig *cfg);
/* Named schedules for N_FIT training images (validation held out):
 * "quick", a first Train: about BELIEF_QUICK_IMAGES images per lower layer
 * (the 10 epochs of 8,000 the digits had before a validation set was held
 * out), twice as many for the top RBM and BELIEF_QUICK_FINETUNE_IMAGES of
 * fine-tuning, epochs rounded, so that it takes about the same time on any
 * data set: 11, 23 and 10 epochs of the digits' 7,000, 2, 3 and 1 of MNIST's
 * 50,000 (README: The default, measured); "standard", Hinton et al.
 * 2006's 784-500-500+10-2000 with up-down fine-tuning, as far as an hour on
 * two cores allows.  Sets the architecture, the schedule and the learning
 * settings (batch, rates, momentum, decay, CD steps: the defaults'); keeps
 * the seed, threads and data options.  belief-cli applies only the epochs,
 * so that its explicit options stand.  FALSE with an error naming the
 * presets for an unknown name. */
#define BELIEF_QUICK_IMAGES 80000
#define BELIEF_QUICK_FINETUNE_IMAGES 70000
gboolean  belief_config_apply_preset (BeliefConfig *cfg, const char *name, guint n_fit,
                                      GError **error);
const char *const *belief_config_preset_names (void);
void      belief_config_set_regime (BeliefConfig *cfg, BeliefRegime regime);
/* Every range; the first one broken gives BELIEF_ERROR_RANGE with a message
 * naming the option and its range: "--lr 1e+09: the learning rate must be
 * between 1e-06 and 10". */
gboolean  belief_config_validate   (const BeliefConfig *cfg, GError **error);
const BeliefConfigLimit *belief_config_limits (guint *n_limits);
/* By option ("--lr") or GSettings key ("learning-rate"); NULL if none. */
const BeliefConfigLimit *belief_config_find_limit (const char *name);
double    belief_config_limit_get  (const BeliefConfigLimit *limit, const BeliefConfig *cfg);
gboolean  belief_config_check_limit (const BeliefConfigLimit *limit, double value,
                                     GError **error);
/* Gibbs steps in the top RBM during fine-tuning epoch `epoch` (0-based). */
int       belief_config_finetune_gibbs (const BeliefConfig *cfg, int epoch);
/* "500,500,2000" -> hidden sizes */
gboolean  belief_config_parse_layers (BeliefConfig *cfg, const char *text, GError **error);
char     *belief_config_layers_string (const BeliefConfig *cfg);
const char *belief_regime_to_string (BeliefRegime regime);
gboolean  belief_regime_from_string (const char *text, BeliefRegime *regime);
/* A JSON object of all settings, for model metadata and reproducibility. */
char     *belief_config_to_json    (const BeliefConfig *cfg);

G_END_DECLS
