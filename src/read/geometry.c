/* Shapefile records -> tm_geom_t.  shapelib trusts record headers, so every
 * count and part offset is checked before it indexes anything. */
#include <math.h>
#include <string.h>
#include "read_private.h"
#include "terrimap/limits.h"

typedef struct {
  const char *path;
  tm_layer_t *layer;
  tm_geom_builder_t *builder;
  GArray *xy;    /* double: one record's points, interleaved; reused */
  GArray *rings; /* tm_ring_info_t: one record's valid rings; reused */
  guint first_bad_record; /* 1-based, 0 when none */
  guint first_unnested_record; /* 1-based: first record with too many rings
                                  to check their nesting, 0 when none */
} tm_shp_reader_t;

static gboolean tm_shape_type_is_polygon(int type)
{
  return type == SHPT_POLYGON || type == SHPT_POLYGONZ || type == SHPT_POLYGONM;
}

char *tm_shape_type_describe(int type)
{
  const char *name = SHPTypeName(type);
  if (!name || !strcmp(name, "UnknownShapeType"))
    return g_strdup_printf("%d (unknown)", type);
  return g_strdup(name);
}

static gboolean tm_ring_is_finite(const double *xy, guint n)
{
  for (gsize i = 0; i < 2 * (gsize)n; i++)
    if (!isfinite(xy[i]))
      return FALSE;
  return TRUE;
}

static void tm_shp_note_bad_ring(tm_shp_reader_t *rd, guint record)
{
  rd->layer->n_bad_rings++;
  if (!rd->first_bad_record)
    rd->first_bad_record = record;
}

/* Checks the part table of obj, whose parts index its vertex arrays. */
static gboolean tm_shp_check_parts(const tm_shp_reader_t *rd, const SHPObject *obj,
                                   guint record, GError **error)
{
  if (obj->nParts <= 0 || obj->nVertices < 0) {
    g_set_error(error, TM_ERROR, TM_ERROR_FORMAT,
                "%s: record %u: %d parts for %d points (expected at least one part)",
                rd->path, record, obj->nParts, obj->nVertices);
    return FALSE;
  }
  int previous = 0;
  for (int p = 0; p < obj->nParts; p++) {
    int start = obj->panPartStart[p];
    if (start < previous || start > obj->nVertices) {
      g_set_error(error, TM_ERROR, TM_ERROR_FORMAT,
                  "%s: record %u: part %d starts at point %d (expected %d..%d, increasing)",
                  rd->path, record, p + 1, start, previous, obj->nVertices);
      return FALSE;
    }
    previous = start;
  }
  return TRUE;
}

/* Interleaves the record's points into rd->xy and lists its usable rings. */
static gboolean tm_shp_collect_rings(tm_shp_reader_t *rd, const SHPObject *obj, guint record,
                                     GError **error)
{
  gsize n_doubles;
  if (!g_size_checked_mul(&n_doubles, (gsize)obj->nVertices, 2) || n_doubles > G_MAXUINT) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT, "%s: record %u: %d points (too many)",
                rd->path, record, obj->nVertices);
    return FALSE;
  }
  g_array_set_size(rd->xy, (guint)n_doubles);
  double *xy = (double *)(void *)rd->xy->data;
  for (int k = 0; k < obj->nVertices; k++) {
    xy[2 * k] = obj->padfX[k];
    xy[2 * k + 1] = obj->padfY[k];
  }
  g_array_set_size(rd->rings, 0);
  for (int p = 0; p < obj->nParts; p++) {
    int start = obj->panPartStart[p];
    int end = p + 1 < obj->nParts ? obj->panPartStart[p + 1] : obj->nVertices;
    guint n = (guint)(end - start);
    if (n == 0) {
      rd->layer->n_empty_parts++;
      continue;
    }
    const double *ring = xy + 2 * (gsize)start;
    if (n < 4 || !tm_ring_is_finite(ring, n)) {
      tm_shp_note_bad_ring(rd, record);
      continue;
    }
    tm_ring_info_t info = {.start = (guint)start, .n = n, .parent = -1};
    info.area = tm_ring_signed_area(ring, n);
    info.extent = tm_extent_empty();
    for (guint k = 0; k < n; k++)
      tm_extent_add_point(&info.extent, ring[2 * k], ring[2 * k + 1]);
    g_array_append_val(rd->rings, info);
  }
  return TRUE;
}

