/* belief-config.c: defaults, presets, ranges. */
#include "belief-config.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "belief-error.h"

/* The standard preset: Hinton et al. 2006's 784-500-500+10-2000 with
 * pretraining, then up-down with 3, 6, then 10 Gibbs steps, as far as an
 * hour on two cores allows (README: Results on MNIST). */
#define BELIEF_STANDARD_EPOCHS 20
#define BELIEF_STANDARD_TOP_EPOCHS 30
#define BELIEF_STANDARD_FINETUNE_EPOCHS 45

void
belief_config_defaults (BeliefConfig *cfg)
{
  g_return_if_fail (cfg != NULL);

  *cfg = (BeliefConfig) {
    .n_hidden = 3,
    .hidden = { 500, 500, 2000 },
    .labels = TRUE,
    .epochs = 10,
    .top_epochs = 20,
    .batch = 20,
    .lr = 0.05f,
    .momentum = 0.9f,
    .weight_decay = 0.0002f,
    .init_stddev = 0.01f,
    .cd_k = 1,
    .pcd = FALSE,
    .divide_by_batch = TRUE,
    .finetune_epochs = 10,
    .recog_method = BELIEF_RECOG_FREE_ENERGY,
    .recog_gibbs = 15,
    .eval_size = 1000,
    .validation = -1,
    .select_best = TRUE,
    .train_size = 0,
    .seed = 1,
    .threads = 0,
  };
  belief_config_set_regime (cfg, BELIEF_REGIME_DEFAULT);
  cfg->ft_gibbs_schedule = TRUE;
}

void
belief_config_set_regime (BeliefConfig *cfg,
                          BeliefRegime  regime)
{
  cfg->regime = regime;
  switch (regime)
    {
    case BELIEF_REGIME_RECOGNITION:
      cfg->ft_lr = 0.001f;
      cfg->ft_divide_by_batch = TRUE;
      cfg->ft_gibbs = 5;
      cfg->ft_clamp_labels = TRUE;
      break;
    case BELIEF_REGIME_GENERATION:
      cfg->ft_lr = 0.01f;
      cfg->ft_divide_by_batch = FALSE;
      cfg->ft_gibbs = 5;
      cfg->ft_clamp_labels = TRUE;
      break;
    case BELIEF_REGIME_DISCRIMINATIVE:
      cfg->ft_lr = 0.05f;
      cfg->ft_divide_by_batch = TRUE;
      cfg->ft_gibbs = 5;
      cfg->ft_clamp_labels = FALSE;
      break;
    case BELIEF_REGIME_DEFAULT:
    default:
      cfg->ft_lr = 0.02f;
      cfg->ft_divide_by_batch = TRUE;
      cfg->ft_gibbs = 5;
      cfg->ft_clamp_labels = FALSE;
      break;
    }
}

const char *const *
belief_config_preset_names (void)
{
  static const char *const names[] = { "quick", "standard", NULL };

  return names;
}

/* Epochs of N_FIT images that see about IMAGES images (rounded), at least one. */
static int
epochs_for (guint images,
            guint n_fit)
{
  n_fit = MAX (n_fit, 1);
  return (int) MAX ((images + (guint64) n_fit / 2) / n_fit, 1);
}

gboolean
belief_config_apply_preset (BeliefConfig  *cfg,
                            const char    *name,
                            guint          n_fit,
                            GError       **error)
{
  BeliefConfig d;

  g_return_val_if_fail (cfg != NULL, FALSE);

  belief_config_defaults (&d);
  if (g_strcmp0 (name, "quick") != 0 && g_strcmp0 (name, "standard") != 0)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "--preset \"%s\": use quick or standard", name != NULL ? name : "");
      return FALSE;
    }
  /* the architecture and the schedule; data, seed and machine stay */
  cfg->n_hidden = d.n_hidden;
  memcpy (cfg->hidden, d.hidden, sizeof d.hidden);
  cfg->labels = TRUE;
  cfg->epochs = d.epochs;
  cfg->top_epochs = d.top_epochs;
  cfg->batch = d.batch;
  cfg->lr = d.lr;
  cfg->momentum = d.momentum;
  cfg->weight_decay = d.weight_decay;
  cfg->cd_k = d.cd_k;
  cfg->pcd = d.pcd;
  cfg->divide_by_batch = d.divide_by_batch;
  cfg->finetune_epochs = d.finetune_epochs;
  belief_config_set_regime (cfg, d.regime);
  cfg->ft_gibbs_schedule = d.ft_gibbs_schedule;
  cfg->select_best = TRUE;
  if (g_str_equal (name, "quick"))
    {
      cfg->epochs = epochs_for (BELIEF_QUICK_IMAGES, n_fit);
      cfg->top_epochs = epochs_for (2 * BELIEF_QUICK_IMAGES, n_fit);
      cfg->finetune_epochs = epochs_for (BELIEF_QUICK_FINETUNE_IMAGES, n_fit);
    }
  else
    {
      cfg->epochs = BELIEF_STANDARD_EPOCHS;
      cfg->top_epochs = BELIEF_STANDARD_TOP_EPOCHS;
      cfg->finetune_epochs = BELIEF_STANDARD_FINETUNE_EPOCHS;
    }
  return TRUE;
}

