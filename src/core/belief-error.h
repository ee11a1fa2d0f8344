/* belief-error.h: the one error domain of the core. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BELIEF_ERROR (belief_error_quark ())

typedef enum
{
  BELIEF_ERROR_IO,          /* a file could not be read or written */
  BELIEF_ERROR_FORMAT,      /* a file is not what it says it is */
  BELIEF_ERROR_TRUNCATED,   /* a file ends before its header says it should */
  BELIEF_ERROR_MISMATCH,    /* parts that must agree do not (counts, shapes) */
  BELIEF_ERROR_RANGE,       /* a value outside its allowed range */
  BELIEF_ERROR_DIVERGED,    /* training produced NaN/Inf or exploded */
  BELIEF_ERROR_CANCELLED,
} BeliefErrorCode;

GQuark belief_error_quark (void);

G_END_DECLS
