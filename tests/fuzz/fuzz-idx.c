/* fuzz-idx.c: belief_idx_parse on any bytes.  Gzip data (1f 8b) is detected
 * and inflated by the loader itself, so the gzip seeds are mutated here too;
 * fuzz-idx-gzip.c reaches the inflated layout more directly. */
#include "fuzz-idx-check.h"
#include "fuzz-target.h"

gboolean
belief_fuzz_one (const guint8 *data,
                 gsize         size)
{
  gboolean gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;

  return fuzz_idx_check (data, size, gzip ? NULL : data, size);
}
