#include "maps_checks.h"
#include "e2e_util.h"
#include <math.h>
#include <string.h>

void tm_maps_check_feature_fills(const tm_maps_render_t *r,
                                 GHashTable *expected) {
  GHashTableIter it;
  gpointer siren, fill;
  g_hash_table_iter_init(&it, expected);
  while (g_hash_table_iter_next(&it, &siren, &fill)) {
    const char *drawn = tm_maps_path_fill(r, "feature", siren);
    if (!drawn)
      g_error("%s: no <path class=\"feature\" data-key=\"%s\"> in the SVG",
              r->style, (char *)siren);
    if (g_ascii_strcasecmp(drawn, fill) != 0)
      g_error("%s: EPCI %s is filled %s, expected %s", r->style, (char *)siren,
              drawn, (char *)fill);
  }
  g_assert_cmpuint(tm_maps_path_count(r, "feature"), ==,
                   g_hash_table_size(expected));
}

/* TRUE when the pixels CLEARANCE px around (px, py) all fall inside the
 * feature: no border stroke (the widest, région outlines, are under 3 px
 * at 150 dpi) reaches the centre, and a narrow island that its own
 * outline covers is not mistaken for a wrong fill. */
#define CLEARANCE 5.0
static gboolean tm_maps_clear_of_border(const tm_maps_epci_t *epci,
                                        guint feature,
                                        const tm_maps_frame_t *frame, double px,
                                        double py) {
  for (int k = 0; k < 8; k++) {
    double lon, lat;
    tm_maps_pixel_to_lonlat(frame, px + CLEARANCE * cos(k * G_PI / 4),
                            py + CLEARANCE * sin(k * G_PI / 4), &lon, &lat);
    if (!tm_geom_feature_contains(epci->layer->geom, feature, lon, lat))
      return FALSE;
  }
  return TRUE;
}

void tm_maps_check_pixels(const tm_maps_render_t *r, const tm_maps_epci_t *epci,
                          GHashTable *expected, double min_share) {
  guint checked = 0, total = 0;
  GHashTableIter it;
  gpointer siren, fill;
  g_hash_table_iter_init(&it, expected);
  while (g_hash_table_iter_next(&it, &siren, &fill)) {
    total++;
    gint f = tm_maps_epci_find(epci, siren);
    g_assert_cmpint(f, >=, 0);
    double lon, lat, px, py;
    if (!tm_geom_get_representative_point(epci->layer->geom, (guint)f, &lon,
                                          &lat) ||
        !tm_geom_feature_contains(epci->layer->geom, (guint)f, lon, lat))
      continue;
    const tm_maps_frame_t *frame = tm_maps_locate(r, lon, lat, &px, &py);
    if (!frame)
      g_error("%s: EPCI %s (%.4f, %.4f) is in no frame of the map", r->style,
              (char *)siren, lon, lat);
    guint32 rgb = 0;
    if (tm_maps_covered(r, px, py) ||
        !tm_maps_clear_of_border(epci, (guint)f, frame, px, py) ||
        !tm_maps_uniform_block(r, (int)px, (int)py, 2, &rgb))
      continue;
    if (rgb != tm_maps_hex(fill))
      g_error("%s: EPCI %s at pixel %.0f,%.0f is #%06x, expected %s", r->style,
              (char *)siren, px, py, rgb, (char *)fill);
    checked++;
  }
  g_test_message("%s: %u of %u EPCI checked in the PNG", r->style, checked,
                 total);
  g_assert_cmpfloat((double)checked, >=, min_share * total);
}

void tm_maps_check_probes(const tm_maps_render_t *r, const tm_maps_epci_t *epci,
                          const tm_maps_probe_t *probes, guint n,
                          GHashTable *expected, const char *context_fill) {
  for (guint i = 0; i < n; i++) {
    const tm_maps_probe_t *p = &probes[i];
    gint f = tm_maps_epci_at(epci, p->lon, p->lat);
    g_assert_cmpint(f, >=, 0);
    g_assert_cmpstr(tm_maps_epci_siren(epci, (guint)f), ==, p->siren);
    const char *want = strcmp(p->cls, "context") == 0
                           ? context_fill
                           : g_hash_table_lookup(expected, p->siren);
    g_assert_nonnull(want);
    const char *drawn = tm_maps_path_fill(r, p->cls, p->siren);
    if (!drawn || g_ascii_strcasecmp(drawn, want) != 0)
      g_error("%s: %s (%s): SVG path of class %s is %s, expected %s", r->style,
              p->place, p->siren, p->cls, drawn ? drawn : "missing", want);
    double px, py;
    g_assert_nonnull(tm_maps_locate(r, p->lon, p->lat, &px, &py));
    /* A probe under a label or the legend would test them, not the fill. */
    g_assert_false(tm_maps_covered(r, px, py));
    guint32 rgb = tm_e2e_pixel(r->image, (int)px, (int)py);
    if (!tm_e2e_colour_near(rgb, tm_maps_hex(want), 2))
      g_error("%s: %s (%s) at pixel %.0f,%.0f is #%06x, expected %s", r->style,
              p->place, p->siren, px, py, rgb, want);
  }
}

