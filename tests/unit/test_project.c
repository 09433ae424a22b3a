/* Project stage: CRS checks and descriptions, splitting a layer among the
 * map frames and reprojecting each frame. */
#include <math.h>
#include <string.h>

#include "terrimap/project.h"
#include "terrimap/read.h"
#include "terrimap/style.h"
/* tm_approx_* and the PROJ helpers, to compare with PROJ's own answers. */
#include "../../src/project/project_private.h"

/* RGF93 v1 / Lambert-93 as an ESRI-style .prj writes it (no authority code). */
static const char lambert93_wkt[] =
    "PROJCS[\"RGF_1993_Lambert_93\",GEOGCS[\"GCS_RGF_1993\",DATUM[\"D_RGF_1993\","
    "SPHEROID[\"GRS_1980\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
    "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Lambert_Conformal_Conic\"],"
    "PARAMETER[\"False_Easting\",700000.0],PARAMETER[\"False_Northing\",6600000.0],"
    "PARAMETER[\"Central_Meridian\",3.0],PARAMETER[\"Standard_Parallel_1\",44.0],"
    "PARAMETER[\"Standard_Parallel_2\",49.0],PARAMETER[\"Latitude_Of_Origin\",46.5],"
    "UNIT[\"Meter\",1.0]]";

typedef struct {
  tm_context_t *ctx;
  GPtrArray *warnings;
  tm_style_t *style;
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
  GError *error = NULL;
  fx->style = tm_style_load(NULL, &error);
  g_assert_no_error(error);
  g_assert_nonnull(fx->style);
}

static void fixture_tear_down(fixture_t *fx, gconstpointer data)
{
  tm_style_free(fx->style);
  g_ptr_array_unref(fx->warnings);
  tm_context_free(fx->ctx);
}

/* An axis-aligned square of side 2*half centred on (x, y), as one feature. */
static void add_square(tm_geom_builder_t *b, double x, double y, double half)
{
  const double ring[] = {x - half, y - half, x + half, y - half, x + half, y + half,
                         x - half, y + half};
  tm_geom_builder_begin_feature(b);
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, ring, 4);
}

/* A layer with no attributes around geom, which it takes. */
static tm_layer_t *make_layer(tm_geom_t *geom, const char *crs, const char *crs_source)
{
  tm_layer_t *layer = g_new0(tm_layer_t, 1);
  layer->path = g_strdup("test/epci.shp");
  layer->crs = g_strdup(crs);
  layer->crs_source = g_strdup(crs_source);
  layer->encoding = g_strdup("UTF-8");
  layer->encoding_source = g_strdup("option");
  layer->n_features = geom->n_features;
  layer->geom = geom;
  layer->extent = tm_geom_get_extent(geom);
  return layer;
}

static const tm_frame_t *find_frame(const tm_projection_t *p, const char *name)
{
  for (guint i = 0; i < p->n_frames; i++)
    if (strcmp(p->frames[i].name, name) == 0)
      return &p->frames[i];
  return NULL;
}

static void assert_all_finite(const tm_geom_t *g)
{
  for (guint k = 0; k < 2 * g->n_points; k++)
    if (!isfinite(g->xy[k]))
      g_error("coordinate %u of %u is %g", k, 2 * g->n_points, g->xy[k]);
}

/* ---- CRS ---- */

