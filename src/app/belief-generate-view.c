/* belief-generate-view.c: clamped Gibbs chains on a worker, shown as a movie. */
#include "belief-generate-view.h"

#include <glib/gi18n.h>
#include <string.h>

#include "belief-dbn.h"
#include "belief-digits-widget.h"

#define N_DIGITS       10
#define FRAME_INTERVAL 25000  /* µs between frames the worker hands on */

/* One run: shared by the worker, the queued frame idle and the view. */
typedef struct
{
  gatomicrefcount  ref;
  GWeakRef         view;
  GCancellable    *cancellable;
  BeliefDbn       *model;        /* the worker's own copy */
  BeliefRng        rng;
  int              labels[N_DIGITS];
  int              count, n_steps, frame_every;
  float            label_strength;
  gsize            n_floats;     /* count * pixels */
  float           *out;          /* the result, read after the worker ends */

  GMutex           lock;         /* guards the three below */
  float           *frame;
  int              frame_step;
  gboolean         frame_queued;
  gint64           next_frame;   /* worker only */
} Job;

struct _BeliefGenerateView
{
  GtkWidget           parent_instance;

  BeliefTrainer      *trainer;
  Job                *job;       /* the current run, or NULL */
  BeliefRng           rng;
  int                 labels[N_DIGITS];
  int                 count;     /* of the last choice; 0 before the first */
  int                 n_steps;   /* of the shown run */
  int                 last_step; /* of the frame shown */
  guint               n_frames;
  GtkWidget          *buttons[N_DIGITS];

  /* template */
  GtkBox             *label_box;
  GtkWidget          *all_button;
  GtkSpinButton      *steps_spin;
  GtkSpinButton      *strength_spin;
  GtkLabel           *step_label;
  GtkProgressBar     *progress;
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
    captions[i] = names[job->labels[i]];
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
update_sensitivity (BeliefGenerateView *self)
{
  const BeliefDbn *model = belief_trainer_get_model (self->trainer);
  int n_labels = model != NULL ? model->n_labels : 0;
  GtkWidget *widget = GTK_WIDGET (self);
  int count = 0;

  for (int i = 0; i < N_DIGITS; i++)
    gtk_widget_set_sensitive (self->buttons[i], i < n_labels);
  gtk_widget_set_sensitive (self->all_button, n_labels > 0);
  belief_digits_widget_get_images (self->digits, &count, NULL, NULL);
  gtk_widget_action_set_enabled (widget, "generate.stop", self->job != NULL);
  gtk_widget_action_set_enabled (widget, "generate.again", self->count > 0 && n_labels > 0);
  gtk_widget_action_set_enabled (widget, "generate.export", count > 0);
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
  int step;

  g_mutex_lock (&job->lock);
  job->frame_queued = FALSE;
  frame = g_memdup2 (job->frame, job->n_floats * sizeof (float));
  step = job->frame_step;
  g_mutex_unlock (&job->lock);

  if (self != NULL && self->job == job && !g_cancellable_is_cancelled (job->cancellable))
    {
      show_images (self, job, frame, step);
      self->n_frames++;
    }
  return G_SOURCE_REMOVE;
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
  if (!job->frame_queued)
    {
      job->frame_queued = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT, frame_idle_cb, job_ref (job), job_unref);
    }
  g_mutex_unlock (&job->lock);

  now = g_get_monotonic_time ();
  if (job->next_frame == 0)
    job->next_frame = now;
  job->next_frame += FRAME_INTERVAL;
  while ((now = g_get_monotonic_time ()) < job->next_frame
         && !g_cancellable_is_cancelled (job->cancellable))
    g_usleep (MIN (job->next_frame - now, 5000));
}

static void
generate_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;

  belief_dbn_generate (job->model, job->labels, job->count, job->n_steps,
                       job->label_strength, &job->rng,
                       job->out, job->frame_every, frame_cb, job);
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
      if (g_cancellable_is_cancelled (job->cancellable))
        text = g_strdup_printf (_("Stopped at step %d of %d"), self->last_step, job->n_steps);
      else
        {
          show_images (self, job, job->out, job->n_steps);
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

static void
start (BeliefGenerateView *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->count == 0 || belief_trainer_get_model (self->trainer) == NULL)
    return;
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
  belief_rng_split (&self->rng, &job->rng);
  memcpy (job->labels, self->labels, sizeof job->labels);
  job->count = self->count;
  job->n_steps = gtk_spin_button_get_value_as_int (self->steps_spin);
  job->label_strength = (float) gtk_spin_button_get_value (self->strength_spin);
  job->frame_every = MAX (3, job->n_steps / 100);
  job->n_floats = (gsize) job->count * job->model->sizes[0];
  job->out = g_new0 (float, job->n_floats);
  job->frame = g_new0 (float, job->n_floats);
  self->job = job;
  self->n_steps = job->n_steps;
  self->n_frames = 0;
  self->last_step = 0;

  task = g_task_new (NULL, job->cancellable, generate_done_cb, job_ref (job));
  g_task_set_source_tag (task, start);
  g_task_set_task_data (task, job_ref (job), job_unref);
  g_task_run_in_thread (task, generate_worker);

  gtk_label_set_text (self->step_label, _("Starting…"));
  gtk_progress_bar_set_fraction (self->progress, 0.0);
  update_sensitivity (self);
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
  BIND (steps_spin);
  BIND (strength_spin);
  BIND (step_label);
  BIND (progress);
  BIND (digits);
#undef BIND

  gtk_widget_class_install_action (widget_class, "generate.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "generate.again", NULL, again_action);
  gtk_widget_class_install_action (widget_class, "generate.export", NULL, export_action);
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