int
belief_config_finetune_gibbs (const BeliefConfig *cfg, int epoch)
{
  int E = MAX (cfg->finetune_epochs, 1);

  g_return_val_if_fail (cfg != NULL, 1);

  if (!cfg->ft_gibbs_schedule)
    return cfg->ft_gibbs;
  return 3 * epoch < E ? 3 : 3 * epoch < 2 * E ? 6 : 10;
}

const char *
belief_regime_to_string (BeliefRegime regime)
{
  switch (regime)
    {
    case BELIEF_REGIME_RECOGNITION:
      return "recognition";
    case BELIEF_REGIME_GENERATION:
      return "generation";
    case BELIEF_REGIME_DISCRIMINATIVE:
      return "discriminative";
    case BELIEF_REGIME_DEFAULT:
    default:
      return "default";
    }
}

gboolean
belief_regime_from_string (const char   *text,
                           BeliefRegime *regime)
{
  static const BeliefRegime all[] = {
    BELIEF_REGIME_DEFAULT, BELIEF_REGIME_RECOGNITION, BELIEF_REGIME_GENERATION,
    BELIEF_REGIME_DISCRIMINATIVE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_strcmp0 (text, belief_regime_to_string (all[i])) == 0)
      {
        *regime = all[i];
        return TRUE;
      }
  return FALSE;
}

/* Every bounded setting: its belief-cli train option, its GSettings key, and
 * its allowed range.  The schema's ranges lie inside these (test-config). */
#define F(field) G_STRUCT_OFFSET (BeliefConfig, field), TRUE
#define I(field) G_STRUCT_OFFSET (BeliefConfig, field), FALSE
static const BeliefConfigLimit limits[] = {
  { "--epochs", "epochs", "the pretraining epochs per layer", 0, 100000, I (epochs) },
  { "--top-epochs", "top-epochs", "the top RBM's epochs", 0, 100000, I (top_epochs) },
  { "--batch", "batch-size", "the batch size", 1, 10000, I (batch) },
  { "--lr", "learning-rate", "the learning rate", 1e-6, 10, F (lr) },
  { "--momentum", "momentum", "the momentum", 0, 0.999, F (momentum) },
  { "--weight-decay", "weight-decay", "the weight decay", 0, 1, F (weight_decay) },
  { "init_stddev", NULL, "the initial weight scale", 0, 1, F (init_stddev) },
  { "--cd", "cd-steps", "the number of CD steps", 1, 1000, I (cd_k) },
  { "--finetune-epochs", "finetune-epochs", "the fine-tuning epochs", 0, 100000, I (finetune_epochs) },
  { "--finetune-lr", NULL, "the fine-tuning learning rate", 1e-6, 10, F (ft_lr) },
  { "--finetune-gibbs", NULL, "the fine-tuning Gibbs steps", 1, 1000, I (ft_gibbs) },
  { "--gibbs", NULL, "the recognition Gibbs steps", 1, 10000, I (recog_gibbs) },
  { "--eval-size", "eval-size", "the number of images measured per epoch", 0, 10000000, I (eval_size) },
  { "--validation", NULL, "the number of validation images", -1, 10000000, I (validation) },
  { "--train-size", "train-size", "the number of training images", 0, 100000000, I (train_size) },
  { "--threads", "threads", "the number of threads", 0, 256, I (threads) },
};
#undef F
#undef I

const BeliefConfigLimit *
belief_config_limits (guint *n_limits)
{
  *n_limits = G_N_ELEMENTS (limits);
  return limits;
}

const BeliefConfigLimit *
belief_config_find_limit (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    if (g_strcmp0 (name, limits[i].option) == 0 || g_strcmp0 (name, limits[i].key) == 0)
      return &limits[i];
  return NULL;
}

double
belief_config_limit_get (const BeliefConfigLimit *limit,
                         const BeliefConfig      *cfg)
{
  const guint8 *p = (const guint8 *) cfg + limit->offset;

  return limit->is_float ? (double) *(const float *) p : (double) *(const int *) p;
}

