/* belief-cli.h: one function per belief-cli command.
 *
 * Each takes the command's own argv (argv[0] is the command name), parses it
 * with GOptionContext, and returns the process exit status.  Errors print one
 * line on stderr, "belief-cli COMMAND: what is wrong", and return 1; usage
 * errors return 2.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int belief_cli_train    (int argc, char **argv);
int belief_cli_eval     (int argc, char **argv);
int belief_cli_generate (int argc, char **argv);
int belief_cli_recover  (int argc, char **argv);
int belief_cli_bench    (int argc, char **argv);
int belief_cli_import   (int argc, char **argv);
int belief_cli_tiles    (int argc, char **argv);
int belief_cli_plot     (int argc, char **argv);
int belief_cli_reproduce (int argc, char **argv);
int belief_cli_judge   (int argc, char **argv);
int belief_cli_loglik  (int argc, char **argv);

/* Prints "belief-cli CMD: message" on stderr and returns 1. */
int belief_cli_fail     (const char *cmd, const char *format, ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
