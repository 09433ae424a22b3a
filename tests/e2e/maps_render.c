#include "maps_render.h"
#include "e2e_util.h"
#include <glib/gstdio.h>
#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <string.h>

/* The value of attribute name (with its leading space and '="') inside the
 * tag [start, end), as a new string, or NULL. */
static char *tm_maps_attr(const char *start, const char *end,
                          const char *name) {
  const char *at = g_strstr_len(start, end - start, name);
  if (!at)
    return NULL;
  at += strlen(name);
  const char *close = memchr(at, '"', (gsize)(end - at));
  g_assert_nonnull(close);
  return g_strndup(at, (gsize)(close - at));
}

/* The paths are what a reader of the SVG sees: one per feature, territory
 * or overlay shape, keyed by the record it draws. */
static GHashTable *tm_maps_read_svg_paths(const char *svg_path) {
  char *svg = NULL;
  g_assert_true(g_file_get_contents(svg_path, &svg, NULL, NULL));
  GHashTable *paths =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (const char *p = svg; (p = strstr(p, "<path ")); p++) {
    const char *end = strchr(p, '>');
    g_assert_nonnull(end);
    char *cls = tm_maps_attr(p, end, " class=\"");
    char *key = tm_maps_attr(p, end, " data-key=\"");
    char *fill = tm_maps_attr(p, end, " fill=\"");
    /* Overlays are keyed by their own layers (a région and a
     * département may share a code): not looked up here. */
    if (cls && key && fill && strcmp(cls, "overlay") != 0) {
      char *id = g_strdup_printf("%s %s", cls, key);
      /* A feature is one path: a second one with the same key would
       * make "its fill" ambiguous. */
      if (g_hash_table_contains(paths, id))
        g_error("%s: two <path> elements with class %s and data-key %s",
                svg_path, cls, key);
      g_hash_table_insert(paths, id, g_steal_pointer(&fill));
    }
    g_free(cls);
    g_free(key);
    g_free(fill);
    p = end;
  }
  g_free(svg);
  return paths;
}

/* Grows box by the coordinates of every path and text of [start, end);
 * a text anchor is its baseline start, so the box grows by one line height
 * (margin) around it. */
static void tm_maps_add_group_extent(const char *start, const char *end,
                                     double margin, double box[4]) {
  for (const char *p = start;
       p < end && (p = g_strstr_len(p, end - p, " d=\"")); p += 4) {
    const char *close = strchr(p + 4, '"');
    /* M and L take absolute points, l relative ones (terrimap writes the
     * first point of a ring absolute and the others relative). */
    gboolean is_x = TRUE, relative = FALSE;
    double cx = 0, cy = 0, nx = 0;
    for (const char *q = p + 4; q < close;) {
      if (*q == 'M' || *q == 'L' || *q == 'l') {
        relative = *q == 'l';
        q++;
        continue;
      }
      char *num_end = NULL;
      double v = g_ascii_strtod(q, &num_end);
      if (num_end == q) {
        q++;
        continue;
      }
      if (is_x) {
        nx = relative ? cx + v : v;
      } else {
        cx = nx;
        cy = relative ? cy + v : v;
        box[0] = MIN(box[0], cx);
        box[2] = MAX(box[2], cx);
        box[1] = MIN(box[1], cy);
        box[3] = MAX(box[3], cy);
      }
      is_x = !is_x;
      q = num_end;
    }
  }
  for (const char *p = start;
       p < end && (p = g_strstr_len(p, end - p, "<text x=\"")); p += 9) {
    char *after = NULL;
    double x = g_ascii_strtod(p + 9, &after);
    const char *y_attr = strstr(after, " y=\"");
    g_assert_nonnull(y_attr);
    double y = g_ascii_strtod(y_attr + 4, NULL);
    box[0] = MIN(box[0], x - margin);
    box[1] = MIN(box[1], y - margin);
    box[2] = MAX(box[2], x + margin);
    box[3] = MAX(box[3], y + margin);
  }
}

