/* belief-figure.c: figure data, copies and CSV. */
#include "belief-figure.h"

#include <math.h>
#include <string.h>

static void
series_free (gpointer data)
{
  BeliefFigureSeries *s = data;

  g_free (s->name);
  g_array_unref (s->x);
  g_array_unref (s->y);
  g_free (s);
}

static BeliefFigureSeries *
series_new (const char *name)
{
  BeliefFigureSeries *s = g_new0 (BeliefFigureSeries, 1);

  s->name = g_strdup (name);
  s->x = g_array_new (FALSE, FALSE, sizeof (double));
  s->y = g_array_new (FALSE, FALSE, sizeof (double));
  return s;
}

static BeliefFigure *
figure_new (const char *id, const char *title, BeliefFigureKind kind)
{
  BeliefFigure *fig = g_new0 (BeliefFigure, 1);

  fig->id = g_strdup (id);
  fig->title = g_strdup (title);
  fig->kind = kind;
  fig->series = g_ptr_array_new_with_free_func (series_free);
  fig->pixels = g_array_new (FALSE, FALSE, sizeof (float));
  fig->image_captions = g_ptr_array_new_with_free_func (g_free);
  return fig;
}

BeliefFigure *
belief_figure_new_chart (const char *id, const char *title,
                         const char *x_label, const char *x_column,
                         const char *y_label, const char *y_column)
{
  BeliefFigure *fig;

  g_return_val_if_fail (id != NULL, NULL);

  fig = figure_new (id, title, BELIEF_FIGURE_CHART);
  fig->x_label = g_strdup (x_label);
  fig->x_column = g_strdup (x_column);
  fig->y_label = g_strdup (y_label);
  fig->y_column = g_strdup (y_column);
  return fig;
}

BeliefFigure *
belief_figure_new_images (const char *id, const char *title, BeliefImagesStyle style,
                          int rows, int cols, int grid_cols)
{
  BeliefFigure *fig;

  g_return_val_if_fail (id != NULL && rows > 0 && cols > 0, NULL);

  fig = figure_new (id, title, BELIEF_FIGURE_IMAGES);
  fig->images_style = style;
  fig->rows = rows;
  fig->cols = cols;
  fig->grid_cols = grid_cols;
  return fig;
}

BeliefFigure *
belief_figure_copy (const BeliefFigure *src)
{
  BeliefFigure *fig;

  g_return_val_if_fail (src != NULL, NULL);

  fig = figure_new (src->id, src->title, src->kind);
  fig->caption = g_strdup (src->caption);
  fig->x_label = g_strdup (src->x_label);
  fig->y_label = g_strdup (src->y_label);
  fig->x_column = g_strdup (src->x_column);
  fig->y_column = g_strdup (src->y_column);
  fig->log_y = src->log_y;
  fig->fixed_y = src->fixed_y;
  fig->y_min = src->y_min;
  fig->y_max = src->y_max;
  for (guint i = 0; i < src->series->len; i++)
    {
      const BeliefFigureSeries *s = g_ptr_array_index (src->series, i);
      BeliefFigureSeries *d = series_new (s->name);

      d->markers = s->markers;
      g_array_append_vals (d->x, s->x->data, s->x->len);
      g_array_append_vals (d->y, s->y->data, s->y->len);
      g_ptr_array_add (fig->series, d);
    }
  fig->images_style = src->images_style;
  fig->rows = src->rows;
  fig->cols = src->cols;
  fig->grid_cols = src->grid_cols;
  fig->n_images = src->n_images;
  g_array_append_vals (fig->pixels, src->pixels->data, src->pixels->len);
  for (guint i = 0; i < src->image_captions->len; i++)
    g_ptr_array_add (fig->image_captions, g_strdup (g_ptr_array_index (src->image_captions, i)));
  return fig;
}

void
belief_figure_free (BeliefFigure *fig)
{
  if (fig == NULL)
    return;
  g_free (fig->id);
  g_free (fig->title);
  g_free (fig->caption);
  g_free (fig->x_label);
  g_free (fig->y_label);
  g_free (fig->x_column);
  g_free (fig->y_column);
  g_ptr_array_unref (fig->series);
  g_array_unref (fig->pixels);
  g_ptr_array_unref (fig->image_captions);
  g_free (fig);
}

void
belief_figure_set_caption (BeliefFigure *fig, const char *caption)
{
  g_return_if_fail (fig != NULL);
  g_free (fig->caption);
  fig->caption = g_strdup (caption);
}

BeliefFigureSeries *
belief_figure_series (BeliefFigure *fig, const char *name)
{
  BeliefFigureSeries *s;

  g_return_val_if_fail (fig != NULL && name != NULL, NULL);

  for (guint i = 0; i < fig->series->len; i++)
    {
      s = g_ptr_array_index (fig->series, i);
      if (g_strcmp0 (s->name, name) == 0)
        return s;
    }
  s = series_new (name);
  g_ptr_array_add (fig->series, s);
  return s;
}

void
belief_figure_add_point (BeliefFigure *fig, const char *series, double x, double y)
{
  BeliefFigureSeries *s = belief_figure_series (fig, series);

  g_array_append_val (s->x, x);
  g_array_append_val (s->y, y);
}

void
belief_figure_add_image (BeliefFigure *fig, const float *pixels, const char *caption)
{
  g_return_if_fail (fig != NULL && pixels != NULL && fig->kind == BELIEF_FIGURE_IMAGES);

  g_array_append_vals (fig->pixels, pixels, (guint) (fig->rows * fig->cols));
  g_ptr_array_add (fig->image_captions, g_strdup (caption != NULL ? caption : ""));
  fig->n_images++;
}

