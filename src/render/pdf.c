#include <math.h>
#include <cairo.h>
#include <cairo-pdf.h>

#include "terrimap/render.h"
#include "replay.h"

typedef struct {
  tm_write_func_t write;
  void *closure;
} tm_pdf_sink_t;

static cairo_status_t tm_pdf_write(void *closure, const unsigned char *data,
                                   unsigned int length) {
  tm_pdf_sink_t *sink = closure;
  return sink->write(sink->closure, data, length) ? CAIRO_STATUS_SUCCESS
                                                  : CAIRO_STATUS_WRITE_ERROR;
}

gboolean tm_render_pdf(const tm_drawing_t *d, tm_write_func_t write, void *closure,
                       GError **error) {
  double dpi = d->dpi;
  if (!(dpi > 0.0 && isfinite(dpi)))
    dpi = 72.0;
  double scale = 72.0 / dpi;
  double w_pt = d->width * scale, h_pt = d->height * scale;
  /* The PDF format limits pages to 14400 points per side (200 inches). */
  if (!(w_pt >= 1.0 && w_pt <= 14400.0 && h_pt >= 1.0 && h_pt <= 14400.0)) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT,
                "PDF page of %g x %g points is beyond the limit (expected 1 to 14400 points per "
                "side)", w_pt, h_pt);
    return FALSE;
  }
  tm_pdf_sink_t sink = {write, closure};
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(tm_pdf_write, &sink, w_pt, h_pt);
  if (d->title != NULL && g_utf8_validate(d->title, -1, NULL))
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, d->title);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "terrimap");
  /* Reproducible builds: with SOURCE_DATE_EPOCH set, the same inputs give
   * the same bytes (cairo otherwise stamps the current time). */
  const char *epoch = g_getenv("SOURCE_DATE_EPOCH");
  if (epoch && *epoch) {
    char *end = NULL;
    gint64 t = g_ascii_strtoll(epoch, &end, 10);
    GDateTime *dt = end && *end == '\0' ? g_date_time_new_from_unix_utc(t) : NULL;
    if (dt) {
      char *iso = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
      cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);
      cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, iso);
      g_free(iso);
      g_date_time_unref(dt);
    }
  }

  cairo_t *cr = cairo_create(surface);
  cairo_scale(cr, scale, scale);
  tm_render_drawing_cairo(cr, d);
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);

  if (status == CAIRO_STATUS_WRITE_ERROR) {
    g_set_error(error, TM_ERROR, TM_ERROR_IO, "cannot write the PDF (cairo: %s)",
                cairo_status_to_string(status));
    return FALSE;
  }
  if (status != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, TM_ERROR, TM_ERROR_RENDER, "cannot render the PDF (cairo: %s)",
                cairo_status_to_string(status));
    return FALSE;
  }
  return TRUE;
}
