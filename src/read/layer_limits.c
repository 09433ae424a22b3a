/* The size of a layer before it is read: a layer beyond the limits, or one
 * that would need more memory than it may use, is refused before anything
 * is allocated for it, rather than failing (or being killed) part-way.
 * Everything here is already known without reading a record: the record
 * count and lengths from the .shx (shapelib holds them) and file sizes. */
#include <glib/gstdio.h>
#include "read_private.h"
#include "terrimap/limits.h"

/* A polygon record's content: type, box, part and point counts (44 bytes),
 * at least one 4-byte part index, then 16 bytes (x, y) per vertex. */
#define TM_SHP_POLYGON_FIXED_BYTES 48u
#define TM_SHP_VERTEX_BYTES 16u
#define TM_SHP_HEADER_BYTES 100u

static guint64 tm_read_file_size(const char *path)
{
  GStatBuf st;
  return g_stat(path, &st) == 0 && st.st_size > 0 ? (guint64)st.st_size : 0;
}

/* At most how many vertices the records can hold: from each record's
 * length in the .shx, and never more than the .shp itself could hold (a
 * hostile .shx may claim any length). */
guint64 tm_read_vertex_bound(SHPHandle shp, const char *shp_file)
{
  guint64 from_records = 0;
  for (int i = 0; i < shp->nRecords; i++)
    if (shp->panRecSize[i] > TM_SHP_POLYGON_FIXED_BYTES)
      from_records += (shp->panRecSize[i] - TM_SHP_POLYGON_FIXED_BYTES) / TM_SHP_VERTEX_BYTES;
  guint64 size = tm_read_file_size(shp_file);
  guint64 from_file =
      size > TM_SHP_HEADER_BYTES ? (size - TM_SHP_HEADER_BYTES) / TM_SHP_VERTEX_BYTES : 0;
  return MIN(from_records, from_file);
}

static gboolean tm_read_check_counts(const tm_limits_t *lim, const char *shp_path, guint n_features,
                                     guint64 n_vertices, GError **error)
{
  if (lim->max_features && n_features > lim->max_features) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT, "%s: %u features, more than the limit of %u (%s)",
                shp_path, n_features, lim->max_features, tm_limit_get_hint(TM_LIMIT_FEATURES));
    return FALSE;
  }
  if (lim->max_vertices && n_vertices > lim->max_vertices) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT,
                "%s: up to %" G_GUINT64_FORMAT " vertices (from the record lengths in the .shx), "
                "more than the limit of %u (%s)",
                shp_path, n_vertices, lim->max_vertices, tm_limit_get_hint(TM_LIMIT_VERTICES));
    return FALSE;
  }
  if (n_vertices > TM_LIMITS_VERTICES_CEILING) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT,
                "%s: up to %" G_GUINT64_FORMAT " vertices (from the record lengths in the .shx), "
                "more than the %u one layer can hold (split the layer)",
                shp_path, n_vertices, TM_LIMITS_VERTICES_CEILING);
    return FALSE;
  }
  return TRUE;
}

gboolean tm_read_check_limits(SHPHandle shp, const char *shp_path, const char *shp_file,
                              const char *dbf_file, guint n_features, GError **error)
{
  const tm_limits_t *lim = tm_limits_get();
  guint64 n_vertices = tm_read_vertex_bound(shp, shp_file);
  if (!tm_read_check_counts(lim, shp_path, n_features, n_vertices, error))
    return FALSE;
  /* The attribute values are copied out of the .dbf: its size bounds them. */
  guint64 need = tm_limits_layer_bytes(n_features, n_vertices, tm_read_file_size(dbf_file));
  char *what = g_strdup_printf("%s: %u features and up to %" G_GUINT64_FORMAT " vertices",
                               shp_path, n_features, n_vertices);
  gboolean ok = tm_limits_check_memory(need, what, error);
  g_free(what);
  return ok;
}