int
belief_figure_n_points (const BeliefFigure *fig)
{
  int n = 0;

  for (guint i = 0; i < fig->series->len; i++)
    n += (int) ((BeliefFigureSeries *) g_ptr_array_index (fig->series, i))->x->len;
  return n;
}

static void
append_text (GString *out, const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_number (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    g_string_append (out, "nan");
  else if (isinf (v))
    g_string_append (out, v > 0 ? "inf" : "-inf");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.9g", v));
}

char *
belief_figure_to_csv (const BeliefFigure *fig)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (fig != NULL, NULL);

  if (fig->kind == BELIEF_FIGURE_CHART)
    {
      g_string_append (out, "series,");
      append_text (out, fig->x_column != NULL ? fig->x_column : "x");
      g_string_append_c (out, ',');
      append_text (out, fig->y_column != NULL ? fig->y_column : "y");
      g_string_append_c (out, '\n');
      for (guint i = 0; i < fig->series->len; i++)
        {
          const BeliefFigureSeries *s = g_ptr_array_index (fig->series, i);

          for (guint k = 0; k < s->x->len; k++)
            {
              append_text (out, s->name);
              g_string_append_c (out, ',');
              append_number (out, g_array_index (s->x, double, k));
              g_string_append_c (out, ',');
              append_number (out, g_array_index (s->y, double, k));
              g_string_append_c (out, '\n');
            }
        }
      return g_string_free (out, FALSE);
    }

  g_string_append (out, "image,caption");
  for (int p = 0; p < fig->rows * fig->cols; p++)
    g_string_append_printf (out, ",p%d", p);
  g_string_append_c (out, '\n');
  for (int i = 0; i < fig->n_images; i++)
    {
      const float *px = &g_array_index (fig->pixels, float, (gsize) i * fig->rows * fig->cols);

      g_string_append_printf (out, "%d,", i);
      append_text (out, g_ptr_array_index (fig->image_captions, i));
      for (int p = 0; p < fig->rows * fig->cols; p++)
        {
          g_string_append_c (out, ',');
          append_number (out, px[p]);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
measure_clear (gpointer data)
{
  BeliefMeasure *m = data;

  g_free (m->key);
  g_free (m->label);
  g_free (m->unit);
}

BeliefFigureSet *
belief_figure_set_new (int number, const char *id, const char *title)
{
  BeliefFigureSet *set = g_new0 (BeliefFigureSet, 1);

  set->number = number;
  set->id = g_strdup (id);
  set->title = g_strdup (title);
  set->figures = g_ptr_array_new_with_free_func ((GDestroyNotify) belief_figure_free);
  set->measures = g_array_new (FALSE, TRUE, sizeof (BeliefMeasure));
  g_array_set_clear_func (set->measures, measure_clear);
  return set;
}

BeliefFigureSet *
belief_figure_set_copy (const BeliefFigureSet *src)
{
  BeliefFigureSet *set;

  g_return_val_if_fail (src != NULL, NULL);

  set = belief_figure_set_new (src->number, src->id, src->title);
  set->setup = g_strdup (src->setup);
  set->summary = g_strdup (src->summary);
  set->seconds = src->seconds;
  for (guint i = 0; i < src->figures->len; i++)
    g_ptr_array_add (set->figures, belief_figure_copy (g_ptr_array_index (src->figures, i)));
  for (guint i = 0; i < src->measures->len; i++)
    {
      const BeliefMeasure *m = &g_array_index (src->measures, BeliefMeasure, i);

      belief_figure_set_measure (set, m->key, m->label, m->value, m->unit);
    }
  return set;
}

void
belief_figure_set_free (BeliefFigureSet *set)
{
  if (set == NULL)
    return;
  g_free (set->id);
  g_free (set->title);
  g_free (set->setup);
  g_free (set->summary);
  g_ptr_array_unref (set->figures);
  g_array_unref (set->measures);
  g_free (set);
}

BeliefFigure *
belief_figure_set_add (BeliefFigureSet *set, BeliefFigure *fig)
{
  g_return_val_if_fail (set != NULL && fig != NULL, NULL);
  g_ptr_array_add (set->figures, fig);
  return fig;
}

BeliefFigure *
belief_figure_set_find (BeliefFigureSet *set, const char *id)
{
  g_return_val_if_fail (set != NULL && id != NULL, NULL);

  for (guint i = 0; i < set->figures->len; i++)
    {
      BeliefFigure *fig = g_ptr_array_index (set->figures, i);

      if (g_strcmp0 (fig->id, id) == 0)
        return fig;
    }
  return NULL;
}

void
belief_figure_set_measure (BeliefFigureSet *set, const char *key, const char *label,
                           double value, const char *unit)
{
  BeliefMeasure m = { 0 };

  g_return_if_fail (set != NULL && key != NULL);

  for (guint i = 0; i < set->measures->len; i++)
    {
      BeliefMeasure *old = &g_array_index (set->measures, BeliefMeasure, i);

      if (g_strcmp0 (old->key, key) == 0)
        {
          g_free (old->label);
          g_free (old->unit);
          old->label = g_strdup (label);
          old->unit = g_strdup (unit != NULL ? unit : "");
          old->value = value;
          return;
        }
    }
  m.key = g_strdup (key);
  m.label = g_strdup (label);
  m.unit = g_strdup (unit != NULL ? unit : "");
  m.value = value;
  g_array_append_val (set->measures, m);
}

double
belief_figure_set_get_measure (const BeliefFigureSet *set, const char *key)
{
  g_return_val_if_fail (set != NULL && key != NULL, NAN);

  for (guint i = 0; i < set->measures->len; i++)
    {
      const BeliefMeasure *m = &g_array_index (set->measures, BeliefMeasure, i);

      if (g_strcmp0 (m->key, key) == 0)
        return m->value;
    }
  return NAN;
}
