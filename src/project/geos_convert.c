/* tm_geom_t <-> GEOS.  Coordinates move in whole-ring buffers
 * (GEOSCoordSeq_copyFromBuffer_r / copyToBuffer_r) because per-point setters
 * dominate the cost of a dissolve of millions of points. */
#define TM_GEOS_INTERNAL
#include "geos_private.h"

/* GEOS throws for rings that are too short or not closed, and ownership of
 * the coordinate sequence is unclear after such a failure, so those rings
 * are recognised here and never handed over.  A NaN coordinate fails the
 * closure test too. */
static gboolean tm_ring_is_usable(const tm_geom_t *geom, guint ring)
{
  guint start = geom->ring_point[ring], n = geom->ring_point[ring + 1] - start;
  if (n < 4)
    return FALSE;
  const double *first = geom->xy + 2 * (gsize)start, *last = first + 2 * (gsize)(n - 1);
  return first[0] == last[0] && first[1] == last[1];
}

static GEOSGeometry *tm_geos_ring_new(tm_geos_t *g, const tm_geom_t *geom, guint ring)
{
  guint start = geom->ring_point[ring], n = geom->ring_point[ring + 1] - start;
  GEOSCoordSequence *seq =
      GEOSCoordSeq_copyFromBuffer_r(g->handle, geom->xy + 2 * (gsize)start, n, 0, 0);
  if (!seq)
    return NULL;
  return GEOSGeom_createLinearRing_r(g->handle, seq);
}

gboolean tm_geos_polygon_new(tm_geos_t *g, const tm_geom_t *geom, guint poly,
                             GEOSGeometry **out, GError **error)
{
  guint first = geom->poly_ring[poly], end = geom->poly_ring[poly + 1];
  *out = NULL;
  if (first == end || !tm_ring_is_usable(geom, first))
    return TRUE;
  tm_geos_clear_error(g);
  GEOSGeometry *shell = tm_geos_ring_new(g, geom, first);
  if (!shell) {
    tm_geos_set_error(g, error, "polygon exterior");
    return FALSE;
  }
  GPtrArray *holes = g_ptr_array_new();
  for (guint r = first + 1; r < end; r++) {
    if (!tm_ring_is_usable(geom, r))
      continue;
    GEOSGeometry *hole = tm_geos_ring_new(g, geom, r);
    if (!hole) {
      tm_geos_set_error(g, error, "polygon hole");
      GEOSGeom_destroy_r(g->handle, shell);
      for (guint i = 0; i < holes->len; i++)
        GEOSGeom_destroy_r(g->handle, holes->pdata[i]);
      g_ptr_array_free(holes, TRUE);
      return FALSE;
    }
    g_ptr_array_add(holes, hole);
  }
  /* Takes ownership of shell and holes (not of the array). */
  *out = GEOSGeom_createPolygon_r(g->handle, shell, (GEOSGeometry **)holes->pdata, holes->len);
  g_ptr_array_free(holes, TRUE);
  if (!*out) {
    tm_geos_set_error(g, error, "polygon");
    return FALSE;
  }
  return TRUE;
}

GEOSGeometry *tm_geos_feature_new(tm_geos_t *g, const tm_geom_t *geom, guint feature,
                                  GError **error)
{
  guint first = geom->feature_poly[feature], end = geom->feature_poly[feature + 1];
  GPtrArray *polys = g_ptr_array_sized_new(end - first);
  for (guint p = first; p < end; p++) {
    GEOSGeometry *poly;
    if (!tm_geos_polygon_new(g, geom, p, &poly, error)) {
      for (guint i = 0; i < polys->len; i++)
        GEOSGeom_destroy_r(g->handle, polys->pdata[i]);
      g_ptr_array_free(polys, TRUE);
      return NULL;
    }
    if (poly)
      g_ptr_array_add(polys, poly);
  }
  tm_geos_clear_error(g);
  GEOSGeometry *multi = GEOSGeom_createCollection_r(g->handle, GEOS_MULTIPOLYGON,
                                                    (GEOSGeometry **)polys->pdata, polys->len);
  g_ptr_array_free(polys, TRUE);
  if (!multi)
    tm_geos_set_error(g, error, "feature");
  return multi;
}

static void tm_xy_reverse(double *xy, guint n)
{
  for (guint i = 0, j = n - 1; i < j; i++, j--) {
    double x = xy[2 * i], y = xy[2 * i + 1];
    xy[2 * i] = xy[2 * j];
    xy[2 * i + 1] = xy[2 * j + 1];
    xy[2 * j] = x;
    xy[2 * j + 1] = y;
  }
}

/* Drops vertices that lie exactly on the straight line through their
 * neighbours, in place; returns the new count of the closed ring.  A union
 * keeps the vertex where an interior border met the outline, so without
 * this a territory's outline keeps a trace of every member's seam.  A ring
 * that would fall below a triangle is left as it is. */
