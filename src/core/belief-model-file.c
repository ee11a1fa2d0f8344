/* belief-model-file.c: a DBN as a safetensors file.
 *
 * Loading checks the metadata, then every expected tensor's shape and values
 * against the architecture it describes, and only then allocates the DBN, so
 * that a damaged or hostile file cannot make it allocate more than the file
 * itself holds.
 */
#include "belief-model-file.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "belief-error.h"
#include "belief-safetensors.h"

#define FORMAT_NAME "belief-dbn-1"
#define MAX_UNITS   100000

/* The tensors of one RBM, in the order W, b, c. */
static const char * const part_names[3] = { "W", "b", "c" };

static gboolean fail (GError **error, BeliefErrorCode code, const char *display,
                      const char *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (GError          **error,
      BeliefErrorCode   code,
      const char       *display,
      const char       *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, BELIEF_ERROR, code, "%s: %s", display, message);
  return FALSE;
}

static void
rbm_part_shape (const BeliefRbm *rbm,
                int              part,
                int             *n_dims,
                gint64          *shape)
{
  /* W (n_vis, n_hid), b (n_vis), c (n_hid) */
  *n_dims = part == 0 ? 2 : 1;
  shape[0] = part == 2 ? rbm->n_hid : rbm->n_vis;
  shape[1] = rbm->n_hid;
}

static float *
rbm_part_data (BeliefRbm *rbm,
               int        part)
{
  return part == 0 ? rbm->W : part == 1 ? rbm->b : rbm->c;
}

/* ---- Saving ---- */

static void
add_rbm (BeliefTensorFile *tf,
         const char       *prefix,
         int               layer,
         BeliefRbm        *rbm)
{
  for (int part = 0; part < 3; part++)
    {
      g_autofree char *name = g_strdup_printf ("%s%d.%s", prefix, layer, part_names[part]);
      gint64 shape[2];
      int n_dims;

      rbm_part_shape (rbm, part, &n_dims, shape);
      belief_tensor_file_add (tf, name, n_dims, shape, rbm_part_data (rbm, part));
    }
}

static void
set_meta_int (BeliefTensorFile *tf,
              const char       *key,
              int               value)
{
  char buf[16];

  g_snprintf (buf, sizeof buf, "%d", value);
  belief_tensor_file_set_meta (tf, key, buf);
}

static void
set_dbn_meta (BeliefTensorFile *tf,
              const BeliefDbn  *dbn)
{
  g_autofree char *arch = belief_dbn_describe (dbn);
  g_autoptr(GString) sizes = g_string_new (NULL);

  for (int i = 0; i <= dbn->n_layers; i++)
    g_string_append_printf (sizes, i > 0 ? ",%d" : "%d", dbn->sizes[i]);
  belief_tensor_file_set_meta (tf, "format", FORMAT_NAME);
  belief_tensor_file_set_meta (tf, "architecture", arch);
  belief_tensor_file_set_meta (tf, "sizes", sizes->str);
  set_meta_int (tf, "n_labels", dbn->n_labels);
  set_meta_int (tf, "rows", dbn->rows);
  set_meta_int (tf, "cols", dbn->cols);
  belief_tensor_file_set_meta (tf, "untied", dbn->untied ? "true" : "false");
}

