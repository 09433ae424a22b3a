/* [overlay NAME] groups: extra layers (département and région outlines)
 * stroked over the map in file order.  Unlike frames, a style's overlays
 * add to those of the defaults: a regional style that outlines its
 * départements should not lose an outline every map wants. */
#include <string.h>

#include "style_private.h"

/* A stroke wider than this is a typo, not a boundary. */
#define TM_OVERLAY_MAX_WIDTH_PT 50.0
#define TM_OVERLAY_DEFAULT_WIDTH_PT 1.0

void tm_overlay_spec_clear(tm_overlay_spec_t *overlay)
{
  g_free(overlay->name);
  g_free(overlay->layer);
  g_free(overlay->key);
  memset(overlay, 0, sizeof *overlay);
}

static gboolean read_overlay(const tm_style_reader_t *r, const char *group, const char *name,
                             tm_overlay_spec_t *o, GError **error)
{
  o->name = g_strdup(name);
  o->stroke = (tm_rgba_t){1, 1, 1, 1};
  o->stroke_width_pt = TM_OVERLAY_DEFAULT_WIDTH_PT;
  o->fill = (tm_rgba_t){0, 0, 0, 0};
  if (!g_key_file_has_key(r->merged, group, "layer", NULL)) {
    tm_style_reader_fail(r, error, group, "layer",
                         "missing (expected layer=SHAPEFILE, relative to the data directory)");
    return FALSE;
  }
  if (!tm_style_read_string(r, group, "layer", FALSE, &o->layer, error))
    return FALSE;
  if (*o->layer == '\0') {
    tm_style_reader_fail(r, error, group, "layer",
                         "empty (expected a shapefile, relative to the data directory)");
    return FALSE;
  }
  return tm_style_read_string(r, group, "key", TRUE, &o->key, error) &&
         (!g_key_file_has_key(r->merged, group, "stroke", NULL) ||
          tm_style_read_color(r, group, "stroke", &o->stroke, error)) &&
         (!g_key_file_has_key(r->merged, group, "width", NULL) ||
          tm_style_read_double(r, group, "width", 0, TM_OVERLAY_MAX_WIDTH_PT,
                               &o->stroke_width_pt, error)) &&
         (!g_key_file_has_key(r->merged, group, "fill", NULL) ||
          tm_style_read_color(r, group, "fill", &o->fill, error));
}

static void free_overlays(GArray *overlays)
{
  for (guint i = 0; i < overlays->len; i++)
    tm_overlay_spec_clear(&g_array_index(overlays, tm_overlay_spec_t, i));
  g_array_free(overlays, TRUE);
}

gboolean tm_style_read_overlays(const tm_style_reader_t *r, tm_style_t *style, GError **error)
{
  /* An empty user group never reaches the merged file (merging copies
   * keys): name it here, or a typo'd [overlay x] with its keys lost would
   * be dropped without a word. */
  if (r->user != NULL) {
    char **user_groups = g_key_file_get_groups(r->user, NULL);
    for (guint i = 0; user_groups[i] != NULL; i++) {
      if (tm_style_group_is_overlay(user_groups[i], NULL) &&
          !g_key_file_has_group(r->merged, user_groups[i])) {
        tm_style_reader_fail(r, error, user_groups[i], "layer",
                             "missing (expected layer=SHAPEFILE, relative to the data "
                             "directory)");
        g_strfreev(user_groups);
        return FALSE;
      }
    }
    g_strfreev(user_groups);
  }
  char **groups = g_key_file_get_groups(r->merged, NULL);
  GArray *overlays = g_array_new(FALSE, TRUE, sizeof(tm_overlay_spec_t));
  gboolean ok = TRUE;
  for (guint i = 0; ok && groups[i] != NULL; i++) {
    const char *name = NULL;
    if (!tm_style_group_is_overlay(groups[i], &name))
      continue;
    tm_overlay_spec_t o = {0};
    ok = read_overlay(r, groups[i], name, &o, error);
    if (ok)
      g_array_append_val(overlays, o);
    else
      tm_overlay_spec_clear(&o);
  }
  g_strfreev(groups);
  if (!ok) {
    free_overlays(overlays);
    return FALSE;
  }
  style->n_overlays = overlays->len;
  style->overlays = (tm_overlay_spec_t *)g_array_free(overlays, FALSE);
  return TRUE;
}

void tm_style_add_overlay(tm_style_t *style, const tm_overlay_spec_t *overlay)
{
  g_return_if_fail(style != NULL && overlay != NULL);
  g_return_if_fail(style->n_overlays < G_MAXUINT);
  style->overlays = g_renew(tm_overlay_spec_t, style->overlays, (gsize)style->n_overlays + 1);
  tm_overlay_spec_t *o = &style->overlays[style->n_overlays++];
  *o = *overlay;
  o->name = g_strdup(overlay->name);
  o->layer = g_strdup(overlay->layer);
  o->key = g_strdup(overlay->key);
}
