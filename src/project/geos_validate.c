/* Invalid polygons (self-intersecting rings, as in the real communes layer)
 * are repaired, not dropped, and reported: an even-odd fill would draw a
 * bow-tie, but dissolving, adjacency and label anchors need valid input. */
#define TM_GEOS_INTERNAL
#include "geos_private.h"

/* Copies feature f of g into the builder unchanged. */
static void tm_geom_copy_feature(const tm_geom_t *g, guint f, tm_geom_builder_t *b)
{
  for (guint p = g->feature_poly[f]; p < g->feature_poly[f + 1]; p++) {
    tm_geom_builder_begin_polygon(b);
    for (guint r = g->poly_ring[p]; r < g->poly_ring[p + 1]; r++)
      tm_geom_builder_add_ring(b, g->xy + 2 * (gsize)g->ring_point[r],
                               g->ring_point[r + 1] - g->ring_point[r]);
  }
}

tm_geom_t *tm_geom_make_valid(tm_context_t *ctx, const tm_geom_t *geom, guint *n_repaired,
                              gint *first, char **reason, GError **error)
{
  tm_geos_t *g = tm_geos_get(ctx);
  tm_geom_builder_t *b = tm_geom_builder_new();
  *n_repaired = 0;
  *first = -1;
  *reason = NULL;
  for (guint f = 0; f < geom->n_features; f++) {
    tm_geom_builder_begin_feature(b);
    GEOSGeometry *in = tm_geos_feature_new(g, geom, f, error);
    if (!in) {
      tm_geom_builder_free(b);
      return NULL;
    }
    if (GEOSisValid_r(g->handle, in) == 1) {
      tm_geom_copy_feature(geom, f, b);
      GEOSGeom_destroy_r(g->handle, in);
      continue;
    }
    if (*first < 0) {
      *first = (gint)f;
      char *why = GEOSisValidReason_r(g->handle, in);
      *reason = g_strdup(why ? why : "invalid");
      GEOSFree_r(g->handle, why);
    }
    GEOSGeometry *fixed = GEOSMakeValid_r(g->handle, in);
    GEOSGeom_destroy_r(g->handle, in);
    if (!fixed || !tm_geos_append_polygons(g, fixed, b, NULL)) {
      /* Unrepairable: keep the data as it is rather than lose a feature. */
      tm_geom_copy_feature(geom, f, b);
    } else {
      (*n_repaired)++;
    }
    if (fixed)
      GEOSGeom_destroy_r(g->handle, fixed);
  }
  return tm_geom_builder_finish(b);
}
