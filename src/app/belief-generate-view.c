/* belief-generate-view.c: clamped Gibbs chains on a worker, shown as a movie,
 * and the fidelity of what they draw as an independent judge reads it. */
#include "belief-generate-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "belief-dbn.h"
#include "belief-digits-widget.h"

#define N_DIGITS       10
#define FRAME_INTERVAL 25000  /* µs between frames the worker hands on */
#define JUDGE_CHUNK    50     /* chains a batch runs at once: Cancel waits for one chunk at most */

/* One run: shared by the worker, the queued frame idle and the view.  A
 * movie (a label or All Digits) hands frames on; a batch (Judge 100 per
 * Label) runs its chains in chunks without frames and hands on progress. */
typedef struct
{
  gatomicrefcount    ref;
  GWeakRef           view;
  GCancellable      *cancellable;
  BeliefDbn         *model;        /* the worker's own copy */
  BeliefSharedJudge *judge;        /* reads the result; NULL: not judged */
  BeliefRng          rng;
  gboolean           batch;
  int               *labels;       /* (count) clamped labels */
  int               *judged;       /* (count) labels the judge read, filled by the worker */
  int                count, n_steps, frame_every;
  int                fidelity_labels; /* labels asked for, 0 .. fidelity_labels-1 */
  float              label_strength;
  gsize              n_floats;     /* count * pixels */
  float             *out;          /* the result, read after the worker ends */

  GMutex             lock;         /* guards the four below */
  float             *frame;        /* movie only */
  int                frame_step;
  double             fraction;     /* batch only: share of the chains done */
  gboolean           frame_queued;
  gint64             next_frame;   /* worker only */
  int                chunk_first, chunk_count; /* worker only (batch) */
} Job;

struct _BeliefGenerateView
{
  GtkWidget           parent_instance;

  BeliefTrainer      *trainer;
  Job                *job;       /* the current run, or NULL */
  BeliefSharedJudge  *judge;     /* of the trainer's data, built on first use */
  BeliefRng           rng;
  int                 labels[N_DIGITS];
  int                 count;     /* of the last choice; 0 before the first */
  int                 n_steps;   /* of the shown run */
  int                 last_step; /* of the frame shown */
  guint               n_frames;
  int                *judged;    /* (n_judged) what the judge read of the digits shown */
  int                 n_judged;
  BeliefFidelity      fidelity;  /* of the last judged run; count 0 before */
  char               *fidelity_text;
  GtkWidget          *buttons[N_DIGITS];

  /* template */
  GtkBox             *label_box;
  GtkWidget          *all_button;
  GtkStack           *judge_stack;
  GtkWidget          *judge_button;
  GtkWidget          *cancel_button;
  GtkSpinButton      *steps_spin;
  GtkSpinButton      *strength_spin;
  GtkLabel           *step_label;
  GtkProgressBar     *progress;
  GtkWidget          *fidelity_box;
  GtkLabel           *fidelity_label;
  GtkLabel           *per_label_label;
  BeliefDigitsWidget *digits;
};

G_DEFINE_FINAL_TYPE (BeliefGenerateView, belief_generate_view, GTK_TYPE_WIDGET)

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
  g_weak_ref_clear (&job->view);
  g_clear_object (&job->cancellable);
  belief_dbn_free (job->model);
  g_clear_pointer (&job->judge, belief_shared_judge_unref);
  g_free (job->labels);
  g_free (job->judged);
  g_free (job->out);
  g_free (job->frame);
  g_mutex_clear (&job->lock);
  g_free (job);
}

/* ---- showing ---------------------------------------------------------------- */

static void
show_images (BeliefGenerateView *self,
             const Job          *job,
             const float        *images,
             int                 step)
{
  static const char * const names[N_DIGITS] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
  const char *captions[N_DIGITS];
  g_autofree char *text = NULL;

  for (int i = 0; i < job->count; i++)
    captions[i] = job->labels[i] >= 0 && job->labels[i] < N_DIGITS ? names[job->labels[i]] : "";
  /* ten in two rows of five: each twice as large as in one row */
  belief_digits_widget_set_images (self->digits, images, job->count, job->model->rows,
                                   job->model->cols, job->count > 5 ? (job->count + 1) / 2 : job->count,
                                   captions);
  self->last_step = step;
  text = g_strdup_printf (_("Step %d of %d"), step, job->n_steps);
  gtk_label_set_text (self->step_label, text);
  gtk_progress_bar_set_fraction (self->progress, (double) step / job->n_steps);
}

