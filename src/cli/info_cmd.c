/* terrimap info SHP: what a user checks before mapping a file. */
#include <stdio.h>
#include "cli.h"
#include "terrimap/project.h"
#include "terrimap/read.h"

static const char *tm_field_type_name(tm_field_type_t t)
{
  switch (t) {
  case TM_FIELD_STRING: return "string";
  case TM_FIELD_INTEGER: return "integer";
  case TM_FIELD_DOUBLE: return "double";
  case TM_FIELD_LOGICAL: return "logical";
  case TM_FIELD_DATE: return "date";
  }
  return "?";
}

int tm_cmd_info(int argc, char **argv)
{
  char *encoding = NULL, *src_crs = NULL, *data = NULL;
  GOptionEntry entries[] = {
      {"data", 0, 0, G_OPTION_ARG_FILENAME, &data,
       "Data directory a relative SHP is also looked for in, as render does (default: "
       "$TERRIMAP_DATA, else ../shared/data)",
       "DIR"},
      {"encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
       "Text encoding of the DBF (overrides .cpg)", "NAME"},
      {"src-crs", 0, 0, G_OPTION_ARG_STRING, &src_crs, "CRS of the layer (overrides .prj)", "CRS"},
      {NULL}};
  GOptionContext *oc = g_option_context_new("SHP - describe a shapefile");
  g_option_context_add_main_entries(oc, entries, NULL);
  GError *error = NULL;
  gboolean parsed = g_option_context_parse(oc, &argc, &argv, &error);
  g_option_context_free(oc);
  if (!parsed)
    return tm_cli_fail(error, TM_EXIT_USAGE);
  if (argc != 2) {
    fprintf(stderr, "terrimap: error: info takes one shapefile (see 'terrimap info --help')\n");
    return TM_EXIT_USAGE;
  }
  tm_context_t *ctx = tm_context_new();
  tm_read_options_t ro = {.encoding = encoding, .src_crs = src_crs};
  char *data_dir = tm_cli_data_dir(data);
  char *path = tm_cli_resolve(argv[1], data_dir);
  tm_layer_t *layer = tm_layer_read(ctx, path, &ro, &error);
  g_free(path);
  g_free(data_dir);
  char *origin = layer ? tm_layer_get_crs_origin(layer) : NULL;
  char *crs = layer ? tm_crs_describe(ctx, layer->crs, origin, &error) : NULL;
  g_free(origin);
  int status = TM_EXIT_OK;
  if (!crs) {
    status = tm_cli_fail(error, TM_EXIT_ERROR);
  } else {
    printf("file:      %s\n", layer->path);
    printf("crs:       %s (from %s)\n", crs, layer->crs_source);
    printf("encoding:  %s (from %s)\n", layer->encoding, layer->encoding_source);
    printf("features:  %u (%u null shapes)\n", layer->n_features, layer->n_null_shapes);
    printf("geometry:  %u polygons, %u rings, %u points\n", layer->geom->n_polys,
           layer->geom->n_rings, layer->geom->n_points);
    if (!tm_extent_is_empty(&layer->extent))
      printf("extent:    %.6f, %.6f, %.6f, %.6f\n", layer->extent.x0, layer->extent.y0,
             layer->extent.x1, layer->extent.y1);
    /* A render draws polygons as read (the even-odd rule fills a
     * self-intersecting ring as its repair would): this is where a user
     * learns that a layer has invalid ones. */
    gint first = -1;
    char *reason = NULL;
    guint n_invalid = tm_geom_count_invalid(ctx, layer->geom, &first, &reason);
    if (n_invalid)
      printf("validity:  %u feature%s with an invalid polygon (first: record %d: %s)\n",
             n_invalid, n_invalid > 1 ? "s" : "", first + 1, reason);
    else
      printf("validity:  every polygon is valid\n");
    g_free(reason);
    printf("fields:    %u\n", layer->n_fields);
    for (guint i = 0; i < layer->n_fields; i++)
      printf("  %-12s %s(%d%s%.0d)\n", layer->fields[i].name,
             tm_field_type_name(layer->fields[i].type), layer->fields[i].width,
             layer->fields[i].decimals ? "," : "", layer->fields[i].decimals);
  }
  g_free(crs);
  tm_layer_free(layer);
  tm_context_free(ctx);
  g_free(encoding);
  g_free(src_crs);
  g_free(data);
  return status;
}