/* Everything grouped outside the map frames (legend, scale bar, north
 * arrow, title...), drawn over the map or beside it. */
static GArray *tm_maps_read_svg_furniture(const char *svg_path, double margin) {
  char *svg = NULL;
  g_assert_true(g_file_get_contents(svg_path, &svg, NULL, NULL));
  GArray *boxes = g_array_new(FALSE, FALSE, sizeof(tm_maps_box_t));
  for (const char *p = svg; (p = strstr(p, "<g ")); p++) {
    const char *tag_end = strchr(p, '>');
    /* Top-level groups have an id; the map's own groups (overlays,
     * outlines) nest inside frames without one.  Labels have their boxes
     * in the sidecar. */
    char *id = tm_maps_attr(p, tag_end, " id=\"");
    char *cls = tm_maps_attr(p, tag_end, " class=\"");
    gboolean skip =
        !id || strcmp(id, "labels") == 0 ||
        (cls && (strcmp(cls, "frame") == 0 || strcmp(cls, "inset") == 0));
    g_free(id);
    g_free(cls);
    if (skip)
      continue;
    const char *close = strstr(tag_end, "</g>");
    g_assert_nonnull(close);
    tm_maps_box_t box = {
        {G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE}};
    tm_maps_add_group_extent(tag_end, close, margin, box.v);
    if (box.v[0] <= box.v[2])
      g_array_append_val(boxes, box);
  }
  g_free(svg);
  return boxes;
}

static void tm_maps_read_frames(tm_maps_render_t *r) {
  r->frames = g_array_new(FALSE, TRUE, sizeof(tm_maps_frame_t));
  r->proj = proj_context_create();
  JsonArray *frames = json_object_get_array_member(r->meta, "frames");
  for (guint i = 0; i < json_array_get_length(frames); i++) {
    JsonObject *o = json_array_get_object_element(frames, i);
    tm_maps_frame_t f = {0};
    f.name = g_strdup(json_object_get_string_member(o, "name"));
    f.inset = json_object_has_member(o, "inset") &&
              json_object_get_boolean_member(o, "inset");
    JsonArray *m = json_object_get_array_member(o, "transform");
    JsonArray *clip = json_object_get_array_member(o, "clip");
    g_assert_cmpuint(json_array_get_length(m), ==, 6);
    g_assert_cmpuint(json_array_get_length(clip), ==, 4);
    for (guint k = 0; k < 6; k++)
      f.m[k] = json_array_get_double_element(m, k);
    for (guint k = 0; k < 4; k++)
      f.clip[k] = json_array_get_double_element(clip, k);
    PJ *raw = proj_create_crs_to_crs(
        r->proj, "EPSG:4326", json_object_get_string_member(o, "crs"), NULL);
    g_assert_nonnull(raw);
    f.to_crs = proj_normalize_for_visualization(r->proj, raw);
    proj_destroy(raw);
    g_assert_nonnull(f.to_crs);
    g_array_append_val(r->frames, f);
  }
}