gboolean
belief_config_check_limit (const BeliefConfigLimit  *limit,
                           double                    value,
                           GError                  **error)
{
  /* a float field holds its bounds rounded to float; NaN fails both */
  double lo = limit->is_float ? (double) (float) limit->lo : limit->lo;
  double hi = limit->is_float ? (double) (float) limit->hi : limit->hi;

  if (value >= lo && value <= hi)
    return TRUE;
  g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
               limit->is_float ? "%s %.6g: %s must be between %.10g and %.10g"
                               : "%s %.10g: %s must be between %.10g and %.10g",
               limit->option, value, limit->what, limit->lo, limit->hi);
  return FALSE;
}

gboolean
belief_config_validate (const BeliefConfig  *cfg,
                        GError             **error)
{
  g_return_val_if_fail (cfg != NULL, FALSE);

  if (cfg->n_hidden < 1 || cfg->n_hidden > BELIEF_MAX_LAYERS)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "--layers: %d sizes given; between 1 and %d are allowed",
                   cfg->n_hidden, BELIEF_MAX_LAYERS);
      return FALSE;
    }
  for (int i = 0; i < cfg->n_hidden; i++)
    if (cfg->hidden[i] < 1 || cfg->hidden[i] > BELIEF_MAX_UNITS)
      {
        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                     "--layers: layer %d has %d units; a layer must have between 1 and %d",
                     i + 1, cfg->hidden[i], BELIEF_MAX_UNITS);
        return FALSE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    if (!belief_config_check_limit (&limits[i], belief_config_limit_get (&limits[i], cfg), error))
      return FALSE;
  return TRUE;
}

gboolean
belief_config_parse_layers (BeliefConfig  *cfg,
                            const char    *text,
                            GError       **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  int n = (int) g_strv_length (parts);

  if (n < 1 || n > BELIEF_MAX_LAYERS)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "--layers \"%s\": give 1 to %d sizes separated by commas, e.g. 500,500,2000",
                   text, BELIEF_MAX_LAYERS);
      return FALSE;
    }
  for (int i = 0; i < n; i++)
    {
      char *end = NULL;
      gint64 v = g_ascii_strtoll (g_strstrip (parts[i]), &end, 10);

      if (end == parts[i] || *end != '\0' || v < 1 || v > BELIEF_MAX_UNITS)
        {
          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                       "--layers \"%s\": \"%s\" is not a size between 1 and %d",
                       text, parts[i], BELIEF_MAX_UNITS);
          return FALSE;
        }
      cfg->hidden[i] = (int) v;
    }
  cfg->n_hidden = n;
  return TRUE;
}

char *
belief_config_layers_string (const BeliefConfig *cfg)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < cfg->n_hidden; i++)
    g_string_append_printf (s, "%s%d", i ? "," : "", cfg->hidden[i]);
  return g_string_free (s, FALSE);
}

char *
belief_config_to_json (const BeliefConfig *cfg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *layers = belief_config_layers_string (cfg);

  json_builder_begin_object (b);
#define MEMBER(kind, name, value) \
  json_builder_set_member_name (b, name); json_builder_add_##kind##_value (b, value)
  MEMBER (string, "layers", layers);
  MEMBER (boolean, "labels", cfg->labels);
  MEMBER (int, "epochs", cfg->epochs);
  MEMBER (int, "top_epochs", cfg->top_epochs);
  MEMBER (int, "batch", cfg->batch);
  MEMBER (double, "lr", cfg->lr);
  MEMBER (double, "momentum", cfg->momentum);
  MEMBER (double, "weight_decay", cfg->weight_decay);
  MEMBER (double, "init_stddev", cfg->init_stddev);
  MEMBER (int, "cd_k", cfg->cd_k);
  MEMBER (boolean, "pcd", cfg->pcd);
  MEMBER (boolean, "divide_by_batch", cfg->divide_by_batch);
  MEMBER (int, "finetune_epochs", cfg->finetune_epochs);
  MEMBER (string, "regime", belief_regime_to_string (cfg->regime));
  MEMBER (double, "ft_lr", cfg->ft_lr);
  MEMBER (boolean, "ft_divide_by_batch", cfg->ft_divide_by_batch);
  MEMBER (int, "ft_gibbs", cfg->ft_gibbs);
  MEMBER (boolean, "ft_clamp_labels", cfg->ft_clamp_labels);
  MEMBER (boolean, "ft_gibbs_schedule", cfg->ft_gibbs_schedule);
  MEMBER (boolean, "binarize", cfg->binarize);
  MEMBER (int, "train_size", cfg->train_size);
  MEMBER (int, "validation", cfg->validation);
  MEMBER (boolean, "select_best", cfg->select_best);
  MEMBER (int, "seed", (gint64) cfg->seed);
#undef MEMBER
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}
