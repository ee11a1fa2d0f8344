/* belief-cli-plot.c: `belief-cli plot`, a chart of a training run's metrics
 * (the CSV of `train --metrics`) as PNG or SVG, and its data as CSV. */
#include <stdio.h>
#include <string.h>

#include "belief-chart-render.h"
#include "belief-cli.h"
#include "belief-cli-common.h"
#include "belief-render-file.h"

#define MAX_SERIES 16

typedef struct
{
  char   *name;
  GArray *x, *y;
} Series;

static void
draw_chart (cairo_t  *cr,
            double    width,
            double    height,
            gpointer  user_data)
{
  belief_chart_render (cr, width, height, user_data, NULL);
}

/* Column index of name in the header, or -1. */
static int
column (char **header, const char *name)
{
  for (int i = 0; header[i] != NULL; i++)
    if (strcmp (g_strstrip (header[i]), name) == 0)
      return i;
  return -1;
}

static Series *
series_for (Series *all, int *n, const char *name)
{
  for (int i = 0; i < *n; i++)
    if (strcmp (all[i].name, name) == 0)
      return &all[i];
  if (*n == MAX_SERIES)
    return NULL;
  all[*n] = (Series) { g_strdup (name), g_array_new (FALSE, FALSE, sizeof (double)),
                       g_array_new (FALSE, FALSE, sizeof (double)) };
  return &all[(*n)++];
}

int
belief_cli_plot (int    argc,
                 char **argv)
{
  g_autofree char *out = NULL, *what = NULL, *contents = NULL, *csv = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL, header = NULL;
  Series all[MAX_SERIES];
  BeliefChartSeries chart_series[MAX_SERIES];
  BeliefChart chart = { 0 };
  int n = 0, code = 0, c_phase, c_layer, c_update, c_value, c_value2 = -1;
  gboolean old_test = FALSE;
  gboolean accuracy;
  GOptionEntry entries[] = {
    { "what", 0, 0, G_OPTION_ARG_STRING, &what, "loss (default), stability or accuracy", "WHAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "The chart (.png or .svg)", "OUT.png" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, "Also write the plotted data (series,x,y)", "OUT.csv" },
    { NULL }
  };

  if (!belief_cli_parse ("plot", "METRICS.csv", "Chart of a training run written by 'train --metrics'.",
                         entries, &argc, &argv, &code))
    return code;
  if (argc != 2 || out == NULL)
    return belief_cli_fail ("plot", "give one METRICS.csv and -o OUT.png or OUT.svg");
  if (what == NULL)
    what = g_strdup ("loss");
  if (strcmp (what, "loss") && strcmp (what, "stability") && strcmp (what, "accuracy"))
    return belief_cli_fail ("plot", "--what \"%s\": use loss, stability or accuracy", what);
  accuracy = strcmp (what, "accuracy") == 0;
  if (!g_file_get_contents (argv[1], &contents, NULL, &error))
    return belief_cli_fail ("plot", "%s", error->message);
  lines = g_strsplit (contents, "\n", -1);
  if (lines[0] == NULL || lines[0][0] == '\0')
    return belief_cli_fail ("plot", "%s is empty, not a metrics file of 'belief-cli train --metrics'",
                            argv[1]);
  header = g_strsplit (lines[0], ",", -1);
  c_phase = column (header, "phase");
  c_layer = column (header, "layer");
  c_update = column (header, "update");
  c_value = column (header, accuracy ? "train_accuracy" : what[0] == 'l' ? "recon_loss" : "stability");
  if (accuracy)
    {
      /* files from before the validation set measured the test set there */
      c_value2 = column (header, "validation_accuracy");
      old_test = c_value2 < 0 && (c_value2 = column (header, "test_accuracy")) >= 0;
    }
  if (c_phase < 0 || c_layer < 0 || c_update < 0 || c_value < 0)
    return belief_cli_fail ("plot", "%s is not a metrics file of 'belief-cli train --metrics' "
                            "(its header lacks phase, layer, update or the values)", argv[1]);

  for (int i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      guint nf = g_strv_length (f);
      double x, y;

      if ((guint) MAX (MAX (c_value, c_value2), c_update) >= nf)
        return belief_cli_fail ("plot", "%s: line %d has %u fields", argv[1], i + 1, nf);
      x = g_ascii_strtod (f[c_update], NULL);
      for (int k = 0; k < (accuracy ? 2 : 1); k++)
        {
          const char *cell = f[k == 0 ? c_value : c_value2];
          g_autofree char *name = NULL;
          Series *s;

          if (cell[0] == '\0' || strcmp (cell, "nan") == 0)
            continue;
          y = g_ascii_strtod (cell, NULL) * (accuracy ? 100.0 : 1.0);
          if (accuracy)
            name = g_strdup (k == 0 ? "Training images" : old_test ? "Test images" : "Validation images");
          else if (strcmp (f[c_phase], "finetune") == 0)
            name = g_strdup ("Fine-tuning");
          else
            name = g_strdup_printf ("Layer %s", f[c_layer]);
          if ((s = series_for (all, &n, name)) == NULL)
            return belief_cli_fail ("plot", "%s has more than %d series", argv[1], MAX_SERIES);
          g_array_append_val (s->x, x);
          g_array_append_val (s->y, y);
        }
    }

  for (int i = 0; i < n; i++)
    chart_series[i] = (BeliefChartSeries) {
      all[i].name, belief_render_palette_color (i), (double *) (gpointer) all[i].x->data,
      (double *) (gpointer) all[i].y->data, (int) all[i].x->len,
      accuracy ? BELIEF_SERIES_LINE_MARKERS : BELIEF_SERIES_LINE,
    };
  chart = (BeliefChart) {
    .title = accuracy ? "Recognition accuracy" : what[0] == 'l' ? "Reconstruction loss"
                                                               : "Weight stability (|ΔW| ≤ 0.001)",
    .x_label = "Minibatch updates",
    .y_label = accuracy ? "Correctly recognised (%)" : what[0] == 'l' ? "Mean squared error per pixel"
                                                                      : "Stable weights (%)",
    .series = chart_series, .n_series = n,
  };
  if (!belief_render_write_file (out, 900, 520, 1, draw_chart, &chart, &error)
      || (csv != NULL && !belief_chart_write_csv (csv, &chart, &error)))
    code = belief_cli_fail ("plot", "%s", error->message);
  else
    printf ("Wrote %s (%d series)\n", out, n);
  for (int i = 0; i < n; i++)
    {
      g_free (all[i].name);
      g_array_unref (all[i].x);
      g_array_unref (all[i].y);
    }
  return code;
}
