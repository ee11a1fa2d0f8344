/* belief-settings.c: GSettings <-> BeliefConfig. */
#include "belief-settings.h"

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