static void
hide_fidelity (BeliefGenerateView *self)
{
  memset (&self->fidelity, 0, sizeof self->fidelity);
  g_clear_pointer (&self->fidelity_text, g_free);
  gtk_widget_set_visible (self->fidelity_box, FALSE);
}

/* The line, the row of labels and the tooltip of a judged run. */
static void
show_fidelity (BeliefGenerateView *self,
               const Job          *job)
{
  int k = belief_shared_judge_get_k (job->judge);
  guint n_train = belief_data_get_train (belief_shared_judge_get_data (job->judge))->n;
  g_autofree char *per_label = NULL;
  g_autofree char *tip = NULL;
  gboolean several = FALSE;

  belief_fidelity_compute (&self->fidelity, job->labels, job->judged, job->count,
                           job->fidelity_labels);
  g_free (self->fidelity_text);
  if (job->count == 1)
    self->fidelity_text = job->judged[0] == job->labels[0]
      ? g_strdup_printf (_("The %d-nearest-neighbour judge reads it as a %d"), k, job->judged[0])
      : g_strdup_printf (_("The %d-nearest-neighbour judge reads it as a %d, not a %d"), k,
                         job->judged[0], job->labels[0]);
  else
    self->fidelity_text = belief_fidelity_format (&self->fidelity, k, job->batch ? 1 : 0);
  gtk_label_set_text (self->fidelity_label, self->fidelity_text);

  /* a row of shares only when a label has more than one digit */
  for (int c = 0; c < self->fidelity.n_labels; c++)
    several |= self->fidelity.per_count[c] > 1;
  per_label = several ? belief_fidelity_format_per_label (&self->fidelity) : NULL;
  gtk_label_set_text (self->per_label_label, per_label != NULL ? per_label : "");
  gtk_widget_set_visible (GTK_WIDGET (self->per_label_label), per_label != NULL);

  tip = g_strdup_printf (ngettext ("A classifier apart from the network, voting by the %d "
                                   "training image nearest to each digit (%u images), reads "
                                   "what it drew; the label clamped should be the label read",
                                   "A classifier apart from the network, voting by the %d "
                                   "training images nearest to each digit (%u images), reads "
                                   "what it drew; the label clamped should be the label read", k),
                         k, n_train);
  gtk_widget_set_tooltip_text (self->fidelity_box, tip);
  gtk_widget_set_visible (self->fidelity_box, TRUE);
}

/* Under each digit what the judge read, mismatches marked. */
static void
show_judged (BeliefGenerateView *self,
             const Job          *job)
{
  g_autoptr(GPtrArray) captions = g_ptr_array_new_with_free_func (g_free);
  g_autofree gboolean *marked = g_new0 (gboolean, job->count);

  for (int i = 0; i < job->count; i++)
    {
      marked[i] = job->judged[i] != job->labels[i];
      if (marked[i])
        /* Translators: under a generated digit: the label asked for, then
         * the different label an independent classifier read */
        g_ptr_array_add (captions, g_strdup_printf (_("%d → %d ✗"), job->labels[i], job->judged[i]));
      else
        /* Translators: under a generated digit an independent classifier
         * read as the label asked for */
        g_ptr_array_add (captions, g_strdup_printf (_("%d ✓"), job->judged[i]));
    }
  belief_digits_widget_set_images (self->digits, job->out, job->count, job->model->rows,
                                   job->model->cols, job->count > 5 ? (job->count + 1) / 2 : job->count,
                                   (const char * const *) captions->pdata);
  belief_digits_widget_set_marked (self->digits, marked);
  g_free (self->judged);
  self->judged = g_memdup2 (job->judged, (gsize) job->count * sizeof (int));
  self->n_judged = job->count;
}

static const BeliefDataset *
judge_train (BeliefGenerateView *self)
{
  BeliefData *data = belief_trainer_get_data (self->trainer);

  return data != NULL ? belief_data_get_train (data) : NULL;
}

/* The judge of the trainer's data, if it can read this model's digits. */
static BeliefSharedJudge *
dup_judge (BeliefGenerateView *self,
           const BeliefDbn    *model)
{
  BeliefData *data = belief_trainer_get_data (self->trainer);
  const BeliefDataset *train = judge_train (self);

  if (model == NULL || model->n_labels == 0 || train == NULL || train->n == 0
      || (int) train->dim != model->sizes[0])
    return NULL;
  if (self->judge == NULL || belief_shared_judge_get_data (self->judge) != data)
    {
      g_clear_pointer (&self->judge, belief_shared_judge_unref);
      self->judge = belief_shared_judge_new (data, BELIEF_FIDELITY_K);
    }
  return belief_shared_judge_ref (self->judge);
}

