/* belief-idx.c: reading and writing unsigned-byte IDX files, raw or gzip'd.
 *
 * The whole (compressed) file is read into memory and parsed from there.
 * Raw data must be all there before the buffer is allocated; gzip data is
 * inflated into a buffer that grows with what actually comes out (up to what
 * the header announced), so a 100-byte file that claims gigabytes costs
 * kilobytes, not gigabytes.
 */
#include "belief-idx.h"

#include <gio/gio.h>
#include <string.h>

#include "belief-error.h"

#define IDX_TYPE_UBYTE 0x08
#define IDX_MAX_DIMS   4
#define IDX_FIRST_READ ((gsize) 1 << 20)  /* gzip data: first buffer size */

/* Where the bytes come from: the file's contents, inflated on the way when
 * gz is set.  name is the file's basename, for messages. */
typedef struct
{
  const char   *name;
  const guint8 *in;
  gsize         in_len;
  GConverter   *gz;
  gboolean      finished;
} IdxReader;

static gboolean
is_gzip (const guint8 *buf,
         gsize         len)
{
  return len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b;
}

static void
set_gzip_error (GError    **error,
                const char *name,
                GError     *local)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED,
                 "%s: truncated: the gzip data ends early; download it again",
                 name);
  else
    g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                 "%s: corrupt gzip data (%s): download it again", name, local->message);
}

/* Reads up to n bytes into out; *n_read < n only at the end of the data. */
static gboolean
reader_read (IdxReader *r,
             guint8    *out,
             gsize      n,
             gsize     *n_read,
             GError   **error)
{
  *n_read = 0;
  if (r->gz == NULL)
    {
      *n_read = MIN (n, r->in_len);
      if (*n_read == 0)
        return TRUE;
      memcpy (out, r->in, *n_read);
      r->in += *n_read;
      r->in_len -= *n_read;
      return TRUE;
    }

  while (*n_read < n && !r->finished)
    {
      g_autoptr(GError) local = NULL;
      gsize n_in = 0, n_out = 0;
      GConverterResult res;

      res = g_converter_convert (r->gz, r->in, r->in_len, out + *n_read, n - *n_read,
                                 G_CONVERTER_INPUT_AT_END, &n_in, &n_out, &local);
      if (res == G_CONVERTER_ERROR)
        {
          set_gzip_error (error, r->name, local);
          return FALSE;
        }
      r->in += n_in;
      r->in_len -= n_in;
      *n_read += n_out;
      r->finished = (res == G_CONVERTER_FINISHED);
    }
  return TRUE;
}

static const char *
type_name (guint8 type)
{
  switch (type)
    {
    case 0x09: return "signed bytes";
    case 0x0b: return "16-bit integers";
    case 0x0c: return "32-bit integers";
    case 0x0d: return "32-bit floats";
    case 0x0e: return "64-bit floats";
    default:   return "an unknown type";
    }
}

/* "60000 images of 28x28" for 3 dimensions, "60000 items" for 1, else AxBxC. */
static char *
describe_dims (guint n_dims,
               const guint32 *dims)
{
  GString *s;

  if (n_dims == 3)
    return g_strdup_printf ("%u images of %ux%u", dims[0], dims[1], dims[2]);
  if (n_dims == 1)
    return g_strdup_printf ("%u items", dims[0]);
  s = g_string_new (NULL);
  for (guint i = 0; i < n_dims; i++)
    g_string_append_printf (s, i > 0 ? "x%u" : "%u", dims[i]);
  return g_string_free (s, FALSE);
}

