/* belief-fidelity.c: the shared k-NN judge and the fidelity of a batch. */
#include "belief-fidelity.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

struct _BeliefSharedJudge
{
  gatomicrefcount  ref;
  BeliefData      *data;
  int              k;
  GMutex           lock;   /* guards judge while it is built */
  BeliefJudge     *judge;
};

BeliefSharedJudge *
belief_shared_judge_new (BeliefData *data,
                         int         k)
{
  BeliefSharedJudge *self;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (k >= 1, NULL);

  self = g_new0 (BeliefSharedJudge, 1);
  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  self->data = belief_data_ref (data);
  self->k = k;
  return self;
}

BeliefSharedJudge *
belief_shared_judge_ref (BeliefSharedJudge *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
belief_shared_judge_unref (BeliefSharedJudge *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  belief_judge_free (self->judge);
  belief_data_unref (self->data);
  g_mutex_clear (&self->lock);
  g_free (self);
}

BeliefData *
belief_shared_judge_get_data (BeliefSharedJudge *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->data;
}

int
belief_shared_judge_get_k (BeliefSharedJudge *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->k;
}

const BeliefJudge *
belief_shared_judge_get (BeliefSharedJudge *self)
{
  const BeliefJudge *judge;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->lock);
  if (self->judge == NULL)
    self->judge = belief_judge_new (belief_data_get_train (self->data), 0, self->k);
  judge = self->judge;
  g_mutex_unlock (&self->lock);
  return judge;
}

/* ---- a batch of judged digits ----------------------------------------------- */

void
belief_fidelity_compute (BeliefFidelity *fidelity,
                         const int      *wanted,
                         const int      *judged,
                         int             count,
                         int             n_labels)
{
  int hits[BELIEF_FIDELITY_MAX_LABELS] = { 0 };

  g_return_if_fail (fidelity != NULL);
  g_return_if_fail (count == 0 || (wanted != NULL && judged != NULL));
  g_return_if_fail (n_labels >= 0 && n_labels <= BELIEF_FIDELITY_MAX_LABELS);

  memset (fidelity, 0, sizeof *fidelity);
  fidelity->count = count;
  fidelity->n_labels = n_labels;
  for (int i = 0; i < count; i++)
    {
      if (wanted[i] < 0 || wanted[i] >= n_labels)
        continue;
      fidelity->per_count[wanted[i]]++;
      if (judged[i] == wanted[i])
        {
          hits[wanted[i]]++;
          fidelity->hits++;
        }
    }
  fidelity->fidelity = count > 0 ? (double) fidelity->hits / count : NAN;
  fidelity->worst = -1;
  for (int c = 0; c < BELIEF_FIDELITY_MAX_LABELS; c++)
    {
      if (c >= n_labels || fidelity->per_count[c] == 0)
        {
          fidelity->per_label[c] = NAN;
          continue;
        }
      fidelity->per_label[c] = (double) hits[c] / fidelity->per_count[c];
      if (fidelity->worst < 0 || fidelity->per_label[c] < fidelity->per_label[fidelity->worst])
        fidelity->worst = c;
    }
}

static char *
format_percent (double share,
                int    decimals)
{
  /* Translators: a percentage, such as "94%" or "94.1%" */
  return g_strdup_printf (_("%.*f%%"), decimals, 100.0 * share);
}

char *
belief_fidelity_format (const BeliefFidelity *fidelity,
                        int                   k,
                        int                   decimals)
{
  g_autofree char *share = NULL;
  g_autofree char *worst = NULL;
  int labels_seen = 0;

  g_return_val_if_fail (fidelity != NULL, NULL);

  if (fidelity->count == 0)
    return g_strdup ("");
  share = format_percent (fidelity->fidelity, decimals);
  for (int c = 0; c < fidelity->n_labels; c++)
    labels_seen += fidelity->per_count[c] > 0;
  /* the worst label only when there is a choice and it is not perfect */
  if (fidelity->worst < 0 || labels_seen < 2 || fidelity->per_label[fidelity->worst] >= 1.0)
    return g_strdup_printf (ngettext ("Fidelity: %s of %d digit read as its label by a "
                                      "%d-nearest-neighbour judge",
                                      "Fidelity: %s of %d digits read as their label by a "
                                      "%d-nearest-neighbour judge", fidelity->count),
                            share, fidelity->count, k);
  worst = format_percent (fidelity->per_label[fidelity->worst], 0);
  return g_strdup_printf (ngettext ("Fidelity: %s of %d digit read as its label by a "
                                    "%d-nearest-neighbour judge (worst: label %d, %s)",
                                    "Fidelity: %s of %d digits read as their label by a "
                                    "%d-nearest-neighbour judge (worst: label %d, %s)",
                                    fidelity->count),
                          share, fidelity->count, k, fidelity->worst, worst);
}

char *
belief_fidelity_format_per_label (const BeliefFidelity *fidelity)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (fidelity != NULL, NULL);

  for (int c = 0; c < fidelity->n_labels; c++)
    {
      g_autofree char *share = NULL;

      if (fidelity->per_count[c] == 0)
        continue;
      share = format_percent (fidelity->per_label[c], 0);
      if (text->len > 0)
        g_string_append (text, "   ");
      /* Translators: one label's fidelity in a row of ten, such as "3: 70%" */
      g_string_append_printf (text, _("%d: %s"), c, share);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}