static gboolean tm_shp_read_record(tm_shp_reader_t *rd, SHPHandle shp, int index, GError **error)
{
  guint record = (guint)index + 1;
  SHPObject *obj = SHPReadObject(shp, index);
  if (!obj) {
    g_set_error(error, TM_ERROR, TM_ERROR_FORMAT,
                "%s: record %u: cannot be read (truncated .shp, or .shx offset, length, "
                "part count, point count or part index inconsistent with the record)",
                rd->path, record);
    return FALSE;
  }
  gboolean ok = TRUE;
  tm_geom_builder_begin_feature(rd->builder);
  if (obj->nSHPType == SHPT_NULL || obj->nVertices == 0) {
    rd->layer->n_null_shapes++;
  } else if (!tm_shape_type_is_polygon(obj->nSHPType)) {
    char *type = tm_shape_type_describe(obj->nSHPType);
    g_set_error(error, TM_ERROR, TM_ERROR_FORMAT, "%s: record %u: shape type %s (expected Polygon)",
                rd->path, record, type);
    g_free(type);
    ok = FALSE;
  } else if (tm_shp_check_parts(rd, obj, record, error) &&
             tm_shp_collect_rings(rd, obj, record, error)) {
    if (!tm_rings_add_polygons(rd->builder, (const double *)(void *)rd->xy->data,
                               (tm_ring_info_t *)(void *)rd->rings->data, rd->rings->len) &&
        !rd->first_unnested_record)
      rd->first_unnested_record = record;
  } else {
    ok = FALSE;
  }
  SHPDestroyObject(obj);
  return ok;
}

gboolean tm_shp_read_geometry(SHPHandle shp, const char *shp_path, const char *shp_file,
                              tm_layer_t *layer, tm_shp_notes_t *notes, GError **error)
{
  tm_shp_reader_t rd = {
    .path = shp_path,
    .layer = layer,
    .builder = tm_geom_builder_new(),
    .xy = g_array_new(FALSE, FALSE, sizeof(double)),
    .rings = g_array_new(FALSE, FALSE, sizeof(tm_ring_info_t)),
  };
  /* The points at once, from the bound the limits were checked against
   * (plus a closing point per record, which the reader may add). */
  tm_geom_builder_reserve(rd.builder, layer->n_features, layer->n_features,
                          (guint)MIN(tm_read_vertex_bound(shp, shp_file) + layer->n_features,
                                     (guint64)TM_LIMITS_VERTICES_CEILING));
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < layer->n_features; i++)
    ok = tm_shp_read_record(&rd, shp, (int)i, error);
  g_array_free(rd.xy, TRUE);
  g_array_free(rd.rings, TRUE);
  if (!ok) {
    tm_geom_builder_free(rd.builder);
    return FALSE;
  }
  layer->geom = tm_geom_builder_finish(rd.builder);
  notes->first_bad_record = rd.first_bad_record;
  notes->first_unnested_record = rd.first_unnested_record;
  return TRUE;
}

void tm_shp_warn_notes(tm_context_t *ctx, const char *shp_path, const tm_layer_t *layer,
                       const tm_shp_notes_t *notes)
{
  if (layer->n_bad_rings)
    tm_warn(ctx, "%s: %u ring%s skipped (fewer than 4 points or non-finite coordinates), "
            "first at record %u", shp_path, layer->n_bad_rings,
            layer->n_bad_rings == 1 ? "" : "s", notes->first_bad_record);
  if (notes->first_unnested_record)
    tm_warn(ctx, "%s: record %u: more than %u rings; holes taken from the ring order "
            "and orientation, without checking which exterior holds them", shp_path,
            notes->first_unnested_record, TM_RINGS_NESTING_MAX);
}
