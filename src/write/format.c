#include <string.h>

#include "terrimap/write.h"

gboolean tm_format_from_path(const char *path, tm_format_t *format, GError **error) {
  static const struct {
    const char *ext;
    tm_format_t format;
  } known[] = {{".png", TM_FORMAT_PNG}, {".svg", TM_FORMAT_SVG}, {".pdf", TM_FORMAT_PDF}};
  char *base = g_path_get_basename(path);
  const char *dot = strrchr(base, '.');
  gboolean found = FALSE;
  for (gsize i = 0; dot != NULL && dot != base && i < G_N_ELEMENTS(known); i++) {
    if (g_ascii_strcasecmp(dot, known[i].ext) == 0) {
      *format = known[i].format;
      found = TRUE;
    }
  }
  g_free(base);
  if (!found)
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "%s: unknown output format (expected .png, .svg or .pdf)", path);
  return found;
}

/* tm_write_atomic hands writers an untyped pointer. */
static gboolean tm_write_png_cb(FILE *out, void *data, GError **error) {
  return tm_write_png(out, data, error);
}

static gboolean tm_write_svg_cb(FILE *out, void *data, GError **error) {
  return tm_write_svg(out, data, error);
}

static gboolean tm_write_pdf_cb(FILE *out, void *data, GError **error) {
  return tm_write_pdf(out, data, error);
}

tm_pending_file_t *tm_write_drawing_prepare(const tm_drawing_t *d, const char *path,
                                            GError **error) {
  tm_format_t format;
  if (!tm_format_from_path(path, &format, error))
    return NULL;
  tm_file_writer_t writer = format == TM_FORMAT_PNG   ? tm_write_png_cb
                            : format == TM_FORMAT_SVG ? tm_write_svg_cb
                                                      : tm_write_pdf_cb;
  /* The writers only read the drawing. */
  return tm_write_prepare(path, writer, (void *)d, error);
}

gboolean tm_write_drawing(const tm_drawing_t *d, const char *path, GError **error) {
  tm_pending_file_t *p = tm_write_drawing_prepare(d, path, error);
  return p != NULL && tm_write_commit(p, error);
}

typedef struct {
  const tm_drawing_t *d;
  double scale;
} tm_thumbnail_t;

static gboolean tm_write_thumbnail_cb(FILE *out, void *data, GError **error) {
  const tm_thumbnail_t *t = data;
  return tm_write_png_scaled(out, t->d, t->scale, error);
}

tm_pending_file_t *tm_write_thumbnail_prepare(const tm_drawing_t *d, const char *path,
                                              double width_px, GError **error) {
  tm_thumbnail_t t = {d, d->width > 0 ? MIN(1.0, width_px / d->width) : 1.0};
  return tm_write_prepare(path, tm_write_thumbnail_cb, &t, error);
}
