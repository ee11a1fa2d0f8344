/* fuzz-idx-check.h: one IDX input through belief_idx_parse, checked.
 * Shared by the idx (raw bytes) and idx-gzip (gzip'd bytes) targets. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The limit belief-dataset.c puts on image files. */
#define FUZZ_IDX_MAX_BYTES ((gsize) 2 << 30)

/* Parses FILE (LEN bytes).  PAYLOAD (PAYLOAD_LEN bytes) is what FILE holds
 * once inflated, or NULL when not known: a successful parse must give back
 * exactly its data. */
gboolean fuzz_idx_check (const guint8 *file,
                         gsize         len,
                         const guint8 *payload,
                         gsize         payload_len);

G_END_DECLS
