/* belief-idx.h: the IDX file format of MNIST and its relatives.
 *
 * An IDX file: magic 00 00 TYPE NDIM, NDIM big-endian guint32 dimensions, then
 * the data.  Belief reads unsigned-byte data (TYPE 0x08) only, with 1 (labels)
 * or 3 (images: count, rows, cols) dimensions, raw or gzip-compressed (detected
 * from the content, not the name).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint   n_dims;
  guint32 dims[4];
  guint8 *data;      /* product of dims bytes, g_free */
  gsize   n_bytes;
} BeliefIdx;

/* Reads FILENAME (gzip'd or not).  Errors name the file and the problem:
 * missing, wrong magic, unsupported type, truncated data, trailing bytes,
 * dimensions whose product overflows or exceeds max_bytes, corrupt gzip. */
BeliefIdx *belief_idx_read  (const char *filename, gsize max_bytes, GError **error);
/* The same on LEN bytes of a file already in memory; NAME (the file's
 * basename) starts every message.  Never allocates more than the data can
 * hold: a header that claims more than a short file has fails first. */
BeliefIdx *belief_idx_parse (const guint8 *data, gsize len, const char *name,
                             gsize max_bytes, GError **error);
void       belief_idx_free  (BeliefIdx *idx);

/* Writes unsigned-byte IDX, gzip-compressed when the name ends in ".gz".
 * Output is byte-identical for identical input (no timestamps).  Written
 * atomically: temporary file in the same folder, then rename. */
gboolean   belief_idx_write (const char    *filename,
                             guint          n_dims,
                             const guint32 *dims,
                             const guint8  *data,
                             GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefIdx, belief_idx_free)

G_END_DECLS
