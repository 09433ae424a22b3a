/* Which ring of a shapefile record is an exterior and which a hole, and of
 * which exterior.  The shapefile spec says exteriors are clockwise and holes
 * counter-clockwise, and a record lists them in any order; writers that
 * ignore the orientation rule exist, so orientation is read from the data and
 * nesting decides when a record has no clockwise ring at all, or when the
 * orientation leaves a hole outside every exterior. */
#include <math.h>
#include "read_private.h"

/* Crossing-number test; a point on the boundary may land either way, which
 * tm_ring_inside absorbs by voting. */
static gboolean tm_point_in_ring(const double *xy, const tm_ring_info_t *ring, double x, double y)
{
  const double *p = xy + 2 * (gsize)ring->start;
  gboolean inside = FALSE;
  for (guint i = 0, j = ring->n - 1; i < ring->n; j = i++) {
    double xi = p[2 * i], yi = p[2 * i + 1], xj = p[2 * j], yj = p[2 * j + 1];
    if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
      inside = !inside;
  }
  return inside;
}

/* TRUE when inner lies inside outer.  A hole may touch its exterior at a
 * vertex, so one vertex is not enough: an odd number of vertices spread over
 * the ring vote. */
static gboolean tm_ring_inside(const double *xy, const tm_ring_info_t *outer,
                               const tm_ring_info_t *inner)
{
  const tm_extent_t *o = &outer->extent, *i = &inner->extent;
  if (i->x0 < o->x0 || i->x1 > o->x1 || i->y0 < o->y0 || i->y1 > o->y1)
    return FALSE;
  guint distinct = inner->n - 1; /* the closing point repeats the first */
  guint samples = MIN(distinct, 5u);
  if (samples % 2 == 0)
    samples--;
  guint votes = 0;
  for (guint s = 0; s < samples; s++) {
    gsize k = inner->start + (gsize)s * distinct / samples;
    if (tm_point_in_ring(xy, outer, xy[2 * k], xy[2 * k + 1]))
      votes++;
  }
  return votes * 2 > samples;
}

static void tm_rings_classify_by_nesting(const double *xy, tm_ring_info_t *rings, guint n)
{
  for (guint i = 0; i < n; i++) {
    guint depth = 0;
    for (guint j = 0; j < n; j++)
      if (j != i && tm_ring_inside(xy, &rings[j], &rings[i]))
        depth++;
    rings[i].hole = depth % 2 == 1;
  }
}

/* Gives each hole the smallest exterior containing it; FALSE when some hole
 * lies in no exterior (it is left with parent -1). */
static gboolean tm_rings_assign_holes(const double *xy, tm_ring_info_t *rings, guint n)
{
  gboolean all_placed = TRUE;
  for (guint i = 0; i < n; i++) {
    rings[i].parent = -1;
    if (!rings[i].hole)
      continue;
    double best = INFINITY;
    for (guint j = 0; j < n; j++) {
      double area = fabs(rings[j].area);
      if (!rings[j].hole && area < best && tm_ring_inside(xy, &rings[j], &rings[i])) {
        best = area;
        rings[i].parent = (gint)j;
      }
    }
    if (rings[i].parent < 0)
      all_placed = FALSE;
  }
  return all_placed;
}

static void tm_rings_classify(const double *xy, tm_ring_info_t *rings, guint n)
{
  gboolean any_clockwise = FALSE;
  for (guint i = 0; i < n; i++)
    if (rings[i].area < 0)
      any_clockwise = TRUE;
  if (any_clockwise) {
    for (guint i = 0; i < n; i++)
      rings[i].hole = rings[i].area > 0;
    if (tm_rings_assign_holes(xy, rings, n))
      return;
  }
  /* No clockwise ring, or a counter-clockwise one inside no clockwise one
   * (a writer that reversed every ring): the nesting says what the
   * orientation does not. */
  tm_rings_classify_by_nesting(xy, rings, n);
  if (tm_rings_assign_holes(xy, rings, n))
    return;
  /* A hole inside no exterior can only come from rings that overlap
   * oddly; keeping it as an exterior keeps its area on the map. */
  for (guint i = 0; i < n; i++)
    if (rings[i].hole && rings[i].parent < 0)
      rings[i].hole = FALSE;
}

/* Past TM_RINGS_NESTING_MAX rings the file order decides: a clockwise ring
 * is an exterior and each counter-clockwise one a hole of the exterior
 * before it, the order shapefile writers use.  Linear, where nesting is
 * quadratic: 300,000 rings in one record (a 25 MB file) took hours. */
static void tm_rings_classify_in_order(tm_ring_info_t *rings, guint n)
{
  /* Without any clockwise ring the writer reversed them all: all exteriors. */
  gboolean any_clockwise = FALSE;
  for (guint i = 0; i < n; i++)
    any_clockwise = any_clockwise || rings[i].area < 0;
  gint exterior = -1;
  for (guint i = 0; i < n; i++) {
    rings[i].hole = any_clockwise && rings[i].area > 0 && exterior >= 0;
    rings[i].parent = rings[i].hole ? exterior : -1;
    if (!rings[i].hole)
      exterior = (gint)i;
  }
}

gboolean tm_rings_add_polygons(tm_geom_builder_t *b, const double *xy, tm_ring_info_t *rings,
                               guint n)
{
  gboolean nested = n <= TM_RINGS_NESTING_MAX;
  if (n == 0)
    return TRUE;
  if (n == 1) {
    rings[0].hole = FALSE;
    rings[0].parent = -1;
  } else if (nested) {
    tm_rings_classify(xy, rings, n);
  } else {
    tm_rings_classify_in_order(rings, n);
  }
  /* Each exterior's holes as a list in ring order, so that emitting them
   * stays linear in the number of rings. */
  gint *first_hole = g_new(gint, n), *next_hole = g_new(gint, n);
  for (guint i = 0; i < n; i++)
    first_hole[i] = -1;
  for (guint i = n; i-- > 0;) {
    if (rings[i].hole && rings[i].parent >= 0) {
      next_hole[i] = first_hole[rings[i].parent];
      first_hole[rings[i].parent] = (gint)i;
    }
  }
  for (guint j = 0; j < n; j++) {
    if (rings[j].hole)
      continue;
    tm_geom_builder_begin_polygon(b);
    tm_geom_builder_add_ring(b, xy + 2 * (gsize)rings[j].start, rings[j].n);
    for (gint i = first_hole[j]; i >= 0; i = next_hole[i])
      tm_geom_builder_add_ring(b, xy + 2 * (gsize)rings[i].start, rings[i].n);
  }
  g_free(first_hole);
  g_free(next_hole);
  return nested;
}
