/* belief-status.c: progress in words. */
#include "belief-status.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

char *
belief_status_format_count (guint64 n)
{
  const char *sep = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  if (sep == NULL || sep[0] == '\0')
    sep = ",";
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
belief_status_format_duration (double seconds)
{
  guint64 s = (guint64) MAX (0.0, round (seconds));

  if (s < 60)
    /* Translators: a duration in seconds */
    return g_strdup_printf (_("%u s"), (guint) s);
  if (s < 3600)
    {
      if (s % 60 == 0 || s >= 600)
        /* Translators: a duration in minutes */
        return g_strdup_printf (_("%u min"), (guint) ((s + 30) / 60));
      /* Translators: a duration in minutes and seconds */
      return g_strdup_printf (_("%u min %u s"), (guint) (s / 60), (guint) (s % 60));
    }
  /* Translators: a duration in hours and minutes */
  return g_strdup_printf (_("%u h %u min"), (guint) (s / 3600), (guint) (s % 3600 / 60));
}

char *
belief_status_format_progress (const BeliefProgress *p,
                               gboolean              paused)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (p != NULL, NULL);

  if (paused)
    g_ptr_array_add (parts, g_strdup (_("Paused")));
  switch (p->phase)
    {
    case BELIEF_PHASE_PRETRAIN:
      g_ptr_array_add (parts, g_strdup_printf (_("Pretraining layer %d of %d"),
                                               p->layer + 1, p->n_layers));
      break;
    case BELIEF_PHASE_FINETUNE:
      g_ptr_array_add (parts, g_strdup (_("Fine-tuning")));
      break;
    case BELIEF_PHASE_DONE:
    default:
      g_ptr_array_add (parts, g_strdup (_("Finished")));
      break;
    }
  g_ptr_array_add (parts, g_strdup_printf (_("epoch %d of %d"), p->epoch + 1, p->n_epochs));
  g_ptr_array_add (parts, g_strdup_printf (_("minibatch %d of %d"),
                                           p->batch_index + 1, p->n_batches));
  if (!paused)
    {
      g_autofree char *speed = belief_status_format_count ((guint64) round (p->samples_per_sec));
      g_autofree char *left = belief_status_format_duration (p->eta);

      g_ptr_array_add (parts, g_strdup_printf (_("%s samples/s"), speed));
      if (p->updates < p->updates_total)
        g_ptr_array_add (parts, g_strdup_printf (_("about %s left"), left));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* text with its spaces made no-break spaces (U+00A0): a line of a label
 * breaks between the parts of a list, not inside "10,000 test". */
static char *
keep_together (char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  g_free (text);
  return g_strjoinv ("\u00a0", words);
}

char *
belief_status_format_data_sizes (guint64 n_train,
                                 guint64 n_validation,
                                 guint64 n_test,
                                 guint   rows,
                                 guint   cols)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  g_autofree char *frame = NULL;
  g_auto(GStrv) halves = NULL;

  if (n_train > 0 || (n_validation == 0 && n_test == 0))
    {
      g_autofree char *count = belief_status_format_count (n_train);

      /* Translators: part of "50,000 training · 10,000 validation · 10,000 test images, 28×28" */
      g_ptr_array_add (parts, keep_together (g_strdup_printf (_("%s training"), count)));
    }
  if (n_validation > 0)
    {
      g_autofree char *count = belief_status_format_count (n_validation);

      /* Translators: part of "50,000 training · 10,000 validation · 10,000 test images, 28×28" */
      g_ptr_array_add (parts, keep_together (g_strdup_printf (_("%s validation"), count)));
    }
  if (n_test > 0)
    {
      g_autofree char *count = belief_status_format_count (n_test);

      /* Translators: part of "50,000 training · 10,000 validation · 10,000 test images, 28×28" */
      g_ptr_array_add (parts, keep_together (g_strdup_printf (_("%s test"), count)));
    }
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv (" · ", (char **) parts->pdata);
  /* Translators: the first %s is "50,000 training · 10,000 validation · 10,000 test",
   * then the images' rows and columns */
  frame = g_strdup_printf (_("%s images, %u×%u"), "\t", rows, cols);
  /* the words around the list kept together too ("test images, 28×28"),
   * the list put in where the tab marks its place */
  frame = keep_together (frame);
  halves = g_strsplit (frame, "\t", 2);
  return g_strconcat (halves[0], joined, halves[1] != NULL ? halves[1] : "", NULL);
}

char *
belief_status_format_ready (const char *architecture,
                            guint64     n_train)
{
  g_autofree char *count = belief_status_format_count (n_train);

  return g_strdup_printf (_("Ready · %s · %s training images · press Train to start"),
                          architecture, count);
}

char *
belief_status_format_loaded (const char *name,
                             const char *architecture)
{
  if (name == NULL || name[0] == '\0')
    return g_strdup_printf (_("Loaded model · %s · Reset makes a new model from the settings"),
                            architecture);
  return g_strdup_printf (_("Model “%s” · %s · Reset makes a new model from the settings"),
                          name, architecture);
}

char *
belief_status_format_finished (const char *architecture,
                               double      test_accuracy,
                               double      seconds)
{
  g_autofree char *took = belief_status_format_duration (seconds);

  if (test_accuracy >= 0)
    return g_strdup_printf (_("Finished · %s · test accuracy %.1f %% · trained in %s"),
                            architecture, 100.0 * test_accuracy, took);
  return g_strdup_printf (_("Finished · %s · trained in %s"), architecture, took);
}
