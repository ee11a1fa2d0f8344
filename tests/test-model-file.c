/* test-model-file.c: DBNs saved and loaded as safetensors, and the errors of
 * damaged model files. */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "belief-error.h"
#include "belief-model-file.h"
#include "belief-rng.h"
#include "belief-safetensors.h"

static char *test_root;

static char *
test_path (const char *name)
{
  return g_build_filename (test_root, name, NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }
  g_remove (path);
}

/* 12-8+3-6, 3 × 4 pixels, every parameter random. */
static BeliefDbn *
make_dbn (gboolean untied,
          guint64  seed)
{
  const int sizes[] = { 12, 8, 6 };
  BeliefDbn *dbn = belief_dbn_new (sizes, 2, 3, 3, 4);
  BeliefRng rng;

  belief_rng_init (&rng, seed);
  for (int i = 0; i < dbn->n_layers; i++)
    belief_rng_fill_normal (&rng, dbn->rbms[i]->params, dbn->rbms[i]->n_params, 0.5f);
  if (untied)
    {
      belief_dbn_untie (dbn);
      belief_rng_fill_normal (&rng, dbn->gen[0]->params, dbn->gen[0]->n_params, 0.5f);
    }
  return dbn;
}

static void
assert_rbm_equal (const BeliefRbm *a,
                  const BeliefRbm *b)
{
  g_assert_cmpint (a->n_vis, ==, b->n_vis);
  g_assert_cmpint (a->n_hid, ==, b->n_hid);
  g_assert_cmpint (a->n_label, ==, b->n_label);
  g_assert_cmpuint (a->n_params, ==, b->n_params);
  g_assert_cmpmem (a->params, a->n_params * sizeof (float),
                   b->params, b->n_params * sizeof (float));
}

static void
assert_dbn_equal (const BeliefDbn *a,
                  const BeliefDbn *b)
{
  g_assert_cmpint (a->n_layers, ==, b->n_layers);
  g_assert_cmpint (a->n_labels, ==, b->n_labels);
  g_assert_cmpint (a->rows, ==, b->rows);
  g_assert_cmpint (a->cols, ==, b->cols);
  g_assert_cmpint (a->untied, ==, b->untied);
  for (int i = 0; i <= a->n_layers; i++)
    g_assert_cmpint (a->sizes[i], ==, b->sizes[i]);
  for (int i = 0; i < a->n_layers; i++)
    {
      assert_rbm_equal (a->rbms[i], b->rbms[i]);
      g_assert_true ((a->gen[i] == NULL) == (b->gen[i] == NULL));
      if (a->gen[i] != NULL)
        assert_rbm_equal (a->gen[i], b->gen[i]);
    }
}

static BeliefDbn *
save_and_load (const BeliefDbn *dbn,
               const char      *name)
{
  g_autofree char *path = test_path (name);
  g_autoptr(GError) error = NULL;
  BeliefDbn *back;

  g_assert_true (belief_model_save (dbn, NULL, path, &error));
  g_assert_no_error (error);
  back = belief_model_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  return back;
}

static void
test_round_trip_tied (void)
{
  g_autoptr(BeliefDbn) dbn = make_dbn (FALSE, 1);
  g_autoptr(BeliefDbn) back = save_and_load (dbn, "tied.safetensors");

  assert_dbn_equal (dbn, back);
  g_assert_false (back->untied);
  g_assert_null (back->gen[0]);
}

static void
test_round_trip_untied (void)
{
  g_autoptr(BeliefDbn) dbn = make_dbn (TRUE, 2);
  g_autoptr(BeliefDbn) back = save_and_load (dbn, "untied.safetensors");

  /* the generative copy really differs from the recognition weights */
  g_assert_true (memcmp (dbn->gen[0]->W, dbn->rbms[0]->W, 12 * 8 * sizeof (float)) != 0);
  assert_dbn_equal (dbn, back);
  g_assert_true (back->untied);
  g_assert_nonnull (back->gen[0]);
  g_assert_null (back->gen[1]);
}

