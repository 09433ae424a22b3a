/* terrimap render: layer + table + style -> map files.  Each stage is run
 * once and every requested output is written from the same drawing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "terrimap/classify.h"
#include "terrimap/join.h"
#include "terrimap/layout.h"
#include "terrimap/metadata.h"
#include "terrimap/project.h"
#include "terrimap/read.h"
#include "terrimap/style.h"
#include "terrimap/write.h"

typedef struct {
  char *style, *data, *layer, *key, *join, *join_key, *category, *category_label;
  char *title, *subtitle, *credits, *legend_title, *paper, *size, *encoding, *src_crs;
  char *metadata;
  char **outputs;
  double dpi;
  gboolean landscape, portrait, quiet;
} tm_render_args_t;

static void tm_render_args_clear(tm_render_args_t *a)
{
  char **strings[] = {&a->style,    &a->data,     &a->layer,          &a->key,
                      &a->join,     &a->join_key, &a->category,       &a->category_label,
                      &a->title,    &a->subtitle, &a->credits,        &a->legend_title,
                      &a->paper,    &a->size,     &a->encoding,       &a->src_crs,
                      &a->metadata};
  for (guint i = 0; i < G_N_ELEMENTS(strings); i++)
    g_clear_pointer(strings[i], g_free);
  g_strfreev(a->outputs);
}

static gboolean tm_render_parse(int *argc, char ***argv, tm_render_args_t *a, GError **error)
{
  GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME_ARRAY, &a->outputs,
       "Output file; the format comes from the extension (.png, .svg, .pdf); repeat for several",
       "FILE"},
      {"style", 's', 0, G_OPTION_ARG_FILENAME, &a->style,
       "Style file (or the name of one in styles/, e.g. territoires-industrie)", "FILE"},
      {"data", 'd', 0, G_OPTION_ARG_FILENAME, &a->data,
       "Data directory for relative paths (default: $TERRIMAP_DATA, else ../shared/data)", "DIR"},
      {"layer", 'l', 0, G_OPTION_ARG_FILENAME, &a->layer, "Boundary shapefile (.shp)", "SHP"},
      {"key", 'k', 0, G_OPTION_ARG_STRING, &a->key, "Layer field holding the join key", "FIELD"},
      {"join", 'j', 0, G_OPTION_ARG_FILENAME, &a->join, "Membership table (CSV)", "CSV"},
      {"join-key", 0, 0, G_OPTION_ARG_STRING, &a->join_key, "Table column holding the key",
       "COLUMN"},
      {"category", 'c', 0, G_OPTION_ARG_STRING, &a->category,
       "Colour by the values of this table column instead of membership", "COLUMN"},
      {"category-label", 0, 0, G_OPTION_ARG_STRING, &a->category_label,
       "Table column naming each category in the legend", "COLUMN"},
      {"title", 't', 0, G_OPTION_ARG_STRING, &a->title, "Map title", "TEXT"},
      {"subtitle", 0, 0, G_OPTION_ARG_STRING, &a->subtitle, "Subtitle", "TEXT"},
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
      {"metadata", 'm', 0, G_OPTION_ARG_FILENAME, &a->metadata,
       "Write the metadata sidecar (JSON) here", "FILE"},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &a->quiet, "Print errors only", NULL},
      {NULL}};
  GOptionContext *oc = g_option_context_new("- draw a map");
  g_option_context_set_summary(
      oc, "Draws the features of a boundary layer coloured by membership of a table (or by a\n"
          "category column of it), with title, legend, DROM insets, scale bar and credits.\n\n"
          "Example:\n  terrimap render --style territoires-industrie -o out/ti.png -o out/ti.pdf");
  g_option_context_add_main_entries(oc, entries, NULL);
  gboolean ok = g_option_context_parse(oc, argc, argv, error);
  g_option_context_free(oc);
  if (ok && *argc > 1) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "unexpected argument '%s'", (*argv)[1]);
    return FALSE;
  }
  if (ok && (!a->outputs || !a->outputs[0])) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "no output: give -o FILE.png, -o FILE.svg or -o FILE.pdf");
    return FALSE;
  }
  for (char **o = a->outputs; ok && o && *o; o++) {
    tm_format_t format;
    ok = tm_format_from_path(*o, &format, error);
  }
  return ok;
}

/* A style named without a path is looked up in the source tree's styles/. */
static char *tm_render_style_path(const char *name)
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

static gboolean tm_render_apply_overrides(tm_style_t *st, const tm_render_args_t *a, GError **error)
{
  struct {
    char **field;
    const char *value;
  } strings[] = {{&st->layer, a->layer},       {&st->key, a->key},
                 {&st->join, a->join},         {&st->join_key, a->join_key},
                 {&st->category, a->category}, {&st->title, a->title},
                 {&st->subtitle, a->subtitle}, {&st->credits, a->credits},
                 {&st->legend_title, a->legend_title}, {&st->paper, a->paper},
                 {&st->encoding, a->encoding}, {&st->src_crs, a->src_crs}};
  for (guint i = 0; i < G_N_ELEMENTS(strings); i++)
    if (strings[i].value)
      tm_style_set_string(strings[i].field, strings[i].value);
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
    if (sscanf(a->size, "%dx%d%c", &w, &h, &tail) != 2 || w < 16 || h < 16 || w > 30000 ||
        h > 30000) {
      g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                  "--size %s: expected WIDTHxHEIGHT in pixels, 16 to 30000 each (e.g. 2480x3508)",
                  a->size);
      return FALSE;
    }
    st->width_px = w;
    st->height_px = h;
  }
  return TRUE;
}

