/* Layout stage: the page of a small projected layer (four squares in
 * mainland France, one in La Réunion) with the built-in default style. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "terrimap/layout.h"
#include "terrimap/render.h"
#include "terrimap/write.h"
#include "../../src/layout/layout_private.h"

enum { MEMBER, OTHER };

typedef struct {
  const char *code;
  double lon, lat, half; /* square centre and half side, degrees */
  int cls;
} place_t;

static const place_t places[] = {
    {"200054781", 2.35, 48.85, 0.25, MEMBER},  /* Paris */
    {"200046977", 4.85, 45.75, 0.25, MEMBER},  /* Lyon */
    {"243300316", -0.58, 44.84, 0.25, OTHER},  /* Bordeaux */
    {"200093201", 3.06, 50.63, 0.15, OTHER},   /* Lille */
    {"249740119", 55.5, -21.1, 0.1, MEMBER},   /* La Réunion */
};
#define N_PLACES G_N_ELEMENTS(places)

typedef struct {
  tm_context_t *ctx;
  GPtrArray *warnings;
  tm_style_t *style;
  tm_layer_t *layer;
  tm_projection_t *projection;
  tm_symbology_t *symbology;
  tm_layout_input_t input;
} fixture_t;

static void collect_warning(const char *message, void *user_data)
{
  g_ptr_array_add(user_data, g_strdup(message));
}

/* A layer in EPSG:4326 with fields NOM and CODE (the key). */
static tm_layer_t *make_layer(void)
{
  tm_geom_builder_t *b = tm_geom_builder_new();
  for (guint i = 0; i < N_PLACES; i++) {
    const place_t *p = &places[i];
    const double ring[] = {p->lon - p->half, p->lat - p->half, p->lon + p->half,
                           p->lat - p->half, p->lon + p->half, p->lat + p->half,
                           p->lon - p->half, p->lat + p->half};
    tm_geom_builder_begin_feature(b);
    tm_geom_builder_begin_polygon(b);
    tm_geom_builder_add_ring(b, ring, 4);
  }
  tm_layer_t *layer = g_new0(tm_layer_t, 1);
  layer->path = g_strdup("test/epci.shp");
  layer->crs = g_strdup("EPSG:4326");
  layer->crs_source = g_strdup("option");
  layer->encoding = g_strdup("UTF-8");
  layer->encoding_source = g_strdup("option");
  layer->geom = tm_geom_builder_finish(b);
  layer->n_features = N_PLACES;
  layer->extent = tm_geom_get_extent(layer->geom);
  layer->n_fields = 2;
  layer->fields = g_new0(tm_field_t, 2);
  layer->fields[0] = (tm_field_t){g_strdup("NOM"), TM_FIELD_STRING, 40, 0};
  layer->fields[1] = (tm_field_t){g_strdup("CODE"), TM_FIELD_STRING, 9, 0};
  layer->values = g_new0(char *, N_PLACES * 2);
  for (guint i = 0; i < N_PLACES; i++) {
    layer->values[2 * i] = g_strdup_printf("EPCI %u", i);
    layer->values[2 * i + 1] = g_strdup(places[i].code);
  }
  return layer;
}

static tm_symbology_t *make_symbology(const tm_style_t *style)
{
  tm_symbology_t *sym = g_new0(tm_symbology_t, 1);
  sym->kind = g_strdup("membership");
  sym->n_classes = 2;
  sym->classes = g_new0(tm_class_t, 2);
  sym->classes[MEMBER] = (tm_class_t){.label = g_strdup(style->member_label),
                                          .fill = style->member_fill};
  sym->classes[OTHER] = (tm_class_t){.label = g_strdup(style->other_label),
                                         .fill = style->other_fill};
  sym->n_features = N_PLACES;
  sym->feature_class = g_new(gint, N_PLACES);
  for (guint i = 0; i < N_PLACES; i++) {
    sym->feature_class[i] = places[i].cls;
    sym->classes[places[i].cls].count++;
  }
  return sym;
}

