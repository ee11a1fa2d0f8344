/* belief-tiles-view.c: weight tiles of one layer, refreshed while training. */
#include "belief-tiles-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "belief-blas.h"
#include "belief-chart-view.h"
#include "belief-render-file.h"

#define REFRESH_INTERVAL (G_USEC_PER_SEC / 4)
#define UNIT_SEED        20120601u

static const int grid_sizes[] = { 5, 8, 10, 15, 20 };

struct _BeliefTilesView
{
  GtkWidget        parent_instance;

  BeliefTrainer   *trainer;
  guint            refresh_id;
  gint64           last_refresh;
  gboolean         dirty;
  guint            generation;     /* of the choice of layer and grid */
  gboolean         busy, again;    /* a projection runs; refresh once it is back */
  int             *perm[BELIEF_MAX_LAYERS];
  int              perm_n[BELIEF_MAX_LAYERS];
  int              n_layers_listed;
  gboolean         listing;        /* the layer list is being replaced */

  /* what is shown */
  float           *W;              /* (n_pix, n_units) */
  int             *units;
  int              n_units, rows, cols, grid, layer;
  int              detail;         /* enlarged tile, or -1 */

  /* template children */
  GtkWidget       *main_box;
  GtkWidget       *popover;
  GtkWidget       *detail_area;
  GtkLabel        *detail_title;
  GtkLabel        *detail_range;
  GtkDropDown     *layer_dropdown;
  GtkDropDown     *grid_dropdown;
  GtkLabel        *caption;
  GtkWidget       *canvas;
};

