/* test-idx.c: IDX round trips and every way a file can be malformed. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "belief-error.h"
#include "belief-idx.h"

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* Writes LEN bytes to NAME in the temp dir; returns the path. */
static char *
put_file (const char *name,
          const void *data,
          gsize       len)
{
  char *path = tmp_path (name);

  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  return path;
}

/* gzip of DATA, by a route independent of belief_idx_write. */
static GBytes *
gzip_bytes (const void *data,
            gsize       len)
{
  g_autoptr(GZlibCompressor) gz = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (mem, G_CONVERTER (gz));

  g_assert_true (g_output_stream_write_all (out, data, len, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

static char *
put_gzip_file (const char *name,
               const void *data,
               gsize       len)
{
  g_autoptr(GBytes) gz = gzip_bytes (data, len);

  return put_file (name, g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));
}

/* A 3-D IDX image of 2x3x4 bytes 0..23, plus EXTRA bytes; *len set. */
static guint8 *
make_idx (gsize   extra,
          gsize  *len)
{
  static const guint8 head[] = { 0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4 };
  guint8 *buf = g_malloc0 (sizeof head + 24 + extra);

  memcpy (buf, head, sizeof head);
  for (int i = 0; i < 24; i++)
    buf[sizeof head + i] = (guint8) i;
  *len = sizeof head + 24 + extra;
  return buf;
}

static void
expect_error (const char *path,
              gsize       max_bytes,
              int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefIdx) idx = belief_idx_read (path, max_bytes, &error);
  g_autofree char *name = g_path_get_basename (path);

  g_assert_null (idx);
  g_assert_error (error, BELIEF_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, name));
}

static void
round_trip (const char *name,
            guint       n_dims,
            const guint32 *dims)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefIdx) idx = NULL;
  g_autofree guint8 *data = NULL;
  gsize n = 1;

  for (guint i = 0; i < n_dims; i++)
    n *= dims[i];
  data = g_malloc (n + 1);
  for (gsize i = 0; i < n; i++)
    data[i] = (guint8) (i * 37 + 11);
  g_assert_true (belief_idx_write (path, n_dims, dims, data, &error));
  g_assert_no_error (error);

  idx = belief_idx_read (path, G_MAXSIZE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (idx);
  g_assert_cmpuint (idx->n_dims, ==, n_dims);
  for (guint i = 0; i < n_dims; i++)
    g_assert_cmpuint (idx->dims[i], ==, dims[i]);
  g_assert_cmpmem (idx->data, idx->n_bytes, data, n);
}

static void
test_round_trip_raw (void)
{
  const guint32 images[3] = { 5, 7, 3 }, labels[1] = { 9 }, four[4] = { 2, 3, 4, 5 };
  const guint32 empty[3] = { 0, 28, 28 };
  g_autofree char *path = tmp_path ("raw-idx3-ubyte");
  g_autofree char *contents = NULL;
  gsize len = 0;

  round_trip ("raw-idx3-ubyte", 3, images);
  round_trip ("raw-idx1-ubyte", 1, labels);
  round_trip ("raw-4d", 4, four);
  round_trip ("raw-empty", 3, empty);

  /* The raw bytes are exactly the format: magic, big-endian dims, data. */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, 16 + 5 * 7 * 3);
  g_assert_cmpmem (contents, 16, "\0\0\x08\x03\0\0\0\x05\0\0\0\x07\0\0\0\x03", 16);
}

static void
test_round_trip_gz (void)
{
  const guint32 images[3] = { 50, 28, 28 }, labels[1] = { 50 };
  g_autofree char *path = tmp_path ("gz-idx3-ubyte.gz");
  g_autofree char *contents = NULL;
  gsize len = 0;

  round_trip ("gz-idx3-ubyte.gz", 3, images);
  round_trip ("gz-idx1-ubyte.gz", 1, labels);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 10);
  g_assert_cmpuint ((guint8) contents[0], ==, 0x1f);
  g_assert_cmpuint ((guint8) contents[1], ==, 0x8b);
}

