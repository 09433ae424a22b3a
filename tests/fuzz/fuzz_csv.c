/* Fuzz target: the input is a CSV table, parsed with tm_table_parse and
 * joined on its first column (and on "code", when present) to a small
 * fixed layer built in memory; the join report and a category
 * classification on the second column are computed as the CLI does. */
#include <stdio.h>
#include <stdlib.h>
#include "fuzz_util.h"
#include "terrimap/classify.h"
#include "terrimap/join.h"

/* Five features with the shapes of real EPCI keys, one of them null. */
static tm_layer_t *fuzz_layer_new(void)
{
  static const char *const keys[] = {"200000172", "001", "1", NULL, "Bêta"};
  tm_layer_t *layer = g_new0(tm_layer_t, 1);
  layer->path = g_strdup("fuzz.shp");
  layer->n_fields = 2;
  layer->fields = g_new0(tm_field_t, 2);
  layer->fields[0] = (tm_field_t){g_strdup("code"), TM_FIELD_STRING, 9, 0};
  layer->fields[1] = (tm_field_t){g_strdup("NOM"), TM_FIELD_STRING, 40, 0};
  layer->n_features = G_N_ELEMENTS(keys);
  layer->values = g_new0(char *, 2 * layer->n_features);
  tm_geom_builder_t *b = tm_geom_builder_new();
  for (guint i = 0; i < layer->n_features; i++) {
    layer->values[2 * i] = g_strdup(keys[i]);
    layer->values[2 * i + 1] = g_strdup_printf("feature %u", i);
    tm_geom_builder_begin_feature(b);
  }
  layer->geom = tm_geom_builder_finish(b);
  layer->extent = tm_extent_empty();
  return layer;
}

static void fuzz_join(tm_context_t *ctx, const tm_layer_t *layer, const tm_table_t *table,
                      const char *column, tm_style_t *style, FILE *sink)
{
  GError *error = NULL;
  tm_join_t *join = tm_join_new(ctx, layer, "code", table, column, &error);
  if (!join) {
    if (!error)
      abort();
    g_error_free(error);
    return;
  }
  if (join->matched_features > join->layer_features || join->matched_rows > join->table_rows)
    abort();
  tm_join_print_report(join, sink, 3);
  if (table->n_columns > 1 && style) {
    tm_symbology_t *sym = tm_classify_categories(join, table, table->columns[1],
                                                 table->columns[0], style, &error);
    tm_symbology_free(sym);
    fuzz_report(&error);
  }
  tm_join_free(join);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_init();
  tm_context_t *ctx = fuzz_context_new();
  GError *error = NULL;
  tm_table_t *table = tm_table_parse(ctx, (const char *)data, size, "fuzz.csv", &error);
  if (table) {
    for (guint r = 0; r < table->n_rows; r++)
      for (guint col = 0; col < table->n_columns; col++)
        if (!g_utf8_validate(tm_table_get(table, r, col), -1, NULL))
          abort();
    tm_layer_t *layer = fuzz_layer_new();
    tm_style_t *style = tm_style_load(NULL, NULL);
    FILE *sink = fopen("/dev/null", "w");
    if (table->n_columns > 0)
      fuzz_join(ctx, layer, table, table->columns[0], style, sink);
    fuzz_join(ctx, layer, table, "code", NULL, sink);
    if (sink)
      fclose(sink);
    tm_style_free(style);
    tm_layer_free(layer);
    tm_table_free(table);
  } else if (!error || error->domain != TM_ERROR || !*error->message) {
    abort();
  }
  fuzz_report(&error);
  tm_context_free(ctx);
  return 0;
}