G_DEFINE_FINAL_TYPE (BeliefTilesView, belief_tiles_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TRAINER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- projection ------------------------------------------------------------- */

/* The weights a refresh needs, copied from the trainer's model. */
typedef struct
{
  guint  generation;
  int    layer, grid, k, rows, cols;
  int    sizes[BELIEF_MAX_LAYERS + 1];
  int   *units;                       /* k units of the layer */
  float *top;                         /* (sizes[layer-1], k): their columns of W */
  float *lower[BELIEF_MAX_LAYERS];    /* W of RBMs 0 .. layer-2 */
} Job;

static void
job_free (Job *job)
{
  g_free (job->units);
  g_free (job->top);
  for (int l = 0; l < BELIEF_MAX_LAYERS; l++)
    g_free (job->lower[l]);
  g_free (job);
}

/* The same product as belief_tiles_project, for the chosen columns only:
 * W_0 (W_1 (... W_{L-1}[:, units])), each W restricted to its unit rows. */
static void
job_project (Job *job)
{
  for (int l = job->layer - 2; l >= 0; l--)
    {
      float *out = g_new (float, (gsize) job->sizes[l] * job->k);

      /* out (s_l, k) = W_l (s_l, s_l+1) top (s_l+1, k) */
      belief_gemm (FALSE, FALSE, job->sizes[l], job->k, job->sizes[l + 1], 1.0f,
                   job->lower[l], job->top, 0.0f, out);
      g_free (job->top);
      job->top = out;
    }
}

static void
project_worker (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  job_project (task_data);
  g_task_return_boolean (task, TRUE);
}

static const int *
units_of_layer (BeliefTilesView *self,
                int              layer,
                int              n_hid)
{
  int i = layer - 1;

  /* a fixed shuffle, made once per layer size: the same units stay in place */
  if (self->perm_n[i] != n_hid)
    {
      GRand *rand = g_rand_new_with_seed (UNIT_SEED + layer);

      g_free (self->perm[i]);
      self->perm[i] = g_new (int, n_hid);
      self->perm_n[i] = n_hid;
      for (int j = 0; j < n_hid; j++)
        self->perm[i][j] = j;
      for (int j = n_hid - 1; j > 0; j--)
        {
          int r = g_rand_int_range (rand, 0, j + 1), t = self->perm[i][j];

          self->perm[i][j] = self->perm[i][r], self->perm[i][r] = t;
        }
      g_rand_free (rand);
    }
  return self->perm[i];
}

static Job *
job_new (BeliefTilesView *self,
         const BeliefDbn *model,
         int              layer)
{
  Job *job = g_new0 (Job, 1);
  const BeliefRbm *rbm = model->rbms[layer - 1];
  int side = grid_sizes[MIN (gtk_drop_down_get_selected (self->grid_dropdown), G_N_ELEMENTS (grid_sizes) - 1)];
  int n_in = model->sizes[layer - 1], n_hid = model->sizes[layer];
  const int *perm = units_of_layer (self, layer, n_hid);

  job->generation = self->generation;
  job->layer = layer;
  job->grid = side * side <= n_hid ? side : 0;   /* 0: about square */
  job->k = MIN (side * side, n_hid);
  job->rows = model->rows, job->cols = model->cols;
  memcpy (job->sizes, model->sizes, sizeof job->sizes);
  job->units = g_memdup2 (perm, sizeof (int) * job->k);
  job->top = g_new (float, (gsize) n_in * job->k);
  for (int r = 0; r < n_in; r++)       /* the unit rows only: no label rows */
    for (int j = 0; j < job->k; j++)
      job->top[(gsize) r * job->k + j] = rbm->W[(gsize) r * n_hid + job->units[j]];
  for (int l = 0; l < layer - 1; l++)
    job->lower[l] = g_memdup2 (model->rbms[l]->W,
                               sizeof (float) * model->sizes[l] * model->sizes[l + 1]);
  return job;
}

/* ---- showing ------------------------------------------------------------------ */

static gboolean
get_tiles (BeliefTilesView *self,
           BeliefTiles     *tiles)
{
  *tiles = (BeliefTiles) {
    .W = self->W, .n_hid = self->n_units, .rows = self->rows, .cols = self->cols,
    .units = NULL, .n_units = self->n_units, .grid_cols = self->grid,
    .scale = 0.0f, .colorbar = BELIEF_COLORBAR_AUTO,
  };
  return self->W != NULL && self->n_units > 0;
}

static void
update_detail (BeliefTilesView *self)
{
  g_autofree char *title = NULL;
  g_autofree char *range = NULL;
  float lo = INFINITY, hi = -INFINITY;

  if (self->detail < 0 || self->detail >= self->n_units || self->W == NULL)
    {
      self->detail = -1;
      gtk_popover_popdown (GTK_POPOVER (self->popover));
      return;
    }
  for (int p = 0; p < self->rows * self->cols; p++)
    {
      float w = self->W[(gsize) p * self->n_units + self->detail];

      lo = MIN (lo, w), hi = MAX (hi, w);
    }
  title = g_strdup_printf (_("Unit %d of layer %d"), self->units[self->detail] + 1, self->layer);
  range = g_strdup_printf (_("Weights from %.3g to %.3g, on this unit’s own colour scale"), lo, hi);
  gtk_label_set_text (self->detail_title, title);
  gtk_label_set_text (self->detail_range, range);
  gtk_widget_queue_draw (self->detail_area);
}

static void
update_caption (BeliefTilesView *self,
                const BeliefDbn *model)
{
  g_autofree char *which = NULL;
  g_autofree char *what = NULL;
  g_autofree char *text = NULL;
  int total;

  if (model == NULL || self->layer < 1 || self->layer > model->n_layers)
    {
      gtk_label_set_text (self->caption, _("No model yet: open a folder of digits or a model file."));
      return;
    }
  total = model->sizes[self->layer];
  which = self->n_units < total
          ? g_strdup_printf (_("%d of the %d units of layer %d, picked at random."),
                             self->n_units, total, self->layer)
          : g_strdup_printf (_("All %d units of layer %d."), total, self->layer);
  what = self->layer == 1
         ? g_strdup_printf (_("Each tile shows the weights from the %d×%d pixels into one unit: "
                              "red positive, blue negative, white near zero."), model->rows, model->cols)
         : g_strdup (_("Each tile shows the unit’s weights projected through the layers below "
                       "onto the pixels: red positive, blue negative."));
  text = g_strjoin (" ", which, what, _("Click a tile to enlarge it."), NULL);
  gtk_label_set_text (self->caption, text);
}

static void
apply_job (BeliefTilesView *self,
           Job             *job)
{
  g_autofree char *name = g_strdup_printf (_("Receptive fields of layer %d"), job->layer);

  g_free (self->W);
  g_free (self->units);
  self->W = g_steal_pointer (&job->top);
  self->units = g_steal_pointer (&job->units);
  self->n_units = job->k;
  self->rows = job->rows, self->cols = job->cols;
  self->grid = job->grid;
  self->layer = job->layer;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->canvas), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name, -1);
  gtk_widget_queue_draw (self->canvas);
  update_detail (self);
}

