/* Operations on flat polygon geometry (see core.h for the layout). */
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include "terrimap/core.h"

void tm_geom_free(tm_geom_t *g)
{
  if (!g)
    return;
  g_free(g->feature_poly);
  g_free(g->poly_ring);
  g_free(g->ring_point);
  g_free(g->xy);
  g_free(g);
}

tm_geom_t *tm_geom_copy(const tm_geom_t *g)
{
  tm_geom_t *c = g_new0(tm_geom_t, 1);
  *c = *g;
  c->feature_poly = g_memdup2(g->feature_poly, (g->n_features + 1) * sizeof(guint32));
  c->poly_ring = g_memdup2(g->poly_ring, (g->n_polys + 1) * sizeof(guint32));
  c->ring_point = g_memdup2(g->ring_point, (g->n_rings + 1) * sizeof(guint32));
  c->xy = g_memdup2(g->xy, (gsize)g->n_points * 2 * sizeof(double));
  return c;
}

/* The one copying routine behind subset, splice and concat.  Two passes:
 * count, then copy with rebased offsets, so each array is allocated once
 * at its size. */
tm_geom_t *tm_geom_gather(const tm_geom_t *const *sources, const guint *source_of,
                          const guint *feature_of, guint n, gboolean copy_points)
{
  tm_geom_t *out = g_new0(tm_geom_t, 1);
  out->n_features = n;
  for (guint i = 0; i < n; i++) {
    const tm_geom_t *g = sources[source_of ? source_of[i] : 0];
    guint p0 = g->feature_poly[feature_of[i]], p1 = g->feature_poly[feature_of[i] + 1];
    out->n_polys += p1 - p0;
    out->n_rings += g->poly_ring[p1] - g->poly_ring[p0];
    out->n_points += g->ring_point[g->poly_ring[p1]] - g->ring_point[g->poly_ring[p0]];
  }
  out->feature_poly = g_new(guint32, n + 1);
  out->poly_ring = g_new(guint32, out->n_polys + 1);
  out->ring_point = g_new(guint32, out->n_rings + 1);
  out->xy = g_new(double, 2 * (gsize)MAX(out->n_points, 1));
  guint pi = 0, ri = 0, ki = 0;
  for (guint i = 0; i < n; i++) {
    const tm_geom_t *g = sources[source_of ? source_of[i] : 0];
    guint f = feature_of[i];
    out->feature_poly[i] = pi;
    for (guint p = g->feature_poly[f]; p < g->feature_poly[f + 1]; p++) {
      out->poly_ring[pi++] = ri;
      for (guint r = g->poly_ring[p]; r < g->poly_ring[p + 1]; r++) {
        out->ring_point[ri++] = ki;
        guint k0 = g->ring_point[r], k1 = g->ring_point[r + 1];
        if (copy_points)
          memcpy(out->xy + 2 * (gsize)ki, g->xy + 2 * (gsize)k0,
                 (k1 - k0) * 2 * sizeof(double));
        ki += k1 - k0;
      }
    }
  }
  out->feature_poly[n] = pi;
  out->poly_ring[pi] = ri;
  out->ring_point[ri] = ki;
  return out;
}

tm_geom_t *tm_geom_subset(const tm_geom_t *g, const guint *features, guint n)
{
  return tm_geom_gather(&g, NULL, features, n, TRUE);
}

tm_extent_t tm_geom_get_feature_extent(const tm_geom_t *g, guint feature)
{
  tm_extent_t e = tm_extent_empty();
  guint p0 = g->feature_poly[feature], p1 = g->feature_poly[feature + 1];
  guint k0 = g->ring_point[g->poly_ring[p0]], k1 = g->ring_point[g->poly_ring[p1]];
  for (guint k = k0; k < k1; k++)
    tm_extent_add_point(&e, g->xy[2 * k], g->xy[2 * k + 1]);
  return e;
}

tm_extent_t tm_geom_get_extent(const tm_geom_t *g)
{
  tm_extent_t e = tm_extent_empty();
  for (guint k = 0; k < g->n_points; k++)
    tm_extent_add_point(&e, g->xy[2 * k], g->xy[2 * k + 1]);
  return e;
}