static gboolean tm_render_require(const char *value, const char *what, GError **error)
{
  if (value && *value)
    return TRUE;
  g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "no %s", what);
  return FALSE;
}

/* The pipeline, stage after stage; every object is freed at the end. */
typedef struct {
  tm_context_t *ctx;
  tm_style_t *style;
  char *data_dir, *layer_path, *table_path;
  tm_layer_t *layer;
  tm_table_t *table;
  tm_join_t *join;
  tm_symbology_t *sym;
  tm_projection_t *proj;
  tm_map_t *map;
} tm_render_run_t;

static void tm_render_run_clear(tm_render_run_t *r)
{
  tm_map_free(r->map);
  tm_projection_free(r->proj);
  tm_symbology_free(r->sym);
  tm_join_free(r->join);
  tm_table_free(r->table);
  tm_layer_free(r->layer);
  tm_style_free(r->style);
  g_free(r->data_dir);
  g_free(r->layer_path);
  g_free(r->table_path);
  tm_context_free(r->ctx);
}

static gboolean tm_render_pipeline(tm_render_run_t *r, const tm_render_args_t *a, GError **error)
{
  tm_style_t *st = r->style;
  if (!tm_render_require(st->layer, "layer: give --layer SHP or [data] layer in the style", error) ||
      !tm_render_require(st->key, "key field: give --key FIELD or [data] key in the style", error) ||
      !tm_render_require(st->join, "membership table: give --join CSV or [data] join in the style",
                         error) ||
      !tm_render_require(st->join_key,
                         "table key column: give --join-key COLUMN or [data] join_key in the style",
                         error))
    return FALSE;
  r->data_dir = tm_cli_data_dir(a->data);
  r->layer_path = tm_cli_resolve(st->layer, r->data_dir);
  r->table_path = tm_cli_resolve(st->join, r->data_dir);

  tm_read_options_t ro = {st->encoding, st->src_crs};
  if (!(r->layer = tm_layer_read(r->ctx, r->layer_path, &ro, error)))
    return FALSE;
  if (!(r->table = tm_table_read(r->ctx, r->table_path, error)))
    return FALSE;
  if (!(r->join = tm_join_new(r->ctx, r->layer, st->key, r->table, st->join_key, error)))
    return FALSE;
  if (!a->quiet)
    tm_join_print_report(r->join, stderr, 10);
  r->sym = st->category ? tm_classify_categories(r->join, r->table, st->category,
                                                 a->category_label, st, error)
                        : tm_classify_membership(r->join, st);
  if (!r->sym)
    return FALSE;
  if (!(r->proj = tm_project_layer(r->ctx, r->layer, st->frames, st->n_frames, error)))
    return FALSE;
  tm_layout_input_t in = {r->layer, tm_layer_find_field(r->layer, st->key), r->proj, r->sym, st};
  if (!(r->map = tm_layout_map(r->ctx, &in, error)))
    return FALSE;
  /* Every file is written to a temporary name first and renamed only when
   * all are complete: a failed run replaces none of the previous outputs. */
  GPtrArray *pending = g_ptr_array_new_with_free_func((GDestroyNotify)tm_write_abort);
  gboolean ok = TRUE;
  for (char **o = a->outputs; ok && *o; o++) {
    tm_pending_file_t *p = tm_write_drawing_prepare(r->map->drawing, *o, error);
    ok = p != NULL;
    if (ok)
      g_ptr_array_add(pending, p);
  }
  if (ok && a->metadata) {
    tm_pending_file_t *p = tm_metadata_prepare(a->metadata, r->map, r->sym, r->join, error);
    ok = p != NULL;
    if (ok)
      g_ptr_array_add(pending, p);
  }
  for (guint i = 0; ok && i < pending->len; i++) {
    ok = tm_write_commit(g_ptr_array_index(pending, i), error);
    pending->pdata[i] = NULL; /* commit freed it */
  }
  g_ptr_array_free(pending, TRUE);
  if (!ok)
    return FALSE;
  if (!a->quiet) {
    for (char **o = a->outputs; *o; o++)
      printf("wrote %s (%.0f x %.0f px, %g dpi)\n", *o, r->map->drawing->width,
             r->map->drawing->height, r->map->drawing->dpi);
    if (a->metadata)
      printf("wrote %s\n", a->metadata);
  }
  return TRUE;
}

int tm_cmd_render(int argc, char **argv)
{
  tm_render_args_t a = {0};
  GError *error = NULL;
  if (!tm_render_parse(&argc, &argv, &a, &error)) {
    tm_render_args_clear(&a);
    return tm_cli_fail(error, TM_EXIT_USAGE);
  }
  tm_render_run_t r = {0};
  r.ctx = tm_context_new();
  char *style_path = tm_render_style_path(a.style);
  r.style = tm_style_load(style_path, &error);
  g_free(style_path);
  int status = TM_EXIT_OK;
  if (!r.style)
    status = tm_cli_fail(error, TM_EXIT_ERROR);
  else if (!tm_render_apply_overrides(r.style, &a, &error))
    status = tm_cli_fail(error, TM_EXIT_USAGE);
  else if (!tm_render_pipeline(&r, &a, &error))
    status = tm_cli_fail(error, TM_EXIT_ERROR);
  tm_render_run_clear(&r);
  tm_render_args_clear(&a);
  return status;
}
