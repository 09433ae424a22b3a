/* Which features touch: the graph that the colouring of territories needs
 * (no two neighbours share a fill).  An STRtree over feature envelopes finds
 * candidates; a prepared geometry per feature makes the exact tests cheap
 * because each feature is tested against all its candidates at once. */
#include <math.h>
#define TM_GEOS_INTERNAL
#include "geos_private.h"

typedef struct {
  tm_geos_t *g;
  guint n;
  GEOSGeometry **feature;  /* NULL for a feature with no polygon */
  GEOSSTRtree *tree;
} tm_adjacency_t;

typedef struct {
  guint a;
  GArray *candidates;      /* guint, features > a */
} tm_adjacency_query_t;

static void tm_adjacency_collect(void *item, void *userdata)
{
  tm_adjacency_query_t *q = userdata;
  guint b = GPOINTER_TO_UINT(item) - 1;
  if (b > q->a)
    g_array_append_val(q->candidates, b);
}

static gint tm_guint_compare(gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;
  return x < y ? -1 : x > y;
}

static void tm_adjacency_clear(tm_adjacency_t *t)
{
  if (t->tree)
    GEOSSTRtree_destroy_r(t->g->handle, t->tree);
  for (guint i = 0; i < t->n; i++)
    if (t->feature[i])
      GEOSGeom_destroy_r(t->g->handle, t->feature[i]);
  g_free(t->feature);
}

/* The tree keeps pointers to the geometries, which therefore live until it
 * is destroyed.  Items are index + 1 so that feature 0 is not NULL. */
static gboolean tm_adjacency_index(tm_adjacency_t *t, const tm_geom_t *geom, GError **error)
{
  t->tree = GEOSSTRtree_create_r(t->g->handle, 10);
  for (guint i = 0; i < t->n; i++) {
    if (geom->feature_poly[i] == geom->feature_poly[i + 1])
      continue;
    t->feature[i] = tm_geos_feature_new(t->g, geom, i, error);
    if (!t->feature[i]) {
      g_prefix_error(error, "adjacency: feature %u: ", i);
      return FALSE;
    }
    if (GEOSisEmpty_r(t->g->handle, t->feature[i]) == 1) {
      GEOSGeom_destroy_r(t->g->handle, t->feature[i]);
      t->feature[i] = NULL;
      continue;
    }
    GEOSSTRtree_insert_r(t->g->handle, t->tree, t->feature[i], GUINT_TO_POINTER(i + 1));
  }
  return TRUE;
}

/* Candidates of feature a: envelopes within tolerance of a's envelope. */
static gboolean tm_adjacency_candidates(tm_adjacency_t *t, const tm_geom_t *geom, guint a,
                                        double tolerance, GArray *out, GError **error)
{
  tm_extent_t e = tm_geom_get_feature_extent(geom, a);
  tm_geos_clear_error(t->g);
  GEOSGeometry *box = GEOSGeom_createRectangle_r(t->g->handle, e.x0 - tolerance, e.y0 - tolerance,
                                                 e.x1 + tolerance, e.y1 + tolerance);
  if (!box) {
    tm_geos_set_error(t->g, error, "adjacency: envelope");
    g_prefix_error(error, "feature %u: ", a);
    return FALSE;
  }
  tm_adjacency_query_t q = {a, out};
  g_array_set_size(out, 0);
  GEOSSTRtree_query_r(t->g->handle, t->tree, box, tm_adjacency_collect, &q);
  GEOSGeom_destroy_r(t->g->handle, box);
  g_array_sort(out, tm_guint_compare);
  return TRUE;
}

static gboolean tm_adjacency_test(tm_adjacency_t *t, const tm_geom_t *geom, double tolerance,
                                  GArray *pairs, GError **error)
{
  GArray *candidates = g_array_new(FALSE, FALSE, sizeof(guint));
  gboolean ok = TRUE;
  for (guint a = 0; ok && a < t->n; a++) {
    if (!t->feature[a])
      continue;
    ok = tm_adjacency_candidates(t, geom, a, tolerance, candidates, error);
    if (!ok || candidates->len == 0)
      continue;
    tm_geos_clear_error(t->g);
    const GEOSPreparedGeometry *prep = GEOSPrepare_r(t->g->handle, t->feature[a]);
    for (guint k = 0; ok && prep && k < candidates->len; k++) {
      guint b = g_array_index(candidates, guint, k);
      char hit = tolerance > 0
                     ? GEOSPreparedDistanceWithin_r(t->g->handle, prep, t->feature[b], tolerance)
                     : GEOSPreparedIntersects_r(t->g->handle, prep, t->feature[b]);
      if (hit == 2) {
        char *what = g_strdup_printf("adjacency: features %u and %u", a, b);
        tm_geos_set_error(t->g, error, what);
        g_free(what);
        ok = FALSE;
      } else if (hit == 1) {
        g_array_append_val(pairs, a);
        g_array_append_val(pairs, b);
      }
    }
    if (!prep) {
      char *what = g_strdup_printf("adjacency: feature %u", a);
      tm_geos_set_error(t->g, error, what);
      g_free(what);
      ok = FALSE;
    } else {
      GEOSPreparedGeom_destroy_r(t->g->handle, prep);
    }
  }
  g_array_free(candidates, TRUE);
  return ok;
}

guint *tm_geom_adjacency(tm_context_t *ctx, const tm_geom_t *geom, double tolerance,
                         guint *n_pairs, GError **error)
{
  g_return_val_if_fail(ctx && geom && n_pairs, NULL);
  *n_pairs = 0;
  if (!(tolerance >= 0) || !isfinite(tolerance)) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "adjacency: tolerance %g (expected a finite number >= 0)", tolerance);
    return NULL;
  }
  tm_adjacency_t t = {.g = tm_geos_get(ctx), .n = geom->n_features};
  t.feature = g_new0(GEOSGeometry *, MAX(t.n, 1));
  GArray *pairs = g_array_new(FALSE, TRUE, sizeof(guint));
  gboolean ok = tm_adjacency_index(&t, geom, error) &&
                tm_adjacency_test(&t, geom, tolerance, pairs, error);
  tm_adjacency_clear(&t);
  if (!ok) {
    g_array_free(pairs, TRUE);
    return NULL;
  }
  *n_pairs = pairs->len / 2;
  /* Never NULL on success, even without pairs: NULL means an error. */
  if (pairs->len == 0)
    g_array_set_size(pairs, 2);
  return (guint *)g_array_free(pairs, FALSE);
}
