/* belief-views.h: puts the five views into a new window. */
#pragma once

#include "belief-window.h"

G_BEGIN_DECLS

void belief_window_install_views (BeliefWindow *self);

G_END_DECLS