static void
update_sensitivity (BeliefGenerateView *self)
{
  const BeliefDbn *model = belief_trainer_get_model (self->trainer);
  const BeliefDataset *train = judge_train (self);
  int n_labels = model != NULL ? model->n_labels : 0;
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean judging = self->job != NULL && self->job->batch;
  int count = 0;

  for (int i = 0; i < N_DIGITS; i++)
    gtk_widget_set_sensitive (self->buttons[i], i < n_labels);
  gtk_widget_set_sensitive (self->all_button, n_labels > 0);
  belief_digits_widget_get_images (self->digits, &count, NULL, NULL);
  gtk_widget_action_set_enabled (widget, "generate.stop", self->job != NULL);
  gtk_widget_action_set_enabled (widget, "generate.again", self->count > 0 && n_labels > 0);
  gtk_widget_action_set_enabled (widget, "generate.export", count > 0);
  gtk_widget_action_set_enabled (widget, "generate.judge",
                                 !judging && n_labels > 0 && train != NULL
                                 && (int) train->dim == model->sizes[0]);
  gtk_stack_set_visible_child (self->judge_stack, judging ? self->cancel_button : self->judge_button);
  belief_digits_widget_set_placeholder (self->digits,
                                        model == NULL ? _("Train or open a model first")
                                        : n_labels == 0 ? _("This model has no label units, so it cannot be asked for a digit. "
                                                            "Switch on “Label units” in the panel and press Reset.")
                                        : _("Click a digit above to start"));
}

/* ---- the worker and its hand-off ---------------------------------------------- */

static gboolean
frame_idle_cb (gpointer data)
{
  Job *job = data;
  g_autoptr(BeliefGenerateView) self = g_weak_ref_get (&job->view);
  g_autofree float *frame = NULL;
  double fraction;
  int step;

  g_mutex_lock (&job->lock);
  job->frame_queued = FALSE;
  if (!job->batch)
    frame = g_memdup2 (job->frame, job->n_floats * sizeof (float));
  step = job->frame_step;
  fraction = job->fraction;
  g_mutex_unlock (&job->lock);

  if (self == NULL || self->job != job || g_cancellable_is_cancelled (job->cancellable))
    return G_SOURCE_REMOVE;
  if (job->batch)
    {
      g_autofree char *text = g_strdup_printf (_("Generating %d of %d digits…"),
                                               (int) (fraction * job->count), job->count);

      gtk_label_set_text (self->step_label, text);
      gtk_progress_bar_set_fraction (self->progress, fraction);
    }
  else
    {
      show_images (self, job, frame, step);
      self->n_frames++;
    }
  return G_SOURCE_REMOVE;
}

/* On the worker, with the lock held: one idle at most. */
static void
queue_idle (Job *job)
{
  if (!job->frame_queued)
    {
      job->frame_queued = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT, frame_idle_cb, job_ref (job), job_unref);
    }
}

/* On the worker: copy the frame, queue one idle, keep the pace. */
static void
frame_cb (int          step,
          const float *visible,
          int          count,
          gpointer     user_data)
{
  Job *job = user_data;
  gint64 now;

  if (g_cancellable_is_cancelled (job->cancellable))
    return;
  g_mutex_lock (&job->lock);
  memcpy (job->frame, visible, job->n_floats * sizeof (float));
  job->frame_step = step;
  queue_idle (job);
  g_mutex_unlock (&job->lock);

  now = g_get_monotonic_time ();
  if (job->next_frame == 0)
    job->next_frame = now;
  job->next_frame += FRAME_INTERVAL;
  while ((now = g_get_monotonic_time ()) < job->next_frame
         && !g_cancellable_is_cancelled (job->cancellable))
    g_usleep (MIN (job->next_frame - now, 5000));
}

/* On the worker, for a batch: how far the chains are, no pictures. */
static void
batch_progress_cb (int          step,
                   const float *visible,
                   int          count,
                   gpointer     user_data)
{
  Job *job = user_data;

  if (g_cancellable_is_cancelled (job->cancellable))
    return;
  g_mutex_lock (&job->lock);
  job->fraction = (job->chunk_first + (double) job->chunk_count * step / MAX (job->n_steps, 1))
                  / job->count;
  queue_idle (job);
  g_mutex_unlock (&job->lock);
}

