#include "replay.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "font.h"

static void tm_set_source(cairo_t *cr, const tm_rgba_t *c) {
  cairo_set_source_rgba(cr, c->r, c->g, c->b, c->a);
}

static void tm_replay_group_begin(cairo_t *cr, const tm_op_t *op) {
  cairo_save(cr);
  if (op->clip_on) {
    const tm_extent_t *e = &op->clip;
    /* An empty extent (x0 > x1) clips everything away. */
    double w = fmax(0.0, e->x1 - e->x0), h = fmax(0.0, e->y1 - e->y0);
    if (op->clip_round && w > 0 && h > 0) {
      cairo_save(cr);
      cairo_translate(cr, e->x0 + w / 2, e->y0 + h / 2);
      cairo_scale(cr, w / 2, h / 2);
      cairo_new_path(cr);
      cairo_arc(cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore(cr); /* the path stays, in device space */
    } else {
      cairo_rectangle(cr, e->x0, e->y0, w, h);
    }
    cairo_clip(cr);
  }
}

static void tm_append_rings(cairo_t *cr, const tm_drawing_t *d, const tm_op_t *op) {
  for (guint r = op->ring_first; r < op->ring_first + op->n_rings; r++) {
    guint n = 0;
    gboolean closed = FALSE;
    const float *xy = tm_drawing_get_ring(d, r, &n, &closed);
    if (xy == NULL || n == 0)
      continue;
    cairo_move_to(cr, xy[0], xy[1]);
    for (guint k = 1; k < n; k++)
      cairo_line_to(cr, xy[2 * k], xy[2 * k + 1]);
    if (closed)
      cairo_close_path(cr);
  }
}

/* Antialiasing in a raster, where it costs most of the time and where a
 * pixel shows what it buys.  A fill whose edges an opaque border at least a
 * pixel wide covers afterwards is drawn without it: the only pixels where
 * that differs are those the edge crosses, and the border covers most of
 * each (the features of a map under their white borders).  The borders
 * themselves, when one or two pixels wide, are sampled 4 x 4 per pixel
 * (cairo's ANTIALIAS_FAST) instead of 15 rows of exact coverage: 16 levels
 * are more than a line that thin shows.  Thinner lines keep exact
 * coverage: samples a quarter of a pixel apart would miss them in places.
 * The national map's whole render went from 0.63 to 0.52 s of CPU, the
 * commune map's from 2.42 to 2.00 s (bench/compare); side by side at 7x,
 * the pixels look alike.  Wider lines, other strokes, text and vector
 * outputs keep cairo's default. */
#define TM_THIN_BORDER_PX 2.0

/* Paints the current path with op's paint, fill then stroke; px is the
 * device pixels per drawing unit of an image surface, 0 for a vector one. */
static void tm_paint_path(cairo_t *cr, const tm_paint_t *p, double px, gboolean border) {
  gboolean stroke = p->stroke_on && p->stroke_width > 0.0;
  if (p->fill_on) {
    gboolean covered = px > 0.0 && p->edge_cover * px >= 1.0;
    cairo_set_fill_rule(cr, p->even_odd ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING);
    tm_set_source(cr, &p->fill);
    if (covered)
      cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    cairo_fill_preserve(cr);
    if (covered)
      cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
  }
  if (stroke) {
    double width_px = p->stroke_width * px;
    gboolean thin = border && width_px >= 1.0 && width_px <= TM_THIN_BORDER_PX;
    cairo_set_line_width(cr, p->stroke_width);
    tm_set_source(cr, &p->stroke);
    if (thin)
      cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);
    cairo_stroke(cr);
    if (thin)
      cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
  }
  cairo_new_path(cr);
}

static gboolean tm_is_border(const tm_op_t *op) {
  return op->kind == TM_OP_PATH && op->css_class &&
         (!strcmp(op->css_class, "border") || !strcmp(op->css_class, "context-border"));
}

static void tm_replay_path(cairo_t *cr, const tm_drawing_t *d, const tm_op_t *op, double px) {
  const tm_paint_t *p = &op->paint;
  if (!p->fill_on && !(p->stroke_on && p->stroke_width > 0.0))
    return;
  cairo_new_path(cr);
  tm_append_rings(cr, d, op);
  tm_paint_path(cr, p, px, tm_is_border(op));
}

