/* The metadata sidecar, built with json-glib (escaping and number
 * formatting are its business, not ours). */
#include <json-glib/json-glib.h>
#include "terrimap/metadata.h"
#include "terrimap/write.h"

static void tm_json_string_list(JsonBuilder *b, const char *name, const GPtrArray *items)
{
  json_builder_set_member_name(b, name);
  json_builder_begin_array(b);
  for (guint i = 0; items && i < items->len; i++)
    json_builder_add_string_value(b, g_ptr_array_index(items, i));
  json_builder_end_array(b);
}

static void tm_json_image(JsonBuilder *b, const tm_map_t *map)
{
  json_builder_set_member_name(b, "image");
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "width");
  json_builder_add_int_value(b, (gint64)map->drawing->width);
  json_builder_set_member_name(b, "height");
  json_builder_add_int_value(b, (gint64)map->drawing->height);
  json_builder_set_member_name(b, "dpi");
  json_builder_add_double_value(b, map->drawing->dpi);
  json_builder_end_object(b);
}

static void tm_json_frames(JsonBuilder *b, const tm_map_t *map)
{
  json_builder_set_member_name(b, "frames");
  json_builder_begin_array(b);
  for (guint i = 0; i < map->n_frames; i++) {
    const tm_placed_frame_t *f = &map->frames[i];
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, f->name);
    json_builder_set_member_name(b, "title");
    json_builder_add_string_value(b, f->title);
    json_builder_set_member_name(b, "crs");
    json_builder_add_string_value(b, f->crs);
    json_builder_set_member_name(b, "inset");
    json_builder_add_boolean_value(b, f->inset);
    json_builder_set_member_name(b, "transform");
    json_builder_begin_array(b);
    for (int k = 0; k < 6; k++)
      json_builder_add_double_value(b, f->transform[k]);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "clip");
    json_builder_begin_array(b);
    json_builder_add_double_value(b, f->clip.x0);
    json_builder_add_double_value(b, f->clip.y0);
    json_builder_add_double_value(b, f->clip.x1);
    json_builder_add_double_value(b, f->clip.y1);
    json_builder_end_array(b);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
}

static void tm_json_legend(JsonBuilder *b, const tm_symbology_t *sym)
{
  json_builder_set_member_name(b, "legend");
  json_builder_begin_array(b);
  for (guint i = 0; sym && i < sym->n_classes; i++) {
    const tm_class_t *c = &sym->classes[i];
    /* Like the drawn legend: a category the map does not show is left out. */
    if (c->count == 0 && g_strcmp0(sym->kind, "category") == 0)
      continue;
    char hex[8];
    tm_rgba_to_hex(&c->fill, hex);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "label");
    json_builder_add_string_value(b, c->label);
    json_builder_set_member_name(b, "value");
    if (c->value)
      json_builder_add_string_value(b, c->value);
    else
      json_builder_add_null_value(b);
    json_builder_set_member_name(b, "fill");
    json_builder_add_string_value(b, hex);
    json_builder_set_member_name(b, "count");
    json_builder_add_int_value(b, c->count);
    json_builder_set_member_name(b, "no_data");
    json_builder_add_boolean_value(b, c->no_data);
    if (c->has_range) {
      json_builder_set_member_name(b, "min");
      json_builder_add_double_value(b, c->min);
      json_builder_set_member_name(b, "max");
      json_builder_add_double_value(b, c->max);
    }
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
}

static void tm_json_labels(JsonBuilder *b, const tm_map_t *map)
{
  json_builder_set_member_name(b, "labels");
  json_builder_begin_array(b);
  for (guint i = 0; i < map->n_labels; i++) {
    const tm_map_label_t *l = &map->labels[i];
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "text");
    json_builder_add_string_value(b, l->text);
    json_builder_set_member_name(b, "value");
    if (l->value)
      json_builder_add_string_value(b, l->value);
    else
      json_builder_add_null_value(b);
    json_builder_set_member_name(b, "anchor");
    json_builder_begin_array(b);
    json_builder_add_double_value(b, l->anchor[0]);
    json_builder_add_double_value(b, l->anchor[1]);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "bbox");
    json_builder_begin_array(b);
    json_builder_add_double_value(b, l->bbox.x0);
    json_builder_add_double_value(b, l->bbox.y0);
    json_builder_add_double_value(b, l->bbox.x1);
    json_builder_add_double_value(b, l->bbox.y1);
    json_builder_end_array(b);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_set_member_name(b, "labels_dropped");
  json_builder_add_int_value(b, map->n_dropped_labels);
}