static void
generate_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  int n_pix = job->model->sizes[0];

  if (!job->batch)
    belief_dbn_generate (job->model, job->labels, job->count, job->n_steps,
                         job->label_strength, &job->rng,
                         job->out, job->frame_every, frame_cb, job);
  else
    for (int first = 0; first < job->count && !g_cancellable_is_cancelled (job->cancellable);
         first += JUDGE_CHUNK)
      {
        job->chunk_first = first;
        job->chunk_count = MIN (JUDGE_CHUNK, job->count - first);
        belief_dbn_generate (job->model, job->labels + first, job->chunk_count, job->n_steps,
                             job->label_strength, &job->rng, job->out + (gsize) first * n_pix,
                             job->frame_every, batch_progress_cb, job);
      }
  if (job->judge != NULL && !g_cancellable_is_cancelled (job->cancellable))
    belief_judge_classify (belief_shared_judge_get (job->judge), job->out, job->count, job->judged);
  g_task_return_boolean (task, TRUE);
}

static void
generate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(BeliefGenerateView) self = g_weak_ref_get (&job->view);
  g_autofree char *text = NULL;

  if (self != NULL && self->job == job)
    {
      gboolean cancelled = g_cancellable_is_cancelled (job->cancellable);

      if (job->batch && cancelled)
        text = g_strdup (_("Judging cancelled"));
      else if (job->batch)
        {
          gtk_progress_bar_set_fraction (self->progress, 1.0);
          text = g_strdup_printf (ngettext ("Done: %d per label, %d Gibbs step each",
                                            "Done: %d per label, %d Gibbs steps each",
                                            job->n_steps),
                                  job->count / MAX (job->fidelity_labels, 1), job->n_steps);
          show_fidelity (self, job);
        }
      else if (cancelled)
        text = g_strdup_printf (_("Stopped at step %d of %d"), self->last_step, job->n_steps);
      else
        {
          show_images (self, job, job->out, job->n_steps);
          if (job->judge != NULL)
            {
              show_judged (self, job);
              show_fidelity (self, job);
            }
          text = g_strdup_printf (ngettext ("Done: %d step of Gibbs sampling",
                                            "Done: %d steps of Gibbs sampling", job->n_steps),
                                  job->n_steps);
        }
      gtk_label_set_text (self->step_label, text);
      g_clear_pointer (&self->job, job_unref);
      update_sensitivity (self);
    }
  job_unref (job);
}

static void
stop (BeliefGenerateView *self)
{
  if (self->job == NULL)
    return;
  g_cancellable_cancel (self->job->cancellable);
}

/* A run of count chains on labels; a batch judges without a movie. */
static void
run (BeliefGenerateView *self,
     const int          *labels,
     int                 count,
     gboolean            batch)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->job != NULL)
    {
      stop (self);
      g_clear_pointer (&self->job, job_unref);
    }
  job = g_new0 (Job, 1);
  g_atomic_ref_count_init (&job->ref);
  g_weak_ref_init (&job->view, self);
  g_mutex_init (&job->lock);
  job->cancellable = g_cancellable_new ();
  job->model = belief_trainer_dup_model (self->trainer);
  job->judge = dup_judge (self, job->model);
  job->batch = batch;
  job->fidelity_labels = MIN (job->model->n_labels, BELIEF_FIDELITY_MAX_LABELS);
  belief_rng_split (&self->rng, &job->rng);
  job->labels = g_memdup2 (labels, (gsize) count * sizeof (int));
  job->judged = g_new0 (int, count);
  job->count = count;
  job->n_steps = gtk_spin_button_get_value_as_int (self->steps_spin);
  job->label_strength = (float) gtk_spin_button_get_value (self->strength_spin);
  /* a batch's "frames" only measure progress, about twenty per chunk */
  job->frame_every = batch ? MAX (1, job->n_steps / 20) : MAX (3, job->n_steps / 100);
  job->n_floats = (gsize) job->count * job->model->sizes[0];
  job->out = g_new0 (float, job->n_floats);
  if (!batch)
    job->frame = g_new0 (float, job->n_floats);
  self->job = job;

  task = g_task_new (NULL, job->cancellable, generate_done_cb, job_ref (job));
  g_task_set_source_tag (task, run);
  g_task_set_task_data (task, job_ref (job), job_unref);
  g_task_run_in_thread (task, generate_worker);

  gtk_label_set_text (self->step_label, _("Starting…"));
  gtk_progress_bar_set_fraction (self->progress, 0.0);
  update_sensitivity (self);
}

