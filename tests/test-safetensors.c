/* test-safetensors.c: the safetensors reader and writer, against bytes
 * written and read by hand. */
#include <unistd.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "belief-error.h"
#include "belief-safetensors.h"

static char *test_root;

/* A fresh, empty folder for one test. */
static char *
make_dir (const char *name)
{
  char *dir = g_build_filename (test_root, name, NULL);

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }
  g_remove (path);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in a folder, sorted, joined by spaces. */
static char *
list_dir_sorted (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static guint32
float_bits (float f)
{
  guint32 u;

  memcpy (&u, &f, sizeof u);
  return u;
}

static float
bits_float (guint32 u)
{
  float f;

  memcpy (&f, &u, sizeof f);
  return f;
}

static void
put_u64_le (GByteArray *out,
            guint64     v)
{
  for (int i = 0; i < 8; i++)
    {
      guint8 byte = (v >> (8 * i)) & 0xff;

      g_byte_array_append (out, &byte, 1);
    }
}

static void
put_f32_le (GByteArray *out,
            float       f)
{
  guint32 u = float_bits (f);

  for (int i = 0; i < 4; i++)
    {
      guint8 byte = (u >> (8 * i)) & 0xff;

      g_byte_array_append (out, &byte, 1);
    }
}

/* Header length, header bytes and data_len zero bytes, as given. */
static void
write_raw (const char *path,
           guint64     header_len,
           const char *header,
           gsize       header_bytes,
           gsize       data_len)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree guint8 *zeros = g_malloc0 (data_len + 1);
  g_autoptr(GError) error = NULL;

  put_u64_le (out, header_len);
  g_byte_array_append (out, (const guint8 *) header, header_bytes);
  g_byte_array_append (out, zeros, data_len);
  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);
}

static void
assert_tensor (BeliefTensor *t,
               const char   *name,
               int           n_dims,
               const gint64 *shape,
               const float  *data,
               gsize         n)
{
  g_assert_nonnull (t);
  g_assert_cmpstr (t->name, ==, name);
  g_assert_cmpint (t->n_dims, ==, n_dims);
  for (int d = 0; d < n_dims; d++)
    g_assert_cmpint (t->shape[d], ==, shape[d]);
  g_assert_cmpuint (t->n_elems, ==, n);
  if (n > 0)
    g_assert_cmpmem (t->data, n * sizeof (float), data, n * sizeof (float));
}

/* ---- Round trips ---- */

