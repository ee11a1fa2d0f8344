/* belief-cli-tiles.c: `belief-cli tiles`, receptive fields as a picture. */
#include <stdio.h>

#include "belief-cli.h"
#include "belief-cli-common.h"
#include "belief-model-file.h"
#include "belief-render-file.h"
#include "belief-tiles-render.h"

static void
draw_tiles (cairo_t  *cr,
            double    width,
            double    height,
            gpointer  user_data)
{
  belief_tiles_render (cr, width, height, user_data, NULL);
}

int
belief_cli_tiles (int    argc,
                  char **argv)
{
  g_autofree char *out = NULL;
  g_autoptr(BeliefDbn) dbn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *W = NULL;
  g_autofree int *units = NULL;
  int layer = 1, grid = 10, code = 0, n_units, n_hid;
  gint64 seed = 1;
  BeliefTiles tiles = { 0 };
  BeliefRng rng;
  GOptionEntry entries[] = {
    { "layer", 0, 0, G_OPTION_ARG_INT, &layer, "Layer whose units to show (1: the first hidden layer; deeper ones projected into pixels)", "N" },
    { "grid", 0, 0, G_OPTION_ARG_INT, &grid, "Tiles per side (default 10)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the random choice of units", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "The picture (.png or .svg)", "OUT.png" },
    { NULL }
  };

  if (!belief_cli_parse ("tiles", "MODEL", "Receptive fields of randomly chosen units, blue-white-red.",
                         entries, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return belief_cli_fail ("tiles", "give exactly one MODEL.safetensors");
  if (out == NULL)
    return belief_cli_fail ("tiles", "no output file; give -o OUT.png or OUT.svg");
  if (grid < 1 || grid > 40)
    return belief_cli_fail ("tiles", "--grid %d: use 1 to 40 tiles per side", grid);
  if (!belief_cli_check_seed ("tiles", seed))
    return 1;
  if ((dbn = belief_model_load (argv[1], NULL, &error)) == NULL)
    return belief_cli_fail ("tiles", "%s", error->message);
  if (layer < 1 || layer > dbn->n_layers)
    return belief_cli_fail ("tiles", "--layer %d: this model has layers 1 to %d", layer, dbn->n_layers);

  n_hid = dbn->sizes[layer];
  W = belief_tiles_project (dbn, layer);
  n_units = MIN (grid * grid, n_hid);
  units = g_new (int, n_hid);
  for (int j = 0; j < n_hid; j++)
    units[j] = j;
  belief_rng_init (&rng, (guint64) seed);
  belief_rng_shuffle (&rng, (guint32 *) units, (gsize) n_hid);
  tiles = (BeliefTiles) {
    .W = W, .n_hid = n_hid, .rows = dbn->rows, .cols = dbn->cols,
    .units = units, .n_units = n_units, .grid_cols = MIN (grid, n_units),
    .colorbar = BELIEF_COLORBAR_RIGHT,
  };
  if (!belief_render_write_file (out, 900, 820, 1, draw_tiles, &tiles, &error))
    return belief_cli_fail ("tiles", "%s", error->message);
  printf ("Wrote %d receptive fields of layer %d to %s\n", n_units, layer, out);
  return 0;
}
