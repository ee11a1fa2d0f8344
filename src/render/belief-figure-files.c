/* belief-figure-files.c: figure files, the HTML report and results.json. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "belief-error.h"
#include "belief-figure-files.h"
#include "belief-figure-render.h"
#include "belief-render-file.h"

static gboolean
ensure_dir (const char  *dir,
            GError     **error)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int errsv = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                   "Could not create folder “%s”: %s", display, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

/* Text to DIR/name, atomically (g_file_set_contents renames a temporary). */
static gboolean
write_text (const char  *dir,
            const char  *name,
            const char  *text,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local = NULL;

  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                   "Could not write “%s”: %s", display, local->message);
      return FALSE;
    }
  return TRUE;
}

/* A figure id is a file stem: not empty, no folders, no hidden files. */
static gboolean
check_id (const BeliefFigure  *fig,
          GError             **error)
{
  const char *id = fig->id;

  if (id == NULL || *id == '\0' || *id == '.' || strchr (id, '/') != NULL
      || strchr (id, G_DIR_SEPARATOR) != NULL)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                   "Cannot write figure “%s”: its id is not a file name",
                   id != NULL ? id : "(null)");
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const BeliefFigure      *fig;
  const BeliefRenderStyle *style;
} FigureDraw;

static void
draw_figure_cb (cairo_t  *cr,
                double    width,
                double    height,
                gpointer  user_data)
{
  FigureDraw *d = user_data;

  belief_figure_render (cr, width, height, d->fig, d->style);
}

gboolean
belief_figure_write (const BeliefFigure  *fig,
                     const char          *dir,
                     GError             **error)
{
  static const char *const exts[] = { ".png", ".svg" };
  BeliefRenderStyle light;
  FigureDraw draw = { fig, &light };
  g_autofree char *csv = NULL;
  g_autofree char *csv_name = NULL;
  int width, height;

  g_return_val_if_fail (fig != NULL, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_id (fig, error) || !ensure_dir (dir, error))
    return FALSE;

  belief_render_style_light (&light);
  belief_figure_natural_size (fig, &width, &height);
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *name = g_strconcat (fig->id, exts[i], NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!belief_render_write_file (path, width, height, 2, draw_figure_cb, &draw, error))
        return FALSE;
    }

  csv = belief_figure_to_csv (fig);
  csv_name = g_strconcat (fig->id, ".csv", NULL);
  return write_text (dir, csv_name, csv, error);
}

gboolean
belief_figure_set_write (const BeliefFigureSet  *set,
                         const char             *dir,
                         GError                **error)
{
  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ensure_dir (dir, error))
    return FALSE;
  for (guint i = 0; i < set->figures->len; i++)
    if (!belief_figure_write (g_ptr_array_index (set->figures, i), dir, error))
      return FALSE;
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* index.html                                                              */

