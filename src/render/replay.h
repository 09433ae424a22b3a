/* Private to the render stage: replays a drawing on any cairo context. */
#ifndef TM_RENDER_REPLAY_H
#define TM_RENDER_REPLAY_H

#include <cairo.h>
#include "terrimap/drawing.h"

/* Draws every op of d on cr in page pixels under cr's current transform.
 * Errors stay in cr (cairo's sticky status); the caller checks once. */
void tm_render_drawing_cairo(cairo_t *cr, const tm_drawing_t *d);

#endif
