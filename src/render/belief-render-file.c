/* belief-render-file.c: PNG, SVG, PDF and CSV files, written atomically. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>

#include "belief-error.h"
#include "belief-render-file.h"

typedef enum
{
  KIND_NONE,
  KIND_PNG,
  KIND_SVG,
  KIND_PDF,
} FileKind;

typedef struct
{
  int fd;
  int errsv;     /* errno of the first failed write, or 0 */
} Sink;

static cairo_status_t
sink_write_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  Sink *sink = closure;

  while (length > 0)
    {
      gssize n = write (sink->fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          sink->errsv = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static FileKind
kind_of (const char *filename)
{
  const char *dot = strrchr (filename, '.');

  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return KIND_NONE;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return KIND_PNG;
  if (g_ascii_strcasecmp (dot, ".svg") == 0)
    return KIND_SVG;
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    return KIND_PDF;
  return KIND_NONE;
}

/* Draws into the stream of sink; a cairo status, with errors of the file
 * itself in sink->errsv. */
static cairo_status_t
draw_to_sink (FileKind        kind,
              Sink           *sink,
              int             width,
              int             height,
              int             scale,
              BeliefDrawFunc  draw,
              gpointer        user_data)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  switch (kind)
    {
    case KIND_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
      cairo_surface_set_device_scale (surface, scale, scale);
      break;
    case KIND_SVG:
      surface = cairo_svg_surface_create_for_stream (sink_write_cb, sink, width, height);
      break;
    case KIND_PDF:
      surface = cairo_pdf_surface_create_for_stream (sink_write_cb, sink, width, height);
      break;
    case KIND_NONE:
    default:
      g_return_val_if_reached (CAIRO_STATUS_INVALID_FORMAT);
    }

  cr = cairo_create (surface);
  draw (cr, width, height, user_data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && kind == KIND_PNG)
    status = cairo_surface_write_to_png_stream (surface, sink_write_cb, sink);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return status;
}

gboolean
belief_render_write_file (const char      *filename,
                          int              width,
                          int              height,
                          int              scale,
                          BeliefDrawFunc   draw,
                          gpointer         user_data,
                          GError         **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *display = NULL;
  cairo_status_t status;
  FileKind kind;
  Sink sink = { -1, 0 };

  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (draw != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (filename);
  kind = kind_of (filename);
  if (kind == KIND_NONE)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_FORMAT,
                   "Cannot write “%s”: unknown picture type (use .png, .svg or .pdf)", display);
      return FALSE;
    }
  if (width < 1 || height < 1 || scale < 1 || scale > 4
      || (gint64) width * scale > 16384 || (gint64) height * scale > 16384)
    {
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_RANGE,
                   "Cannot write “%s”: a picture of %d x %d at scale %d is out of range",
                   display, width, height, scale);
      return FALSE;
    }

  tmp = g_strconcat (filename, ".XXXXXX", NULL);
  sink.fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);
  if (sink.fd < 0)
    {
      int errsv = errno;

      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                   "Could not write “%s”: %s", display, g_strerror (errsv));
      return FALSE;
    }

  status = draw_to_sink (kind, &sink, width, height, scale, draw, user_data);
  if (status == CAIRO_STATUS_SUCCESS && sink.errsv == 0 && fsync (sink.fd) != 0)
    sink.errsv = errno;
  if (close (sink.fd) != 0 && sink.errsv == 0 && status == CAIRO_STATUS_SUCCESS)
    sink.errsv = errno;
  if (status == CAIRO_STATUS_SUCCESS && sink.errsv == 0 && g_rename (tmp, filename) != 0)
    sink.errsv = errno;

  if (status != CAIRO_STATUS_SUCCESS || sink.errsv != 0)
    {
      g_unlink (tmp);
      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO, "Could not write “%s”: %s", display,
                   sink.errsv != 0 ? g_strerror (sink.errsv) : cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL && !g_ascii_isspace (text[0]))
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
belief_chart_to_csv (const BeliefChart *chart)
{
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  GString *out;

  g_return_val_if_fail (chart != NULL, NULL);

  out = g_string_new ("series,x,y\n");
  for (int s = 0; s < chart->n_series; s++)
    {
      const BeliefChartSeries *ser = &chart->series[s];
      g_autofree char *fallback = NULL;
      const char *name = ser->name;

      if (name == NULL || *name == '\0')
        name = fallback = g_strdup_printf ("series%d", s + 1);
      for (int i = 0; i < ser->n; i++)
        {
          append_csv_field (out, name);
          g_string_append_c (out, ',');
          g_string_append (out, g_ascii_dtostr (num, sizeof num, ser->x[i]));
          g_string_append_c (out, ',');
          g_string_append (out, g_ascii_dtostr (num, sizeof num, ser->y[i]));
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

gboolean
belief_chart_write_csv (const char         *filename,
                        const BeliefChart  *chart,
                        GError            **error)
{
  g_autofree char *csv = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  csv = belief_chart_to_csv (chart);
  if (!g_file_set_contents (filename, csv, -1, &local))
    {
      g_autofree char *display = g_filename_display_name (filename);

      g_set_error (error, BELIEF_ERROR, BELIEF_ERROR_IO,
                   "Could not write “%s”: %s", display, local->message);
      return FALSE;
    }
  return TRUE;
}
