/* Helpers for end-to-end tests: run terrimap, read its PNG and metadata,
 * find where a longitude/latitude lands on the page. */
#ifndef TM_E2E_UTIL_H
#define TM_E2E_UTIL_H

#include <cairo.h>
#include <json-glib/json-glib.h>

/* The data directory, or exits 77 (skip) with a message when absent. */
const char *tm_e2e_data_dir_or_skip(void);

/* Runs $TERRIMAP_BIN with args (NULL-terminated); returns the exit status
 * and fills stdout/stderr (caller frees) when not NULL. */
int tm_e2e_run(const char *const *args, char **out, char **err);

/* The frame object of the metadata document with this name, or NULL. */
JsonObject *tm_e2e_frame(JsonObject *meta, const char *name);

/* Projects lon/lat into the frame's CRS and through its pixel transform. */
void tm_e2e_lonlat_to_pixel(JsonObject *frame, double lon, double lat, double *px, double *py);

/* The RGB of one pixel of an ARGB32 image surface, as 0xRRGGBB. */
guint32 tm_e2e_pixel(cairo_surface_t *png, int x, int y);

/* TRUE when each channel differs by at most tolerance. */
gboolean tm_e2e_colour_near(guint32 a, guint32 b, int tolerance);

#endif
