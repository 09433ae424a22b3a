/* Write stage: turns a drawing into files.  Every file is written to a
 * temporary name in the destination directory and renamed into place only
 * when complete, so a failure never replaces a good file with a bad one. */
#ifndef TERRIMAP_WRITE_H
#define TERRIMAP_WRITE_H

#include <stdio.h>
#include "terrimap/core.h"
#include "terrimap/drawing.h"

G_BEGIN_DECLS

typedef enum { TM_FORMAT_PNG, TM_FORMAT_SVG, TM_FORMAT_PDF } tm_format_t;

/* From the extension (.png, .svg, .pdf, any case); TM_ERROR_ARGUMENT otherwise. */
gboolean tm_format_from_path(const char *path, tm_format_t *format, GError **error);

/* Writes to a temporary file next to path via write(), then fsyncs and
 * renames it to path.  On any failure the temporary file is removed, path
 * is untouched and the error names path. */
typedef gboolean (*tm_file_writer_t)(FILE *out, void *data, GError **error);
gboolean tm_write_atomic(const char *path, tm_file_writer_t write, void *data, GError **error);

/* The same in two steps, so that a run writing several files replaces
 * none of them unless all could be written: prepare writes and syncs a
 * temporary file next to path; commit renames it into place; abort removes
 * it.  Both free the pending file; abort accepts NULL. */
typedef struct tm_pending_file tm_pending_file_t;
tm_pending_file_t *tm_write_prepare(const char *path, tm_file_writer_t write, void *data,
                                    GError **error);
gboolean tm_write_commit(tm_pending_file_t *pending, GError **error);
void tm_write_abort(tm_pending_file_t *pending);
tm_pending_file_t *tm_write_drawing_prepare(const tm_drawing_t *d, const char *path,
                                            GError **error);

/* Renders and writes the drawing in the format of path's extension.
 * PNG: 8-bit RGBA with pHYs = dpi; SVG: terrimap's writer (real <text>,
 * data-key on feature paths); PDF: cairo. */
gboolean tm_write_drawing(const tm_drawing_t *d, const char *path, GError **error);

/* The individual writers, to an open stream. */
gboolean tm_write_svg(FILE *out, const tm_drawing_t *d, GError **error);
gboolean tm_write_png(FILE *out, const tm_drawing_t *d, GError **error);
/* A PNG of the drawing at scale (its DPI scaled too): thumbnails. */
gboolean tm_write_png_scaled(FILE *out, const tm_drawing_t *d, double scale, GError **error);
tm_pending_file_t *tm_write_thumbnail_prepare(const tm_drawing_t *d, const char *path,
                                              double width_px, GError **error);
gboolean tm_write_pdf(FILE *out, const tm_drawing_t *d, GError **error);

G_END_DECLS

#endif
