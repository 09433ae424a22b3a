/* Where the main frame, the insets and the legend go in the page body. */
#ifndef TM_LAYOUT_ARRANGE_H
#define TM_LAYOUT_ARRANGE_H

#include "layout_private.h"

typedef struct {
  gboolean in_row;        /* insets in a row under the mainland, else a column left */
  double side;            /* inset box side */
  double note_w, note_h;  /* the inset note under the insets */
  double scale;           /* main frame page pixels per CRS unit */
  tm_box_t main, insets;
  gboolean legend_placed; /* legend below (row) or right (column); else a corner */
  double legend_x, legend_y;
} tm_arrangement_t;

/* Insets (n_insets, maybe 0) in a row under the main frame of extent size
 * ew x eh; reserve_h is kept free under them for the legend. */
void tm_arrange_row(const tm_page_t *pg, double ew, double eh, guint n_insets, double reserve_h,
                    tm_arrangement_t *a);
/* Insets in a column left of the main frame; reserve_w kept free on the right. */
void tm_arrange_column(const tm_page_t *pg, double ew, double eh, guint n_insets,
                       double reserve_w, tm_arrangement_t *a);

#endif
