/* Core: colours, extents, flat geometry, the drawing list and the context. */
#include <math.h>
#include <string.h>

#include "terrimap/core.h"
#include "terrimap/drawing.h"

/* ---- colours ---- */

static void assert_rgba(const tm_rgba_t *c, double r, double g, double b, double a)
{
  g_assert_cmpfloat_with_epsilon(c->r, r, 1e-9);
  g_assert_cmpfloat_with_epsilon(c->g, g, 1e-9);
  g_assert_cmpfloat_with_epsilon(c->b, b, 1e-9);
  g_assert_cmpfloat_with_epsilon(c->a, a, 1e-9);
}

static void test_rgba_parse_forms(void)
{
  tm_rgba_t c;
  g_assert_true(tm_rgba_parse("#f0a", &c));
  assert_rgba(&c, 1, 0, 170 / 255.0, 1);
  g_assert_true(tm_rgba_parse("#293173", &c));
  assert_rgba(&c, 0x29 / 255.0, 0x31 / 255.0, 0x73 / 255.0, 1);
  g_assert_true(tm_rgba_parse("#FFFFFF80", &c));
  assert_rgba(&c, 1, 1, 1, 0x80 / 255.0);
  g_assert_true(tm_rgba_parse("  #000000  ", &c));
  assert_rgba(&c, 0, 0, 0, 1);
  g_assert_true(tm_rgba_parse("none", &c));
  assert_rgba(&c, 0, 0, 0, 0);
  g_assert_true(tm_rgba_parse("NONE", &c));
  assert_rgba(&c, 0, 0, 0, 0);
}

static void test_rgba_parse_bad(void)
{
  const char *bad[] = {"", "#", "#12", "#1234", "#12345", "#1234567", "#123456789", "#gggggg",
                       "#12345g", "red", "293173", "nonex", "# 12345"};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    tm_rgba_t c = {0.5, 0.5, 0.5, 0.5};
    if (tm_rgba_parse(bad[i], &c))
      g_error("tm_rgba_parse accepted \"%s\"", bad[i]);
    /* A rejected colour leaves the output alone. */
    assert_rgba(&c, 0.5, 0.5, 0.5, 0.5);
  }
  tm_rgba_t c;
  g_assert_false(tm_rgba_parse(NULL, &c));
}

static void test_rgba_to_hex(void)
{
  char buf[8];
  tm_rgba_t c;
  g_assert_true(tm_rgba_parse("#293173", &c));
  tm_rgba_to_hex(&c, buf);
  g_assert_cmpstr(buf, ==, "#293173");
  g_assert_true(tm_rgba_parse("#ABCDEF40", &c));
  tm_rgba_to_hex(&c, buf);
  g_assert_cmpstr(buf, ==, "#abcdef"); /* alpha dropped, lower case */
  tm_rgba_t out_of_range = {-0.5, 2.0, NAN, 1};
  tm_rgba_to_hex(&out_of_range, buf);
  g_assert_cmpstr(buf, ==, "#00ff00");
}

/* ---- extents ---- */

static void test_extent(void)
{
  tm_extent_t e = tm_extent_empty();
  g_assert_true(tm_extent_is_empty(&e));
  g_assert_false(tm_extent_contains(&e, 0, 0));

  tm_extent_add_point(&e, 2, 3);
  g_assert_false(tm_extent_is_empty(&e)); /* a single point is a degenerate, non-empty extent */
  g_assert_true(tm_extent_contains(&e, 2, 3));
  g_assert_false(tm_extent_contains(&e, 2, 3.0001));

  tm_extent_add_point(&e, -1, 10);
  g_assert_cmpfloat(e.x0, ==, -1);
  g_assert_cmpfloat(e.y0, ==, 3);
  g_assert_cmpfloat(e.x1, ==, 2);
  g_assert_cmpfloat(e.y1, ==, 10);
  g_assert_true(tm_extent_contains(&e, 0, 5));
  g_assert_true(tm_extent_contains(&e, -1, 10)); /* edges belong to the extent */
  g_assert_false(tm_extent_contains(&e, 3, 5));
  g_assert_false(tm_extent_contains(&e, 0, 2));

  tm_extent_t empty = tm_extent_empty();
  tm_extent_t before = e;
  tm_extent_add_extent(&e, &empty);
  g_assert_cmpmem(&e, sizeof e, &before, sizeof before);
  tm_extent_t other = {5, -4, 6, 0};
  tm_extent_add_extent(&e, &other);
  g_assert_cmpfloat(e.x0, ==, -1);
  g_assert_cmpfloat(e.y0, ==, -4);
  g_assert_cmpfloat(e.x1, ==, 6);
  g_assert_cmpfloat(e.y1, ==, 10);

  /* Through a north-up page transform (scale 2, y flipped): exact. */
  const tm_extent_t box = {10, 20, 30, 60};
  const double north_up[6] = {2, 0, 100, 0, -2, 500};
  tm_extent_t page = tm_extent_transform(&box, north_up);
  g_assert_cmpfloat(page.x0, ==, 120);
  g_assert_cmpfloat(page.x1, ==, 160);
  g_assert_cmpfloat(page.y0, ==, 380);
  g_assert_cmpfloat(page.y1, ==, 460);
  /* Turned a quarter: the corners' box. */
  const double quarter[6] = {0, -1, 0, 1, 0, 0};
  page = tm_extent_transform(&box, quarter);
  g_assert_cmpfloat(page.x0, ==, -60);
  g_assert_cmpfloat(page.x1, ==, -20);
  g_assert_cmpfloat(page.y0, ==, 10);
  g_assert_cmpfloat(page.y1, ==, 30);
  page = tm_extent_transform(&empty, north_up);
  g_assert_true(tm_extent_is_empty(&page));

  const tm_extent_t touching = {30, 60, 40, 70}, apart = {30.5, 0, 40, 70};
  g_assert_true(tm_extent_overlaps(&box, &touching)); /* a shared corner */
  g_assert_true(tm_extent_overlaps(&touching, &box));
  g_assert_false(tm_extent_overlaps(&box, &apart));
  g_assert_false(tm_extent_overlaps(&apart, &box));
  g_assert_true(tm_extent_overlaps(&box, &box));
}

