#include "font.h"

#include <math.h>

static GMutex tm_pango_mutex;

void tm_pango_lock(void) {
  g_mutex_lock(&tm_pango_mutex);
}

void tm_pango_unlock(void) {
  g_mutex_unlock(&tm_pango_mutex);
}

/* Made once and kept for the process's life. */
PangoFontMap *tm_pango_font_map(void) {
  static gsize map;
  if (g_once_init_enter(&map))
    g_once_init_leave(&map, (gsize)pango_cairo_font_map_new());
  return (PangoFontMap *)map;
}

void tm_pango_context_configure(PangoContext *ctx) {
  cairo_font_options_t *options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(ctx, options);
  cairo_font_options_destroy(options);
  pango_cairo_context_set_resolution(ctx, 72.0);
  /* Pango rounds positions to whole pixels by default; measuring then
   * depends on the device scale, which differs between PNG and PDF. */
  pango_context_set_round_glyph_positions(ctx, FALSE);
}

static PangoFontDescription *tm_font_description_new(const tm_font_t *font) {
  PangoFontDescription *desc = pango_font_description_new();
  /* The same default as tm_drawing_add_text, so that layout measuring a
   * font without a family measures what will be drawn. */
  pango_font_description_set_family(desc, font->family && *font->family ? font->family : "Lato");
  double size = font->size;
  if (!isfinite(size) || size < 0.0)
    size = 0.0;
  if (size > 10000.0) /* keeps size * PANGO_SCALE inside an int */
    size = 10000.0;
  pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
  pango_font_description_set_weight(desc, font->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(desc, font->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  return desc;
}

void tm_pango_layout_set(PangoLayout *layout, const tm_font_t *font, const char *text) {
  PangoFontDescription *desc = tm_font_description_new(font);
  pango_layout_set_font_description(layout, desc);
  pango_font_description_free(desc);
  /* Labels are one line: a newline in a name must not make a second one. */
  pango_layout_set_single_paragraph_mode(layout, TRUE);
  if (text == NULL)
    text = "";
  if (g_utf8_validate(text, -1, NULL)) {
    pango_layout_set_text(layout, text, -1);
  } else {
    char *valid = g_utf8_make_valid(text, -1);
    pango_layout_set_text(layout, valid, -1);
    g_free(valid);
  }
}
