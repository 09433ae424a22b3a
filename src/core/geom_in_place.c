/* tm_geom_subset in a geometry's own arrays.
 *
 * A single map projects its layer once and never reads it again, so the
 * largest frame (the mainland: nearly every point) can take the layer's
 * arrays instead of a copy of them: the commune layer is 35 MB of points,
 * and on the benchmark machine every fresh megabyte costs about 1.5 ms of
 * the kernel's page zeroing before it holds anything. */
#include <string.h>
#include "terrimap/core.h"

void tm_geom_keep_in_place(tm_geom_t *g, const guint *features, guint n)
{
  for (guint i = 0; i < n; i++)
    g_return_if_fail(features[i] < g->n_features && (i == 0 || features[i] > features[i - 1]));
  guint pi = 0, ri = 0, ki = 0;
  for (guint i = 0; i < n; i++) {
    guint f = features[i];
    guint p0 = g->feature_poly[f], p1 = g->feature_poly[f + 1];
    guint r0 = g->poly_ring[p0], r1 = g->poly_ring[p1];
    guint k0 = g->ring_point[r0], k1 = g->ring_point[r1];
    /* The kept features only move towards the start: every index written
     * is at most the one read (pi <= p0 and so on), and the ends just read
     * (p1, r1, k1) are not written before the next feature reads them as
     * its starts. */
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
  g->feature_poly = g_renew(guint32, g->feature_poly, n + 1);
  g->poly_ring = g_renew(guint32, g->poly_ring, pi + 1);
  g->ring_point = g_renew(guint32, g->ring_point, ri + 1);
  g->xy = g_renew(double, g->xy, 2 * (gsize)MAX(ki, 1));
}
