/* Project stage, GEOS part: dissolving features into groups, adjacency of
 * features, label anchors; on tiny geometries built here, plus an optional
 * check on the real EPCI layer (TERRIMAP_DATA). */
#include <math.h>
#include <string.h>

#include "terrimap/join.h"
#include "terrimap/project.h"
#include "terrimap/style.h"
/* The internals too, to check where GEOS's messages go. */
#define TM_GEOS_INTERNAL
#include "../../src/project/geos_private.h"

typedef struct {
  tm_context_t *ctx;
  GPtrArray *warnings;
} fixture_t;

static void collect_warning(const char *message, void *user_data)
{
  g_ptr_array_add(user_data, g_strdup(message));
}

static void fixture_set_up(fixture_t *fx, gconstpointer data)
{
  fx->ctx = tm_context_new();
  fx->warnings = g_ptr_array_new_with_free_func(g_free);
  tm_context_set_log_func(fx->ctx, collect_warning, fx->warnings);
}

static void fixture_tear_down(fixture_t *fx, gconstpointer data)
{
  g_ptr_array_unref(fx->warnings);
  tm_context_free(fx->ctx);
}

/* The axis-aligned rectangle [x0, x1] x [y0, y1] as a new polygon,
 * counter-clockwise. */
static void add_rect_polygon(tm_geom_builder_t *b, double x0, double y0, double x1, double y1)
{
  const double ring[] = {x0, y0, x1, y0, x1, y1, x0, y1};
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, ring, 4);
}

static void add_rect(tm_geom_builder_t *b, double x0, double y0, double x1, double y1)
{
  tm_geom_builder_begin_feature(b);
  add_rect_polygon(b, x0, y0, x1, y1);
}

/* Unit squares: n x n grid, feature index = row * n + column, row 0 at y 0. */
static tm_geom_t *make_grid(guint n)
{
  tm_geom_builder_t *b = tm_geom_builder_new();
  for (guint row = 0; row < n; row++)
    for (guint col = 0; col < n; col++)
      add_rect(b, col, row, col + 1, row + 1);
  return tm_geom_builder_finish(b);
}

static double ring_area(const tm_geom_t *g, guint ring)
{
  guint k0 = g->ring_point[ring], k1 = g->ring_point[ring + 1];
  return tm_ring_signed_area(g->xy + 2 * (gsize)k0, k1 - k0);
}

/* Filled area of a feature: exteriors minus holes. */
static double feature_area(const tm_geom_t *g, guint feature)
{
  double area = 0;
  for (guint p = g->feature_poly[feature]; p < g->feature_poly[feature + 1]; p++)
    for (guint r = g->poly_ring[p]; r < g->poly_ring[p + 1]; r++)
      area += (r == g->poly_ring[p] ? 1 : -1) * fabs(ring_area(g, r));
  return area;
}

static guint feature_polys(const tm_geom_t *g, guint feature)
{
  return g->feature_poly[feature + 1] - g->feature_poly[feature];
}

static void test_dissolve_rows(fixture_t *fx, gconstpointer data)
{
  tm_geom_t *grid = make_grid(2);
  const gint group[] = {0, 0, 1, 1};
  GError *error = NULL;
  tm_geom_t *d = tm_geom_dissolve(fx->ctx, grid, group, 2, &error);
  g_assert_no_error(error);
  g_assert_nonnull(d);
  g_assert_cmpuint(d->n_features, ==, 2);
  for (guint f = 0; f < 2; f++) {
    g_assert_cmpuint(feature_polys(d, f), ==, 1);
    guint p = d->feature_poly[f];
    g_assert_cmpuint(d->poly_ring[p + 1] - d->poly_ring[p], ==, 1);
    guint r = d->poly_ring[p];
    /* 4 corners + closing point: the shared edge and its end vertices are
     * gone, not kept as a seam. */
    g_assert_cmpuint(d->ring_point[r + 1] - d->ring_point[r], ==, 5);
    g_assert_cmpfloat_with_epsilon(ring_area(d, r), -2.0, 1e-12); /* clockwise */
    tm_extent_t e = tm_geom_get_feature_extent(d, f);
    g_assert_cmpfloat(e.x0, ==, 0);
    g_assert_cmpfloat(e.x1, ==, 2);
    g_assert_cmpfloat(e.y0, ==, f);
    g_assert_cmpfloat(e.y1, ==, f + 1);
  }
  g_assert_cmpuint(fx->warnings->len, ==, 0);
  tm_geom_free(d);
  tm_geom_free(grid);
}