static void fixture_set_up(fixture_t *fx, gconstpointer data)
{
  fx->ctx = tm_context_new();
  fx->warnings = g_ptr_array_new_with_free_func(g_free);
  tm_context_set_log_func(fx->ctx, collect_warning, fx->warnings);
  GError *error = NULL;
  fx->style = tm_style_load(NULL, &error);
  g_assert_no_error(error);
  fx->layer = make_layer();
  fx->projection =
      tm_project_layer(fx->ctx, fx->layer, fx->style->frames, fx->style->n_frames, &error);
  g_assert_no_error(error);
  g_assert_nonnull(fx->projection);
  g_assert_cmpuint(fx->projection->n_frames, ==, 2);
  g_assert_cmpuint(fx->projection->n_unplaced, ==, 0);
  fx->symbology = make_symbology(fx->style);
  fx->input = (tm_layout_input_t){.layer = fx->layer,
                                  .key_field = tm_layer_find_field(fx->layer, "CODE"),
                                  .projection = fx->projection,
                                  .symbology = fx->symbology,
                                  .style = fx->style};
  g_assert_cmpint(fx->input.key_field, ==, 1);
}

static void fixture_tear_down(fixture_t *fx, gconstpointer data)
{
  tm_symbology_free(fx->symbology);
  tm_projection_free(fx->projection);
  tm_layer_free(fx->layer);
  tm_style_free(fx->style);
  g_ptr_array_unref(fx->warnings);
  tm_context_free(fx->ctx);
}

static gboolean rgba_equal(const tm_rgba_t *a, const tm_rgba_t *b)
{
  return a->r == b->r && a->g == b->g && a->b == b->b && a->a == b->a;
}

static void apply_transform(const double *t, double x, double y, double *px, double *py)
{
  *px = t[0] * x + t[1] * y + t[2];
  *py = t[3] * x + t[4] * y + t[5];
}

static const tm_placed_frame_t *find_placed(const tm_map_t *map, const char *name)
{
  for (guint i = 0; i < map->n_frames; i++)
    if (strcmp(map->frames[i].name, name) == 0)
      return &map->frames[i];
  return NULL;
}

/* The text of every TM_OP_TEXT, in drawing order. */
static GPtrArray *drawing_texts(const tm_drawing_t *d)
{
  GPtrArray *texts = g_ptr_array_new();
  for (guint i = 0; i < tm_drawing_get_n_ops(d); i++) {
    const tm_op_t *op = tm_drawing_get_op(d, i);
    if (op->kind == TM_OP_TEXT)
      g_ptr_array_add(texts, (gpointer)op->text);
  }
  return texts;
}