/* TRUE when box (an op's) meets rows [y0, y1] and, for a path, the clip. */
static gboolean tm_op_visible(const tm_op_t *op, const tm_extent_t *box, double y0, double y1,
                              const tm_extent_t *clip) {
  if (box->y1 < y0 || box->y0 > y1)
    return FALSE;
  return op->kind != TM_OP_PATH || (box->x1 >= clip->x0 && box->x0 <= clip->x1 &&
                                    box->y1 >= clip->y0 && box->y0 <= clip->y1);
}

/* In a band of a raster, consecutive border paths of the features
 * (src/layout/features.c: each border is drawn once, grouped by the
 * feature that owns it) with the same paint are stroked as one path, up to
 * this many: a commune map strokes 35,000 border paths ten pixels across,
 * and cairo's setup of each stroke cost the national maps 5 % of their CPU
 * time.  The pixels are those of separate strokes but where two borders'
 * round ends meet at a node.  More paths at once was slower (each is
 * scan-converted over the rows of all).  Overlays are left as they are:
 * their polygons' outlines draw a shared line twice, and one stroke would
 * draw it once, lighter.  Fills stay one per feature (merged, they saved
 * nothing more), and vector outputs keep one path per feature. */
#define TM_MERGE_MAX 32

static gboolean tm_same_rgba(const tm_rgba_t *a, const tm_rgba_t *b) {
  return a->r == b->r && a->g == b->g && a->b == b->b && a->a == b->a;
}

/* Field by field: the struct's padding is not initialised. */
static gboolean tm_same_paint(const tm_paint_t *a, const tm_paint_t *b) {
  return a->fill_on == b->fill_on && a->stroke_on == b->stroke_on && a->even_odd == b->even_odd &&
         a->stroke_width == b->stroke_width && tm_same_rgba(&a->fill, &b->fill) &&
         tm_same_rgba(&a->stroke, &b->stroke);
}

static gboolean tm_mergeable(const tm_op_t *op) {
  const tm_paint_t *p = &op->paint;
  return tm_is_border(op) && !p->fill_on && p->stroke_on && p->stroke_width > 0.0;
}

/* Draws op i and the ops after it it can be merged with (ops that draw
 * nothing here, outside the band's rows y0..y1 or the clip, are passed
 * over); returns the last op taken. */
static guint tm_replay_merged(cairo_t *cr, const tm_drawing_t *d, guint i, const tm_extent_t *box,
                              double y0, double y1, const tm_extent_t *clip, double px) {
  const tm_op_t *op = tm_drawing_get_op(d, i);
  guint n_ops = tm_drawing_get_n_ops(d), last = i;
  cairo_new_path(cr);
  tm_append_rings(cr, d, op);
  for (guint j = i + 1, n_merged = 1; j < n_ops && n_merged < TM_MERGE_MAX; j++) {
    const tm_op_t *next = tm_drawing_get_op(d, j);
    if (!tm_op_visible(next, &box[j], y0, y1, clip))
      continue;
    if (!tm_is_border(next) || strcmp(next->css_class, op->css_class) ||
        !tm_same_paint(&next->paint, &op->paint))
      break;
    tm_append_rings(cr, d, next);
    last = j;
    n_merged++;
  }
  tm_paint_path(cr, &op->paint, px, TRUE);
  return last;
}

static void tm_replay_text(cairo_t *cr, PangoLayout *layout, const tm_op_t *op) {
  const tm_font_t *f = &op->font;
  if (op->text == NULL || *op->text == '\0' || !(f->size > 0.0))
    return;
  tm_pango_layout_set(layout, f, op->text);
  double baseline = (double)pango_layout_get_baseline(layout) / PANGO_SCALE;
  cairo_new_path(cr);
  cairo_move_to(cr, op->x, op->y - baseline);
  if (f->halo_width > 0.0) {
    /* The halo is the outline stroked wide under the glyphs; only its
     * outer half shows once the text is filled on top. */
    pango_cairo_layout_path(cr, layout);
    cairo_set_line_width(cr, 2.0 * f->halo_width);
    tm_set_source(cr, &f->halo_color);
    cairo_stroke(cr);
    cairo_move_to(cr, op->x, op->y - baseline);
  }
  tm_set_source(cr, &f->color);
  pango_cairo_show_layout(cr, layout);
  cairo_new_path(cr);
}

/* What an op can touch, in page pixels: its points' box grown by its
 * stroke and a pixel of antialiasing; text gets generous rows (glyphs reach
 * above the ascent and below the descent, the halo beyond) and every
 * column. */