/* ---- geometry ---- */

/* Three features:
 *   0: a 10x10 square (open ring, CCW) with an open 4x4 hole (CW), plus a
 *      second polygon, a 2x2 square at x 20..22, given closed;
 *   1: no polygon (null shape);
 *   2: a 1x1 square at (100,100), open. */
static tm_geom_t *sample_geom(void)
{
  const double outer[] = {0, 0, 10, 0, 10, 10, 0, 10};
  const double hole[] = {3, 3, 3, 7, 7, 7, 7, 3};
  const double small[] = {20, 0, 22, 0, 22, 2, 20, 2, 20, 0};
  const double far[] = {100, 100, 101, 100, 101, 101, 100, 101};
  tm_geom_builder_t *b = tm_geom_builder_new();
  tm_geom_builder_begin_feature(b);
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, outer, 4);
  tm_geom_builder_add_ring(b, hole, 4);
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, small, 5);
  tm_geom_builder_begin_feature(b);
  tm_geom_builder_begin_feature(b);
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, far, 4);
  return tm_geom_builder_finish(b);
}

static void test_geom_builder(void)
{
  tm_geom_t *g = sample_geom();
  g_assert_cmpuint(g->n_features, ==, 3);
  g_assert_cmpuint(g->n_polys, ==, 3);
  g_assert_cmpuint(g->n_rings, ==, 4);
  g_assert_cmpuint(g->n_points, ==, 5 + 5 + 5 + 5); /* every ring closed: 5 points */

  const guint32 feature_poly[] = {0, 2, 2, 3};
  const guint32 poly_ring[] = {0, 2, 3, 4};
  const guint32 ring_point[] = {0, 5, 10, 15, 20};
  g_assert_cmpmem(g->feature_poly, sizeof feature_poly, feature_poly, sizeof feature_poly);
  g_assert_cmpmem(g->poly_ring, sizeof poly_ring, poly_ring, sizeof poly_ring);
  g_assert_cmpmem(g->ring_point, sizeof ring_point, ring_point, sizeof ring_point);

  /* The open rings got their first point appended; the closed one did not
   * get a sixth point. */
  for (guint r = 0; r < g->n_rings; r++) {
    guint k0 = g->ring_point[r], k1 = g->ring_point[r + 1] - 1;
    g_assert_cmpfloat(g->xy[2 * k0], ==, g->xy[2 * k1]);
    g_assert_cmpfloat(g->xy[2 * k0 + 1], ==, g->xy[2 * k1 + 1]);
  }
  g_assert_cmpfloat(g->xy[2 * 6], ==, 3); /* hole's second point (3,7) */
  g_assert_cmpfloat(g->xy[2 * 6 + 1], ==, 7);
  g_assert_cmpfloat(g->xy[2 * 16], ==, 101); /* far square, second point */

  tm_extent_t e = tm_geom_get_extent(g);
  g_assert_cmpfloat(e.x0, ==, 0);
  g_assert_cmpfloat(e.y0, ==, 0);
  g_assert_cmpfloat(e.x1, ==, 101);
  g_assert_cmpfloat(e.y1, ==, 101);
  e = tm_geom_get_feature_extent(g, 0);
  g_assert_cmpfloat(e.x1, ==, 22);
  g_assert_cmpfloat(e.y1, ==, 10);
  e = tm_geom_get_feature_extent(g, 1);
  g_assert_true(tm_extent_is_empty(&e));
  tm_geom_free(g);
}

static void test_geom_builder_empty(void)
{
  tm_geom_t *g = tm_geom_builder_finish(tm_geom_builder_new());
  g_assert_cmpuint(g->n_features, ==, 0);
  g_assert_cmpuint(g->n_points, ==, 0);
  g_assert_cmpuint(g->feature_poly[0], ==, 0);
  tm_geom_t *c = tm_geom_copy(g);
  g_assert_cmpuint(c->n_features, ==, 0);
  tm_geom_free(c);
  tm_geom_free(g);
  tm_geom_free(NULL);
  tm_geom_builder_free(NULL);
  /* A builder dropped half way frees what it holds. */
  tm_geom_builder_t *b = tm_geom_builder_new();
  const double sq[] = {0, 0, 1, 0, 1, 1};
  tm_geom_builder_begin_feature(b);
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, sq, 3);
  tm_geom_builder_free(b);
}