static const char page_style[] =
  "  :root { color-scheme: light; }\n"
  "  body { margin: 0; background: #f6f5f4; color: #241f31;\n"
  "         font: 16px/1.55 system-ui, -apple-system, \"Segoe UI\", Roboto, Cantarell,\n"
  "               \"Noto Sans\", \"DejaVu Sans\", Helvetica, Arial, sans-serif; }\n"
  "  main { max-width: 1000px; margin: 0 auto; padding: 2.5rem 1.5rem 3rem; }\n"
  "  h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 0.75rem; }\n"
  "  h2 { font-size: 1.4rem; line-height: 1.25; margin: 0 0 0.25rem; }\n"
  "  a { color: #1a5fb4; }\n"
  "  .intro { font-size: 1.05rem; max-width: 46rem; }\n"
  "  nav ol { padding-left: 1.5rem; margin: 0.5rem 0 0; }\n"
  "  section { background: #ffffff; border: 1px solid #deddda; border-radius: 10px;\n"
  "            padding: 1.5rem 1.75rem; margin: 2rem 0; }\n"
  "  .meta { color: #77767b; font-size: 0.9rem; margin: 0 0 1rem; }\n"
  "  .setup, .summary { max-width: 46rem; }\n"
  "  .label { font-weight: 600; }\n"
  "  table { border-collapse: collapse; margin: 1.25rem 0; font-size: 0.95rem; }\n"
  "  th, td { text-align: left; padding: 0.35rem 1.5rem 0.35rem 0;\n"
  "           border-bottom: 1px solid #ebebed; vertical-align: top; }\n"
  "  th { font-weight: 600; color: #5e5c64; border-bottom-color: #c0bfbc; }\n"
  "  td.value { text-align: right; white-space: nowrap; padding-right: 0;\n"
  "             font-variant-numeric: tabular-nums; }\n"
  "  figure { margin: 1.75rem 0 0; }\n"
  "  figure img { display: block; max-width: 100%; height: auto;\n"
  "               border: 1px solid #ebebed; border-radius: 6px; }\n"
  "  figcaption { margin-top: 0.5rem; font-size: 0.95rem; color: #3d3846; max-width: 46rem; }\n"
  "  .data { white-space: nowrap; font-size: 0.85rem; }\n"
  "  footer { color: #77767b; font-size: 0.85rem; margin-top: 2rem; }\n";

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *esc = NULL;

  if (text == NULL)
    return;
  esc = g_markup_escape_text (text, -1);
  g_string_append (out, esc);
}

/* A relative link to a file stem + extension, safe in an attribute. */
static char *
file_href (const char *id,
           const char *ext)
{
  g_autofree char *name = g_strconcat (id, ext, NULL);
  g_autofree char *uri = g_uri_escape_string (name, NULL, TRUE);

  return g_markup_escape_text (uri, -1);
}

/* Paragraphs split at blank lines, single newlines kept as line breaks;
 * the first paragraph starts with a bold label. */
static void
append_paragraphs (GString    *out,
                   const char *klass,
                   const char *label,
                   const char *text)
{
  g_auto(GStrv) paras = NULL;
  gboolean first = TRUE;

  if (text == NULL || *text == '\0')
    return;
  paras = g_regex_split_simple ("\\n[ \\t]*\\n", text, 0, 0);
  for (int i = 0; paras[i] != NULL; i++)
    {
      g_auto(GStrv) lines = NULL;
      g_autofree char *para = g_strstrip (g_strdup (paras[i]));

      if (*para == '\0')
        continue;
      g_string_append_printf (out, "<p class=\"%s\">", klass);
      if (first && label != NULL)
        g_string_append_printf (out, "<span class=\"label\">%s</span> ", label);
      first = FALSE;
      lines = g_strsplit (para, "\n", -1);
      for (int k = 0; lines[k] != NULL; k++)
        {
          if (k > 0)
            g_string_append (out, "<br>\n");
          append_escaped (out, lines[k]);
        }
      g_string_append (out, "</p>\n");
    }
}

static void
append_seconds (GString *out,
                double   s)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, fabs (s) >= 1.0 ? "%.1f" : "%.3g", s));
  g_string_append (out, " s");
  if (s >= 60.0)
    g_string_append_printf (out, " (%s min)", g_ascii_formatd (buf, sizeof buf, "%.1f", s / 60.0));
}

/* "95.4 %", "12.3 s", "0.1235 nats", "—" for NaN. */
static void
append_value (GString    *out,
              double      v,
              const char *unit)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    {
      g_string_append (out, isnan (v) ? "\xe2\x80\x94" : v > 0 ? "\xe2\x88\x9e" : "\xe2\x88\x92\xe2\x88\x9e");
      return;
    }
  if (g_strcmp0 (unit, "%") == 0)
    {
      g_string_append (out, g_ascii_formatd (buf, sizeof buf, fabs (v) >= 10.0 ? "%.1f" : "%.3g", v));
      g_string_append (out, " %");
    }
  else if (g_strcmp0 (unit, "s") == 0)
    append_seconds (out, v);
  else
    {
      g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.4g", v));
      if (unit != NULL && *unit != '\0')
        {
          g_string_append_c (out, ' ');
          append_escaped (out, unit);
        }
    }
}

