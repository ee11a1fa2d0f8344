/* belief-loglik-dialog.c: AIS on a worker thread, its progress and result. */
#include "belief-loglik-dialog.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "belief-ais.h"
#include "belief-status.h"

/* Every model is scored on the same binary test images: belief-cli
 * loglik's seed. */
#define BINARISE_SEED    2008
/* The exact log Z sums over 2^n_hid hidden states: up to 20 it takes seconds. */
#define EXACT_MAX_HIDDEN 20
/* Hidden units summed at once by one piece of the exact sum. */
#define EXACT_PIECE      14

typedef enum
{
  PHASE_ANNEALING,
  PHASE_EXACT,
  PHASE_SCORING,
} Phase;

/* One run: shared by the thread, its idles and the dialog. */
typedef struct
{
  gatomicrefcount     ref;
  GWeakRef            dialog;
  GCancellable       *cancellable;
  BeliefRbm          *rbm;       /* the thread's own copy */
  BeliefData         *data;

  GMutex              lock;      /* guards the three below */
  double              fraction;
  Phase               phase;
  gboolean            queued;

  /* written by the thread, read after it is joined */
  BeliefLoglikResult  result;
  GError             *error;
} Job;

struct _BeliefLoglikDialog
{
  GtkWindow       parent_instance;

  Job            *job;           /* the running job, or NULL */
  GThread        *thread;
  gboolean        finished;
  BeliefLoglikResult result;
  char           *subject;       /* what is measured, for the copied text */
  char           *text;

  /* template */
  GtkLabel       *subject_label;
  GtkLabel       *method_label;
  GtkWidget      *progress_box;
  GtkProgressBar *progress;
  GtkLabel       *status_label;
  GtkWidget      *result_grid;
  GtkLabel       *log_z_value;
  GtkWidget      *exact_caption;
  GtkLabel       *exact_value;
  GtkWidget      *log_prob_caption;
  GtkLabel       *log_prob_value;
  GtkWidget      *log_prob_exact_caption;
  GtkLabel       *log_prob_exact_value;
  GtkLabel       *note_label;
  GtkWidget      *copy_button;
  GtkButton      *close_button;
};

G_DEFINE_FINAL_TYPE (BeliefLoglikDialog, belief_loglik_dialog, GTK_TYPE_WINDOW)

static Job *
job_ref (Job *job)
{
  g_atomic_ref_count_inc (&job->ref);
  return job;
}

static void
job_unref (gpointer data)
{
  Job *job = data;

  if (!g_atomic_ref_count_dec (&job->ref))
    return;
  g_weak_ref_clear (&job->dialog);
  g_clear_object (&job->cancellable);
  belief_rbm_free (job->rbm);
  g_clear_pointer (&job->data, belief_data_unref);
  g_clear_error (&job->error);
  g_mutex_clear (&job->lock);
  g_free (job);
}

/* ---- the thread ------------------------------------------------------------------ */

static gboolean
progress_idle_cb (gpointer data)
{
  Job *job = data;
  g_autoptr(BeliefLoglikDialog) self = g_weak_ref_get (&job->dialog);
  g_autofree char *text = NULL;
  double fraction;
  Phase phase;

  g_mutex_lock (&job->lock);
  job->queued = FALSE;
  fraction = job->fraction;
  phase = job->phase;
  g_mutex_unlock (&job->lock);

  if (self == NULL || self->job != job || g_cancellable_is_cancelled (job->cancellable))
    return G_SOURCE_REMOVE;
  switch (phase)
    {
    case PHASE_EXACT:
      text = g_strdup (_("Summing the exact log Z over all hidden states…"));
      break;
    case PHASE_SCORING:
      text = g_strdup (_("Scoring the test images…"));
      break;
    case PHASE_ANNEALING:
    default:
      text = g_strdup_printf (_("Annealed importance sampling · %d%%"), (int) (100.0 * fraction));
      break;
    }
  gtk_label_set_text (self->status_label, text);
  gtk_progress_bar_set_fraction (self->progress, fraction);
  return G_SOURCE_REMOVE;
}

/* On the thread: at most one idle pending. */
static void
report (Job    *job,
        Phase   phase,
        double  fraction)
{
  g_mutex_lock (&job->lock);
  job->phase = phase;
  job->fraction = fraction;
  if (!job->queued)
    {
      job->queued = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT, progress_idle_cb, job_ref (job), job_unref);
    }
  g_mutex_unlock (&job->lock);
}

