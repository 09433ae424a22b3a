/* Page size in pixels: ISO 216 A sizes (and US letter) at the style's DPI. */
#include <math.h>

#include "style_private.h"

typedef struct {
  const char *name;
  double width_mm, height_mm; /* portrait */
} tm_paper_t;

static const tm_paper_t papers[] = {
    {"A0", 841, 1189}, {"A1", 594, 841}, {"A2", 420, 594},       {"A3", 297, 420},
    {"A4", 210, 297},  {"A5", 148, 210}, {"letter", 215.9, 279.4},
};

void tm_style_get_page_size(const tm_style_t *style, int *width_px, int *height_px)
{
  g_return_if_fail(style != NULL && width_px != NULL && height_px != NULL);
  if (style->width_px > 0 && style->height_px > 0) {
    *width_px = style->width_px;
    *height_px = style->height_px;
    return;
  }
  /* A4 when the paper is unknown (a style built by hand): the loader
   * accepts only the sizes above. */
  const tm_paper_t *paper = &papers[4];
  for (gsize i = 0; style->paper != NULL && i < G_N_ELEMENTS(papers); i++)
    if (g_ascii_strcasecmp(style->paper, papers[i].name) == 0)
      paper = &papers[i];
  double dpi = style->dpi > 0 ? style->dpi : 300;
  int w = (int)lround(paper->width_mm / 25.4 * dpi);
  int h = (int)lround(paper->height_mm / 25.4 * dpi);
  *width_px = style->landscape ? h : w;
  *height_px = style->landscape ? w : h;
}
