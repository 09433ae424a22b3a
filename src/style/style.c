/* tm_style_load: the built-in defaults, the user's file applied over them,
 * then every value checked and converted into tm_style_t. */
#include <string.h>

#include "style_private.h"
#include "terrimap/limits.h"

static const char *const tm_legend_positions[] = {
    "auto", "top-left", "top-right", "bottom-left", "bottom-right", NULL};

/* A style is a few kilobytes; anything much larger is not a style. */
#define TM_STYLE_MAX_BYTES (1024 * 1024)

static gboolean read_user_text(const char *path, char **text, GError **error)
{
  gsize len = 0;
  GError *local = NULL;
  if (!g_file_get_contents(path, text, &len, &local)) {
    g_set_error(error, TM_ERROR, TM_ERROR_IO, "%s: cannot read style: %s", path,
                local->message);
    g_clear_error(&local);
    return FALSE;
  }
  const char *bad = NULL;
  const char *problem = NULL;
  if (len > TM_STYLE_MAX_BYTES)
    problem = "file larger than 1 MiB (expected a style of a few kilobytes)";
  else if (strlen(*text) != len)
    problem = "NUL byte (expected UTF-8 text)";
  else if (!g_utf8_validate(*text, (gssize)len, &bad))
    problem = "invalid UTF-8 (expected UTF-8 text)";
  if (problem != NULL) {
    guint line = 1;
    const char *stop = bad ? bad : *text + strlen(*text);
    for (const char *p = *text; p < stop; p++)
      line += *p == '\n';
    if (len > TM_STYLE_MAX_BYTES)
      g_set_error(error, TM_ERROR, TM_ERROR_LIMIT, "%s: %s", path, problem);
    else
      g_set_error(error, TM_ERROR, TM_ERROR_STYLE, "%s:%u: %s", path, line, problem);
    g_clear_pointer(text, g_free);
    return FALSE;
  }
  return TRUE;
}