static void refresh_now (BeliefTilesView *self);

static void
projected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(BeliefTilesView) self = g_weak_ref_get (ref);
  Job *job = g_task_get_task_data (G_TASK (result));

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL)
    return;
  self->busy = FALSE;
  if (job->generation == self->generation && self->trainer != NULL)
    {
      apply_job (self, job);
      update_caption (self, belief_trainer_get_model (self->trainer));
    }
  if (self->again)
    {
      self->again = FALSE;
      refresh_now (self);
    }
}

static void
update_layer_list (BeliefTilesView *self,
                   const BeliefDbn *model)
{
  g_autoptr(GtkStringList) list = NULL;
  int n = model != NULL ? model->n_layers : 1;
  guint selected;

  if (n == self->n_layers_listed)
    return;
  selected = gtk_drop_down_get_selected (self->layer_dropdown);
  list = gtk_string_list_new (NULL);
  for (int l = 1; l <= n; l++)
    {
      g_autofree char *name = l == 1 ? g_strdup (_("Layer 1 (pixels)"))
                                     : g_strdup_printf (_("Layer %d (projected)"), l);

      gtk_string_list_append (list, name);
    }
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  self->n_layers_listed = n;
  self->generation++;                        /* a new architecture */
  self->listing = TRUE;
  gtk_drop_down_set_model (self->layer_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->layer_dropdown, MIN (selected, (guint) n - 1));
  self->listing = FALSE;
}

static void
refresh_now (BeliefTilesView *self)
{
  const BeliefDbn *model = self->trainer != NULL ? belief_trainer_get_model (self->trainer) : NULL;
  GTask *task;
  GWeakRef *ref;
  Job *job;
  int layer;

  self->dirty = FALSE;
  self->last_refresh = g_get_monotonic_time ();
  update_layer_list (self, model);
  if (model == NULL)
    {
      g_clear_pointer (&self->W, g_free);
      self->n_units = 0;
      update_detail (self);
      update_caption (self, NULL);
      gtk_widget_queue_draw (self->canvas);
      return;
    }
  if (self->busy)
    {
      self->again = TRUE;
      return;
    }
  layer = CLAMP ((int) gtk_drop_down_get_selected (self->layer_dropdown) + 1, 1, model->n_layers);
  job = job_new (self, model, layer);
  if (layer == 1)
    {
      apply_job (self, job);
      update_caption (self, model);
      job_free (job);
      return;
    }
  /* deeper layers cost a few matrix products: off the main loop */
  self->busy = TRUE;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  task = g_task_new (NULL, NULL, projected_cb, ref);
  g_task_set_source_tag (task, refresh_now);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, project_worker);
  g_object_unref (task);
}