tm_maps_render_t *tm_maps_render(const char *style, int dpi,
                                 const char *const *extra) {
  const char *data = tm_e2e_data_dir_or_skip();
  tm_maps_render_t *r = g_new0(tm_maps_render_t, 1);
  r->style = g_strdup(style);
  r->dir = g_dir_make_tmp("terrimap-maps-XXXXXX", NULL);
  g_assert_nonnull(r->dir);
  r->png = g_build_filename(r->dir, "map.png", NULL);
  r->svg = g_build_filename(r->dir, "map.svg", NULL);
  r->json = g_build_filename(r->dir, "map.json", NULL);
  char *ini = g_strdup_printf("%s/%s.ini", g_getenv("TERRIMAP_STYLES"), style);
  char *dpi_text = g_strdup_printf("%d", dpi);
  GPtrArray *args = g_ptr_array_new();
  const char *base[] = {"render", "--style",    ini,    "--data", data,
                        "--dpi",  dpi_text,     "-o",   r->png,   "-o",
                        r->svg,   "--metadata", r->json};
  for (guint i = 0; i < G_N_ELEMENTS(base); i++)
    g_ptr_array_add(args, (char *)base[i]);
  for (const char *const *a = extra; a && *a; a++)
    g_ptr_array_add(args, (char *)*a);
  g_ptr_array_add(args, NULL);
  char *out = NULL, *err = NULL;
  int status = tm_e2e_run((const char *const *)args->pdata, &out, &err);
  if (status != 0)
    g_error("terrimap render --style %s failed (%d): %s", style, status, err);
  g_ptr_array_free(args, TRUE);
  g_free(out);
  g_free(err);
  g_free(ini);
  g_free(dpi_text);

  r->parser = json_parser_new();
  GError *error = NULL;
  json_parser_load_from_file(r->parser, r->json, &error);
  g_assert_no_error(error);
  r->meta = json_node_get_object(json_parser_get_root(r->parser));
  r->image = cairo_image_surface_create_from_png(r->png);
  g_assert_cmpint(cairo_surface_status(r->image), ==, CAIRO_STATUS_SUCCESS);
  r->width = cairo_image_surface_get_width(r->image);
  r->height = cairo_image_surface_get_height(r->image);
  JsonObject *image = json_object_get_object_member(r->meta, "image");
  g_assert_cmpint(json_object_get_int_member(image, "width"), ==, r->width);
  g_assert_cmpint(json_object_get_int_member(image, "height"), ==, r->height);
  r->paths = tm_maps_read_svg_paths(r->svg);
  r->furniture = tm_maps_read_svg_furniture(r->svg, dpi / 72.0 * 12);
  r->tight = tm_maps_read_svg_furniture(r->svg, 0);
  tm_maps_read_frames(r);
  return r;
}

void tm_maps_render_free(tm_maps_render_t *r) {
  if (!r)
    return;
  for (guint i = 0; r->frames && i < r->frames->len; i++) {
    tm_maps_frame_t *f = &g_array_index(r->frames, tm_maps_frame_t, i);
    proj_destroy(f->to_crs);
    g_free(f->name);
  }
  if (r->frames)
    g_array_free(r->frames, TRUE);
  if (r->proj)
    proj_context_destroy(r->proj);
  if (r->paths)
    g_hash_table_destroy(r->paths);
  if (r->furniture)
    g_array_free(r->furniture, TRUE);
  if (r->tight)
    g_array_free(r->tight, TRUE);
  if (r->image)
    cairo_surface_destroy(r->image);
  if (r->parser)
    g_object_unref(r->parser);
  const char *files[] = {r->png, r->svg, r->json};
  for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
    g_unlink(files[i]);
    g_free((char *)files[i]);
  }
  g_rmdir(r->dir);
  g_free(r->dir);
  g_free(r->style);
  g_free(r);
}

const char *tm_maps_path_fill(const tm_maps_render_t *r, const char *cls,
                              const char *key) {
  char *id = g_strdup_printf("%s %s", cls, key);
  const char *fill = g_hash_table_lookup(r->paths, id);
  g_free(id);
  return fill;
}

guint tm_maps_path_count(const tm_maps_render_t *r, const char *cls) {
  guint n = 0;
  GHashTableIter it;
  gpointer id;
  g_hash_table_iter_init(&it, r->paths);
  while (g_hash_table_iter_next(&it, &id, NULL))
    if (g_str_has_prefix(id, cls) && ((const char *)id)[strlen(cls)] == ' ')
      n++;
  return n;
}

static gboolean tm_maps_in_clip(const tm_maps_frame_t *f, double px,
                                double py) {
  return px >= f->clip[0] && py >= f->clip[1] && px <= f->clip[2] &&
         py <= f->clip[3];
}

