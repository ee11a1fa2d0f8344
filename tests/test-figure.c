/* test-figure.c: figure data, its CSV, its pictures and its files.
 *
 * The CSV is read back with a small parser of its own here; copies are
 * changed to show they share nothing; pictures are drawn into ARGB32 image
 * surfaces and judged by their pixels (ink where an all-ones digit is, red
 * and blue tiles for +1 and -1 weights, a title band); the files of a set
 * are written into a temporary folder and read back (PNG size, SVG, CSV,
 * index.html, results.json with json-glib).
 *
 * With BELIEF_FIGURE_OUT set to a folder, /figure/showcase writes a chart,
 * a digits grid and a weights grid there (PNG, SVG, CSV, index.html) for a
 * human to look at.
 */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "belief-error.h"
#include "belief-figure-files.h"
#include "belief-figure-render.h"
#include "belief-figure.h"
#include "belief-render-file.h"

/* ---------------------------------------------------------------------- */
/* A CSV reader: RFC 4180 quoting, rows of fields                          */

static void
free_row (gpointer row)
{
  g_ptr_array_unref (row);
}

/* Rows (GPtrArray of char *) of text; every line ends with '\n'. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (free_row);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, '"'), p++;
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        {
          g_assert_cmpuint (field->len, ==, 0);   /* quotes only around a field */
          quoted = TRUE;
        }
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (*p == '\n')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
      else
        g_string_append_c (field, *p);
    }
  g_assert_false (quoted);
  g_assert_cmpuint (field->len, ==, 0);       /* the last line ended */
  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (field, TRUE);
  return rows;
}

static const char *
cell (GPtrArray *rows, guint r, guint c)
{
  GPtrArray *row;

  g_assert_cmpuint (r, <, rows->len);
  row = g_ptr_array_index (rows, r);
  g_assert_cmpuint (c, <, row->len);
  return g_ptr_array_index (row, c);
}

static double
cell_number (GPtrArray *rows, guint r, guint c)
{
  const char *s = cell (rows, r, c);
  char *end;
  double v;

  if (strcmp (s, "nan") == 0)
    return NAN;
  v = g_ascii_strtod (s, &end);
  g_assert_true (end != s && *end == '\0');
  return v;
}

/* ---------------------------------------------------------------------- */
/* Figures for the tests                                                   */

static const char weird_name[] = "test, \"held out\"";
/* Values with at most 9 significant digits: the CSV (%.9g) keeps them exactly. */
static const double train_loss[5] = { 0.5, 0.25, 0.125, 0.1, 0.0625 };

static BeliefFigure *
make_chart (void)
{
  BeliefFigure *fig = belief_figure_new_chart ("e1-loss", "Loss <by> iteration & size",
                                               "iteration", "iteration",
                                               "loss (MSE)", "loss");

  belief_figure_set_caption (fig, "Reconstruction loss of two runs.");
  for (int i = 0; i < 5; i++)
    belief_figure_add_point (fig, "train", i * 100, train_loss[i]);
  belief_figure_series (fig, weird_name)->markers = TRUE;
  belief_figure_add_point (fig, weird_name, 0, 0.75);
  belief_figure_add_point (fig, weird_name, 250, 1.25e-3);
  belief_figure_add_point (fig, weird_name, 400, NAN);
  return fig;
}

/* count images of rows x cols, image i all (i % 2 ? -1 : 1) * scale. */
static BeliefFigure *
make_images (BeliefImagesStyle style, int count, int rows, int cols, int grid_cols, float scale)
{
  BeliefFigure *fig = belief_figure_new_images (style == BELIEF_IMAGES_DIGITS ? "e1-digits" : "e1-weights",
                                                style == BELIEF_IMAGES_DIGITS ? "Digits" : "Weights",
                                                style, rows, cols, grid_cols);
  g_autofree float *px = g_new (float, rows * cols);

  for (int i = 0; i < count; i++)
    {
      g_autofree char *caption = g_strdup_printf ("%d, \"%d\"", i, i);

      for (int p = 0; p < rows * cols; p++)
        px[p] = (i % 2 ? -1.0f : 1.0f) * scale;
      belief_figure_add_image (fig, px, i == 1 ? NULL : caption);
    }
  return fig;
}

/* ---------------------------------------------------------------------- */
/* Data                                                                    */