static gboolean
ais_progress_cb (double   fraction,
                 gpointer user_data)
{
  Job *job = user_data;

  if (g_cancellable_is_cancelled (job->cancellable))
    return FALSE;
  report (job, PHASE_ANNEALING, fraction);
  return TRUE;
}

static double
log_add (double a,
         double b)
{
  double hi = MAX (a, b), lo = MIN (a, b);

  if (hi == -INFINITY)
    return -INFINITY;
  return hi + log1p (exp (lo - hi));
}

/* log Z by the exact sum, in 2^m pieces: in each, the last m hidden units
 * are fixed to one state h_p and fold into the visible biases,
 *   Z = sum_{h_p} exp(c_p.h_p) Z'(b + W_p h_p),
 * with Z' summed by belief_rbm_log_z_exact over the other hidden units.
 * Cancelling is heard between pieces; then NAN. */
static double
log_z_exact_cancellable (const BeliefRbm *rbm,
                         GCancellable    *cancellable)
{
  int V = rbm->n_vis, H = rbm->n_hid, m = MAX (0, H - EXACT_PIECE), h = H - m;
  g_autoptr(BeliefRbm) part = NULL;
  double log_z = -INFINITY;

  if (m == 0)
    return belief_rbm_log_z_exact (rbm);
  part = belief_rbm_new (V, h, rbm->n_label);
  for (int i = 0; i < V; i++)
    memcpy (part->W + (gsize) i * h, rbm->W + (gsize) i * H, h * sizeof (float));
  memcpy (part->c, rbm->c, h * sizeof (float));
  for (guint32 p = 0; p < (1u << m); p++)
    {
      double c_dot = 0.0;

      if (g_cancellable_is_cancelled (cancellable))
        return NAN;
      for (int t = 0; t < m; t++)
        if (p >> t & 1)
          c_dot += rbm->c[h + t];
      for (int i = 0; i < V; i++)
        {
          double b = rbm->b[i];

          for (int t = 0; t < m; t++)
            if (p >> t & 1)
              b += rbm->W[(gsize) i * H + h + t];
          part->b[i] = (float) b;
        }
      log_z = log_add (log_z, c_dot + belief_rbm_log_z_exact (part));
    }
  return log_z;
}

static gboolean done_idle_cb (gpointer data);

