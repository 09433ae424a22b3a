/* Extents of regional, departmental, territory and box maps: which frame
 * they lie in, their box in its CRS, and which features are inside (drawn
 * in colour; the others are context). */
#include <math.h>
#include <string.h>
#include "project_private.h"

const tm_frame_t *tm_projection_get_frame(const tm_projection_t *p, const char *name)
{
  for (guint i = 0; i < p->n_frames; i++)
    if (g_strcmp0(p->frames[i].name, name) == 0)
      return &p->frames[i];
  return NULL;
}

void tm_focus_free(tm_focus_t *focus)
{
  if (!focus)
    return;
  g_free(focus->spec);
  g_free(focus->frame);
  g_free(focus->in_focus);
  g_free(focus);
}

/* Marks the layer features of `frame` whose representative point passes
 * `inside`, and returns how many. */
typedef gboolean (*tm_point_test_t)(double x, double y, void *data);

static guint tm_focus_mark(tm_focus_t *focus, const tm_frame_t *frame, tm_point_test_t inside,
                           void *data)
{
  guint n = 0;
  for (guint i = 0; i < frame->n_features; i++) {
    double x, y;
    if (tm_geom_get_representative_point(frame->geom, i, &x, &y) && inside(x, y, data)) {
      focus->in_focus[frame->features[i]] = TRUE;
      n++;
    }
  }
  return n;
}

/* ---- region: and departement: ---- */
typedef struct {
  const tm_frame_t *frame; /* of the extent layer */
  const gboolean *selected; /* per frame feature */
} tm_areas_t;

static gboolean tm_in_areas(double x, double y, void *data)
{
  const tm_areas_t *a = data;
  for (guint i = 0; i < a->frame->n_features; i++)
    if (a->selected[i] && tm_geom_feature_contains(a->frame->geom, i, x, y))
      return TRUE;
  return FALSE;
}

static gint tm_compare_strings(gconstpointer a, gconstpointer b)
{
  return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

static char *tm_known_codes(const tm_layer_t *layer, gint field)
{
  GPtrArray *codes = g_ptr_array_new();
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint f = 0; f < layer->n_features; f++) {
    const char *v = tm_layer_get_value(layer, f, (guint)field);
    if (v && g_hash_table_add(seen, (gpointer)v))
      g_ptr_array_add(codes, (gpointer)v);
  }
  g_ptr_array_sort(codes, tm_compare_strings);
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < codes->len; i++)
    g_string_append_printf(s, "%s%s", i ? ", " : "", (const char *)g_ptr_array_index(codes, i));
  g_hash_table_destroy(seen);
  g_ptr_array_free(codes, TRUE);
  return g_string_free(s, FALSE);
}

static gboolean tm_focus_admin(tm_focus_t *focus, const tm_focus_input_t *in, const char *kind,
                               const char *code, GError **error)
{
  gboolean region = strcmp(kind, "region") == 0;
  const char *key = region ? in->region_key : in->departement_key;
  if (!in->extent_layer || !in->extent_projection) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "--extent %s: needs the départements layer ([extent] layer in the style)",
                focus->spec);
    return FALSE;
  }
  gint field = tm_layer_find_field(in->extent_layer, key ? key : "");
  if (field < 0) {
    char *fields = tm_layer_list_fields(in->extent_layer);
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "--extent %s: %s has no field '%s' (fields: %s)",
                focus->spec, in->extent_layer->path, key ? key : "", fields);
    g_free(fields);
    return FALSE;
  }
  /* The frame holding most of the selected départements. */
  const tm_frame_t *best = NULL;
  guint best_n = 0;
  for (guint i = 0; i < in->extent_projection->n_frames; i++) {
    const tm_frame_t *fr = &in->extent_projection->frames[i];
    guint n = 0;
    for (guint k = 0; k < fr->n_features; k++)
      n += g_strcmp0(tm_layer_get_value(in->extent_layer, fr->features[k], (guint)field), code) == 0;
    if (n > best_n) {
      best = fr;
      best_n = n;
    }
  }
  if (!best) {
    char *known = tm_known_codes(in->extent_layer, field);
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "--extent %s: no feature of %s has %s = '%s' (known: %s)", focus->spec,
                in->extent_layer->path, key, code, known);
    g_free(known);
    return FALSE;
  }
  gboolean *selected = g_new0(gboolean, best->n_features);
  focus->extent = tm_extent_empty();
  for (guint k = 0; k < best->n_features; k++)
    if (g_strcmp0(tm_layer_get_value(in->extent_layer, best->features[k], (guint)field), code) == 0) {
      selected[k] = TRUE;
      tm_extent_t e = tm_geom_get_feature_extent(best->geom, k);
      tm_extent_add_extent(&focus->extent, &e);
    }
  focus->frame = g_strdup(best->name);
  const tm_frame_t *layer_frame = tm_projection_get_frame(in->projection, best->name);
  if (layer_frame) {
    tm_areas_t areas = {best, selected};
    focus->n_in_focus = tm_focus_mark(focus, layer_frame, tm_in_areas, &areas);
    /* A feature larger than the area (the Métropole du Grand Paris holds
     * Hauts-de-Seine whole) has its own point elsewhere: it is in when it
     * holds the area's point. */
    for (guint k = 0; k < best->n_features; k++) {
      double x, y;
      if (!selected[k] || !tm_geom_get_representative_point(best->geom, k, &x, &y))
        continue;
      for (guint i = 0; i < layer_frame->n_features; i++) {
        guint f = layer_frame->features[i];
        if (!focus->in_focus[f] && tm_geom_feature_contains(layer_frame->geom, i, x, y)) {
          focus->in_focus[f] = TRUE;
          focus->n_in_focus++;
        }
      }
    }
  }
  g_free(selected);
  return TRUE;
}

