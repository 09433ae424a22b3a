/* Internal interfaces of the read stage, shared by its files only. */
#ifndef TERRIMAP_READ_PRIVATE_H
#define TERRIMAP_READ_PRIVATE_H

#include <shapefil.h>
#include "terrimap/read.h"

/* ---- files.c: the companion files of a shapefile ---- */

/* The path without its ".shp" extension, or NULL (error set) when the path
 * names some other kind of file. */
char *tm_read_base_path(const char *shp_path, GError **error);
/* base + "." + ext: the lower-case name, or the upper-case one when only that
 * exists (shapelib accepts both).  Caller frees. */
char *tm_read_companion_path(const char *base, const char *ext);
/* TRUE when path can be opened for reading, else a TM_ERROR_IO naming it. */
gboolean tm_read_check_readable(const char *path, GError **error);
/* Fills layer->crs and crs_source from src_crs or the .prj beside base. */
gboolean tm_read_crs(tm_layer_t *layer, const char *base, const char *src_crs, GError **error);
/* shapelib hooks whose error callback stays silent: every failure it reports
 * is turned into a GError by the caller, with the file and record. */
void tm_read_setup_hooks(SAHooks *hooks);

/* ---- layer_limits.c: the size of a layer before it is read ---- */

/* Refuses (TM_ERROR_LIMIT naming shp_path and the numbers) a layer of more
 * features or vertices than the process-wide limits allow, or whose
 * estimated memory exceeds the budget; reads no record.  shp_file and
 * dbf_file are the companion files actually opened. */
/* At most how many vertices the layer holds: the record lengths of the
 * .shx, never more than the .shp's size allows. */
guint64 tm_read_vertex_bound(SHPHandle shp, const char *shp_file);

gboolean tm_read_check_limits(SHPHandle shp, const char *shp_path, const char *shp_file,
                              const char *dbf_file, guint n_features, GError **error);

/* ---- encoding.c: DBF code pages ---- */

/* The iconv name for a .cpg text or option ("1252" -> "CP1252"), or NULL
 * when iconv does not know it.  Caller frees. */
char *tm_encoding_normalize(const char *name);
/* The code page of a DBF language driver id (header byte 29), or NULL. */
const char *tm_encoding_from_ldid(int ldid);
/* A new UTF-8 string decoded from raw, or NULL when raw is not valid text in
 * encoding (error left to the caller, who knows the record and field). */
char *tm_encoding_decode(const char *raw, const char *encoding);

/* ---- dbf.c: attributes ---- */

/* Reads fields and values of every record into layer, deciding and recording
 * the encoding.  dbf_path and cpg_path are for messages. */
gboolean tm_dbf_read(tm_context_t *ctx, DBFHandle dbf, const char *dbf_path,
                     const char *cpg_path, const tm_read_options_t *options,
                     tm_layer_t *layer, GError **error);

/* ---- geometry.c / rings.c: polygons ---- */

/* What the geometry's warnings name, given by the reader to be said once it
 * is done (tm_shp_warn_notes): it reads beside the attributes, whose
 * reader may warn meanwhile. */
typedef struct {
  guint first_bad_record;      /* 1-based, 0 when none */
  guint first_unnested_record; /* 1-based: first record with too many rings to
                                  check their nesting, 0 when none */
} tm_shp_notes_t;

/* Reads every record of shp into layer->geom and the null/empty/bad
 * counts, touching no other field of layer (the attributes are read beside
 * it, layer.c). */
gboolean tm_shp_read_geometry(SHPHandle shp, const char *shp_path, const char *shp_file,
                              tm_layer_t *layer, tm_shp_notes_t *notes, GError **error);
void tm_shp_warn_notes(tm_context_t *ctx, const char *shp_path, const tm_layer_t *layer,
                       const tm_shp_notes_t *notes);

/* SHPTypeName, with the number when shapelib does not know it.  Caller frees. */
char *tm_shape_type_describe(int type);

typedef struct {
  guint start, n;     /* points xy[2*start ..] of the record's buffer */
  double area;        /* signed, positive when counter-clockwise */
  tm_extent_t extent;
  gint parent;        /* exterior a hole belongs to, or -1 */
  gboolean hole;
} tm_ring_info_t;

/* Nesting is checked for at most this many rings in one record (real
 * layers have at most ~100: islands of a region). */
#define TM_RINGS_NESTING_MAX 1024u

/* Classifies rings[0..n) of one record as exteriors and holes and adds them
 * to b as polygons (begin_polygon per exterior, then its holes).  FALSE
 * when the record had too many rings to check their nesting, and the file
 * order decided instead. */
gboolean tm_rings_add_polygons(tm_geom_builder_t *b, const double *xy,
                               tm_ring_info_t *rings, guint n);

#endif