static void
test_round_trip_plain_rbm (void)
{
  const int sizes[] = { 4, 3 };
  g_autoptr(BeliefDbn) dbn = belief_dbn_new (sizes, 1, 0, 2, 2);
  g_autoptr(BeliefDbn) back = NULL;
  BeliefRng rng;

  belief_rng_init (&rng, 3);
  belief_rng_fill_normal (&rng, dbn->rbms[0]->params, dbn->rbms[0]->n_params, 1.0f);
  dbn->rbms[0]->W[0] = -0.0f;
  dbn->rbms[0]->c[2] = 1e-42f;
  back = save_and_load (dbn, "rbm.safetensors");
  assert_dbn_equal (dbn, back);
}

static void
test_metadata (void)
{
  g_autofree char *path = test_path ("meta.safetensors");
  g_autoptr(BeliefDbn) dbn = make_dbn (TRUE, 4);
  g_autoptr(BeliefDbn) back = NULL;
  g_autoptr(GHashTable) extra = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) meta = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (extra, g_strdup ("seed"), g_strdup ("42"));
  g_hash_table_insert (extra, g_strdup ("hyper"), g_strdup ("{\"lr\": 0.1, \"cd_k\": 1}"));
  g_hash_table_insert (extra, g_strdup ("dataset"), g_strdup ("MNIST — training set"));
  g_hash_table_insert (extra, g_strdup ("format"), g_strdup ("stale"));  /* must not win */
  g_assert_true (belief_model_save (dbn, extra, path, &error));
  g_assert_no_error (error);

  back = belief_model_load (path, &meta, &error);
  g_assert_no_error (error);
  g_assert_nonnull (meta);
  g_assert_cmpstr (g_hash_table_lookup (meta, "seed"), ==, "42");
  g_assert_cmpstr (g_hash_table_lookup (meta, "hyper"), ==, "{\"lr\": 0.1, \"cd_k\": 1}");
  g_assert_cmpstr (g_hash_table_lookup (meta, "dataset"), ==, "MNIST — training set");
  g_assert_cmpstr (g_hash_table_lookup (meta, "format"), ==, "belief-dbn-1");
  g_assert_cmpstr (g_hash_table_lookup (meta, "architecture"), ==, "12-8+3-6");
  g_assert_cmpstr (g_hash_table_lookup (meta, "sizes"), ==, "12,8,6");
  g_assert_cmpstr (g_hash_table_lookup (meta, "n_labels"), ==, "3");
  g_assert_cmpstr (g_hash_table_lookup (meta, "rows"), ==, "3");
  g_assert_cmpstr (g_hash_table_lookup (meta, "cols"), ==, "4");
  g_assert_cmpstr (g_hash_table_lookup (meta, "untied"), ==, "true");
  g_assert_cmpuint (g_hash_table_size (meta), ==, 10);

  /* saving again with what was loaded keeps everything */
  g_clear_pointer (&back, belief_dbn_free);
  g_assert_true (belief_model_save (dbn, meta, path, &error));
  g_assert_no_error (error);
  g_clear_pointer (&meta, g_hash_table_unref);
  back = belief_model_load (path, &meta, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (meta), ==, 10);
  assert_dbn_equal (dbn, back);
}

