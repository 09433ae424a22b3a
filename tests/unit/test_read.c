/* Read stage: tiny shapefiles written with shapelib into a temporary
 * directory, read back with tm_layer_read. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <shapefil.h>
#include "terrimap/read.h"

typedef struct {
  char *dir;
  tm_context_t *ctx;
  GPtrArray *warnings;
} fixture_t;

static void collect_warning(const char *message, void *user_data)
{
  g_ptr_array_add((GPtrArray *)user_data, g_strdup(message));
}

static void fx_setup(fixture_t *fx, gconstpointer data)
{
  GError *error = NULL;
  fx->dir = g_dir_make_tmp("terrimap-read-XXXXXX", &error);
  g_assert_no_error(error);
  fx->ctx = tm_context_new();
  fx->warnings = g_ptr_array_new_with_free_func(g_free);
  tm_context_set_log_func(fx->ctx, collect_warning, fx->warnings);
}

static void fx_teardown(fixture_t *fx, gconstpointer data)
{
  GDir *d = g_dir_open(fx->dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    char *p = g_build_filename(fx->dir, name, NULL);
    g_unlink(p);
    g_free(p);
  }
  if (d)
    g_dir_close(d);
  g_rmdir(fx->dir);
  g_free(fx->dir);
  tm_context_free(fx->ctx);
  g_ptr_array_free(fx->warnings, TRUE);
}

/* fx->dir/name; caller frees. */
static char *fx_path(const fixture_t *fx, const char *name)
{
  return g_build_filename(fx->dir, name, NULL);
}

static void fx_write_text(const fixture_t *fx, const char *name, const char *text)
{
  char *p = fx_path(fx, name);
  g_assert_true(g_file_set_contents(p, text, -1, NULL));
  g_free(p);
}

static void fx_remove(const fixture_t *fx, const char *name)
{
  char *p = fx_path(fx, name);
  g_assert_cmpint(g_unlink(p), ==, 0);
  g_free(p);
}

/* ---- shapes ---- */

#define SQ(x0, y0, x1, y1) /* clockwise square, closed */ \
  x0, y0, x0, y1, x1, y1, x1, y0, x0, y0
#define SQ_CCW(x0, y0, x1, y1) x0, y0, x1, y0, x1, y1, x0, y1, x0, y0

/* A polygon object from interleaved rings; counts[i] points per ring. */
static SHPObject *make_polygon(int type, int n_rings, const int *counts, const double *xy)
{
  int starts[16], n = 0;
  g_assert_cmpint(n_rings, <=, 16);
  for (int r = 0; r < n_rings; r++) {
    starts[r] = n;
    n += counts[r];
  }
  double *x = g_new(double, n), *y = g_new(double, n);
  for (int k = 0; k < n; k++) {
    x[k] = xy[2 * k];
    y[k] = xy[2 * k + 1];
  }
  SHPObject *o = SHPCreateObject(type, -1, n_rings, starts, NULL, n, x, y, NULL, NULL);
  g_free(x);
  g_free(y);
  return o;
}

/* Writes base.shp/.shx from objs (which it destroys) and base.dbf with one
 * string field CODE holding codes[i] (raw bytes), no .cpg, no language
 * byte; and a .prj unless prj is NULL. */
static char *fx_write_layer(const fixture_t *fx, const char *base, int type, SHPObject **objs,
                            int n, const char *const *codes, const char *prj)
{
  char *b = fx_path(fx, base);
  SHPHandle shp = SHPCreate(b, type);
  g_assert_nonnull(shp);
  for (int i = 0; i < n; i++) {
    g_assert_cmpint(SHPWriteObject(shp, -1, objs[i]), ==, i);
    SHPDestroyObject(objs[i]);
  }
  SHPClose(shp);
  char *dbf_path = g_strconcat(b, ".dbf", NULL);
  DBFHandle dbf = DBFCreateEx(dbf_path, NULL);
  g_assert_nonnull(dbf);
  g_assert_cmpint(DBFAddField(dbf, "CODE", FTString, 20, 0), ==, 0);
  for (int i = 0; i < n; i++)
    g_assert_true(DBFWriteStringAttribute(dbf, i, 0, codes ? codes[i] : "x"));
  DBFClose(dbf);
  g_free(dbf_path);
  if (prj) {
    char *prj_path = g_strconcat(b, ".prj", NULL);
    g_assert_true(g_file_set_contents(prj_path, prj, -1, NULL));
    g_free(prj_path);
  }
  char *shp_path = g_strconcat(b, ".shp", NULL);
  g_free(b);
  return shp_path;
}

static const char *WKT = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\"]]\n";

/* One clockwise square per record. */
static char *fx_write_squares(const fixture_t *fx, const char *base, int n,
                              const char *const *codes)
{
  SHPObject *objs[8];
  g_assert_cmpint(n, <=, 8);
  for (int i = 0; i < n; i++) {
    const double xy[] = {SQ(i * 10.0, 0, i * 10.0 + 5, 5)};
    const int counts[] = {5};
    objs[i] = make_polygon(SHPT_POLYGON, 1, counts, xy);
  }
  return fx_write_layer(fx, base, SHPT_POLYGON, objs, n, codes, WKT);
}

