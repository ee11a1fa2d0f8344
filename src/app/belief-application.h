/* belief-application.h: the GtkApplication io.github.belief.Belief. */
#pragma once

#include <gtk/gtk.h>

#include "belief-data.h"

G_BEGIN_DECLS

#define BELIEF_TYPE_APPLICATION (belief_application_get_type ())

G_DECLARE_FINAL_TYPE (BeliefApplication, belief_application, BELIEF, APPLICATION, GtkApplication)

BeliefApplication *belief_application_new          (void);
/* Process-wide memory settings, before anything is allocated (main). */
void               belief_application_tune_memory (void);
GSettings         *belief_application_get_settings (BeliefApplication *self);
/* The data opened at start once loaded, else NULL: the set the "dataset"
 * setting names, or the course-sized digits when that one is not
 * installed or not readable. */
BeliefData        *belief_application_get_data     (BeliefApplication *self);

G_END_DECLS
