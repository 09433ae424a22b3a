/* The page: header (title, subtitle), body (main frame, DROM insets, legend,
 * scale bar) and footer (credits).  Insets go in a row under the mainland
 * or in a column beside it, whichever leaves the mainland larger on this
 * page shape; legend and scale bar go in the corners of the main frame that
 * hide the least territory. */
#include <math.h>
#include <string.h>
#include "arrange.h"
#include "terrimap/limits.h"


static tm_extent_t tm_grow_extent(tm_extent_t e, double fraction)
{
  double dx = (e.x1 - e.x0) * fraction, dy = (e.y1 - e.y0) * fraction;
  return (tm_extent_t){e.x0 - dx, e.y0 - dy, e.x1 + dx, e.y1 + dy};
}

/* A round inset (ANCT style): the territory fitted in the circle, its name
 * centred under it. */
static void tm_page_place_round_inset(tm_page_t *pg, const tm_frame_t *frame,
                                      tm_placed_frame_t *placed, const tm_box_t *box)
{
  const tm_style_t *style = pg->style;
  tm_font_t font = tm_layout_font(style, &style->inset_title_text);
  double title_h = tm_layout_line_height(&font);
  double d = MIN(box->w, box->h - title_h);
  tm_box_t circle = {box->x + (box->w - d) / 2, box->y, d, d};
  /* The extent's diagonal fits the diameter, so no corner is cut off. */
  tm_extent_t e = tm_grow_extent(frame->extent, 0.02);
  double diag = hypot(e.x1 - e.x0, e.y1 - e.y0);
  double side = d * (e.x1 - e.x0) / diag, height = d * (e.y1 - e.y0) / diag;
  tm_box_t map_box = {circle.x + (d - side) / 2, circle.y + (d - height) / 2, side, height};
  tm_layout_fit_frame(placed, &e, &map_box);
  placed->clip = (tm_extent_t){circle.x, circle.y, circle.x + d, circle.y + d};

  tm_page_draw_frame(pg, frame, placed, "inset", TRUE);
  tm_page_add_obstacle(pg, box->x, box->y, box->w, box->h);
  tm_paint_t border = {.stroke_on = TRUE, .stroke = style->inset_frame_color,
                       .stroke_width = tm_pt(style, style->inset_frame_width_pt)};
  tm_drawing_add_ellipse(pg->d, &placed->clip, &border, "inset-frame");
  tm_text_metrics_t m = tm_text_measure(&font, frame->title);
  tm_drawing_add_text(pg->d, frame->title, &font, box->x + (box->w - m.width) / 2,
                      circle.y + d + m.ascent + (title_h - m.ascent - m.descent) / 2,
                      "inset-title");
}

static void tm_page_place_inset(tm_page_t *pg, const tm_frame_t *frame, tm_placed_frame_t *placed,
                                const tm_box_t *box)
{
  const tm_style_t *style = pg->style;
  if (style->inset_circles) {
    tm_page_place_round_inset(pg, frame, placed, box);
    return;
  }
  tm_font_t font = tm_layout_font(style, &style->inset_title_text);
  double pad = tm_pt(style, 3), title_h = tm_layout_line_height(&font);
  tm_box_t map_box = {box->x + pad, box->y + pad + title_h, box->w - 2 * pad,
                      box->h - 2 * pad - title_h};
  tm_extent_t e = tm_grow_extent(frame->extent, 0.04);
  tm_layout_fit_frame(placed, &e, &map_box);
  placed->clip = (tm_extent_t){box->x, box->y, box->x + box->w, box->y + box->h};

  tm_page_draw_frame(pg, frame, placed, "inset", FALSE);
  tm_page_add_obstacle(pg, box->x, box->y, box->w, box->h);
  tm_paint_t border = {.stroke_on = TRUE, .stroke = style->inset_frame_color,
                       .stroke_width = tm_pt(style, style->inset_frame_width_pt)};
  tm_drawing_add_rect(pg->d, box->x, box->y, box->w, box->h, &border, "inset-frame");
  tm_text_metrics_t m = tm_text_measure(&font, frame->title);
  tm_drawing_add_text(pg->d, frame->title, &font, box->x + pad, box->y + pad + m.ascent,
                      "inset-title");
}

