/* Builds a tm_geom_t feature by feature, ring by ring, into growing arrays so
 * that a whole layer ends up in four flat allocations. */
#include <string.h>
#include "terrimap/core.h"

/* The points, by far the largest array, grow by half and can be reserved
 * exactly (GArray rounds every size up to a power of two: a commune
 * layer's 35 MB of points took 64). */
typedef struct {
  double *v;
  gsize len, cap; /* doubles */
} tm_points_t;

struct tm_geom_builder {
  GArray *feature_poly; /* guint32 */
  GArray *poly_ring;    /* guint32 */
  GArray *ring_point;   /* guint32 */
  tm_points_t xy;
  gboolean in_polygon;
};

static void tm_points_reserve(tm_points_t *p, gsize extra)
{
  if (p->cap - p->len >= extra)
    return;
  gsize cap = 0;
  if (!g_size_checked_add(&cap, p->len, extra) || cap > G_MAXSIZE / sizeof(double))
    g_error("terrimap: geometry too large for memory");
  p->v = g_renew(double, p->v, cap);
  p->cap = cap;
}

static void tm_points_append(tm_points_t *p, const double *xy, gsize n)
{
  if (p->cap - p->len < n)
    tm_points_reserve(p, MAX(n, p->len / 2 + 1024));
  memcpy(p->v + p->len, xy, n * sizeof(double));
  p->len += n;
}

tm_geom_builder_t *tm_geom_builder_new(void)
{
  tm_geom_builder_t *b = g_new0(tm_geom_builder_t, 1);
  b->feature_poly = g_array_new(FALSE, FALSE, sizeof(guint32));
  b->poly_ring = g_array_new(FALSE, FALSE, sizeof(guint32));
  b->ring_point = g_array_new(FALSE, FALSE, sizeof(guint32));
  return b;
}

void tm_geom_builder_free(tm_geom_builder_t *b)
{
  if (!b)
    return;
  g_array_free(b->feature_poly, TRUE);
  g_array_free(b->poly_ring, TRUE);
  g_array_free(b->ring_point, TRUE);
  g_free(b->xy.v);
  g_free(b);
}

void tm_array_reserve(GArray *a, guint extra)
{
  /* GArray keeps its allocation when it shrinks: growing once to the final
   * size and back reserves the room, where doubling would copy it over. */
  guint len = a->len;
  g_array_set_size(a, len + extra);
  g_array_set_size(a, len);
}

void tm_geom_builder_reserve(tm_geom_builder_t *b, guint n_features, guint n_rings,
                             guint n_points)
{
  tm_array_reserve(b->feature_poly, n_features);
  tm_array_reserve(b->poly_ring, n_rings);
  tm_array_reserve(b->ring_point, n_rings);
  tm_points_reserve(&b->xy, 2 * (gsize)n_points);
}

void tm_geom_builder_begin_feature(tm_geom_builder_t *b)
{
  guint32 first_poly = b->poly_ring->len;
  g_array_append_val(b->feature_poly, first_poly);
  b->in_polygon = FALSE;
}

void tm_geom_builder_begin_polygon(tm_geom_builder_t *b)
{
  g_return_if_fail(b->feature_poly->len > 0);
  guint32 first_ring = b->ring_point->len;
  g_array_append_val(b->poly_ring, first_ring);
  b->in_polygon = TRUE;
}

void tm_geom_builder_add_ring(tm_geom_builder_t *b, const double *xy, guint n)
{
  g_return_if_fail(b->in_polygon);
  if (n == 0)
    return;
  gboolean open = xy[0] != xy[2 * (n - 1)] || xy[1] != xy[2 * (n - 1) + 1];
  /* Coordinates are counted in a guint: 2 a point.  Readers refuse layers
   * past TM_LIMITS_VERTICES_CEILING long before this. */
  guint64 total = (guint64)b->xy.len / 2 + n + (open ? 1 : 0);
  if (total >= G_MAXUINT32 / 2)
    g_error("terrimap: geometry of more than 2 billion points");
  guint32 first_point = b->xy.len / 2;
  g_array_append_val(b->ring_point, first_point);
  tm_points_append(&b->xy, xy, 2 * (gsize)n);
  if (open)
    tm_points_append(&b->xy, xy, 2);
}

/* Growing arrays double: a layer's 9 MB of points sat in a 16 MB block
 * until the end of the run.  The block is cut to its contents. */
static gpointer tm_array_steal_exact(GArray *a, gsize element_size)
{
  gsize bytes = MAX(a->len, 1) * element_size;
  return g_realloc(g_array_free(a, FALSE), bytes);
}

static guint32 *tm_array_steal_with_end(GArray *a, guint32 end, guint *count)
{
  *count = a->len;
  g_array_append_val(a, end);
  return tm_array_steal_exact(a, sizeof(guint32));
}

tm_geom_t *tm_geom_builder_finish(tm_geom_builder_t *b)
{
  tm_geom_t *g = g_new0(tm_geom_t, 1);
  g->n_points = b->xy.len / 2;
  g->ring_point = tm_array_steal_with_end(b->ring_point, g->n_points, &g->n_rings);
  g->poly_ring = tm_array_steal_with_end(b->poly_ring, g->n_rings, &g->n_polys);
  g->feature_poly = tm_array_steal_with_end(b->feature_poly, g->n_polys, &g->n_features);
  g->xy = b->xy.len == b->xy.cap && b->xy.v ? b->xy.v : g_renew(double, b->xy.v, MAX(b->xy.len, 1));
  g_free(b);
  return g;
}