static void
test_csv_chart (void)
{
  g_autoptr(BeliefFigure) fig = make_chart ();
  g_autofree char *csv = belief_figure_to_csv (fig);
  g_autoptr(GPtrArray) rows = parse_csv (csv);
  g_autofree char *quoted = NULL;

  g_assert_cmpint (belief_figure_n_points (fig), ==, 8);
  g_assert_cmpuint (rows->len, ==, 1 + 8);
  for (guint r = 0; r < rows->len; r++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, r))->len, ==, 3);
  g_assert_cmpstr (cell (rows, 0, 0), ==, "series");
  g_assert_cmpstr (cell (rows, 0, 1), ==, "iteration");
  g_assert_cmpstr (cell (rows, 0, 2), ==, "loss");

  for (int i = 0; i < 5; i++)
    {
      g_assert_cmpstr (cell (rows, 1 + i, 0), ==, "train");
      g_assert_cmpfloat (cell_number (rows, 1 + i, 1), ==, i * 100);
      g_assert_cmpfloat (cell_number (rows, 1 + i, 2), ==, train_loss[i]);
    }
  for (int i = 0; i < 3; i++)
    g_assert_cmpstr (cell (rows, 6 + i, 0), ==, weird_name);
  g_assert_cmpfloat (cell_number (rows, 6, 2), ==, 0.75);
  g_assert_cmpfloat (cell_number (rows, 7, 1), ==, 250);
  g_assert_cmpfloat (cell_number (rows, 7, 2), ==, 1.25e-3);
  g_assert_true (isnan (cell_number (rows, 8, 2)));

  /* The quoting itself, as written. */
  quoted = g_strdup_printf ("\n\"test, \"\"held out\"\"\",0,0.75\n");
  g_assert_nonnull (strstr (csv, quoted));
}

static void
test_csv_images (void)
{
  g_autoptr(BeliefFigure) fig = make_images (BELIEF_IMAGES_WEIGHTS, 3, 2, 3, 0, 0.5f);
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  csv = belief_figure_to_csv (fig);
  rows = parse_csv (csv);
  g_assert_cmpint (fig->n_images, ==, 3);
  g_assert_cmpuint (rows->len, ==, 1 + 3);
  for (guint r = 0; r < rows->len; r++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, r))->len, ==, 2 + 2 * 3);
  g_assert_cmpstr (cell (rows, 0, 0), ==, "image");
  g_assert_cmpstr (cell (rows, 0, 1), ==, "caption");
  g_assert_cmpstr (cell (rows, 0, 2), ==, "p0");
  g_assert_cmpstr (cell (rows, 0, 7), ==, "p5");
  for (int i = 0; i < 3; i++)
    {
      g_assert_cmpfloat (cell_number (rows, 1 + i, 0), ==, i);
      for (int p = 0; p < 6; p++)
        g_assert_cmpfloat (cell_number (rows, 1 + i, 2 + p), ==, i % 2 ? -0.5 : 0.5);
    }
  g_assert_cmpstr (cell (rows, 1, 1), ==, "0, \"0\"");
  g_assert_cmpstr (cell (rows, 2, 1), ==, "");
  g_assert_cmpstr (cell (rows, 3, 1), ==, "2, \"2\"");
}

static BeliefFigureSet *
make_set (void)
{
  BeliefFigureSet *set = belief_figure_set_new (1, "e1", "Loss <and> digits & weights");

  set->setup = g_strdup ("784-100 RBM, CD-1, 3 epochs.\n\nLearning rate 0.1 <fixed>.");
  set->summary = g_strdup ("The loss falls; accuracy reaches 95.4 %.");
  set->seconds = 12.34;
  belief_figure_set_add (set, make_chart ());
  belief_figure_set_add (set, make_images (BELIEF_IMAGES_DIGITS, 4, 28, 28, 0, 1.0f));
  belief_figure_set_measure (set, "test_accuracy", "Test accuracy", 95.43, "%");
  belief_figure_set_measure (set, "train_time", "Training time", 12.34, "s");
  belief_figure_set_measure (set, "free_energy", "Free energy <gap>", -0.0123456, "nats");
  belief_figure_set_measure (set, "missing", "Not measured", NAN, "");
  return set;
}

