/* Text helpers: fonts from style text settings, line heights, word wrap. */
#include <string.h>
#include "layout_private.h"

tm_font_t tm_layout_font(const tm_style_t *style, const tm_text_style_t *text)
{
  tm_font_t font = {0};
  font.family = text->family ? text->family : "Lato";
  font.size = tm_pt(style, text->size_pt);
  font.bold = text->bold;
  font.italic = text->italic;
  font.color = text->color;
  return font;
}

double tm_layout_line_height(const tm_font_t *font)
{
  tm_text_metrics_t m = tm_text_measure(font, "ÉÎg");
  return (m.ascent + m.descent) * 1.1;
}

char **tm_layout_wrap(const tm_font_t *font, const char *text, double max_width)
{
  GPtrArray *lines = g_ptr_array_new();
  char **words = g_strsplit(text ? text : "", " ", -1);
  GString *line = g_string_new(NULL);
  for (char **w = words; *w; w++) {
    if (!**w)
      continue;
    if (line->len == 0) {
      g_string_assign(line, *w);
      continue;
    }
    char *candidate = g_strconcat(line->str, " ", *w, NULL);
    if (tm_text_measure(font, candidate).width <= max_width) {
      g_string_assign(line, candidate);
    } else {
      g_ptr_array_add(lines, g_strdup(line->str));
      g_string_assign(line, *w);
    }
    g_free(candidate);
  }
  if (line->len)
    g_ptr_array_add(lines, g_strdup(line->str));
  g_string_free(line, TRUE);
  g_strfreev(words);
  g_ptr_array_add(lines, NULL);
  return (char **)g_ptr_array_free(lines, FALSE);
}

char *tm_layout_ellipsize(const tm_font_t *font, const char *text, double max_width)
{
  if (tm_text_measure(font, text).width <= max_width)
    return g_strdup(text);
  /* Drop whole characters from the end until "text…" fits. */
  glong n = g_utf8_strlen(text, -1);
  while (n > 1) {
    n--;
    char *head = g_utf8_substring(text, 0, n);
    char *candidate = g_strconcat(g_strchomp(head), "…", NULL);
    g_free(head);
    if (tm_text_measure(font, candidate).width <= max_width)
      return candidate;
    g_free(candidate);
  }
  return g_strdup("…");
}
