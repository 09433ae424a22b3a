/* Private to the render stage: the one place that turns a tm_font_t into
 * Pango settings, shared by drawing (replay.c) and measuring (measure.c) so
 * that a measured width is the drawn width. */
#ifndef TM_RENDER_FONT_H
#define TM_RENDER_FONT_H

#include <pango/pangocairo.h>
#include "terrimap/drawing.h"

/* Unhinted metrics, unrounded glyph positions and 72 units per inch, so
 * that sizes are in user units and widths scale linearly (PNG at any dpi,
 * PDF scaled by 72/dpi). */
void tm_pango_context_configure(PangoContext *ctx);

/* All threads share one font map, so that fontconfig matches each font
 * once per process rather than once per thread that draws or measures
 * text; every use of Pango holds this lock (Pango's objects are not
 * thread-safe).  Text is a small part of a map. */
PangoFontMap *tm_pango_font_map(void);
void tm_pango_lock(void);
void tm_pango_unlock(void);

/* Sets font and text of a layout; invalid UTF-8 is repaired rather than
 * handed to Pango, which would warn and drop it. */
void tm_pango_layout_set(PangoLayout *layout, const tm_font_t *font, const char *text);

#endif
