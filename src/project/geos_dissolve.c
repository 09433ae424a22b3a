/* Dissolving features into groups (member EPCI into territories).  The EPCI
 * mesh is a polygonal coverage (neighbours share exact edges), for which
 * GEOS's coverage union only has to drop the edges used twice: far faster
 * than a general overlay.  Data that is not a clean coverage makes it fail
 * or produce an invalid result, and then the general union takes over. */
#define TM_GEOS_INTERNAL
#include "geos_private.h"

typedef struct {
  tm_geos_t *g;
  GPtrArray **members;   /* per group: GEOSGeometry * polygons, owned */
  guint n_groups;
  guint n_repaired;
  char *first_reason;    /* why the first repaired polygon was invalid */
  const guint *record;   /* the layer record of each feature, for messages; may be NULL */
} tm_dissolve_t;

/* Keeps the polygons of a repaired geometry: GEOSMakeValid_r may return a
 * collection with the lines and points a collapse leaves, which the coverage
 * union rejects and which have no area anyway. */
static void tm_dissolve_add_polygons(tm_dissolve_t *d, GPtrArray *to, const GEOSGeometry *src)
{
  int type = GEOSGeomTypeId_r(d->g->handle, src);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(d->g->handle, src) == 0)
      g_ptr_array_add(to, GEOSGeom_clone_r(d->g->handle, src));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    int n = GEOSGetNumGeometries_r(d->g->handle, src);
    for (int i = 0; i < n; i++)
      tm_dissolve_add_polygons(d, to, GEOSGetGeometryN_r(d->g->handle, src, i));
  }
}

static gboolean tm_dissolve_add(tm_dissolve_t *d, const tm_geom_t *geom, guint feature,
                                guint poly_index, GPtrArray *to, GError **error)
{
  GEOSGeometry *poly;
  if (!tm_geos_polygon_new(d->g, geom, poly_index, &poly, error)) {
    g_prefix_error(error, "dissolve: feature %u: ", feature);
    return FALSE;
  }
  if (!poly)
    return TRUE;
  tm_geos_clear_error(d->g);
  char valid = GEOSisValid_r(d->g->handle, poly);
  if (valid == 1) {
    g_ptr_array_add(to, poly);
    return TRUE;
  }
  GEOSGeometry *repaired = valid == 0 ? GEOSMakeValid_r(d->g->handle, poly) : NULL;
  if (!repaired) {
    char *what = g_strdup_printf("dissolve: feature %u: polygon %u", feature, poly_index);
    tm_geos_set_error(d->g, error, what);
    g_free(what);
    GEOSGeom_destroy_r(d->g->handle, poly);
    return FALSE;
  }
  if (d->n_repaired++ == 0) {
    char *reason = GEOSisValidReason_r(d->g->handle, poly);
    d->first_reason = g_strdup_printf("%s %u: %s", d->record ? "record" : "feature",
                                      d->record ? d->record[feature] + 1 : feature,
                                      reason ? reason : "invalid");
    GEOSFree_r(d->g->handle, reason);
  }
  tm_dissolve_add_polygons(d, to, repaired);
  GEOSGeom_destroy_r(d->g->handle, repaired);
  GEOSGeom_destroy_r(d->g->handle, poly);
  return TRUE;
}

/* The union of one group's polygons; takes ownership of polys' contents. */
static GEOSGeometry *tm_dissolve_union(tm_dissolve_t *d, GPtrArray *polys, guint group,
                                       GError **error)
{
  GEOSContextHandle_t h = d->g->handle;
  tm_geos_clear_error(d->g);
  GEOSGeometry *all = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION,
                                                  (GEOSGeometry **)polys->pdata, polys->len);
  /* The collection owns the polygons now, even if creating it failed. */
  g_ptr_array_set_size(polys, 0);
  GEOSGeometry *result = NULL;
  if (all) {
    result = GEOSCoverageUnion_r(h, all);
    if (result && GEOSisValid_r(h, result) != 1) {
      GEOSGeom_destroy_r(h, result);
      result = NULL;
    }
    if (!result) {
      tm_geos_clear_error(d->g);
      result = GEOSUnaryUnion_r(h, all);
    }
    GEOSGeom_destroy_r(h, all);
  }
  if (!result) {
    char *what = g_strdup_printf("dissolve: group %u", group);
    tm_geos_set_error(d->g, error, what);
    g_free(what);
  }
  return result;
}

