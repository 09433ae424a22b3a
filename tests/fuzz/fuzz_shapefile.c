/* Fuzz target: one input is a shapefile trio plus a .cpg,
 *   u16 n_shp, shp bytes, u16 n_shx, shx bytes, u16 n_dbf, dbf bytes, cpg bytes
 * (lengths little-endian, truncated when the input is shorter), written to
 * the scratch directory and read with tm_layer_read.  The CRS comes from the
 * option so that no .prj is needed. */
#include <math.h>
#include <stdlib.h>
#include "fuzz_util.h"
#include "terrimap/read.h"

static void fuzz_write_part(fuzz_cursor_t *c, const char *name, gboolean prefixed)
{
  size_t n = prefixed ? fuzz_take_u16(c) : c->size - c->pos, got = 0;
  const uint8_t *bytes = fuzz_take_bytes(c, n, &got);
  g_free(fuzz_write_file(name, bytes, got));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_init();
  fuzz_cursor_t c = {data, size, 0};
  fuzz_write_part(&c, "in.shp", TRUE);
  fuzz_write_part(&c, "in.shx", TRUE);
  fuzz_write_part(&c, "in.dbf", TRUE);
  fuzz_write_part(&c, "in.cpg", FALSE);

  char *shp = g_build_filename(fuzz_scratch_dir(), "in.shp", NULL);
  tm_context_t *ctx = fuzz_context_new();
  tm_read_options_t options = {.src_crs = "EPSG:4326"};
  GError *error = NULL;
  tm_layer_t *layer = tm_layer_read(ctx, shp, &options, &error);
  if (layer) {
    /* What later stages rely on: counts agree with the arrays. */
    const tm_geom_t *g = layer->geom;
    if (!g || g->n_features != layer->n_features ||
        g->feature_poly[g->n_features] != g->n_polys || g->poly_ring[g->n_polys] != g->n_rings ||
        g->ring_point[g->n_rings] != g->n_points)
      abort();
    for (guint k = 0; k < 2 * g->n_points; k++)
      if (!isfinite(g->xy[k]))
        abort();
    for (guint i = 0; i < layer->n_features; i++)
      for (guint f = 0; f < layer->n_fields; f++) {
        const char *v = tm_layer_get_value(layer, i, f);
        if (v && !g_utf8_validate(v, -1, NULL))
          abort();
      }
    char *fields = tm_layer_list_fields(layer);
    if (!g_utf8_validate(fields, -1, NULL))
      abort();
    g_free(fields);
    g_free(tm_layer_get_crs_origin(layer));
    (void)tm_layer_find_field(layer, "CODE");
    tm_layer_free(layer);
  } else if (!error || error->domain != TM_ERROR || !*error->message) {
    abort(); /* a failure must say why */
  }
  fuzz_report(&error);
  tm_context_free(ctx);
  g_free(shp);
  return 0;
}
