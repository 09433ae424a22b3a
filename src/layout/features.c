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

/* The page box outside which nothing of a frame can be seen: its clip,
 * widened by a fiftieth so that no stroke reaching into it is lost.  NULL
 * when the whole frame lies inside (a national map) or nothing clips it:
 * nothing to leave out. */
static const tm_extent_t *tm_frame_shown_box(const tm_frame_t *frame,
                                             const tm_placed_frame_t *placed, tm_extent_t *box)
{
  const tm_extent_t *clip = &placed->clip;
  if (!(clip->x1 > clip->x0 && clip->y1 > clip->y0))
    return NULL; /* no clip: everything may be seen */
  double margin = 0.02 * MAX(clip->x1 - clip->x0, clip->y1 - clip->y0);
  *box = (tm_extent_t){clip->x0 - margin, clip->y0 - margin, clip->x1 + margin,
                       clip->y1 + margin};
  tm_extent_t on_page = tm_extent_transform(&frame->extent, placed->transform);
  gboolean inside = on_page.x0 >= box->x0 && on_page.x1 <= box->x1 && on_page.y0 >= box->y0 &&
                    on_page.y1 <= box->y1;
  return inside ? NULL : box;
}

/* Whether feature i has no polygon on the page: left out (outside the
 * frame's shown box) or below the resolution.  Nothing to draw. */
static gboolean tm_page_feature_is_empty(const tm_page_geom_t *page, guint feature)
{
  guint i = 0;
  const tm_geom_t *g = tm_page_geom_feature(page, feature, &i);
  return g->feature_poly[i] == g->feature_poly[i + 1];
}

/* Appends the rings of a feature of the frame's page geometry to the
 * current path. */
static void tm_add_feature_rings(tm_drawing_t *d, const tm_page_geom_t *page, guint feature)
{
  guint i = 0;
  const tm_geom_t *g = tm_page_geom_feature(page, feature, &i);
  for (guint r = g->poly_ring[g->feature_poly[i]]; r < g->poly_ring[g->feature_poly[i + 1]]; r++)
    tm_drawing_add_ring(d, g->xy + 2 * (gsize)g->ring_point[r],
                        g->ring_point[r + 1] - g->ring_point[r], TRUE);
}

/* The borders of the drawn features, each once, stroked over all the
 * fills: the borders of the focus over those of the context, each path
 * holding the borders of one feature so that a band of the page draws only
 * the paths that cross it.  Planned before the fills are drawn, so that
 * the drawing makes room for every path at once. */
typedef struct {
  guint n;             /* features of the frame */
  guint *start;        /* borders owned by feature i: listed[start[i] .. start[i + 1]) */
  guint *listed;
  guint8 *border_state; /* per border: 1 context, 2 focus */
  guint n_paths;       /* paths to draw: per feature and pass, with a border */
} tm_border_plan_t;

static void tm_border_plan_init(tm_border_plan_t *plan, const tm_layout_input_t *in,
                                const tm_frame_t *frame, const tm_borders_t *borders)
{
  const gboolean *in_focus = in->focus ? in->focus->in_focus : NULL;
  guint n = frame->n_features, n_borders = borders->borders->len;
  /* state per feature: 0 not drawn, 1 context, 2 focus */
  guint8 *state = g_new0(guint8, MAX(n, 1));
  for (guint i = 0; i < n; i++)
    if (in->symbology->feature_class[frame->features[i]] >= 0)
      state[i] = !in_focus || in_focus[frame->features[i]] ? 2 : 1;
  /* Each border goes to the first drawn feature that walks it, as focus
   * when either side is in the focus; counted by owner, then listed. */
  guint *owner = g_new(guint, MAX(n_borders, 1)), *start = g_new0(guint, n + 1);
  guint8 *border_state = g_new0(guint8, MAX(n_borders, 1));
  for (guint k = 0; k < n_borders; k++) {
    const tm_border_t *b = &g_array_index(borders->borders, tm_border_t, k);
    guint8 other = b->other < n ? state[b->other] : 0;
    owner[k] = state[b->feature] ? b->feature : other ? b->other : G_MAXUINT;
    border_state[k] = MAX(state[b->feature], other);
    if (owner[k] != G_MAXUINT)
      start[owner[k] + 1]++;
  }
  for (guint i = 0; i < n; i++)
    start[i + 1] += start[i];
  guint *listed = g_new(guint, MAX(n_borders, 1)), *fill = g_memdup2(start, (n + 1) * sizeof(guint));
  for (guint k = 0; k < n_borders; k++)
    if (owner[k] != G_MAXUINT)
      listed[fill[owner[k]]++] = k;
  *plan = (tm_border_plan_t){n, start, listed, border_state, 0};
  for (guint i = 0; i < n; i++) {
    gboolean in_pass[3] = {FALSE, FALSE, FALSE};
    for (guint j = start[i]; j < start[i + 1]; j++)
      in_pass[border_state[listed[j]]] = TRUE;
    plan->n_paths += in_pass[1] + in_pass[2];
  }
  g_free(fill);
  g_free(owner);
  g_free(state);
}

