/* terrimap render: options, and how they override the style. */
#include <stdio.h>
#include <string.h>
#include "render.h"
#include "terrimap/write.h"

void tm_render_args_clear(tm_render_args_t *a)
{
  char **strings[] = {&a->style,    &a->data,     &a->layer,          &a->key,
                      &a->join,     &a->join_key, &a->category,       &a->category_label,
                      &a->title,    &a->subtitle, &a->credits,        &a->legend_title,
                      &a->paper,    &a->size,     &a->encoding,       &a->src_crs,
                      &a->metadata, &a->extent,   &a->labels,         &a->value,
                      &a->classes,  &a->scheme,   &a->compare,        &a->compare_key};
  for (guint i = 0; i < G_N_ELEMENTS(strings); i++)
    g_clear_pointer(strings[i], g_free);
  for (guint i = 0; i < TM_LIMIT_COUNT; i++)
    g_clear_pointer(&a->limits[i], g_free);
  g_strfreev(a->outputs);
  g_strfreev(a->overlays);
}

/* The options shared by render and batch: data, style overrides, page. */
GOptionGroup *tm_render_option_group(tm_render_args_t *a)
{
  const GOptionEntry entries[] = {
      {"style", 's', 0, G_OPTION_ARG_FILENAME, &a->style,
       "Style file (or the name of one in styles/, e.g. territoires-industrie)", "FILE"},
      {"data", 'd', 0, G_OPTION_ARG_FILENAME, &a->data,
       "Data directory for relative paths (default: $TERRIMAP_DATA, else ../shared/data)", "DIR"},
      {"layer", 'l', 0, G_OPTION_ARG_FILENAME, &a->layer, "Boundary shapefile (.shp)", "SHP"},
      {"key", 'k', 0, G_OPTION_ARG_STRING, &a->key, "Layer field holding the join key", "FIELD"},
      {"join", 0, 0, G_OPTION_ARG_FILENAME, &a->join, "Membership table (CSV)", "CSV"},
      {"join-key", 0, 0, G_OPTION_ARG_STRING, &a->join_key, "Table column holding the key",
       "COLUMN"},
      {"category", 'c', 0, G_OPTION_ARG_STRING, &a->category,
       "Colour by the values of this table column instead of membership", "COLUMN"},
      {"category-label", 0, 0, G_OPTION_ARG_STRING, &a->category_label,
       "Table column naming each category in the legend", "COLUMN"},
      {"title", 't', 0, G_OPTION_ARG_STRING, &a->title,
       "Map title; {kind}, {code}, {name}: those of the map's extent", "TEXT"},
      {"subtitle", 0, 0, G_OPTION_ARG_STRING, &a->subtitle,
       "Subtitle; {kind}, {code}, {name} as for --title", "TEXT"},
      {"credits", 0, 0, G_OPTION_ARG_STRING, &a->credits, "Credits line", "TEXT"},
      {"legend-title", 0, 0, G_OPTION_ARG_STRING, &a->legend_title, "Legend title", "TEXT"},
      {"paper", 0, 0, G_OPTION_ARG_STRING, &a->paper, "Paper size: A4, A3, ...", "SIZE"},
      {"landscape", 0, 0, G_OPTION_ARG_NONE, &a->landscape, "Landscape page", NULL},
      {"portrait", 0, 0, G_OPTION_ARG_NONE, &a->portrait, "Portrait page", NULL},
      {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &a->dpi, "Resolution in dots per inch", "N"},
      {"size", 0, 0, G_OPTION_ARG_STRING, &a->size, "Page size in pixels (overrides paper)",
       "WxH"},
      {"encoding", 0, 0, G_OPTION_ARG_STRING, &a->encoding,
       "Text encoding of the DBF (overrides .cpg)", "NAME"},
      {"src-crs", 0, 0, G_OPTION_ARG_STRING, &a->src_crs, "CRS of the layer (overrides .prj)",
       "CRS"},
      {"extent", 'e', 0, G_OPTION_ARG_STRING, &a->extent,
       "Show only region:CODE, departement:CODE, category:VALUE or bbox:x0,y0,x1,y1[,CRS], "
       "with the rest of France as context",
       "SPEC"},
      {"overlay", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &a->overlays,
       "Draw the outlines of this shapefile over the map (repeat for several)", "SHP"},
      {"outlines", 0, 0, G_OPTION_ARG_NONE, &a->outlines,
       "Outline each category's dissolved features (territories)", NULL},
      {"labels", 0, 0, G_OPTION_ARG_STRING, &a->labels,
       "Label features (or, with --category, territories) with this column or field", "COLUMN"},
      {"adjacent-colours", 0, 0, G_OPTION_ARG_NONE, &a->adjacent_colours,
       "Colour categories so that neighbours never share a colour", NULL},
      {"value", 'v', 0, G_OPTION_ARG_STRING, &a->value,
       "Graduated map of this numeric column (or layer field)", "COLUMN"},
      {"classes", 0, 0, G_OPTION_ARG_STRING, &a->classes,
       "Class breaks: quantile, equal, ckmeans (jenks) or manual:B1,B2,...", "METHOD"},
      {"nclasses", 'n', 0, G_OPTION_ARG_INT, &a->n_classes, "Number of classes (2 to 12)", "N"},
      {"scheme", 0, 0, G_OPTION_ARG_STRING, &a->scheme,
       "ColorBrewer scheme for classes (Blues, YlOrRd, RdBu, ...)", "NAME"},
      {"compare", 0, 0, G_OPTION_ARG_FILENAME, &a->compare,
       "Previous membership list: map what changed between the two", "CSV"},
      {"compare-key", 0, 0, G_OPTION_ARG_STRING, &a->compare_key,
       "Key column of the previous list", "COLUMN"},
      {"north-arrow", 0, 0, G_OPTION_ARG_NONE, &a->north_arrow, "Draw a north arrow", NULL},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &a->quiet, "Print errors only", NULL},
      /* Strings, so that an option not given leaves the environment's value. */
      {"max-image-side", 0, 0, G_OPTION_ARG_STRING, &a->limits[TM_LIMIT_IMAGE_SIDE],
       "Limit: pixels a side of the page (default 30000, at most 32767; "
       "env TERRIMAP_MAX_IMAGE_SIDE)", "N"},
      {"max-image-pixels", 0, 0, G_OPTION_ARG_STRING, &a->limits[TM_LIMIT_IMAGE_PIXELS],
       "Limit: pixels of the page, width x height (default 400000000; "
       "env TERRIMAP_MAX_IMAGE_PIXELS)", "N"},
      {"max-features", 0, 0, G_OPTION_ARG_STRING, &a->limits[TM_LIMIT_FEATURES],
       "Limit: features of a layer (default 0: as many as memory allows; "
       "env TERRIMAP_MAX_FEATURES)", "N"},
      {"max-vertices", 0, 0, G_OPTION_ARG_STRING, &a->limits[TM_LIMIT_VERTICES],
       "Limit: vertices of a layer (default 0: as many as memory allows; "
       "env TERRIMAP_MAX_VERTICES)", "N"},
      {"max-labels", 0, 0, G_OPTION_ARG_STRING, &a->limits[TM_LIMIT_LABELS],
       "Limit: labels placed on a map, the others dropped with a warning (default 10000; "
       "env TERRIMAP_MAX_LABELS)", "N"},
      {"max-memory", 0, 0, G_OPTION_ARG_STRING, &a->limits[TM_LIMIT_MEMORY],
       "Limit: memory a layer may need, e.g. 2G (default: MemAvailable, or what ulimit -v "
       "leaves; env TERRIMAP_MAX_MEMORY)", "SIZE"},
      {NULL}};
  GOptionGroup *group = g_option_group_new("map", "Map options", "Show map options", NULL, NULL);
  g_option_group_add_entries(group, entries);
  return group;
}

