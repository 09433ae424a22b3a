/* Label placement for the layout stage (private to src/layout/).
 *
 * Labels are placed greedily, largest territory first, each at the first of
 * several candidate positions whose box neither overlaps an obstacle (legend,
 * title, scale bar, inset boxes…) nor a label already placed: a label that
 * cannot be placed is dropped and counted, never drawn overlapping. */
#ifndef TM_LAYOUT_LABELS_H
#define TM_LAYOUT_LABELS_H

#include "terrimap/core.h"
#include "terrimap/drawing.h"

G_BEGIN_DECLS

typedef struct {
  const char *text;  /* UTF-8 label text, e.g. "Grand Paris Sud-Seine-Essonne-Sénart" */
  const char *value; /* category value or feature key, for the sidecar; may be NULL */
  double x, y;       /* anchor, page pixels (pole of inaccessibility of the territory) */
  double radius;     /* radius in pixels of the largest circle inside the territory at
                      * the anchor (0 if unknown) */
  double priority;   /* larger first (e.g. territory area) */
} tm_label_request_t;

typedef struct {
  char *text, *value; /* owned copies (value NULL when the request had none) */
  double anchor_x, anchor_y;
  guint n_lines;
  char **lines;     /* NULL-terminated, the text as set (1 to max_lines lines) */
  double x, y;      /* top-left of the text block */
  tm_extent_t bbox; /* text block including the halo, page pixels */
} tm_placed_label_t;

typedef struct {
  GArray *placed;  /* tm_placed_label_t, in placement order */
  guint n_dropped; /* requests that could not be placed without overlap */
} tm_label_set_t;

/* Greedy placement by priority: requests in decreasing priority (ties: input
 * order; NaN counts as lowest).  Each request tries its text settings in turn
 * — the preferred one first: one line when the text width is at most
 * 2.5 × radius or the radius is unknown (<= 0), else the fewest lines (up to
 * max_lines, clamped to 1..4) whose width is at most 2.5 × radius, else the
 * most lines; then the other line counts in increasing order.  A wrap breaks
 * at a space or after a hyphen or the dash of " – ", nearest the middle of
 * the text (for two lines, the narrower of the two splits nearest the middle).
 * For each setting the positions are: centred on the anchor, then shifted
 * right, left, above, below and diagonally by 0.5 then 1 line height.
 * The first box (text block grown by font->halo_width) that lies inside bounds
 * (nullable: no limit) and intersects no obstacle and no placed label wins.
 * Boxes may touch but not overlap.  Line height: (ascent + descent) × 1.05.
 * Requests without visible text, with invalid UTF-8 or with a non-finite
 * anchor are dropped and counted; empty or non-finite obstacles are ignored.
 * Deterministic.  Returns an owned set (tm_label_set_free). */
tm_label_set_t *tm_labels_place(const tm_label_request_t *requests, guint n,
                                const tm_font_t *font, guint max_lines,
                                const tm_extent_t *obstacles, guint n_obstacles,
                                const tm_extent_t *bounds);

/* Adds, inside a group id="labels", one text op per line (css class "label")
 * with the font as given (the caller sets halo_width/halo_color), each line
 * centred in its block.  Adds nothing when no label was placed. */
void tm_labels_draw(const tm_label_set_t *set, tm_drawing_t *d, const tm_font_t *font);

void tm_label_set_free(tm_label_set_t *set);

G_END_DECLS

#endif
