/* belief-cli-generate.c: `belief-cli generate` and `belief-cli recover`. */
#include <stdio.h>
#include <string.h>

#include "belief-cli.h"
#include "belief-cli-common.h"
#include "belief-digits-render.h"
#include "belief-idx.h"
#include "belief-model-file.h"
#include "belief-render-file.h"

typedef struct
{
  const float *v;
  int          count, rows, cols;
} Grid;

static void
draw_grid (cairo_t  *cr,
           double    width,
           double    height,
           gpointer  user_data)
{
  const Grid *g = user_data;
  BeliefDigits digits = {
    .images = g->v, .count = g->count, .rows = g->rows, .cols = g->cols,
    .grid_cols = MIN (g->count, 10), .ink = BELIEF_INK_LIGHT_ON_DARK, .selected = -1,
  };

  belief_digits_render (cr, width, height, &digits, NULL);
}

/* OUT.png / OUT.svg: a grid picture; anything else: IDX bytes. */
static gboolean
write_images (const char   *out,
              const float  *v,
              int           count,
              int           rows,
              int           cols,
              GError      **error)
{
  gsize n = (gsize) count * rows * cols;
  g_autofree guint8 *bytes = NULL;
  guint32 dims[3] = { (guint32) count, (guint32) rows, (guint32) cols };

  if (g_str_has_suffix (out, ".png") || g_str_has_suffix (out, ".svg"))
    {
      Grid g = { v, count, rows, cols };
      int per_row = MIN (count, 10), n_rows = (count + per_row - 1) / per_row;

      return belief_render_write_file (out, per_row * 4 * cols, n_rows * 4 * rows, 1,
                                       draw_grid, &g, error);
    }
  bytes = g_new (guint8, n);

  for (gsize i = 0; i < n; i++)
    bytes[i] = (guint8) (CLAMP (v[i], 0.0f, 1.0f) * 255.0f + 0.5f);
  return belief_idx_write (out, 3, dims, bytes, error);
}

