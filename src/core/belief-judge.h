/* belief-judge.h: an independent judge of images, k-nearest neighbours.
 *
 * Generation fidelity must not be measured by the model that generated: the
 * judge labels images by a majority vote of their k nearest training images
 * (Euclidean distance on pixels in [0, 1]; ties go to the nearest of the
 * tied labels).  Distances come from one matrix product per chunk:
 * |x - t|^2 = |x|^2 - 2 x.t + |t|^2.
 */
#pragma once

#include <glib.h>

#include "belief-dataset.h"

G_BEGIN_DECLS

typedef struct _BeliefJudge BeliefJudge;

/* At most this many training images are kept (as floats: 31 MB for 28x28). */
#define BELIEF_JUDGE_MAX_IMAGES 10000

/* Keeps n images of ds spread evenly over it (n = 0: all of them, up to
 * BELIEF_JUDGE_MAX_IMAGES), as floats. */
BeliefJudge *belief_judge_new      (const BeliefDataset *ds, guint n, int k);
void         belief_judge_free     (BeliefJudge *judge);
int          belief_judge_n_classes (const BeliefJudge *judge);

/* labels[i] for images (count, dim). */
void         belief_judge_classify (const BeliefJudge *judge, const float *images,
                                    int count, int *labels);

/* Share (0..1) of images whose judged label is wanted[i]; per_label
 * (n_classes entries, or NULL) gets the share per wanted label (NAN where
 * there is no image of that label). */
double       belief_judge_fidelity (const BeliefJudge *judge, const float *images,
                                    const int *wanted, int count, double *per_label);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefJudge, belief_judge_free)

G_END_DECLS