static gpointer
loglik_thread (gpointer data)
{
  Job *job = data;
  const BeliefDataset *train = belief_data_get_train (job->data);
  const BeliefDataset *test = belief_data_get_test (job->data);
  const BeliefRbm *rbm = job->rbm;
  BeliefLoglikResult *r = &job->result;
  g_auto(BeliefAisResult) ais = { 0 };
  g_autofree float *base = g_new (float, rbm->n_vis);
  BeliefAisOptions opt;
  gint64 t0 = g_get_monotonic_time ();

  belief_ais_base_biases (train, base);
  belief_ais_options_init (&opt);
  if (!belief_ais_log_z (rbm, base, &opt, ais_progress_cb, job, &ais, &job->error))
    goto out;
  r->log_z = ais.log_z;
  r->log_z_lo = ais.log_z_lo;
  r->log_z_hi = ais.log_z_hi;
  r->log_z_base = ais.log_z_base;
  r->ess = ais.ess;
  r->n_runs = ais.n_runs;
  r->n_betas = ais.n_betas;
  r->n_hidden = rbm->n_hid;
  r->n_train = train->n;
  r->log_z_exact = NAN;
  r->mean_log_prob = r->mean_log_prob_lo = r->mean_log_prob_hi = r->mean_log_prob_exact = NAN;

  if (rbm->n_hid <= EXACT_MAX_HIDDEN)
    {
      report (job, PHASE_EXACT, 1.0);
      r->log_z_exact = log_z_exact_cancellable (rbm, job->cancellable);
    }
  if (g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
    goto out;

  if (test != NULL && test->n > 0 && (int) test->dim == rbm->n_vis)
    {
      gsize n = (gsize) test->n * rbm->n_vis;
      g_autofree float *v = g_new (float, n);
      g_autofree float *u = g_new (float, n);
      BeliefRng rng;

      report (job, PHASE_SCORING, 1.0);
      /* each pixel on with probability its intensity, as belief-cli loglik */
      belief_dataset_fill_floats (test, NULL, 0, test->n, v);
      belief_rng_init (&rng, BINARISE_SEED);
      belief_rng_fill_uniform (&rng, u, n);
      for (gsize i = 0; i < n; i++)
        v[i] = v[i] > u[i] ? 1.0f : 0.0f;
      r->n_test = (int) test->n;
      r->mean_log_prob = belief_ais_mean_log_prob (rbm, v, r->n_test, r->log_z);
      /* a larger log Z gives a lower log-probability */
      r->mean_log_prob_lo = r->mean_log_prob + r->log_z - r->log_z_hi;
      r->mean_log_prob_hi = r->mean_log_prob + r->log_z - r->log_z_lo;
      if (isfinite (r->log_z_exact))
        r->mean_log_prob_exact = r->mean_log_prob + r->log_z - r->log_z_exact;
    }
  r->seconds = (g_get_monotonic_time () - t0) / 1e6;

out:
  /* a cancelled job is joined by the dialog, which no longer waits for news */
  if (!g_cancellable_is_cancelled (job->cancellable))
    g_idle_add_full (G_PRIORITY_DEFAULT, done_idle_cb, job_ref (job), job_unref);
  job_unref (job);
  return NULL;
}

/* ---- showing ---------------------------------------------------------------------- */

/* "451.2345", or "−∞" / "+∞" */
static char *
format_nats (double x)
{
  if (isnan (x))
    return g_strdup ("–");
  if (isinf (x))
    return g_strdup (x < 0 ? "−∞" : "+∞");
  return g_strdup_printf ("%.4f", x);
}

static void
show_result (BeliefLoglikDialog *self)
{
  const BeliefLoglikResult *r = &self->result;
  g_autofree char *log_z = format_nats (r->log_z), *lo = format_nats (r->log_z_lo);
  g_autofree char *hi = format_nats (r->log_z_hi), *exact = format_nats (r->log_z_exact);
  g_autofree char *lp = format_nats (r->mean_log_prob), *lp_lo = format_nats (r->mean_log_prob_lo);
  g_autofree char *lp_hi = format_nats (r->mean_log_prob_hi);
  g_autofree char *lp_exact = format_nats (r->mean_log_prob_exact);
  g_autofree char *log_z_text = NULL, *exact_text = NULL, *lp_text = NULL, *lp_exact_text = NULL;
  g_autofree char *note = NULL;
  g_autofree char *runs = NULL, *betas = NULL, *n_test = NULL, *n_train = NULL;
  g_autoptr(GString) copy = g_string_new (NULL);
  gboolean has_exact = isfinite (r->log_z_exact), has_test = isfinite (r->mean_log_prob);

  log_z_text = g_strdup_printf (_("%s  (±3 sd: [%s, %s])"), log_z, lo, hi);
  gtk_label_set_text (self->log_z_value, log_z_text);
  if (has_exact)
    {
      exact_text = g_strdup_printf (_("%s  (summed over all 2^%d hidden states)"), exact, r->n_hidden);
      gtk_label_set_text (self->exact_value, exact_text);
    }
  gtk_widget_set_visible (self->exact_caption, has_exact);
  gtk_widget_set_visible (GTK_WIDGET (self->exact_value), has_exact);
  if (has_test)
    lp_text = g_strdup_printf (_("%s nats per image  [%s, %s]"), lp, lp_lo, lp_hi);
  else
    lp_text = g_strdup (_("No test images fit the model"));
  gtk_label_set_text (self->log_prob_value, lp_text);
  if (has_test && has_exact)
    {
      lp_exact_text = g_strdup_printf (_("%s nats per image"), lp_exact);
      gtk_label_set_text (self->log_prob_exact_value, lp_exact_text);
    }
  gtk_widget_set_visible (self->log_prob_exact_caption, has_test && has_exact);
  gtk_widget_set_visible (GTK_WIDGET (self->log_prob_exact_value), has_test && has_exact);

  runs = belief_status_format_count (r->n_runs);
  betas = belief_status_format_count (r->n_betas);
  n_test = belief_status_format_count (r->n_test);
  n_train = belief_status_format_count (r->n_train);
  note = g_strdup_printf (_("AIS: %s runs, %s betas, effective sample size %.1f of %s; "
                            "%s test images binarised with a fixed seed; base rates of %s "
                            "training images; %.1f s"),
                          runs, betas, r->ess, runs, n_test, n_train, r->seconds);
  if (!isfinite (r->log_z_lo))
    {
      g_autofree char *more = g_strdup_printf ("%s\n%s", note,
                                               _("The weights of the runs vary so much that the mean "
                                                 "minus 3 sd is not positive: no lower bound."));

      g_free (note);
      note = g_steal_pointer (&more);
    }
  gtk_label_set_text (self->note_label, note);

  g_string_append_printf (copy, "%s\n", self->subject);
  g_string_append_printf (copy, "%s %s\n", _("log Z:"), log_z_text);
  if (has_exact)
    g_string_append_printf (copy, "%s %s\n", _("Exact log Z:"), exact_text);
  g_string_append_printf (copy, "%s %s\n", _("Mean test log-probability:"), lp_text);
  if (lp_exact_text != NULL)
    g_string_append_printf (copy, "%s %s\n", _("With the exact log Z:"), lp_exact_text);
  g_string_append_printf (copy, "%s\n", note);
  g_free (self->text);
  self->text = g_string_free (g_steal_pointer (&copy), FALSE);

  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_widget_set_visible (self->result_grid, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
  gtk_widget_set_visible (self->copy_button, TRUE);
  gtk_widget_grab_focus (self->copy_button);
}

static void
show_problem (BeliefLoglikDialog *self,
              const char         *message)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_label_set_text (self->status_label, message);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_button_set_label (self->close_button, _("Cl_ose"));
}

/* Stops the thread and waits for it. */
static void
stop (BeliefLoglikDialog *self)
{
  if (self->thread == NULL)
    return;
  g_cancellable_cancel (self->job->cancellable);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->job, job_unref);
}