/* The corner of box, inset by pad, where an object of size w x h hides the
 * least of the frame; `avoid` (-1 for none) is a corner already taken. */
static int tm_page_best_corner(const tm_coverage_t *cover, const tm_placed_frame_t *placed, double w,
                               double h, double pad, int avoid, const int *order,
                               const gboolean *counted, double *x, double *y)
{
  const tm_extent_t *c = &placed->clip;
  int best = -1;
  double best_cov = 2;
  for (int i = 0; i < 4; i++) {
    int corner = order[i];
    if (corner == avoid)
      continue;
    tm_box_t b = {corner & 1 ? c->x1 - pad - w : c->x0 + pad,
                  corner & 2 ? c->y1 - pad - h : c->y0 + pad, w, h};
    double cov = tm_layout_coverage(cover, placed, &b, counted);
    if (cov < best_cov - 0.01) {
      best_cov = cov;
      best = corner;
      *x = b.x;
      *y = b.y;
    }
  }
  return best;
}

/* A small north arrow: a split triangle and an "N" above it. */
static void tm_page_draw_north_arrow(tm_page_t *pg, double x, double y, double w, double h)
{
  const tm_style_t *style = pg->style;
  tm_font_t font = tm_layout_font(style, &style->scalebar_text);
  font.bold = TRUE;
  tm_text_metrics_t m = tm_text_measure(&font, "N");
  double cx = x + w / 2, top = y + m.ascent + m.descent, bottom = y + h;
  tm_rgba_t c = style->scalebar_text.color;
  tm_drawing_begin_group(pg->d, "north-arrow", "north-arrow", NULL);
  tm_drawing_add_text(pg->d, "N", &font, cx - m.width / 2, y + m.ascent, NULL);
  double left[] = {cx, top, cx - w / 2, bottom, cx, bottom - (bottom - top) * 0.25};
  double right[] = {cx, top, cx + w / 2, bottom, cx, bottom - (bottom - top) * 0.25};
  tm_paint_t dark = {.fill_on = TRUE, .fill = c, .stroke_on = TRUE, .stroke = c,
                     .stroke_width = tm_pt(style, 0.5)};
  tm_paint_t light = {.fill_on = TRUE, .fill = style->background, .stroke_on = TRUE, .stroke = c,
                      .stroke_width = tm_pt(style, 0.5)};
  tm_drawing_begin_path(pg->d);
  tm_drawing_add_ring(pg->d, left, 3, TRUE);
  tm_drawing_end_path(pg->d, &dark, NULL, NULL);
  tm_drawing_begin_path(pg->d);
  tm_drawing_add_ring(pg->d, right, 3, TRUE);
  tm_drawing_end_path(pg->d, &light, NULL, NULL);
  tm_drawing_end_group(pg->d);
}

/* Header and footer; returns the body between them. */
static void tm_page_header_footer(tm_page_t *pg, double width, double height)
{
  const tm_style_t *style = pg->style;
  double margin = style->margin_mm / 25.4 * style->dpi;
  double content_w = width - 2 * margin;
  tm_drawing_begin_group(pg->d, "title", "title", NULL);
  const char *title = pg->in->title ? pg->in->title : style->title;
  const char *subtitle = pg->in->subtitle ? pg->in->subtitle : style->subtitle;
  double y = tm_page_text_block(pg, title, &style->title_text, margin, margin, content_w, "title");
  y = tm_page_text_block(pg, subtitle, &style->subtitle_text, margin, y, content_w, "subtitle");
  tm_drawing_end_group(pg->d);
  double header_bottom = y > margin ? y + pg->gap : margin;
  double credits_h = tm_page_text_height(style, style->credits, &style->credits_text, content_w);
  double footer_top = height - margin - credits_h - (credits_h > 0 ? pg->gap / 2 : 0);
  tm_drawing_begin_group(pg->d, "credits", "credits", NULL);
  tm_page_text_block(pg, style->credits, &style->credits_text, margin, height - margin - credits_h,
                     content_w, "credits");
  tm_drawing_end_group(pg->d);
  pg->body = (tm_box_t){margin, header_bottom, content_w, footer_top - header_bottom};
}

