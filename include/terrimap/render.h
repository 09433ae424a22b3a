/* Render stage: replays a tm_drawing_t with cairo and Pango.  The only
 * includer of cairo and Pango headers; it never opens files (write does).
 * Text metrics come from here too, so that layout measures text with the
 * same fonts and settings that draw it. */
#ifndef TERRIMAP_RENDER_H
#define TERRIMAP_RENDER_H

#include "terrimap/core.h"
#include "terrimap/drawing.h"

G_BEGIN_DECLS

typedef struct {
  double width;   /* logical advance, pixels */
  double ascent;  /* baseline to top of the logical box */
  double descent; /* baseline to bottom of the logical box */
} tm_text_metrics_t;

/* Measures one line of text (thread-safe: one Pango context per thread). */
tm_text_metrics_t tm_text_measure(const tm_font_t *font, const char *text);

/* Rendered pixels, RGBA 8-bit, not premultiplied, rows top to bottom. */
typedef struct {
  int width, height, stride;
  guint8 *rgba;
} tm_image_t;

/* The pixel size of the drawing at scale, within the image cap. */
gboolean tm_render_get_size(const tm_drawing_t *d, double scale, int *width, int *height,
                            GError **error);
/* TRUE when every rendered pixel is opaque (an opaque background). */
gboolean tm_render_is_opaque(const tm_drawing_t *d);

/* Receives rows y .. y+n_rows-1 of the image (straight RGBA, stride bytes
 * apart), top to bottom, on the calling thread; returns FALSE (with error
 * set) to stop rendering. */
typedef gboolean (*tm_rows_func_t)(const guint8 *rgba, int y, int n_rows, int stride,
                                   void *data, GError **error);
/* Receives a band's rows on the worker thread that drew them, as soon as
 * drawn and before consume gets them: bands are prepared side by side, so
 * this is where an encoder does its heavy work (PNG: compression).  It
 * cannot fail; it records what consume should report. */
typedef void (*tm_rows_prepare_func_t)(const guint8 *rgba, int y, int n_rows, int stride,
                                       void *data);
/* Renders the drawing at scale in bands, on tm_threads_get() worker threads, handing them to
 * consume in order: memory stays a few bands whatever the image size. */
gboolean tm_render_rows(const tm_drawing_t *d, double scale, tm_rows_func_t consume, void *data,
                        GError **error);
/* The same, each band first given to prepare (may be NULL) on its worker. */
gboolean tm_render_rows_prepared(const tm_drawing_t *d, double scale,
                                 tm_rows_prepare_func_t prepare, tm_rows_func_t consume,
                                 void *data, GError **error);

tm_image_t *tm_render_image(const tm_drawing_t *d, GError **error);
/* The same at scale (0.1: a thumbnail a tenth of the size). */
tm_image_t *tm_render_image_scaled(const tm_drawing_t *d, double scale, GError **error);
void tm_image_free(tm_image_t *img);

/* Called with successive chunks of the PDF; returns FALSE to abort. */
typedef gboolean (*tm_write_func_t)(void *closure, const guint8 *data, gsize length);

/* Renders the drawing as a one-page PDF (page in points = pixels * 72/dpi,
 * fonts embedded as subsets, text extractable). */
gboolean tm_render_pdf(const tm_drawing_t *d, tm_write_func_t write, void *closure,
                       GError **error);

G_END_DECLS

#endif