static void
test_round_trip (void)
{
  g_autofree char *dir = make_dir ("round-trip");
  g_autofree char *path = g_build_filename (dir, "t.safetensors", NULL);
  g_autoptr(BeliefTensorFile) tf = belief_tensor_file_new ();
  g_autoptr(BeliefTensorFile) back = NULL;
  g_autoptr(GError) error = NULL;
  const float special[] = {
    0.0f, -0.0f, FLT_TRUE_MIN, -1e-40f, FLT_MIN, -FLT_MAX, 1.0f / 3.0f,
    INFINITY, -INFINITY, bits_float (0x7fc12345), bits_float (0xff800001),
  };
  const gint64 shape_special[] = { G_N_ELEMENTS (special) };
  const gint64 shape_mat[] = { 3, 5 };
  const gint64 shape_cube[] = { 2, 3, 4 };
  const gint64 shape_4d[] = { 1, 2, 1, 3 };
  const gint64 shape_empty[] = { 0, 7 };
  float mat[15], cube[24], four[6], scalar = -2.5f;

  for (int i = 0; i < 24; i++)
    cube[i] = sinf (i * 0.7f) * 1e-3f * (i + 1);
  for (int i = 0; i < 15; i++)
    mat[i] = 1.0f / (i - 7.5f);
  for (int i = 0; i < 6; i++)
    four[i] = ldexpf (1.0f + i / 8.0f, -130 + 10 * i);

  belief_tensor_file_add (tf, "special", 1, shape_special, special);
  belief_tensor_file_add (tf, "mat", 2, shape_mat, mat);
  belief_tensor_file_add (tf, "empty", 2, shape_empty, NULL);
  belief_tensor_file_add (tf, "cube", 3, shape_cube, cube);
  belief_tensor_file_add (tf, "four", 4, shape_4d, four);
  belief_tensor_file_add (tf, "scalar", 0, NULL, &scalar);
  belief_tensor_file_set_meta (tf, "name", "round trip");
  belief_tensor_file_set_meta (tf, "unicode", "Größe ✓ \"quoted\"\n");
  belief_tensor_file_set_meta (tf, "hyper", "{\"lr\": 0.1}");

  belief_tensor_file_save (tf, path, &error);
  g_assert_no_error (error);
  back = belief_tensor_file_load (path, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (back->tensors->len, ==, 6);
  assert_tensor (g_ptr_array_index (back->tensors, 0), "special", 1, shape_special,
                 special, G_N_ELEMENTS (special));
  assert_tensor (g_ptr_array_index (back->tensors, 1), "mat", 2, shape_mat, mat, 15);
  assert_tensor (g_ptr_array_index (back->tensors, 2), "empty", 2, shape_empty, NULL, 0);
  assert_tensor (g_ptr_array_index (back->tensors, 3), "cube", 3, shape_cube, cube, 24);
  assert_tensor (g_ptr_array_index (back->tensors, 4), "four", 4, shape_4d, four, 6);
  assert_tensor (belief_tensor_file_lookup (back, "scalar"), "scalar", 0, NULL, &scalar, 1);
  g_assert_null (belief_tensor_file_lookup (back, "nothing"));
  /* -0.0 and the NaN payload survive bit for bit */
  g_assert_cmphex (float_bits (belief_tensor_file_lookup (back, "special")->data[1]),
                   ==, 0x80000000);
  g_assert_cmphex (float_bits (belief_tensor_file_lookup (back, "special")->data[9]),
                   ==, 0x7fc12345);

  g_assert_cmpuint (g_hash_table_size (back->metadata), ==, 3);
  g_assert_cmpstr (belief_tensor_file_get_meta (back, "name"), ==, "round trip");
  g_assert_cmpstr (belief_tensor_file_get_meta (back, "unicode"), ==,
                   "Größe ✓ \"quoted\"\n");
  g_assert_cmpstr (belief_tensor_file_get_meta (back, "hyper"), ==, "{\"lr\": 0.1}");
}

/* The bytes of a tiny file, read by hand. */
static void
test_bytes (void)
{
  g_autofree char *dir = make_dir ("bytes");
  g_autofree char *path = g_build_filename (dir, "tiny.safetensors", NULL);
  g_autoptr(BeliefTensorFile) tf = belief_tensor_file_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const guint8 *bytes;
  const guint8 expect_data[] = { 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0 };
  const float values[] = { 1.0f, -2.0f };
  const gint64 shape[] = { 2 };
  JsonObject *root, *a;
  JsonArray *offsets;
  guint64 n = 0;
  gsize len;

  belief_tensor_file_add (tf, "a", 1, shape, values);
  belief_tensor_file_set_meta (tf, "k", "v");
  belief_tensor_file_save (tf, path, &error);
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  bytes = (const guint8 *) contents;
  for (int i = 7; i >= 0; i--)
    n = (n << 8) | bytes[i];
  g_assert_cmpuint (n % 8, ==, 0);
  g_assert_cmpuint (len, ==, 8 + n + 8);
  g_assert_cmpint (bytes[8], ==, '{');
  /* padded with spaces after the closing brace */
  for (gsize i = n + 7; contents[i] != '}'; i--)
    g_assert_cmpint (contents[i], ==, ' ');

  json_parser_load_from_data (parser, contents + 8, n, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (root), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (root, "__metadata__"), "k"), ==, "v");
  a = json_object_get_object_member (root, "a");
  g_assert_cmpstr (json_object_get_string_member (a, "dtype"), ==, "F32");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (a, "shape")), ==, 1);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (a, "shape"), 0),
                   ==, 2);
  offsets = json_object_get_array_member (a, "data_offsets");
  g_assert_cmpuint (json_array_get_length (offsets), ==, 2);
  g_assert_cmpint (json_array_get_int_element (offsets, 0), ==, 0);
  g_assert_cmpint (json_array_get_int_element (offsets, 1), ==, 8);

  g_assert_cmpmem (bytes + 8 + n, 8, expect_data, sizeof expect_data);
}

