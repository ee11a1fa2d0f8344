/* belief-safetensors.c: the safetensors format, F32 only.
 *
 * Saving builds the JSON header with json-glib, pads it with spaces to a
 * multiple of 8 (as the reference implementation does), writes header and
 * data to "<name>.XXXXXX" next to the target, fsyncs and renames it over the
 * target.  Loading maps the file and checks the whole header against the file
 * size before it allocates a single tensor.
 */
#include "belief-safetensors.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "belief-error.h"

#define MAX_DIMS       4
#define MAX_HEADER_LEN ((guint64) 100 * 1024 * 1024)
#define CHUNK_FLOATS   16384
#define METADATA_KEY   "__metadata__"

/* One tensor entry of a header, checked, before any data is read. */
typedef struct
{
  const char *name;  /* owned by the JsonParser */
  int         n_dims;
  gint64      shape[MAX_DIMS];
  guint64     n_elems;
  guint64     begin, end;
} Entry;

static gboolean fail (GError **error, BeliefErrorCode code, const char *display,
                      const char *format, ...) G_GNUC_PRINTF (4, 5);

/* Sets "display: message" and returns FALSE. */
static gboolean
fail (GError          **error,
      BeliefErrorCode   code,
      const char       *display,
      const char       *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, BELIEF_ERROR, code, "%s: %s", display, message);
  return FALSE;
}

static void
tensor_free (gpointer data)
{
  BeliefTensor *t = data;

  g_free (t->name);
  g_free (t->data);
  g_free (t);
}

BeliefTensorFile *
belief_tensor_file_new (void)
{
  BeliefTensorFile *tf = g_new0 (BeliefTensorFile, 1);

  tf->tensors = g_ptr_array_new_with_free_func (tensor_free);
  tf->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return tf;
}

void
belief_tensor_file_free (BeliefTensorFile *tf)
{
  if (tf == NULL)
    return;
  g_ptr_array_unref (tf->tensors);
  g_hash_table_unref (tf->metadata);
  g_free (tf);
}

/* Takes ownership of data (n_elems floats). */
static BeliefTensor *
tensor_append (BeliefTensorFile *tf,
               const char       *name,
               int               n_dims,
               const gint64     *shape,
               gsize             n_elems,
               float            *data)
{
  BeliefTensor *t = g_new0 (BeliefTensor, 1);

  t->name = g_strdup (name);
  t->n_dims = n_dims;
  for (int d = 0; d < n_dims; d++)
    t->shape[d] = shape[d];
  t->n_elems = n_elems;
  t->data = data;
  g_ptr_array_add (tf->tensors, t);
  return t;
}

BeliefTensor *
belief_tensor_file_add (BeliefTensorFile *tf,
                        const char       *name,
                        int               n_dims,
                        const gint64     *shape,
                        const float      *data)
{
  gsize n_elems = 1;

  g_return_val_if_fail (tf != NULL, NULL);
  g_return_val_if_fail (name != NULL && strcmp (name, METADATA_KEY) != 0, NULL);
  g_return_val_if_fail (n_dims >= 0 && n_dims <= MAX_DIMS, NULL);
  g_return_val_if_fail (n_dims == 0 || shape != NULL, NULL);
  g_return_val_if_fail (belief_tensor_file_lookup (tf, name) == NULL, NULL);

  for (int d = 0; d < n_dims; d++)
    {
      g_return_val_if_fail (shape[d] >= 0, NULL);
      n_elems *= (gsize) shape[d];
    }
  g_return_val_if_fail (n_elems == 0 || data != NULL, NULL);

  return tensor_append (tf, name, n_dims, shape, n_elems,
                        g_memdup2 (data, n_elems * sizeof (float)));
}

BeliefTensor *
belief_tensor_file_lookup (BeliefTensorFile *tf,
                           const char       *name)
{
  g_return_val_if_fail (tf != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < tf->tensors->len; i++)
    {
      BeliefTensor *t = g_ptr_array_index (tf->tensors, i);

      if (strcmp (t->name, name) == 0)
        return t;
    }
  return NULL;
}