static void
test_set_copy (void)
{
  g_autoptr(BeliefFigureSet) set = make_set ();
  g_autoptr(BeliefFigureSet) copy = belief_figure_set_copy (set);
  g_autofree char *csv_chart = belief_figure_to_csv (g_ptr_array_index (set->figures, 0));
  g_autofree char *csv_images = belief_figure_to_csv (g_ptr_array_index (set->figures, 1));
  BeliefFigure *c0, *c1;
  g_autofree char *after_chart = NULL, *after_images = NULL;

  g_assert_cmpuint (copy->figures->len, ==, 2);
  g_assert_cmpuint (copy->measures->len, ==, 4);
  g_assert_cmpstr (copy->setup, ==, set->setup);
  g_assert_cmpfloat (copy->seconds, ==, set->seconds);

  /* Change everything in the copy. */
  c0 = belief_figure_set_find (copy, "e1-loss");
  c1 = belief_figure_set_find (copy, "e1-digits");
  g_assert_nonnull (c0);
  g_assert_nonnull (c1);
  g_assert_true (c0 != g_ptr_array_index (set->figures, 0));
  belief_figure_add_point (c0, "train", 900, 0.01);
  belief_figure_add_point (c0, "new series", 1, 1);
  g_array_index (((BeliefFigureSeries *) g_ptr_array_index (c0->series, 0))->y, double, 0) = 42.0;
  ((BeliefFigureSeries *) g_ptr_array_index (c0->series, 1))->name[0] = 'X';
  c0->title[0] = 'X';
  belief_figure_set_caption (c0, "changed");
  g_array_index (c1->pixels, float, 0) = -7.0f;
  ((char *) g_ptr_array_index (c1->image_captions, 0))[0] = 'X';
  belief_figure_add_image (c1, &g_array_index (c1->pixels, float, 0), "more");
  copy->setup[0] = 'X';
  copy->title[0] = 'X';
  belief_figure_set_measure (copy, "test_accuracy", "Changed", 1.0, "");
  g_array_index (copy->measures, BeliefMeasure, 1).label[0] = 'X';
  g_ptr_array_remove_index (copy->figures, 0);

  /* The original is as it was. */
  g_assert_cmpuint (set->figures->len, ==, 2);
  after_chart = belief_figure_to_csv (g_ptr_array_index (set->figures, 0));
  after_images = belief_figure_to_csv (g_ptr_array_index (set->figures, 1));
  g_assert_cmpstr (after_chart, ==, csv_chart);
  g_assert_cmpstr (after_images, ==, csv_images);
  g_assert_cmpstr (((BeliefFigure *) g_ptr_array_index (set->figures, 0))->title, ==,
                   "Loss <by> iteration & size");
  g_assert_cmpstr (((BeliefFigure *) g_ptr_array_index (set->figures, 0))->caption, ==,
                   "Reconstruction loss of two runs.");
  g_assert_cmpint (((BeliefFigure *) g_ptr_array_index (set->figures, 1))->n_images, ==, 4);
  g_assert_cmpstr (set->title, ==, "Loss <and> digits & weights");
  g_assert_true (g_str_has_prefix (set->setup, "784-100"));
  g_assert_cmpfloat (belief_figure_set_get_measure (set, "test_accuracy"), ==, 95.43);
  g_assert_cmpstr (g_array_index (set->measures, BeliefMeasure, 0).label, ==, "Test accuracy");
  g_assert_cmpstr (g_array_index (set->measures, BeliefMeasure, 1).label, ==, "Training time");
}

static void
test_set_measure (void)
{
  g_autoptr(BeliefFigureSet) set = belief_figure_set_new (2, "e2", "Measures");
  const BeliefMeasure *m;

  belief_figure_set_measure (set, "acc", "Accuracy", 90.0, "%");
  belief_figure_set_measure (set, "loss", "Loss", 0.5, NULL);
  belief_figure_set_measure (set, "acc", "Accuracy (test)", 91.5, "%");
  g_assert_cmpuint (set->measures->len, ==, 2);
  m = &g_array_index (set->measures, BeliefMeasure, 0);
  g_assert_cmpstr (m->key, ==, "acc");
  g_assert_cmpstr (m->label, ==, "Accuracy (test)");
  g_assert_cmpfloat (m->value, ==, 91.5);
  g_assert_cmpstr (g_array_index (set->measures, BeliefMeasure, 1).unit, ==, "");
  g_assert_cmpfloat (belief_figure_set_get_measure (set, "acc"), ==, 91.5);
  g_assert_cmpfloat (belief_figure_set_get_measure (set, "loss"), ==, 0.5);
  g_assert_true (isnan (belief_figure_set_get_measure (set, "nothing")));
}

/* ---------------------------------------------------------------------- */
/* Pixels                                                                  */

