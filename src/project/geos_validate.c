/* Invalid polygons (self-intersecting rings, as in the real communes layer)
 * are repaired, not dropped, and reported: an even-odd fill would draw a
 * bow-tie, but dissolving, adjacency and label anchors need valid input.
 *
 * Checking is a tenth of a national render and nearly every feature is
 * valid, so the check runs on every core (one GEOS handle per worker) and
 * only the invalid features, if any, are rebuilt afterwards. */
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

/* The repaired copy: valid features as they are, invalid ones through
 * GEOSMakeValid (or as they are when GEOS cannot repair them).  The
 * repairs are built on their own and spliced in, so the layer is copied
 * once, at its size. */
static tm_geom_t *tm_geom_repair(tm_geos_t *g, const tm_geom_t *geom, const gint8 *invalid,
                                 guint *n_repaired, gint *first, char **reason, GError **error)
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
  tm_geom_t *repairs = tm_geom_builder_finish(b);
  tm_geom_t *out = tm_geom_splice(geom, replacement, repairs);
  tm_geom_free(repairs);
  g_free(replacement);
  return out;
}

gboolean tm_geom_make_valid(tm_context_t *ctx, tm_geom_t **geom, guint *n_repaired, gint *first,
                            char **reason, GError **error)
{
  *n_repaired = 0;
  *first = -1;
  *reason = NULL;
  const tm_geom_t *in = *geom;
  tm_validity_t v = {in, NULL, g_new0(gint8, MAX(in->n_features, 1))};
  const guint chunk = 32;
  guint n_workers = tm_parallel_workers(in->n_features, chunk);
  v.geos = g_new0(tm_geos_t *, n_workers);
  v.geos[0] = tm_geos_get(ctx);
  for (guint i = 1; i < n_workers; i++)
    v.geos[i] = tm_geos_new();
  tm_parallel_for(in->n_features, chunk, tm_check_features, &v);
  for (guint i = 1; i < n_workers; i++)
    tm_geos_free(v.geos[i]);
  g_free(v.geos);
  gboolean any = FALSE;
  for (guint f = 0; f < in->n_features; f++)
    any |= v.invalid[f] != 0;
  gboolean ok = TRUE;
  if (any) {
    /* GEOS refusing a feature's rings is an error of that feature: the
     * repair pass meets it again and reports it. */
    tm_geom_t *repaired =
        tm_geom_repair(tm_geos_get(ctx), in, v.invalid, n_repaired, first, reason, error);
    ok = repaired != NULL;
    if (ok) {
      tm_geom_free(*geom);
      *geom = repaired;
    }
  }
  g_free(v.invalid);
  return ok;
}