static gboolean
refresh_timeout_cb (gpointer data)
{
  BeliefTilesView *self = data;

  self->refresh_id = 0;
  refresh_now (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (BeliefTilesView *self)
{
  gint64 wait;

  self->dirty = TRUE;
  if (self->refresh_id != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  wait = self->last_refresh + REFRESH_INTERVAL - g_get_monotonic_time ();
  if (wait <= 0)
    refresh_now (self);
  else
    self->refresh_id = g_timeout_add ((guint) (wait / 1000) + 1, refresh_timeout_cb, self);
}

static void
choice_changed_cb (BeliefTilesView *self)
{
  if (self->listing)
    return;
  self->generation++;
  self->detail = -1;
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_now (self);
  else
    self->dirty = TRUE;
}

/* ---- drawing and input ---------------------------------------------------------- */

static void
draw_canvas (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  BeliefTilesView *self = data;
  BeliefRenderStyle style;
  BeliefTiles tiles;

  belief_widget_get_render_style (GTK_WIDGET (area), &style);
  if (get_tiles (self, &tiles))
    belief_tiles_render (cr, width, height, &tiles, &style);
}

static void
draw_detail (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  BeliefTilesView *self = data;
  BeliefRenderStyle style;
  BeliefTiles tiles;

  belief_widget_get_render_style (GTK_WIDGET (area), &style);
  if (self->detail < 0 || !get_tiles (self, &tiles))
    return;
  tiles.units = &self->detail;                       /* on its own scale */
  tiles.n_units = 1;
  tiles.grid_cols = 1;
  tiles.colorbar = BELIEF_COLORBAR_RIGHT;
  belief_tiles_render (cr, width, height, &tiles, &style);
}

static void
canvas_pressed_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   BeliefTilesView *self)
{
  BeliefRenderStyle style;
  BeliefTiles tiles;
  int k;

  if (!get_tiles (self, &tiles))
    return;
  belief_widget_get_render_style (self->canvas, &style);
  k = belief_tiles_hit_test (&tiles, &style, gtk_widget_get_width (self->canvas),
                             gtk_widget_get_height (self->canvas), x, y);
  if (k >= 0)
    belief_tiles_view_show_unit (self, k);
}

typedef struct
{
  BeliefTiles       tiles;
  BeliefRenderStyle style;
} TilesPicture;

static void
draw_picture (cairo_t  *cr,
              double    width,
              double    height,
              gpointer  user_data)
{
  TilesPicture *picture = user_data;

  belief_tiles_render (cr, width, height, &picture->tiles, &picture->style);
}

static gboolean
export_write (GtkWidget   *widget,
              const char  *filename,
              GError     **error)
{
  return belief_tiles_view_export (BELIEF_TILES_VIEW (widget), filename, error);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BeliefTilesView *self = BELIEF_TILES_VIEW (widget);
  g_autofree char *name = g_strdup_printf ("receptive-fields-layer-%d", MAX (self->layer, 1));

  belief_widget_export_to_file (widget, _("Export Receptive Fields as PNG"), name, "png",
                                export_write);
}

/* ---- GtkWidget and GObject --------------------------------------------------------- */

static void
belief_tiles_view_map (GtkWidget *widget)
{
  BeliefTilesView *self = BELIEF_TILES_VIEW (widget);

  GTK_WIDGET_CLASS (belief_tiles_view_parent_class)->map (widget);
  if (self->dirty)
    refresh_now (self);
}

static void
belief_tiles_view_dispose (GObject *object)
{
  BeliefTilesView *self = BELIEF_TILES_VIEW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  g_clear_object (&self->trainer);
  g_object_set_data (object, "belief-export-chooser", NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BELIEF_TYPE_TILES_VIEW);

  G_OBJECT_CLASS (belief_tiles_view_parent_class)->dispose (object);
}

static void
belief_tiles_view_finalize (GObject *object)
{
  BeliefTilesView *self = BELIEF_TILES_VIEW (object);

  for (int l = 0; l < BELIEF_MAX_LAYERS; l++)
    g_free (self->perm[l]);
  g_free (self->W);
  g_free (self->units);

  G_OBJECT_CLASS (belief_tiles_view_parent_class)->finalize (object);
}

static void
belief_tiles_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BeliefTilesView *self = BELIEF_TILES_VIEW (object);

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
belief_tiles_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BeliefTilesView *self = BELIEF_TILES_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRAINER:
      belief_tiles_view_set_trainer (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
belief_tiles_view_class_init (BeliefTilesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = belief_tiles_view_dispose;
  object_class->finalize = belief_tiles_view_finalize;
  object_class->get_property = belief_tiles_view_get_property;
  object_class->set_property = belief_tiles_view_set_property;
  widget_class->map = belief_tiles_view_map;

  properties[PROP_TRAINER] =
    g_param_spec_object ("trainer", NULL, NULL, BELIEF_TYPE_TRAINER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/belief/Belief/belief-tiles-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BeliefTilesView, name)
  BIND (main_box);
  BIND (popover);
  BIND (detail_area);
  BIND (detail_title);
  BIND (detail_range);
  BIND (layer_dropdown);
  BIND (grid_dropdown);
  BIND (caption);
  BIND (canvas);
#undef BIND
  gtk_widget_class_install_action (widget_class, "tiles.export-png", NULL, export_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tilesview");
}

static void
belief_tiles_view_init (BeliefTilesView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->detail = -1;
  gtk_drop_down_set_selected (self->grid_dropdown, 2);   /* 10 x 10 */
  update_layer_list (self, NULL);
  g_signal_connect_swapped (self->grid_dropdown, "notify::selected",
                            G_CALLBACK (choice_changed_cb), self);
  g_signal_connect_swapped (self->layer_dropdown, "notify::selected",
                            G_CALLBACK (choice_changed_cb), self);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->canvas), draw_canvas, self, NULL);
  gtk_widget_set_cursor_from_name (self->canvas, "pointer");
  g_signal_connect (click, "pressed", G_CALLBACK (canvas_pressed_cb), self);
  gtk_widget_add_controller (self->canvas, GTK_EVENT_CONTROLLER (click));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->detail_area), draw_detail, self, NULL);
  update_caption (self, NULL);
}

