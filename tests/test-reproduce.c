/* test-reproduce.c: `belief-cli reproduce --quick` writes every figure, its
 * data and an index that links them.
 *
 * The expected files, columns and row counts are this test's own statement
 * of what --quick runs (2,000 training images in minibatches of 20, so 100
 * per epoch; RBMs for 5 epochs, drawn as means of 2 minibatches; DBN layers
 * for 3, 3 and 5 epochs; 6 accuracy points; 2 fine-tuning epochs; 3 samples
 * of each of 10 labels shown; 9 hidden fractions for 3 mask kinds),
 * not read from the code under test. */
#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define QUICK_POINTS (2000 / 20 * 5 / 2)  /* 5 epochs of 100 minibatches, by 2 */
#define PIXEL_COLUMNS    (2 + 28 * 28)

typedef struct
{
  const char *id;
  const char *header;   /* charts: the exact header; NULL: an image grid */
  int         rows;
  double      lo, hi;   /* range of the y column (charts) */
} Expected;

static const Expected expected[] = {
  { "e1-loss-by-hidden-units", "series,iteration,loss", 4 * QUICK_POINTS, 0, 1 },
  { "e1-final-loss", "series,hidden_units,loss", 2 * 4, 0, 1 },
  { "e2-weight-stability", "series,iteration,stable_percent", 4 * QUICK_POINTS, 0, 100 },
  { "e3-layer-loss", "series,epoch,loss", 3 + 3 + 5, 0, 1 },
  { "e4-accuracy", "series,iteration,accuracy_percent", 4 * 6, 0, 100 },
  { "e5-fields-early", NULL, 25, 0, 0 },
  { "e5-fields-late", NULL, 25, 0, 0 },
  { "e5-fields-divided", NULL, 25, 0, 0 },
  { "e6-generated", NULL, 30, 0, 0 },
  { "e6-generated-tuned", NULL, 30, 0, 0 },
  { "e7-validation-accuracy", "series,epoch,accuracy_percent", 5 * 3, 0, 100 },
  { "e7-gibbs-accuracy", "series,epoch,accuracy_percent", 5 * 3, 0, 100 },
  { "e7-fidelity", "series,epoch,fidelity_percent", 5 * 3, 0, 100 },
  { "e7-generated-recognition", NULL, 30, 0, 0 },
  { "e7-generated-generation", NULL, 30, 0, 0 },
  { "e7-generated-default", NULL, 30, 0, 0 },
  { "e7-generated-tuned", NULL, 30, 0, 0 },
  { "e7-generated-discriminative", NULL, 30, 0, 0 },
  { "e8-validation-accuracy", "series,epoch,accuracy_percent", 2 * 3, 0, 100 },
  { "e8-fidelity", "series,epoch,fidelity_percent", 2 * 3, 0, 100 },
  { "e8-generated-large", NULL, 30, 0, 0 },
  { "e8-generated-small", NULL, 30, 0, 0 },
  { "e9-recovery-error", "series,hidden_percent,mse", 3 * 9, 0, 1 },
  { "e9-against-baseline", "series,hidden_percent,relative_percent", 3 * 9, 0, 1000 },
  { "e9-examples", NULL, 27, 0, 0 },
};

static char *out_dir;

/* Splits one CSV line, honouring double quotes. */
static GPtrArray *
split_csv_line (const char *line)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *cur = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; *p; p++)
    {
      if (quoted && *p == '"' && p[1] == '"')
        {
          g_string_append_c (cur, '"');
          p++;
        }
      else if (*p == '"')
        quoted = !quoted;
      else if (*p == ',' && !quoted)
        {
          g_ptr_array_add (fields, g_strdup (cur->str));
          g_string_truncate (cur, 0);
        }
      else
        g_string_append_c (cur, *p);
    }
  g_ptr_array_add (fields, g_string_free (cur, FALSE));
  return fields;
}

static double
parse_number (const char *text)
{
  char *end = NULL;
  double v;

  if (g_strcmp0 (text, "nan") == 0)
    return NAN;
  v = g_ascii_strtod (text, &end);
  g_assert_true (end != text && *end == '\0');
  return v;
}