/* A file from an independent encoder: other key order, no padding, data of
 * the second key first. */
static void
test_foreign (void)
{
  g_autofree char *dir = make_dir ("foreign");
  g_autofree char *path = g_build_filename (dir, "foreign.safetensors", NULL);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(BeliefTensorFile) tf = NULL;
  g_autoptr(GError) error = NULL;
  const char *header =
    "{\"second\":{\"data_offsets\":[0,4],\"shape\":[1],\"dtype\":\"F32\"},"
    "\"__metadata__\":{\"who\":\"hand\",\"n\":\"3\"},"
    "\"first\":{\"shape\":[2,1],\"dtype\":\"F32\",\"data_offsets\":[4,12]}}";
  const float second[] = { 3.5f };
  const float first[] = { -1.25f, 1e-38f };
  const gint64 shape_second[] = { 1 };
  const gint64 shape_first[] = { 2, 1 };

  g_assert_cmpuint (strlen (header) % 8, !=, 0);
  put_u64_le (out, strlen (header));
  g_byte_array_append (out, (const guint8 *) header, strlen (header));
  put_f32_le (out, second[0]);
  put_f32_le (out, first[0]);
  put_f32_le (out, first[1]);
  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);

  tf = belief_tensor_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tf->tensors->len, ==, 2);
  /* file order is data order */
  assert_tensor (g_ptr_array_index (tf->tensors, 0), "second", 1, shape_second, second, 1);
  assert_tensor (g_ptr_array_index (tf->tensors, 1), "first", 2, shape_first, first, 2);
  g_assert_cmpstr (belief_tensor_file_get_meta (tf, "who"), ==, "hand");
  g_assert_cmpstr (belief_tensor_file_get_meta (tf, "n"), ==, "3");
}

/* ---- Atomic saving ---- */

static BeliefTensorFile *
small_file (float value)
{
  BeliefTensorFile *tf = belief_tensor_file_new ();
  const gint64 shape[] = { 3 };
  const float data[] = { value, value * 2, value * 3 };

  belief_tensor_file_add (tf, "x", 1, shape, data);
  return tf;
}

static float
load_first_value (const char *path)
{
  g_autoptr(BeliefTensorFile) tf = NULL;
  g_autoptr(GError) error = NULL;

  tf = belief_tensor_file_load (path, &error);
  g_assert_no_error (error);
  return belief_tensor_file_lookup (tf, "x")->data[0];
}

static void
test_atomic_no_leftovers (void)
{
  g_autofree char *dir = make_dir ("atomic-replace");
  g_autofree char *path = g_build_filename (dir, "m.safetensors", NULL);
  g_autoptr(BeliefTensorFile) one = small_file (1.0f);
  g_autoptr(BeliefTensorFile) two = small_file (2.0f);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  g_assert_true (belief_tensor_file_save (one, path, &error));
  g_assert_no_error (error);
  g_assert_true (belief_tensor_file_save (two, path, &error));
  g_assert_no_error (error);
  listing = list_dir_sorted (dir);
  g_assert_cmpstr (listing, ==, "m.safetensors");
  g_assert_cmpfloat (load_first_value (path), ==, 2.0f);
}

static void
test_atomic_missing_parent (void)
{
  g_autofree char *dir = make_dir ("atomic-parent");
  g_autofree char *path = g_build_filename (dir, "missing", "m.safetensors", NULL);
  g_autoptr(BeliefTensorFile) tf = small_file (1.0f);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  g_assert_false (belief_tensor_file_save (tf, path, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, path));
  listing = list_dir_sorted (dir);
  g_assert_cmpstr (listing, ==, "");
}

/* rename() of a file over a folder fails after all the data is written: the
 * temporary file must go and the folder stay. */