static void assert_geom_equal(const tm_geom_t *a, const tm_geom_t *b)
{
  g_assert_cmpuint(a->n_features, ==, b->n_features);
  g_assert_cmpuint(a->n_polys, ==, b->n_polys);
  g_assert_cmpuint(a->n_rings, ==, b->n_rings);
  g_assert_cmpuint(a->n_points, ==, b->n_points);
  g_assert_cmpmem(a->feature_poly, (a->n_features + 1) * 4, b->feature_poly, (b->n_features + 1) * 4);
  g_assert_cmpmem(a->poly_ring, (a->n_polys + 1) * 4, b->poly_ring, (b->n_polys + 1) * 4);
  g_assert_cmpmem(a->ring_point, (a->n_rings + 1) * 4, b->ring_point, (b->n_rings + 1) * 4);
  g_assert_cmpmem(a->xy, a->n_points * 16, b->xy, b->n_points * 16);
}

static void test_geom_copy(void)
{
  tm_geom_t *g = sample_geom();
  tm_geom_t *c = tm_geom_copy(g);
  g_assert_true(c->xy != g->xy);
  g_assert_true(c->ring_point != g->ring_point);
  assert_geom_equal(c, g);
  c->xy[0] = -42; /* the copy owns its arrays */
  g_assert_cmpfloat(g->xy[0], ==, 0);
  tm_geom_free(c);
  tm_geom_free(g);
}

static void test_geom_subset(void)
{
  tm_geom_t *g = sample_geom();
  const guint order[] = {2, 1, 0};
  tm_geom_t *s = tm_geom_subset(g, order, 3);
  g_assert_cmpuint(s->n_features, ==, 3);
  g_assert_cmpuint(s->n_polys, ==, 3);
  g_assert_cmpuint(s->n_rings, ==, 4);
  g_assert_cmpuint(s->n_points, ==, 20);
  const guint32 feature_poly[] = {0, 1, 1, 3};
  const guint32 poly_ring[] = {0, 1, 3, 4};
  const guint32 ring_point[] = {0, 5, 10, 15, 20};
  g_assert_cmpmem(s->feature_poly, sizeof feature_poly, feature_poly, sizeof feature_poly);
  g_assert_cmpmem(s->poly_ring, sizeof poly_ring, poly_ring, sizeof poly_ring);
  g_assert_cmpmem(s->ring_point, sizeof ring_point, ring_point, sizeof ring_point);
  /* Feature 2's points first, then feature 0's, bit for bit. */
  g_assert_cmpmem(s->xy, 5 * 16, g->xy + 2 * 15, 5 * 16);
  g_assert_cmpmem(s->xy + 2 * 5, 15 * 16, g->xy, 15 * 16);

  /* One feature alone, rebased to 0; and the same feature twice. */
  const guint only_far[] = {2};
  tm_geom_t *one = tm_geom_subset(g, only_far, 1);
  g_assert_cmpuint(one->n_points, ==, 5);
  g_assert_cmpuint(one->feature_poly[0], ==, 0);
  g_assert_cmpuint(one->poly_ring[0], ==, 0);
  g_assert_cmpuint(one->ring_point[0], ==, 0);
  g_assert_cmpuint(one->ring_point[1], ==, 5);
  g_assert_cmpfloat(one->xy[0], ==, 100);
  const guint twice[] = {0, 0};
  tm_geom_t *two = tm_geom_subset(g, twice, 2);
  g_assert_cmpuint(two->n_polys, ==, 4);
  g_assert_cmpuint(two->n_points, ==, 30);
  g_assert_cmpuint(two->feature_poly[1], ==, 2);
  g_assert_cmpuint(two->ring_point[3], ==, 15);
  g_assert_cmpmem(two->xy + 30, 15 * 16, g->xy, 15 * 16);

  /* A subset of nothing is a valid empty geometry. */
  tm_geom_t *none = tm_geom_subset(g, NULL, 0);
  g_assert_cmpuint(none->n_features, ==, 0);
  g_assert_cmpuint(none->n_points, ==, 0);
  tm_geom_free(none);
  tm_geom_free(two);
  tm_geom_free(one);
  tm_geom_free(s);
  tm_geom_free(g);
}

/* n features of 1 to 3 unit squares with 1 to 4 points a side, so that
 * features, polygons and rings all differ in size. */
static tm_geom_t *varied_geom(guint n)
{
  tm_geom_builder_t *b = tm_geom_builder_new();
  for (guint f = 0; f < n; f++) {
    tm_geom_builder_begin_feature(b);
    for (guint p = 0; p < 1 + f % 3; p++) {
      tm_geom_builder_begin_polygon(b);
      guint k = 1 + (f * 7 + p) % 4;
      double x = f * 10 + p * 3, y = 0;
      GArray *ring = g_array_new(FALSE, FALSE, sizeof(double));
      for (guint side = 0; side < 4; side++)
        for (guint i = 0; i < k; i++) {
          double t = (double)i / k, xy[2];
          xy[0] = x + (side == 0 ? t : side == 1 ? 1 : side == 2 ? 1 - t : 0);
          xy[1] = y + (side == 0 ? 0 : side == 1 ? t : side == 2 ? 1 : 1 - t);
          g_array_append_vals(ring, xy, 2);
        }
      tm_geom_builder_add_ring(b, (double *)ring->data, ring->len / 2);
      g_array_free(ring, TRUE);
    }
  }
  return tm_geom_builder_finish(b);
}

