/* fuzz-entry.c: libFuzzer's entry point and the checks shared by the targets. */
#include "fuzz-target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "belief-error.h"

gboolean belief_fuzz_accepted;

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  belief_fuzz_accepted = belief_fuzz_one (data, size);
  return 0;
}

void
belief_fuzz_fail (const char *file,
                  int         line,
                  const char *cond)
{
  fprintf (stderr, "%s:%d: fuzz check failed: %s\n", file, line, cond);
  abort ();
}

void
belief_fuzz_check_error (const GError *error,
                         const char   *name)
{
  gboolean utf8, named;

  FUZZ_CHECK (error != NULL);
  utf8 = g_utf8_validate (error->message, -1, NULL);
  named = g_str_has_prefix (error->message, name) &&
          strncmp (error->message + strlen (name), ": ", 2) == 0;
  if (!utf8 || !named)
    fprintf (stderr, "the error: %s\n", error->message);
  FUZZ_CHECK (error->domain == BELIEF_ERROR);
  FUZZ_CHECK (utf8);
  FUZZ_CHECK (named);
}