static gboolean
done_idle_cb (gpointer data)
{
  Job *job = data;
  g_autoptr(BeliefLoglikDialog) self = g_weak_ref_get (&job->dialog);

  if (self == NULL || self->job != job)
    return G_SOURCE_REMOVE;
  /* the thread has only to return */
  g_thread_join (g_steal_pointer (&self->thread));
  self->job = NULL;
  gtk_button_set_label (self->close_button, _("Cl_ose"));
  if (job->error != NULL)
    show_problem (self, job->error->message);
  else
    {
      self->result = job->result;
      self->finished = TRUE;
      show_result (self);
    }
  job_unref (job);
  return G_SOURCE_REMOVE;
}

/* ---- actions ---------------------------------------------------------------------- */

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  BeliefLoglikDialog *self = BELIEF_LOGLIK_DIALOG (widget);

  stop (self);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BeliefLoglikDialog *self = BELIEF_LOGLIK_DIALOG (widget);

  if (self->text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->text);
}

/* ---- GObject and GtkWindow ---------------------------------------------------------- */

static gboolean
belief_loglik_dialog_close_request (GtkWindow *window)
{
  stop (BELIEF_LOGLIK_DIALOG (window));
  return GTK_WINDOW_CLASS (belief_loglik_dialog_parent_class)->close_request (window);
}

static void
belief_loglik_dialog_dispose (GObject *object)
{
  BeliefLoglikDialog *self = BELIEF_LOGLIK_DIALOG (object);

  stop (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BELIEF_TYPE_LOGLIK_DIALOG);

  G_OBJECT_CLASS (belief_loglik_dialog_parent_class)->dispose (object);
}

static void
belief_loglik_dialog_finalize (GObject *object)
{
  BeliefLoglikDialog *self = BELIEF_LOGLIK_DIALOG (object);

  g_free (self->subject);
  g_free (self->text);

  G_OBJECT_CLASS (belief_loglik_dialog_parent_class)->finalize (object);
}

static void
belief_loglik_dialog_class_init (BeliefLoglikDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = belief_loglik_dialog_dispose;
  object_class->finalize = belief_loglik_dialog_finalize;
  window_class->close_request = belief_loglik_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/belief/Belief/belief-loglik-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BeliefLoglikDialog, name)
  BIND (subject_label);
  BIND (method_label);
  BIND (progress_box);
  BIND (progress);
  BIND (status_label);
  BIND (result_grid);
  BIND (log_z_value);
  BIND (exact_caption);
  BIND (exact_value);
  BIND (log_prob_caption);
  BIND (log_prob_value);
  BIND (log_prob_exact_caption);
  BIND (log_prob_exact_value);
  BIND (note_label);
  BIND (copy_button);
  BIND (close_button);
#undef BIND

  gtk_widget_class_install_action (widget_class, "loglik.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "loglik.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "loglik.close", NULL);
}