static gboolean has_text(GPtrArray *texts, const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (strcmp(g_ptr_array_index(texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

static gboolean extent_inside(const tm_extent_t *inner, const tm_extent_t *outer)
{
  return inner->x0 >= outer->x0 && inner->y0 >= outer->y0 && inner->x1 <= outer->x1 &&
         inner->y1 <= outer->y1;
}

static gboolean extents_overlap(const tm_extent_t *a, const tm_extent_t *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* Page position of the centre of place i, through its frame. */
static void place_centre_on_page(const fixture_t *fx, const tm_map_t *map, guint i, double *px,
                                 double *py)
{
  for (guint f = 0; f < fx->projection->n_frames; f++) {
    const tm_frame_t *frame = &fx->projection->frames[f];
    for (guint j = 0; j < frame->n_features; j++)
      if (frame->features[j] == i) {
        tm_extent_t e = tm_geom_get_feature_extent(frame->geom, j);
        const tm_placed_frame_t *placed = find_placed(map, frame->name);
        g_assert_nonnull(placed);
        apply_transform(placed->transform, (e.x0 + e.x1) / 2, (e.y0 + e.y1) / 2, px, py);
        return;
      }
  }
  g_error("place %u is in no frame", i);
}

static void test_layout_page_and_frames(fixture_t *fx, gconstpointer data)
{
  GError *error = NULL;
  tm_map_t *map = tm_layout_map(fx->ctx, &fx->input, &error);
  g_assert_no_error(error);
  g_assert_nonnull(map);
  const tm_drawing_t *d = map->drawing;
  g_assert_cmpfloat(d->width, ==, 2480); /* A4 portrait at 300 dpi */
  g_assert_cmpfloat(d->height, ==, 3508);
  g_assert_cmpfloat(d->dpi, ==, 300);
  g_assert_true(rgba_equal(&d->background, &fx->style->background));

  g_assert_cmpuint(map->n_frames, ==, 2);
  const tm_placed_frame_t *metro = find_placed(map, "metropole");
  const tm_placed_frame_t *reunion = find_placed(map, "reunion");
  g_assert_nonnull(metro);
  g_assert_nonnull(reunion);
  g_assert_false(metro->inset);
  g_assert_true(reunion->inset);
  g_assert_cmpstr(metro->crs, ==, "EPSG:2154");
  g_assert_cmpstr(reunion->crs, ==, "EPSG:2975");
  g_assert_cmpstr(reunion->title, ==, "La Réunion");

  const tm_extent_t page = {0, 0, d->width, d->height};
  for (guint i = 0; i < map->n_frames; i++) {
    const tm_extent_t *c = &map->frames[i].clip;
    g_assert_false(tm_extent_is_empty(c));
    g_assert_cmpfloat(c->x1 - c->x0, >, 100);
    g_assert_cmpfloat(c->y1 - c->y0, >, 100);
    if (!extent_inside(c, &page))
      g_error("frame %s clip %g,%g,%g,%g is not inside the page", map->frames[i].name, c->x0,
              c->y0, c->x1, c->y1);
  }
  g_assert_false(extents_overlap(&metro->clip, &reunion->clip));
  /* The mainland is the larger frame. */
  g_assert_cmpfloat((metro->clip.x1 - metro->clip.x0) * (metro->clip.y1 - metro->clip.y0), >,
                    (reunion->clip.x1 - reunion->clip.x0) * (reunion->clip.y1 - reunion->clip.y0));

  /* North up, same scale on both axes, and the whole extent of each frame
   * inside its clip. */
  for (guint i = 0; i < fx->projection->n_frames; i++) {
    const tm_frame_t *frame = &fx->projection->frames[i];
    const tm_placed_frame_t *placed = find_placed(map, frame->name);
    const double *t = placed->transform;
    g_assert_cmpfloat(t[0], >, 0);
    g_assert_cmpfloat(t[1], ==, 0);
    g_assert_cmpfloat(t[3], ==, 0);
    g_assert_cmpfloat_with_epsilon(t[4], -t[0], 1e-12);
    double x0, y0, x1, y1;
    apply_transform(t, frame->extent.x0, frame->extent.y0, &x0, &y1);
    apply_transform(t, frame->extent.x1, frame->extent.y1, &x1, &y0);
    g_assert_cmpfloat(y0, <, y1);
    tm_extent_t on_page = {x0, y0, x1, y1};
    if (!extent_inside(&on_page, &placed->clip))
      g_error("frame %s: extent on page %g,%g,%g,%g is outside its clip %g,%g,%g,%g",
              frame->name, x0, y0, x1, y1, placed->clip.x0, placed->clip.y0, placed->clip.x1,
              placed->clip.y1);
  }
  const tm_frame_t *mf = &fx->projection->frames[0];
  g_assert_cmpstr(mf->name, ==, "metropole");
  double cx, cy;
  apply_transform(metro->transform, (mf->extent.x0 + mf->extent.x1) / 2,
                  (mf->extent.y0 + mf->extent.y1) / 2, &cx, &cy);
  g_assert_true(tm_extent_contains(&metro->clip, cx, cy));
  /* Fitted and centred: the extent's centre is the clip's centre. */
  g_assert_cmpfloat(fabs(cx - (metro->clip.x0 + metro->clip.x1) / 2), <, 1);
  g_assert_cmpfloat(fabs(cy - (metro->clip.y0 + metro->clip.y1) / 2), <, 1);

  /* The features are drawn inside groups clipped to their frames. */
  guint clipped_groups = 0;
  for (guint i = 0; i < tm_drawing_get_n_ops(d); i++) {
    const tm_op_t *op = tm_drawing_get_op(d, i);
    if (op->kind == TM_OP_GROUP_BEGIN && op->clip_on) {
      const tm_placed_frame_t *placed = find_placed(map, op->id);
      g_assert_nonnull(placed);
      g_assert_cmpmem(&op->clip, sizeof op->clip, &placed->clip, sizeof placed->clip);
      clipped_groups++;
    }
  }
  g_assert_cmpuint(clipped_groups, ==, 2);

  /* Every text starts on the page. */
  for (guint i = 0; i < tm_drawing_get_n_ops(d); i++) {
    const tm_op_t *op = tm_drawing_get_op(d, i);
    if (op->kind == TM_OP_TEXT && !tm_extent_contains(&page, op->x, op->y))
      g_error("text \"%s\" at (%g, %g) is off the page", op->text, op->x, op->y);
  }
  tm_map_free(map);
  tm_map_free(NULL);
}

static void test_layout_feature_paths(fixture_t *fx, gconstpointer data)
{
  GError *error = NULL;
  tm_map_t *map = tm_layout_map(fx->ctx, &fx->input, &error);
  g_assert_no_error(error);
  const tm_drawing_t *d = map->drawing;
  guint seen[N_PLACES] = {0};
  guint n_feature_paths = 0;
  for (guint i = 0; i < tm_drawing_get_n_ops(d); i++) {
    const tm_op_t *op = tm_drawing_get_op(d, i);
    if (op->kind != TM_OP_PATH || g_strcmp0(op->css_class, "feature") != 0)
      continue;
    n_feature_paths++;
    g_assert_nonnull(op->id);
    guint p;
    for (p = 0; p < N_PLACES && strcmp(places[p].code, op->id) != 0; p++)
      ;
    if (p == N_PLACES)
      g_error("feature path with unknown id %s", op->id);
    seen[p]++;
    g_assert_true(op->paint.fill_on);
    const tm_rgba_t *want = places[p].cls == MEMBER ? &fx->style->member_fill
                                                    : &fx->style->other_fill;
    g_assert_true(rgba_equal(&op->paint.fill, want));
    /* Borders are stroked once, over every fill, by the border paths; the
     * fill says how wide they are, so that a raster may skip antialiasing
     * the edges they hide. */
    g_assert_false(op->paint.stroke_on);
    g_assert_cmpfloat_with_epsilon(op->paint.edge_cover, 0.3 * 300 / 72.0, 1e-6);
    g_assert_cmpuint(op->n_rings, ==, 1);
    guint n;
    gboolean closed;
    tm_drawing_get_ring(d, op->ring_first, &n, &closed);
    g_assert_true(closed);
    g_assert_cmpuint(n, >=, 4);
  }
  g_assert_cmpuint(n_feature_paths, ==, N_PLACES);
  for (guint p = 0; p < N_PLACES; p++)
    g_assert_cmpuint(seen[p], ==, 1);

  /* Each square touches no other: its outline is one loop, cut in two
   * chains at its smallest and largest corner, stroked by one border path
   * that follows the square all round: the two chains joined again where
   * they meet, into one closed ring of the 4 corners (a join at each
   * corner, where two chains' round caps overlapped). */
  guint n_border_paths = 0;
  for (guint i = 0; i < tm_drawing_get_n_ops(d); i++) {
    const tm_op_t *op = tm_drawing_get_op(d, i);
    if (op->kind != TM_OP_PATH || g_strcmp0(op->css_class, "border") != 0)
      continue;
    n_border_paths++;
    g_assert_null(op->id);
    g_assert_false(op->paint.fill_on);
    g_assert_true(op->paint.stroke_on);
    g_assert_true(rgba_equal(&op->paint.stroke, &fx->style->stroke));
    g_assert_cmpfloat_with_epsilon(op->paint.stroke_width, 0.3 * 300 / 72.0, 1e-9);
    g_assert_cmpuint(op->n_rings, ==, 1);
    guint n;
    gboolean closed;
    tm_drawing_get_ring(d, op->ring_first, &n, &closed);
    g_assert_true(closed);
    g_assert_cmpuint(n, ==, 4);
  }
  g_assert_cmpuint(n_border_paths, ==, N_PLACES);
  tm_map_free(map);

  /* Without a key field, paths carry no id.  With borders that let the
   * fills show through, the fills' edges are covered by nothing. */
  fx->input.key_field = -1;
  tm_style_t *style = fx->style;
  tm_rgba_t stroke = style->stroke;
  style->stroke.a = 0.5;
  map = tm_layout_map(fx->ctx, &fx->input, &error);
  style->stroke = stroke;
  g_assert_no_error(error);
  n_feature_paths = 0;
  for (guint i = 0; i < tm_drawing_get_n_ops(map->drawing); i++) {
    const tm_op_t *op = tm_drawing_get_op(map->drawing, i);
    if (op->kind == TM_OP_PATH && g_strcmp0(op->css_class, "feature") == 0) {
      g_assert_null(op->id);
      g_assert_cmpfloat(op->paint.edge_cover, ==, 0.0);
      n_feature_paths++;
    }
  }
  g_assert_cmpuint(n_feature_paths, ==, N_PLACES);
  tm_map_free(map);
}

static void test_layout_texts(fixture_t *fx, gconstpointer data)
{
  GError *error = NULL;
  tm_map_t *map = tm_layout_map(fx->ctx, &fx->input, &error);
  g_assert_no_error(error);
  GPtrArray *texts = drawing_texts(map->drawing);
  /* The default style has no title. */
  g_assert_false(has_text(texts, "Titre é"));
  g_assert_null(map->drawing->title);
  g_assert_true(has_text(texts, "Membre (3)"));
  g_assert_true(has_text(texts, "Non membre (2)"));
  g_assert_true(has_text(texts, "La Réunion")); /* the inset's title */
  g_ptr_array_unref(texts);
  tm_map_free(map);

  tm_style_set_string(&fx->style->title, "Titre é");
  fx->style->legend_counts = FALSE;
  map = tm_layout_map(fx->ctx, &fx->input, &error);
  g_assert_no_error(error);
  texts = drawing_texts(map->drawing);
  g_assert_true(has_text(texts, "Titre é"));
  g_assert_cmpstr(map->drawing->title, ==, "Titre é");
  g_assert_true(has_text(texts, "Membre"));
  g_assert_true(has_text(texts, "Non membre"));
  g_assert_false(has_text(texts, "Membre (3)"));
  /* The title sits above both frames. */
  for (guint i = 0; i < tm_drawing_get_n_ops(map->drawing); i++) {
    const tm_op_t *op = tm_drawing_get_op(map->drawing, i);
    if (op->kind == TM_OP_TEXT && strcmp(op->text, "Titre é") == 0) {
      g_assert_cmpstr(op->css_class, ==, "title");
      for (guint f = 0; f < map->n_frames; f++)
        g_assert_cmpfloat(op->y, <, map->frames[f].clip.y0);
    }
  }
  g_ptr_array_unref(texts);
  tm_map_free(map);
}

static void test_layout_page_too_small(fixture_t *fx, gconstpointer data)
{
  fx->style->width_px = 50;
  fx->style->height_px = 50;
  GError *error = NULL;
  tm_map_t *map = tm_layout_map(fx->ctx, &fx->input, &error);
  g_assert_null(map);
  g_assert_error(error, TM_ERROR, TM_ERROR_LIMIT);
  g_assert_nonnull(strstr(error->message, "50 x 50"));
  g_clear_error(&error);

  fx->style->width_px = 40000;
  fx->style->height_px = 1000;
  map = tm_layout_map(fx->ctx, &fx->input, &error);
  g_assert_null(map);
  g_assert_error(error, TM_ERROR, TM_ERROR_LIMIT);
  g_clear_error(&error);
}

static void test_layout_no_frame(fixture_t *fx, gconstpointer data)
{
  tm_projection_t empty = {0};
  fx->input.projection = &empty;
  GError *error = NULL;
  g_assert_null(tm_layout_map(fx->ctx, &fx->input, &error));
  g_assert_error(error, TM_ERROR, TM_ERROR_ARGUMENT);
  g_assert_true(g_str_has_prefix(error->message, "test/epci.shp: "));
  g_clear_error(&error);
}

static void test_layout_render_member_fill(fixture_t *fx, gconstpointer data)
{
  GError *error = NULL;
  tm_map_t *map = tm_layout_map(fx->ctx, &fx->input, &error);
  g_assert_no_error(error);
  tm_image_t *img = tm_render_image(map->drawing, &error);
  g_assert_no_error(error);
  g_assert_nonnull(img);
  g_assert_cmpint(img->width, ==, 2480);
  g_assert_cmpint(img->height, ==, 3508);
  /* Member squares (Paris, Lyon, La Réunion) are #293173, the others
   * #dcdcdc, the page corner the white background. */
  for (guint i = 0; i < N_PLACES; i++) {
    double px, py;
    place_centre_on_page(fx, map, i, &px, &py);
    int x = (int)px, y = (int)py;
    g_assert_cmpint(x, >=, 0);
    g_assert_cmpint(x, <, img->width);
    g_assert_cmpint(y, >=, 0);
    g_assert_cmpint(y, <, img->height);
    const guint8 *pix = img->rgba + (gsize)y * img->stride + 4 * (gsize)x;
    const guint8 member[] = {0x29, 0x31, 0x73, 255}, other[] = {0xdc, 0xdc, 0xdc, 255};
    const guint8 *want = places[i].cls == MEMBER ? member : other;
    if (memcmp(pix, want, 4) != 0)
      g_error("%s at (%d,%d) is %02x%02x%02x/%u, expected %02x%02x%02x", places[i].code, x, y,
              pix[0], pix[1], pix[2], pix[3], want[0], want[1], want[2]);
  }
  const guint8 *corner = img->rgba + 5 * (gsize)img->stride + 4 * 5;
  g_assert_cmpuint(corner[0], ==, 255);
  g_assert_cmpuint(corner[1], ==, 255);
  g_assert_cmpuint(corner[2], ==, 255);
  tm_image_free(img);
  tm_map_free(map);
}

/* A map with only overseas features: the one frame becomes the main map. */
static void test_layout_overseas_only(fixture_t *fx, gconstpointer data)
{
  const tm_frame_spec_t *reunion = NULL;
  for (guint i = 0; i < fx->style->n_frames; i++)
    if (strcmp(fx->style->frames[i].name, "reunion") == 0)
      reunion = &fx->style->frames[i];
  g_assert_nonnull(reunion);
  GError *error = NULL;
  tm_projection_t *p = tm_project_layer(fx->ctx, fx->layer, reunion, 1, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(p->n_frames, ==, 1);
  g_assert_cmpuint(p->n_unplaced, ==, N_PLACES - 1);
  fx->input.projection = p;
  tm_map_t *map = tm_layout_map(fx->ctx, &fx->input, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(map->n_frames, ==, 1);
  g_assert_cmpstr(map->frames[0].name, ==, "reunion");
  g_assert_false(map->frames[0].inset);
  guint n_feature_paths = 0;
  for (guint i = 0; i < tm_drawing_get_n_ops(map->drawing); i++) {
    const tm_op_t *op = tm_drawing_get_op(map->drawing, i);
    if (op->kind == TM_OP_PATH && g_strcmp0(op->css_class, "feature") == 0) {
      g_assert_cmpstr(op->id, ==, "249740119");
      n_feature_paths++;
    }
  }
  g_assert_cmpuint(n_feature_paths, ==, 1);
  tm_map_free(map);
  tm_projection_free(p);
}

/* A map that is its projection's last user frees each frame's points once
 * simplified (their block holds the simplifier's snapped keys, parts and
 * node marks in between), and draws the same; with feature labels, which
 * are placed from those points after the frames are drawn, it keeps them. */
static void test_layout_release_points(fixture_t *fx, gconstpointer data)
{
  GError *error = NULL;
  tm_map_t *kept = tm_layout_map(fx->ctx, &fx->input, &error);
  g_assert_no_error(error);
  for (guint i = 0; i < fx->projection->n_frames; i++)
    g_assert_nonnull(fx->projection->frames[i].geom);

  const char *names[N_PLACES];
  for (guint i = 0; i < N_PLACES; i++)
    names[i] = places[i].code;
  fx->input.feature_labels = names;
  fx->input.release_points = fx->projection;
  tm_map_t *labelled = tm_layout_map(fx->ctx, &fx->input, &error);
  g_assert_no_error(error);
  for (guint i = 0; i < fx->projection->n_frames; i++)
    g_assert_nonnull(fx->projection->frames[i].geom);
  tm_map_free(labelled);

  fx->input.feature_labels = NULL;
  tm_map_t *released = tm_layout_map(fx->ctx, &fx->input, &error);
  g_assert_no_error(error);
  for (guint i = 0; i < fx->projection->n_frames; i++)
    g_assert_null(fx->projection->frames[i].geom);
  /* The same drawing, op for op and point for point. */
  const tm_drawing_t *a = kept->drawing, *b = released->drawing;
  g_assert_cmpuint(tm_drawing_get_n_ops(a), ==, tm_drawing_get_n_ops(b));
  g_assert_cmpuint(a->xy.len, ==, b->xy.len);
  g_assert_cmpmem(a->xy.data, a->xy.len * sizeof(float), b->xy.data, b->xy.len * sizeof(float));
  tm_map_free(kept);
  tm_map_free(released);
}

/* Outlines that share a line (two squares side by side, the middle side
 * shared): whole, with their ids, for SVG; border by border, each once, for
 * the page; and what each output replays. */
static void test_layout_lines_once(fixture_t *fx, gconstpointer data)
{
  tm_geom_builder_t *b = tm_geom_builder_new();
  double left[] = {0, 0, 100, 0, 100, 100, 0, 100, 0, 0};
  double right[] = {100, 0, 200, 0, 200, 100, 100, 100, 100, 0};
  const double *squares[] = {left, right};
  for (guint i = 0; i < 2; i++) {
    tm_geom_builder_begin_feature(b);
    tm_geom_builder_begin_polygon(b);
    tm_geom_builder_add_ring(b, squares[i], 5);
  }
  guint features[] = {0, 1};
  tm_frame_t frame = {.n_features = 2, .features = features, .geom = tm_geom_builder_finish(b)};
  tm_placed_frame_t placed = {.transform = {1, 0, 50, 0, -1, 150}}; /* y up to y down */
  tm_paint_t paint = {.stroke_on = TRUE, .stroke = {0, 0, 0, 1}, .stroke_width = 3};
  const char *ids[] = {"A", "B"};
  tm_drawing_t *d = tm_drawing_new(300, 200, 96, &(tm_rgba_t){1, 1, 1, 1});
  tm_layout_draw_lines(d, &frame, &placed, &paint, NULL, -1, ids, "territory");

  guint n_svg = 0, n_page = 0, page_segments = 0;
  for (guint i = 0; i < tm_drawing_get_n_ops(d); i++) {
    const tm_op_t *op = tm_drawing_get_op(d, i);
    g_assert_cmpint(op->kind, ==, TM_OP_PATH);
    if (op->output == TM_OUTPUT_SVG) {
      g_assert_cmpstr(op->id, ==, ids[n_svg]);
      n_svg++;
      continue;
    }
    g_assert_cmpint(op->output, ==, TM_OUTPUT_PAGE);
    g_assert_false(op->paint.fill_on);
    n_page++;
    for (guint r = op->ring_first; r < op->ring_first + op->n_rings; r++) {
      guint n;
      gboolean closed;
      tm_drawing_get_ring(d, r, &n, &closed);
      page_segments += closed ? n : n - 1; /* chains joined into a loop close it */
    }
  }
  g_assert_cmpuint(n_svg, ==, 2);
  g_assert_cmpuint(n_page, >=, 1);
  /* 7 sides of unit length in all, the shared one once (chains may cut a
   * side at a node: never more than 7 segments, at least the 7 sides). */
  g_assert_cmpuint(page_segments, ==, 7);
  tm_drawing_set_output(d, TM_OUTPUT_ALL);

  /* The page strokes the shared side once: the pixel its stroke half
   * covers (x = 151, the line spans 148.5 .. 151.5) is as grey as the outer
   * side's (x = 51); stroked twice it was darker (75 % instead of 50 %). */
  GError *error = NULL;
  tm_image_t *img = tm_render_image(d, &error);
  g_assert_no_error(error);
  const guint8 *row = img->rgba + 100 * img->stride;
  g_assert_cmpint(row[4 * 150], <, 32);
  g_assert_cmpint(abs(row[4 * 151] - 128), <=, 3);
  g_assert_cmpint(abs(row[4 * 151] - row[4 * 51]), <=, 2);
  tm_image_free(img);

  FILE *f = tmpfile();
  g_assert_nonnull(f);
  g_assert_true(tm_write_svg(f, d, &error));
  g_assert_no_error(error);
  long len = ftell(f);
  char *svg = g_malloc0(len + 1);
  rewind(f);
  g_assert_cmpuint(fread(svg, 1, len, f), ==, (gsize)len);
  fclose(f);
  guint n_paths = 0;
  for (const char *at = svg; (at = strstr(at, "<path")); at++)
    n_paths++;
  g_assert_cmpuint(n_paths, ==, 2); /* the two outlines, not the borders */
  g_assert_nonnull(strstr(svg, "\"A\""));
  g_assert_nonnull(strstr(svg, "\"B\""));
  g_free(svg);
  tm_drawing_free(d);
  tm_geom_free(frame.geom);
}

/* A frame clipped to part of the page (a département map of a national
 * layer): a feature wholly outside the clip is left out of every output,
 * one that crosses its edge or lies within the margin kept whole. */
static void test_layout_lines_off_clip(fixture_t *fx, gconstpointer data)
{
  tm_geom_builder_t *b = tm_geom_builder_new();
  double inside[] = {10, 10, 60, 10, 60, 60, 10, 60, 10, 10};
  double across[] = {180, 10, 260, 10, 260, 60, 180, 60, 180, 10}; /* the clip ends at x 200 */
  double near[] = {203, 70, 230, 70, 230, 90, 203, 90, 203, 70};   /* 3 off: in the margin */
  double far[] = {900, 10, 950, 10, 950, 60, 900, 60, 900, 10};
  const double *squares[] = {inside, across, near, far};
  for (guint i = 0; i < 4; i++) {
    tm_geom_builder_begin_feature(b);
    tm_geom_builder_begin_polygon(b);
    tm_geom_builder_add_ring(b, squares[i], 5);
  }
  guint features[] = {0, 1, 2, 3};
  tm_frame_t frame = {.n_features = 4, .features = features, .geom = tm_geom_builder_finish(b)};
  frame.extent = tm_geom_get_extent(frame.geom);
  tm_placed_frame_t placed = {.transform = {1, 0, 0, 0, 1, 0}, .clip = {0, 0, 200, 100}};
  tm_paint_t paint = {.stroke_on = TRUE, .stroke = {0, 0, 0, 1}, .stroke_width = 2};
  const char *ids[] = {"inside", "across", "near", "far"};
  tm_drawing_t *d = tm_drawing_new(1000, 100, 96, &(tm_rgba_t){1, 1, 1, 1});
  tm_layout_draw_lines(d, &frame, &placed, &paint, NULL, -1, ids, "territory");
  guint n_svg = 0;
  double max_x = 0;
  for (guint i = 0; i < tm_drawing_get_n_ops(d); i++) {
    const tm_op_t *op = tm_drawing_get_op(d, i);
    if (op->output == TM_OUTPUT_SVG) {
      g_assert_cmpstr(op->id, ==, ids[n_svg]);
      n_svg++;
    }
    for (guint r = op->ring_first; r < op->ring_first + op->n_rings; r++) {
      guint n;
      gboolean closed;
      const float *xy = tm_drawing_get_ring(d, r, &n, &closed);
      for (guint k = 0; k < n; k++)
        max_x = MAX(max_x, xy[2 * k]);
    }
  }
  g_assert_cmpuint(n_svg, ==, 3); /* inside, across, near: not far */
  g_assert_cmpfloat(max_x, ==, 260); /* across whole, nothing of far */
  tm_drawing_free(d);

  /* Without a clip nothing is left out. */
  placed.clip = (tm_extent_t){0, 0, 0, 0};
  d = tm_drawing_new(1000, 100, 96, &(tm_rgba_t){1, 1, 1, 1});
  tm_layout_draw_lines(d, &frame, &placed, &paint, NULL, -1, ids, "territory");
  n_svg = 0;
  for (guint i = 0; i < tm_drawing_get_n_ops(d); i++)
    n_svg += tm_drawing_get_op(d, i)->output == TM_OUTPUT_SVG;
  g_assert_cmpuint(n_svg, ==, 4);
  tm_drawing_free(d);
  tm_geom_free(frame.geom);
}

#define ADD(path, func) \
  g_test_add(path, fixture_t, NULL, fixture_set_up, func, fixture_tear_down)

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  ADD("/layout/page-and-frames", test_layout_page_and_frames);
  ADD("/layout/feature-paths", test_layout_feature_paths);
  ADD("/layout/texts", test_layout_texts);
  ADD("/layout/page-too-small", test_layout_page_too_small);
  ADD("/layout/no-frame", test_layout_no_frame);
  ADD("/layout/overseas-only", test_layout_overseas_only);
  ADD("/layout/render-member-fill", test_layout_render_member_fill);
  ADD("/layout/release-points", test_layout_release_points);
  ADD("/layout/lines-once", test_layout_lines_once);
  ADD("/layout/lines-off-clip", test_layout_lines_off_clip);
  return g_test_run();
}
