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
} BeliefDataset;

/* The default folder: $BELIEF_DATA_DIR if set, else $XDG_DATA_HOME/belief/mnist. */
char          *belief_dataset_default_dir (void);

BeliefDataset *belief_dataset_load_dir    (const char  *dir,
                                           BeliefSplit  split,
                                           GError     **error);
BeliefDataset *belief_dataset_load_files  (const char  *images_file,
                                           const char  *labels_file,
                                           GError     **error);
/* A new dataset of the first n images (n clamped to ds->n). */
BeliefDataset *belief_dataset_head        (const BeliefDataset *ds, guint n);
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
