/* belief-figure.h: the data of an experiment's figures, before any drawing.
 *
 * A BeliefFigure is one panel: either a line chart (named series of x, y
 * points) or a grid of images (digits in [0, 1], or weight tiles drawn with
 * a symmetric diverging scale).  A BeliefFigureSet is what one experiment
 * produced: its figures, the measured numbers, and two texts (what was run,
 * what it shows).  src/render draws figures and writes sets to files; the
 * app shows them live.  Everything here is plain data, copied for hand-off
 * between threads with belief_figure_set_copy().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BELIEF_FIGURE_CHART,
  BELIEF_FIGURE_IMAGES,
} BeliefFigureKind;

typedef enum
{
  BELIEF_IMAGES_DIGITS,   /* values in [0, 1], ink on paper */
  BELIEF_IMAGES_WEIGHTS,  /* signed weights, one symmetric scale for all */
} BeliefImagesStyle;

typedef struct
{
  char    *name;      /* legend and the CSV's series column */
  GArray  *x, *y;     /* double */
  gboolean markers;   /* draw a marker at each point */
} BeliefFigureSeries;

typedef struct
{
  char             *id;        /* file stem, e.g. "e1-loss-by-hidden-units" */
  char             *title;
  char             *caption;   /* one or two sentences: what it shows */
  BeliefFigureKind  kind;

  /* charts */
  char             *x_label, *y_label;    /* with units, for the axes */
  char             *x_column, *y_column;  /* CSV header names, e.g. "iteration" */
  gboolean          log_y;
  gboolean          fixed_y;
  double            y_min, y_max;
  GPtrArray        *series;               /* BeliefFigureSeries */

  /* image grids */
  BeliefImagesStyle images_style;
  int               rows, cols;           /* shape of each image */
  int               grid_cols;            /* images per row; 0: about square */
  int               n_images;
  GArray           *pixels;               /* float, n_images * rows * cols */
  GPtrArray        *image_captions;       /* char *, one per image ("" for none) */
} BeliefFigure;

typedef struct
{
  char   *key;      /* machine name, e.g. "test_accuracy_fe" */
  char   *label;    /* "Test accuracy (free energy)" */
  double  value;
  char   *unit;     /* "%", "s", "nats", "" */
} BeliefMeasure;

typedef struct
{
  int        number;    /* experiment number, 1-based */
  char      *id;        /* "e1" */
  char      *title;
  char      *setup;     /* what was run: data, sizes, hyperparameters */
  char      *summary;   /* what it shows, written from the measured numbers */
  GPtrArray *figures;   /* BeliefFigure */
  GArray    *measures;  /* BeliefMeasure */
  double     seconds;   /* wall time of the run */
} BeliefFigureSet;

BeliefFigure       *belief_figure_new_chart  (const char *id, const char *title,
                                              const char *x_label, const char *x_column,
                                              const char *y_label, const char *y_column);
BeliefFigure       *belief_figure_new_images (const char *id, const char *title,
                                              BeliefImagesStyle style,
                                              int rows, int cols, int grid_cols);
BeliefFigure       *belief_figure_copy       (const BeliefFigure *fig);
void                belief_figure_free       (BeliefFigure *fig);
void                belief_figure_set_caption (BeliefFigure *fig, const char *caption);

/* The series called name, created (empty) if there is none. */
BeliefFigureSeries *belief_figure_series     (BeliefFigure *fig, const char *name);
void                belief_figure_add_point  (BeliefFigure *fig, const char *series,
                                              double x, double y);
/* Appends one image (rows * cols floats, copied) with a caption (or NULL). */
void                belief_figure_add_image  (BeliefFigure *fig, const float *pixels,
                                              const char *caption);
/* Points over all series. */
int                 belief_figure_n_points   (const BeliefFigure *fig);

/* The data behind the figure as CSV.  Charts: "series,<x_column>,<y_column>"
 * and one line per point; images: "image,caption,p0,...,p<n-1>" and one line
 * per image.  Numbers are written with %.9g, text quoted when needed. */
char               *belief_figure_to_csv     (const BeliefFigure *fig);

BeliefFigureSet    *belief_figure_set_new    (int number, const char *id, const char *title);
BeliefFigureSet    *belief_figure_set_copy   (const BeliefFigureSet *set);
void                belief_figure_set_free   (BeliefFigureSet *set);
/* Takes ownership of fig; returns it. */
BeliefFigure       *belief_figure_set_add    (BeliefFigureSet *set, BeliefFigure *fig);
BeliefFigure       *belief_figure_set_find   (BeliefFigureSet *set, const char *id);
/* Sets (or replaces) the measure called key. */
void                belief_figure_set_measure (BeliefFigureSet *set, const char *key,
                                               const char *label, double value,
                                               const char *unit);
/* The value of key, or NAN. */
double              belief_figure_set_get_measure (const BeliefFigureSet *set,
                                                   const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefFigure, belief_figure_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BeliefFigureSet, belief_figure_set_free)

G_END_DECLS