void
belief_tensor_file_set_meta (BeliefTensorFile *tf,
                             const char       *key,
                             const char       *value)
{
  g_return_if_fail (tf != NULL);
  g_return_if_fail (key != NULL && value != NULL);

  g_hash_table_insert (tf->metadata, g_strdup (key), g_strdup (value));
}

const char *
belief_tensor_file_get_meta (BeliefTensorFile *tf,
                             const char       *key)
{
  g_return_val_if_fail (tf != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (tf->metadata, key);
}

/* ---- Saving ---- */

static void
build_metadata (JsonBuilder *builder,
                GHashTable  *metadata)
{
  /* Sorted, so that the same model always gives the same bytes. */
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (metadata),
                                       (GCompareFunc) g_strcmp0);

  json_builder_set_member_name (builder, METADATA_KEY);
  json_builder_begin_object (builder);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_string_value (builder, g_hash_table_lookup (metadata, l->data));
    }
  json_builder_end_object (builder);
}

static void
build_tensor (JsonBuilder        *builder,
              const BeliefTensor *t,
              guint64             begin)
{
  json_builder_set_member_name (builder, t->name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dtype");
  json_builder_add_string_value (builder, "F32");
  json_builder_set_member_name (builder, "shape");
  json_builder_begin_array (builder);
  for (int d = 0; d < t->n_dims; d++)
    json_builder_add_int_value (builder, t->shape[d]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "data_offsets");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, begin);
  json_builder_add_int_value (builder, begin + t->n_elems * sizeof (float));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* The JSON header, padded with spaces to a multiple of 8 bytes. */
static char *
build_header (BeliefTensorFile *tf,
              gsize            *out_len)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint64 offset = 0;
  gsize len, padded;
  char *json;

  json_builder_begin_object (builder);
  if (g_hash_table_size (tf->metadata) > 0)
    build_metadata (builder, tf->metadata);
  for (guint i = 0; i < tf->tensors->len; i++)
    {
      const BeliefTensor *t = g_ptr_array_index (tf->tensors, i);

      build_tensor (builder, t, offset);
      offset += t->n_elems * sizeof (float);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &len);

  padded = (len + 7) & ~(gsize) 7;
  json = g_realloc (json, padded + 1);
  memset (json + len, ' ', padded - len);
  json[padded] = '\0';
  *out_len = padded;
  return json;
}

static gboolean
write_all (int         fd,
           const void *buf,
           gsize       len)
{
  const guint8 *p = buf;

  while (len > 0)
    {
      gssize n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= n;
    }
  return TRUE;
}

/* Floats as little-endian bit patterns, in chunks. */
static gboolean
write_tensor_data (int                 fd,
                   const BeliefTensor *t,
                   guint32            *chunk)
{
  for (gsize start = 0; start < t->n_elems; start += CHUNK_FLOATS)
    {
      gsize n = MIN (CHUNK_FLOATS, t->n_elems - start);

      memcpy (chunk, t->data + start, n * sizeof (float));
      for (gsize k = 0; k < n; k++)
        chunk[k] = GUINT32_TO_LE (chunk[k]);
      if (!write_all (fd, chunk, n * sizeof (guint32)))
        return FALSE;
    }
  return TRUE;
}

/* Header length, header, data, fsync; errno tells why on FALSE. */
static gboolean
write_contents (int               fd,
                BeliefTensorFile *tf,
                const char       *header,
                gsize             header_len)
{
  g_autofree guint32 *chunk = g_new (guint32, CHUNK_FLOATS);
  guint64 len_le = GUINT64_TO_LE ((guint64) header_len);

  if (!write_all (fd, &len_le, sizeof len_le) ||
      !write_all (fd, header, header_len))
    return FALSE;
  for (guint i = 0; i < tf->tensors->len; i++)
    if (!write_tensor_data (fd, g_ptr_array_index (tf->tensors, i), chunk))
      return FALSE;
  return g_fsync (fd) == 0;
}