static void tm_maps_to_pixel(const tm_maps_frame_t *f, double lon, double lat,
                             double *px, double *py) {
  PJ_COORD c = proj_trans(f->to_crs, PJ_FWD, proj_coord(lon, lat, 0, 0));
  if (!isfinite(c.xy.x) || !isfinite(c.xy.y)) {
    *px = *py = -1e30;
    return;
  }
  *px = f->m[0] * c.xy.x + f->m[1] * c.xy.y + f->m[2];
  *py = f->m[3] * c.xy.x + f->m[4] * c.xy.y + f->m[5];
}

const tm_maps_frame_t *tm_maps_locate(const tm_maps_render_t *r, double lon,
                                      double lat, double *px, double *py) {
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < r->frames->len; i++) {
      const tm_maps_frame_t *f = &g_array_index(r->frames, tm_maps_frame_t, i);
      if (f->inset != (pass == 0))
        continue;
      tm_maps_to_pixel(f, lon, lat, px, py);
      if (tm_maps_in_clip(f, *px, *py))
        return f;
    }
  return NULL;
}

const tm_maps_frame_t *tm_maps_frame_at_pixel(const tm_maps_render_t *r,
                                              double px, double py) {
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < r->frames->len; i++) {
      const tm_maps_frame_t *f = &g_array_index(r->frames, tm_maps_frame_t, i);
      if (f->inset == (pass == 0) && tm_maps_in_clip(f, px, py))
        return f;
    }
  return NULL;
}

void tm_maps_pixel_to_lonlat(const tm_maps_frame_t *f, double px, double py,
                             double *lon, double *lat) {
  const double *m = f->m;
  double det = m[0] * m[4] - m[1] * m[3];
  g_assert_cmpfloat(fabs(det), >, 0.0);
  double dx = px - m[2], dy = py - m[5];
  double x = (m[4] * dx - m[1] * dy) / det;
  double y = (m[0] * dy - m[3] * dx) / det;
  PJ_COORD c = proj_trans(f->to_crs, PJ_INV, proj_coord(x, y, 0, 0));
  *lon = c.xy.x;
  *lat = c.xy.y;
}

guint32 tm_maps_hex(const char *text) {
  g_assert_nonnull(text);
  g_assert_cmpuint(strlen(text), ==, 7);
  g_assert_cmpint(text[0], ==, '#');
  char *end = NULL;
  guint64 v = g_ascii_strtoull(text + 1, &end, 16);
  g_assert_true(end && *end == '\0');
  return (guint32)v;
}

gboolean tm_maps_uniform_block(const tm_maps_render_t *r, int x, int y,
                               int radius, guint32 *rgb) {
  if (x - radius < 0 || y - radius < 0 || x + radius >= r->width ||
      y + radius >= r->height)
    return FALSE;
  guint32 first = tm_e2e_pixel(r->image, x, y);
  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      if (tm_e2e_pixel(r->image, x + dx, y + dy) != first)
        return FALSE;
  *rgb = first;
  return TRUE;
}

gboolean tm_maps_covered(const tm_maps_render_t *r, double x, double y) {
  JsonArray *labels = json_object_get_array_member(r->meta, "labels");
  for (guint i = 0; labels && i < json_array_get_length(labels); i++) {
    JsonArray *b = json_object_get_array_member(
        json_array_get_object_element(labels, i), "bbox");
    if (x >= json_array_get_double_element(b, 0) - 2 &&
        x <= json_array_get_double_element(b, 2) + 2 &&
        y >= json_array_get_double_element(b, 1) - 2 &&
        y <= json_array_get_double_element(b, 3) + 2)
      return TRUE;
  }
  for (guint i = 0; i < r->furniture->len; i++) {
    const double *b = g_array_index(r->furniture, tm_maps_box_t, i).v;
    if (x >= b[0] - 2 && x <= b[2] + 2 && y >= b[1] - 2 && y <= b[3] + 2)
      return TRUE;
  }
  return FALSE;
}