/* The frames this map shows: with a focus, only the focus frame (a DROM
 * région is drawn alone in its own CRS); otherwise all, the first non-inset
 * frame as the main one. */
static void tm_page_select_frames(const tm_layout_input_t *in, guint *main_i, GArray *insets)
{
  const tm_projection_t *proj = in->projection;
  *main_i = G_MAXUINT;
  for (guint i = 0; i < proj->n_frames; i++) {
    gboolean is_main = in->focus ? g_strcmp0(proj->frames[i].name, in->focus->frame) == 0
                                 : !proj->frames[i].inset && *main_i == G_MAXUINT;
    if (is_main)
      *main_i = i;
  }
  if (*main_i == G_MAXUINT)
    *main_i = 0;
  for (guint i = 0; !in->focus && i < proj->n_frames; i++)
    if (i != *main_i)
      g_array_append_val(insets, i);
}

/* The page against the process-wide limits, before anything is drawn. */
static gboolean tm_page_check_size(int width, int height, GError **error)
{
  const tm_limits_t *lim = tm_limits_get();
  if (width <= 0 || height <= 0 || (guint)width > lim->max_image_side ||
      (guint)height > lim->max_image_side) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT,
                "page of %d x %d pixels: expected 1 to %u pixels a side (%s)", width, height,
                lim->max_image_side, tm_limit_get_hint(TM_LIMIT_IMAGE_SIDE));
    return FALSE;
  }
  guint64 pixels = (guint64)width * (guint64)height;
  if (pixels > lim->max_image_pixels) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT,
                "page of %d x %d pixels: %" G_GUINT64_FORMAT " pixels, more than the limit of %"
                G_GUINT64_FORMAT " (%s)",
                width, height, pixels, lim->max_image_pixels,
                tm_limit_get_hint(TM_LIMIT_IMAGE_PIXELS));
    return FALSE;
  }
  return TRUE;
}

