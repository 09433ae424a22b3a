/* Private to the render stage: replays a drawing on any cairo context. */
#ifndef TM_RENDER_REPLAY_H
#define TM_RENDER_REPLAY_H

#include <cairo.h>
#include "terrimap/drawing.h"

/* Draws every op of d on cr in page pixels under cr's current transform.
 * Errors stay in cr (cairo's sticky status); the caller checks once. */
void tm_render_drawing_cairo(cairo_t *cr, const tm_drawing_t *d);

/* Page rows [y0[i], y1[i]] that op i of d can touch (groups: all). */
void tm_render_op_rows(const tm_drawing_t *d, double *y0, double *y1);

/* The same as tm_render_drawing_cairo, skipping the ops whose rows (from
 * tm_render_op_rows, NULL for none) miss page rows [y0, y1]. */
void tm_render_drawing_rows(cairo_t *cr, const tm_drawing_t *d, const double *op_y0,
                            const double *op_y1, double y0, double y1);

#endif