static void test_crs_check(fixture_t *fx, gconstpointer data)
{
  GError *error = NULL;
  g_assert_true(tm_crs_check(fx->ctx, "EPSG:2154", "x.shp: --src-crs", &error));
  g_assert_no_error(error);
  g_assert_true(tm_crs_check(fx->ctx, lambert93_wkt, "communes.prj", &error));
  g_assert_no_error(error);
  g_assert_true(tm_crs_check(fx->ctx, "+proj=longlat +datum=WGS84 +type=crs", "opt", &error));
  g_assert_no_error(error);

  g_assert_false(tm_crs_check(fx->ctx, "NOT A CRS", "data/communes.prj", &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_CRS);
  g_assert_true(g_str_has_prefix(error->message, "data/communes.prj: "));
  g_assert_nonnull(strstr(error->message, "NOT A CRS"));
  g_assert_nonnull(strstr(error->message, "EPSG:2154")); /* says what was expected */
  g_clear_error(&error);

  /* An empty definition and a valid PROJ object that is not a CRS. */
  g_assert_false(tm_crs_check(fx->ctx, "", "empty.prj", &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_CRS);
  g_assert_true(g_str_has_prefix(error->message, "empty.prj: "));
  g_clear_error(&error);
  g_assert_false(tm_crs_check(fx->ctx, "+proj=merc", "op.prj", &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_CRS);
  g_clear_error(&error);
  g_assert_false(tm_crs_check(fx->ctx, NULL, "null", &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_CRS);
  g_clear_error(&error);
}

static void test_crs_describe(fixture_t *fx, gconstpointer data)
{
  GError *error = NULL;
  char *text = tm_crs_describe(fx->ctx, "EPSG:2154", "opt", &error);
  g_assert_no_error(error);
  g_assert_nonnull(strstr(text, "Lambert-93"));
  g_assert_nonnull(strstr(text, "(EPSG:2154)"));
  g_free(text);

  /* An ESRI .prj has no code: PROJ's identification finds it. */
  text = tm_crs_describe(fx->ctx, lambert93_wkt, "communes.prj", &error);
  g_assert_no_error(error);
  g_assert_nonnull(strstr(text, "EPSG:2154"));
  g_free(text);

  g_assert_null(tm_crs_describe(fx->ctx, "NOT A CRS", "bad.prj", &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_CRS);
  g_assert_true(g_str_has_prefix(error->message, "bad.prj: "));
  g_clear_error(&error);
}

/* ---- projecting a layer into the default frames ---- */

/* Paris, Guadeloupe (Basse-Terre), the middle of the Atlantic. */
static tm_layer_t *three_places_layer(void)
{
  tm_geom_builder_t *b = tm_geom_builder_new();
  add_square(b, 2.35, 48.853, 0.05); /* Notre-Dame */
  add_square(b, -61.5, 16.2, 0.05);
  add_square(b, -30, 40, 0.05);
  return make_layer(tm_geom_builder_finish(b), "EPSG:4326", "option");
}

static void test_project_default_frames(fixture_t *fx, gconstpointer data)
{
  tm_layer_t *layer = three_places_layer();
  GError *error = NULL;
  tm_projection_t *p =
      tm_project_layer(fx->ctx, layer, fx->style->frames, fx->style->n_frames, &error);
  g_assert_no_error(error);
  g_assert_nonnull(p);

  /* Frames without features are left out; the order is the spec order. */
  g_assert_cmpuint(p->n_frames, ==, 2);
  g_assert_cmpstr(p->frames[0].name, ==, "metropole");
  g_assert_cmpstr(p->frames[1].name, ==, "guadeloupe");
  g_assert_null(find_frame(p, "martinique"));
  g_assert_cmpuint(p->n_unplaced, ==, 1);
  g_assert_cmpuint(p->n_failed_points, ==, 0);

  /* The Atlantic square is reported, naming the layer and its record. */
  g_assert_cmpuint(tm_context_get_warning_count(fx->ctx), ==, 1);
  g_assert_cmpuint(fx->warnings->len, ==, 1);
  const char *warning = g_ptr_array_index(fx->warnings, 0);
  g_assert_true(g_str_has_prefix(warning, "test/epci.shp: "));
  g_assert_nonnull(strstr(warning, "record 3"));

  const tm_frame_t *metro = &p->frames[0];
  g_assert_false(metro->inset);
  g_assert_cmpstr(metro->crs, ==, "EPSG:2154");
  g_assert_cmpstr(metro->title, ==, "France métropolitaine");
  g_assert_cmpuint(metro->n_features, ==, 1);
  g_assert_cmpuint(metro->features[0], ==, 0);
  g_assert_cmpuint(metro->geom->n_features, ==, 1);
  g_assert_cmpuint(metro->geom->n_points, ==, 5);
  g_assert_cmpuint(metro->n_failed_points, ==, 0);
  assert_all_finite(metro->geom);
  /* Paris (Notre-Dame) in Lambert-93: about (652000, 6862000). */
  double cx = (metro->extent.x0 + metro->extent.x1) / 2;
  double cy = (metro->extent.y0 + metro->extent.y1) / 2;
  g_assert_cmpfloat(fabs(cx - 652000), <, 2000);
  g_assert_cmpfloat(fabs(cy - 6862000), <, 2000);
  /* A 0.1 degree square: ~7.3 km wide and ~11 km high at 48.8 N. */
  g_assert_cmpfloat(metro->extent.x1 - metro->extent.x0, >, 7000);
  g_assert_cmpfloat(metro->extent.x1 - metro->extent.x0, <, 7800);
  g_assert_cmpfloat(metro->extent.y1 - metro->extent.y0, >, 10800);
  g_assert_cmpfloat(metro->extent.y1 - metro->extent.y0, <, 11500);
  tm_extent_t geom_extent = tm_geom_get_extent(metro->geom);
  g_assert_cmpmem(&geom_extent, sizeof geom_extent, &metro->extent, sizeof metro->extent);
  /* Lambert-93 is secant at 44 and 49 N: the scale is near 1 at Paris. */
  g_assert_cmpfloat(metro->scale_factor, >=, 0.999);
  g_assert_cmpfloat(metro->scale_factor, <=, 1.002);

  const tm_frame_t *gp = &p->frames[1];
  g_assert_true(gp->inset);
  g_assert_cmpstr(gp->crs, ==, "EPSG:5490");
  g_assert_cmpstr(gp->title, ==, "Guadeloupe");
  g_assert_cmpuint(gp->n_features, ==, 1);
  g_assert_cmpuint(gp->features[0], ==, 1);
  assert_all_finite(gp->geom);
  /* RRAF 1991 / UTM 20N: Basse-Terre near (660000, 1791000). */
  double gx = (gp->extent.x0 + gp->extent.x1) / 2, gy = (gp->extent.y0 + gp->extent.y1) / 2;
  g_assert_cmpfloat(fabs(gx - 660000), <, 20000);
  g_assert_cmpfloat(fabs(gy - 1791000), <, 20000);
  g_assert_cmpfloat(gp->scale_factor, >, 0.999);
  g_assert_cmpfloat(gp->scale_factor, <, 1.001);

  /* The layer is not modified. */
  g_assert_cmpfloat(layer->geom->xy[0], ==, 2.35 - 0.05);
  tm_projection_free(p);
  tm_projection_free(NULL);
  tm_layer_free(layer);
}

/* A layer already in Lambert-93 (from an ESRI .prj): a no-op projection
 * for the mainland, features keep their order, null shapes are skipped
 * and are not "unplaced". */
static void test_project_lambert93_layer(fixture_t *fx, gconstpointer data)
{
  tm_geom_builder_t *b = tm_geom_builder_new();
  add_square(b, 652000, 6862000, 5000);   /* Paris */
  tm_geom_builder_begin_feature(b);       /* null shape */
  add_square(b, 843000, 6519000, 5000);   /* Lyon */
  tm_layer_t *layer = make_layer(tm_geom_builder_finish(b), lambert93_wkt, "prj");
  GError *error = NULL;
  tm_projection_t *p =
      tm_project_layer(fx->ctx, layer, fx->style->frames, fx->style->n_frames, &error);
  g_assert_no_error(error);
  g_assert_nonnull(p);
  g_assert_cmpuint(p->n_frames, ==, 1);
  g_assert_cmpuint(p->n_unplaced, ==, 0);
  g_assert_cmpuint(tm_context_get_warning_count(fx->ctx), ==, 0);
  const tm_frame_t *f = &p->frames[0];
  g_assert_cmpstr(f->name, ==, "metropole");
  g_assert_cmpuint(f->n_features, ==, 2);
  g_assert_cmpuint(f->features[0], ==, 0);
  g_assert_cmpuint(f->features[1], ==, 2);
  g_assert_cmpuint(f->geom->n_points, ==, 10);
  for (guint k = 0; k < 2 * f->geom->n_points; k++)
    g_assert_cmpfloat(fabs(f->geom->xy[k] - layer->geom->xy[k]), <, 0.01);
  g_assert_cmpfloat_with_epsilon(f->extent.x0, 647000, 0.01);
  g_assert_cmpfloat_with_epsilon(f->extent.y1, 6867000, 0.01);
  tm_projection_free(p);
  tm_layer_free(layer);
}

/* An invalid feature is repaired in the layer's coordinates before the
 * frames are cut (the report gives its place in longitude and latitude),
 * the layer itself left as it was; the frame holds the repaired feature
 * between the untouched ones. */
static void test_project_repairs_invalid(fixture_t *fx, gconstpointer data)
{
  const double bow[] = {4.0, 45.0, 4.2, 45.2, 4.2, 45.0, 4.0, 45.2}; /* near Lyon */
  tm_geom_builder_t *b = tm_geom_builder_new();
  add_square(b, 2.35, 48.853, 0.05);
  tm_geom_builder_begin_feature(b);
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, bow, 4);
  add_square(b, 5.4, 43.3, 0.05);
  tm_layer_t *layer = make_layer(tm_geom_builder_finish(b), "EPSG:4326", "option");
  GError *error = NULL;
  tm_projection_t *p =
      tm_project_layer(fx->ctx, layer, fx->style->frames, fx->style->n_frames, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(p->n_frames, ==, 1);
  g_assert_cmpuint(fx->warnings->len, ==, 1);
  const char *w = g_ptr_array_index(fx->warnings, 0);
  g_assert_true(g_str_has_prefix(w, "test/epci.shp: 1 invalid polygon(s) repaired (first: record 2: "));
  g_assert_nonnull(strstr(w, "Self-intersection[4.1 45.1]"));
  const tm_geom_t *g = p->frames[0].geom;
  g_assert_cmpuint(g->n_features, ==, 3);
  g_assert_cmpuint(g->feature_poly[1] - g->feature_poly[0], ==, 1);
  g_assert_cmpuint(g->feature_poly[2] - g->feature_poly[1], ==, 2); /* the two triangles */
  g_assert_cmpuint(g->feature_poly[3] - g->feature_poly[2], ==, 1);
  g_assert_cmpuint(g->n_points, ==, 5 + 4 + 4 + 5);
  assert_all_finite(g);
  /* The layer keeps its own (invalid) feature. */
  g_assert_cmpuint(layer->geom->n_points, ==, 15);
  tm_projection_free(p);

  /* Projected again with its points released, for drawing: taken as
   * read, neither checked nor repaired (the even-odd fill of the bow tie
   * is its two triangles). */
  g_ptr_array_set_size(fx->warnings, 0);
  p = tm_project_layer_release(fx->ctx, layer, fx->style->frames, fx->style->n_frames, NULL,
                               &error);
  g_assert_no_error(error);
  g_assert_null(layer->geom);
  g_assert_cmpuint(fx->warnings->len, ==, 0);
  g_assert_cmpuint(p->frames[0].geom->n_features, ==, 3);
  g_assert_cmpuint(p->frames[0].geom->n_polys, ==, 3);
  g_assert_cmpuint(p->frames[0].geom->n_points, ==, 15);
  tm_projection_free(p);
  tm_layer_free(layer);
}

static void assert_same_geom(const tm_geom_t *a, const tm_geom_t *b)
{
  g_assert_cmpuint(a->n_features, ==, b->n_features);
  g_assert_cmpuint(a->n_polys, ==, b->n_polys);
  g_assert_cmpuint(a->n_rings, ==, b->n_rings);
  g_assert_cmpuint(a->n_points, ==, b->n_points);
  g_assert_cmpmem(a->feature_poly, (a->n_features + 1) * 4, b->feature_poly,
                  (b->n_features + 1) * 4);
  g_assert_cmpmem(a->poly_ring, (a->n_polys + 1) * 4, b->poly_ring, (b->n_polys + 1) * 4);
  g_assert_cmpmem(a->ring_point, (a->n_rings + 1) * 4, b->ring_point, (b->n_rings + 1) * 4);
  g_assert_cmpmem(a->xy, a->n_points * 16, b->xy, b->n_points * 16);
}

/* Released, the mainland frame is the layer's own arrays cut down in
 * place, the insets' features (the first and the last) copied out before
 * it: every frame is the same, array for array, as the one a copying
 * projection of the same layer makes. */
static void test_project_release_in_place(fixture_t *fx, gconstpointer data)
{
  const double hole[] = {2.3, 48.83, 2.4, 48.83, 2.4, 48.87, 2.3, 48.87};
  tm_geom_t *layers[2];
  for (guint i = 0; i < 2; i++) {
    tm_geom_builder_t *b = tm_geom_builder_new();
    add_square(b, -61.5, 16.2, 0.05); /* Guadeloupe */
    add_square(b, 2.35, 48.853, 0.1);   /* Paris, with a hole */
    tm_geom_builder_add_ring(b, hole, 4);
    add_square(b, 4.8, 45.7, 0.1);      /* Lyon */
    add_square(b, 5.4, 43.3, 0.05);     /* Marseille */
    add_square(b, -61.0, 14.6, 0.05);   /* Martinique */
    layers[i] = tm_geom_builder_finish(b);
  }
  tm_layer_t *copied = make_layer(layers[0], "EPSG:4326", "option");
  tm_layer_t *released = make_layer(layers[1], "EPSG:4326", "option");
  GError *error = NULL;
  tm_projection_t *a =
      tm_project_layer(fx->ctx, copied, fx->style->frames, fx->style->n_frames, &error);
  g_assert_no_error(error);
  /* With the PROJ objects made beforehand, as a render does. */
  char *what = tm_layer_get_crs_origin(released);
  tm_frames_plan_t *plan =
      tm_frames_plan_start(released->crs, what, fx->style->frames, fx->style->n_frames);
  g_free(what);
  tm_projection_t *b = tm_project_layer_release(fx->ctx, released, fx->style->frames,
                                                fx->style->n_frames, plan, &error);
  g_assert_no_error(error);
  g_assert_null(released->geom);
  g_assert_cmpuint(b->released_bytes, ==, 0); /* taken, not freed */
  g_assert_cmpuint(a->n_frames, ==, 3);
  g_assert_cmpuint(b->n_frames, ==, 3);
  for (guint i = 0; i < a->n_frames; i++) {
    g_assert_cmpstr(a->frames[i].name, ==, b->frames[i].name);
    g_assert_cmpuint(a->frames[i].n_features, ==, b->frames[i].n_features);
    g_assert_cmpmem(a->frames[i].features, a->frames[i].n_features * sizeof(guint),
                    b->frames[i].features, b->frames[i].n_features * sizeof(guint));
    assert_same_geom(a->frames[i].geom, b->frames[i].geom);
    g_assert_cmpmem(&a->frames[i].extent, sizeof(tm_extent_t), &b->frames[i].extent,
                    sizeof(tm_extent_t));
  }
  const tm_geom_t *metro = b->frames[0].geom;
  g_assert_cmpstr(b->frames[0].name, ==, "metropole");
  g_assert_cmpuint(metro->n_features, ==, 3);
  g_assert_cmpuint(metro->n_rings, ==, 4);
  g_assert_cmpuint(metro->n_points, ==, 20);
  tm_projection_free(a);
  tm_projection_free(b);
  tm_layer_free(copied);
  tm_layer_free(released);
}

/* Points PROJ cannot transform are counted, warned about and dropped; the
 * frame's geometry keeps only finite coordinates. */
static void test_project_failed_points(fixture_t *fx, gconstpointer data)
{
  /* The feature's exterior is fine, so that it is placed in the mainland
   * frame; its hole has absurd points, to Lambert-93 (EPSG:2154) and to the
   * geographic CRS alike. */
  const double outer[] = {2.0, 48.5, 2.6, 48.5, 2.6, 49.1, 2.0, 49.1};
  const double hole[] = {2.2, 48.7, 1e30, 48.7, 2.4, 1e30, 2.2, 48.9};
  tm_geom_builder_t *b = tm_geom_builder_new();
  add_square(b, 4.8, 45.7, 0.1); /* Lyon, untouched */
  tm_geom_builder_begin_feature(b);
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, outer, 4);
  tm_geom_builder_add_ring(b, hole, 4);
  tm_layer_t *layer = make_layer(tm_geom_builder_finish(b), "EPSG:4326", "option");
  GError *error = NULL;
  tm_projection_t *p =
      tm_project_layer(fx->ctx, layer, fx->style->frames, fx->style->n_frames, &error);
  g_assert_no_error(error);
  g_assert_nonnull(p);
  g_assert_cmpuint(p->n_frames, ==, 1);
  const tm_frame_t *f = &p->frames[0];
  g_assert_cmpuint(f->n_features, ==, 2);
  g_assert_cmpuint(f->n_failed_points, ==, 2);
  g_assert_cmpuint(p->n_failed_points, ==, 2);
  assert_all_finite(f->geom);
  /* The hole, left with fewer than four points, went; the exterior stayed. */
  g_assert_cmpuint(f->geom->n_features, ==, 2);
  g_assert_cmpuint(f->geom->n_rings, ==, 2);
  g_assert_cmpuint(f->geom->n_points, ==, 10);
  g_assert_cmpuint(fx->warnings->len, ==, 1);
  g_assert_nonnull(strstr(g_ptr_array_index(fx->warnings, 0), "2 point(s)"));
  tm_projection_free(p);
  tm_layer_free(layer);
}

/* A layer in EPSG:2154 with one feature (a 100 km square) whose hole's
 * second and third points are (bad_x, 6820000) and (bad_x, bad_y). */
static tm_layer_t *lambert93_layer_with_bad_hole(double bad_x, double bad_y)
{
  const double outer[] = {600000, 6800000, 700000, 6800000, 700000, 6900000, 600000, 6900000};
  const double hole[] = {620000, 6820000, bad_x, 6820000, bad_x, bad_y, 620000, 6880000,
                         640000, 6850000};
  tm_geom_builder_t *b = tm_geom_builder_new();
  tm_geom_builder_begin_feature(b);
  tm_geom_builder_begin_polygon(b);
  tm_geom_builder_add_ring(b, outer, 4);
  tm_geom_builder_add_ring(b, hole, 5);
  return make_layer(tm_geom_builder_finish(b), "EPSG:2154", "option");
}

/* The same with a layer in EPSG:2154, where the mainland transformation is
 * a no-op ("+proj=noop"), so PROJ hands absurd values back unchanged
 * instead of failing on them. */
static void test_project_failed_points_lambert93(fixture_t *fx, gconstpointer data)
{
  tm_layer_t *layer = lambert93_layer_with_bad_hole(1e30, 6850000);
  GError *error = NULL;
  tm_projection_t *p =
      tm_project_layer(fx->ctx, layer, fx->style->frames, fx->style->n_frames, &error);
  g_assert_no_error(error);
  g_assert_nonnull(p);
  g_assert_cmpuint(p->n_frames, ==, 1);
  const tm_frame_t *f = &p->frames[0];
  g_assert_cmpuint(f->n_features, ==, 1);
  assert_all_finite(f->geom);
  g_assert_cmpuint(f->n_failed_points, ==, 2);
  g_assert_cmpuint(p->n_failed_points, ==, 2);
  g_assert_cmpuint(fx->warnings->len, ==, 1);
  g_assert_nonnull(strstr(g_ptr_array_index(fx->warnings, 0), "2 point(s)"));
  g_assert_cmpfloat(f->extent.y0, ==, 6800000);
  g_assert_cmpfloat(f->extent.y1, ==, 6900000);
  /* The hole kept its four finite points, closed again: 5 + 4. */
  g_assert_cmpuint(f->geom->n_rings, ==, 2);
  g_assert_cmpuint(f->geom->n_points, ==, 9);
  tm_projection_free(p);
  tm_layer_free(layer);
}

/* An absurd northing with an ordinary easting, in a layer already in the
 * frame's CRS: as absurd as an absurd easting, and must be dropped too. */
static void test_project_failed_points_absurd_northing(fixture_t *fx, gconstpointer data)
{
  tm_layer_t *layer = lambert93_layer_with_bad_hole(660000, 1e30);
  GError *error = NULL;
  tm_projection_t *p =
      tm_project_layer(fx->ctx, layer, fx->style->frames, fx->style->n_frames, &error);
  g_assert_no_error(error);
  g_assert_nonnull(p);
  g_assert_cmpuint(p->n_frames, ==, 1);
  const tm_frame_t *f = &p->frames[0];
  assert_all_finite(f->geom);
  /* Regression: only |x| was checked, so (660000, 1e30) through the
   * EPSG:2154 -> EPSG:2154 noop stayed and the extent reached y = 1e30. */
  g_assert_cmpuint(f->n_failed_points, ==, 1);
  g_assert_cmpuint(p->n_failed_points, ==, 1);
  g_assert_cmpfloat(f->extent.y1, ==, 6900000);
  /* Without its dropped point the hole folds back on itself ((640000,
   * 6850000) lies on the edge before it): it is invalid, and GEOS repairs it
   * into a triangle: 5 exterior points + 4. */
  g_assert_cmpuint(f->geom->n_points, ==, 9);
  tm_projection_free(p);
  tm_layer_free(layer);
}

static void test_project_bad_crs(fixture_t *fx, gconstpointer data)
{
  tm_layer_t *layer = three_places_layer();
  tm_style_set_string(&layer->crs, "NOT A CRS");
  tm_style_set_string(&layer->crs_source, "prj");
  GError *error = NULL;
  tm_projection_t *p =
      tm_project_layer(fx->ctx, layer, fx->style->frames, fx->style->n_frames, &error);
  g_assert_null(p);
  g_assert_error(error, TM_ERROR, TM_ERROR_CRS);
  g_assert_true(g_str_has_prefix(error->message, "test/epci.prj: "));
  g_clear_error(&error);

  /* A bad CRS in a frame names the frame. */
  tm_style_set_string(&layer->crs, "EPSG:4326");
  tm_style_set_string(&fx->style->frames[0].crs, "EPSG:999999");
  p = tm_project_layer(fx->ctx, layer, fx->style->frames, fx->style->n_frames, &error);
  g_assert_null(p);
  g_assert_error(error, TM_ERROR, TM_ERROR_CRS);
  g_assert_nonnull(strstr(error->message, "frame 'metropole'"));
  g_clear_error(&error);
  tm_layer_free(layer);
}

/* A plan begun for the layer, as a render begins it while reading. */
static tm_frames_plan_t *plan_for(const tm_layer_t *layer, const tm_style_t *style)
{
  char *what = tm_layer_get_crs_origin(layer);
  tm_frames_plan_t *plan = tm_frames_plan_start(layer->crs, what, style->frames, style->n_frames);
  g_free(what);
  return plan;
}

/* The message of projecting layer without a plan, copying. */
static char *error_without_plan(fixture_t *fx, const tm_layer_t *layer)
{
  GError *error = NULL;
  tm_projection_t *p =
      tm_project_layer(fx->ctx, layer, fx->style->frames, fx->style->n_frames, &error);
  g_assert_null(p);
  g_assert_nonnull(error);
  char *message = g_strdup(error->message);
  g_error_free(error);
  return message;
}

/* PROJ's objects made beforehand on another core give the projection and
 * the errors that making them on the spot gives. */
static void test_project_plan(fixture_t *fx, gconstpointer data)
{
  GError *error = NULL;

  /* A layer CRS PROJ does not know: the same message. */
  tm_layer_t *layer = three_places_layer();
  tm_style_set_string(&layer->crs, "NOT A CRS");
  tm_style_set_string(&layer->crs_source, "prj");
  char *expected = error_without_plan(fx, layer);
  g_assert_true(g_str_has_prefix(expected, "test/epci.prj: unknown or unusable CRS 'NOT A CRS'"));
  tm_projection_t *p = tm_project_layer_release(fx->ctx, layer, fx->style->frames,
                                                fx->style->n_frames, plan_for(layer, fx->style),
                                                &error);
  g_assert_null(p);
  g_assert_error(error, TM_ERROR, TM_ERROR_CRS);
  g_assert_cmpstr(error->message, ==, expected);
  g_assert_nonnull(layer->geom); /* not taken */
  g_clear_error(&error);
  g_free(expected);
  tm_layer_free(layer);

  /* A frame no feature lies in may have a CRS PROJ does not know: the plan
   * made every frame, and only those used count. */
  layer = three_places_layer(); /* Paris, Guadeloupe */
  tm_style_set_string(&fx->style->frames[5].crs, "EPSG:999999");
  g_assert_cmpstr(fx->style->frames[5].name, ==, "mayotte");
  p = tm_project_layer_release(fx->ctx, layer, fx->style->frames, fx->style->n_frames,
                               plan_for(layer, fx->style), &error);
  g_assert_no_error(error);
  g_assert_cmpuint(p->n_frames, ==, 2);
  g_assert_cmpstr(p->frames[0].name, ==, "metropole");
  g_assert_cmpstr(p->frames[1].name, ==, "guadeloupe");
  tm_projection_free(p);
  tm_layer_free(layer);

  /* One they lie in may not: the same message, naming that frame. */
  layer = three_places_layer();
  tm_style_set_string(&fx->style->frames[1].crs, "EPSG:999999");
  expected = error_without_plan(fx, layer);
  g_assert_nonnull(strstr(expected, "frame 'guadeloupe'"));
  p = tm_project_layer_release(fx->ctx, layer, fx->style->frames, fx->style->n_frames,
                               plan_for(layer, fx->style), &error);
  g_assert_null(p);
  g_assert_error(error, TM_ERROR, TM_ERROR_CRS);
  g_assert_cmpstr(error->message, ==, expected);
  g_clear_error(&error);
  g_free(expected);
  tm_layer_free(layer);
  tm_style_set_string(&fx->style->frames[1].crs, "EPSG:5490");
  tm_style_set_string(&fx->style->frames[5].crs, "EPSG:4471");

  /* A plan begun for another CRS than the layer's is not used: the frames
   * are those a projection without a plan makes. */
  tm_layer_t *planned = three_places_layer(), *alone = three_places_layer();
  tm_style_set_string(&planned->crs, "EPSG:2154");
  tm_frames_plan_t *plan = plan_for(planned, fx->style);
  tm_style_set_string(&planned->crs, "EPSG:4326");
  tm_projection_t *a = tm_project_layer_release(fx->ctx, alone, fx->style->frames,
                                                fx->style->n_frames, NULL, &error);
  g_assert_no_error(error);
  tm_projection_t *b = tm_project_layer_release(fx->ctx, planned, fx->style->frames,
                                                fx->style->n_frames, plan, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(a->n_frames, ==, 2);
  g_assert_cmpuint(b->n_frames, ==, 2);
  for (guint i = 0; i < a->n_frames; i++) {
    g_assert_cmpstr(a->frames[i].name, ==, b->frames[i].name);
    g_assert_cmpfloat(a->frames[i].scale_factor, ==, b->frames[i].scale_factor);
    assert_same_geom(a->frames[i].geom, b->frames[i].geom);
  }
  /* Paris in Lambert-93, whichever way it went (not taken for metres). */
  g_assert_cmpfloat_with_epsilon(b->frames[0].extent.x0, 647000, 10000);
  g_assert_cmpfloat_with_epsilon(b->frames[0].extent.y0, 6857000, 10000);
  tm_projection_free(a);
  tm_projection_free(b);
  tm_layer_free(alone);
  tm_layer_free(planned);

  /* A plan never used (the read failed) is waited for and freed. */
  layer = three_places_layer();
  tm_frames_plan_free(plan_for(layer, fx->style), fx->ctx);
  tm_frames_plan_free(NULL, fx->ctx);
  tm_layer_free(layer);
}

/* ---- interpolated projection (src/project/approx.c) ---- */

/* PROJ's operation from longitude/latitude to crs, as the frames make it. */
static PJ *lonlat_op(PJ_CONTEXT *pc, const char *crs)
{
  GError *error = NULL;
  PJ *src = tm_proj_crs_new_in(pc, "EPSG:4326", "test", &error);
  g_assert_no_error(error);
  PJ *dst = tm_proj_crs_new_in(pc, crs, "test", &error);
  g_assert_no_error(error);
  PJ *op = tm_proj_transform_new_in(pc, src, dst, "test", &error);
  g_assert_no_error(error);
  proj_destroy(src);
  proj_destroy(dst);
  return op;
}

static void project_exactly(PJ *op, double *xy, gsize n)
{
  proj_trans_generic(op, PJ_FWD, xy, 2 * sizeof(double), n, xy + 1, 2 * sizeof(double), n, NULL,
                     0, 0, NULL, 0, 0);
}

/* The largest distance between interpolated and exact points; *n_differ:
 * how many are not PROJ's bits. */
static double max_miss(const double *got, const double *exact, gsize n, gsize *n_differ)
{
  double worst = 0;
  *n_differ = 0;
  for (gsize k = 0; k < n; k++) {
    double d = hypot(got[2 * k] - exact[2 * k], got[2 * k + 1] - exact[2 * k + 1]);
    worst = MAX(worst, d);
    *n_differ += got[2 * k] != exact[2 * k] || got[2 * k + 1] != exact[2 * k + 1];
  }
  return worst;
}

/* Over the mainland in Lambert-93 every cell is interpolated, within a
 * millimetre of PROJ at random points, and exactly PROJ at the nodes. */
static void test_approx_lambert93(fixture_t *fx, gconstpointer data)
{
  PJ_CONTEXT *pc = proj_context_create();
  PJ *op = lonlat_op(pc, "EPSG:2154");
  tm_extent_t france = {-5.0, 41.3, 9.6, 51.1};
  tm_approx_t *a = tm_approx_new(&france, 10000000, &op, 1);
  g_assert_nonnull(a);
  gsize n_exact = 99, n_cells = tm_approx_get_n_cells(a, &n_exact);
  g_assert_cmpuint(n_cells, ==, 147 * 99); /* tenths of a degree from -5 and 41.2 */
  g_assert_cmpuint(n_exact, ==, 0);

  enum { N = 100000 };
  GRand *rand = g_rand_new_with_seed(2154);
  double *got = g_new(double, 2 * N), *exact = g_new(double, 2 * N);
  for (guint k = 0; k < N; k++) {
    got[2 * k] = g_rand_double_range(rand, france.x0, france.x1);
    got[2 * k + 1] = g_rand_double_range(rand, france.y0, france.y1);
  }
  memcpy(exact, got, 2 * N * sizeof(double));
  tm_approx_trans(a, op, got, N);
  project_exactly(op, exact, N);
  gsize n_differ = 0;
  double worst = max_miss(got, exact, N, &n_differ);
  g_test_message("largest miss over %d random points: %.3g m", N, worst);
  g_assert_cmpfloat(worst, <, 1e-3);
  g_assert_cmpuint(n_differ, >, N / 2); /* interpolated, not projected */

  /* A node (every twentieth of a degree) is PROJ's own answer. */
  double node[2] = {-5.0, 41.2}, node_exact[2] = {-5.0, 41.2}; /* the grid's first node */
  tm_approx_trans(a, op, node, 1);
  project_exactly(op, node_exact, 1);
  g_assert_cmpfloat(node[0], ==, node_exact[0]);
  g_assert_cmpfloat(node[1], ==, node_exact[1]);
  g_rand_free(rand);
  g_free(got);
  g_free(exact);
  tm_approx_free(a);
  proj_destroy(op);
  proj_context_destroy(pc);
}

/* Where interpolating misses (Lambert-93 far south of its parallels,
 * where distances grow without bound) or PROJ fails (at the south pole,
 * its cone's apex opposite), cells are projected exactly: those points are
 * PROJ's, infinities included; the others stay within a millimetre. */
static void test_approx_falls_back(fixture_t *fx, gconstpointer data)
{
  PJ_CONTEXT *pc = proj_context_create();
  PJ *op = lonlat_op(pc, "EPSG:2154");
  tm_extent_t south = {0.0, -90.0, 5.0, 50.0};
  tm_approx_t *a = tm_approx_new(&south, 100000000, &op, 1);
  g_assert_nonnull(a);
  gsize n_exact = 0, n_cells = tm_approx_get_n_cells(a, &n_exact);
  g_test_message("%zu of %zu cells projected exactly", n_exact, n_cells);
  g_assert_cmpuint(n_cells, ==, 51 * 1401);
  g_assert_cmpuint(n_exact, >=, 51); /* at least the row at the pole */
  g_assert_cmpuint(n_exact, <, n_cells);
  enum { N = 4000 };
  double *got = g_new(double, 2 * N), *exact = g_new(double, 2 * N);
  for (guint k = 0; k < N; k++) {
    got[2 * k] = 5.0 * k / N;
    got[2 * k + 1] = -90.0 + 140.0 * k / (N - 1); /* the first at the pole */
  }
  memcpy(exact, got, 2 * N * sizeof(double));
  tm_approx_trans(a, op, got, N);
  project_exactly(op, exact, N);
  g_assert_false(isfinite(exact[0]));
  guint n_same = 0, n_interpolated = 0;
  for (guint k = 0; k < N; k++) {
    if (!isfinite(exact[2 * k]) || !isfinite(exact[2 * k + 1])) {
      g_assert_cmpmem(got + 2 * k, 2 * sizeof(double), exact + 2 * k, 2 * sizeof(double));
      continue;
    }
    g_assert_cmpfloat(hypot(got[2 * k] - exact[2 * k], got[2 * k + 1] - exact[2 * k + 1]), <,
                      1e-3);
    if (got[2 * k] == exact[2 * k] && got[2 * k + 1] == exact[2 * k + 1])
      n_same++;
    else
      n_interpolated++;
  }
  g_assert_cmpuint(n_same, >, N / 10);
  g_assert_cmpuint(n_interpolated, >, N / 10);
  g_free(got);
  g_free(exact);
  tm_approx_free(a);
  proj_destroy(op);
  proj_context_destroy(pc);
}

/* No grid for the whole world, nor for fewer points than it would cost. */
static void test_approx_not_worth_it(fixture_t *fx, gconstpointer data)
{
  PJ_CONTEXT *pc = proj_context_create();
  PJ *op = lonlat_op(pc, "EPSG:2154");
  tm_extent_t world = {-180, -90, 180, 90}, lyon = {4.7, 45.6, 5.0, 45.9};
  g_assert_null(tm_approx_new(&world, G_MAXSIZE / 64, &op, 1));
  g_assert_null(tm_approx_new(&lyon, 100, &op, 1));
  tm_approx_t *a = tm_approx_new(&lyon, 100000, &op, 1);
  g_assert_nonnull(a);
  tm_approx_free(a);
  tm_extent_t empty = tm_extent_empty();
  g_assert_null(tm_approx_new(&empty, 100000, &op, 1));
  proj_destroy(op);
  proj_context_destroy(pc);
}

/* A layer in longitude/latitude with many points: its mainland frame is
 * interpolated (within a millimetre of PROJ), and a point two features
 * share gets the same coordinates in both. */
static void test_project_interpolated_frame(fixture_t *fx, gconstpointer data)
{
  /* 30 x 20 cells over France, each a ring of 4 x 150 points along its
   * edges: neighbours share their edges' points exactly. */
  const guint nx = 30, ny = 20, side = 150;
  const double x0 = -4.5, y0 = 42.5, w = 13.0 / nx, h = 8.5 / ny;
  tm_geom_builder_t *b = tm_geom_builder_new();
  double *ring = g_new(double, 2 * 4 * side);
  for (guint j = 0; j < ny; j++)
    for (guint i = 0; i < nx; i++) {
      double cx[4] = {x0 + i * w, x0 + (i + 1) * w, x0 + (i + 1) * w, x0 + i * w};
      double cy[4] = {y0 + j * h, y0 + j * h, y0 + (j + 1) * h, y0 + (j + 1) * h};
      for (guint e = 0; e < 4; e++)
        for (guint k = 0; k < side; k++) {
          double t = (double)k / side;
          ring[2 * (e * side + k)] = cx[e] + t * (cx[(e + 1) % 4] - cx[e]);
          ring[2 * (e * side + k) + 1] = cy[e] + t * (cy[(e + 1) % 4] - cy[e]);
        }
      tm_geom_builder_begin_feature(b);
      tm_geom_builder_begin_polygon(b);
      tm_geom_builder_add_ring(b, ring, 4 * side);
    }
  g_free(ring);
  tm_layer_t *layer = make_layer(tm_geom_builder_finish(b), "EPSG:4326", "option");
  GError *error = NULL;
  tm_projection_t *p =
      tm_project_layer(fx->ctx, layer, fx->style->frames, fx->style->n_frames, &error);
  g_assert_no_error(error);
  const tm_frame_t *metro = find_frame(p, "metropole");
  g_assert_nonnull(metro);
  g_assert_cmpuint(metro->n_features, ==, nx * ny);
  const tm_geom_t *g = metro->geom;
  g_assert_cmpuint(g->n_points, ==, layer->geom->n_points);

  PJ_CONTEXT *pc = proj_context_create();
  PJ *op = lonlat_op(pc, "EPSG:2154");
  double *exact = g_memdup2(layer->geom->xy, 2 * (gsize)g->n_points * sizeof(double));
  project_exactly(op, exact, g->n_points);
  gsize n_differ = 0;
  double worst = max_miss(g->xy, exact, g->n_points, &n_differ);
  g_test_message("largest miss over %u points: %.3g m", g->n_points, worst);
  g_assert_cmpfloat(worst, <, 1e-3);
  g_assert_cmpuint(n_differ, >, 0);
  /* Feature 0's second corner (its point `side`) is feature 1's first. */
  const double *f0 = g->xy + 2 * (gsize)g->ring_point[0] + 2 * side;
  const double *f1 = g->xy + 2 * (gsize)g->ring_point[1];
  g_assert_cmpmem(f0, 2 * sizeof(double), f1, 2 * sizeof(double));
  g_free(exact);
  proj_destroy(op);
  proj_context_destroy(pc);
  tm_projection_free(p);
  tm_layer_free(layer);
}

/* The national EPCI layer (569,000 points): every point of the mainland
 * frame within a millimetre of PROJ's. */
static void test_project_interpolated_real(fixture_t *fx, gconstpointer data)
{
  const char *dir = g_getenv("TERRIMAP_DATA");
  char *shp = dir ? g_build_filename(dir, "epci", "epci_2025_detail_4326.shp", NULL) : NULL;
  if (!shp || !g_file_test(shp, G_FILE_TEST_EXISTS)) {
    g_free(shp);
    g_test_skip("TERRIMAP_DATA/epci/epci_2025_detail_4326.shp is absent");
    return;
  }
  GError *error = NULL;
  tm_layer_t *layer = tm_layer_read(fx->ctx, shp, NULL, &error);
  g_assert_no_error(error);
  tm_projection_t *p =
      tm_project_layer(fx->ctx, layer, fx->style->frames, fx->style->n_frames, &error);
  g_assert_no_error(error);
  const tm_frame_t *metro = find_frame(p, "metropole");
  g_assert_nonnull(metro);
  /* The layer's points of the frame's features, in the frame's order (the
   * layer has no invalid feature and PROJ drops no point). */
  const tm_geom_t *l = layer->geom, *g = metro->geom;
  double *exact = g_new(double, 2 * (gsize)g->n_points);
  gsize at = 0;
  for (guint i = 0; i < metro->n_features; i++) {
    guint f = metro->features[i];
    guint k0 = l->ring_point[l->poly_ring[l->feature_poly[f]]];
    guint k1 = l->ring_point[l->poly_ring[l->feature_poly[f + 1]]];
    memcpy(exact + 2 * at, l->xy + 2 * (gsize)k0, 2 * (gsize)(k1 - k0) * sizeof(double));
    at += k1 - k0;
  }
  g_assert_cmpuint(at, ==, g->n_points);
  PJ_CONTEXT *pc = proj_context_create();
  PJ *op = lonlat_op(pc, "EPSG:2154");
  project_exactly(op, exact, g->n_points);
  gsize n_differ = 0;
  double worst = max_miss(g->xy, exact, g->n_points, &n_differ);
  g_test_message("largest miss over the %u points of the mainland: %.3g m", g->n_points, worst);
  g_assert_cmpuint(g->n_points, >, 500000);
  g_assert_cmpfloat(worst, <, 1e-3);
  g_assert_cmpuint(n_differ, >, 0);
  g_free(exact);
  proj_destroy(op);
  proj_context_destroy(pc);
  tm_projection_free(p);
  tm_layer_free(layer);
  g_free(shp);
}

/* Projects layer in a context of its own (nothing kept from earlier). */
static tm_projection_t *project_fresh(fixture_t *fx, const tm_layer_t *layer)
{
  tm_context_t *ctx = tm_context_new();
  GError *error = NULL;
  tm_projection_t *p = tm_project_layer(ctx, layer, fx->style->frames, fx->style->n_frames,
                                        &error);
  g_assert_no_error(error);
  tm_context_free(ctx);
  return p;
}

static void assert_same_projection(const tm_projection_t *a, const tm_projection_t *b)
{
  g_assert_cmpuint(a->n_frames, ==, b->n_frames);
  for (guint i = 0; i < a->n_frames; i++) {
    g_assert_cmpstr(a->frames[i].name, ==, b->frames[i].name);
    g_assert_cmpfloat(a->frames[i].scale_factor, ==, b->frames[i].scale_factor);
    assert_same_geom(a->frames[i].geom, b->frames[i].geom);
  }
}

/* A map's other layers in the same CRS (overlays, the extent layer) take
 * copies of the PROJ objects the first one made: the same frames as made
 * on the spot, and a frame whose spec changed is made again. */
static void test_project_kept_objects(fixture_t *fx, gconstpointer data)
{
  GError *error = NULL;
  tm_layer_t *first = three_places_layer(), *second = three_places_layer();
  g_assert_null(tm_context_get_slot(fx->ctx, TM_SLOT_FRAMES_CRS));
  tm_projection_t *p1 = tm_project_layer(fx->ctx, first, fx->style->frames, fx->style->n_frames,
                                         &error);
  g_assert_no_error(error);
  g_assert_nonnull(tm_context_get_slot(fx->ctx, TM_SLOT_FRAMES_CRS));
  tm_projection_t *p2 = tm_project_layer(fx->ctx, second, fx->style->frames,
                                         fx->style->n_frames, &error);
  g_assert_no_error(error);
  tm_projection_t *alone = project_fresh(fx, second);
  assert_same_projection(p2, alone);
  assert_same_projection(p1, alone);
  tm_projection_free(p2);
  tm_projection_free(alone);

  /* The mainland in another CRS (LAEA Europe): not the kept Lambert-93. */
  tm_style_set_string(&fx->style->frames[0].crs, "EPSG:3035");
  p2 = tm_project_layer(fx->ctx, second, fx->style->frames, fx->style->n_frames, &error);
  g_assert_no_error(error);
  alone = project_fresh(fx, second);
  assert_same_projection(p2, alone);
  const tm_frame_t *laea = find_frame(p2, "metropole"), *l93 = find_frame(p1, "metropole");
  g_assert_cmpfloat(fabs(laea->geom->xy[0] - l93->geom->xy[0]), >, 1000);
  tm_projection_free(p1);
  tm_projection_free(p2);
  tm_projection_free(alone);

  /* A layer in another CRS keeps nothing of them. */
  tm_style_set_string(&fx->style->frames[0].crs, "EPSG:2154");
  tm_layer_t *l93_layer = lambert93_layer_with_bad_hole(700000, 6600000);
  tm_projection_t *p3 = tm_project_layer(fx->ctx, l93_layer, fx->style->frames,
                                         fx->style->n_frames, &error);
  g_assert_no_error(error);
  alone = project_fresh(fx, l93_layer);
  assert_same_projection(p3, alone);
  tm_projection_free(p3);
  tm_projection_free(alone);
  tm_layer_free(l93_layer);
  tm_layer_free(first);
  tm_layer_free(second);
}

#define ADD(path, func) \
  g_test_add(path, fixture_t, NULL, fixture_set_up, func, fixture_tear_down)

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  ADD("/project/crs/check", test_crs_check);
  ADD("/project/crs/describe", test_crs_describe);
  ADD("/project/layer/default-frames", test_project_default_frames);
  ADD("/project/layer/lambert93", test_project_lambert93_layer);
  ADD("/project/layer/repairs-invalid", test_project_repairs_invalid);
  ADD("/project/layer/release-in-place", test_project_release_in_place);
  ADD("/project/layer/failed-points", test_project_failed_points);
  ADD("/project/layer/failed-points-lambert93", test_project_failed_points_lambert93);
  ADD("/project/layer/failed-points-absurd-northing", test_project_failed_points_absurd_northing);
  ADD("/project/layer/bad-crs", test_project_bad_crs);
  ADD("/project/layer/plan", test_project_plan);
  ADD("/project/layer/kept-objects", test_project_kept_objects);
  ADD("/project/approx/lambert93", test_approx_lambert93);
  ADD("/project/approx/falls-back", test_approx_falls_back);
  ADD("/project/approx/not-worth-it", test_approx_not_worth_it);
  ADD("/project/layer/interpolated", test_project_interpolated_frame);
  ADD("/project/layer/interpolated-real", test_project_interpolated_real);
  return g_test_run();
}
