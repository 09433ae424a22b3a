/* Labels: one per territory on a categorical map (at the pole of
 * inaccessibility of its largest part), else one per feature when a label
 * column is given; placed without overlap against each other and against
 * everything already on the page. */
#include <string.h>
#include "labels.h"
#include "layout_private.h"
#include "terrimap/limits.h"

/* Label requests of one frame, in page pixels. */
static GArray *tm_page_label_requests(tm_page_t *pg, const tm_frame_t *frame,
                                      const tm_placed_frame_t *placed)
{
  const tm_layout_input_t *in = pg->in;
  GArray *req = g_array_new(FALSE, FALSE, sizeof(tm_label_request_t));
  const double *t = placed->transform;
  const tm_frame_t *source = NULL;
  gboolean *classes_on = NULL;
  if (in->territories && in->class_labels) {
    source = tm_projection_get_frame(in->territories, frame->name);
    classes_on = tm_page_focused_classes(in);
  } else if (in->feature_labels) {
    source = frame;
  }
  for (guint i = 0; source && i < source->n_features; i++) {
    guint id = source->features[i];
    const char *text;
    const char *value;
    if (classes_on) {
      if (!classes_on[id])
        continue;
      text = in->class_labels[id];
      value = in->symbology->classes[id].value;
    } else {
      if (in->focus && !in->focus->in_focus[id])
        continue;
      text = in->feature_labels[id];
      value = in->key_field >= 0 ? tm_layer_get_value(in->layer, id, (guint)in->key_field) : NULL;
    }
    double x, y, r;
    if (!text || !*text || !tm_geom_label_anchor(pg->ctx, source->geom, i, 0, &x, &y, &r))
      continue;
    tm_label_request_t q = {text, value, t[0] * x + t[1] * y + t[2], t[3] * x + t[4] * y + t[5],
                            r * t[0], r};
    g_array_append_val(req, q);
  }
  g_free(classes_on);
  return req;
}

/* Keeps at most budget labels of the set (drawn ones included), counting
 * the others as dropped.  Placement is greedy in priority order, so the
 * labels kept are exactly those a placement stopped at the limit would
 * give.  Returns how many the limit dropped. */
static guint tm_page_limit_labels(tm_label_set_t *set, guint budget)
{
  if (set->placed->len <= budget)
    return 0;
  guint over = set->placed->len - budget;
  g_array_set_size(set->placed, budget);
  set->n_dropped += over;
  return over;
}

static void tm_page_keep_labels(tm_map_t *map, const tm_label_set_t *set, GArray *all)
{
  for (guint i = 0; i < set->placed->len; i++) {
    const tm_placed_label_t *p = &g_array_index(set->placed, tm_placed_label_t, i);
    tm_map_label_t l = {g_strdup(p->text), g_strdup(p->value), {p->anchor_x, p->anchor_y},
                        p->bbox};
    g_array_append_val(all, l);
  }
  map->n_dropped_labels += set->n_dropped;
}

void tm_page_draw_labels(tm_page_t *pg, tm_map_t *map)
{
  const tm_layout_input_t *in = pg->in;
  if (!(in->territories && in->class_labels) && !in->feature_labels)
    return;
  const tm_style_t *style = pg->style;
  tm_font_t font = tm_layout_font(style, &style->label_text);
  font.halo_width = tm_pt(style, style->halo_width_pt);
  font.halo_color = style->halo_color;
  GArray *all = g_array_new(FALSE, FALSE, sizeof(tm_map_label_t));
  GArray *obstacles = g_array_new(FALSE, FALSE, sizeof(tm_extent_t));
  /* A label limit drops labels with a warning rather than failing the map:
   * labels are a reading aid, the map is right without them, and the
   * sidecar's labels_dropped says how many are missing. */
  guint max_labels = tm_limits_get()->max_labels, over_limit = 0;
  for (guint f = 0; f < map->n_frames; f++) {
    const tm_placed_frame_t *placed = &map->frames[f];
    const tm_frame_t *frame = tm_projection_get_frame(in->projection, placed->name);
    if (!frame)
      continue;
    /* Everything on the page but this frame's own box, and the labels
     * of the frames already done. */
    g_array_set_size(obstacles, 0);
    for (guint k = 0; k < pg->obstacles->len; k++) {
      tm_extent_t e = g_array_index(pg->obstacles, tm_extent_t, k);
      if (memcmp(&e, &placed->clip, sizeof e) != 0)
        g_array_append_val(obstacles, e);
    }
    for (guint k = 0; k < all->len; k++)
      g_array_append_val(obstacles, g_array_index(all, tm_map_label_t, k).bbox);
    GArray *req = tm_page_label_requests(pg, frame, placed);
    guint budget = max_labels - MIN(all->len, max_labels);
    tm_label_set_t *set =
        tm_labels_place((tm_label_request_t *)req->data, budget ? req->len : 0, &font,
                        style->max_label_lines, (tm_extent_t *)obstacles->data, obstacles->len,
                        &placed->clip);
    if (!budget)
      set->n_dropped += req->len;
    over_limit += budget ? tm_page_limit_labels(set, budget) : req->len;
    tm_labels_draw(set, pg->d, &font);
    tm_page_keep_labels(map, set, all);
    tm_label_set_free(set);
    g_array_free(req, TRUE);
  }
  g_array_free(obstacles, TRUE);
  map->n_labels = all->len;
  map->labels = (tm_map_label_t *)g_array_free(all, FALSE);
  if (over_limit)
    tm_warn(pg->ctx, "labels: %u placed (the limit), %u more dropped (%s)", map->n_labels,
            over_limit, tm_limit_get_hint(TM_LIMIT_LABELS));
}