/* Makes the rename itself durable; failure here loses nothing. */
static void
sync_folder (const char *filename)
{
  g_autofree char *dir = g_path_get_dirname (filename);
  int fd = g_open (dir, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  g_fsync (fd);
  g_close (fd, NULL);
}

gboolean
belief_tensor_file_save (BeliefTensorFile  *tf,
                         const char        *filename,
                         GError           **error)
{
  g_autofree char *display = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *header = NULL;
  gsize header_len;
  int fd, saved;

  g_return_val_if_fail (tf != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (filename);
  header = build_header (tf, &header_len);
  tmp = g_strconcat (filename, ".XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      saved = errno;
      return fail (error, BELIEF_ERROR_IO, display,
                   "cannot create a temporary file next to it: %s",
                   g_strerror (saved));
    }

  if (!write_contents (fd, tf, header, header_len))
    {
      saved = errno;
      g_close (fd, NULL);
      g_unlink (tmp);
      return fail (error, BELIEF_ERROR_IO, display, "cannot write: %s",
                   g_strerror (saved));
    }
  if (close (fd) != 0 || g_rename (tmp, filename) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      return fail (error, BELIEF_ERROR_IO, display, "cannot save: %s",
                   g_strerror (saved));
    }
  sync_folder (filename);
  return TRUE;
}

/* ---- Loading ---- */

static gboolean
node_get_uint (JsonNode *node,
               guint64  *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
parse_shape (const char *display,
             JsonNode   *node,
             Entry      *e,
             GError    **error)
{
  JsonArray *array;
  guint len;
  gboolean zero = FALSE, overflow = FALSE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, BELIEF_ERROR_FORMAT, display,
                 "tensor %s: shape is not an array", e->name);
  array = json_node_get_array (node);
  len = json_array_get_length (array);
  if (len > MAX_DIMS)
    return fail (error, BELIEF_ERROR_RANGE, display,
                 "tensor %s has %u dimensions; Belief reads at most %d",
                 e->name, len, MAX_DIMS);

  e->n_dims = len;
  e->n_elems = 1;
  for (guint d = 0; d < len; d++)
    {
      guint64 dim;

      if (!node_get_uint (json_array_get_element (array, d), &dim))
        return fail (error, BELIEF_ERROR_FORMAT, display,
                     "tensor %s: shape entry %u is not a non-negative integer",
                     e->name, d);
      e->shape[d] = dim;
      zero = zero || dim == 0;
      if (dim != 0 && e->n_elems > (G_MAXSIZE / sizeof (float)) / dim)
        overflow = TRUE;
      else
        e->n_elems *= dim;
    }
  if (zero)
    e->n_elems = 0;
  else if (overflow)
    return fail (error, BELIEF_ERROR_RANGE, display,
                 "tensor %s: the product of its shape overflows", e->name);
  return TRUE;
}

static gboolean
parse_offsets (const char *display,
               JsonNode   *node,
               guint64     data_len,
               Entry      *e,
               GError    **error)
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (array == NULL || json_array_get_length (array) != 2 ||
      !node_get_uint (json_array_get_element (array, 0), &e->begin) ||
      !node_get_uint (json_array_get_element (array, 1), &e->end))
    return fail (error, BELIEF_ERROR_FORMAT, display,
                 "tensor %s: data_offsets is not two non-negative integers", e->name);
  if (e->begin > e->end)
    return fail (error, BELIEF_ERROR_FORMAT, display,
                 "tensor %s: data_offsets [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
                 "] end before they begin", e->name, e->begin, e->end);
  if (e->end > data_len)
    return fail (error, BELIEF_ERROR_TRUNCATED, display,
                 "tensor %s: data_offsets end at %" G_GUINT64_FORMAT
                 ", past the %" G_GUINT64_FORMAT " bytes of data", e->name, e->end, data_len);
  if (e->end - e->begin != e->n_elems * sizeof (float))
    return fail (error, BELIEF_ERROR_MISMATCH, display,
                 "tensor %s: data_offsets span %" G_GUINT64_FORMAT " bytes, but its shape "
                 "holds %" G_GUINT64_FORMAT " F32 values (%" G_GUINT64_FORMAT " bytes)",
                 e->name, e->end - e->begin, e->n_elems, e->n_elems * sizeof (float));
  return TRUE;
}

static gboolean
parse_entry (const char *display,
             JsonNode   *node,
             guint64     data_len,
             Entry      *e,
             GError    **error)
{
  JsonObject *object;
  JsonNode *dtype, *shape, *offsets;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, BELIEF_ERROR_FORMAT, display, "tensor %s is not an object", e->name);
  object = json_node_get_object (node);
  dtype = json_object_get_member (object, "dtype");
  shape = json_object_get_member (object, "shape");
  offsets = json_object_get_member (object, "data_offsets");
  if (dtype == NULL || shape == NULL || offsets == NULL)
    return fail (error, BELIEF_ERROR_FORMAT, display, "tensor %s has no %s", e->name,
                 dtype == NULL ? "dtype" : shape == NULL ? "shape" : "data_offsets");
  if (!JSON_NODE_HOLDS_VALUE (dtype) || json_node_get_value_type (dtype) != G_TYPE_STRING)
    return fail (error, BELIEF_ERROR_FORMAT, display, "tensor %s: dtype is not a string",
                 e->name);
  if (strcmp (json_node_get_string (dtype), "F32") != 0)
    return fail (error, BELIEF_ERROR_FORMAT, display,
                 "tensor %s has dtype %s; Belief reads F32 only",
                 e->name, json_node_get_string (dtype));
  return parse_shape (display, shape, e, error) &&
         parse_offsets (display, offsets, data_len, e, error);
}