/* ---- category: ---- */
static gboolean tm_focus_category(tm_focus_t *focus, const tm_focus_input_t *in, const char *value,
                                  GError **error)
{
  const tm_frame_t *best = NULL;
  guint best_n = 0;
  for (guint i = 0; in->feature_values && i < in->projection->n_frames; i++) {
    const tm_frame_t *fr = &in->projection->frames[i];
    guint n = 0;
    for (guint k = 0; k < fr->n_features; k++)
      n += g_strcmp0(in->feature_values[fr->features[k]], value) == 0;
    if (n > best_n) {
      best = fr;
      best_n = n;
    }
  }
  if (!best) {
    GPtrArray *values = g_ptr_array_new();
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint f = 0; in->feature_values && f < in->layer->n_features; f++)
      if (in->feature_values[f] && g_hash_table_add(seen, (gpointer)in->feature_values[f]))
        g_ptr_array_add(values, (gpointer)in->feature_values[f]);
    g_ptr_array_sort(values, tm_compare_strings);
    GString *known = g_string_new(NULL);
    for (guint i = 0; i < values->len && i < 20; i++)
      g_string_append_printf(known, "%s%s", i ? ", " : "", (char *)g_ptr_array_index(values, i));
    if (values->len > 20)
      g_string_append_printf(known, ", … (%u in all)", values->len);
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "--extent %s: no feature has category '%s'%s%s%s",
                focus->spec, value, in->feature_values ? " (known: " : " (the map has no category column)",
                in->feature_values ? known->str : "", in->feature_values ? ")" : "");
    g_string_free(known, TRUE);
    g_hash_table_destroy(seen);
    g_ptr_array_free(values, TRUE);
    return FALSE;
  }
  focus->frame = g_strdup(best->name);
  focus->extent = tm_extent_empty();
  for (guint k = 0; k < best->n_features; k++)
    if (g_strcmp0(in->feature_values[best->features[k]], value) == 0) {
      focus->in_focus[best->features[k]] = TRUE;
      focus->n_in_focus++;
      tm_extent_t e = tm_geom_get_feature_extent(best->geom, k);
      tm_extent_add_extent(&focus->extent, &e);
    }
  return TRUE;
}

/* ---- bbox: ---- */
static gboolean tm_in_box(double x, double y, void *data)
{
  return tm_extent_contains(data, x, y);
}