double tm_ring_signed_area(const double *xy, guint n)
{
  double sum = 0;
  for (guint i = 0; i + 1 < n; i++)
    sum += xy[2 * i] * xy[2 * i + 3] - xy[2 * i + 2] * xy[2 * i + 1];
  if (n > 0)
    sum += xy[2 * (n - 1)] * xy[1] - xy[0] * xy[2 * (n - 1) + 1];
  return sum / 2;
}

gint tm_geom_get_largest_polygon(const tm_geom_t *g, guint feature)
{
  gint best = -1;
  double best_area = -1;
  for (guint p = g->feature_poly[feature]; p < g->feature_poly[feature + 1]; p++) {
    guint r = g->poly_ring[p];
    if (r == g->poly_ring[p + 1])
      continue;
    guint k0 = g->ring_point[r], k1 = g->ring_point[r + 1];
    double area = fabs(tm_ring_signed_area(g->xy + 2 * (gsize)k0, k1 - k0));
    if (area > best_area) {
      best_area = area;
      best = (gint)p;
    }
  }
  return best;
}

gboolean tm_geom_feature_contains(const tm_geom_t *g, guint feature, double x, double y)
{
  gboolean inside = FALSE;
  guint p0 = g->feature_poly[feature], p1 = g->feature_poly[feature + 1];
  for (guint r = g->poly_ring[p0]; r < g->poly_ring[p1]; r++) {
    const double *v = g->xy + 2 * (gsize)g->ring_point[r];
    guint n = g->ring_point[r + 1] - g->ring_point[r];
    for (guint i = 0, j = n ? n - 1 : 0; i < n; j = i++) {
      double xi = v[2 * i], yi = v[2 * i + 1], xj = v[2 * j], yj = v[2 * j + 1];
      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        inside = !inside;
    }
  }
  return inside;
}

static int tm_compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

gboolean tm_geom_get_representative_point(const tm_geom_t *g, guint feature, double *x, double *y)
{
  gint p = tm_geom_get_largest_polygon(g, feature);
  if (p < 0)
    return FALSE;
  guint r0 = g->poly_ring[p], r1 = g->poly_ring[p + 1];
  tm_extent_t e = tm_extent_empty();
  for (guint k = g->ring_point[r0]; k < g->ring_point[r0 + 1]; k++)
    tm_extent_add_point(&e, g->xy[2 * k], g->xy[2 * k + 1]);
  double cy = (e.y0 + e.y1) / 2;
  /* Crossings of y = cy with every ring of the polygon (holes included):
   * sorted, they pair up into inside runs. */
  GArray *xs = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint r = r0; r < r1; r++) {
    const double *v = g->xy + 2 * (gsize)g->ring_point[r];
    guint n = g->ring_point[r + 1] - g->ring_point[r];
    for (guint i = 0; i + 1 < n; i++) {
      double y0 = v[2 * i + 1], y1 = v[2 * i + 3];
      if ((y0 > cy) != (y1 > cy)) {
        double t = (cy - y0) / (y1 - y0);
        double cx = v[2 * i] + t * (v[2 * i + 2] - v[2 * i]);
        g_array_append_val(xs, cx);
      }
    }
  }
  qsort(xs->data, xs->len, sizeof(double), tm_compare_doubles);
  double best = -1;
  *x = (e.x0 + e.x1) / 2;
  *y = cy;
  for (guint i = 0; i + 1 < xs->len; i += 2) {
    double a = g_array_index(xs, double, i), b = g_array_index(xs, double, i + 1);
    if (b - a > best) {
      best = b - a;
      *x = (a + b) / 2;
    }
  }
  g_array_free(xs, TRUE);
  return TRUE;
}

tm_geom_t *tm_geom_splice(const tm_geom_t *g, const gint *replacement, const tm_geom_t *r)
{
  const tm_geom_t *sources[] = {g, r};
  guint n = g->n_features;
  guint *source_of = g_new(guint, MAX(n, 1)), *feature_of = g_new(guint, MAX(n, 1));
  for (guint f = 0; f < n; f++) {
    source_of[f] = replacement[f] >= 0;
    feature_of[f] = replacement[f] >= 0 ? (guint)replacement[f] : f;
  }
  tm_geom_t *out = tm_geom_gather(sources, source_of, feature_of, n, TRUE);
  g_free(source_of);
  g_free(feature_of);
  return out;
}