gboolean
belief_model_save (const BeliefDbn  *dbn,
                   GHashTable       *extra,
                   const char       *filename,
                   GError          **error)
{
  g_autoptr(BeliefTensorFile) tf = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (dbn != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  tf = belief_tensor_file_new ();
  /* extra first: a stale "format" or "sizes" from an earlier load must not
   * override what this DBN is. */
  if (extra != NULL)
    {
      g_hash_table_iter_init (&iter, extra);
      while (g_hash_table_iter_next (&iter, &key, &value))
        belief_tensor_file_set_meta (tf, key, value);
    }
  set_dbn_meta (tf, dbn);

  for (int i = 0; i < dbn->n_layers; i++)
    add_rbm (tf, "rbm", i, dbn->rbms[i]);
  for (int i = 0; dbn->untied && i < dbn->n_layers - 1; i++)
    add_rbm (tf, "gen", i, dbn->gen[i] != NULL ? dbn->gen[i] : dbn->rbms[i]);

  return belief_tensor_file_save (tf, filename, error);
}

/* ---- Loading ---- */

/* A whole number in [min, max]; on failure, *code says why. */
static gboolean
parse_number (const char      *text,
              int              min,
              int              max,
              int             *out,
              BeliefErrorCode *code)
{
  g_autoptr(GError) local = NULL;
  gint64 value;

  if (!g_ascii_string_to_signed (text, 10, min, max, &value, &local))
    {
      *code = g_error_matches (local, G_NUMBER_PARSER_ERROR,
                               G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS)
              ? BELIEF_ERROR_RANGE : BELIEF_ERROR_FORMAT;
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static gboolean
parse_int (const char *display,
           const char *key,
           const char *text,
           int         min,
           int         max,
           int        *out,
           GError    **error)
{
  BeliefErrorCode code;

  if (text == NULL)
    return fail (error, BELIEF_ERROR_FORMAT, display, "the metadata has no “%s”", key);
  if (!parse_number (text, min, max, out, &code))
    return fail (error, code, display, "%s “%s” is not a whole number from %d to %d",
                 key, text, min, max);
  return TRUE;
}

static gboolean
parse_sizes (const char *display,
             const char *text,
             BeliefDbn  *shape,
             GError    **error)
{
  g_auto(GStrv) parts = NULL;
  BeliefErrorCode code;
  guint n;

  if (text == NULL)
    return fail (error, BELIEF_ERROR_FORMAT, display, "the metadata has no “sizes”");
  parts = g_strsplit (text, ",", -1);
  n = g_strv_length (parts);
  if (n < 2)
    return fail (error, BELIEF_ERROR_FORMAT, display,
                 "sizes “%s” must list at least two layers", text);
  if (n - 1 > BELIEF_MAX_LAYERS)
    return fail (error, BELIEF_ERROR_RANGE, display,
                 "sizes “%s” describe %u RBMs; Belief supports at most %d",
                 text, n - 1, BELIEF_MAX_LAYERS);
  for (guint i = 0; i < n; i++)
    if (!parse_number (g_strstrip (parts[i]), 1, MAX_UNITS, &shape->sizes[i], &code))
      return fail (error, code, display,
                   "sizes “%s”: layer size “%s” is not a whole number from 1 to %d",
                   text, parts[i], MAX_UNITS);
  shape->n_layers = n - 1;
  return TRUE;
}

static gboolean
parse_untied (const char *display,
              const char *text,
              gboolean   *untied,
              GError    **error)
{
  if (text == NULL || strcmp (text, "false") == 0)
    *untied = FALSE;
  else if (strcmp (text, "true") == 0)
    *untied = TRUE;
  else
    return fail (error, BELIEF_ERROR_FORMAT, display,
                 "untied “%s” is neither “true” nor “false”", text);
  return TRUE;
}

/* Fills the architecture fields of `shape` (no RBMs) from the metadata. */
static gboolean
parse_metadata (const char       *display,
                BeliefTensorFile *tf,
                BeliefDbn        *shape,
                GError          **error)
{
  const char *format = belief_tensor_file_get_meta (tf, "format");

  if (format == NULL)
    return fail (error, BELIEF_ERROR_FORMAT, display,
                 "not a Belief model: the metadata has no “format”");
  if (strcmp (format, FORMAT_NAME) != 0)
    return fail (error, BELIEF_ERROR_FORMAT, display,
                 "format “%s” is not supported; Belief reads " FORMAT_NAME, format);
  if (!parse_sizes (display, belief_tensor_file_get_meta (tf, "sizes"), shape, error) ||
      !parse_int (display, "n_labels", belief_tensor_file_get_meta (tf, "n_labels"),
                  0, MAX_UNITS, &shape->n_labels, error) ||
      !parse_int (display, "rows", belief_tensor_file_get_meta (tf, "rows"),
                  1, MAX_UNITS, &shape->rows, error) ||
      !parse_int (display, "cols", belief_tensor_file_get_meta (tf, "cols"),
                  1, MAX_UNITS, &shape->cols, error) ||
      !parse_untied (display, belief_tensor_file_get_meta (tf, "untied"),
                     &shape->untied, error))
    return FALSE;
  if ((gint64) shape->rows * shape->cols != shape->sizes[0])
    return fail (error, BELIEF_ERROR_MISMATCH, display,
                 "rows × cols = %d × %d does not match the %d pixels of the first layer",
                 shape->rows, shape->cols, shape->sizes[0]);
  return TRUE;
}

static char *
format_shape (int           n_dims,
              const gint64 *shape)
{
  GString *s = g_string_new ("[");

  for (int d = 0; d < n_dims; d++)
    g_string_append_printf (s, d > 0 ? ", %" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                            shape[d]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static gboolean
check_finite (const char         *display,
              const BeliefTensor *t,
              GError            **error)
{
  for (gsize k = 0; k < t->n_elems; k++)
    if (!isfinite (t->data[k]))
      return fail (error, BELIEF_ERROR_DIVERGED, display,
                   "contains %s in %s; the model diverged during training — "
                   "retrain with a lower learning rate",
                   isnan (t->data[k]) ? "NaN" : "Inf", t->name);
  return TRUE;
}

/* The tensors of one RBM with the shapes of `rbm`, checked, into found[3]. */
static gboolean
find_rbm (const char          *display,
          BeliefTensorFile    *tf,
          const char          *prefix,
          int                  layer,
          const BeliefRbm     *rbm,
          const char          *arch,
          const BeliefTensor **found,
          GError             **error)
{
  for (int part = 0; part < 3; part++)
    {
      g_autofree char *name = g_strdup_printf ("%s%d.%s", prefix, layer, part_names[part]);
      g_autofree char *want = NULL;
      g_autofree char *have = NULL;
      const BeliefTensor *t = belief_tensor_file_lookup (tf, name);
      gint64 shape[2];
      int n_dims;

      rbm_part_shape (rbm, part, &n_dims, shape);
      want = format_shape (n_dims, shape);
      if (t == NULL)
        return fail (error, BELIEF_ERROR_MISMATCH, display,
                     "tensor %s is missing, expected %s for architecture %s",
                     name, want, arch);
      have = format_shape (t->n_dims, t->shape);
      if (strcmp (have, want) != 0)
        return fail (error, BELIEF_ERROR_MISMATCH, display,
                     "tensor %s has shape %s, expected %s for architecture %s",
                     name, have, want, arch);
      if (!check_finite (display, t, error))
        return FALSE;
      found[part] = t;
    }
  return TRUE;
}

static void
copy_rbm (BeliefRbm           *rbm,
          const BeliefTensor **found)
{
  for (int part = 0; part < 3; part++)
    memcpy (rbm_part_data (rbm, part), found[part]->data,
            found[part]->n_elems * sizeof (float));
}

/* Expected shapes only need n_vis and n_hid; no parameters are allocated. */
static BeliefRbm
rbm_shape (const BeliefDbn *shape,
           int              layer)
{
  BeliefRbm rbm = { 0 };
  gboolean top = layer == shape->n_layers - 1;

  rbm.n_vis = shape->sizes[layer] + (top ? shape->n_labels : 0);
  rbm.n_hid = shape->sizes[layer + 1];
  return rbm;
}

static GHashTable *
copy_metadata (GHashTable *metadata)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, metadata);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

BeliefDbn *
belief_model_load (const char  *filename,
                   GHashTable **extra_out,
                   GError     **error)
{
  g_autoptr(BeliefTensorFile) tf = NULL;
  g_autofree char *display = NULL;
  g_autofree char *arch = NULL;
  const BeliefTensor *found[2][BELIEF_MAX_LAYERS][3] = { { { NULL } } };
  BeliefDbn shape = { 0 };
  BeliefDbn *dbn;

  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tf = belief_tensor_file_load (filename, error);
  if (tf == NULL)
    return NULL;
  display = g_filename_display_name (filename);
  if (!parse_metadata (display, tf, &shape, error))
    return NULL;

  /* describe reads only the architecture fields, which `shape` has */
  arch = belief_dbn_describe (&shape);
  for (int i = 0; i < shape.n_layers; i++)
    {
      BeliefRbm rbm = rbm_shape (&shape, i);
      gboolean has_gen = shape.untied && i < shape.n_layers - 1;

      if (!find_rbm (display, tf, "rbm", i, &rbm, arch, found[0][i], error) ||
          (has_gen && !find_rbm (display, tf, "gen", i, &rbm, arch, found[1][i], error)))
        return NULL;
    }

  dbn = belief_dbn_new (shape.sizes, shape.n_layers, shape.n_labels, shape.rows, shape.cols);
  if (shape.untied)
    belief_dbn_untie (dbn);
  for (int i = 0; i < shape.n_layers; i++)
    {
      copy_rbm (dbn->rbms[i], found[0][i]);
      if (shape.untied && i < shape.n_layers - 1)
        copy_rbm (dbn->gen[i], found[1][i]);
    }

  if (extra_out != NULL)
    *extra_out = copy_metadata (tf->metadata);
  return dbn;
}