static void
test_gz_deterministic (void)
{
  const guint32 dims[3] = { 20, 28, 28 };
  g_autofree guint8 *data = g_malloc (20 * 28 * 28);
  g_autofree char *a = tmp_path ("a.gz"), *b = tmp_path ("b.gz");
  g_autofree char *ca = NULL, *cb = NULL;
  gsize la = 0, lb = 0;

  for (int i = 0; i < 20 * 28 * 28; i++)
    data[i] = (guint8) ((i * i) >> 3);
  g_assert_true (belief_idx_write (a, 3, dims, data, NULL));
  g_usleep (1100 * 1000);  /* a timestamp in the header would now differ */
  g_assert_true (belief_idx_write (b, 3, dims, data, NULL));
  g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
  g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
  g_assert_cmpmem (ca, la, cb, lb);
  g_assert_cmpmem (ca + 4, 4, "\0\0\0\0", 4);  /* gzip MTIME */
  g_assert_cmpuint ((guint8) ca[3] & 0x08, ==, 0);  /* no FNAME */
}

static void
test_missing (void)
{
  g_autofree char *path = tmp_path ("no-such-idx3-ubyte");

  expect_error (path, G_MAXSIZE, BELIEF_ERROR_IO);
}

static void
test_directory (void)
{
  g_autofree char *path = tmp_path ("a-folder");

  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  expect_error (path, G_MAXSIZE, BELIEF_ERROR_IO);
}

static void
test_empty (void)
{
  g_autofree char *path = put_file ("empty-idx3-ubyte", "", 0);

  expect_error (path, G_MAXSIZE, BELIEF_ERROR_TRUNCATED);
}

static void
test_wrong_magic (void)
{
  g_autofree char *path = put_file ("magic-idx1-ubyte", "\x01\x02\x08\x01\0\0\0\x01\x07", 9);
  g_autofree char *text = put_file ("text-idx1-ubyte", "hello, world\n", 13);

  expect_error (path, G_MAXSIZE, BELIEF_ERROR_FORMAT);
  expect_error (text, G_MAXSIZE, BELIEF_ERROR_FORMAT);
}

static void
test_bad_type (void)
{
  g_autofree char *path = put_file ("float-idx1-ubyte", "\0\0\x0d\x01\0\0\0\x01\0\0\0\0", 12);

  expect_error (path, G_MAXSIZE, BELIEF_ERROR_FORMAT);
}

static void
test_bad_ndim (void)
{
  g_autofree char *zero = put_file ("ndim0-idx", "\0\0\x08\x00\0\0\0\x01\x07", 9);
  g_autofree char *five = put_file ("ndim5-idx", "\0\0\x08\x05\0\0\0\x01\0\0\0\x01\0\0\0\x01"
                                    "\0\0\0\x01\0\0\0\x01\x07", 25);

  expect_error (zero, G_MAXSIZE, BELIEF_ERROR_FORMAT);
  expect_error (five, G_MAXSIZE, BELIEF_ERROR_FORMAT);
}

static void
test_truncated_header (void)
{
  g_autofree char *dims = put_file ("short-dims-idx3-ubyte", "\0\0\x08\x03\0\0\0\x05\0\0", 10);
  g_autofree char *magic = put_file ("short-magic-idx3-ubyte", "\0\0", 2);

  expect_error (dims, G_MAXSIZE, BELIEF_ERROR_TRUNCATED);
  expect_error (magic, G_MAXSIZE, BELIEF_ERROR_TRUNCATED);
}

static void
test_truncated_data (void)
{
  gsize len = 0;
  g_autofree guint8 *buf = make_idx (0, &len);
  g_autofree char *raw = put_file ("cut-idx3-ubyte", buf, len - 5);
  g_autofree char *gz = put_gzip_file ("cut-idx3-ubyte.gz", buf, len - 5);
  g_autofree char *whole = put_gzip_file ("whole-idx3-ubyte.gz", buf, len);
  g_autoptr(BeliefIdx) idx = belief_idx_read (whole, G_MAXSIZE, NULL);

  g_assert_nonnull (idx);  /* the same bytes uncut are fine */
  expect_error (raw, G_MAXSIZE, BELIEF_ERROR_TRUNCATED);
  expect_error (gz, G_MAXSIZE, BELIEF_ERROR_TRUNCATED);
}

