/* Label anchors: the pole of inaccessibility (centre of the maximum
 * inscribed circle) of a feature's largest polygon.  Unlike a centroid it
 * always lies inside, and it sits where the polygon is widest, which is
 * where a label has the most room. */
#include <math.h>
#define TM_GEOS_INTERNAL
#include "geos_private.h"

/* The larger side of the polygon's exterior envelope. */
static double tm_polygon_size(const tm_geom_t *geom, guint poly)
{
  guint ring = geom->poly_ring[poly];
  tm_extent_t e = tm_extent_empty();
  for (guint k = geom->ring_point[ring]; k < geom->ring_point[ring + 1]; k++)
    tm_extent_add_point(&e, geom->xy[2 * (gsize)k], geom->xy[2 * (gsize)k + 1]);
  return tm_extent_is_empty(&e) ? 0 : MAX(e.x1 - e.x0, e.y1 - e.y0);
}

/* The circle as its centre and radius; GEOS returns it as a two-point line
 * from the centre to the nearest boundary point. */
static gboolean tm_circle_read(tm_geos_t *g, const GEOSGeometry *line, double *x, double *y,
                               double *radius)
{
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(g->handle, line);
  unsigned int n = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(g->handle, seq, &n) || n != 2)
    return FALSE;
  double xy[4];
  if (!GEOSCoordSeq_copyToBuffer_r(g->handle, seq, xy, 0, 0))
    return FALSE;
  *x = xy[0];
  *y = xy[1];
  *radius = hypot(xy[2] - xy[0], xy[3] - xy[1]);
  return isfinite(*x) && isfinite(*y);
}

/* An invalid polygon (a bow tie) can make the search fail; the repaired
 * polygon is tried once before giving up. */
static GEOSGeometry *tm_anchor_circle(tm_geos_t *g, const GEOSGeometry *poly, double tolerance)
{
  GEOSGeometry *circle = GEOSMaximumInscribedCircle_r(g->handle, poly, tolerance);
  if (circle || GEOSisValid_r(g->handle, poly) != 0)
    return circle;
  GEOSGeometry *valid = GEOSMakeValid_r(g->handle, poly);
  if (!valid)
    return NULL;
  circle = GEOSMaximumInscribedCircle_r(g->handle, valid, tolerance);
  GEOSGeom_destroy_r(g->handle, valid);
  return circle;
}

gboolean tm_geom_label_anchor(tm_context_t *ctx, const tm_geom_t *geom, guint feature,
                              double tolerance, double *x, double *y, double *radius)
{
  g_return_val_if_fail(ctx && geom && x && y && radius, FALSE);
  if (feature >= geom->n_features)
    return FALSE;
  gint poly = tm_geom_get_largest_polygon(geom, feature);
  if (poly < 0)
    return FALSE;
  if (!(tolerance > 0) || !isfinite(tolerance))
    tolerance = tm_polygon_size(geom, poly) / 500;
  if (!(tolerance > 0))
    return FALSE; /* a polygon of no extent has no inside to label */
  tm_geos_t *g = tm_geos_get(ctx);
  GError *error = NULL;
  GEOSGeometry *gpoly = NULL;
  if (!tm_geos_polygon_new(g, geom, poly, &gpoly, &error)) {
    tm_warn(ctx, "label anchor: feature %u: %s", feature, error->message);
    g_error_free(error);
    return FALSE;
  }
  if (!gpoly)
    return FALSE;
  tm_geos_clear_error(g);
  GEOSGeometry *circle = tm_anchor_circle(g, gpoly, tolerance);
  gboolean ok = circle && tm_circle_read(g, circle, x, y, radius);
  if (!ok)
    tm_warn(ctx, "label anchor: feature %u: GEOS: %s", feature,
            g->last_error[0] ? g->last_error : "no inscribed circle");
  if (circle)
    GEOSGeom_destroy_r(g->handle, circle);
  GEOSGeom_destroy_r(g->handle, gpoly);
  return ok;
}