static void
test_atomic_target_is_dir (void)
{
  g_autofree char *dir = make_dir ("atomic-dir");
  g_autofree char *path = g_build_filename (dir, "m.safetensors", NULL);
  g_autofree char *other = g_build_filename (dir, "keep.safetensors", NULL);
  g_autoptr(BeliefTensorFile) one = small_file (1.0f);
  g_autoptr(BeliefTensorFile) two = small_file (2.0f);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  g_assert_true (belief_tensor_file_save (one, other, &error));
  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  g_assert_false (belief_tensor_file_save (two, path, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_IO);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  listing = list_dir_sorted (dir);
  g_assert_cmpstr (listing, ==, "keep.safetensors m.safetensors");
  g_assert_cmpfloat (load_first_value (other), ==, 1.0f);
}

/* An unwritable folder keeps the previous file (skipped where permissions
 * do not bind, e.g. as root). */
static void
test_atomic_readonly_dir (void)
{
  g_autofree char *dir = make_dir ("atomic-readonly");
  g_autofree char *path = g_build_filename (dir, "m.safetensors", NULL);
  g_autofree char *probe = g_build_filename (dir, "probe", NULL);
  g_autoptr(BeliefTensorFile) one = small_file (1.0f);
  g_autoptr(BeliefTensorFile) two = small_file (2.0f);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  g_assert_true (belief_tensor_file_save (one, path, &error));
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  if (g_file_set_contents (probe, "x", 1, NULL))
    {
      g_chmod (dir, 0755);
      g_test_skip ("the folder stays writable (running as root?)");
      return;
    }
  g_assert_false (belief_tensor_file_save (two, path, &error));
  g_chmod (dir, 0755);
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_IO);
  g_assert_cmpfloat (load_first_value (path), ==, 1.0f);
  listing = list_dir_sorted (dir);
  g_assert_cmpstr (listing, ==, "m.safetensors");
}

/* ---- Malformed files ---- */

static void
assert_load_fails (const char *path,
                   int         code,
                   const char *fragment)
{
  g_autoptr(BeliefTensorFile) tf = NULL;
  g_autoptr(GError) error = NULL;

  tf = belief_tensor_file_load (path, &error);
  g_assert_null (tf);
  g_assert_error (error, BELIEF_ERROR, code);
  if (strstr (error->message, fragment) == NULL || strstr (error->message, path) == NULL)
    g_error ("“%s” does not name the file and contain “%s”", error->message, fragment);
}

static void
test_short_file (void)
{
  g_autofree char *dir = make_dir ("short");
  g_autofree char *path = g_build_filename (dir, "short.safetensors", NULL);

  g_file_set_contents (path, "\x10\0\0\0\0", 5, NULL);
  assert_load_fails (path, BELIEF_ERROR_TRUNCATED, "5 bytes long, too short");
  g_file_set_contents (path, "", 0, NULL);
  assert_load_fails (path, BELIEF_ERROR_TRUNCATED, "0 bytes long, too short");
}

static void
test_missing_file (void)
{
  g_autofree char *dir = make_dir ("missing");
  g_autofree char *path = g_build_filename (dir, "nothing.safetensors", NULL);

  assert_load_fails (path, BELIEF_ERROR_IO, "nothing.safetensors");
}

static void
test_header_zero (void)
{
  g_autofree char *dir = make_dir ("header-zero");
  g_autofree char *path = g_build_filename (dir, "h.safetensors", NULL);

  write_raw (path, 0, "{}", 2, 0);
  assert_load_fails (path, BELIEF_ERROR_FORMAT, "header length is 0");
}

static void
test_header_past_end (void)
{
  g_autofree char *dir = make_dir ("header-past-end");
  g_autofree char *path = g_build_filename (dir, "h.safetensors", NULL);

  write_raw (path, 3, "{}", 2, 0);
  assert_load_fails (path, BELIEF_ERROR_TRUNCATED, "runs past the end of the file (10 bytes)");
}