static gboolean
read_header (IdxReader *r,
             gsize      file_len,
             BeliefIdx *idx,
             GError   **error)
{
  guint8 head[4 + 4 * IDX_MAX_DIMS];
  gsize got = 0;

  if (!reader_read (r, head, 4, &got, error))
    return FALSE;
  if (file_len == 0 || got == 0)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED,
                   "%s: empty file: download it again", r->name);
      return FALSE;
    }
  if (got < 4)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED,
                   "%s: truncated: %zu bytes, too short for an IDX header", r->name, got);
      return FALSE;
    }
  if (head[0] != 0 || head[1] != 0)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                   "%s: not an IDX file (starts %02x %02x %02x %02x, expected 00 00 08 0N)",
                   r->name, head[0], head[1], head[2], head[3]);
      return FALSE;
    }
  if (head[2] != IDX_TYPE_UBYTE)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                   "%s: unsupported IDX data type 0x%02x (%s); only unsigned bytes (0x08) are read",
                   r->name, head[2], type_name (head[2]));
      return FALSE;
    }
  if (head[3] < 1 || head[3] > IDX_MAX_DIMS)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                   "%s: IDX header has %u dimensions, expected 1 to %d",
                   r->name, head[3], IDX_MAX_DIMS);
      return FALSE;
    }

  idx->n_dims = head[3];
  if (!reader_read (r, head + 4, 4 * idx->n_dims, &got, error))
    return FALSE;
  if (got < 4 * idx->n_dims)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED,
                   "%s: truncated: the header of %u dimensions ends after %zu bytes",
                   r->name, idx->n_dims, 4 + got);
      return FALSE;
    }
  for (guint i = 0; i < idx->n_dims; i++)
    {
      guint32 be;

      memcpy (&be, head + 4 + 4 * i, 4);
      idx->dims[i] = GUINT32_FROM_BE (be);
    }
  return TRUE;
}

static gboolean
check_size (const char *name,
            BeliefIdx  *idx,
            gsize       max_bytes,
            GError    **error)
{
  g_autofree char *what = describe_dims (idx->n_dims, idx->dims);
  gsize n = 1;

  for (guint i = 0; i < idx->n_dims; i++)
    if (!g_size_checked_mul (&n, n, idx->dims[i]))
      {
        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                     "%s: header says %s, too large to address", name, what);
        return FALSE;
      }
  /* No items is an empty set; items of size 0 is a damaged header. */
  for (guint i = 1; i < idx->n_dims; i++)
    if (idx->dims[i] == 0 && idx->dims[0] > 0)
      {
        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                     "%s: header says %s: a size of 0 leaves no data; the header is damaged, "
                     "download the file again", name, what);
        return FALSE;
      }
  if (n > max_bytes)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "%s: header says %s (%zu bytes), more than the limit of %zu bytes",
                   name, what, n, max_bytes);
      return FALSE;
    }
  idx->n_bytes = n;
  return TRUE;
}

/* Reads up to idx->n_bytes into idx->data, growing it as the data arrives;
 * *got < idx->n_bytes only when the data ends early. */
static gboolean
read_growing (IdxReader *r,
              BeliefIdx *idx,
              gsize     *got,
              GError   **error)
{
  /* Raw data is known to be all there (read_data checked). */
  gsize cap = r->gz == NULL ? idx->n_bytes : MIN (idx->n_bytes, IDX_FIRST_READ);

  *got = 0;
  if (cap == 0)
    return TRUE;
  idx->data = g_malloc (cap);
  for (;;)
    {
      gsize n = 0;

      if (!reader_read (r, idx->data + *got, cap - *got, &n, error))
        return FALSE;
      *got += n;
      if (*got < cap || cap == idx->n_bytes)
        return TRUE;
      cap = cap <= idx->n_bytes / 2 ? 2 * cap : idx->n_bytes;
      idx->data = g_realloc (idx->data, cap);
    }
}

/* Reads exactly idx->n_bytes of data, then makes sure nothing follows. */
static gboolean
read_data (IdxReader *r,
           BeliefIdx *idx,
           GError   **error)
{
  g_autofree char *what = describe_dims (idx->n_dims, idx->dims);
  guint8 extra;
  gsize got = 0, more = 0;

  if (r->gz == NULL && r->in_len < idx->n_bytes)
    got = r->in_len;  /* raw and short: no need to allocate to know */
  else if (!read_growing (r, idx, &got, error))
    return FALSE;
  if (got < idx->n_bytes)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED,
                   "%s: truncated: header says %s (%zu bytes) but the file holds %zu; "
                   "download it again", r->name, what, idx->n_bytes, got);
      return FALSE;
    }
  if (!reader_read (r, &extra, 1, &more, error))
    return FALSE;
  if (more > 0 && r->gz == NULL)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                   "%s: %zu stray bytes after the %zu bytes of data the header announces (%s)",
                   r->name, r->in_len + 1, idx->n_bytes, what);
      return FALSE;
    }
  if (more > 0)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                   "%s: decompresses to more than the %zu bytes of data the header announces (%s)",
                   r->name, idx->n_bytes, what);
      return FALSE;
    }
  if (r->gz != NULL && r->in_len > 0)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                   "%s: %zu bytes after the end of the gzip stream", r->name, r->in_len);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_file (const char *filename,
           char      **contents,
           gsize      *len,
           GError    **error)
{
  g_autoptr(GError) local = NULL;

  if (g_file_test (filename, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                   "%s: is a folder, not an IDX file", filename);
      return FALSE;
    }
  if (g_file_get_contents (filename, contents, len, &local))
    return TRUE;
  if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO, "%s: no such file", filename);
  else
    g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO, "%s", local->message);
  return FALSE;
}