/* Kept in place, the features are those a copying subset gives, for
 * subsets that drop features at the start, in the middle, at the end, none
 * and all. */
static void test_geom_keep_in_place(void)
{
  const guint n = 60;
  for (guint variant = 0; variant < 5; variant++) {
    tm_geom_t *g = varied_geom(n);
    GArray *keep = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint f = 0; f < n; f++) {
      /* 0: every feature, 1: every third dropped, 2: the first half
       * dropped, 3: all but the last dropped, 4: all dropped. */
      gboolean kept = variant == 0 || (variant == 1 && f % 3 != 0) ||
                      (variant == 2 && f >= n / 2) || (variant == 3 && f == n - 1);
      if (kept)
        g_array_append_val(keep, f);
    }
    tm_geom_t *expected = tm_geom_subset(g, (guint *)keep->data, keep->len);
    tm_geom_keep_in_place(g, (guint *)keep->data, keep->len);
    assert_geom_equal(g, expected);
    tm_geom_free(expected);
    tm_geom_free(g);
    g_array_free(keep, TRUE);
  }
}

static void test_ring_signed_area(void)
{
  const double ccw[] = {0, 0, 4, 0, 4, 3, 0, 3, 0, 0};
  const double cw[] = {0, 0, 0, 3, 4, 3, 4, 0, 0, 0};
  g_assert_cmpfloat_with_epsilon(tm_ring_signed_area(ccw, 5), 12, 1e-12);
  g_assert_cmpfloat_with_epsilon(tm_ring_signed_area(cw, 5), -12, 1e-12);
  /* The closing edge is implied when the ring is open. */
  g_assert_cmpfloat_with_epsilon(tm_ring_signed_area(ccw, 4), 12, 1e-12);
  const double tri[] = {1, 1, 3, 1, 1, 5};
  g_assert_cmpfloat_with_epsilon(tm_ring_signed_area(tri, 3), 4, 1e-12);
  g_assert_cmpfloat(tm_ring_signed_area(tri, 0), ==, 0);
}

static void test_geom_largest_polygon(void)
{
  tm_geom_t *g = sample_geom();
  g_assert_cmpint(tm_geom_get_largest_polygon(g, 0), ==, 0);
  g_assert_cmpint(tm_geom_get_largest_polygon(g, 1), ==, -1); /* no polygon */
  g_assert_cmpint(tm_geom_get_largest_polygon(g, 2), ==, 2);
  tm_geom_free(g);

  /* A small polygon first, a larger clockwise one second: area compares by
   * magnitude, not sign. */
  const double small[] = {0, 0, 1, 0, 1, 1, 0, 1};
  const double big_cw[] = {10, 10, 10, 20, 20, 20, 20, 10};
  tm_geom_builder_t *b = tm_geom_builder_new();
  tm_geom_builder_begin_feature(b);
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, small, 4);
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, big_cw, 4);
  g = tm_geom_builder_finish(b);
  g_assert_cmpint(tm_geom_get_largest_polygon(g, 0), ==, 1);
  tm_geom_free(g);
}

static void test_geom_feature_contains(void)
{
  tm_geom_t *g = sample_geom();
  g_assert_true(tm_geom_feature_contains(g, 0, 1, 1));    /* in the square */
  g_assert_true(tm_geom_feature_contains(g, 0, 8.5, 5));  /* beside the hole */
  g_assert_false(tm_geom_feature_contains(g, 0, 5, 5));   /* in the hole */
  g_assert_false(tm_geom_feature_contains(g, 0, 15, 5));  /* between the polygons */
  g_assert_false(tm_geom_feature_contains(g, 0, -1, 5));  /* outside */
  g_assert_true(tm_geom_feature_contains(g, 0, 21, 1));   /* second polygon */
  g_assert_false(tm_geom_feature_contains(g, 0, 100.5, 100.5)); /* another feature's */
  g_assert_true(tm_geom_feature_contains(g, 2, 100.5, 100.5));
  g_assert_false(tm_geom_feature_contains(g, 1, 1, 1));   /* no polygon */
  tm_geom_free(g);
}

/* ---- drawing ---- */

/* The drawing keeps coordinates as floats; these are exact in a float. */
static void assert_points(const float *got, const double *want, guint n)
{
  for (guint k = 0; k < 2 * n; k++)
    g_assert_cmpfloat(got[k], ==, want[k]);
}

/* Ring r of d is want[0..n), closed or not. */
static void assert_ring(const tm_drawing_t *d, guint r, const double *want, guint n,
                        gboolean want_closed)
{
  guint got_n = 0;
  gboolean closed = !want_closed;
  const float *pts = tm_drawing_get_ring(d, r, &got_n, &closed);
  g_assert_cmpuint(got_n, ==, n);
  g_assert_cmpint(closed, ==, want_closed);
  assert_points(pts, want, n);
}

