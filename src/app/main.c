/* main.c: Belief, the desktop app. */
#include <glib/gi18n.h>
#include <locale.h>

#include "belief-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BeliefApplication) app = NULL;

  belief_application_tune_memory ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = belief_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