BeliefIdx *
belief_idx_parse (const guint8 *data,
                  gsize         len,
                  const char   *name,
                  gsize         max_bytes,
                  GError      **error)
{
  g_autoptr(BeliefIdx) idx = NULL;
  g_autoptr(GZlibDecompressor) gz = NULL;
  IdxReader r = { 0 };

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  r.name = name;
  r.in = data;
  r.in_len = len;
  if (is_gzip (data, len))
    {
      gz = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      r.gz = G_CONVERTER (gz);
    }

  idx = g_new0 (BeliefIdx, 1);
  if (!read_header (&r, len, idx, error) ||
      !check_size (name, idx, max_bytes, error) ||
      !read_data (&r, idx, error))
    return NULL;
  return g_steal_pointer (&idx);
}

BeliefIdx *
belief_idx_read (const char *filename,
                 gsize       max_bytes,
                 GError    **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize len = 0;

  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!load_file (filename, &contents, &len, error))
    return NULL;
  name = g_path_get_basename (filename);
  return belief_idx_parse ((const guint8 *) contents, len, name, max_bytes, error);
}

void
belief_idx_free (BeliefIdx *idx)
{
  if (idx == NULL)
    return;
  g_free (idx->data);
  g_free (idx);
}

static gboolean
encode (GOutputStream *out,
        guint          n_dims,
        const guint32 *dims,
        const guint8  *data,
        gsize          n_bytes,
        GError       **error)
{
  guint8 head[4 + 4 * IDX_MAX_DIMS] = { 0, 0, IDX_TYPE_UBYTE, (guint8) n_dims };

  for (guint i = 0; i < n_dims; i++)
    {
      guint32 be = GUINT32_TO_BE (dims[i]);

      memcpy (head + 4 + 4 * i, &be, 4);
    }
  return g_output_stream_write_all (out, head, 4 + 4 * n_dims, NULL, NULL, error) &&
         (n_bytes == 0 || g_output_stream_write_all (out, data, n_bytes, NULL, NULL, error)) &&
         g_output_stream_close (out, NULL, error);
}

gboolean
belief_idx_write (const char    *filename,
                  guint          n_dims,
                  const guint32 *dims,
                  const guint8  *data,
                  GError       **error)
{
  g_autoptr(GOutputStream) mem = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) local = NULL;
  gsize n_bytes = 1;

  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (n_dims >= 1 && n_dims <= IDX_MAX_DIMS, FALSE);
  g_return_val_if_fail (dims != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < n_dims; i++)
    if (!g_size_checked_mul (&n_bytes, n_bytes, dims[i]))
      {
        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                     "%s: dimensions too large to write", filename);
        return FALSE;
      }
  g_return_val_if_fail (data != NULL || n_bytes == 0, FALSE);

  mem = g_memory_output_stream_new_resizable ();
  if (g_str_has_suffix (filename, ".gz"))
    {
      /* No GFileInfo on the compressor: the gzip header carries no name and
       * a zero mtime, so the output depends on the data only. */
      g_autoptr(GZlibCompressor) gz = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);

      out = g_converter_output_stream_new (mem, G_CONVERTER (gz));
    }
  else
    out = g_object_ref (mem);

  /* Closing a converter stream flushes the gzip trailer and closes mem. */
  if (!encode (out, n_dims, dims, data, n_bytes, &local) ||
      !g_file_set_contents_full (filename,
                                 g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (mem)),
                                 g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (mem)),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local))
    {
      if (local->domain == G_FILE_ERROR)  /* names the file already */
        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO, "%s", local->message);
      else
        g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                     "%s: cannot write: %s", filename, local->message);
      return FALSE;
    }
  return TRUE;
}