static void tm_border_plan_draw(const tm_border_plan_t *plan, tm_drawing_t *d,
                                const tm_borders_t *borders, const tm_paint_t *focus_paint,
                                const tm_paint_t *context_paint)
{
  const double *xy = (const double *)borders->xy->data;
  for (guint8 pass = 1; pass <= 2; pass++) {
    for (guint i = 0; i < plan->n; i++) {
      tm_drawing_begin_path(d);
      for (guint j = plan->start[i]; j < plan->start[i + 1]; j++) {
        const tm_border_t *b = &g_array_index(borders->borders, tm_border_t, plan->listed[j]);
        if (plan->border_state[plan->listed[j]] == pass)
          tm_drawing_add_line_joined(d, xy + 2 * (gsize)b->first_point, b->n_points);
      }
      tm_drawing_end_path(d, pass == 2 ? focus_paint : context_paint, NULL,
                          pass == 2 ? "border" : "context-border");
    }
  }
}

static void tm_border_plan_clear(tm_border_plan_t *plan)
{
  g_free(plan->start);
  g_free(plan->listed);
  g_free(plan->border_state);
}

/* The frame's geometry, which may be freed once simplified, when the
 * caller gives it up (tm_layout_input_t.release_points) and no feature
 * label is placed from it later (page_labels.c); NULL otherwise. */
static tm_geom_t **tm_layout_releasable_geom(const tm_layout_input_t *in, const tm_frame_t *frame)
{
  tm_projection_t *p = in->release_points;
  if (!p || p != in->projection || in->feature_labels)
    return NULL;
  for (guint k = 0; k < p->n_frames; k++)
    if (&p->frames[k] == frame)
      return &p->frames[k].geom;
  return NULL;
}