static tm_layer_t *read_ok(const fixture_t *fx, const char *shp, const tm_read_options_t *opt)
{
  GError *error = NULL;
  tm_layer_t *layer = tm_layer_read(fx->ctx, shp, opt, &error);
  g_assert_no_error(error);
  g_assert_nonnull(layer);
  return layer;
}

/* The error message of a read that must fail with code. */
static char *read_fail(const fixture_t *fx, const char *shp, const tm_read_options_t *opt,
                       int code)
{
  GError *error = NULL;
  tm_layer_t *layer = tm_layer_read(fx->ctx, shp, opt, &error);
  g_assert_null(layer);
  g_assert_error(error, TM_ERROR, code);
  char *message = g_strdup(error->message);
  g_error_free(error);
  return message;
}

static guint feature_polys(const tm_geom_t *g, guint f)
{
  return g->feature_poly[f + 1] - g->feature_poly[f];
}

static guint poly_rings(const tm_geom_t *g, guint p)
{
  return g->poly_ring[p + 1] - g->poly_ring[p];
}

static double ring_area(const tm_geom_t *g, guint r)
{
  guint k0 = g->ring_point[r], k1 = g->ring_point[r + 1];
  return tm_ring_signed_area(g->xy + 2 * (gsize)k0, k1 - k0);
}

/* ---- geometry ---- */

static void test_square(fixture_t *fx, gconstpointer data)
{
  const char *codes[] = {"200054781", "01"};
  char *shp = fx_write_squares(fx, "sq", 2, codes);
  tm_layer_t *l = read_ok(fx, shp, NULL);
  g_assert_cmpuint(l->n_features, ==, 2);
  g_assert_cmpuint(l->geom->n_features, ==, 2);
  g_assert_cmpuint(l->geom->n_polys, ==, 2);
  g_assert_cmpuint(l->geom->n_rings, ==, 2);
  g_assert_cmpuint(l->geom->n_points, ==, 10);
  g_assert_cmpfloat(l->extent.x0, ==, 0);
  g_assert_cmpfloat(l->extent.x1, ==, 15);
  g_assert_cmpfloat(l->extent.y1, ==, 5);
  g_assert_cmpstr(l->path, ==, shp);
  g_assert_cmpstr(l->crs, ==, "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\"]]");
  g_assert_cmpstr(l->crs_source, ==, "prj");
  g_assert_cmpstr(l->encoding, ==, "UTF-8");
  g_assert_cmpstr(l->encoding_source, ==, "detected");
  g_assert_cmpuint(l->n_fields, ==, 1);
  g_assert_cmpstr(l->fields[0].name, ==, "CODE");
  g_assert_cmpint(l->fields[0].type, ==, TM_FIELD_STRING);
  g_assert_cmpint(l->fields[0].width, ==, 20);
  g_assert_cmpstr(tm_layer_get_value(l, 0, 0), ==, "200054781");
  g_assert_cmpstr(tm_layer_get_value(l, 1, 0), ==, "01");
  g_assert_null(tm_layer_get_value(l, 2, 0));
  g_assert_null(tm_layer_get_value(l, 0, 1));
  g_assert_cmpuint(l->n_null_shapes + l->n_empty_parts + l->n_bad_rings, ==, 0);
  g_assert_cmpuint(fx->warnings->len, ==, 0);
  tm_layer_free(l);

  /* Like shapelib, a path without extension names base.shp. */
  char *base = fx_path(fx, "sq");
  l = read_ok(fx, base, NULL);
  g_assert_cmpuint(l->n_features, ==, 2);
  tm_layer_free(l);
  g_free(base);
  g_free(shp);
}

static void test_hole(fixture_t *fx, gconstpointer data)
{
  /* The hole is listed first: order in the record must not matter. */
  const double xy[] = {SQ_CCW(2, 2, 4, 4), SQ(0, 0, 10, 10)};
  const int counts[] = {5, 5};
  SHPObject *o = make_polygon(SHPT_POLYGON, 2, counts, xy);
  char *shp = fx_write_layer(fx, "hole", SHPT_POLYGON, &o, 1, NULL, WKT);
  tm_layer_t *l = read_ok(fx, shp, NULL);
  g_assert_cmpuint(l->geom->n_polys, ==, 1);
  g_assert_cmpuint(poly_rings(l->geom, 0), ==, 2);
  g_assert_cmpfloat(fabs(ring_area(l->geom, 0)), ==, 100); /* exterior first */
  g_assert_cmpfloat(fabs(ring_area(l->geom, 1)), ==, 4);
  g_assert_true(tm_geom_feature_contains(l->geom, 0, 1, 1));
  g_assert_false(tm_geom_feature_contains(l->geom, 0, 3, 3));
  tm_layer_free(l);
  g_free(shp);
}

