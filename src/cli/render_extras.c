/* terrimap render: what a map may add to its classified features —
 * overlays, dissolved territories (outlines, neighbour-aware colours),
 * labels and a focus extent. */
#include <string.h>
#include "render.h"

gboolean tm_render_overlays(tm_render_run_t *r, GError **error)
{
  const tm_style_t *st = r->style;
  r->overlay_layers = g_ptr_array_new_with_free_func((GDestroyNotify)tm_layer_free);
  r->overlay_projs = g_ptr_array_new_with_free_func((GDestroyNotify)tm_projection_free);
  r->overlays = g_new0(tm_layout_overlay_t, MAX(st->n_overlays, 1));
  for (guint i = 0; i < st->n_overlays; i++) {
    char *path = tm_cli_resolve(st->overlays[i].layer, r->data_dir);
    tm_layer_t *layer = tm_layer_read(r->ctx, path, NULL, error);
    g_free(path);
    if (!layer)
      return FALSE;
    g_ptr_array_add(r->overlay_layers, layer);
    /* Stroked (or filled even-odd) as read: no validity check, which only
     * what dissolves or anchors labels needs (tm_project_layer_release). */
    tm_projection_t *proj =
        tm_project_layer_release(r->ctx, layer, st->frames, st->n_frames, NULL, error);
    if (!proj)
      return FALSE;
    g_ptr_array_add(r->overlay_projs, proj);
    r->overlays[i] = (tm_layout_overlay_t){&st->overlays[i], layer, proj};
  }
  return TRUE;
}

/* Neighbouring territories get different colours: a graph colouring over
 * the adjacency of the dissolved territories of every frame. */
static void tm_render_adjacent_colours(tm_render_run_t *r, GError **error_unused)
{
  const tm_style_t *st = r->style;
  GArray *edges = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint f = 0; f < r->territories->n_frames; f++) {
    const tm_frame_t *frame = &r->territories->frames[f];
    guint n_pairs = 0;
    GError *error = NULL;
    /* A metre of tolerance: generalised borders may leave hairline gaps. */
    guint *pairs = tm_geom_adjacency(r->ctx, frame->geom, 1.0, &n_pairs, &error);
    if (!pairs) {
      tm_warn(r->ctx, "adjacency of the territories in frame %s: %s", frame->name,
              error ? error->message : "failed");
      g_clear_error(&error);
      continue;
    }
    for (guint k = 0; k < 2 * n_pairs; k++)
      g_array_append_val(edges, frame->features[pairs[k]]);
    g_free(pairs);
  }
  guint used = 0;
  guint *colour = tm_colour_graph(r->sym->n_classes, (guint *)edges->data, edges->len / 2,
                                  st->n_palette, &used);
  if (used > st->n_palette)
    tm_warn(r->ctx, "%u colours needed so that neighbours differ, the palette has %u: some "
                    "neighbours share a colour",
            used, st->n_palette);
  for (guint c = 0; c < r->sym->n_classes; c++)
    if (!r->sym->classes[c].no_data)
      r->sym->classes[c].fill = st->palette[colour[c] % st->n_palette];
  g_free(colour);
  g_array_free(edges, TRUE);
}

gboolean tm_render_territories(tm_render_run_t *r, GError **error)
{
  const tm_style_t *st = r->style;
  gboolean wanted = st->outlines || st->adjacent_colours || st->labels;
  if (!st->category || st->compare || st->value || !wanted)
    return TRUE;
  gint *group = g_new(gint, r->layer->n_features);
  for (guint f = 0; f < r->layer->n_features; f++) {
    gint c = r->sym->feature_class[f];
    group[f] = c >= 0 && !r->sym->classes[c].no_data ? c : -1;
  }
  r->territories = tm_projection_dissolve(r->ctx, r->proj, group, r->sym->n_classes, error);
  g_free(group);
  if (!r->territories)
    return FALSE;
  if (st->adjacent_colours)
    tm_render_adjacent_colours(r, error);
  return TRUE;
}