void tm_layout_draw_features(tm_drawing_t *d, const tm_layout_input_t *in, const tm_frame_t *frame,
                             const tm_placed_frame_t *placed)
{
  const tm_style_t *style = in->style;
  const tm_geom_t *g = frame->geom;
  const gboolean *in_focus = in->focus ? in->focus->in_focus : NULL;
  /* With borders asked, the fills are drawn first and the borders once
   * over them; without, each feature gets a hairline of its own fill. */
  gboolean borders_on = style->stroke_width_pt > 0;
  tm_borders_t *borders = NULL;
  tm_geom_t **releasable = tm_layout_releasable_geom(in, frame);
  tm_extent_t box;
  tm_page_geom_t *page = tm_layout_page_geometry(g, placed->transform, TM_LAYOUT_TOLERANCE,
                                                 tm_frame_shown_box(frame, placed, &box),
                                                 borders_on ? &borders : NULL,
                                                 releasable ? &(*releasable)->xy : NULL);
  if (releasable) {
    tm_geom_free(*releasable);
    *releasable = NULL;
  }
  g = NULL; /* perhaps freed */
  tm_border_plan_t plan = {0};
  if (borders)
    tm_border_plan_init(&plan, in, frame, borders);
  tm_drawing_reserve(d, page->n_points + (borders ? borders->xy->len / 2 : 0),
                     page->n_rings + (borders ? borders->borders->len : 0),
                     frame->n_features + plan.n_paths);
  tm_paint_t paint = {.fill_on = TRUE, .even_odd = TRUE};
  /* Every edge of a drawn feature is one of the borders stroked below (a
   * border goes to a drawn feature that walks it), so opaque borders hide
   * the fills' edges: a raster need not antialias those. */
  if (borders_on && style->stroke.a >= 1.0 && style->context_stroke.a >= 1.0)
    paint.edge_cover = (float)tm_pt(style, style->stroke_width_pt);
  tm_paint_t context = paint;
  context.fill = style->context_fill;
  for (guint i = 0; i < frame->n_features; i++) {
    guint feature = frame->features[i];
    gint cls = in->symbology->feature_class[feature];
    if (cls < 0 || tm_page_feature_is_empty(page, i))
      continue;
    gboolean focused = !in_focus || in_focus[feature];
    paint.fill = in->symbology->classes[cls].fill;
    if (!borders_on) {
      /* A hairline in the fill's own colour closes the antialiasing seams
       * between neighbours of the same class. */
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
  if (borders_on) {
    double width = tm_pt(style, style->stroke_width_pt);
    tm_paint_t focus_stroke = {.stroke_on = TRUE, .stroke = style->stroke, .stroke_width = width};
    tm_paint_t context_stroke = focus_stroke;
    context_stroke.stroke = style->context_stroke;
    tm_border_plan_draw(&plan, d, borders, &focus_stroke, &context_stroke);
  }
  tm_border_plan_clear(&plan);
  tm_borders_free(borders);
  tm_page_geom_free(page);
}

/* Strokes each border once, a path per feature that first walks it (so
 * that a band of the page builds only the paths that cross it). */
static void tm_draw_borders_once(tm_drawing_t *d, const tm_borders_t *borders,
                                 const tm_paint_t *stroke, const char *css_class)
{
  const double *xy = (const double *)borders->xy->data;
  guint n = borders->borders->len;
  for (guint k = 0; k < n;) {
    guint owner = g_array_index(borders->borders, tm_border_t, k).feature;
    tm_drawing_begin_path(d);
    for (; k < n && g_array_index(borders->borders, tm_border_t, k).feature == owner; k++) {
      const tm_border_t *b = &g_array_index(borders->borders, tm_border_t, k);
      tm_drawing_add_line_joined(d, xy + 2 * (gsize)b->first_point, b->n_points);
    }
    tm_drawing_end_path(d, stroke, NULL, css_class);
  }
}

/* A path per feature of the frame, its whole outline, under its key. */
static void tm_draw_outlines(tm_drawing_t *d, const tm_frame_t *frame, const tm_page_geom_t *page,
                             const tm_paint_t *paint, const tm_layer_t *layer, gint key_field,
                             const char *const *ids, const char *css_class)
{
  for (guint i = 0; i < frame->n_features; i++) {
    if (tm_page_feature_is_empty(page, i))
      continue;
    tm_drawing_begin_path(d);
    tm_add_feature_rings(d, page, i);
    const char *id = NULL;
    if (ids)
      id = ids[frame->features[i]];
    else if (layer && key_field >= 0)
      id = tm_layer_get_value(layer, frame->features[i], (guint)key_field);
    tm_drawing_end_path(d, paint, id, css_class);
  }
}

void tm_layout_draw_lines(tm_drawing_t *d, const tm_frame_t *frame, const tm_placed_frame_t *placed,
                          const tm_paint_t *paint, const tm_layer_t *layer, gint key_field,
                          const char *const *ids, const char *css_class)
{
  /* Outlines that share lines (départements, territories) are stroked
   * whole in an SVG, each under its key, and border by border on a page,
   * where a line stroked twice came out darker than the rest (tm_output_t). */
  gboolean stroked = paint->stroke_on && paint->stroke_width > 0;
  tm_borders_t *borders = NULL;
  tm_extent_t box;
  tm_page_geom_t *page = tm_layout_page_geometry(frame->geom, placed->transform,
                                                 TM_LAYOUT_TOLERANCE,
                                                 tm_frame_shown_box(frame, placed, &box),
                                                 stroked ? &borders : NULL, NULL);
  if (!borders) {
    tm_draw_outlines(d, frame, page, paint, layer, key_field, ids, css_class);
  } else {
    tm_drawing_set_output(d, TM_OUTPUT_SVG);
    tm_draw_outlines(d, frame, page, paint, layer, key_field, ids, css_class);
    tm_drawing_set_output(d, TM_OUTPUT_PAGE);
    tm_paint_t part = *paint;
    if (paint->fill_on) { /* the fills, then the borders over them */
      part.stroke_on = FALSE;
      tm_draw_outlines(d, frame, page, &part, layer, key_field, ids, css_class);
    }
    part = *paint;
    part.fill_on = FALSE;
    tm_draw_borders_once(d, borders, &part, css_class);
    tm_drawing_set_output(d, TM_OUTPUT_ALL);
  }
  tm_borders_free(borders);
  tm_page_geom_free(page);
}
