/* Map frames: fitting a projected extent into a page box, and turning the
 * frame's features into paths in page pixels. */
#include <math.h>
#include <string.h>
#include "layout_private.h"

void tm_layout_fit_frame(tm_placed_frame_t *placed, const tm_extent_t *extent, const tm_box_t *box)
{
  double ew = MAX(extent->x1 - extent->x0, 1e-9), eh = MAX(extent->y1 - extent->y0, 1e-9);
  double scale = MIN(box->w / ew, box->h / eh);
  double cx = (extent->x0 + extent->x1) / 2, cy = (extent->y0 + extent->y1) / 2;
  double px = box->x + box->w / 2, py = box->y + box->h / 2;
  /* North up: y grows downwards on the page. */
  double t[6] = {scale, 0, px - scale * cx, 0, -scale, py + scale * cy};
  memcpy(placed->transform, t, sizeof t);
  placed->clip = (tm_extent_t){box->x, box->y, box->x + box->w, box->y + box->h};
}

/* Page coordinates are snapped to a 1/20 pixel grid and repeated points
 * dropped: both neighbours of a shared border snap identically, so borders
 * stay shared while sub-pixel detail that no output can show goes. */
static guint tm_ring_to_page(const double *t, const double *xy, guint n, GArray *out)
{
  g_array_set_size(out, 0);
  double last_x = NAN, last_y = NAN;
  for (guint k = 0; k < n; k++) {
    double x = round((t[0] * xy[2 * k] + t[1] * xy[2 * k + 1] + t[2]) * 20) / 20;
    double y = round((t[3] * xy[2 * k] + t[4] * xy[2 * k + 1] + t[5]) * 20) / 20;
    if (x == last_x && y == last_y)
      continue;
    double p[2] = {x, y};
    g_array_append_vals(out, p, 2);
    last_x = x;
    last_y = y;
  }
  return out->len / 2;
}

/* Appends the rings of feature i of g to the current path, in page pixels. */
static void tm_add_feature_rings(tm_drawing_t *d, const tm_geom_t *g, guint i, const double *t,
                                 GArray *page)
{
  for (guint r = g->poly_ring[g->feature_poly[i]]; r < g->poly_ring[g->feature_poly[i + 1]]; r++) {
    guint k0 = g->ring_point[r], n = g->ring_point[r + 1] - k0;
    guint kept = tm_ring_to_page(t, g->xy + 2 * (gsize)k0, n, page);
    if (kept >= 3)
      tm_drawing_add_ring(d, (double *)page->data, kept, TRUE);
  }
}

void tm_layout_draw_features(tm_drawing_t *d, const tm_layout_input_t *in, const tm_frame_t *frame,
                             const tm_placed_frame_t *placed)
{
  const tm_style_t *style = in->style;
  const tm_geom_t *g = frame->geom;
  const gboolean *in_focus = in->focus ? in->focus->in_focus : NULL;
  GArray *page = g_array_new(FALSE, FALSE, sizeof(double));
  tm_paint_t paint = {.fill_on = TRUE, .stroke_on = style->stroke_width_pt > 0,
                      .stroke = style->stroke,
                      .stroke_width = tm_pt(style, style->stroke_width_pt), .even_odd = TRUE};
  tm_paint_t context = paint;
  context.fill = style->context_fill;
  context.stroke = style->context_stroke;
  for (guint i = 0; i < frame->n_features; i++) {
    guint feature = frame->features[i];
    gint cls = in->symbology->feature_class[feature];
    if (cls < 0)
      continue;
    gboolean focused = !in_focus || in_focus[feature];
    paint.fill = in->symbology->classes[cls].fill;
    if (!(style->stroke_width_pt > 0)) {
      /* No border asked: a hairline in the fill's own colour closes the
       * antialiasing seams between neighbours of the same class. */
      paint.stroke_on = TRUE;
      paint.stroke = paint.fill;
      paint.stroke_width = 0.5;
    }
    tm_drawing_begin_path(d);
    tm_add_feature_rings(d, g, i, placed->transform, page);
    const char *key =
        in->key_field >= 0 ? tm_layer_get_value(in->layer, feature, (guint)in->key_field) : NULL;
    tm_drawing_end_path(d, focused ? &paint : &context, key, focused ? "feature" : "context");
  }
  g_array_free(page, TRUE);
}

void tm_layout_draw_lines(tm_drawing_t *d, const tm_frame_t *frame, const tm_placed_frame_t *placed,
                          const tm_paint_t *paint, const tm_layer_t *layer, gint key_field,
                          const char *const *ids, const char *css_class)
{
  GArray *page = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint i = 0; i < frame->n_features; i++) {
    tm_drawing_begin_path(d);
    tm_add_feature_rings(d, frame->geom, i, placed->transform, page);
    const char *id = NULL;
    if (ids)
      id = ids[frame->features[i]];
    else if (layer && key_field >= 0)
      id = tm_layer_get_value(layer, frame->features[i], (guint)key_field);
    tm_drawing_end_path(d, paint, id, css_class);
  }
  g_array_free(page, TRUE);
}