gboolean tm_render_args_parse(int *argc, char ***argv, tm_render_args_t *a, GError **error)
{
  const GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME_ARRAY, &a->outputs,
       "Output file; the format comes from the extension (.png, .svg, .pdf); repeat for several",
       "FILE"},
      {"metadata", 'm', 0, G_OPTION_ARG_FILENAME, &a->metadata,
       "Write the metadata sidecar (JSON) here", "FILE"},
      {NULL}};
  GOptionGroup *group = tm_render_option_group(a);
  g_option_group_add_entries(group, entries);
  GOptionContext *oc = g_option_context_new("- draw a map");
  g_option_context_set_summary(
      oc, "Draws the features of a boundary layer coloured by membership of a table (or by a\n"
          "category column of it), with title, legend, DROM insets, scale bar and credits.\n\n"
          "Example:\n  terrimap render --style territoires-industrie -o out/ti.png -o out/ti.pdf");
  g_option_context_set_main_group(oc, group);
  gboolean ok = tm_cli_parse(oc, argc, argv, error);
  if (ok && (!a->outputs || !a->outputs[0])) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "no output: give -o FILE.png, -o FILE.svg or -o FILE.pdf");
    return FALSE;
  }
  for (char **o = a->outputs; ok && o && *o; o++) {
    tm_format_t format;
    ok = tm_format_from_path(*o, &format, error);
  }
  return ok && tm_render_args_set_limits(a, error);
}

