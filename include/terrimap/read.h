/* Read stage: a shapefile (.shp/.shx/.dbf, with .prj and .cpg) -> tm_layer_t.
 * The only includer of shapefil.h. */
#ifndef TERRIMAP_READ_H
#define TERRIMAP_READ_H

#include "terrimap/core.h"

G_BEGIN_DECLS

typedef enum {
  TM_FIELD_STRING,
  TM_FIELD_INTEGER,
  TM_FIELD_DOUBLE,
  TM_FIELD_LOGICAL,
  TM_FIELD_DATE
} tm_field_type_t;

typedef struct {
  char *name; /* UTF-8 */
  tm_field_type_t type;
  int width, decimals;
} tm_field_t;

typedef struct {
  char *path;            /* the .shp path as given */
  char *crs;             /* CRS definition: the .prj WKT, or the src_crs option */
  char *crs_source;      /* "prj" or "option" */
  char *encoding;        /* how the DBF text was decoded, e.g. "UTF-8", "CP1252" */
  char *encoding_source; /* "cpg", "ldid", "option", "detected" */
  guint n_fields;
  tm_field_t *fields;
  guint n_features;      /* one per shapefile record, null shapes included */
  char **values;         /* n_features * n_fields UTF-8 strings, trailing blanks
                            trimmed; NULL for a null or empty value */
  GStringChunk *strings; /* where the values are, when read from a file (else
                            each is a block of its own) */
  tm_geom_t *geom;       /* n_features features, in the layer's CRS */
  guint n_null_shapes;   /* records without geometry (kept, with no polygon) */
  guint n_empty_parts;   /* parts with no point, skipped */
  guint n_bad_rings;     /* rings of fewer than 4 points or with non-finite
                            coordinates, skipped */
  tm_extent_t extent;    /* of the geometry actually read */
} tm_layer_t;

typedef struct {
  const char *encoding; /* NULL: from .cpg, else DBF language byte, else detect */
  const char *src_crs;  /* NULL: from .prj (required then) */
  /* Called, when not NULL, once the files are checked and the layer's CRS
   * is known (its path, crs and crs_source set), before the records are
   * read: to begin what needs only the CRS on another core. */
  void (*crs_known)(const tm_layer_t *layer, void *data);
  void *crs_known_data;
} tm_read_options_t;

/* Reads the whole layer.  Polygon, PolygonZ and PolygonM shapefiles are
 * accepted; rings are classified as exteriors or holes from their
 * orientation and nesting as found in the data.  Errors name the file and
 * record. */
tm_layer_t *tm_layer_read(tm_context_t *ctx, const char *shp_path,
                          const tm_read_options_t *options, GError **error);
void tm_layer_free(tm_layer_t *layer);

/* Index of the field named name (exact, then case-insensitive), or -1. */
gint tm_layer_find_field(const tm_layer_t *layer, const char *name);
/* Borrowed; NULL for a null value. */
const char *tm_layer_get_value(const tm_layer_t *layer, guint feature, guint field);
/* Where the layer's CRS came from, for messages: "x.prj", or
 * "x.shp: --src-crs"; caller frees. */
char *tm_layer_get_crs_origin(const tm_layer_t *layer);
/* "Field1, Field2, ..." for error messages; caller frees. */
char *tm_layer_list_fields(const tm_layer_t *layer);

G_END_DECLS

#endif