static cairo_surface_t *
paint (const BeliefFigure *fig, int w, int h)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (s);

  belief_figure_render (cr, w, h, fig, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

static void
pixel (cairo_surface_t *s, int x, int y, int rgb[3])
{
  guint32 v = *(guint32 *) (gpointer) (cairo_image_surface_get_data (s)
                                       + (gsize) y * cairo_image_surface_get_stride (s) + 4 * x);

  g_assert_cmpuint (v >> 24, ==, 255);
  rgb[0] = v >> 16 & 0xff, rgb[1] = v >> 8 & 0xff, rgb[2] = v & 0xff;
}

typedef struct
{
  int    n;
  double x0, y0, x1, y1;   /* bounding box */
  double mx, my;           /* mean position */
} Blob;

/* Pixels within tol of c in rows y0..y1-1. */
static Blob
find_color (cairo_surface_t *s, const BeliefRgb *c, int tol, int y0, int y1)
{
  int w = cairo_image_surface_get_width (s);
  Blob b = { 0, INFINITY, INFINITY, -INFINITY, -INFINITY, 0, 0 };

  y1 = MIN (y1, cairo_image_surface_get_height (s));
  for (int y = MAX (0, y0); y < y1; y++)
    for (int x = 0; x < w; x++)
      {
        int rgb[3];

        pixel (s, x, y, rgb);
        if (abs (rgb[0] - (int) lround (c->r * 255)) <= tol
            && abs (rgb[1] - (int) lround (c->g * 255)) <= tol
            && abs (rgb[2] - (int) lround (c->b * 255)) <= tol)
          {
            b.n++;
            b.x0 = MIN (b.x0, x), b.y0 = MIN (b.y0, y);
            b.x1 = MAX (b.x1, x + 1), b.y1 = MAX (b.y1, y + 1);
            b.mx += x, b.my += y;
          }
      }
  if (b.n > 0)
    b.mx /= b.n, b.my /= b.n;
  return b;
}

/* Pixels that differ from the background by more than tol. */
static int
count_not_background (cairo_surface_t *s, int y0, int y1, int tol)
{
  BeliefRenderStyle light;
  Blob bg;
  int w = cairo_image_surface_get_width (s);

  belief_render_style_light (&light);
  y1 = MIN (y1, cairo_image_surface_get_height (s));
  bg = find_color (s, &light.background, tol, y0, y1);
  return w * (y1 - y0) - bg.n;
}

static void
test_render_chart (void)
{
  g_autoptr(BeliefFigure) fig = make_chart ();
  g_autoptr(BeliefFigure) empty = belief_figure_new_chart ("e", "Empty", "x", "x", "y", "y");
  BeliefRgb c0 = belief_render_palette_color (0), c1 = belief_render_palette_color (1);
  BeliefRenderStyle light;
  cairo_surface_t *s;
  Blob b0, b1, muted;
  int w, h;

  belief_figure_natural_size (fig, &w, &h);
  g_assert_cmpint (w, ==, 760);
  g_assert_cmpint (h, ==, 470);
  belief_render_style_light (&light);

  s = paint (fig, w, h);
  b0 = find_color (s, &c0, 12, 0, h);
  b1 = find_color (s, &c1, 12, 0, h);
  g_assert_cmpint (b0.n, >, 200);       /* a line across the plot */
  g_assert_cmpint (b1.n, >, 100);       /* markers and a line */
  g_assert_cmpfloat (b0.x1 - b0.x0, >, w / 2.0);
  g_assert_cmpint (count_not_background (s, 0, 30, 40), >, 50);   /* the title */
  cairo_surface_destroy (s);

  s = paint (empty, 400, 300);
  g_assert_cmpint (find_color (s, &c0, 12, 0, 300).n, ==, 0);
  muted = find_color (s, &light.muted, 30, 40, 300);
  g_assert_cmpint (muted.n, >, 10);                  /* "No data yet" */
  g_assert_cmpfloat (muted.my, >, 100);
  g_assert_cmpfloat (muted.my, <, 200);
  cairo_surface_destroy (s);
}

static void
test_render_digits (void)
{
  g_autoptr(BeliefFigure) fig = make_images (BELIEF_IMAGES_DIGITS, 1, 28, 28, 0, 1.0f);
  g_autoptr(BeliefFigure) untitled = make_images (BELIEF_IMAGES_DIGITS, 1, 28, 28, 0, 1.0f);
  BeliefRgb black = { 0, 0, 0 };
  cairo_surface_t *s;
  Blob ink;
  int w, h;

  belief_figure_natural_size (fig, &w, &h);
  g_assert_cmpint (w, >=, 56);
  g_assert_cmpint (h, >=, 56 + 20);
  g_assert_cmpint (w, <=, 400);
  g_assert_cmpint (h, <=, 200);

  /* An all-ones image is one black square of 56 x 56 below the title. */
  s = paint (fig, w, h);
  ink = find_color (s, &black, 8, 0, h);
  g_assert_cmpint (ink.n, ==, 56 * 56);
  g_assert_cmpfloat (ink.x1 - ink.x0, ==, 56);
  g_assert_cmpfloat (ink.y1 - ink.y0, ==, 56);
  g_assert_cmpfloat (ink.y0, >=, 20);
  g_assert_cmpfloat (fabs (ink.mx - w / 2.0), <, 2.0);
  g_assert_cmpint (count_not_background (s, 0, 20, 40), >, 20);   /* "Digits" */
  cairo_surface_destroy (s);

  /* Without a title, the top band stays empty and the image moves up. */
  g_clear_pointer (&untitled->title, g_free);
  s = paint (untitled, w, h);
  g_assert_cmpint (count_not_background (s, 0, 5, 10), ==, 0);
  g_assert_cmpfloat (find_color (s, &black, 8, 0, h).y0, <, ink.y0);
  cairo_surface_destroy (s);

  /* Too small for 100 captioned images: they are drawn without captions. */
  {
    g_autoptr(BeliefFigure) many = make_images (BELIEF_IMAGES_DIGITS, 100, 28, 28, 10, 1.0f);

    s = paint (many, 420, 300);
    g_assert_cmpint (find_color (s, &black, 8, 0, 300).n, >, 100 * 12 * 12);
    cairo_surface_destroy (s);
  }

  /* Bigger than natural: the image grows and stays square. */
  s = paint (fig, 600, 400);
  ink = find_color (s, &black, 8, 0, 400);
  g_assert_cmpfloat (ink.x1 - ink.x0, >, 200);
  g_assert_cmpfloat (ink.x1 - ink.x0, ==, ink.y1 - ink.y0);
  cairo_surface_destroy (s);
}

static void
test_render_weights (void)
{
  g_autoptr(BeliefFigure) fig = make_images (BELIEF_IMAGES_WEIGHTS, 2, 28, 28, 2, 0.3f);
  BeliefRgb red, blue;
  cairo_surface_t *s;
  Blob r, b;
  int w, h;

  belief_render_diverging (1.0, &red);
  belief_render_diverging (-1.0, &blue);
  belief_figure_natural_size (fig, &w, &h);
  s = paint (fig, w, h);
  r = find_color (s, &red, 3, 0, h);
  b = find_color (s, &blue, 3, 0, h);
  /* Two 56 x 56 tiles side by side (plus the colour bar's ends). */
  g_assert_cmpint (r.n, >=, 56 * 56);
  g_assert_cmpint (b.n, >=, 56 * 56);
  g_assert_cmpint (r.n, <, 56 * 56 + 200);
  g_assert_cmpint (b.n, <, 56 * 56 + 200);
  g_assert_cmpfloat (r.mx + 40, <, b.mx);       /* image 0 (+) left of image 1 (-) */
  g_assert_cmpfloat (fabs (r.my - b.my), <, 10);
  g_assert_cmpfloat (r.y0, >=, 20);               /* below the title */
  cairo_surface_destroy (s);
}

static void
test_render_empty_images (void)
{
  g_autoptr(BeliefFigure) fig = belief_figure_new_images ("e", "Samples", BELIEF_IMAGES_DIGITS, 28, 28, 0);
  g_autoptr(BeliefFigure) weights = belief_figure_new_images ("w", "Weights", BELIEF_IMAGES_WEIGHTS, 28, 28, 0);
  BeliefRenderStyle light;
  cairo_surface_t *s;
  Blob muted;
  int w, h;

  belief_render_style_light (&light);
  belief_figure_natural_size (fig, &w, &h);
  g_assert_cmpint (w, >, 0);
  g_assert_cmpint (h, >, 0);

  s = paint (fig, 400, 300);
  muted = find_color (s, &light.muted, 30, 40, 300);
  g_assert_cmpint (muted.n, >, 10);
  g_assert_cmpfloat (muted.mx, >, 150);
  g_assert_cmpfloat (muted.mx, <, 250);
  cairo_surface_destroy (s);

  s = paint (weights, 400, 300);
  g_assert_cmpint (find_color (s, &light.muted, 30, 40, 300).n, >, 10);
  cairo_surface_destroy (s);
}

static void
test_natural_size (void)
{
  g_autoptr(BeliefFigure) grid = make_images (BELIEF_IMAGES_DIGITS, 100, 28, 28, 0, 1.0f);
  g_autoptr(BeliefFigure) wide = make_images (BELIEF_IMAGES_WEIGHTS, 40, 28, 28, 40, 1.0f);
  g_autoptr(BeliefFigure) many = make_images (BELIEF_IMAGES_DIGITS, 900, 28, 28, 0, 1.0f);
  g_autoptr(BeliefFigure) small = make_images (BELIEF_IMAGES_WEIGHTS, 4, 8, 8, 0, 1.0f);
  int w, h;

  /* 10 x 10 images of 56 units, captions and gaps. */
  belief_figure_natural_size (grid, &w, &h);
  g_assert_cmpint (w, >=, 560);
  g_assert_cmpint (w, <=, 700);
  g_assert_cmpint (h, >=, 560 + 10 * 12);
  g_assert_cmpint (h, <=, 900);

  belief_figure_natural_size (wide, &w, &h);
  g_assert_cmpint (w, <=, 1400);
  g_assert_cmpint (w, >=, 1000);
  g_assert_cmpint (h, <, 200);

  belief_figure_natural_size (many, &w, &h);
  g_assert_cmpint (w, <=, 1400);
  g_assert_cmpint (h, <=, 1400);

  belief_figure_natural_size (small, &w, &h);
  g_assert_cmpint (w, >=, 2 * 56);
  g_assert_cmpint (h, >=, 2 * 56);
}

/* ---------------------------------------------------------------------- */
/* Files                                                                   */

static char *
read_text (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
check_png (const char *dir, const BeliefFigure *fig)
{
  g_autofree char *name = g_strconcat (fig->id, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);
  int w, h;

  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  belief_figure_natural_size (fig, &w, &h);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 2 * w);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 2 * h);
  cairo_surface_destroy (s);
}

