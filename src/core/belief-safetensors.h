/* belief-safetensors.h: reading and writing the safetensors format.
 *
 * Layout: 8-byte little-endian header length N, N bytes of JSON header, then
 * the raw data.  The header maps tensor names to
 *   {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}
 * (offsets relative to the end of the header) and may hold "__metadata__", a
 * map of string to string.  Belief writes and reads F32 only, little-endian.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *name;
  int     n_dims;
  gint64  shape[4];
  float  *data;      /* product of shape floats, g_free */
  gsize   n_elems;
} BeliefTensor;

typedef struct
{
  GPtrArray  *tensors;   /* of BeliefTensor*, in file order */
  GHashTable *metadata;  /* char* -> char*, owned */
} BeliefTensorFile;

BeliefTensorFile *belief_tensor_file_new     (void);
void              belief_tensor_file_free    (BeliefTensorFile *tf);
/* Adds a copy of data. */
BeliefTensor     *belief_tensor_file_add     (BeliefTensorFile *tf, const char *name,
                                              int n_dims, const gint64 *shape,
                                              const float *data);
BeliefTensor     *belief_tensor_file_lookup  (BeliefTensorFile *tf, const char *name);
void              belief_tensor_file_set_meta (BeliefTensorFile *tf, const char *key,
                                               const char *value);
const char       *belief_tensor_file_get_meta (BeliefTensorFile *tf, const char *key);

/* Atomic: temporary file in the same folder, fsync, rename. */
gboolean          belief_tensor_file_save    (BeliefTensorFile *tf, const char *filename,
                                              GError **error);
/* Checks the header length against the file size, the JSON, every dtype,
 * shape and offset (in bounds, ordered, not overlapping, covering the data
 * exactly, length = product of shape * 4) before allocating. */
BeliefTensorFile *belief_tensor_file_load    (const char *filename, GError **error);
/* The same on LEN bytes already in memory; DISPLAY (the file's name) starts
 * every message. */
BeliefTensorFile *belief_tensor_file_parse   (const guint8 *bytes, gsize len,
                                              const char *display, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefTensorFile, belief_tensor_file_free)

G_END_DECLS
