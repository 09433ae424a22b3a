/* The items of an atlas: régions, départements or territories (from the
 * shared data), or the maps a manifest lists; their titles and file names. */
#include <string.h>
#include "batch.h"

void tm_batch_item_free(tm_batch_item_t *item)
{
  if (!item)
    return;
  g_free(item->kind);
  g_free(item->code);
  g_free(item->name);
  g_free(item->extent);
  g_free(item->title);
  g_free(item->subtitle);
  g_free(item->base);
  g_free(item->error);
  g_free(item->class_counts);
  g_free(item);
}

static char *tm_batch_expand(const char *template, const tm_batch_item_t *item)
{
  return tm_item_expand(template, item->kind, item->code, item->name);
}

/* A file name from anything: no directory separators, no control
 * characters, no leading dot. */
static char *tm_batch_safe_name(const char *text)
{
  GString *s = g_string_new(NULL);
  for (const char *p = text; *p; p++) {
    unsigned char c = (unsigned char)*p;
    g_string_append_c(s, c == '/' || c == '\\' || c < 0x20 || c == ':' ? '-' : (char)c);
  }
  while (s->len && s->str[0] == '.')
    g_string_erase(s, 0, 1);
  if (s->len == 0)
    g_string_assign(s, "map");
  return g_string_free(s, FALSE);
}

static tm_batch_item_t *tm_batch_item_new(const char *kind, const char *code, const char *name,
                                          const char *extent)
{
  tm_batch_item_t *item = g_new0(tm_batch_item_t, 1);
  item->kind = g_strdup(kind);
  item->code = g_strdup(code);
  item->name = g_strdup(name && *name ? name : code);
  item->extent = g_strdup(extent);
  return item;
}

static gint tm_batch_compare_codes(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Régions or départements: the distinct codes of the départements layer. */
static gboolean tm_batch_admin_items(const tm_render_run_t *r, const char *kind, GPtrArray *items,
                                     GError **error)
{
  const tm_style_t *st = r->style;
  gboolean region = strcmp(kind, "region") == 0;
  const char *key = region ? st->extent_region_key : st->extent_departement_key;
  gint field = tm_layer_find_field(r->extent_layer, key ? key : "");
  if (field < 0) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "--each %s: %s has no field '%s'", kind,
                r->extent_layer->path, key ? key : "");
    return FALSE;
  }
  GHashTable *names = tm_extent_names(r, region);
  GPtrArray *codes = g_ptr_array_new();
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint f = 0; f < r->extent_layer->n_features; f++) {
    const char *code = tm_layer_get_value(r->extent_layer, f, (guint)field);
    if (code && g_hash_table_add(seen, (gpointer)code))
      g_ptr_array_add(codes, (gpointer)code);
  }
  g_ptr_array_sort(codes, tm_batch_compare_codes);
  for (guint i = 0; i < codes->len; i++) {
    const char *code = g_ptr_array_index(codes, i);
    char *extent = g_strdup_printf("%s:%s", kind, code);
    g_ptr_array_add(items, tm_batch_item_new(kind, code, g_hash_table_lookup(names, code), extent));
    g_free(extent);
  }
  g_hash_table_destroy(seen);
  g_ptr_array_free(codes, TRUE);
  g_hash_table_destroy(names);
  return TRUE;
}

static gboolean tm_batch_category_items(const tm_render_run_t *r, GPtrArray *items, GError **error)
{
  if (!r->style->category) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "--each category: the map has no category column (give --category COLUMN)");
    return FALSE;
  }
  for (guint c = 0; c < r->sym->n_classes; c++) {
    const tm_class_t *cls = &r->sym->classes[c];
    if (cls->no_data || cls->count == 0 || !cls->value)
      continue;
    char *extent = g_strdup_printf("category:%s", cls->value);
    g_ptr_array_add(items, tm_batch_item_new("category", cls->value, cls->label, extent));
    g_free(extent);
  }
  return TRUE;
}

