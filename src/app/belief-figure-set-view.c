/* belief-figure-set-view.c: figures, measures and texts of one experiment. */
#include "belief-figure-set-view.h"

#include <math.h>

#include "belief-status.h"

struct _BeliefFigureSetView
{
  GtkWidget   parent_instance;

  GPtrArray  *figures;       /* BeliefFigureView, borrowed from figures_box */
  guint       n_measures;

  /* template */
  GtkLabel   *summary_label;
  GtkBox     *figures_box;
  GtkWidget  *details_box;
  GtkWidget  *measures_heading;
  GtkBox     *measures_box;
  GtkLabel   *setup_label;
};

G_DEFINE_FINAL_TYPE (BeliefFigureSetView, belief_figure_set_view, GTK_TYPE_WIDGET)

char *
belief_figure_set_view_format_measure (double      value,
                                       const char *unit)
{
  g_autofree char *number = NULL;

  if (!isfinite (value))
    return g_strdup ("—");
  if (fabs (value) >= 10000.0 && value == floor (value) && value > 0)
    number = belief_status_format_count ((guint64) value);
  else
    number = g_strdup_printf ("%.4g", value);
  if (unit == NULL || *unit == '\0')
    return g_steal_pointer (&number);
  return g_strdup_printf ("%s %s", number, unit);
}

static GtkWidget *
measure_row (const BeliefMeasure *m)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *label = gtk_label_new (m->label);
  g_autofree char *text = belief_figure_set_view_format_measure (m->value, m->unit);
  GtkWidget *value = gtk_label_new (text);

  gtk_widget_add_css_class (row, "param-row");
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (value), 1.0f);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_widget_set_valign (value, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (value, "heading");
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), value);
  return row;
}

static void
clear_measures (BeliefFigureSetView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->measures_box))) != NULL)
    gtk_box_remove (self->measures_box, child);
  self->n_measures = 0;
}

GtkWidget *
belief_figure_set_view_new (void)
{
  return g_object_new (BELIEF_TYPE_FIGURE_SET_VIEW, NULL);
}

void
belief_figure_set_view_set_set (BeliefFigureSetView   *self,
                                const BeliefFigureSet *set,
                                gboolean               finished)
{
  guint n = set != NULL ? set->figures->len : 0;

  g_return_if_fail (BELIEF_IS_FIGURE_SET_VIEW (self));

  /* figures: refilled in place, so a live run does not rebuild them */
  for (guint i = 0; i < n; i++)
    {
      const BeliefFigure *fig = g_ptr_array_index (set->figures, i);

      if (i == self->figures->len)
        {
          GtkWidget *view = belief_figure_view_new ();

          gtk_box_append (self->figures_box, view);
          g_ptr_array_add (self->figures, view);
        }
      belief_figure_view_set_figure (g_ptr_array_index (self->figures, i), fig);
    }
  while (self->figures->len > n)
    {
      GtkWidget *view = g_ptr_array_steal_index (self->figures, self->figures->len - 1);

      gtk_box_remove (self->figures_box, view);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->figures_box), n > 0);

  clear_measures (self);
  finished = finished && set != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label),
                          finished && set->summary != NULL && *set->summary != '\0');
  gtk_label_set_text (self->summary_label, finished && set->summary != NULL ? set->summary : "");
  gtk_widget_set_visible (self->details_box, finished);
  if (!finished)
    return;
  for (guint i = 0; i < set->measures->len; i++)
    {
      gtk_box_append (self->measures_box,
                      measure_row (&g_array_index (set->measures, BeliefMeasure, i)));
      self->n_measures++;
    }
  gtk_widget_set_visible (self->measures_heading, self->n_measures > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->measures_box), self->n_measures > 0);
  gtk_label_set_text (self->setup_label, set->setup != NULL ? set->setup : "");
}

guint
belief_figure_set_view_get_n_figures (BeliefFigureSetView *self)
{
  g_return_val_if_fail (BELIEF_IS_FIGURE_SET_VIEW (self), 0);
  return self->figures->len;
}

BeliefFigureView *
belief_figure_set_view_get_figure (BeliefFigureSetView *self,
                                   guint                index)
{
  g_return_val_if_fail (BELIEF_IS_FIGURE_SET_VIEW (self), NULL);
  g_return_val_if_fail (index < self->figures->len, NULL);
  return g_ptr_array_index (self->figures, index);
}

guint
belief_figure_set_view_get_n_measures (BeliefFigureSetView *self)
{
  g_return_val_if_fail (BELIEF_IS_FIGURE_SET_VIEW (self), 0);
  return self->n_measures;
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
belief_figure_set_view_dispose (GObject *object)
{
  BeliefFigureSetView *self = BELIEF_FIGURE_SET_VIEW (object);
  GtkWidget *child;

  g_ptr_array_set_size (self->figures, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), BELIEF_TYPE_FIGURE_SET_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (belief_figure_set_view_parent_class)->dispose (object);
}

static void
belief_figure_set_view_finalize (GObject *object)
{
  BeliefFigureSetView *self = BELIEF_FIGURE_SET_VIEW (object);

  g_ptr_array_unref (self->figures);

  G_OBJECT_CLASS (belief_figure_set_view_parent_class)->finalize (object);
}

static void
belief_figure_set_view_class_init (BeliefFigureSetViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = belief_figure_set_view_dispose;
  object_class->finalize = belief_figure_set_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/belief/Belief/belief-figure-set-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BeliefFigureSetView, name)
  BIND (summary_label);
  BIND (figures_box);
  BIND (details_box);
  BIND (measures_heading);
  BIND (measures_box);
  BIND (setup_label);
#undef BIND
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
belief_figure_set_view_init (BeliefFigureSetView *self)
{
  self->figures = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