static void
test_trailing_bytes (void)
{
  gsize len = 0;
  g_autofree guint8 *buf = make_idx (3, &len);
  g_autofree char *raw = put_file ("long-idx3-ubyte", buf, len);
  g_autofree char *gz = put_gzip_file ("long-idx3-ubyte.gz", buf, len);

  expect_error (raw, G_MAXSIZE, BELIEF_ERROR_FORMAT);
  expect_error (gz, G_MAXSIZE, BELIEF_ERROR_FORMAT);
}

static void
test_data_after_gzip_stream (void)
{
  gsize len = 0;
  g_autofree guint8 *buf = make_idx (0, &len);
  g_autoptr(GBytes) gz = gzip_bytes (buf, len);
  g_autoptr(GByteArray) both = g_byte_array_new ();
  g_autofree char *path = NULL;

  g_byte_array_append (both, g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));
  g_byte_array_append (both, (const guint8 *) "junk", 4);
  path = put_file ("junk-idx3-ubyte.gz", both->data, both->len);
  expect_error (path, G_MAXSIZE, BELIEF_ERROR_FORMAT);
}

static void
test_dims_overflow (void)
{
  static const guint8 head[] = { 0, 0, 8, 3, 0xff, 0xff, 0xff, 0xff,
                                 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3 };
  g_autofree char *raw = put_file ("huge-idx3-ubyte", head, sizeof head);
  g_autofree char *gz = put_gzip_file ("huge-idx3-ubyte.gz", head, sizeof head);

  expect_error (raw, G_MAXSIZE, BELIEF_ERROR_RANGE);
  expect_error (gz, G_MAXSIZE, BELIEF_ERROR_RANGE);
}

static void
test_over_max_bytes (void)
{
  gsize len = 0;
  g_autofree guint8 *buf = make_idx (0, &len);
  g_autofree char *path = put_gzip_file ("big-idx3-ubyte.gz", buf, len);
  g_autoptr(BeliefIdx) idx = belief_idx_read (path, 24, NULL);

  g_assert_nonnull (idx);  /* exactly at the limit is fine */
  expect_error (path, 23, BELIEF_ERROR_RANGE);
}

static void
test_corrupt_gzip (void)
{
  static const guint8 junk[] = { 0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3,
                                 0xde, 0xad, 0xbe, 0xef, 0xff, 0xfe, 0x12, 0x34, 0x56, 0x78 };
  g_autofree char *path = put_file ("junk-idx1-ubyte.gz", junk, sizeof junk);
  g_autofree char *magic_only = put_file ("magic-only.gz", junk, 2);

  expect_error (path, G_MAXSIZE, BELIEF_ERROR_FORMAT);
  expect_error (magic_only, G_MAXSIZE, BELIEF_ERROR_TRUNCATED);
}

static void
test_gzip_cut_mid_stream (void)
{
  const guint32 dims[3] = { 10, 28, 28 };
  g_autofree guint8 *data = g_malloc (10 * 28 * 28);
  g_autofree char *whole = tmp_path ("whole.gz");
  g_autofree char *contents = NULL;
  g_autofree char *cut = NULL, *no_trailer = NULL;
  gsize len = 0;

  for (int i = 0; i < 10 * 28 * 28; i++)
    data[i] = (guint8) g_test_rand_int ();
  g_assert_true (belief_idx_write (whole, 3, dims, data, NULL));
  g_assert_true (g_file_get_contents (whole, &contents, &len, NULL));
  cut = put_file ("cut-mid.gz", contents, len / 2);
  no_trailer = put_file ("no-trailer.gz", contents, len - 4);  /* all data, no ISIZE */
  expect_error (cut, G_MAXSIZE, BELIEF_ERROR_TRUNCATED);
  expect_error (no_trailer, G_MAXSIZE, BELIEF_ERROR_TRUNCATED);
}

/* belief_idx_parse on a file's bytes gives what belief_idx_read gives, and
 * its messages start with the name it is given. */
