/* terrimap render: the pipeline, stage after stage, every object kept in
 * the run and freed at the end.  All outputs are written from one drawing
 * and renamed into place together. */
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#endif
#include "render.h"
#include "terrimap/metadata.h"
#include "terrimap/render.h"
#include "terrimap/write.h"

static gboolean tm_render_require(const char *value, const char *what, GError **error)
{
  if (value && *value)
    return TRUE;
  g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "no %s", what);
  return FALSE;
}

void tm_render_run_clear(tm_render_run_t *r)
{
  g_strfreev(r->inputs);
  if (!r->extent_shared) {
    tm_projection_free(r->extent_proj);
    tm_layer_free(r->extent_layer);
  }
  for (guint i = 0; r->sym && r->class_labels && i < r->sym->n_classes; i++)
    g_free(r->class_labels[i]);
  g_free(r->class_labels);
  for (guint i = 0; r->layer && r->feature_labels && i < r->layer->n_features; i++)
    g_free(r->feature_labels[i]);
  g_free(r->feature_labels);
  tm_projection_free(r->territories);
  g_free(r->overlays);
  if (r->overlay_projs)
    g_ptr_array_free(r->overlay_projs, TRUE);
  if (r->overlay_layers)
    g_ptr_array_free(r->overlay_layers, TRUE);
  tm_frames_plan_free(r->frames_plan, r->ctx);
  tm_projection_free(r->proj);
  tm_symbology_free(r->sym);
  tm_join_free(r->previous_join);
  tm_join_free(r->join);
  tm_table_free(r->previous_table);
  tm_table_free(r->table);
  tm_layer_free(r->layer);
  tm_style_free(r->style);
  g_free(r->data_dir);
  tm_context_free(r->ctx);
}

/* The fonts found and loaded (fontconfig's configuration and caches, the
 * style's faces) on another core while the table is read and joined: the
 * first text measure took 20 ms of the main thread in the middle of the
 * layout, while the other core waited.  Begun once the layer is read, after
 * PROJ's work and the attributes, which are needed first (begun with the
 * read, the fonts held the other core while the main thread waited for
 * those: the commune map 5 % slower, bench/compare). */
static void tm_render_warm_fonts(void *data)
{
  const tm_style_t *st = data;
  const tm_text_style_t *texts[] = {&st->title_text,  &st->subtitle_text,   &st->legend_title_text,
                                    &st->legend_text, &st->credits_text,    &st->inset_title_text,
                                    &st->scalebar_text, &st->label_text};
  for (guint i = 0; i < G_N_ELEMENTS(texts); i++) {
    tm_font_t font = {.family = texts[i]->family ? texts[i]->family : "Lato",
                      .size = 12,
                      .bold = texts[i]->bold,
                      .italic = texts[i]->italic};
    tm_text_measure(&font, "ÉÎg0");
  }
}

/* PROJ's part of projecting the layer, begun on another core as soon as its
 * CRS is known: the commune map's 70 ms of reading, or the national map's
 * 16, hide most of its 30 ms. */
static void tm_render_plan_frames(const tm_layer_t *layer, void *data)
{
  tm_render_run_t *r = data;
  char *what = tm_layer_get_crs_origin(layer);
  r->frames_plan = tm_frames_plan_start(layer->crs, what, r->style->frames, r->style->n_frames);
  g_free(what);
}

