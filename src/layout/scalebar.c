/* Scale bar: a round length in km that matches the frame's true scale at
 * its centre (the projection's scale factor there is taken into account). */
#include <math.h>
#include "layout_private.h"

static double tm_round_length(double max_km)
{
  double p = pow(10, floor(log10(max_km)));
  const double steps[] = {5, 2, 1};
  for (int i = 0; i < 3; i++)
    if (steps[i] * p <= max_km)
      return steps[i] * p;
  return p;
}

gboolean tm_scalebar_plan(const tm_style_t *style, const tm_frame_t *frame,
                          const tm_placed_frame_t *placed, double max_px, tm_scalebar_t *out)
{
  double px_per_m = placed->transform[0] / frame->scale_factor; /* page px per ground metre */
  if (!(px_per_m > 0) || !isfinite(px_per_m))
    return FALSE;
  double km = tm_round_length(max_px / px_per_m / 1000.0);
  out->km = km;
  out->bar_px = km * 1000.0 * px_per_m;
  tm_font_t font = tm_layout_font(style, &style->scalebar_text);
  char *label = g_strdup_printf("%g km", km);
  tm_text_metrics_t m = tm_text_measure(&font, label);
  g_free(label);
  out->w = MAX(out->bar_px, m.width) + tm_pt(style, 2);
  out->h = m.ascent + m.descent + tm_pt(style, 6);
  return TRUE;
}

void tm_scalebar_draw(const tm_style_t *style, const tm_scalebar_t *bar, tm_drawing_t *d,
                      double x, double y)
{
  tm_font_t font = tm_layout_font(style, &style->scalebar_text);
  char *label = g_strdup_printf("%g km", bar->km);
  tm_text_metrics_t m = tm_text_measure(&font, label);
  tm_drawing_begin_group(d, "scalebar", "scalebar", NULL);
  double base = y + bar->h - tm_pt(style, 1.5);
  double tick = tm_pt(style, 3), width = tm_pt(style, 0.75);
  tm_rgba_t c = style->scalebar_text.color;
  tm_drawing_add_line(d, x, base, x + bar->bar_px, base, &c, width, NULL);
  tm_drawing_add_line(d, x, base, x, base - tick, &c, width, NULL);
  tm_drawing_add_line(d, x + bar->bar_px, base, x + bar->bar_px, base - tick, &c, width, NULL);
  tm_drawing_add_text(d, label, &font, x + (bar->bar_px - m.width) / 2, base - tick - m.descent,
                      NULL);
  tm_drawing_end_group(d);
  g_free(label);
}
