/* Blocks of wrapped text on the page (title, credits, notes). */
#include "layout_private.h"

double tm_page_text_block(tm_page_t *pg, const char *text, const tm_text_style_t *ts, double x,
                          double y, double max_w, const char *css_class)
{
  if (!text || !*text)
    return y;
  tm_font_t font = tm_layout_font(pg->style, ts);
  char **lines = tm_layout_wrap(&font, text, max_w);
  double lh = tm_layout_line_height(&font), top = y, widest = 0;
  for (char **l = lines; *l; l++) {
    tm_text_metrics_t m = tm_text_measure(&font, *l);
    tm_drawing_add_text(pg->d, *l, &font, x, y + m.ascent, css_class);
    widest = MAX(widest, m.width);
    y += lh;
  }
  g_strfreev(lines);
  tm_page_add_obstacle(pg, x, top, widest, y - top);
  return y;
}

double tm_page_text_height(const tm_style_t *style, const char *text, const tm_text_style_t *ts,
                           double max_w)
{
  if (!text || !*text)
    return 0;
  tm_font_t font = tm_layout_font(style, ts);
  char **lines = tm_layout_wrap(&font, text, max_w);
  double h = g_strv_length(lines) * tm_layout_line_height(&font);
  g_strfreev(lines);
  return h;
}

void tm_page_add_obstacle(tm_page_t *pg, double x, double y, double w, double h)
{
  tm_extent_t e = {x, y, x + w, y + h};
  g_array_append_val(pg->obstacles, e);
}
