/* tm_geom_gather in a geometry's own arrays.
 *
 * A single map projects its layer once and never reads it again, so the
 * largest frame (the mainland: nearly every point) can take the layer's
 * arrays instead of a copy of them: the commune layer is 35 MB of points,
 * and on the benchmark machine every fresh megabyte costs about 3 ms of page
 * faults before it holds anything.
 *
 * The kept features move towards the start of the arrays, which nothing
 * read later overwrites; then each repaired feature takes its place, the
 * tail of the arrays moving by the difference in size.  The features left
 * out (the DROM's, a repair's few extra points) usually leave room for that,
 * so the arrays are not reallocated until they shrink at the end. */
#include <string.h>
#include "terrimap/core.h"

/* A repaired feature moves the whole tail: fine for the few a real layer
 * has (one among the 35,000 communes), quadratic for a layer of broken
 * polygons, which is copied instead. */
#define TM_REPLACE_IN_PLACE_MAX 16

typedef struct {
  gsize polys, rings, points; /* allocated, in elements */
} tm_geom_room_t;

/* a[from..len) moved to a[to..], the array grown first when that passes
 * its allocation (*room elements). */
static void *tm_move_tail(void *a, gsize size, gsize len, gsize from, gsize to, gsize *room)
{
  gsize end = to + (len - from);
  if (end > *room) {
    a = g_realloc_n(a, end, size);
    *room = end;
  }
  memmove((char *)a + to * size, (char *)a + from * size, (len - from) * size);
  return a;
}

/* Feature f of g becomes feature rf of r. */
static void tm_geom_replace_feature(tm_geom_t *g, tm_geom_room_t *room, guint f,
                                    const tm_geom_t *r, guint rf)
{
  guint p0 = g->feature_poly[f], p1 = g->feature_poly[f + 1];
  guint r0 = g->poly_ring[p0], r1 = g->poly_ring[p1];
  guint k0 = g->ring_point[r0], k1 = g->ring_point[r1];
  guint q0 = r->feature_poly[rf], q1 = r->feature_poly[rf + 1];
  guint s0 = r->poly_ring[q0], s1 = r->poly_ring[q1];
  guint j0 = r->ring_point[s0], j1 = r->ring_point[s1];
  gint64 dp = (gint64)(q1 - q0) - (p1 - p0), dr = (gint64)(s1 - s0) - (r1 - r0);
  gint64 dk = (gint64)(j1 - j0) - (k1 - k0);
  /* The tails, each with its end offset, then the feature itself. */
  g->poly_ring = tm_move_tail(g->poly_ring, sizeof(guint32), g->n_polys + 1, p1, p0 + (q1 - q0),
                              &room->polys);
  g->ring_point = tm_move_tail(g->ring_point, sizeof(guint32), g->n_rings + 1, r1,
                               r0 + (s1 - s0), &room->rings);
  g->xy = tm_move_tail(g->xy, 2 * sizeof(double), g->n_points, k1, k0 + (j1 - j0), &room->points);
  g->n_polys = (guint)(g->n_polys + dp);
  g->n_rings = (guint)(g->n_rings + dr);
  g->n_points = (guint)(g->n_points + dk);
  for (guint i = f + 1; i <= g->n_features; i++)
    g->feature_poly[i] = (guint32)(g->feature_poly[i] + dp);
  for (guint p = p0 + (q1 - q0); p <= g->n_polys; p++)
    g->poly_ring[p] = (guint32)(g->poly_ring[p] + dr);
  for (guint k = r0 + (s1 - s0); k <= g->n_rings; k++)
    g->ring_point[k] = (guint32)(g->ring_point[k] + dk);
  for (guint q = q0; q < q1; q++)
    g->poly_ring[p0 + (q - q0)] = r->poly_ring[q] - s0 + r0;
  for (guint s = s0; s < s1; s++)
    g->ring_point[r0 + (s - s0)] = r->ring_point[s] - j0 + k0;
  memcpy(g->xy + 2 * (gsize)k0, r->xy + 2 * (gsize)j0, (gsize)(j1 - j0) * 2 * sizeof(double));
}