static void
test_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("belief-figure-XXXXXX", &error);
  g_autofree char *dir = NULL;
  g_autoptr(BeliefFigureSet) set = make_set ();
  g_autofree char *html = NULL, *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *sets, *figures;
  JsonObject *o, *measures;

  g_assert_no_error (error);
  dir = g_build_filename (tmp, "out", NULL);   /* created by the writers */

  g_assert_true (belief_figure_set_write (set, dir, &error));
  g_assert_no_error (error);
  g_assert_true (belief_figure_sets_write_index (&set, 1, "Belief <results>",
                                                 "Intro & more.", dir, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < set->figures->len; i++)
    {
      const BeliefFigure *fig = g_ptr_array_index (set->figures, i);
      g_autofree char *svg_name = g_strconcat (fig->id, ".svg", NULL);
      g_autofree char *csv_name = g_strconcat (fig->id, ".csv", NULL);
      g_autofree char *svg = read_text (dir, svg_name);
      g_autofree char *csv = read_text (dir, csv_name);
      g_autofree char *want = belief_figure_to_csv (fig);

      check_png (dir, fig);
      g_assert_true (g_str_has_prefix (svg, "<?xml") || strstr (svg, "<svg") != NULL);
      g_assert_cmpstr (csv, ==, want);
    }

  html = read_text (dir, "index.html");
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "<h1>Belief &lt;results&gt;</h1>"));
  g_assert_nonnull (strstr (html, "Intro &amp; more."));
  g_assert_nonnull (strstr (html, "1. Loss &lt;and&gt; digits &amp; weights"));
  g_assert_null (strstr (html, "<and>"));
  g_assert_nonnull (strstr (html, "&lt;fixed&gt;"));
  g_assert_nonnull (strstr (html, "alt=\"Loss &lt;by&gt; iteration &amp; size\""));
  for (guint i = 0; i < set->figures->len; i++)
    {
      const BeliefFigure *fig = g_ptr_array_index (set->figures, i);
      static const char *const exts[] = { ".png", ".svg", ".csv" };

      for (int e = 0; e < 3; e++)
        {
          g_autofree char *attr = g_strdup_printf ("%s=\"%s%s\"", e == 0 ? "src" : "href",
                                                   fig->id, exts[e]);

          g_assert_nonnull (strstr (html, attr));
        }
    }
  g_assert_nonnull (strstr (html, "data: e1-loss.csv"));
  g_assert_nonnull (strstr (html, "95.4 %"));
  g_assert_nonnull (strstr (html, "12.3 s"));
  g_assert_nonnull (strstr (html, "-0.01235 nats"));
  g_assert_nonnull (strstr (html, "Free energy &lt;gap&gt;"));

  json = read_text (dir, "results.json");
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  sets = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (sets), ==, 1);
  o = json_array_get_object_element (sets, 0);
  g_assert_cmpint (json_object_get_int_member (o, "number"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, "e1");
  g_assert_cmpstr (json_object_get_string_member (o, "title"), ==, set->title);
  g_assert_cmpstr (json_object_get_string_member (o, "setup"), ==, set->setup);
  g_assert_cmpstr (json_object_get_string_member (o, "summary"), ==, set->summary);
  g_assert_cmpfloat (json_object_get_double_member (o, "seconds"), ==, 12.34);
  measures = json_object_get_object_member (o, "measures");
  g_assert_cmpuint (json_object_get_size (measures), ==, 4);
  g_assert_cmpfloat (json_object_get_double_member (measures, "test_accuracy"), ==, 95.43);
  g_assert_cmpfloat (json_object_get_double_member (measures, "free_energy"), ==, -0.0123456);
  g_assert_true (json_object_has_member (measures, "missing"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (measures, "missing")));

  figures = json_object_get_array_member (o, "figures");
  g_assert_cmpuint (json_array_get_length (figures), ==, 2);
  o = json_array_get_object_element (figures, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, "e1-loss");
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "chart");
  g_assert_cmpstr (json_object_get_string_member (o, "png"), ==, "e1-loss.png");
  g_assert_cmpstr (json_object_get_string_member (o, "svg"), ==, "e1-loss.svg");
  g_assert_cmpstr (json_object_get_string_member (o, "csv"), ==, "e1-loss.csv");
  g_assert_cmpint (json_object_get_int_member (o, "points"), ==, 8);
  o = json_array_get_object_element (figures, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, "e1-digits");
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "images");
  g_assert_cmpint (json_object_get_int_member (o, "images"), ==, 4);

  remove_tree (dir);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

