/* belief-settings.c: GSettings <-> BeliefConfig. */
#include "belief-settings.h"

#include <math.h>
#include <string.h>

GSettings *
belief_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) build_source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, BELIEF_APP_ID, TRUE);
#ifdef BELIEF_BUILD_SCHEMA_DIR
  if (schema == NULL)
    {
      build_source = g_settings_schema_source_new_from_directory (BELIEF_BUILD_SCHEMA_DIR,
                                                                  source, FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, BELIEF_APP_ID, FALSE);
    }
#endif
  if (schema == NULL)
    g_error ("The settings schema %s is not installed; install Belief "
             "or set GSETTINGS_SCHEMA_DIR to the folder of its compiled schema",
             BELIEF_APP_ID);
  return g_settings_new_full (schema, NULL, NULL);
}

void
belief_settings_get_config (GSettings    *settings,
                            BeliefConfig *cfg)
{
  g_autofree char *layers = NULL;
  g_autofree char *regime_name = NULL;
  g_autofree char *method = NULL;
  BeliefRegime regime = BELIEF_REGIME_DEFAULT;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (cfg != NULL);

  belief_config_defaults (cfg);
  layers = g_settings_get_string (settings, "layers");
  if (!belief_config_parse_layers (cfg, layers, NULL))
    belief_config_defaults (cfg);
  cfg->labels = g_settings_get_boolean (settings, "labels");
  cfg->epochs = g_settings_get_int (settings, "epochs");
  cfg->top_epochs = g_settings_get_int (settings, "top-epochs");
  cfg->batch = g_settings_get_int (settings, "batch-size");
  cfg->lr = (float) g_settings_get_double (settings, "learning-rate");
  cfg->momentum = (float) g_settings_get_double (settings, "momentum");
  cfg->weight_decay = g_settings_get_boolean (settings, "weight-decay-enabled")
                      ? (float) g_settings_get_double (settings, "weight-decay") : 0.0f;
  cfg->cd_k = g_settings_get_int (settings, "cd-steps");
  cfg->pcd = g_settings_get_boolean (settings, "pcd");
  cfg->finetune_epochs = g_settings_get_int (settings, "finetune-epochs");
  regime_name = g_settings_get_string (settings, "finetune-regime");
  belief_regime_from_string (regime_name, &regime);
  belief_config_set_regime (cfg, regime);
  cfg->ft_gibbs_schedule = g_settings_get_boolean (settings, "finetune-gibbs-schedule");
  method = g_settings_get_string (settings, "recognition-method");
  cfg->recog_method = strcmp (method, "gibbs") == 0 ? BELIEF_RECOG_GIBBS : BELIEF_RECOG_FREE_ENERGY;
  cfg->seed = g_settings_get_uint (settings, "seed");
  cfg->train_size = g_settings_get_int (settings, "train-size");
  cfg->eval_size = g_settings_get_int (settings, "eval-size");
  cfg->threads = g_settings_get_int (settings, "threads");
}

gboolean
belief_settings_differ (GSettings          *settings,
                        const BeliefConfig *cfg)
{
  BeliefConfig now;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (cfg != NULL, FALSE);

  belief_settings_get_config (settings, &now);
  if (now.n_hidden != cfg->n_hidden
      || memcmp (now.hidden, cfg->hidden, sizeof (int) * now.n_hidden) != 0)
    return TRUE;
  return now.labels != cfg->labels
         || now.epochs != cfg->epochs
         || now.top_epochs != cfg->top_epochs
         || now.batch != cfg->batch
         || now.cd_k != cfg->cd_k
         || now.pcd != cfg->pcd
         || now.finetune_epochs != cfg->finetune_epochs
         || now.regime != cfg->regime
         || now.ft_gibbs_schedule != cfg->ft_gibbs_schedule
         || now.seed != cfg->seed
         || now.train_size != cfg->train_size
         || now.eval_size != cfg->eval_size;
}

gboolean
belief_settings_get_range (GSettings  *settings,
                           const char *key,
                           double     *lo,
                           double     *hi)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) bounds = NULL;
  g_autoptr(GVariant) min = NULL;
  g_autoptr(GVariant) max = NULL;
  g_autofree char *kind = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (key != NULL && lo != NULL && hi != NULL, FALSE);

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return FALSE;
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(sv)", &kind, &bounds);
  if (g_strcmp0 (kind, "range") != 0)
    return FALSE;
  min = g_variant_get_child_value (bounds, 0);
  max = g_variant_get_child_value (bounds, 1);
  if (g_variant_is_of_type (min, G_VARIANT_TYPE_INT32))
    *lo = g_variant_get_int32 (min), *hi = g_variant_get_int32 (max);
  else if (g_variant_is_of_type (min, G_VARIANT_TYPE_UINT32))
    *lo = g_variant_get_uint32 (min), *hi = g_variant_get_uint32 (max);
  else if (g_variant_is_of_type (min, G_VARIANT_TYPE_DOUBLE))
    *lo = g_variant_get_double (min), *hi = g_variant_get_double (max);
  else
    return FALSE;
  return TRUE;
}

/* ---- presets ----------------------------------------------------------------- */

/* What belief_config_apply_preset sets, as keys; preset_values writes each. */
static const char *const preset_keys[] = {
  "layers", "labels", "epochs", "top-epochs", "batch-size", "learning-rate", "momentum",
  "weight-decay-enabled", "weight-decay", "cd-steps", "pcd", "finetune-epochs",
  "finetune-regime", "finetune-gibbs-schedule",
};

