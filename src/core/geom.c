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

static tm_geom_t *tm_geom_subset_copy(const tm_geom_t *g, const guint *features, guint n,
                                      gboolean copy_points)
{
  /* Two passes: count, then copy with rebased offsets, so each array is
   * allocated once. */
  guint n_polys = 0, n_rings = 0, n_points = 0;
  for (guint i = 0; i < n; i++) {
    guint f = features[i];
    guint p0 = g->feature_poly[f], p1 = g->feature_poly[f + 1];
    n_polys += p1 - p0;
    n_rings += g->poly_ring[p1] - g->poly_ring[p0];
    n_points += g->ring_point[g->poly_ring[p1]] - g->ring_point[g->poly_ring[p0]];
  }
  tm_geom_t *s = g_new0(tm_geom_t, 1);
  s->n_features = n;
  s->n_polys = n_polys;
  s->n_rings = n_rings;
  s->n_points = n_points;
  s->feature_poly = g_new(guint32, n + 1);
  s->poly_ring = g_new(guint32, n_polys + 1);
  s->ring_point = g_new(guint32, n_rings + 1);
  s->xy = g_new(double, (gsize)MAX(n_points, 1) * 2);
  guint pi = 0, ri = 0, ki = 0;
  for (guint i = 0; i < n; i++) {
    guint f = features[i];
    s->feature_poly[i] = pi;
    for (guint p = g->feature_poly[f]; p < g->feature_poly[f + 1]; p++) {
      s->poly_ring[pi++] = ri;
      for (guint r = g->poly_ring[p]; r < g->poly_ring[p + 1]; r++) {
        s->ring_point[ri++] = ki;
        guint k0 = g->ring_point[r], k1 = g->ring_point[r + 1];
        if (copy_points)
          memcpy(s->xy + 2 * (gsize)ki, g->xy + 2 * (gsize)k0, (k1 - k0) * 2 * sizeof(double));
        ki += k1 - k0;
      }
    }
  }
  s->feature_poly[n] = pi;
  s->poly_ring[n_polys] = ri;
  s->ring_point[n_rings] = ki;
  return s;
}

tm_geom_t *tm_geom_subset(const tm_geom_t *g, const guint *features, guint n)
{
  return tm_geom_subset_copy(g, features, n, TRUE);
}

tm_geom_t *tm_geom_subset_shape(const tm_geom_t *g, const guint *features, guint n)
{
  return tm_geom_subset_copy(g, features, n, FALSE);
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

tm_geom_t *tm_geom_concat(const tm_geom_t *const *parts, guint n)
{
  tm_geom_t *c = g_new0(tm_geom_t, 1);
  for (guint i = 0; i < n; i++) {
    c->n_features += parts[i]->n_features;
    c->n_polys += parts[i]->n_polys;
    c->n_rings += parts[i]->n_rings;
    c->n_points += parts[i]->n_points;
  }
  c->feature_poly = g_new(guint32, c->n_features + 1);
  c->poly_ring = g_new(guint32, c->n_polys + 1);
  c->ring_point = g_new(guint32, c->n_rings + 1);
  c->xy = g_new(double, 2 * (gsize)MAX(c->n_points, 1));
  guint fi = 0, pi = 0, ri = 0, ki = 0;
  for (guint i = 0; i < n; i++) {
    const tm_geom_t *g = parts[i];
    for (guint f = 0; f < g->n_features; f++)
      c->feature_poly[fi + f] = pi + g->feature_poly[f];
    for (guint p = 0; p < g->n_polys; p++)
      c->poly_ring[pi + p] = ri + g->poly_ring[p];
    for (guint r = 0; r < g->n_rings; r++)
      c->ring_point[ri + r] = ki + g->ring_point[r];
    memcpy(c->xy + 2 * (gsize)ki, g->xy, 2 * (gsize)g->n_points * sizeof(double));
    fi += g->n_features;
    pi += g->n_polys;
    ri += g->n_rings;
    ki += g->n_points;
  }
  c->feature_poly[fi] = pi;
  c->poly_ring[pi] = ri;
  c->ring_point[ri] = ki;
  return c;
}

tm_geom_t *tm_geom_splice(const tm_geom_t *g, const gint *replacement, const tm_geom_t *r)
{
  /* Two passes, as in tm_geom_subset: count, then copy with rebased
   * offsets, each array allocated once at its size. */
  tm_geom_t *out = g_new0(tm_geom_t, 1);
  out->n_features = g->n_features;
  for (guint f = 0; f < g->n_features; f++) {
    const tm_geom_t *src = replacement[f] >= 0 ? r : g;
    guint sf = replacement[f] >= 0 ? (guint)replacement[f] : f;
    guint p0 = src->feature_poly[sf], p1 = src->feature_poly[sf + 1];
    out->n_polys += p1 - p0;
    out->n_rings += src->poly_ring[p1] - src->poly_ring[p0];
    out->n_points += src->ring_point[src->poly_ring[p1]] - src->ring_point[src->poly_ring[p0]];
  }
  out->feature_poly = g_new(guint32, out->n_features + 1);
  out->poly_ring = g_new(guint32, out->n_polys + 1);
  out->ring_point = g_new(guint32, out->n_rings + 1);
  out->xy = g_new(double, 2 * (gsize)MAX(out->n_points, 1));
  guint pi = 0, ri = 0, ki = 0;
  for (guint f = 0; f < g->n_features; f++) {
    const tm_geom_t *src = replacement[f] >= 0 ? r : g;
    guint sf = replacement[f] >= 0 ? (guint)replacement[f] : f;
    out->feature_poly[f] = pi;
    for (guint p = src->feature_poly[sf]; p < src->feature_poly[sf + 1]; p++) {
      out->poly_ring[pi++] = ri;
      for (guint q = src->poly_ring[p]; q < src->poly_ring[p + 1]; q++) {
        out->ring_point[ri++] = ki;
        guint k0 = src->ring_point[q], k1 = src->ring_point[q + 1];
        memcpy(out->xy + 2 * (gsize)ki, src->xy + 2 * (gsize)k0, (k1 - k0) * 2 * sizeof(double));
        ki += k1 - k0;
      }
    }
  }
  out->feature_poly[out->n_features] = pi;
  out->poly_ring[pi] = ri;
  out->ring_point[ri] = ki;
  return out;
}
