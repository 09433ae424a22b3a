/* How much of a page box the features of a frame cover, by sampling a grid
 * of points: used to put the legend and the scale bar where they hide no
 * territory. */
#include "layout_private.h"

static void tm_coverage_extents(guint start, guint end, guint worker, void *data)
{
  tm_coverage_t *c = data;
  for (guint i = start; i < end; i++)
    c->extent[i] = tm_geom_get_feature_extent(c->frame->geom, i);
}

void tm_coverage_init(tm_coverage_t *c, const tm_frame_t *frame)
{
  c->frame = frame;
  c->extent = g_new(tm_extent_t, MAX(frame->n_features, 1));
  tm_parallel_for(frame->n_features, 256, tm_coverage_extents, c);
}

void tm_coverage_clear(tm_coverage_t *c)
{
  g_clear_pointer(&c->extent, g_free);
}

double tm_layout_coverage(const tm_coverage_t *cover, const tm_placed_frame_t *placed,
                          const tm_box_t *box, const gboolean *counted)
{
  const tm_frame_t *frame = cover->frame;
  const double *t = placed->transform; /* axis-aligned: b = d = 0 */
  tm_extent_t area = {(box->x - t[2]) / t[0], (box->y + box->h - t[5]) / t[4],
                      (box->x + box->w - t[2]) / t[0], (box->y - t[5]) / t[4]};
  GArray *candidates = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint i = 0; i < frame->n_features; i++) {
    if (counted && !counted[frame->features[i]])
      continue;
    const tm_extent_t e = cover->extent[i];
    if (e.x1 >= area.x0 && e.x0 <= area.x1 && e.y1 >= area.y0 && e.y0 <= area.y1)
      g_array_append_val(candidates, i);
  }
  const int n = 16;
  int covered = 0;
  for (int iy = 0; iy < n && candidates->len; iy++)
    for (int ix = 0; ix < n; ix++) {
      double x = area.x0 + (area.x1 - area.x0) * (ix + 0.5) / n;
      double y = area.y0 + (area.y1 - area.y0) * (iy + 0.5) / n;
      for (guint c = 0; c < candidates->len; c++)
        if (tm_geom_feature_contains(frame->geom, g_array_index(candidates, guint, c), x, y)) {
          covered++;
          break;
        }
    }
  g_array_free(candidates, TRUE);
  return covered / (double)(n * n);
}
