/* The page: header (title, subtitle), body (main frame, DROM insets, legend,
 * scale bar) and footer (credits).  Insets go in a row under the mainland
 * or in a column beside it, whichever leaves the mainland larger on this
 * page shape; legend and scale bar go in the corners of the main frame that
 * hide the least territory. */
#include <math.h>
#include <string.h>
#include "layout_private.h"

typedef struct {
  const tm_layout_input_t *in;
  const tm_style_t *style;
  tm_drawing_t *d;
  tm_box_t body;
  double gap;
} tm_page_t;

/* Draws wrapped text lines from top y; returns the y below the last line. */
static double tm_page_text_block(tm_page_t *pg, const char *text, const tm_text_style_t *ts,
                                 double x, double y, double max_w, const char *css_class)
{
  if (!text || !*text)
    return y;
  tm_font_t font = tm_layout_font(pg->style, ts);
  char **lines = tm_layout_wrap(&font, text, max_w);
  double lh = tm_layout_line_height(&font);
  for (char **l = lines; *l; l++) {
    tm_text_metrics_t m = tm_text_measure(&font, *l);
    tm_drawing_add_text(pg->d, *l, &font, x, y + m.ascent, css_class);
    y += lh;
  }
  g_strfreev(lines);
  return y;
}

static double tm_page_text_height(const tm_style_t *style, const char *text,
                                  const tm_text_style_t *ts, double max_w)
{
  if (!text || !*text)
    return 0;
  tm_font_t font = tm_layout_font(style, ts);
  char **lines = tm_layout_wrap(&font, text, max_w);
  double h = g_strv_length(lines) * tm_layout_line_height(&font);
  g_strfreev(lines);
  return h;
}

static tm_extent_t tm_padded_extent(const tm_frame_t *f, double fraction)
{
  tm_extent_t e = f->extent;
  double dx = (e.x1 - e.x0) * fraction, dy = (e.y1 - e.y0) * fraction;
  return (tm_extent_t){e.x0 - dx, e.y0 - dy, e.x1 + dx, e.y1 + dy};
}

static void tm_page_place_inset(tm_page_t *pg, const tm_frame_t *frame, tm_placed_frame_t *placed,
                                const tm_box_t *box)
{
  const tm_style_t *style = pg->style;
  tm_font_t font = tm_layout_font(style, &style->inset_title_text);
  double pad = tm_pt(style, 3), title_h = tm_layout_line_height(&font);
  tm_box_t map_box = {box->x + pad, box->y + pad + title_h, box->w - 2 * pad,
                      box->h - 2 * pad - title_h};
  tm_extent_t e = tm_padded_extent(frame, 0.04);
  tm_layout_fit_frame(placed, &e, &map_box);
  placed->clip = (tm_extent_t){box->x, box->y, box->x + box->w, box->y + box->h};

  tm_drawing_begin_group(pg->d, frame->name, "inset", &placed->clip);
  tm_layout_draw_features(pg->d, pg->in, frame, placed);
  tm_drawing_end_group(pg->d);
  tm_paint_t border = {.stroke_on = TRUE, .stroke = style->inset_frame_color,
                       .stroke_width = tm_pt(style, style->inset_frame_width_pt)};
  tm_drawing_add_rect(pg->d, box->x, box->y, box->w, box->h, &border, "inset-frame");
  tm_text_metrics_t m = tm_text_measure(&font, frame->title);
  tm_drawing_add_text(pg->d, frame->title, &font, box->x + pad, box->y + pad + m.ascent,
                      "inset-title");
}

/* Where the mainland, the insets and (when it has a place of its own) the
 * legend go in the body. */
typedef struct {
  gboolean in_row;    /* insets in a row under the mainland, else a column left */
  double side;        /* inset box side */
  double note_w, note_h;
  double scale;       /* mainland page pixels per CRS unit */
  tm_box_t main, insets;
  gboolean legend_placed; /* legend below (row) or right (column); else a corner */
  double legend_x, legend_y;
} tm_arrangement_t;

