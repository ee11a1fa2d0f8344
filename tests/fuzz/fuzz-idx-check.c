/* fuzz-idx-check.c: what a successful IDX parse promises. */
#include "fuzz-idx-check.h"

#include <string.h>

#include "belief-idx.h"
#include "fuzz-target.h"

#define NAME "fuzz.idx"

gboolean
fuzz_idx_check (const guint8 *file,
                gsize         len,
                const guint8 *payload,
                gsize         payload_len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefIdx) idx = belief_idx_parse (file, len, NAME, FUZZ_IDX_MAX_BYTES, &error);
  gsize n = 1, head;

  if (idx == NULL)
    {
      belief_fuzz_check_error (error, NAME);
      return FALSE;
    }
  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (idx->n_dims >= 1 && idx->n_dims <= 4);
  for (guint i = 0; i < idx->n_dims; i++)
    n *= idx->dims[i];  /* cannot overflow: the parse checked it */
  FUZZ_CHECK (n == idx->n_bytes);
  FUZZ_CHECK (n <= FUZZ_IDX_MAX_BYTES);
  FUZZ_CHECK (n == 0 || idx->data != NULL);

  /* The data is exactly what follows the header, and nothing follows it. */
  head = 4 + 4 * idx->n_dims;
  if (payload != NULL)
    {
      FUZZ_CHECK (payload_len == head + n);
      FUZZ_CHECK (n == 0 || memcmp (idx->data, payload + head, n) == 0);
    }
  return TRUE;
}
