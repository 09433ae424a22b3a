/* tm_layer_read: opens the shapefile's parts, checks they agree, and hands
 * each to its reader (geometry.c, dbf.c, files.c).  Record numbers in
 * messages are 1-based, like line numbers. */
#include <string.h>
#include "read_private.h"

void tm_layer_free(tm_layer_t *layer)
{
  if (!layer)
    return;
  if (layer->values && !layer->strings) {
    gsize n = (gsize)layer->n_features * layer->n_fields;
    for (gsize i = 0; i < n; i++)
      g_free(layer->values[i]);
  }
  g_free(layer->values);
  if (layer->strings)
    g_string_chunk_free(layer->strings);
  if (layer->fields) {
    for (guint f = 0; f < layer->n_fields; f++)
      g_free(layer->fields[f].name);
    g_free(layer->fields);
  }
  tm_geom_free(layer->geom);
  g_free(layer->path);
  g_free(layer->crs);
  g_free(layer->crs_source);
  g_free(layer->encoding);
  g_free(layer->encoding_source);
  g_free(layer);
}

gint tm_layer_find_field(const tm_layer_t *layer, const char *name)
{
  if (!layer || !name)
    return -1;
  for (guint f = 0; f < layer->n_fields; f++)
    if (!strcmp(layer->fields[f].name, name))
      return (gint)f;
  for (guint f = 0; f < layer->n_fields; f++)
    if (!g_ascii_strcasecmp(layer->fields[f].name, name))
      return (gint)f;
  return -1;
}

const char *tm_layer_get_value(const tm_layer_t *layer, guint feature, guint field)
{
  if (!layer || !layer->values || feature >= layer->n_features || field >= layer->n_fields)
    return NULL;
  return layer->values[(gsize)feature * layer->n_fields + field];
}

char *tm_layer_list_fields(const tm_layer_t *layer)
{
  GString *s = g_string_new(NULL);
  for (guint f = 0; layer && f < layer->n_fields; f++) {
    if (f)
      g_string_append(s, ", ");
    g_string_append(s, layer->fields[f].name);
  }
  return g_string_free(s, FALSE);
}

typedef struct {
  char *base, *shp_file, *shx, *dbf, *cpg;
  SHPHandle shp;
  DBFHandle dbf_handle;
} tm_shapefile_t;

static void tm_shapefile_close(tm_shapefile_t *f)
{
  if (f->shp)
    SHPClose(f->shp);
  if (f->dbf_handle)
    DBFClose(f->dbf_handle);
  g_free(f->base);
  g_free(f->shp_file);
  g_free(f->shx);
  g_free(f->dbf);
  g_free(f->cpg);
}

/* Opens .shp and .dbf, with IO errors naming the missing part before
 * shapelib gets a chance to fail without saying which. */
static gboolean tm_shapefile_open(tm_shapefile_t *f, const char *shp_path, GError **error)
{
  f->base = tm_read_base_path(shp_path, error);
  if (!f->base)
    return FALSE;
  /* A path without extension is shapelib's "layer name": base.shp. */
  f->shp_file = tm_read_companion_path(f->base, "shp");
  f->shx = tm_read_companion_path(f->base, "shx");
  f->dbf = tm_read_companion_path(f->base, "dbf");
  f->cpg = tm_read_companion_path(f->base, "cpg");
  if (!tm_read_check_readable(f->shp_file, error) || !tm_read_check_readable(f->shx, error) ||
      !tm_read_check_readable(f->dbf, error))
    return FALSE;
  SAHooks hooks;
  tm_read_setup_hooks(&hooks);
  f->shp = SHPOpenLL(shp_path, "rb", &hooks);
  if (!f->shp) {
    g_set_error(error, TM_ERROR, TM_ERROR_FORMAT,
                "%s: cannot be read as a shapefile (bad header, or .shx truncated or "
                "inconsistent: %s)", shp_path, f->shx);
    return FALSE;
  }
  f->dbf_handle = DBFOpenLL(f->dbf, "rb", &hooks);
  if (!f->dbf_handle) {
    g_set_error(error, TM_ERROR, TM_ERROR_FORMAT, "%s: cannot be read as a DBF file (bad header)",
                f->dbf);
    return FALSE;
  }
  return TRUE;
}