/* Insets in a row under the mainland; reserve_h is kept free under them. */
static void tm_arrange_row(const tm_page_t *pg, double ew, double eh, guint n_insets,
                           double reserve_h, tm_arrangement_t *a)
{
  const tm_box_t *body = &pg->body;
  *a = (tm_arrangement_t){.in_row = TRUE, .note_w = body->w / 2};
  tm_text_style_t note_style = pg->style->credits_text;
  if (n_insets) {
    a->side = (body->w - (n_insets - 1) * pg->gap) / n_insets;
    a->note_h = tm_page_text_height(pg->style, pg->style->inset_note, &note_style, a->note_w);
  }
  double below = n_insets ? pg->gap + a->side + a->note_h : 0;
  double map_h = body->h - below - reserve_h;
  a->scale = map_h > 0 ? MIN(body->w / ew, map_h / eh) : 0;
  double group_h = eh * a->scale + below + reserve_h;
  double top = body->y + MAX(0, (body->h - group_h) / 2);
  a->main = (tm_box_t){body->x + (body->w - ew * a->scale) / 2, top, ew * a->scale, eh * a->scale};
  a->insets = (tm_box_t){body->x, a->main.y + a->main.h + pg->gap, body->w, n_insets ? a->side : 0};
  a->legend_x = body->x;
  a->legend_y = top + group_h - reserve_h + pg->gap;
}

/* Insets in a column left of the mainland; reserve_w is kept free on the
 * right. */
static void tm_arrange_column(const tm_page_t *pg, double ew, double eh, guint n_insets,
                              double reserve_w, tm_arrangement_t *a)
{
  const tm_box_t *body = &pg->body;
  *a = (tm_arrangement_t){.in_row = FALSE};
  tm_text_style_t note_style = pg->style->credits_text;
  if (n_insets) {
    /* The note's height depends on the column's width, which depends on
     * the note's height: a few rounds settle it. */
    a->side = body->w * 0.22;
    for (int round = 0; round < 3; round++) {
      a->note_h = tm_page_text_height(pg->style, pg->style->inset_note, &note_style, a->side);
      a->side = MIN((body->h - (n_insets - 1) * pg->gap - a->note_h - pg->gap / 2) / n_insets,
                    body->w * 0.22);
    }
    a->note_w = a->side;
  }
  double left = body->x + (n_insets ? a->side + pg->gap : 0);
  double avail_w = body->x + body->w - left - reserve_w;
  a->scale = avail_w > 0 ? MIN(avail_w / ew, body->h / eh) : 0;
  double map_w = ew * a->scale, map_h = eh * a->scale;
  a->main = (tm_box_t){left + (avail_w - map_w) / 2, body->y + (body->h - map_h) / 2, map_w, map_h};
  double col_h = n_insets ? n_insets * a->side + (n_insets - 1) * pg->gap : 0;
  a->insets = (tm_box_t){body->x, body->y + MAX(0, (body->h - col_h - a->note_h) / 2), a->side,
                         col_h};
  a->legend_x = body->x + body->w - reserve_w + pg->gap;
  a->legend_y = body->y;
}

/* The corner of box, inset by pad, where an object of size w x h hides the
 * least of the frame; `avoid` (-1 for none) is a corner already taken. */
static int tm_page_best_corner(const tm_frame_t *frame, const tm_placed_frame_t *placed, double w,
                               double h, double pad, int avoid, const int *order, double *x,
                               double *y)
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
    double cov = tm_layout_coverage(frame, placed, &b);
    if (cov < best_cov - 0.01) {
      best_cov = cov;
      best = corner;
      *x = b.x;
      *y = b.y;
    }
  }
  return best;
}

