/* belief-loglik-dialog.h: the mean test log-probability of the model's first
 * RBM, measured in a dialog.
 *
 * For a single RBM without labels that is the model itself; for a DBN it is
 * RBM 1 as a model of the digits (the DBN's own likelihood is not
 * estimated).  The partition function is estimated by Annealed Importance
 * Sampling (belief-ais.h: 100 runs, 14,500 betas, seed 1, base rates from
 * the training split); the test images are binarised stochastically with
 * the fixed seed belief-cli loglik uses, so both report the same numbers.
 * With at most 20 hidden units the exact log Z is summed too, in pieces so
 * that Cancel is heard within a fraction of a second.
 *
 * The work runs on its own thread over copies (the RBM, a reference to the
 * immutable data); progress comes back through at most one pending idle.
 * Cancel, Escape and closing the dialog (or its parent) cancel the run and
 * join the thread before the dialog goes: nothing outlives it.
 */
#pragma once

#include <gtk/gtk.h>

#include "belief-data.h"
#include "belief-dbn.h"

G_BEGIN_DECLS

typedef struct
{
  double log_z, log_z_lo, log_z_hi;  /* AIS estimate, +-3 sd (lo may be -INFINITY) */
  double log_z_exact;                /* NAN above 20 hidden units */
  double log_z_base, ess;
  double mean_log_prob;              /* nats per test image; NAN without test images */
  double mean_log_prob_lo, mean_log_prob_hi;
  double mean_log_prob_exact;        /* with the exact log Z, or NAN */
  int    n_runs, n_betas, n_test, n_hidden;
  guint  n_train;
  double seconds;
} BeliefLoglikResult;

#define BELIEF_TYPE_LOGLIK_DIALOG (belief_loglik_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BeliefLoglikDialog, belief_loglik_dialog, BELIEF, LOGLIK_DIALOG, GtkWindow)

/* A modal dialog over parent that starts measuring the first RBM of model
 * (copied) on data at once, or explains why it cannot. */
GtkWidget  *belief_loglik_dialog_new        (GtkWindow       *parent,
                                             const BeliefDbn *model,
                                             BeliefData      *data);
gboolean    belief_loglik_dialog_is_running (BeliefLoglikDialog *self);
/* Stops the run and waits for its thread (the Cancel button also closes). */
void        belief_loglik_dialog_cancel     (BeliefLoglikDialog *self);
/* FALSE until a run has finished. */
gboolean    belief_loglik_dialog_get_result (BeliefLoglikDialog *self,
                                             BeliefLoglikResult *result);
/* The report the Copy button copies, or NULL before the end. */
const char *belief_loglik_dialog_get_text   (BeliefLoglikDialog *self);

G_END_DECLS
