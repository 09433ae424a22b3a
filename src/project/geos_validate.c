/* Invalid polygons (self-intersecting rings, as in the real communes layer)
 * are repaired, not dropped, and reported, in the layers projected whole
 * (tm_project_layer: overlays, extents), since dissolving, adjacency and
 * label anchors need valid input.  A map's own layer is drawn as read
 * (tm_project_layer_release: the even-odd fill of a ring is what its
 * repair would fill) and terrimap info counts its invalid features.
 *
 * Checking was a fifth of a commune map and nearly every feature is
 * valid, so the check runs on every core (one GEOS handle per worker),
 * can run beside other work (tm_validity_check_start), and only the
 * invalid features, if any, are rebuilt afterwards. */
#define TM_GEOS_INTERNAL
#include "geos_private.h"

typedef struct {
  const tm_geom_t *geom;
  tm_geos_t **geos;   /* one per worker */
  gint8 *invalid;     /* per feature: 1 invalid, -1 GEOS refused it */
} tm_validity_t;

static void tm_check_features(guint start, guint end, guint worker, void *data)
{
  tm_validity_t *v = data;
  tm_geos_t *g = v->geos[worker];
  for (guint f = start; f < end; f++) {
    GEOSGeometry *in = tm_geos_feature_new(g, v->geom, f, NULL);
    if (!in) {
      v->invalid[f] = -1;
      continue;
    }
    v->invalid[f] = GEOSisValid_r(g->handle, in) != 1;
    GEOSGeom_destroy_r(g->handle, in);
  }
}

/* The invalid features through GEOSMakeValid, built on their own: feature
 * f becomes feature (*replacement)[f] of the result when that is >= 0
 * (an invalid feature GEOS cannot repair stays as it is rather than be
 * lost).  NULL on error. */
static tm_geom_t *tm_geom_repair(tm_geos_t *g, const tm_geom_t *geom, const guint8 *invalid,
                                 gint **replacement_out, guint *n_repaired, gint *first,
                                 char **reason, GError **error)
{
  tm_geom_builder_t *b = tm_geom_builder_new();
  gint *replacement = g_new(gint, MAX(geom->n_features, 1));
  gint n_built = 0;
  for (guint f = 0; f < geom->n_features; f++) {
    replacement[f] = -1;
    if (!invalid[f])
      continue;
    GEOSGeometry *in = tm_geos_feature_new(g, geom, f, error);
    if (!in) {
      tm_geom_builder_free(b);
      g_free(replacement);
      return NULL;
    }
    if (*first < 0) {
      *first = (gint)f;
      char *why = GEOSisValidReason_r(g->handle, in);
      *reason = g_strdup(why ? why : "invalid");
      GEOSFree_r(g->handle, why);
    }
    GEOSGeometry *fixed = GEOSMakeValid_r(g->handle, in);
    GEOSGeom_destroy_r(g->handle, in);
    tm_geom_builder_begin_feature(b);
    if (fixed && tm_geos_append_polygons(g, fixed, b, NULL)) {
      replacement[f] = n_built;
      (*n_repaired)++;
    }
    /* else unrepairable: the feature stays as it is rather than be lost
     * (the empty feature begun for it is never referenced). */
    n_built++;
    if (fixed)
      GEOSGeom_destroy_r(g->handle, fixed);
  }
  *replacement_out = replacement;
  return tm_geom_builder_finish(b);
}

struct _tm_validity_check {
  tm_validity_t v;
  guint n_workers;
  tm_parallel_job_t *job;
};

tm_validity_check_t *tm_validity_check_start(tm_context_t *ctx, const tm_geom_t *geom)
{
  tm_validity_check_t *c = g_new0(tm_validity_check_t, 1);
  c->v = (tm_validity_t){geom, NULL, g_new0(gint8, MAX(geom->n_features, 1))};
  const guint chunk = 32;
  c->n_workers = tm_parallel_workers(geom->n_features, chunk);
  c->v.geos = g_new0(tm_geos_t *, c->n_workers);
  /* Worker 0 is the caller, in tm_validity_check_finish. */
  c->v.geos[0] = tm_geos_get(ctx);
  for (guint i = 1; i < c->n_workers; i++)
    c->v.geos[i] = tm_geos_new();
  c->job = tm_parallel_start(geom->n_features, chunk, tm_check_features, &c->v);
  return c;
}

guint8 *tm_validity_check_finish(tm_validity_check_t *c, gboolean *any)
{
  tm_parallel_finish(c->job);
  for (guint i = 1; i < c->n_workers; i++)
    tm_geos_free(c->v.geos[i]);
  g_free(c->v.geos);
  guint n = c->v.geom->n_features;
  guint8 *invalid = (guint8 *)c->v.invalid;
  *any = FALSE;
  for (guint f = 0; f < n; f++)
    *any |= (invalid[f] = c->v.invalid[f] != 0);
  g_free(c);
  return invalid;
}

guint tm_geom_count_invalid(tm_context_t *ctx, const tm_geom_t *geom, gint *first, char **reason)
{
  gboolean any = FALSE;
  guint8 *invalid = tm_validity_check_finish(tm_validity_check_start(ctx, geom), &any);
  guint n = 0;
  *first = -1;
  *reason = NULL;
  for (guint f = 0; any && f < geom->n_features; f++) {
    if (!invalid[f])
      continue;
    if (n++ == 0) {
      *first = (gint)f;
      tm_geos_t *g = tm_geos_get(ctx);
      GEOSGeometry *in = tm_geos_feature_new(g, geom, f, NULL);
      char *why = in ? GEOSisValidReason_r(g->handle, in) : NULL;
      *reason = g_strdup(why ? why : "GEOS cannot build it");
      if (why)
        GEOSFree_r(g->handle, why);
      if (in)
        GEOSGeom_destroy_r(g->handle, in);
    }
  }
  g_free(invalid);
  return n;
}

gboolean tm_geom_repair_flagged(tm_context_t *ctx, const tm_geom_t *geom, const guint8 *invalid,
                                tm_geom_t **repairs, gint **replacement, guint *n_repaired,
                                gint *first, char **reason, GError **error)
{
  *n_repaired = 0;
  *first = -1;
  *reason = NULL;
  *replacement = NULL;
  /* GEOS refusing a feature's rings is an error of that feature: the
   * repair meets it again and reports it. */
  *repairs = tm_geom_repair(tm_geos_get(ctx), geom, invalid, replacement, n_repaired, first,
                            reason, error);
  return *repairs != NULL;
}

gboolean tm_geom_make_valid(tm_context_t *ctx, tm_geom_t **geom, guint *n_repaired, gint *first,
                            char **reason, GError **error)
{
  *n_repaired = 0;
  *first = -1;
  *reason = NULL;
  gboolean any = FALSE;
  guint8 *invalid = tm_validity_check_finish(tm_validity_check_start(ctx, *geom), &any);
  tm_geom_t *repairs = NULL;
  gint *replacement = NULL;
  gboolean ok = !any || tm_geom_repair_flagged(ctx, *geom, invalid, &repairs, &replacement,
                                               n_repaired, first, reason, error);
  if (repairs) {
    tm_geom_t *spliced = tm_geom_splice(*geom, replacement, repairs);
    tm_geom_free(*geom);
    *geom = spliced;
  }
  tm_geom_free(repairs);
  g_free(replacement);
  g_free(invalid);
  return ok;
}
