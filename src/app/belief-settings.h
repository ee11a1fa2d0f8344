/* belief-settings.h: the app's GSettings and the run configuration in it. */
#pragma once

#include <gio/gio.h>

#include "belief-config.h"

G_BEGIN_DECLS

/* The io.github.belief.Belief settings.  When the schema is not installed
 * (running from the build tree) the build tree's compiled schema is used. */
GSettings *belief_settings_new        (void);
/* Every training setting of the panel and the preferences, on top of the
 * core's defaults.  Weight decay is 0 when switched off. */
void       belief_settings_get_config (GSettings    *settings,
                                       BeliefConfig *cfg);
/* TRUE when cfg and the settings would build a different model or run:
 * everything but the live learning rate, momentum and weight decay. */
gboolean   belief_settings_differ     (GSettings          *settings,
                                       const BeliefConfig *cfg);

/* Presets (belief_config_apply_preset) in the settings.  A preset writes
 * the architecture, the pretraining schedule and the fine-tuning keys
 * ("layers", "labels", "epochs", ... "finetune-gibbs-schedule"), each
 * clamped to its schema range; the key "preset" names the one chosen. */
gboolean   belief_settings_is_preset_key (const char *key);
/* Writes the preset's values for n_fit training images all at once: the
 * "changed" signals come after every key holds its new value.  FALSE with
 * an error for an unknown preset. */
gboolean   belief_settings_apply_preset  (GSettings   *settings,
                                          const char  *preset,
                                          guint        n_fit,
                                          GError     **error);
/* TRUE when every key of the preset holds what it would write for n_fit. */
gboolean   belief_settings_match_preset  (GSettings  *settings,
                                          const char *preset,
                                          guint       n_fit);

/* The schema's <range> of a numeric key; FALSE when it has none. */
gboolean   belief_settings_get_range  (GSettings  *settings,
                                       const char *key,
                                       double     *lo,
                                       double     *hi);

G_END_DECLS