static void
check_csv (const Expected *e)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.csv", out_dir, e->id);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  int n_lines;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  n_lines = (int) g_strv_length (lines);
  if (n_lines > 0 && lines[n_lines - 1][0] == '\0')
    n_lines--;
  g_test_message ("%s: %d rows", e->id, n_lines - 1);
  g_assert_cmpint (n_lines - 1, ==, e->rows);
  if (e->header != NULL)
    {
      g_assert_cmpstr (lines[0], ==, e->header);
      for (int i = 1; i < n_lines; i++)
        {
          g_autoptr(GPtrArray) f = split_csv_line (lines[i]);
          double x, y;

          g_assert_cmpuint (f->len, ==, 3);
          g_assert_cmpstr (g_ptr_array_index (f, 0), !=, "");
          x = parse_number (g_ptr_array_index (f, 1));
          y = parse_number (g_ptr_array_index (f, 2));
          g_assert_true (isfinite (x));
          g_assert_true (isfinite (y));
          g_assert_cmpfloat (y, >=, e->lo);
          g_assert_cmpfloat (y, <=, e->hi);
        }
    }
  else
    {
      g_autoptr(GPtrArray) head = split_csv_line (lines[0]);

      g_assert_cmpuint (head->len, ==, PIXEL_COLUMNS);
      g_assert_cmpstr (g_ptr_array_index (head, 0), ==, "image");
      g_assert_cmpstr (g_ptr_array_index (head, 1), ==, "caption");
      g_assert_cmpstr (g_ptr_array_index (head, 2), ==, "p0");
      for (int i = 1; i < n_lines; i++)
        {
          g_autoptr(GPtrArray) f = split_csv_line (lines[i]);

          g_assert_cmpuint (f->len, ==, PIXEL_COLUMNS);
          g_assert_cmpint ((int) parse_number (g_ptr_array_index (f, 0)), ==, i - 1);
          for (guint k = 2; k < f->len; k++)
            g_assert_true (isfinite (parse_number (g_ptr_array_index (f, k))));
        }
    }
}

static void
check_pictures (const Expected *e)
{
  g_autofree char *png = g_strdup_printf ("%s/%s.png", out_dir, e->id);
  g_autofree char *svg = g_strdup_printf ("%s/%s.svg", out_dir, e->id);
  g_autofree char *text = NULL;
  cairo_surface_t *surface = cairo_image_surface_create_from_png (png);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), >=, 200);
  g_assert_cmpint (cairo_image_surface_get_height (surface), >=, 150);
  cairo_surface_destroy (surface);
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<svg"));
}

static void
test_files (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      check_csv (&expected[i]);
      check_pictures (&expected[i]);
    }
}

static void
test_index (void)
{
  g_autofree char *path = g_build_filename (out_dir, "index.html", NULL);
  g_autofree char *html = NULL;

  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *png = g_strdup_printf ("src=\"%s.png\"", expected[i].id);
      g_autofree char *svg = g_strdup_printf ("href=\"%s.svg\"", expected[i].id);
      g_autofree char *csv = g_strdup_printf ("href=\"%s.csv\"", expected[i].id);

      g_assert_nonnull (strstr (html, png));
      g_assert_nonnull (strstr (html, svg));
      g_assert_nonnull (strstr (html, csv));
    }
  g_assert_nonnull (strstr (html, "Weight stability"));
  g_assert_nonnull (strstr (html, "Image recovery"));
}

static void
test_results_json (void)
{
  g_autofree char *path = g_build_filename (out_dir, "results.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *sets;
  guint n_figures = 0;

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  sets = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (sets), ==, 9);
  for (guint i = 0; i < 9; i++)
    {
      JsonObject *set = json_array_get_object_element (sets, i);

      g_assert_cmpint (json_object_get_int_member (set, "number"), ==, i + 1);
      g_assert_cmpfloat (json_object_get_double_member (set, "seconds"), >=, 0.0);
      g_assert_true (json_object_has_member (set, "measures"));
      n_figures += json_array_get_length (json_object_get_array_member (set, "figures"));
      g_assert_cmpstr (json_object_get_string_member (set, "summary"), !=, "");
    }
  g_assert_cmpuint (n_figures, ==, G_N_ELEMENTS (expected));
}

int
main (int argc, char **argv)
{
  const char *cli = g_getenv ("BELIEF_CLI");
  g_autofree char *data = NULL, *train = NULL, *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0, result;

  g_test_init (&argc, &argv, NULL);
  data = g_strdup (g_getenv ("BELIEF_DATA_DIR"));
  if (data == NULL)
    data = g_build_filename (g_get_user_data_dir (), "belief", "mnist", NULL);
  train = g_build_filename (data, "train-images-idx3-ubyte.gz", NULL);
  if (cli == NULL || !g_file_test (train, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no converted digits (run ./run.sh --setup-only) or no BELIEF_CLI");
      return g_test_run ();
    }
  out_dir = g_dir_make_tmp ("belief-reproduce-XXXXXX", &error);
  g_assert_no_error (error);
  {
    const char *args[] = { cli, "reproduce", "--quick", "--seed", "3", "--data", data,
                           "--out", out_dir, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_no_error (error);
    {
      g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

      for (int i = 0; lines[i] != NULL; i++)
        if (lines[i][0] != '\0')
          g_print ("# %s\n", lines[i]);
    }
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("belief-cli reproduce failed: %s", err);
  }
  g_test_add_func ("/reproduce/files", test_files);
  g_test_add_func ("/reproduce/index", test_index);
  g_test_add_func ("/reproduce/results-json", test_results_json);
  result = g_test_run ();
  if (result == 0)
    {
      g_autoptr(GDir) dir = g_dir_open (out_dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *p = g_build_filename (out_dir, name, NULL);

          g_unlink (p);
        }
      g_rmdir (out_dir);
    }
  return result;
}