static void test_drawing_paths(void)
{
  const tm_rgba_t bg = {0.9, 0.9, 0.9, 1};
  tm_drawing_t *d = tm_drawing_new(300, 200, 150, &bg);
  g_assert_cmpfloat(d->width, ==, 300);
  g_assert_cmpfloat(d->height, ==, 200);
  g_assert_cmpfloat(d->dpi, ==, 150);
  g_assert_cmpfloat(d->background.r, ==, 0.9);
  g_assert_cmpuint(tm_drawing_get_n_ops(d), ==, 0);

  const double outer[] = {0, 0, 10, 0, 10, 10, 0, 10};
  const double hole[] = {2, 2, 2, 4, 4, 4};
  const double line[] = {1, 1, 5, 5};
  tm_paint_t paint = {.fill_on = TRUE, .fill = {1, 0, 0, 1}, .even_odd = TRUE};
  char id[] = "200054781";
  tm_drawing_begin_path(d);
  tm_drawing_add_ring(d, outer, 4, TRUE);
  tm_drawing_add_ring(d, hole, 3, TRUE);
  tm_drawing_end_path(d, &paint, id, "feature");
  id[0] = 'X'; /* the drawing keeps its own copy */

  /* A path without rings adds nothing, not even an empty op. */
  tm_drawing_begin_path(d);
  tm_drawing_end_path(d, &paint, "nothing", NULL);
  /* A one-point ring is not a ring. */
  tm_drawing_begin_path(d);
  tm_drawing_add_ring(d, line, 1, FALSE);
  tm_drawing_end_path(d, &paint, "dot", NULL);
  g_assert_cmpuint(tm_drawing_get_n_ops(d), ==, 1);

  tm_drawing_begin_path(d);
  tm_drawing_add_ring(d, line, 2, FALSE);
  tm_paint_t stroke = {.stroke_on = TRUE, .stroke = {0, 0, 1, 1}, .stroke_width = 3};
  tm_drawing_end_path(d, &stroke, NULL, NULL);
  g_assert_cmpuint(tm_drawing_get_n_ops(d), ==, 2);

  const tm_op_t *op = tm_drawing_get_op(d, 0);
  g_assert_cmpint(op->kind, ==, TM_OP_PATH);
  g_assert_cmpstr(op->id, ==, "200054781");
  g_assert_cmpstr(op->css_class, ==, "feature");
  g_assert_cmpuint(op->ring_first, ==, 0);
  g_assert_cmpuint(op->n_rings, ==, 2);
  g_assert_true(op->paint.fill_on);
  g_assert_true(op->paint.even_odd);
  g_assert_cmpfloat(op->paint.fill.r, ==, 1);

  assert_ring(d, 0, outer, 4, TRUE);
  assert_ring(d, 1, hole, 3, TRUE);
  guint n;
  gboolean closed;

  op = tm_drawing_get_op(d, 1);
  g_assert_cmpint(op->kind, ==, TM_OP_PATH);
  g_assert_null(op->id);
  g_assert_cmpuint(op->ring_first, ==, 2);
  g_assert_cmpuint(op->n_rings, ==, 1);
  g_assert_cmpfloat(op->paint.stroke_width, ==, 3);
  const float *pts = tm_drawing_get_ring(d, 2, &n, &closed);
  g_assert_cmpuint(n, ==, 2);
  g_assert_false(closed);
  g_assert_cmpfloat(pts[2], ==, 5);

  /* Rect and line helpers. */
  tm_drawing_add_rect(d, 10, 20, 30, 40, &paint, "box");
  tm_rgba_t black = {0, 0, 0, 1};
  tm_drawing_add_line(d, 0, 0, 7, 8, &black, 2.5, "rule");
  g_assert_cmpuint(tm_drawing_get_n_ops(d), ==, 4);
  op = tm_drawing_get_op(d, 2);
  g_assert_cmpstr(op->css_class, ==, "box");
  g_assert_cmpuint(op->n_rings, ==, 1);
  const double rect[] = {10, 20, 40, 20, 40, 60, 10, 60};
  assert_ring(d, op->ring_first, rect, 4, TRUE);
  op = tm_drawing_get_op(d, 3);
  g_assert_true(op->paint.stroke_on);
  g_assert_false(op->paint.fill_on);
  g_assert_cmpfloat(op->paint.stroke_width, ==, 2.5);
  pts = tm_drawing_get_ring(d, op->ring_first, &n, &closed);
  g_assert_cmpuint(n, ==, 2);
  g_assert_false(closed);
  g_assert_cmpfloat(pts[3], ==, 8);
  tm_drawing_free(d);
  tm_drawing_free(NULL);
}

/* Lines that meet end to end become one ring, walked forwards or
 * backwards, closed when they come back to the start; not across paths,
 * not onto a closed ring, not when they do not meet. */
