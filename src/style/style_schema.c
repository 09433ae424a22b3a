/* The groups and keys a style may hold.  A typo ("tilte=") silently ignored
 * would leave the user wondering why the map did not change, so anything
 * unknown is an error that lists what is known. */
#include <string.h>

#include "style_private.h"

typedef struct {
  const char *group;
  const char *const *keys; /* NULL-terminated */
} tm_style_group_t;

static const char *const page_keys[] = {"paper", "landscape", "dpi", "width_px", "height_px",
                                        "margin_mm", "background", NULL};
static const char *const text_keys[] = {
    "title", "subtitle", "credits", "legend_title", "font", "title_size", "title_color",
    "subtitle_size", "subtitle_color", "legend_title_size", "legend_size", "legend_color",
    "credits_size", "credits_color", "inset_title_size", "scalebar_size", NULL};
static const char *const data_keys[] = {
    "layer", "key",     "join",        "join_key", "category", "category_label", "nature", "encoding",
    "src_crs", "value", "compare", "compare_key", "labels", "extent", NULL};
static const char *const classes_keys[] = {"method", "count", "scheme", "french_numbers",
                                           "decimals", NULL};
static const char *const compare_keys[] = {
    "kept_fill",    "kept_label",    "entering_fill", "entering_label",
    "leaving_fill", "leaving_label", "never_fill",    "never_label", NULL};
static const char *const membership_keys[] = {"member_fill", "member_label", "other_fill",
                                              "other_label", NULL};
static const char *const categories_keys[] = {"palette", "no_data_fill", "no_data_label",
                                              "colouring", NULL};
static const char *const territories_keys[] = {"outlines", "outline_color", "outline_width",
                                               NULL};
static const char *const labels_keys[] = {"size",       "color",      "bold",
                                          "halo_color", "halo_width", "max_lines", "level", NULL};
static const char *const context_keys[] = {"fill", "stroke", NULL};
static const char *const extent_keys[] = {"layer", "departement_key", "region_key", "name",
                                          "regions", NULL};
static const char *const features_keys[] = {"stroke", "stroke_width", NULL};
static const char *const insets_keys[] = {"frame_color", "frame_width", "note", "shape", NULL};
static const char *const scalebar_keys[] = {"show", NULL};
static const char *const northarrow_keys[] = {"show", NULL};
static const char *const legend_keys[] = {"counts", "position", NULL};
static const char *const batch_keys[] = {"title", "subtitle", "name", NULL};
static const char *const frame_keys[] = {"title", "crs", "select", "inset", NULL};
static const char *const overlay_keys[] = {"layer", "key", "stroke", "width", "fill", NULL};

static const tm_style_group_t known_groups[] = {
    {"page", page_keys},
    {"text", text_keys},
    {"data", data_keys},
    {"classes", classes_keys},
    {"compare", compare_keys},
    {"membership", membership_keys},
    {"categories", categories_keys},
    {"territories", territories_keys},
    {"labels", labels_keys},
    {"context", context_keys},
    {"extent", extent_keys},
    {"features", features_keys},
    {"insets", insets_keys},
    {"scalebar", scalebar_keys},
    {"northarrow", northarrow_keys},
    {"legend", legend_keys},
    {"batch", batch_keys},
};

/* "PREFIX NAME" with a non-empty NAME. */
static gboolean group_is_named(const char *group, const char *prefix, const char **name)
{
  if (!g_str_has_prefix(group, prefix) || group[strlen(prefix)] != ' ')
    return FALSE;
  const char *n = group + strlen(prefix);
  while (*n == ' ')
    n++;
  if (*n == '\0')
    return FALSE;
  if (name != NULL)
    *name = n;
  return TRUE;
}

gboolean tm_style_group_is_frame(const char *group, const char **name)
{
  return group_is_named(group, "frame", name);
}

gboolean tm_style_group_is_overlay(const char *group, const char **name)
{
  return group_is_named(group, "overlay", name);
}

static const char *const *group_keys(const char *group)
{
  if (tm_style_group_is_frame(group, NULL))
    return frame_keys;
  if (tm_style_group_is_overlay(group, NULL))
    return overlay_keys;
  for (gsize i = 0; i < G_N_ELEMENTS(known_groups); i++)
    if (strcmp(known_groups[i].group, group) == 0)
      return known_groups[i].keys;
  return NULL;
}

static char *join_known_groups(void)
{
  GString *s = g_string_new(NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(known_groups); i++)
    g_string_append_printf(s, "%s[%s]", i ? ", " : "", known_groups[i].group);
  g_string_append(s, ", [frame NAME], [overlay NAME]");
  return g_string_free(s, FALSE);
}

static gboolean check_group(const tm_style_reader_t *r, const char *group, GError **error)
{
  const char *const *keys = group_keys(group);
  if (keys == NULL) {
    char *known = join_known_groups();
    char *where = tm_style_reader_where(r, group, NULL);
    g_set_error(error, TM_ERROR, TM_ERROR_STYLE, "%s: unknown group [%s] (known: %s)", where,
                group, known);
    g_free(where);
    g_free(known);
    return FALSE;
  }
  gsize n_keys = 0;
  char **user_keys = g_key_file_get_keys(r->user, group, &n_keys, NULL);
  gboolean ok = TRUE;
  for (gsize k = 0; ok && k < n_keys; k++) {
    if (g_strv_contains(keys, user_keys[k]))
      continue;
    char *known = g_strjoinv(", ", (char **)keys);
    char *where = tm_style_reader_where(r, group, user_keys[k]);
    g_set_error(error, TM_ERROR, TM_ERROR_STYLE, "%s: unknown key '%s' in [%s] (known: %s)",
                where, user_keys[k], group, known);
    g_free(where);
    g_free(known);
    ok = FALSE;
  }
  g_strfreev(user_keys);
  return ok;
}

gboolean tm_style_check_schema(const tm_style_reader_t *r, GError **error)
{
  if (r->user == NULL)
    return TRUE;
  gsize n_groups = 0;
  char **groups = g_key_file_get_groups(r->user, &n_groups);
  gboolean ok = TRUE;
  for (gsize i = 0; ok && i < n_groups; i++)
    ok = check_group(r, groups[i], error);
  g_strfreev(groups);
  return ok;
}