static guint tm_xy_drop_collinear(double *xy, guint n)
{
  guint m = n - 1; /* distinct points: the last repeats the first */
  if (n < 4 || m < 4)
    return n;
  gboolean *drop = g_new0(gboolean, m);
  guint kept = m;
  for (guint i = 0; i < m; i++) {
    const double *a = xy + 2 * (gsize)((i + m - 1) % m), *b = xy + 2 * (gsize)i,
                 *c = xy + 2 * (gsize)((i + 1) % m);
    double ux = b[0] - a[0], uy = b[1] - a[1], vx = c[0] - b[0], vy = c[1] - b[1];
    if (ux * vy - uy * vx == 0 && ux * vx + uy * vy > 0) {
      drop[i] = TRUE;
      kept--;
    }
  }
  if (kept < 3 || kept == m) {
    g_free(drop);
    return n;
  }
  guint k = 0;
  for (guint i = 0; i < m; i++)
    if (!drop[i]) {
      xy[2 * k] = xy[2 * i];
      xy[2 * k + 1] = xy[2 * i + 1];
      k++;
    }
  xy[2 * k] = xy[0];
  xy[2 * k + 1] = xy[1];
  g_free(drop);
  return k + 1;
}

/* Copies one ring into buf, oriented clockwise when exterior (negative
 * shoelace area), counter-clockwise otherwise; *n is 0 for an empty ring. */
static gboolean tm_geos_ring_copy(tm_geos_t *g, const GEOSGeometry *ring, gboolean exterior,
                                  GArray *buf, guint *n, GError **error)
{
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(g->handle, ring);
  unsigned int size = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(g->handle, seq, &size)) {
    tm_geos_set_error(g, error, "result ring");
    return FALSE;
  }
  if (size > G_MAXUINT / 2) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT, "result ring: %u points is too many", size);
    return FALSE;
  }
  *n = size;
  if (size == 0)
    return TRUE;
  g_array_set_size(buf, 2 * (guint)size);
  double *xy = (double *)buf->data;
  if (!GEOSCoordSeq_copyToBuffer_r(g->handle, seq, xy, 0, 0)) {
    tm_geos_set_error(g, error, "result ring");
    return FALSE;
  }
  *n = tm_xy_drop_collinear(xy, size);
  double area = tm_ring_signed_area(xy, *n);
  if (exterior ? area > 0 : area < 0)
    tm_xy_reverse(xy, *n);
  return TRUE;
}

static gboolean tm_geos_append_polygon(tm_geos_t *g, const GEOSGeometry *poly,
                                       tm_geom_builder_t *b, GArray *buf, GError **error)
{
  if (GEOSisEmpty_r(g->handle, poly) == 1)
    return TRUE;
  guint n;
  if (!tm_geos_ring_copy(g, GEOSGetExteriorRing_r(g->handle, poly), TRUE, buf, &n, error))
    return FALSE;
  if (n == 0)
    return TRUE;
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, (const double *)buf->data, n);
  int n_holes = GEOSGetNumInteriorRings_r(g->handle, poly);
  for (int h = 0; h < n_holes; h++) {
    if (!tm_geos_ring_copy(g, GEOSGetInteriorRingN_r(g->handle, poly, h), FALSE, buf, &n, error))
      return FALSE;
    if (n > 0)
      tm_geom_builder_add_ring(b, (const double *)buf->data, n);
  }
  return TRUE;
}

static gboolean tm_geos_append_any(tm_geos_t *g, const GEOSGeometry *src, tm_geom_builder_t *b,
                                   GArray *buf, GError **error)
{
  switch (GEOSGeomTypeId_r(g->handle, src)) {
  case GEOS_POLYGON:
    return tm_geos_append_polygon(g, src, b, buf, error);
  case GEOS_MULTIPOLYGON:
  case GEOS_GEOMETRYCOLLECTION: {
    int n = GEOSGetNumGeometries_r(g->handle, src);
    for (int i = 0; i < n; i++)
      if (!tm_geos_append_any(g, GEOSGetGeometryN_r(g->handle, src, i), b, buf, error))
        return FALSE;
    return TRUE;
  }
  default:
    /* Lines and points left by a repair or a union have no area to fill. */
    return TRUE;
  }
}

gboolean tm_geos_append_polygons(tm_geos_t *g, const GEOSGeometry *src, tm_geom_builder_t *b,
                                 GError **error)
{
  tm_geos_clear_error(g);
  GArray *buf = g_array_new(FALSE, FALSE, sizeof(double));
  gboolean ok = tm_geos_append_any(g, src, b, buf, error);
  g_array_free(buf, TRUE);
  return ok;
}