static void test_drawing_lines_joined(void)
{
  const tm_rgba_t bg = {1, 1, 1, 1};
  tm_drawing_t *d = tm_drawing_new(100, 100, 96, &bg);
  tm_paint_t stroke = {.stroke_on = TRUE, .stroke = {0, 0, 0, 1}, .stroke_width = 1};
  const double a[] = {0, 0, 10, 0, 10, 10};  /* ends at (10, 10) */
  const double b[] = {10, 10, 5, 15, 0, 10}; /* starts there: forwards */
  const double c[] = {0, 0, 0, 5, 0, 10};    /* ends at (0, 10): backwards, back at (0, 0) */
  const double e[] = {50, 50, 60, 60};       /* meets nothing */
  const double f[] = {60, 60, 70, 60};       /* meets e */
  tm_drawing_begin_path(d);
  tm_drawing_add_line_joined(d, a, 3);
  tm_drawing_add_line_joined(d, b, 3);
  tm_drawing_add_line_joined(d, c, 3);
  tm_drawing_add_line_joined(d, f, 2); /* the ring is closed: one of its own */
  tm_drawing_add_line_joined(d, e, 2); /* meets f's start, not its end: its own */
  tm_drawing_end_path(d, &stroke, NULL, "border");
  tm_drawing_begin_path(d);
  tm_drawing_add_line_joined(d, f, 2); /* meets e's end, but in another path */
  tm_drawing_add_line_joined(d, e, 1); /* a single point adds nothing */
  tm_drawing_end_path(d, &stroke, NULL, "border");

  const tm_op_t *op = tm_drawing_get_op(d, 0);
  g_assert_cmpuint(op->n_rings, ==, 3);
  const double ring[] = {0, 0, 10, 0, 10, 10, 5, 15, 0, 10, 0, 5};
  assert_ring(d, 0, ring, 6, TRUE);
  assert_ring(d, 1, f, 2, FALSE);
  assert_ring(d, 2, e, 2, FALSE);
  op = tm_drawing_get_op(d, 1);
  g_assert_cmpuint(op->ring_first, ==, 3);
  g_assert_cmpuint(op->n_rings, ==, 1);
  assert_ring(d, 3, f, 2, FALSE);
  tm_drawing_free(d);
}

static void test_drawing_text_and_groups(void)
{
  tm_drawing_t *d = tm_drawing_new(100, 100, 96, NULL);
  g_assert_cmpfloat(d->background.a, ==, 1); /* NULL background: opaque white */
  g_assert_cmpfloat(d->background.g, ==, 1);
  tm_drawing_set_title(d, "Carte é");
  g_assert_cmpstr(d->title, ==, "Carte é");
  tm_drawing_set_title(d, NULL);
  g_assert_null(d->title);

  tm_extent_t clip = {5, 6, 50, 60};
  tm_drawing_begin_group(d, "metropole", "frame", &clip);
  char text[] = "Île-de-France";
  char family[] = "DejaVu Sans";
  tm_font_t font = {.family = family, .size = 12, .bold = TRUE, .color = {0, 0, 0, 1}};
  tm_drawing_add_text(d, text, &font, 7, 30, "label");
  text[0] = 'X';
  family[0] = 'X';
  tm_drawing_add_text(d, "", &font, 7, 40, "label");   /* empty: nothing */
  tm_drawing_add_text(d, NULL, &font, 7, 40, "label"); /* NULL: nothing */
  tm_drawing_end_group(d);
  tm_drawing_begin_group(d, "legend", NULL, NULL);
  tm_font_t no_family = {.size = 9};
  tm_drawing_add_text(d, "a", &no_family, 1, 2, NULL);
  tm_drawing_end_group(d);
  g_assert_cmpuint(tm_drawing_get_n_ops(d), ==, 6);

  const tm_op_t *op = tm_drawing_get_op(d, 0);
  g_assert_cmpint(op->kind, ==, TM_OP_GROUP_BEGIN);
  g_assert_cmpstr(op->id, ==, "metropole");
  g_assert_cmpstr(op->css_class, ==, "frame");
  g_assert_true(op->clip_on);
  g_assert_cmpmem(&op->clip, sizeof clip, &clip, sizeof clip);

  op = tm_drawing_get_op(d, 1);
  g_assert_cmpint(op->kind, ==, TM_OP_TEXT);
  g_assert_cmpstr(op->text, ==, "Île-de-France");
  g_assert_cmpstr(op->font.family, ==, "DejaVu Sans");
  g_assert_cmpfloat(op->font.size, ==, 12);
  g_assert_true(op->font.bold);
  g_assert_cmpfloat(op->x, ==, 7);
  g_assert_cmpfloat(op->y, ==, 30);
  g_assert_cmpstr(op->css_class, ==, "label");

  g_assert_cmpint(tm_drawing_get_op(d, 2)->kind, ==, TM_OP_GROUP_END);
  op = tm_drawing_get_op(d, 3);
  g_assert_cmpint(op->kind, ==, TM_OP_GROUP_BEGIN);
  g_assert_false(op->clip_on);
  g_assert_null(op->css_class);
  op = tm_drawing_get_op(d, 4);
  g_assert_cmpstr(op->font.family, ==, "Lato"); /* default family */
  g_assert_null(op->css_class);
  g_assert_cmpint(tm_drawing_get_op(d, 5)->kind, ==, TM_OP_GROUP_END);
  tm_drawing_free(d);
}

/* ---- context ---- */

/* Exactly the room reserved, growth by half past it, and a stolen block
 * of the elements' size. */
static void test_vec(void)
{
  tm_vec_t v;
  tm_vec_init(&v, sizeof(double));
  g_assert_cmpuint(v.len, ==, 0);
  tm_vec_reserve(&v, 1000);
  g_assert_cmpuint(v.cap, ==, 1000);
  for (guint i = 0; i < 1000; i++)
    *(double *)tm_vec_push(&v, 1) = i;
  g_assert_cmpuint(v.cap, ==, 1000); /* no growth within the reservation */
  double *more = tm_vec_push(&v, 2);
  more[0] = 1000;
  more[1] = 1001;
  g_assert_cmpuint(v.len, ==, 1002);
  g_assert_cmpuint(v.cap, ==, 1000 + 1000 / 2 + 16);
  for (guint i = 0; i < 1002; i++)
    g_assert_cmpfloat(tm_vec_index(&v, double, i), ==, i);
  double *stolen = tm_vec_steal(&v);
  g_assert_null(v.data);
  g_assert_cmpuint(v.len, ==, 0);
  g_assert_cmpfloat(stolen[1001], ==, 1001);
  g_free(stolen);
  tm_vec_clear(&v);
}