static void
belief_loglik_dialog_init (BeliefLoglikDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- public API -------------------------------------------------------------------- */

/* What is measured (a title and a sentence), and *problem set when it
 * cannot be. */
static void
describe_subject (const BeliefDbn  *model,
                  BeliefData       *data,
                  char            **title,
                  char            **detail,
                  char            **problem)
{
  const BeliefRbm *rbm = model->rbms[0];
  const BeliefDataset *train = data != NULL ? belief_data_get_train (data) : NULL;
  g_autofree char *arch = belief_dbn_describe (model);

  *problem = NULL;
  if (rbm->n_label > 0)
    *problem = g_strdup (_("This model is one RBM with label units: its probability of a digit "
                           "alone would need a sum over the labels, which this estimate does not "
                           "do. Switch off “Label units”, press Reset and train to measure an RBM."));
  else if (train == NULL || train->n == 0)
    *problem = g_strdup (_("No training images to take the base rates from: open a data folder first."));
  else if ((int) train->dim != rbm->n_vis)
    *problem = g_strdup_printf (_("The model expects %d×%d images but the data has %u×%u."),
                                model->rows, model->cols, train->rows, train->cols);
  if (model->n_layers == 1)
    {
      *title = g_strdup_printf (_("The RBM %s as a model of the digits"), arch);
      *detail = g_strdup (_("The model itself is measured."));
    }
  else
    {
      *title = g_strdup_printf (_("RBM 1 (%d-%d) as a model of the digits"), rbm->n_vis, rbm->n_hid);
      *detail = g_strdup_printf (_("The first RBM of the DBN %s is measured on its own; the "
                                   "DBN’s own likelihood is not estimated."), arch);
    }
}

GtkWidget *
belief_loglik_dialog_new (GtkWindow       *parent,
                          const BeliefDbn *model,
                          BeliefData      *data)
{
  BeliefLoglikDialog *self;
  g_autofree char *title = NULL, *detail = NULL, *problem = NULL, *method = NULL;
  g_autofree char *runs = NULL, *betas = NULL, *n_test = NULL;
  const BeliefDataset *test;
  Job *job;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (model != NULL, NULL);

  self = g_object_new (BELIEF_TYPE_LOGLIK_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       NULL);
  describe_subject (model, data, &title, &detail, &problem);
  gtk_label_set_text (self->subject_label, title);
  self->subject = g_strdup_printf ("%s. %s", title, detail);
  test = data != NULL ? belief_data_get_test (data) : NULL;
  runs = belief_status_format_count (BELIEF_AIS_DEFAULT_RUNS);
  betas = belief_status_format_count (BELIEF_AIS_DEFAULT_BETAS);
  n_test = belief_status_format_count (test != NULL ? test->n : 0);
  method = g_strdup_printf (_("%s log Z is estimated by Annealed Importance Sampling "
                              "(Salakhutdinov & Murray 2008): %s runs through %s "
                              "distributions from a base-rate model of the training images. "
                              "Then the mean of log p(v) = −F(v) − log Z over the %s test "
                              "images, each pixel on with probability its intensity (a fixed "
                              "seed, as belief-cli loglik). A 784-500 RBM takes about half a "
                              "minute."),
                            detail, runs, betas, n_test);
  gtk_label_set_text (self->method_label, method);
  if (problem != NULL)
    {
      show_problem (self, problem);
      return GTK_WIDGET (self);
    }

  job = g_new0 (Job, 1);
  g_atomic_ref_count_init (&job->ref);
  g_weak_ref_init (&job->dialog, self);
  g_mutex_init (&job->lock);
  job->cancellable = g_cancellable_new ();
  job->rbm = belief_rbm_copy (model->rbms[0]);
  job->data = belief_data_ref (data);
  self->job = job;
  gtk_label_set_text (self->status_label, _("Starting…"));
  self->thread = g_thread_new ("belief-loglik", loglik_thread, job_ref (job));
  return GTK_WIDGET (self);
}

gboolean
belief_loglik_dialog_is_running (BeliefLoglikDialog *self)
{
  g_return_val_if_fail (BELIEF_IS_LOGLIK_DIALOG (self), FALSE);
  return self->thread != NULL;
}

void
belief_loglik_dialog_cancel (BeliefLoglikDialog *self)
{
  g_return_if_fail (BELIEF_IS_LOGLIK_DIALOG (self));
  stop (self);
}

gboolean
belief_loglik_dialog_get_result (BeliefLoglikDialog *self,
                                 BeliefLoglikResult *result)
{
  g_return_val_if_fail (BELIEF_IS_LOGLIK_DIALOG (self), FALSE);

  if (!self->finished)
    return FALSE;
  if (result != NULL)
    *result = self->result;
  return TRUE;
}

const char *
belief_loglik_dialog_get_text (BeliefLoglikDialog *self)
{
  g_return_val_if_fail (BELIEF_IS_LOGLIK_DIALOG (self), NULL);
  return self->text;
}
