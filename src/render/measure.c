#include <pango/pangocairo.h>

#include "terrimap/render.h"
#include "font.h"

/* One layout per thread (it holds its Pango context), on the shared font
 * map, used under the Pango lock: layout measures labels from worker
 * threads in batch mode. */
static GPrivate tm_measure_layout = G_PRIVATE_INIT(g_object_unref);

static PangoLayout *tm_measure_get_layout(void) {
  PangoLayout *layout = g_private_get(&tm_measure_layout);
  if (layout == NULL) {
    PangoContext *ctx = pango_font_map_create_context(tm_pango_font_map());
    tm_pango_context_configure(ctx);
    layout = pango_layout_new(ctx);
    g_object_unref(ctx);
    g_private_set(&tm_measure_layout, layout);
  }
  return layout;
}

tm_text_metrics_t tm_text_measure(const tm_font_t *font, const char *text) {
  tm_text_metrics_t m = {0.0, 0.0, 0.0};
  g_return_val_if_fail(font != NULL, m);
  tm_pango_lock();
  PangoLayout *layout = tm_measure_get_layout();
  tm_pango_layout_set(layout, font, text);
  PangoRectangle logical;
  pango_layout_get_extents(layout, NULL, &logical);
  double baseline = (double)pango_layout_get_baseline(layout) / PANGO_SCALE;
  tm_pango_unlock();
  m.width = (double)logical.width / PANGO_SCALE;
  m.ascent = baseline - (double)logical.y / PANGO_SCALE;
  m.descent = (double)(logical.y + logical.height) / PANGO_SCALE - baseline;
  return m;
}