static gboolean tm_dissolve_check_groups(const tm_geom_t *geom, const gint *group, guint n_groups,
                                         GError **error)
{
  for (guint i = 0; i < geom->n_features; i++)
    if (group[i] < -1 || (group[i] >= 0 && (guint)group[i] >= n_groups)) {
      g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                  "dissolve: feature %u: group %d (expected -1 or 0..%u)", i, group[i],
                  n_groups ? n_groups - 1 : 0);
      return FALSE;
    }
  return TRUE;
}

static void tm_dissolve_clear(tm_dissolve_t *d)
{
  for (guint k = 0; k < d->n_groups; k++) {
    if (!d->members[k])
      continue;
    for (guint i = 0; i < d->members[k]->len; i++)
      GEOSGeom_destroy_r(d->g->handle, d->members[k]->pdata[i]);
    g_ptr_array_free(d->members[k], TRUE);
  }
  g_free(d->members);
  g_free(d->first_reason);
}

static gboolean tm_dissolve_collect(tm_dissolve_t *d, const tm_geom_t *geom, const gint *group,
                                    GError **error)
{
  for (guint i = 0; i < geom->n_features; i++) {
    if (group[i] < 0)
      continue;
    GPtrArray **to = &d->members[group[i]];
    if (!*to)
      *to = g_ptr_array_new();
    for (guint p = geom->feature_poly[i]; p < geom->feature_poly[i + 1]; p++)
      if (!tm_dissolve_add(d, geom, i, p, *to, error))
        return FALSE;
  }
  return TRUE;
}

tm_geom_t *tm_geom_dissolve(tm_context_t *ctx, const tm_geom_t *geom, const gint *group,
                            guint n_groups, GError **error)
{
  return tm_geom_dissolve_records(ctx, geom, group, n_groups, NULL, error);
}

tm_geom_t *tm_geom_dissolve_records(tm_context_t *ctx, const tm_geom_t *geom, const gint *group,
                                    guint n_groups, const guint *record, GError **error)
{
  g_return_val_if_fail(ctx && geom && (group || geom->n_features == 0), NULL);
  if (!tm_dissolve_check_groups(geom, group, n_groups, error))
    return NULL;
  tm_dissolve_t d = {.g = tm_geos_get(ctx), .n_groups = n_groups, .record = record};
  d.members = g_new0(GPtrArray *, n_groups);
  tm_geom_builder_t *b = tm_geom_builder_new();
  gboolean ok = tm_dissolve_collect(&d, geom, group, error);
  for (guint k = 0; ok && k < n_groups; k++) {
    tm_geom_builder_begin_feature(b);
    if (!d.members[k] || d.members[k]->len == 0)
      continue;
    GEOSGeometry *u = tm_dissolve_union(&d, d.members[k], k, error);
    ok = u && tm_geos_append_polygons(d.g, u, b, error);
    if (u && !ok)
      g_prefix_error(error, "dissolve: group %u: ", k);
    if (u)
      GEOSGeom_destroy_r(d.g->handle, u);
  }
  if (ok && d.n_repaired > 0)
    tm_warn(ctx, "dissolve: %u invalid polygon%s repaired (first: %s)", d.n_repaired,
            d.n_repaired > 1 ? "s" : "", d.first_reason);
  tm_dissolve_clear(&d);
  if (!ok) {
    tm_geom_builder_free(b);
    return NULL;
  }
  return tm_geom_builder_finish(b);
}