static void test_hole_touching_exterior(fixture_t *fx, gconstpointer data)
{
  /* The triangular hole has a vertex on the exterior's left side. */
  const double xy[] = {SQ(0, 0, 10, 10), 0, 5, 3, 3, 3, 7, 0, 5};
  const int counts[] = {5, 4};
  SHPObject *o = make_polygon(SHPT_POLYGON, 2, counts, xy);
  char *shp = fx_write_layer(fx, "touch", SHPT_POLYGON, &o, 1, NULL, WKT);
  tm_layer_t *l = read_ok(fx, shp, NULL);
  g_assert_cmpuint(l->geom->n_polys, ==, 1);
  g_assert_cmpuint(poly_rings(l->geom, 0), ==, 2);
  g_assert_cmpfloat(fabs(ring_area(l->geom, 1)), ==, 6);
  tm_layer_free(l);
  g_free(shp);
}

static void test_orphan_hole(fixture_t *fx, gconstpointer data)
{
  /* A counter-clockwise ring outside the clockwise one is an island with
   * the wrong orientation, not a hole. */
  const double xy[] = {SQ(0, 0, 10, 10), SQ_CCW(20, 0, 22, 2)};
  const int counts[] = {5, 5};
  SHPObject *o = make_polygon(SHPT_POLYGON, 2, counts, xy);
  char *shp = fx_write_layer(fx, "orphan", SHPT_POLYGON, &o, 1, NULL, WKT);
  tm_layer_t *l = read_ok(fx, shp, NULL);
  g_assert_cmpuint(feature_polys(l->geom, 0), ==, 2);
  g_assert_cmpuint(poly_rings(l->geom, 0), ==, 1);
  g_assert_cmpuint(poly_rings(l->geom, 1), ==, 1);
  g_assert_true(tm_geom_feature_contains(l->geom, 0, 21, 1));
  tm_layer_free(l);
  g_free(shp);
}

static void test_multipolygon(fixture_t *fx, gconstpointer data)
{
  /* Two islands, the second with a hole that holds a third island. */
  const double xy[] = {SQ(0, 0, 1, 1), SQ(10, 0, 20, 10), SQ_CCW(12, 2, 18, 8),
                       SQ(14, 4, 16, 6)};
  const int counts[] = {5, 5, 5, 5};
  SHPObject *o = make_polygon(SHPT_POLYGON, 4, counts, xy);
  char *shp = fx_write_layer(fx, "multi", SHPT_POLYGON, &o, 1, NULL, WKT);
  tm_layer_t *l = read_ok(fx, shp, NULL);
  g_assert_cmpuint(feature_polys(l->geom, 0), ==, 3);
  g_assert_cmpuint(poly_rings(l->geom, 0), ==, 1);
  g_assert_cmpuint(poly_rings(l->geom, 1), ==, 2);
  g_assert_cmpfloat(fabs(ring_area(l->geom, l->geom->poly_ring[1])), ==, 100);
  g_assert_cmpuint(poly_rings(l->geom, 2), ==, 1);
  g_assert_cmpfloat(fabs(ring_area(l->geom, l->geom->poly_ring[2])), ==, 4);
  g_assert_cmpuint(l->geom->n_points, ==, 20);
  tm_layer_free(l);
  g_free(shp);
}

static void test_counter_clockwise_writer(fixture_t *fx, gconstpointer data)
{
  /* Record 1: every ring counter-clockwise (a writer ignoring the spec);
   * record 2: every ring reversed (exterior CCW, hole CW). */
  const double xy1[] = {SQ_CCW(0, 0, 10, 10), SQ_CCW(2, 2, 4, 4), SQ_CCW(20, 0, 21, 1)};
  const int counts1[] = {5, 5, 5};
  const double xy2[] = {SQ(2, 2, 4, 4), SQ_CCW(0, 0, 10, 10)};
  const int counts2[] = {5, 5};
  SHPObject *objs[] = {make_polygon(SHPT_POLYGON, 3, counts1, xy1),
                       make_polygon(SHPT_POLYGON, 2, counts2, xy2)};
  char *shp = fx_write_layer(fx, "ccw", SHPT_POLYGON, objs, 2, NULL, WKT);
  tm_layer_t *l = read_ok(fx, shp, NULL);
  const tm_geom_t *g = l->geom;
  g_assert_cmpuint(feature_polys(g, 0), ==, 2);
  guint p0 = g->feature_poly[0];
  g_assert_cmpuint(poly_rings(g, p0), ==, 2);
  g_assert_cmpfloat(fabs(ring_area(g, g->poly_ring[p0])), ==, 100);
  g_assert_cmpuint(poly_rings(g, p0 + 1), ==, 1);
  g_assert_cmpuint(feature_polys(g, 1), ==, 1);
  guint p1 = g->feature_poly[1];
  g_assert_cmpuint(poly_rings(g, p1), ==, 2);
  g_assert_cmpfloat(fabs(ring_area(g, g->poly_ring[p1])), ==, 100);
  g_assert_false(tm_geom_feature_contains(g, 1, 3, 3));
  tm_layer_free(l);
  g_free(shp);
}