/* The tensors of a saved file, their names listed. */
static void
test_tensor_names (void)
{
  g_autofree char *path = test_path ("names.safetensors");
  g_autoptr(BeliefDbn) dbn = make_dbn (TRUE, 5);
  g_autoptr(BeliefTensorFile) tf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  belief_model_save (dbn, NULL, path, &error);
  g_assert_no_error (error);
  tf = belief_tensor_file_load (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tf->tensors->len; i++)
    {
      BeliefTensor *t = g_ptr_array_index (tf->tensors, i);

      g_string_append_printf (names, "%s%s", i > 0 ? " " : "", t->name);
    }
  g_assert_cmpstr (names->str, ==, "rbm0.W rbm0.b rbm0.c rbm1.W rbm1.b rbm1.c "
                                   "gen0.W gen0.b gen0.c");
  g_assert_cmpint (belief_tensor_file_lookup (tf, "rbm1.W")->shape[0], ==, 11);
  g_assert_cmpint (belief_tensor_file_lookup (tf, "rbm1.W")->shape[1], ==, 6);
  g_assert_cmpint (belief_tensor_file_lookup (tf, "rbm1.b")->shape[0], ==, 11);
  g_assert_cmpint (belief_tensor_file_lookup (tf, "rbm1.c")->shape[0], ==, 6);
}

/* ---- Damaged model files ---- */

/* Rewrites a model file with tensor `name` replaced (n_dims >= 0) or
 * removed (n_dims < 0), or with metadata `key` set (or removed: NULL). */
static void
rewrite (const char   *path,
         const char   *name,
         int           n_dims,
         const gint64 *shape,
         const char   *key,
         const char   *value)
{
  g_autoptr(BeliefTensorFile) tf = NULL;
  g_autoptr(BeliefTensorFile) out = belief_tensor_file_new ();
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer k, v;

  tf = belief_tensor_file_load (path, &error);
  g_assert_no_error (error);
  g_hash_table_iter_init (&iter, tf->metadata);
  while (g_hash_table_iter_next (&iter, &k, &v))
    if (key == NULL || strcmp (k, key) != 0)
      belief_tensor_file_set_meta (out, k, v);
  if (key != NULL && value != NULL)
    belief_tensor_file_set_meta (out, key, value);

  for (guint i = 0; i < tf->tensors->len; i++)
    {
      BeliefTensor *t = g_ptr_array_index (tf->tensors, i);

      if (name == NULL || strcmp (t->name, name) != 0)
        belief_tensor_file_add (out, t->name, t->n_dims, t->shape, t->data);
      else if (n_dims >= 0)
        {
          gsize n = 1;
          g_autofree float *zeros = NULL;

          for (int d = 0; d < n_dims; d++)
            n *= shape[d];
          zeros = g_new0 (float, n);
          belief_tensor_file_add (out, t->name, n_dims, shape, zeros);
        }
    }
  belief_tensor_file_save (out, path, &error);
  g_assert_no_error (error);
}

static void
assert_load_fails (const char *path,
                   int         code,
                   const char *fragment)
{
  g_autoptr(BeliefDbn) dbn = NULL;
  g_autoptr(GHashTable) meta = NULL;
  g_autoptr(GError) error = NULL;

  dbn = belief_model_load (path, &meta, &error);
  g_assert_null (dbn);
  g_assert_null (meta);
  g_assert_error (error, BELIEF_ERROR, code);
  if (strstr (error->message, fragment) == NULL || strstr (error->message, path) == NULL)
    g_error ("“%s” does not name the file and contain “%s”", error->message, fragment);
}