/* [map-id] groups: extent= (required), title=, subtitle=, name=, file=. */
static gboolean tm_batch_manifest_items(const char *path, GPtrArray *items, GError **error)
{
  GKeyFile *kf = g_key_file_new();
  GError *local = NULL;
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &local)) {
    g_set_error(error, TM_ERROR, local->domain == G_FILE_ERROR ? TM_ERROR_IO : TM_ERROR_FORMAT,
                "%s: %s", path, local->message);
    g_error_free(local);
    g_key_file_free(kf);
    return FALSE;
  }
  gsize n = 0;
  char **groups = g_key_file_get_groups(kf, &n);
  gboolean ok = TRUE;
  for (gsize i = 0; ok && i < n; i++) {
    char *extent = g_key_file_get_string(kf, groups[i], "extent", NULL);
    if (!extent) {
      g_set_error(error, TM_ERROR, TM_ERROR_FORMAT,
                  "%s: [%s] has no extent= (expected region:CODE, departement:CODE, "
                  "category:VALUE or bbox:...)",
                  path, groups[i]);
      ok = FALSE;
      break;
    }
    char *name = g_key_file_get_string(kf, groups[i], "name", NULL);
    tm_batch_item_t *item = tm_batch_item_new("map", groups[i], name, extent);
    item->title = g_key_file_get_string(kf, groups[i], "title", NULL);
    item->subtitle = g_key_file_get_string(kf, groups[i], "subtitle", NULL);
    item->base = g_key_file_get_string(kf, groups[i], "file", NULL);
    g_ptr_array_add(items, item);
    g_free(name);
    g_free(extent);
  }
  g_strfreev(groups);
  g_key_file_free(kf);
  return ok;
}

/* Titles and file names from the templates; two maps may not share a file. */
static gboolean tm_batch_finish_items(const tm_render_run_t *r, const tm_batch_args_t *a,
                                      GPtrArray *items, GError **error)
{
  const tm_style_t *st = r->style;
  char *default_title = tm_item_title_template(st);
  GHashTable *bases = g_hash_table_new(g_str_hash, g_str_equal);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < items->len; i++) {
    tm_batch_item_t *item = g_ptr_array_index(items, i);
    if (!item->title)
      item->title = tm_batch_expand(a->title_template ? a->title_template : default_title, item);
    const char *sub = a->subtitle_template ? a->subtitle_template
                      : st->batch_subtitle  ? st->batch_subtitle
                                            : st->subtitle;
    if (!item->subtitle && sub)
      item->subtitle = tm_batch_expand(sub, item);
    char *base = item->base ? g_strdup(item->base)
                            : tm_batch_expand(a->name_template  ? a->name_template
                                              : st->batch_name ? st->batch_name
                                                               : "{kind}-{code}",
                                              item);
    g_free(item->base);
    item->base = tm_batch_safe_name(base);
    g_free(base);
    if (!g_hash_table_add(bases, item->base)) {
      g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                  "two maps would be written to %s.*: make the --name template unique "
                  "(e.g. include {code})",
                  item->base);
      ok = FALSE;
    }
    item->in_shard = i % a->shard_n == a->shard_k;
  }
  g_hash_table_destroy(bases);
  g_free(default_title);
  return ok;
}

GPtrArray *tm_batch_items_new(const tm_render_run_t *r, const tm_batch_args_t *a, GError **error)
{
  GPtrArray *items = g_ptr_array_new_with_free_func((GDestroyNotify)tm_batch_item_free);
  gboolean ok;
  if (a->manifest) {
    char *path = tm_cli_resolve(a->manifest, NULL);
    ok = tm_batch_manifest_items(path, items, error);
    g_free(path);
  } else if (!strcmp(a->each, "category")) {
    ok = tm_batch_category_items(r, items, error);
  } else {
    ok = tm_batch_admin_items(r, a->each, items, error);
  }
  if (ok && items->len == 0) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT, "no map to render");
    ok = FALSE;
  }
  if (!ok || !tm_batch_finish_items(r, a, items, error)) {
    g_ptr_array_free(items, TRUE);
    return NULL;
  }
  return items;
}

char *tm_batch_item_path(const tm_batch_args_t *a, const tm_batch_item_t *item, const char *ext)
{
  char *file = g_strdup_printf("%s.%s", item->base, ext);
  char *path = strcmp(ext, "thumb.png") == 0
                   ? g_build_filename(a->out_dir, "thumbs", file, NULL)
                   : g_build_filename(a->out_dir, file, NULL);
  g_free(file);
  return path;
}
