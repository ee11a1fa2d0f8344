/* fuzz-replay.c: a fuzz target's committed inputs, replayed without libFuzzer.
 *
 *   replay-TARGET DIR...
 *
 * Runs every file of every DIR (in name order) through the target's
 * LLVMFuzzerTestOneInput and reports TAP.  Files named ok-* must be accepted
 * and bad-* rejected; any other name (libFuzzer's hashes, crash-*, leak-*)
 * only must not crash, leak or trip a check.  A missing DIR is noted and
 * skipped (an empty regressions/ folder is not kept by git), but a run with no
 * file at all fails: it would test nothing.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz-target.h"

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static GPtrArray *
sorted_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (files, compare_paths);
  return files;
}

/* NULL when the verdict is as the name says, else what went wrong. */
static const char *
wrong_verdict (const char *path,
               gboolean    accepted)
{
  g_autofree char *base = g_path_get_basename (path);

  if (g_str_has_prefix (base, "ok-") && !accepted)
    return "rejected, but named ok-";
  if (g_str_has_prefix (base, "bad-") && accepted)
    return "accepted, but named bad-";
  return NULL;
}

/* One file as TAP test number N; FALSE when it failed. */
static gboolean
replay (const char *path,
        guint       n)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *wrong;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      printf ("not ok %u - %s: %s\n", n, path, error->message);
      return FALSE;
    }
  fflush (stdout);  /* a crash below leaves the log ending at this file */
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
  wrong = wrong_verdict (path, belief_fuzz_accepted);
  if (wrong != NULL)
    {
      printf ("not ok %u - %s: %s\n", n, path, wrong);
      return FALSE;
    }
  printf ("ok %u - %s (%zu bytes, %s)\n", n, path, len,
          belief_fuzz_accepted ? "accepted" : "rejected");
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  guint n = 0, failed = 0;

  for (int a = 1; a < argc; a++)
    {
      g_autoptr(GPtrArray) files = NULL;

      if (!g_file_test (argv[a], G_FILE_TEST_IS_DIR))
        {
          printf ("# %s: no such folder, skipped\n", argv[a]);
          continue;
        }
      files = sorted_files (argv[a]);
      for (guint i = 0; i < files->len; i++)
        if (!replay (g_ptr_array_index (files, i), ++n))
          failed++;
    }
  if (n == 0)
    {
      printf ("not ok 1 - no input files in the given folders: nothing was replayed\n1..1\n");
      return 1;
    }
  printf ("1..%u\n", n);
  return failed > 0 ? 1 : 0;
}
