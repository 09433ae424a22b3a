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

/* Appends the rings of feature i of page geometry g to the current path. */
static void tm_add_feature_rings(tm_drawing_t *d, const tm_geom_t *g, guint i)
{
  for (guint r = g->poly_ring[g->feature_poly[i]]; r < g->poly_ring[g->feature_poly[i + 1]]; r++)
    tm_drawing_add_ring(d, g->xy + 2 * (gsize)g->ring_point[r],
                        g->ring_point[r + 1] - g->ring_point[r], TRUE);
}

void tm_layout_draw_features(tm_drawing_t *d, const tm_layout_input_t *in, const tm_frame_t *frame,
                             const tm_placed_frame_t *placed)
{
  const tm_style_t *style = in->style;
  const tm_geom_t *g = frame->geom;
  const gboolean *in_focus = in->focus ? in->focus->in_focus : NULL;
  tm_geom_t *page = tm_layout_page_geometry(g, placed->transform, TM_LAYOUT_TOLERANCE);
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
    tm_add_feature_rings(d, page, i);
    const char *key =
        in->key_field >= 0 ? tm_layer_get_value(in->layer, feature, (guint)in->key_field) : NULL;
    tm_drawing_end_path(d, focused ? &paint : &context, key, focused ? "feature" : "context");
  }
  tm_geom_free(page);
}

void tm_layout_draw_lines(tm_drawing_t *d, const tm_frame_t *frame, const tm_placed_frame_t *placed,
                          const tm_paint_t *paint, const tm_layer_t *layer, gint key_field,
                          const char *const *ids, const char *css_class)
{
  tm_geom_t *page = tm_layout_page_geometry(frame->geom, placed->transform, TM_LAYOUT_TOLERANCE);
  for (guint i = 0; i < frame->n_features; i++) {
    tm_drawing_begin_path(d);
    tm_add_feature_rings(d, page, i);
    const char *id = NULL;
    if (ids)
      id = ids[frame->features[i]];
    else if (layer && key_field >= 0)
      id = tm_layer_get_value(layer, frame->features[i], (guint)key_field);
    tm_drawing_end_path(d, paint, id, css_class);
  }
  tm_geom_free(page);
}
