/* test-dataset.c: dataset folders, their errors, and minibatch conversion. */
#include <glib/gstdio.h>
#include <string.h>

#include "belief-dataset.h"
#include "belief-error.h"
#include "belief-idx.h"

static char *tmp_dir;

/* A fresh folder in the temp dir. */
static char *
make_dir (const char *name)
{
  char *dir = g_build_filename (tmp_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

static void
put_idx (const char    *dir,
         const char    *name,
         guint          n_dims,
         const guint32 *dims,
         const guint8  *data)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (belief_idx_write (path, n_dims, dims, data, &error));
  g_assert_no_error (error);
}

/* Pixel j of image i: a value that differs between images. */
static guint8
pixel (guint i,
       guint j)
{
  return (guint8) (i * 50 + j * 7 + 1);
}

/* N images of ROWS x COLS and labels i % 3 (so 3 classes, for n >= 3), as
 * PREFIX + STEM-images-idx3-ubyte + SUFFIX and the labels likewise. */
static void
put_set (const char *dir,
         const char *prefix,
         const char *stem,
         const char *suffix,
         guint       n,
         guint       rows,
         guint       cols)
{
  g_autofree guint8 *images = g_malloc (n * rows * cols + 1);
  g_autofree guint8 *labels = g_malloc (n + 1);
  g_autofree char *img_name = g_strdup_printf ("%s%s-images-idx3-ubyte%s", prefix, stem, suffix);
  g_autofree char *lab_name = g_strdup_printf ("%s%s-labels-idx1-ubyte%s", prefix, stem, suffix);
  guint32 img_dims[3] = { n, rows, cols };

  for (guint i = 0; i < n; i++)
    {
      labels[i] = (guint8) (i % 3);
      for (guint j = 0; j < rows * cols; j++)
        images[i * rows * cols + j] = pixel (i, j);
    }
  put_idx (dir, img_name, 3, img_dims, images);
  put_idx (dir, lab_name, 1, &n, labels);
}

static void
check_set (const BeliefDataset *ds,
           guint                n,
           guint                rows,
           guint                cols)
{
  g_assert_nonnull (ds);
  g_assert_cmpuint (ds->n, ==, n);
  g_assert_cmpuint (ds->rows, ==, rows);
  g_assert_cmpuint (ds->cols, ==, cols);
  g_assert_cmpuint (ds->dim, ==, rows * cols);
  g_assert_cmpuint (ds->n_classes, ==, n >= 3 ? 3 : n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (ds->labels[i], ==, i % 3);
      for (guint j = 0; j < rows * cols; j++)
        g_assert_cmpuint (ds->images[i * ds->dim + j], ==, pixel (i, j));
    }
}

static void
expect_error (const char  *dir,
              BeliefSplit  split,
              int          code,
              const char  *const *needles)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDataset) ds = belief_dataset_load_dir (dir, split, &error);

  g_assert_null (ds);
  g_assert_error (error, BELIEF_ERROR, code);
  g_test_message ("%s", error->message);
  for (guint i = 0; needles[i] != NULL; i++)
    g_assert_nonnull (strstr (error->message, needles[i]));
}

static void
load_both (const char *name,
           const char *suffix)
{
  g_autofree char *dir = make_dir (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDataset) train = NULL;
  g_autoptr(BeliefDataset) test = NULL;

  put_set (dir, "", "train", suffix, 5, 3, 4);
  put_set (dir, "", "t10k", suffix, 4, 3, 4);
  train = belief_dataset_load_dir (dir, BELIEF_SPLIT_TRAIN, &error);
  g_assert_no_error (error);
  check_set (train, 5, 3, 4);
  g_assert_cmpstr (train->source, ==, dir);
  test = belief_dataset_load_dir (dir, BELIEF_SPLIT_TEST, &error);
  g_assert_no_error (error);
  check_set (test, 4, 3, 4);
}

static void
test_load_plain (void)
{
  load_both ("plain", "");
}

static void
test_load_gz (void)
{
  load_both ("gz", ".gz");
}

