/* fuzz-idx-gzip.c: the gzip path of belief_idx_parse.
 *
 * An input that is gzip data (starts 1f 8b) is parsed as it is: broken
 * streams, cut streams, bad CRCs, bytes after the stream.  Any other input is
 * an IDX payload that this target gzips first, so that mutations of the
 * header and data reach the inflating reader intact. */
#include <gio/gio.h>

#include "fuzz-idx-check.h"
#include "fuzz-target.h"

static GBytes *
gzip (const guint8 *data,
      gsize         size)
{
  g_autoptr(GZlibCompressor) gz = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (mem, G_CONVERTER (gz));

  FUZZ_CHECK (g_output_stream_write_all (out, data, size, NULL, NULL, NULL));
  FUZZ_CHECK (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

gboolean
belief_fuzz_one (const guint8 *data,
                 gsize         size)
{
  g_autoptr(GBytes) packed = NULL;
  gsize len;
  const guint8 *file;

  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    return fuzz_idx_check (data, size, NULL, 0);
  packed = gzip (data, size);
  file = g_bytes_get_data (packed, &len);
  return fuzz_idx_check (file, len, data, size);
}
