/* DIR/index.json (every map: item, title, files, counts) and DIR/index.html
 * (an offline gallery of thumbnails linking to the maps).  Both list every
 * item of the atlas and hold no time or host, so every shard writes the
 * same bytes. */
#include <string.h>
#include <json-glib/json-glib.h>
#include "batch.h"
#include "terrimap/write.h"

static char *tm_batch_file(const tm_batch_item_t *item, const char *ext)
{
  return strcmp(ext, "thumb.png") == 0 ? g_strdup_printf("thumbs/%s.thumb.png", item->base)
                                       : g_strdup_printf("%s.%s", item->base, ext);
}

static void tm_json_member_string(JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name(b, name);
  if (value)
    json_builder_add_string_value(b, value);
  else
    json_builder_add_null_value(b);
}

static void tm_json_member_int(JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name(b, name);
  json_builder_add_int_value(b, value);
}

static void tm_batch_json_item(JsonBuilder *b, const tm_render_run_t *r, const tm_batch_args_t *a,
                               const tm_batch_item_t *item)
{
  json_builder_begin_object(b);
  tm_json_member_string(b, "kind", item->kind);
  tm_json_member_string(b, "code", item->code);
  tm_json_member_string(b, "name", item->name);
  tm_json_member_string(b, "extent", item->extent);
  tm_json_member_string(b, "title", item->title);
  json_builder_set_member_name(b, "files");
  json_builder_begin_object(b);
  for (char **e = a->exts; *e; e++) {
    char *f = tm_batch_file(item, *e);
    tm_json_member_string(b, *e, f);
    g_free(f);
  }
  const char *extra[][2] = {{"metadata", "json"}, {"thumbnail", "thumb.png"}};
  for (guint i = 0; i < G_N_ELEMENTS(extra); i++) {
    char *f = tm_batch_file(item, extra[i][1]);
    tm_json_member_string(b, extra[i][0], f);
    g_free(f);
  }
  json_builder_end_object(b);
  /* What the map shows: features in its extent, per class. */
  json_builder_set_member_name(b, "join");
  json_builder_begin_object(b);
  tm_json_member_int(b, "features", item->n_in_focus);
  json_builder_set_member_name(b, "classes");
  json_builder_begin_array(b);
  for (guint c = 0; item->class_counts && c < r->sym->n_classes; c++) {
    if (item->class_counts[c] == 0)
      continue;
    json_builder_begin_object(b);
    tm_json_member_string(b, "label", r->sym->classes[c].label);
    tm_json_member_string(b, "value", r->sym->classes[c].value);
    tm_json_member_int(b, "count", item->class_counts[c]);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
  if (!item->ok)
    tm_json_member_string(b, "error", item->error);
  json_builder_end_object(b);
}

static char *tm_batch_index_json(const tm_render_run_t *r, const tm_batch_args_t *a,
                                 const GPtrArray *items)
{
  JsonBuilder *b = json_builder_new();
  json_builder_begin_object(b);
  tm_json_member_string(b, "each", a->each ? a->each : "manifest");
  tm_json_member_int(b, "count", items->len);
  json_builder_set_member_name(b, "join");
  json_builder_begin_object(b);
  tm_json_member_string(b, "table", r->join->table_path);
  tm_json_member_int(b, "layer_features", r->join->layer_features);
  tm_json_member_int(b, "table_rows", r->join->table_rows);
  tm_json_member_int(b, "matched_features", r->join->matched_features);
  tm_json_member_int(b, "matched_rows", r->join->matched_rows);
  json_builder_end_object(b);
  json_builder_set_member_name(b, "maps");
  json_builder_begin_array(b);
  for (guint i = 0; i < items->len; i++)
    tm_batch_json_item(b, r, a, g_ptr_array_index(items, i));
  json_builder_end_array(b);
  json_builder_end_object(b);
  JsonGenerator *gen = json_generator_new();
  json_generator_set_pretty(gen, TRUE);
  JsonNode *root = json_builder_get_root(b);
  json_generator_set_root(gen, root);
  char *text = json_generator_to_data(gen, NULL);
  json_node_unref(root);
  g_object_unref(gen);
  g_object_unref(b);
  return text;
}

static char *tm_batch_index_html(const tm_batch_args_t *a, const GPtrArray *items)
{
  GString *s = g_string_new(
      "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>Atlas</title>\n<style>\n"
      "body{font-family:Lato,'DejaVu Sans',sans-serif;margin:2em;color:#1e1e1e}\n"
      "main{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:1.5em}\n"
      "figure{margin:0}img{width:100%;border:1px solid #ccc}figcaption{font-size:.9em}\n"
      "a{color:#293173}\n</style>\n</head>\n<body>\n");
  g_string_append_printf(s, "<h1>Atlas : %u cartes</h1>\n<main>\n", items->len);
  for (guint i = 0; i < items->len; i++) {
    const tm_batch_item_t *item = g_ptr_array_index(items, i);
    char *thumb = tm_batch_file(item, "thumb.png");
    char *first = tm_batch_file(item, a->exts[0]);
    char *title = g_markup_escape_text(item->title ? item->title : item->name, -1);
    char *thumb_e = g_markup_escape_text(thumb, -1), *first_e = g_markup_escape_text(first, -1);
    if (!item->ok) {
      /* Nothing was written: say why rather than show broken images. */
      char *why = g_markup_escape_text(item->error ? item->error : "failed", -1);
      g_string_append_printf(s, "<figure id=\"%s-%s\"><figcaption>%s<br><em>%s</em>"
                                "</figcaption></figure>\n",
                             item->kind, item->code, title, why);
      g_free(why);
      g_free(thumb);
      g_free(first);
      g_free(title);
      g_free(thumb_e);
      g_free(first_e);
      continue;
    }
    g_string_append_printf(s,
                           "<figure id=\"%s-%s\"><a href=\"%s\"><img src=\"%s\" alt=\"%s\" "
                           "loading=\"lazy\"></a>\n<figcaption>%s<br>",
                           item->kind, item->code, first_e, thumb_e, title, title);
    for (char **e = a->exts; *e; e++) {
      char *f = tm_batch_file(item, *e);
      char *fe = g_markup_escape_text(f, -1);
      g_string_append_printf(s, "<a href=\"%s\">%s</a> ", fe, *e);
      g_free(fe);
      g_free(f);
    }
    g_string_append(s, "</figcaption></figure>\n");
    g_free(thumb);
    g_free(first);
    g_free(title);
    g_free(thumb_e);
    g_free(first_e);
  }
  g_string_append(s, "</main>\n</body>\n</html>\n");
  return g_string_free(s, FALSE);
}

static gboolean tm_batch_put_text(FILE *out, void *data, GError **error)
{
  if (fputs(data, out) == EOF) {
    g_set_error(error, TM_ERROR, TM_ERROR_IO, "write failed");
    return FALSE;
  }
  return TRUE;
}

gboolean tm_batch_write_index(const tm_render_run_t *r, const tm_batch_args_t *a,
                              const GPtrArray *items, GError **error)
{
  char *json = tm_batch_index_json(r, a, items);
  char *html = tm_batch_index_html(a, items);
  char *json_path = g_build_filename(a->out_dir, "index.json", NULL);
  char *html_path = g_build_filename(a->out_dir, "index.html", NULL);
  gboolean ok = tm_write_atomic(json_path, tm_batch_put_text, json, error) &&
                tm_write_atomic(html_path, tm_batch_put_text, html, error);
  g_free(json);
  g_free(html);
  g_free(json_path);
  g_free(html_path);
  return ok;
}
