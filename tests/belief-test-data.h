/* belief-test-data.h: small synthetic data sets for the tests.
 *
 * GLib and src/core only, so that the core tests can use it too; the UI
 * tests get it through belief-test-utils.h.  Each maker is deterministic
 * in its arguments: the same call gives the same bytes.
 */
#pragma once

#include "belief-dataset.h"

G_BEGIN_DECLS

#define BELIEF_TEST_BARS_SIDE   12
#define BELIEF_TEST_DIGITS_SIDE 28

/* An empty set of n rows x cols images in n_classes classes: images and
 * labels allocated and zeroed, source copied (it shows in messages). */
BeliefDataset *belief_test_dataset_new  (guint       n,
                                         guint       rows,
                                         guint       cols,
                                         guint       n_classes,
                                         const char *source);

/* Four classes of BELIEF_TEST_BARS_SIDE-square images ("bars"): image i
 * has label i % 4, a horizontal (labels 0, 1) or vertical (2, 3) bar three
 * pixels wide at a quarter or three quarters of the side; each pixel is
 * then flipped with probability 0.05, drawn from a generator seeded with
 * seed. */
BeliefDataset *belief_test_make_bars    (guint       n,
                                         guint64     seed);

/* Ten classes of BELIEF_TEST_DIGITS_SIDE-square "digits": image i has
 * label k = i % 10, a bar three pixels wide through the centre at angle
 * k pi / 10, cut to a disc of radius 10.  With noise > 0 each pixel is
 * then flipped with that probability, drawn from a generator seeded with
 * seed (which is unused without noise). */
BeliefDataset *belief_test_make_digits  (guint       n,
                                         guint64     seed,
                                         double      noise,
                                         const char *source);

/* Tarballs as `npm pack` makes them, for the importers' tests: an entry of
 * TYPE ('0' a file, '5' a folder, 'x' a pax header, 'g' a global one) with
 * LEN bytes of DATA, in ustar format with its header checksum, appended to
 * TAR; then two zero blocks end the archive; gzip'd with no name or time. */
void    belief_test_tar_add     (GByteArray *tar,
                                 const char *name,
                                 char        type,
                                 const void *data,
                                 gsize       len);
void    belief_test_tar_end     (GByteArray *tar);
GBytes *belief_test_gzip        (const void *data,
                                 gsize       len);

/* PATH and everything below it. */
void    belief_test_remove_tree (const char *path);

G_END_DECLS