static gboolean
parse_metadata (const char *display,
                JsonNode   *node,
                GHashTable *metadata,
                GError    **error)
{
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, BELIEF_ERROR_FORMAT, display, METADATA_KEY " is not an object");
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);

      if (!JSON_NODE_HOLDS_VALUE (value) ||
          json_node_get_value_type (value) != G_TYPE_STRING)
        return fail (error, BELIEF_ERROR_FORMAT, display,
                     METADATA_KEY " entry %s is not a string", (const char *) l->data);
      g_hash_table_insert (metadata, g_strdup (l->data),
                           g_strdup (json_node_get_string (value)));
    }
  return TRUE;
}

static int
entry_compare (gconstpointer a,
               gconstpointer b)
{
  const Entry *x = a, *y = b;

  if (x->begin != y->begin)
    return x->begin < y->begin ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return 0;
}

/* Sorts the entries into file order and checks that they tile the data. */
static gboolean
check_coverage (const char *display,
                GArray     *entries,
                guint64     data_len,
                GError    **error)
{
  guint64 cursor = 0;

  g_array_sort (entries, entry_compare);
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = &g_array_index (entries, Entry, i);

      if (e->begin < cursor)
        return fail (error, BELIEF_ERROR_FORMAT, display, "tensors %s and %s overlap",
                     g_array_index (entries, Entry, i - 1).name, e->name);
      if (e->begin > cursor)
        return fail (error, BELIEF_ERROR_FORMAT, display,
                     "a gap of %" G_GUINT64_FORMAT " bytes before tensor %s "
                     "belongs to no tensor", e->begin - cursor, e->name);
      cursor = e->end;
    }
  if (cursor != data_len)
    return fail (error, BELIEF_ERROR_FORMAT, display,
                 "the last %" G_GUINT64_FORMAT " bytes of data belong to no tensor",
                 data_len - cursor);
  return TRUE;
}