static void
test_odd_size (void)
{
  g_autofree char *dir = make_dir ("odd-size");
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDataset) ds = NULL;

  put_set (dir, "", "train", ".gz", 2, 7, 5);
  ds = belief_dataset_load_dir (dir, BELIEF_SPLIT_TRAIN, &error);
  g_assert_no_error (error);
  check_set (ds, 2, 7, 5);
}

static void
test_emnist_names (void)
{
  g_autofree char *dir = make_dir ("emnist");
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDataset) train = NULL;
  g_autoptr(BeliefDataset) test = NULL;

  put_set (dir, "emnist-digits-", "train", ".gz", 6, 3, 3);
  put_set (dir, "emnist-digits-", "test", "", 3, 3, 3);
  train = belief_dataset_load_dir (dir, BELIEF_SPLIT_TRAIN, &error);
  g_assert_no_error (error);
  check_set (train, 6, 3, 3);
  test = belief_dataset_load_dir (dir, BELIEF_SPLIT_TEST, &error);
  g_assert_no_error (error);
  check_set (test, 3, 3, 3);

  put_set (dir, "emnist-letters-", "train", ".gz", 2, 3, 3);
  expect_error (dir, BELIEF_SPLIT_TRAIN, BELIEF_ERROR_MISMATCH,
                (const char *[]) { "emnist-digits-", "emnist-letters-", NULL });
}

