/* Dissolving features into groups (member EPCI into territories).  The EPCI
 * mesh is a polygonal coverage (neighbours share exact edges), for which
 * GEOS's coverage union only has to drop the edges used twice: far faster
 * than a general overlay.  Data that is not a clean coverage makes it fail
 * or produce an invalid result, and then the general union takes over.
 *
 * Groups are independent: they are dissolved on every core, a GEOS handle
 * per worker (a national map's 183 territories took 150 ms on one), and
 * their results gathered in group order, so the geometry, the repairs
 * counted and the first one reported are those of a dissolve in order. */
#define TM_GEOS_INTERNAL
#include "geos_private.h"

/* One group's dissolve, on one worker. */
typedef struct {
  tm_geos_t *g;
  guint n_repaired;
  guint first_feature;   /* of the first repaired polygon */
  char *first_reason;    /* why it was invalid */
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
    d->first_feature = feature;
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

typedef struct {
  const tm_geom_t *geom;
  const guint *record;
  guint *member_start, *member; /* group k's features: member[member_start[k] .. [k + 1]) */
  tm_geos_t **geos;             /* per worker */
  GEOSGeometry **result;        /* per group: its union, NULL when empty or failed */
  GError **error;               /* per group */
  tm_dissolve_t *done;          /* per group: its repairs */
} tm_dissolve_job_t;

static void tm_dissolve_groups(guint start, guint end, guint worker, void *data)
{
  tm_dissolve_job_t *job = data;
  for (guint k = start; k < end; k++) {
    if (job->member_start[k] == job->member_start[k + 1])
      continue;
    tm_dissolve_t *d = &job->done[k];
    *d = (tm_dissolve_t){.g = job->geos[worker], .record = job->record};
    GPtrArray *polys = g_ptr_array_new();
    gboolean ok = TRUE;
    for (guint j = job->member_start[k]; ok && j < job->member_start[k + 1]; j++) {
      guint f = job->member[j];
      for (guint p = job->geom->feature_poly[f]; ok && p < job->geom->feature_poly[f + 1]; p++)
        ok = tm_dissolve_add(d, job->geom, f, p, polys, &job->error[k]);
    }
    if (ok && polys->len) /* none: every polygon below an area */
      job->result[k] = tm_dissolve_union(d, polys, k, &job->error[k]);
    for (guint i = 0; i < polys->len; i++) /* left by a failure */
      GEOSGeom_destroy_r(d->g->handle, polys->pdata[i]);
    g_ptr_array_free(polys, TRUE);
  }
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
  tm_dissolve_job_t job = {.geom = geom, .record = record};
  /* Each group's features, in feature order (a counting sort). */
  job.member_start = g_new0(guint, n_groups + 1);
  for (guint i = 0; i < geom->n_features; i++)
    if (group[i] >= 0)
      job.member_start[group[i] + 1]++;
  for (guint k = 0; k < n_groups; k++)
    job.member_start[k + 1] += job.member_start[k];
  job.member = g_new(guint, MAX(job.member_start[n_groups], 1));
  guint *fill = g_memdup2(job.member_start, (n_groups + 1) * sizeof(guint));
  for (guint i = 0; i < geom->n_features; i++)
    if (group[i] >= 0)
      job.member[fill[group[i]]++] = i;
  g_free(fill);
  guint n_workers = tm_parallel_workers(n_groups, 1);
  job.geos = g_new0(tm_geos_t *, MAX(n_workers, 1));
  job.geos[0] = tm_geos_get(ctx);
  for (guint w = 1; w < n_workers; w++)
    job.geos[w] = tm_geos_new();
  job.result = g_new0(GEOSGeometry *, MAX(n_groups, 1));
  job.error = g_new0(GError *, MAX(n_groups, 1));
  job.done = g_new0(tm_dissolve_t, MAX(n_groups, 1));
  tm_parallel_for(n_groups, 1, tm_dissolve_groups, &job);

  /* In group order, as a dissolve on one core. */
  tm_geos_t *g = job.geos[0];
  tm_geom_builder_t *b = tm_geom_builder_new();
  gboolean ok = TRUE;
  guint n_repaired = 0;
  const tm_dissolve_t *first = NULL;
  for (guint k = 0; k < n_groups; k++) {
    if (ok && job.error[k]) {
      g_propagate_error(error, job.error[k]);
      job.error[k] = NULL;
      ok = FALSE;
    }
    n_repaired += job.done[k].n_repaired;
    if (job.done[k].n_repaired && (!first || job.done[k].first_feature < first->first_feature))
      first = &job.done[k];
    tm_geom_builder_begin_feature(b);
    GEOSGeometry *u = job.result[k];
    if (ok && u && !tm_geos_append_polygons(g, u, b, error)) {
      g_prefix_error(error, "dissolve: group %u: ", k);
      ok = FALSE;
    }
    if (u)
      GEOSGeom_destroy_r(g->handle, u);
    g_clear_error(&job.error[k]);
  }
  if (ok && n_repaired > 0)
    tm_warn(ctx, "dissolve: %u invalid polygon%s repaired (first: %s)", n_repaired,
            n_repaired > 1 ? "s" : "", first->first_reason);
  for (guint k = 0; k < n_groups; k++)
    g_free(job.done[k].first_reason);
  for (guint w = 1; w < n_workers; w++)
    tm_geos_free(job.geos[w]);
  g_free(job.geos);
  g_free(job.result);
  g_free(job.error);
  g_free(job.done);
  g_free(job.member);
  g_free(job.member_start);
  if (!ok) {
    tm_geom_builder_free(b);
    return NULL;
  }
  return tm_geom_builder_finish(b);
}