typedef struct {
  gint *seen; /* per item: how many times it was handed out */
  gint workers_used[4];
} parallel_probe_t;

static void probe_items(guint start, guint end, guint worker, void *data)
{
  parallel_probe_t *p = data;
  for (guint i = start; i < end; i++)
    g_atomic_int_inc(&p->seen[i]);
  g_assert_cmpuint(worker, <, 4);
  g_atomic_int_inc(&p->workers_used[worker]);
}

/* Started, every item is handed out exactly once whatever the caller does
 * meanwhile; the caller takes part as worker 0 when it finishes. */
static void test_parallel_start_finish(void)
{
  enum { N = 10000 };
  tm_threads_set(3);
  parallel_probe_t p = {g_new0(gint, N), {0}};
  tm_parallel_job_t *job = tm_parallel_start(N, 7, probe_items, &p);
  g_usleep(1000); /* the caller's own work */
  guint n_workers = tm_parallel_finish(job);
  g_assert_cmpuint(n_workers, ==, 3);
  for (guint i = 0; i < N; i++)
    g_assert_cmpint(p.seen[i], ==, 1);
  /* Nothing to do: no worker but the caller, nothing run. */
  job = tm_parallel_start(0, 7, probe_items, &p);
  g_assert_cmpuint(tm_parallel_finish(job), ==, 1);
  tm_threads_set(0);
  g_free(p.seen);
}

typedef struct {
  gint runs;
  GThread *thread; /* the one that ran it */
} task_probe_t;

static void probe_task(void *data)
{
  task_probe_t *t = data;
  t->thread = g_thread_self();
  g_atomic_int_inc(&t->runs);
}

/* A task started beside the caller's work runs exactly once: on a helper
 * when there is one (the caller busy long enough for it to be taken), on
 * the caller when its finish comes before any helper, and on the caller
 * when there is no helper at all. */
static void test_parallel_task(void)
{
  tm_threads_set(2);
  task_probe_t t = {0, NULL};
  tm_parallel_job_t *job = tm_parallel_start_task(probe_task, &t);
  g_usleep(50000);
  tm_parallel_finish(job);
  g_assert_cmpint(t.runs, ==, 1);
  g_assert_true(t.thread != g_thread_self());
  for (int i = 0; i < 50; i++) { /* finished at once: whoever draws it first */
    t = (task_probe_t){0, NULL};
    tm_parallel_finish(tm_parallel_start_task(probe_task, &t));
    g_assert_cmpint(t.runs, ==, 1);
  }
  tm_threads_set(1);
  t = (task_probe_t){0, NULL};
  job = tm_parallel_start_task(probe_task, &t);
  g_usleep(20000);
  g_assert_cmpint(g_atomic_int_get(&t.runs), ==, 0); /* no helper: not yet run */
  tm_parallel_finish(job);
  g_assert_cmpint(t.runs, ==, 1);
  g_assert_true(t.thread == g_thread_self());
  tm_threads_set(0);
}

/* Jobs at once: one started beside the caller's work, which runs jobs of
 * its own meanwhile, and jobs run from two threads together (a batch
 * rendering two maps): each hands out every item exactly once, with
 * worker indices below its count, and none waits for another. */
static gpointer run_job(gpointer data)
{
  parallel_probe_t *p = data;
  g_assert_cmpuint(tm_parallel_for(5000, 3, probe_items, p), ==, 2);
  return NULL;
}

static void test_parallel_concurrent_jobs(void)
{
  enum { N = 20000 };
  tm_threads_set(2);
  parallel_probe_t started = {g_new0(gint, N), {0}}, inner = {g_new0(gint, N), {0}};
  tm_parallel_job_t *job = tm_parallel_start(N, 5, probe_items, &started);
  for (int round = 0; round < 3; round++)
    tm_parallel_for(N, 5, probe_items, &inner);
  g_assert_cmpuint(tm_parallel_finish(job), ==, 2);
  for (guint i = 0; i < N; i++) {
    g_assert_cmpint(started.seen[i], ==, 1);
    g_assert_cmpint(inner.seen[i], ==, 3);
  }
  g_assert_cmpint(started.workers_used[2] + inner.workers_used[2], ==, 0);

  parallel_probe_t a = {g_new0(gint, 5000), {0}}, b = {g_new0(gint, 5000), {0}};
  GThread *ta = g_thread_new("a", run_job, &a), *tb = g_thread_new("b", run_job, &b);
  g_thread_join(ta);
  g_thread_join(tb);
  for (guint i = 0; i < 5000; i++) {
    g_assert_cmpint(a.seen[i], ==, 1);
    g_assert_cmpint(b.seen[i], ==, 1);
  }
  tm_threads_set(0);
  g_free(started.seen);
  g_free(inner.seen);
  g_free(a.seen);
  g_free(b.seen);
}