static void test_null_and_bad_rings(fixture_t *fx, gconstpointer data)
{
  const double xy[] = {SQ(0, 0, 1, 1), 5, 5, 6, 6, 5, 5, SQ(2, 2, 3, 3)};
  const int counts[] = {5, 3, 5};
  double nan_xy[] = {SQ(0, 0, 1, 1), SQ(4, 4, 5, 5)};
  nan_xy[12] = NAN;
  const int nan_counts[] = {5, 5};
  SHPObject *objs[] = {SHPCreateSimpleObject(SHPT_NULL, 0, NULL, NULL, NULL),
                       make_polygon(SHPT_POLYGON, 3, counts, xy),
                       make_polygon(SHPT_POLYGON, 2, nan_counts, nan_xy)};
  char *shp = fx_write_layer(fx, "nulls", SHPT_POLYGON, objs, 3, NULL, WKT);
  tm_layer_t *l = read_ok(fx, shp, NULL);
  g_assert_cmpuint(l->n_features, ==, 3);
  g_assert_cmpuint(l->geom->n_features, ==, 3);
  g_assert_cmpuint(l->n_null_shapes, ==, 1);
  g_assert_cmpuint(feature_polys(l->geom, 0), ==, 0);
  g_assert_cmpuint(feature_polys(l->geom, 1), ==, 2);
  g_assert_cmpuint(feature_polys(l->geom, 2), ==, 1);
  g_assert_cmpuint(l->n_bad_rings, ==, 2);
  g_assert_cmpuint(fx->warnings->len, ==, 1);
  g_assert_cmpuint(tm_context_get_warning_count(fx->ctx), ==, 1);
  const char *w = g_ptr_array_index(fx->warnings, 0);
  g_assert_true(strstr(w, shp) && strstr(w, "2 rings skipped") && strstr(w, "record 2"));
  tm_layer_free(l);
  g_free(shp);
}

static void test_polygon_z_and_empty(fixture_t *fx, gconstpointer data)
{
  const double xy[] = {SQ(0, 0, 1, 1)};
  const int counts[] = {5};
  SHPObject *o = make_polygon(SHPT_POLYGONZ, 1, counts, xy);
  char *shp = fx_write_layer(fx, "z", SHPT_POLYGONZ, &o, 1, NULL, WKT);
  tm_layer_t *l = read_ok(fx, shp, NULL);
  g_assert_cmpuint(l->geom->n_points, ==, 5);
  tm_layer_free(l);
  g_free(shp);

  shp = fx_write_layer(fx, "empty", SHPT_POLYGON, NULL, 0, NULL, WKT);
  l = read_ok(fx, shp, NULL);
  g_assert_cmpuint(l->n_features, ==, 0);
  g_assert_cmpuint(l->geom->n_points, ==, 0);
  g_assert_true(tm_extent_is_empty(&l->extent));
  tm_layer_free(l);
  g_free(shp);
}

/* ---- attributes and encodings ---- */

static void test_latin1_cpg(fixture_t *fx, gconstpointer data)
{
  const char *codes[] = {"\xce" "le-de-France", "  Corse  "};
  char *shp = fx_write_squares(fx, "latin", 2, codes);
  fx_write_text(fx, "latin.cpg", "ISO-8859-1\r\n");
  tm_layer_t *l = read_ok(fx, shp, NULL);
  g_assert_cmpstr(l->encoding, ==, "ISO-8859-1");
  g_assert_cmpstr(l->encoding_source, ==, "cpg");
  g_assert_cmpstr(tm_layer_get_value(l, 0, 0), ==, "\xc3\x8ele-de-France");
  g_assert_cmpstr(tm_layer_get_value(l, 1, 0), ==, "Corse");
  tm_layer_free(l);

  /* The option wins over the .cpg. */
  fx_write_text(fx, "latin.cpg", "UTF-8");
  tm_read_options_t opt = {.encoding = "latin1"};
  l = read_ok(fx, shp, &opt);
  g_assert_cmpstr(l->encoding, ==, "ISO-8859-1");
  g_assert_cmpstr(l->encoding_source, ==, "option");
  g_assert_cmpstr(tm_layer_get_value(l, 0, 0), ==, "\xc3\x8ele-de-France");
  tm_layer_free(l);

  /* A .cpg that says UTF-8 over Latin-1 bytes names record and field. */
  char *msg = read_fail(fx, shp, NULL, TM_ERROR_FORMAT);
  g_assert_true(g_str_has_prefix(msg, fx->dir));
  g_assert_nonnull(strstr(msg, "latin.dbf: record 1: field CODE: invalid UTF-8"));
  g_free(msg);

  opt.encoding = "KLINGON-7";
  msg = read_fail(fx, shp, &opt, TM_ERROR_ARGUMENT);
  g_assert_nonnull(strstr(msg, "KLINGON-7"));
  g_free(msg);

  fx_write_text(fx, "latin.cpg", "KLINGON-7");
  msg = read_fail(fx, shp, NULL, TM_ERROR_FORMAT);
  g_assert_nonnull(strstr(msg, "latin.cpg: unknown encoding \"KLINGON-7\""));
  g_free(msg);
  g_free(shp);
}

