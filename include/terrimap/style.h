/* Style stage: a style file (GLib key file in styles/) -> tm_style_t.
 *
 * A style is plain data.  tm_style_load() starts from the built-in defaults
 * (styles/default.ini compiled in) and applies the file over them, so a
 * style names only what it changes.  Unknown groups or keys, bad colours and
 * absurd sizes are errors naming file:line. */
#ifndef TERRIMAP_STYLE_H
#define TERRIMAP_STYLE_H

#include "terrimap/core.h"

G_BEGIN_DECLS

typedef struct {
  char *family;   /* e.g. "Lato" */
  double size_pt; /* points */
  gboolean bold, italic;
  tm_rgba_t color;
} tm_text_style_t;

/* Where the features of one frame come from and how it is projected. */
typedef struct {
  char *name;           /* "metropole", "guadeloupe", ... */
  char *title;          /* shown on insets: "Guadeloupe" */
  char *crs;            /* "EPSG:2154" */
  tm_extent_t select;   /* lon/lat box: a feature belongs to the first frame
                           whose box holds its representative point */
  gboolean inset;       /* FALSE for the main frame */
} tm_frame_spec_t;

/* What --labels names: per feature, per territory (category), or
 * automatically (territories on a categorical map, except when the extent is
 * one category: then its member features). */
typedef enum { TM_LABELS_AUTO, TM_LABELS_FEATURE, TM_LABELS_TERRITORY } tm_label_level_t;

/* An extra layer drawn over the choropleth ([overlay NAME] groups). */
typedef struct {
  char *name;           /* "departements" */
  char *layer;          /* shapefile, relative to the data directory */
  char *key;            /* optional field carried as SVG data-key */
  tm_rgba_t stroke;
  double stroke_width_pt;
  tm_rgba_t fill;       /* "none" (alpha 0) by default */
} tm_overlay_spec_t;

typedef struct {
  char *path; /* NULL for the built-in defaults */

  /* [page] */
  char *paper;          /* "A4", "A3" */
  gboolean landscape;
  double dpi;
  int width_px, height_px; /* 0: from paper and dpi */
  double margin_mm;
  tm_rgba_t background;

  /* [text] */
  char *title, *subtitle, *credits; /* credits may hold "{year}", replaced by the year at load time */
  char *legend_title;
  tm_text_style_t title_text, subtitle_text, legend_title_text, legend_text,
      credits_text, inset_title_text, scalebar_text;

  /* [data]: paths relative to the data directory unless absolute */
  char *layer, *key, *join, *join_key, *category;
  char *category_label;     /* column naming each category (NULL: the value) */
  char *nature_column;      /* column saying what each member is (EPCI, EPT, COM);
                               NULL: "nature" */
  char *encoding, *src_crs; /* NULL unless set */
  char *value;              /* graduated map: numeric column or field (NULL: none) */
  char *compare, *compare_key; /* previous membership list and its key column */
  char *labels;             /* column or field whose text labels features/territories */
  char *extent;             /* "region:84", "departement:77", "category:ti-1103",
                               "bbox:x0,y0,x1,y1[,CRS]" or NULL (all) */

  /* [classes] graduated maps */
  char *classes;            /* "quantile", "equal", "ckmeans", "manual:B1,B2,..." */
  guint n_classes;          /* 2..12 */
  char *scheme;             /* ColorBrewer scheme name */
  gboolean french_numbers;
  int decimals;             /* -1: automatic */

  /* [compare] */
  tm_rgba_t kept_fill, entering_fill, leaving_fill, never_fill;
  char *kept_label, *entering_label, *leaving_label, *never_label;

  /* [membership] */
  tm_rgba_t member_fill, other_fill;
  char *member_label, *other_label;

  /* [categories] */
  tm_rgba_t *palette;
  guint n_palette;
  tm_rgba_t no_data_fill;
  char *no_data_label;
  gboolean adjacent_colours; /* [categories] colouring=adjacency: neighbours never share a fill */

  /* [territories]: outlines of the dissolved categories over the features */
  gboolean outlines;
  tm_rgba_t outline_color;
  double outline_width_pt;

  /* [labels] */
  tm_text_style_t label_text; /* family from [text] font */
  tm_rgba_t halo_color;
  double halo_width_pt;
  guint max_label_lines;      /* 1 to 3 */
  tm_label_level_t label_level;

  /* [context]: features outside the extent */
  tm_rgba_t context_fill, context_stroke;

  /* [extent]: where region and département extents come from */
  char *extent_layer;         /* départements shapefile */
  char *extent_departement_key, *extent_region_key;
  char *extent_name_field;    /* names of départements and régions (batch titles) */
  char *extent_regions_layer; /* régions shapefile, for région names */

  /* [features] */
  tm_rgba_t stroke;
  double stroke_width_pt;

  /* [insets] */
  tm_rgba_t inset_frame_color;
  double inset_frame_width_pt;
  char *inset_note; /* e.g. "Départements et régions d'outre-mer : échelles différentes" */
  gboolean inset_circles; /* [insets] shape=circle (ANCT) rather than box */

  /* [scalebar] */
  gboolean scalebar;
  /* [northarrow] */
  gboolean north_arrow;

  /* [legend] */
  gboolean legend_counts; /* show "(N)" after each label */
  /* auto: under the insets when there is room, else the emptiest corner */
  enum { TM_LEGEND_AUTO, TM_LEGEND_TOP_LEFT, TM_LEGEND_TOP_RIGHT, TM_LEGEND_BOTTOM_LEFT,
         TM_LEGEND_BOTTOM_RIGHT } legend_position;

  /* [batch]: templates for atlas maps, with {kind}, {code}, {name} (NULL: defaults) */
  char *batch_title, *batch_subtitle, *batch_name;

  /* [frame NAME] groups, in file order; the first non-inset is the main frame */
  guint n_frames;
  tm_frame_spec_t *frames;

  /* [overlay NAME] groups, in file order (drawn in that order) */
  guint n_overlays;
  tm_overlay_spec_t *overlays;
} tm_style_t;

/* path NULL: the built-in defaults alone. */
tm_style_t *tm_style_load(const char *path, GError **error);
void tm_style_free(tm_style_t *style);

/* Replaces *field with a copy of value (command-line overrides). */
void tm_style_set_string(char **field, const char *value);

/* Appends an overlay (command-line --overlay); strings are copied. */
void tm_style_add_overlay(tm_style_t *style, const tm_overlay_spec_t *overlay);

/* Page size in pixels from paper, orientation and dpi (or width/height_px). */
void tm_style_get_page_size(const tm_style_t *style, int *width_px, int *height_px);

G_END_DECLS

#endif
