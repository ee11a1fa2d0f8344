/* belief-fidelity.h: generation fidelity as an independent judge reads it.
 *
 * A generated digit is faithful when a k-nearest-neighbour classifier on
 * the training images (belief-judge.h, never the model that generated it)
 * reads it as the label that was clamped.  BeliefSharedJudge builds that
 * classifier once per loaded training set, lazily, on whichever worker
 * thread first needs it (the others wait for it); it is shared by
 * reference, so a job keeps it alive while the view moves on.
 * BeliefFidelity sums up one batch of judged digits, and the two format
 * functions word it for the Generate view.
 */
#pragma once

#include <glib.h>

#include "belief-data.h"
#include "belief-judge.h"

G_BEGIN_DECLS

/* Neighbours the judge consults, as belief-cli judge does by default. */
#define BELIEF_FIDELITY_K          3
#define BELIEF_FIDELITY_MAX_LABELS 256

typedef struct _BeliefSharedJudge BeliefSharedJudge;

/* Does not build the judge yet; keeps a reference to data. */
BeliefSharedJudge *belief_shared_judge_new      (BeliefData        *data,
                                                 int                k);
BeliefSharedJudge *belief_shared_judge_ref      (BeliefSharedJudge *self);
void               belief_shared_judge_unref    (BeliefSharedJudge *self);
BeliefData        *belief_shared_judge_get_data (BeliefSharedJudge *self);
int                belief_shared_judge_get_k    (BeliefSharedJudge *self);
/* The judge, built on the first call (from any thread; a second caller
 * waits until it is built).  It takes ~0.1 s on 8,000 images: call it
 * off the main thread. */
const BeliefJudge *belief_shared_judge_get      (BeliefSharedJudge *self);

typedef struct
{
  int    count;                                   /* digits judged */
  int    n_labels;                                /* labels asked for: 0 .. n_labels-1 */
  int    hits;                                    /* read as wanted */
  double fidelity;                                /* hits / count */
  int    per_count[BELIEF_FIDELITY_MAX_LABELS];   /* digits of each wanted label */
  double per_label[BELIEF_FIDELITY_MAX_LABELS];   /* share read as wanted, NAN for none */
  int    worst;                                   /* label of the lowest share, -1 if none */
} BeliefFidelity;

/* Sums up count digits: wanted[i] was clamped, judged[i] was read. */
void  belief_fidelity_compute         (BeliefFidelity *fidelity,
                                       const int      *wanted,
                                       const int      *judged,
                                       int             count,
                                       int             n_labels);
/* "Fidelity: 94% of 100 digits read as their label by a 3-nearest-neighbour
 * judge (worst: label 3, 70%)"; with decimals 1, "94.1%". */
char *belief_fidelity_format          (const BeliefFidelity *fidelity,
                                       int                   k,
                                       int                   decimals);
/* "0: 100%   1: 98%   …", the labels that have digits; NULL if none. */
char *belief_fidelity_format_per_label (const BeliefFidelity *fidelity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefSharedJudge, belief_shared_judge_unref)

G_END_DECLS