static void
test_header_huge (void)
{
  g_autofree char *dir = make_dir ("header-huge");
  g_autofree char *path = g_build_filename (dir, "h.safetensors", NULL);

  /* a length past the end of a small file: not a model at all */
  write_raw (path, 200 * 1024 * 1024, "{}", 2, 0);
  assert_load_fails (path, BELIEF_ERROR_FORMAT, "not a safetensors model");
  write_raw (path, G_MAXUINT64, "{}", 2, 0);
  assert_load_fails (path, BELIEF_ERROR_FORMAT, "not a safetensors model");
  /* a file long enough for it (sparse, so cheap): over the limit */
  write_raw (path, 200 * 1024 * 1024, "{}", 2, 0);
  g_assert_no_errno (truncate (path, 8 + 200 * 1024 * 1024));
  assert_load_fails (path, BELIEF_ERROR_RANGE, "over the 100 MB limit");
}

typedef struct
{
  const char *test;
  const char *header;
  gsize       data_len;
  int         code;
  const char *fragment;
} BadCase;

#define T(s) "{\"t\":{" s "}}"
#define OK_DTYPE "\"dtype\":\"F32\""

static const BadCase bad_cases[] = {
  { "not-utf8", "{\"\xff\xfe\":{}}", 0, BELIEF_ERROR_FORMAT, "not UTF-8" },
  { "not-json", "{\"t\": ", 0, BELIEF_ERROR_FORMAT, "not valid JSON" },
  { "not-object", "[1, 2]", 0, BELIEF_ERROR_FORMAT, "not a JSON object" },
  { "entry-not-object", "{\"t\": [0, 8]}", 8, BELIEF_ERROR_FORMAT, "tensor t is not an object" },
  { "no-dtype", T ("\"shape\":[2],\"data_offsets\":[0,8]"), 8,
    BELIEF_ERROR_FORMAT, "tensor t has no dtype" },
  { "no-shape", T (OK_DTYPE ",\"data_offsets\":[0,8]"), 8,
    BELIEF_ERROR_FORMAT, "tensor t has no shape" },
  { "no-offsets", T (OK_DTYPE ",\"shape\":[2]"), 8,
    BELIEF_ERROR_FORMAT, "tensor t has no data_offsets" },
  { "dtype-f16", T ("\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]"), 8,
    BELIEF_ERROR_FORMAT, "tensor t has dtype F16; Belief reads F32 only" },
  { "dtype-not-string", T ("\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]"), 8,
    BELIEF_ERROR_FORMAT, "dtype is not a string" },
  { "shape-not-array", T (OK_DTYPE ",\"shape\":2,\"data_offsets\":[0,8]"), 8,
    BELIEF_ERROR_FORMAT, "shape is not an array" },
  { "shape-negative", T (OK_DTYPE ",\"shape\":[-2],\"data_offsets\":[0,8]"), 8,
    BELIEF_ERROR_FORMAT, "shape entry 0 is not a non-negative integer" },
  { "shape-fraction", T (OK_DTYPE ",\"shape\":[1,2.5],\"data_offsets\":[0,8]"), 8,
    BELIEF_ERROR_FORMAT, "shape entry 1 is not a non-negative integer" },
  { "shape-string", T (OK_DTYPE ",\"shape\":[\"2\"],\"data_offsets\":[0,8]"), 8,
    BELIEF_ERROR_FORMAT, "shape entry 0 is not a non-negative integer" },
  { "shape-huge-number", T (OK_DTYPE ",\"shape\":[99999999999999999999],\"data_offsets\":[0,8]"),
    8, BELIEF_ERROR_FORMAT, "shape entry 0 is not a non-negative integer" },
  { "shape-5d", T (OK_DTYPE ",\"shape\":[1,1,1,1,2],\"data_offsets\":[0,8]"), 8,
    BELIEF_ERROR_RANGE, "tensor t has 5 dimensions; Belief reads at most 4" },
  { "shape-overflow",
    T (OK_DTYPE ",\"shape\":[4294967296,4294967296,16],\"data_offsets\":[0,8]"), 8,
    BELIEF_ERROR_RANGE, "the product of its shape overflows" },
  { "offsets-three", T (OK_DTYPE ",\"shape\":[2],\"data_offsets\":[0,4,8]"), 8,
    BELIEF_ERROR_FORMAT, "data_offsets is not two non-negative integers" },
  { "offsets-one", T (OK_DTYPE ",\"shape\":[2],\"data_offsets\":[8]"), 8,
    BELIEF_ERROR_FORMAT, "data_offsets is not two non-negative integers" },
  { "offsets-negative", T (OK_DTYPE ",\"shape\":[2],\"data_offsets\":[-8,0]"), 8,
    BELIEF_ERROR_FORMAT, "data_offsets is not two non-negative integers" },
  { "offsets-fraction", T (OK_DTYPE ",\"shape\":[2],\"data_offsets\":[0,8.0]"), 8,
    BELIEF_ERROR_FORMAT, "data_offsets is not two non-negative integers" },
  { "offsets-object", T (OK_DTYPE ",\"shape\":[2],\"data_offsets\":{}"), 8,
    BELIEF_ERROR_FORMAT, "data_offsets is not two non-negative integers" },
  { "offsets-reversed", T (OK_DTYPE ",\"shape\":[2],\"data_offsets\":[8,0]"), 8,
    BELIEF_ERROR_FORMAT, "data_offsets [8, 0] end before they begin" },
  { "offsets-past-data", T (OK_DTYPE ",\"shape\":[4],\"data_offsets\":[0,16]"), 8,
    BELIEF_ERROR_TRUNCATED, "data_offsets end at 16, past the 8 bytes of data" },
  { "offsets-wrong-length", T (OK_DTYPE ",\"shape\":[3],\"data_offsets\":[0,8]"), 8,
    BELIEF_ERROR_MISMATCH, "span 8 bytes, but its shape holds 3 F32 values (12 bytes)" },
  { "overlap",
    "{\"a\":{" OK_DTYPE ",\"shape\":[2],\"data_offsets\":[0,8]},"
    "\"b\":{" OK_DTYPE ",\"shape\":[2],\"data_offsets\":[4,12]}}", 12,
    BELIEF_ERROR_FORMAT, "tensors a and b overlap" },
  { "same-range",
    "{\"a\":{" OK_DTYPE ",\"shape\":[2],\"data_offsets\":[0,8]},"
    "\"b\":{" OK_DTYPE ",\"shape\":[2],\"data_offsets\":[0,8]}}", 8,
    BELIEF_ERROR_FORMAT, "overlap" },
  { "gap",
    "{\"a\":{" OK_DTYPE ",\"shape\":[2],\"data_offsets\":[0,8]},"
    "\"b\":{" OK_DTYPE ",\"shape\":[2],\"data_offsets\":[12,20]}}", 20,
    BELIEF_ERROR_FORMAT, "a gap of 4 bytes before tensor b belongs to no tensor" },
  { "gap-at-start", T (OK_DTYPE ",\"shape\":[2],\"data_offsets\":[4,12]"), 12,
    BELIEF_ERROR_FORMAT, "a gap of 4 bytes before tensor t" },
  { "trailing-data", T (OK_DTYPE ",\"shape\":[2],\"data_offsets\":[0,8]"), 16,
    BELIEF_ERROR_FORMAT, "the last 8 bytes of data belong to no tensor" },
  { "data-without-tensors", "{}", 4,
    BELIEF_ERROR_FORMAT, "the last 4 bytes of data belong to no tensor" },
  { "metadata-not-object", "{\"__metadata__\":[\"a\",\"b\"]}", 0,
    BELIEF_ERROR_FORMAT, "__metadata__ is not an object" },
  { "metadata-not-strings", "{\"__metadata__\":{\"ok\":\"yes\",\"seed\":42}}", 0,
    BELIEF_ERROR_FORMAT, "__metadata__ entry seed is not a string" },
  { "metadata-null", "{\"__metadata__\":{\"x\":null}}", 0,
    BELIEF_ERROR_FORMAT, "__metadata__ entry x is not a string" },
  /* refused before json-glib, which leaks a node on a second value */
  { "two-values", "{} {}", 0, BELIEF_ERROR_FORMAT, "not valid JSON: more after its object, at byte 3" },
  { "two-objects", "{\"a\":{}}{\"b\":{}}", 0, BELIEF_ERROR_FORMAT, "more after its object" },
  { "comment", "{/* } */}", 0, BELIEF_ERROR_FORMAT, "not valid JSON: '/' at byte 1" },
  { "single-quotes", "{'t':{}}", 0, BELIEF_ERROR_FORMAT, "not valid JSON: ''' at byte 1" },
  { "open-string", "{\"t\":\"}", 0, BELIEF_ERROR_FORMAT, "not valid JSON: it ends inside its object" },
  /* json-glib decodes a lone surrogate escape into bytes that are not UTF-8 */
  { "name-lone-surrogate", "{\"a\\udfffb\":{}}", 0, BELIEF_ERROR_FORMAT,
    "the \\u escape at byte 3 is not a character" },
  { "name-nul", "{\"a\\u0000\":{}}", 0, BELIEF_ERROR_FORMAT, "the \\u escape at byte 3" },
  { "bad-hex", "{\"a\\u12g4\":{}}", 0, BELIEF_ERROR_FORMAT, "the \\u escape at byte 3" },
  { "dtype-lone-surrogate", T ("\"dtype\":\"\\ud83dx\",\"shape\":[1],\"data_offsets\":[0,4]"), 4,
    BELIEF_ERROR_FORMAT, "is not a character (NUL, or half a surrogate pair)" },
};

