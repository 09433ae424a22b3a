/* [frame NAME] groups: which features each map frame shows and in which CRS.
 * A user style that names any frame replaces the default frames entirely:
 * a style for another country, or for the mainland alone, must not inherit
 * the French overseas insets. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "style_private.h"

void tm_frame_spec_clear(tm_frame_spec_t *frame)
{
  g_free(frame->name);
  g_free(frame->title);
  g_free(frame->crs);
  memset(frame, 0, sizeof *frame);
}

static gboolean parse_select(const char *text, double v[4])
{
  char **parts = g_strsplit(text, ",", -1);
  gboolean ok = g_strv_length(parts) == 4;
  for (guint i = 0; ok && i < 4; i++) {
    ok = tm_parse_double(g_strstrip(parts[i]), &v[i]);
  }
  g_strfreev(parts);
  return ok;
}

static gboolean read_select(const tm_style_reader_t *r, const char *group, tm_extent_t *out,
                            GError **error)
{
  char *text = NULL;
  if (!tm_style_read_string(r, group, "select", FALSE, &text, error))
    return FALSE;
  double v[4];
  gboolean ok = FALSE;
  if (!parse_select(text, v))
    tm_style_reader_fail(r, error, group, "select",
                         "'%s' is not a box (expected lon0,lat0,lon1,lat1 in degrees)", text);
  else if (!(v[0] < v[2] && v[1] < v[3]))
    tm_style_reader_fail(r, error, group, "select",
                         "'%s' is an empty box (expected lon0 < lon1 and lat0 < lat1)", text);
  else if (v[0] < -360 || v[2] > 360 || v[1] < -90 || v[3] > 90)
    tm_style_reader_fail(r, error, group, "select",
                         "'%s' is outside the globe (expected longitudes -360 to 360, "
                         "latitudes -90 to 90)",
                         text);
  else {
    *out = (tm_extent_t){v[0], v[1], v[2], v[3]};
    ok = TRUE;
  }
  g_free(text);
  return ok;
}

static gboolean read_frame(const tm_style_reader_t *r, const char *group, const char *name,
                           tm_frame_spec_t *frame, GError **error)
{
  frame->name = g_strdup(name);
  if (!tm_style_read_string(r, group, "title", TRUE, &frame->title, error) ||
      !tm_style_read_string(r, group, "crs", FALSE, &frame->crs, error) ||
      !read_select(r, group, &frame->select, error) ||
      !tm_style_read_bool(r, group, "inset", FALSE, &frame->inset, error))
    return FALSE;
  if (frame->title == NULL)
    frame->title = g_strdup(name);
  if (*frame->crs == '\0') {
    tm_style_reader_fail(r, error, group, "crs", "empty (expected a CRS such as EPSG:2154)");
    return FALSE;
  }
  return TRUE;
}

static gboolean has_frames(GKeyFile *kf)
{
  char **groups = g_key_file_get_groups(kf, NULL);
  gboolean found = FALSE;
  for (guint i = 0; !found && groups[i] != NULL; i++)
    found = tm_style_group_is_frame(groups[i], NULL);
  g_strfreev(groups);
  return found;
}

gboolean tm_style_read_frames(const tm_style_reader_t *r, tm_style_t *style, GError **error)
{
  /* Values come from the merged file (which holds only one set of frames,
   * see tm_style_load); the names come from the file that defines them, so
   * that an empty user [frame x] is reported rather than dropped. */
  GKeyFile *source = (r->user != NULL && has_frames(r->user)) ? r->user : r->merged;
  char **groups = g_key_file_get_groups(source, NULL);
  GArray *frames = g_array_new(FALSE, TRUE, sizeof(tm_frame_spec_t));
  gboolean ok = TRUE, has_main = FALSE;
  for (guint i = 0; ok && groups[i] != NULL; i++) {
    const char *name = NULL;
    if (!tm_style_group_is_frame(groups[i], &name))
      continue;
    tm_frame_spec_t frame = {0};
    ok = read_frame(r, groups[i], name, &frame, error);
    if (ok) {
      has_main = has_main || !frame.inset;
      g_array_append_val(frames, frame);
    } else {
      tm_frame_spec_clear(&frame);
    }
  }
  g_strfreev(groups);
  if (ok && !has_main) {
    g_set_error(error, TM_ERROR, TM_ERROR_STYLE,
                "%s: no main frame (expected a [frame NAME] group without inset=true)",
                r->path ? r->path : "built-in style");
    ok = FALSE;
  }
  if (!ok) {
    for (guint i = 0; i < frames->len; i++)
      tm_frame_spec_clear(&g_array_index(frames, tm_frame_spec_t, i));
    g_array_free(frames, TRUE);
    return FALSE;
  }
  style->n_frames = frames->len;
  style->frames = (tm_frame_spec_t *)g_array_free(frames, FALSE);
  return TRUE;
}
