/* terrimap render, shared between its files: the parsed options and the
 * pipeline's objects. */
#ifndef TM_CLI_RENDER_H
#define TM_CLI_RENDER_H

#include "cli.h"
#include "terrimap/classify.h"
#include "terrimap/join.h"
#include "terrimap/layout.h"
#include "terrimap/project.h"
#include "terrimap/read.h"
#include "terrimap/style.h"

typedef struct {
  char *style, *data, *layer, *key, *join, *join_key, *category, *category_label;
  char *title, *subtitle, *credits, *legend_title, *paper, *size, *encoding, *src_crs;
  char *metadata, *extent, *labels, *value, *classes, *scheme, *compare, *compare_key;
  char **outputs, **overlays;
  double dpi;
  int n_classes;
  gboolean landscape, portrait, quiet, outlines, adjacent_colours, north_arrow;
} tm_render_args_t;

/* A style named without a path is looked up in the source tree's styles/. */
char *tm_render_style_path(const char *name);
/* Parses the command line (usage errors: FALSE); checks output formats. */
gboolean tm_render_args_parse(int *argc, char ***argv, tm_render_args_t *a, GError **error);
/* Command-line options over the style. */
gboolean tm_render_args_apply(const tm_render_args_t *a, tm_style_t *style, GError **error);
void tm_render_args_clear(tm_render_args_t *a);

/* Everything one render reads and computes; freed by tm_render_run_clear. */
typedef struct {
  tm_context_t *ctx;
  tm_style_t *style;
  char *data_dir;
  tm_layer_t *layer;
  tm_table_t *table, *previous_table;
  tm_join_t *join, *previous_join;
  tm_symbology_t *sym;
  tm_projection_t *proj;
  GPtrArray *overlay_layers;  /* tm_layer_t */
  GPtrArray *overlay_projs;   /* tm_projection_t */
  tm_layout_overlay_t *overlays;
  tm_projection_t *territories;
  char **class_labels, **feature_labels; /* owned strings, may hold NULLs */
  tm_layer_t *extent_layer;
  tm_projection_t *extent_proj;
  tm_focus_t *focus;
  tm_map_t *map;
} tm_render_run_t;

gboolean tm_render_run(tm_render_run_t *r, const tm_render_args_t *a, GError **error);
void tm_render_run_clear(tm_render_run_t *r);

/* The steps after classification (render_extras.c). */
gboolean tm_render_overlays(tm_render_run_t *r, GError **error);
gboolean tm_render_territories(tm_render_run_t *r, GError **error);
gboolean tm_render_labels(tm_render_run_t *r, GError **error);
gboolean tm_render_focus(tm_render_run_t *r, GError **error);

#endif
