/* What a map of one extent is called: the names of régions and
 * départements, and the title and subtitle templates ({kind}, {code},
 * {name}) that batch expands for each of its maps and render for its one
 * map when --extent is not the style's own. */
#include <string.h>
#include "render.h"

char *tm_item_expand(const char *template, const char *kind, const char *code, const char *name)
{
  GString *s = g_string_new(template);
  const struct {
    const char *key, *value;
  } vars[] = {{"{kind}", kind}, {"{code}", code}, {"{name}", name}};
  for (guint i = 0; i < G_N_ELEMENTS(vars); i++)
    g_string_replace(s, vars[i].key, vars[i].value ? vars[i].value : "", 0);
  return g_string_free(s, FALSE);
}

/* code -> name from a layer's two fields. */
static GHashTable *tm_layer_names(const tm_layer_t *layer, const char *key, const char *name)
{
  GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  gint k = layer ? tm_layer_find_field(layer, key ? key : "") : -1;
  gint n = layer ? tm_layer_find_field(layer, name ? name : "") : -1;
  for (guint f = 0; k >= 0 && n >= 0 && f < layer->n_features; f++) {
    const char *code = tm_layer_get_value(layer, f, (guint)k);
    const char *text = tm_layer_get_value(layer, f, (guint)n);
    if (code && text && !g_hash_table_contains(names, code))
      g_hash_table_insert(names, g_strdup(code), g_strdup(text));
  }
  return names;
}

GHashTable *tm_extent_names(const tm_render_run_t *r, gboolean region)
{
  const tm_style_t *st = r->style;
  const char *key = region ? st->extent_region_key : st->extent_departement_key;
  /* Départements are named by the extent layer itself; régions, which it
   * only codes, by a layer of their own. */
  tm_layer_t *regions = NULL;
  if (region && st->extent_regions_layer) {
    char *path = tm_cli_resolve(st->extent_regions_layer, r->data_dir);
    GError *local = NULL;
    tm_context_t *ctx = tm_context_new();
    regions = tm_layer_read(ctx, path, NULL, &local);
    if (!regions) /* names are a nicety: codes will do */
      g_printerr("terrimap: warning: région names: %s\n", local->message);
    g_clear_error(&local);
    tm_context_free(ctx);
    g_free(path);
  }
  GHashTable *names =
      tm_layer_names(region ? regions : r->extent_layer, key, st->extent_name_field);
  tm_layer_free(regions);
  return names;
}

char *tm_item_title_template(const tm_style_t *st)
{
  if (st->batch_title)
    return g_strdup(st->batch_title);
  if (st->title && strstr(st->title, "{name}"))
    return g_strdup(st->title);
  if (st->title && *st->title)
    return g_strdup_printf("%s — {name}", st->title);
  return g_strdup("{name}");
}

/* "region:84" -> kind "region", code "84", name from the layers; a
 * category's name is its class label.  FALSE for a box, which has none. */
static gboolean tm_item_name_extent(const tm_render_run_t *r, tm_render_item_t *item)
{
  const char *colon = item->extent ? strchr(item->extent, ':') : NULL;
  if (!colon)
    return FALSE;
  item->kind = g_strndup(item->extent, (gsize)(colon - item->extent));
  item->code = g_strdup(colon + 1);
  const char *name = NULL;
  GHashTable *names = NULL;
  if (!strcmp(item->kind, "region") || !strcmp(item->kind, "departement")) {
    names = tm_extent_names(r, !strcmp(item->kind, "region"));
    name = g_hash_table_lookup(names, item->code);
  } else if (!strcmp(item->kind, "category")) {
    for (guint c = 0; !name && c < r->sym->n_classes; c++)
      if (r->sym->classes[c].value && !strcmp(r->sym->classes[c].value, item->code))
        name = r->sym->classes[c].label;
  } else {
    return FALSE;
  }
  item->name = g_strdup(name && *name ? name : item->code);
  if (names)
    g_hash_table_destroy(names);
  return TRUE;
}

void tm_render_item_name(const tm_render_run_t *r, tm_render_item_t *item,
                         const char *style_extent, const char *title, const char *subtitle)
{
  const tm_style_t *st = r->style;
  gboolean own = g_strcmp0(item->extent, style_extent) == 0;
  gboolean templated = (st->title && strstr(st->title, "{")) ||
                       (st->subtitle && strstr(st->subtitle, "{"));
  /* The style's own title names its own extent ("… en Île-de-France"):
   * another extent gets the title batch would give it. */
  if ((own && !templated) || !tm_item_name_extent(r, item))
    return;
  /* Given on the command line, title and subtitle are st's already. */
  char *title_template = title || own ? g_strdup(st->title) : tm_item_title_template(st);
  const char *sub = subtitle || own || !st->batch_subtitle ? st->subtitle : st->batch_subtitle;
  if (title_template)
    item->title = tm_item_expand(title_template, item->kind, item->code, item->name);
  if (sub)
    item->subtitle = tm_item_expand(sub, item->kind, item->code, item->name);
  g_free(title_template);
}