static void test_detect_cp1252(fixture_t *fx, gconstpointer data)
{
  const char *codes[] = {"\x80 \xc9t\xe9", "plain"};
  char *shp = fx_write_squares(fx, "cp", 2, codes);
  tm_layer_t *l = read_ok(fx, shp, NULL);
  g_assert_cmpstr(l->encoding, ==, "CP1252");
  g_assert_cmpstr(l->encoding_source, ==, "detected");
  g_assert_cmpstr(tm_layer_get_value(l, 0, 0), ==, "\xe2\x82\xac \xc3\x89t\xc3\xa9"); /* € Été */
  g_assert_cmpuint(fx->warnings->len, ==, 1);
  g_assert_nonnull(strstr(g_ptr_array_index(fx->warnings, 0), "cp.dbf"));
  tm_layer_free(l);
  g_free(shp);
}

static void test_encoding_names(fixture_t *fx, gconstpointer data)
{
  static const char *cases[][2] = {
    {"UTF-8", "UTF-8"}, {"utf8", "UTF-8"}, {"65001", "UTF-8"},
    {"ISO-8859-1", "ISO-8859-1"}, {"88591", "ISO-8859-1"}, {"LATIN1", "ISO-8859-1"},
    {"ISO-8859-15", "ISO-8859-15"}, {"iso8859_15", "ISO-8859-15"}, {"885915", "ISO-8859-15"},
    {"1252", "CP1252"}, {"CP1252", "CP1252"}, {"WINDOWS-1252", "CP1252"},
    {"ANSI 1252", "CP1252"}, {" 850 ", "CP850"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    /* Through the public path: a .cpg then the option. */
    const char *codes[] = {"A"};
    char *shp = fx_write_squares(fx, "names", 1, codes);
    fx_write_text(fx, "names.cpg", cases[i][0]);
    tm_layer_t *l = read_ok(fx, shp, NULL);
    g_assert_cmpstr(l->encoding, ==, cases[i][1]);
    tm_layer_free(l);
    g_free(shp);
  }
}

static void test_ldid(fixture_t *fx, gconstpointer data)
{
  /* DBFCreate writes language byte 87 ("ANSI") and no .cpg. */
  char *base = fx_path(fx, "ldid");
  char *shp = fx_write_squares(fx, "ldid", 1, NULL);
  char *dbf_path = g_strconcat(base, ".dbf", NULL);
  DBFHandle dbf = DBFCreate(dbf_path);
  DBFAddField(dbf, "NOM", FTString, 10, 0);
  DBFWriteStringAttribute(dbf, 0, 0, "\xc9vry");
  DBFClose(dbf);
  tm_layer_t *l = read_ok(fx, shp, NULL);
  g_assert_cmpstr(l->encoding, ==, "CP1252");
  g_assert_cmpstr(l->encoding_source, ==, "ldid");
  g_assert_cmpstr(tm_layer_get_value(l, 0, 0), ==, "\xc3\x89vry");
  g_assert_cmpuint(fx->warnings->len, ==, 0);
  tm_layer_free(l);

  /* LDID 87 in front of UTF-8 text (common): the text decides. */
  dbf = DBFCreate(dbf_path);
  DBFAddField(dbf, "NOM", FTString, 10, 0);
  DBFWriteStringAttribute(dbf, 0, 0, "\xc3\x89vry");
  DBFClose(dbf);
  l = read_ok(fx, shp, NULL);
  g_assert_cmpstr(l->encoding, ==, "UTF-8");
  g_assert_cmpstr(tm_layer_get_value(l, 0, 0), ==, "\xc3\x89vry");
  tm_layer_free(l);
  g_free(dbf_path);
  g_free(shp);
  g_free(base);
}

static void test_fields(fixture_t *fx, gconstpointer data)
{
  char *base = fx_path(fx, "fields");
  char *shp = fx_write_squares(fx, "fields", 2, NULL);
  char *dbf_path = g_strconcat(base, ".dbf", NULL);
  DBFHandle dbf = DBFCreateEx(dbf_path, "ISO-8859-1");
  DBFAddField(dbf, "INSEE_DEP", FTString, 3, 0);
  DBFAddField(dbf, "POP", FTInteger, 9, 0);
  DBFAddField(dbf, "R\xc9G", FTString, 10, 0);
  DBFAddField(dbf, "DENS", FTDouble, 12, 3);
  DBFWriteStringAttribute(dbf, 0, 0, "01");
  DBFWriteIntegerAttribute(dbf, 0, 1, 12345);
  DBFWriteStringAttribute(dbf, 0, 2, "  ");
  DBFWriteDoubleAttribute(dbf, 0, 3, 1.5);
  DBFWriteStringAttribute(dbf, 1, 0, "2A");
  DBFWriteNULLAttribute(dbf, 1, 1);
  DBFWriteStringAttribute(dbf, 1, 2, "x");
  DBFWriteNULLAttribute(dbf, 1, 3);
  DBFClose(dbf);
  tm_layer_t *l = read_ok(fx, shp, NULL);
  g_assert_cmpuint(l->n_fields, ==, 4);
  g_assert_cmpint(l->fields[1].type, ==, TM_FIELD_INTEGER);
  g_assert_cmpint(l->fields[3].type, ==, TM_FIELD_DOUBLE);
  g_assert_cmpint(l->fields[3].decimals, ==, 3);
  g_assert_cmpstr(l->fields[2].name, ==, "R\xc3\x89G");
  g_assert_cmpstr(tm_layer_get_value(l, 0, 0), ==, "01");
  g_assert_cmpstr(tm_layer_get_value(l, 0, 1), ==, "12345");
  g_assert_null(tm_layer_get_value(l, 0, 2));
  g_assert_cmpstr(tm_layer_get_value(l, 0, 3), ==, "1.500");
  g_assert_cmpstr(tm_layer_get_value(l, 1, 0), ==, "2A");
  g_assert_null(tm_layer_get_value(l, 1, 1)); /* shapelib writes "*********" */
  g_assert_null(tm_layer_get_value(l, 1, 3));
  g_assert_cmpint(tm_layer_find_field(l, "POP"), ==, 1);
  g_assert_cmpint(tm_layer_find_field(l, "insee_dep"), ==, 0);
  g_assert_cmpint(tm_layer_find_field(l, "NOPE"), ==, -1);
  char *list = tm_layer_list_fields(l);
  g_assert_cmpstr(list, ==, "INSEE_DEP, POP, R\xc3\x89G, DENS");
  g_free(list);
  tm_layer_free(l);
  g_free(dbf_path);
  g_free(shp);
  g_free(base);
}

/* ---- CRS ---- */

static void test_crs(fixture_t *fx, gconstpointer data)
{
  char *shp = fx_write_squares(fx, "crs", 1, NULL);
  fx_remove(fx, "crs.prj");
  char *msg = read_fail(fx, shp, NULL, TM_ERROR_CRS);
  char *expected = g_strdup_printf("%s/crs.prj: missing; the layer's CRS is unknown "
                                   "(give --src-crs, e.g. --src-crs EPSG:2154)", fx->dir);
  g_assert_cmpstr(msg, ==, expected);
  g_free(expected);
  g_free(msg);

  tm_read_options_t opt = {.src_crs = "EPSG:2154"};
  tm_layer_t *l = read_ok(fx, shp, &opt);
  g_assert_cmpstr(l->crs, ==, "EPSG:2154");
  g_assert_cmpstr(l->crs_source, ==, "option");
  tm_layer_free(l);

  fx_write_text(fx, "crs.prj", "  \n");
  msg = read_fail(fx, shp, NULL, TM_ERROR_CRS);
  g_assert_nonnull(strstr(msg, "crs.prj: empty"));
  g_free(msg);
  g_free(shp);
}

/* What the crs_known hook saw. */
typedef struct {
  guint calls;
  char *crs, *crs_source;
  gboolean had_geometry;
} crs_seen_t;

static void note_crs(const tm_layer_t *layer, void *data)
{
  crs_seen_t *seen = data;
  seen->calls++;
  g_free(seen->crs);
  g_free(seen->crs_source);
  seen->crs = g_strdup(layer->crs);
  seen->crs_source = g_strdup(layer->crs_source);
  seen->had_geometry = layer->geom != NULL;
}

/* The hook hears the CRS once, before the records are read; not at all
 * when the CRS is missing. */
static void test_crs_known_hook(fixture_t *fx, gconstpointer data)
{
  char *shp = fx_write_squares(fx, "hook", 3, NULL);
  crs_seen_t seen = {0};
  tm_read_options_t opt = {.crs_known = note_crs, .crs_known_data = &seen};
  tm_layer_t *l = read_ok(fx, shp, &opt);
  g_assert_cmpuint(seen.calls, ==, 1);
  g_assert_cmpstr(seen.crs, ==, l->crs);
  g_assert_cmpstr(seen.crs_source, ==, "prj");
  g_assert_false(seen.had_geometry);
  g_assert_cmpuint(l->geom->n_features, ==, 3);
  tm_layer_free(l);

  opt.src_crs = "EPSG:2154";
  l = read_ok(fx, shp, &opt);
  g_assert_cmpuint(seen.calls, ==, 2);
  g_assert_cmpstr(seen.crs, ==, "EPSG:2154");
  g_assert_cmpstr(seen.crs_source, ==, "option");
  tm_layer_free(l);

  opt.src_crs = NULL;
  fx_remove(fx, "hook.prj");
  char *msg = read_fail(fx, shp, &opt, TM_ERROR_CRS);
  g_assert_cmpuint(seen.calls, ==, 2);
  g_free(msg);
  g_free(seen.crs);
  g_free(seen.crs_source);
  g_free(shp);
}

/* ---- hostile and wrong files ---- */

static void test_missing_parts(fixture_t *fx, gconstpointer data)
{
  char *shp = fx_write_squares(fx, "miss", 1, NULL);
  fx_remove(fx, "miss.dbf");
  char *msg = read_fail(fx, shp, NULL, TM_ERROR_IO);
  char *expected = g_strdup_printf("%s/miss.dbf: cannot open (%s)", fx->dir, g_strerror(ENOENT));
  g_assert_cmpstr(msg, ==, expected);
  g_free(expected);
  g_free(msg);
  fx_remove(fx, "miss.shx");
  msg = read_fail(fx, shp, NULL, TM_ERROR_IO);
  g_assert_nonnull(strstr(msg, "miss.shx: cannot open"));
  g_free(msg);
  fx_remove(fx, "miss.shp");
  msg = read_fail(fx, shp, NULL, TM_ERROR_IO);
  g_assert_nonnull(strstr(msg, "miss.shp: cannot open"));
  g_free(msg);
  g_free(shp);

  char *geojson = fx_path(fx, "x.geojson");
  msg = read_fail(fx, geojson, NULL, TM_ERROR_ARGUMENT);
  g_assert_nonnull(strstr(msg, "expected a path ending in .shp"));
  g_free(msg);
  g_free(geojson);
}

static void test_points_rejected(fixture_t *fx, gconstpointer data)
{
  double x = 1, y = 2;
  SHPObject *o = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
  char *shp = fx_write_layer(fx, "pts", SHPT_POINT, &o, 1, NULL, WKT);
  char *msg = read_fail(fx, shp, NULL, TM_ERROR_FORMAT);
  char *expected = g_strdup_printf("%s: shape type Point (expected Polygon)", shp);
  g_assert_cmpstr(msg, ==, expected);
  g_free(expected);
  g_free(msg);
  g_free(shp);
}

static void test_record_count_mismatch(fixture_t *fx, gconstpointer data)
{
  char *shp = fx_write_squares(fx, "count", 3, NULL);
  char *dbf_path = fx_path(fx, "count.dbf");
  DBFHandle dbf = DBFCreateEx(dbf_path, NULL);
  DBFAddField(dbf, "CODE", FTString, 5, 0);
  DBFWriteStringAttribute(dbf, 0, 0, "a");
  DBFWriteStringAttribute(dbf, 1, 0, "b");
  DBFClose(dbf);
  char *msg = read_fail(fx, shp, NULL, TM_ERROR_FORMAT);
  g_assert_nonnull(strstr(msg, "count.dbf: 2 records"));
  g_assert_nonnull(strstr(msg, "count.shp has 3"));
  g_free(msg);
  g_free(dbf_path);
  g_free(shp);
}

static gsize file_size(const char *path)
{
  GStatBuf st;
  g_assert_cmpint(g_stat(path, &st), ==, 0);
  return (gsize)st.st_size;
}

static void test_truncated_shp(fixture_t *fx, gconstpointer data)
{
  char *shp = fx_write_squares(fx, "trunc", 3, NULL);
  gsize size = file_size(shp);
  const gsize cuts[] = {size - 1, size - 40, 100 + 8 + 20, 101, 99, 50, 0};
  for (gsize i = 0; i < G_N_ELEMENTS(cuts); i++) {
    g_assert_cmpint(truncate(shp, (off_t)cuts[i]), ==, 0);
    char *msg = read_fail(fx, shp, NULL, TM_ERROR_FORMAT);
    g_assert_true(g_str_has_prefix(msg, shp));
    g_free(msg);
  }
  g_free(shp);

  /* A .dbf cut short in its last record. */
  shp = fx_write_squares(fx, "truncdbf", 3, NULL);
  char *dbf = fx_path(fx, "truncdbf.dbf");
  g_assert_cmpint(truncate(dbf, (off_t)(file_size(dbf) - 10)), ==, 0);
  char *msg = read_fail(fx, shp, NULL, TM_ERROR_FORMAT);
  g_assert_nonnull(strstr(msg, "truncdbf.dbf: record 3: cannot be read"));
  g_free(msg);
  g_free(dbf);
  g_free(shp);
}

/* Every byte of each file set to 0xff or 0x7f in turn: the read either
 * works or fails with a message naming a file of the layer; never crashes
 * (run under ASan). */
static void test_corrupted_bytes(fixture_t *fx, gconstpointer data)
{
  const double xy[] = {SQ(0, 0, 10, 10), SQ_CCW(2, 2, 4, 4)};
  const int counts[] = {5, 5};
  static const char *exts[] = {"shp", "shx", "dbf"};
  for (gsize e = 0; e < G_N_ELEMENTS(exts); e++) {
    SHPObject *objs[] = {make_polygon(SHPT_POLYGON, 2, counts, xy),
                         make_polygon(SHPT_POLYGON, 2, counts, xy)};
    char *shp = fx_write_layer(fx, "fuzz", SHPT_POLYGON, objs, 2, NULL, WKT);
    char *name = g_strconcat("fuzz.", exts[e], NULL);
    char *path = fx_path(fx, name);
    char *orig;
    gsize len;
    g_assert_true(g_file_get_contents(path, &orig, &len, NULL));
    for (gsize k = 0; k < len; k++) {
      for (int v = 0; v < 2; v++) {
        char *copy = g_memdup2(orig, len);
        copy[k] = v ? (char)0x7f : (char)0xff;
        g_assert_true(g_file_set_contents(path, copy, (gssize)len, NULL));
        g_free(copy);
        GError *error = NULL;
        tm_layer_t *l = tm_layer_read(fx->ctx, shp, NULL, &error);
        if (l) {
          g_assert_no_error(error);
          g_assert_cmpuint(l->geom->n_features, ==, l->n_features);
        } else {
          g_assert_nonnull(error);
          g_assert_true(g_str_has_prefix(error->message, fx->dir));
          g_error_free(error);
        }
        tm_layer_free(l);
      }
    }
    g_free(orig);
    g_free(path);
    g_free(name);
    g_free(shp);
  }
}

static void test_bad_part_start(fixture_t *fx, gconstpointer data)
{
  const double xy[] = {SQ(0, 0, 10, 10), SQ_CCW(2, 2, 4, 4)};
  const int counts[] = {5, 5};
  SHPObject *o = make_polygon(SHPT_POLYGON, 2, counts, xy);
  char *shp = fx_write_layer(fx, "parts", SHPT_POLYGON, &o, 1, NULL, WKT);
  char *contents;
  gsize len;
  g_assert_true(g_file_get_contents(shp, &contents, &len, NULL));
  /* Record header 8 bytes, then type 4, box 32, nParts 4, nPoints 4: the
   * part table starts at 100 + 52; part 2 (little-endian int) at +4. */
  const guint32 bad_starts[] = {3, 11, 0xfffffff0u};
  for (gsize i = 0; i < G_N_ELEMENTS(bad_starts); i++) {
    guint32 v = GUINT32_TO_LE(bad_starts[i]);
    memcpy(contents + 100 + 52 + 4, &v, 4);
    if (bad_starts[i] == 3) /* decreasing: part 1 must then start later */
      memcpy(contents + 100 + 52, &(guint32){GUINT32_TO_LE(4)}, 4);
    g_assert_true(g_file_set_contents(shp, contents, (gssize)len, NULL));
    char *msg = read_fail(fx, shp, NULL, TM_ERROR_FORMAT);
    g_assert_true(g_str_has_prefix(msg, shp));
    g_assert_nonnull(strstr(msg, "record 1"));
    g_free(msg);
  }
  g_free(contents);
  g_free(shp);
}

/* ---- real data (optional) ---- */

static void test_real_epci(fixture_t *fx, gconstpointer data)
{
  const char *root = g_getenv("TERRIMAP_DATA");
  char *shp = root ? g_build_filename(root, "epci", "epci_2025_leger_4326.shp", NULL) : NULL;
  if (!shp || !g_file_test(shp, G_FILE_TEST_EXISTS)) {
    g_test_skip("TERRIMAP_DATA/epci/epci_2025_leger_4326.shp absent");
    g_free(shp);
    return;
  }
  tm_layer_t *l = read_ok(fx, shp, NULL);
  g_assert_cmpuint(l->n_features, ==, 1255);
  g_assert_cmpstr(l->encoding, ==, "UTF-8");
  g_assert_cmpstr(l->encoding_source, ==, "cpg");
  g_assert_cmpstr(l->crs_source, ==, "prj");
  g_assert_cmpuint(l->n_null_shapes + l->n_bad_rings, ==, 0);
  gint code = tm_layer_find_field(l, "CODE_SIREN");
  g_assert_cmpint(code, >=, 0);
  gboolean found = FALSE;
  for (guint i = 0; i < l->n_features; i++)
    if (!g_strcmp0(tm_layer_get_value(l, i, (guint)code), "200054781"))
      found = TRUE;
  g_assert_true(found);
  /* README: 38693 vertices, counted as GDAL does (closing points included). */
  g_assert_cmpuint(l->geom->n_points, ==, 38693);
  g_assert_cmpfloat_with_epsilon(l->extent.x0, -61.8063, 1e-4);
  g_assert_cmpfloat_with_epsilon(l->extent.y1, 51.0884, 1e-4);
  tm_layer_free(l);
  g_free(shp);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) \
  g_test_add("/read/" name, fixture_t, NULL, fx_setup, fn, fx_teardown)
  ADD("square", test_square);
  ADD("hole", test_hole);
  ADD("hole-touching-exterior", test_hole_touching_exterior);
  ADD("orphan-hole", test_orphan_hole);
  ADD("multipolygon", test_multipolygon);
  ADD("counter-clockwise-writer", test_counter_clockwise_writer);
  ADD("null-and-bad-rings", test_null_and_bad_rings);
  ADD("polygonz-and-empty", test_polygon_z_and_empty);
  ADD("latin1-cpg", test_latin1_cpg);
  ADD("detect-cp1252", test_detect_cp1252);
  ADD("encoding-names", test_encoding_names);
  ADD("ldid", test_ldid);
  ADD("fields", test_fields);
  ADD("crs", test_crs);
  ADD("crs-known-hook", test_crs_known_hook);
  ADD("missing-parts", test_missing_parts);
  ADD("points-rejected", test_points_rejected);
  ADD("record-count-mismatch", test_record_count_mismatch);
  ADD("truncated-shp", test_truncated_shp);
  ADD("corrupted-bytes", test_corrupted_bytes);
  ADD("bad-part-start", test_bad_part_start);
  ADD("real-epci", test_real_epci);
  return g_test_run();
}