/* g keeps features[0..n) only, moved down. */
static void tm_geom_keep(tm_geom_t *g, const guint *features, guint n)
{
  guint pi = 0, ri = 0, ki = 0;
  for (guint i = 0; i < n; i++) {
    guint f = features[i];
    guint p0 = g->feature_poly[f], p1 = g->feature_poly[f + 1];
    guint r0 = g->poly_ring[p0], r1 = g->poly_ring[p1];
    guint k0 = g->ring_point[r0], k1 = g->ring_point[r1];
    /* Every index written is at most the one read (pi <= p0 and so on),
     * and the ends just read (p1, r1, k1) are not written before the next
     * feature reads them as its starts. */
    g->feature_poly[i] = pi;
    if (pi != p0 || ri != r0 || ki != k0) {
      for (guint p = p0; p < p1; p++)
        g->poly_ring[pi + (p - p0)] = g->poly_ring[p] - r0 + ri;
      for (guint r = r0; r < r1; r++)
        g->ring_point[ri + (r - r0)] = g->ring_point[r] - k0 + ki;
      memmove(g->xy + 2 * (gsize)ki, g->xy + 2 * (gsize)k0, (gsize)(k1 - k0) * 2 * sizeof(double));
    }
    pi += p1 - p0;
    ri += r1 - r0;
    ki += k1 - k0;
  }
  g->feature_poly[n] = pi;
  g->poly_ring[pi] = ri;
  g->ring_point[ri] = ki;
  g->n_features = n;
  g->n_polys = pi;
  g->n_rings = ri;
  g->n_points = ki;
}

/* g's arrays swapped for those of a copying gather. */
static void tm_geom_gather_copy(tm_geom_t *g, const guint *features, guint n,
                                const tm_geom_t *repairs, const gint *replacement)
{
  const tm_geom_t *sources[] = {g, repairs};
  guint *source_of = g_new(guint, MAX(n, 1)), *feature_of = g_new(guint, MAX(n, 1));
  for (guint i = 0; i < n; i++) {
    gint r = replacement ? replacement[features[i]] : -1;
    source_of[i] = r >= 0;
    feature_of[i] = r >= 0 ? (guint)r : features[i];
  }
  tm_geom_t *out = tm_geom_gather(sources, source_of, feature_of, n, TRUE);
  g_free(source_of);
  g_free(feature_of);
  g_free(g->feature_poly);
  g_free(g->poly_ring);
  g_free(g->ring_point);
  g_free(g->xy);
  *g = *out;
  g_free(out);
}

void tm_geom_gather_in_place(tm_geom_t *g, const guint *features, guint n,
                             const tm_geom_t *repairs, const gint *replacement)
{
  guint n_replaced = 0;
  for (guint i = 0; i < n; i++) {
    g_return_if_fail(features[i] < g->n_features && (i == 0 || features[i] > features[i - 1]));
    n_replaced += replacement && replacement[features[i]] >= 0;
  }
  if (n_replaced > TM_REPLACE_IN_PLACE_MAX) {
    tm_geom_gather_copy(g, features, n, repairs, replacement);
    return;
  }
  tm_geom_room_t room = {g->n_polys + 1, g->n_rings + 1, g->n_points};
  gint *replaced = NULL;
  if (n_replaced) { /* read before tm_geom_keep renumbers the features */
    replaced = g_new(gint, n);
    for (guint i = 0; i < n; i++)
      replaced[i] = replacement[features[i]];
  }
  tm_geom_keep(g, features, n);
  for (guint i = 0; replaced && i < n; i++)
    if (replaced[i] >= 0)
      tm_geom_replace_feature(g, &room, i, repairs, (guint)replaced[i]);
  g_free(replaced);
  g->feature_poly = g_renew(guint32, g->feature_poly, g->n_features + 1);
  g->poly_ring = g_renew(guint32, g->poly_ring, g->n_polys + 1);
  g->ring_point = g_renew(guint32, g->ring_point, g->n_rings + 1);
  g->xy = g_renew(double, g->xy, 2 * (gsize)MAX(g->n_points, 1));
}
