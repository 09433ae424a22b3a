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
static const char *const data_keys[] = {"layer", "key", "join", "join_key", "category",
                                        "encoding", "src_crs", NULL};
static const char *const membership_keys[] = {"member_fill", "member_label", "other_fill",
                                              "other_label", NULL};
static const char *const categories_keys[] = {"palette", "no_data_fill", "no_data_label", NULL};
static const char *const features_keys[] = {"stroke", "stroke_width", NULL};
static const char *const insets_keys[] = {"frame_color", "frame_width", "note", NULL};
static const char *const scalebar_keys[] = {"show", NULL};
static const char *const legend_keys[] = {"counts", NULL};
static const char *const frame_keys[] = {"title", "crs", "select", "inset", NULL};

static const tm_style_group_t known_groups[] = {
    {"page", page_keys},         {"text", text_keys},
    {"data", data_keys},         {"membership", membership_keys},
    {"categories", categories_keys}, {"features", features_keys},
    {"insets", insets_keys},     {"scalebar", scalebar_keys},
    {"legend", legend_keys},
};

gboolean tm_style_group_is_frame(const char *group, const char **name)
{
  if (!g_str_has_prefix(group, "frame "))
    return FALSE;
  const char *n = group + strlen("frame ");
  while (*n == ' ')
    n++;
  if (*n == '\0')
    return FALSE;
  if (name != NULL)
    *name = n;
  return TRUE;
}

static const char *const *group_keys(const char *group)
{
  if (tm_style_group_is_frame(group, NULL))
    return frame_keys;
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
  g_string_append(s, ", [frame NAME]");
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
