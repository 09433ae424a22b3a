/* How the map itself is dressed: category colouring, territory outlines,
 * labels, inset shape and the north arrow. */
#include "style_private.h"

/* Label text larger than this would cover a région. */
#define TM_STYLE_MAX_LABEL_PT 72.0
#define TM_STYLE_MAX_HALO_PT 20.0
#define TM_STYLE_MAX_LINE_PT 50.0

static gboolean read_labels(const tm_style_reader_t *r, tm_style_t *s, GError **error)
{
  /* [text] font was checked (non-empty) by tm_style_read_text. */
  char *font = NULL;
  if (!tm_style_read_string(r, "text", "font", FALSE, &font, error))
    return FALSE;
  g_free(s->label_text.family);
  s->label_text.family = font;
  s->label_text.italic = FALSE;
  static const char *const levels[] = {"auto", "feature", "territory", NULL};
  int max_lines = 0, level = 0;
  gboolean ok =
      tm_style_read_choice(r, "labels", "level", levels, &level, error) &&
      tm_style_read_size(r, "labels", "size", TM_STYLE_MAX_LABEL_PT, &s->label_text.size_pt,
                         error) &&
      tm_style_read_color(r, "labels", "color", &s->label_text.color, error) &&
      tm_style_read_bool(r, "labels", "bold", TRUE, &s->label_text.bold, error) &&
      tm_style_read_color(r, "labels", "halo_color", &s->halo_color, error) &&
      tm_style_read_double(r, "labels", "halo_width", 0, TM_STYLE_MAX_HALO_PT, &s->halo_width_pt,
                           error) &&
      tm_style_read_int(r, "labels", "max_lines", 1, 3, &max_lines, error);
  if (ok) {
    s->max_label_lines = (guint)max_lines;
    s->label_level = (tm_label_level_t)level;
  }
  return ok;
}

gboolean tm_style_read_map(const tm_style_reader_t *r, tm_style_t *s, GError **error)
{
  static const char *const colourings[] = {"palette", "adjacency", NULL};
  static const char *const shapes[] = {"box", "circle", NULL};
  int colouring = 0, shape = 0;
  gboolean ok =
      tm_style_read_choice(r, "categories", "colouring", colourings, &colouring, error) &&
      tm_style_read_bool(r, "territories", "outlines", FALSE, &s->outlines, error) &&
      tm_style_read_color(r, "territories", "outline_color", &s->outline_color, error) &&
      tm_style_read_double(r, "territories", "outline_width", 0, TM_STYLE_MAX_LINE_PT,
                           &s->outline_width_pt, error) &&
      read_labels(r, s, error) &&
      tm_style_read_choice(r, "insets", "shape", shapes, &shape, error) &&
      tm_style_read_bool(r, "northarrow", "show", FALSE, &s->north_arrow, error);
  if (ok) {
    s->adjacent_colours = colouring == 1;
    s->inset_circles = shape == 1;
  }
  return ok;
}
