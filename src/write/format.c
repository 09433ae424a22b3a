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

gboolean tm_write_drawing(const tm_drawing_t *d, const char *path, GError **error) {
  tm_format_t format;
  if (!tm_format_from_path(path, &format, error))
    return FALSE;
  tm_file_writer_t writer = format == TM_FORMAT_PNG   ? tm_write_png_cb
                            : format == TM_FORMAT_SVG ? tm_write_svg_cb
                                                      : tm_write_pdf_cb;
  /* The writers only read the drawing. */
  return tm_write_atomic(path, writer, (void *)d, error);
}
