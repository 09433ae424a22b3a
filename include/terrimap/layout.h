/* Layout stage: places the title, the map frames, the DROM insets, the
 * legend, the scale bar and the credits on the page, and produces the
 * drawing that the backends replay.  Text is measured through render's
 * tm_text_measure so that boxes fit the text that will be drawn. */
#ifndef TERRIMAP_LAYOUT_H
#define TERRIMAP_LAYOUT_H

#include "terrimap/core.h"
#include "terrimap/drawing.h"
#include "terrimap/classify.h"
#include "terrimap/project.h"
#include "terrimap/read.h"
#include "terrimap/style.h"

G_BEGIN_DECLS

/* Where a frame landed on the page: px = a*x + b*y + c, py = d*x + e*y + f
 * maps frame CRS coordinates (x = easting, y = northing) to page pixels. */
typedef struct {
  char *name, *crs, *title;
  gboolean inset;
  double transform[6]; /* a, b, c, d, e, f */
  tm_extent_t clip;    /* pixel rectangle */
} tm_placed_frame_t;

/* A label as placed, in page pixels (for the metadata sidecar). */
typedef struct {
  char *text, *value;
  double anchor[2];
  tm_extent_t bbox;
} tm_map_label_t;

typedef struct {
  tm_drawing_t *drawing;
  guint n_frames;
  tm_placed_frame_t *frames;
  guint n_labels;
  tm_map_label_t *labels;
  guint n_dropped_labels;     /* labels that could not be placed without overlap */
} tm_map_t;

/* An extra layer stroked over the map. */
typedef struct {
  const tm_overlay_spec_t *spec;
  const tm_layer_t *layer;
  const tm_projection_t *projection; /* same frame names as the map's */
} tm_layout_overlay_t;

typedef struct {
  const tm_layer_t *layer;       /* for feature keys */
  gint key_field;                /* layer field holding the key, -1 for none */
  const tm_projection_t *projection;
  const tm_symbology_t *symbology;
  const tm_style_t *style;       /* title, subtitle, credits already final */
  const tm_focus_t *focus;       /* NULL: the whole layer, with insets */
  const tm_layout_overlay_t *overlays;
  guint n_overlays;
  /* Dissolved categories: frames named like the map's, one feature per
   * category, frame->features[i] = the category's class index.  NULL: no
   * outlines and no category labels. */
  const tm_projection_t *territories;
  /* Label text per class (category maps: one label per territory) or per
   * layer feature; NULL entries are not labelled; both NULL: no labels. */
  const char *const *class_labels;
  const char *const *feature_labels;
  /* Per-map texts (batch: "Territoires d'industrie — Bretagne"); NULL: the style's. */
  const char *title, *subtitle;
  /* One legend line for all categories (their colours only tell neighbours apart). */
  gboolean summarise_categories;
  /* The same as projection when this map is its last user: each frame's
   * points are freed as soon as simplified, before the display list grows
   * (a third of a commune map's peak), unless feature labels need them;
   * NULL to leave the projection whole (a batch's maps share it). */
  tm_projection_t *release_points;
} tm_layout_input_t;

tm_map_t *tm_layout_map(tm_context_t *ctx, const tm_layout_input_t *input, GError **error);
void tm_map_free(tm_map_t *map);

G_END_DECLS

#endif