void tm_render_op_boxes(const tm_drawing_t *d, tm_extent_t *box) {
  guint n_ops = tm_drawing_get_n_ops(d);
  for (guint i = 0; i < n_ops; i++) {
    const tm_op_t *op = tm_drawing_get_op(d, i);
    tm_extent_t e = {-G_MAXDOUBLE, -G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE}; /* groups */
    if (op->kind == TM_OP_PATH) {
      e = tm_extent_empty();
      for (guint r = op->ring_first; r < op->ring_first + op->n_rings; r++) {
        guint n = 0;
        gboolean closed = FALSE;
        const float *xy = tm_drawing_get_ring(d, r, &n, &closed);
        for (guint k = 0; xy && k < n; k++)
          tm_extent_add_point(&e, xy[2 * k], xy[2 * k + 1]);
      }
      double grow = (op->paint.stroke_on ? op->paint.stroke_width : 0.0) + 2.0;
      e = (tm_extent_t){e.x0 - grow, e.y0 - grow, e.x1 + grow, e.y1 + grow};
    } else if (op->kind == TM_OP_TEXT) {
      double grow = 2.0 * op->font.size + 2.0 * op->font.halo_width + 2.0;
      e.y0 = op->y - grow;
      e.y1 = op->y + grow;
    }
    box[i] = e;
  }
}

void tm_render_drawing_cairo(cairo_t *cr, const tm_drawing_t *d) {
  tm_render_drawing_rows(cr, d, NULL, -G_MAXDOUBLE, G_MAXDOUBLE);
}

static tm_extent_t tm_clip_extents(cairo_t *cr) {
  tm_extent_t c;
  cairo_clip_extents(cr, &c.x0, &c.y0, &c.x1, &c.y1);
  return c;
}

void tm_render_drawing_rows(cairo_t *cr, const tm_drawing_t *d, const tm_extent_t *box,
                            double y0, double y1) {
  cairo_save(cr);
  if (d->background.a > 0.0) {
    tm_set_source(cr, &d->background);
    cairo_paint(cr);
  }
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  double px = 0.0; /* pixels per unit, on an image surface */
  if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE) {
    double dx = 1.0, dy = 0.0;
    cairo_user_to_device_distance(cr, &dx, &dy);
    px = hypot(dx, dy);
  }

  /* Made at the first text of these rows: most bands of a map have none. */
  PangoContext *pctx = NULL;
  PangoLayout *layout = NULL;

  /* Depth guards against a malformed drawing: an unmatched GROUP_END would
   * otherwise restore the state saved above, and an unclosed group would
   * leak its clip into the caller's context. */
  guint depth = 0;
  guint n_ops = tm_drawing_get_n_ops(d);
  tm_extent_t clip = tm_clip_extents(cr);
  for (guint i = 0; i < n_ops; i++) {
    const tm_op_t *op = tm_drawing_get_op(d, i);
    /* Off the band, or a path outside the clip (the features around a
     * département's map, beyond its frame): not even its path is built. */
    if (box && !tm_op_visible(op, &box[i], y0, y1, &clip))
      continue;
    if (op->kind == TM_OP_PATH && op->output == TM_OUTPUT_SVG)
      continue;
    switch (op->kind) {
    case TM_OP_GROUP_BEGIN:
      tm_replay_group_begin(cr, op);
      depth++;
      clip = tm_clip_extents(cr);
      break;
    case TM_OP_GROUP_END:
      if (depth > 0) {
        cairo_restore(cr);
        depth--;
      }
      clip = tm_clip_extents(cr);
      break;
    case TM_OP_PATH:
      if (box && tm_mergeable(op))
        i = tm_replay_merged(cr, d, i, box, y0, y1, &clip, px);
      else
        tm_replay_path(cr, d, op, px);
      break;
    case TM_OP_TEXT:
      tm_pango_lock();
      if (layout == NULL) {
        pctx = pango_font_map_create_context(tm_pango_font_map());
        pango_cairo_update_context(cr, pctx);
        tm_pango_context_configure(pctx);
        layout = pango_layout_new(pctx);
      }
      tm_replay_text(cr, layout, op);
      tm_pango_unlock();
      break;
    }
  }
  for (; depth > 0; depth--)
    cairo_restore(cr);

  if (layout) {
    tm_pango_lock();
    g_object_unref(layout);
    g_object_unref(pctx);
    tm_pango_unlock();
  }
  cairo_restore(cr);
}
