/* belief-training-view.c: the trainer's history as three live charts. */
#include "belief-training-view.h"

#include <glib/gi18n.h>

#define UPDATE_INTERVAL (G_USEC_PER_SEC / 10)
#define MAX_SERIES      (BELIEF_MAX_LAYERS + 1)

struct _BeliefTrainingView
{
  GtkWidget        parent_instance;

  BeliefTrainer   *trainer;
  guint            update_id;
  gint64           last_update;
  gboolean         dirty;

  /* template children */
  GtkStack        *stack;
  GtkLabel        *empty_title;
  GtkLabel        *empty_description;
  GtkLabel        *stage_value;
  GtkLabel        *loss_value;
  GtkLabel        *stability_value;
  GtkLabel        *train_value;
  GtkLabel        *test_value;
  GtkCheckButton  *log_check;
  BeliefChartView *loss_chart;
  BeliefChartView *stability_chart;
  BeliefChartView *accuracy_chart;
};

G_DEFINE_FINAL_TYPE (BeliefTrainingView, belief_training_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TRAINER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- series ------------------------------------------------------------------ */

/* Series of one chart; the points are converted from the trainer's copies. */
typedef struct
{
  BeliefChartSeries series[MAX_SERIES];
  int               n;
} SeriesSet;

static void
series_set_add (SeriesSet         *set,
                char              *name,          /* taken */
                const BeliefPoint *points,
                guint              n,
                double             scale,
                guint              color,
                BeliefSeriesStyle  style)
{
  double *x = g_new (double, MAX (n, 1));
  double *y = g_new (double, MAX (n, 1));

  g_return_if_fail (set->n < MAX_SERIES);
  for (guint i = 0; i < n; i++)
    x[i] = points[i].x, y[i] = points[i].y * scale;
  set->series[set->n++] = (BeliefChartSeries) {
    name, belief_render_palette_color (color), x, y, (int) n, style
  };
}

static void
series_set_clear (SeriesSet *set)
{
  for (int s = 0; s < set->n; s++)
    {
      g_free ((char *) set->series[s].name);
      g_free ((double *) set->series[s].x);
      g_free ((double *) set->series[s].y);
    }
  set->n = 0;
}

/* "Layer 2 (500→500)", "Layer 3 (500+10→2000)" or "Fine-tuning". */
static char *
track_name (const BeliefDbn *model,
            int              track)
{
  if (model == NULL)
    return g_strdup_printf (_("Layer %d"), track + 1);
  if (track >= model->n_layers)
    return g_strdup (_("Fine-tuning"));
  if (track == model->n_layers - 1 && model->n_labels > 0)
    return g_strdup_printf (_("Layer %d (%d+%d→%d)"), track + 1, model->sizes[track],
                            model->n_labels, model->sizes[track + 1]);
  return g_strdup_printf (_("Layer %d (%d→%d)"), track + 1, model->sizes[track],
                          model->sizes[track + 1]);
}

static const BeliefPoint *
last_point (BeliefTrainer *trainer,
            BeliefSeries   series,
            int            track)
{
  guint n = 0;
  const BeliefPoint *points = belief_trainer_get_series (trainer, series, track, &n);

  return n > 0 ? &points[n - 1] : NULL;
}

static void
set_value (GtkLabel          *label,
           const BeliefPoint *point,
           gboolean           percent,
           double             scale)
{
  g_autofree char *text = NULL;

  if (point == NULL)
    {
      gtk_label_set_text (label, "—");
      return;
    }
  text = percent ? g_strdup_printf ("%.1f %%", point->y * scale)
                 : g_strdup_printf ("%.4f", point->y * scale);
  gtk_label_set_text (label, text);
}

static void
update_summary (BeliefTrainingView *self,
                const BeliefDbn    *model)
{
  const BeliefProgress *p = belief_trainer_get_progress (self->trainer);
  int track = 0;
  g_autofree char *stage = NULL;

  if (p != NULL && model != NULL)
    track = p->phase == BELIEF_PHASE_FINETUNE ? model->n_layers : p->layer;
  if (belief_trainer_get_state (self->trainer) == BELIEF_TRAINER_FINISHED)
    stage = g_strdup (_("Finished"));
  else
    stage = p != NULL ? track_name (model, track) : g_strdup ("—");
  gtk_label_set_text (self->stage_value, stage);
  set_value (self->loss_value, last_point (self->trainer, BELIEF_SERIES_LOSS, track), FALSE, 1.0);
  set_value (self->stability_value, last_point (self->trainer, BELIEF_SERIES_STABILITY, track),
             TRUE, 1.0);
  set_value (self->train_value, last_point (self->trainer, BELIEF_SERIES_TRAIN_ACCURACY, 0),
             TRUE, 100.0);
  set_value (self->test_value, last_point (self->trainer, BELIEF_SERIES_VALIDATION_ACCURACY, 0),
             TRUE, 100.0);
}

/* The empty page while there is nothing to chart; FALSE when there is. */
static gboolean
update_empty (BeliefTrainingView *self,
              const BeliefDbn    *model,
              gboolean            has_points)
{
  BeliefTrainerState state = belief_trainer_get_state (self->trainer);

  if (has_points || state == BELIEF_TRAINER_RUNNING || state == BELIEF_TRAINER_PAUSED
      || state == BELIEF_TRAINER_FINISHED)
    {
      gtk_stack_set_visible_child_name (self->stack, "charts");
      return FALSE;
    }
  if (model == NULL)
    {
      gtk_label_set_text (self->empty_title, _("No model yet"));
      gtk_label_set_text (self->empty_description,
                          _("Open a folder of digits or a model file to begin"));
    }
  else if (belief_trainer_get_session (self->trainer) == NULL)
    {
      gtk_label_set_text (self->empty_title, _("A model from a file"));
      gtk_label_set_text (self->empty_description,
                          _("It has no training history. Press Reset to train a new model "
                            "from the settings."));
    }
  else
    {
      gtk_label_set_text (self->empty_title, _("No training yet"));
      gtk_label_set_text (self->empty_description,
                          _("Press Train to start — the charts fill in live"));
    }
  gtk_stack_set_visible_child_name (self->stack, "empty");
  return TRUE;
}

static void
update_now (BeliefTrainingView *self)
{
  const BeliefConfig *cfg;
  const BeliefDbn *model;
  const BeliefPoint *points;
  SeriesSet loss = { 0 }, stability = { 0 }, accuracy = { 0 };
  int n_tracks, n_layers;
  guint n, total = 0;

  self->dirty = FALSE;
  self->last_update = g_get_monotonic_time ();
  if (self->trainer == NULL)
    {
      belief_chart_view_set_series (self->loss_chart, NULL, 0);
      belief_chart_view_set_series (self->stability_chart, NULL, 0);
      belief_chart_view_set_series (self->accuracy_chart, NULL, 0);
      return;
    }
  cfg = belief_trainer_get_config (self->trainer);
  model = belief_trainer_get_model (self->trainer);
  n_tracks = MIN (belief_trainer_get_n_tracks (self->trainer), MAX_SERIES);
  n_layers = n_tracks - 1;

  for (int t = 0; t < n_tracks; t++)
    {
      points = belief_trainer_get_series (self->trainer, BELIEF_SERIES_LOSS, t, &n);
      total += n;
      /* the legend tells the stages of the run ahead */
      if (n > 0 || t < n_layers || (cfg != NULL && cfg->finetune_epochs > 0))
        series_set_add (&loss, track_name (model, t), points, n, 1.0, t, BELIEF_SERIES_LINE);
      if (t == n_layers)
        continue;
      points = belief_trainer_get_series (self->trainer, BELIEF_SERIES_STABILITY, t, &n);
      series_set_add (&stability, track_name (model, t), points, n, 1.0, t, BELIEF_SERIES_LINE);
    }
  points = belief_trainer_get_series (self->trainer, BELIEF_SERIES_TRAIN_ACCURACY, 0, &n);
  series_set_add (&accuracy, g_strdup (_("Training images")), points, n, 100.0, 0,
                  BELIEF_SERIES_LINE_MARKERS);
  points = belief_trainer_get_series (self->trainer, BELIEF_SERIES_VALIDATION_ACCURACY, 0, &n);
  series_set_add (&accuracy, g_strdup (_("Validation images")), points, n, 100.0, 1,
                  BELIEF_SERIES_LINE_MARKERS);

  belief_chart_view_set_series (self->loss_chart, loss.series, loss.n);
  belief_chart_view_set_series (self->stability_chart, stability.series, stability.n);
  belief_chart_view_set_series (self->accuracy_chart, accuracy.series, accuracy.n);
  series_set_clear (&loss);
  series_set_clear (&stability);
  series_set_clear (&accuracy);

  belief_chart_view_set_empty_text (self->accuracy_chart,
                                    cfg != NULL && (cfg->eval_size == 0 || !cfg->labels)
                                    ? _("Not measured for this run")
                                    : _("Measured at the end of each epoch"));
  if (!update_empty (self, model, total > 0))
    update_summary (self, model);
}

static gboolean
update_timeout_cb (gpointer data)
{
  BeliefTrainingView *self = data;

  self->update_id = 0;
  update_now (self);
  return G_SOURCE_REMOVE;
}

/* At most one update per UPDATE_INTERVAL, none while off screen. */
static void
queue_update (BeliefTrainingView *self)
{
  gint64 wait;

  self->dirty = TRUE;
  if (self->update_id != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  wait = self->last_update + UPDATE_INTERVAL - g_get_monotonic_time ();
  if (wait <= 0)
    update_now (self);
  else
    self->update_id = g_timeout_add ((guint) (wait / 1000) + 1, update_timeout_cb, self);
}

/* ---- GtkWidget and GObject -------------------------------------------------------- */

static void
belief_training_view_map (GtkWidget *widget)
{
  BeliefTrainingView *self = BELIEF_TRAINING_VIEW (widget);

  GTK_WIDGET_CLASS (belief_training_view_parent_class)->map (widget);
  if (self->dirty)
    update_now (self);
}

static void
belief_training_view_dispose (GObject *object)
{
  BeliefTrainingView *self = BELIEF_TRAINING_VIEW (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  g_clear_object (&self->trainer);
  gtk_widget_dispose_template (GTK_WIDGET (self), BELIEF_TYPE_TRAINING_VIEW);

  G_OBJECT_CLASS (belief_training_view_parent_class)->dispose (object);
}

static void
belief_training_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BeliefTrainingView *self = BELIEF_TRAINING_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRAINER:
      g_value_set_object (value, self->trainer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
belief_training_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BeliefTrainingView *self = BELIEF_TRAINING_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRAINER:
      belief_training_view_set_trainer (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
belief_training_view_class_init (BeliefTrainingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = belief_training_view_dispose;
  object_class->get_property = belief_training_view_get_property;
  object_class->set_property = belief_training_view_set_property;
  widget_class->map = belief_training_view_map;

  properties[PROP_TRAINER] =
    g_param_spec_object ("trainer", NULL, NULL, BELIEF_TYPE_TRAINER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BELIEF_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/belief/Belief/belief-training-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BeliefTrainingView, name)
  BIND (stack);
  BIND (empty_title);
  BIND (empty_description);
  BIND (stage_value);
  BIND (loss_value);
  BIND (stability_value);
  BIND (train_value);
  BIND (test_value);
  BIND (log_check);
  BIND (loss_chart);
  BIND (stability_chart);
  BIND (accuracy_chart);
#undef BIND
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "trainingview");
}

static void
belief_training_view_init (BeliefTrainingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self->log_check, "active", self->loss_chart, "log-scale",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  update_now (self);
}

/* ---- public API --------------------------------------------------------------------- */

GtkWidget *
belief_training_view_new (BeliefTrainer *trainer)
{
  g_return_val_if_fail (trainer == NULL || BELIEF_IS_TRAINER (trainer), NULL);
  return g_object_new (BELIEF_TYPE_TRAINING_VIEW, "trainer", trainer, NULL);
}

void
belief_training_view_set_trainer (BeliefTrainingView *self,
                                  BeliefTrainer      *trainer)
{
  g_return_if_fail (BELIEF_IS_TRAINING_VIEW (self));
  g_return_if_fail (trainer == NULL || BELIEF_IS_TRAINER (trainer));

  if (self->trainer == trainer)
    return;
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  g_set_object (&self->trainer, trainer);
  if (trainer != NULL)
    {
      g_signal_connect_swapped (trainer, "history-changed", G_CALLBACK (queue_update), self);
      g_signal_connect_swapped (trainer, "notify::state", G_CALLBACK (queue_update), self);
    }
  update_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINER]);
}

BeliefTrainer *
belief_training_view_get_trainer (BeliefTrainingView *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINING_VIEW (self), NULL);
  return self->trainer;
}

BeliefChartView *
belief_training_view_get_loss_chart (BeliefTrainingView *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINING_VIEW (self), NULL);
  return self->loss_chart;
}

BeliefChartView *
belief_training_view_get_stability_chart (BeliefTrainingView *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINING_VIEW (self), NULL);
  return self->stability_chart;
}

BeliefChartView *
belief_training_view_get_accuracy_chart (BeliefTrainingView *self)
{
  g_return_val_if_fail (BELIEF_IS_TRAINING_VIEW (self), NULL);
  return self->accuracy_chart;
}
