/* belief-error.c */
#include "belief-error.h"

G_DEFINE_QUARK (belief-error-quark, belief_error)