/* ---- public API ------------------------------------------------------------------------ */

GtkWidget *
belief_tiles_view_new (BeliefTrainer *trainer)
{
  g_return_val_if_fail (trainer == NULL || BELIEF_IS_TRAINER (trainer), NULL);
  return g_object_new (BELIEF_TYPE_TILES_VIEW, "trainer", trainer, NULL);
}

void
belief_tiles_view_set_trainer (BeliefTilesView *self,
                               BeliefTrainer   *trainer)
{
  g_return_if_fail (BELIEF_IS_TILES_VIEW (self));
  g_return_if_fail (trainer == NULL || BELIEF_IS_TRAINER (trainer));

  if (self->trainer == trainer)
    return;
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  g_set_object (&self->trainer, trainer);
  if (trainer != NULL)
    g_signal_connect_swapped (trainer, "weights-changed", G_CALLBACK (queue_refresh), self);
  self->generation++;
  refresh_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINER]);
}

void
belief_tiles_view_set_grid_size (BeliefTilesView *self,
                                 int              side)
{
  g_return_if_fail (BELIEF_IS_TILES_VIEW (self));

  for (guint i = 0; i < G_N_ELEMENTS (grid_sizes); i++)
    if (grid_sizes[i] == side)
      {
        gtk_drop_down_set_selected (self->grid_dropdown, i);
        return;
      }
  g_return_if_reached ();
}

void
belief_tiles_view_set_layer (BeliefTilesView *self,
                             int              layer)
{
  g_return_if_fail (BELIEF_IS_TILES_VIEW (self));
  g_return_if_fail (layer >= 1 && layer <= self->n_layers_listed);

  gtk_drop_down_set_selected (self->layer_dropdown, layer - 1);
}

int
belief_tiles_view_get_shown_layer (BeliefTilesView *self)
{
  g_return_val_if_fail (BELIEF_IS_TILES_VIEW (self), 0);
  return self->W != NULL ? self->layer : 0;
}

gboolean
belief_tiles_view_get_tiles (BeliefTilesView  *self,
                             BeliefTiles      *tiles,
                             const int       **units)
{
  g_return_val_if_fail (BELIEF_IS_TILES_VIEW (self), FALSE);
  g_return_val_if_fail (tiles != NULL, FALSE);

  if (units != NULL)
    *units = self->units;
  return get_tiles (self, tiles);
}

void
belief_tiles_view_show_unit (BeliefTilesView *self,
                             int              k)
{
  BeliefRenderStyle style;
  BeliefTiles tiles;
  BeliefRect r;
  double x, y;

  g_return_if_fail (BELIEF_IS_TILES_VIEW (self));

  if (!get_tiles (self, &tiles) || k < 0 || k >= self->n_units)
    return;
  belief_widget_get_render_style (self->canvas, &style);
  if (!belief_tiles_get_tile_rect (&tiles, &style, gtk_widget_get_width (self->canvas),
                                   gtk_widget_get_height (self->canvas), k, &r)
      || !gtk_widget_translate_coordinates (self->canvas, GTK_WIDGET (self), r.x, r.y, &x, &y))
    return;
  self->detail = k;
  update_detail (self);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle) { (int) x, (int) y, (int) r.width, (int) r.height });
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

gboolean
belief_tiles_view_export (BeliefTilesView  *self,
                          const char       *filename,
                          GError          **error)
{
  TilesPicture picture;
  int width, height;

  g_return_val_if_fail (BELIEF_IS_TILES_VIEW (self), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  if (!get_tiles (self, &picture.tiles))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There are no weights to export yet"));
      return FALSE;
    }
  belief_render_style_light (&picture.style);
  width = gtk_widget_get_width (self->canvas);
  height = gtk_widget_get_height (self->canvas);
  if (width <= 0 || height <= 0)
    width = height = 800;
  return belief_render_write_file (filename, MAX (width, 400), MAX (height, 400), 2,
                                   draw_picture, &picture, error);
}
