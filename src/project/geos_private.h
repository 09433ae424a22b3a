/* GEOS inside the project stage: the per-context handle, conversions between
 * tm_geom_t and GEOS geometries, and (until they move to
 * include/terrimap/project.h) the declarations of the public GEOS
 * operations.  Only the project stage includes geos_c.h. */
#ifndef TM_GEOS_PRIVATE_H
#define TM_GEOS_PRIVATE_H

#include "terrimap/project.h"

#ifdef TM_GEOS_INTERNAL

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

/* The context's GEOS handle and the last messages its handlers received:
 * GEOS reports errors through a callback, so the message is kept next to
 * the handle it belongs to and copied into the GError of the failing call. */
typedef struct {
  GEOSContextHandle_t handle;
  char last_error[512];
  char last_notice[512];
} tm_geos_t;

/* The context's GEOS state, created on first use. */
tm_geos_t *tm_geos_get(tm_context_t *ctx);
/* A GEOS state of one's own (a worker thread's), freed with tm_geos_free. */
tm_geos_t *tm_geos_new(void);
void tm_geos_free(tm_geos_t *g);

/* Forgets the previous error so that the next message belongs to the next
 * call. */
void tm_geos_clear_error(tm_geos_t *g);

/* Sets a TM_ERROR_FORMAT error "what: GEOS: <last message>". */
void tm_geos_set_error(tm_geos_t *g, GError **error, const char *what);

/* One polygon of geom as a GEOS Polygon in *out; *out is NULL when its
 * exterior has fewer than 4 points (no area: nothing to convert), and holes
 * of fewer than 4 points are dropped.  FALSE and an error when GEOS refuses
 * the rings. */
gboolean tm_geos_polygon_new(tm_geos_t *g, const tm_geom_t *geom, guint poly,
                             GEOSGeometry **out, GError **error);

/* A feature as a GEOS MultiPolygon of its polygons (empty when it has
 * none); NULL and an error on failure. */
GEOSGeometry *tm_geos_feature_new(tm_geos_t *g, const tm_geom_t *geom, guint feature,
                                  GError **error);

/* Appends every non-empty polygon found in src (Polygon, MultiPolygon or a
 * collection, recursively; other types ignored) to the builder's current
 * feature, exteriors clockwise and holes counter-clockwise.  FALSE and an
 * error when GEOS fails. */
gboolean tm_geos_append_polygons(tm_geos_t *g, const GEOSGeometry *src, tm_geom_builder_t *b,
                                 GError **error);

#endif /* TM_GEOS_INTERNAL */

#endif