static void
test_count_mismatch (void)
{
  g_autofree char *dir = make_dir ("mismatch");
  const guint32 n = 4;
  const guint8 labels[4] = { 0, 1, 2, 3 };

  put_set (dir, "", "train", "", 5, 3, 4);
  put_idx (dir, "train-labels-idx1-ubyte", 1, &n, labels);
  expect_error (dir, BELIEF_SPLIT_TRAIN, BELIEF_ERROR_MISMATCH,
                (const char *[]) { "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                   "5 images", "4 labels", NULL });
}

static void
test_labels_3d (void)
{
  g_autofree char *dir = make_dir ("labels-3d");
  const guint32 dims[3] = { 5, 1, 1 };
  const guint8 labels[5] = { 0 };

  put_set (dir, "", "train", "", 5, 3, 4);
  put_idx (dir, "train-labels-idx1-ubyte", 3, dims, labels);
  expect_error (dir, BELIEF_SPLIT_TRAIN, BELIEF_ERROR_FORMAT,
                (const char *[]) { "train-labels-idx1-ubyte", NULL });
}

static void
test_label_range (void)
{
  g_autofree char *dir = make_dir ("label-range");
  const guint32 n = 5;
  const guint8 labels[5] = { 0, 1, 200, 3, 250 };

  put_set (dir, "", "t10k", ".gz", 5, 3, 4);
  put_idx (dir, "t10k-labels-idx1-ubyte.gz", 1, &n, labels);
  expect_error (dir, BELIEF_SPLIT_TEST, BELIEF_ERROR_RANGE,
                (const char *[]) { "t10k-labels-idx1-ubyte.gz", "the label of item 2 is 200", NULL });
}

static void
test_images_1d (void)
{
  g_autofree char *dir = make_dir ("images-1d");
  const guint32 n = 5;
  const guint8 data[5] = { 0 };

  put_set (dir, "", "train", "", 5, 3, 4);
  put_idx (dir, "train-images-idx3-ubyte", 1, &n, data);
  expect_error (dir, BELIEF_SPLIT_TRAIN, BELIEF_ERROR_FORMAT,
                (const char *[]) { "train-images-idx3-ubyte", "3 dimensions", NULL });
}

static void
test_missing_files (void)
{
  g_autofree char *dir = make_dir ("missing");
  g_autofree char *labels = g_build_filename (dir, "t10k-labels-idx1-ubyte", NULL);
  g_autofree char *nowhere = g_build_filename (tmp_dir, "nowhere", NULL);

  put_set (dir, "", "t10k", "", 5, 3, 4);
  g_assert_cmpint (g_unlink (labels), ==, 0);
  expect_error (dir, BELIEF_SPLIT_TEST, BELIEF_ERROR_IO,
                (const char *[]) { "t10k-labels-idx1-ubyte", dir, "--setup-only", "--data", NULL });
  expect_error (dir, BELIEF_SPLIT_TRAIN, BELIEF_ERROR_IO,
                (const char *[]) { "train-images-idx3-ubyte", dir, "--setup-only", NULL });
  expect_error (nowhere, BELIEF_SPLIT_TRAIN, BELIEF_ERROR_IO,
                (const char *[]) { nowhere, "--setup-only", NULL });
}

static void
test_fill (void)
{
  g_autofree char *dir = make_dir ("fill");
  g_autoptr(BeliefDataset) ds = NULL;
  const guint32 idx[3] = { 4, 0, 2 };
  float v[3 * 12], onehot[3 * 5];

  put_set (dir, "", "train", "", 5, 3, 4);
  ds = belief_dataset_load_dir (dir, BELIEF_SPLIT_TRAIN, NULL);
  g_assert_nonnull (ds);

  belief_dataset_fill_floats (ds, NULL, 1, 3, v);
  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 12; j++)
      g_assert_cmpfloat_with_epsilon (v[i * 12 + j], pixel (1 + i, j) / 255.0, 1e-6);

  /* With idx, row i is image idx[first + i]. */
  belief_dataset_fill_floats (ds, idx, 1, 2, v);
  for (guint j = 0; j < 12; j++)
    {
      g_assert_cmpfloat_with_epsilon (v[j], pixel (0, j) / 255.0, 1e-6);
      g_assert_cmpfloat_with_epsilon (v[12 + j], pixel (2, j) / 255.0, 1e-6);
    }

  belief_dataset_fill_onehot (ds, idx, 0, 3, 5, onehot);
  for (guint i = 0; i < 3; i++)
    for (guint c = 0; c < 5; c++)
      g_assert_cmpfloat (onehot[i * 5 + c], ==, c == idx[i] % 3 ? 1.0f : 0.0f);
}

static void
test_head (void)
{
  g_autofree char *dir = make_dir ("head");
  g_autoptr(BeliefDataset) ds = NULL;
  g_autoptr(BeliefDataset) head = NULL;
  g_autoptr(BeliefDataset) all = NULL;

  put_set (dir, "", "train", ".gz", 5, 3, 4);
  ds = belief_dataset_load_dir (dir, BELIEF_SPLIT_TRAIN, NULL);
  head = belief_dataset_head (ds, 2);
  all = belief_dataset_head (ds, 100);
  g_assert_true (head->images != ds->images);
  check_set (all, 5, 3, 4);
  g_assert_cmpuint (head->n, ==, 2);
  g_assert_cmpuint (head->n_classes, ==, ds->n_classes);
  g_assert_cmpmem (head->images, 2 * 12, ds->images, 2 * 12);
  g_assert_cmpmem (head->labels, 2, ds->labels, 2);
  g_assert_cmpstr (head->source, ==, ds->source);
}

static void
test_default_dir (void)
{
  g_autofree char *fallback = g_build_filename (g_get_user_data_dir (), "belief", "mnist", NULL);
  g_autofree char *set = NULL, *empty = NULL;

  g_setenv ("BELIEF_DATA_DIR", "/some/where", TRUE);
  set = belief_dataset_default_dir ();
  g_setenv ("BELIEF_DATA_DIR", "", TRUE);
  empty = belief_dataset_default_dir ();
  g_unsetenv ("BELIEF_DATA_DIR");
  g_assert_cmpstr (set, ==, "/some/where");
  g_assert_cmpstr (empty, ==, fallback);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("test-dataset-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/dataset/load/plain", test_load_plain);
  g_test_add_func ("/dataset/load/gz", test_load_gz);
  g_test_add_func ("/dataset/load/odd-size", test_odd_size);
  g_test_add_func ("/dataset/load/emnist-names", test_emnist_names);
  g_test_add_func ("/dataset/error/count-mismatch", test_count_mismatch);
  g_test_add_func ("/dataset/error/labels-3d", test_labels_3d);
  g_test_add_func ("/dataset/error/label-range", test_label_range);
  g_test_add_func ("/dataset/error/images-1d", test_images_1d);
  g_test_add_func ("/dataset/error/missing-files", test_missing_files);
  g_test_add_func ("/dataset/fill", test_fill);
  g_test_add_func ("/dataset/head", test_head);
  g_test_add_func ("/dataset/default-dir", test_default_dir);

  ret = g_test_run ();
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
