/* test-config.c: the ranges of every setting, their messages, and the app
 * schema's ranges inside them. */
#include <math.h>
#include <string.h>

#include "belief-config.h"
#include "belief-error.h"

static void
set_value (BeliefConfig *cfg, const BeliefConfigLimit *limit, double value)
{
  guint8 *p = (guint8 *) cfg + limit->offset;

  if (limit->is_float)
    *(float *) p = (float) value;
  else
    *(int *) p = (int) value;
}

static void
test_defaults_valid (void)
{
  g_autoptr(GError) error = NULL;
  BeliefConfig cfg;

  belief_config_defaults (&cfg);
  g_assert_true (belief_config_validate (&cfg, &error));
  g_assert_no_error (error);
}

/* Each bound is allowed, a step past it is not, NaN never is; the message
 * names the option, the value and the range. */
static void
test_every_limit (void)
{
  guint n;
  const BeliefConfigLimit *limits = belief_config_limits (&n);

  g_assert_cmpuint (n, >=, 14);
  for (guint i = 0; i < n; i++)
    {
      const BeliefConfigLimit *l = &limits[i];
      double outside[3] = { l->lo - (l->is_float ? 1e-3 : 1), l->hi * 2 + 1, NAN };
      BeliefConfig cfg;

      g_assert_true (belief_config_find_limit (l->option) == l);
      belief_config_defaults (&cfg);
      set_value (&cfg, l, l->lo);
      g_assert_true (belief_config_validate (&cfg, NULL));
      set_value (&cfg, l, l->hi);
      g_assert_true (belief_config_validate (&cfg, NULL));
      for (int k = 0; k < (l->is_float ? 3 : 2); k++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *range = g_strdup_printf ("must be between %.10g and %.10g", l->lo, l->hi);

          belief_config_defaults (&cfg);
          set_value (&cfg, l, outside[k]);
          g_assert_false (belief_config_validate (&cfg, &error));
          g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE);
          g_assert_true (g_str_has_prefix (error->message, l->option));
          g_assert_nonnull (strstr (error->message, l->what));
          g_assert_nonnull (strstr (error->message, range));
        }
    }
}

static void
test_message (void)
{
  g_autoptr(GError) error = NULL;
  BeliefConfig cfg;

  belief_config_defaults (&cfg);
  cfg.lr = 1e9f;
  g_assert_false (belief_config_validate (&cfg, &error));
  g_assert_cmpstr (error->message, ==, "--lr 1e+09: the learning rate must be between 1e-06 and 10");
  g_clear_error (&error);
  belief_config_defaults (&cfg);
  cfg.hidden[1] = 0;
  g_assert_false (belief_config_validate (&cfg, &error));
  g_assert_cmpstr (error->message, ==, "--layers: layer 2 has 0 units; a layer must have between 1 and 20000");
}

static void
test_parse_layers (void)
{
  const char *bad[] = { "", "0", "-5", "500,abc", "20001", "1,2,3,4,5,6,7,8,9", "5,,6", NULL };
  BeliefConfig cfg;

  belief_config_defaults (&cfg);
  for (int i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (belief_config_parse_layers (&cfg, bad[i], &error));
      g_assert_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE);
      g_assert_true (g_str_has_prefix (error->message, "--layers"));
    }
  g_assert_true (belief_config_parse_layers (&cfg, " 20000 , 1", NULL));
  g_assert_cmpint (cfg.n_hidden, ==, 2);
}

/* ---- the GSettings schema ------------------------------------------------ */

typedef struct
{
  char    *key, *type;
  gboolean has_range;
  int      n_keys, n_checked;
} SchemaScan;

static void
start_cb (GMarkupParseContext *ctx, const char *element, const char **names,
          const char **values, gpointer user_data, GError **error)
{
  SchemaScan *scan = user_data;
  const char *name = NULL, *type = NULL, *min = NULL, *max = NULL;

  g_markup_collect_attributes (element, names, values, NULL,
                               G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "name", &name,
                               G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "type", &type,
                               G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "min", &min,
                               G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "max", &max,
                               G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "id", NULL,
                               G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "path", NULL,
                               G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "value", NULL,
                               G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "gettext-domain", NULL,
                               G_MARKUP_COLLECT_INVALID);
  if (g_str_equal (element, "key"))
    {
      g_free (scan->key);
      g_free (scan->type);
      scan->key = g_strdup (name);
      scan->type = g_strdup (type);
      scan->has_range = FALSE;
      scan->n_keys++;
    }
  else if (g_str_equal (element, "range"))
    {
      const BeliefConfigLimit *limit = belief_config_find_limit (scan->key);
      double lo = g_ascii_strtod (min, NULL), hi = g_ascii_strtod (max, NULL);

      scan->has_range = TRUE;
      if (limit == NULL)
        return;
      g_test_message ("%s: schema [%g, %g], core [%g, %g]", scan->key, lo, hi, limit->lo, limit->hi);
      g_assert_cmpfloat (lo, >=, limit->lo);
      g_assert_cmpfloat (hi, <=, limit->hi);
      scan->n_checked++;
    }
}

static void
end_cb (GMarkupParseContext *ctx, const char *element, gpointer user_data, GError **error)
{
  SchemaScan *scan = user_data;

  /* every number in the schema has a range */
  if (g_str_equal (element, "key") && strchr ("iud", scan->type[0]) != NULL)
    g_assert_true (scan->has_range);
}

static void
test_schema_ranges (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "io.github.belief.Belief.gschema.xml", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GMarkupParser parser = { start_cb, end_cb, NULL, NULL, NULL };
  SchemaScan scan = { 0 };
  GMarkupParseContext *ctx;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  ctx = g_markup_parse_context_new (&parser, 0, &scan, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, text, -1, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (ctx);
  g_assert_cmpint (scan.n_keys, >, 15);
  /* epochs, top-epochs, batch-size, learning-rate, momentum, weight-decay,
   * cd-steps, finetune-epochs, train-size, eval-size, threads */
  g_assert_cmpint (scan.n_checked, ==, 11);
  g_free (scan.key);
  g_free (scan.type);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/config/defaults-valid", test_defaults_valid);
  g_test_add_func ("/config/every-limit", test_every_limit);
  g_test_add_func ("/config/message", test_message);
  g_test_add_func ("/config/parse-layers", test_parse_layers);
  g_test_add_func ("/config/schema-ranges", test_schema_ranges);
  return g_test_run ();
}