static void
start (BeliefGenerateView *self)
{
  if (self->count == 0 || belief_trainer_get_model (self->trainer) == NULL)
    return;
  self->n_steps = gtk_spin_button_get_value_as_int (self->steps_spin);
  self->n_frames = 0;
  self->last_step = 0;
  g_clear_pointer (&self->judged, g_free);
  self->n_judged = 0;
  hide_fidelity (self);
  run (self, self->labels, self->count, FALSE);
}

static gboolean
start_judging (BeliefGenerateView *self,
               int                 per_label)
{
  const BeliefDbn *model = belief_trainer_get_model (self->trainer);
  const BeliefDataset *train = judge_train (self);
  g_autofree int *labels = NULL;
  int n_labels;

  if (model == NULL || model->n_labels == 0 || train == NULL || (int) train->dim != model->sizes[0]
      || per_label < 1)
    return FALSE;
  n_labels = MIN (model->n_labels, BELIEF_FIDELITY_MAX_LABELS);
  labels = g_new (int, (gsize) n_labels * per_label);
  for (int i = 0; i < n_labels * per_label; i++)
    labels[i] = i / per_label;
  run (self, labels, n_labels * per_label, TRUE);
  return TRUE;
}

/* ---- buttons and actions ------------------------------------------------------ */

static void
label_clicked_cb (GtkButton          *button,
                  BeliefGenerateView *self)
{
  int label = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "label"));
  const BeliefDbn *model = belief_trainer_get_model (self->trainer);

  if (model == NULL || model->n_labels <= MAX (label, 0))
    return;
  if (label < 0)
    {
      for (int i = 0; i < N_DIGITS; i++)
        self->labels[i] = i;
      self->count = MIN (N_DIGITS, model->n_labels);
    }
  else
    {
      self->labels[0] = label;
      self->count = 1;
    }
  start (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  stop (BELIEF_GENERATE_VIEW (widget));
}

static void
again_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  start (BELIEF_GENERATE_VIEW (widget));
}

static void
judge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  start_judging (BELIEF_GENERATE_VIEW (widget), BELIEF_GENERATE_JUDGE_PER_LABEL);
}