static gboolean tm_focus_bbox(tm_context_t *ctx, tm_focus_t *focus, const tm_focus_input_t *in,
                              const char *args, GError **error)
{
  char **parts = g_strsplit(args, ",", -1);
  guint n = g_strv_length(parts);
  double v[4];
  gboolean ok = n == 4 || n == 5;
  for (guint i = 0; ok && i < 4; i++)
    ok = tm_parse_double(g_strstrip(parts[i]), &v[i]);
  ok = ok && v[0] < v[2] && v[1] < v[3];
  const char *crs = n == 5 ? g_strstrip(parts[4]) : "EPSG:4326";
  if (!ok) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "--extent %s: expected bbox:xmin,ymin,xmax,ymax[,CRS] with xmin < xmax and "
                "ymin < ymax (longitude/latitude unless a CRS is given)",
                focus->spec);
    g_strfreev(parts);
    return FALSE;
  }
  PJ *src = tm_proj_crs_new(ctx, crs, "--extent", error);
  PJ *wgs = src ? tm_proj_crs_new(ctx, "EPSG:4326", "EPSG:4326", error) : NULL;
  PJ *to_lonlat = wgs ? tm_proj_transform_new(ctx, src, wgs, "--extent", error) : NULL;
  ok = to_lonlat != NULL;
  const tm_frame_t *frame = NULL;
  if (ok) {
    PJ_COORD c = proj_trans(to_lonlat, PJ_FWD, proj_coord((v[0] + v[2]) / 2, (v[1] + v[3]) / 2, 0, 0));
    for (guint i = 0; !frame && i < in->n_frames; i++)
      if (tm_extent_contains(&in->frames[i].select, c.xy.x, c.xy.y))
        frame = tm_projection_get_frame(in->projection, in->frames[i].name);
    if (!frame) {
      g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                  "--extent %s: the box's centre (%.4f, %.4f in longitude/latitude) is in no map "
                  "frame with features",
                  focus->spec, c.xy.x, c.xy.y);
      ok = FALSE;
    }
  }
  PJ *dst = NULL, *to_frame = NULL;
  if (ok) {
    dst = tm_proj_crs_new(ctx, frame->crs, frame->name, error);
    to_frame = dst ? tm_proj_transform_new(ctx, src, dst, "--extent", error) : NULL;
    ok = to_frame != NULL;
  }
  if (ok) {
    /* The box's edges, sampled: a straight edge in one CRS bends in another. */
    focus->extent = tm_extent_empty();
    for (int i = 0; i <= 16; i++) {
      double t = i / 16.0;
      double pts[4][2] = {{v[0] + t * (v[2] - v[0]), v[1]}, {v[0] + t * (v[2] - v[0]), v[3]},
                          {v[0], v[1] + t * (v[3] - v[1])}, {v[2], v[1] + t * (v[3] - v[1])}};
      for (int k = 0; k < 4; k++) {
        PJ_COORD c = proj_trans(to_frame, PJ_FWD, proj_coord(pts[k][0], pts[k][1], 0, 0));
        if (isfinite(c.xy.x) && isfinite(c.xy.y))
          tm_extent_add_point(&focus->extent, c.xy.x, c.xy.y);
      }
    }
    focus->frame = g_strdup(frame->name);
    focus->n_in_focus = tm_focus_mark(focus, frame, tm_in_box, &focus->extent);
  }
  proj_destroy(to_frame);
  proj_destroy(dst);
  proj_destroy(to_lonlat);
  proj_destroy(wgs);
  proj_destroy(src);
  g_strfreev(parts);
  return ok;
}

tm_focus_t *tm_focus_new(tm_context_t *ctx, const char *spec, const tm_focus_input_t *in,
                         GError **error)
{
  tm_focus_t *focus = g_new0(tm_focus_t, 1);
  focus->spec = g_strdup(spec);
  focus->in_focus = g_new0(gboolean, in->layer->n_features);
  const char *colon = strchr(spec, ':');
  char *kind = colon ? g_strndup(spec, colon - spec) : g_strdup(spec);
  const char *arg = colon ? colon + 1 : "";
  gboolean ok;
  if (!strcmp(kind, "region") || !strcmp(kind, "departement"))
    ok = tm_focus_admin(focus, in, kind, arg, error);
  else if (!strcmp(kind, "category"))
    ok = tm_focus_category(focus, in, arg, error);
  else if (!strcmp(kind, "bbox"))
    ok = tm_focus_bbox(ctx, focus, in, arg, error);
  else {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "--extent %s: expected region:CODE, departement:CODE, category:VALUE or "
                "bbox:xmin,ymin,xmax,ymax[,CRS]",
                spec);
    ok = FALSE;
  }
  if (ok && *arg == '\0') {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "--extent %s: no code or value after ':'",
                spec);
    ok = FALSE;
  }
  if (ok && (focus->n_in_focus == 0 || tm_extent_is_empty(&focus->extent))) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "--extent %s: no feature of %s lies inside it",
                spec, in->layer->path);
    ok = FALSE;
  }
  g_free(kind);
  if (!ok) {
    tm_focus_free(focus);
    return NULL;
  }
  return focus;
}