static gboolean tm_render_read(tm_render_run_t *r, const tm_render_args_t *a, GError **error)
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
  char *layer_path = tm_cli_resolve(st->layer, r->data_dir);
  char *table_path = tm_cli_resolve(st->join, r->data_dir);
  tm_read_options_t ro = {st->encoding, st->src_crs, .crs_known = tm_render_plan_frames,
                          .crs_known_data = r};
  r->layer = tm_layer_read(r->ctx, layer_path, &ro, error);
  if (r->layer) /* the other core is free again: beside the table and the join */
    r->fonts_job = tm_parallel_start_task(tm_render_warm_fonts, r->style);
  gboolean ok = r->layer && (r->table = tm_table_read(r->ctx, table_path, error)) &&
                (r->join = tm_join_new(r->ctx, r->layer, st->key, r->table, st->join_key, error));
  g_free(layer_path);
  g_free(table_path);
  if (ok)
    tm_join_add_natures(r->join, r->table, st->nature_column ? st->nature_column : "nature");
  if (ok && !a->quiet)
    tm_join_print_report(r->join, stderr, 10);
  if (ok && st->compare) {
    char *path = tm_cli_resolve(st->compare, r->data_dir);
    const char *key = st->compare_key ? st->compare_key : st->join_key;
    ok = (r->previous_table = tm_table_read(r->ctx, path, error)) &&
         (r->previous_join = tm_join_new(r->ctx, r->layer, st->key, r->previous_table, key, error));
    g_free(path);
    if (ok)
      tm_join_add_natures(r->previous_join, r->previous_table,
                          st->nature_column ? st->nature_column : "nature");
    if (ok && !a->quiet)
      tm_join_print_report(r->previous_join, stderr, 10);
  }
  return ok;
}

static gboolean tm_render_classify(tm_render_run_t *r, GError **error)
{
  tm_style_t *st = r->style;
  if (st->compare) {
    r->sym = tm_classify_compare(r->join, r->previous_join, st);
  } else if (st->value) {
    tm_graduated_t g = {.column = st->value, .n_classes = st->n_classes, .scheme = st->scheme,
                        .french = st->french_numbers, .decimals = st->decimals};
    double *manual = NULL;
    if (!tm_breaks_method_parse(st->classes ? st->classes : "quantile", &g.method, &manual,
                                &g.n_manual, error))
      return FALSE;
    g.manual = manual;
    r->sym = tm_classify_graduated(r->layer, r->join, r->table, &g, st, error);
    g_free(manual);
  } else if (st->category) {
    r->sym = tm_classify_categories(r->join, r->table, st->category, st->category_label, st, error);
  } else {
    r->sym = tm_classify_membership(r->join, st);
  }
  return r->sym != NULL;
}

void tm_render_item_clear(tm_render_item_t *item)
{
  tm_map_free(item->map);
  tm_symbology_free(item->sym);
  tm_focus_free(item->focus);
  g_free(item->kind);
  g_free(item->code);
  g_free(item->name);
  g_free(item->extent);
  g_free(item->title);
  g_free(item->subtitle);
  memset(item, 0, sizeof *item);
}

/* Every file to a temporary name first, renamed only when all are
 * complete: a failed run replaces none of the previous outputs. */
gboolean tm_render_item_write(const tm_render_run_t *r, const tm_render_item_t *item,
                              char *const *outputs, const char *metadata, GError **error)
{
  GPtrArray *pending = g_ptr_array_new_with_free_func((GDestroyNotify)tm_write_abort);
  gboolean ok = TRUE;
  for (char *const *o = outputs; ok && *o; o++) {
    tm_pending_file_t *p = tm_write_drawing_prepare(item->map->drawing, *o, error);
    ok = p != NULL;
    if (ok)
      g_ptr_array_add(pending, p);
    tm_timing_mark(*o);
  }
  if (ok && metadata) {
    tm_pending_file_t *p = tm_metadata_prepare(metadata, item->map, item->sym, r->join, error);
    ok = p != NULL;
    if (ok)
      g_ptr_array_add(pending, p);
  }
  for (guint i = 0; ok && i < pending->len; i++) {
    ok = tm_write_commit(g_ptr_array_index(pending, i), error);
    pending->pdata[i] = NULL; /* commit freed it */
  }
  g_ptr_array_free(pending, TRUE);
  return ok;
}