tm_map_t *tm_layout_map(tm_context_t *ctx, const tm_layout_input_t *in, GError **error)
{
  const tm_style_t *style = in->style;
  const tm_projection_t *proj = in->projection;
  int width, height;
  tm_style_get_page_size(style, &width, &height);
  if (width <= 0 || height <= 0 || width > 30000 || height > 30000) {
    g_set_error(error, TM_ERROR, TM_ERROR_LIMIT,
                "page of %d x %d pixels: expected 1 to 30000 pixels a side", width, height);
    return NULL;
  }
  if (proj->n_frames == 0) {
    g_set_error(error, TM_ERROR, TM_ERROR_ARGUMENT,
                "%s: no feature falls in any map frame; nothing to draw", in->layer->path);
    return NULL;
  }
  tm_map_t *map = g_new0(tm_map_t, 1);
  tm_page_t pg = {.in = in, .style = style};
  pg.d = map->drawing = tm_drawing_new(width, height, style->dpi, &style->background);
  tm_drawing_set_title(pg.d, style->title);
  double margin = style->margin_mm / 25.4 * style->dpi;
  pg.gap = tm_pt(style, 8);
  double content_w = width - 2 * margin;

  tm_drawing_begin_group(pg.d, "title", "title", NULL);
  double y = tm_page_text_block(&pg, style->title, &style->title_text, margin, margin, content_w,
                                "title");
  y = tm_page_text_block(&pg, style->subtitle, &style->subtitle_text, margin, y, content_w,
                         "subtitle");
  tm_drawing_end_group(pg.d);
  double header_bottom = y > margin ? y + pg.gap : margin;

  double credits_h = tm_page_text_height(style, style->credits, &style->credits_text, content_w);
  double footer_top = height - margin - credits_h - (credits_h > 0 ? pg.gap / 2 : 0);
  tm_drawing_begin_group(pg.d, "credits", "credits", NULL);
  tm_page_text_block(&pg, style->credits, &style->credits_text, margin, height - margin - credits_h,
                     content_w, "credits");
  tm_drawing_end_group(pg.d);
  pg.body = (tm_box_t){margin, header_bottom, content_w, footer_top - header_bottom};

  /* The main frame is the first that is not an inset (or the first of all
   * when the layer has only overseas features). */
  guint main_i = 0;
  for (guint i = 0; i < proj->n_frames; i++)
    if (!proj->frames[i].inset) {
      main_i = i;
      break;
    }
  const tm_frame_t *main_frame = &proj->frames[main_i];
  guint n_insets = proj->n_frames - 1;
  map->n_frames = proj->n_frames;
  map->frames = g_new0(tm_placed_frame_t, proj->n_frames);
  for (guint i = 0; i < proj->n_frames; i++) {
    map->frames[i].name = g_strdup(proj->frames[i].name);
    map->frames[i].crs = g_strdup(proj->frames[i].crs);
    map->frames[i].title = g_strdup(proj->frames[i].title);
    map->frames[i].inset = i != main_i;
  }

  tm_extent_t me = tm_padded_extent(main_frame, 0.01);
  double ew = me.x1 - me.x0, eh = me.y1 - me.y0;

  /* Row or column, whichever gives the mainland the larger scale; then a
   * place for the legend: free space under the insets, else an empty
   * corner of the mainland, else space taken from the mainland. */
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
  static const int legend_order[] = {2, 1, 0, 3}, scalebar_order[] = {3, 2, 1, 0};
  double pad = tm_pt(style, 4), lx = 0, ly = 0;
  int legend_corner = -1;
  tm_placed_frame_t *main_placed = &map->frames[main_i];
  double group_h = arr.main.h + (n_insets ? pg.gap + arr.side + arr.note_h : 0);
  if (arr.in_row && pg.body.h - group_h >= lh + pg.gap && lw <= pg.body.w) {
    tm_arrange_row(&pg, ew, eh, n_insets, lh + pg.gap, &arr);
    arr.legend_placed = TRUE;
  } else {
    tm_layout_fit_frame(main_placed, &me, &arr.main);
    legend_corner =
        tm_page_best_corner(main_frame, main_placed, lw, lh, pad, -1, legend_order, &lx, &ly);
    tm_box_t lbox = {lx, ly, lw, lh};
    if (tm_layout_coverage(main_frame, main_placed, &lbox) > 0.03) {
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
    tm_legend_free(legend);
    tm_map_free(map);
    return NULL;
  }
  if (arr.legend_placed) {
    lx = arr.legend_x - tm_legend_get_padding(legend);
    ly = arr.legend_y;
  }

  tm_layout_fit_frame(main_placed, &me, &arr.main);
  tm_drawing_begin_group(pg.d, main_frame->name, "frame", &main_placed->clip);
  tm_layout_draw_features(pg.d, in, main_frame, main_placed);
  tm_drawing_end_group(pg.d);
  guint k = 0;
  for (guint i = 0; i < proj->n_frames; i++) {
    if (i == main_i)
      continue;
    double step = k * (arr.side + pg.gap);
    tm_box_t box = arr.in_row ? (tm_box_t){arr.insets.x + step, arr.insets.y, arr.side, arr.side}
                              : (tm_box_t){arr.insets.x, arr.insets.y + step, arr.side, arr.side};
    tm_page_place_inset(&pg, &proj->frames[i], &map->frames[i], &box);
    k++;
  }
  if (n_insets > 0 && style->inset_note && *style->inset_note) {
    tm_text_style_t note_style = style->credits_text;
    tm_page_text_block(&pg, style->inset_note, &note_style, arr.insets.x,
                       arr.insets.y + arr.insets.h + pg.gap / 2, arr.note_w, "inset-note");
  }
  tm_legend_draw(legend, pg.d, lx, ly);
  tm_legend_free(legend);
  tm_box_t main_box = arr.main;
  tm_scalebar_t bar;
  if (style->scalebar &&
      tm_scalebar_plan(style, main_frame, main_placed, main_box.w * 0.18, &bar)) {
    double sx = 0, sy = 0;
    tm_page_best_corner(main_frame, main_placed, bar.w, bar.h, pad, legend_corner, scalebar_order,
                        &sx, &sy);
    tm_scalebar_draw(style, &bar, pg.d, sx, sy);
  }
  (void)ctx;
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
  tm_drawing_free(map->drawing);
  g_free(map);
}