static void remove_frames(GKeyFile *kf)
{
  char **groups = g_key_file_get_groups(kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    if (tm_style_group_is_frame(groups[i], NULL))
      g_key_file_remove_group(kf, groups[i], NULL);
  g_strfreev(groups);
}

/* Copies every key of user into merged; a user with frames of its own loses
 * the default frames first (they replace, not extend). */
static void merge_user(GKeyFile *merged, GKeyFile *user)
{
  char **groups = g_key_file_get_groups(user, NULL);
  gboolean user_frames = FALSE;
  for (guint i = 0; groups[i] != NULL; i++)
    user_frames = user_frames || tm_style_group_is_frame(groups[i], NULL);
  if (user_frames)
    remove_frames(merged);
  for (guint i = 0; groups[i] != NULL; i++) {
    char **keys = g_key_file_get_keys(user, groups[i], NULL, NULL);
    for (guint k = 0; keys != NULL && keys[k] != NULL; k++) {
      char *value = g_key_file_get_value(user, groups[i], keys[k], NULL);
      g_key_file_set_value(merged, groups[i], keys[k], value);
      g_free(value);
    }
    g_strfreev(keys);
  }
  g_strfreev(groups);
}

/* A page side in pixels, within the image cap.  The cap is the operator's
 * (--max-image-side), not the style's: a style from elsewhere cannot raise
 * it, so a side above it says how the operator can. */
static gboolean read_page_side(const tm_style_reader_t *r, const char *key, int *out,
                               GError **error)
{
  int max_side = (int)tm_limits_get()->max_image_side;
  if (!tm_style_read_int(r, "page", key, 0, TM_LIMITS_IMAGE_SIDE_CEILING, out, error))
    return FALSE;
  if (*out <= max_side)
    return TRUE;
  tm_style_reader_fail(r, error, "page", key, "%d is above the image cap of %d pixels (%s)", *out,
                       max_side, tm_limit_get_hint(TM_LIMIT_IMAGE_SIDE));
  return FALSE;
}

static gboolean read_page(const tm_style_reader_t *r, tm_style_t *s, GError **error)
{
  return tm_style_read_paper(r, "page", "paper", &s->paper, error) &&
         tm_style_read_bool(r, "page", "landscape", FALSE, &s->landscape, error) &&
         tm_style_read_double(r, "page", "dpi", 10, 2400, &s->dpi, error) &&
         read_page_side(r, "width_px", &s->width_px, error) &&
         read_page_side(r, "height_px", &s->height_px, error) &&
         tm_style_read_double(r, "page", "margin_mm", 0, 200, &s->margin_mm, error) &&
         tm_style_read_color(r, "page", "background", &s->background, error);
}

static gboolean read_data(const tm_style_reader_t *r, tm_style_t *s, GError **error)
{
  return tm_style_read_string(r, "data", "layer", FALSE, &s->layer, error) &&
         tm_style_read_string(r, "data", "key", FALSE, &s->key, error) &&
         tm_style_read_string(r, "data", "join", TRUE, &s->join, error) &&
         tm_style_read_string(r, "data", "join_key", TRUE, &s->join_key, error) &&
         tm_style_read_string(r, "data", "category", TRUE, &s->category, error) &&
         tm_style_read_string(r, "data", "category_label", TRUE, &s->category_label, error) &&
         tm_style_read_string(r, "data", "nature", TRUE, &s->nature_column, error) &&
         tm_style_read_string(r, "data", "encoding", TRUE, &s->encoding, error) &&
         tm_style_read_string(r, "data", "src_crs", TRUE, &s->src_crs, error) &&
         tm_style_read_string(r, "data", "value", TRUE, &s->value, error) &&
         tm_style_read_string(r, "data", "compare", TRUE, &s->compare, error) &&
         tm_style_read_string(r, "data", "compare_key", TRUE, &s->compare_key, error) &&
         tm_style_read_string(r, "data", "labels", TRUE, &s->labels, error);
}

static gboolean read_symbols(const tm_style_reader_t *r, tm_style_t *s, GError **error)
{
  return tm_style_read_color(r, "membership", "member_fill", &s->member_fill, error) &&
         tm_style_read_string(r, "membership", "member_label", FALSE, &s->member_label,
                              error) &&
         tm_style_read_color(r, "membership", "other_fill", &s->other_fill, error) &&
         tm_style_read_string(r, "membership", "other_label", FALSE, &s->other_label, error) &&
         tm_style_read_palette(r, "categories", "palette", &s->palette, &s->n_palette, error) &&
         tm_style_read_color(r, "categories", "no_data_fill", &s->no_data_fill, error) &&
         tm_style_read_string(r, "categories", "no_data_label", FALSE, &s->no_data_label,
                              error) &&
         tm_style_read_color(r, "features", "stroke", &s->stroke, error) &&
         tm_style_read_double(r, "features", "stroke_width", 0, 50, &s->stroke_width_pt,
                              error) &&
         tm_style_read_color(r, "insets", "frame_color", &s->inset_frame_color, error) &&
         tm_style_read_double(r, "insets", "frame_width", 0, 50, &s->inset_frame_width_pt,
                              error) &&
         tm_style_read_string(r, "insets", "note", TRUE, &s->inset_note, error) &&
         tm_style_read_bool(r, "scalebar", "show", TRUE, &s->scalebar, error) &&
         tm_style_read_bool(r, "legend", "counts", TRUE, &s->legend_counts, error) &&
         tm_style_read_choice(r, "legend", "position", tm_legend_positions,
                              (int *)&s->legend_position, error) &&
         tm_style_read_string(r, "batch", "title", TRUE, &s->batch_title, error) &&
         tm_style_read_string(r, "batch", "subtitle", TRUE, &s->batch_subtitle, error) &&
         tm_style_read_string(r, "batch", "name", TRUE, &s->batch_name, error);
}

static GKeyFile *load_defaults(void)
{
  GKeyFile *kf = g_key_file_new();
  GError *local = NULL;
  /* The defaults are compiled in and tested: failing here is a build bug. */
  if (!g_key_file_load_from_data(kf, tm_default_style_text, (gsize)-1, G_KEY_FILE_NONE,
                                 &local))
    g_error("built-in style: %s", local->message);
  return kf;
}

tm_style_t *tm_style_load(const char *path, GError **error)
{
  tm_style_reader_t r = {.merged = load_defaults(), .path = path};
  char *text = NULL;
  tm_style_t *style = g_new0(tm_style_t, 1);
  style->path = g_strdup(path);
  gboolean ok = TRUE;
  if (path != NULL) {
    ok = read_user_text(path, &text, error);
    if (ok) {
      GError *local = NULL;
      r.user = g_key_file_new();
      r.text = text;
      ok = g_key_file_load_from_data(r.user, text, (gsize)-1, G_KEY_FILE_NONE, &local);
      if (!ok) {
        guint line = tm_style_find_syntax_line(text);
        if (line > 0)
          g_set_error(error, TM_ERROR, TM_ERROR_STYLE, "%s:%u: %s", path, line, local->message);
        else
          g_set_error(error, TM_ERROR, TM_ERROR_STYLE, "%s: %s", path, local->message);
        g_clear_error(&local);
      }
    }
    ok = ok && tm_style_check_schema(&r, error);
    if (ok)
      merge_user(r.merged, r.user);
  }
  ok = ok && read_page(&r, style, error) && tm_style_read_text(&r, style, error) &&
       read_data(&r, style, error) && tm_style_read_extent(&r, style, error) &&
       tm_style_read_classes(&r, style, error) && read_symbols(&r, style, error) &&
       tm_style_read_map(&r, style, error) && tm_style_read_frames(&r, style, error) &&
       tm_style_read_overlays(&r, style, error);
  if (r.user != NULL)
    g_key_file_free(r.user);
  g_key_file_free(r.merged);
  g_free(text);
  if (!ok) {
    tm_style_free(style);
    return NULL;
  }
  return style;
}

static void text_style_clear(tm_text_style_t *t)
{
  g_free(t->family);
  t->family = NULL;
}

void tm_style_free(tm_style_t *s)
{
  if (s == NULL)
    return;
  g_free(s->path);
  g_free(s->paper);
  g_free(s->title);
  g_free(s->subtitle);
  g_free(s->credits);
  g_free(s->legend_title);
  text_style_clear(&s->title_text);
  text_style_clear(&s->subtitle_text);
  text_style_clear(&s->legend_title_text);
  text_style_clear(&s->legend_text);
  text_style_clear(&s->credits_text);
  text_style_clear(&s->inset_title_text);
  text_style_clear(&s->scalebar_text);
  text_style_clear(&s->label_text);
  g_free(s->layer);
  g_free(s->key);
  g_free(s->join);
  g_free(s->join_key);
  g_free(s->category);
  g_free(s->category_label);
  g_free(s->nature_column);
  g_free(s->encoding);
  g_free(s->src_crs);
  g_free(s->value);
  g_free(s->compare);
  g_free(s->compare_key);
  g_free(s->labels);
  g_free(s->extent);
  g_free(s->classes);
  g_free(s->scheme);
  g_free(s->kept_label);
  g_free(s->entering_label);
  g_free(s->leaving_label);
  g_free(s->never_label);
  g_free(s->extent_layer);
  g_free(s->extent_departement_key);
  g_free(s->extent_region_key);
  g_free(s->extent_name_field);
  g_free(s->batch_title);
  g_free(s->batch_subtitle);
  g_free(s->batch_name);
  g_free(s->extent_regions_layer);
  g_free(s->member_label);
  g_free(s->other_label);
  g_free(s->palette);
  g_free(s->no_data_label);
  g_free(s->inset_note);
  for (guint i = 0; i < s->n_frames; i++)
    tm_frame_spec_clear(&s->frames[i]);
  g_free(s->frames);
  for (guint i = 0; i < s->n_overlays; i++)
    tm_overlay_spec_clear(&s->overlays[i]);
  g_free(s->overlays);
  g_free(s);
}

void tm_style_set_string(char **field, const char *value)
{
  g_return_if_fail(field != NULL);
  char *copy = g_strdup(value);
  g_free(*field);
  *field = copy;
}