/* The code point of the escape \uXXXX at S (N bytes left), or -1. */
static int
escape_value (const char *s,
              gsize       n)
{
  int v = 0;

  if (n < 6 || s[0] != '\\' || s[1] != 'u')
    return -1;
  for (int k = 2; k < 6; k++)
    {
      if (!g_ascii_isxdigit (s[k]))
        return -1;
      v = 16 * v + g_ascii_xdigit_value (s[k]);
    }
  return v;
}

/* The \u escape at JSON + *I is a character other than NUL, a surrogate
 * only as a high-low pair; *I moves to its last byte. */
static gboolean
escape_ok (const char *json,
           gsize       len,
           gsize      *i)
{
  int v = escape_value (json + *i, len - *i), low;

  if (v <= 0 || (v >= 0xdc00 && v <= 0xdfff))
    return FALSE;
  if (v >= 0xd800 && v <= 0xdbff)
    {
      low = len - *i >= 12 ? escape_value (json + *i + 6, len - *i - 6) : -1;
      if (low < 0xdc00 || low > 0xdfff)
        return FALSE;
      *i += 6;
    }
  *i += 5;
  return TRUE;
}

/* The header must be one JSON object and nothing after it but spaces.
 * Checked before json-glib sees it, which leaks memory on a second value
 * after the first ("{} {}") and on lone surrogate escapes ("\ud83d\u0000"),
 * and turns the latter into bytes that are not UTF-8.  Quotes and
 * backslashes are tracked the way JSON (and json-glib) read strings;
 * comments and single quotes, which json-glib would take but JSON does not,
 * are refused outright. */
static gboolean
check_one_object (const char *display,
                  const char *json,
                  gsize       len,
                  GError    **error)
{
  gsize i = 0, depth = 0;
  gboolean in_string = FALSE;

  while (i < len && g_ascii_isspace (json[i]))
    i++;
  if (i == len || json[i] != '{')
    return fail (error, BELIEF_ERROR_FORMAT, display, "the header is not a JSON object");
  for (; i < len; i++)
    {
      char c = json[i];

      if (in_string)
        {
          if (c == '\\' && i + 1 < len && json[i + 1] == 'u')
            {
              if (!escape_ok (json, len, &i))
                return fail (error, BELIEF_ERROR_FORMAT, display,
                             "the header is not valid JSON: the \\u escape at byte %"
                             G_GSIZE_FORMAT " is not a character (NUL, or half a "
                             "surrogate pair)", i);
            }
          else if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && --depth == 0)
        break;
      else if (c == '/' || c == '\'')
        return fail (error, BELIEF_ERROR_FORMAT, display,
                     "the header is not valid JSON: '%c' at byte %" G_GSIZE_FORMAT, c, i);
    }
  if (i >= len)
    return fail (error, BELIEF_ERROR_FORMAT, display,
                 "the header is not valid JSON: it ends inside its object");
  for (i++; i < len; i++)
    if (!g_ascii_isspace (json[i]))
      return fail (error, BELIEF_ERROR_FORMAT, display,
                   "the header is not valid JSON: more after its object, at byte %"
                   G_GSIZE_FORMAT, i);
  return TRUE;
}

static gboolean
parse_header (const char  *display,
              const char  *json,
              gsize        json_len,
              guint64      data_len,
              JsonParser  *parser,
              GArray      *entries,
              GHashTable  *metadata,
              GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GList) members = NULL;
  JsonNode *root;
  JsonObject *object;

  if (!g_utf8_validate_len (json, json_len, NULL))
    return fail (error, BELIEF_ERROR_FORMAT, display, "the header is not UTF-8 text");
  if (!check_one_object (display, json, json_len, error))
    return FALSE;
  if (!json_parser_load_from_data (parser, json, json_len, &local))
    {
      /* json-glib quotes what it decoded, lone surrogates included */
      g_autofree char *why = g_utf8_make_valid (local->message, -1);

      return fail (error, BELIEF_ERROR_FORMAT, display, "the header is not valid JSON: %s", why);
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, BELIEF_ERROR_FORMAT, display, "the header is not a JSON object");

  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      Entry e = { .name = l->data };

      if (strcmp (e.name, METADATA_KEY) == 0)
        {
          if (!parse_metadata (display, node, metadata, error))
            return FALSE;
          continue;
        }
      if (!parse_entry (display, node, data_len, &e, error))
        return FALSE;
      g_array_append_val (entries, e);
    }
  return check_coverage (display, entries, data_len, error);
}