static void
test_bad_case (gconstpointer data)
{
  const BadCase *c = data;
  g_autofree char *dir = make_dir (c->test);
  g_autofree char *path = g_build_filename (dir, "bad.safetensors", NULL);

  write_raw (path, strlen (c->header), c->header, strlen (c->header), c->data_len);
  assert_load_fails (path, c->code, c->fragment);
}

/* The same headers with their faults fixed load, so each case above fails
 * for its own reason. */
static void
test_good_controls (void)
{
  g_autofree char *dir = make_dir ("controls");
  g_autofree char *path = g_build_filename (dir, "good.safetensors", NULL);
  const char *good[] = {
    T (OK_DTYPE ",\"shape\":[2],\"data_offsets\":[0,8]"),
    T (OK_DTYPE ",\"shape\":[2,0],\"data_offsets\":[0,0]"),
    "{\"__metadata__\":{}}",
    "{}",
    " \n{}\t\r\n ",
    "{\"__metadata__\":{\"k\":\"}\\\"{ /*\"}}",  /* braces, quote, slash in a string */
    "{\"__metadata__\":{\"\\ud83d\\ude00\":\"\\u00e9\\\\u\"}}",  /* a pair, an escaped backslash */
  };
  const gsize data_len[] = { 8, 0, 0, 0, 0, 0, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(BeliefTensorFile) tf = NULL;
      g_autoptr(GError) error = NULL;

      write_raw (path, strlen (good[i]), good[i], strlen (good[i]), data_len[i]);
      tf = belief_tensor_file_load (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (tf);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  test_root = g_dir_make_tmp ("belief-test-safetensors-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/safetensors/round-trip", test_round_trip);
  g_test_add_func ("/safetensors/bytes", test_bytes);
  g_test_add_func ("/safetensors/foreign-encoder", test_foreign);
  g_test_add_func ("/safetensors/atomic/no-leftovers", test_atomic_no_leftovers);
  g_test_add_func ("/safetensors/atomic/missing-parent", test_atomic_missing_parent);
  g_test_add_func ("/safetensors/atomic/target-is-dir", test_atomic_target_is_dir);
  g_test_add_func ("/safetensors/atomic/readonly-dir", test_atomic_readonly_dir);
  g_test_add_func ("/safetensors/bad/missing-file", test_missing_file);
  g_test_add_func ("/safetensors/bad/short-file", test_short_file);
  g_test_add_func ("/safetensors/bad/header-zero", test_header_zero);
  g_test_add_func ("/safetensors/bad/header-past-end", test_header_past_end);
  g_test_add_func ("/safetensors/bad/header-huge", test_header_huge);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strconcat ("/safetensors/bad/", bad_cases[i].test, NULL);

      g_test_add_data_func (name, &bad_cases[i], test_bad_case);
    }
  g_test_add_func ("/safetensors/bad/controls", test_good_controls);

  status = g_test_run ();
  remove_tree (test_root);
  g_free (test_root);
  return status;
}