static void
test_parse_bytes (void)
{
  gsize len = 0;
  g_autofree guint8 *buf = make_idx (0, &len);
  g_autoptr(GBytes) gz = gzip_bytes (buf, len);
  g_autoptr(BeliefIdx) raw = belief_idx_parse (buf, len, "raw", G_MAXSIZE, NULL);
  g_autoptr(BeliefIdx) inflated = belief_idx_parse (g_bytes_get_data (gz, NULL),
                                                    g_bytes_get_size (gz), "gz", G_MAXSIZE, NULL);
  g_autoptr(BeliefIdx) cut = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (raw);
  g_assert_nonnull (inflated);
  g_assert_cmpuint (raw->n_dims, ==, 3);
  g_assert_cmpuint (inflated->n_dims, ==, 3);
  g_assert_cmpmem (raw->dims, sizeof raw->dims, inflated->dims, sizeof inflated->dims);
  g_assert_cmpmem (raw->data, raw->n_bytes, buf + 16, 24);
  g_assert_cmpmem (inflated->data, inflated->n_bytes, buf + 16, 24);

  cut = belief_idx_parse (buf, len - 1, "some-name", G_MAXSIZE, &error);
  g_assert_null (cut);
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED);
  g_assert_true (g_str_has_prefix (error->message, "some-name: truncated"));
}

/* A header that claims far more than the file holds fails as truncated and
 * says how much the file does hold (found without allocating the claim). */
static void
test_claims_more_than_held (void)
{
  static const guint8 mnist[] = { 0, 0, 8, 3, 0, 0, 0xea, 0x60, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3, 4 };
  const gsize zeros = 3000000;  /* more than the first gzip buffer (1 MiB) */
  g_autofree guint8 *bomb = g_malloc0 (16 + zeros);
  g_autofree char *raw = put_file ("claims-idx3-ubyte", mnist, sizeof mnist);
  g_autofree char *gz = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefIdx) idx = NULL;

  /* 100 images of 1000x1000 claimed, 3 of them there */
  memcpy (bomb, "\0\0\x08\x03\0\0\0\x64\0\0\x03\xe8\0\0\x03\xe8", 16);
  gz = put_gzip_file ("claims-idx3-ubyte.gz", bomb, 16 + zeros);

  idx = belief_idx_read (raw, G_MAXSIZE, &error);
  g_assert_null (idx);
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, "60000 images of 28x28 (47040000 bytes) but the file holds 4;"));
  g_clear_error (&error);

  idx = belief_idx_read (gz, G_MAXSIZE, &error);
  g_assert_null (idx);
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, "(100000000 bytes) but the file holds 3000000;"));
}

/* gzip data larger than the first buffer arrives whole as the buffer grows. */
static void
test_gz_larger_than_first_buffer (void)
{
  const guint32 dims[3] = { 3, 1000, 1001 };

  round_trip ("grow-idx3-ubyte.gz", 3, dims);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("test-idx-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/idx/round-trip/raw", test_round_trip_raw);
  g_test_add_func ("/idx/round-trip/gz", test_round_trip_gz);
  g_test_add_func ("/idx/round-trip/gz-deterministic", test_gz_deterministic);
  g_test_add_func ("/idx/error/missing", test_missing);
  g_test_add_func ("/idx/error/directory", test_directory);
  g_test_add_func ("/idx/error/empty", test_empty);
  g_test_add_func ("/idx/error/wrong-magic", test_wrong_magic);
  g_test_add_func ("/idx/error/bad-type", test_bad_type);
  g_test_add_func ("/idx/error/bad-ndim", test_bad_ndim);
  g_test_add_func ("/idx/error/truncated-header", test_truncated_header);
  g_test_add_func ("/idx/error/truncated-data", test_truncated_data);
  g_test_add_func ("/idx/error/trailing-bytes", test_trailing_bytes);
  g_test_add_func ("/idx/error/data-after-gzip-stream", test_data_after_gzip_stream);
  g_test_add_func ("/idx/error/dims-overflow", test_dims_overflow);
  g_test_add_func ("/idx/error/over-max-bytes", test_over_max_bytes);
  g_test_add_func ("/idx/error/corrupt-gzip", test_corrupt_gzip);
  g_test_add_func ("/idx/error/gzip-cut-mid-stream", test_gzip_cut_mid_stream);
  g_test_add_func ("/idx/error/claims-more-than-held", test_claims_more_than_held);
  g_test_add_func ("/idx/parse/bytes", test_parse_bytes);
  g_test_add_func ("/idx/round-trip/gz-larger-than-first-buffer", test_gz_larger_than_first_buffer);

  ret = g_test_run ();
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