int
belief_cli_generate (int    argc,
                     char **argv)
{
  g_autofree char *out = NULL;
  g_autoptr(BeliefDbn) dbn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *v = NULL;
  g_autofree int *labels = NULL;
  int label = -2, count = 10, n_gibbs = 200, code = 0;
  double strength = BELIEF_DEFAULT_LABEL_STRENGTH;
  gint64 seed = 1;
  BeliefRng rng;
  GOptionEntry entries[] = {
    { "label", 'l', 0, G_OPTION_ARG_INT, &label, "The label to clamp (0..9 for digits; -1: free running)", "L" },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Number of samples (default 10)", "N" },
    { "gibbs", 0, 0, G_OPTION_ARG_INT, &n_gibbs, "Gibbs steps in the top RBM (default 200)", "N" },
    { "label-strength", 0, 0, G_OPTION_ARG_DOUBLE, &strength, "Value the clamped label unit is held at (default 8; the lab's is 1)", "X" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "IDX file of the visible probabilities as bytes (or a grid picture: .png, .svg)", "OUT.idx" },
    { NULL }
  };

  if (!belief_cli_parse ("generate", "MODEL", "Generate images of a label from a DBN.",
                         entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return belief_cli_fail ("generate", "give exactly one MODEL.safetensors");
  if (out == NULL)
    return belief_cli_fail ("generate", "no output file; give -o OUT.idx");
  if (count < 1 || count > 100000)
    return belief_cli_fail ("generate", "--count %d: use 1 to 100000", count);
  if (n_gibbs < 0 || n_gibbs > 1000000)
    return belief_cli_fail ("generate", "--gibbs %d: use 0 to 1000000 steps", n_gibbs);
  if (!(strength >= 0.0 && strength <= 100.0))
    return belief_cli_fail ("generate", "--label-strength %g: use 0 to 100", strength);
  if (!belief_cli_check_seed ("generate", seed))
    return 1;
  if ((dbn = belief_model_load (argv[1], NULL, &error)) == NULL)
    return belief_cli_fail ("generate", "%s", error->message);
  if (label == -2)
    return belief_cli_fail ("generate", "no label; give --label L (0 to %d)", MAX (dbn->n_labels - 1, 0));
  if (label < -1 || label >= dbn->n_labels || (label >= 0 && dbn->n_labels == 0))
    return belief_cli_fail ("generate", "--label %d: this model has %d labels (0 to %d), or -1 for none",
                            label, dbn->n_labels, dbn->n_labels - 1);

  belief_rng_init (&rng, (guint64) seed);
  labels = g_new (int, count);
  for (int i = 0; i < count; i++)
    labels[i] = label;
  v = g_new (float, (gsize) count * dbn->sizes[0]);
  belief_dbn_generate (dbn, labels, count, n_gibbs, (float) strength, &rng, v, 0, NULL, NULL);
  if (!write_images (out, v, count, dbn->rows, dbn->cols, &error))
    return belief_cli_fail ("generate", "%s", error->message);
  printf ("Wrote %d samples of label %d (%d Gibbs steps) to %s\n", count, label, n_gibbs, out);
  return 0;
}

/* mask (B, D): 1 = known.  Returns FALSE for an unknown kind. */
static gboolean
make_mask (const char *kind,
           float      *mask,
           int         batch,
           int         rows,
           int         cols,
           BeliefRng  *rng)
{
  double p = 0.0;

  if (g_str_has_prefix (kind, "noise:"))
    {
      char *end = NULL;

      p = g_ascii_strtod (kind + 6, &end);
      if (end == kind + 6 || *end != '\0' || p < 0.0 || p > 1.0)
        return FALSE;
    }
  else if (strcmp (kind, "top") && strcmp (kind, "bottom") && strcmp (kind, "left")
           && strcmp (kind, "right"))
    return FALSE;
  for (int b = 0; b < batch; b++)
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < cols; c++)
        {
          gboolean hidden;

          if (p > 0.0 || g_str_has_prefix (kind, "noise:"))
            hidden = belief_rng_uniform (rng) < p;
          else if (strcmp (kind, "top") == 0)
            hidden = r < rows / 2;
          else if (strcmp (kind, "bottom") == 0)
            hidden = r >= rows / 2;
          else if (strcmp (kind, "left") == 0)
            hidden = c < cols / 2;
          else
            hidden = c >= cols / 2;
          mask[((gsize) b * rows + r) * cols + c] = hidden ? 0.0f : 1.0f;
        }
  return TRUE;
}

static double
hidden_mse (const float *a,
            const float *b,
            const float *mask,
            gsize        n)
{
  double sum = 0.0;
  gsize count = 0;

  for (gsize i = 0; i < n; i++)
    if (mask[i] < 0.5f)
      {
        sum += (double) (a[i] - b[i]) * (a[i] - b[i]);
        count++;
      }
  return count > 0 ? sum / count : 0.0;
}

int
belief_cli_recover (int    argc,
                    char **argv)
{
  g_autofree char *out = NULL, *data = NULL, *dataset = NULL, *kind = NULL;
  g_autoptr(BeliefDbn) dbn = NULL;
  g_autoptr(BeliefDataset) test = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) extra = NULL;
  g_autofree float *truth = NULL, *v = NULL, *mask = NULL;
  int count = 10, n_gibbs = 50, code = 0;
  gint64 seed = 1;
  gsize n;
  BeliefRng rng;
  GOptionEntry entries[] = {
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &dataset, "Data set by name: digits, mnist or fashion (default: the one the model was trained on, else digits)", "NAME" },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data, "A folder of IDX files instead of --dataset", "DIR" },
    { "mask", 0, 0, G_OPTION_ARG_STRING, &kind, "What to hide: top, bottom, left, right or noise:P", "KIND" },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Test digits to recover (default 10)", "N" },
    { "gibbs", 0, 0, G_OPTION_ARG_INT, &n_gibbs, "Gibbs steps (default 50)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "IDX file of the recovered images (or a grid picture: .png, .svg)", "OUT.idx" },
    { NULL }
  };

  if (!belief_cli_parse ("recover", "MODEL", "Restore partly hidden test digits with Gibbs sampling.",
                         entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return belief_cli_fail ("recover", "give exactly one MODEL.safetensors");
  if (out == NULL || kind == NULL)
    return belief_cli_fail ("recover", "give --mask KIND and -o OUT.idx");
  if (!belief_cli_check_range ("recover", "--count", count, 1, 100000, "the number of digits")
      || !belief_cli_check_range ("recover", "--gibbs", n_gibbs, 1, 100000, "the Gibbs steps")
      || !belief_cli_check_seed ("recover", seed))
    return 1;
  if ((dbn = belief_model_load (argv[1], &extra, &error)) == NULL)
    return belief_cli_fail ("recover", "%s", error->message);
  if (dbn->rbms[0]->n_label > 0)
    return belief_cli_fail ("recover", "%s has labels in its first RBM; recovery needs an image layer", argv[1]);
  if ((test = belief_cli_load_named_or_dir (dataset, data, belief_cli_model_dataset (extra), BELIEF_SPLIT_TEST, NULL, &error)) == NULL)
    return belief_cli_fail ("recover", "%s", error->message);
  if ((int) test->dim != dbn->sizes[0])
    return belief_cli_fail ("recover", "%s expects %dx%d images but the data has %ux%u",
                            argv[1], dbn->rows, dbn->cols, test->rows, test->cols);

  count = (int) MIN ((guint) count, test->n);
  n = (gsize) count * test->dim;
  truth = g_new (float, n);
  v = g_new (float, n);
  mask = g_new (float, n);
  belief_rng_init (&rng, (guint64) seed);
  if (!make_mask (kind, mask, count, (int) test->rows, (int) test->cols, &rng))
    return belief_cli_fail ("recover", "--mask \"%s\": use top, bottom, left, right or noise:P with P in [0,1]", kind);
  belief_dataset_fill_floats (test, NULL, 0, (guint) count, truth);
  for (gsize i = 0; i < n; i++)
    v[i] = mask[i] > 0.5f ? truth[i] : 0.5f;  /* unknown pixels start grey */
  printf ("mse before %.5f (hidden pixels at 0.5)\n", hidden_mse (truth, v, mask, n));
  belief_dbn_recover (dbn, v, mask, count, n_gibbs, &rng);
  printf ("mse after  %.5f (%d Gibbs steps, %d digits, mask %s)\n",
          hidden_mse (truth, v, mask, n), n_gibbs, count, kind);
  if (!write_images (out, v, count, dbn->rows, dbn->cols, &error))
    return belief_cli_fail ("recover", "%s", error->message);
  return 0;
}