gboolean
belief_settings_is_preset_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (preset_keys); i++)
    if (g_strcmp0 (key, preset_keys[i]) == 0)
      return TRUE;
  return FALSE;
}

/* An int key's value kept in its schema range: the quick preset gives a
 * tiny data set more epochs than the key allows. */
static GVariant *
int_value (GSettings  *settings,
           const char *key,
           int         value)
{
  double lo, hi;

  if (belief_settings_get_range (settings, key, &lo, &hi))
    value = (int) CLAMP ((double) value, lo, hi);
  return g_variant_new_int32 (value);
}

/* A float of the config as the double key it came from: 0.05, not
 * 0.0500000007 (float has 6 to 7 significant digits). */
static GVariant *
double_value (GSettings  *settings,
              const char *key,
              float       value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  double lo, hi;
  double x = g_ascii_strtod (g_ascii_formatd (text, sizeof text, "%.6g", value), NULL);

  if (belief_settings_get_range (settings, key, &lo, &hi))
    x = CLAMP (x, lo, hi);
  return g_variant_new_double (x);
}

/* a{sv}: every key of preset_keys and what the preset writes into it. */
static GVariant *
preset_values (GSettings   *settings,
               const char  *preset,
               guint        n_fit,
               GError     **error)
{
  g_autofree char *layers = NULL;
  GVariantDict dict;
  BeliefConfig cfg;

  belief_settings_get_config (settings, &cfg);
  if (!belief_config_apply_preset (&cfg, preset, n_fit, error))
    return NULL;
  layers = belief_config_layers_string (&cfg);
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "layers", "s", layers);
  g_variant_dict_insert (&dict, "labels", "b", cfg.labels);
  g_variant_dict_insert_value (&dict, "epochs", int_value (settings, "epochs", cfg.epochs));
  g_variant_dict_insert_value (&dict, "top-epochs", int_value (settings, "top-epochs", cfg.top_epochs));
  g_variant_dict_insert_value (&dict, "batch-size", int_value (settings, "batch-size", cfg.batch));
  g_variant_dict_insert_value (&dict, "learning-rate", double_value (settings, "learning-rate", cfg.lr));
  g_variant_dict_insert_value (&dict, "momentum", double_value (settings, "momentum", cfg.momentum));
  g_variant_dict_insert (&dict, "weight-decay-enabled", "b", cfg.weight_decay > 0.0f);
  /* switched off, the strength stays as it was */
  if (cfg.weight_decay > 0.0f)
    g_variant_dict_insert_value (&dict, "weight-decay",
                                 double_value (settings, "weight-decay", cfg.weight_decay));
  else
    g_variant_dict_insert_value (&dict, "weight-decay", g_settings_get_value (settings, "weight-decay"));
  g_variant_dict_insert_value (&dict, "cd-steps", int_value (settings, "cd-steps", cfg.cd_k));
  g_variant_dict_insert (&dict, "pcd", "b", cfg.pcd);
  g_variant_dict_insert_value (&dict, "finetune-epochs",
                               int_value (settings, "finetune-epochs", cfg.finetune_epochs));
  g_variant_dict_insert (&dict, "finetune-regime", "s", belief_regime_to_string (cfg.regime));
  g_variant_dict_insert (&dict, "finetune-gibbs-schedule", "b", cfg.ft_gibbs_schedule);
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

/* Doubles within a part in a million: a slider's rounding is no edit. */
static gboolean
same_value (GVariant *a,
            GVariant *b)
{
  if (g_variant_is_of_type (a, G_VARIANT_TYPE_DOUBLE) && g_variant_is_of_type (b, G_VARIANT_TYPE_DOUBLE))
    {
      double x = g_variant_get_double (a), y = g_variant_get_double (b);

      return fabs (x - y) <= 1e-6 * MAX (fabs (x), fabs (y));
    }
  return g_variant_equal (a, b);
}

gboolean
belief_settings_apply_preset (GSettings   *settings,
                              const char  *preset,
                              guint        n_fit,
                              GError     **error)
{
  g_autoptr(GVariant) values = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) batch = NULL;
  g_autofree char *path = NULL;
  GSettingsBackend *backend = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  values = preset_values (settings, preset, n_fit, error);
  if (values == NULL)
    return FALSE;
  /* Written through a delayed twin and applied as one change: whoever
   * listens sees the whole preset, never half of it (a half would look
   * like an edit by hand and make the preset custom). */
  g_object_get (settings, "settings-schema", &schema, "backend", &backend, "path", &path, NULL);
  batch = g_settings_new_full (schema, backend, path);
  g_object_unref (backend);
  g_settings_delay (batch);
  g_variant_iter_init (&iter, values);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) now = g_settings_get_value (settings, key);

      if (!same_value (now, value))
        g_settings_set_value (batch, key, value);
      g_variant_unref (value);
    }
  g_settings_apply (batch);
  return TRUE;
}

gboolean
belief_settings_match_preset (GSettings  *settings,
                              const char *preset,
                              guint       n_fit)
{
  g_autoptr(GVariant) values = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  gboolean same = TRUE;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  values = preset_values (settings, preset, n_fit, NULL);
  if (values == NULL)
    return FALSE;
  g_variant_iter_init (&iter, values);
  while (same && g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) now = g_settings_get_value (settings, key);

      same = same_value (now, value);
      g_variant_unref (value);
    }
  return same;
}