static gboolean
check_lengths (const char *display,
               gsize       len,
               guint64     header_len,
               GError    **error)
{
  if (header_len == 0)
    return fail (error, BELIEF_ERROR_FORMAT, display, "the header length is 0");
  /* Text (a JSON file, say) read as a length is some 10^18 bytes. */
  if (header_len > MAX_HEADER_LEN && header_len > len - 8)
    return fail (error, BELIEF_ERROR_FORMAT, display,
                 "not a safetensors model: its first 8 bytes should give the header's "
                 "length but read %" G_GUINT64_FORMAT ", far more than the file's %"
                 G_GSIZE_FORMAT " bytes", header_len, len);
  if (header_len > MAX_HEADER_LEN)
    return fail (error, BELIEF_ERROR_RANGE, display,
                 "the header length %" G_GUINT64_FORMAT " is over the 100 MB limit",
                 header_len);
  if (header_len > len - 8)
    return fail (error, BELIEF_ERROR_TRUNCATED, display,
                 "the header length %" G_GUINT64_FORMAT " runs past the end of the "
                 "file (%" G_GSIZE_FORMAT " bytes)", header_len, len);
  return TRUE;
}

static float *
floats_from_le (const guint8 *src,
                gsize         n)
{
  float *out;

  if (n == 0)
    return NULL;
  out = g_new (float, n);
  memcpy (out, src, n * sizeof (float));
  for (gsize k = 0; k < n; k++)
    {
      guint32 u;

      memcpy (&u, out + k, sizeof u);
      u = GUINT32_FROM_LE (u);
      memcpy (out + k, &u, sizeof u);
    }
  return out;
}

BeliefTensorFile *
belief_tensor_file_parse (const guint8  *bytes,
                          gsize          len,
                          const char    *display,
                          GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GArray) entries = NULL;
  g_autoptr(BeliefTensorFile) tf = NULL;
  const guint8 *data;
  guint64 header_len;

  g_return_val_if_fail (bytes != NULL || len == 0, NULL);
  g_return_val_if_fail (display != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len < 8)
    {
      fail (error, BELIEF_ERROR_TRUNCATED, display, "the file is %" G_GSIZE_FORMAT
            " bytes long, too short for a safetensors header", len);
      return NULL;
    }
  memcpy (&header_len, bytes, sizeof header_len);
  header_len = GUINT64_FROM_LE (header_len);
  if (!check_lengths (display, len, header_len, error))
    return NULL;

  parser = json_parser_new ();
  entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  tf = belief_tensor_file_new ();
  if (!parse_header (display, (const char *) bytes + 8, header_len, len - 8 - header_len,
                     parser, entries, tf->metadata, error))
    return NULL;

  data = bytes + 8 + header_len;
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = &g_array_index (entries, Entry, i);

      tensor_append (tf, e->name, e->n_dims, e->shape, e->n_elems,
                     floats_from_le (data + e->begin, e->n_elems));
    }
  return g_steal_pointer (&tf);
}

BeliefTensorFile *
belief_tensor_file_load (const char  *filename,
                         GError     **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GMappedFile) map = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (filename);
  if (g_file_test (filename, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                   "%s is a folder, not a model file: give the path of a .safetensors file",
                   display);
      return NULL;
    }
  map = g_mapped_file_new (filename, FALSE, &local);
  if (map == NULL)
    {
      g_set_error_literal (error, BELIEF_ERROR, BELIEF_ERROR_IO, local->message);
      return NULL;
    }
  return belief_tensor_file_parse ((const guint8 *) g_mapped_file_get_contents (map),
                                   g_mapped_file_get_length (map), display, error);
}