static void tm_json_join(JsonBuilder *b, const tm_join_t *j)
{
  json_builder_set_member_name(b, "join");
  if (!j) {
    json_builder_add_null_value(b);
    return;
  }
  json_builder_begin_object(b);
  const struct {
    const char *name;
    guint value;
  } counts[] = {{"layer_features", j->layer_features},     {"table_rows", j->table_rows},
                {"matched_features", j->matched_features}, {"matched_rows", j->matched_rows},
                {"null_feature_keys", j->null_feature_keys}, {"empty_row_keys", j->empty_row_keys}};
  json_builder_set_member_name(b, "layer");
  json_builder_add_string_value(b, j->layer_path);
  json_builder_set_member_name(b, "key_field");
  json_builder_add_string_value(b, j->key_field);
  json_builder_set_member_name(b, "table");
  json_builder_add_string_value(b, j->table_path);
  json_builder_set_member_name(b, "key_column");
  json_builder_add_string_value(b, j->key_column);
  for (guint i = 0; i < G_N_ELEMENTS(counts); i++) {
    json_builder_set_member_name(b, counts[i].name);
    json_builder_add_int_value(b, counts[i].value);
  }
  tm_json_string_list(b, "unmatched_features", j->unmatched_features);
  tm_json_string_list(b, "unmatched_rows", j->unmatched_rows);
  if (j->unmatched_natures) {
    /* Parallel to unmatched_rows: what each unmatched member is. */
    json_builder_set_member_name(b, "nature_column");
    json_builder_add_string_value(b, j->nature_column);
    tm_json_string_list(b, "unmatched_rows_nature", j->unmatched_natures);
  }
  tm_json_string_list(b, "duplicate_keys", j->duplicate_keys);
  json_builder_end_object(b);
}

char *tm_metadata_to_json(const tm_map_t *map, const tm_symbology_t *sym, const tm_join_t *join)
{
  JsonBuilder *b = json_builder_new();
  json_builder_begin_object(b);
  tm_json_image(b, map);
  tm_json_frames(b, map);
  tm_json_legend(b, sym);
  tm_json_labels(b, map);
  tm_json_join(b, join);
  json_builder_end_object(b);
  JsonNode *root = json_builder_get_root(b);
  JsonGenerator *gen = json_generator_new();
  json_generator_set_pretty(gen, TRUE);
  json_generator_set_root(gen, root);
  char *text = json_generator_to_data(gen, NULL);
  g_object_unref(gen);
  json_node_unref(root);
  g_object_unref(b);
  return text;
}

static gboolean tm_metadata_put(FILE *out, void *data, GError **error)
{
  const char *text = data;
  if (fputs(text, out) == EOF || fputc('\n', out) == EOF) {
    g_set_error(error, TM_ERROR, TM_ERROR_IO, "write failed");
    return FALSE;
  }
  return TRUE;
}

gboolean tm_metadata_write(const char *path, const tm_map_t *map, const tm_symbology_t *sym,
                           const tm_join_t *join, GError **error)
{
  char *text = tm_metadata_to_json(map, sym, join);
  gboolean ok = tm_write_atomic(path, tm_metadata_put, text, error);
  g_free(text);
  return ok;
}

tm_pending_file_t *tm_metadata_prepare(const char *path, const tm_map_t *map,
                                       const tm_symbology_t *sym, const tm_join_t *join,
                                       GError **error)
{
  char *text = tm_metadata_to_json(map, sym, join);
  tm_pending_file_t *p = tm_write_prepare(path, tm_metadata_put, text, error);
  g_free(text);
  return p;
}
