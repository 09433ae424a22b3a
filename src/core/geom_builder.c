/* Builds a tm_geom_t feature by feature, ring by ring, into growing arrays so
 * that a whole layer ends up in four flat allocations. */
#include <string.h>
#include "terrimap/core.h"

struct tm_geom_builder {
  GArray *feature_poly; /* guint32 */
  GArray *poly_ring;    /* guint32 */
  GArray *ring_point;   /* guint32 */
  tm_vec_t xy;          /* double: the points, by far the largest array, reserved exactly */
  gboolean in_polygon;
};

tm_geom_builder_t *tm_geom_builder_new(void)
{
  tm_geom_builder_t *b = g_new0(tm_geom_builder_t, 1);
  b->feature_poly = g_array_new(FALSE, FALSE, sizeof(guint32));
  b->poly_ring = g_array_new(FALSE, FALSE, sizeof(guint32));
  b->ring_point = g_array_new(FALSE, FALSE, sizeof(guint32));
  tm_vec_init(&b->xy, sizeof(double));
  return b;
}

void tm_geom_builder_free(tm_geom_builder_t *b)
{
  if (!b)
    return;
  g_array_free(b->feature_poly, TRUE);
  g_array_free(b->poly_ring, TRUE);
  g_array_free(b->ring_point, TRUE);
  tm_vec_clear(&b->xy);
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
  tm_vec_reserve(&b->xy, 2 * (gsize)n_points);
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
  memcpy(tm_vec_push(&b->xy, 2 * (gsize)n), xy, 2 * (gsize)n * sizeof(double));
  if (open)
    memcpy(tm_vec_push(&b->xy, 2), xy, 2 * sizeof(double));
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
  g->xy = tm_vec_steal(&b->xy);
  g_free(b);
  return g;
}
