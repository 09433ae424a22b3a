/* Private to the render stage: replays a drawing on any cairo context. */
#ifndef TM_RENDER_REPLAY_H
#define TM_RENDER_REPLAY_H

#include <cairo.h>
#include "terrimap/drawing.h"

/* Draws every op of d on cr in page pixels under cr's current transform.
 * Errors stay in cr (cairo's sticky status); the caller checks once. */
void tm_render_drawing_cairo(cairo_t *cr, const tm_drawing_t *d);

/* The page pixels op i of d can touch (groups: all; text: all columns). */
void tm_render_op_boxes(const tm_drawing_t *d, tm_extent_t *box);

/* The same as tm_render_drawing_cairo for the rows of a band, with the ops'
 * boxes (tm_render_op_boxes): an op that misses page rows [y0, y1], or a
 * path that misses the current clip, is passed over. */
void tm_render_drawing_rows(cairo_t *cr, const tm_drawing_t *d, const tm_extent_t *box,
                            double y0, double y1);

#endif