/* A fresh good model file (12-8+3-6) at `name`. */
static char *
good_file (const char *name,
           gboolean    untied)
{
  char *path = test_path (name);
  g_autoptr(BeliefDbn) dbn = make_dbn (untied, 6);
  g_autoptr(GError) error = NULL;

  belief_model_save (dbn, NULL, path, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_wrong_shape (void)
{
  g_autofree char *dir = test_path ("mnist");
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  const int sizes[] = { 784, 500, 500, 2000 };
  const gint64 shape[] = { 500, 400 };
  g_autoptr(BeliefDbn) dbn = belief_dbn_new (sizes, 3, 10, 28, 28);
  g_autoptr(GError) error = NULL;
  g_autoptr(BeliefDbn) back = NULL;
  g_autofree char *expected = NULL;

  g_mkdir (dir, 0755);
  belief_model_save (dbn, NULL, path, &error);
  g_assert_no_error (error);
  rewrite (path, "rbm1.W", 2, shape, NULL, NULL);
  back = belief_model_load (path, NULL, &error);
  g_assert_null (back);
  g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_MISMATCH);
  expected = g_strconcat (path, ": tensor rbm1.W has shape [500, 400], expected [500, 500] "
                          "for architecture 784-500-500+10-2000", NULL);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_wrong_shape_rank (void)
{
  g_autofree char *path = good_file ("rank.safetensors", FALSE);
  const gint64 shape[] = { 11, 1 };

  rewrite (path, "rbm1.b", 2, shape, NULL, NULL);
  assert_load_fails (path, BELIEF_ERROR_MISMATCH,
                     "tensor rbm1.b has shape [11, 1], expected [11] for architecture 12-8+3-6");
}

static void
test_missing_tensor (void)
{
  g_autofree char *path = good_file ("missing.safetensors", FALSE);

  rewrite (path, "rbm0.c", -1, NULL, NULL, NULL);
  assert_load_fails (path, BELIEF_ERROR_MISMATCH,
                     "tensor rbm0.c is missing, expected [8] for architecture 12-8+3-6");
}

static void
test_missing_gen (void)
{
  g_autofree char *path = good_file ("missing-gen.safetensors", TRUE);

  rewrite (path, "gen0.W", -1, NULL, NULL, NULL);
  assert_load_fails (path, BELIEF_ERROR_MISMATCH,
                     "tensor gen0.W is missing, expected [12, 8]");
}

static void
test_unknown_tensor_ignored (void)
{
  g_autofree char *path = good_file ("unknown.safetensors", FALSE);
  g_autoptr(BeliefTensorFile) tf = NULL;
  g_autoptr(BeliefDbn) dbn = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 shape[] = { 2 };
  const float data[] = { NAN, 1.0f };

  tf = belief_tensor_file_load (path, &error);
  g_assert_no_error (error);
  belief_tensor_file_add (tf, "notes.extra", 1, shape, data);
  belief_tensor_file_save (tf, path, &error);
  g_assert_no_error (error);
  dbn = belief_model_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dbn);
}

static void
test_non_finite (void)
{
  g_autofree char *path = test_path ("nan.safetensors");
  g_autoptr(BeliefDbn) dbn = make_dbn (TRUE, 7);
  g_autoptr(GError) error = NULL;

  dbn->rbms[0]->W[5] = NAN;
  belief_model_save (dbn, NULL, path, &error);
  g_assert_no_error (error);
  assert_load_fails (path, BELIEF_ERROR_DIVERGED,
                     "nan.safetensors: contains NaN in rbm0.W; the model diverged during "
                     "training — retrain with a lower learning rate");

  dbn->rbms[0]->W[5] = 0.0f;
  dbn->rbms[1]->c[2] = -INFINITY;
  belief_model_save (dbn, NULL, path, &error);
  g_assert_no_error (error);
  assert_load_fails (path, BELIEF_ERROR_DIVERGED, "contains Inf in rbm1.c");

  dbn->rbms[1]->c[2] = 0.0f;
  dbn->gen[0]->b[0] = INFINITY;
  belief_model_save (dbn, NULL, path, &error);
  g_assert_no_error (error);
  assert_load_fails (path, BELIEF_ERROR_DIVERGED, "contains Inf in gen0.b");
}

typedef struct
{
  const char *test;
  const char *key;
  const char *value;  /* NULL: removed */
  int         code;
  const char *fragment;
} MetaCase;

static const MetaCase meta_cases[] = {
  { "format-missing", "format", NULL, BELIEF_ERROR_FORMAT,
    "not a Belief model: the metadata has no “format”" },
  { "format-other", "format", "belief-dbn-2", BELIEF_ERROR_FORMAT,
    "format “belief-dbn-2” is not supported; Belief reads belief-dbn-1" },
  { "sizes-missing", "sizes", NULL, BELIEF_ERROR_FORMAT, "the metadata has no “sizes”" },
  { "sizes-garbage", "sizes", "12,abc,6", BELIEF_ERROR_FORMAT,
    "sizes “12,abc,6”: layer size “abc” is not a whole number from 1 to 100000" },
  { "sizes-empty-entry", "sizes", "12,,6", BELIEF_ERROR_FORMAT, "sizes “12,,6”" },
  { "sizes-one", "sizes", "12", BELIEF_ERROR_FORMAT,
    "sizes “12” must list at least two layers" },
  { "sizes-zero", "sizes", "12,0,6", BELIEF_ERROR_RANGE,
    "layer size “0” is not a whole number from 1 to 100000" },
  { "sizes-negative", "sizes", "12,-8,6", BELIEF_ERROR_RANGE, "layer size “-8”" },
  { "sizes-huge", "sizes", "12,100001,6", BELIEF_ERROR_RANGE, "layer size “100001”" },
  { "sizes-too-many", "sizes", "12,8,8,8,8,8,8,8,8,6", BELIEF_ERROR_RANGE,
    "describe 9 RBMs; Belief supports at most 8" },
  { "sizes-other-architecture", "sizes", "12,8", BELIEF_ERROR_MISMATCH,
    "tensor rbm0.W has shape [12, 8], expected [15, 8] for architecture 12+3-8" },
  { "rows-mismatch", "rows", "5", BELIEF_ERROR_MISMATCH,
    "rows × cols = 5 × 4 does not match the 12 pixels" },
  { "cols-missing", "cols", NULL, BELIEF_ERROR_FORMAT, "the metadata has no “cols”" },
  { "labels-garbage", "n_labels", "ten", BELIEF_ERROR_FORMAT, "n_labels “ten”" },
  { "untied-garbage", "untied", "yes", BELIEF_ERROR_FORMAT,
    "untied “yes” is neither “true” nor “false”" },
};

static void
test_meta_case (gconstpointer data)
{
  const MetaCase *c = data;
  g_autofree char *name = g_strconcat (c->test, ".safetensors", NULL);
  g_autofree char *path = good_file (name, FALSE);

  rewrite (path, NULL, -1, NULL, c->key, c->value);
  assert_load_fails (path, c->code, c->fragment);
}

static void
test_not_safetensors (void)
{
  g_autofree char *path = test_path ("text.safetensors");

  g_file_set_contents (path, "hello, world", -1, NULL);
  assert_load_fails (path, BELIEF_ERROR_FORMAT, "not a safetensors model");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  test_root = g_dir_make_tmp ("belief-test-model-file-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/model-file/round-trip/tied", test_round_trip_tied);
  g_test_add_func ("/model-file/round-trip/untied", test_round_trip_untied);
  g_test_add_func ("/model-file/round-trip/plain-rbm", test_round_trip_plain_rbm);
  g_test_add_func ("/model-file/metadata", test_metadata);
  g_test_add_func ("/model-file/tensor-names", test_tensor_names);
  g_test_add_func ("/model-file/unknown-tensor-ignored", test_unknown_tensor_ignored);
  g_test_add_func ("/model-file/bad/wrong-shape", test_wrong_shape);
  g_test_add_func ("/model-file/bad/wrong-shape-rank", test_wrong_shape_rank);
  g_test_add_func ("/model-file/bad/missing-tensor", test_missing_tensor);
  g_test_add_func ("/model-file/bad/missing-gen", test_missing_gen);
  g_test_add_func ("/model-file/bad/non-finite", test_non_finite);
  g_test_add_func ("/model-file/bad/not-safetensors", test_not_safetensors);
  for (guint i = 0; i < G_N_ELEMENTS (meta_cases); i++)
    {
      g_autofree char *name = g_strconcat ("/model-file/bad/", meta_cases[i].test, NULL);

      g_test_add_data_func (name, &meta_cases[i], test_meta_case);
    }

  status = g_test_run ();
  remove_tree (test_root);
  g_free (test_root);
  return status;
}