gboolean tm_render_labels(tm_render_run_t *r, GError **error)
{
  const tm_style_t *st = r->style;
  if (!st->labels)
    return TRUE;
  gint column = tm_table_find_column(r->table, st->labels);
  gboolean one_category = st->extent && g_str_has_prefix(st->extent, "category:");
  gboolean per_territory =
      r->territories && (st->label_level == TM_LABELS_TERRITORY ||
                         (st->label_level == TM_LABELS_AUTO && !one_category));
  if (per_territory) {
    /* One label per territory: the label column of the first row of
     * each category. */
    gint cat = tm_table_find_column(r->table, st->category);
    if (column < 0 || cat < 0) {
      g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "%s: no column '%s' for --labels",
                  r->table->path, st->labels);
      return FALSE;
    }
    GHashTable *first = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint row = 0; row < r->table->n_rows; row++) {
      const char *v = tm_table_get(r->table, row, (guint)cat);
      if (!g_hash_table_contains(first, v))
        g_hash_table_insert(first, (gpointer)v, GUINT_TO_POINTER(row));
    }
    r->class_labels = g_new0(char *, r->sym->n_classes);
    for (guint c = 0; c < r->sym->n_classes; c++) {
      gpointer row;
      const char *value = r->sym->classes[c].value;
      if (value && g_hash_table_lookup_extended(first, value, NULL, &row))
        r->class_labels[c] =
            g_strdup(tm_table_get(r->table, GPOINTER_TO_UINT(row), (guint)column));
    }
    g_hash_table_destroy(first);
    return TRUE;
  }
  /* One label per feature: the joined table's column, else a layer field. */
  gint field = tm_layer_find_field(r->layer, st->labels);
  if (column < 0 && field < 0) {
    char *fields = tm_layer_list_fields(r->layer);
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "--labels %s: neither a column of %s nor a field of %s (fields: %s)", st->labels,
                r->table->path, r->layer->path, fields);
    g_free(fields);
    return FALSE;
  }
  r->feature_labels = g_new0(char *, r->layer->n_features);
  for (guint f = 0; f < r->layer->n_features; f++) {
    gint row = r->join->feature_row[f];
    const char *text = column >= 0 && row >= 0 ? tm_table_get(r->table, (guint)row, (guint)column)
                       : field >= 0            ? tm_layer_get_value(r->layer, f, (guint)field)
                                               : NULL;
    r->feature_labels[f] = text && *text ? g_strdup(text) : NULL;
  }
  return TRUE;
}

/* A regional map shows a handful of categories: when the palette has a
 * colour for each, each gets its own (neighbours then differ too) and the
 * legend can name them one by one. */
static gboolean tm_render_focus_colours(const tm_style_t *st, tm_symbology_t *sym)
{
  if (!st->category || st->value || st->compare)
    return FALSE;
  guint n = 0;
  for (guint c = 0; c < sym->n_classes; c++)
    n += sym->classes[c].count > 0 && !sym->classes[c].no_data;
  if (n == 0 || n > st->n_palette)
    return FALSE;
  guint k = 0;
  for (guint c = 0; c < sym->n_classes; c++)
    if (sym->classes[c].count > 0 && !sym->classes[c].no_data)
      sym->classes[c].fill = st->palette[k++];
  return TRUE;
}

gboolean tm_render_extent_layer(tm_render_run_t *r, GError **error)
{
  const tm_style_t *st = r->style;
  char *path = tm_cli_resolve(st->extent_layer, r->data_dir);
  /* The départements that extents are looked up in are often drawn as an
   * overlay too: read and projected once. */
  for (guint i = 0; r->overlay_layers && i < r->overlay_layers->len; i++) {
    tm_layer_t *overlay = g_ptr_array_index(r->overlay_layers, i);
    if (strcmp(overlay->path, path) == 0) {
      r->extent_layer = overlay;
      r->extent_proj = g_ptr_array_index(r->overlay_projs, i);
      r->extent_shared = TRUE;
      g_free(path);
      return TRUE;
    }
  }
  r->extent_layer = tm_layer_read(r->ctx, path, NULL, error);
  g_free(path);
  /* Only its values and point-in-polygon tests (even-odd) are used: no
   * validity check. */
  return r->extent_layer &&
         (r->extent_proj = tm_project_layer_release(r->ctx, r->extent_layer, st->frames,
                                                    st->n_frames, NULL, error)) != NULL;
}

gboolean tm_render_item_focus(tm_context_t *ctx, const tm_render_run_t *r, tm_render_item_t *item,
                              gboolean *distinct, GError **error)
{
  const tm_style_t *st = r->style;
  item->sym = tm_symbology_copy(r->sym);
  *distinct = FALSE;
  if (!item->extent)
    return TRUE;
  tm_focus_input_t in = {.layer = r->layer, .projection = r->proj, .frames = st->frames,
                         .n_frames = st->n_frames,
                         .departement_key = st->extent_departement_key,
                         .region_key = st->extent_region_key,
                         .extent_layer = r->extent_layer,
                         .extent_projection = r->extent_proj};
  const char **values = g_new0(const char *, r->layer->n_features);
  for (guint f = 0; f < r->layer->n_features; f++) {
    gint c = r->sym->feature_class[f];
    values[f] = c >= 0 ? r->sym->classes[c].value : NULL;
  }
  in.feature_values = values;
  item->focus = tm_focus_new(ctx, item->extent, &in, error);
  g_free(values);
  if (!item->focus)
    return FALSE;
  /* The legend counts what the map shows in colour. */
  tm_symbology_t *sym = item->sym;
  for (guint c = 0; c < sym->n_classes; c++)
    sym->classes[c].count = 0;
  for (guint f = 0; f < r->layer->n_features; f++)
    if (item->focus->in_focus[f] && sym->feature_class[f] >= 0)
      sym->classes[sym->feature_class[f]].count++;
  *distinct = tm_render_focus_colours(st, sym);
  return TRUE;
}