static void
test_files_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("belief-figure-XXXXXX", &error);
  g_autofree char *file = NULL;
  g_autoptr(BeliefFigure) fig = make_chart ();
  g_autoptr(BeliefFigureSet) set = belief_figure_set_new (1, "e1", "Nothing");

  g_assert_no_error (error);
  file = g_build_filename (tmp, "not-a-folder", NULL);
  g_assert_true (g_file_set_contents (file, "x", -1, NULL));

  /* A folder that cannot be created (a file is in the way). */
  g_assert_false (belief_figure_write (fig, file, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "not-a-folder"));
  g_clear_error (&error);

  g_assert_false (belief_figure_sets_write_index (&set, 1, "x", NULL, file, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "not-a-folder"));
  g_clear_error (&error);

  /* An id that is not a file name. */
  g_free (fig->id);
  fig->id = g_strdup ("../escape");
  g_assert_false (belief_figure_write (fig, tmp, &error));
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT);
  g_clear_error (&error);

  g_assert_cmpint (g_remove (file), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

/* ---------------------------------------------------------------------- */
/* Showcase, for a human: BELIEF_FIGURE_OUT=/tmp/figcheck                  */

/* A 28 x 28 digit: the glyph drawn with cairo, values in [0, 1]. */
static void
glyph_image (float *img, int digit, double slant)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_A8, 28, 28);
  cairo_t *cr = cairo_create (s);
  cairo_matrix_t m;
  char text[2] = { (char) ('0' + digit), 0 };
  cairo_text_extents_t ext;
  const guint8 *data;
  int stride;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 22);
  cairo_text_extents (cr, text, &ext);
  cairo_matrix_init (&m, 1, 0, -slant, 1, 14, 14);
  cairo_transform (cr, &m);
  cairo_move_to (cr, -ext.x_bearing - ext.width / 2, -ext.y_bearing - ext.height / 2);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  data = cairo_image_surface_get_data (s);
  stride = cairo_image_surface_get_stride (s);
  for (int y = 0; y < 28; y++)
    for (int x = 0; x < 28; x++)
      img[y * 28 + x] = data[y * stride + x] / 255.0f;
  cairo_surface_destroy (s);
}