static void
export_response_cb (GtkNativeDialog    *dialog,
                    int                 response,
                    BeliefGenerateView *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    {
      if (belief_digits_widget_save_png (self->digits, path, &error))
        text = g_strdup_printf (_("Saved %s"), path);
      else
        text = g_strdup_printf (_("Could not save the picture: %s"), error->message);
      gtk_label_set_text (self->step_label, text);
    }
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BeliefGenerateView *self = BELIEF_GENERATE_VIEW (widget);
  GtkFileChooserNative *dialog;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;

  dialog = gtk_file_chooser_native_new (_("Export Generated Digits"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  name = self->count == 1 ? g_strdup_printf ("generated-%d.png", self->labels[0])
                          : g_strdup ("generated-digits.png");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- GObject ------------------------------------------------------------------- */

static void
belief_generate_view_dispose (GObject *object)
{
  BeliefGenerateView *self = BELIEF_GENERATE_VIEW (object);
  GtkWidget *child;

  stop (self);
  g_clear_pointer (&self->job, job_unref);
  g_clear_pointer (&self->judge, belief_shared_judge_unref);
  g_clear_pointer (&self->judged, g_free);
  g_clear_pointer (&self->fidelity_text, g_free);
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BELIEF_TYPE_GENERATE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->trainer);

  G_OBJECT_CLASS (belief_generate_view_parent_class)->dispose (object);
}

static void
belief_generate_view_class_init (BeliefGenerateViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = belief_generate_view_dispose;

  g_type_ensure (BELIEF_TYPE_DIGITS_WIDGET);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/belief/Belief/belief-generate-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BeliefGenerateView, name)
  BIND (label_box);
  BIND (all_button);
  BIND (judge_stack);
  BIND (judge_button);
  BIND (cancel_button);
  BIND (steps_spin);
  BIND (strength_spin);
  BIND (step_label);
  BIND (progress);
  BIND (fidelity_box);
  BIND (fidelity_label);
  BIND (per_label_label);
  BIND (digits);
#undef BIND

  gtk_widget_class_install_action (widget_class, "generate.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "generate.again", NULL, again_action);
  gtk_widget_class_install_action (widget_class, "generate.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "generate.judge", NULL, judge_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
belief_generate_view_init (BeliefGenerateView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  belief_rng_init (&self->rng, 1);
  for (int i = 0; i < N_DIGITS; i++)
    {
      g_autofree char *text = g_strdup_printf ("%d", i);
      g_autofree char *tip = g_strdup_printf (_("Generate a %d"), i);

      self->buttons[i] = gtk_button_new_with_label (text);
      gtk_widget_set_size_request (self->buttons[i], 44, -1);
      gtk_widget_set_tooltip_text (self->buttons[i], tip);
      gtk_widget_add_css_class (self->buttons[i], "title-4");
      g_object_set_data (G_OBJECT (self->buttons[i]), "label", GINT_TO_POINTER (i));
      g_signal_connect (self->buttons[i], "clicked", G_CALLBACK (label_clicked_cb), self);
      gtk_box_append (self->label_box, self->buttons[i]);
    }
  g_object_set_data (G_OBJECT (self->all_button), "label", GINT_TO_POINTER (-1));
  g_signal_connect (self->all_button, "clicked", G_CALLBACK (label_clicked_cb), self);
  gtk_label_set_text (self->step_label, "");
  hide_fidelity (self);
}

GtkWidget *
belief_generate_view_new (BeliefTrainer *trainer)
{
  BeliefGenerateView *self;

  g_return_val_if_fail (BELIEF_IS_TRAINER (trainer), NULL);

  self = g_object_new (BELIEF_TYPE_GENERATE_VIEW, NULL);
  self->trainer = g_object_ref (trainer);
  g_signal_connect_swapped (trainer, "weights-changed", G_CALLBACK (update_sensitivity), self);
  update_sensitivity (self);
  return GTK_WIDGET (self);
}

GtkWidget *
belief_generate_view_get_button (BeliefGenerateView *self,
                                 int                 label)
{
  g_return_val_if_fail (BELIEF_IS_GENERATE_VIEW (self), NULL);
  g_return_val_if_fail (label >= -1 && label < N_DIGITS, NULL);

  return label < 0 ? self->all_button : self->buttons[label];
}

void
belief_generate_view_set_n_steps (BeliefGenerateView *self,
                                  int                 n_steps)
{
  g_return_if_fail (BELIEF_IS_GENERATE_VIEW (self));
  gtk_spin_button_set_value (self->steps_spin, n_steps);
}

gboolean
belief_generate_view_is_running (BeliefGenerateView *self)
{
  g_return_val_if_fail (BELIEF_IS_GENERATE_VIEW (self), FALSE);
  return self->job != NULL;
}

guint
belief_generate_view_get_n_frames (BeliefGenerateView *self)
{
  g_return_val_if_fail (BELIEF_IS_GENERATE_VIEW (self), 0);
  return self->n_frames;
}

gboolean
belief_generate_view_judge (BeliefGenerateView *self,
                            int                 per_label)
{
  g_return_val_if_fail (BELIEF_IS_GENERATE_VIEW (self), FALSE);
  g_return_val_if_fail (per_label >= 1, FALSE);

  return start_judging (self, per_label);
}

gboolean
belief_generate_view_is_judging (BeliefGenerateView *self)
{
  g_return_val_if_fail (BELIEF_IS_GENERATE_VIEW (self), FALSE);
  return self->job != NULL && self->job->batch;
}

BeliefDigitsWidget *
belief_generate_view_get_digits (BeliefGenerateView *self)
{
  g_return_val_if_fail (BELIEF_IS_GENERATE_VIEW (self), NULL);
  return self->digits;
}

const int *
belief_generate_view_get_judged (BeliefGenerateView *self,
                                 int                *count)
{
  g_return_val_if_fail (BELIEF_IS_GENERATE_VIEW (self), NULL);

  if (count != NULL)
    *count = self->n_judged;
  return self->judged;
}

gboolean
belief_generate_view_get_fidelity (BeliefGenerateView *self,
                                   BeliefFidelity     *fidelity)
{
  g_return_val_if_fail (BELIEF_IS_GENERATE_VIEW (self), FALSE);

  if (self->fidelity.count == 0)
    return FALSE;
  if (fidelity != NULL)
    *fidelity = self->fidelity;
  return TRUE;
}

const char *
belief_generate_view_get_fidelity_text (BeliefGenerateView *self)
{
  g_return_val_if_fail (BELIEF_IS_GENERATE_VIEW (self), NULL);
  return self->fidelity_text;
}