gboolean tm_render_args_set_limits(const tm_render_args_t *a, GError **error)
{
  tm_limits_t limits = *tm_limits_get();
  for (int i = 0; i < TM_LIMIT_COUNT; i++)
    if (a->limits[i] && !tm_limits_parse(&limits, (tm_limit_t)i, a->limits[i],
                                         tm_limit_get_option((tm_limit_t)i), error))
      return FALSE;
  tm_limits_set(&limits);
  return TRUE;
}

/* A style named without a path is looked up in the source tree's styles/. */
char *tm_render_style_path(const char *name)
{
  if (!name || g_file_test(name, G_FILE_TEST_EXISTS) || strchr(name, '/'))
    return g_strdup(name);
  const char *suffix = g_str_has_suffix(name, ".ini") ? "" : ".ini";
  char *in_tree = g_strdup_printf("%s/styles/%s%s", TM_SOURCE_DIR, name, suffix);
  if (g_file_test(in_tree, G_FILE_TEST_EXISTS))
    return in_tree;
  g_free(in_tree);
  return g_strdup(name);
}

gboolean tm_render_args_apply(const tm_render_args_t *a, tm_style_t *st, GError **error)
{
  struct {
    char **field;
    const char *value;
  } strings[] = {{&st->layer, a->layer},       {&st->key, a->key},
                 {&st->join, a->join},         {&st->join_key, a->join_key},
                 {&st->category, a->category}, {&st->title, a->title},
                 {&st->subtitle, a->subtitle}, {&st->credits, a->credits},
                 {&st->legend_title, a->legend_title}, {&st->paper, a->paper},
                 {&st->encoding, a->encoding}, {&st->src_crs, a->src_crs},
                 {&st->category_label, a->category_label}, {&st->extent, a->extent},
                 {&st->labels, a->labels},     {&st->value, a->value},
                 {&st->classes, a->classes},   {&st->scheme, a->scheme},
                 {&st->compare, a->compare},   {&st->compare_key, a->compare_key}};
  for (guint i = 0; i < G_N_ELEMENTS(strings); i++)
    if (strings[i].value)
      tm_style_set_string(strings[i].field, strings[i].value);
  if (a->outlines)
    st->outlines = TRUE;
  if (a->adjacent_colours)
    st->adjacent_colours = TRUE;
  if (a->north_arrow)
    st->north_arrow = TRUE;
  if (a->n_classes != 0) {
    if (a->n_classes < 2 || a->n_classes > 12) {
      g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "--nclasses %d: expected 2 to 12",
                  a->n_classes);
      return FALSE;
    }
    st->n_classes = (guint)a->n_classes;
  }
  for (char **o = a->overlays; o && *o; o++) {
    char *name = g_strdup_printf("overlay-%u", st->n_overlays + 1);
    tm_overlay_spec_t spec = {.name = name, .layer = *o, .stroke = {1, 1, 1, 1},
                              .stroke_width_pt = 1.0, .fill = {0, 0, 0, 0}};
    tm_style_add_overlay(st, &spec);
    g_free(name);
  }
  if (a->landscape)
    st->landscape = TRUE;
  if (a->portrait)
    st->landscape = FALSE;
  if (a->dpi != 0) {
    if (!(a->dpi >= 10 && a->dpi <= 2400)) {
      g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "--dpi %g: expected 10 to 2400", a->dpi);
      return FALSE;
    }
    st->dpi = a->dpi;
  }
  if (a->size) {
    int w = 0, h = 0;
    char tail = 0;
    int max_side = (int)tm_limits_get()->max_image_side;
    if (sscanf(a->size, "%dx%d%c", &w, &h, &tail) != 2 || w < 16 || h < 16 || w > max_side ||
        h > max_side) {
      g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                  "--size %s: expected WIDTHxHEIGHT in pixels, 16 to %d each (e.g. 2480x3508; "
                  "the most is a limit: %s)",
                  a->size, max_side, tm_limit_get_hint(TM_LIMIT_IMAGE_SIDE));
      return FALSE;
    }
    st->width_px = w;
    st->height_px = h;
  }
  return TRUE;
}