static void collect_message(const char *message, void *user_data)
{
  g_ptr_array_add(user_data, g_strdup(message));
}

static void test_context_warnings(void)
{
  tm_context_t *ctx = tm_context_new();
  g_assert_cmpuint(tm_context_get_warning_count(ctx), ==, 0);
  GPtrArray *messages = g_ptr_array_new_with_free_func(g_free);
  tm_context_set_log_func(ctx, collect_message, messages);
  tm_warn(ctx, "%s: record %u: odd", "a.dbf", 12u);
  tm_warn(ctx, "second");
  g_assert_cmpuint(tm_context_get_warning_count(ctx), ==, 2);
  g_assert_cmpuint(messages->len, ==, 2);
  g_assert_cmpstr(g_ptr_array_index(messages, 0), ==, "a.dbf: record 12: odd");
  g_assert_cmpstr(g_ptr_array_index(messages, 1), ==, "second");
  tm_context_free(ctx);
  g_ptr_array_unref(messages);
  tm_context_free(NULL);
}

static void test_context_default_log(void)
{
  if (g_test_subprocess()) {
    tm_context_t *ctx = tm_context_new();
    tm_warn(ctx, "%d points dropped", 3);
    /* Setting NULL restores the default. */
    tm_context_set_log_func(ctx, collect_message, NULL);
    tm_context_set_log_func(ctx, NULL, NULL);
    tm_warn(ctx, "again");
    tm_context_free(ctx);
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
  g_test_trap_assert_stderr("terrimap: warning: 3 points dropped\nterrimap: warning: again\n");
}

static void count_destroy(gpointer data)
{
  (*(int *)data)++;
}

static void test_context_slots(void)
{
  int destroyed_a = 0, destroyed_b = 0, destroyed_c = 0;
  tm_context_t *ctx = tm_context_new();
  g_assert_null(tm_context_get_slot(ctx, TM_SLOT_PROJ));
  g_assert_null(tm_context_get_slot(ctx, TM_SLOT_GEOS));
  tm_context_set_slot(ctx, TM_SLOT_PROJ, &destroyed_a, count_destroy);
  tm_context_set_slot(ctx, TM_SLOT_GEOS, &destroyed_c, count_destroy);
  g_assert_true(tm_context_get_slot(ctx, TM_SLOT_PROJ) == &destroyed_a);
  /* Replacing a slot destroys the old value at once. */
  tm_context_set_slot(ctx, TM_SLOT_PROJ, &destroyed_b, count_destroy);
  g_assert_cmpint(destroyed_a, ==, 1);
  g_assert_cmpint(destroyed_b, ==, 0);
  g_assert_true(tm_context_get_slot(ctx, TM_SLOT_PROJ) == &destroyed_b);
  tm_context_free(ctx);
  g_assert_cmpint(destroyed_a, ==, 1);
  g_assert_cmpint(destroyed_b, ==, 1);
  g_assert_cmpint(destroyed_c, ==, 1);

  /* A slot without destroy function is left to its owner. */
  ctx = tm_context_new();
  tm_context_set_slot(ctx, TM_SLOT_GEOS, &destroyed_c, NULL);
  tm_context_free(ctx);
  g_assert_cmpint(destroyed_c, ==, 1);
}

static void test_error_quark(void)
{
  g_assert_cmpstr(g_quark_to_string(TM_ERROR), ==, "terrimap-error-quark");
  GError *e = g_error_new(TM_ERROR, TM_ERROR_LIMIT, "x");
  g_assert_error(e, TM_ERROR, TM_ERROR_LIMIT);
  g_error_free(e);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/core/rgba/parse-forms", test_rgba_parse_forms);
  g_test_add_func("/core/rgba/parse-bad", test_rgba_parse_bad);
  g_test_add_func("/core/rgba/to-hex", test_rgba_to_hex);
  g_test_add_func("/core/extent", test_extent);
  g_test_add_func("/core/geom/builder", test_geom_builder);
  g_test_add_func("/core/geom/builder-empty", test_geom_builder_empty);
  g_test_add_func("/core/geom/copy", test_geom_copy);
  g_test_add_func("/core/geom/subset", test_geom_subset);
  g_test_add_func("/core/geom/keep-in-place", test_geom_keep_in_place);
  g_test_add_func("/core/geom/ring-signed-area", test_ring_signed_area);
  g_test_add_func("/core/geom/largest-polygon", test_geom_largest_polygon);
  g_test_add_func("/core/geom/feature-contains", test_geom_feature_contains);
  g_test_add_func("/core/vec", test_vec);
  g_test_add_func("/core/parallel/start-finish", test_parallel_start_finish);
  g_test_add_func("/core/parallel/concurrent-jobs", test_parallel_concurrent_jobs);
  g_test_add_func("/core/parallel/task", test_parallel_task);
  g_test_add_func("/core/drawing/paths", test_drawing_paths);
  g_test_add_func("/core/drawing/text-and-groups", test_drawing_text_and_groups);
  g_test_add_func("/core/drawing/lines-joined", test_drawing_lines_joined);
  g_test_add_func("/core/context/warnings", test_context_warnings);
  g_test_add_func("/core/context/default-log", test_context_default_log);
  g_test_add_func("/core/context/slots", test_context_slots);
  g_test_add_func("/core/error-quark", test_error_quark);
  return g_test_run();
}