static void tm_maps_check_label_box(const tm_maps_render_t *r,
                                    JsonObject *label, double box[4]) {
  JsonArray *b = json_object_get_array_member(label, "bbox");
  JsonArray *a = json_object_get_array_member(label, "anchor");
  g_assert_cmpuint(json_array_get_length(b), ==, 4);
  g_assert_cmpuint(json_array_get_length(a), ==, 2);
  for (guint k = 0; k < 4; k++)
    box[k] = json_array_get_double_element(b, k);
  const char *text = json_object_get_string_member(label, "text");
  if (!(box[0] >= 0 && box[1] >= 0 && box[2] <= r->width &&
        box[3] <= r->height))
    g_error("%s: label \"%s\" [%.1f %.1f %.1f %.1f] is not on the %dx%d page",
            r->style, text, box[0], box[1], box[2], box[3], r->width,
            r->height);
  g_assert_cmpfloat(box[0], <, box[2]);
  g_assert_cmpfloat(box[1], <, box[3]);
  double ax = json_array_get_double_element(a, 0),
         ay = json_array_get_double_element(a, 1);
  g_assert_true(ax >= box[0] && ax <= box[2] && ay >= box[1] && ay <= box[3]);
}

static void tm_maps_check_anchor(const tm_maps_render_t *r,
                                 const tm_maps_epci_t *epci, JsonObject *label,
                                 GArray *owner) {
  JsonArray *a = json_object_get_array_member(label, "anchor");
  double ax = json_array_get_double_element(a, 0),
         ay = json_array_get_double_element(a, 1);
  const tm_maps_frame_t *frame = tm_maps_frame_at_pixel(r, ax, ay);
  g_assert_nonnull(frame);
  double lon, lat;
  tm_maps_pixel_to_lonlat(frame, ax, ay, &lon, &lat);
  for (guint i = 0; i < owner->len; i++)
    if (tm_geom_feature_contains(epci->layer->geom,
                                 g_array_index(owner, guint, i), lon, lat))
      return;
  g_error(
      "%s: anchor of label \"%s\" (%s) at %.1f,%.1f = %.5f, %.5f is outside it",
      r->style, json_object_get_string_member(label, "text"),
      json_object_get_string_member(label, "value"), ax, ay, lon, lat);
}

/* Boxes that only touch do not overlap. */
static gboolean tm_maps_boxes_overlap(const double *a, const double *b) {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

void tm_maps_check_labels(const tm_maps_render_t *r, const tm_maps_epci_t *epci,
                          GHashTable *names, GHashTable *owners) {
  g_assert_cmpint(json_object_get_int_member(r->meta, "labels_dropped"), ==, 0);
  JsonArray *labels = json_object_get_array_member(r->meta, "labels");
  guint n = json_array_get_length(labels);
  g_assert_cmpuint(n, ==, g_hash_table_size(names));
  double *boxes = g_new(double, 4 * (gsize)n);
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++) {
    JsonObject *label = json_array_get_object_element(labels, i);
    const char *value = json_object_get_string_member(label, "value");
    g_assert_nonnull(value);
    g_assert_true(g_hash_table_add(seen, (char *)value));
    g_assert_cmpstr(json_object_get_string_member(label, "text"), ==,
                    g_hash_table_lookup(names, value));
    tm_maps_check_label_box(r, label, boxes + 4 * i);
    GArray *owner = g_hash_table_lookup(owners, value);
    g_assert_nonnull(owner);
    tm_maps_check_anchor(r, epci, label, owner);
  }
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (tm_maps_boxes_overlap(boxes + 4 * i, boxes + 4 * j))
        g_error("%s: labels \"%s\" and \"%s\" overlap", r->style,
                json_object_get_string_member(
                    json_array_get_object_element(labels, i), "text"),
                json_object_get_string_member(
                    json_array_get_object_element(labels, j), "text"));
  for (guint k = 0; k < r->tight->len; k++) {
    const double *b = g_array_index(r->tight, tm_maps_box_t, k).v;
    g_test_message("%s: furniture box %.0f,%.0f-%.0f,%.0f", r->style, b[0],
                   b[1], b[2], b[3]);
  }
  /* Nor the legend, title, credits, scale bar (their boxes here are at
   * most their true extent) or an inset. */
  for (guint i = 0; i < n; i++) {
    const char *text = json_object_get_string_member(
        json_array_get_object_element(labels, i), "text");
    for (guint k = 0; k < r->tight->len; k++)
      if (tm_maps_boxes_overlap(boxes + 4 * i,
                                g_array_index(r->tight, tm_maps_box_t, k).v))
        g_error("%s: label \"%s\" overlaps the legend, title or scale bar",
                r->style, text);
    for (guint k = 0; k < r->frames->len; k++) {
      const tm_maps_frame_t *f = &g_array_index(r->frames, tm_maps_frame_t, k);
      if (f->inset && tm_maps_boxes_overlap(boxes + 4 * i, f->clip))
        g_error("%s: label \"%s\" overlaps the inset %s", r->style, text,
                f->name);
    }
  }
  g_hash_table_destroy(seen);
  g_free(boxes);
}

