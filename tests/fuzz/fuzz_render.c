/* Fuzz target: the whole render pipeline on a tiny layer and table taken
 * from the input,
 *   u8 flags (bit 0: colour by category), u8 n_features - 1 (mod 4),
 *   per feature: u8 n_points - 3 (mod 14), u8 mode, then per point either
 *     2 bytes (a grid over mainland France, mode bit 0 clear) or two raw
 *     little-endian doubles (non-finite ones replaced by 0, since the read
 *     stage never lets them through),
 *   then CSV text joined on column "code" to the features' codes "1".."4",
 * laid out on a 300 x 200 px page and written as SVG and PNG to /dev/null. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_util.h"
#include "terrimap/classify.h"
#include "terrimap/join.h"
#include "terrimap/layout.h"
#include "terrimap/project.h"
#include "terrimap/write.h"

static double fuzz_take_double(fuzz_cursor_t *c)
{
  guint8 bytes[8] = {0};
  size_t got = 0;
  const uint8_t *p = fuzz_take_bytes(c, 8, &got);
  memcpy(bytes, p, got);
  double v;
  memcpy(&v, bytes, sizeof v);
  return isfinite(v) ? v : 0.0;
}

static tm_layer_t *fuzz_layer_from(fuzz_cursor_t *c)
{
  tm_layer_t *layer = g_new0(tm_layer_t, 1);
  layer->path = g_strdup("fuzz.shp");
  layer->crs = g_strdup("EPSG:4326");
  layer->crs_source = g_strdup("option");
  layer->encoding = g_strdup("UTF-8");
  layer->encoding_source = g_strdup("option");
  layer->n_fields = 1;
  layer->fields = g_new0(tm_field_t, 1);
  layer->fields[0] = (tm_field_t){g_strdup("code"), TM_FIELD_STRING, 9, 0};
  layer->n_features = 1 + fuzz_take_u8(c) % 4;
  layer->values = g_new0(char *, layer->n_features);
  tm_geom_builder_t *b = tm_geom_builder_new();
  double xy[2 * 16];
  for (guint i = 0; i < layer->n_features; i++) {
    layer->values[i] = g_strdup_printf("%u", i + 1);
    guint n = 3 + fuzz_take_u8(c) % 14;
    gboolean raw = fuzz_take_u8(c) & 1;
    for (guint k = 0; k < n; k++) {
      if (raw) {
        xy[2 * k] = fuzz_take_double(c);
        xy[2 * k + 1] = fuzz_take_double(c);
      } else {
        xy[2 * k] = -5.0 + fuzz_take_u8(c) * (14.0 / 255);
        xy[2 * k + 1] = 41.0 + fuzz_take_u8(c) * (10.0 / 255);
      }
    }
    tm_geom_builder_begin_feature(b);
    tm_geom_builder_begin_polygon(b);
    tm_geom_builder_add_ring(b, xy, n);
  }
  layer->geom = tm_geom_builder_finish(b);
  layer->extent = tm_geom_get_extent(layer->geom);
  return layer;
}

/* The SVG must be well-formed XML whatever the data (GMarkup checks
 * that); the PNG must at least be written. */
static void fuzz_write(const tm_drawing_t *d)
{
  char *svg = NULL;
  size_t length = 0;
  FILE *mem = open_memstream(&svg, &length);
  if (!mem)
    return;
  GError *error = NULL;
  gboolean ok = tm_write_svg(mem, d, &error);
  fclose(mem);
  if (ok) {
    GMarkupParser parser = {0};
    GMarkupParseContext *pc = g_markup_parse_context_new(&parser, 0, NULL, NULL);
    if (!g_markup_parse_context_parse(pc, svg, (gssize)length, &error) ||
        !g_markup_parse_context_end_parse(pc, &error)) {
      fprintf(stderr, "fuzz: SVG not well-formed: %s\n", error->message);
      abort();
    }
    g_markup_parse_context_free(pc);
  }
  fuzz_report(&error);
  free(svg);
  FILE *sink = fopen("/dev/null", "w");
  if (!sink)
    return;
  if (!tm_write_png(sink, d, &error))
    fuzz_report(&error);
  fclose(sink);
}

typedef struct {
  tm_context_t *ctx;
  tm_style_t *style;
  tm_layer_t *layer;
  tm_table_t *table;
  tm_join_t *join;
  tm_symbology_t *sym;
  tm_projection_t *proj;
  tm_map_t *map;
} fuzz_run_t;

/* Each stage as the CLI chains them; the first failure ends the run. */
static void fuzz_pipeline(fuzz_run_t *r, gboolean by_category, GError **error)
{
  if (!(r->join = tm_join_new(r->ctx, r->layer, "code", r->table, "code", error)))
    return;
  if (by_category && r->table->n_columns > 1) {
    /* The second column is the category, the first non-key one. */
    guint col = strcmp(r->table->columns[0], "code") == 0 ? 1 : 0;
    r->sym = tm_classify_categories(r->join, r->table, r->table->columns[col], NULL, r->style,
                                    error);
  } else {
    r->sym = tm_classify_membership(r->join, r->style);
  }
  if (!r->sym)
    return;
  if (!(r->proj = tm_project_layer(r->ctx, r->layer, r->style->frames, r->style->n_frames, error)))
    return;
  tm_layout_input_t in = {
      .layer = r->layer, .key_field = 0, .projection = r->proj, .symbology = r->sym,
      .style = r->style};
  if (!(r->map = tm_layout_map(r->ctx, &in, error)))
    return;
  fuzz_write(r->map->drawing);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_init();
  fuzz_cursor_t c = {data, size, 0};
  gboolean by_category = fuzz_take_u8(&c) & 1;
  fuzz_run_t r = {0};
  r.ctx = fuzz_context_new();
  r.layer = fuzz_layer_from(&c);
  GError *error = NULL;
  r.table = tm_table_parse(r.ctx, (const char *)data + c.pos, c.pos < size ? size - c.pos : 0,
                           "fuzz.csv", &error);
  r.style = tm_style_load(NULL, &error);
  if (r.table && r.style) {
    r.style->width_px = 300;
    r.style->height_px = 200;
    /* Text in points at a low dpi, so the legend fits such a small page. */
    r.style->dpi = 40;
    /* Arbitrary text reaches Pango through the title. */
    if (r.table->n_rows > 0 && r.table->n_columns > 1)
      tm_style_set_string(&r.style->title, tm_table_get(r.table, 0, 1));
    fuzz_pipeline(&r, by_category, &error);
  }
  fuzz_report(&error);
  tm_map_free(r.map);
  tm_projection_free(r.proj);
  tm_symbology_free(r.sym);
  tm_join_free(r.join);
  tm_table_free(r.table);
  tm_layer_free(r.layer);
  tm_style_free(r.style);
  tm_context_free(r.ctx);
  return 0;
}