tm_map_t *tm_layout_map(tm_context_t *ctx, const tm_layout_input_t *in, GError **error)
{
  const tm_style_t *style = in->style;
  const tm_projection_t *proj = in->projection;
  int width, height;
  tm_style_get_page_size(style, &width, &height);
  if (!tm_page_check_size(width, height, error))
    return NULL;
  if (proj->n_frames == 0) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "%s: no feature falls in any map frame; nothing to draw", in->layer->path);
    return NULL;
  }
  tm_map_t *map = g_new0(tm_map_t, 1);
  tm_page_t pg = {.ctx = ctx, .in = in, .style = style};
  pg.obstacles = g_array_new(FALSE, FALSE, sizeof(tm_extent_t));
  pg.d = map->drawing = tm_drawing_new(width, height, style->dpi, &style->background);
  tm_drawing_set_title(pg.d, in->title ? in->title : style->title);
  pg.gap = tm_pt(style, 8);
  tm_page_header_footer(&pg, width, height);

  guint main_i;
  GArray *insets = g_array_new(FALSE, FALSE, sizeof(guint));
  tm_page_select_frames(in, &main_i, insets);
  const tm_frame_t *main_frame = &proj->frames[main_i];
  guint n_insets = insets->len;
  map->n_frames = 1 + n_insets;
  map->frames = g_new0(tm_placed_frame_t, map->n_frames);
  for (guint i = 0; i < map->n_frames; i++) {
    const tm_frame_t *f = &proj->frames[i == 0 ? main_i : g_array_index(insets, guint, i - 1)];
    map->frames[i].name = g_strdup(f->name);
    map->frames[i].crs = g_strdup(f->crs);
    map->frames[i].title = g_strdup(f->title);
    map->frames[i].inset = i > 0;
  }
  tm_placed_frame_t *main_placed = &map->frames[0];
  const gboolean *counted = in->focus ? in->focus->in_focus : NULL;
  tm_coverage_t cover;
  tm_coverage_init(&cover, main_frame);

  /* A focus map shows its extent with a margin of context around it. */
  tm_extent_t me = in->focus ? tm_grow_extent(in->focus->extent, 0.06)
                             : tm_grow_extent(main_frame->extent, 0.01);
  double ew = me.x1 - me.x0, eh = me.y1 - me.y0;

  /* Row or column, whichever gives the mainland the larger scale; then a
   * place for the legend: free space under the insets, else an empty
   * corner of the main frame, else space taken from the main frame. */
  tm_arrangement_t arr, col;
  tm_arrange_row(&pg, ew, eh, n_insets, 0, &arr);
  if (n_insets) {
    tm_arrange_column(&pg, ew, eh, n_insets, 0, &col);
    if (col.scale > arr.scale)
      arr = col;
  }
  tm_legend_t *legend = tm_legend_new(in, pg.body.h * 0.45, pg.body.w * 0.5);
  double lw, lh;
  tm_legend_get_size(legend, &lw, &lh);
  static const int legend_order[] = {2, 1, 0, 3}, scalebar_order[] = {3, 2, 1, 0},
                   arrow_order[] = {1, 0, 3, 2};
  double pad = tm_pt(style, 4), lx = 0, ly = 0;
  int legend_corner = -1;
  double group_h = arr.main.h + (n_insets ? pg.gap + arr.side + arr.note_h : 0);
  if (style->legend_position != TM_LEGEND_AUTO) {
    /* The style fixes the corner: corners are 0 top-left, 1 top-right,
     * 2 bottom-left, 3 bottom-right. */
    static const int corner_of[] = {0, 0, 1, 2, 3};
    tm_box_t probe = in->focus ? pg.body : arr.main;
    tm_layout_fit_frame(main_placed, &me, &probe);
    const tm_extent_t *c = &main_placed->clip;
    legend_corner = corner_of[style->legend_position];
    lx = legend_corner & 1 ? c->x1 - pad - lw : c->x0 + pad;
    ly = legend_corner & 2 ? c->y1 - pad - lh : c->y0 + pad;
  } else if (arr.in_row && !in->focus && pg.body.h - group_h >= lh + pg.gap &&
             lw <= pg.body.w) {
    tm_arrange_row(&pg, ew, eh, n_insets, lh + pg.gap, &arr);
    arr.legend_placed = TRUE;
  } else {
    tm_box_t probe = in->focus ? pg.body : arr.main;
    tm_layout_fit_frame(main_placed, &me, &probe);
    legend_corner = tm_page_best_corner(&cover, main_placed, lw, lh, pad, -1, legend_order,
                                        counted, &lx, &ly);
    tm_box_t lbox = {lx, ly, lw, lh};
    if (tm_layout_coverage(&cover, main_placed, &lbox, counted) > 0.03) {
      /* No empty corner: give the legend its own space, in columns. */
      gboolean in_row = arr.in_row;
      tm_legend_free(legend);
      legend = in_row ? tm_legend_new(in, pg.body.h * 0.3, pg.body.w)
                      : tm_legend_new(in, pg.body.h, pg.body.w * 0.3);
      tm_legend_get_size(legend, &lw, &lh);
      if (in_row)
        tm_arrange_row(&pg, ew, eh, n_insets, lh + pg.gap, &arr);
      else
        tm_arrange_column(&pg, ew, eh, n_insets, lw + pg.gap, &arr);
      arr.legend_placed = TRUE;
      legend_corner = -1;
    }
  }
  if (!(arr.scale > 0)) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT,
                "page of %d x %d pixels is too small for the title, legend and map", width, height);
    tm_coverage_clear(&cover);
    tm_legend_free(legend);
    g_array_free(insets, TRUE);
    g_array_free(pg.obstacles, TRUE);
    tm_map_free(map);
    return NULL;
  }
  if (in->focus) {
    /* The whole body (less the legend's own space): context all round. */
    double reserve_h = arr.legend_placed && arr.in_row ? lh + pg.gap : 0;
    double reserve_w = arr.legend_placed && !arr.in_row ? lw + pg.gap : 0;
    arr.main = (tm_box_t){pg.body.x, pg.body.y, pg.body.w - reserve_w, pg.body.h - reserve_h};
    arr.legend_x = arr.in_row ? pg.body.x : pg.body.x + pg.body.w - reserve_w + pg.gap;
    arr.legend_y = arr.in_row ? pg.body.y + pg.body.h - lh : pg.body.y;
  }
  if (arr.legend_placed) {
    lx = arr.legend_x - tm_legend_get_padding(legend);
    ly = arr.legend_y;
  }

  tm_layout_fit_frame(main_placed, &me, &arr.main);
  /* The corners of the scale bar and the north arrow are chosen from the
   * main frame's features before it is drawn: drawing may free their
   * points (tm_layout_input_t.release_points). */
  int taken = legend_corner;
  tm_scalebar_t bar;
  double sx = 0, sy = 0;
  gboolean bar_on = style->scalebar &&
                    tm_scalebar_plan(style, main_frame, main_placed, arr.main.w * 0.18, &bar);
  if (bar_on) {
    int corner = tm_page_best_corner(&cover, main_placed, bar.w, bar.h, pad, taken,
                                     scalebar_order, counted, &sx, &sy);
    if (taken < 0)
      taken = corner;
  }
  double aw = tm_pt(style, 10), ah = tm_pt(style, 24), ax = 0, ay = 0;
  if (style->north_arrow)
    tm_page_best_corner(&cover, main_placed, aw, ah, pad, taken, arrow_order, counted, &ax, &ay);
  tm_coverage_clear(&cover);
  tm_page_draw_frame(&pg, main_frame, main_placed, "frame", FALSE);
  for (guint k = 0; k < n_insets; k++) {
    double step = k * (arr.side + pg.gap);
    tm_box_t box = arr.in_row ? (tm_box_t){arr.insets.x + step, arr.insets.y, arr.side, arr.side}
                              : (tm_box_t){arr.insets.x, arr.insets.y + step, arr.side, arr.side};
    tm_page_place_inset(&pg, &proj->frames[g_array_index(insets, guint, k)], &map->frames[k + 1],
                        &box);
  }
  if (n_insets > 0 && style->inset_note && *style->inset_note) {
    tm_text_style_t note_style = style->credits_text;
    tm_page_text_block(&pg, style->inset_note, &note_style, arr.insets.x,
                       arr.insets.y + arr.insets.h + pg.gap / 2, arr.note_w, "inset-note");
  }
  tm_legend_draw(legend, pg.d, lx, ly);
  tm_page_add_obstacle(&pg, lx, ly, lw, lh);
  tm_legend_free(legend);

  if (bar_on) {
    tm_scalebar_draw(style, &bar, pg.d, sx, sy);
    tm_page_add_obstacle(&pg, sx, sy, bar.w, bar.h);
  }
  if (style->north_arrow) {
    tm_page_draw_north_arrow(&pg, ax, ay, aw, ah);
    tm_page_add_obstacle(&pg, ax, ay, aw, ah);
  }
  tm_page_draw_labels(&pg, map);
  g_array_free(insets, TRUE);
  g_array_free(pg.obstacles, TRUE);
  return map;
}

void tm_map_free(tm_map_t *map)
{
  if (!map)
    return;
  for (guint i = 0; i < map->n_frames; i++) {
    g_free(map->frames[i].name);
    g_free(map->frames[i].crs);
    g_free(map->frames[i].title);
  }
  g_free(map->frames);
  for (guint i = 0; i < map->n_labels; i++) {
    g_free(map->labels[i].text);
    g_free(map->labels[i].value);
  }
  g_free(map->labels);
  tm_drawing_free(map->drawing);
  g_free(map);
}