gboolean tm_render_item_build(tm_context_t *ctx, const tm_render_run_t *r, tm_render_item_t *item,
                              GError **error)
{
  const tm_style_t *st = r->style;
  gboolean distinct = FALSE;
  if (!tm_render_item_focus(ctx, r, item, &distinct, error))
    return FALSE;
  tm_layout_input_t in = {
      .layer = r->layer,
      .key_field = tm_layer_find_field(r->layer, st->key),
      .projection = r->proj,
      .symbology = item->sym,
      .style = st,
      .focus = item->focus,
      .overlays = r->overlays,
      .n_overlays = r->overlay_layers ? r->overlay_layers->len : 0,
      .territories = r->territories,
      .class_labels = (const char *const *)r->class_labels,
      .feature_labels = (const char *const *)r->feature_labels,
      .title = item->title,
      .subtitle = item->subtitle,
      .summarise_categories = st->adjacent_colours && !distinct,
      .release_points = item->last_map ? r->proj : NULL,
  };
  item->map = tm_layout_map(ctx, &in, error);
  tm_timing_mark("layout (rest)");
  return item->map != NULL;
}

/* The files a run's maps depend on, for --skip-existing. */
static void tm_render_note_inputs(tm_render_run_t *r, const char *style_path)
{
  const tm_style_t *st = r->style;
  GPtrArray *in = g_ptr_array_new();
  if (style_path)
    g_ptr_array_add(in, g_strdup(style_path));
  const char *named[] = {st->layer, st->join, st->compare};
  for (guint i = 0; i < G_N_ELEMENTS(named); i++)
    if (named[i])
      g_ptr_array_add(in, tm_cli_resolve(named[i], r->data_dir));
  for (guint i = 0; i < st->n_overlays; i++)
    g_ptr_array_add(in, tm_cli_resolve(st->overlays[i].layer, r->data_dir));
  if (r->extent_layer)
    g_ptr_array_add(in, g_strdup(r->extent_layer->path));
  g_ptr_array_add(in, NULL);
  r->inputs = (char **)g_ptr_array_free(in, FALSE);
}

static gboolean tm_render_prepare_data(tm_render_run_t *r, const tm_render_args_t *a,
                                       gboolean need_extents, GError **error)
{
  tm_style_t *st = r->style;
  if (!tm_render_read(r, a, error))
    return FALSE;
  tm_timing_mark("read + join");
  if (!tm_render_classify(r, error))
    return FALSE;
  tm_timing_mark("classify");
  /* The layer's own points are not used again once projected: the
   * mainland frame takes them (a third of a commune map's memory). */
  r->proj = tm_project_layer_release(r->ctx, r->layer, st->frames, st->n_frames, r->frames_plan,
                                     error);
  r->frames_plan = NULL; /* taken over */
  if (!r->proj)
    return FALSE;
  tm_memory_release(r->proj->released_bytes);
  tm_timing_mark("project (rest)");
  gboolean admin_extent = st->extent && (g_str_has_prefix(st->extent, "region:") ||
                                         g_str_has_prefix(st->extent, "departement:"));
  if (!tm_render_overlays(r, error))
    return FALSE;
  tm_timing_mark("overlays");
  if (!tm_render_territories(r, error))
    return FALSE;
  tm_timing_mark("territories");
  if (!tm_render_labels(r, error))
    return FALSE;
  tm_timing_mark("labels");
  if ((need_extents || admin_extent) && !tm_render_extent_layer(r, error))
    return FALSE;
  tm_render_note_inputs(r, a->style);
  return TRUE;
}

gboolean tm_render_prepare(tm_render_run_t *r, const tm_render_args_t *a, gboolean need_extents,
                           GError **error)
{
  tm_timing_mark(NULL);
  gboolean ok = tm_render_prepare_data(r, a, need_extents, error);
  if (r->fonts_job)
    tm_parallel_finish(r->fonts_job);
  r->fonts_job = NULL;
  return ok;
}