/* A 3x3 grid: the ring of 8 squares around the centre keeps the centre as a
 * hole; the centre alone is group 1; group 2 gets nothing. */
static void test_dissolve_hole(fixture_t *fx, gconstpointer data)
{
  tm_geom_t *grid = make_grid(3);
  const gint group[] = {0, 0, 0, 0, 1, 0, 0, 0, 0};
  GError *error = NULL;
  tm_geom_t *d = tm_geom_dissolve(fx->ctx, grid, group, 3, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(d->n_features, ==, 3);
  g_assert_cmpuint(feature_polys(d, 0), ==, 1);
  guint p = d->feature_poly[0];
  g_assert_cmpuint(d->poly_ring[p + 1] - d->poly_ring[p], ==, 2);
  g_assert_cmpfloat_with_epsilon(ring_area(d, d->poly_ring[p]), -9.0, 1e-12);
  g_assert_cmpfloat_with_epsilon(ring_area(d, d->poly_ring[p] + 1), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon(feature_area(d, 0), 8.0, 1e-12);
  g_assert_false(tm_geom_feature_contains(d, 0, 1.5, 1.5));
  g_assert_true(tm_geom_feature_contains(d, 0, 0.5, 1.5));
  g_assert_cmpuint(feature_polys(d, 1), ==, 1);
  g_assert_cmpfloat_with_epsilon(feature_area(d, 1), 1.0, 1e-12);
  g_assert_true(tm_geom_feature_contains(d, 1, 1.5, 1.5));
  g_assert_cmpuint(feature_polys(d, 2), ==, 0);
  tm_geom_free(d);
  tm_geom_free(grid);
}

static void test_dissolve_ungrouped(fixture_t *fx, gconstpointer data)
{
  tm_geom_t *grid = make_grid(2);
  const gint group[] = {-1, 0, -1, 0};
  GError *error = NULL;
  tm_geom_t *d = tm_geom_dissolve(fx->ctx, grid, group, 1, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(d->n_features, ==, 1);
  g_assert_cmpuint(feature_polys(d, 0), ==, 1);
  g_assert_cmpfloat_with_epsilon(feature_area(d, 0), 2.0, 1e-12);
  tm_extent_t e = tm_geom_get_feature_extent(d, 0);
  g_assert_cmpfloat(e.x0, ==, 1);
  g_assert_cmpfloat(e.x1, ==, 2);
  g_assert_cmpfloat(e.y1, ==, 2);
  tm_geom_free(d);
  tm_geom_free(grid);
}

static void test_dissolve_bad_group(fixture_t *fx, gconstpointer data)
{
  tm_geom_t *grid = make_grid(2);
  const gint group[] = {0, 1, 2, 0};
  GError *error = NULL;
  g_assert_null(tm_geom_dissolve(fx->ctx, grid, group, 2, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_assert_cmpstr(error->message, ==, "dissolve: feature 2: group 2 (expected -1 or 0..1)");
  g_error_free(error);
  tm_geom_free(grid);
}

/* Two disjoint members stay two polygons; a feature without a polygon adds
 * nothing. */
static void test_dissolve_disjoint_and_null(fixture_t *fx, gconstpointer data)
{
  tm_geom_builder_t *b = tm_geom_builder_new();
  add_rect(b, 0, 0, 1, 1);
  tm_geom_builder_begin_feature(b); /* null shape */
  add_rect(b, 5, 5, 6, 7);
  tm_geom_t *g = tm_geom_builder_finish(b);
  const gint group[] = {0, 0, 0};
  GError *error = NULL;
  tm_geom_t *d = tm_geom_dissolve(fx->ctx, g, group, 1, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(feature_polys(d, 0), ==, 2);
  g_assert_cmpfloat_with_epsilon(feature_area(d, 0), 3.0, 1e-12);
  tm_geom_free(d);
  tm_geom_free(g);
}

/* A self-intersecting ring (a bow tie) is repaired into its two triangles,
 * counted in a warning. */
static void test_dissolve_bow_tie(fixture_t *fx, gconstpointer data)
{
  const double bow[] = {0, 0, 2, 2, 2, 0, 0, 2};
  tm_geom_builder_t *b = tm_geom_builder_new();
  tm_geom_builder_begin_feature(b);
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, bow, 4);
  tm_geom_t *g = tm_geom_builder_finish(b);
  const gint group[] = {0};
  GError *error = NULL;
  tm_geom_t *d = tm_geom_dissolve(fx->ctx, g, group, 1, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(d->n_features, ==, 1);
  g_assert_cmpuint(feature_polys(d, 0), ==, 2);
  g_assert_cmpfloat_with_epsilon(feature_area(d, 0), 2.0, 1e-12);
  g_assert_true(tm_geom_feature_contains(d, 0, 1.8, 1.0));
  g_assert_true(tm_geom_feature_contains(d, 0, 0.2, 1.0));
  g_assert_false(tm_geom_feature_contains(d, 0, 1.0, 0.2));
  g_assert_cmpuint(fx->warnings->len, ==, 1);
  const char *w = g_ptr_array_index(fx->warnings, 0);
  g_assert_true(g_str_has_prefix(w, "dissolve: 1 invalid polygon repaired (first: feature 0: "));
  g_assert_nonnull(strstr(w, "Self-intersection"));
  tm_geom_free(d);
  /* A frame's features name their layer's records (here feature 0 is the
   * layer's record 4508). */
  const guint record[] = {4507};
  d = tm_geom_dissolve_records(fx->ctx, g, group, 1, record, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(fx->warnings->len, ==, 2);
  w = g_ptr_array_index(fx->warnings, 1);
  g_assert_true(g_str_has_prefix(w, "dissolve: 1 invalid polygon repaired (first: record 4508: "));
  tm_geom_free(d);
  tm_geom_free(g);
}

/* Many groups, dissolved on every core: each group's result is the one it
 * gets dissolved alone, and the repairs are counted over all of them, the
 * first reported the first in feature order (feature 5, in group 30),
 * not in the order workers finish or groups are numbered (feature 9 is in
 * group 2). */
static void test_dissolve_many_groups(fixture_t *fx, gconstpointer data)
{
  const guint n = 12, n_groups = 40;
  tm_geom_builder_t *b = tm_geom_builder_new();
  gint group[12 * 12];
  for (guint f = 0; f < n * n; f++) {
    double x = f % n, y = f / n;
    tm_geom_builder_begin_feature(b);
    if (f == 5 || f == 9) { /* a bow tie over the cell */
      const double bow[] = {x, y, x + 1, y + 1, x + 1, y, x, y + 1};
      tm_geom_builder_begin_polygon(b);
      tm_geom_builder_add_ring(b, bow, 4);
    } else {
      add_rect_polygon(b, x, y, x + 1, y + 1);
    }
    group[f] = (gint)((f * 7) % n_groups); /* scattered members */
  }
  group[5] = 30;
  group[9] = 2;
  tm_geom_t *g = tm_geom_builder_finish(b);
  GError *error = NULL;
  tm_geom_t *all = tm_geom_dissolve(fx->ctx, g, group, n_groups, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(all->n_features, ==, n_groups);
  g_assert_cmpuint(fx->warnings->len, ==, 1);
  const char *w = g_ptr_array_index(fx->warnings, 0);
  g_assert_true(g_str_has_prefix(w, "dissolve: 2 invalid polygons repaired (first: feature 5: "));
  double total = 0;
  for (guint k = 0; k < n_groups; k++) {
    gint alone[12 * 12];
    for (guint f = 0; f < n * n; f++)
      alone[f] = group[f] == (gint)k ? 0 : -1;
    tm_geom_t *one = tm_geom_dissolve(fx->ctx, g, alone, 1, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(feature_polys(all, k), ==, feature_polys(one, 0));
    g_assert_cmpfloat_with_epsilon(feature_area(all, k), feature_area(one, 0), 1e-9);
    guint a0 = all->ring_point[all->poly_ring[all->feature_poly[k]]];
    guint a1 = all->ring_point[all->poly_ring[all->feature_poly[k + 1]]];
    g_assert_cmpuint(a1 - a0, ==, one->n_points);
    g_assert_cmpmem(all->xy + 2 * (gsize)a0, (a1 - a0) * 16, one->xy, one->n_points * 16);
    total += feature_area(all, k);
    tm_geom_free(one);
  }
  /* Every cell once; a bow tie's two triangles are half of it. */
  g_assert_cmpfloat_with_epsilon(total, n * n - 2 * 0.5, 1e-9);
  tm_geom_free(all);
  tm_geom_free(g);
}

/* Three features: a square, a bow tie, a square; the same bow tie at x + 10. */
static tm_geom_t *make_square_bow_square(void)
{
  const double bow[] = {10, 0, 12, 2, 12, 0, 10, 2};
  tm_geom_builder_t *b = tm_geom_builder_new();
  add_rect(b, 0, 0, 1, 1);
  tm_geom_builder_begin_feature(b);
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, bow, 4);
  add_rect(b, 20, 0, 21, 1);
  return tm_geom_builder_finish(b);
}

/* The check run beside other work flags exactly the invalid feature. */
static void test_validity_check(fixture_t *fx, gconstpointer data)
{
  tm_geom_t *g = make_square_bow_square();
  tm_validity_check_t *check = tm_validity_check_start(fx->ctx, g);
  gboolean any = FALSE;
  guint8 *invalid = tm_validity_check_finish(check, &any);
  g_assert_true(any);
  g_assert_cmpuint(invalid[0], ==, 0);
  g_assert_cmpuint(invalid[1], ==, 1);
  g_assert_cmpuint(invalid[2], ==, 0);
  g_free(invalid);

  /* A valid geometry: nothing flagged. */
  tm_geom_t *grid = make_grid(3);
  invalid = tm_validity_check_finish(tm_validity_check_start(fx->ctx, grid), &any);
  g_assert_false(any);
  for (guint f = 0; f < 9; f++)
    g_assert_cmpuint(invalid[f], ==, 0);
  g_free(invalid);
  tm_geom_free(grid);
  tm_geom_free(g);
}

/* Repairs come on the side: the bow tie's two triangles as feature 0 of
 * the repairs, the layer itself untouched. */
static void test_repair_flagged(fixture_t *fx, gconstpointer data)
{
  tm_geom_t *g = make_square_bow_square();
  tm_geom_t *repairs = NULL;
  gint *replacement = NULL;
  guint n_repaired = 0;
  gint first = -1;
  char *reason = NULL;
  GError *error = NULL;
  const guint8 invalid[] = {0, 1, 0};
  g_assert_true(tm_geom_repair_flagged(fx->ctx, g, invalid, &repairs, &replacement, &n_repaired,
                                       &first, &reason, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(n_repaired, ==, 1);
  g_assert_cmpint(first, ==, 1);
  g_assert_nonnull(strstr(reason, "Self-intersection[11 1]"));
  g_assert_cmpint(replacement[0], ==, -1);
  g_assert_cmpint(replacement[1], ==, 0);
  g_assert_cmpint(replacement[2], ==, -1);
  g_assert_cmpuint(feature_polys(repairs, 0), ==, 2);
  g_assert_cmpfloat_with_epsilon(feature_area(repairs, 0), 2.0, 1e-12);
  g_assert_cmpuint(g->n_points, ==, 15); /* 5 + 5 + 5: as it was */

  /* Spliced in by tm_geom_make_valid: feature 1 replaced, the others kept. */
  g_free(reason);
  g_assert_true(tm_geom_make_valid(fx->ctx, &g, &n_repaired, &first, &reason, &error));
  g_assert_cmpuint(g->n_features, ==, 3);
  g_assert_cmpuint(feature_polys(g, 1), ==, 2);
  g_assert_cmpfloat_with_epsilon(feature_area(g, 0), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon(feature_area(g, 1), 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon(feature_area(g, 2), 1.0, 1e-12);

  /* Nothing invalid any more: the geometry is kept as it is. */
  const tm_geom_t *before = g;
  g_free(reason);
  g_assert_true(tm_geom_make_valid(fx->ctx, &g, &n_repaired, &first, &reason, &error));
  g_assert_true(g == before);
  g_assert_cmpuint(n_repaired, ==, 0);
  g_assert_cmpint(first, ==, -1);
  g_assert_null(reason);
  tm_geom_free(repairs);
  g_free(replacement);
  tm_geom_free(g);
}

static void test_adjacency_grid(fixture_t *fx, gconstpointer data)
{
  tm_geom_t *grid = make_grid(2);
  GError *error = NULL;
  guint n = 99;
  guint *pairs = tm_geom_adjacency(fx->ctx, grid, 0, &n, &error);
  g_assert_no_error(error);
  /* (0,3) and (1,2) touch only at the centre point: still neighbours. */
  const guint expected[] = {0, 1, 0, 2, 0, 3, 1, 2, 1, 3, 2, 3};
  g_assert_cmpuint(n, ==, 6);
  g_assert_cmpmem(pairs, 2 * n * sizeof(guint), expected, sizeof expected);
  g_free(pairs);
  tm_geom_free(grid);
}

static void test_adjacency_gap(fixture_t *fx, gconstpointer data)
{
  tm_geom_builder_t *b = tm_geom_builder_new();
  add_rect(b, 0, 0, 1, 1);
  tm_geom_builder_begin_feature(b); /* null shape: never a neighbour */
  add_rect(b, 1.01, 0, 2.01, 1);
  add_rect(b, 5, 5, 6, 6);
  tm_geom_t *g = tm_geom_builder_finish(b);
  GError *error = NULL;
  guint n = 99;
  guint *pairs = tm_geom_adjacency(fx->ctx, g, 0, &n, &error);
  g_assert_no_error(error);
  g_assert_nonnull(pairs);
  g_assert_cmpuint(n, ==, 0);
  g_free(pairs);
  pairs = tm_geom_adjacency(fx->ctx, g, 0.02, &n, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(n, ==, 1);
  g_assert_cmpuint(pairs[0], ==, 0);
  g_assert_cmpuint(pairs[1], ==, 2);
  g_free(pairs);
  g_assert_null(tm_geom_adjacency(fx->ctx, g, -1, &n, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_assert_cmpstr(error->message, ==, "adjacency: tolerance -1 (expected a finite number >= 0)");
  g_clear_error(&error);
  tm_geom_free(g);
}

static void test_anchor_l_shape(fixture_t *fx, gconstpointer data)
{
  const double l_shape[] = {0, 0, 3, 0, 3, 1, 1, 1, 1, 3, 0, 3};
  tm_geom_builder_t *b = tm_geom_builder_new();
  tm_geom_builder_begin_feature(b);
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, l_shape, 6);
  tm_geom_t *g = tm_geom_builder_finish(b);
  double x = NAN, y = NAN, r = 0;
  g_assert_true(tm_geom_label_anchor(fx->ctx, g, 0, 0, &x, &y, &r));
  /* The centroid (1.1, 1.1) is outside; the anchor must not be. */
  g_assert_true(tm_geom_feature_contains(g, 0, x, y));
  /* The widest place is the corner square, the circle touching both outer
   * walls and the inner corner (1, 1): radius c with sqrt(2) (1 - c) = c. */
  double c = G_SQRT2 / (1 + G_SQRT2);
  g_assert_cmpfloat(r, >, c - 0.02);
  g_assert_cmpfloat(r, <=, c + 1e-9);
  g_assert_cmpfloat(fabs(x - c), <, 0.02);
  g_assert_cmpfloat(fabs(y - c), <, 0.02);
  g_assert_false(tm_geom_label_anchor(fx->ctx, g, 1, 0, &x, &y, &r)); /* no such feature */
  tm_geom_free(g);
}

static void test_anchor_largest_part(fixture_t *fx, gconstpointer data)
{
  tm_geom_builder_t *b = tm_geom_builder_new();
  tm_geom_builder_begin_feature(b);
  add_rect_polygon(b, 20, 20, 21, 21);
  add_rect_polygon(b, 0, 0, 10, 10);
  tm_geom_builder_begin_feature(b); /* no polygon */
  tm_geom_t *g = tm_geom_builder_finish(b);
  double x, y, r;
  g_assert_true(tm_geom_label_anchor(fx->ctx, g, 0, 0.01, &x, &y, &r));
  g_assert_cmpfloat(fabs(x - 5), <, 0.02);
  g_assert_cmpfloat(fabs(y - 5), <, 0.02);
  g_assert_cmpfloat(fabs(r - 5), <, 0.02);
  g_assert_false(tm_geom_label_anchor(fx->ctx, g, 1, 0, &x, &y, &r));
  g_assert_cmpuint(fx->warnings->len, ==, 0);
  tm_geom_free(g);
}

/* GEOS reports errors through a callback; the message must land in the
 * failing context's GError, and not in another context's. */
static void test_context_error_message(fixture_t *fx, gconstpointer data)
{
  tm_context_t *other = tm_context_new();
  tm_geos_t *g = tm_geos_get(fx->ctx), *h = tm_geos_get(other);
  g_assert_true(g == tm_geos_get(fx->ctx));
  g_assert_true(g != h);
  GEOSWKTReader *reader = GEOSWKTReader_create_r(g->handle);
  g_assert_null(GEOSWKTReader_read_r(g->handle, reader, "POLYGON((0 0, 1 1))"));
  GEOSWKTReader_destroy_r(g->handle, reader);
  GError *error = NULL;
  tm_geos_set_error(g, &error, "test.shp: record 3");
  g_assert_error(error, TM_ERROR, TM_ERROR_FORMAT);
  g_assert_true(g_str_has_prefix(error->message, "test.shp: record 3: GEOS: "));
  g_assert_nonnull(strstr(error->message, "LinearRing"));
  g_clear_error(&error);
  tm_geos_set_error(h, &error, "other");
  g_assert_cmpstr(error->message, ==, "other: GEOS: unknown error");
  g_clear_error(&error);
  tm_geos_clear_error(g);
  tm_geos_set_error(g, &error, "cleared");
  g_assert_cmpstr(error->message, ==, "cleared: GEOS: unknown error");
  g_clear_error(&error);
  tm_context_free(other);
}

/* ---- real data: the 2023-2027 Territoires d'industrie on the generalised
 * EPCI layer, projected into the default style's frames ---- */

typedef struct {
  tm_layer_t *layer;
  tm_style_t *style;
  tm_projection_t *projection;
  tm_table_t *table;
  tm_join_t *join;
  GHashTable *territory; /* id_ti -> index + 1 */
  guint n_territories;
} real_data_t;

static gboolean real_data_load(tm_context_t *ctx, real_data_t *rd)
{
  const char *dir = g_getenv("TERRIMAP_DATA");
  char *shp = dir ? g_build_filename(dir, "epci", "epci_2025_generalise_4326.shp", NULL) : NULL;
  char *csv = dir ? g_build_filename(dir, "labels", "ti_2023_2027_epci.csv", NULL) : NULL;
  gboolean present = shp && g_file_test(shp, G_FILE_TEST_EXISTS) && g_file_test(csv, G_FILE_TEST_EXISTS);
  if (!present) {
    g_free(shp);
    g_free(csv);
    return FALSE;
  }
  GError *error = NULL;
  rd->layer = tm_layer_read(ctx, shp, NULL, &error);
  g_assert_no_error(error);
  rd->style = tm_style_load(NULL, &error);
  g_assert_no_error(error);
  rd->projection = tm_project_layer(ctx, rd->layer, rd->style->frames, rd->style->n_frames, &error);
  g_assert_no_error(error);
  rd->table = tm_table_read(ctx, csv, &error);
  g_assert_no_error(error);
  rd->join = tm_join_new(ctx, rd->layer, "CODE_SIREN", rd->table, "siren_epci", &error);
  g_assert_no_error(error);
  gint id = tm_table_find_column(rd->table, "id_ti");
  g_assert_cmpint(id, >=, 0);
  rd->territory = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint row = 0; row < rd->table->n_rows; row++) {
    const char *ti = tm_table_get(rd->table, row, id);
    if (!g_hash_table_contains(rd->territory, ti))
      g_hash_table_insert(rd->territory, (gpointer)ti, GUINT_TO_POINTER(++rd->n_territories));
  }
  g_free(shp);
  g_free(csv);
  return TRUE;
}

static void real_data_clear(real_data_t *rd)
{
  if (rd->territory)
    g_hash_table_unref(rd->territory);
  tm_join_free(rd->join);
  tm_table_free(rd->table);
  tm_projection_free(rd->projection);
  tm_style_free(rd->style);
  tm_layer_free(rd->layer);
}

/* The territory of each feature of a frame, or -1. */
static gint *frame_groups(const real_data_t *rd, const tm_frame_t *frame)
{
  gint id = tm_table_find_column(rd->table, "id_ti");
  gint *group = g_new(gint, MAX(frame->n_features, 1));
  for (guint i = 0; i < frame->n_features; i++) {
    gint row = rd->join->feature_row[frame->features[i]];
    group[i] = row < 0 ? -1
                       : (gint)GPOINTER_TO_UINT(g_hash_table_lookup(
                             rd->territory, tm_table_get(rd->table, row, id))) - 1;
  }
  return group;
}

static void test_real_territories(fixture_t *fx, gconstpointer data)
{
  real_data_t rd = {0};
  if (!real_data_load(fx->ctx, &rd)) {
    g_test_skip("TERRIMAP_DATA with epci/ and labels/ is absent");
    return;
  }
  gboolean *seen = g_new0(gboolean, rd.n_territories);
  guint n_seen = 0;
  for (guint f = 0; f < rd.projection->n_frames; f++) {
    const tm_frame_t *frame = &rd.projection->frames[f];
    gint *group = frame_groups(&rd, frame);
    GError *error = NULL;
    gint64 t0 = g_get_monotonic_time();
    tm_geom_t *d = tm_geom_dissolve(fx->ctx, frame->geom, group, rd.n_territories, &error);
    gint64 t1 = g_get_monotonic_time();
    g_assert_no_error(error);
    g_assert_cmpuint(d->n_features, ==, rd.n_territories);
    guint n_pairs = 0;
    guint *pairs = tm_geom_adjacency(fx->ctx, d, 0, &n_pairs, &error);
    gint64 t2 = g_get_monotonic_time();
    g_assert_no_error(error);
    g_test_message("frame %s: %u features, dissolve %.3f s, adjacency %.3f s (%u pairs)",
                   frame->name, frame->n_features, (t1 - t0) / 1e6, (t2 - t1) / 1e6, n_pairs);
    for (guint k = 0; k < rd.n_territories; k++) {
      if (feature_polys(d, k) == 0)
        continue;
      if (!seen[k]) {
        seen[k] = TRUE;
        n_seen++;
      }
      double x, y, r;
      g_assert_true(tm_geom_label_anchor(fx->ctx, d, k, 0, &x, &y, &r));
      g_assert_true(tm_geom_feature_contains(d, k, x, y));
      g_assert_cmpfloat(r, >, 0);
    }
    for (guint i = 0; i < n_pairs; i++) {
      g_assert_cmpuint(pairs[2 * i], <, pairs[2 * i + 1]);
      g_assert_cmpuint(feature_polys(d, pairs[2 * i]), >, 0);
    }
    g_free(pairs);
    tm_geom_free(d);
    g_free(group);
  }
  /* 183 territories in the list; 2 have no EPCI member (only EPT or
   * communes), so 181 get an outline. */
  g_assert_cmpuint(rd.n_territories, ==, 183);
  g_assert_cmpuint(n_seen, ==, 181);
  g_assert_cmpuint(fx->warnings->len, ==, 0);
  g_free(seen);
  real_data_clear(&rd);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, fixture_t, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("/geos/dissolve/rows", test_dissolve_rows);
  ADD("/geos/dissolve/hole", test_dissolve_hole);
  ADD("/geos/dissolve/many-groups", test_dissolve_many_groups);
  ADD("/geos/dissolve/ungrouped", test_dissolve_ungrouped);
  ADD("/geos/dissolve/bad-group", test_dissolve_bad_group);
  ADD("/geos/dissolve/disjoint-and-null", test_dissolve_disjoint_and_null);
  ADD("/geos/dissolve/bow-tie", test_dissolve_bow_tie);
  ADD("/geos/validity/check", test_validity_check);
  ADD("/geos/validity/repair-flagged", test_repair_flagged);
  ADD("/geos/adjacency/grid", test_adjacency_grid);
  ADD("/geos/adjacency/gap", test_adjacency_gap);
  ADD("/geos/anchor/l-shape", test_anchor_l_shape);
  ADD("/geos/anchor/largest-part", test_anchor_largest_part);
  ADD("/geos/context/error-message", test_context_error_message);
  ADD("/geos/real/territories", test_real_territories);
  return g_test_run();
}
