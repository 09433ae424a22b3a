/* Private to the write stage: the text encodings the SVG writer needs. */
#ifndef TM_WRITE_SVG_TEXT_H
#define TM_WRITE_SVG_TEXT_H

#include <glib.h>

/* Appends v rounded to 2 decimals, trailing zeros dropped ("12.5", "-3",
 * "0").  Independent of the locale: never a decimal comma. */
void tm_svg_append_number(GString *s, double v);
/* The same for a value already in hundredths. */
void tm_svg_append_hundredths(GString *s, gint64 n);
/* v in hundredths, clamped so that any finite double converts safely. */
gint64 tm_svg_to_hundredths(double v);

/* Appends text escaped for XML content or a double-quoted attribute.
 * Invalid UTF-8 is repaired and characters XML 1.0 forbids (C0 controls,
 * U+FFFE, U+FFFF) become spaces, so the document always parses. */
void tm_svg_append_escaped(GString *s, const char *text);

#endif