static void
append_figure (GString               *out,
               const BeliefFigureSet *set,
               guint                  index,
               const BeliefFigure    *fig)
{
  g_autofree char *png = file_href (fig->id, ".png");
  g_autofree char *svg = file_href (fig->id, ".svg");
  g_autofree char *csv = file_href (fig->id, ".csv");
  g_autofree char *csv_name = g_strconcat (fig->id, ".csv", NULL);
  int width, height;

  belief_figure_natural_size (fig, &width, &height);
  g_string_append (out, "<figure>\n");
  g_string_append_printf (out, "<a href=\"%s\"><img src=\"%s\" width=\"%d\" height=\"%d\" alt=\"",
                          svg, png, width, height);
  append_escaped (out, fig->title != NULL ? fig->title : fig->id);
  g_string_append (out, "\"></a>\n<figcaption><span class=\"label\">");
  g_string_append_printf (out, "Figure %d.%u.</span> ", set->number, index + 1);
  if (fig->caption != NULL && *fig->caption != '\0')
    append_escaped (out, fig->caption);
  else
    append_escaped (out, fig->title);
  g_string_append_printf (out, "\n<span class=\"data\">(<a href=\"%s\">data: ", csv);
  append_escaped (out, csv_name);
  g_string_append_printf (out, "</a>, <a href=\"%s\">SVG</a>)</span></figcaption>\n</figure>\n", svg);
}

static void
append_set (GString               *out,
            const BeliefFigureSet *set)
{
  g_string_append (out, "<section id=\"");
  append_escaped (out, set->id);
  g_string_append_printf (out, "\">\n<h2>%d. ", set->number);
  append_escaped (out, set->title);
  g_string_append (out, "</h2>\n<p class=\"meta\">Wall time ");
  if (isfinite (set->seconds))
    append_seconds (out, set->seconds);
  else
    g_string_append (out, "\xe2\x80\x94");
  g_string_append (out, "</p>\n");

  append_paragraphs (out, "setup", "Setup.", set->setup);
  append_paragraphs (out, "summary", "Result.", set->summary);

  if (set->measures->len > 0)
    {
      g_string_append (out, "<table>\n<thead><tr><th>Measure</th><th>Value</th></tr></thead>\n<tbody>\n");
      for (guint i = 0; i < set->measures->len; i++)
        {
          const BeliefMeasure *m = &g_array_index (set->measures, BeliefMeasure, i);

          g_string_append (out, "<tr><td>");
          append_escaped (out, m->label != NULL && *m->label != '\0' ? m->label : m->key);
          g_string_append (out, "</td><td class=\"value\">");
          append_value (out, m->value, m->unit);
          g_string_append (out, "</td></tr>\n");
        }
      g_string_append (out, "</tbody>\n</table>\n");
    }

  for (guint i = 0; i < set->figures->len; i++)
    append_figure (out, set, i, g_ptr_array_index (set->figures, i));
  g_string_append (out, "</section>\n\n");
}

