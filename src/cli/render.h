/* terrimap render, shared between its files: the parsed options and the
 * pipeline's objects. */
#ifndef TM_CLI_RENDER_H
#define TM_CLI_RENDER_H

#include "cli.h"
#include "terrimap/classify.h"
#include "terrimap/join.h"
#include "terrimap/layout.h"
#include "terrimap/limits.h"
#include "terrimap/project.h"
#include "terrimap/read.h"
#include "terrimap/style.h"

typedef struct {
  char *style, *data, *layer, *key, *join, *join_key, *category, *category_label;
  char *title, *subtitle, *credits, *legend_title, *paper, *size, *encoding, *src_crs;
  char *metadata, *extent, *labels, *value, *classes, *scheme, *compare, *compare_key;
  char **outputs, **overlays;
  char *limits[TM_LIMIT_COUNT]; /* --max-* as given, NULL when not */
  double dpi;
  int n_classes;
  gboolean landscape, portrait, quiet, outlines, adjacent_colours, north_arrow;
} tm_render_args_t;

/* A style named without a path is looked up in the source tree's styles/. */
char *tm_render_style_path(const char *name);
/* The options render and batch share (data, style overrides, page). */
GOptionGroup *tm_render_option_group(tm_render_args_t *a);
/* Parses the command line (usage errors: FALSE); checks output formats. */
gboolean tm_render_args_parse(int *argc, char ***argv, tm_render_args_t *a, GError **error);
/* The --max-* options over the process-wide limits (set from the
 * environment by tm_cli_main); call once, after parsing, before any work. */
gboolean tm_render_args_set_limits(const tm_render_args_t *a, GError **error);
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
  tm_frames_plan_t *frames_plan; /* begun while the layer is read, until projected */
  tm_parallel_job_t *fonts_job;  /* fonts loaded on another core meanwhile */
  tm_projection_t *proj;
  GPtrArray *overlay_layers;  /* tm_layer_t */
  GPtrArray *overlay_projs;   /* tm_projection_t */
  tm_layout_overlay_t *overlays;
  tm_projection_t *territories;
  char **class_labels, **feature_labels; /* owned strings, may hold NULLs */
  tm_layer_t *extent_layer;
  tm_projection_t *extent_proj;
  gboolean extent_shared;    /* extent_layer and extent_proj are an overlay's */
  char **inputs;             /* every file the maps are made from (for --skip-existing) */
} tm_render_run_t;

/* One map of a run: the whole layer, or one extent of it (a batch item). */
typedef struct {
  char *kind, *code, *name;  /* batch: "region", "84", "Auvergne-Rhône-Alpes" */
  char *extent;              /* "region:84", or NULL for the whole layer */
  char *title, *subtitle;    /* NULL: the style's */
  tm_focus_t *focus;
  tm_symbology_t *sym;       /* the run's, with this map's counts and colours */
  tm_map_t *map;
  gboolean last_map;         /* the run's only map: the projection's points go as it is drawn */
} tm_render_item_t;

/* Everything shared by the maps of a run, read and computed once:
 * layer, tables, joins, classes, projection, overlays, territories, labels,
 * and the départements layer when extents need it. */
gboolean tm_render_prepare(tm_render_run_t *r, const tm_render_args_t *a, gboolean need_extents,
                           GError **error);
void tm_render_run_clear(tm_render_run_t *r);

/* Lays out one map with its own context (thread-safe: r is only read,
 * unless item->last_map lets the layout free the projection's points). */
gboolean tm_render_item_build(tm_context_t *ctx, const tm_render_run_t *r, tm_render_item_t *item,
                              GError **error);
void tm_render_item_clear(tm_render_item_t *item);

/* Writes the item's map to every output and its metadata, all renamed into
 * place together. */
gboolean tm_render_item_write(const tm_render_run_t *r, const tm_render_item_t *item,
                              char *const *outputs, const char *metadata, GError **error);

/* The steps after classification (render_extras.c). */
gboolean tm_render_overlays(tm_render_run_t *r, GError **error);
gboolean tm_render_territories(tm_render_run_t *r, GError **error);
gboolean tm_render_labels(tm_render_run_t *r, GError **error);
gboolean tm_render_extent_layer(tm_render_run_t *r, GError **error);
/* The item's focus, counts and (for a few categories) distinct colours. */
gboolean tm_render_item_focus(tm_context_t *ctx, const tm_render_run_t *r, tm_render_item_t *item,
                              gboolean *distinct, GError **error);

/* Names and titles of a map of one extent (item_text.c). */
/* template with {kind}, {code} and {name} replaced (NULL: empty). */
char *tm_item_expand(const char *template, const char *kind, const char *code, const char *name);
/* code -> name of the régions (region TRUE) or départements (needs
 * r->extent_layer); warns and returns fewer names when a layer is missing. */
GHashTable *tm_extent_names(const tm_render_run_t *r, gboolean region);
/* The title of a map of one extent when none is given: the style's [batch]
 * title, else its title followed by " — {name}". */
char *tm_item_title_template(const tm_style_t *st);
/* A single render's item->kind, code, name and (when its title or subtitle
 * names it, or when its extent is not style_extent, the style's own) its
 * title and subtitle.  title, subtitle: --title and --subtitle, or NULL. */
void tm_render_item_name(const tm_render_run_t *r, tm_render_item_t *item,
                         const char *style_extent, const char *title, const char *subtitle);

/* terrimap batch */
int tm_cmd_batch(int argc, char **argv);

#endif
