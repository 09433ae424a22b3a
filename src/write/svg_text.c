#include "svg_text.h"

#include <math.h>

gint64 tm_svg_to_hundredths(double v) {
  if (!isfinite(v))
    return 0;
  /* 1e13 pixels is far beyond any page and keeps v * 100 in an int64. */
  v = CLAMP(v, -1e13, 1e13);
  return (gint64)llround(v * 100.0);
}

void tm_svg_append_hundredths(GString *s, gint64 n) {
  if (n < 0) {
    g_string_append_c(s, '-');
    n = -n;
  }
  /* Digits by hand: printf's format parsing was a quarter of an SVG's
   * writing time (bench/results/profile.md). */
  char digits[24];
  int len = 0;
  gint64 whole = n / 100;
  do {
    digits[len++] = (char)('0' + whole % 10);
    whole /= 10;
  } while (whole > 0 && len < (int)sizeof digits);
  while (len > 0)
    g_string_append_c(s, digits[--len]);
  int frac = (int)(n % 100);
  if (frac != 0) {
    g_string_append_c(s, '.');
    g_string_append_c(s, (char)('0' + frac / 10));
    if (frac % 10 != 0)
      g_string_append_c(s, (char)('0' + frac % 10));
  }
}

void tm_svg_append_number(GString *s, double v) {
  tm_svg_append_hundredths(s, tm_svg_to_hundredths(v));
}

static void tm_svg_append_escaped_valid(GString *s, const char *text) {
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    switch (c) {
    case '&': g_string_append(s, "&amp;"); break;
    case '<': g_string_append(s, "&lt;"); break;
    case '>': g_string_append(s, "&gt;"); break;
    case '"': g_string_append(s, "&quot;"); break;
    case '\'': g_string_append(s, "&apos;"); break;
    default:
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
        g_string_append_c(s, ' ');
      else
        g_string_append_len(s, p, g_utf8_next_char(p) - p);
    }
  }
}

void tm_svg_append_escaped(GString *s, const char *text) {
  if (text == NULL)
    return;
  if (g_utf8_validate(text, -1, NULL)) {
    tm_svg_append_escaped_valid(s, text);
  } else {
    char *valid = g_utf8_make_valid(text, -1);
    tm_svg_append_escaped_valid(s, valid);
    g_free(valid);
  }
}