static char *
index_html (BeliefFigureSet * const *sets,
            int                      n_sets,
            const char              *heading,
            const char              *intro)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M");

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<title>");
  append_escaped (out, heading);
  g_string_append_printf (out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<h1>", page_style);
  append_escaped (out, heading);
  g_string_append (out, "</h1>\n");
  if (intro != NULL && *intro != '\0')
    append_paragraphs (out, "intro", NULL, intro);

  if (n_sets > 1)
    {
      g_string_append (out, "<nav>\n<ol>\n");
      for (int i = 0; i < n_sets; i++)
        {
          g_string_append_printf (out, "<li value=\"%d\"><a href=\"#", sets[i]->number);
          append_escaped (out, sets[i]->id);
          g_string_append (out, "\">");
          append_escaped (out, sets[i]->title);
          g_string_append (out, "</a></li>\n");
        }
      g_string_append (out, "</ol>\n</nav>\n");
    }

  for (int i = 0; i < n_sets; i++)
    append_set (out, sets[i]);

  g_string_append_printf (out, "<footer>Written by Belief on %s. Click a figure for its SVG; "
                               "the data behind each figure is in its CSV file, all numbers "
                               "in results.json.</footer>\n</main>\n</body>\n</html>\n", stamp);
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------------- */
/* results.json                                                            */

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       v)
{
  json_builder_set_member_name (b, name);
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *text)
{
  json_builder_set_member_name (b, name);
  if (text != NULL)
    json_builder_add_string_value (b, text);
  else
    json_builder_add_null_value (b);
}

static void
add_file (JsonBuilder *b,
          const char  *name,
          const char  *id,
          const char  *ext)
{
  g_autofree char *file = g_strconcat (id, ext, NULL);

  add_string (b, name, file);
}

static void
add_figure (JsonBuilder        *b,
            const BeliefFigure *fig)
{
  gboolean chart = fig->kind == BELIEF_FIGURE_CHART;

  json_builder_begin_object (b);
  add_string (b, "id", fig->id);
  add_string (b, "title", fig->title);
  add_string (b, "caption", fig->caption);
  add_string (b, "kind", chart ? "chart" : "images");
  add_file (b, "png", fig->id, ".png");
  add_file (b, "svg", fig->id, ".svg");
  add_file (b, "csv", fig->id, ".csv");
  json_builder_set_member_name (b, chart ? "points" : "images");
  json_builder_add_int_value (b, chart ? belief_figure_n_points (fig) : fig->n_images);
  json_builder_end_object (b);
}

static char *
results_json (BeliefFigureSet * const *sets,
              int                      n_sets)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GString *out;
  char *data;

  json_builder_begin_array (b);
  for (int i = 0; i < n_sets; i++)
    {
      const BeliefFigureSet *set = sets[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "number");
      json_builder_add_int_value (b, set->number);
      add_string (b, "id", set->id);
      add_string (b, "title", set->title);
      add_number (b, "seconds", set->seconds);
      add_string (b, "setup", set->setup);
      add_string (b, "summary", set->summary);

      json_builder_set_member_name (b, "measures");
      json_builder_begin_object (b);
      for (guint k = 0; k < set->measures->len; k++)
        {
          const BeliefMeasure *m = &g_array_index (set->measures, BeliefMeasure, k);

          add_number (b, m->key, m->value);
        }
      json_builder_end_object (b);

      json_builder_set_member_name (b, "figures");
      json_builder_begin_array (b);
      for (guint k = 0; k < set->figures->len; k++)
        add_figure (b, g_ptr_array_index (set->figures, k));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  data = json_generator_to_data (gen, NULL);
  out = g_string_new (data);
  g_free (data);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

gboolean
belief_figure_sets_write_index (BeliefFigureSet * const  *sets,
                                int                       n_sets,
                                const char               *heading,
                                const char               *intro,
                                const char               *dir,
                                GError                  **error)
{
  g_autofree char *html = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (n_sets >= 0, FALSE);
  g_return_val_if_fail (n_sets == 0 || sets != NULL, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (int i = 0; i < n_sets; i++)
    g_return_val_if_fail (sets[i] != NULL, FALSE);

  if (!ensure_dir (dir, error))
    return FALSE;
  html = index_html (sets, n_sets, heading != NULL ? heading : "Results", intro);
  json = results_json (sets, n_sets);
  return write_text (dir, "index.html", html, error)
      && write_text (dir, "results.json", json, error);
}
