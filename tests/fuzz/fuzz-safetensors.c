/* fuzz-safetensors.c: belief_tensor_file_parse on any bytes.
 *
 * A successful parse promises tensors that tile the data exactly: their
 * floats, in file order, are the bytes after the header, nothing left over. */
#include <string.h>

#include "belief-safetensors.h"
#include "fuzz-target.h"

#define NAME "fuzz.safetensors"

gboolean
belief_fuzz_one (const guint8 *data,
                 gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefTensorFile) tf = belief_tensor_file_parse (data, size, NAME, &error);
  guint64 header_len;
  gsize offset;

  if (tf == NULL)
    {
      belief_fuzz_check_error (error, NAME);
      return FALSE;
    }
  FUZZ_CHECK (size >= 8);
  memcpy (&header_len, data, 8);
  header_len = GUINT64_FROM_LE (header_len);
  FUZZ_CHECK (header_len <= size - 8);
  offset = 8 + header_len;
  for (guint i = 0; i < tf->tensors->len; i++)
    {
      const BeliefTensor *t = g_ptr_array_index (tf->tensors, i);
      gsize n = 1;

      FUZZ_CHECK (g_utf8_validate (t->name, -1, NULL));
      FUZZ_CHECK (belief_tensor_file_lookup (tf, t->name) == t);
      FUZZ_CHECK (t->n_dims >= 0 && t->n_dims <= 4);
      for (int d = 0; d < t->n_dims; d++)
        {
          FUZZ_CHECK (t->shape[d] >= 0);
          n *= (gsize) t->shape[d];
        }
      FUZZ_CHECK (n == t->n_elems);
      FUZZ_CHECK (t->n_elems <= (size - offset) / 4);
      /* little-endian host: the floats are the file's bytes */
      FUZZ_CHECK (G_BYTE_ORDER != G_LITTLE_ENDIAN || t->n_elems == 0 ||
                  memcmp (t->data, data + offset, t->n_elems * 4) == 0);
      offset += t->n_elems * 4;
    }
  FUZZ_CHECK (offset == size);
  return TRUE;
}
