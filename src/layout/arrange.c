/* Arrangements of the body: the mainland with its insets in a row under it
 * or in a column beside it, the group centred, and room for the legend when
 * it needs its own. */
#include "arrange.h"

/* Insets in a row under the mainland; reserve_h is kept free under them. */
void tm_arrange_row(const tm_page_t *pg, double ew, double eh, guint n_insets,
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
void tm_arrange_column(const tm_page_t *pg, double ew, double eh, guint n_insets,
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