static void
draw_dark_cb (cairo_t *cr, double width, double height, gpointer user_data)
{
  BeliefRenderStyle dark;

  belief_render_style_dark (&dark);
  belief_figure_render (cr, width, height, user_data, &dark);
}

static void
test_showcase (void)
{
  const char *dir = g_getenv ("BELIEF_FIGURE_OUT");
  g_autoptr(BeliefFigureSet) set = NULL;
  g_autoptr(GError) error = NULL;
  BeliefFigure *chart, *digits, *weights, *empty;
  static const char *const names[] = { "CD-1", "CD-10", "PCD", "PCD + momentum 0.9" };
  GRand *rand = g_rand_new_with_seed (7);
  float img[784];

  if (dir == NULL)
    {
      g_test_skip ("set BELIEF_FIGURE_OUT to a folder to write the pictures");
      g_rand_free (rand);
      return;
    }

  set = belief_figure_set_new (3, "e3", "Contrastive divergence against persistent chains");
  set->setup = g_strdup ("784-500 RBM on 60 000 MNIST digits, minibatches of 100, learning rate 0.05, "
                         "10 epochs.\nFour trainers, same seed.");
  set->summary = g_strdup ("PCD with momentum reaches the lowest reconstruction error; CD-1 is "
                           "fastest per step.\n\nThe samples of the persistent chains look like digits.");
  set->seconds = 754.2;
  belief_figure_set_measure (set, "acc", "Test accuracy (free energy)", 95.43, "%");
  belief_figure_set_measure (set, "err", "Test error", 4.57, "%");
  belief_figure_set_measure (set, "time", "Training time per epoch", 12.345, "s");
  belief_figure_set_measure (set, "ll", "Log-likelihood (AIS)", -86.1234, "nats");
  belief_figure_set_measure (set, "ratio", "Weight update ratio", 0.00123456, "");
  belief_figure_set_measure (set, "nan", "Not measured", NAN, "");

  chart = belief_figure_set_add (set, belief_figure_new_chart ("e3-loss", "Reconstruction error by trainer",
                                                               "iteration (minibatches)", "iteration",
                                                               "reconstruction error (MSE)", "mse"));
  belief_figure_set_caption (chart, "Mean squared reconstruction error of each trainer against the iteration; lower is better.");
  for (int s = 0; s < 4; s++)
    {
      belief_figure_series (chart, names[s])->markers = s == 3;
      for (int i = 0; i <= 6000; i += s == 3 ? 500 : 50)
        belief_figure_add_point (chart, names[s], i,
                                 (0.012 + 0.05 * exp (-i / (400.0 + 300.0 * s)))
                                 * (1 + 0.05 * g_rand_double_range (rand, -1, 1)));
    }

  digits = belief_figure_set_add (set, belief_figure_new_images ("e3-samples", "Samples from the persistent chains",
                                                                 BELIEF_IMAGES_DIGITS, 28, 28, 10));
  belief_figure_set_caption (digits, "One hundred fantasy particles after 1000 Gibbs steps, with the label the DBN gives them.");
  for (int k = 0; k < 100; k++)
    {
      g_autofree char *cap = g_strdup_printf ("%d (%d%%)", k % 10, 60 + g_rand_int_range (rand, 0, 40));

      glyph_image (img, k % 10, g_rand_double_range (rand, -0.3, 0.3));
      for (int p = 0; p < 784; p++)
        img[p] = CLAMP (img[p] + (float) g_rand_double_range (rand, -0.1, 0.1), 0.0f, 1.0f);
      belief_figure_add_image (digits, img, cap);
    }

  weights = belief_figure_set_add (set, belief_figure_new_images ("e3-weights", "Receptive fields of 25 hidden units",
                                                                  BELIEF_IMAGES_WEIGHTS, 28, 28, 0));
  belief_figure_set_caption (weights, "Weights of the first 25 hidden units, one symmetric colour scale.");
  for (int k = 0; k < 25; k++)
    {
      double th = g_rand_double_range (rand, 0, G_PI), cx = g_rand_double_range (rand, 8, 20);
      double cy = g_rand_double_range (rand, 8, 20), f = g_rand_double_range (rand, 0.3, 0.7);
      double amp = g_rand_double_range (rand, 0.05, 0.4);

      for (int y = 0; y < 28; y++)
        for (int x = 0; x < 28; x++)
          {
            double u = (x - cx) * cos (th) + (y - cy) * sin (th);
            double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);

            img[y * 28 + x] = (float) (amp * cos (f * u) * exp (-r2 / 40.0)
                                       + 0.01 * g_rand_double_range (rand, -1, 1));
          }
      belief_figure_add_image (weights, img, NULL);
    }

  empty = belief_figure_set_add (set, belief_figure_new_images ("e3-empty", "Not filled yet",
                                                                BELIEF_IMAGES_DIGITS, 28, 28, 0));
  (void) empty;

  g_assert_true (belief_figure_set_write (set, dir, &error));
  g_assert_no_error (error);
  g_assert_true (belief_figure_sets_write_index (&set, 1, "Belief: experiments",
                                                 "What an RBM learns, measured.", dir, &error));
  g_assert_no_error (error);

  /* As the app shows them: small, dark. */
  for (guint i = 0; i < set->figures->len; i++)
    {
      BeliefFigure *fig = g_ptr_array_index (set->figures, i);
      g_autofree char *name = g_strconcat (fig->id, "-dark-small.png", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_true (belief_render_write_file (path, 420, 300, 1, draw_dark_cb, fig, &error));
      g_assert_no_error (error);
    }
  g_test_message ("wrote %s", dir);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/figure/csv/chart", test_csv_chart);
  g_test_add_func ("/figure/csv/images", test_csv_images);
  g_test_add_func ("/figure/set/copy", test_set_copy);
  g_test_add_func ("/figure/set/measure", test_set_measure);
  g_test_add_func ("/figure/render/chart", test_render_chart);
  g_test_add_func ("/figure/render/digits", test_render_digits);
  g_test_add_func ("/figure/render/weights", test_render_weights);
  g_test_add_func ("/figure/render/empty-images", test_render_empty_images);
  g_test_add_func ("/figure/natural-size", test_natural_size);
  g_test_add_func ("/figure/files", test_files);
  g_test_add_func ("/figure/files/errors", test_files_errors);
  g_test_add_func ("/figure/showcase", test_showcase);

  return g_test_run ();
}