typedef struct {
  guint64 vertex;
  guint territory;
} tm_maps_vertex_t;

static gint tm_maps_vertex_cmp(gconstpointer a, gconstpointer b) {
  const tm_maps_vertex_t *x = a, *y = b;
  if (x->vertex != y->vertex)
    return x->vertex < y->vertex ? -1 : 1;
  return (gint)x->territory - (gint)y->territory;
}

GHashTable *tm_maps_territory_adjacency(const tm_maps_epci_t *epci,
                                        GHashTable *member) {
  const tm_geom_t *g = epci->layer->geom;
  GPtrArray *ids = g_ptr_array_new();
  GHashTable *index = g_hash_table_new(g_str_hash, g_str_equal);
  GArray *vertices = g_array_new(FALSE, FALSE, sizeof(tm_maps_vertex_t));
  for (guint f = 0; f < g->n_features; f++) {
    const char *id = g_hash_table_lookup(member, tm_maps_epci_siren(epci, f));
    if (!id)
      continue;
    if (!g_hash_table_contains(index, id)) {
      g_hash_table_insert(index, (char *)id, GUINT_TO_POINTER(ids->len));
      g_ptr_array_add(ids, (char *)id);
    }
    guint t = GPOINTER_TO_UINT(g_hash_table_lookup(index, id));
    guint first = g->ring_point[g->poly_ring[g->feature_poly[f]]];
    guint last = g->ring_point[g->poly_ring[g->feature_poly[f + 1]]];
    for (guint k = first; k < last; k++) {
      gint32 x = (gint32)lround(g->xy[2 * k] * 1e6),
             y = (gint32)lround(g->xy[2 * k + 1] * 1e6);
      tm_maps_vertex_t v = {(guint64)(guint32)x << 32 | (guint32)y, t};
      g_array_append_val(vertices, v);
    }
  }
  g_array_sort(vertices, tm_maps_vertex_cmp);
  GHashTable *pairs =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < vertices->len;) {
    guint j = i;
    while (j < vertices->len &&
           g_array_index(vertices, tm_maps_vertex_t, j).vertex ==
               g_array_index(vertices, tm_maps_vertex_t, i).vertex)
      j++;
    for (guint a = i; a < j; a++)
      for (guint b = a + 1; b < j; b++) {
        const char *ta = g_ptr_array_index(
            ids, g_array_index(vertices, tm_maps_vertex_t, a).territory);
        const char *tb = g_ptr_array_index(
            ids, g_array_index(vertices, tm_maps_vertex_t, b).territory);
        int c = strcmp(ta, tb);
        if (c != 0)
          g_hash_table_add(pairs, c < 0 ? g_strdup_printf("%s|%s", ta, tb)
                                        : g_strdup_printf("%s|%s", tb, ta));
      }
    i = j;
  }
  g_array_free(vertices, TRUE);
  g_hash_table_destroy(index);
  g_ptr_array_free(ids, TRUE);
  return pairs;
}

JsonObject *tm_maps_legend_entry(const tm_maps_render_t *r, const char *value) {
  JsonArray *legend = json_object_get_array_member(r->meta, "legend");
  for (guint i = 0; i < json_array_get_length(legend); i++) {
    JsonObject *e = json_array_get_object_element(legend, i);
    JsonNode *v = json_object_get_member(e, "value");
    if (v && !json_node_is_null(v) &&
        g_strcmp0(json_node_get_string(v), value) == 0)
      return e;
  }
  return NULL;
}

JsonObject *tm_maps_legend_no_data(const tm_maps_render_t *r) {
  JsonArray *legend = json_object_get_array_member(r->meta, "legend");
  for (guint i = 0; i < json_array_get_length(legend); i++) {
    JsonObject *e = json_array_get_object_element(legend, i);
    if (json_object_get_boolean_member(e, "no_data"))
      return e;
  }
  return NULL;
}