static gboolean tm_shapefile_check(const tm_shapefile_t *f, const char *shp_path,
                                   guint *n_records, GError **error)
{
  int n = 0, type = 0;
  SHPGetInfo(f->shp, &n, &type, NULL, NULL);
  /* A file of null shapes only (type 0) is empty rather than wrong. */
  if (type != SHPT_NULL && type != SHPT_POLYGON && type != SHPT_POLYGONZ &&
      type != SHPT_POLYGONM) {
    char *name = tm_shape_type_describe(type);
    g_set_error(error, TM_ERROR, TM_ERROR_FORMAT, "%s: shape type %s (expected Polygon)",
                shp_path, name);
    g_free(name);
    return FALSE;
  }
  int n_dbf = DBFGetRecordCount(f->dbf_handle);
  if (n < 0 || n_dbf != n) {
    g_set_error(error, TM_ERROR, TM_ERROR_FORMAT,
                "%s: %d records, but %s has %d (expected one attribute record per shape)",
                f->dbf, n_dbf, shp_path, n);
    return FALSE;
  }
  *n_records = (guint)n;
  return TRUE;
}

/* The attributes, read on another core while the caller reads the shapes
 * (a tenth of a commune map, where the other core had nothing to do). */
typedef struct {
  tm_context_t *ctx; /* used by this side only until the job is finished */
  tm_shapefile_t *f;
  const tm_read_options_t *options;
  tm_layer_t *layer; /* this side fills the fields, values and encoding */
  gboolean ok;
  GError *error;
} tm_attributes_job_t;

static void tm_read_attributes(void *data)
{
  tm_attributes_job_t *j = data;
  j->ok = tm_dbf_read(j->ctx, j->f->dbf_handle, j->f->dbf, j->f->cpg, j->options, j->layer,
                      &j->error);
}

static gboolean tm_layer_read_records(tm_context_t *ctx, tm_shapefile_t *f, const char *shp_path,
                                      const tm_read_options_t *options, tm_layer_t *layer,
                                      GError **error)
{
  tm_attributes_job_t attributes = {ctx, f, options, layer, FALSE, NULL};
  tm_parallel_job_t *job = tm_parallel_start_task(tm_read_attributes, &attributes);
  tm_shp_notes_t notes = {0};
  GError *shapes_error = NULL;
  gboolean shapes_ok =
      tm_shp_read_geometry(f->shp, shp_path, f->shp_file, layer, &notes, &shapes_error);
  tm_parallel_finish(job);
  /* As when they were read one after the other: the attributes' error
   * first, the shapes' warnings after the attributes'. */
  if (!attributes.ok) {
    g_propagate_error(error, attributes.error);
    g_clear_error(&shapes_error);
    return FALSE;
  }
  if (!shapes_ok) {
    g_propagate_error(error, shapes_error);
    return FALSE;
  }
  tm_shp_warn_notes(ctx, shp_path, layer, &notes);
  return TRUE;
}

tm_layer_t *tm_layer_read(tm_context_t *ctx, const char *shp_path,
                          const tm_read_options_t *options, GError **error)
{
  g_return_val_if_fail(ctx && shp_path, NULL);
  tm_shapefile_t f = {0};
  tm_layer_t *layer = g_new0(tm_layer_t, 1);
  layer->path = g_strdup(shp_path);
  gboolean ok = tm_shapefile_open(&f, shp_path, error) &&
                tm_read_crs(layer, f.base, options ? options->src_crs : NULL, error) &&
                tm_shapefile_check(&f, shp_path, &layer->n_features, error) &&
                tm_read_check_limits(f.shp, shp_path, f.shp_file, f.dbf, layer->n_features,
                                     error);
  if (ok && options && options->crs_known)
    options->crs_known(layer, options->crs_known_data);
  ok = ok && tm_layer_read_records(ctx, &f, shp_path, options, layer, error);
  tm_shapefile_close(&f);
  if (!ok) {
    tm_layer_free(layer);
    return NULL;
  }
  layer->extent = tm_geom_get_extent(layer->geom);
  return layer;
}

char *tm_layer_get_crs_origin(const tm_layer_t *layer)
{
  if (g_strcmp0(layer->crs_source, "option") == 0)
    return g_strdup_printf("%s: --src-crs", layer->path);
  /* The .prj sits beside the .shp with the same base name. */
  const char *slash = strrchr(layer->path, '/');
  const char *dot = strrchr(layer->path, '.');
  gsize base = dot && (!slash || dot > slash) ? (gsize)(dot - layer->path) : strlen(layer->path);
  return g_strdup_printf("%.*s.prj", (int)base, layer->path);
}
