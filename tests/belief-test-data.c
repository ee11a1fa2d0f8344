/* belief-test-data.c: small synthetic data sets for the tests. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "belief-rng.h"
#include "belief-test-data.h"

BeliefDataset *
belief_test_dataset_new (guint       n,
                         guint       rows,
                         guint       cols,
                         guint       n_classes,
                         const char *source)
{
  BeliefDataset *ds = g_new0 (BeliefDataset, 1);

  ds->n = n;
  ds->rows = rows;
  ds->cols = cols;
  ds->dim = rows * cols;
  ds->n_classes = n_classes;
  ds->images = g_new0 (guint8, (gsize) n * ds->dim);
  ds->labels = g_new0 (guint8, n);
  ds->source = g_strdup (source);
  return ds;
}

BeliefDataset *
belief_test_make_bars (guint   n,
                       guint64 seed)
{
  enum { SIDE = BELIEF_TEST_BARS_SIDE };
  BeliefDataset *ds = belief_test_dataset_new (n, SIDE, SIDE, 4, "bars");
  BeliefRng rng;

  belief_rng_init (&rng, seed);
  for (guint i = 0; i < n; i++)
    {
      int label = (int) (i % 4);
      int where = label % 2 == 0 ? SIDE / 4 : 3 * SIDE / 4;

      ds->labels[i] = (guint8) label;
      for (int p = 0; p < SIDE * SIDE; p++)
        {
          int r = p / SIDE, c = p % SIDE;
          gboolean on = label < 2 ? ABS (r - where) <= 1 : ABS (c - where) <= 1;

          if (belief_rng_uniform (&rng) < 0.05)
            on = !on;
          ds->images[(gsize) i * ds->dim + p] = on ? 255 : 0;
        }
    }
  return ds;
}

BeliefDataset *
belief_test_make_digits (guint       n,
                         guint64     seed,
                         double      noise,
                         const char *source)
{
  enum { SIDE = BELIEF_TEST_DIGITS_SIDE };
  BeliefDataset *ds = belief_test_dataset_new (n, SIDE, SIDE, 10, source);
  BeliefRng rng;

  belief_rng_init (&rng, seed);
  for (guint i = 0; i < n; i++)
    {
      int label = (int) (i % 10);
      double angle = G_PI * label / 10.0;

      ds->labels[i] = (guint8) label;
      for (int p = 0; p < SIDE * SIDE; p++)
        {
          double x = p % SIDE - 13.5, y = p / SIDE - 13.5;
          double d = fabs (x * sin (angle) - y * cos (angle));
          gboolean on = d < 1.5 && hypot (x, y) < 10.0;

          if (noise > 0.0 && belief_rng_uniform (&rng) < noise)
            on = !on;
          ds->images[(gsize) i * ds->dim + p] = on ? 255 : 0;
        }
    }
  return ds;
}

void
belief_test_tar_add (GByteArray *tar,
                     const char *name,
                     char        type,
                     const void *data,
                     gsize       len)
{
  static const guint8 zero[512];
  guint8 h[512] = { 0 };
  guint sum = 0;

  g_strlcpy ((char *) h, name, 100);
  g_snprintf ((char *) h + 100, 8, "%07o", type == '5' ? 0755 : 0644);
  g_snprintf ((char *) h + 108, 8, "%07o", 1000);
  g_snprintf ((char *) h + 116, 8, "%07o", 1000);
  g_snprintf ((char *) h + 124, 12, "%011" G_GINT64_MODIFIER "o", (guint64) len);
  g_snprintf ((char *) h + 136, 12, "%011o", 1500000000);
  memset (h + 148, ' ', 8);
  h[156] = (guint8) type;
  memcpy (h + 257, "ustar\0" "00", 8);
  for (int i = 0; i < 512; i++)
    sum += h[i];
  g_snprintf ((char *) h + 148, 8, "%06o", sum);
  g_byte_array_append (tar, h, 512);
  if (len > 0)
    g_byte_array_append (tar, data, (guint) len);
  g_byte_array_append (tar, zero, (guint) ((512 - len % 512) % 512));
}

void
belief_test_tar_end (GByteArray *tar)
{
  static const guint8 zero[1024];

  g_byte_array_append (tar, zero, sizeof zero);
}

GBytes *
belief_test_gzip (const void *data,
                  gsize       len)
{
  g_autoptr(GZlibCompressor) gz = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (mem, G_CONVERTER (gz));

  g_assert_true (g_output_stream_write_all (out, data, len, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

void
belief_test_remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          belief_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}
